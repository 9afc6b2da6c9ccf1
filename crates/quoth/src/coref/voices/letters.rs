//! Letters: the closing before a signature (`Respectfully,`, `Stay in touch,`), the salutation
//! (`Dear X,`, `Mum,`), and the sender's address block above it.

use quoth_nlp::Doc;

use crate::coref::gender::is_honorific;
use crate::coref::tokens::lower;
use crate::coref::{class_of, Class};
use crate::entities::Entities;

use super::name_line_rest;

/// Words that close a letter before the signature.
pub(super) const CLOSINGS: [&str; 13] = [
    "respectfully",
    "warmly",
    "ever",
    "love",
    "yours",
    "sincerely",
    "regards",
    "best",
    "cordially",
    "faithfully",
    "truly",
    "affectionately",
    "cheers",
];

/// Most words of a letter's closing line (`Love & kisses to all,`, `Stay in touch,`).
const CLOSING_LINE_WORDS: usize = 6;

/// Whether the line before line `li` is a letter's closing: short and ending in a comma.
pub(super) fn closing_line(doc: &Doc, lines: &[(usize, usize)], li: usize) -> bool {
    let Some(&(a, b)) = li.checked_sub(1).and_then(|k| lines.get(k)) else {
        return false;
    };
    let line = doc.text.get(a..b).unwrap_or("").trim();
    line.ends_with(',') && line.split_whitespace().count() <= CLOSING_LINE_WORDS
}

/// Lines at the start of a letter that may hold the sender's address block.
const ADDRESS_LINES: usize = 6;
/// Lines at the start of a letter that may hold its salutation (after an address block).
const SALUTATION_LINES: usize = 10;
/// Most words of a bare salutation line (`Mum,`, `Dear Mom,`, `Dear 3 or 4 Roomers -`).
const SALUTATION_WORDS: usize = 5;

/// Whether line `l` is a letter's salutation: `Dear ...`, or a short line ending in a comma
/// or a colon (`Mum,`, `Dear Mom,`).
fn salutation_line(doc: &Doc, l: (usize, usize)) -> bool {
    let line = doc.text.get(l.0..l.1).unwrap_or("").trim();
    lower(line).starts_with("dear ")
        || (line.ends_with([',', ':']) && line.split_whitespace().count() <= SALUTATION_WORDS)
}

/// The sender a letter names in an address block above its salutation: a line that is a
/// person's bare name (honorifics aside: `Miss X`) in the first [`ADDRESS_LINES`] lines,
/// followed by an address line (not a salutation) and then, within [`SALUTATION_LINES`], the
/// salutation. The addressee's own address (`X, President` / `Dear Mr. X:`) is not the
/// sender: a name with a role, or the person the salutation greets, is refused.
pub(super) fn return_address(
    doc: &Doc,
    ents: &Entities,
    lines: &[(usize, usize)],
    addressee: Option<usize>,
) -> Option<usize> {
    let salutation = lines
        .iter()
        .take(SALUTATION_LINES)
        .position(|&l| salutation_line(doc, l))?;
    (0..salutation.min(ADDRESS_LINES)).find_map(|li| {
        let &(a, b) = lines.get(li)?;
        let next = *lines.get(li + 1)?;
        if li + 1 >= salutation || salutation_line(doc, next) {
            return None;
        }
        let in_line: Vec<&crate::entities::Mention> = ents
            .mentions
            .iter()
            .filter(|m| {
                m.start >= a
                    && m.end <= b
                    && ents
                        .entities
                        .get(m.entity)
                        .is_some_and(|g| class_of(&g.label) == Class::Person)
            })
            .collect();
        let line = doc.text.get(a..b).unwrap_or("").trim();
        let rest = name_line_rest(doc, line, a, &in_line)?;
        let e = in_line.first()?.entity;
        (rest.iter().all(|w| is_honorific(w)) && Some(e) != addressee).then_some(e)
    })
}
