//! spaCy parity of the default pipeline (en_core_web_sm 3.8.0) on the whole conformance corpus.
//!
//! Fixture: `tests/fixtures/sm/parity.jsonl` (`scripts/make_fixtures.py`). Tokens must be 100%
//! identical; all other annotations identical on at least 99.9% of documents. Every mismatching
//! document is printed with a short diff (`cargo test --test parity_sm -- --nocapture` shows the
//! rates on success too). `QUOTH_PARITY_IDS=3,17` runs only those corpus ids.

#[path = "parity_common.rs"]
mod parity_common;

use quoth::nlp::Pipeline;

#[test]
fn sm_matches_spacy_on_the_corpus() {
    parity_common::run_parity(
        "en_core_web_sm",
        &Pipeline::default_model_path(),
        &parity_common::crate_path("tests/fixtures/sm/parity.jsonl"),
    );
}

/// `Pipeline::analyze_ner_only` against spaCy with only the tokenizer and NER enabled
/// (`tests/fixtures/sm/ner_only.jsonl`): same tokens, entities on at least 99.9% of docs.
#[test]
fn sm_ner_only_matches_spacy_ner_only() {
    parity_common::run_ner_only_parity(
        "en_core_web_sm (tokenizer + NER only)",
        &Pipeline::default_model_path(),
    );
}
