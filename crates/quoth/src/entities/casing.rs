//! The text's own casing as evidence against a name: a one-word "name" the text capitalises
//! only where every word is capitalised (a sentence's or a line's first word) and writes in
//! lower case elsewhere is a common word the NER took for a name (`Homeopathy is …` beside
//! `… treated with homeopathy`; `Bake for 20 minutes.` beside `… before you bake them`).
//!
//! The word must be capitalised nowhere else in the text, in or out of a name (`Parks said`
//! stays a name beside `Rosa Parks` and `national parks`), written exactly as a capital and
//! lower-case letters (`MSG`, `McDonald` are never common words), and written in lower case at
//! least once.
//!
//! A title-case headline capitalises every word, so the NER takes it whole for a name (`Small
//! Steps Toward College Savings` as an organisation). A mention that is the whole first line,
//! of at least [`HEADLINE_WORDS`] words, not a person's name, with at least
//! [`HEADLINE_LOWER`] of its words (function words aside: `The Chatham Islands`) written in
//! lower case in the text below (`steps`, `college`), is a headline, not a name.

use std::collections::HashMap;

use quoth_nlp::Doc;

use super::Candidate;

/// Which of `cands` (sorted, as `candidates` gives them) are common words by the text's
/// casing: every mention with the same surface key is one such word. Values (`One`, `Three`)
/// are never judged.
pub(super) fn common_words(doc: &Doc, cands: &[Candidate]) -> Vec<bool> {
    let mut out = vec![false; cands.len()];
    // Per surface key: whether every mention so far is a lone sentence-case word at a
    // position where capitals are forced.
    let mut all_forced: HashMap<&str, bool> = HashMap::new();
    for c in cands {
        let lone = !super::labels::is_value(&c.raw_label)
            && c.span.end_token == c.span.start_token + 1
            && c.span.end_token <= doc.tokens.len()
            && sentence_case(doc.word(c.span.start_token))
            && forced_capital(doc, c.span.start_token);
        *all_forced.entry(c.surface.key.as_str()).or_insert(true) &= lone;
    }
    let mut verdict: HashMap<&str, bool> = HashMap::new();
    for (i, c) in cands.iter().enumerate() {
        let key = c.surface.key.as_str();
        if !all_forced.get(key).copied().unwrap_or(false) {
            continue;
        }
        let word = doc.word(c.span.start_token);
        out[i] = *verdict
            .entry(key)
            .or_insert_with(|| lower_case_only_elsewhere(doc, word));
    }
    out
}

/// Fewest words of a mention taken for a whole headline.
const HEADLINE_WORDS: usize = 3;

/// Fewest of its words the text must write in lower case (function words aside).
const HEADLINE_LOWER: usize = 2;

/// Words that say nothing of a headline's casing (`The Chatham Islands`).
const FUNCTION_WORDS: [&str; 14] = [
    "the", "a", "an", "of", "and", "or", "for", "in", "on", "at", "to", "by", "with", "from",
];

/// Which of `cands` are a title-case headline taken for a name (module docs): the whole first
/// line, when it is a headline (`super::headline_end`), [`HEADLINE_WORDS`] words or more, not PERSON, [`HEADLINE_LOWER`] of its words (not
/// [`FUNCTION_WORDS`]) in lower case below it.
pub(super) fn headlines(doc: &Doc, cands: &[Candidate]) -> Vec<bool> {
    // a text with no short first line has no headline
    let line_end = super::headline_end(&doc.text);
    let first_line = doc.text.get(..line_end).unwrap_or("").trim();
    cands
        .iter()
        .map(|c| {
            let (st, et) = (c.span.start_token, c.span.end_token);
            if first_line.is_empty()
                || et > doc.tokens.len()
                || et.saturating_sub(st) < HEADLINE_WORDS
                || &*c.raw_label == super::labels::PERSON
                || super::labels::is_value(&c.raw_label)
                || doc.text.get(c.span.start..c.span.end) != Some(first_line.trim_end_matches('.'))
            {
                return false;
            }
            let below = &doc.tokens[et..];
            let lower_below = (st..et)
                .filter(|&k| {
                    let w = doc.word(k);
                    let lower = w.to_lowercase();
                    w.chars().any(char::is_alphabetic)
                        && !FUNCTION_WORDS.contains(&lower.as_str())
                        && below
                            .iter()
                            .any(|t| doc.text.get(t.start..t.end) == Some(&lower))
                })
                .count();
            lower_below >= HEADLINE_LOWER
        })
        .collect()
}

/// `Word`: a capital, then lower-case letters only (an apostrophe or hyphen may follow).
fn sentence_case(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && word.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && chars.all(|c| !c.is_uppercase() && (c.is_alphabetic() || c == '\'' || c == '-'))
}

/// Whether token `i` stands where English capitalises any word: first in the text or on its
/// line, or after a sentence's final punctuation (quotes and brackets between are skipped).
fn forced_capital(doc: &Doc, i: usize) -> bool {
    let mut j = i;
    loop {
        if j == 0 {
            return true;
        }
        let (prev, cur) = (&doc.tokens[j - 1], &doc.tokens[j]);
        let between = doc.text.get(prev.end..cur.start).unwrap_or("");
        let word = doc.word(j - 1);
        if between.contains('\n') || word.contains('\n') {
            return true;
        }
        if word.chars().any(char::is_alphanumeric) {
            return false;
        }
        if !word.is_empty() && word.chars().all(|c| ".!?:;…".contains(c)) {
            return true;
        }
        // a quote, bracket, dash or bullet: look further back
        j -= 1;
    }
}

/// Whether the text writes `word` in lower case somewhere and capitalises it only at forced
/// positions.
fn lower_case_only_elsewhere(doc: &Doc, word: &str) -> bool {
    let lower = word.to_lowercase();
    let mut seen_lower = false;
    for i in 0..doc.tokens.len() {
        let t = doc.word(i);
        if t == lower {
            seen_lower = true;
        } else if t.starts_with(word) && !forced_capital(doc, i) {
            // the word capitalised mid-sentence (`Rosa Parks`, `Parks's`): a name after all
            return false;
        }
    }
    seen_lower
}
