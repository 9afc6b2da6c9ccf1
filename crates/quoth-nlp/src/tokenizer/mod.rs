//! spaCy's rule-based tokenizer, driven by the serialized `tokenizer` file.
//!
//! Reproduces `spacy/tokenizer.pyx` (v3.8) exactly:
//! 1. Whitespace pass (`_tokenize_affixes`): the text is cut into runs of Python-`isspace`
//!    characters and runs of other characters. A single U+0020 after a non-space run is absorbed
//!    as that run's last token's trailing space; every other whitespace run is a chunk of its own.
//! 2. Each chunk (`_tokenize`): a special case for the whole chunk wins; otherwise prefixes and
//!    suffixes are peeled off (`_split_affixes`), and the remaining core becomes a special case,
//!    a `token_match`/`url_match` token, or is split at infixes (`_attach_tokens`).
//! 3. Merge pass (`_apply_special_cases`, [`specials::MergeMatcher`]).
//!
//! Offsets are UTF-8 byte offsets into the input (spaCy's code-point `idx` is derived by the
//! caller). Short chunks are memoized in a bounded, thread-safe [`cache`]; like spaCy's own
//! chunk cache it never changes results.
//!
//! # Robustness
//! Any `&str` is accepted and the work is linear in practice: prefix/suffix searches cost
//! O(affix) rather than O(chunk) ([`patterns`]), special-case lookups are length-gated, and
//! backtracking searches are bounded by [`patterns::BACKTRACK_LIMIT`]. Departures from spaCy,
//! all for inputs no real text contains:
//! - A non-space chunk longer than [`MAX_CHUNK_BYTES`] is cut into pieces of at most that many
//!   bytes (at character boundaries), each tokenized as a chunk of its own, so affix, infix and
//!   URL searches never see an unbounded haystack.
//! - A backtracking run that exceeds the backtrack limit is decided by the pattern's
//!   look-around-free relaxation instead ([`patterns`]).
//! - A non-space chunk that splits into more than [`MAX_CHUNK_TOKENS`] tokens keeps the first
//!   `MAX_CHUNK_TOKENS - 1` and makes the rest of the chunk one token, so strings such as
//!   100 KB of `(` do not become 100,000 tokens for the neural layers.

pub mod cache;
pub mod patterns;
mod pyre;
#[rustfmt::skip]
mod py_classes;
pub mod specials;

use std::sync::Arc;

use crate::chars::is_space;
use crate::model::TokenizerData;
use crate::NlpError;
use cache::ChunkCache;
use patterns::PyRegex;
use specials::{MergeMatcher, Specials};

/// Longest non-space chunk (in bytes) tokenized as one unit; longer chunks are cut into pieces
/// of this size. 16 KiB is far above any real token (long URLs are a few hundred bytes).
pub const MAX_CHUNK_BYTES: usize = 16 * 1024;

/// Most tokens one non-space chunk may split into; the rest of a chunk that would split into
/// more becomes a single token. News copy stays far below (a long hyphenated or slashed
/// compound makes tens of tokens); only machine-made runs such as `((((…` or `a-a-a-…` reach
/// it, and without it they cost the neural layers one row per character.
pub const MAX_CHUNK_TOKENS: usize = 1024;

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
pub struct Tokenizer {
    prefix: Option<PyRegex>,
    suffix: Option<PyRegex>,
    infix: Option<PyRegex>,
    token_match: Option<PyRegex>,
    url_match: Option<PyRegex>,
    specials: Specials,
    merge: MergeMatcher,
    cache: ChunkCache,
}

/// Per-call scratch buffers (allocated once per document).
#[derive(Default)]
struct Scratch {
    prefixes: Vec<(usize, usize)>,
    suffixes: Vec<(usize, usize)>,
    infixes: Vec<(usize, usize)>,
}

fn compile(name: &str, p: &Option<String>) -> Result<Option<PyRegex>, NlpError> {
    p.as_deref().map(|p| PyRegex::new(name, p)).transpose()
}

/// Byte length of the first `n` chars of `s` (all of `s` if shorter).
fn first_chars_len(s: &str, n: usize) -> usize {
    s.char_indices().nth(n).map_or(s.len(), |(b, _)| b)
}

/// Byte length of the last `n` chars of `s` (all of `s` if shorter).
fn last_chars_len(s: &str, n: usize) -> usize {
    if n == 0 {
        return 0;
    }
    s.char_indices()
        .rev()
        .nth(n - 1)
        .map_or(s.len(), |(b, _)| s.len() - b)
}

/// Character length of a match, as Python's `match.end() - match.start()`.
fn match_chars(s: &str, m: (usize, usize)) -> usize {
    s[m.0..m.1].chars().count()
}

impl Tokenizer {
    /// Compile the rules of a `tokenizer` file.
    pub fn new(data: &TokenizerData) -> Result<Self, NlpError> {
        for case in &data.exceptions {
            let joined: String = case.tokens.iter().map(|t| &*t.orth).collect();
            if case.chunk.is_empty()
                || case.tokens.iter().any(|t| t.orth.is_empty())
                || joined != case.chunk
            {
                return Err(NlpError::format(
                    "tokenizer",
                    format!(
                        "special case {:?}: token ORTHs {joined:?} must be non-empty and join to the key",
                        case.chunk
                    ),
                ));
            }
        }
        let mut tok = Tokenizer {
            prefix: compile("prefix_search", &data.prefix_search)?,
            suffix: compile("suffix_search", &data.suffix_search)?,
            infix: compile("infix_finditer", &data.infix_finditer)?,
            token_match: compile("token_match", &data.token_match)?,
            url_match: compile("url_match", &data.url_match)?,
            specials: Specials::new(&data.exceptions),
            merge: MergeMatcher::default(),
            cache: ChunkCache::default(),
        };
        // spaCy adds a merge pattern for a key only if it has an affix, an infix or a space
        // (faster_heuristics), tokenizing the key with special cases disabled.
        let mut merge = MergeMatcher::default();
        let mut toks = Vec::new();
        let mut scratch = Scratch::default();
        for case in &data.exceptions {
            let key = case.chunk.as_str();
            let wanted = !data.faster_heuristics
                || tok.find_prefix(key) > 0
                || tok.find_suffix(key) > 0
                || tok.has_infix(key, &mut scratch.infixes)
                || key.contains(' ');
            if !wanted {
                continue;
            }
            tok.tokenize_affixes(key, false, &mut toks, &mut scratch);
            merge.add(
                toks.iter()
                    .map(|t| Arc::<str>::from(&key[t.start..t.end]))
                    .collect(),
            );
        }
        tok.merge = merge;
        Ok(tok)
    }

    /// Load and compile the `tokenizer` file of a pipeline folder.
    pub fn load(path: impl AsRef<std::path::Path>) -> Result<Self, NlpError> {
        Self::new(&TokenizerData::read(path)?)
    }

    /// Number of special-case patterns in the merge pass (diagnostics).
    pub fn merge_pattern_count(&self) -> usize {
        self.merge.len()
    }

    /// Tokenize `text`, appending to `out` (cleared first).
    pub fn tokenize(&self, text: &str, out: &mut Vec<RawToken>) {
        let mut scratch = Scratch::default();
        self.tokenize_affixes(text, true, out, &mut scratch);
        self.merge.apply(text, &self.specials, out);
    }

    /// Python-level `find_prefix`: prefix length in characters (0 if none).
    fn find_prefix(&self, s: &str) -> usize {
        match self.prefix.as_ref().and_then(|r| r.search(s)) {
            Some(m) => match_chars(s, m),
            None => 0,
        }
    }

    fn find_suffix(&self, s: &str) -> usize {
        match self.suffix.as_ref().and_then(|r| r.search(s)) {
            Some(m) => match_chars(s, m),
            None => 0,
        }
    }

    fn has_infix(&self, s: &str, buf: &mut Vec<(usize, usize)>) -> bool {
        match &self.infix {
            Some(r) => {
                r.find_iter(s, buf);
                !buf.is_empty()
            }
            None => false,
        }
    }

    /// The whitespace pass. Chunks go to [`Self::chunk`].
    fn tokenize_affixes(
        &self,
        text: &str,
        with_specials: bool,
        out: &mut Vec<RawToken>,
        scratch: &mut Scratch,
    ) {
        out.clear();
        let Some(first) = text.chars().next() else {
            return;
        };
        let mut in_ws = is_space(first);
        let mut start = 0;
        for (i, ch) in text.char_indices() {
            if is_space(ch) != in_ws {
                if start < i {
                    self.long_chunk(text, start, i, with_specials, out, scratch);
                }
                if ch == ' ' {
                    if let Some(last) = out.last_mut() {
                        last.whitespace = true;
                    }
                    start = i + 1;
                } else {
                    start = i;
                }
                in_ws = !in_ws;
            }
        }
        if start < text.len() {
            self.long_chunk(text, start, text.len(), with_specials, out, scratch);
            if let Some(last) = out.last_mut() {
                last.whitespace = text.ends_with(' ') && !in_ws;
            }
        }
    }

    /// Cut chunks longer than [`MAX_CHUNK_BYTES`] and cap the chunk's tokens at
    /// [`MAX_CHUNK_TOKENS`] (documented departures), then tokenize.
    fn long_chunk(
        &self,
        text: &str,
        mut a: usize,
        b: usize,
        with_specials: bool,
        out: &mut Vec<RawToken>,
        scratch: &mut Scratch,
    ) {
        let first = out.len();
        while b - a > MAX_CHUNK_BYTES {
            let mut cut = a + MAX_CHUNK_BYTES;
            while !text.is_char_boundary(cut) {
                cut -= 1;
            }
            self.chunk(text, a, cut, with_specials, out, scratch);
            a = cut;
        }
        self.chunk(text, a, b, with_specials, out, scratch);
        if out.len() - first > MAX_CHUNK_TOKENS {
            let keep = first + MAX_CHUNK_TOKENS - 1;
            let start = out[keep].start;
            out.truncate(keep);
            out.push(RawToken {
                start,
                end: b,
                whitespace: false,
                norm: None,
            });
        }
    }

    /// `_try_specials_and_cache` + `_tokenize` for the chunk `text[a..b]`.
    fn chunk(
        &self,
        text: &str,
        a: usize,
        b: usize,
        with_specials: bool,
        out: &mut Vec<RawToken>,
        scratch: &mut Scratch,
    ) {
        let chunk = &text[a..b];
        if with_specials {
            if let Some(sub) = self.specials.get(chunk) {
                Specials::emit(sub, a, out);
                return;
            }
            if self.cache.emit(chunk, a, out) {
                return;
            }
        }
        let n0 = out.len();
        let (core_a, core_b) = self.split_affixes(text, a, b, with_specials, scratch);
        self.attach_tokens(text, core_a, core_b, with_specials, out, scratch);
        if with_specials {
            self.cache.insert(chunk, a, &out[n0..]);
        }
    }

    fn is_special(&self, s: &str, with_specials: bool) -> bool {
        with_specials && self.specials.contains(s)
    }

    /// `_split_affixes`: peel prefixes and suffixes off `text[a..b]`, recording their byte
    /// spans in `scratch`; returns the core span.
    fn split_affixes(
        &self,
        text: &str,
        mut a: usize,
        mut b: usize,
        with_specials: bool,
        scratch: &mut Scratch,
    ) -> (usize, usize) {
        scratch.prefixes.clear();
        scratch.suffixes.clear();
        let mut last_size = usize::MAX;
        while a < b && b - a != last_size {
            let s = &text[a..b];
            if let Some(tm) = &self.token_match {
                if tm.matches_at_start(s) {
                    break;
                }
            }
            if self.is_special(s, with_specials) {
                break;
            }
            last_size = b - a;
            let pre_chars = self.find_prefix(s);
            let pre = first_chars_len(s, pre_chars);
            if pre != 0 {
                let minus_pre = &s[pre..];
                if !minus_pre.is_empty() && self.is_special(minus_pre, with_specials) {
                    scratch.prefixes.push((a, a + pre));
                    a += pre;
                    break;
                }
            }
            let suf_chars = self.find_suffix(&s[pre..]);
            let suf = last_chars_len(s, suf_chars);
            if suf != 0 {
                let minus_suf = &s[..s.len() - suf];
                if !minus_suf.is_empty() && self.is_special(minus_suf, with_specials) {
                    scratch.suffixes.push((b - suf, b));
                    b -= suf;
                    break;
                }
            }
            if pre != 0 && suf != 0 && pre + suf <= s.len() {
                scratch.prefixes.push((a, a + pre));
                scratch.suffixes.push((b - suf, b));
                a += pre;
                b -= suf;
            } else if pre != 0 {
                scratch.prefixes.push((a, a + pre));
                a += pre;
            } else if suf != 0 {
                scratch.suffixes.push((b - suf, b));
                b -= suf;
            }
        }
        (a, b)
    }

    /// `_attach_tokens`: prefixes, the core (special, token/url match, or infix split), then the
    /// suffixes in reverse order of discovery.
    fn attach_tokens(
        &self,
        text: &str,
        a: usize,
        b: usize,
        with_specials: bool,
        out: &mut Vec<RawToken>,
        scratch: &mut Scratch,
    ) {
        let plain = |s: usize, e: usize| RawToken {
            start: s,
            end: e,
            whitespace: false,
            norm: None,
        };
        for &(s, e) in &scratch.prefixes {
            out.push(plain(s, e));
        }
        if a < b {
            let core = &text[a..b];
            let special = if with_specials {
                self.specials.get(core)
            } else {
                None
            };
            if let Some(sub) = special {
                Specials::emit(sub, a, out);
            } else if self
                .token_match
                .as_ref()
                .is_some_and(|r| r.matches_at_start(core))
                || self
                    .url_match
                    .as_ref()
                    .is_some_and(|r| r.matches_at_start(core))
            {
                out.push(plain(a, b));
            } else {
                let has = self.has_infix(core, &mut scratch.infixes);
                if !has {
                    out.push(plain(a, b));
                } else {
                    let mut start = 0;
                    for &(ms, me) in &scratch.infixes {
                        if ms == 0 {
                            continue;
                        }
                        if ms != start {
                            out.push(plain(a + start, a + ms));
                        }
                        if ms != me {
                            out.push(plain(a + ms, a + me));
                        }
                        start = me;
                    }
                    if start < core.len() {
                        out.push(plain(a + start, b));
                    }
                }
            }
        }
        for &(s, e) in scratch.suffixes.iter().rev() {
            out.push(plain(s, e));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{SpecialCase, SpecialToken};

    fn special(chunk: &str, parts: &[(&str, Option<&str>)]) -> SpecialCase {
        SpecialCase {
            chunk: chunk.to_string(),
            tokens: parts
                .iter()
                .map(|(o, n)| SpecialToken {
                    orth: Arc::from(*o),
                    norm: n.map(Arc::from),
                })
                .collect(),
        }
    }

    fn toy() -> Tokenizer {
        let data = TokenizerData {
            prefix_search: Some(r"^\(|^:|^\$".into()),
            suffix_search: Some(r"\)$|:$|\.$|(?<=[0-9])km$".into()),
            infix_finditer: Some(r"(?<=[a-z])-(?=[a-z])|\.\.+".into()),
            token_match: None,
            url_match: Some(r"(?u)^https?://\S+$".into()),
            exceptions: vec![
                special("don't", &[("do", None), ("n't", Some("not"))]),
                special(":)", &[(":)", None)]),
                special("\u{a0}", &[("\u{a0}", Some("  "))]),
            ],
            faster_heuristics: true,
        };
        Tokenizer::new(&data).unwrap()
    }

    fn run(t: &Tokenizer, text: &str) -> Vec<(String, bool)> {
        let mut out = Vec::new();
        t.tokenize(text, &mut out);
        out.iter()
            .map(|r| (text[r.start..r.end].to_string(), r.whitespace))
            .collect()
    }

    fn texts(t: &Tokenizer, text: &str) -> Vec<String> {
        run(t, text).into_iter().map(|x| x.0).collect()
    }

    #[test]
    fn whitespace_pass() {
        let t = toy();
        assert_eq!(
            run(&t, "a  b"),
            vec![("a".into(), true), (" ".into(), false), ("b".into(), false)]
        );
        assert_eq!(texts(&t, " a"), vec![" ", "a"]);
        assert_eq!(texts(&t, "a\u{1c}b"), vec!["a", "\u{1c}", "b"]);
        assert!(texts(&t, "").is_empty());
        assert_eq!(run(&t, "x "), vec![("x".into(), true)]);
    }

    #[test]
    fn affixes_infixes_specials() {
        let t = toy();
        assert_eq!(texts(&t, "(don't)"), vec!["(", "do", "n't", ")"]);
        assert_eq!(texts(&t, "5km."), vec!["5", "km", "."]);
        assert_eq!(texts(&t, "well-known"), vec!["well", "-", "known"]);
        assert_eq!(texts(&t, "http://a.b/c-d."), vec!["http://a.b/c-d", "."]);
        let mut out = Vec::new();
        t.tokenize("a\u{a0}b", &mut out);
        assert_eq!(out[1].norm.as_deref(), Some("  "));
    }

    #[test]
    fn merge_pass_rejoins_specials() {
        let t = toy();
        assert!(t.merge_pattern_count() >= 1);
        assert_eq!(texts(&t, "Hello:)"), vec!["Hello", ":)"]);
        assert_eq!(texts(&t, "Hello : )"), vec!["Hello", ":", ")"]);
    }
}
