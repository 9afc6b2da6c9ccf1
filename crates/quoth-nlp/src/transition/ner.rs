//! BILUO named-entity transition system (`spacy/pipeline/_parser_internals/ner.pyx`
//! `BiluoPushDown`) and its greedy decoder, for documents without preset entities.

use std::path::Path;
use std::sync::Arc;

use super::classes::{ner_class_name, ner_classes, LabelTable, NerClass, NerMove};
use super::{argmax_valid, check_scorer, StateScorer};
use crate::model::Moves;
use crate::NlpError;

/// Number of context-token features of the NER model.
pub const NER_FEATURES: usize = 3;

/// An entity found by the NER: tokens `start..end` and its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NerSpan {
    pub start: usize,
    /// One past the last token.
    pub end: usize,
    pub label: Arc<str>,
}

/// What the validity rules read from the document besides the state.
#[derive(Debug, Clone, Copy)]
pub struct NerContext<'a> {
    /// IS_SPACE of every token: entities cannot start on whitespace.
    pub is_space: &'a [bool],
    /// Sentence starts as set by the parser (spaCy `sent_start == 1`): entities cannot cross
    /// them. Without a parser only token 0 is a start.
    pub sent_starts: &'a [bool],
}

impl NerContext<'_> {
    fn space(&self, i: usize) -> bool {
        self.is_space.get(i).copied().unwrap_or(false)
    }
    fn sent_start(&self, i: usize) -> bool {
        self.sent_starts.get(i).copied().unwrap_or(false)
    }
}

/// The state of one document: the buffer position, the open entity and the finished ones.
#[derive(Debug, Clone, Default)]
pub struct NerState {
    n: usize,
    b0: usize,
    /// The open entity (start token, label id), if any.
    open: Option<(usize, u32)>,
    ents: Vec<(usize, usize, u32)>,
}

impl NerState {
    /// A fresh state for a document of `n` tokens.
    pub fn new(n: usize) -> Self {
        NerState {
            n,
            ..Default::default()
        }
    }

    /// All tokens consumed.
    pub fn is_final(&self) -> bool {
        self.b0 >= self.n
    }

    /// The 3 context tokens (`StateC.set_context_tokens`, n == 3): B0, the open entity's
    /// first token, and B0−1 when both exist; −1 = absent.
    pub fn features(&self, out: &mut [i32; NER_FEATURES]) {
        out[0] = if self.b0 < self.n { self.b0 as i32 } else { -1 };
        out[1] = self.open.map_or(-1, |(s, _)| s as i32);
        out[2] = if out[0] == -1 || out[1] == -1 {
            -1
        } else {
            out[0] - 1
        };
    }

    /// Whether `c` is valid (`Begin/In/Last/Unit/Out.is_valid`, no preset entities).
    pub fn is_valid(&self, c: NerClass, ctx: &NerContext) -> bool {
        let buffer_length = self.n.saturating_sub(self.b0);
        let next = self.b0 + 1;
        let next_is_start = next < self.n && ctx.sent_start(next);
        match c.mv {
            NerMove::Begin => {
                self.open.is_none()
                    && buffer_length >= 2
                    && c.label != 0
                    && !next_is_start
                    && !ctx.space(self.b0)
            }
            NerMove::In => match self.open {
                Some((_, l)) => {
                    buffer_length >= 2 && c.label != 0 && l == c.label && !next_is_start
                }
                None => false,
            },
            NerMove::Last => match self.open {
                Some((_, l)) => c.label != 0 && l == c.label,
                None => false,
            },
            // label 0 is only valid on a preset blocked token, which fresh docs never have
            NerMove::Unit => c.label != 0 && self.open.is_none() && !ctx.space(self.b0),
            NerMove::Out => self.open.is_none(),
        }
    }

    /// Validity of every class, into `out` (same length as `classes`).
    pub fn set_valid(&self, classes: &[NerClass], ctx: &NerContext, out: &mut [bool]) {
        for (v, &c) in out.iter_mut().zip(classes) {
            *v = self.is_valid(c, ctx);
        }
    }

    /// Apply `c`; every action consumes one token.
    pub fn apply(&mut self, c: NerClass) {
        match c.mv {
            NerMove::Begin => self.open = Some((self.b0, c.label)),
            NerMove::Last => {
                if let Some((s, l)) = self.open.take() {
                    self.ents.push((s, self.b0 + 1, l));
                }
            }
            NerMove::Unit => self.ents.push((self.b0, self.b0 + 1, c.label)),
            NerMove::In | NerMove::Out => {}
        }
        self.b0 += 1;
    }

    /// Finished entities `(start, end, label id)` in order.
    pub fn entities(&self) -> &[(usize, usize, u32)] {
        &self.ents
    }
}

/// The NER transition system of a pipeline: its classes and labels.
#[derive(Debug, Clone)]
pub struct NerSystem {
    classes: Vec<NerClass>,
    labels: LabelTable,
}

impl NerSystem {
    /// Build the class list from a `ner/moves` file.
    pub fn from_moves(moves: &Moves) -> Result<Self, NlpError> {
        let mut labels = LabelTable::new();
        let classes = ner_classes(moves, &mut labels)?;
        Ok(NerSystem { classes, labels })
    }

    /// The classes in output-row order.
    pub fn classes(&self) -> &[NerClass] {
        &self.classes
    }

    /// Label strings.
    pub fn labels(&self) -> &LabelTable {
        &self.labels
    }

    /// spaCy's name of class `i` (e.g. `B-ORG`).
    pub fn class_name(&self, i: usize) -> Option<String> {
        self.classes
            .get(i)
            .map(|&c| ner_class_name(c, &self.labels))
    }

    /// Check that a scorer fits this system (feature count, class count); `model` names the
    /// model file in the error.
    pub fn check_scorer(&self, scorer: &dyn StateScorer, model: &Path) -> Result<(), NlpError> {
        check_scorer(scorer, NER_FEATURES, self.classes.len(), model)
    }

    /// Greedy decoding of one document (`greedy_parse` with `beam_width = 1`). `ctx` holds one
    /// entry per token.
    pub fn decode<S: StateScorer + ?Sized>(
        &self,
        ctx: &NerContext,
        scorer: &mut S,
    ) -> Vec<NerSpan> {
        let n = ctx.is_space.len();
        let mut state = NerState::new(n);
        let n_classes = self.classes.len().min(scorer.n_classes());
        let mut scores = vec![0f32; scorer.n_classes()];
        let mut valid = vec![false; n_classes];
        let mut feats = [-1i32; NER_FEATURES];
        while !state.is_final() {
            state.features(&mut feats);
            scorer.score(&feats, &mut scores);
            state.set_valid(&self.classes[..n_classes], ctx, &mut valid);
            match argmax_valid(&scores[..n_classes], &valid) {
                Some(best) => state.apply(self.classes[best]),
                None => break, // spaCy forces the state final; never happens (O is valid)
            }
        }
        state
            .entities()
            .iter()
            .map(|&(start, end, label)| NerSpan {
                start,
                end,
                label: self.labels.name(label).clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn system() -> NerSystem {
        let m = Moves::from_json(
            r#"{"0":{},"1":{"ORG":9,"PER":8},"2":{"ORG":9,"PER":8},"3":{"ORG":9,"PER":8},
                "4":{"ORG":9,"PER":8,"":1},"5":{"":1}}"#,
            "m",
        )
        .unwrap();
        NerSystem::from_moves(&m).unwrap()
    }

    fn class(sys: &NerSystem, name: &str) -> NerClass {
        let i = (0..sys.classes().len())
            .find(|&i| sys.class_name(i).as_deref() == Some(name))
            .unwrap();
        sys.classes()[i]
    }

    #[test]
    fn no_entity_across_a_sentence_start_or_from_whitespace() {
        let sys = system();
        let is_space = [false, false, true, false];
        let starts = [true, false, true, false];
        let ctx = NerContext {
            is_space: &is_space,
            sent_starts: &starts,
        };
        let mut st = NerState::new(4);
        assert!(st.is_valid(class(&sys, "B-ORG"), &ctx));
        st.apply(class(&sys, "O"));
        // next token (2) starts a sentence: no B at 1
        assert!(!st.is_valid(class(&sys, "B-ORG"), &ctx));
        assert!(st.is_valid(class(&sys, "U-ORG"), &ctx));
        assert!(!st.is_valid(class(&sys, "U-"), &ctx));
        st.apply(class(&sys, "O"));
        // whitespace token cannot begin an entity
        assert!(!st.is_valid(class(&sys, "B-PER"), &ctx));
        assert!(!st.is_valid(class(&sys, "U-PER"), &ctx));
        assert!(st.is_valid(class(&sys, "O"), &ctx));
    }

    #[test]
    fn open_entity_must_close_with_its_label() {
        let sys = system();
        let is_space = [false; 3];
        let starts = [true, false, false];
        let ctx = NerContext {
            is_space: &is_space,
            sent_starts: &starts,
        };
        let mut st = NerState::new(3);
        st.apply(class(&sys, "B-PER"));
        let mut f = [0; 3];
        st.features(&mut f);
        assert_eq!(f, [1, 0, 0]);
        assert!(!st.is_valid(class(&sys, "O"), &ctx));
        assert!(!st.is_valid(class(&sys, "I-ORG"), &ctx));
        assert!(st.is_valid(class(&sys, "I-PER"), &ctx));
        st.apply(class(&sys, "I-PER"));
        // last token: I invalid, L valid
        assert!(!st.is_valid(class(&sys, "I-PER"), &ctx));
        assert!(st.is_valid(class(&sys, "L-PER"), &ctx));
        st.apply(class(&sys, "L-PER"));
        assert!(st.is_final());
        assert_eq!(st.entities(), &[(0, 3, sys.labels().get("PER").unwrap())]);
    }
}
