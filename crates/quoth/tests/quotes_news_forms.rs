//! Quote forms of issue 14 on real-copy patterns (partial quotes under any clause, speakers
//! named before a colon, trailing attributions with any verb, quotes carried from the previous
//! sentence, documents as sources, speaker descriptions), each on sentences written for this
//! test and parsed by the native engine.

#[path = "common/native_quotes.rs"]
mod native_quotes;

use native_quotes::{quote_with, quotes, speaker_name};
use quoth::quotes::QuoteKind;

#[test]
fn partial_quote_takes_the_subject_of_its_clause() {
    let t = "Senator Maria Lopez bemoaned a climate in which people “simply refuse to listen” \
             to each other.";
    let q = quote_with(t, "simply refuse");
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert_eq!(q.rule, "partial_in_clause");
    assert_eq!(speaker_name(&q).as_deref(), Some("Maria Lopez"));
}

#[test]
fn name_and_colon_before_the_quote() {
    let q = quote_with(
        "Governor Tom Reyes: “We will not raise taxes this year.”",
        "raise taxes",
    );
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(speaker_name(&q).as_deref(), Some("Tom Reyes"));
}

#[test]
fn colon_at_the_end_of_the_previous_paragraph() {
    let q = quote_with(
        "Mayor Ana Ruiz told the council:\n\n“The budget is balanced and the reserves are full.”",
        "budget is balanced",
    );
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Ruiz"));
}

#[test]
fn colon_after_a_clause_with_any_verb() {
    let q = quote_with(
        "Carl Patel leaned in and boomed: “Let us win this in November.”",
        "win this",
    );
    assert_eq!(speaker_name(&q).as_deref(), Some("Carl Patel"));
}

#[test]
fn trailing_attribution_with_a_verb_outside_the_lexicon() {
    let q = quote_with(
        "“We will fight this ruling in every court,” the letter continued.",
        "fight this ruling",
    );
    assert_eq!(q.rule, "quote_trailing_clause");
    assert_eq!(
        q.speaker.as_ref().map(|s| s
            .span
            .text("“We will fight this ruling in every court,” the letter continued.")),
        Some("the letter")
    );
}

#[test]
fn standalone_quote_after_an_attributed_sentence() {
    let t = "Lawyer Dana Whitfield argues that her client never urged violence. “The \
             government is cherry-picking his words from months of videos.”";
    let q = quote_with(t, "cherry-picking");
    assert!(matches!(
        q.rule.as_str(),
        "previous_sentence_cue" | "continuation"
    ));
    assert!(speaker_name(&q).is_some_and(|n| n.ends_with("Dana Whitfield")));
    // No quote before it: the previous sentence's reporting verb, not the one nested in it.
    let t = "Few listened. Lawyer Dana Whitfield argues in her brief that her client never urged              anything of the kind, and the court agreed. “The government is cherry-picking.”";
    let q = quote_with(t, "cherry-picking");
    assert!(
        speaker_name(&q).is_some_and(|n| n.ends_with("Dana Whitfield")),
        "{q:?}"
    );
}

#[test]
fn long_quoted_passage_without_a_source_is_kept_without_speaker() {
    let q = quote_with(
        "On the wall hung a sign with “never again will we be silent” painted in red.",
        "never again",
    );
    assert!(q.speaker.is_none());
}

#[test]
fn emphasis_and_crowd_slogans_are_not_quotes() {
    assert!(quotes("Coach Ham praised his star’s “incredible” work ethic.").is_empty());
    assert!(quotes("Protesters chanted “No justice, no peace” as they marched.").is_empty());
}

#[test]
fn beliefs_and_intentions_are_indirect_attributions() {
    let q = quote_with(
        "Senator Elena Ruiz thinks the bill will fail in the House.",
        "the bill will fail",
    );
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.rule, "attitude_cue");
    assert_eq!(speaker_name(&q).as_deref(), Some("Elena Ruiz"));
    let q = quote_with(
        "Mayor Tom Baker plans to run for a second term next year.",
        "to run for a second term",
    );
    assert_eq!(speaker_name(&q).as_deref(), Some("Tom Baker"));
}

#[test]
fn a_document_is_the_source_of_what_it_shows() {
    let t = "A new report by the Brookings Institution shows that wages rose in every state.";
    let q = quote_with(t, "wages rose");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert!(q
        .speaker
        .as_ref()
        .is_some_and(|s| s.span.text(t).contains("report")));
}

#[test]
fn embedded_questions_and_refusals_report_nothing() {
    assert!(quotes("Nobody remembers who named it.").is_empty());
    assert!(quotes("The spokesman declined to comment on the talks.").is_empty());
}

#[test]
fn a_refused_or_agreed_action_is_reported() {
    // What is refused or agreed to is content (PolNeAR's refusals); a refusal to speak is not.
    let q = quote_with(
        "Mayor Tom Baker refused to sign the zoning order.",
        "to sign the zoning order",
    );
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.rule, "attitude_cue");
    assert_eq!(speaker_name(&q).as_deref(), Some("Tom Baker"));
    let t = "Senator Ana Lee agreed to delay the vote until March.";
    let q = quote_with(t, "to delay the vote until March");
    assert_eq!(q.cue.map(|c| c.text(t)), Some("agreed"));
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Lee"));
    assert!(quotes("Mayor Tom Baker declined to say whether he would run.").is_empty());
}

#[test]
fn nested_attribution_takes_the_outermost_source() {
    let q = quote_with(
        "Senator Ana Cole said the mayor called the plan “a reckless gamble” on Monday.",
        "reckless gamble",
    );
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Cole"));
    let q = quote_with(
        "According to Ana Cole, the mayor would call the plan “a reckless gamble” if asked.",
        "reckless gamble",
    );
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Cole"));
}

#[test]
fn speaker_description_from_appositive_or_role_words() {
    let t = "“The sanctions are working,” said Sue Mi Terry, a former CIA analyst, on Monday.";
    let q = quote_with(t, "sanctions");
    let sp = q.speaker.as_ref().expect("a speaker");
    assert_eq!(sp.name.as_deref(), Some("Sue Mi Terry"));
    assert_eq!(
        sp.description.map(|d| d.text(t)),
        Some("a former CIA analyst")
    );
    let t = "White House spokeswoman Sarah Sanders said the president “never promoted violence.”";
    let q = quote_with(t, "never promoted");
    let sp = q.speaker.as_ref().expect("a speaker");
    assert_eq!(sp.name.as_deref(), Some("Sarah Sanders"));
    assert_eq!(
        sp.description.map(|d| d.text(t)),
        Some("White House spokeswoman")
    );
    let t = "“We are ready,” she said.";
    let q = quote_with(t, "ready");
    assert!(q.speaker.as_ref().is_some_and(|s| s.description.is_none()));
}

#[test]
fn curly_single_quotes_in_a_headline_over_double_quoted_copy() {
    let t = "Senator Warren Calls Rival’s Plan ‘A Recipe for Disaster’\n\nThe senator spoke on \
             Sunday. “It will not work,” she said.";
    let qs = quotes(t);
    assert!(
        qs.iter()
            .any(|(_, c)| c.iter().any(|s| s == "‘A Recipe for Disaster’")),
        "{qs:?}"
    );
    assert!(qs
        .iter()
        .any(|(_, c)| c.iter().any(|s| s.contains("It will not work"))));
    // An apostrophe inside double-quoted copy opens nothing.
    let t = "The mayor’s office said the plan ‘works’ and Jones’ aides agreed. “Fine,” he said.";
    let qs = quotes(t);
    assert!(
        qs.iter().any(|(_, c)| c.iter().any(|s| s == "“Fine,”")),
        "{qs:?}"
    );
}

#[test]
fn unattributed_passage_continues_the_quote_before_it() {
    let t = "“We will win,” Mayor Ana Ruiz said on Monday. The crowd cheered for a plan with “a \
             budget for every family in this city” and more.";
    let q = quote_with(t, "every family");
    assert_eq!(q.rule, "continuation");
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Ruiz"));
}

#[test]
fn pronoun_resolves_to_a_person_named_many_sentences_earlier() {
    let mut t = String::from("Senator Maria Lopez toured the plant on Monday.");
    for _ in 0..10 {
        t.push_str(" The plant employs many workers.");
    }
    t.push_str(" “We will keep these jobs,” she said.");
    let q = quote_with(&t, "keep these jobs");
    assert_eq!(speaker_name(&q).as_deref(), Some("Maria Lopez"));
}

#[test]
fn doubled_apostrophes_are_quotation_marks() {
    let t = "''I assume they saw the market returning,'' Mr. Ekovich said.";
    let q = quote_with(t, "I assume");
    assert_eq!(
        q.content[0].text(t),
        "''I assume they saw the market returning,''"
    );
    assert_eq!(speaker_name(&q).as_deref(), Some("Ekovich"));
}

#[test]
fn a_reported_question_is_indirect_speech() {
    let t = "Senator Ana Cole asked whether the agency had warned the governor about the flood.";
    let q = quote_with(t, "the agency had warned");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Cole"));
    // `declined to say whether …` still reports nothing.
    assert!(quotes("The spokesman declined to say whether the talks had failed.").is_empty());
}

/// A transcript in an article: every paragraph opens a mark and a speaker label, only the last
/// closes the quote. Each turn is its speaker's quote; a label linked to the one person of that
/// surname takes the full name; a bare label after a fuller one (`ODUYA` after `AMARA ODUYA`) is
/// that speaker; a paragraph without a label continues the turn.
#[test]
fn transcript_turns_are_their_speakers_quotes() {
    let text = "Senator Amara Oduya spoke to the Morning Desk on Sunday. Part of the exchange \
follows.\n\n\"HOST: Will you run for governor next year?\n\n\"AMARA ODUYA: Not this year, and \
maybe not ever.\n\n\"HOST: Why not?\n\n\"ODUYA: I have a farm to run and a state senate seat \
to keep.\n\n\"My family comes first, and that will not change.\"\n\nOduya later left the studio.";
    let host = quote_with(text, "Why not?");
    assert_eq!(host.rule, "transcript");
    assert_eq!(speaker_name(&host).as_deref(), Some("Host"));
    let first = quote_with(text, "Not this year");
    assert_eq!(speaker_name(&first).as_deref(), Some("Amara Oduya"));
    let second = quote_with(text, "I have a farm");
    assert_eq!(speaker_name(&second).as_deref(), Some("Amara Oduya"));
    assert_eq!(second.content.len(), 2, "{second:?}");
    assert_eq!(
        second.content[1].text(text),
        "My family comes first, and that will not change."
    );
    assert!(second.content[0].text(text).starts_with("I have a farm"));
    // No quote spans a label or runs across turns.
    for (q, c) in quotes(text) {
        assert!(
            c.iter()
                .all(|s| !s.contains("HOST:") && !s.contains("ODUYA:")),
            "{q:?}"
        );
    }
}

#[test]
fn markup_attribute_values_are_not_quotes() {
    let t = "The mayor posted a photo.\n\n<post post-author=\"@mayor_ana\" post-date=\"May 3, \
             2021\n\">Fresh paint on the old bridge today.</post>\n\n“It looks great,” \
             Ana Ruiz said.";
    let qs = quotes(t);
    assert!(
        qs.iter().all(|(_, c)| c
            .iter()
            .all(|s| !s.contains("May 3") && !s.contains("@mayor"))),
        "{qs:?}"
    );
    let q = quote_with(t, "looks great");
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Ruiz"));
}

#[test]
fn label_after_as_is_the_subjects_characterisation() {
    let q = quote_with(
        "Senator Maria Lopez described the new budget as “dead on arrival” on Tuesday.",
        "dead on arrival",
    );
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert_eq!(speaker_name(&q).as_deref(), Some("Maria Lopez"));
    let q = quote_with(
        "Governor Tom Reyes identified the contractor as “Canadian” in a short statement.",
        "Canadian",
    );
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert_eq!(speaker_name(&q).as_deref(), Some("Tom Reyes"));
}

#[test]
fn words_named_by_a_noun_for_words_belong_to_their_clause() {
    let q = quote_with(
        "Senator Maria Lopez has coined a new phrase, “paper tigers,” to describe her rivals.",
        "paper tigers",
    );
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert_eq!(q.rule, "partial_in_clause");
    assert_eq!(speaker_name(&q).as_deref(), Some("Maria Lopez"));
    let q = quote_with("Mayor Ana Ruiz dislikes the word “crisis.”", "crisis");
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Ruiz"));
}

#[test]
fn a_title_the_ner_ran_over_the_speaker_and_verb_is_not_the_speakers_name() {
    // The small model tags `Trump accused Holt of being` as one WORK_OF_ART here.
    let q = quote_with(
        "Bemoaning the \"phony system,\" Trump accused Holt of being a Democrat.",
        "phony system",
    );
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert_eq!(speaker_name(&q).as_deref(), Some("Trump"));
}

#[test]
fn a_section_header_the_parser_runs_into_the_story_is_not_its_subject() {
    // The parser runs the dateline, the header and the time line into the story's first
    // sentence: the subject of `questioning` it finds is in the header's paragraph, and `Tom
    // Reyes` hangs on it as an appositive.
    let t = "CHICAGO (AP) — The Latest on the mayoral race (all times CDT):\n\n\
             9 a.m.\n\n\
             Tom Reyes is again questioning the integrity of the city voting system, encouraging \
             his backers to visit polling stations on Tuesday to make sure the count is “clean \
             and fair.”";
    let q = quote_with(t, "clean");
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert_eq!(speaker_name(&q).as_deref(), Some("Tom Reyes"));
}

#[test]
fn fragments_joined_by_and_share_their_attribution() {
    let t = "Reyes called the auditor “Miss Numbers” and “Madam Zero” in two speeches.";
    for frag in ["Miss Numbers", "Madam Zero"] {
        let q = quote_with(t, frag);
        assert_eq!(q.kind, QuoteKind::Mixed, "{frag}");
        assert_eq!(speaker_name(&q).as_deref(), Some("Reyes"), "{frag}");
    }
}

#[test]
fn a_header_run_into_the_story_is_no_subject() {
    // The parser makes `The Latest` the subject of `questioning` across two paragraph breaks;
    // the tree is cut at each break and the story's own first noun is the subject.
    let t = "The Latest on the state budget fight (all times local):\n\n4 p.m.\n\nGovernor Tom \
             Reyes is once again questioning the budget office, urging his supporters to make \
             sure every figure is “on the level.”";
    let q = quote_with(t, "on the level");
    assert_eq!(speaker_name(&q).as_deref(), Some("Tom Reyes"));
}

#[test]
fn a_capitalised_label_after_a_passive_label_verb_is_quoted() {
    let t = "When the fact-checkers examined the senator's claim, it was labeled “Mostly False.”";
    let q = quote_with(t, "Mostly False");
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert!(speaker_name(&q).is_none());
}

#[test]
fn a_participle_climbed_to_a_passive_clause_takes_its_subject() {
    let t = "Senator Ana Ruiz fell ill in May. After saying her knee was “so swollen I could \
             barely walk,” she was taken to a hospital in Dover.";
    let q = quote_with(t, "so swollen");
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Ruiz"));
}

#[test]
fn she_after_an_unnamed_woman_is_that_woman() {
    let t = "Senator Tom Reyes spoke for an hour. The woman’s enthusiasm for him was plain.\n\n\
             “Here he comes,” she said.";
    let q = quote_with(t, "Here he comes");
    assert_eq!(speaker_name(&q).as_deref(), Some("The woman"));
}

#[test]
fn liken_reports_the_words_it_compares() {
    let t = "Another critic, Professor Laura Chen, likened the rules to “burning the charter.”";
    let q = quote_with(t, "burning the charter");
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert_eq!(speaker_name(&q).as_deref(), Some("Laura Chen"));
}
