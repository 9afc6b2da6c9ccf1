//! The small files of a pipeline folder: config, meta, cfg, moves, lookups, tokenizer, vectors.

use std::collections::HashMap;
use std::sync::Arc;

/// `meta.json` essentials.
#[derive(Debug, Clone, Default)]
pub struct ModelMeta {
    pub lang: String,
    pub name: String,
    pub version: String,
    pub spacy_version: String,
}

/// One token of a tokenizer special case: its ORTH and optional NORM (attr ids 65 and 67).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialToken {
    pub orth: Arc<str>,
    pub norm: Option<Arc<str>>,
}

/// A tokenizer special case: the chunk string and the tokens it becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialCase {
    pub chunk: String,
    pub tokens: Vec<SpecialToken>,
}

/// The `tokenizer` file: Python `re` pattern strings and special cases, in file order.
#[derive(Debug, Clone, Default)]
pub struct TokenizerData {
    pub prefix_search: Option<String>,
    pub suffix_search: Option<String>,
    pub infix_finditer: Option<String>,
    pub token_match: Option<String>,
    pub url_match: Option<String>,
    pub exceptions: Vec<SpecialCase>,
    pub faster_heuristics: bool,
}

/// A `moves` file: for each action id (ascending), its labels with their frequencies, in file
/// order. The transition system turns this into its ordered class list.
#[derive(Debug, Clone, Default)]
pub struct Moves {
    pub actions: Vec<(u32, Vec<(String, i64)>)>,
}

/// Static word vectors (`vocab/vectors` + `vocab/key2row`); empty for sm.
#[derive(Debug, Clone, Default)]
pub struct StaticVectors {
    pub rows: usize,
    pub dim: usize,
    /// rows × dim, C order.
    pub data: Vec<f32>,
    /// ORTH id → row.
    pub key2row: HashMap<u64, usize>,
}
