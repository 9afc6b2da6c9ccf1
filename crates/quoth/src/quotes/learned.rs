//! Cue words learned from annotated news ([`super::learned_cues`]): a verb or noun whose
//! complement, in a given syntactic frame, was mostly an attribution's content in PolNeAR
//! train (`X argued that …`, `X vowed to …`, `X endorsed Y`, `talked about …`, `her claim
//! that …`, `a plan to …`, `his view is that …`). The frames are defined here exactly as
//! `scripts/learn_cues.py` defines them when it counts.

use std::cmp::Ordering;

use super::context::Ctx;
use super::learned_cues::LEARNED_CUES;
use super::lexicon::cmp_ci;

/// Word class of a learned cue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Class {
    /// A verb (`VB*`).
    Verb,
    /// A noun (`NN*`).
    Noun,
}

/// The complement through which a cue governs its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Frame {
    /// A clausal complement to the right (`argued that …`).
    Ccomp,
    /// An open complement to the right (`vowed to …`).
    Xcomp,
    /// A preposition right after the cue, with an object (`talked about …`, `concerns over …`).
    Prep,
    /// A direct object to the right (`endorsed Smith`).
    Dobj,
    /// A noun's `that`-clause (`the claim that …`).
    That,
    /// A noun's infinitive (`a plan to …`).
    To,
    /// A noun subject of `be` with a complement (`his view is that …`).
    Copula,
}

/// Prepositions that join a verb to what it reports (`talked about`, `voted for`).
const VERB_PREPS: &[&str] = &[
    "about", "against", "at", "for", "of", "on", "over", "to", "with",
];

/// Prepositions that join a noun to what it reports (`criticism of`, `concerns about`); not
/// `to`, which names an addressee (`a note to clients`).
const NOUN_PREPS: &[&str] = &["about", "against", "for", "of", "on", "over"];

/// Forms of `be` (for [`Frame::Copula`]).
const BE_FORMS: &[&str] = &[
    "'re", "'s", "am", "are", "be", "been", "being", "is", "was", "were",
];

/// Whether `text` is one of `words` (ASCII case-insensitive).
fn one_of(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.eq_ignore_ascii_case(w))
}

/// Train precision of `text` as a cue of `class` in `frame` (share of its train occurrences
/// in that frame that were attributions with that content), if the learned table holds it.
pub(crate) fn precision(text: &str, class: Class, frame: Frame) -> Option<f32> {
    let from = LEARNED_CUES.partition_point(|e| cmp_ci(e.0, text) == Ordering::Less);
    LEARNED_CUES[from..]
        .iter()
        .take_while(|e| cmp_ci(e.0, text) == Ordering::Equal)
        .find(|e| e.1 == class && e.2 == frame)
        .map(|e| f32::from(e.3) / f32::from(e.4.max(1)))
}

/// Word class of token `t`, if it can be a cue.
pub(crate) fn class_of(ctx: &Ctx, t: usize) -> Option<Class> {
    let tag = ctx.tag(t);
    if tag.starts_with("VB") {
        Some(Class::Verb)
    } else if tag.starts_with("NN") {
        Some(Class::Noun)
    } else {
        None
    }
}

/// Subtree of `k` as an inclusive token range.
fn subtree(ctx: &Ctx, k: usize) -> (usize, usize) {
    (ctx.left(k) as usize, ctx.right(k) as usize)
}

/// First child of `t` right of it with dependency `dep`.
fn right_kid(ctx: &Ctx, t: usize, dep: &str) -> Option<usize> {
    ctx.kids(t).find(|&c| c > t && ctx.dep(c) == dep)
}

/// `t` + a preposition from `preps` right after it that has an object: the object's range.
fn prep_object(ctx: &Ctx, t: usize, preps: &[&str]) -> Option<(usize, usize)> {
    let p = ctx.kids(t).find(|&c| ctx.dep(c) == "prep" && c == t + 1)?;
    let ok = one_of(ctx.text(p), preps) && ctx.kid(p, &["pobj", "pcomp"]).is_some();
    ok.then(|| (p + 1, ctx.right(p) as usize))
}

/// The content range of verb `t` in `frame`, if it has that complement.
fn verb_frame(ctx: &Ctx, t: usize, frame: Frame) -> Option<(usize, usize)> {
    match frame {
        Frame::Ccomp => right_kid(ctx, t, "ccomp").map(|c| subtree(ctx, c)),
        Frame::Xcomp => right_kid(ctx, t, "xcomp").map(|c| subtree(ctx, c)),
        Frame::Prep => prep_object(ctx, t, VERB_PREPS),
        Frame::Dobj => right_kid(ctx, t, "dobj").map(|c| subtree(ctx, c)),
        _ => None,
    }
}

/// The content range of noun `t` in `frame`, if it has that complement.
fn noun_frame(ctx: &Ctx, t: usize, frame: Frame) -> Option<(usize, usize)> {
    match frame {
        Frame::That | Frame::To => {
            let c = ctx
                .kids(t)
                .find(|&c| c > t && matches!(ctx.dep(c), "acl" | "relcl"))?;
            let that = ctx.kids(c).find(|&m| {
                ctx.dep(m) == "mark" && ctx.text(m).eq_ignore_ascii_case("that") && m > t
            });
            let to = ctx
                .kids(c)
                .any(|m| ctx.dep(m) == "aux" && ctx.text(m).eq_ignore_ascii_case("to"));
            let fits = match frame {
                Frame::That => that.is_some(),
                _ => that.is_none() && to && ctx.left(c) as usize > t,
            };
            fits.then(|| subtree(ctx, c))
        }
        Frame::Prep => prep_object(ctx, t, NOUN_PREPS),
        Frame::Copula => {
            let h = ctx.head(t);
            if ctx.dep(t) != "nsubj" || h == t || !one_of(ctx.text(h), BE_FORMS) {
                return None;
            }
            ctx.kids(h)
                .find(|&c| c > h && matches!(ctx.dep(c), "ccomp" | "xcomp" | "attr"))
                .map(|c| subtree(ctx, c))
        }
        _ => None,
    }
}

/// Content range of a token in a frame ([`verb_frame`], [`noun_frame`]).
type FrameFn = fn(&Ctx, usize, Frame) -> Option<(usize, usize)>;

/// Frames in the order they are tried (the same order the learner lists them).
const VERB_FRAMES: &[Frame] = &[Frame::Ccomp, Frame::Xcomp, Frame::Prep, Frame::Dobj];
const NOUN_FRAMES: &[Frame] = &[Frame::That, Frame::To, Frame::Prep, Frame::Copula];

/// A learned cue at a token: its frame, the content range the frame governs (inclusive
/// tokens) and the train precision of the word in that frame.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Learned {
    pub frame: Frame,
    pub range: (usize, usize),
    pub precision: f32,
}

/// The first frame of token `t` that the learned table lists for its word.
pub(crate) fn learned_frame(ctx: &Ctx, t: usize) -> Option<Learned> {
    let class = class_of(ctx, t)?;
    let (frames, get): (&[Frame], FrameFn) = match class {
        Class::Verb => (VERB_FRAMES, verb_frame),
        Class::Noun => (NOUN_FRAMES, noun_frame),
    };
    let text = ctx.text(t);
    frames.iter().find_map(|&f| {
        let range = get(ctx, t, f)?;
        precision(text, class, f).map(|precision| Learned {
            frame: f,
            range,
            precision,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted() {
        for w in LEARNED_CUES.windows(2) {
            let a = (w[0].0, w[0].1, w[0].2);
            let b = (w[1].0, w[1].1, w[1].2);
            assert!(a < b, "{a:?} !< {b:?}");
        }
    }
}
