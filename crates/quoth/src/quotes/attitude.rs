//! Indirect attributions beyond reporting verbs (PolNeAR's propositional attitudes): beliefs
//! and perceptions with a clause (`she thinks the deal is dead`, `the report shows that …`),
//! intentions and desires with an infinitive (`he plans to run`, `they want to leave`), and
//! stances towards an object (`the union endorsed Smith`, `Jones criticized the plan`). The
//! content is the reported clause: everything the verb governs to its right.

use super::context::Ctx;
use super::fallback;

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

/// Verbs whose infinitive complement is an intention, desire or refusal.
const INFINITIVE_CUES: &[&str] = &[
    "aim", "expect", "hope", "intend", "offer", "plan", "pledge", "promise", "seek", "threaten",
    "vow", "want", "wish",
];

/// Verbs (base forms) of stance and evaluation that attribute the words they govern
/// (`Sanders blasted him as a "bully"`, `She praised the "bold" plan`).
const STANCE_CUES: &[&str] = &[
    "accuse",
    "applaud",
    "assail",
    "assume",
    "attack",
    "back",
    "berate",
    "blame",
    "blast",
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
    "depict",
    "deride",
    "disagree",
    "disparage",
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
    "mock",
    "oppose",
    "portray",
    "praise",
    "question",
    "rebuke",
    "refer",
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

/// Whether `word` is a form of a stance verb (`blasted`, `endorses`, `urged`).
pub(crate) fn is_stance_verb(word: &str) -> bool {
    inflects(word, STANCE_CUES)
}

/// Dependents right of a stance verb that make up what the stance is about.
const STANCE_OBJECTS: &[&str] = &[
    "dobj", "dative", "prep", "xcomp", "ccomp", "oprd", "attr", "pcomp", "acomp",
];

/// What a stance verb at `v` is about (`endorsed Sanders in the primary`, `accused him of
/// lying`, `urged Congress to act`): its dependents to the right, first to last, when it has
/// an object or an infinitive.
fn stance_range(ctx: &Ctx, v: usize) -> Option<(usize, usize)> {
    // Finite verbs of a main or reported clause only: participles, infinitives and relative
    // clauses (`voters who support him`, `to back the bill`) mostly describe, not attribute.
    if !inflects(ctx.text(v), STANCE_CUES)
        || !matches!(ctx.tag(v), "VBD" | "VBZ" | "VBP")
        || matches!(ctx.dep(v), "relcl" | "acl" | "amod")
    {
        return None;
    }
    let objs: Vec<usize> = ctx
        .kids(v)
        .filter(|&k| k > v && STANCE_OBJECTS.contains(&ctx.dep(k)))
        .collect();
    if !objs
        .iter()
        .any(|&k| matches!(ctx.dep(k), "dobj" | "xcomp" | "ccomp"))
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
            return Some(c);
        }
    }
    None
}

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
            // A stance may be about one name (`endorsed Cruz`). In a sentence that quotes
            // someone, the stance is part of that quote's attribution (`attacked Clinton,
            // calling her “crooked”`).
            let sentence = ctx.doc.sentences.get(ctx.sent(v) as usize)?;
            if (sentence.start_token..sentence.end_token.min(taken.len())).any(|k| taken[k]) {
                return None;
            }
            min_words = 1;
            stance_range(ctx, v)?
        }
    };
    let s = speaker_of(v)?;
    if !fallback::is_sayer(ctx, s) && !matches!(ctx.tag(s), "PRP") {
        return None;
    }
    // A group's stance (`Republicans criticized the measure`) and a stance over quoted words
    // (`praised his star's “incredible” work ethic`, emphasis) are no attributed content.
    if min_words < MIN_CONTENT_WORDS
        && (matches!(ctx.tag(s), "NNS" | "NNPS") || (l..=r).any(|k| ctx.is_mark(k)))
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
