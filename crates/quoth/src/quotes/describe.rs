//! What the text says a speaker is: the appositive after the name (`Sue Mi Terry, a former CIA
//! analyst,`) or the role words before it (`White House spokeswoman Sarah Sanders`; not a
//! courtesy honorific alone: `Mr. Grassley` has none).

use super::attitude;
use super::context::Ctx;
use super::lexicon;
use super::Span;
use crate::entities::is_courtesy;

/// Most tokens of an appositive description kept (longer ones are clauses, not roles).
const MAX_DESCRIPTION_TOKENS: usize = 20;

/// The description of the speaker mentioned at byte span `span`, if the text gives one there.
pub(crate) fn description(ctx: &Ctx, span: Span) -> Option<Span> {
    let (a, b) = ctx.tokens_in(span.start, span.end);
    if a >= b {
        return None;
    }
    // The mention's head: the token whose head lies outside the mention.
    let h = (a..b)
        .find(|&k| {
            let hd = ctx.head(k);
            hd == k || hd < a || hd >= b
        })
        .unwrap_or(b - 1);
    if matches!(ctx.tag(h), "PRP" | "WP") {
        return None;
    }
    // An appositive after the mention, set off by a comma.
    if let Some(k) = ctx
        .kids(h)
        .find(|&k| k >= b && ctx.dep(k) == "appos" && !ctx.in_quote(k))
    {
        let (l, r) = (ctx.left(k) as usize, ctx.right(k) as usize);
        let l = l.max(b);
        if let Some((l, r)) = trim_punct(ctx, l, r) {
            if r - l < MAX_DESCRIPTION_TOKENS {
                let (s, e) = ctx.bytes(l, r);
                return Some(Span { start: s, end: e });
            }
        }
    }
    // Role words before the name, inside its noun phrase (determiners dropped).
    let left = ctx.left(h) as usize;
    if left < a {
        let mut l = left;
        while l < a && matches!(ctx.tag(l), "DT" | "PRP$" | "POS") {
            l += 1;
        }
        if let Some((l, r)) = trim_punct(ctx, l, a - 1) {
            // (Role words hold a word: not a mark and dash the tagger took for a name, `”―`.)
            let wordy = (l..=r).any(|k| ctx.text(k).chars().any(char::is_alphanumeric));
            // (A courtesy honorific says nothing of what the speaker is: `Mr.`, `Ms.`.)
            let courtesy = (l..=r).all(|k| {
                is_courtesy(ctx.text(k)) || !ctx.text(k).chars().any(char::is_alphanumeric)
            });
            if (l..=r).all(|k| !ctx.in_quote(k)) && wordy && !courtesy {
                let (s, e) = ctx.bytes(l, r);
                return Some(Span { start: s, end: e });
            }
        }
    }
    None
}

/// `[l, r]` without punctuation at either end. A token with no letter or digit counts as
/// punctuation whatever its tag (a closing mark glued to a dash, `”―`, tagged as a noun).
fn trim_punct(ctx: &Ctx, mut l: usize, mut r: usize) -> Option<(usize, usize)> {
    let punct = |k: usize| ctx.is_punct(k) || !ctx.text(k).chars().any(char::is_alphanumeric);
    while l <= r && punct(l) {
        l += 1;
    }
    while r > l && punct(r) {
        r -= 1;
    }
    (l <= r && !punct(r)).then_some((l, r))
}

/// Verbs that Title Case headlines glue to a name (`Glenn Beck Blasts Drudge`), in lowercase.
const HEADLINE_VERBS: &[&str] = &[
    "backs", "blasts", "calls", "defends", "hits", "is", "rips", "responds", "says", "slams",
    "tells", "urges", "wants", "warns", "was", "will", "would",
];

/// A verb a headline capitalises after a name: a listed one, or a capitalised reporting or
/// stance verb in the headline's present tense (`Endorses`, `Praises`; not `Post`).
fn is_headline_verb(w: &str) -> bool {
    HEADLINE_VERBS.iter().any(|v| w.eq_ignore_ascii_case(v))
        || (w.chars().next().is_some_and(char::is_uppercase)
            && w.ends_with('s')
            && (lexicon::is_speech_verb(w) || attitude::is_stance_verb(w)))
}

/// A name cut before a headline verb the tagger took for part of it (`Ben Carson Defends` →
/// `Ben Carson`); a first word is never cut (`Will Rogers`).
pub(crate) fn headline_name(name: String) -> String {
    let mut end = None;
    let mut pos = 0;
    for (i, w) in name.split(' ').enumerate() {
        if i > 0 && is_headline_verb(w) {
            end = Some(pos);
            break;
        }
        pos += w.len() + 1;
    }
    match end {
        Some(e) => name[..e].trim_end().to_string(),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::headline_name;

    #[test]
    fn headline_verbs_are_cut_from_names() {
        assert_eq!(
            headline_name("Glenn Beck Blasts Drudge".into()),
            "Glenn Beck"
        );
        assert_eq!(headline_name("Will Rogers".into()), "Will Rogers");
        assert_eq!(headline_name("Sarah Sanders".into()), "Sarah Sanders");
        assert_eq!(headline_name("Ann Lee Endorses".into()), "Ann Lee");
        assert_eq!(headline_name("Elizabeth Warren".into()), "Elizabeth Warren");
        assert_eq!(headline_name("Washington Post".into()), "Washington Post");
    }
}
