//! The one voice of a whole text, when it introduces itself (`Hey, it's X`), says what it is
//! here as (`as a Democrat`) or is named by others (`he called me X`; `"Tobias," Mom calls.`
//! ... `"Coming," I say.`); and the group its `we` names itself as (`we as Americans`).

use quoth_nlp::Doc;

use crate::coref::tokens::{is_first_singular, lower_token};
use crate::coref::{class_of, Class};
use crate::entities::Entities;

use super::unquoted_people;

/// Sentences at the start of a text where a speaker may introduce themself.
const INTRO_SENTENCES: usize = 3;

/// The person who introduces themself in the first [`INTRO_SENTENCES`] sentences, outside
/// quotes: `Hey, it's X`, `this is X` (a vlog, a podcast opening). Their introduction makes
/// them the text's voice. (`I'm X` only gives its line: in an interview several people say
/// it.)
pub(super) fn introduced(doc: &Doc, ents: &Entities, in_marks: &[bool]) -> Option<usize> {
    let word = |k: usize| lower_token(doc, k);
    unquoted_people(ents, in_marks)
        .take_while(|m| m.sentence < INTRO_SENTENCES)
        .find(|m| {
            let k = m.start_token;
            k >= 2
                && matches!(
                    (word(k - 2).as_str(), word(k - 1).as_str()),
                    ("it" | "this", "'s" | "is")
                )
        })
        .map(|m| m.entity)
}

/// Most capitalised words between `as` (and its article) and a name: `as the Chief Guest`.
const AS_TITLE_WORDS: usize = 2;

/// The token `as` before a name starting at token `k`, past an article and at most
/// [`AS_TITLE_WORDS`] capitalised words (`as a Democrat`, `as the Chief Guest`).
fn as_before(doc: &Doc, k: usize) -> Option<usize> {
    let mut j = k.checked_sub(1)?;
    for _ in 0..AS_TITLE_WORDS {
        if doc.tokens.get(j)?.tag.as_ref() != "NNP" {
            break;
        }
        j = j.checked_sub(1)?;
    }
    if doc.tokens.get(j)?.tag.as_ref() == "DT" {
        j = j.checked_sub(1)?;
    }
    (lower_token(doc, j) == "as").then_some(j)
}

/// Whether the name of mention `m` is the singular object of the `as` at token `as_at` (`as
/// a Democrat`; not `as Democrats`, a group, nor `as baffled as X was`).
fn singular_as_object(doc: &Doc, m: &crate::entities::Mention, as_at: usize) -> bool {
    m.end_token
        .checked_sub(1)
        .and_then(|l| doc.tokens.get(l))
        .is_some_and(|t| t.tag.as_ref() == "NNP" && t.dep.as_ref() == "pobj" && t.head == as_at)
}

/// The one person (or member of a people or party: `a Democrat`) that the unquoted first
/// person describes themself as, after `as` in a sentence whose first person comes before it
/// (`I am proud, as a Democrat, ...`, `It gives me great pleasure to be here as the Chief
/// Guest`): the text's voice. A plural name (`as Democrats`) names a group, not the speaker;
/// two different descriptions leave the voice open.
pub(super) fn self_described(doc: &Doc, ents: &Entities, in_marks: &[bool]) -> Option<usize> {
    let word = |k: usize| lower_token(doc, k);
    let unquoted = |k: usize| !in_marks.get(k).copied().unwrap_or(true);
    let mut found = None;
    for m in &ents.mentions {
        let label = ents.entities.get(m.entity).map(|g| &*g.label);
        if !unquoted(m.start_token) || !matches!(label, Some("PERSON" | "NORP")) {
            continue;
        }
        let Some(as_at) = as_before(doc, m.start_token) else {
            continue;
        };
        let sentence_start = doc.sentences.get(m.sentence).map_or(0, |s| s.start_token);
        let first_person =
            (sentence_start..as_at).any(|j| unquoted(j) && is_first_singular(&word(j)));
        if !(first_person && singular_as_object(doc, m, as_at)) {
            continue;
        }
        if found.is_some_and(|e| e != m.entity) {
            return None;
        }
        found = Some(m.entity);
    }
    found
}

/// The group (a NORP entity: a people, a party) that the unquoted `we` or `us` names itself as,
/// right after it or after `as`: `we as Americans`, `us Democrats`. Only when one group is
/// named so.
pub(super) fn we_group(doc: &Doc, ents: &Entities, in_marks: &[bool]) -> Option<usize> {
    let word = |k: usize| lower_token(doc, k);
    let mut found = None;
    for m in &ents.mentions {
        let k = m.start_token;
        if in_marks.get(k).copied().unwrap_or(true)
            || ents.entities.get(m.entity).map(|g| &*g.label) != Some("NORP")
        {
            continue;
        }
        let we_at = |j: Option<usize>| j.is_some_and(|j| matches!(word(j).as_str(), "we" | "us"));
        let named =
            we_at(k.checked_sub(1)) || (k >= 2 && word(k - 1) == "as" && we_at(k.checked_sub(2)));
        if !named {
            continue;
        }
        if found.is_some_and(|e| e != m.entity) {
            return None;
        }
        found = Some(m.entity);
    }
    found
}

/// Verbs that give the first person a name: `he called me X`, `people call me X`.
const NAMING_VERBS: [&str; 6] = ["call", "calls", "called", "name", "names", "named"];

/// Verbs that attribute a line of dialogue (`I say.`, `I asked`).
const SPEECH_VERBS: [&str; 21] = [
    "say",
    "says",
    "said",
    "ask",
    "asks",
    "asked",
    "answer",
    "answers",
    "answered",
    "reply",
    "replies",
    "replied",
    "tell",
    "tells",
    "told",
    "whisper",
    "whispered",
    "shout",
    "shouted",
    "yell",
    "yelled",
];
/// Lines after a call (`"Tobias,"`) where the narrator's reply (`I say.`) may come.
const REPLY_LINES: usize = 4;

/// Whether `s` (a line, or what follows a closing mark) attributes dialogue to the narrator:
/// `I say.`, `I said, suddenly quiet,`.
fn first_person_attribution(s: &str) -> bool {
    let mut words = s
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty());
    words.next() == Some("I") && words.next().is_some_and(|w| SPEECH_VERBS.contains(&w))
}

/// What follows the last closing double mark of `line`, if it has one.
fn after_last_mark(line: &str) -> Option<&str> {
    line.rfind(['\u{201d}', '"'])
        .and_then(|k| line.get(k + 1..))
}

/// The attribution that follows a quotation on line `l`: the text after its last closing
/// mark, or the next line when the quotation fills its line.
fn attribution_after<'t>(doc: &'t Doc, lines: &[(usize, usize)], l: usize) -> &'t str {
    let Some(&(a, b)) = lines.get(l) else {
        return "";
    };
    let line = doc.text.get(a..b).unwrap_or("").trim();
    let after = after_last_mark(line).unwrap_or("").trim();
    if !after.is_empty() {
        return after;
    }
    lines
        .get(l + 1)
        .and_then(|&(a, b)| doc.text.get(a..b))
        .unwrap_or("")
        .trim()
}

/// The first-person narrator of a story, named by the people who call them: a quotation that
/// opens with a person's name (`"Tobias,"`, `"Tobias, this never happened."`), not spoken
/// by the narrator, answered within [`REPLY_LINES`] lines by the narrator (`"Coming," I say.`).
/// Only when every such call names the same person.
pub(super) fn called_narrator(
    doc: &Doc,
    ents: &Entities,
    lines: &[(usize, usize)],
) -> Option<usize> {
    let mut found = None;
    for m in ents.mentions.iter().filter(|m| {
        ents.entities
            .get(m.entity)
            .is_some_and(|g| class_of(&g.label) == Class::Person)
    }) {
        let li = lines.partition_point(|&(_, b)| b <= m.start);
        let Some(&(a, _)) = lines.get(li) else {
            continue;
        };
        let opens = doc
            .text
            .get(a..m.start)
            .is_some_and(|s| matches!(s.trim(), "\u{201c}" | "\""));
        let called = doc.text.get(m.end..).is_some_and(|s| s.starts_with(','));
        if !opens || !called || first_person_attribution(attribution_after(doc, lines, li)) {
            continue;
        }
        let replied = (li + 1..li + 1 + REPLY_LINES).any(|k| {
            lines.get(k).is_some_and(|&(a, b)| {
                let line = doc.text.get(a..b).unwrap_or("").trim();
                first_person_attribution(after_last_mark(line).unwrap_or(line))
            })
        });
        if !replied {
            continue;
        }
        if found.is_some_and(|e| e != m.entity) {
            return None;
        }
        found = Some(m.entity);
    }
    found
}

/// The person the unquoted text names with `call me X` / `called me X` / `named me X` (X a
/// PERSON mention): a first-person narrator others name (`he called me Muscles`). Only when
/// one person is named so; a quoted `call me X` is a character speaking, not the narrator.
pub(super) fn called_me(doc: &Doc, ents: &Entities, in_marks: &[bool]) -> Option<usize> {
    let word = |k: usize| lower_token(doc, k);
    let mut found = None;
    for m in unquoted_people(ents, in_marks) {
        let k = m.start_token;
        if k < 2 || word(k - 1) != "me" || !NAMING_VERBS.contains(&word(k - 2).as_str()) {
            continue;
        }
        if found.is_some_and(|e| e != m.entity) {
            return None;
        }
        found = Some(m.entity);
    }
    found
}
