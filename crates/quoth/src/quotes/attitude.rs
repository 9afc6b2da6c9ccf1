//! Indirect attributions beyond reporting verbs (PolNeAR's propositional attitudes): beliefs
//! and perceptions with a clause (`she thinks the deal is dead`, `the report shows that …`),
//! intentions and desires with an infinitive (`he plans to run`, `they want to leave`), and
//! stances towards an object (`the union endorsed Smith`, `Jones criticized the plan`). The
//! content is the reported clause: everything the verb governs to its right.

use super::context::Ctx;
use super::fallback;
use super::lexicon;

/// Verbs (base forms) whose clausal complement is a belief, perception or finding.
const CLAUSE_CUES: &[&str] = &[
    "agree",
    "assume",
    "believe",
    "conclude",
    "decide",
    "determine",
    "doubt",
    "expect",
    "fear",
    "feel",
    "find",
    "guess",
    "hear",
    "hope",
    "imagine",
    "know",
    "learn",
    "realize",
    "realise",
    "recognize",
    "remember",
    "see",
    "show",
    "suspect",
    "think",
    "understand",
    "worry",
];

/// Verbs whose infinitive complement is an intention, desire, agreement or refusal (`declined
/// to comment`).
const INFINITIVE_CUES: &[&str] = &[
    "agree", "aim", "decline", "expect", "hope", "intend", "offer", "plan", "pledge", "promise",
    "refuse", "seek", "threaten", "vow", "want", "wish",
];

/// Verbs (base forms) of stance and evaluation that attribute the words they govern
/// (`Sanders blasted him as a "bully"`, `She praised the "bold" plan`), and reporting verbs
/// whose object is what is reported (`called him divisive`, `denied the charge`). Not verbs
/// that report facts (`announced a deal`, `reported a loss`, `confirmed the delay`): their
/// object is news, not somebody's view.
const STANCE_CUES: &[&str] = &[
    "accuse",
    "acknowledge",
    "admit",
    "applaud",
    "ask",
    "assail",
    "assume",
    "attack",
    "back",
    "berate",
    "blame",
    "blast",
    "call",
    "castigate",
    "characterize",
    "chide",
    "cite",
    "commend",
    "compare",
    "condemn",
    "credit",
    "criticise",
    "criticize",
    "decry",
    "defend",
    "demand",
    "denounce",
    "deny",
    "depict",
    "deride",
    "describe",
    "disagree",
    "disclose",
    "disparage",
    "dismiss",
    "endorse",
    "envision",
    "equate",
    "excoriate",
    "express",
    "fault",
    "hail",
    "imply",
    "lambaste",
    "laud",
    "liken",
    "mandate",
    "mention",
    "mock",
    "oppose",
    "portray",
    "praise",
    "predict",
    "propose",
    "question",
    "rebuke",
    "recommend",
    "refer",
    "reiterate",
    "reject",
    "ridicule",
    "scold",
    "slam",
    "support",
    "thank",
    "tout",
    "urge",
    "voice",
    "welcome",
];

/// Verbs (base forms) of evidence whose object is a finding when a document is their subject
/// (`the poll shows Smith ahead`, `the study found higher costs`); with any other subject they
/// are plain actions (`police found the car`).
const EVIDENCE_CUES: &[&str] = &["find", "indicate", "reveal", "show", "suggest"];

/// Nouns (singular) of artifacts that hold findings, beyond the sources that can speak
/// ([`fallback::DOCUMENT_NOUNS`]).
const EVIDENCE_NOUNS: &[&str] = &[
    "analysis",
    "audit",
    "census",
    "data",
    "figure",
    "investigation",
    "number",
    "record",
    "research",
    "result",
    "review",
    "video",
];

/// Whether token `s` names a document or other artifact that holds findings (`polls`, `the
/// data`, `a new study`).
fn is_evidence(ctx: &Ctx, s: usize) -> bool {
    if !ctx.tag(s).starts_with("NN") {
        return false;
    }
    let lower = ctx.text(s).to_ascii_lowercase();
    let singular = lower
        .strip_suffix("ies")
        .map(|b| format!("{b}y"))
        .or_else(|| lower.strip_suffix('s').map(str::to_string))
        .unwrap_or_else(|| lower.clone());
    [lower.as_str(), singular.as_str()]
        .iter()
        .any(|w| fallback::DOCUMENT_NOUNS.contains(w) || EVIDENCE_NOUNS.contains(w))
}

/// Irregular past forms and participles of the cue verbs, with their base form.
const IRREGULAR: &[(&str, &str)] = &[
    ("felt", "feel"),
    ("found", "find"),
    ("heard", "hear"),
    ("knew", "know"),
    ("known", "know"),
    ("saw", "see"),
    ("seen", "see"),
    ("sought", "seek"),
    ("thought", "think"),
    ("understood", "understand"),
];

/// Fewest words in a reported clause for it to count.
const MIN_CONTENT_WORDS: usize = 2;

/// Whether `word` is an inflection of one of `bases` (regular English morphology plus
/// [`IRREGULAR`]).
pub(crate) fn inflects(word: &str, bases: &[&str]) -> bool {
    let w = word.to_ascii_lowercase();
    if let Some(&(_, base)) = IRREGULAR.iter().find(|(f, _)| *f == w) {
        return bases.contains(&base);
    }
    bases.iter().any(|b| {
        if w == *b {
            return true;
        }
        if let Some(stem) = b.strip_suffix('e') {
            // `believe` → `believes`, `believed`, `believing`.
            return w.strip_prefix(b).is_some_and(|r| matches!(r, "s" | "d"))
                || w.strip_prefix(stem) == Some("ing");
        }
        if let Some(stem) = b.strip_suffix('y') {
            // `worry` → `worried`, `worries`, `worrying`.
            return matches!(w.strip_prefix(stem), Some("ied" | "ies" | "ying"));
        }
        let Some(rest) = w.strip_prefix(b) else {
            return false;
        };
        if matches!(rest, "s" | "es" | "ed" | "ing") {
            return true;
        }
        // Doubled final consonant: `plan` → `planned`, `planning`.
        let last = b.chars().last().unwrap_or('-');
        rest.strip_prefix(last)
            .is_some_and(|r| matches!(r, "ed" | "ing"))
    })
}

/// Whether `word` is a form of a belief, perception or intention verb (`thinks`, `hoped`).
pub(crate) fn is_attitude_verb(word: &str) -> bool {
    inflects(word, CLAUSE_CUES) || inflects(word, INFINITIVE_CUES)
}

/// Whether `word` is a form of an intention or perception verb that takes an infinitive
/// (`plans`, `seems`, `expected`).
pub(crate) fn is_infinitive_cue(word: &str) -> bool {
    inflects(word, INFINITIVE_CUES) || inflects(word, PERCEPTION_CUES)
}

/// Whether `word` is a form of a stance or evidence verb (`blasted`, `endorses`, `shows`).
pub(crate) fn is_stance_verb(word: &str) -> bool {
    inflects(word, STANCE_CUES) || inflects(word, EVIDENCE_CUES)
}

/// Dependents right of a stance verb that make up what the stance is about.
const STANCE_OBJECTS: &[&str] = &[
    "dobj", "dative", "prep", "xcomp", "ccomp", "oprd", "attr", "pcomp", "acomp",
];

/// Prepositions that open the time, place or occasion of a stance (`criticized him during a
/// debate`, `defended Cruz in an interview`), not what it is about.
const CIRCUMSTANCE_PREPOSITIONS: &[&str] = &[
    "after",
    "amid",
    "at",
    "before",
    "during",
    "following",
    "in",
    "since",
    "through",
    "while",
];

/// Whether dependent `k` is a preposition of circumstance ([`CIRCUMSTANCE_PREPOSITIONS`]).
fn is_circumstance(ctx: &Ctx, k: usize) -> bool {
    ctx.dep(k) == "prep"
        && CIRCUMSTANCE_PREPOSITIONS
            .iter()
            .any(|p| ctx.text(k).eq_ignore_ascii_case(p))
}

/// Prepositions that join a stance verb to what it is about (`called for`, `referred to`,
/// `railed against`); others start a place or time (`called into the show`).
const CUE_PREPOSITIONS: &[&str] = &["about", "against", "for", "of", "on", "to"];

/// What a stance verb at `v` is about (`endorsed Sanders in the primary`, `accused him of
/// lying`, `urged Congress to act`): its dependents to the right, first to last, when it has
/// an object or an infinitive.
fn stance_range(ctx: &Ctx, v: usize) -> Option<(usize, usize)> {
    // Finite verbs of a main or reported clause, and participles set off after one (`…,
    // citing security concerns`): other participles, infinitives and relative clauses
    // (`voters who support him`, `to back the bill`) mostly describe, not attribute.
    let finite = matches!(ctx.tag(v), "VBD" | "VBZ" | "VBP");
    let adverbial = ctx.tag(v) == "VBG" && ctx.dep(v) == "advcl";
    let evidence = inflects(ctx.text(v), EVIDENCE_CUES)
        && ctx.kid(v, &["nsubj"]).is_some_and(|s| is_evidence(ctx, s));
    if !(evidence || inflects(ctx.text(v), STANCE_CUES))
        || !(finite || adverbial)
        || matches!(ctx.dep(v), "relcl" | "acl" | "amod")
    {
        return None;
    }
    let objs: Vec<usize> = ctx
        .kids(v)
        .filter(|&k| k > v && STANCE_OBJECTS.contains(&ctx.dep(k)) && !is_circumstance(ctx, k))
        .collect();
    // A preposition right after the verb belongs to the cue (`called for`, `referred to`):
    // its object is the content.
    let cue_prep = objs.first().filter(|&&k| {
        k == v + 1
            && ctx.dep(k) == "prep"
            && CUE_PREPOSITIONS
                .iter()
                .any(|p| ctx.text(k).eq_ignore_ascii_case(p))
            && ctx.kid(k, &["pobj"]).is_some()
    });
    if cue_prep.is_none()
        && !objs
            .iter()
            .any(|&k| matches!(ctx.dep(k), "dobj" | "xcomp" | "ccomp"))
    {
        return None;
    }
    if let Some(&p) = cue_prep {
        return Some((p + 1, ctx.right(p) as usize));
    }
    // `called a meeting`, `called the senator`: to call is to name only with a predicate
    // (`called him divisive`) or a clause.
    if inflects(ctx.text(v), &["call"])
        && !objs
            .iter()
            .any(|&k| matches!(ctx.dep(k), "oprd" | "xcomp" | "ccomp"))
    {
        return None;
    }
    let l = objs.iter().map(|&k| ctx.left(k) as usize).min()?;
    let r = objs.iter().map(|&k| ctx.right(k) as usize).max()?;
    Some((l, r))
}

/// Which kind of complement an attitude verb at `v` takes, with the complement token.
fn complement(ctx: &Ctx, v: usize) -> Option<usize> {
    let t = ctx.text(v);
    if inflects(t, CLAUSE_CUES) {
        if let Some(c) = ctx.kid(v, &["ccomp"]) {
            return Some(c);
        }
    }
    if inflects(t, INFINITIVE_CUES) {
        if let Some(c) = ctx.kid(v, &["xcomp"]) {
            // A refusal to speak (`declined to comment`, `refused to say whether …`) reports
            // nothing that was said.
            let refusal = inflects(t, REFUSAL_CUES);
            return (!refusal || !lexicon::is_speech_verb(ctx.text(c))).then_some(c);
        }
    }
    None
}

/// Infinitive cues of refusal: what is refused is content unless it is speech itself.
const REFUSAL_CUES: &[&str] = &["decline", "refuse"];

/// An attitude attribution at verb `v`: `(content start token, content end token inclusive,
/// speaker token)`. `taken` marks tokens already in some quote's content.
pub(crate) fn attitude(
    ctx: &Ctx,
    v: usize,
    taken: &[bool],
    speaker_of: impl Fn(usize) -> Option<usize>,
) -> Option<(usize, usize, usize)> {
    if !ctx.is_verb(v) || ctx.in_quote(v) || taken[v] {
        return None;
    }
    if ctx.kid(v, &["neg"]).is_some() {
        return None;
    }
    let mut min_words = MIN_CONTENT_WORDS;
    let (l, r) = match complement(ctx, v) {
        Some(c) => {
            // `remembers who named it`: an embedded question reports no content.
            if ctx.tag(ctx.left(c) as usize).starts_with('W')
                || ctx
                    .kids(c)
                    .any(|k| ctx.dep(k) == "mark" && matches!(ctx.text(k), "whether" | "if"))
            {
                return None;
            }
            (ctx.left(c) as usize, ctx.right(c) as usize)
        }
        None => {
            // A stance may be about one name (`endorsed Cruz`). A stance whose clause quotes
            // someone is part of that quote's attribution (`attacked Clinton, calling her
            // “crooked”`); one set off after a quote is not (`“…,” he said, referring to Smith`).
            let (l, r) = (ctx.left(v) as usize, ctx.right(v) as usize);
            if (l..=r.min(taken.len().saturating_sub(1))).any(|k| taken[k]) {
                return None;
            }
            min_words = 1;
            stance_range(ctx, v)?
        }
    };
    let s = speaker_of(v)?;
    // A document's finding reported by someone else (`analysts said the results showed …`)
    // is part of that attribution.
    let document = is_evidence(ctx, s) && !under_cue(ctx, v);
    if !fallback::is_sayer(ctx, s) && !matches!(ctx.tag(s), "PRP") && !document {
        return None;
    }
    // A group's stance (`Republicans criticized the measure`) and a stance over quoted words
    // (`praised his star's “incredible” work ethic`, emphasis) are no attributed content.
    if min_words < MIN_CONTENT_WORDS
        && ((matches!(ctx.tag(s), "NNS" | "NNPS") && !document) || (l..=r).any(|k| ctx.is_mark(k)))
    {
        return None;
    }
    if ["it", "nobody", "no one", "none"]
        .iter()
        .any(|w| ctx.text(s).eq_ignore_ascii_case(w))
    {
        return None;
    }
    if l <= v || (l..=r).any(|k| taken[k]) {
        return None;
    }
    let words = (l..=r).filter(|&k| !ctx.is_punct(k)).count();
    (words >= min_words).then_some((l, r, s))
}

/// Verbs (base forms) that present their subject's state as the author's or someone's
/// perception (`the plan seems to work`, `Smith appeared nervous`).
const PERCEPTION_CUES: &[&str] = &["appear", "seem"];

/// Fewest words in a perceived state (subject and complement together): shorter ones
/// (`visitors seem to agree`) are narration, not a view anybody holds.
const MIN_PERCEIVED_WORDS: usize = 4;

/// Complements of a perception verb or of `is expected` that state what is perceived.
const PERCEIVED_COMPLEMENTS: &[&str] = &["xcomp", "acomp", "ccomp", "oprd"];

/// Most head steps walked up from a verb looking for a cue that reports it.
const MAX_CUE_STEPS: usize = 8;

/// Whether `v` sits in a clause some reporting or attitude verb above it governs (`she added
/// that inflation was expected to ease`): only the outermost attribution counts.
fn under_cue(ctx: &Ctx, v: usize) -> bool {
    let mut k = v;
    for _ in 0..MAX_CUE_STEPS {
        let h = ctx.head(k);
        if h == k {
            return false;
        }
        if lexicon::is_speech_verb(ctx.text(h)) || is_attitude_verb(ctx.text(h)) {
            return true;
        }
        k = h;
    }
    false
}

/// A perceived or expected state without a named holder: `the plan seems to work`, `it appears
/// that …`, `Smith is expected to win`. Returns the content as token ranges (the subject, then
/// the complement; the cue between them is left out); `None` when `v` is no such verb.
pub(crate) fn perceived(ctx: &Ctx, v: usize, taken: &[bool]) -> Option<Vec<(usize, usize)>> {
    let t = ctx.text(v);
    let expected = inflects(t, &["expect"]) && ctx.kid(v, &["auxpass"]).is_some();
    if !ctx.is_verb(v) || ctx.in_quote(v) || !(expected || inflects(t, PERCEPTION_CUES)) {
        return None;
    }
    // Only the outermost attribution counts; a hedged or negated impression (`can't seem to
    // win`, `may appear odd`) asserts nothing.
    if under_cue(ctx, v)
        || ctx.kid(v, &["neg"]).is_some()
        || ctx
            .kids(v)
            .any(|k| ctx.dep(k) == "aux" && ctx.tag(k) == "MD")
    {
        return None;
    }
    let c = ctx
        .kids(v)
        .find(|&k| k > v && PERCEIVED_COMPLEMENTS.contains(&ctx.dep(k)))?;
    let (cl, cr) = (ctx.left(c) as usize, ctx.right(c) as usize);
    let mut ranges = Vec::new();
    if let Some(s) = ctx.kid(v, &["nsubj", "nsubjpass"]).filter(|&s| s < v) {
        let expletive = ["it", "there"]
            .iter()
            .any(|w| ctx.text(s).eq_ignore_ascii_case(w));
        if !expletive {
            ranges.push((ctx.left(s) as usize, ctx.right(s) as usize));
        }
    } else if ctx.dep(v) != "relcl" {
        return None;
    }
    ranges.push((cl, cr));
    let words: usize = ranges
        .iter()
        .map(|&(l, r)| {
            (l..=r)
                .filter(|&k| !ctx.is_punct(k) && !ctx.is_mark(k))
                .count()
        })
        .sum();
    let clear = ranges
        .iter()
        .all(|&(l, r)| (l..=r).all(|k| !taken[k] && !ctx.in_quote(k)));
    (clear && words >= MIN_PERCEIVED_WORDS).then_some(ranges)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inflections() {
        for w in [
            "thinks", "thought", "believed", "believes", "planned", "planning", "plans", "worried",
            "worries", "hoped", "hoping", "sought", "knew", "shows",
        ] {
            assert!(
                inflects(w, CLAUSE_CUES) || inflects(w, INFINITIVE_CUES),
                "{w}"
            );
        }
        for w in ["thin", "planet", "shower", "backs up", "hop"] {
            assert!(
                !inflects(w, CLAUSE_CUES) && !inflects(w, INFINITIVE_CUES),
                "{w}"
            );
        }
    }
}
