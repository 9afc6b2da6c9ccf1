//! Sieve 2: who the unquoted first and second person are, when the text's layout says it
//! ([`Voices`]). The parts: module `lead` (an interview headline or a lead), `letters`
//! (closings, salutations, return addresses), `narrator` (the one voice of a whole text),
//! `turns` (speaker labels and self-named lines) and `vocatives` (a person called by name,
//! and the exchange that follows).
//!
//! **Narrator and addressee**: unquoted first person goes to the person the layout names
//! as the text's voice — a byline (`By X`) near the top, the one person of an interview
//! headline (`Wikinews interviews X`, `X: An Interview`, `X tells Wikinews ...`; when the
//! NER found no person there, the one PERSON entity whose name or surname the headline
//! holds), the person a lead says was interviewed in a questions-and-answers text
//! (`Wikinews interviewed X`, `spoke with X`, `interviewed him`), the speaker a lead says
//! delivered the text (`X delivered remarks`, `Remarks by X`), or a letter's signature
//! (a name line at the end of a text opening with
//! `Dear ...`, or after a short line ending in a comma: `Stay in touch,`, or after a
//! closing word: `Respectfully, X`), else the sender's bare name heading an address block
//! above the salutation (`Miss X` / `Hollis School` / ... / `Dear Dad,`); a transcript's
//! speaker label (`THE PRESIDENT:`, `MR. SOVA: ...`) gives the unquoted first person of its
//! turn, up to the next label, to the person it names (by surname, or as the title before
//! their name: `President Joe Biden`, not `Vice President Harris`); a line where the
//! speaker names themself (`I'm X`, `I'm your host, X`) gives that line's first person to
//! X, and when the host says on it who joins them (`I am joined by Y`), the lines after it
//! alternate between Y (the first answer) and X until a line that addresses someone; a
//! speaker who introduces themself at the top (`Hey, it's X`, `this is X` in the first
//! sentences) is the voice of the whole text, and so is the one person the first person
//! says they are here as (`I am proud, as a Democrat, ...`, `It gives me pleasure to be
//! here as the Chief Guest`), and so is a narrator others name in the unquoted text (`he
//! called me X`) or whom others call by name in dialogue the narrator answers (`"Tobias,"
//! Mom calls.` ... `"Coming," I say.`; this outranks a byline, which names a story's
//! author). Unquoted `we`/`us`/`our` go to the group the text's `we` names itself as (`we
//! as Americans`, `we Democrats`: a NORP entity). Linked first and second person do not
//! make their entity a closer antecedent for `he` and `she`. A vocative (a person named
//! twice in the text, set off at the edge of a line: `How was your week, Alex?`, `Miss
//! Rosenthal?`; or called by title inside the line, between commas: `Just to confirm, Mr.
//! Sova, you've ...`) gives its line's `you` to X and, when it ends the line or is a call to
//! speak (`Alright, Mr. Sova, please proceed.`), the next line's first person (the answer)
//! too; when it calls the person by title or asks them a question
//! (`Miss Rosenthal?`, `How was your week, Alex?`), the lines after the answer alternate
//! between the caller (`you` is X) and X (first person) until the next vocative line, at
//! most [`EXCHANGE_LINES`](vocatives::EXCHANGE_LINES) lines. Unquoted `you` otherwise goes
//! to a letter's addressee (`Dear X`, `Dr. X,`) or, in an interview, to the interviewee in
//! question lines.

mod lead;
mod letters;
mod narrator;
mod turns;
mod vocatives;

use quoth_nlp::Doc;

use crate::entities::Entities;

use super::gender::is_honorific;
use super::tokens::lower;
use super::{class_of, Class};

use lead::{
    headline_interviewee, interviewee_position, lead_interviewee, lead_speaker, told_headline,
};
use letters::{closing_line, return_address, CLOSINGS};
use narrator::{called_me, called_narrator, introduced, self_described, we_group};
use turns::{hosted_turns, labelled_turns, self_named};
use vocatives::vocatives;

/// Who speaks and who is spoken to in the unquoted text, when the text says it.
#[derive(Debug, Default, Clone)]
pub(super) struct Voices {
    /// The PERSON entity that unquoted first person refers to: the byline (`By X`), the
    /// person a headline says is interviewed, or a letter's signature. (`My name is X` is not
    /// used: a predicate name is not a mention of the speaker in GUM's annotation.)
    narrator: Option<usize>,
    /// Whether the narrator is an interviewee (questions to them say `you`).
    interview: bool,
    /// A letter's addressee (`Dear X`): unquoted `you`.
    addressee: Option<usize>,
    /// The group the unquoted `we` names itself as (`we as Americans`, `we Democrats`): the
    /// text's first person plural.
    we: Option<usize>,
    /// Lines where a speaker names themself (`I'm X`, `I am X`): byte range of the line and
    /// the entity, which that line's unquoted first person refers to; also the line that
    /// answers a line ending with a vocative (`How was your week, Alex?` / `It was good, I ...`).
    turns: Vec<(usize, usize, usize)>,
    /// Lines holding a vocative (`Kendra, just let it go`): byte range of the line and the
    /// entity addressed, which that line's unquoted `you` refers to.
    addressed: Vec<(usize, usize, usize)>,
}

/// Lines at the start of a document that may hold a headline or byline.
const HEAD_LINES: usize = 4;
/// Lines at the end of a document that may hold a letter's signature.
const SIGNATURE_LINES: usize = 4;
/// Most words a name line (byline, signature, `Dear X`) has besides the name.
const NAME_LINE_EXTRA_WORDS: usize = 3;

/// The document's [`Voices`], from its line layout and PERSON mentions.
pub(super) fn voices(doc: &Doc, ents: &Entities, in_marks: &[bool]) -> Voices {
    let mut v = Voices::default();
    let person = |e: usize| {
        ents.entities
            .get(e)
            .is_some_and(|g| class_of(&g.label) == Class::Person)
    };
    // Line byte ranges (non-empty lines only).
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut a = 0;
    for l in doc.text.split_inclusive('\n') {
        let b = a + l.len();
        if !l.trim().is_empty() {
            lines.push((a, b));
        }
        a = b;
    }
    let n_lines = lines.len();
    let line_text = |&(a, b): &(usize, usize)| doc.text.get(a..b).unwrap_or("").trim();
    // A letter opens with `Dear X` (X need not be a name: `dear mum,`).
    let letter = lines
        .iter()
        .take(HEAD_LINES)
        .any(|l| lower(line_text(l)).starts_with("dear "));
    let mut signature = None;
    for (li, l) in lines.iter().enumerate() {
        let head = li < HEAD_LINES;
        let tail = li + SIGNATURE_LINES >= n_lines;
        if !head && !tail {
            continue;
        }
        let (a, b) = *l;
        let line = line_text(l);
        let in_line: Vec<&crate::entities::Mention> = ents
            .mentions
            .iter()
            .filter(|m| m.start >= a && m.end <= b && person(m.entity))
            .collect();
        let Some(first) = in_line.first() else {
            if li == 0 {
                // The NER often misses a name in a headline: an interview headline naming
                // exactly one person of the story still gives the interviewee.
                if let Some(e) = headline_interviewee(ents, line) {
                    v.narrator = Some(e);
                    v.interview = true;
                }
            }
            continue;
        };
        if li == 0 && told_headline(doc, first) {
            // `Biologist X tells Wikinews about ...`: X answers.
            v.narrator = Some(first.entity);
            v.interview = true;
            continue;
        }
        if li == 0 && lower(line).contains("interview") {
            // The headline `Wikinews interviews X`, `Interview with X`, `X: An Interview`:
            // one person only (`interviews X and Y` leaves `I` open).
            if in_line.iter().all(|m| m.entity == first.entity)
                && interviewee_position(doc, a, b, first)
            {
                v.narrator = Some(first.entity);
                v.interview = true;
            }
            continue;
        }
        let Some(rest) = name_line_rest(doc, line, a, &in_line) else {
            continue;
        };
        let first_word = rest.first().map(String::as_str).unwrap_or("");
        if head && first_word == "by" {
            v.narrator.get_or_insert(first.entity);
        } else if first_word == "dear"
            || (head
                && line.ends_with([',', ':'])
                && rest.iter().all(|w| is_honorific(w) || w == "dr"))
        {
            // `Dear X,` or a bare salutation `Dr. X,`.
            v.addressee.get_or_insert(first.entity);
        } else if tail
            && (letter || !rest.is_empty() || closing_line(doc, &lines, li))
            && rest.iter().all(|w| CLOSINGS.contains(&w.as_str()))
        {
            // A signature: the name alone after `Dear ...` or after a short line ending in a
            // comma (`Stay in touch,` / `X`), or after a closing word (`Respectfully, X`).
            let name = lower(doc.text.get(first.start..first.end).unwrap_or(""));
            if !name
                .split(|c: char| !c.is_alphabetic())
                .any(|w| CLOSINGS.contains(&w))
            {
                signature = Some(first.entity);
            }
        }
    }
    if v.narrator.is_none() {
        if let Some(e) = lead_interviewee(doc, ents, in_marks, &lines) {
            v.narrator = Some(e);
            v.interview = true;
        }
    }
    if v.narrator.is_none() {
        v.narrator = lead_speaker(doc, ents, in_marks);
    }
    if v.narrator.is_none() {
        v.narrator = signature.or_else(|| return_address(doc, ents, &lines, v.addressee));
    }
    v.turns = labelled_turns(doc, ents, &lines);
    let labelled = !v.turns.is_empty();
    v.turns.extend(self_named(doc, ents, in_marks, &lines));
    // Two speakers naming themselves (`I'm X.` / `And, I'm Y.`): no one voice.
    let several = labelled
        || v.turns
            .iter()
            .any(|t| v.turns.first().is_some_and(|f| f.2 != t.2));
    if v.narrator.is_none() && !several {
        v.narrator = introduced(doc, ents, in_marks)
            .or_else(|| called_me(doc, ents, in_marks))
            .or_else(|| self_described(doc, ents, in_marks));
    }
    if !v.interview && !several {
        // A story's narrator whom the others call by name: a byline names the author, who
        // need not be the narrator.
        if let Some(e) = called_narrator(doc, ents, &lines) {
            v.narrator = Some(e);
        }
    }
    v.we = we_group(doc, ents, in_marks);
    let (addressed, answers) = vocatives(doc, ents, in_marks, &lines);
    let hosted = hosted_turns(doc, ents, in_marks, &lines, &v.turns, &addressed);
    v.addressed = addressed;
    v.turns.extend(answers);
    v.turns.extend(hosted);
    v
}

/// The words (lower-cased, letters only) of a line outside its person mentions, when the line
/// is a name line: one person name and at most [`NAME_LINE_EXTRA_WORDS`] other words.
fn name_line_rest(
    doc: &Doc,
    line: &str,
    a: usize,
    in_line: &[&crate::entities::Mention],
) -> Option<Vec<String>> {
    if in_line.len() != 1 {
        return None;
    }
    let m = in_line[0];
    let full = doc.text.get(a..)?;
    let lead = full.len() - full.trim_start().len();
    let (ls, le) = (a + lead, a + lead + line.len());
    let outside = format!(
        "{} {}",
        doc.text.get(ls..m.start.max(ls))?,
        doc.text.get(m.end.min(le)..le)?
    );
    let words: Vec<String> = outside
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(lower)
        .collect();
    (words.len() <= NAME_LINE_EXTRA_WORDS).then_some(words)
}

/// The mentions of PERSON-class entities outside quotation marks (`in_marks` from
/// [`crate::entities::inside_marks`]), in text order: where the unquoted text names its voices.
fn unquoted_people<'a>(
    ents: &'a Entities,
    in_marks: &'a [bool],
) -> impl Iterator<Item = &'a crate::entities::Mention> + 'a {
    ents.mentions.iter().filter(move |m| {
        !in_marks.get(m.start_token).copied().unwrap_or(true)
            && ents
                .entities
                .get(m.entity)
                .is_some_and(|g| class_of(&g.label) == Class::Person)
    })
}

/// A first- or second-person pronoun outside quotes that [`Voices`] resolves.
pub(super) fn voice(
    doc: &Doc,
    v: &Voices,
    in_marks: &[bool],
    i: usize,
    word: &str,
) -> Option<usize> {
    if in_marks.get(i).copied().unwrap_or(true) {
        return None;
    }
    match word {
        "i" | "me" | "my" | "mine" | "myself" => {
            let at = doc.tokens.get(i).map_or(0, |t| t.start);
            v.turns
                .iter()
                .find(|&&(a, b, _)| a <= at && at < b)
                .map(|t| t.2)
                .or(v.narrator)
        }
        "we" | "us" | "our" | "ours" | "ourselves" => v.we,
        "you" | "your" | "yours" | "yourself" => {
            let at = doc.tokens.get(i).map_or(0, |t| t.start);
            if let Some(&(.., e)) = v.addressed.iter().find(|&&(a, b, _)| a <= at && at < b) {
                return Some(e);
            }
            if v.addressee.is_some() {
                return v.addressee;
            }
            (v.interview && question_line(doc, i))
                .then_some(v.narrator)
                .flatten()
        }
        _ => None,
    }
}

/// Whether the line of token `i` ends with a question mark.
fn question_line(doc: &Doc, i: usize) -> bool {
    let Some(t) = doc.tokens.get(i) else {
        return false;
    };
    let rest = doc.text.get(t.start..).unwrap_or("");
    let end = rest.find('\n').map_or(doc.text.len(), |k| t.start + k);
    doc.text
        .get(t.start..end)
        .is_some_and(|l| l.trim_end().ends_with('?'))
}
