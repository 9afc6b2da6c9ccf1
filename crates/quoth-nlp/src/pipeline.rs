//! A loaded pipeline: tokenizer, tok2vec, tagger, parser, attribute_ruler and NER, run in
//! spaCy's order on one text at a time (or a batch).
//!
//! Components are optional: a pipeline folder whose `config.cfg` leaves one out (or disables
//! it) simply does not run it. Without a parser, the whole text is one sentence, as in spaCy.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::attribute_ruler::{AttributeRuler, RulerOutput, RulerToken};
use crate::attrs::{LexFeatures, Lexicon};
use crate::layers::linear::{argmax, Linear};
use crate::layers::parser_model::{ParserModel, ParserStep, StepBuffers};
pub use crate::layers::tok2vec::DEFAULT_LEXEME_CACHE;
use crate::layers::tok2vec::{Tok2Vec, Tok2VecScratch};
use crate::model::files::{
    read_meta, read_static_vectors, ComponentCfg, ModelConfig, PipelineConfig, Tok2VecConfig,
};
use crate::model::{ModelMeta, Moves, ThincModel};
use crate::tokenizer::{RawToken, Tokenizer};
use crate::transition::ner::{NerContext, NerSystem};
use crate::transition::parser::ParserSystem;
use crate::{chars, Doc, Entity, NlpError, Sentence, Token};

mod ensemble;
pub use ensemble::ScoreCombine;

/// Folder of the vendored default model, relative to the crate root.
pub const DEFAULT_MODEL_DIR: &str = "models/en_core_web_sm-3.8.0";

/// The tagger: an output layer over the shared tok2vec, and its labels in row order.
#[derive(Debug)]
struct Tagger {
    output: Linear,
    labels: Vec<Arc<str>>,
}

/// A transition-based component: its model and its transition system.
#[derive(Debug)]
struct Parser {
    model: ParserModel,
    system: ParserSystem,
}

#[derive(Debug)]
struct Ner {
    model: ParserModel,
    system: NerSystem,
}

/// Which components a call runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Run {
    /// Everything the pipeline has.
    Full,
    /// Tokenizer and NER only (spaCy with tok2vec, tagger, parser, attribute_ruler disabled).
    NerOnly,
    /// Everything but the NER (the ensemble decodes entities itself).
    WithoutNer,
}

/// A loaded spaCy pipeline. `Send + Sync`: share one across threads.
#[derive(Debug)]
pub struct Pipeline {
    meta: ModelMeta,
    path: PathBuf,
    tokenizer: Tokenizer,
    lexicon: Lexicon,
    tok2vec: Option<Tok2Vec>,
    tagger: Option<Tagger>,
    parser: Option<Parser>,
    attribute_ruler: Option<AttributeRuler>,
    ner: Option<Ner>,
}

/// Per-call buffers, allocated once per call (or group of documents) and reused for every
/// token.
#[derive(Default)]
struct Scratch {
    raw: Vec<RawToken>,
    word: String,
    /// The current group: documents, their first token's row, and per-token data.
    docs: Vec<Doc>,
    doc_starts: Vec<usize>,
    feats: Vec<LexFeatures>,
    is_space: Vec<bool>,
    starts: Vec<bool>,
    t2v: Tok2VecScratch,
    parser_buffers: StepBuffers,
    ner_buffers: StepBuffers,
    vecs: Vec<f32>,
    logits: Vec<f32>,
    ruler: RulerScratch,
}

impl Scratch {
    /// Forget any half-built group (left behind only if a previous call unwound).
    fn reset_group(&mut self) {
        self.docs.clear();
        self.doc_starts.clear();
        self.feats.clear();
        self.is_space.clear();
    }
}

/// Largest group (in tokens) whose buffers a thread keeps for its next call; a bigger
/// document's buffers (hundreds of MB for a megabyte of text) are freed after it.
const KEEP_SCRATCH_TOKENS: usize = 16 * 1024;

thread_local! {
    /// One set of buffers per thread, so a call allocates only for its output documents.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Run `f` with this thread's scratch buffers (fresh ones if they are already in use, which
/// cannot happen unless `f` re-enters the pipeline).
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|cell| match cell.try_borrow_mut() {
        Ok(mut s) => {
            s.reset_group();
            let r = f(&mut s);
            if s.feats.capacity() > KEEP_SCRATCH_TOKENS {
                *s = Scratch::default();
            }
            r
        }
        Err(_) => f(&mut Scratch::default()),
    })
}

/// Token budget of one group in [`Pipeline::analyze_batch`]: large enough to amortise the
/// GEMMs' weight packing, small enough for the group's activations to stay in cache.
const GROUP_TOKENS: usize = 1024;

/// Tokens whose parser (or NER) lower layer is precomputed at once, in runs of whole
/// documents: the rows (4 kB per token for en_core_web_sm's parser) of the documents being
/// decoded then stay in cache, where a whole group's (4 MB) did not. Measured 5-8% faster
/// for the full pipeline than one precompute per group; 128 edged out one per document.
const PREP_TOKENS: usize = 128;

/// Runs of consecutive documents (ranges of indices into `bounds`, the documents' token
/// ranges) of at least `min_tokens` tokens each, the last possibly fewer.
fn prep_runs(
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

fn component_dir(path: &Path, name: &str) -> PathBuf {
    path.join(name)
}

fn uses_static_vectors(cfg: &PipelineConfig) -> bool {
    cfg.components.values().any(|c| {
        let t2v = match &c.model {
            Some(ModelConfig::Tok2Vec(t)) => t,
            Some(ModelConfig::Tagger { tok2vec, .. }) => tok2vec,
            Some(ModelConfig::Parser { tok2vec, .. }) => tok2vec,
            None => return false,
        };
        matches!(t2v, Tok2VecConfig::Own { embed, .. } if embed.include_static_vectors)
    })
}

impl Pipeline {
    /// Load a spaCy v3 pipeline folder (e.g. `en_core_web_sm-3.8.0`). Every file is checked;
    /// an unsupported architecture or a corrupt file is an error naming the file.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, NlpError> {
        let path = path.as_ref();
        let meta = read_meta(&path.join("meta.json"))?;
        let config = PipelineConfig::read(&path.join("config.cfg"))?;
        let enabled: Vec<String> = config.enabled().map(str::to_string).collect();
        let has = |factory: &str| {
            enabled.iter().find(|name| {
                config
                    .components
                    .get(name.as_str())
                    .is_some_and(|c| c.factory == factory)
            })
        };

        let tokenizer = Tokenizer::load(path.join("tokenizer"))?;
        let lexicon = Lexicon::load(path)?;
        let vectors = if uses_static_vectors(&config) {
            Some(Arc::new(read_static_vectors(&path.join("vocab"))?))
        } else {
            None
        };

        let tok2vec = match has("tok2vec") {
            Some(name) => {
                let model = ThincModel::read(&component_dir(path, name).join("model"))?;
                Some(Tok2Vec::from_model(&model, vectors.clone())?)
            }
            None => None,
        };
        let needs_tok2vec = |name: &str| -> Result<(), NlpError> {
            if tok2vec.is_none() {
                return Err(NlpError::unsupported(
                    path.join("config.cfg"),
                    format!(
                        "component `{name}` listens to a tok2vec component that is not enabled"
                    ),
                ));
            }
            Ok(())
        };

        let tagger = match has("tagger") {
            Some(name) => {
                needs_tok2vec(name)?;
                let dir = component_dir(path, name);
                let model = ThincModel::read(&dir.join("model"))?;
                let node = model
                    .nodes
                    .iter()
                    .find(|n| n.name == "softmax")
                    .ok_or_else(|| NlpError::format(&model.path, "no `softmax` node"))?;
                let width = tok2vec.as_ref().map(Tok2Vec::width);
                let output = Linear::from_node(&model, node, None, width)?;
                let labels: Vec<Arc<str>> = ComponentCfg::read(&dir.join("cfg"))?
                    .labels()?
                    .into_iter()
                    .map(Arc::from)
                    .collect();
                if labels.len() != output.n_out() {
                    return Err(NlpError::format(
                        dir.join("cfg"),
                        format!(
                            "{} labels but the model has {} outputs",
                            labels.len(),
                            output.n_out()
                        ),
                    ));
                }
                Some(Tagger { output, labels })
            }
            None => None,
        };

        let parser = match has("parser") {
            Some(name) => {
                needs_tok2vec(name)?;
                let dir = component_dir(path, name);
                ComponentCfg::read(&dir.join("cfg"))?.check_greedy()?;
                let model_path = dir.join("model");
                let model = ParserModel::from_model(&ThincModel::read(&model_path)?, None)?;
                let system = ParserSystem::from_moves(&Moves::read(dir.join("moves"))?)?;
                system.check_scorer(&model.step(), &model_path)?;
                Some(Parser { model, system })
            }
            None => None,
        };

        let attribute_ruler = match has("attribute_ruler") {
            Some(name) => Some(AttributeRuler::read(
                &component_dir(path, name).join("patterns"),
            )?),
            None => None,
        };

        let ner = match has("ner") {
            Some(name) => {
                let dir = component_dir(path, name);
                ComponentCfg::read(&dir.join("cfg"))?.check_greedy()?;
                let model_path = dir.join("model");
                let model =
                    ParserModel::from_model(&ThincModel::read(&model_path)?, vectors.clone())?;
                if model.tok2vec().is_none() {
                    needs_tok2vec(name)?;
                }
                let system = NerSystem::from_moves(&Moves::read(dir.join("moves"))?)?;
                system.check_scorer(&model.step(), &model_path)?;
                Some(Ner { model, system })
            }
            None => None,
        };

        Ok(Pipeline {
            meta,
            path: path.to_path_buf(),
            tokenizer,
            lexicon,
            tok2vec,
            tagger,
            parser,
            attribute_ruler,
            ner,
        })
    }

    /// Where the default model lives: `$QUOTH_MODEL` if set, else the folder vendored at the
    /// workspace root (`models/`, two levels above this crate).
    pub fn default_model_path() -> PathBuf {
        if let Some(p) = std::env::var_os("QUOTH_MODEL") {
            return PathBuf::from(p);
        }
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(DEFAULT_MODEL_DIR)
    }

    /// Load the default model.
    pub fn load_default() -> Result<Self, NlpError> {
        Self::load(Self::default_model_path())
    }

    /// Model name, version and language from `meta.json`.
    pub fn meta(&self) -> &ModelMeta {
        &self.meta
    }

    /// The folder this pipeline was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Give every tok2vec (the shared one and the NER's own) an empty lexeme cache of at most
    /// `capacity` word forms; 0 turns caching off. Results do not change, only speed and
    /// memory (see [`DEFAULT_LEXEME_CACHE`]).
    pub fn set_lexeme_cache(&mut self, capacity: usize) {
        if let Some(t) = self.tok2vec.as_mut() {
            t.set_lexeme_cache(capacity);
        }
        if let Some(t) = self.ner.as_mut().and_then(|n| n.model.tok2vec_mut()) {
            t.set_lexeme_cache(capacity);
        }
    }

    /// The tok2vecs that keep a lexeme cache: the shared one and the NER's own.
    fn tok2vecs(&self) -> impl Iterator<Item = &Tok2Vec> {
        self.tok2vec
            .iter()
            .chain(self.ner.iter().filter_map(|n| n.model.tok2vec()))
    }

    /// Word forms held in the lexeme caches (shared tok2vec + NER's own).
    pub fn lexeme_cache_len(&self) -> usize {
        self.tok2vecs().map(Tok2Vec::lexeme_cache_len).sum()
    }

    /// Times the lexeme caches were emptied because they had gone stale (see
    /// [`Tok2Vec::set_lexeme_cache`]).
    pub fn lexeme_cache_refreshes(&self) -> usize {
        self.tok2vecs().map(Tok2Vec::lexeme_cache_refreshes).sum()
    }

    /// Run the full pipeline on one text.
    pub fn analyze(&self, text: &str) -> Doc {
        self.run_one(text, Run::Full)
    }

    /// Run the full pipeline on many texts (same results as [`Pipeline::analyze`] on each).
    /// Documents are encoded in groups of about a thousand tokens, so every GEMM of the
    /// tok2vec, tagger and parser/NER precompute runs once per group, not once per document.
    pub fn analyze_batch(&self, texts: &[&str]) -> Vec<Doc> {
        self.run_batch(texts, Run::Full)
    }

    /// Tokenizer and NER only, as spaCy with every other component disabled: no tags, no
    /// parse, and therefore one sentence (entities may then differ from the full pipeline
    /// near sentence boundaries, exactly as in spaCy).
    pub fn analyze_ner_only(&self, text: &str) -> Doc {
        self.run_one(text, Run::NerOnly)
    }

    /// [`Pipeline::analyze_ner_only`] on many texts, grouped like [`Pipeline::analyze_batch`]
    /// (same results as one text at a time).
    pub fn analyze_ner_only_batch(&self, texts: &[&str]) -> Vec<Doc> {
        self.run_batch(texts, Run::NerOnly)
    }

    /// Tokenize only.
    pub fn tokenize(&self, text: &str) -> Doc {
        let mut raw = Vec::new();
        self.tokenizer.tokenize(text, &mut raw);
        let mut doc = build_doc(text, &raw);
        mark_single_sentence(&mut doc);
        doc
    }

    fn run_batch(&self, texts: &[&str], run: Run) -> Vec<Doc> {
        with_scratch(|s| {
            let mut out = Vec::with_capacity(texts.len());
            for &text in texts {
                self.add_to_group(text, s);
                if s.feats.len() >= GROUP_TOKENS {
                    self.finish_group(run, s, &mut out);
                }
            }
            self.finish_group(run, s, &mut out);
            out
        })
    }

    fn run_one(&self, text: &str, run: Run) -> Doc {
        with_scratch(|s| {
            let mut out = Vec::with_capacity(1);
            self.add_to_group(text, s);
            self.finish_group(run, s, &mut out);
            out.pop().unwrap_or_else(|| build_doc(text, &[]))
        })
    }

    /// Tokenize `text` and append its tokens' lexical features to the current group.
    fn add_to_group(&self, text: &str, s: &mut Scratch) {
        self.tokenizer.tokenize(text, &mut s.raw);
        let doc = build_doc(text, &s.raw);
        s.doc_starts.push(s.feats.len());
        for t in &s.raw {
            let word = &text[t.start..t.end];
            let f = self
                .lexicon
                .features_with(word, t.norm.as_deref(), t.whitespace, &mut s.word);
            s.is_space.push(f.is_space);
            s.feats.push(f);
        }
        s.docs.push(doc);
    }

    /// Run the components over every document of the current group, move the finished
    /// documents to `out` (in order) and clear the group.
    fn finish_group(&self, run: Run, s: &mut Scratch, out: &mut Vec<Doc>) {
        let n_docs = s.docs.len();
        if n_docs == 0 {
            return;
        }
        let total = s.feats.len();
        s.doc_starts.push(total);
        let bounds: Vec<(usize, usize)> = s.doc_starts.windows(2).map(|w| (w[0], w[1])).collect();
        let slices: Vec<&[LexFeatures]> = bounds.iter().map(|&(a, b)| &s.feats[a..b]).collect();
        let mut docs = std::mem::take(&mut s.docs);

        // Parse results and sentence starts, flattened like the features.
        s.starts.clear();
        s.starts.resize(total, false);
        for &(a, b) in &bounds {
            if b > a {
                s.starts[a] = true;
            }
        }
        let mut have_shared = false;
        if run != Run::NerOnly {
            if let Some(t2v) = &self.tok2vec {
                t2v.forward_batch(&slices, &mut s.t2v, &mut s.vecs);
                have_shared = true;
                if let Some(tagger) = &self.tagger {
                    let k = tagger.output.n_out();
                    s.logits.clear();
                    s.logits.resize(total * k, 0.0);
                    tagger.output.forward(&s.vecs, total, &mut s.logits);
                    for (doc, &(a, _)) in docs.iter_mut().zip(&bounds) {
                        for (i, tok) in doc.tokens.iter_mut().enumerate() {
                            let row = a + i;
                            let best = argmax(&s.logits[row * k..(row + 1) * k]);
                            if let Some(l) = tagger.labels.get(best) {
                                tok.tag = l.clone();
                            }
                        }
                    }
                }
                if let Some(parser) = &self.parser {
                    for_each_prepared_doc(
                        &parser.model,
                        &mut s.parser_buffers,
                        &s.vecs,
                        &bounds,
                        |i, (a, b), step| {
                            let p = parser.system.parse(&s.is_space[a..b], step);
                            for (t, tok) in docs[i].tokens.iter_mut().enumerate() {
                                tok.head = p.heads.get(t).copied().unwrap_or(t);
                                if let Some(d) = p.deps.get(t) {
                                    tok.dep = d.clone();
                                }
                            }
                            if p.sent_starts.len() == b - a {
                                s.starts[a..b].copy_from_slice(&p.sent_starts);
                            }
                        },
                    );
                }
            }
            if let Some(ruler) = &self.attribute_ruler {
                for (doc, &(a, b)) in docs.iter_mut().zip(&bounds) {
                    if a < b {
                        apply_ruler(ruler, doc, &s.is_space[a..b], &mut s.ruler);
                    }
                }
            }
        }

        for (doc, &(a, b)) in docs.iter_mut().zip(&bounds) {
            let starts = &s.starts[a..b];
            for (tok, &st) in doc.tokens.iter_mut().zip(starts) {
                tok.is_sent_start = st;
            }
            doc.sentences = sentences_from_starts(&doc.tokens, starts);
        }

        if let Some(ner) = self.ner.as_ref().filter(|_| run != Run::WithoutNer) {
            let ready = match ner.model.tok2vec() {
                Some(own) => {
                    own.forward_batch(&slices, &mut s.t2v, &mut s.vecs);
                    true
                }
                // The NER listens to the shared tok2vec: its rows are still in `s.vecs`.
                None => have_shared,
            };
            if ready {
                for_each_prepared_doc(
                    &ner.model,
                    &mut s.ner_buffers,
                    &s.vecs,
                    &bounds,
                    |i, (a, b), step| {
                        let ctx = NerContext {
                            is_space: &s.is_space[a..b],
                            sent_starts: &s.starts[a..b],
                        };
                        let doc = &mut docs[i];
                        for span in ner.system.decode(&ctx, step) {
                            if span.start >= span.end || span.end > b - a {
                                continue;
                            }
                            let first = &doc.tokens[span.start];
                            let last = &doc.tokens[span.end - 1];
                            doc.entities.push(Entity {
                                start_token: span.start,
                                end_token: span.end,
                                start: first.start,
                                end: last.end,
                                char_start: first.char_start,
                                char_end: last.char_end,
                                label: span.label,
                            });
                        }
                    },
                );
            }
        }
        drop(slices);
        out.append(&mut docs);
        s.feats.clear();
        s.is_space.clear();
        s.doc_starts.clear();
    }
}

/// Buffers of the attribute ruler, reused across documents.
#[derive(Default)]
struct RulerScratch {
    lower_buf: String,
    lower_ends: Vec<usize>,
    out: Vec<RulerOutput>,
}

fn apply_ruler(ruler: &AttributeRuler, doc: &mut Doc, is_space: &[bool], s: &mut RulerScratch) {
    // Lower-case forms of every token in one buffer.
    s.lower_buf.clear();
    s.lower_ends.clear();
    for t in &doc.tokens {
        chars::push_lower_str(&doc.text[t.start..t.end], &mut s.lower_buf);
        s.lower_ends.push(s.lower_buf.len());
    }
    let mut begin = 0;
    let toks: Vec<RulerToken<'_>> = doc
        .tokens
        .iter()
        .zip(&s.lower_ends)
        .zip(is_space)
        .map(|((t, &end), &space)| {
            let lower = &s.lower_buf[begin..end];
            begin = end;
            RulerToken {
                text: &doc.text[t.start..t.end],
                lower,
                tag: &t.tag,
                pos: &t.pos,
                dep: &t.dep,
                is_space: space,
            }
        })
        .collect();
    ruler.apply_into(&toks, &mut s.out);
    drop(toks);
    for (tok, out) in doc.tokens.iter_mut().zip(s.out.drain(..)) {
        if let Some(p) = out.pos {
            tok.pos = p;
        }
        if let Some(t) = out.tag {
            tok.tag = t;
        }
        if let Some(d) = out.dep {
            tok.dep = d;
        }
    }
}

/// Tokens with offsets in both units; labels empty, heads pointing to themselves.
fn build_doc(text: &str, raw: &[RawToken]) -> Doc {
    let empty: Arc<str> = Arc::from("");
    let mut tokens = Vec::with_capacity(raw.len());
    let mut byte = 0usize;
    let mut chars_before = 0usize;
    for (i, t) in raw.iter().enumerate() {
        // Raw tokens are in text order, so one forward walk counts code points.
        let start = t.start.max(byte);
        chars_before += text.get(byte..start).map_or(0, |s| s.chars().count());
        let char_start = chars_before;
        let len = text.get(start..t.end).map_or(0, |s| s.chars().count());
        chars_before += len;
        byte = t.end.max(start);
        tokens.push(Token {
            start: t.start,
            end: t.end,
            char_start,
            char_end: char_start + len,
            whitespace: t.whitespace,
            tag: empty.clone(),
            pos: empty.clone(),
            head: i,
            dep: empty.clone(),
            is_sent_start: false,
        });
    }
    Doc {
        text: text.to_string(),
        tokens,
        sentences: Vec::new(),
        entities: Vec::new(),
    }
}

fn mark_single_sentence(doc: &mut Doc) {
    let starts: Vec<bool> = (0..doc.tokens.len()).map(|i| i == 0).collect();
    if let Some(t) = doc.tokens.first_mut() {
        t.is_sent_start = true;
    }
    doc.sentences = sentences_from_starts(&doc.tokens, &starts);
}

fn sentences_from_starts(tokens: &[Token], starts: &[bool]) -> Vec<Sentence> {
    let mut out = Vec::new();
    let mut begin = 0;
    for i in 1..=tokens.len() {
        if i == tokens.len() || starts.get(i).copied().unwrap_or(false) {
            out.push(Sentence {
                start_token: begin,
                end_token: i,
                start: tokens[begin].start,
                end: tokens[i - 1].end,
            });
            begin = i;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn pipeline_is_send_and_sync() {
        assert_send_sync::<Pipeline>();
    }

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

    #[test]
    fn sentences_cover_all_tokens() {
        let raw = vec![
            RawToken {
                start: 0,
                end: 2,
                whitespace: true,
                norm: None,
            },
            RawToken {
                start: 3,
                end: 5,
                whitespace: false,
                norm: None,
            },
            RawToken {
                start: 5,
                end: 6,
                whitespace: false,
                norm: None,
            },
        ];
        let doc = build_doc("Hi yo.", &raw);
        let s = sentences_from_starts(&doc.tokens, &[true, false, true]);
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[0].start_token, s[0].end_token, s[0].start, s[0].end),
            (0, 2, 0, 5)
        );
        assert_eq!((s[1].start_token, s[1].end_token), (2, 3));
    }

    #[test]
    fn code_point_offsets_count_astral_characters_once() {
        let text = "😀 ab";
        let raw = vec![
            RawToken {
                start: 0,
                end: 4,
                whitespace: true,
                norm: None,
            },
            RawToken {
                start: 5,
                end: 7,
                whitespace: false,
                norm: None,
            },
        ];
        let doc = build_doc(text, &raw);
        assert_eq!((doc.tokens[0].char_start, doc.tokens[0].char_end), (0, 1));
        assert_eq!((doc.tokens[1].char_start, doc.tokens[1].char_end), (2, 4));
    }
}
