//! Mentions that are not one name: split or dropped before grouping.
//!
//! - **Possessive chains.** A PERSON span holding a possessive inside it, followed by a
//!   capitalised word (`Bloomberg’s Jon Herskovitz`), names two things: the owner (ORG, or
//!   PERSON when the document's NER calls that name a person elsewhere) and the person.
//! - **Hyphenated pairs of people.** A non-PERSON span `A-B` whose two parts both end
//!   PERSON names of at least two words in the document, or start ones of three (Korean and
//!   Chinese family names: `Kim Jong Un`), is the two people (`a Trump-Kim summit`).
//! - **Fillers.** A name never holds a spoken filler (`Pam uh Kocherstein yeah`, a transcript):
//!   the span is cut into the runs of words between fillers (`Pam`, `Kocherstein`).
//! - **Titles.** A non-PERSON span right after a title and `of`, right before a PERSON span
//!   (`Secretary of State Michael Pompeo`), is part of the title, not an organisation: dropped.
//!
//! Each piece carries the label its evidence gives it (a *cue*, which votes in place of the
//! NER's label).

use quoth_nlp::{Doc, EntitySpan};

use super::labels::PERSON;
use super::span::Span;
use super::surface;

/// Label a possessive-chain owner gets when the document never calls it a person.
const OWNER_LABEL: &str = "ORG";

/// Words a name needs before its first word may be a family name (`Kim Jong Un`; `Al Hakim`
/// has too few).
const FAMILY_FIRST_WORDS: usize = 3;

/// One piece of a mention: its span and the label its evidence gives it, if any.
pub(crate) type Piece = (Span, Option<&'static str>);

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// The span over tokens `st..et` (non-empty, inside the document).
fn token_span(doc: &Doc, st: usize, et: usize) -> Span {
    Span {
        start_token: st,
        end_token: et,
        start: doc.tokens[st].start,
        end: doc.tokens[et - 1].end,
    }
}

/// Whether `word` is a family name of some PERSON-labelled entity of the document.
fn person_word(doc: &Doc, word: &str) -> bool {
    doc.entities.iter().any(|e| {
        &*e.label == PERSON
            && e.end_token <= doc.tokens.len()
            && e.start_token < e.end_token
            && ((e.end_token - e.start_token >= 2 && doc.word(e.end_token - 1) == word)
                || (e.end_token - e.start_token >= FAMILY_FIRST_WORDS
                    && doc.word(e.start_token) == word))
    })
}

/// Whether the document's NER labels a mention with exactly this text PERSON.
fn person_name(doc: &Doc, text: &str) -> bool {
    doc.entities
        .iter()
        .any(|e| &*e.label == PERSON && doc.text.get(e.start..e.end) == Some(text))
}

/// The pieces of the (cleaned) mention `sp` of entity `e`: `[(sp, None)]` when it is one name,
/// two pieces for a chain or pair, none for a title word.
/// The runs of tokens `st..et` between spoken fillers, without punctuation at their edges.
fn between_fillers(doc: &Doc, st: usize, et: usize) -> Vec<Piece> {
    // a word of a name: letters or digits, not lower case (`the council ah of Ministries`
    // leaves `Ministries`)
    let word = |i: usize| {
        let w = doc.word(i);
        w.chars().any(char::is_alphanumeric) && !w.starts_with(char::is_lowercase)
    };
    let mut out = Vec::new();
    let mut i = st;
    while i < et {
        while i < et && (!word(i) || surface::is_filler_word(doc.word(i))) {
            i += 1;
        }
        let start = i;
        while i < et && !surface::is_filler_word(doc.word(i)) {
            i += 1;
        }
        let mut end = i;
        while end > start && !word(end - 1) {
            end -= 1;
        }
        if end > start {
            out.push((token_span(doc, start, end), None));
        }
    }
    out
}

pub(crate) fn pieces(doc: &Doc, e: &EntitySpan, sp: Span) -> Vec<Piece> {
    let (st, et) = (sp.start_token, sp.end_token);
    if st >= et || et > doc.tokens.len() {
        return vec![(sp, None)];
    }
    if (st..et).any(|i| surface::is_filler_word(doc.word(i))) {
        return between_fillers(doc, st, et);
    }
    if &*e.label == PERSON {
        // possessive chain: owner 's Person
        for i in st + 1..et.saturating_sub(1) {
            if matches!(doc.word(i), "'s" | "’s") && capitalised(doc.word(i + 1)) {
                let owner = token_span(doc, st, i);
                let owner_text = doc.text.get(owner.start..owner.end).unwrap_or("");
                let owner_label = if person_name(doc, owner_text) {
                    PERSON
                } else {
                    OWNER_LABEL
                };
                let person = Span {
                    end_token: et,
                    end: sp.end,
                    ..token_span(doc, i + 1, i + 2)
                };
                return vec![(owner, Some(owner_label)), (person, Some(PERSON))];
            }
        }
        return vec![(sp, None)];
    }
    // hyphenated pair of people: A - B, attached
    if et - st == 3
        && matches!(doc.word(st + 1), "-" | "\u{2010}" | "\u{2011}" | "\u{2013}")
        && !doc.tokens[st].whitespace
        && !doc.tokens[st + 1].whitespace
    {
        let (a, b) = (doc.word(st), doc.word(st + 2));
        if capitalised(a) && capitalised(b) && person_word(doc, a) && person_word(doc, b) {
            return vec![
                (token_span(doc, st, st + 1), Some(PERSON)),
                (token_span(doc, st + 2, st + 3), Some(PERSON)),
            ];
        }
    }
    // title: Secretary of [State] Michael Pompeo
    let after_title = st >= 2
        && doc.word(st - 1) == "of"
        && surface::title_role(doc.word(st - 2)).is_some_and(|r| r.is_some());
    let before_person = doc
        .entities
        .iter()
        .any(|o| o.start_token == et && &*o.label == PERSON);
    if after_title && before_person && et - st == 1 {
        return Vec::new();
    }
    vec![(sp, None)]
}
