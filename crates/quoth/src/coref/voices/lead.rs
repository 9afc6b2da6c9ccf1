//! The top of a text that says who is interviewed or who speaks: an interview headline
//! (`Wikinews interviews X`, `X: An Interview`, `X tells Wikinews ...`) or a lead (`Wikinews
//! interviewed X`, `X delivered remarks`, `Remarks by X`).

use quoth_nlp::Doc;

use crate::coref::tokens::{lower, lower_token};
use crate::coref::{class_of, Class};
use crate::entities::Entities;

use super::unquoted_people;

/// Sentences at the start of a text where a lead may say who is interviewed.
const LEAD_SENTENCES: usize = 8;
/// The first token after the lead's [`LEAD_SENTENCES`] sentences.
fn lead_end(doc: &Doc) -> usize {
    doc.sentences
        .get(LEAD_SENTENCES)
        .map_or(doc.tokens.len(), |s| s.start_token)
}

/// Fewest unquoted question lines that make a text a questions-and-answers layout.
const MIN_QUESTION_LINES: usize = 2;

/// The person a lead says is interviewed, in the first [`LEAD_SENTENCES`] sentences outside
/// quotes: the object of `interviewed` (`Wikinews interviewed X`, `... interviewed him` after
/// a sentence naming one person) or of `spoke with` / `talked to` / `caught up with`. Only in
/// a text laid out as questions and answers (at least [`MIN_QUESTION_LINES`] lines ending
/// with `?`): a news story's `police interviewed X` makes no interview.
pub(super) fn lead_interviewee(
    doc: &Doc,
    ents: &Entities,
    in_marks: &[bool],
    lines: &[(usize, usize)],
) -> Option<usize> {
    let questions = lines
        .iter()
        .filter(|&&(a, b)| {
            let l = doc.text.get(a..b).unwrap_or("").trim_end();
            l.ends_with('?') && !l.starts_with(['"', '\u{201c}'])
        })
        .count();
    if questions < MIN_QUESTION_LINES {
        return None;
    }
    let end = lead_end(doc);
    (0..end)
        .filter(|&k| !in_marks.get(k).copied().unwrap_or(true) && interviewed_object(doc, k))
        .find_map(|k| interviewed_person(doc, ents, k))
}

/// Nouns that name a delivered speech (`delivered remarks`, `Remarks by X`).
const SPEECH_NOUNS: [&str; 4] = ["remarks", "speech", "address", "statement"];

/// The speaker a lead names for the text that follows, in the first [`LEAD_SENTENCES`]
/// sentences outside quotes: the subject of `delivered` / `gave` with a speech noun as its
/// object (`Speaker X delivered remarks on the Floor`), or the one person after `by` on a
/// speech noun (`Remarks by X`; not `Remarks by X and Y`). Only when one person is named so.
pub(super) fn lead_speaker(doc: &Doc, ents: &Entities, in_marks: &[bool]) -> Option<usize> {
    let end = lead_end(doc);
    let mut found = None;
    for m in unquoted_people(ents, in_marks).filter(|m| m.end_token <= end) {
        let Some(last) = m.end_token.checked_sub(1) else {
            continue;
        };
        let Some(t) = doc.tokens.get(last) else {
            continue;
        };
        let head = lower_token(doc, t.head);
        // The parser may run a headline into the lead's sentence: the name and its verb must
        // share a line.
        let same_line = doc.tokens.get(t.head).is_some_and(|v| {
            let (a, b) = (m.start.min(v.start), m.end.max(v.end));
            doc.text.get(a..b).is_some_and(|g| !g.contains('\n'))
        });
        let delivered = same_line
            && t.dep.as_ref() == "nsubj"
            && matches!(head.as_str(), "delivered" | "gave")
            && doc.tokens.iter().any(|c| {
                c.head == t.head
                    && c.dep.as_ref() == "dobj"
                    && SPEECH_NOUNS
                        .contains(&lower(doc.text.get(c.start..c.end).unwrap_or("")).as_str())
            });
        let by = same_line
            && t.dep.as_ref() == "pobj"
            && head == "by"
            && doc
                .tokens
                .get(t.head)
                .is_some_and(|b| SPEECH_NOUNS.contains(&lower_token(doc, b.head).as_str()))
            && lower_token(doc, m.end_token) != "and";
        if !(delivered || by) {
            continue;
        }
        if found.is_some_and(|e| e != m.entity) {
            return None;
        }
        found = Some(m.entity);
    }
    found
}

/// Whether token `k` is the object of an interview verb: `interviewed X`, or the object of
/// `with` / `to` after `spoke`, `talked` or `caught up`.
fn interviewed_object(doc: &Doc, k: usize) -> bool {
    let Some(t) = doc.tokens.get(k) else {
        return false;
    };
    let head = lower_token(doc, t.head);
    match t.dep.as_ref() {
        "dobj" => matches!(head.as_str(), "interviewed" | "interviews"),
        "pobj" if matches!(head.as_str(), "with" | "to") => {
            let verb = doc.tokens.get(t.head).map_or(t.head, |p| p.head);
            let verb = match lower_token(doc, verb).as_str() {
                "up" => doc.tokens.get(verb).map_or(verb, |u| u.head),
                _ => verb,
            };
            matches!(
                lower_token(doc, verb).as_str(),
                "spoke" | "talked" | "caught"
            )
        }
        _ => false,
    }
}

/// The PERSON entity of an interview verb's object at token `k`: a person mention's head, or
/// `him`/`her` when the sentence before names exactly one person (`X is the director.
/// Wikinews interviewed him`).
fn interviewed_person(doc: &Doc, ents: &Entities, k: usize) -> Option<usize> {
    let person = |e: usize| {
        ents.entities
            .get(e)
            .is_some_and(|g| class_of(&g.label) == Class::Person)
    };
    if let Some(m) = ents
        .mentions
        .iter()
        .find(|m| m.start_token <= k && k < m.end_token)
    {
        return person(m.entity).then_some(m.entity);
    }
    if !matches!(lower_token(doc, k).as_str(), "him" | "her") {
        return None;
    }
    let sent = doc.sentences.partition_point(|s| s.start_token <= k);
    let from = sent.saturating_sub(2);
    let mut named = ents
        .mentions
        .iter()
        .filter(|m| m.sentence >= from && m.start_token < k && person(m.entity))
        .map(|m| m.entity);
    let first = named.next()?;
    named.all(|e| e == first).then_some(first)
}

/// Whether a headline's person mention is followed by `tells` / `talks to` / `speaks to`
/// (`X tells Wikinews about ...`): the story is that person's answers.
pub(super) fn told_headline(doc: &Doc, m: &crate::entities::Mention) -> bool {
    let word = |k: usize| lower_token(doc, k);
    match word(m.end_token).as_str() {
        "tells" => true,
        "talks" | "speaks" => matches!(word(m.end_token + 1).as_str(), "to" | "with"),
        _ => false,
    }
}

/// The one PERSON entity whose name (or its last word) appears in an interview headline
/// (`line`) after `interviews` or `interview with`, when the NER found no person in the
/// headline itself.
pub(super) fn headline_interviewee(ents: &Entities, line: &str) -> Option<usize> {
    let low = lower(line);
    let k = ["interviews ", "interview with "]
        .iter()
        .find_map(|c| low.find(c).map(|k| k + c.len()))?;
    let rest = line.get(k..)?;
    let words: Vec<&str> = rest
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let mut found = None;
    for (e, g) in ents.entities.iter().enumerate() {
        if class_of(&g.label) != Class::Person {
            continue;
        }
        // The full name, or its last word as a word of the headline (`Daly`).
        let last = g.name.rsplit(' ').next().unwrap_or("");
        if rest.contains(g.name.as_str()) || words.contains(&last) {
            if found.is_some() {
                return None;
            }
            found = Some(e);
        }
    }
    found
}

/// Whether a name in an interview headline over bytes `a..b` is the interviewee: it opens
/// the line before a colon or comma (`X: An Interview`, `X, founder, interviewed`), or follows `interview(s)`/`with` with no other
/// preposition between (`interviews Israeli writer X`, not `interviews experts on Cyclone X`),
/// and no `and` + another capitalised word follows it (`X and Y`).
pub(super) fn interviewee_position(
    doc: &Doc,
    a: usize,
    b: usize,
    m: &crate::entities::Mention,
) -> bool {
    let toks = &doc.tokens;
    let word = |k: usize| lower_token(doc, k);
    let first_in_line = toks.partition_point(|t| t.start < a);
    if word(m.end_token) == "and"
        && toks
            .get(m.end_token + 1)
            .and_then(|t| doc.text.get(t.start..t.end))
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        return false;
    }
    if m.start_token <= first_in_line + 1 && matches!(word(m.end_token).as_str(), ":" | ",") {
        return true;
    }
    let Some(cue) = (first_in_line..m.start_token)
        .rev()
        .find(|&k| matches!(word(k).as_str(), "interview" | "interviews" | "with"))
    else {
        return false;
    };
    !(cue + 1..m.start_token).any(|k| toks[k].tag.as_ref() == "IN")
        && toks.get(m.start_token).is_some_and(|t| t.start < b)
}
