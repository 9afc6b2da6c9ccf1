//! spaCy's rule-based tokenizer, driven by the serialized `tokenizer` file.

use std::sync::Arc;

use crate::nlp::model::TokenizerData;
use crate::nlp::NlpError;

/// One token as the tokenizer produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawToken {
    /// Byte offsets into the text.
    pub start: usize,
    pub end: usize,
    /// One U+0020 follows and is absorbed as this token's `whitespace_`.
    pub whitespace: bool,
    /// NORM from a special case, when one produced this token.
    pub norm: Option<Arc<str>>,
}

/// A compiled tokenizer. `Send + Sync`.
#[derive(Debug)]
pub struct Tokenizer {}

impl Tokenizer {
    /// Compile the rules of a `tokenizer` file.
    pub fn new(_data: &TokenizerData) -> Result<Self, NlpError> {
        Ok(Tokenizer {})
    }

    /// Tokenize `text`, appending to `out` (cleared first).
    pub fn tokenize(&self, _text: &str, out: &mut Vec<RawToken>) {
        out.clear();
    }
}
