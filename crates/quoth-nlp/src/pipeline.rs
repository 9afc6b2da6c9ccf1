//! A loaded pipeline: tokenizer, tok2vec, tagger, parser, attribute_ruler and NER, run in
//! spaCy's order on one text at a time (or a batch).
//!
//! Components are optional: a pipeline folder whose `config.cfg` leaves one out (or disables
//! it) simply does not run it. Without a parser, the whole text is one sentence, as in spaCy.

use std::cell::RefCell;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::attrs::{LexFeatures, Lexicon};
use crate::components::{self, BuildContext, Component, Group, OwnBuffers, Run, SharedBuffers};
use crate::layers::tok2vec::Tok2Vec;
pub use crate::layers::tok2vec::DEFAULT_LEXEME_CACHE;
use crate::model::files::{
    read_meta, read_static_vectors, ModelConfig, PipelineConfig, Tok2VecConfig,
};
use crate::model::ModelMeta;
use crate::tokenizer::{RawToken, Tokenizer};
use crate::{Doc, NlpError, Sentence, Token};

mod ensemble;
pub use ensemble::{MemberWeights, ScoreCombine};

/// Folder of the vendored default model, relative to the crate root.
pub const DEFAULT_MODEL_DIR: &str = "models/en_core_web_sm-3.8.0";

/// A loaded spaCy pipeline: the tokenizer, the lexicon and the enabled components in
/// `config.cfg` order. `Send + Sync`: share one across threads.
#[derive(Debug)]
pub struct Pipeline {
    meta: ModelMeta,
    path: PathBuf,
    tokenizer: Tokenizer,
    lexicon: Lexicon,
    components: Vec<Box<dyn Component>>,
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
    vecs: Vec<f32>,
    shared: SharedBuffers,
    /// One per component, in pipeline order.
    own: Vec<OwnBuffers>,
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
        let tokenizer = Tokenizer::load(path.join("tokenizer"))?;
        let lexicon = Lexicon::load(path)?;
        let vectors = if uses_static_vectors(&config) {
            Some(Arc::new(read_static_vectors(&path.join("vocab"))?))
        } else {
            None
        };

        let mut cx = BuildContext {
            path,
            config: &config,
            vectors,
            shared_width: None,
        };
        let mut components: Vec<Box<dyn Component>> = Vec::new();
        for name in config.enabled() {
            let Some(c) = config.components.get(name) else {
                continue;
            };
            if let Some(component) = components::build(&c.factory, name, &cx)? {
                if component.factory() == "tok2vec" {
                    cx.shared_width = component.tok2vec().map(Tok2Vec::width);
                }
                components.push(component);
            }
        }

        Ok(Pipeline {
            meta,
            path: path.to_path_buf(),
            tokenizer,
            lexicon,
            components,
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
        for c in &mut self.components {
            if let Some(t) = c.tok2vec_mut() {
                t.set_lexeme_cache(capacity);
            }
        }
    }

    /// The tok2vecs that keep a lexeme cache: the shared one and the NER's own.
    fn tok2vecs(&self) -> impl Iterator<Item = &Tok2Vec> {
        self.components.iter().filter_map(|c| c.tok2vec())
    }

    /// The NER component, if the pipeline has one.
    pub(crate) fn ner_component(&self) -> Option<&components::Ner> {
        self.components
            .iter()
            .find_map(|c| c.as_any().downcast_ref::<components::Ner>())
    }

    /// The shared tok2vec's encoder, if the pipeline has one.
    pub(crate) fn shared_tok2vec(&self) -> Option<&Tok2Vec> {
        self.components
            .iter()
            .find(|c| c.factory() == "tok2vec")
            .and_then(|c| c.tok2vec())
    }

    /// The spaCy factories of the components that run, in order.
    pub fn factories(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.components.iter().map(|c| c.factory())
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

        // Sentence starts, flattened like the features: each document's first token until a
        // parser says more.
        s.starts.clear();
        s.starts.resize(total, false);
        for &(a, b) in &bounds {
            if b > a {
                s.starts[a] = true;
            }
        }
        s.own
            .resize_with(self.components.len(), OwnBuffers::default);
        {
            let mut group = Group {
                docs: &mut docs,
                bounds: &bounds,
                features: &slices,
                is_space: &s.is_space,
                starts: &mut s.starts,
                vecs: &mut s.vecs,
                shared: false,
            };
            for (component, own) in self.components.iter().zip(&mut s.own) {
                if component.runs_in(run) {
                    component.process(&mut group, &mut s.shared, own);
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
        drop(slices);
        out.append(&mut docs);
        s.feats.clear();
        s.is_space.clear();
        s.doc_starts.clear();
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
