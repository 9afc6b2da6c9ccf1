//! Speakers line by line: a transcript's speaker labels (`THE PRESIDENT:`), lines where a
//! speaker names themself (`I'm X`, `I'm your host, X`), and the turns of a hosted show that
//! follow (`... and I am joined by Y`).

use quoth_nlp::Doc;

use crate::coref::tokens::{lower, lower_token};
use crate::coref::{class_of, Class};
use crate::entities::Entities;

use super::unquoted_people;
use super::vocatives::EXCHANGE_LINES;

/// Most words in a transcript's speaker label (`THE VICE PRESIDENT:`).
const LABEL_WORDS: usize = 4;

/// The words of a speaker label opening a line (`THE PRESIDENT:`, `MR. SOVA: Thank you.`):
/// upper-case words, at most [`LABEL_WORDS`], then a colon; lower-cased, without dots and
/// without a leading `the`.
fn speaker_label(line: &str) -> Option<Vec<String>> {
    let (label, _) = line.split_once(':')?;
    let words: Vec<&str> = label.split_whitespace().collect();
    let upper = |w: &&str| {
        w.chars().any(char::is_alphabetic)
            && w.chars()
                .all(|c| c.is_uppercase() || matches!(c, '.' | '\'' | '-' | '\u{2019}'))
    };
    if words.is_empty() || words.len() > LABEL_WORDS || !words.iter().all(upper) {
        return None;
    }
    let mut out: Vec<String> = words.iter().map(|w| lower(w).replace('.', "")).collect();
    if out.first().is_some_and(|w| w == "the") {
        out.remove(0);
    }
    (!out.is_empty()).then_some(out)
}

/// The PERSON entity a speaker label names: one whose name holds the label's last word
/// (`MR. SOVA` for Bradley Sova), else the first person whose name follows the label's words
/// as a title (`THE PRESIDENT` for `President Joe Biden`, not for `Vice President Harris`).
fn label_entity(doc: &Doc, ents: &Entities, label: &[String]) -> Option<usize> {
    let person = |e: usize| {
        ents.entities
            .get(e)
            .is_some_and(|g| class_of(&g.label) == Class::Person)
    };
    let last = label.last()?;
    let by_name = (0..ents.entities.len()).find(|&e| {
        person(e)
            && ents.entities[e]
                .name
                .split_whitespace()
                .any(|w| lower(w) == *last)
    });
    if by_name.is_some() {
        return by_name;
    }
    ents.mentions
        .iter()
        .filter(|m| person(m.entity) && m.start_token >= label.len())
        .find(|m| {
            let at = m.start_token - label.len();
            let titled = label
                .iter()
                .enumerate()
                .all(|(j, w)| lower_token(doc, at + j) == *w);
            // The word before the title is not one more title word (`Vice President`).
            let longer = at
                .checked_sub(1)
                .and_then(|k| doc.tokens.get(k))
                .and_then(|t| doc.text.get(t.start..t.end))
                .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
            titled && !longer
        })
        .map(|m| m.entity)
}

/// A transcript's turns by speaker label (`THE PRESIDENT:` on its own line or opening the
/// speech): from each label line to the next, the byte range and the person the label names
/// ([`label_entity`]), whose turn's unquoted first person it is. A label that names no person
/// still ends the turn before it.
pub(super) fn labelled_turns(
    doc: &Doc,
    ents: &Entities,
    lines: &[(usize, usize)],
) -> Vec<(usize, usize, usize)> {
    let labels: Vec<(usize, Option<usize>)> = lines
        .iter()
        .filter_map(|&(a, b)| {
            let label = speaker_label(doc.text.get(a..b)?.trim())?;
            Some((a, label_entity(doc, ents, &label)))
        })
        .collect();
    labels
        .iter()
        .enumerate()
        .filter_map(|(k, &(a, e))| {
            let end = labels.get(k + 1).map_or(doc.text.len(), |l| l.0);
            Some((a, end, e?))
        })
        .collect()
}

/// Words that may stand between `I'm` and the speaker's name: a host's role (`I'm your host,
/// Dave`).
fn host_filler(w: &str) -> bool {
    matches!(
        w,
        "your" | "the" | "host" | "co" | "-" | "cohost" | "co-host" | "as" | "always" | ","
    )
}

/// Most tokens between `I'm` and the speaker's name (`your host ,`).
const HOST_FILLER_TOKENS: usize = 6;

/// Whether the name starting at token `k` follows `I'm` / `I am` (curly apostrophe too),
/// directly or after a host's role (`I'm your host, Dave`; see [`host_filler`]).
fn names_self(doc: &Doc, k: usize) -> bool {
    let word = |j: usize| lower_token(doc, j);
    (1..=HOST_FILLER_TOKENS + 1)
        .take_while(|&d| d < k)
        .take_while(|&d| d == 1 || host_filler(&word(k - d + 1)))
        .any(|d| {
            k > d
                && word(k - d - 1) == "i"
                && matches!(word(k - d).as_str(), "am" | "'m" | "\u{2019}m")
                && (d == 1 || word(k - d + 1) != ",")
        })
}

/// Lines where an unquoted `I'm X` / `I am X` / `I'm your host, X` ([`names_self`]) names the
/// speaker (X a PERSON mention): the line's byte range and X's entity. (`My name is X` is left out: GUM, like many readers,
/// takes the name there for the name, not the person.)
pub(super) fn self_named(
    doc: &Doc,
    ents: &Entities,
    in_marks: &[bool],
    lines: &[(usize, usize)],
) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    for m in unquoted_people(ents, in_marks) {
        if !names_self(doc, m.start_token) {
            continue;
        }
        let line = lines.partition_point(|&(_, b)| b <= m.start);
        if let Some(&(a, b)) = lines.get(line) {
            out.push((a, b, m.entity));
        }
    }
    out
}

/// The turns of a hosted show: a host who names themself (`I'm your host, Dave`) and, on the
/// same line, a guest (`and I am joined by Alex`): the lines after it alternate between the
/// guest, who answers first (`Howdy!`), and the host, for at most [`EXCHANGE_LINES`] lines
/// and until a line that addresses someone (a vocative opens its own exchange). `named` holds
/// the self-named lines (byte range, host); returns (line byte range, speaker).
pub(super) fn hosted_turns(
    doc: &Doc,
    ents: &Entities,
    in_marks: &[bool],
    lines: &[(usize, usize)],
    named: &[(usize, usize, usize)],
    addressed: &[(usize, usize, usize)],
) -> Vec<(usize, usize, usize)> {
    let word = |k: usize| lower_token(doc, k);
    let mut out = Vec::new();
    for m in unquoted_people(ents, in_marks) {
        let k = m.start_token;
        if k < 2 || word(k - 1) != "by" || word(k - 2) != "joined" {
            continue;
        }
        let Some(&(a, _, host)) = named
            .iter()
            .find(|&&(a, b, e)| a <= m.start && m.start < b && e != m.entity)
        else {
            continue;
        };
        let li = lines.partition_point(|&(_, b)| b <= a);
        for step in 1..=EXCHANGE_LINES {
            let Some(&(la, lb)) = lines.get(li + step) else {
                break;
            };
            if addressed.iter().any(|&(x, ..)| x == la) {
                break;
            }
            out.push((la, lb, if step % 2 == 1 { m.entity } else { host }));
        }
    }
    out
}
