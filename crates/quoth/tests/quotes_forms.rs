//! Every quote form of issue 4, each asserting exact content spans, cue and resolved speaker.
//! Docs come from the committed spaCy fixture (`scripts/quote_docs.py`); no Python at test time.

#[path = "common/quote_docs.rs"]
mod quote_docs;

use std::collections::HashMap;
use std::sync::OnceLock;

use quoth::entities::{group_entities, GroupOptions};
use quoth::nlp::Doc;
use quoth::quotes::{extract_quotes, Quote, QuoteKind, SpeakerKind};

fn docs() -> &'static HashMap<String, Doc> {
    static DOCS: OnceLock<HashMap<String, Doc>> = OnceLock::new();
    DOCS.get_or_init(quote_docs::fixture_docs)
}

fn run(id: &str) -> (&'static Doc, Vec<Quote>) {
    let doc = docs()
        .get(id)
        .unwrap_or_else(|| panic!("{id} missing from fixture"));
    let ents = group_entities(doc, &GroupOptions::default());
    (doc, extract_quotes(doc, &ents))
}

/// Expected quote: kind, content texts, cue text, speaker name and kind.
struct Want<'a> {
    kind: QuoteKind,
    content: &'a [&'a str],
    cue: Option<&'a str>,
    speaker: Option<&'a str>,
    speaker_kind: Option<SpeakerKind>,
}

fn want<'a>(
    kind: QuoteKind,
    content: &'a [&'a str],
    cue: Option<&'a str>,
    speaker: Option<&'a str>,
    speaker_kind: Option<SpeakerKind>,
) -> Want<'a> {
    Want {
        kind,
        content,
        cue,
        speaker,
        speaker_kind,
    }
}

fn check(id: &str, wants: &[Want]) {
    let (doc, got) = run(id);
    let text = doc.text.as_str();
    let show: Vec<_> = got
        .iter()
        .map(|q| {
            (
                q.kind,
                q.content.iter().map(|s| s.text(text)).collect::<Vec<_>>(),
                q.cue.map(|c| c.text(text)),
                q.speaker.as_ref().and_then(|s| s.name.clone()),
                q.rule,
            )
        })
        .collect();
    assert_eq!(got.len(), wants.len(), "{id}: {show:#?}");
    for (q, w) in got.iter().zip(wants) {
        assert_eq!(q.kind, w.kind, "{id}: {show:#?}");
        let content: Vec<&str> = q.content.iter().map(|s| s.text(text)).collect();
        assert_eq!(content, w.content, "{id}");
        // Content spans are exact byte ranges of the original text.
        for (s, c) in q.content.iter().zip(w.content) {
            assert_eq!(&text[s.start..s.end], *c, "{id}");
        }
        assert_eq!(q.cue.map(|c| c.text(text)), w.cue, "{id}: cue");
        let name = q.speaker.as_ref().and_then(|s| s.name.as_deref());
        assert_eq!(name, w.speaker, "{id}: speaker {:?}", q.speaker);
        assert_eq!(
            q.speaker.as_ref().map(|s| s.kind),
            w.speaker_kind,
            "{id}: speaker kind"
        );
    }
}

use QuoteKind::{Direct, Indirect, Mixed};
use SpeakerKind::{Description, Named, Organisation, Pronoun, Surname};

#[test]
fn inverted_attribution_with_appositive() {
    check(
        "f-inverted-appos",
        &[want(
            Direct,
            &["“We will win this fight,”"],
            Some("said"),
            Some("Ana Ruiz"),
            Some(Named),
        )],
    );
}

#[test]
fn postposed_attribution() {
    check(
        "f-postposed",
        &[want(
            Direct,
            &["“The plan is dead,”"],
            Some("said"),
            Some("Smith"),
            Some(Named),
        )],
    );
}

#[test]
fn colon_introduced_quote() {
    check(
        "f-colon",
        &[want(
            Direct,
            &["“The plan is dead and everyone knows it.”"],
            Some("said"),
            Some("John Smith"),
            Some(Named),
        )],
    );
}

#[test]
fn quote_right_after_the_verb() {
    check(
        "f-said-no-colon",
        &[want(
            Direct,
            &["“the plan is dead and everyone knows it.”"],
            Some("said"),
            Some("John Smith"),
            Some(Named),
        )],
    );
}

#[test]
fn told_reporters_comma() {
    check(
        "f-told-reporters",
        &[want(
            Direct,
            &["“We are not going anywhere.”"],
            Some("told"),
            Some("Maria Lopez"),
            Some(Named),
        )],
    );
}

#[test]
fn wrote_in_a_statement_colon_organisation() {
    check(
        "f-statement-colon",
        &[want(
            Direct,
            &["“The border will remain closed until further notice.”"],
            Some("wrote"),
            Some("Interior Ministry"),
            Some(Organisation),
        )],
    );
}

#[test]
fn interrupted_quote_is_one_quote_with_two_spans() {
    check(
        "f-interrupted",
        &[want(
            Direct,
            &["“The economy is strong,”", "“but risks remain.”"],
            Some("said"),
            Some("Janet Yellen"),
            Some(Named),
        )],
    );
}

#[test]
fn quote_continued_after_attribution_sentence() {
    check(
        "f-interrupted-sentence",
        &[want(
            Direct,
            &["“The economy is strong,”", "“Risks remain, though.”"],
            Some("said"),
            Some("Janet Yellen"),
            Some(Named),
        )],
    );
}

#[test]
fn continuation_paragraph_inherits_speaker() {
    let (doc, got) = run("f-continuation");
    assert_eq!(got.len(), 2);
    assert_eq!(
        got[1].content[0].text(&doc.text),
        "“The players have worked hard all week.”"
    );
    assert_eq!(got[1].cue, None);
    assert_eq!(got[1].rule, "continuation");
    assert_eq!(got[1].speaker, got[0].speaker);
    assert_eq!(
        got[1].speaker.as_ref().and_then(|s| s.name.as_deref()),
        Some("Pep Guardiola")
    );
}

#[test]
fn multi_paragraph_quote_reopened() {
    check(
        "f-multipara",
        &[want(
            Direct,
            &[
                "“We are ready for the match.",
                "“The players have worked hard all week.”",
            ],
            Some("said"),
            Some("Pep Guardiola"),
            Some(Named),
        )],
    );
}

#[test]
fn partial_quote_after_called() {
    check(
        "f-partial-called",
        &[want(
            Mixed,
            &["“good”"],
            Some("called"),
            Some("Maria Lopez"),
            Some(Named),
        )],
    );
}

#[test]
fn partial_quote_inside_reported_speech() {
    check(
        "f-partial-said",
        &[want(
            Mixed,
            &["“dead on arrival.”"],
            Some("said"),
            Some("John Smith"),
            Some(Named),
        )],
    );
}

#[test]
fn indirect_said_that() {
    check(
        "f-indirect-that",
        &[want(
            Indirect,
            &["that the plan would fail"],
            Some("said"),
            Some("John Smith"),
            Some(Named),
        )],
    );
}

#[test]
fn indirect_told_someone_that() {
    check(
        "f-indirect-told",
        &[want(
            Indirect,
            &["that the plan would fail"],
            Some("told"),
            Some("John Smith"),
            Some(Named),
        )],
    );
}

#[test]
fn indirect_warned_without_that() {
    check(
        "f-indirect-warned",
        &[want(
            Indirect,
            &["the deal could collapse within weeks"],
            Some("warned"),
            Some("Maria Lopez"),
            Some(Named),
        )],
    );
}

#[test]
fn according_to_sentence_initial() {
    check(
        "f-according-initial",
        &[want(
            Indirect,
            &["exports fell sharply in May"],
            Some("According to"),
            Some("the ministry"),
            Some(Organisation),
        )],
    );
}

#[test]
fn according_to_sentence_final() {
    check(
        "f-according-final",
        &[want(
            Indirect,
            &["Exports fell sharply in May"],
            Some("according to"),
            Some("Finance Ministry"),
            Some(Organisation),
        )],
    );
}

#[test]
fn pronoun_resolves_to_compatible_person() {
    let (doc, got) = run("f-pronoun");
    assert_eq!(got.len(), 1);
    let s = got[0].speaker.as_ref().expect("speaker");
    assert_eq!(s.span.text(&doc.text), "she");
    assert!(s.pronoun);
    assert_eq!(s.kind, Pronoun);
    // The most recent person is John Smith, but `she` needs a female referent.
    assert_eq!(s.name.as_deref(), Some("Maria Lopez"));
}

#[test]
fn pronoun_he_resolves_to_recent_male_subject() {
    check(
        "f-pronoun-he",
        &[want(
            Direct,
            &["“It was a waste of time,”"],
            Some("said"),
            Some("John Smith"),
            Some(Pronoun),
        )],
    );
}

#[test]
fn surname_resolves_to_full_name() {
    let (doc, got) = run("f-surname");
    assert_eq!(got.len(), 1);
    let s = got[0].speaker.as_ref().expect("speaker");
    assert_eq!(s.span.text(&doc.text), "Terry");
    assert_eq!(s.name.as_deref(), Some("Sue Mi Terry"));
    assert_eq!(s.kind, Surname);
}

#[test]
fn title_and_surname_resolve_to_full_name() {
    check(
        "f-title",
        &[want(
            Direct,
            &["“This is a provocation,”"],
            Some("said"),
            Some("Sue Mi Terry"),
            Some(Surname),
        )],
    );
}

#[test]
fn role_noun_resolves_to_the_person_with_that_role() {
    check(
        "f-role",
        &[want(
            Direct,
            &["“The situation is calm,”"],
            Some("said"),
            Some("Ahmed Khalil"),
            Some(Surname),
        )],
    );
}

#[test]
fn organisation_speaker() {
    check(
        "f-org",
        &[want(
            Direct,
            &["“We will not comment on rumors,”"],
            Some("said"),
            Some("White House"),
            Some(Organisation),
        )],
    );
}

#[test]
fn organisation_noun_indirect() {
    check(
        "f-org-ministry",
        &[want(
            Indirect,
            &["that exports had recovered"],
            Some("said"),
            Some("The ministry"),
            Some(Organisation),
        )],
    );
}

#[test]
fn passive_quoted_as_saying() {
    check(
        "f-passive",
        &[want(
            Indirect,
            &["that the talks had collapsed"],
            Some("was quoted as saying"),
            Some("The minister"),
            Some(Description),
        )],
    );
}

#[test]
fn added_cue_with_pronoun() {
    check(
        "f-added",
        &[
            want(
                Direct,
                &["“We are done,”"],
                Some("said"),
                Some("Smith"),
                Some(Named),
            ),
            want(
                Direct,
                &["“And we will not return,”"],
                Some("added"),
                Some("Smith"),
                Some(Pronoun),
            ),
        ],
    );
}

#[test]
fn tweeted_cue() {
    check(
        "f-tweeted",
        &[want(
            Direct,
            &["“Today we stood up for working families.”"],
            Some("tweeted"),
            Some("Maria Lopez"),
            Some(Named),
        )],
    );
}

#[test]
fn scare_quotes_titles_and_nicknames_are_not_quotes() {
    for id in ["f-scare", "f-title-work", "f-nickname"] {
        let (_, got) = run(id);
        assert!(got.is_empty(), "{id}: {got:?}");
    }
}

#[test]
fn mixed_curly_and_straight_marks() {
    check(
        "f-curly-straight-mixed",
        &[want(
            Direct,
            &["“We are ready,\""],
            Some("said"),
            Some("Smith"),
            Some(Named),
        )],
    );
}

#[test]
fn guillemets() {
    check(
        "f-guillemets",
        &[want(
            Direct,
            &["«We are ready,»"],
            Some("said"),
            Some("Smith"),
            Some(Named),
        )],
    );
}

#[test]
fn low_high_marks() {
    check(
        "f-low-high",
        &[want(
            Direct,
            &["„We are ready“"],
            Some("said"),
            Some("Smith"),
            Some(Named),
        )],
    );
}

#[test]
fn nested_single_quotes_stay_inside() {
    check(
        "f-nested",
        &[want(
            Direct,
            &["“He told me, ‘Don’t worry about it,’ and I didn’t,”"],
            Some("said"),
            Some("Smith"),
            Some(Named),
        )],
    );
}

#[test]
fn apostrophes_are_not_marks() {
    check(
        "f-apostrophes",
        &[want(
            Direct,
            &["“Korea’s ’90s teams weren’t this good,”"],
            Some("said"),
            Some("Smith"),
            Some(Named),
        )],
    );
}

#[test]
fn stray_mark_does_not_swallow_the_next_paragraph() {
    check(
        "f-stray",
        &[
            want(
                Mixed,
                &["\"encouraging. Exports rose."],
                Some("said"),
                Some("John Smith"),
                Some(Named),
            ),
            want(
                Mixed,
                &["\"close.\""],
                Some("said"),
                Some("Maria Lopez"),
                Some(Named),
            ),
        ],
    );
}

#[test]
fn unattributed_quote_has_no_speaker() {
    check(
        "f-no-speaker",
        &[want(Direct, &["“I regret nothing.”"], None, None, None)],
    );
}

#[test]
fn single_mark_style() {
    check(
        "f-single-style",
        &[want(
            Direct,
            &["'We go again,'"],
            Some("said"),
            Some("Smith"),
            Some(Named),
        )],
    );
}

#[test]
fn according_to_introducing_a_direct_quote() {
    check(
        "f-according-direct",
        &[want(
            Direct,
            &["“the plan is dead.”"],
            Some("According to"),
            Some("Smith"),
            Some(Named),
        )],
    );
}

#[test]
fn relative_pronoun_speaker_is_its_antecedent() {
    check(
        "f-relative-who",
        &[want(
            Mixed,
            &["“transform the region.”"],
            Some("said"),
            Some("Jones"),
            Some(Named),
        )],
    );
}

#[test]
fn age_description_resolves_to_the_person() {
    check(
        "f-year-old",
        &[want(
            Direct,
            &["“I just wanted to have fun,”"],
            Some("said"),
            Some("Simone Biles"),
            Some(Surname),
        )],
    );
}

#[test]
fn capitalised_one_word_sentence_continues_the_quote() {
    check(
        "f-short-second-part",
        &[want(
            Direct,
            &["\"I'm not sure,\"", "\"Maybe.\""],
            Some("said"),
            Some("Bob Marley"),
            Some(Named),
        )],
    );
}

#[test]
fn partial_quote_in_that_clause_of_an_email() {
    check(
        "f-email-that",
        &[want(
            Mixed,
            &["“tough choices”"],
            Some("told"),
            Some("Tim Cook"),
            Some(Named),
        )],
    );
}

#[test]
fn colon_after_a_person_clause_introduces_a_quote() {
    // A colon after a clause with a person subject introduces her words; a colon after `The
    // rule is simple` introduces no speech.
    check(
        "f-colon-no-verb",
        &[want(
            Direct,
            &["“This team is not good enough.”"],
            None,
            Some("Maria Lopez"),
            Some(Named),
        )],
    );
}

#[test]
fn question_with_inverted_common_noun_and_one_word_reply() {
    // The book title ends with a comma too, but no reporting verb follows it.
    check(
        "f-question-reply",
        &[
            want(
                Direct,
                &["“Are you serious?”"],
                Some("asked"),
                Some("one reporter"),
                Some(Description),
            ),
            want(
                Direct,
                &["“Absolutely,”"],
                Some("replied"),
                Some("the governor"),
                Some(Description),
            ),
        ],
    );
}

#[test]
fn appositive_name_with_title_names_the_described_speaker() {
    check(
        "f-appos-title",
        &[want(
            Indirect,
            &["she is relentless"],
            Some("says"),
            Some("James Park"),
            Some(Named),
        )],
    );
}

#[test]
fn second_source_does_not_swallow_the_first() {
    check(
        "f-two-sources",
        &[want(
            Indirect,
            &["the appeal could take years"],
            Some("said"),
            Some("Some"),
            Some(Description),
        )],
    );
}

#[test]
fn scare_quote_inside_indirect_speech() {
    check(
        "f-scare-in-indirect",
        &[want(
            Indirect,
            &["The so-called “Islamic State” claimed responsibility for the attack"],
            Some("according to"),
            Some("its Amaq news agency"),
            Some(Organisation),
        )],
    );
}

#[test]
fn subject_before_a_parenthetical_and_addressee_object() {
    // `told CNN`: CNN is the addressee, not the speaker.
    check(
        "f-paren-subject",
        &[want(
            Direct,
            &["“I have full confidence in her.”"],
            Some("told"),
            Some("Tim Scott"),
            Some(Named),
        )],
    );
}

#[test]
fn lowercase_role_is_not_part_of_the_name() {
    check(
        "f-lowercase-role",
        &[want(
            Direct,
            &["“Good butter, good flour, and patience,”"],
            Some("says"),
            Some("Lucia Romano"),
            Some(Named),
        )],
    );
}
