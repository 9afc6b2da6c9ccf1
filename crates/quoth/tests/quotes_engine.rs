//! The quote passages through the native engine: `Pipeline`'s Doc for every dev-set, held-out,
//! blind and form passage must equal spaCy's (the fixture), and so must the extracted quotes.
//!
//! Run with `cargo test --no-default-features --test quotes_engine` (loads the vendored model).

#[path = "common/quote_docs.rs"]
mod quote_docs;

use quoth::entities::{group_entities, GroupOptions};
use quoth::nlp::Pipeline;
use quoth::quotes::extract_quotes;

#[test]
fn engine_docs_and_quotes_match_spacy_fixture() {
    let nlp = Pipeline::load_default().expect("load the model");
    let fixture = quote_docs::fixture_docs();
    let mut ids: Vec<&String> = fixture.keys().collect();
    ids.sort();
    assert!(ids.len() >= 140, "{} fixture docs", ids.len());
    for id in ids {
        let want = &fixture[id];
        let got = nlp.analyze(&want.text);
        assert_eq!(got.tokens, want.tokens, "{id}: tokens");
        assert_eq!(got.sentences, want.sentences, "{id}: sentences");
        assert_eq!(got.entities, want.entities, "{id}: entities");
        let opts = GroupOptions::default();
        assert_eq!(
            extract_quotes(&got, &group_entities(&got, &opts)),
            extract_quotes(want, &group_entities(want, &opts)),
            "{id}: quotes"
        );
    }
}
