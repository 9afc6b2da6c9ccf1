//! A name with a nickname in quotation marks is one name: `Robert C. "Bobby" Scott`, `Marcia
//! "Cia" Price`. The small model often cuts it at the marks (`Robert C. "Bobby"` + `Scott`,
//! `Marcia` + `Cia" Price`), which leaves the surname a bare name shared with every other
//! Scott of the story.
//!
//! The pattern: a capitalised word (or an initial), an opening mark, one or two capitalised
//! words, the closing mark, and a capitalised word, all on one line. The NER mentions over it
//! become one PERSON mention from the start of the mention holding the word before the marks
//! to the end of the mention holding the word after them.

use std::borrow::Cow;
use std::sync::Arc;

use quoth_nlp::{Doc, EntitySpan};

use super::labels::PERSON;

/// Most words a nickname between the marks may have.
const NICKNAME_WORDS: usize = 2;

/// The document's NER mentions with every nicknamed name made one PERSON mention (borrowed
/// unchanged when the text has none).
pub(super) fn with_nicknames(doc: &Doc) -> Cow<'_, [EntitySpan]> {
    let names = nicknamed_names(doc);
    if names.is_empty() {
        return Cow::Borrowed(&doc.entities);
    }
    let person: Arc<str> = Arc::from(PERSON);
    let mut out: Vec<EntitySpan> = doc
        .entities
        .iter()
        .filter(|e| {
            !names
                .iter()
                .any(|&(a, b)| e.start_token < b && a < e.end_token)
        })
        .cloned()
        .collect();
    out.extend(
        names
            .iter()
            .filter_map(|&(a, b)| EntitySpan::over(&doc.tokens, a, b, person.clone())),
    );
    out.sort_by_key(|e| (e.start_token, e.end_token));
    Cow::Owned(out)
}

/// Token ranges of the nicknamed names, in text order, not overlapping.
fn nicknamed_names(doc: &Doc) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    let n = doc.tokens.len();
    for open in 1..n {
        if !matches!(doc.word(open), "\"" | "\u{201c}") {
            continue;
        }
        let Some(close) = (open + 2..(open + 2 + NICKNAME_WORDS).min(n))
            .find(|&k| matches!(doc.word(k), "\"" | "\u{201d}"))
        else {
            continue;
        };
        let (before, after) = (open - 1, close + 1);
        if after >= n
            || !(open + 1..close).all(|k| capitalised(doc.word(k)))
            || !(capitalised(doc.word(before)) && capitalised(doc.word(after)))
            || has_line_break(doc, before, after)
        {
            continue;
        }
        let covering = |k: usize| {
            doc.entities
                .iter()
                .find(|e| e.start_token <= k && k < e.end_token)
        };
        // the word before must already be part of a person's name the NER found, or the
        // surname after (not `the "Iron Lady" Thatcher`, `Operation "Desert" Storm`)
        let (left, right) = (covering(before), covering(after));
        if ![left, right].iter().flatten().any(|e| &*e.label == PERSON) {
            continue;
        }
        let start = left.map_or(before, |e| e.start_token.min(before));
        let end = right.map_or(after + 1, |e| e.end_token.max(after + 1));
        if out.last().is_some_and(|&(_, b)| start < b) {
            continue;
        }
        out.push((start, end));
    }
    out
}

/// A word starting with a capital letter (`Bobby`, `C.`).
fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Whether tokens `a..=b` are on more than one line.
fn has_line_break(doc: &Doc, a: usize, b: usize) -> bool {
    match (doc.tokens.get(a), doc.tokens.get(b)) {
        (Some(x), Some(y)) => doc
            .text
            .get(x.start..y.end)
            .is_some_and(|t| t.contains('\n')),
        _ => true,
    }
}
