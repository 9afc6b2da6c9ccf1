//! The engine's output: tokens, sentences and entities of one text.
//!
//! Offsets are UTF-8 byte offsets into [`Doc::text`]; code-point offsets are carried alongside
//! because they are spaCy's unit (`token.idx`, `ent.start_char`).

use std::sync::Arc;

use serde::Serialize;

/// One token. Labels are shared strings (cloning one is a reference-count bump, not an
/// allocation). Labels are empty when the component that sets them did not run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Token {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset one past the last byte.
    pub end: usize,
    /// Code-point offset of the first character (spaCy's `token.idx`).
    pub char_start: usize,
    /// Code-point offset one past the last character.
    pub char_end: usize,
    /// Whether one U+0020 follows and belongs to this token (spaCy's `whitespace_`).
    pub whitespace: bool,
    /// Fine-grained tag (`tag_`), e.g. `NNP`.
    pub tag: Arc<str>,
    /// Coarse part of speech (`pos_`), e.g. `PROPN`.
    pub pos: Arc<str>,
    /// Absolute index of the syntactic head; a root points to itself.
    pub head: usize,
    /// Dependency label (`dep_`), e.g. `nsubj`; `ROOT` for roots.
    pub dep: Arc<str>,
    /// Whether this token starts a sentence.
    pub is_sent_start: bool,
}

/// A sentence: a token range and the byte range it covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    pub start_token: usize,
    /// One past the last token.
    pub end_token: usize,
    /// Byte offset of the first token's start.
    pub start: usize,
    /// Byte offset of the last token's end.
    pub end: usize,
}

/// An entity mention as the NER produced it: one of spaCy's `doc.ents` (a span of tokens with a
/// label). The grouped, real-world entities are `quoth::entities::EntityGroup`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntitySpan {
    pub start_token: usize,
    /// One past the last token.
    pub end_token: usize,
    /// Byte offsets.
    pub start: usize,
    pub end: usize,
    /// Code-point offsets (spaCy's `start_char`/`end_char`).
    pub char_start: usize,
    pub char_end: usize,
    pub label: Arc<str>,
}

impl EntitySpan {
    /// The mention over tokens `start..end` of `tokens` with `label`, its offsets taken from
    /// the tokens; `None` for an empty range or one past the end.
    pub fn over(tokens: &[Token], start: usize, end: usize, label: Arc<str>) -> Option<Self> {
        if start >= end {
            return None;
        }
        let (first, last) = (tokens.get(start)?, tokens.get(end - 1)?);
        Some(EntitySpan {
            start_token: start,
            end_token: end,
            start: first.start,
            end: last.end,
            char_start: first.char_start,
            char_end: last.char_end,
            label,
        })
    }
}

/// Everything the engine says about one text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Doc {
    pub text: String,
    pub tokens: Vec<Token>,
    pub sentences: Vec<Sentence>,
    pub entities: Vec<EntitySpan>,
}

impl Doc {
    /// The text of token `i`.
    pub fn token_text(&self, i: usize) -> &str {
        let t = &self.tokens[i];
        &self.text[t.start..t.end]
    }

    /// The text of token `i`, or `""` when there is no such token: for rules that look a few
    /// tokens around a position without checking the document's ends first.
    pub fn word(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .and_then(|t| self.text.get(t.start..t.end))
            .unwrap_or("")
    }

    /// The text of an entity.
    pub fn entity_text(&self, e: &EntitySpan) -> &str {
        &self.text[e.start..e.end]
    }
}
