//! Which entity a span of text refers to — for quote speakers and other extractors.
//!
//! Two entry points, both returning an index into [`Entities::entities`]:
//! - [`entity_for_span`]: by position only. The mention overlapping `start..end` the most (ties:
//!   the earliest) wins. Pass the span of the name itself (for a speaker: the head noun's
//!   compound/flat-name chain, or the whole subject phrase) — `Ms. Terry` finds the mention
//!   `Terry`, and `Sue Mi Terry, a senior fellow at CSIS` finds Sue Mi Terry rather than CSIS
//!   because her mention overlaps more.
//! - [`entity_for_text_span`]: needs the document text, and tries in order:
//!   1. a definite description (`the senator`, `the Treasury secretary`, `this spokeswoman`,
//!      up to five words) whose last word is a role the text gave exactly one entity
//!      ([`EntityGroup::roles`](super::EntityGroup::roles), abbreviations written out) — first,
//!      so that `the Treasury secretary` is Steven Mnuchin, not the ORG `Treasury` inside it.
//!      The description's capitalised modifiers must be written near one of the entity's
//!      mentions, and a rank word right before it (`vice`, `deputy`, `former`) must be the
//!      description's too: `the Democratic presidential nominee` is not `Republican
//!      presidential nominee X`, `the former president` not `Vice President X`;
//!   2. [`entity_for_span`];
//!   3. when no mention overlaps (the NER missed the name, e.g. `Terry said`), the span's
//!      text against the entities' mentions by the grouping rules: the same key (honorifics,
//!      `the`, case and apostrophes ignored), or, for PERSON entities, a unique surname /
//!      given-name / ordered-subset match to a longer mention (`Ms. Terry` → Sue Mi Terry;
//!      `Kim` → `None` when two Kims are named);
//!   4. a bare title (`Senator`) with a unique role holder.
//!
//! Pronouns (`she`, `they`) return `None`: resolving them needs the discourse, which is the
//! quote attributor's job.

use super::labels::{is_value, PERSON};
use super::link::name_match;
use super::surface::{is_rank_modifier, title_role, words, Surface};
use super::Entities;

/// The entity whose mention overlaps the byte span `start..end` the most (ties: the earliest
/// mention); `None` when no mention overlaps. A zero-length span inside a mention counts.
pub fn entity_for_span(entities: &Entities, start: usize, end: usize) -> Option<usize> {
    let mut best: Option<(usize, usize)> = None; // (overlap, entity)
    for m in &entities.mentions {
        let overlap = if start == end {
            usize::from(m.start <= start && start < m.end)
        } else {
            end.min(m.end).saturating_sub(start.max(m.start))
        };
        if overlap > 0 && best.is_none_or(|(o, _)| overlap > o) {
            best = Some((overlap, m.entity));
        }
    }
    best.map(|(_, e)| e)
}

/// Like [`entity_for_span`], falling back to name matching on `text[start..end]` (see the
/// module docs). `text` is the document text the entities were grouped from.
pub fn entity_for_text_span(
    entities: &Entities,
    text: &str,
    start: usize,
    end: usize,
) -> Option<usize> {
    let phrase = text.get(start..end)?;
    if let Some(e) = entity_for_role(entities, text, phrase, true) {
        return Some(e);
    }
    if let Some(e) = entity_for_span(entities, start, end) {
        return Some(e);
    }
    let query = Surface::new(phrase, true, false, false);
    if query.words.is_empty() {
        return None;
    }
    let (q_words, q_suffix) = query.name_words();
    let mut exact: Option<usize> = None;
    let mut partial: Vec<usize> = Vec::new();
    for m in &entities.mentions {
        let label = &*m.label;
        if is_value(label) {
            continue;
        }
        let Some(mtext) = text.get(m.start..m.end) else {
            continue;
        };
        let s = Surface::new(mtext, label == PERSON, label == "ORG", false);
        if s.key == query.key {
            if exact.is_some_and(|e| e != m.entity) {
                return None;
            }
            exact = Some(m.entity);
            continue;
        }
        if label == PERSON && !partial.contains(&m.entity) {
            let (m_words, m_suffix) = s.name_words();
            if name_match(&q_words, q_suffix, &m_words, m_suffix).is_some() {
                partial.push(m.entity);
            }
        }
    }
    match (exact, partial.as_slice()) {
        (Some(e), _) => Some(e),
        (None, [e]) => Some(*e),
        (None, []) => entity_for_role(entities, text, phrase, false),
        _ => None,
    }
}

/// How many words right before a mention may hold a rank word of its role (`Democratic vice
/// presidential nominee X`).
const RANK_WORDS: usize = 4;

/// How far around a mention its modifiers are looked for, in bytes, on each side.
const MODIFIER_WINDOW: usize = 60;

/// The words on a mention's line within [`MODIFIER_WINDOW`] bytes before byte `start` and
/// after byte `end` (the words after: an appositive, `Steven Mnuchin, the Treasury
/// secretary`).
fn words_around(text: &str, start: usize, end: usize) -> (Vec<&str>, Vec<&str>) {
    let mut from = start.saturating_sub(MODIFIER_WINDOW);
    while !text.is_char_boundary(from) {
        from -= 1;
    }
    let mut to = (end + MODIFIER_WINDOW).min(text.len());
    while !text.is_char_boundary(to) {
        to += 1;
    }
    let before = text.get(from..start).unwrap_or("").rsplit('\n').next();
    let after = text.get(end..to).unwrap_or("").split('\n').next();
    (
        line_words(before.unwrap_or("")),
        line_words(after.unwrap_or("")),
    )
}

/// The words of `line`.
fn line_words(line: &str) -> Vec<&str> {
    words(line).map(|(_, w)| w).collect()
}

/// Determiners that make a noun phrase a definite description.
const DEFINITE: &[&str] = &["the", "this", "that"];

/// Resolve `the senator` (and, unless `definite_only`, a bare `Senator`) to the one entity
/// with that role.
fn entity_for_role(
    entities: &Entities,
    text: &str,
    phrase: &str,
    definite_only: bool,
) -> Option<usize> {
    let ws: Vec<&str> = words(phrase).map(|(_, w)| w).collect();
    let (first, last) = (ws.first()?, ws.last()?);
    let definite = DEFINITE.contains(&first.to_lowercase().as_str()) && ws.len() <= 5;
    let role = match title_role(last) {
        Some(Some(r)) => r,
        Some(None) => return None,
        None if definite => last.to_lowercase(),
        None => return None,
    };
    if !definite && (definite_only || ws.len() > 1) {
        return None;
    }
    // Capitalised modifiers (`the Democratic presidential nominee`) must be the text's own
    // words for the entity: written just before or after one of its mentions.
    let modifiers: Vec<&str> = ws[1..ws.len() - 1]
        .iter()
        .copied()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .collect();
    let mut found = entities
        .entities
        .iter()
        .enumerate()
        .filter(|(_, e)| e.roles.contains(&role))
        .filter(|(_, e)| {
            // ... and the holder's rank words (`vice`, `deputy`) must be the description's.
            let fits = |m: &super::Mention| {
                let (before, after) = words_around(text, m.start, m.end);
                modifiers
                    .iter()
                    .all(|w| before.contains(w) || after.contains(w))
                    && before
                        .iter()
                        .rev()
                        .take(RANK_WORDS)
                        .all(|b| !is_rank_modifier(b) || ws.contains(b))
            };
            e.mentions
                .iter()
                .filter_map(|&m| entities.mentions.get(m))
                .any(fits)
        })
        .map(|(i, _)| i);
    match (found.next(), found.next()) {
        (Some(i), None) => Some(i),
        _ => None,
    }
}
