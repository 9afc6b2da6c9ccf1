//! Special cases (tokenizer exceptions) and spaCy's final special-case merge pass.
//!
//! A special case maps an exact chunk string to fixed tokens (ORTH + optional NORM). Lookups
//! are length-gated: a string longer than the longest key is never hashed, which keeps spaCy's
//! affix loop linear on long chunks.
//!
//! The merge pass (`Tokenizer._apply_special_cases`) re-finds special cases that the affix pass
//! split apart (`Hello:)` → `Hello`, `:`, `)` → `Hello`, `:)`): a PhraseMatcher over token texts
//! whose patterns are the special-case keys tokenized *without* special cases. All matches are
//! collected, sorted longest first then leftmost, kept greedily when neither their first nor last
//! token was claimed by an earlier span, and a kept span is replaced only if its text (tokens
//! plus inner single spaces) is itself a special-case key.

use std::collections::HashMap;
use std::sync::Arc;

use super::RawToken;
use crate::model::{SpecialCase, SpecialToken};

/// Special cases by key, with a length gate.
#[derive(Debug, Default)]
pub(crate) struct Specials {
    map: HashMap<Box<str>, Box<[SpecialToken]>>,
    max_key_len: usize,
}

impl Specials {
    pub(crate) fn new(cases: &[SpecialCase]) -> Self {
        let mut map = HashMap::with_capacity(cases.len());
        let mut max_key_len = 0;
        for c in cases {
            max_key_len = max_key_len.max(c.chunk.len());
            map.insert(
                Box::from(c.chunk.as_str()),
                c.tokens.clone().into_boxed_slice(),
            );
        }
        Specials { map, max_key_len }
    }

    /// The tokens of the special case keyed exactly by `s`.
    #[inline]
    pub(crate) fn get(&self, s: &str) -> Option<&[SpecialToken]> {
        if s.is_empty() || s.len() > self.max_key_len {
            return None;
        }
        self.map.get(s).map(|b| &b[..])
    }

    /// Whether `s` is a special-case key.
    #[inline]
    pub(crate) fn contains(&self, s: &str) -> bool {
        self.get(s).is_some()
    }

    /// Append the tokens of a special case at byte offset `start` (no trailing spaces).
    pub(crate) fn emit(tokens: &[SpecialToken], start: usize, out: &mut Vec<RawToken>) {
        let mut pos = start;
        for t in tokens {
            let end = pos + t.orth.len();
            out.push(RawToken {
                start: pos,
                end,
                whitespace: false,
                norm: t.norm.clone(),
            });
            pos = end;
        }
    }
}

/// One merge pattern: the token texts of a special-case key tokenized without special cases.
type Pattern = Box<[Arc<str>]>;

/// The merge-pass phrase matcher: token-text sequences, bucketed by first token.
#[derive(Debug, Default)]
pub(crate) struct MergeMatcher {
    by_first: HashMap<Arc<str>, Vec<Pattern>>,
}

impl MergeMatcher {
    /// Add one pattern (the key's special-free tokenization).
    pub(crate) fn add(&mut self, pattern: Vec<Arc<str>>) {
        let Some(first) = pattern.first().cloned() else {
            return;
        };
        let bucket = self.by_first.entry(first).or_default();
        let pattern = pattern.into_boxed_slice();
        if !bucket.contains(&pattern) {
            bucket.push(pattern);
        }
    }

    /// Number of distinct patterns.
    pub(crate) fn len(&self) -> usize {
        self.by_first.values().map(Vec::len).sum()
    }

    /// Run the merge pass over `tokens` of `text`, replacing matched spans in place.
    pub(crate) fn apply(&self, text: &str, specials: &Specials, tokens: &mut Vec<RawToken>) {
        if self.by_first.is_empty() || tokens.is_empty() {
            return;
        }
        let tok = |i: usize| &text[tokens[i].start..tokens[i].end];
        let mut matches: Vec<(usize, usize)> = Vec::new();
        for i in 0..tokens.len() {
            let Some(bucket) = self.by_first.get(tok(i)) else {
                continue;
            };
            for pat in bucket {
                let end = i + pat.len();
                if end <= tokens.len()
                    && pat[1..].iter().zip(i + 1..end).all(|(p, j)| **p == *tok(j))
                {
                    matches.push((i, end));
                }
            }
        }
        if matches.is_empty() {
            return;
        }
        // longest first, then leftmost
        matches.sort_by(|a, b| (b.1 - b.0).cmp(&(a.1 - a.0)).then(a.0.cmp(&b.0)));
        let mut seen = vec![false; tokens.len()];
        let mut kept: Vec<(usize, usize)> = Vec::new();
        for &(s, e) in &matches {
            if !seen[s] && !seen[e - 1] {
                kept.push((s, e));
            }
            for x in &mut seen[s..e] {
                *x = true;
            }
        }
        kept.sort_unstable();
        let mut replaced = false;
        let mut out: Vec<RawToken> = Vec::with_capacity(tokens.len());
        let mut i = 0;
        let mut k = 0;
        while i < tokens.len() {
            if k < kept.len() && kept[k].0 == i {
                let (s, e) = kept[k];
                k += 1;
                let span = &text[tokens[s].start..tokens[e - 1].end];
                if let Some(sub) = specials.get(span) {
                    let n0 = out.len();
                    Specials::emit(sub, tokens[s].start, &mut out);
                    if let Some(last) = out[n0..].last_mut() {
                        last.whitespace = tokens[e - 1].whitespace;
                    }
                    replaced = true;
                } else {
                    out.extend_from_slice(&tokens[s..e]);
                }
                i = e;
            } else {
                out.push(tokens[i].clone());
                i += 1;
            }
        }
        if replaced {
            *tokens = out;
        }
    }
}
