//! Roles the text gives an entity (`senator`, `spokeswoman`, `founder`), so that a later
//! definite description (`the senator said`) can be resolved to it.
//!
//! A mention's roles come from four places, all lower-cased, with abbreviated titles written
//! out (`Sen.` → `senator`, `Gov.` → `governor`):
//! 1. titles leading the mention's own text (`Prime Minister Theresa May` → `minister`);
//! 2. the token right before the mention, when it is a title word, or a common noun the parser
//!    attaches inside the mention as a compound (`Fed Chairman Jerome Powell` → `chairman`,
//!    `Amazon founder Jeff Bezos` → `founder`);
//! 3. an appositive common noun around the mention's root (`Sue Mi Terry, a senior fellow at
//!    CSIS` → `fellow`; `Ford's chief executive, Jim Hackett` → `executive`);
//! 4. a singular predicate noun of the mention as a copula's subject (`Kim is a former
//!    diplomat` → `diplomat`, `Coron is the largest town` → `town`).
//!
//! Courtesy honorifics (`Mr.`, `Ms.`) are not roles. A title keeps the rank word before it
//! (`Former President X` → `former president`, `Vice President X` → `vice president`).

use super::surface::{is_rank_modifier, title_role, words};
use quoth_nlp::Doc;

/// Whether `tag` is a common-noun tag (`NN`, `NNS`).
fn is_common_noun(tag: &str) -> bool {
    tag == "NN" || tag == "NNS"
}

/// Append to `out` the roles of the mention over tokens `st..et` (byte range `start..end`).
/// Token indices outside the document are ignored (never a panic).
pub(crate) fn mention_roles(doc: &Doc, st: usize, et: usize, out: &mut Vec<String>) {
    let toks = &doc.tokens;
    if st >= et || et > toks.len() {
        return;
    }
    let text = |i: usize| doc.text.get(toks[i].start..toks[i].end).unwrap_or("");
    // 1. leading titles in the mention text
    let span_text = doc.text.get(toks[st].start..toks[et - 1].end).unwrap_or("");
    let word_before = |i: usize| i.checked_sub(1).map_or("", text);
    let mut before = word_before(st);
    for (_, w) in words(span_text) {
        match title_role(w) {
            Some(Some(role)) => out.push(ranked(before, role)),
            Some(None) => {}
            None if is_rank_modifier(w) => {}
            None => break,
        }
        before = w;
    }
    // 2. the token right before
    if st > 0 {
        let p = st - 1;
        let prev = &toks[p];
        let inside = (st..et).contains(&prev.head);
        match title_role(text(p)) {
            Some(Some(role)) => out.push(ranked(word_before(p), role)),
            Some(None) => {}
            None => {
                if inside && is_common_noun(&prev.tag) && &*prev.dep == "compound" {
                    out.push(text(p).to_lowercase());
                }
            }
        }
    }
    // 3. appositives around the root (the token whose head is outside the mention)
    let Some(root) = (st..et).find(|&i| !(st..et).contains(&toks[i].head) || toks[i].head == i)
    else {
        return;
    };
    let sentence = doc
        .sentences
        .iter()
        .find(|s| s.start_token <= root && root < s.end_token)
        .map_or(0..toks.len(), |s| {
            s.start_token..s.end_token.min(toks.len())
        });
    for i in sentence.clone() {
        let t = &toks[i];
        if t.head == root && i != root && &*t.dep == "appos" && is_common_noun(&t.tag) {
            out.push(text(i).to_lowercase());
        }
    }
    let r = &toks[root];
    if &*r.dep == "appos" && r.head < toks.len() && is_common_noun(&toks[r.head].tag) {
        out.push(text(r.head).to_lowercase());
    }
    // 4. a predicate noun of the mention as subject of a copula
    if let Some(noun) = predicate_noun(doc, root, sentence) {
        out.push(text(noun).to_lowercase());
    }
}

/// A title's role with the rank word before it kept (`Former President X` → `former
/// president`, `Vice President X` → `vice president`): another office than the bare title,
/// which `the president` must not take.
fn ranked(before: &str, role: String) -> String {
    if is_rank_modifier(before) {
        format!("{} {role}", before.to_lowercase())
    } else {
        role
    }
}

/// Copulas whose subject the predicate noun describes (`Coron is the largest town`).
const COPULAS: &[&str] = &["is", "was", "'s", "are", "were", "became", "becomes"];

/// The singular common noun predicated of token `subject` by a copula (`Kim is a former
/// diplomat` → `diplomat`, `Coron is the largest town on the island` → `town`): what the text
/// says the entity is, so that `the town` later is it. A plural (`are two of the towns`) or a
/// negated copula (`is not a candidate`) says nothing of the kind.
fn predicate_noun(doc: &Doc, subject: usize, sentence: std::ops::Range<usize>) -> Option<usize> {
    let toks = &doc.tokens;
    let s = toks.get(subject)?;
    if &*s.dep != "nsubj" {
        return None;
    }
    let verb = s.head;
    let vt = toks.get(verb)?;
    let word = doc.text.get(vt.start..vt.end)?.to_lowercase();
    if verb == subject || !COPULAS.contains(&word.as_str()) {
        return None;
    }
    let kids = || {
        sentence
            .clone()
            .filter(move |&k| toks[k].head == verb && k != verb)
    };
    if kids().any(|k| &*toks[k].dep == "neg") {
        return None;
    }
    kids().find(|&k| &*toks[k].dep == "attr" && &*toks[k].tag == "NN")
}
