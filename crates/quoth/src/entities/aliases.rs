//! Other names of the same entity that no rule on the words can find.
//!
//! - **Countries** (`America` = `the United States`, `Britain` = `the UK`, `Burma` =
//!   `Myanmar`): news copy alternates between them, and nothing in the words tells them apart
//!   from two different places, so they come from a short table ([`country`]).
//! - **A name in brackets right after a name** is another name of it (`Jenna Marbles (born
//!   Jenna Nicole Mourey)`, `Zaha Hadid (Arabic: زها حديد Zahā Ḥadīd)`, `the Islamic State
//!   (ISIS)`): [`bracketed_alias`]. Without a cue (`born`, `also known as`, a language and a
//!   colon, the name written in another script: `樋口 一葉 Higuchi Ichiyō`) both must be
//!   organisations: `Portland (Oregon)` is where Portland is,
//!   `Smith (Texas)` whom Smith represents, `Dean (Jensen Ackles)` the actor playing Dean.

use quoth_nlp::Doc;

/// Keys (see `Surface::key`: lower case, no leading `the`, `U.S.` = `us`) naming one
/// country; the first of each row is the name the entity takes.
const COUNTRY_ALIASES: [&[&str]; 14] = [
    &[
        "united states",
        "united states of america",
        "us",
        "usa",
        "america",
    ],
    &["united kingdom", "uk", "britain", "great britain"],
    &[
        "soviet union",
        "ussr",
        "union of soviet socialist republics",
    ],
    &[
        "north korea",
        "dprk",
        "democratic people's republic of korea",
    ],
    &["south korea", "republic of korea", "rok"],
    &[
        "china",
        "people's republic of china",
        "prc",
        "mainland china",
    ],
    &["netherlands", "holland"],
    &["czech republic", "czechia"],
    &["myanmar", "burma"],
    &["ivory coast", "côte d'ivoire", "cote d'ivoire"],
    &["united arab emirates", "uae"],
    &["russia", "russian federation"],
    &["turkey", "türkiye"],
    &["vatican", "vatican city", "holy see"],
];

/// Labels a country name may carry (the small model often calls `the U.S.` or `the Soviet
/// Union` an organisation).
const COUNTRY_LABELS: [&str; 3] = ["GPE", "LOC", "ORG"];

/// The row of [`COUNTRY_ALIASES`] holding `key`, and the key's place in it (0 = the
/// preferred name), when `label` may name a country.
pub(crate) fn country(key: &str, label: &str) -> Option<(usize, usize)> {
    if !COUNTRY_LABELS.contains(&label) {
        return None;
    }
    COUNTRY_ALIASES
        .iter()
        .enumerate()
        .find_map(|(row, names)| names.iter().position(|n| *n == key).map(|k| (row, k)))
}

/// Words that introduce another name inside brackets (`born`, `also known as`, `formerly`).
const ALIAS_CUES: [&str; 11] = [
    "born",
    "née",
    "nee",
    "né",
    "also",
    "known",
    "as",
    "formerly",
    "aka",
    "a.k.a.",
    "nicknamed",
];

/// The label two names in brackets must share to be one entity without a cue word: an
/// organisation's other name or acronym (`the Islamic State (ISIS)`). Two people are not
/// (`Dean (Jensen Ackles)`: a character and the actor; `Fassbinder (Querelle)`: a director and
/// a film the model took for a person), nor two places.
const UNCUED_LABEL: &str = "ORG";

/// Whether the name at tokens `b..b_end` (label `b_label`) is another name of the name ending
/// at token `a_end` (label `a_label`): it stands in brackets opened right after that name, the
/// brackets hold before it only cue words ([`ALIAS_CUES`]), punctuation, a word naming the
/// script before a colon (`Arabic:`) or words in another script, and it ends the bracket or
/// its part of it (`)`, `,` or `;` follows). See the module docs for the labels.
pub(crate) fn bracketed_alias(
    doc: &Doc,
    a_end: usize,
    a_label: &str,
    b: usize,
    b_end: usize,
    b_label: &str,
) -> bool {
    let word = |k: usize| doc.word(k);
    if a_end >= b || word(a_end) != "(" {
        return false;
    }
    let mut cued = false;
    for k in a_end + 1..b {
        let w = word(k);
        let cue = ALIAS_CUES.iter().any(|c| w.eq_ignore_ascii_case(c));
        let script_label = word(k + 1) == ":" && w.chars().next().is_some_and(char::is_uppercase);
        let foreign = !w.is_empty() && !w.chars().any(|c| c.is_ascii_alphanumeric());
        let punct = matches!(w, "," | ";" | ":");
        if !(cue || script_label || foreign || punct) || w == "(" || w == ")" {
            return false;
        }
        cued |= cue || script_label || foreign;
    }
    if !matches!(word(b_end), ")" | "," | ";") {
        return false;
    }
    cued || (a_label == UNCUED_LABEL && b_label == UNCUED_LABEL)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_row_and_the_preferred_name() {
        assert_eq!(country("america", "GPE"), Some((0, 4)));
        assert_eq!(country("united states", "GPE"), Some((0, 0)));
        assert_eq!(country("britain", "GPE"), country("britain", "LOC"));
        assert_eq!(
            country("burma", "GPE").map(|r| r.0),
            country("myanmar", "GPE").map(|r| r.0)
        );
        // Not a country label, not a country name.
        assert_eq!(country("america", "PERSON"), None);
        assert_eq!(country("north america", "LOC"), None);
    }
}
