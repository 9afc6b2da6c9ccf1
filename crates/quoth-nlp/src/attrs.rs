//! Lexical attributes the embedding tables see: NORM, PREFIX, SUFFIX, SHAPE, ORTH, LOWER,
//! IS_SPACE, and the NORM precedence chain (tokenizer exception > `lexeme_norm` > BASE_NORMS >
//! Python `lower()`).

use std::collections::HashMap;
use std::path::Path;

use crate::chars;
use crate::strings::string_id;
use crate::NlpError;

include!("tables/base_norms.rs");

/// The ids and flags of one token that the neural layers consume.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
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

/// spaCy's `BASE_NORMS` entry for `text` (`spacy/lang/norm_exceptions.py`), e.g. `€` → `$`.
pub fn base_norm(text: &str) -> Option<&'static str> {
    BASE_NORMS
        .binary_search_by(|(k, _)| k.as_bytes().cmp(text.as_bytes()))
        .ok()
        .map(|i| BASE_NORMS[i].1)
}

/// spaCy's `word_shape` (`spacy/lang/lex_attrs.py`), appended to `out`: letters become `X`/`x`,
/// digits `d`, other characters stay; runs of one shape character are capped at 4; strings of
/// 100 or more code points are `LONG`.
pub fn push_word_shape(text: &str, out: &mut String) {
    if text.chars().nth(99).is_some() {
        out.push_str("LONG");
        return;
    }
    let mut last: Option<char> = None;
    let mut seq = 0usize;
    for ch in text.chars() {
        let c = if chars::is_alpha(ch) {
            if chars::is_upper(ch) {
                'X'
            } else {
                'x'
            }
        } else if chars::is_digit(ch) {
            'd'
        } else {
            ch
        };
        if Some(c) == last {
            seq += 1;
        } else {
            seq = 0;
            last = Some(c);
        }
        if seq < 4 {
            out.push(c);
        }
    }
}

/// [`push_word_shape`] into a fresh string.
pub fn word_shape(text: &str) -> String {
    let mut s = String::with_capacity(text.len());
    push_word_shape(text, &mut s);
    s
}

/// Python `text.isspace()`: non-empty and every character is whitespace.
pub fn is_space(text: &str) -> bool {
    !text.is_empty() && text.chars().all(chars::is_space)
}

/// First code point of `text` (PREFIX), or "" when empty.
pub fn prefix(text: &str) -> &str {
    match text.chars().next() {
        Some(c) => &text[..c.len_utf8()],
        None => "",
    }
}

/// Last three code points of `text` (SUFFIX, Python `text[-3:]`).
pub fn suffix(text: &str) -> &str {
    match text.char_indices().rev().nth(2) {
        Some((i, _)) => &text[i..],
        None => text,
    }
}

/// The lexeme-level vocabulary data: the model's `lexeme_norm` table (keyed by string id).
/// Computes the lexical attribute ids of a token text exactly as spaCy's `Vocab` does.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    lexeme_norm: HashMap<u64, Box<str>>,
}

impl Lexicon {
    /// A lexicon over a `lexeme_norm` table (string id of the ORTH → NORM string).
    pub fn new(lexeme_norm: HashMap<u64, String>) -> Self {
        Lexicon {
            lexeme_norm: lexeme_norm
                .into_iter()
                .map(|(k, v)| (k, v.into_boxed_str()))
                .collect(),
        }
    }

    /// Load from a pipeline folder's `vocab/lookups.bin`.
    pub fn load(model_dir: &Path) -> Result<Self, NlpError> {
        let path = model_dir.join("vocab").join("lookups.bin");
        Ok(Self::new(crate::model::files::read_lexeme_norm(&path)?))
    }

    /// Number of `lexeme_norm` entries.
    pub fn len(&self) -> usize {
        self.lexeme_norm.len()
    }

    /// True when there is no `lexeme_norm` table content.
    pub fn is_empty(&self) -> bool {
        self.lexeme_norm.is_empty()
    }

    /// The lexeme NORM string of `text`, appended to `out`: `lexeme_norm` table, then
    /// BASE_NORMS, then Python `lower()` (`spacy/util.py` `add_lookups` chain).
    pub fn push_norm(&self, text: &str, out: &mut String) {
        if let Some(n) = self.lexeme_norm.get(&string_id(text)) {
            out.push_str(n);
        } else if let Some(n) = base_norm(text) {
            out.push_str(n);
        } else {
            chars::push_lower_str(text, out);
        }
    }

    /// The id of `text`'s NORM when it comes from `lexeme_norm` or BASE_NORMS; `None` means
    /// the NORM is Python `lower()` (whose id the caller already has).
    fn lexeme_norm_id(&self, text: &str, orth: u64) -> Option<u64> {
        if let Some(n) = self.lexeme_norm.get(&orth) {
            return Some(string_id(n));
        }
        base_norm(text).map(string_id)
    }

    /// The lexeme NORM string of `text` (see [`Lexicon::push_norm`]).
    pub fn norm(&self, text: &str) -> String {
        let mut s = String::with_capacity(text.len());
        self.push_norm(text, &mut s);
        s
    }

    /// All feature ids of a token with text `text`. `exc_norm` is the token-level NORM from a
    /// tokenizer special case (it wins when non-empty); `spacy` is "followed by one space".
    pub fn features(&self, text: &str, exc_norm: Option<&str>, spacy: bool) -> LexFeatures {
        let mut scratch = String::new();
        self.features_with(text, exc_norm, spacy, &mut scratch)
    }

    /// [`Lexicon::features`] reusing `scratch` for the intermediate strings, so a caller can
    /// allocate once per document.
    pub fn features_with(
        &self,
        text: &str,
        exc_norm: Option<&str>,
        spacy: bool,
        scratch: &mut String,
    ) -> LexFeatures {
        let orth = string_id(text);
        scratch.clear();
        chars::push_lower_str(text, scratch);
        let lower = string_id(scratch);
        let norm = match exc_norm {
            Some(n) if !n.is_empty() => string_id(n),
            _ => self.lexeme_norm_id(text, orth).unwrap_or(lower),
        };
        scratch.clear();
        push_word_shape(text, scratch);
        let shape = string_id(scratch);
        LexFeatures {
            orth,
            lower,
            norm,
            prefix: string_id(prefix(text)),
            suffix: string_id(suffix(text)),
            shape,
            is_space: is_space(text),
            spacy,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        let cases = [
            ("Apple", "Xxxxx"),
            ("aaaaaaa", "xxxx"),
            ("Ünïcödé", "Xxxxx"),
            ("1990s", "ddddx"),
            ("U.K.", "X.X."),
            ("n't", "x'x"),
            ("€", "€"),
            ("http://example.com/a?b=1", "xxxx://xxxx.xxx/x?x=d"),
            ("\n\n", "\n\n"),
            ("", ""),
        ];
        for (t, s) in cases {
            assert_eq!(word_shape(t), s, "{t:?}");
        }
        assert_eq!(word_shape(&"a".repeat(99)), "xxxx");
        assert_eq!(word_shape(&"é".repeat(100)), "LONG");
    }

    #[test]
    fn prefix_suffix_by_code_point() {
        assert_eq!(prefix("Ünïcödé"), "Ü");
        assert_eq!(suffix("Ünïcödé"), "ödé");
        assert_eq!(suffix("ab"), "ab");
        assert_eq!(prefix(""), "");
        assert_eq!(suffix(""), "");
        assert_eq!(suffix("😀😀😀😀"), "😀😀😀");
    }

    #[test]
    fn norm_chain() {
        let mut table = HashMap::new();
        table.insert(string_id("colour"), "color".to_string());
        table.insert(string_id("€"), "EUR".to_string());
        let lex = Lexicon::new(table);
        assert_eq!(lex.norm("colour"), "color");
        assert_eq!(lex.norm("Colour"), "colour"); // keyed by exact ORTH
        assert_eq!(lex.norm("€"), "EUR"); // table beats BASE_NORMS
        assert_eq!(lex.norm("£"), "$");
        assert_eq!(lex.norm("İ"), "i\u{307}");
        let f = lex.features("Jan.", Some("January"), true);
        assert_eq!(f.norm, 13056458575919468927);
        assert_eq!(f.shape, string_id("Xxx."));
        assert!(f.spacy && !f.is_space);
        assert!(lex.features("\n\n", None, false).is_space);
        assert!(!lex.features("", None, false).is_space);
        assert_eq!(lex.features("C", None, true).shape, 101);
    }
}
