//! The outermost attribution over a quoted fragment. PolNeAR (and newsroom practice) credits a
//! nested quote to the outermost source: in `Kasich predicted that Republicans will take
//! "every state"` the words are Kasich's, and in `McConnell says the public wants a leader, but
//! Obama is giving them "lectures"` they are McConnell's. Cues here are wider than reporting
//! verbs: stances (`blasted`, `praised`, `accused`), beliefs and intentions (`thinks`,
//! `implied`, `wants`) all attribute what they govern.

use super::attitude;
use super::context::Ctx;
use super::fallback;
use super::learned;
use super::lexicon;

/// Most head steps climbed from a fragment towards the sentence root.
const MAX_STEPS: usize = 14;

/// Whether `k` is a verb that can attribute what it governs: a reporting, labelling,
/// attitude or stance verb outside quotes.
pub(crate) fn is_attribution_verb(ctx: &Ctx, k: usize) -> bool {
    if ctx.in_quote(k) || !ctx.is_verb(k) {
        return false;
    }
    let t = ctx.text(k);
    lexicon::is_speech_verb(t)
        || lexicon::is_label_verb(t)
        || attitude::is_attitude_verb(t)
        || attitude::is_stance_verb(t)
}

/// The outermost attribution verb above token `from` in its sentence, with its speaker:
/// `(cue, speaker)`. The climb follows every head (a parser often hangs a content clause on a
/// noun: `predicted at the debate that …` as a relative clause of `debate`); the speaker must
/// be able to hold a view ([`fallback::is_sayer`]).
pub(crate) fn outermost_attribution(
    ctx: &Ctx,
    from: usize,
    speaker_of: impl Fn(usize) -> Option<usize>,
) -> Option<(usize, usize)> {
    let (sent, para) = (ctx.sent(from), ctx.para[from]);
    let mut found = None;
    let mut k = from;
    for _ in 0..MAX_STEPS {
        let h = ctx.head(k);
        // A paragraph break ends the sentence whatever the parser merged across it.
        if h == k || ctx.sent(h) != sent || ctx.para[h] != para {
            break;
        }
        // Words in the subject of a verb are no content of it (`The so-called “reform” has
        // been criticised by economists`).
        let in_subject = matches!(ctx.dep(k), "nsubj" | "nsubjpass" | "csubj" | "csubjpass");
        let complement = is_clausal_complement(ctx, k);
        // `Stumpf’s emphasis that … “fraud”`: the possessor of a claim noun whose `that` clause
        // holds the fragment is a source.
        if let Some(p) = claim_owner(ctx, k, h) {
            found = Some((h, p));
        }
        k = h;
        if in_subject || !(complement || is_attribution_verb(ctx, k)) {
            continue;
        }
        if let Some(s) = speaker_of(k).filter(|&s| !ctx.in_quote(s) && fallback::is_sayer(ctx, s)) {
            found = Some((k, s));
        }
    }
    found
}

/// Nouns of saying or thinking whose `that` clause is the content of an attribution, beyond
/// the learned ones ([`super::learned`], noun + `that` frame).
const CLAIM_NOUNS: &[&str] = &[
    "accusation",
    "allegation",
    "argument",
    "assertion",
    "boast",
    "charge",
    "contention",
    "emphasis",
    "insistence",
    "prediction",
    "promise",
    "remark",
    "warning",
];

/// Whether `n` is a noun whose `that` clause reports what someone says or thinks (`claim`,
/// `assertion`, `warning`).
pub(crate) fn is_claim_noun(ctx: &Ctx, n: usize) -> bool {
    let t = ctx.text(n);
    ctx.tag(n).starts_with("NN")
        && (learned::precision(t, learned::Class::Noun, learned::Frame::That).is_some()
            || lexicon::contains_singular(CLAIM_NOUNS, t))
}

/// Whether `k` heads a complement clause opened by `that` (`acl` on a noun, `ccomp`).
pub(crate) fn is_that_clause(ctx: &Ctx, k: usize) -> bool {
    matches!(ctx.dep(k), "acl" | "ccomp")
        && ctx
            .kids(k)
            .any(|m| ctx.dep(m) == "mark" && ctx.text(m).eq_ignore_ascii_case("that"))
}

/// The possessor of claim noun `h` when `k` is its `that` clause and the possessor can hold a
/// view (`Trump’s claim that …`).
pub(crate) fn claim_owner(ctx: &Ctx, k: usize, h: usize) -> Option<usize> {
    if !(is_that_clause(ctx, k) && !ctx.in_quote(h) && is_claim_noun(ctx, h)) {
        return None;
    }
    ctx.kid(h, &["poss"])
        .filter(|&p| !ctx.in_quote(p) && fallback::is_sayer(ctx, p))
}

/// Whether `k` heads a finite clause that is the complement of the verb above it, outside
/// quotes (`found that the air force is “the best”`, `pointed out that …`): whatever the verb,
/// a sayer who finds, points out or accepts that something is so is credited with it, so the
/// climb in [`outermost_attribution`] takes it as a cue even when no lexicon lists it.
/// The verb must come before its clause and the clause open with `that`, `whether` or `if`:
/// a misparse that hangs a clause on a later verb (`the answer was that …, so the government
/// should help`) names no source.
fn is_clausal_complement(ctx: &Ctx, k: usize) -> bool {
    let h = ctx.head(k);
    let marked = ctx.kids(k).any(|m| {
        ctx.dep(m) == "mark"
            && matches!(
                ctx.text(m).to_ascii_lowercase().as_str(),
                "that" | "whether" | "if"
            )
    });
    ctx.dep(k) == "ccomp" && h < k && marked && ctx.is_verb(k) && ctx.is_verb(h) && !ctx.in_quote(h)
}

/// The author of a document noun (`a statement`, `an email`) when the text names one: its
/// possessor (`her statement`) or the subject of the verb it is the object of (`X released a
/// statement`, `X said in a statement`).
pub(crate) fn creator_of(
    ctx: &Ctx,
    noun: usize,
    subject: impl Fn(usize) -> Option<usize>,
) -> Option<usize> {
    if !lexicon::contains_singular(fallback::DOCUMENT_NOUNS, ctx.text(noun)) {
        return None;
    }
    if let Some(p) = ctx.kid(noun, &["poss"]) {
        return Some(p);
    }
    let mut v = ctx.head(noun);
    if ctx.dep(noun) == "pobj" {
        v = ctx.head(v);
    } else if ctx.dep(noun) != "dobj" {
        return None;
    }
    if v == noun || !ctx.is_verb(v) {
        return None;
    }
    subject(v).filter(|&s| fallback::is_sayer(ctx, s))
}

/// Most sentences between a stand-alone quote and the narrated attribution before it.
const PREVIOUS_SENTENCES: u32 = 1;

/// The attribution narrated in the sentence right before a stand-alone quote, in the same or
/// the previous paragraph (`Bystrom agreed. "Republicans are running out of time."`): the
/// attribution verb nearest the root of that sentence, when the sentence quotes nothing
/// itself and its speaker can hold a view. Returns `(cue, speaker)`.
pub(crate) fn previous_sentence_attribution(
    ctx: &Ctx,
    a: usize,
    speaker_of: impl Fn(usize) -> Option<usize>,
) -> Option<(usize, usize)> {
    if a >= ctx.len() {
        return None;
    }
    let prev = ctx.sent(a).checked_sub(PREVIOUS_SENTENCES)?;
    let s = ctx.doc.sentences.get(prev as usize)?;
    let (lo, hi) = (s.start_token, s.end_token.min(ctx.len()));
    if lo >= hi || ctx.para[a] > ctx.para[lo] + 1 || (lo..hi).any(|k| ctx.in_quote(k)) {
        return None;
    }
    let root = (lo..hi).find(|&k| ctx.head(k) == k)?;
    let mut best: Option<(usize, usize)> = None;
    let mut frontier = vec![root];
    // Breadth-first from the root, so the first attribution found is the outermost.
    while !frontier.is_empty() && best.is_none() {
        let mut next = Vec::new();
        for &k in &frontier {
            if is_attribution_verb(ctx, k) {
                if let Some(sp) = speaker_of(k).filter(|&x| fallback::is_sayer(ctx, x)) {
                    best = Some((k, sp));
                    break;
                }
            }
            next.extend(
                ctx.kids(k).filter(|&c| {
                    ctx.is_verb(c) || matches!(ctx.dep(c), "conj" | "ccomp" | "advcl")
                }),
            );
        }
        frontier = next;
    }
    best
}

/// Most tokens between a quoted fragment and the cue verb before it.
const MAX_CUE_GAP: usize = 6;

/// An attribution verb just before token `a` in its sentence (no quote or sentence end in
/// between), with a speaker that can hold a view: `(cue, speaker)`. For fragments the parse
/// did not hang under any cue (`called Florida’s standards “strong”` read as a modifier).
pub(crate) fn cue_just_before(
    ctx: &Ctx,
    a: usize,
    speaker_of: impl Fn(usize) -> Option<usize>,
) -> Option<(usize, usize)> {
    let (sent, para) = (ctx.sent(a), ctx.para[a]);
    (a.saturating_sub(MAX_CUE_GAP)..a)
        .rev()
        .take_while(|&k| {
            ctx.sent(k) == sent
                && ctx.para[k] == para
                && !ctx.in_quote(k)
                && !matches!(ctx.text(k), "." | ";" | "?" | "!")
        })
        .filter(|&k| is_attribution_verb(ctx, k))
        .find_map(|k| {
            speaker_of(k)
                .filter(|&s| !ctx.in_quote(s) && fallback::is_sayer(ctx, s))
                .map(|s| (k, s))
        })
}
