//! Document-level rules on texts written for these tests, through the vendored model: each
//! test's text makes the small model produce the failure its rule fixes (checked in raw mode),
//! and the grouped output must be fixed.
//!
//! Run with `cargo test -p quoth --test entities_context`.

use quoth::entities::{group_entities, Entities, GroupOptions};
use quoth::nlp::{EntitySpan, Pipeline};

/// (mention text, label, entity name) of every mention, in text order.
fn mentions(text: &str, raw: bool) -> Vec<(String, String, String)> {
    let nlp = Pipeline::load_default().expect("load the vendored model");
    let doc = nlp.analyze(text);
    let ents: Entities = group_entities(
        &doc,
        &GroupOptions {
            raw,
            ..GroupOptions::default()
        },
    );
    ents.mentions
        .iter()
        .map(|m| {
            (
                text[m.start..m.end].to_string(),
                m.label.to_string(),
                ents.entities[m.entity].name.clone(),
            )
        })
        .collect()
}

fn has(ms: &[(String, String, String)], text: &str, label: &str) -> bool {
    ms.iter().any(|m| m.0 == text && m.1 == label)
}

const STORY: &str = "SEOUL — North Korean leader Kim Jong Un will meet President Donald Trump in \
Hanoi next week, the South Korean newspaper Munhwa Ilbo reported on Monday. Kim's top aide, Kim \
Yong Chol, visited Washington last month and met Secretary of State Michael Pompeo. Inspectors \
want access to the Yongbyon nuclear processing site before a Trump-Kim summit can produce a deal, \
said Victor Cha, a former official now at the Center for Strategic and International Studies, a \
Washington think tank. Kim has said he wants sanctions relief. \"Kim is unlikely to give up \
everything at once,\" Cha said. Bloomberg’s Jon Herskovitz contributed reporting. The \
Israeli-controlled crossing stayed shut, and a UN-sponsored meeting in Geneva was postponed. \
South Korean President Moon Jae-in welcomed the talks. Kim will travel by train, officials said, \
and Kim may stop in Beijing.";

#[test]
fn hyphens_extend_only_korean_given_names() {
    let raw = mentions(STORY, true);
    assert!(has(&raw, "Moon Jae", "PERSON"), "{raw:?}");
    let got = mentions(STORY, false);
    assert!(has(&got, "Moon Jae-in", "PERSON"), "{got:?}");
    assert!(has(&got, "Israeli", "NORP"), "{got:?}");
    assert!(has(&got, "UN", "ORG"), "{got:?}");
    assert!(!got
        .iter()
        .any(|m| m.0.contains("-controlled") || m.0.contains("-sponsored")));
}

#[test]
fn context_types_newspapers_think_tanks_and_sites() {
    let raw = mentions(STORY, true);
    assert!(has(&raw, "Munhwa Ilbo", "PERSON"), "{raw:?}");
    assert!(has(&raw, "Yongbyon", "PERSON"), "{raw:?}");
    let got = mentions(STORY, false);
    assert!(has(&got, "Munhwa Ilbo", "ORG"), "{got:?}");
    assert!(has(&got, "Yongbyon", "GPE"), "{got:?}");
    assert!(
        has(
            &got,
            "the Center for Strategic and International Studies",
            "ORG"
        ),
        "{got:?}"
    );
}

#[test]
fn possessive_chain_splits_outlet_and_reporter() {
    let raw = mentions(STORY, true);
    assert!(has(&raw, "Bloomberg’s Jon Herskovitz", "PERSON"), "{raw:?}");
    let got = mentions(STORY, false);
    assert!(has(&got, "Bloomberg", "ORG"), "{got:?}");
    assert!(has(&got, "Jon Herskovitz", "PERSON"), "{got:?}");
}

#[test]
fn titles_are_not_organisations_and_name_pairs_are_people() {
    let raw = mentions(STORY, true);
    assert!(has(&raw, "State", "ORG"), "{raw:?}");
    assert!(has(&raw, "Trump-Kim", "ORG"), "{raw:?}");
    let got = mentions(STORY, false);
    assert!(!got.iter().any(|m| m.0 == "State"), "{got:?}");
    assert!(!got.iter().any(|m| m.0 == "Trump-Kim"), "{got:?}");
    assert!(
        got.iter()
            .any(|m| m.0 == "Trump" && m.1 == "PERSON" && m.2 == "Donald Trump"),
        "{got:?}"
    );
}

#[test]
fn a_surname_used_again_and_again_is_the_person_introduced_first() {
    let got = mentions(STORY, false);
    let bare: Vec<_> = got.iter().filter(|m| m.0 == "Kim").collect();
    assert!(bare.len() >= 4, "{got:?}");
    assert!(bare.iter().all(|m| m.2 == "Kim Jong Un"), "{got:?}");
    assert!(
        got.iter()
            .any(|m| m.0 == "Kim Yong Chol" && m.2 == "Kim Yong Chol"),
        "{got:?}"
    );
    // an acronym is no surname: UN stays apart from Kim Jong Un
    assert!(got.iter().any(|m| m.0 == "UN" && m.2 == "UN"), "{got:?}");
}

#[test]
fn a_firm_named_after_its_founder_relabels_neither() {
    let text = "Harold Wexley built Wexley Corp. into a retail chain. Mr. Wexley retired in 1990, \
and Wexley Corp. was sold to a rival. Wexley said the sale was fair.";
    let got = mentions(text, false);
    let firm: Vec<_> = got.iter().filter(|m| m.0 == "Wexley Corp.").collect();
    assert_eq!(firm.len(), 2, "{got:?}");
    assert!(firm.iter().all(|m| m.1 == "ORG"), "{got:?}");
    assert!(
        got.iter()
            .any(|m| m.0 == "Wexley" && m.1 == "PERSON" && m.2 == "Harold Wexley"),
        "{got:?}"
    );
    assert!(has(&got, "Harold Wexley", "PERSON"), "{got:?}");
}

#[test]
fn a_firms_short_name_is_the_firm_when_no_person_has_it() {
    let text = "Ashdown Financial Corp. said on Tuesday it would sell its leasing unit. Ashdown, \
assisted by two banks, defaulted on $45 million of debt. Ashdown said the sale would close in March.";
    let raw = mentions(text, true);
    assert!(
        has(&raw, "Ashdown", "PERSON"),
        "the model's failure: {raw:?}"
    );
    let got = mentions(text, false);
    let short: Vec<_> = got.iter().filter(|m| m.0 == "Ashdown").collect();
    assert_eq!(short.len(), 2, "{got:?}");
    assert!(
        short
            .iter()
            .all(|m| m.1 == "ORG" && m.2 == "Ashdown Financial"),
        "{got:?}"
    );
}

#[test]
fn an_ensemble_of_one_model_with_itself_is_that_model() {
    use quoth::nlp::pipeline::{MemberWeights, ScoreCombine};
    let nlp = Pipeline::load_default().expect("load the vendored model");
    let alone = nlp.analyze(STORY);
    for combine in [ScoreCombine::Logits, ScoreCombine::Probabilities] {
        let twice = nlp.analyze_ensemble(&[(&nlp, 1.0.into()), (&nlp, 1.0.into())], STORY, combine);
        assert_eq!(twice.entities, alone.entities, "{combine:?}");
        assert_eq!(twice.tokens, alone.tokens);
    }
    // a member weighed zero on every move adds nothing
    let zero = MemberWeights {
        outside: 0.0,
        entity: 0.0,
        labels: vec![("DATE".into(), 0.0)],
    };
    let with_zero = nlp.analyze_ensemble(
        &[(&nlp, 1.0.into()), (&nlp, zero)],
        STORY,
        ScoreCombine::Logits,
    );
    assert_eq!(with_zero.entities, alone.entities);
    // fewer than two members: exactly analyze
    assert_eq!(
        nlp.analyze_ensemble(&[(&nlp, 2.0.into())], STORY, ScoreCombine::Logits),
        alone
    );
}

#[test]
fn an_organisation_name_cut_at_its_and_is_completed() {
    let text = "Victor Cha, a former official now at the Center for International and Strategic \
Studies, a Washington think tank, said the talks could fail.";
    let raw = mentions(text, true);
    assert!(has(&raw, "the Center for International", "FAC"), "{raw:?}");
    let got = mentions(text, false);
    assert!(
        has(
            &got,
            "the Center for International and Strategic Studies",
            "ORG"
        ),
        "{got:?}"
    );
}

#[test]
fn a_name_closes_the_quote_it_opened() {
    // The model ends the mention before the closing mark (`the "USS Cole`); the name takes it.
    let text = "Repairs to the \"USS Cole\" took a year, the Navy said.";
    let raw = mentions(text, true);
    assert!(has(&raw, "the \"USS Cole", "PRODUCT"), "{raw:?}");
    let got = mentions(text, false);
    assert!(has(&got, "the \"USS Cole\"", "PRODUCT"), "{got:?}");
    // a balanced name is left as it is
    assert!(!got.iter().any(|m| m.0.ends_with("Cole\"\"")), "{got:?}");
}

/// The grouped mentions of `text` when the NER's spans are `spans` (text of the span as the
/// NER might cut it, label), over the vendored model's tokens and tags.
fn mentions_of_spans(text: &str, spans: &[(&str, &str)]) -> Vec<(String, String)> {
    let nlp = Pipeline::load_default().expect("load the vendored model");
    let mut doc = nlp.analyze(text);
    doc.entities = spans
        .iter()
        .map(|&(span, label)| {
            let start = text.find(span).expect("span in text");
            let end = start + span.len();
            let st = doc.tokens.iter().position(|t| t.start == start);
            let et = doc.tokens.iter().position(|t| t.end == end);
            let (Some(st), Some(et)) = (st, et) else {
                panic!("{span:?} is not a token range");
            };
            EntitySpan::over(&doc.tokens, st, et + 1, label.into()).expect("a span")
        })
        .collect();
    let ents = group_entities(&doc, &GroupOptions::default());
    ents.mentions
        .iter()
        .map(|m| (text[m.start..m.end].to_string(), m.label.to_string()))
        .collect()
}

/// The texts of the grouped mentions of `text` when the NER's spans are `spans`.
fn mention_texts(text: &str, spans: &[(&str, &str)]) -> Vec<String> {
    mentions_of_spans(text, spans)
        .into_iter()
        .map(|m| m.0)
        .collect()
}

#[test]
fn a_span_never_ends_on_a_function_word() {
    let text = "The Ohio Telephone Co. of Columbus said its shares rose on Saturday and \
Sunday, about five or six points.";
    let got = mentions_of_spans(
        text,
        &[
            ("The Ohio Telephone Co. of", "ORG"),
            ("Saturday and", "DATE"),
            ("about five or", "CARDINAL"),
        ],
    );
    let want = [
        ("The Ohio Telephone Co.", "ORG"),
        ("Saturday", "DATE"),
        ("about five", "CARDINAL"),
    ];
    assert_eq!(
        got,
        want.map(|(a, b)| (a.to_string(), b.to_string())).to_vec()
    );
    // a hyphenated word's end and the postposition `ago` stay
    let text = "Some 49,000-plus fans came, a quarter of a century ago.";
    let got = mentions_of_spans(
        text,
        &[
            ("49,000-plus", "CARDINAL"),
            ("a quarter of a century ago", "DATE"),
        ],
    );
    assert_eq!(got.len(), 2, "{got:?}");
    assert_eq!(got[0].0, "49,000-plus");
    assert_eq!(got[1].0, "a quarter of a century ago");
}

#[test]
fn a_number_or_sum_holds_a_number() {
    let text = "Prices rose as high as the old record, up to a third of the range, and a \
dozen buyers paid one price in multibillion-dollar deals.";
    let texts = mention_texts(
        text,
        &[
            ("as high as", "CARDINAL"),
            ("up to", "CARDINAL"),
            ("a third", "CARDINAL"),
            ("a dozen", "CARDINAL"),
            ("multibillion-dollar", "MONEY"),
        ],
    );
    assert_eq!(texts, ["a third", "a dozen", "multibillion-dollar"]);
}

#[test]
fn a_person_loses_a_leading_the_a_title_keeps_it() {
    let text = "Aides to the Van Buren heir met the King of Spain and Mm, the pilot said.";
    let texts = mention_texts(
        text,
        &[
            ("the Van Buren", "PERSON"),
            ("the King of Spain", "PERSON"),
            ("Mm", "PERSON"),
        ],
    );
    assert_eq!(texts, ["Van Buren", "the King of Spain"]);
}

#[test]
fn a_name_of_digits_stays_a_lower_case_word_does_not() {
    let text = "Boeing said its 767 jets sold well.";
    let texts = mention_texts(text, &[("767", "PRODUCT"), ("jets", "PRODUCT")]);
    assert_eq!(texts, ["767"]);
}

#[test]
fn a_name_holds_no_filler_and_no_greeting() {
    let text = "I called Pam uh Kocherstein yeah and said Sorry Jeff to him, then Hi Anna.";
    let texts = mention_texts(
        text,
        &[
            ("Pam uh Kocherstein yeah", "PERSON"),
            ("Sorry Jeff", "PERSON"),
            ("Hi Anna", "PERSON"),
        ],
    );
    assert_eq!(texts, ["Pam", "Kocherstein", "Jeff", "Anna"]);
}

#[test]
fn a_persons_name_does_not_end_with_a_headline_verb() {
    let text = "Mayor Lin Says New Park Will Open Soon. Lin said the park opens in May.";
    let texts = mention_texts(text, &[("Lin Says", "PERSON"), ("Lin said", "PERSON")]);
    // (`said` in lower case is no headline's: the NER span keeps it here)
    assert_eq!(texts, ["Lin", "Lin said"]);
}
