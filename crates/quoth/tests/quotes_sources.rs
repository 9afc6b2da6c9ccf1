//! Sources of quotes on real-copy patterns (issue 14): the outermost attribution over a
//! partial quote, names signed after a dash, trailing clauses with a common-noun subject, a
//! source narrated in the sentence before, a statement's author, participles that are not
//! inverted attributions. Sentences written for this test, parsed by the native engine.

#[path = "common/native_quotes.rs"]
mod native_quotes;

use native_quotes::{quote_with, quotes, speaker_name};
use quoth::quotes::{Quote, QuoteKind};

fn speaker_text(text: &str, q: &Quote) -> String {
    q.speaker
        .as_ref()
        .map(|s| s.span.text(text).to_string())
        .unwrap_or_default()
}

#[test]
fn partial_quote_under_a_misparsed_clause_takes_the_outer_cue() {
    let t = "Ohio Governor Tom Reyes predicted at the debate that Republicans will take \
             “every state” in the fall.";
    let q = quote_with(t, "every state");
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert_eq!(speaker_name(&q).as_deref(), Some("Tom Reyes"));
}

#[test]
fn partial_quote_in_a_nested_clause_is_the_outer_speakers() {
    let t = "Senator Maria Lopez says voters are seeking a leader, but instead the governor is \
             giving them “lectures and distractions.”";
    let q = quote_with(t, "lectures");
    assert_eq!(speaker_name(&q).as_deref(), Some("Maria Lopez"));
}

#[test]
fn names_signed_after_a_dash() {
    let t = "Readers wrote in after the debate.\n\
             “He did not answer a single question about jobs.” ― Maria Lopez\n\
             “Mostly he promotes fear. A terrible example for children.” ― Ana Ortiz\n";
    let q = quote_with(t, "single question");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(speaker_name(&q).as_deref(), Some("Maria Lopez"));
    let q = quote_with(t, "promotes fear");
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Ortiz"));
    assert_eq!(speaker_text(t, &q), "Ana Ortiz");
}

#[test]
fn name_signed_alone_in_the_next_paragraph() {
    let t = "\"The numbers changed over the years.\"\n\n- Bernie Sanders.\n\n\
             The senator is relying on an old statistic.";
    let q = quote_with(t, "numbers changed");
    assert_eq!(speaker_name(&q).as_deref(), Some("Bernie Sanders"));
}

#[test]
fn a_dash_after_a_title_is_no_signature() {
    let t = "His book “The Art of the Deal” — Donald Trump's bestseller — sold well.";
    assert!(quotes(t)
        .iter()
        .all(|(q, _)| speaker_name(q).as_deref() != Some("Donald Trump")));
}

#[test]
fn trailing_clause_with_a_common_noun_subject() {
    let t = "“Will he be the next attorney general?” a staffer in the room wondered. Perez has \
             also been mentioned.";
    let q = quote_with(t, "attorney general");
    assert!(speaker_text(t, &q).contains("staffer"), "{q:?}");
}

#[test]
fn source_narrated_in_the_sentence_before() {
    let t = "“The plan is dead,” Ana Ruiz said.\n\n\
             Carl Patel disagreed. “The plan will pass next week.”";
    let q = quote_with(t, "pass next week");
    assert_eq!(speaker_name(&q).as_deref(), Some("Carl Patel"));
    let q = quote_with(t, "plan is dead");
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Ruiz"));
}

#[test]
fn statement_saying_takes_the_statements_author() {
    let t = "Secretary Martin Andanar released a statement saying that the candidate had \
             “professed his love for the country.”";
    let q = quote_with(t, "professed his love");
    assert_eq!(speaker_name(&q).as_deref(), Some("Martin Andanar"));
}

#[test]
fn a_participle_after_a_quote_is_not_inverted() {
    let t = "The Hope Foundation did not want to address “that person,” telling Fox 35 that the \
             group is focused on “ending gun violence.”";
    for (q, _) in quotes(t) {
        assert_ne!(speaker_name(&q).as_deref(), Some("Fox 35"), "{q:?}");
    }
}

#[test]
fn parenthetical_attribution_reports_the_clause_around_it() {
    let t = "Mr. Obama, officials said, has become increasingly skeptical about the fallback \
             options.";
    let qs = quotes(t);
    let (q, content) = qs
        .iter()
        .find(|(q, _)| q.kind == QuoteKind::Indirect)
        .expect("an indirect quote");
    assert_eq!(
        content,
        &vec![
            "Mr. Obama".to_string(),
            "has become increasingly skeptical about the fallback options".to_string()
        ]
    );
    assert_eq!(speaker_text(t, q), "officials");
}

#[test]
fn stance_verbs_attribute_their_object() {
    let t = "Senator Maria Lopez criticized the governor for cutting the school budget.";
    let qs = quotes(t);
    let (q, content) = qs
        .iter()
        .find(|(q, _)| q.kind == QuoteKind::Indirect)
        .expect("an indirect quote");
    assert_eq!(
        content,
        &vec!["the governor for cutting the school budget".to_string()]
    );
    assert_eq!(speaker_name(q).as_deref(), Some("Maria Lopez"));
}

#[test]
fn stance_in_a_relative_clause_is_no_attribution() {
    let t = "Voters who support the governor turned out in large numbers on Tuesday.";
    assert!(quotes(t).is_empty(), "{:?}", quotes(t));
}

#[test]
fn fragment_right_after_a_label_verb_is_the_speakers() {
    let t = "Governor Ana Ruiz, a longtime ally, called Florida’s standards “strong.”";
    let q = quote_with(t, "strong");
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Ruiz"));
    let t = "Within minutes, Senator Tom Reyes called his rival “Little Tommy” on stage.";
    let q = quote_with(t, "Little Tommy");
    assert_eq!(speaker_name(&q).as_deref(), Some("Tom Reyes"));
}

#[test]
fn relative_pronoun_speaker_is_its_antecedent() {
    let t = "They turned to the Chicago Police Department which reported “2,521 shooting \
             incidents” in the city.";
    let q = quote_with(t, "shooting incidents");
    let name = speaker_name(&q).unwrap_or_default();
    assert!(name.contains("Chicago Police Department"), "{q:?}");
}

#[test]
fn a_title_after_a_preposition_or_possessive_is_no_quote() {
    let t = "Senator Dana Whitfield said on CBS’s “Meet the Neighbors” that the bill would pass. \
             She spoke again on “Sunday Morning Roundup” later.";
    let qs = quotes(t);
    assert!(
        qs.iter().all(|(_, c)| !c
            .iter()
            .any(|s| s.contains("Neighbors") || s.contains("Roundup"))),
        "{qs:?}"
    );
}

#[test]
fn inverted_cue_names_the_speaker_the_parser_hung_elsewhere() {
    let t = "“The danger,” said Edward Lane, an economist who is the director of the Harbor \
             Forecast, “is that employers will cut jobs.”";
    let q = quote_with(t, "danger");
    assert_eq!(speaker_name(&q).as_deref(), Some("Edward Lane"));
}

#[test]
fn a_label_participle_on_a_statement_is_its_authors() {
    let t = "Hours later, Governor Ann Lee issued a statement calling on the state \
             “to redouble our efforts to protect our homes.”";
    let q = quote_with(t, "redouble");
    assert_eq!(speaker_name(&q).as_deref(), Some("Ann Lee"));
}

#[test]
fn a_press_release_saying_is_its_senders() {
    let t = "Shortly after the call ended, Senator Ann Lee’s campaign sent out a press release \
             saying her rival owes “the state an explanation.”";
    let q = quote_with(t, "explanation");
    assert!(speaker_text(t, &q).contains("campaign"), "{q:?}");
}

#[test]
fn a_document_that_notes_is_its_publishers() {
    let t = "The Daily Ledger recently ran an article that noted his \
             “health plan would benefit wealthy families.”";
    let q = quote_with(t, "health plan");
    assert_eq!(speaker_text(t, &q), "Daily Ledger");
}

#[test]
fn a_headline_label_before_a_colon_voices_its_quotes() {
    let t = "Reyes: Rival Would Pack The Court, ‘I Fear The Same Old Deal’\n\n\
             Senator Tom Reyes spoke in Ohio on Monday.";
    let q = quote_with(t, "Same Old Deal");
    assert_eq!(speaker_text(t, &q), "Reyes");
}

/// The reported clause of a mixed quote, as text.
fn clause_text(text: &str, q: &Quote) -> Option<String> {
    q.clause.map(|c| c.text(text).to_string())
}

#[test]
fn mixed_quote_carries_its_reported_clause() {
    let t = "Mayor Ana Ruiz said on Tuesday that the new stadium deal was “a gift to developers” \
             and a burden on taxpayers.";
    let q = quote_with(t, "a gift to developers");
    assert_eq!(q.kind, QuoteKind::Mixed);
    let clause = clause_text(t, &q).expect("a reported clause");
    assert!(
        clause.starts_with("that the new stadium deal was"),
        "{clause}"
    );
    assert!(clause.contains("a gift to developers"), "{clause}");
    assert!(
        !clause.contains("Tuesday") && !clause.contains("said"),
        "{clause}"
    );
}

#[test]
fn small_clause_clause_takes_the_object_along() {
    let t = "Senator Maria Lopez called the governor’s budget “reckless” on Friday.";
    let q = quote_with(t, "reckless");
    let clause = clause_text(t, &q).expect("a reported clause");
    assert!(clause.starts_with("the governor’s budget"), "{clause}");
    assert!(!clause.contains("Friday"), "{clause}");
}

#[test]
fn direct_and_indirect_quotes_have_no_separate_clause() {
    let t = "“We will win,” said Ana Ruiz. Lopez said the council would vote next week.";
    for (q, _) in quotes(t) {
        assert_ne!(q.kind, QuoteKind::Mixed, "{q:?}");
        assert!(q.clause.is_none(), "{q:?}");
    }
}

#[test]
fn a_short_fragment_in_a_labelled_headline_is_the_labels() {
    let t = "Senator Lopez: Governor Was ‘Stalling’ on Budget Talks\n\nThe senator spoke to \
             reporters on Monday about the state budget.";
    let q = quote_with(t, "Stalling");
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert_eq!(speaker_text(t, &q), "Lopez");
    let clause = clause_text(t, &q).expect("the headline after its label");
    assert_eq!(clause, "Governor Was ‘Stalling’ on Budget Talks");
}

#[test]
fn a_no_break_space_after_the_signature_dash_still_signs() {
    let t = "Readers wrote in after the debate.\n\
             “He did not answer a single question about jobs.” ― Ana Ortiz\n\
             “Mostly he promotes fear and division in our towns.” ―\u{a0}Maria Lopez\n";
    let q = quote_with(t, "Mostly he promotes");
    assert_eq!(speaker_name(&q).as_deref(), Some("Maria Lopez"));
    let q = quote_with(t, "single question");
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Ortiz"));
}

#[test]
fn an_aside_after_a_dash_is_not_reported() {
    let t = "The senator said he was “encouraged” by the plan — a modest boost for the governor \
             this year.";
    let q = quote_with(t, "encouraged");
    let clause = clause_text(t, &q).expect("a reported clause");
    assert_eq!(clause, "he was “encouraged” by the plan");
}

#[test]
fn a_relative_clause_misparsed_as_the_cues_complement_keeps_its_antecedent_as_speaker() {
    let t = "Sanders, meanwhile, who sits at zero such endorsements, said that fact speaks \
             volumes about which candidate is \"prepared to take on the establishment.\"";
    let q = quote_with(t, "prepared to take on");
    assert_eq!(speaker_text(t, &q), "Sanders");
}

#[test]
fn a_mixed_quote_under_according_to_reports_the_clause_it_modifies() {
    let t = "According to the senator, the new stadium plan is “a gift to developers” and a \
             burden on taxpayers.";
    let q = quote_with(t, "a gift to developers");
    let clause = clause_text(t, &q).expect("a reported clause");
    assert_eq!(
        clause,
        "the new stadium plan is “a gift to developers” and a burden on taxpayers"
    );
}

#[test]
fn a_conjunct_hung_on_the_cue_continues_the_reported_clause() {
    let t = "The mayor also said that it was too early to tell whether the fire was set on \
             purpose, and there was “no evidence” yet that it was arson.";
    let q = quote_with(t, "no evidence");
    let clause = clause_text(t, &q).expect("a reported clause");
    assert!(clause.starts_with("that it was too early"), "{clause}");
    assert!(clause.ends_with("that it was arson"), "{clause}");
}

#[test]
fn subject_between_the_closing_mark_and_the_cue() {
    // The parser takes a noun inside the quote for the subject: the phrase after the mark is it.
    let t = "“Very good reporter, very good reporter this guy,” Tom Reyes, the front-runner in \
             the state by a wide margin after winning the first primaries, said at the event.";
    let q = quote_with(t, "this guy");
    assert_eq!(speaker_name(&q).as_deref(), Some("Tom Reyes"));
    // A capitalised name the tagger read as a modal.
    let t = "“This might, and should, hasten the eclipse of every outsider in the race,” Will \
             wrote.";
    let q = quote_with(t, "eclipse");
    assert_eq!(speaker_name(&q).as_deref(), Some("Will"));
}

#[test]
fn inverted_cue_with_an_odd_name_or_spacing() {
    // A name after an inverted cue the tagger did not read as a noun.
    let t = "“Having the files and two people who understand them is valuable,” said Skelly, \
             explaining he worked closely with Ana Ruiz.";
    let q = quote_with(t, "valuable");
    assert_eq!(speaker_name(&q).as_deref(), Some("Skelly"));
    // Extra white space between the closing mark and the cue.
    let t =
        "“The report is Exhibit A, and proves the committee has faced delays from Day One,”\u{a0} \
             added Gowdy.\n\nThe hearing ended.";
    let q = quote_with(t, "Exhibit A");
    assert_eq!(speaker_name(&q).as_deref(), Some("Gowdy"));
}

#[test]
fn relative_pronoun_in_a_coordinated_relative_clause_is_its_noun() {
    let t = "The senator was rallying for a retired teacher named Eric Kingsley, who is running \
             for Congress and who worked the crowd, praising \"the genuine integrity of the \
             movement\" as he spoke.";
    let q = quote_with(t, "genuine integrity");
    assert_eq!(speaker_name(&q).as_deref(), Some("Eric Kingsley"));
}

#[test]
fn people_addressed_by_a_message_are_not_its_source() {
    let t = "The Vermont senator emailed supporters saying: \"The struggle continues and we \
             will fight on.\"";
    let q = quote_with(t, "struggle continues");
    assert_eq!(speaker_text(t, &q), "The Vermont senator");
}

#[test]
fn paper_reporting_a_quote_after_it_is_the_outer_source() {
    let t = "Asked about the plan, Mayor Ana Ruiz said: \"There will always be exceptions,\" the \
             Times reported.";
    let q = quote_with(t, "always be exceptions");
    assert_eq!(speaker_text(t, &q), "Times");
}

#[test]
fn cue_opening_its_sentence_is_inverted() {
    let t = "Economists doubt the plan. Said Ellis: “I don’t get the sense she’s the least bit \
             interested in tax reform.”";
    let q = quote_with(t, "tax reform");
    assert_eq!(speaker_text(t, &q), "Ellis");
}

#[test]
fn headline_subject_of_a_verb_speaks_the_quote_after_the_colon() {
    let t = "Ann Lee Endorses Ted Cruz: I Am ‘Horrified’ By the Mayor.\n\nAnn Lee threw her \
             support behind Ted Cruz on Wednesday.\n";
    let q = quote_with(t, "Horrified");
    assert_eq!(speaker_name(&q).as_deref(), Some("Ann Lee"));
}

#[test]
fn partial_quote_in_a_that_clause_is_the_finders() {
    // `found` is in no cue lexicon; the clause it governs with `that` is still its subject's
    // finding, not the words of the agency named inside it.
    let t = "Senator Maria Lopez found last year that the state agency is “the worst in the \
             country.”";
    let q = quote_with(t, "worst in the");
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert_eq!(speaker_name(&q).as_deref(), Some("Maria Lopez"));
}

#[test]
fn clause_ending_at_the_comma_before_a_quote_is_its_source() {
    // `shot back` is in no cue lexicon; the quote must not continue the mayor's criticism.
    let t = "After Mayor Tom Reyes criticized the plan, Senator Maria Lopez shot back, “I chose \
             to fight for this city, and I will keep fighting.”";
    let q = quote_with(t, "fight for this city");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(speaker_name(&q).as_deref(), Some("Maria Lopez"));
    let t = "Most voters agreed. But as the Daily Ledger pointed out, “Still, the mayor has \
             declined to release his tax returns.”";
    let q = quote_with(t, "declined to release");
    assert!(speaker_text(t, &q).contains("Ledger"), "{q:?}");
}

#[test]
fn partial_quote_in_a_claim_is_the_possessors() {
    // The fragment sits in the `that` clause of Lopez's claim: hers, not the agency's (the
    // clause's subject) nor the fact-checkers' (who only examined it).
    let t = "The fact-checkers seized on Senator Maria Lopez’s claim that the state agency had \
             “lost thousands of files” last year.";
    let q = quote_with(t, "thousands of files");
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert_eq!(speaker_name(&q).as_deref(), Some("Maria Lopez"));
}

#[test]
fn name_signed_after_a_dash_glued_to_the_closing_mark() {
    // `”―` is one token: each line is still its signer's, not the line before's.
    let t = "Readers wrote in after the debate.\n\
             “He did not answer a single question about jobs.”― Maria Lopez\n\
             “Mostly he promotes fear. A terrible example for children.”― Ana Ortiz.\n";
    let q = quote_with(t, "single question");
    assert_eq!(speaker_name(&q).as_deref(), Some("Maria Lopez"));
    let q = quote_with(t, "promotes fear");
    assert_eq!(q.kind, QuoteKind::Direct);
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Ortiz"));
    // The glued mark and dash describe nobody.
    assert!(
        q.speaker.as_ref().is_some_and(|s| s.description.is_none()),
        "{q:?}"
    );
}

#[test]
fn pronoun_speaker_continues_the_subject_before_a_later_object() {
    // `He` is the governor who spoke, not the president he met (named later, and male too).
    let t = "\"We have had problems with intrusions in the past,\" Governor Tom Reyes said after \
             meeting with Russian President Vladimir Petrov. He did not suggest retaliation. \
             \"Our goal is to set some norms so that everybody acts responsibly.\"";
    let q = quote_with(t, "set some norms");
    assert_eq!(speaker_text(t, &q), "He");
    assert_eq!(speaker_name(&q).as_deref(), Some("Tom Reyes"));
}

#[test]
fn label_in_a_free_relative_is_the_outer_sources() {
    // `what Reyes called “…”` sits inside what Lopez denounces: the outer source is credited.
    let t = "Senator Maria Lopez used blunt language to denounce what Governor Tom Reyes called \
             the state’s “reckless, dangerous” budget.";
    let q = quote_with(t, "reckless");
    assert_eq!(q.kind, QuoteKind::Mixed);
    assert_eq!(speaker_name(&q).as_deref(), Some("Maria Lopez"));
    // A claim noun around it is a source too.
    let t = "Senator Ann Lee’s claim that the staff had been involved in what several lawmakers \
             called “fraud” was false.";
    let q = quote_with(t, "fraud");
    assert_eq!(speaker_name(&q).as_deref(), Some("Ann Lee"));
    // A wish around it says nothing: the label stays its own speaker's.
    let t = "Mayor Ana Ruiz seeks to pass what Governor Tom Reyes calls “sensible gun laws” this \
             spring.";
    let q = quote_with(t, "sensible gun laws");
    assert_eq!(speaker_name(&q).as_deref(), Some("Tom Reyes"));
}

#[test]
fn nesting_stops_at_a_paragraph_break() {
    // The parser runs the two paragraphs into one sentence (straight marks, `."` then a blank
    // line); the chief's fragments must not climb to the attorney general's `saying`.
    let t = "Attorney General Roy Cooper (D), the governor's opponent in the upcoming election, \
             called Friday for releasing the police videos, as well, saying that transparency \
             \"breaks down barriers and brings progress.\"\n\n\
             Kerr Putney, the Charlotte-Mecklenburg police chief, said that police video footage \
             of the encounter did not give \"absolute definitive visual evidence that would \
             confirm that a person is pointing a gun,\" but he said that the footage and other \
             evidence \"supports what we've heard\" about what happened.";
    let q = quote_with(t, "absolute definitive");
    assert_eq!(speaker_name(&q).as_deref(), Some("Kerr Putney"));
    let q = quote_with(t, "supports what");
    assert_eq!(speaker_name(&q).as_deref(), Some("Kerr Putney"));
    let q = quote_with(t, "breaks down barriers");
    assert_eq!(speaker_name(&q).as_deref(), Some("Roy Cooper"));
}

#[test]
fn a_recording_of_someone_speaking_is_their_quote() {
    // The ad shows Stone asking: the question is hers, not the ad's.
    let t = "The ad uses footage of Mary Stone asking, “Why aren’t I 50 points ahead, you might \
             ask?”";
    let q = quote_with(t, "50 points ahead");
    assert_eq!(speaker_name(&q).as_deref(), Some("Mary Stone"));
    // A letter to someone asking is the writer's.
    let t = "Mayor Ana Ruiz wrote a letter to Governor Tom Reyes asking the state to investigate \
             the “fiasco.”";
    let q = quote_with(t, "fiasco");
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Ruiz"));
}

#[test]
fn a_relative_pronoun_is_the_mention_of_its_antecedent_speaker() {
    let t = "Residents packed the hall to hear Marta Jensen, who said the roads would be \
             jammed for years.";
    let q = quote_with(t, "the roads would be jammed");
    // Mentioned as `who` in the attribution, named as its antecedent.
    assert_eq!(speaker_text(t, &q), "who");
    assert_eq!(speaker_name(&q).as_deref(), Some("Marta Jensen"));
    assert!(q.speaker.as_ref().is_some_and(|s| s.pronoun));
}

#[test]
fn a_possessive_pronoun_holding_a_nominal_cue_resolves_to_its_person() {
    let t = "Governor Alan Pike vetoed the bill on Monday. His claim that the tax would \
             drive families away was disputed by economists.";
    let q = quote_with(t, "the tax would drive families away");
    assert_eq!(speaker_text(t, &q), "His");
    assert_eq!(speaker_name(&q).as_deref(), Some("Alan Pike"));
}

#[test]
fn a_name_signed_after_a_dash_glued_to_the_closing_mark() {
    // No space between the closing mark and the dash: the tokenizer keeps `”―` together.
    let t = "Readers wrote in after the debate.\n\
             “He did not answer a single question about jobs.”― Maria Lopez\n\
             “Mostly he promotes fear. A terrible example for children.”― Ana Ortiz\n";
    let q = quote_with(t, "single question");
    assert_eq!(speaker_name(&q).as_deref(), Some("Maria Lopez"));
    assert_eq!(q.cue.map(|c| c.text(t)), Some("―"));
    assert!(q.speaker.as_ref().is_some_and(|s| s.description.is_none()));
    let q = quote_with(t, "promotes fear");
    assert_eq!(speaker_name(&q).as_deref(), Some("Ana Ortiz"));
}

#[test]
fn a_mixed_quote_around_a_parenthetical_cue_reports_the_interrupted_clause() {
    let t = "The new budget, she said, is “a fantasy” for most small towns in the county.";
    let q = quote_with(t, "a fantasy");
    assert_eq!(q.kind, QuoteKind::Mixed);
    let clause = clause_text(t, &q).expect("a reported clause");
    assert_eq!(
        clause,
        "The new budget, she said, is “a fantasy” for most small towns in the county"
    );
}

#[test]
fn a_party_before_a_persons_name_is_no_part_of_the_speaker() {
    let t = "The Latest on the race between Republican Donald Trump and Democrat Hillary \
             Clinton.\n\nRepublican Donald Trump says he will win Ohio.\n\nDemocrat Hillary \
             Clinton says she hopes to be elected president.\n";
    let q = quote_with(t, "win Ohio");
    assert_eq!(speaker_name(&q).as_deref(), Some("Donald Trump"));
    assert_eq!(speaker_text(t, &q), "Donald Trump");
    let q = quote_with(t, "hopes to be elected");
    assert_eq!(speaker_name(&q).as_deref(), Some("Hillary Clinton"));
}

#[test]
fn a_description_is_a_role_holders_only_with_the_same_modifiers_and_rank() {
    // `the Democratic presidential nominee` is not the Republican one named earlier
    let t = "Officials said part of Republican presidential nominee Donald Trump's filings \
             were released.\n\nClinton spoke in Toledo on Monday. The Democratic presidential \
             nominee says every child should have a chance.\n";
    let q = quote_with(t, "every child");
    assert_ne!(speaker_name(&q).as_deref(), Some("Donald Trump"));
    // `the former president` is not the vice president named earlier
    let t = "Vice President Joe Biden visited Ohio on Monday.\n\nLater that day, the former \
             president said the economy is strong.\n";
    let q = quote_with(t, "economy is strong");
    assert_ne!(speaker_name(&q).as_deref(), Some("Joe Biden"));
    // the same modifiers still find the holder
    let t = "Democratic presidential nominee Hillary Clinton visited Ohio on Monday.\n\nLater \
             that day, the Democratic presidential nominee said the economy is strong.\n";
    let q = quote_with(t, "economy is strong");
    assert_eq!(speaker_name(&q).as_deref(), Some("Hillary Clinton"));
}

#[test]
fn a_courtesy_honorific_is_no_description() {
    let t = "Mr. Grassley said the program was broken. White House spokeswoman Sarah Sanders \
             said the meeting was over.";
    let desc = |needle: &str| -> Option<String> {
        let q = quote_with(t, needle);
        q.speaker
            .as_ref()
            .and_then(|s| s.description)
            .map(|d| d.text(t).to_string())
    };
    assert_eq!(desc("program was broken"), None);
    assert_eq!(
        desc("meeting was over").as_deref(),
        Some("White House spokeswoman")
    );
}
