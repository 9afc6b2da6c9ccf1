//! `tag_repeated_names`: a name the NER tagged once is tagged at its other occurrences (the
//! `accurate` profile's last step), on the vendored model's tokens with hand-set entities.

use std::sync::{Arc, OnceLock};

use quoth::entities::tag_repeated_names;
use quoth::nlp::{Doc, EntitySpan, Pipeline};

fn pipeline() -> &'static Pipeline {
    static P: OnceLock<Pipeline> = OnceLock::new();
    P.get_or_init(|| {
        Pipeline::load_default().unwrap_or_else(|e| panic!("these tests need the model: {e}"))
    })
}

/// `text` parsed, its entities replaced by the `nth` occurrences of the given token sequences
/// (words separated by spaces, as the tokenizer splits them) with their labels.
fn doc_with(text: &str, ents: &[(&str, usize, &str)]) -> Doc {
    let mut doc = pipeline().analyze(text);
    let words: Vec<String> = (0..doc.tokens.len())
        .map(|k| doc.token_text(k).to_string())
        .collect();
    doc.entities = ents
        .iter()
        .map(|&(name, nth, label)| {
            let want: Vec<&str> = name.split(' ').collect();
            let start = (0..words.len())
                .filter(|&k| {
                    k + want.len() <= words.len() && words[k..k + want.len()].iter().eq(want.iter())
                })
                .nth(nth)
                .unwrap_or_else(|| panic!("{name} #{nth} not among the tokens {words:?}"));
            EntitySpan::over(&doc.tokens, start, start + want.len(), Arc::from(label))
                .expect("a span inside the text")
        })
        .collect();
    doc.entities.sort_by_key(|e| e.start_token);
    doc
}

/// (text, label) of every entity, in order.
fn spans(doc: &Doc) -> Vec<(String, String)> {
    doc.entities
        .iter()
        .map(|e| (doc.entity_text(e).to_string(), e.label.to_string()))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn a_name_tagged_once_is_tagged_again_between_word_boundaries() {
    let text = "Veronique stayed with me that night. The next morning Veronique left early, \
                wearing a Veronique-style hat.";
    let mut doc = doc_with(text, &[("Veronique", 0, "PERSON")]);
    tag_repeated_names(&mut doc);
    // the second occurrence joins; the one inside `Veronique-style` does not
    assert_eq!(
        spans(&doc),
        pairs(&[("Veronique", "PERSON"), ("Veronique", "PERSON")])
    );
    assert!(doc.entities.windows(2).all(|w| w[0].end <= w[1].start));
}

#[test]
fn longer_names_first_and_the_majority_label() {
    let text = "The Kessler Group hired Anna Kessler in Oslo. Kessler Group staff said Kessler \
                was away. Oslo is cold, and Oslo was quiet. Kessler Group grew in Oslo.";
    let mut doc = doc_with(
        text,
        &[
            ("The Kessler Group", 0, "ORG"),
            ("Anna Kessler", 0, "PERSON"),
            ("Oslo", 0, "GPE"),
            ("Kessler", 3, "PERSON"),
            ("Oslo", 1, "ORG"),
            ("Oslo", 2, "GPE"),
        ],
    );
    tag_repeated_names(&mut doc);
    assert_eq!(
        spans(&doc),
        pairs(&[
            ("The Kessler Group", "ORG"),
            ("Anna Kessler", "PERSON"),
            ("Oslo", "GPE"),
            // a leading `The` is set aside; the longer name wins over `Kessler`
            ("Kessler Group", "ORG"),
            ("Kessler", "PERSON"),
            ("Oslo", "ORG"),
            ("Oslo", "GPE"),
            ("Kessler Group", "ORG"),
            // GPE twice, ORG once
            ("Oslo", "GPE"),
        ])
    );
}

#[test]
fn values_short_and_lower_case_names_are_not_looked_for() {
    let text = "In May the US team met eBay. By May the US team had left eBay.";
    let mut doc = doc_with(
        text,
        &[("May", 0, "DATE"), ("US", 0, "GPE"), ("eBay", 0, "ORG")],
    );
    let before = doc.entities.clone();
    tag_repeated_names(&mut doc);
    assert_eq!(doc.entities, before);
}

#[test]
fn nothing_tagged_nothing_added() {
    let mut doc = doc_with("Veronique stayed. Veronique left.", &[]);
    tag_repeated_names(&mut doc);
    assert!(doc.entities.is_empty());
}

#[test]
fn not_inside_a_longer_untagged_name() {
    let text = "Kessler spoke first. Later the Kessler Tower opened, and Mr. Kessler smiled at \
                Anna Kessler. The Kessler 500 index rose.";
    let mut doc = doc_with(text, &[("Kessler", 0, "PERSON")]);
    tag_repeated_names(&mut doc);
    // `Kessler Tower`, `Anna Kessler` and `Kessler 500` are other names; `Mr. Kessler` is the
    // man
    let found = spans(&doc);
    assert_eq!(
        found,
        pairs(&[("Kessler", "PERSON"), ("Kessler", "PERSON")]),
        "{found:?}"
    );
    let second = &doc.entities[1];
    assert_eq!(doc.token_text(second.start_token - 1), "Mr.");
}
