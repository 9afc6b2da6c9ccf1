//! The dependency parser's transition system: greedy arc-eager decoding, then spaCy's
//! finalisation (`ArcEager.set_annotations`, `nonproj.deprojectivize`, sentence starts).

use std::path::Path;
use std::sync::Arc;

use super::arc_eager::{ArcEagerState, PARSER_FEATURES};
use super::classes::{parser_class_name, parser_classes, LabelTable, ParserClass};
use super::nonproj::{deprojectivize, LabelSplit};
use super::sentences::{sent_starts, Edges};
use super::{argmax_valid, check_scorer, StateScorer};
use crate::model::Moves;
use crate::NlpError;

/// spaCy's `nonproj.DELIMITER`.
const DELIMITER: &str = "||";

/// The parser's output for one document.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Parse {
    /// Absolute head of every token; a root points to itself.
    pub heads: Vec<usize>,
    /// Dependency label of every token; `ROOT` for roots.
    pub deps: Vec<Arc<str>>,
    /// Whether each token starts a sentence.
    pub sent_starts: Vec<bool>,
}

/// The parser transition system of a pipeline: classes, labels, and the split of lifted
/// labels.
#[derive(Debug, Clone)]
pub struct ParserSystem {
    classes: Vec<ParserClass>,
    labels: LabelTable,
    root: u32,
    subtok: Option<u32>,
    /// Per label id: `(new label, head label)` for decorated labels.
    split: Vec<Option<(u32, u32)>>,
}

impl LabelSplit for ParserSystem {
    fn split(&self, label: u32) -> Option<(u32, u32)> {
        self.split.get(label as usize).copied().flatten()
    }
}

impl ParserSystem {
    /// Build the class list from a `parser/moves` file.
    pub fn from_moves(moves: &Moves) -> Result<Self, NlpError> {
        let mut labels = LabelTable::new();
        let classes = parser_classes(moves, &mut labels)?;
        let root = labels.intern("ROOT");
        let subtok = labels.get("subtok");
        // Decorated labels: `label.split("||")` into exactly two parts in spaCy; we split at
        // the first delimiter.
        let mut split = Vec::new();
        for id in 0..labels.len() as u32 {
            let name = labels.name(id).clone();
            let parts = name
                .split_once(DELIMITER)
                .map(|(new, head)| (labels.intern(new), labels.intern(head)));
            split.push(parts);
        }
        Ok(ParserSystem {
            classes,
            labels,
            root,
            subtok,
            split,
        })
    }

    /// The classes in output-row order.
    pub fn classes(&self) -> &[ParserClass] {
        &self.classes
    }

    /// Label strings.
    pub fn labels(&self) -> &LabelTable {
        &self.labels
    }

    /// spaCy's name of class `i` (e.g. `L-nsubj`).
    pub fn class_name(&self, i: usize) -> Option<String> {
        self.classes
            .get(i)
            .map(|&c| parser_class_name(c, &self.labels))
    }

    /// Check that a scorer fits this system; `model` names the model file in the error.
    pub fn check_scorer(&self, scorer: &dyn StateScorer, model: &Path) -> Result<(), NlpError> {
        check_scorer(scorer, PARSER_FEATURES, self.classes.len(), model)
    }

    /// A fresh decoding state for `n` tokens, configured for this system.
    pub fn new_state(&self, n: usize) -> ArcEagerState {
        let mut st = ArcEagerState::new(n);
        st.set_subtok_label(self.subtok);
        st
    }

    /// Parse one document of `is_space.len()` tokens: greedy decoding, arcs, deprojectivized
    /// heads and labels, sentence starts.
    pub fn parse<S: StateScorer + ?Sized>(&self, is_space: &[bool], scorer: &mut S) -> Parse {
        let n = is_space.len();
        let mut state = self.new_state(n);
        self.decode(&mut state, scorer);
        self.finish(&state, is_space)
    }

    /// The greedy loop: score, mask invalid classes, take the best, until final.
    pub fn decode<S: StateScorer + ?Sized>(&self, state: &mut ArcEagerState, scorer: &mut S) {
        let n_classes = self.classes.len().min(scorer.n_classes());
        let mut scores = vec![0f32; scorer.n_classes()];
        let mut valid = vec![false; n_classes];
        let mut feats = [-1i32; PARSER_FEATURES];
        // Greedy parses take about 2n steps (spaCy has no cap); this generous cap only
        // guards termination on pathological scores.
        let max_steps = state.len().saturating_mul(16).saturating_add(16);
        let mut steps = 0usize;
        while !state.is_final() {
            if steps >= max_steps {
                state.force_final();
                break;
            }
            steps += 1;
            state.features(&mut feats);
            scorer.score(&feats, &mut scores);
            state.set_valid(&self.classes[..n_classes], &mut valid);
            match argmax_valid(&scores[..n_classes], &valid) {
                Some(best) => state.apply(self.classes[best]),
                None => state.force_final(),
            }
        }
    }

    /// Finalise a decoded state (`set_annotations` + `deprojectivize` + sentence starts).
    pub fn finish(&self, state: &ArcEagerState, is_space: &[bool]) -> Parse {
        let mut heads = Vec::new();
        let mut labels = Vec::new();
        state.write_arcs(&mut heads, &mut labels, self.root);
        let mut edges = Edges::default();
        edges.compute(&heads);
        if deprojectivize(&mut heads, &mut labels, is_space, &edges, self) {
            edges.compute(&heads);
        }
        let mut starts = Vec::new();
        sent_starts(&heads, &edges, &mut starts);
        Parse {
            deps: labels
                .iter()
                .map(|&l| self.labels.name(l).clone())
                .collect(),
            heads,
            sent_starts: starts,
        }
    }
}
