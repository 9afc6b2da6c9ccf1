//! Entity grouping rules: raw mode, label filter, invariants over every fixture, span lookup,
//! and hand-built Docs for cases the model rarely produces (possessive inside one token,
//! label votes without a full name).

#[path = "common/doc_json.rs"]
mod doc_json;
#[path = "common/hand_doc.rs"]
mod hand_doc;

use std::sync::Arc;

use quoth::entities::{
    entity_for_span, entity_for_text_span, group_entities, Entities, EntityGroup, GroupOptions,
    Mention,
};
use quoth::nlp::{Doc, EntitySpan};

const FIXTURES: &str = "entities_docs.json";

/// A Doc tokenized on whitespace only (so `Korea’s` stays one token), one sentence, with the
/// given (occurrence text, nth occurrence, label) entities.
fn hand_doc(text: &str, ents: &[(&str, usize, &str)]) -> Doc {
    hand_doc::hand_doc(text, None, ents)
}

/// Each entity's name and number of mentions, in entity order.
fn name_counts(ents: &Entities) -> Vec<(&str, usize)> {
    ents.entities
        .iter()
        .map(|e| (e.name.as_str(), e.mentions.len()))
        .collect()
}

fn mention_texts<'a>(doc: &'a Doc, ents: &Entities) -> Vec<(&'a str, String, usize)> {
    ents.mentions
        .iter()
        .map(|m| (&doc.text[m.start..m.end], m.label.to_string(), m.entity))
        .collect()
}

#[test]
fn a_title_case_headline_is_no_name() {
    let names = |text: &str, ents: &[(&str, usize, &str)]| -> Vec<String> {
        let d = hand_doc(text, ents);
        let ents = group_entities(&d, &GroupOptions::default());
        ents.entities.iter().map(|e| e.name.clone()).collect()
    };
    // its words are common words in the story below
    assert!(names(
        "Small Steps Toward College Savings\nParents save for college in small steps .",
        &[("Small Steps Toward College Savings", 0, "ORG")]
    )
    .is_empty());
    // a name for a headline: one of its words below is no evidence (`the` aside)
    assert_eq!(
        names(
            "The Chatham Islands\nThe islands lie east of here .",
            &[("The Chatham Islands", 0, "LOC")]
        ),
        ["Chatham Islands"]
    );
    // not the whole line, or a person: kept
    assert_eq!(
        names(
            "Acme Steel Works Closes\nThe steel works closes .",
            &[("Acme Steel Works", 0, "ORG")]
        ),
        ["Acme Steel Works"]
    );
}

#[test]
fn a_date_never_crosses_a_line_break() {
    // a headline and its dateline run together by the NER
    let text =
        "Firm kept her for twelve years\nThursday , May 7 , 2015\nStar\nMonday , May 4 , 2015\nSun";
    let d = hand_doc(
        text,
        &[
            ("twelve years\nThursday , May 7 , 2015", 0, "DATE"),
            ("Monday , May 4 , 2015\nSun", 0, "DATE"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    let got: Vec<&str> = mention_texts(&d, &ents).iter().map(|m| m.0).collect();
    // a one-word line the NER tags nowhere else is dropped (`Sun`, a heading)
    assert_eq!(
        got,
        [
            "twelve years",
            "Thursday , May 7 , 2015",
            "Monday , May 4 , 2015"
        ]
    );
}

#[test]
fn possessive_inside_one_token_is_cut_by_bytes() {
    let d = hand_doc(
        "Korea’s exports rose while Korea's imports fell and the Yankees’ bullpen failed.",
        &[
            ("Korea’s", 0, "GPE"),
            ("Korea's", 0, "GPE"),
            ("Yankees’", 0, "ORG"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    assert_eq!(
        mention_texts(&d, &ents),
        [
            ("Korea", "GPE".into(), 0),
            ("Korea", "GPE".into(), 0),
            ("Yankees", "ORG".into(), 1)
        ]
    );
    // the token range still covers the token the possessive was cut from
    assert_eq!(
        (ents.mentions[0].start_token, ents.mentions[0].end_token),
        (0, 1)
    );
    assert_eq!(ents.entities[0].name, "Korea");
}

#[test]
fn raw_mode_keeps_engine_spans_and_labels() {
    for (name, d) in doc_json::load_all(FIXTURES) {
        let raw = group_entities(
            &d,
            &GroupOptions {
                raw: true,
                ..Default::default()
            },
        );
        assert_eq!(raw.mentions.len(), d.entities.len(), "{name}");
        for (m, e) in raw.mentions.iter().zip(&d.entities) {
            assert_eq!(
                (
                    m.start,
                    m.end,
                    m.start_token,
                    m.end_token,
                    &m.label,
                    &m.raw_label
                ),
                (
                    e.start,
                    e.end,
                    e.start_token,
                    e.end_token,
                    &e.label,
                    &e.label
                ),
                "{name}"
            );
        }
        // grouped only by identical text and label
        for g in &raw.entities {
            for &i in &g.mentions {
                let m = &raw.mentions[i];
                assert_eq!(
                    (&d.text[m.start..m.end], &m.label),
                    (g.name.as_str(), &g.label)
                );
            }
        }
    }
    // "Trump" as ORG and as PERSON are two raw groups; "Donald Trump's" keeps its ending
    let d = doc_json::fixture(FIXTURES, "labels_trump");
    let raw = group_entities(
        &d,
        &GroupOptions {
            raw: true,
            ..Default::default()
        },
    );
    let groups: Vec<(&str, &str, usize)> = raw
        .entities
        .iter()
        .map(|g| (g.name.as_str(), &*g.label, g.mentions.len()))
        .collect();
    assert_eq!(
        groups,
        [
            ("Trump", "ORG", 2),
            ("Monday", "DATE", 1),
            ("Donald Trump's", "PERSON", 1),
            ("Trump", "PERSON", 2),
            ("Tuesday", "DATE", 1)
        ]
    );
}

/// Structural promises of the consistent mode, checked on every fixture.
#[test]
fn invariants_on_all_fixtures() {
    for (name, d) in doc_json::load_all(FIXTURES) {
        let ents = group_entities(&d, &GroupOptions::default());
        let mut prev = (0, 0);
        for (i, m) in ents.mentions.iter().enumerate() {
            assert!((m.start, m.end) >= prev, "{name}: mentions out of order");
            prev = (m.start, m.end);
            let e = &ents.entities[m.entity];
            assert!(e.mentions.contains(&i), "{name}");
            assert_eq!(m.label, e.label, "{name}: mention label follows entity");
            let text = &d.text[m.start..m.end];
            assert!(!text.is_empty());
            for end in ["'s", "’s", "'", "’"] {
                assert!(!text.ends_with(end), "{name}: {text:?} kept a possessive");
            }
            // the mention lies inside one raw NER span (or extends it over "-word" only), and
            // inside its token range
            assert!(
                d.entities.iter().any(|r| r.start <= m.start
                    && (m.end <= r.end || {
                        let tail = &d.text[r.end..m.end];
                        tail.starts_with('-') && tail[1..].chars().all(char::is_alphabetic)
                    })),
                "{name}: {text:?} is not inside an NER span"
            );
            assert!(d.tokens[m.start_token].start == m.start);
            assert!(d.tokens[m.end_token - 1].end >= m.end);
            let s = &d.sentences[m.sentence];
            assert!(
                s.start <= m.start && m.end <= s.end,
                "{name}: sentence index"
            );
        }
        let mut last_first = None;
        for e in &ents.entities {
            assert!(!e.name.is_empty());
            assert!(e.mentions.windows(2).all(|w| w[0] < w[1]));
            let first = e.mentions[0];
            assert!(
                last_first < Some(first),
                "{name}: entities by first mention"
            );
            last_first = Some(first);
        }
    }
}

#[test]
fn label_filter_applies_after_grouping() {
    let d = doc_json::fixture(FIXTURES, "tennis");
    let all = group_entities(&d, &GroupOptions::default());
    let persons = group_entities(
        &d,
        &GroupOptions {
            labels: Some(vec!["PERSON".into()]),
            ..Default::default()
        },
    );
    let names: Vec<&str> = persons.entities.iter().map(|e| e.name.as_str()).collect();
    // Ramos was ORG in the NER output, Osaka GPE; both are kept because their entities are
    // persons
    assert_eq!(names, ["Naomi Osaka", "Serena Williams", "Carlos Ramos"]);
    assert_eq!(persons.mentions.len(), 7);
    for (i, m) in persons.mentions.iter().enumerate() {
        assert_eq!(&*m.label, "PERSON");
        assert!(persons.entities[m.entity].mentions.contains(&i));
        // same spans as in the unfiltered result
        assert!(all
            .mentions
            .iter()
            .any(|a| (a.start, a.end) == (m.start, m.end)));
    }
    let none = group_entities(
        &d,
        &GroupOptions {
            labels: Some(vec![]),
            ..Default::default()
        },
    );
    assert_eq!(none, Entities::default());
}

#[test]
fn vote_without_a_full_name() {
    // ORG twice, PERSON once: ORG wins the majority; every mention follows it
    let d = hand_doc(
        "Lagarde spoke . Lagarde left . Lagarde returned .",
        &[
            ("Lagarde", 0, "ORG"),
            ("Lagarde", 1, "PERSON"),
            ("Lagarde", 2, "ORG"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    assert_eq!(ents.entities.len(), 1);
    assert_eq!(&*ents.entities[0].label, "ORG");
    // a person cue turns a 1:1 tie into PERSON even though the first mention was ORG
    let d = hand_doc(
        "Lagarde spoke . Ms. Lagarde left .",
        &[("Lagarde", 0, "ORG"), ("Lagarde", 1, "ORG")],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    assert_eq!(&*ents.entities[0].label, "PERSON");
    // a tie without cue goes to the longer mention's label
    let d = hand_doc(
        "the Georgia plan . Georgia voted .",
        &[("the Georgia", 0, "ORG"), ("Georgia", 1, "GPE")],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    assert_eq!(ents.entities.len(), 1);
    assert_eq!(&*ents.entities[0].label, "ORG");
    assert_eq!(ents.entities[0].name, "Georgia");
}

#[test]
fn value_labels_never_merge_with_names() {
    let d = hand_doc(
        "May said in May that May would decide .",
        &[
            ("May", 0, "PERSON"),
            ("May", 1, "DATE"),
            ("May", 2, "PERSON"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    let got: Vec<(&str, usize)> = ents
        .entities
        .iter()
        .map(|e| (&*e.label, e.mentions.len()))
        .collect();
    assert_eq!(got, [("PERSON", 2), ("DATE", 1)]);
}

#[test]
fn honorific_inside_span_is_not_in_the_name() {
    let d = hand_doc(
        "Prime Minister Theresa May met Mrs. May 's cabinet ; Mr. Corbyn objected .",
        &[
            ("Prime Minister Theresa May", 0, "PERSON"),
            ("Mrs. May", 0, "PERSON"),
            ("Mr. Corbyn", 0, "ORG"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    let got: Vec<(&str, &str, usize)> = ents
        .entities
        .iter()
        .map(|e| (e.name.as_str(), &*e.label, e.mentions.len()))
        .collect();
    assert_eq!(got, [("Theresa May", "PERSON", 2), ("Corbyn", "PERSON", 1)]);
    // the span keeps the honorific: only possessives are trimmed from spans
    assert_eq!(
        &d.text[ents.mentions[1].start..ents.mentions[1].end],
        "Mrs. May"
    );
}

fn synthetic(text: &str, spans: &[(&str, usize, usize)]) -> Entities {
    // (text, occurrence, entity) → mentions labelled PERSON
    let mut mentions = Vec::new();
    let mut n = 0;
    for (s, nth, e) in spans {
        let start = text.match_indices(s).nth(*nth).expect("span").0;
        mentions.push(Mention {
            start,
            end: start + s.len(),
            start_token: 0,
            end_token: 0,
            label: Arc::from("PERSON"),
            raw_label: Arc::from("PERSON"),
            sentence: 0,
            entity: *e,
        });
        n = n.max(*e + 1);
    }
    let entities = (0..n)
        .map(|e| EntityGroup {
            name: String::new(),
            label: Arc::from("PERSON"),
            mentions: mentions
                .iter()
                .enumerate()
                .filter(|(_, m)| m.entity == e)
                .map(|(i, _)| i)
                .collect(),
            roles: Vec::new(),
        })
        .collect();
    Entities { mentions, entities }
}

#[test]
fn lookup_by_span_prefers_largest_overlap() {
    let text = "Sue Mi Terry, a senior fellow at CSIS, said so.";
    let ents = synthetic(text, &[("Sue Mi Terry", 0, 0), ("CSIS", 0, 1)]);
    let phrase_end = text.find(", said").expect("phrase");
    assert_eq!(entity_for_span(&ents, 0, phrase_end), Some(0));
    let csis = text.find("CSIS").expect("csis");
    assert_eq!(entity_for_span(&ents, csis, csis + 4), Some(1));
    assert_eq!(entity_for_span(&ents, csis + 1, csis + 1), Some(1));
    assert_eq!(entity_for_span(&ents, 14, 20), None);
}

#[test]
fn lookup_by_name_when_the_ner_missed_it() {
    let text = "Kim Jong Un met Kim Yong Chol and Sue Mi Terry. Kim said, Ms. Terry said, the senator said.";
    let ents = synthetic(
        text,
        &[
            ("Kim Jong Un", 0, 0),
            ("Kim Yong Chol", 0, 1),
            ("Sue Mi Terry", 0, 2),
        ],
    );
    let at = |s: &str| {
        let start = text.rfind(s).expect("span");
        (start, start + s.len())
    };
    let (s, e) = at("Ms. Terry");
    assert_eq!(entity_for_text_span(&ents, text, s, e), Some(2));
    let (s, _) = at("Terry said");
    assert_eq!(entity_for_text_span(&ents, text, s, s + 5), Some(2));
    // two Kims are named: a bare Kim is ambiguous
    let (s, _) = at("Kim said");
    assert_eq!(entity_for_text_span(&ents, text, s, s + 3), None);
    let (s, e) = at("the senator");
    assert_eq!(entity_for_text_span(&ents, text, s, e), None);
}

#[test]
fn lookup_on_fixture_finds_missed_surname() {
    // "Merkel arrived in Paris": the NER missed this Merkel; it names Angela Merkel.
    let d = doc_json::fixture(FIXTURES, "later_full_name");
    let ents = group_entities(&d, &GroupOptions::default());
    assert!(!ents.mentions.iter().any(|m| m.start == 0));
    let e = entity_for_text_span(&ents, &d.text, 0, "Merkel".len()).expect("resolved");
    assert_eq!(ents.entities[e].name, "Angela Merkel");
    // "Ms. Williams" overlaps the mention "Williams"
    let d = doc_json::fixture(FIXTURES, "tennis");
    let ents = group_entities(&d, &GroupOptions::default());
    let s = d.text.find("Ms. Williams").expect("text");
    let e = entity_for_span(&ents, s, s + "Ms. Williams".len()).expect("overlap");
    assert_eq!(ents.entities[e].name, "Serena Williams");
}

#[test]
fn malformed_docs_do_not_panic() {
    let good = hand_doc("Kim Jong Un met Kim .", &[("Kim Jong Un", 0, "PERSON")]);
    let label: Arc<str> = Arc::from("PERSON");
    let bad_entities = [
        // token range past the end
        (0, 99, 0, 3),
        // empty and inverted token ranges
        (2, 2, 4, 8),
        (3, 1, 0, 3),
        // byte range past the end and not on a boundary of the text
        (0, 1, 0, 999),
        (0, 1, 5, 2),
    ];
    for (st, et, s, e) in bad_entities {
        let mut d = good.clone();
        d.entities.push(EntitySpan {
            start_token: st,
            end_token: et,
            start: s,
            end: e,
            char_start: s,
            char_end: e,
            label: label.clone(),
        });
        for raw in [false, true] {
            let ents = group_entities(
                &d,
                &GroupOptions {
                    raw,
                    ..Default::default()
                },
            );
            assert!(!ents.entities.is_empty());
            for m in &ents.mentions {
                let _ = entity_for_text_span(&ents, &d.text, m.start, m.end);
            }
        }
    }
    // multi-byte text with offsets inside a character
    let mut d = hand_doc("Ünal Ünal", &[("Ünal", 0, "PERSON")]);
    d.entities[0].end = 1;
    let _ = group_entities(&d, &GroupOptions::default());
    assert_eq!(
        entity_for_text_span(&Entities::default(), "Ünal", 1, 3),
        None
    );
    // no text at all
    let empty = hand_doc("", &[]);
    assert_eq!(
        group_entities(&empty, &GroupOptions::default()),
        Entities::default()
    );
}

#[test]
fn long_document_groups_every_mention() {
    // 40 people, each named in full and then by surname (labelled ORG) in 50 rounds: one
    // PERSON entity per person and no mention lost.
    let names: Vec<String> = (0..40).map(|p| format!("Given{p} Family{p}")).collect();
    let surnames: Vec<String> = (0..40).map(|p| format!("Family{p} .")).collect();
    let mut text = String::new();
    for _ in 0..50 {
        for p in 0..40 {
            text.push_str(&format!("{} met {} ", names[p], surnames[p]));
        }
    }
    let mut spec: Vec<(&str, usize, &str)> = Vec::new();
    for p in 0..40 {
        for round in 0..50 {
            spec.push((names[p].as_str(), round, "PERSON"));
            // the NER span "FamilyN ." ends in a symbol-only token, which cleaning drops
            spec.push((surnames[p].as_str(), round, "ORG"));
        }
    }
    let d = hand_doc(&text, &spec);
    let grouped = group_entities(&d, &GroupOptions::default());
    assert_eq!(grouped.mentions.len(), 40 * 50 * 2);
    assert_eq!(grouped.entities.len(), 40);
    for (p, e) in grouped.entities.iter().enumerate() {
        assert_eq!(e.name, names[p]);
        assert_eq!(&*e.label, "PERSON");
        assert_eq!(e.mentions.len(), 100);
        let last = &grouped.mentions[e.mentions[99]];
        assert_eq!(&d.text[last.start..last.end], format!("Family{p}"));
    }
}

#[test]
fn roles_resolve_definite_descriptions() {
    let d = doc_json::fixture(FIXTURES, "roles");
    let ents = group_entities(&d, &GroupOptions::default());
    let roles = |name: &str| -> Vec<String> {
        ents.entities
            .iter()
            .find(|e| e.name == name)
            .unwrap_or_else(|| panic!("no {name}"))
            .roles
            .clone()
    };
    assert_eq!(roles("Elizabeth Warren"), ["senator"]);
    assert_eq!(roles("Sue Mi Terry"), ["fellow"]);
    assert_eq!(roles("Jeff Bezos"), ["founder"]);
    assert_eq!(roles("Steven Mnuchin"), ["secretary"]);
    assert!(roles("Amazon").is_empty());
    let resolve = |phrase: &str, nth: usize| -> Option<String> {
        let (start, _) = d
            .text
            .match_indices(phrase)
            .nth(nth)
            .expect("phrase in text");
        entity_for_text_span(&ents, &d.text, start, start + phrase.len())
            .map(|e| ents.entities[e].name.clone())
    };
    assert_eq!(
        resolve("The senator", 0).as_deref(),
        Some("Elizabeth Warren")
    );
    assert_eq!(resolve("the fellow", 0).as_deref(), Some("Sue Mi Terry"));
    // the ORG inside the description does not win over the role
    assert_eq!(
        resolve("The Treasury secretary", 0).as_deref(),
        Some("Steven Mnuchin")
    );
    // nobody was introduced as spokeswoman; "the company" is no role either
    assert_eq!(resolve("a spokeswoman", 0), None);
    assert_eq!(resolve("the company", 0), None);
    // a whole subject phrase resolves to the person it names
    assert_eq!(
        resolve("Sue Mi Terry, a senior fellow", 0).as_deref(),
        Some("Sue Mi Terry")
    );
}

#[test]
fn edge_junk_and_possessive_in_any_order() {
    let d = hand_doc(
        "“ Korea 's . ” rose ; ( Samsung ’s ) fell ; the Bank of Korea ( BOK spoke",
        &[
            ("“ Korea 's . ”", 0, "GPE"),
            ("( Samsung ’s )", 0, "ORG"),
            ("the Bank of Korea ( BOK", 0, "ORG"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    let texts: Vec<&str> = mention_texts(&d, &ents).into_iter().map(|m| m.0).collect();
    assert_eq!(texts, ["Korea", "Samsung", "the Bank of Korea"]);
    // value labels keep their symbols
    let d = hand_doc("it cost $ 5 .", &[("$ 5", 0, "MONEY")]);
    let ents = group_entities(&d, &GroupOptions::default());
    assert_eq!(mention_texts(&d, &ents)[0].0, "$ 5");
}

#[test]
fn a_bare_surname_joins_the_one_family_it_ends() {
    // `Warhol` is the surname of `Andy Warhol` and only the first word of `Warhol Polaroid`
    // (a product the model called a person): it joins the man, as news copy means it.
    let text = "Warhol prints sold . Andy Warhol shot a Warhol Polaroid . Warhol died .";
    let d = hand_doc(
        text,
        &[
            ("Warhol", 0, "PERSON"),
            ("Andy Warhol", 0, "PERSON"),
            ("Warhol Polaroid", 0, "PERSON"),
            ("Warhol", 3, "PERSON"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    let of = |start: usize| {
        ents.mentions
            .iter()
            .find(|m| m.start == start)
            .map(|m| m.entity)
            .expect("mention")
    };
    let andy = of(text.find("Andy").expect("Andy"));
    let polaroid = of(text.find("Warhol Polaroid").expect("Polaroid"));
    assert_eq!(of(0), andy, "{:?}", mention_texts(&d, &ents));
    assert_eq!(of(text.rfind("Warhol").expect("last")), andy);
    assert_ne!(polaroid, andy);
    // Two families ending in the same surname stay ambiguous: the bare name stays apart.
    let text = "Roberts spoke . Stu Roberts and Mitchell Roberts left .";
    let d = hand_doc(
        text,
        &[
            ("Roberts", 0, "PERSON"),
            ("Stu Roberts", 0, "PERSON"),
            ("Mitchell Roberts", 0, "PERSON"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    assert_eq!(ents.entities.len(), 3, "{:?}", mention_texts(&d, &ents));
}

/// The entity of the mention starting at byte `start`.
fn entity_at(ents: &Entities, start: usize) -> usize {
    ents.mentions
        .iter()
        .find(|m| m.start == start)
        .map(|m| m.entity)
        .expect("a mention starts there")
}

#[test]
fn other_names_of_a_country_are_one_entity() {
    let text =
        "America voted . The United States and Britain met . The UK left . Burma and Myanmar .";
    let d = hand_doc(
        text,
        &[
            ("America", 0, "GPE"),
            ("United States", 0, "GPE"),
            ("Britain", 0, "GPE"),
            ("UK", 0, "GPE"),
            ("Burma", 0, "GPE"),
            ("Myanmar", 0, "GPE"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    let at = |s: &str| entity_at(&ents, text.find(s).expect("in text"));
    assert_eq!(
        at("America"),
        at("United States"),
        "{:?}",
        mention_texts(&d, &ents)
    );
    assert_eq!(at("Britain"), at("UK"));
    assert_eq!(at("Burma"), at("Myanmar"));
    assert_ne!(at("America"), at("Britain"));
    // The entity takes the preferred name.
    assert_eq!(ents.entities[at("America")].name, "United States");
    // `North America` is not the country.
    let text = "America voted . North America warmed .";
    let d = hand_doc(text, &[("America", 0, "GPE"), ("North America", 0, "LOC")]);
    let ents = group_entities(&d, &GroupOptions::default());
    assert_eq!(ents.entities.len(), 2, "{:?}", mention_texts(&d, &ents));
}

#[test]
fn a_name_in_brackets_after_a_name_is_another_name_of_it() {
    // A cue word (`born`, `née`) or the name in another script joins any two names.
    let text = "Jenna Marbles ( born Jenna Mourey ; 1986 ) is a vlogger .";
    let d = hand_doc(
        text,
        &[
            ("Jenna Marbles", 0, "PERSON"),
            ("Jenna Mourey", 0, "PERSON"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    assert_eq!(ents.entities.len(), 1, "{:?}", mention_texts(&d, &ents));
    let text = "Natsu Higuchi ( 樋口 奈津 Higuchi Natsu ) wrote .";
    let d = hand_doc(
        text,
        &[
            ("Natsu Higuchi", 0, "PERSON"),
            ("Higuchi Natsu", 0, "PERSON"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    assert_eq!(ents.entities.len(), 1, "{:?}", mention_texts(&d, &ents));
    // Without a cue, two organisations are one (an acronym that does not spell the initials).
    let text = "the Islamic State ( ISIS ) claimed it .";
    let d = hand_doc(text, &[("Islamic State", 0, "ORG"), ("ISIS", 0, "ORG")]);
    let ents = group_entities(&d, &GroupOptions::default());
    assert_eq!(ents.entities.len(), 1, "{:?}", mention_texts(&d, &ents));
    // ... but not two people (a character and the actor), a place and its state, a person and
    // the state they represent, nor a name that does not end the bracket.
    for (text, a, al, b, bl) in [
        (
            "Dean ( Jensen Ackles ) drives .",
            "Dean",
            "PERSON",
            "Jensen Ackles",
            "PERSON",
        ),
        (
            "Portland ( Oregon ) grew .",
            "Portland",
            "GPE",
            "Oregon",
            "GPE",
        ),
        ("Smith ( Texas ) voted .", "Smith", "PERSON", "Texas", "GPE"),
        (
            "Acme ( Globex rival ) grew .",
            "Acme",
            "ORG",
            "Globex",
            "ORG",
        ),
    ] {
        let d = hand_doc(text, &[(a, 0, al), (b, 0, bl)]);
        let ents = group_entities(&d, &GroupOptions::default());
        assert_eq!(
            ents.entities.len(),
            2,
            "{text}: {:?}",
            mention_texts(&d, &ents)
        );
    }
}

#[test]
fn a_bare_name_used_again_and_again_is_the_person_introduced_first_before_a_surname() {
    // `Kim` ×4 after `Kim Jong Un`: the leader, although `Kim` is only his first word and the
    // surname of `Andy Kim`, introduced later.
    let text = "Kim Jong Un met Andy Kim . Kim smiled . Kim left . Kim spoke . Kim waved .";
    let mut spans = vec![("Kim Jong Un", 0, "PERSON"), ("Andy Kim", 0, "PERSON")];
    for k in 2..6 {
        spans.push(("Kim", k, "PERSON"));
    }
    let d = hand_doc(text, &spans);
    let ents = group_entities(&d, &GroupOptions::default());
    let leader = entity_at(&ents, 0);
    let bare = text.find("Kim smiled").expect("bare");
    assert_eq!(
        entity_at(&ents, bare),
        leader,
        "{:?}",
        mention_texts(&d, &ents)
    );
    assert_ne!(entity_at(&ents, text.find("Andy").expect("Andy")), leader);
}

#[test]
fn names_written_with_and_without_diacritics_are_one_entity() {
    // Wire copy often drops accents another source kept.
    let text = "José Mourinho arrived . Jose Mourinho smiled . Łukasz Nowak and Lukasz Nowak .";
    let d = hand_doc(
        text,
        &[
            ("José Mourinho", 0, "PERSON"),
            ("Jose Mourinho", 0, "PERSON"),
            ("Łukasz Nowak", 0, "PERSON"),
            ("Lukasz Nowak", 0, "PERSON"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    let at = |s: &str| entity_at(&ents, text.find(s).expect("in text"));
    assert_eq!(at("José"), at("Jose"), "{:?}", mention_texts(&d, &ents));
    assert_eq!(at("Łukasz"), at("Lukasz"));
    assert_ne!(at("José"), at("Łukasz"));
}

#[test]
fn a_word_capitalised_only_where_every_word_is_and_written_in_lower_case_elsewhere_is_no_name() {
    let names = |text: &str, ents: &[(&str, usize, &str)]| -> Vec<String> {
        let d = hand_doc(text, ents);
        let ents = group_entities(&d, &GroupOptions::default());
        ents.entities.iter().map(|e| e.name.clone()).collect()
    };
    // sentence-initial only, lower case mid-sentence: a common word
    assert!(names(
        "Homeopathy is old . Doctors say homeopathy fails .",
        &[("Homeopathy", 0, "ORG")]
    )
    .is_empty());
    // first on a line (a recipe step), after a quote mark, and again lower case
    assert!(names(
        "Mix the flour .\nBake for ten minutes .\n\" Bake it again \" , she said , and we bake .",
        &[("Bake", 0, "PERSON"), ("Bake", 1, "PERSON")]
    )
    .is_empty());
    // never written in lower case: a name
    assert_eq!(
        names(
            "Gloria died . Gloria was nine .",
            &[("Gloria", 0, "PERSON")]
        ),
        ["Gloria"]
    );
    // capitalised mid-sentence somewhere, even outside a name the NER found: a name
    assert_eq!(
        names(
            "Parks spoke . We met Rosa Parks . The parks closed .",
            &[("Parks", 0, "PERSON")]
        ),
        ["Parks"]
    );
    // one mention of the group mid-sentence keeps every mention
    assert_eq!(
        names(
            "Bush spoke . We met Bush . A bush grew .",
            &[("Bush", 0, "PERSON"), ("Bush", 1, "PERSON")]
        ),
        ["Bush"]
    );
    // after an abbreviation's period the capital is not forced
    assert_eq!(
        names(
            "We met Mr. Keys . He lost his keys .",
            &[("Keys", 0, "PERSON")]
        ),
        ["Keys"]
    );
    // capitals and initialisms are not sentence case; values are never judged
    assert_eq!(
        names(
            "MSG is salt . Three came . Add msg to three .",
            &[("MSG", 0, "ORG"), ("Three", 0, "CARDINAL")]
        ),
        ["MSG", "Three"]
    );
}

#[test]
fn a_caption_run_into_its_credit_loses_the_credit_label() {
    let d = hand_doc(
        "A tweet to student Ahmed Mohamed Image : Twitter . Mohamed smiled .",
        &[
            ("Ahmed Mohamed Image", 0, "PERSON"),
            ("Mohamed", 1, "PERSON"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    assert_eq!(ents.entities.len(), 1);
    assert_eq!(ents.entities[0].name, "Ahmed Mohamed");
    // an agency's plural name stays whole
    let d = hand_doc("Getty Images : archive .", &[("Getty Images", 0, "ORG")]);
    let ents = group_entities(&d, &GroupOptions::default());
    assert_eq!(ents.entities[0].name, "Getty Images");
}

#[test]
fn a_full_name_the_story_writes_outranks_a_longer_one_inside_a_quote() {
    let d = hand_doc(
        "He said \" Crooked Hillary Clinton lies \" . Hillary Clinton answered . Clinton won .",
        &[
            ("Crooked Hillary Clinton", 0, "PERSON"),
            ("Hillary Clinton", 1, "PERSON"),
            ("Clinton", 2, "PERSON"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    assert_eq!(ents.entities.len(), 1);
    assert_eq!(ents.entities[0].name, "Hillary Clinton");
    // a quote's fuller name still beats the story's bare surname
    let d = hand_doc(
        "He said \" Donald J. Trump lies \" . Trump answered .",
        &[("Donald J. Trump", 0, "PERSON"), ("Trump", 1, "PERSON")],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    assert_eq!(ents.entities[0].name, "Donald J. Trump");
}

#[test]
fn a_name_with_a_nickname_in_quotation_marks_is_one_name() {
    // the small model's cut: `Robert C. "Bobby"` + `Scott` (tokens as the tokenizer splits
    // the marks off); the bare `Scott` used again and again then is Bobby, not Tim Scott
    let d = hand_doc(
        "Rep. Robert C. \" Bobby \" Scott spoke . Scott smiled . Tim Scott came . Scott left . \
         Scott won . Scott said no .",
        &[
            ("Robert C. \" Bobby \"", 0, "PERSON"),
            ("Scott", 0, "ORG"),
            ("Scott", 1, "ORG"),
            ("Tim Scott", 0, "PERSON"),
            ("Scott", 3, "ORG"),
            ("Scott", 4, "ORG"),
            ("Scott", 5, "ORG"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    let names: Vec<&str> = ents.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Robert C. \" Bobby \" Scott", "Tim Scott"]);
    assert_eq!(&*ents.entities[0].label, "PERSON");
    assert_eq!(ents.entities[0].mentions.len(), 5);
    // not a title in quotes (`Operation " Desert " Storm`: no person)
    let d = hand_doc(
        "Operation \" Desert \" Storm began .",
        &[("Operation", 0, "ORG"), ("Storm", 0, "ORG")],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    assert_eq!(ents.entities.len(), 2);
}

#[test]
fn a_surname_the_model_took_for_a_location_or_product_joins_the_one_person() {
    let d = hand_doc(
        "Gov. Terry McAuliffe spoke . McAuliffe 's team left . McAuliffe won . George Washington \
         slept . Washington voted .",
        &[
            ("Terry McAuliffe", 0, "PERSON"),
            ("McAuliffe", 1, "LOC"),
            ("McAuliffe", 2, "PRODUCT"),
            ("George Washington", 0, "PERSON"),
            ("Washington", 1, "GPE"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    let names = name_counts(&ents);
    // a GPE needs person evidence: `Washington` stays the place
    assert_eq!(
        names,
        [
            ("Terry McAuliffe", 3),
            ("George Washington", 1),
            ("Washington", 1)
        ]
    );
}

#[test]
fn a_bare_name_first_seen_in_the_headline_is_still_the_person_introduced_first() {
    let d = hand_doc(
        "Mixed messages on Trump leave plan\nDonald Trump spoke . Ivanka Trump smiled . Trump \
         said no . Trump left . Trump won .",
        &[
            ("Trump", 0, "ORG"),
            ("Donald Trump", 0, "PERSON"),
            ("Ivanka Trump", 0, "PERSON"),
            ("Trump", 3, "ORG"),
            ("Trump", 4, "ORG"),
            ("Trump", 5, "ORG"),
        ],
    );
    let ents = group_entities(&d, &GroupOptions::default());
    let names = name_counts(&ents);
    assert_eq!(names, [("Donald Trump", 5), ("Ivanka Trump", 1)]);
}
