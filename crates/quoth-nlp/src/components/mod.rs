//! Pipeline components as one trait, spaCy's `Pipe` shape: each component reads what earlier
//! ones wrote for a group of documents, predicts, and sets its annotations
//! ([`Component::process`]). A pipeline is the list its `config.cfg` enables, in order, built
//! by [`build`] from each component's factory; adding a component (senter, entity_ruler, …) is
//! one file here and one line in [`build`].

mod attribute_ruler;
mod ner;
mod parser;
mod shape_check;
mod tagger;
mod tok2vec;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::attrs::LexFeatures;
use crate::layers::parser_model::{ParserModel, ParserStep, StepBuffers};
use crate::layers::tok2vec::{Tok2Vec, Tok2VecScratch};
use crate::model::files::PipelineConfig;
use crate::model::StaticVectors;
use crate::{Doc, NlpError};

pub(crate) use attribute_ruler::RulerScratch;
pub(crate) use ner::Ner;

/// Which components a call runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Run {
    /// Everything the pipeline has.
    Full,
    /// Tokenizer and NER only (spaCy with tok2vec, tagger, parser, attribute_ruler disabled).
    NerOnly,
    /// Everything but the NER (an ensemble decodes the entities itself).
    WithoutNer,
}

/// One group of documents on its way through the components; token rows are concatenated
/// across documents (`bounds[i]` is document `i`'s row range).
pub(crate) struct Group<'a> {
    pub docs: &'a mut [Doc],
    pub bounds: &'a [(usize, usize)],
    /// Lexical features per document (the tok2vecs' input).
    pub features: &'a [&'a [LexFeatures]],
    /// Whether each token is whitespace.
    pub is_space: &'a [bool],
    /// Sentence starts (the first token of each document until a parser sets them).
    pub starts: &'a mut [bool],
    /// The rows the last tok2vec wrote (group tokens × its width).
    pub vecs: &'a mut Vec<f32>,
    /// Whether `vecs` holds the shared tok2vec's rows (what listening components read).
    pub shared: bool,
}

/// Buffers every component may use, kept per thread across calls.
#[derive(Default)]
pub(crate) struct SharedBuffers {
    pub t2v: Tok2VecScratch,
    pub logits: Vec<f32>,
    pub ruler: RulerScratch,
}

/// A component's own buffers (a transition model's step buffers are sized by its model).
#[derive(Default)]
pub(crate) struct OwnBuffers {
    pub steps: StepBuffers,
}

/// A pipeline component.
pub(crate) trait Component: std::fmt::Debug + Send + Sync {
    /// The spaCy factory it implements (`tagger`, `parser`, …).
    fn factory(&self) -> &'static str;

    /// Whether it runs in a call of this kind (by default in every run but NER-only ones).
    fn runs_in(&self, run: Run) -> bool {
        run != Run::NerOnly
    }

    /// The component as `Any`, so the pipeline can reach a concrete component (the ensemble
    /// needs the NER's model and transition system).
    fn as_any(&self) -> &dyn std::any::Any;

    /// Predict for every document of the group and write the annotations.
    fn process(&self, group: &mut Group<'_>, shared: &mut SharedBuffers, own: &mut OwnBuffers);

    /// The tok2vec this component owns, if any (for the lexeme cache).
    fn tok2vec(&self) -> Option<&Tok2Vec> {
        None
    }

    /// Mutable access to the tok2vec this component owns, if any.
    fn tok2vec_mut(&mut self) -> Option<&mut Tok2Vec> {
        None
    }
}

/// What building a component may need: the pipeline folder and its typed config, the static
/// vectors (loaded once if any component uses them) and the width of the shared tok2vec built
/// so far.
pub(crate) struct BuildContext<'a> {
    pub path: &'a Path,
    pub config: &'a PipelineConfig,
    pub vectors: Option<Arc<StaticVectors>>,
    pub shared_width: Option<usize>,
}

impl BuildContext<'_> {
    /// The folder of component `name`.
    pub fn dir(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }

    /// Fail unless a shared tok2vec comes earlier in the pipeline (`name` listens to it).
    pub fn needs_shared(&self, name: &str) -> Result<usize, NlpError> {
        self.shared_width.ok_or_else(|| {
            NlpError::unsupported(
                self.path.join("config.cfg"),
                format!("component `{name}` listens to a tok2vec component that is not enabled"),
            )
        })
    }
}

/// Build the enabled component `name` of spaCy factory `factory`. Factories that do not
/// change what quoth reads (lemmatizer, …) build nothing.
pub(crate) fn build(
    factory: &str,
    name: &str,
    cx: &BuildContext<'_>,
) -> Result<Option<Box<dyn Component>>, NlpError> {
    Ok(match factory {
        "tok2vec" => Some(Box::new(tok2vec::SharedTok2Vec::build(name, cx)?)),
        "tagger" => Some(Box::new(tagger::Tagger::build(name, cx)?)),
        "parser" => Some(Box::new(parser::Parser::build(name, cx)?)),
        "attribute_ruler" => Some(Box::new(attribute_ruler::Ruler::build(name, cx)?)),
        "ner" => Some(Box::new(ner::Ner::build(name, cx)?)),
        _ => None,
    })
}

/// Precomputed-row batch size of the transition models, in tokens of whole documents: the
/// rows (4 kB per token for en_core_web_sm's parser) of the documents being decoded then stay
/// in cache, where a whole group's (4 MB) did not. Measured 5-8% faster for the full pipeline
/// than one precompute per group; 128 edged out one per document.
const PREP_TOKENS: usize = 128;

/// Runs of consecutive documents (ranges of indices into `bounds`, the documents' token
/// ranges) of at least `min_tokens` tokens each, the last possibly fewer.
pub(crate) fn prep_runs(
    bounds: &[(usize, usize)],
    min_tokens: usize,
) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let mut next = 0;
    std::iter::from_fn(move || {
        if next >= bounds.len() {
            return None;
        }
        let start = next;
        let first = bounds[start].0;
        while next < bounds.len() {
            next += 1;
            if bounds[next - 1].1 - first >= min_tokens {
                break;
            }
        }
        Some(start..next)
    })
}

/// Run `each(index, (start, end), step)` for every non-empty document of a group (`bounds`:
/// token ranges into `vecs`, rows of the model's input width), with `step` scoring that
/// document: the model's lower layer is precomputed per run of [`PREP_TOKENS`] tokens.
/// `buffers` (the step's allocations) are reused and left for the next group.
fn for_each_prepared_doc<'m>(
    model: &'m ParserModel,
    buffers: &mut StepBuffers,
    vecs: &[f32],
    bounds: &[(usize, usize)],
    mut each: impl FnMut(usize, (usize, usize), &mut ParserStep<'m>),
) {
    let w = model.input_width();
    let mut step = model.begin_with(&[], 0, std::mem::take(buffers));
    for run in prep_runs(bounds, PREP_TOKENS) {
        let (r0, r1) = (bounds[run.start].0, bounds[run.end - 1].1);
        step.prepare(vecs.get(r0 * w..r1 * w).unwrap_or(&[]), r1 - r0);
        for i in run {
            let (a, b) = bounds[i];
            if a < b {
                step.select_doc(a - r0, b - a);
                each(i, (a, b), &mut step);
            }
        }
    }
    *buffers = step.into_buffers();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prep_runs_cover_every_document_once_in_runs_of_enough_tokens() {
        // Documents of 5, 0, 7, 2, 9 and 1 tokens, back to back.
        let bounds = [(0, 5), (5, 5), (5, 12), (12, 14), (14, 23), (23, 24)];
        let runs: Vec<_> = prep_runs(&bounds, 8).collect();
        assert_eq!(runs, vec![0..3, 3..5, 5..6]);
        let per_doc: Vec<_> = prep_runs(&bounds, 1).collect();
        assert_eq!(per_doc, vec![0..1, 1..3, 3..4, 4..5, 5..6]);
        assert_eq!(prep_runs(&bounds, 1000).collect::<Vec<_>>(), vec![0..6]);
        assert_eq!(prep_runs(&[], 8).count(), 0);
    }
}
