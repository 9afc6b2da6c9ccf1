//! Python 3.11 (Unicode 14.0) character predicates, which differ from Rust's `char` methods
//! (e.g. `str.isspace` includes U+001C..U+001F). spaCy's tokenizer and lexical attributes use
//! Python's, so parity needs these exact tables.
//!
//! STUB: these fall back to Rust std until the generated tables land.

/// Python `str.isspace` for one character.
pub fn is_space(c: char) -> bool {
    c.is_whitespace()
}

/// Python `str.isalpha` for one character.
pub fn is_alpha(c: char) -> bool {
    c.is_alphabetic()
}

/// Python `str.isdigit` for one character.
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// Python `str.isupper` for one character (cased and uppercase).
pub fn is_upper(c: char) -> bool {
    c.is_uppercase()
}

/// Python `str.islower` for one character.
pub fn is_lower(c: char) -> bool {
    c.is_lowercase()
}

/// Python `str.lower` of one character, appended to `out` (may be several characters).
pub fn push_lower(c: char, out: &mut String) {
    out.extend(c.to_lowercase());
}
