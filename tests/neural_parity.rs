//! Numeric parity of the neural layers with spaCy: given the oracle's lexical ids, the shared
//! tok2vec, the NER's own tok2vec, the tagger logits and the parser/NER step scores match the
//! fixture written by `scripts/intermediates_fixtures.py` within 1e-4.

use std::path::PathBuf;

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

fn fixture() -> Value {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/intermediates/sm.json"
    );
    let text = std::fs::read_to_string(path).expect("fixture");
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
    let node = tagger
        .nodes
        .iter()
        .find(|n| n.name == "softmax")
        .expect("softmax node");
    let softmax = Linear::from_node(&tagger, node, None, Some(t2v.width())).expect("softmax");
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
