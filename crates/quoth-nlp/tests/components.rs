//! The pipeline is the list of components its `config.cfg` enables, in order, built from their
//! spaCy factories (factories quoth does not need, like the lemmatizer, build nothing).

use quoth_nlp::Pipeline;

#[test]
fn the_vendored_pipeline_runs_its_enabled_components_in_config_order() {
    let p = Pipeline::load_default().expect("the vendored model");
    let factories: Vec<&str> = p.factories().collect();
    assert_eq!(
        factories,
        ["tok2vec", "tagger", "parser", "attribute_ruler", "ner"]
    );
}

/// A copy of the vendored model folder (named by `tag`: tests run in parallel) with
/// `config.cfg` edited by `edit`.
fn model_with_config(tag: &str, edit: impl Fn(&str) -> String) -> std::path::PathBuf {
    fn copy(from: &std::path::Path, to: &std::path::Path) {
        std::fs::create_dir_all(to).expect("mkdir");
        for e in std::fs::read_dir(from).expect("read_dir") {
            let e = e.expect("entry");
            let dst = to.join(e.file_name());
            if e.file_type().expect("type").is_dir() {
                copy(&e.path(), &dst);
            } else {
                std::fs::copy(e.path(), dst).expect("copy");
            }
        }
    }
    let src = Pipeline::default_model_path();
    let dst = std::env::temp_dir().join(format!("quoth-components-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dst);
    copy(&src, &dst);
    let cfg = std::fs::read_to_string(src.join("config.cfg")).expect("config.cfg");
    std::fs::write(dst.join("config.cfg"), edit(&cfg)).expect("write config.cfg");
    dst
}

#[test]
fn a_listener_without_its_tok2vec_is_a_typed_error_naming_the_config() {
    let dir = model_with_config("listener", |cfg| {
        cfg.replace(
            "disabled = [\"senter\"]",
            "disabled = [\"senter\",\"tok2vec\"]",
        )
    });
    let err = Pipeline::load(&dir).expect_err("the tagger listens to the disabled tok2vec");
    let msg = err.to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(msg.contains("config.cfg"), "{msg}");
    assert!(
        msg.contains("`tagger` listens to a tok2vec component that is not enabled"),
        "{msg}"
    );
}

#[test]
fn a_config_that_does_not_match_the_weights_is_a_typed_error() {
    // config.cfg lists components alphabetically: the first `hidden_width` is the NER's.
    let dir = model_with_config("shape", |cfg| {
        let at = cfg
            .match_indices("hidden_width = 64")
            .next()
            .map(|(i, _)| i)
            .expect("the ner's hidden_width");
        format!("{}hidden_width = 32{}", &cfg[..at], &cfg[at + 17..])
    });
    let err = Pipeline::load(&dir).expect_err("hidden width differs from the weights");
    let msg = err.to_string();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(msg.contains("config.cfg"), "{msg}");
    assert!(msg.contains("component `ner`: hidden_width is 32"), "{msg}");
    assert!(msg.contains("but 64 in"), "{msg}");
}
