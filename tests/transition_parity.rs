//! Transition-system parity with spaCy, without the neural network: recorded spaCy runs
//! (`scripts/transition_fixtures.py`) are replayed through a fake scorer that returns the
//! recorded scores. Features, validity masks, chosen classes and final outputs (heads, labels,
//! sentence starts, entities) must all equal spaCy's.
//!
//! Needs the model's `moves` files: `Pipeline::default_model_path()` (or `$QUOTH_MODEL`).

use std::path::PathBuf;
use std::sync::Arc;

use quoth::nlp::model::Moves;
use quoth::nlp::transition::classes::LabelTable;
use quoth::nlp::transition::ner::NerState;
use quoth::nlp::transition::nonproj::{deprojectivize, LabelSplit};
use quoth::nlp::transition::sentences::{sent_starts, Edges};
use quoth::nlp::transition::{argmax_valid, NerContext, NerSystem, ParserSystem, StateScorer};
use quoth::nlp::Pipeline;
use serde::Deserialize;

/// One recorded step: chosen class, valid mask (hex), feature token ids, sparse scores.
type Step = (usize, String, Vec<i32>, Vec<(usize, f32)>);

#[derive(Deserialize)]
struct Fixtures {
    parser_classes: Vec<String>,
    ner_classes: Vec<String>,
    docs: Vec<DocFx>,
    synthetic: Vec<Synthetic>,
}

#[derive(Deserialize)]
struct DocFx {
    text: String,
    n: usize,
    is_space: Vec<u8>,
    parser: ParserFx,
    ner: NerFx,
}

#[derive(Deserialize)]
struct ParserFx {
    steps: Vec<Step>,
    heads: Vec<usize>,
    deps: Vec<String>,
    sent_starts: Vec<u8>,
}

#[derive(Deserialize)]
struct NerFx {
    steps: Vec<Step>,
    ents: Vec<(usize, usize, String)>,
}

#[derive(Deserialize)]
struct Synthetic {
    heads: Vec<usize>,
    deps: Vec<String>,
    is_space: Vec<u8>,
    l_edge: Vec<usize>,
    r_edge: Vec<usize>,
    sent_starts: Vec<u8>,
    deproj_heads: Vec<usize>,
    deproj_deps: Vec<String>,
    deproj_sent_starts: Vec<u8>,
}

fn fixtures() -> Fixtures {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/transitions/fixtures.json");
    let text = std::fs::read_to_string(&path).expect("fixture file");
    serde_json::from_str(&text).expect("fixture JSON")
}

fn model_moves(component: &str) -> Moves {
    let path = Pipeline::default_model_path().join(component).join("moves");
    Moves::read(&path)
        .unwrap_or_else(|e| panic!("{e} (set QUOTH_MODEL to an en_core_web_sm 3.8.0 folder)"))
}

fn systems() -> (ParserSystem, NerSystem) {
    (
        ParserSystem::from_moves(&model_moves("parser")).unwrap(),
        NerSystem::from_moves(&model_moves("ner")).unwrap(),
    )
}

fn bools(v: &[u8]) -> Vec<bool> {
    v.iter().map(|&b| b != 0).collect()
}

fn mask(hex: &str, n: usize) -> Vec<bool> {
    let nibbles: Vec<u32> = hex.chars().map(|c| c.to_digit(16).unwrap()).collect();
    (0..n).map(|i| nibbles[i / 4] >> (i % 4) & 1 == 1).collect()
}

/// Dense scores from a sparse record: unrecorded classes score below every recorded one.
fn dense(step: &Step, n: usize, out: &mut [f32]) {
    let floor = step.3.iter().map(|s| s.1).fold(f32::INFINITY, f32::min) - 1.0;
    out[..n].fill(floor);
    for &(c, s) in &step.3 {
        out[c] = s;
    }
}

/// Replays recorded scores, checking the features it is given at every step.
struct Replay<'a> {
    steps: &'a [Step],
    n_features: usize,
    n_classes: usize,
    at: usize,
    mismatch: Option<String>,
}

impl StateScorer for Replay<'_> {
    fn n_features(&self) -> usize {
        self.n_features
    }
    fn n_classes(&self) -> usize {
        self.n_classes
    }
    fn score(&mut self, features: &[i32], scores: &mut [f32]) {
        match self.steps.get(self.at) {
            Some(step) => {
                if features != step.2.as_slice() && self.mismatch.is_none() {
                    self.mismatch = Some(format!(
                        "step {}: features {:?}, spaCy {:?}",
                        self.at, features, step.2
                    ));
                }
                dense(step, self.n_classes, scores);
            }
            None => {
                if self.mismatch.is_none() {
                    self.mismatch = Some(format!("more steps than spaCy's {}", self.steps.len()));
                }
                scores.fill(0.0);
            }
        }
        self.at += 1;
    }
}

fn report(what: &str, failures: &[String], total: usize) {
    assert!(
        failures.is_empty(),
        "{what}: {} of {total} docs differ:\n{}",
        failures.len(),
        failures
            .iter()
            .take(10)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

fn arcs_to_strings(v: &[Arc<str>]) -> Vec<&str> {
    v.iter().map(|s| &**s).collect()
}

#[test]
fn class_lists_match_spacy() {
    let fx = fixtures();
    let (parser, ner) = systems();
    let p: Vec<String> = (0..parser.classes().len())
        .map(|i| parser.class_name(i).unwrap())
        .collect();
    let n: Vec<String> = (0..ner.classes().len())
        .map(|i| ner.class_name(i).unwrap())
        .collect();
    assert_eq!(p, fx.parser_classes);
    assert_eq!(n, fx.ner_classes);
}

#[test]
fn parser_steps_match_spacy() {
    let fx = fixtures();
    let (sys, _) = systems();
    let nc = sys.classes().len();
    let mut failures = Vec::new();
    let mut scores = vec![0f32; nc];
    let mut valid = vec![false; nc];
    let mut n_steps = 0;
    for d in &fx.docs {
        let mut st = sys.new_state(d.n);
        let mut feats = [0i32; 8];
        let mut err = None;
        for (k, step) in d.parser.steps.iter().enumerate() {
            st.features(&mut feats);
            st.set_valid(sys.classes(), &mut valid);
            dense(step, nc, &mut scores);
            let chosen = argmax_valid(&scores, &valid);
            if feats.as_slice() != step.2.as_slice() {
                err = Some(format!("step {k}: features {feats:?}, spaCy {:?}", step.2));
            } else if valid != mask(&step.1, nc) {
                err = Some(format!("step {k}: validity differs"));
            } else if chosen != Some(step.0) {
                err = Some(format!("step {k}: chose {chosen:?}, spaCy {}", step.0));
            }
            if err.is_some() {
                break;
            }
            st.apply(sys.classes()[step.0]);
            n_steps += 1;
        }
        if err.is_none() && !st.is_final() {
            err = Some("not final after spaCy's steps".into());
        }
        if let Some(e) = err {
            failures.push(format!("{:?}: {e}", d.text));
        }
    }
    report("parser steps", &failures, fx.docs.len());
    assert!(n_steps > 10_000, "fixtures too small: {n_steps} steps");
}

#[test]
fn parser_output_matches_spacy() {
    let fx = fixtures();
    let (sys, _) = systems();
    let mut failures = Vec::new();
    let (mut n_tokens, mut n_sents) = (0, 0);
    for d in &fx.docs {
        let mut scorer = Replay {
            steps: &d.parser.steps,
            n_features: 8,
            n_classes: sys.classes().len(),
            at: 0,
            mismatch: None,
        };
        let parse = sys.parse(&bools(&d.is_space), &mut scorer);
        let mut err = scorer.mismatch.take();
        if err.is_none() && scorer.at != d.parser.steps.len() {
            err = Some(format!(
                "{} steps, spaCy {}",
                scorer.at,
                d.parser.steps.len()
            ));
        }
        if err.is_none() && parse.heads != d.parser.heads {
            err = Some(format!(
                "heads {:?}\n spaCy {:?}",
                parse.heads, d.parser.heads
            ));
        }
        if err.is_none() && arcs_to_strings(&parse.deps) != d.parser.deps {
            err = Some(format!("deps {:?}\n spaCy {:?}", parse.deps, d.parser.deps));
        }
        if err.is_none() && parse.sent_starts != bools(&d.parser.sent_starts) {
            err = Some(format!("sentence starts {:?}", parse.sent_starts));
        }
        if let Some(e) = err {
            failures.push(format!("{:?}: {e}", d.text));
        }
        n_tokens += d.n;
        n_sents += parse.sent_starts.iter().filter(|&&s| s).count();
    }
    report("parser output", &failures, fx.docs.len());
    assert!(
        n_tokens > 5000 && n_sents > 300,
        "{n_tokens} tokens, {n_sents} sentences"
    );
}

#[test]
fn ner_steps_match_spacy() {
    let fx = fixtures();
    let (_, sys) = systems();
    let nc = sys.classes().len();
    let mut failures = Vec::new();
    let mut scores = vec![0f32; nc];
    let mut valid = vec![false; nc];
    for d in &fx.docs {
        let is_space = bools(&d.is_space);
        let starts = bools(&d.parser.sent_starts);
        let ctx = NerContext {
            is_space: &is_space,
            sent_starts: &starts,
        };
        let mut st = NerState::new(d.n);
        let mut feats = [0i32; 3];
        let mut err = None;
        for (k, step) in d.ner.steps.iter().enumerate() {
            st.features(&mut feats);
            st.set_valid(sys.classes(), &ctx, &mut valid);
            dense(step, nc, &mut scores);
            let chosen = argmax_valid(&scores, &valid);
            if feats.as_slice() != step.2.as_slice() {
                err = Some(format!("step {k}: features {feats:?}, spaCy {:?}", step.2));
            } else if valid != mask(&step.1, nc) {
                err = Some(format!("step {k}: validity differs"));
            } else if chosen != Some(step.0) {
                err = Some(format!("step {k}: chose {chosen:?}, spaCy {}", step.0));
            }
            if err.is_some() {
                break;
            }
            st.apply(sys.classes()[step.0]);
        }
        if err.is_none() && !st.is_final() {
            err = Some("not final after spaCy's steps".into());
        }
        if let Some(e) = err {
            failures.push(format!("{:?}: {e}", d.text));
        }
    }
    report("NER steps", &failures, fx.docs.len());
}

/// Parser then NER, the NER seeing the Rust parser's sentence starts, as in the pipeline.
#[test]
fn ner_entities_match_spacy_after_parser() {
    let fx = fixtures();
    let (parser, sys) = systems();
    let mut failures = Vec::new();
    let mut n_ents = 0;
    for d in &fx.docs {
        let is_space = bools(&d.is_space);
        let mut pscorer = Replay {
            steps: &d.parser.steps,
            n_features: 8,
            n_classes: parser.classes().len(),
            at: 0,
            mismatch: None,
        };
        let parse = parser.parse(&is_space, &mut pscorer);
        let ctx = NerContext {
            is_space: &is_space,
            sent_starts: &parse.sent_starts,
        };
        let mut scorer = Replay {
            steps: &d.ner.steps,
            n_features: 3,
            n_classes: sys.classes().len(),
            at: 0,
            mismatch: None,
        };
        let ents = sys.decode(&ctx, &mut scorer);
        let got: Vec<(usize, usize, &str)> =
            ents.iter().map(|e| (e.start, e.end, &*e.label)).collect();
        let want: Vec<(usize, usize, &str)> = d
            .ner
            .ents
            .iter()
            .map(|(s, e, l)| (*s, *e, l.as_str()))
            .collect();
        let mut err = scorer.mismatch.take();
        if err.is_none() && scorer.at != d.ner.steps.len() {
            err = Some(format!("{} steps, spaCy {}", scorer.at, d.ner.steps.len()));
        }
        if err.is_none() && got != want {
            err = Some(format!("entities {got:?}\n spaCy {want:?}"));
        }
        if let Some(e) = err {
            failures.push(format!("{:?}: {e}", d.text));
        }
        n_ents += want.len();
    }
    report("NER entities", &failures, fx.docs.len());
    assert!(n_ents > 500, "fixtures have only {n_ents} entities");
}

/// Label splitting over a plain table, for the synthetic trees' made-up labels.
struct TableSplit(LabelTable);

impl LabelSplit for TableSplit {
    fn split(&self, label: u32) -> Option<(u32, u32)> {
        let (a, b) = self.0.name(label).split_once("||")?;
        Some((self.0.get(a)?, self.0.get(b)?))
    }
}

/// Random forests through spaCy's `set_children_from_heads` and `deprojectivize`.
#[test]
fn edges_sentences_and_deprojectivize_match_spacy_on_synthetic_trees() {
    let fx = fixtures();
    let mut failures = Vec::new();
    let mut table = LabelTable::new();
    for s in &fx.synthetic {
        for d in &s.deps {
            table.intern(d);
            if let Some((a, b)) = d.split_once("||") {
                table.intern(a);
                table.intern(b);
            }
        }
    }
    let split = TableSplit(table);
    let mut edges = Edges::default();
    let mut starts = Vec::new();
    let mut lifted = 0;
    for (k, s) in fx.synthetic.iter().enumerate() {
        edges.compute(&s.heads);
        sent_starts(&s.heads, &edges, &mut starts);
        let mut err = None;
        if edges.l_edge != s.l_edge || edges.r_edge != s.r_edge {
            err = Some(format!("edges {:?} {:?}", edges.l_edge, edges.r_edge));
        } else if starts != bools(&s.sent_starts) {
            err = Some(format!("sentence starts {starts:?}"));
        }
        let mut heads = s.heads.clone();
        let mut deps: Vec<u32> = s.deps.iter().map(|d| split.0.get(d).unwrap()).collect();
        deprojectivize(&mut heads, &mut deps, &bools(&s.is_space), &edges, &split);
        let dep_names: Vec<&str> = deps.iter().map(|&d| &**split.0.name(d)).collect();
        edges.compute(&heads);
        sent_starts(&heads, &edges, &mut starts);
        if err.is_none() && (heads != s.deproj_heads || dep_names != s.deproj_deps) {
            err = Some(format!("deprojectivized {heads:?} {dep_names:?}"));
        } else if err.is_none() && starts != bools(&s.deproj_sent_starts) {
            err = Some(format!("sentence starts after deprojectivize {starts:?}"));
        }
        if let Some(e) = err {
            failures.push(format!("synthetic #{k} heads {:?}: {e}", s.heads));
        }
        lifted += usize::from(s.deproj_heads != s.heads);
    }
    report("synthetic trees", &failures, fx.synthetic.len());
    assert!(
        lifted > 50,
        "only {lifted} synthetic trees exercise lifting"
    );
}
