//! spaCy parity of en_core_web_md 3.8.0 (static vectors) on a ~200-text sample of the corpus.
//!
//! The md model is vendored at `models/en_core_web_md-3.8.0` (the `accurate` profile uses it);
//! `QUOTH_MD_MODEL` points the test at another copy.

#[path = "parity_common.rs"]
mod parity_common;

use std::path::PathBuf;

/// Default location of the md model folder, relative to the crate root.
const MD_DEFAULT_DIR: &str = "models/en_core_web_md-3.8.0";

fn md_model_path() -> PathBuf {
    match std::env::var_os("QUOTH_MD_MODEL") {
        Some(p) => PathBuf::from(p),
        None => parity_common::crate_path(MD_DEFAULT_DIR),
    }
}

#[test]
fn md_matches_spacy_on_the_sample() {
    let model = md_model_path();
    assert!(
        model.join("meta.json").is_file(),
        "no en_core_web_md model at {} (vendored under models/, or set QUOTH_MD_MODEL)",
        model.display()
    );
    parity_common::run_parity(
        "en_core_web_md",
        &model,
        &parity_common::crate_path("tests/fixtures/md/parity.jsonl"),
    );
}
