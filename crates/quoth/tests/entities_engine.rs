//! The same fixtures through the native engine: once `Pipeline` runs, its Doc for each fixture
//! text must equal spaCy's (the fixture), and so must the grouping.
//!
//! Run with `cargo test --no-default-features --test entities_engine`.

#[path = "common/doc_json.rs"]
mod doc_json;

use quoth::entities::{group_entities, GroupOptions};
use quoth::nlp::Pipeline;

#[test]
fn engine_docs_and_groupings_match_spacy_fixtures() {
    let nlp = Pipeline::load_default().expect("load the model");
    for (name, want) in doc_json::load_all("entities_docs.json") {
        let got = nlp.analyze(&want.text);
        assert_eq!(got.tokens, want.tokens, "{name}: tokens");
        assert_eq!(got.sentences, want.sentences, "{name}: sentences");
        assert_eq!(got.entities, want.entities, "{name}: entities");
        for raw in [false, true] {
            let opts = GroupOptions {
                raw,
                ..Default::default()
            };
            assert_eq!(
                group_entities(&got, &opts),
                group_entities(&want, &opts),
                "{name}: grouping (raw: {raw})"
            );
        }
    }
}
