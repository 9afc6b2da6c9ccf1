//! Vocatives, a person called by name in the unquoted text (`How was your week, Alex?`, `Miss
//! Rosenthal?`, `Just to confirm, Mr. Sova, you've ...`): the line's `you`, the answer's first
//! person, and the exchange a call to speak opens.

use quoth_nlp::Doc;

use crate::coref::gender::is_honorific;
use crate::coref::tokens::lower;
use crate::entities::Entities;

use super::unquoted_people;

/// Words that may stand with a vocative name on its line (`Miss Rosenthal?`, `Thank you,
/// Dr. Guruswamy.`): honorifics and short calls.
fn vocative_filler(w: &str) -> bool {
    is_honorific(w)
        || matches!(
            w,
            "dr" | "doctor"
                | "professor"
                | "general"
                | "judge"
                | "counsel"
                | "oh"
                | "hey"
                | "hi"
                | "yes"
                | "no"
                | "okay"
                | "ok"
                | "well"
                | "so"
        )
}

/// The first token of the sentence of token `i`.
fn nav_sentence_start(doc: &Doc, i: usize) -> Option<usize> {
    let k = doc.sentences.partition_point(|s| s.start_token <= i);
    doc.sentences.get(k.checked_sub(1)?).map(|s| s.start_token)
}

/// Vocatives in the unquoted text: a PERSON mention set off at the edge of its line — the
/// whole line (`Miss Rosenthal?`), after a comma or a question at the line's end (`You are a
/// good teacher, Giuliana.`, `How's your week been Alex?`), or before a comma at its start
/// (`Kendra, just let it go.`); or inside the line between commas after a title (`Just to
/// confirm, Mr. Sova, you've ...`). Returns the lines whose `you` is the person addressed, and
/// the next lines, whose first person is that person answering (only when the vocative ends
/// its line or is followed by a short call, [`CALL_WORDS`] words at most: `Alright, Mr. Sova,
/// please proceed.`). Only persons the text names twice at least.
#[allow(clippy::type_complexity)]
pub(super) fn vocatives(
    doc: &Doc,
    ents: &Entities,
    in_marks: &[bool],
    lines: &[(usize, usize)],
) -> (Vec<(usize, usize, usize)>, Vec<(usize, usize, usize)>) {
    let (mut addressed, mut answers) = (Vec::new(), Vec::new());
    let mut calls = Vec::new();
    for m in unquoted_people(ents, in_marks) {
        // A person named twice at least: a lone capitalised interjection (`Hmm.`, `Yay,`) is
        // often taken for a name.
        if ents
            .entities
            .get(m.entity)
            .is_none_or(|g| g.mentions.len() < 2)
        {
            continue;
        }
        let li = lines.partition_point(|&(_, b)| b <= m.start);
        let Some(&(a, b)) = lines.get(li) else {
            continue;
        };
        let (Some(before), Some(after)) = (doc.text.get(a..m.start), doc.text.get(m.end..b)) else {
            continue;
        };
        let before_words: Vec<String> = before
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(lower)
            .collect();
        let after = after.trim();
        let ends_line = after.chars().all(|c| ".?!,:;".contains(c));
        // The name is its line, or its own sentence at the line's end (`... Pollock. Miss
        // Rosenthal?`).
        let own_sentence = doc
            .tokens
            .get(m.start_token)
            .and_then(|_| nav_sentence_start(doc, m.start_token))
            .is_some_and(|s0| {
                (s0..m.start_token).all(|k| {
                    let t = &doc.tokens[k];
                    t.dep.as_ref() == "punct"
                        || vocative_filler(&lower(doc.text.get(t.start..t.end).unwrap_or("")))
                })
            });
        let alone = ends_line && (own_sentence || before_words.iter().all(|w| vocative_filler(w)));
        let before_t = before.trim_end();
        let head = (m.start_token..m.end_token.min(doc.tokens.len()))
            .last()
            .map(|k| doc.tokens[k].dep.as_ref())
            .unwrap_or("");
        let argument = matches!(
            head,
            "nsubj" | "nsubjpass" | "dobj" | "pobj" | "dative" | "conj" | "appos" | "poss"
        );
        let set_off_end = ends_line
            && !after.is_empty()
            && (before_t.ends_with(',') || (after.starts_with('?') && !argument));
        let set_off_start =
            before_words.iter().all(|w| vocative_filler(w)) && after.starts_with(',') && !argument;
        // Inside the line, called by title and set off by commas (`Just to confirm, Mr. Sova,
        // you've reserved ten minutes`, `Alright, Mr. Sova, please proceed.`).
        let titled_mid = !(alone || set_off_end || set_off_start)
            && after.starts_with(',')
            // Not in apposition (`My colleague, Mr. Eizenga, will address ...`) nor an
            // object; a subject may be a call's (`Mr. Sova, please proceed`).
            && !matches!(head, "appos" | "conj" | "poss" | "pobj" | "dobj" | "dative")
            && before_words.last().is_some_and(|w| is_title(w))
            && before_t
                .trim_end_matches(|c: char| c.is_alphabetic() || c == '.')
                .trim_end()
                .ends_with(',');
        if !(alone || set_off_end || set_off_start || titled_mid) {
            continue;
        }
        addressed.push((a, b, m.entity));
        // A call to speak that ends the line (`Mr. Sova, please proceed.`): a few words at most.
        let call_end = titled_mid
            && after.split_whitespace().count() <= CALL_WORDS + 1
            && after.ends_with(['.', '!']);
        // A salutation (`Dr. Pangborn,`) opens a letter, not a turn.
        let salutation = after.ends_with([',', ':']);
        if (alone || set_off_end || call_end) && !salutation {
            if let Some(&(na, nb)) = lines.get(li + 1) {
                answers.push((na, nb, m.entity));
            }
            // A call that opens an exchange: by title (`Mr. Roberts?`, `Dr. X.`) or a
            // question to the person (`How was your week, Alex?`), not a bare name (a
            // heading, an echo: `Farrier?`).
            let named = doc.text.get(m.start..m.end).unwrap_or("");
            let titled = before_words
                .iter()
                .map(String::as_str)
                .chain(
                    named
                        .split_whitespace()
                        .next()
                        .map(|w| w.trim_end_matches('.')),
                )
                .any(|w| is_title(&lower(w)));
            let titled = titled || call_end;
            let question = set_off_end
                && after.starts_with('?')
                && before_words.iter().any(|w| !vocative_filler(w));
            if titled || question {
                calls.push((li, m.entity));
            }
        }
    }
    let (you, me) = exchanges(&calls, &addressed, lines);
    addressed.extend(you);
    answers.extend(me);
    (addressed, answers)
}

/// Most words after a vocative inside a line that still make it a call to speak (`Mr. Sova,
/// please proceed.`).
const CALL_WORDS: usize = 3;

/// Words that call a person to speak by title (`Miss Rosenthal?`, `Dr. Guruswamy.`).
fn is_title(w: &str) -> bool {
    is_honorific(w)
        || matches!(
            w,
            "dr" | "doctor" | "professor" | "general" | "judge" | "justice" | "counsel"
        )
}

/// Lines after a call's answer that continue the exchange (see [`exchanges`]).
pub(super) const EXCHANGE_LINES: usize = 30;

/// The exchange a call to speak opens (`Miss Rosenthal?` / answer / question / answer ...):
/// after the answer line, the lines alternate between the caller, whose `you` is the person
/// called, and that person, whose first person it is, for at most [`EXCHANGE_LINES`] lines
/// and until the next line that addresses someone. `calls` holds (line, entity) of each call;
/// returns (addressed lines, answer lines) as byte ranges with the entity, after the explicit
/// ones in priority.
#[allow(clippy::type_complexity)]
fn exchanges(
    calls: &[(usize, usize)],
    addressed: &[(usize, usize, usize)],
    lines: &[(usize, usize)],
) -> (Vec<(usize, usize, usize)>, Vec<(usize, usize, usize)>) {
    let (mut you, mut me) = (Vec::new(), Vec::new());
    for &(li, e) in calls {
        for step in 2..2 + EXCHANGE_LINES {
            let Some(&(a, b)) = lines.get(li + step) else {
                break;
            };
            if addressed.iter().any(|&(x, ..)| x == a) {
                break;
            }
            if step % 2 == 0 {
                you.push((a, b, e));
            } else {
                me.push((a, b, e));
            }
        }
    }
    (you, me)
}
