//! Several pipelines' NERs decoding together (score-level ensemble).
//!
//! Pipelines of one spaCy family tokenize alike, so one greedy BILUO decode can ask every
//! NER for its action scores at each step and follow their combination. The main pipeline
//! gives everything else (tokens, tags, parse, sentence starts, the class list); each other
//! NER's classes are matched to the main one's by name (a class it lacks adds nothing).
//! Each member's scores count by its [`MemberWeights`]: one factor for the moves that open no
//! entity (`O`), one for entity moves, and per-label factors, so that a model better at names
//! and one better at dates and numbers can each weigh most where they are best.
//! Nothing here changes what [`Pipeline::analyze`] returns.

use super::Pipeline;
use crate::attrs::LexFeatures;
use crate::components::Run;
use crate::layers::parser_model::ParserStep;
use crate::layers::tok2vec::Tok2VecScratch;
use crate::transition::ner::NerContext;
use crate::transition::StateScorer;
use crate::{Doc, EntitySpan};

/// How the NERs' scores for one step are combined.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ScoreCombine {
    /// Sum of the raw scores (logits).
    Logits,
    /// Sum of each model's softmax probabilities.
    #[default]
    Probabilities,
}

/// How much one member's action scores count in the ensemble, by the entity label of the
/// action (`B-ORG`, `U-DATE` …): `outside` for moves without a label (`O`), `labels` for the
/// labels listed there, `entity` for the other labels.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberWeights {
    /// Factor on the moves that are for no entity (`O`).
    pub outside: f32,
    /// Factor on the moves for an entity label not in `labels`.
    pub entity: f32,
    /// Factors for given entity labels (e.g. dates and numbers apart from names).
    pub labels: Vec<(String, f32)>,
}

impl MemberWeights {
    /// The same factor on every move.
    pub fn uniform(weight: f32) -> MemberWeights {
        MemberWeights {
            outside: weight,
            entity: weight,
            labels: Vec::new(),
        }
    }

    /// The factor on the move named `class` (`B-ORG`, `O`; `None` for an unnamed class).
    pub fn for_class(&self, class: Option<&str>) -> f32 {
        match class.and_then(|c| c.split_once('-')) {
            Some((_, label)) => self
                .labels
                .iter()
                .find(|(l, _)| l == label)
                .map_or(self.entity, |&(_, w)| w),
            None => self.outside,
        }
    }
}

impl From<f32> for MemberWeights {
    fn from(weight: f32) -> MemberWeights {
        MemberWeights::uniform(weight)
    }
}

/// One NER's scorer for the document and its class map into the main class list.
struct Member<'m> {
    step: ParserStep<'m>,
    /// For each main class, this model's class index and the factor on its score.
    map: Vec<Option<(usize, f32)>>,
    buf: Vec<f32>,
}

/// The combined scorer the decoder sees.
struct Combined<'m> {
    members: Vec<Member<'m>>,
    n_classes: usize,
    n_features: usize,
    combine: ScoreCombine,
}

impl StateScorer for Combined<'_> {
    fn n_features(&self) -> usize {
        self.n_features
    }

    fn n_classes(&self) -> usize {
        self.n_classes
    }

    fn score(&mut self, features: &[i32], scores: &mut [f32]) {
        scores.iter_mut().for_each(|s| *s = 0.0);
        for m in &mut self.members {
            m.step.score(features, &mut m.buf);
            if self.combine == ScoreCombine::Probabilities {
                softmax(&mut m.buf);
            }
            for (s, slot) in scores.iter_mut().zip(&m.map) {
                if let Some((v, w)) = slot.and_then(|(j, w)| Some((m.buf.get(j)?, w))) {
                    *s += w * v;
                }
            }
        }
    }
}

fn softmax(v: &mut [f32]) {
    let max = v.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for x in v.iter_mut() {
        *x = (*x - max).exp();
        sum += *x;
    }
    if sum > 0.0 {
        v.iter_mut().for_each(|x| *x /= sum);
    }
}

impl Pipeline {
    /// The NER's input vectors for `text` (tokens × input width), or `None` without a NER or
    /// a tok2vec to feed it.
    fn ner_input(&self, text: &str) -> Option<(Vec<f32>, Vec<bool>)> {
        let ner = self.ner_component()?;
        let mut raw = Vec::new();
        self.tokenizer.tokenize(text, &mut raw);
        let mut word = String::new();
        let feats: Vec<LexFeatures> = raw
            .iter()
            .map(|t| {
                let w = text.get(t.start..t.end).unwrap_or("");
                self.lexicon
                    .features_with(w, t.norm.as_deref(), t.whitespace, &mut word)
            })
            .collect();
        let t2v = ner.model.tok2vec().or(self.shared_tok2vec())?;
        let mut scratch = Tok2VecScratch::default();
        let mut vecs = Vec::new();
        t2v.forward_batch(&[&feats], &mut scratch, &mut vecs);
        Some((vecs, feats.iter().map(|f| f.is_space).collect()))
    }

    /// [`Pipeline::analyze`] with the entities decoded by the NERs of `members` together,
    /// each member's scores multiplied by its weights and combined by `combine` at every step
    /// (see the module docs). Tokens, tags, parse and sentences are this pipeline's, and so
    /// is the class list (a member's class it lacks is ignored); this pipeline is a member only
    /// if listed. Members without a NER, or tokenizing `text` differently, are left out; with
    /// fewer than two left, or when this pipeline has no NER, this is [`Pipeline::analyze`].
    pub fn analyze_ensemble(
        &self,
        members: &[(&Pipeline, MemberWeights)],
        text: &str,
        combine: ScoreCombine,
    ) -> Doc {
        let Some(main_ner) = self.ner_component() else {
            return self.run_one(text, Run::Full);
        };
        let mut doc = self.run_one(text, Run::WithoutNer);
        let n = doc.tokens.len();
        let mut is_space: Vec<bool> = Vec::new();
        let main_names: Vec<Option<String>> = (0..main_ner.system.classes().len())
            .map(|i| main_ner.system.class_name(i))
            .collect();
        let n_features = main_ner.model.step().n_features();
        let mut inputs = Vec::new();
        for (p, weights) in members {
            if let (Some(ner), Some((vecs, spaces))) = (p.ner_component(), p.ner_input(text)) {
                let agrees = if inputs.is_empty() {
                    spaces.len() == n
                } else {
                    spaces == is_space
                };
                if agrees && ner.model.step().n_features() == n_features {
                    if inputs.is_empty() {
                        is_space = spaces;
                    }
                    inputs.push((ner, vecs, weights));
                }
            }
        }
        if inputs.len() < 2 || n == 0 {
            return self.run_one(text, Run::Full);
        }
        let members: Vec<Member<'_>> = inputs
            .iter()
            .map(|&(ner, ref vecs, weights)| {
                let mut step = ner.model.begin(vecs, n);
                step.select_doc(0, n);
                let names: Vec<Option<String>> = (0..ner.system.classes().len())
                    .map(|i| ner.system.class_name(i))
                    .collect();
                let map = main_names
                    .iter()
                    .map(|c| {
                        let j = c
                            .as_ref()
                            .and_then(|c| names.iter().position(|x| x.as_ref() == Some(c)))?;
                        Some((j, weights.for_class(c.as_deref())))
                    })
                    .collect();
                Member {
                    buf: vec![0.0; ner.model.n_classes()],
                    step,
                    map,
                }
            })
            .collect();
        let mut scorer = Combined {
            members,
            n_classes: main_names.len(),
            n_features,
            combine,
        };
        let starts: Vec<bool> = doc.tokens.iter().map(|t| t.is_sent_start).collect();
        let ctx = NerContext {
            is_space: &is_space,
            sent_starts: &starts,
        };
        let spans = main_ner.system.decode(&ctx, &mut scorer);
        doc.entities.clear();
        doc.entities.extend(
            spans
                .into_iter()
                .filter_map(|s| EntitySpan::over(&doc.tokens, s.start, s.end, s.label)),
        );
        doc
    }
}

#[cfg(test)]
mod tests {
    use super::MemberWeights;

    #[test]
    fn weights_by_class() {
        let w = MemberWeights {
            outside: 2.0,
            entity: 2.5,
            labels: vec![("DATE".into(), 1.0)],
        };
        assert_eq!(w.for_class(Some("O")), 2.0);
        assert_eq!(w.for_class(None), 2.0);
        assert_eq!(w.for_class(Some("B-ORG")), 2.5);
        assert_eq!(w.for_class(Some("U-DATE")), 1.0);
        assert_eq!(w.for_class(Some("L-DATE")), 1.0);
        assert_eq!(MemberWeights::from(3.0).for_class(Some("I-DATE")), 3.0);
    }
}
