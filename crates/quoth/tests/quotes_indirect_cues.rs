//! Indirect attributions beyond `X said that …` (PolNeAR's propositional attitudes): perceived
//! and expected states with no named holder, reporting verbs whose object is what is reported,
//! cue prepositions and participles set off after a clause. Sentences written for these tests.

#[path = "common/native_quotes.rs"]
mod native_quotes;

use native_quotes::{quote_with, quotes, speaker_name};
use quoth::quotes::QuoteKind;

#[test]
fn a_perceived_state_is_content_without_a_speaker() {
    let t = "The new highway seems to have eased traffic in the valley.";
    let q = quote_with(t, "to have eased traffic");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.rule, "attitude_cue");
    assert!(q.speaker.is_none());
    let parts: Vec<&str> = q.content.iter().map(|s| s.text(t)).collect();
    assert_eq!(
        parts,
        ["The new highway", "to have eased traffic in the valley"]
    );
    assert_eq!(q.cue.map(|c| c.text(t)), Some("seems"));
}

#[test]
fn an_expected_event_is_content_without_a_speaker() {
    let t = "Governor Lena Moss is expected to sign the budget on Friday.";
    let q = quote_with(t, "to sign the budget");
    assert!(q.speaker.is_none());
    assert!(q.content.iter().any(|s| s.text(t) == "Governor Lena Moss"));
}

#[test]
fn short_or_nested_perceptions_are_not_attributions() {
    assert!(quotes("Visitors seem to agree.").is_empty());
    // Only the outermost attribution counts: the museum director's.
    let qs = quotes("The museum director said the new wing seems to be a success.");
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(qs[0].0.cue.map(|c| c.start), Some(20));
}

#[test]
fn the_object_of_a_naming_or_denying_verb_is_reported() {
    let q = quote_with(
        "Councilwoman Ada Pryce called the proposal a waste of money.",
        "a waste of money",
    );
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert!(speaker_name(&q).is_some_and(|n| n.ends_with("Ada Pryce")));
    let q = quote_with(
        "Senator Ben Ortiz denied the allegations of fraud.",
        "the allegations of fraud",
    );
    assert_eq!(speaker_name(&q).as_deref(), Some("Ben Ortiz"));
}

#[test]
fn calling_a_meeting_and_reporting_news_report_no_view() {
    assert!(quotes("The mayor called a meeting for Tuesday.").is_empty());
    assert!(quotes("Apple reported record revenue on Thursday.").is_empty());
}

#[test]
fn a_preposition_after_the_verb_belongs_to_the_cue() {
    let t = "Senator Joe Hart called for an inquiry into the contracts.";
    let q = quote_with(t, "an inquiry");
    let parts: Vec<&str> = q.content.iter().map(|s| s.text(t)).collect();
    assert_eq!(parts, ["an inquiry into the contracts"]);
    assert_eq!(speaker_name(&q).as_deref(), Some("Joe Hart"));
}

#[test]
fn a_participle_after_the_clause_takes_its_subject() {
    let t = "The company withdrew its bid, citing rising costs in the region.";
    let q = quote_with(t, "rising costs");
    assert_eq!(q.cue.map(|c| c.text(t)), Some("citing"));
    assert!(q
        .speaker
        .as_ref()
        .is_some_and(|s| s.span.text(t) == "The company"));
}

#[test]
fn a_stance_set_off_after_a_quote_is_its_own_attribution() {
    let t = "“We will not back down,” Mayor Dana Ruiz said, referring to the transit strike.";
    let q = quote_with(t, "the transit strike");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.cue.map(|c| c.text(t)), Some("referring"));
    assert_eq!(speaker_name(&q).as_deref(), Some("Dana Ruiz"));
}

#[test]
fn a_document_is_the_source_of_the_finding_it_shows() {
    let t = "The latest poll shows Senator Ray Holt ahead in the race.";
    let q = quote_with(t, "Ray Holt ahead");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert!(q
        .speaker
        .as_ref()
        .is_some_and(|s| s.span.text(t) == "The latest poll"));
    let t = "A new study found higher costs for rural hospitals.";
    let q = quote_with(t, "higher costs");
    assert!(q
        .speaker
        .as_ref()
        .is_some_and(|s| s.span.text(t) == "A new study"));
}

#[test]
fn findings_of_people_and_nested_findings_are_not_separate() {
    assert!(quotes("Police found the stolen car near the river.").is_empty());
    let qs = quotes("Analysts said the data showed the recovery was slowing.");
    assert_eq!(qs.len(), 1, "{qs:?}");
    assert_eq!(
        qs[0].1,
        ["the data showed the recovery was slowing".to_string()]
    );
}

#[test]
fn a_trailing_according_to_covers_every_joined_clause() {
    let t = "Exports grew sharply last year, but imports declined, according to customs data.";
    let q = quote_with(t, "imports declined");
    assert_eq!(q.rule, "according_to");
    let parts: Vec<&str> = q.content.iter().map(|s| s.text(t)).collect();
    assert_eq!(
        parts,
        ["Exports grew sharply last year, but imports declined"]
    );
    let t = "Wages rose by 2 percent in March, while prices fell by 1 percent, according to the \
             Labor Department.";
    let q = quote_with(t, "prices fell");
    assert!(q.content[0].text(t).starts_with("Wages rose"));
}

#[test]
fn a_name_labelling_the_headline_reports_the_claim_after_it() {
    let t =
        "Lena Moss: City budget will cut transit fares.\n\nThe mayor presented her plan on Monday.";
    let q = quote_with(t, "City budget");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.rule, "colon_source");
    assert_eq!(q.content[0].text(t), "City budget will cut transit fares");
    assert_eq!(speaker_name(&q).as_deref(), Some("Lena Moss"));
    // A rubric is nobody, and a label later in the article is no headline.
    let t = "Breaking: Storm closes every school in the county.\n\nThe storm hit on Monday.";
    assert!(quotes(t).is_empty());
    assert!(quotes("Weather update.\n\nLena Moss: City budget will cut transit fares.").is_empty());
}

#[test]
fn hedged_impressions_and_places_after_the_verb_report_nothing() {
    assert!(quotes("The senator can't seem to win over rural voters in the state.").is_empty());
    assert!(quotes("The new highway may seem to have eased traffic in the valley.").is_empty());
    assert!(quotes("Mayor Lena Moss called into the morning radio show on Friday.").is_empty());
}

#[test]
fn a_clause_joined_to_the_reporting_verb_continues_the_report() {
    let t = "Dana Fox said she won a scholarship for her first year, but her parents earned too much for state grants.";
    let q = quote_with(t, "she won a scholarship");
    assert_eq!(q.rule, "subject_verb_ccomp");
    assert_eq!(
        q.content[0].text(t),
        "she won a scholarship for her first year, but her parents earned too much for state grants"
    );
}

#[test]
fn a_trailing_aside_is_left_out_of_the_report() {
    let t =
        "The senator said the bill would pass in March, which surprised many of his colleagues.";
    let q = quote_with(t, "the bill would pass");
    assert_eq!(q.content[0].text(t), "the bill would pass in March");
    let t = "Mayor Tom Baker said the county will rebuild the old bridge, a crossing that dates to 1890.";
    let q = quote_with(t, "the county will rebuild");
    assert_eq!(
        q.content[0].text(t),
        "the county will rebuild the old bridge"
    );
}

#[test]
fn the_occasion_of_a_stance_is_not_its_content() {
    let t = "Senator Ana Lee criticized the new tariff during a debate on Tuesday.";
    let q = quote_with(t, "the new tariff");
    assert_eq!(q.rule, "attitude_cue");
    assert_eq!(q.content[0].text(t), "the new tariff");
}

#[test]
fn a_question_put_by_someone_unnamed_has_no_speaker() {
    let t = "Asked if she would run again, the governor said no.";
    let q = quote_with(t, "if she would run again");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.cue.map(|c| c.text(t)), Some("Asked"));
    assert!(q.speaker.is_none(), "{:?}", q.speaker);
    let t = "The mayor was asked whether the city would raise taxes next year.";
    let q = quote_with(t, "the city would raise taxes");
    assert!(q.speaker.is_none(), "{:?}", q.speaker);
    // A named asker stays the source.
    let t = "Senator Ana Cole asked whether the agency had warned the governor.";
    let q = quote_with(t, "the agency had warned");
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Cole"));
}

// Cue words learned from annotated news (quotes/learned_cues.rs): verbs and nouns the hand
// lists do not hold, in the frame where they attribute.

#[test]
fn a_learned_verb_reports_its_clause() {
    let t = "Councilman Raj Patel assured voters that the levy would expire next spring.";
    let q = quote_with(t, "the levy would expire");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(
        q.content[0].text(t),
        "that the levy would expire next spring"
    );
    assert!(speaker_name(&q).is_some_and(|n| n.ends_with("Raj Patel")));
}

#[test]
fn a_learned_noun_reports_its_clause_and_its_possessor_holds_it() {
    let t = "Mayor Ruth Hale's claim that the audit was rigged angered the council.";
    let q = quote_with(t, "the audit was rigged");
    assert_eq!(q.kind, QuoteKind::Indirect);
    assert_eq!(q.content[0].text(t), "that the audit was rigged");
    assert_eq!(q.cue.map(|c| c.text(t)), Some("claim"));
    assert!(speaker_name(&q).is_some_and(|n| n.ends_with("Hale")));
}

#[test]
fn learned_cues_leave_the_hand_rules_refusals_and_plain_acts_alone() {
    // A refusal to speak, a group's stance on a short object, the act of issuing a document,
    // an infinitive that only describes a meeting.
    for t in [
        "A spokesperson for the utility declined to comment.",
        "Republicans criticized the measure.",
        "The company released a statement on Friday.",
        "The two senators met on Monday to discuss the budget.",
    ] {
        let qs = quotes(t);
        assert!(qs.is_empty(), "{t}: {qs:?}");
    }
}

#[test]
fn a_learned_cue_reports_the_phrases_after_its_object() {
    // `highlighted X as proof that …`: the content runs on past the object.
    let t = "Mayor Dana Cole highlighted the new bus lanes as proof that the city was keeping \
             its promises.";
    let q = quote_with(t, "the new bus lanes");
    assert_eq!(q.kind, QuoteKind::Indirect);
    let parts: Vec<&str> = q.content.iter().map(|s| s.text(t)).collect();
    assert_eq!(
        parts,
        ["the new bus lanes as proof that the city was keeping its promises"]
    );
    assert_eq!(speaker_name(&q).as_deref(), Some("Dana Cole"));
}

#[test]
fn a_question_whose_asker_is_left_out_has_no_speaker() {
    // Whoever asked is not named; the senator is the one asked.
    let t = "Asked about the new tax plan for small family farms, Senator Ada Lee said she had \
             not read it yet.";
    let q = quote_with(t, "the new tax plan");
    assert_eq!(q.cue.map(|c| c.text(t)), Some("Asked"));
    assert!(q.speaker.is_none(), "{q:?}");
    let q = quote_with(t, "she had not read it yet");
    assert_eq!(speaker_name(&q).as_deref(), Some("Ada Lee"));
}
