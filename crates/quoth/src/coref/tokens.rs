//! Small word and token tests the sieves share: lower-cased words, subjects, nouns, copulas,
//! first and second person.

use quoth_nlp::Doc;

/// Copulas whose subject a predicate noun describes (`X was an actress`).
pub(super) const COPULAS: [&str; 7] = ["is", "was", "'s", "are", "were", "became", "becomes"];

pub(super) fn lower(s: &str) -> String {
    s.to_lowercase().replace('’', "'")
}

/// Token `k`'s text, [`lower`]ed; empty past the end.
pub(super) fn lower_token(doc: &Doc, k: usize) -> String {
    lower(doc.word(k))
}

pub(super) fn is_subject(doc: &Doc, i: usize) -> bool {
    matches!(doc.tokens[i].dep.as_ref(), "nsubj" | "nsubjpass")
}

pub(super) fn is_noun(tag: &str) -> bool {
    tag == "NN" || tag == "NNS"
}

/// First-person singular pronouns (lower-cased `w`).
pub(crate) fn is_first_singular(w: &str) -> bool {
    matches!(w, "i" | "me" | "my" | "mine" | "myself")
}

/// First- and second-person singular pronouns.
pub(super) fn is_first_or_second(w: &str) -> bool {
    is_first_singular(w) || matches!(w, "you" | "your" | "yours" | "yourself")
}
