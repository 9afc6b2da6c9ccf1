//! Lexical attributes the embedding tables see: NORM, PREFIX, SUFFIX, SHAPE, ORTH, LOWER,
//! IS_SPACE, and the NORM precedence chain (tokenizer exception > `lexeme_norm` > BASE_NORMS >
//! Python `lower()`).

/// The ids and flags of one token that the neural layers consume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LexFeatures {
    pub orth: u64,
    pub lower: u64,
    pub norm: u64,
    pub prefix: u64,
    pub suffix: u64,
    pub shape: u64,
    /// `IS_SPACE` flag.
    pub is_space: bool,
    /// `SPACY` attribute: the token is followed by a space (`whitespace_`).
    pub spacy: bool,
}
