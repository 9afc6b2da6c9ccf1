//! Names the NER tagged at one occurrence and missed at another (the last step over the
//! model's or the ensemble's entities in both profiles, [`tag_repeated_names`]).

use std::collections::HashMap;
use std::sync::Arc;

use quoth_nlp::{Doc, EntitySpan};

use super::labels::is_value;

/// Fewest characters of a name that is looked for again (`US`, `Al` are too ambiguous).
const MIN_NAME_CHARS: usize = 3;

/// Tag every further occurrence of a name the NER tagged somewhere in `doc`: the same tokens
/// (same text, case included) outside every entity span become one more entity span, labelled
/// as that name mostly is (ties: its first label). A name is looked for again when it is not
/// a value (`DATE`, `CARDINAL` and the other value labels) and, once a leading `the` and a
/// trailing possessive are set aside, starts with a capital, holds no line break and has at
/// least [`MIN_NAME_CHARS`] characters. An occurrence counts only with no letter, digit or
/// hyphen right before or after it (`Warhol-like` is not `Warhol`) and outside a longer name:
/// no proper noun next to it, no number after it (`Trump Tower`, `S&P 500`; `Mr. Trump` is
/// one). Longer names are placed first; entity spans stay in text order.
///
/// The NER often tags a name once and misses it elsewhere (`We want Trump.`, a character's
/// name at the start of a line); coreference and salience count name mentions. The `accurate`
/// profile runs this over its ensemble's entities (GUM train named mentions, head match, F1
/// 77.5 → 79.2; OntoNotes dev grouped F1 83.31 / 88.81, all / news, against 83.31 / 88.82
/// without it), the `fast` one over its model's (GUM train F1 75.6 → 77.7; OntoNotes 82.06 /
/// 87.57 → 82.10 / 87.67); `raw` output is left as the model gave it.
pub fn tag_repeated_names(doc: &mut Doc) {
    let n = doc.tokens.len();
    // Each name's token texts, with its labels in text order; names in first-seen order.
    let mut forms: Vec<(Vec<&str>, Vec<Arc<str>>)> = Vec::new();
    let mut index: HashMap<Vec<&str>, usize> = HashMap::new();
    let text = doc.text.as_str();
    let tok = |k: usize| {
        doc.tokens
            .get(k)
            .and_then(|t| text.get(t.start..t.end))
            .unwrap_or("")
    };
    for e in &doc.entities {
        if is_value(&e.label) {
            continue;
        }
        let (mut a, mut b) = (e.start_token, e.end_token.min(n));
        if a < b && matches!(tok(a), "the" | "The") {
            a += 1;
        }
        if b > a + 1 && matches!(tok(b - 1), "'s" | "\u{2019}s" | "'" | "\u{2019}") {
            b -= 1;
        }
        if a >= b {
            continue;
        }
        let (Some(first), Some(last)) = (doc.tokens.get(a), doc.tokens.get(b - 1)) else {
            continue;
        };
        let Some(name) = text.get(first.start..last.end) else {
            continue;
        };
        if name.contains('\n')
            || name.chars().count() < MIN_NAME_CHARS
            || !name.chars().next().is_some_and(char::is_uppercase)
        {
            continue;
        }
        let key: Vec<&str> = (a..b).map(tok).collect();
        let i = *index.entry(key.clone()).or_insert_with(|| {
            forms.push((key, Vec::new()));
            forms.len() - 1
        });
        forms[i].1.push(e.label.clone());
    }
    if forms.is_empty() {
        return;
    }
    let mut covered = vec![false; n];
    for e in &doc.entities {
        for c in covered
            .iter_mut()
            .take(e.end_token.min(n))
            .skip(e.start_token)
        {
            *c = true;
        }
    }
    let mut at: HashMap<&str, Vec<usize>> = HashMap::new();
    for k in 0..n {
        at.entry(tok(k)).or_default().push(k);
    }
    // Longest names first (stable: first seen first among equals).
    let mut order: Vec<usize> = (0..forms.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(forms[i].0.len()));
    let boundary = |c: Option<char>| !c.is_some_and(|c| c.is_alphanumeric() || c == '-');
    let mut added = Vec::new();
    for i in order {
        let (words, labels) = &forms[i];
        let Some(label) = most_frequent(labels) else {
            continue;
        };
        let Some(starts) = words.first().and_then(|w| at.get(w)) else {
            continue;
        };
        for &k in starts {
            let end = k + words.len();
            if end > n
                || covered[k..end].iter().any(|&c| c)
                || !(k..end).map(tok).eq(words.iter().copied())
            {
                continue;
            }
            let Some(span) = EntitySpan::over(&doc.tokens, k, end, label.clone()) else {
                continue;
            };
            let before = text.get(..span.start).and_then(|s| s.chars().next_back());
            let after = text.get(span.end..).and_then(|s| s.chars().next());
            if !boundary(before) || !boundary(after) || in_longer_name(doc, k, end) {
                continue;
            }
            covered[k..end].iter_mut().for_each(|c| *c = true);
            added.push(span);
        }
    }
    if !added.is_empty() {
        doc.entities.extend(added);
        doc.entities.sort_by_key(|e| (e.start_token, e.end_token));
    }
}

/// Whether tokens `a..b` sit inside a longer name the NER did not tag: a proper noun right
/// before them (`Hong Kong Wetland Park`, `Sandra Day O'Connor`; not an abbreviation such as
/// `Mr.`), or a proper noun or a number right after them (`Trump Tower`, `the Dow Jones`,
/// `the S&P 500`).
fn in_longer_name(doc: &Doc, a: usize, b: usize) -> bool {
    let proper = |k: usize| {
        doc.tokens
            .get(k)
            .is_some_and(|t| matches!(t.tag.as_ref(), "NNP" | "NNPS"))
    };
    let abbreviation = |k: usize| {
        doc.tokens
            .get(k)
            .and_then(|t| doc.text.get(t.start..t.end))
            .is_some_and(|w| w.ends_with('.'))
    };
    let number = |k: usize| doc.tokens.get(k).is_some_and(|t| t.tag.as_ref() == "CD");
    (a > 0 && proper(a - 1) && !abbreviation(a - 1)) || proper(b) || number(b)
}

/// The most frequent label (ties: the first of them in `labels`); `None` for no labels.
fn most_frequent(labels: &[Arc<str>]) -> Option<Arc<str>> {
    let mut best: Option<(&Arc<str>, usize)> = None;
    for l in labels {
        let c = labels.iter().filter(|m| *m == l).count();
        if best.is_none_or(|(_, bc)| c > bc) {
            best = Some((l, c));
        }
    }
    best.map(|(l, _)| l.clone())
}
