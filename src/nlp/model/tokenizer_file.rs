//! The `tokenizer` file: a msgpack map of Python `re` patterns and special cases.

use std::sync::Arc;

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
