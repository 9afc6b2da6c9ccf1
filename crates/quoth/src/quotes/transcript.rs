//! Interview transcripts: paragraphs opened by a speaker label in capitals and a colon
//! (`"WALLACE: Let's start …`, `"PENCE: Well, look, …`, `SEN. KAINE: …`) are that speaker's
//! words, whether or not a quotation mark opens the paragraph. A paragraph that only opens a
//! quotation mark after such a turn continues it (the multi-paragraph convention: every
//! paragraph of the quote opens a mark, only the last closes one).
//!
//! The form is taken only when a document holds at least [`MIN_TURNS`] labelled paragraphs, so
//! a lone `UPDATE:` or a dateline in capitals is not a transcript; a few such words that open
//! notes rather than turns are refused outright ([`NOT_SPEAKERS`]).

use std::collections::HashMap;
use std::ops::Range;

use super::{Quote, QuoteKind, Rule, Span, Speaker, SpeakerKind};
use crate::entities::Entities;

/// Fewest labelled paragraphs that make a transcript.
const MIN_TURNS: usize = 2;

/// Most words in a speaker label (`SEN. TIM KAINE`).
const MAX_LABEL_WORDS: usize = 4;

/// Most bytes from the paragraph start to the colon.
const MAX_LABEL_BYTES: usize = 40;

/// Capitalised words that open notes, not turns (`UPDATE: …`, `WATCH: …`); `Q`/`A` turns name
/// no speaker.
const NOT_SPEAKERS: &[&str] = &[
    "A",
    "ALSO",
    "BREAKING",
    "CLICK",
    "CORRECTION",
    "DISCLAIMER",
    "EDITOR'S NOTE",
    "EDITOR’S NOTE",
    "EXCLUSIVE",
    "FULL TEXT",
    "NOTE",
    "PHOTOS",
    "Q",
    "READ",
    "READ MORE",
    "RELATED",
    "SOURCE",
    "SOURCES",
    "TRANSCRIPT",
    "UPDATE",
    "UPDATED",
    "VIDEO",
    "WATCH",
];

/// One speaker's turn: the label (byte range, without the colon), the colon, and the content
/// paragraphs (byte ranges, edge whitespace and a closing mark excluded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Turn {
    pub label: Range<usize>,
    pub colon: Range<usize>,
    pub content: Vec<Range<usize>>,
}

/// Opening quotation marks a transcript paragraph may start with.
fn is_opening_mark(c: char) -> bool {
    matches!(c, '"' | '“' | '‘' | '\'' | '«')
}

/// Closing quotation marks a transcript paragraph may end with.
fn is_closing_mark(c: char) -> bool {
    matches!(c, '"' | '”' | '’' | '\'' | '»')
}

/// Whether `label` is a speaker label: 1–[`MAX_LABEL_WORDS`] words of capital letters (with
/// `.`, `'`, `’`, `-` inside), at least two letters, not a note word.
fn is_label(label: &str) -> bool {
    let words: Vec<&str> = label.split_whitespace().collect();
    if words.is_empty() || words.len() > MAX_LABEL_WORDS || label.trim() != label {
        return false;
    }
    let letters = label.chars().filter(|c| c.is_alphabetic()).count();
    let shape = words.iter().all(|w| {
        w.chars().any(char::is_alphabetic)
            && w.chars()
                .all(|c| c.is_uppercase() || matches!(c, '.' | '\'' | '’' | '-'))
    });
    shape && letters >= 2 && !NOT_SPEAKERS.contains(&label)
}

/// The byte ranges of the document's paragraphs (lines), without their line break.
fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').map(move |l| {
        let r = start..start + l.trim_end_matches(['\n', '\r']).len();
        start += l.len();
        r
    })
}

/// `range` with edge whitespace and, at the end, closing marks removed.
fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let s = text.get(range.clone()).unwrap_or("");
    let lead = s.len() - s.trim_start().len();
    let body = s
        .trim()
        .trim_end_matches(is_closing_mark)
        .trim_end_matches(char::is_whitespace);
    range.start + lead..range.start + lead + body.len()
}

/// The turns of a transcript in `text`, in order; empty when it holds fewer than
/// [`MIN_TURNS`] labelled paragraphs.
pub(crate) fn turns(text: &str) -> Vec<Turn> {
    let mut out: Vec<Turn> = Vec::new();
    // Whether the last turn's paragraph opened a mark that a next paragraph may continue.
    let mut open_quote = false;
    for line in lines(text) {
        let s = text.get(line.clone()).unwrap_or("");
        let lead = s.len() - s.trim_start().len();
        let body = &s[lead..];
        let quoted = body.starts_with(is_opening_mark);
        let after_mark = if quoted {
            body.char_indices().nth(1).map_or(body.len(), |(i, _)| i)
        } else {
            0
        };
        let rest = &body[after_mark..];
        let label_start = line.start + lead + after_mark;
        let colon = rest.find(':').filter(|&c| c < MAX_LABEL_BYTES);
        let turn = colon.and_then(|c| {
            let label = &rest[..c];
            let content = trim(text, label_start + c + 1..line.end);
            (is_label(label)
                && rest[c + 1..].starts_with(char::is_whitespace)
                && !content.is_empty())
            .then(|| Turn {
                label: label_start..label_start + c,
                colon: label_start + c..label_start + c + 1,
                content: vec![content],
            })
        });
        match turn {
            Some(t) => {
                open_quote = quoted && !body.trim_end().ends_with(is_closing_mark);
                out.push(t);
            }
            None if quoted && open_quote => {
                let content = trim(text, label_start..line.end);
                open_quote = !body.trim_end().ends_with(is_closing_mark);
                if let (Some(last), false) = (out.last_mut(), content.is_empty()) {
                    last.content.push(content);
                }
            }
            None => {
                if !body.trim().is_empty() {
                    open_quote = false;
                }
            }
        }
    }
    if out.len() < MIN_TURNS {
        out.clear();
    }
    out
}

/// The transcript's turns as direct quotes, each speaker linked to the one PERSON entity
/// whose name is the label, or ends with its last word (`PENCE` → `Mike Pence`); an unlinked
/// label is its own name, capitalised as a name (`Wallace`).
pub(crate) fn quotes(text: &str, entities: &Entities) -> Vec<Quote> {
    let turns = turns(text);
    // The first label of two words or more ending with each word (`JAKE TAPPER` for `TAPPER`).
    let mut fuller: HashMap<&str, &str> = HashMap::new();
    // Each label's entity, looked up once (a long transcript repeats a few labels).
    let mut linked: HashMap<&str, Option<usize>> = HashMap::new();
    turns
        .iter()
        .map(|t| {
            let written = text.get(t.label.clone()).unwrap_or("");
            let mut words = written.split_whitespace();
            let label = match (
                words.next(),
                words.next(),
                written.split_whitespace().last(),
            ) {
                (Some(word), None, _) => fuller.get(word).copied().unwrap_or(written),
                (_, Some(_), Some(last)) => *fuller.entry(last).or_insert(written),
                _ => written,
            };
            let entity = *linked
                .entry(label)
                .or_insert_with(|| speaker_entity(label, entities));
            let (name, label_kind, kind) = match entity {
                Some(e) => {
                    let g = &entities.entities[e];
                    let kind = if g.name.eq_ignore_ascii_case(label) {
                        SpeakerKind::Named
                    } else {
                        SpeakerKind::Surname
                    };
                    (g.name.clone(), Some(g.label.clone()), kind)
                }
                None => (name_case(label), None, SpeakerKind::Named),
            };
            Quote {
                kind: QuoteKind::Direct,
                content: t
                    .content
                    .iter()
                    .map(|c| Span {
                        start: c.start,
                        end: c.end,
                    })
                    .collect(),
                clause: None,
                cue: Some(Span {
                    start: t.colon.start,
                    end: t.colon.end,
                }),
                speaker: Some(Speaker {
                    span: Span {
                        start: t.label.start,
                        end: t.label.end,
                    },
                    entity,
                    name: Some(name),
                    label: label_kind,
                    pronoun: false,
                    kind,
                    description: None,
                }),
                rule: Rule::Transcript,
            }
        })
        .collect()
}

/// The PERSON entity a speaker label names: of those whose name is the label or ends with its
/// last word, the one full name (two words or more), else the only one.
fn speaker_entity(label: &str, entities: &Entities) -> Option<usize> {
    let last = label.split_whitespace().last()?.to_lowercase();
    let candidates: Vec<(usize, bool)> = entities
        .entities
        .iter()
        .enumerate()
        .filter(|(_, g)| &*g.label == "PERSON")
        .filter(|(_, g)| {
            g.name.eq_ignore_ascii_case(label)
                || g.name
                    .split_whitespace()
                    .last()
                    .is_some_and(|w| w.to_lowercase() == last)
        })
        .map(|(i, g)| (i, g.name.split_whitespace().nth(1).is_some()))
        .collect();
    // Full names that differ only in case (`JAKE TAPPER` in a label, `Jake Tapper` in prose)
    // are one person: the first stands for them.
    let mut full: Vec<usize> = Vec::new();
    for &(i, _) in candidates.iter().filter(|c| c.1) {
        let name = &entities.entities[i].name;
        if !full
            .iter()
            .any(|&j| entities.entities[j].name.eq_ignore_ascii_case(name))
        {
            full.push(i);
        }
    }
    match (&full[..], &candidates[..]) {
        ([i], _) | ([], [(i, _)]) => Some(*i),
        _ => None,
    }
}

/// `SEN. KAINE` → `Sen. Kaine`: each word's first letter kept, the rest lower-cased.
fn name_case(label: &str) -> String {
    let mut out = String::with_capacity(label.len());
    let mut start = true;
    for c in label.chars() {
        if start {
            out.push(c);
        } else {
            out.extend(c.to_lowercase());
        }
        start = !c.is_alphabetic();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn show(text: &str) -> Vec<(String, Vec<String>)> {
        turns(text)
            .into_iter()
            .map(|t| {
                (
                    text[t.label].to_string(),
                    t.content.into_iter().map(|c| text[c].to_string()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn quoted_turns_and_their_continuation_paragraphs() {
        let text = "The exchange went as follows:\n\n\"HOST: Will you run again?\n\n\"SEN. ODUYA: \
Not this year.\n\n\"I have a farm to run.\"\n\nThe senator later left.";
        assert_eq!(
            show(text),
            vec![
                ("HOST".to_string(), vec!["Will you run again?".to_string()]),
                (
                    "SEN. ODUYA".to_string(),
                    vec![
                        "Not this year.".to_string(),
                        "I have a farm to run.".to_string()
                    ]
                ),
            ]
        );
    }

    #[test]
    fn unquoted_turns_and_what_is_not_a_turn() {
        let text = "MARLOW: We start now.\nBECK: Fine.\nThe rest is prose.\n\"Not a turn\"";
        assert_eq!(
            show(text),
            vec![
                ("MARLOW".to_string(), vec!["We start now.".to_string()]),
                ("BECK".to_string(), vec!["Fine.".to_string()]),
            ]
        );
        // one labelled paragraph is not a transcript; notes and mixed case are not labels
        assert!(show("UPDATE: The vote was moved.\nPARIS: Talks resumed.").is_empty());
        assert!(show("Marlow: We start.\nBeck: Fine.").is_empty());
        assert!(show("MARLOW: We start.\nNote: fine.").is_empty());
        assert!(show("").is_empty());
        assert_eq!(name_case("SEN. O'NEIL-BAKER"), "Sen. O'Neil-Baker");
        assert!(show("ÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉÉ: x\nAB: y").is_empty());
    }
}
