//! Salience and coreference (issue 11) on texts written for these tests, through the engine.

use quoth::coref::{link_mentions, link_mentions_with_quotes, MentionKind};
use quoth::entities::{group_entities, Entities, GroupOptions};
use quoth::nlp::{Doc, Pipeline};
use quoth::quotes::extract_quotes;
use quoth::salience::{features, salience, FIRST_PERSON_FEATURE, MODIFIER_FEATURE, N_FEATURES};

const STORY: &str = "Acme Robotics hires new chief executive\n\
Acme Robotics said on Monday that Maria Lopez will lead the company from March. \
Ms. Lopez, the former head of engineering, joined Acme Robotics in 2015. \
She replaces Tom Baker, who retired last year. \
\"I am proud of this team,\" Lopez said. \
Analysts in Chicago welcomed the appointment. \
The company makes warehouse robots, and its shares rose on the news. \
Lopez said she would visit every factory.";

fn analyse(nlp: &Pipeline, text: &str) -> (Doc, Entities) {
    let doc = nlp.analyze(text);
    let ents = group_entities(&doc, &GroupOptions::default());
    (doc, ents)
}

fn entity(doc: &Doc, ents: &Entities, name: &str) -> usize {
    ents.entities
        .iter()
        .position(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name} in {:?}", names(doc, ents)))
}

fn names(_doc: &Doc, ents: &Entities) -> Vec<String> {
    ents.entities.iter().map(|e| e.name.clone()).collect()
}

#[test]
fn salience_sums_to_one_and_ranks_the_subject_of_the_story_first() {
    let nlp = Pipeline::load_default().expect("load the model");
    let (doc, ents) = analyse(&nlp, STORY);
    let quotes = extract_quotes(&doc, &ents);
    let sal = salience(&doc, &ents, &quotes);
    assert_eq!(sal.len(), ents.entities.len());
    let total: f32 = sal.iter().sum();
    assert!((total - 1.0).abs() < 1e-4, "sum {total}");
    assert!(sal.iter().all(|s| (0.0..=1.0).contains(s)));
    let lopez = entity(&doc, &ents, "Maria Lopez");
    let acme = entity(&doc, &ents, "Acme Robotics");
    let chicago = entity(&doc, &ents, "Chicago");
    let baker = entity(&doc, &ents, "Tom Baker");
    assert!(
        sal[lopez] > sal[chicago] && sal[acme] > sal[chicago],
        "{sal:?}"
    );
    assert!(sal[lopez] > sal[baker], "{sal:?}");
    let rows = features(&doc, &ents, &quotes, &link_mentions(&doc, &ents));
    assert_eq!(rows.len(), ents.entities.len());
    assert_eq!(rows[0].len(), N_FEATURES);
}

#[test]
fn empty_text_has_no_salience_and_no_mentions() {
    let nlp = Pipeline::load_default().expect("load the model");
    let (doc, ents) = analyse(&nlp, "");
    assert!(salience(&doc, &ents, &[]).is_empty());
    assert!(link_mentions(&doc, &ents).is_empty());
    let (doc, ents) = analyse(&nlp, "it rained.");
    assert!(salience(&doc, &ents, &[]).is_empty());
}

#[test]
fn pronouns_follow_text_gender_and_roles_find_their_entity() {
    let nlp = Pipeline::load_default().expect("load the model");
    let (doc, ents) = analyse(&nlp, STORY);
    let quotes = extract_quotes(&doc, &ents);
    let extra = link_mentions_with_quotes(&doc, &ents, &quotes);
    let lopez = entity(&doc, &ents, "Maria Lopez");
    let acme = entity(&doc, &ents, "Acme Robotics");
    let at = |word: &str, nth: usize| {
        let start = doc
            .text
            .match_indices(word)
            .nth(nth)
            .map(|(i, _)| i)
            .unwrap_or_else(|| panic!("{word} #{nth} not in the text"));
        extra.iter().find(|m| m.start <= start && start < m.end)
    };
    // `She replaces Tom Baker`: Ms. Lopez is female from her honorific; never Tom Baker.
    let she = at("She", 0).expect("She linked");
    assert_eq!((she.entity, she.kind), (lopez, MentionKind::Pronoun));
    assert_eq!(&doc.text[she.start..she.end], "She");
    // The quoted `I` is the speaker's.
    let i = at("I am", 0).expect("quoted I linked");
    assert_eq!(i.entity, lopez);
    // `the company` (twice) is Acme Robotics; `its` too.
    let company = at("the company", 0).expect("the company linked");
    assert_eq!((company.entity, company.kind), (acme, MentionKind::Common));
    assert_eq!(at("The company", 0).map(|m| m.entity), Some(acme));
    assert_eq!(at("its", 0).map(|m| m.entity), Some(acme));
    // Appositive: `Ms. Lopez, the former head of engineering`.
    assert_eq!(at("the former head", 0).map(|m| m.entity), Some(lopez));
    // `she would visit`: Lopez again.
    assert_eq!(at("she would", 0).map(|m| m.entity), Some(lopez));
    // Nothing links to an entity that does not exist, and spans are in text order.
    assert!(extra.iter().all(|m| m.entity < ents.entities.len()));
    assert!(extra.windows(2).all(|w| w[0].start <= w[1].start));
}

#[test]
fn a_man_and_a_woman_keep_their_pronouns_apart() {
    let nlp = Pipeline::load_default().expect("load the model");
    let text = "Mr. Peter Grant met Mrs. Anna Holt in Boston. \
                He said she had convinced him. Later she thanked him.";
    let (doc, ents) = analyse(&nlp, text);
    let extra = link_mentions(&doc, &ents);
    let grant = entity(&doc, &ents, "Peter Grant");
    let holt = entity(&doc, &ents, "Anna Holt");
    for m in &extra {
        let w = &doc.text[m.start..m.end];
        match w.to_lowercase().as_str() {
            "he" | "him" => assert_eq!(m.entity, grant, "{w} at {}", m.start),
            "she" => assert_eq!(m.entity, holt, "{w} at {}", m.start),
            _ => {}
        }
    }
    let pronouns = extra
        .iter()
        .filter(|m| m.kind == MentionKind::Pronoun)
        .count();
    assert!(pronouns >= 4, "{extra:?}");
}

/// The words of the pronoun mentions linked to `e`, lower-cased.
fn pronouns_of(doc: &Doc, ents: &Entities, e: usize) -> Vec<String> {
    link_mentions(doc, ents)
        .iter()
        .filter(|x| x.entity == e && x.kind == MentionKind::Pronoun)
        .map(|x| doc.text[x.start..x.end].to_lowercase())
        .collect()
}

#[test]
fn a_letter_gives_its_first_person_to_the_signature_and_you_to_the_addressee() {
    let nlp = Pipeline::load_default().expect("load the model");
    let text = "Dear Margaret Hill,\n\
I hope you are well. I finished my book last week and I am sending you a copy.\n\
The garden is full of roses this year.\n\
Love,\n\
Walter Brennan\n";
    let (doc, ents) = analyse(&nlp, text);
    let walter = entity(&doc, &ents, "Walter Brennan");
    let margaret = entity(&doc, &ents, "Margaret Hill");
    let first = pronouns_of(&doc, &ents, walter);
    assert!(
        first.iter().filter(|w| *w == "i").count() >= 2 && first.contains(&"my".to_string()),
        "{first:?}"
    );
    let second = pronouns_of(&doc, &ents, margaret);
    assert!(second.contains(&"you".to_string()), "{second:?}");
    assert!(!first.contains(&"you".to_string()) && !second.contains(&"i".to_string()));
}

#[test]
fn an_interview_headline_names_the_voice_of_the_answers() {
    let nlp = Pipeline::load_default().expect("load the model");
    let text = "Interview with the painter Clara Novak\n\
What are you working on this winter?\n\
I am painting the harbour at night. My studio is near the water.\n";
    let (doc, ents) = analyse(&nlp, text);
    let clara = entity(&doc, &ents, "Clara Novak");
    let words = pronouns_of(&doc, &ents, clara);
    for w in ["you", "i", "my"] {
        assert!(words.contains(&w.to_string()), "{w} in {words:?}");
    }
}

#[test]
fn without_a_byline_or_signature_first_person_stays_unlinked() {
    let nlp = Pipeline::load_default().expect("load the model");
    let text = "Hi everyone, welcome back to my channel. My name is Jenny Park. \
Today I am cooking with Tom Reyes, and I think you will love it.";
    let (doc, ents) = analyse(&nlp, text);
    let linked: Vec<String> = link_mentions(&doc, &ents)
        .iter()
        .filter(|x| x.kind == MentionKind::Pronoun)
        .map(|x| doc.text[x.start..x.end].to_lowercase())
        .collect();
    assert!(
        !linked
            .iter()
            .any(|w| ["i", "my", "you"].contains(&w.as_str())),
        "{linked:?}"
    );
}

#[test]
fn a_name_does_not_run_across_a_line_break() {
    let nlp = Pipeline::load_default().expect("load the model");
    let text = "Helena Marsh\nHelena Marsh is a British architect. Marsh designed the new library in Leeds.";
    let (doc, ents) = analyse(&nlp, text);
    for m in &ents.mentions {
        assert!(
            !doc.text[m.start..m.end].contains('\n'),
            "{:?}",
            &doc.text[m.start..m.end]
        );
    }
}

#[test]
fn a_closing_word_before_the_name_signs_a_letter_without_dear() {
    let nlp = Pipeline::load_default().expect("load the model");
    let text = "Professor Ruth Okafor,\n\
I write to ask for a meeting about the library hours. I think students need them.\n\
Respectfully, Daniel Weiss\n";
    let (doc, ents) = analyse(&nlp, text);
    let daniel = entity(&doc, &ents, "Daniel Weiss");
    let words = pronouns_of(&doc, &ents, daniel);
    assert!(words.iter().filter(|w| *w == "i").count() >= 2, "{words:?}");
}

#[test]
fn a_name_that_only_modifies_a_noun_ranks_below_the_people_of_the_story() {
    let nlp = Pipeline::load_default().expect("load the model");
    let text = "Architect wins prize for Baghdad museum\n\
The Iraqi architect Layla Hamdan won the Pritzker Prize on Tuesday. \
Hamdan studied in London before returning to work with Iraqi engineers. \
Her museum uses Iraqi brick and Iraqi stone, and Hamdan said it was built by Iraqi craftsmen.";
    let (doc, ents) = analyse(&nlp, text);
    let quotes = extract_quotes(&doc, &ents);
    let iraqi = entity(&doc, &ents, "Iraqi");
    let hamdan = entity(&doc, &ents, "Layla Hamdan");
    let rows = features(&doc, &ents, &quotes, &link_mentions(&doc, &ents));
    // Every mention of `Iraqi` modifies a noun; none of Hamdan's does.
    assert_eq!(rows[iraqi][MODIFIER_FEATURE], 1.0, "{:?}", rows[iraqi]);
    assert_eq!(rows[hamdan][MODIFIER_FEATURE], 0.0, "{:?}", rows[hamdan]);
    let sal = salience(&doc, &ents, &quotes);
    assert!(sal[hamdan] > sal[iraqi], "{sal:?}");
}

#[test]
fn the_voice_of_a_letter_counts_its_first_person() {
    let nlp = Pipeline::load_default().expect("load the model");
    let text = "Dear Margaret Hill,\n\
I hope you are well. I finished my book last week and I am sending you a copy.\n\
Love,\n\
Walter Brennan\n";
    let (doc, ents) = analyse(&nlp, text);
    let quotes = extract_quotes(&doc, &ents);
    let walter = entity(&doc, &ents, "Walter Brennan");
    let margaret = entity(&doc, &ents, "Margaret Hill");
    let rows = features(&doc, &ents, &quotes, &link_mentions(&doc, &ents));
    // I, I, my, I: four first-person mentions; the addressee has only `you`.
    assert_eq!(
        rows[walter][FIRST_PERSON_FEATURE],
        5f32.ln(),
        "{:?}",
        rows[walter]
    );
    assert_eq!(
        rows[margaret][FIRST_PERSON_FEATURE], 0.0,
        "{:?}",
        rows[margaret]
    );
}

#[test]
fn picture_credits_do_not_count_as_mentions() {
    let nlp = Pipeline::load_default().expect("load the model");
    let text = "Fans crowd the comic convention in Toronto\n\
Maria Lopez opened the convention on Friday. Maria Lopez said ticket sales had doubled.\n\
The main hall at noon. Image: Nick Moreau.\n\
A costume contest on the stage. Image: Nick Moreau.\n\
The queue outside the doors. Image: Nick Moreau.\n\
Artists sign prints. Photo by Nick Moreau.\n";
    let (doc, ents) = analyse(&nlp, text);
    let quotes = extract_quotes(&doc, &ents);
    let moreau = entity(&doc, &ents, "Nick Moreau");
    let lopez = entity(&doc, &ents, "Maria Lopez");
    let rows = features(&doc, &ents, &quotes, &link_mentions(&doc, &ents));
    assert_eq!(rows[moreau][0], 0.0, "{:?}", rows[moreau]);
    assert_eq!(rows[lopez][0], 3f32.ln(), "{:?}", rows[lopez]);
    let sal = salience(&doc, &ents, &quotes);
    assert!(sal[lopez] > sal[moreau], "{sal:?}");
}
