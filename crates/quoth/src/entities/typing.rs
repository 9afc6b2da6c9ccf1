//! Typing a name by the words around it, when the text says what kind of thing it is.
//!
//! - **Role nouns before it**: `the newspaper Munhwa Ilbo`, `the agency Yonhap` → ORG.
//! - **Appositives after it**: `CSIS, a Washington think tank`, `Yonhap, the news agency` →
//!   ORG (the head of a short noun phrase after a comma and an article).
//! - **Place modifiers**: a name the NER calls a person, right after `the` and before up to
//!   three lower-case words ending in a place noun (`the Yongbyon nuclear processing site`) →
//!   GPE: a person's name does not modify a site that way.
//! - **Organisation heads**: a name starting (after `the`) with `Center for`, `Institute of`,
//!   `Council on` … → ORG (the NER often calls these FAC).
//!
//! A cue votes in place of the NER's label (see the `labels` module).

use quoth_nlp::Doc;

use super::labels::{ORG, PERSON};
use super::span::Span;

/// Nationalities, religious and political groups: never retyped by context.
const NORP: &str = "NORP";

/// Nouns naming a kind of organisation.
const ORG_NOUNS: &[&str] = &[
    "newspaper",
    "daily",
    "agency",
    "broadcaster",
    "network",
    "magazine",
    "tabloid",
    "firm",
    "company",
    "bank",
    "tank",
    "institute",
    "group",
    "party",
    "airline",
    "automaker",
    "carmaker",
    "retailer",
    "insurer",
    "lender",
    "publisher",
    "university",
    "organization",
    "organisation",
    "charity",
    "union",
];

/// Nouns naming a place or a site.
const PLACE_NOUNS: &[&str] = &[
    "site", "facility", "complex", "plant", "reactor", "region", "province", "county", "district",
    "area", "border", "airport", "port", "base",
];

/// First words of organisation names, when followed by [`ORG_LINKS`].
const ORG_HEADS: &[&str] = &[
    "center",
    "centre",
    "institute",
    "council",
    "foundation",
    "association",
    "committee",
    "commission",
    "society",
    "federation",
    "league",
    "bureau",
    "office",
];

/// Words linking an organisation head to its subject (`Center for …`).
const ORG_LINKS: &[&str] = &["for", "of", "on"];

/// Words that end an appositive's noun phrase (`a think tank in Washington`).
const PHRASE_ENDS: &[&str] = &[
    "in", "of", "at", "based", "that", "which", "with", "founded", "owned", "run", "and",
];

/// Longest noun phrase (in tokens) read after an appositive's article or before a place noun.
const MAX_PHRASE: usize = 3;

fn lower(doc: &Doc, i: usize) -> String {
    doc.tokens
        .get(i)
        .and_then(|t| doc.text.get(t.start..t.end))
        .unwrap_or("")
        .to_lowercase()
}

fn is_lower_word(doc: &Doc, i: usize) -> bool {
    doc.tokens
        .get(i)
        .and_then(|t| doc.text.get(t.start..t.end))
        .is_some_and(|w| w.chars().all(|c| c.is_alphabetic() && c.is_lowercase()))
}

fn is_article(w: &str) -> bool {
    matches!(w, "a" | "an" | "the")
}

/// Whether tokens `st..et` start (after `the`) with an organisation head and its link word,
/// with a word after them (`the Center for Strategic …`).
pub(crate) fn is_org_head(doc: &Doc, st: usize, et: usize) -> bool {
    let first = if lower(doc, st) == "the" { st + 1 } else { st };
    first + 2 < et
        && ORG_HEADS.contains(&lower(doc, first).as_str())
        && ORG_LINKS.contains(&lower(doc, first + 1).as_str())
}

/// The label the context gives the mention `sp` whose NER label is `label`, if any.
pub(crate) fn cue(doc: &Doc, sp: Span, label: &str) -> Option<&'static str> {
    let (st, et) = (sp.start_token, sp.end_token);
    if st >= et || et > doc.tokens.len() || super::labels::is_value(label) {
        return None;
    }
    if is_org_head(doc, st, et) {
        return Some(ORG);
    }
    // organisations need no retyping; nationalities modify nouns (`the Socialist party`)
    if label == ORG || label == NORP {
        return None;
    }
    // role noun just before: the newspaper X
    if st >= 2 && ORG_NOUNS.contains(&lower(doc, st - 1).as_str()) && is_lower_word(doc, st - 1) {
        let det = (st.saturating_sub(1 + MAX_PHRASE)..st - 1).any(|i| is_article(&lower(doc, i)));
        if det {
            return Some(ORG);
        }
    }
    // appositive: X, a (Washington) think tank
    if et + 2 < doc.tokens.len() && lower(doc, et) == "," && is_article(&lower(doc, et + 1)) {
        let end = (et + 2 + MAX_PHRASE + 1).min(doc.tokens.len());
        for h in et + 2..end {
            let word = lower(doc, h);
            if !word.chars().any(char::is_alphanumeric) || PHRASE_ENDS.contains(&word.as_str()) {
                break;
            }
            let next = lower(doc, h + 1);
            let possessive = next.starts_with('\'') || next.starts_with('’');
            let ends_phrase =
                !possessive && (!is_lower_word(doc, h + 1) || PHRASE_ENDS.contains(&next.as_str()));
            if ORG_NOUNS.contains(&lower(doc, h).as_str()) && is_lower_word(doc, h) && ends_phrase {
                return Some(ORG);
            }
        }
    }
    // place modifier: the X nuclear processing site
    if label == PERSON && st >= 1 && lower(doc, st - 1) == "the" {
        let mut i = et;
        while i < doc.tokens.len() && i < et + MAX_PHRASE && is_lower_word(doc, i) {
            if PLACE_NOUNS.contains(&lower(doc, i).as_str()) {
                return Some("GPE");
            }
            i += 1;
        }
    }
    None
}
