//! Attribution from the parse: for each quoted span, decide whether it is an utterance or a
//! fragment, find its cue (reporting verb or phrase) and the speaker token; merge interrupted
//! quotes; then find indirect speech (`X said that …`, `according to X, …`).

use super::attitude;
use super::context::Ctx;
use super::fallback;
use super::learned;
use super::lexicon;
use super::marks::MarkSpan;
use super::outer;
use super::{QuoteKind, Rule};

/// A quote before speaker resolution. Spans are byte ranges.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    pub kind: QuoteKind,
    pub content: Vec<(usize, usize)>,
    pub cue: Option<(usize, usize)>,
    pub cue_token: Option<usize>,
    /// Head token of the speaker mention.
    pub speaker: Option<usize>,
    pub rule: Rule,
    /// Take the speaker of the previous quote (continuation paragraph).
    pub inherit: bool,
    /// First and last paragraph of the content.
    pub para: (u32, u32),
    /// First token of the content.
    pub first: usize,
    /// A whole-sentence quote with no cue: a continuation if a quote precedes it closely.
    floating: bool,
}

/// Fewest words for a quoted passage to be kept without any attribution (shorter ones are
/// scare quotes or names).
const MIN_UNATTRIBUTED_WORDS: usize = 4;

/// Sentence-final punctuation.
fn is_final(t: &str) -> bool {
    matches!(t, "." | "?" | "!" | "…" | "...")
}

/// Attribute every quoted span and find indirect speech; quotes come back in text order.
pub(crate) fn attribute(ctx: &Ctx, marks: &[MarkSpan]) -> Vec<Raw> {
    let mut out: Vec<Raw> = Vec::new();
    let mut used = vec![false; ctx.len()];
    let mut i = 0;
    while i < marks.len() {
        let mut j = i + 1;
        while j < marks.len() && marks[j].continues {
            j += 1;
        }
        quoted(ctx, &marks[i..j], &mut out, &mut used);
        i = j;
    }
    // Tokens inside quotes that were kept; scare quotes and titles may sit inside indirect
    // speech (`the so-called "Islamic State" claimed …, according to …`).
    let mut taken = vec![false; ctx.len()];
    for r in &out {
        mark_content(ctx, &r.content, &mut taken);
    }
    indirect(ctx, &taken, &mut used, &mut out);
    learned_cues(ctx, &taken, &mut used, &mut out);
    out.sort_by_key(|r| r.first);
    // Floating quotes: continue the previous quote's speaker when it is close (same or previous
    // paragraph), else stay unattributed.
    let mut prev_para: Option<u32> = None;
    for r in out.iter_mut() {
        if r.floating {
            // The sentence before names who speaks (`dos Santos says. “If …”`).
            let prev_cue = || {
                fallback::previous_sentence_cue(ctx, r.first)
                    .and_then(|v| speaker_of(ctx, v).map(|s| (v, s)))
            };
            // The sentence right before narrates who speaks (`Bystrom agreed. "…"`): that
            // source, before a continuation of the previous quote.
            let narrated =
                || outer::previous_sentence_attribution(ctx, r.first, |v| speaker_of(ctx, v));
            if let Some((v, s)) = narrated() {
                r.cue = Some(cue_span(ctx, v));
                r.cue_token = Some(v);
                r.speaker = Some(s);
                r.rule = Rule::PreviousSentenceCue;
            } else if prev_para.is_some_and(|p| r.para.0 <= p + 1) {
                r.inherit = true;
                r.rule = Rule::Continuation;
            } else if let Some((v, s)) = prev_cue() {
                r.cue = Some(cue_span(ctx, v));
                r.cue_token = Some(v);
                r.speaker = Some(s);
                r.rule = Rule::PreviousSentenceCue;
            } else {
                r.rule = Rule::Unattributed;
            }
        }
        prev_para = Some(r.para.1);
    }
    // `Warren: Trump Plan ‘A Recipe for Disaster’`: a name labelling a headline before a colon
    // is the voice of the quotes after it.
    for r in out.iter_mut() {
        if r.kind == QuoteKind::Indirect || !fallback::in_headline(ctx, r.first) {
            continue;
        }
        if let Some((colon, sp)) = headline_label(ctx, r.first) {
            r.speaker = Some(sp);
            r.cue = Some(ctx.bytes(colon, colon));
            r.cue_token = Some(colon);
            r.inherit = false;
            r.rule = Rule::ColonSource;
        }
    }
    out
}

/// Most tokens in a headline's speaker label (`Former Gov. Ann Lee:`).
const MAX_HEADLINE_LABEL: usize = 5;

/// Most tokens before the colon of a headline whose name is the subject of a verb
/// (`Carly Fiorina Endorses Ted Cruz:`).
const MAX_HEADLINE_CLAUSE: usize = 14;

/// The colon and the name that opens the headline holding `a`, when the name is the subject of
/// a verb before the colon (`Ann Lee Praises the Mayor’s Deputy: ‘Very Good Work’`): the
/// quote after the colon is that name's.
fn headline_subject(ctx: &Ctx, a: usize) -> Option<(usize, usize)> {
    let lo = (ctx.para_start(a)..a).find(|&k| !ctx.text(k).trim().is_empty())?;
    let colon = (lo..a.min(lo + MAX_HEADLINE_CLAUSE + 1))
        .find(|&k| ctx.text(k) == ":" && !ctx.in_quote(k))?;
    let capitalised = |k: usize| ctx.text(k).chars().next().is_some_and(char::is_uppercase);
    // (Headlines capitalise verbs, which the tagger then reads as names: `Endorses`.)
    let verb = (lo + 1..colon).find(|&k| {
        let t = ctx.text(k);
        ctx.is_verb(k)
            || lexicon::is_speech_verb(t)
            || lexicon::is_label_verb(t)
            || attitude::is_stance_verb(t)
    })?;
    let names = verb - lo <= MAX_HEADLINE_LABEL
        && (lo..verb).all(|k| ctx.tag(k).starts_with("NNP") && capitalised(k));
    let name = verb - 1;
    (names && capitalised(verb) && fallback::is_sayer(ctx, name)).then_some((colon, name))
}

/// The colon and the name before it when the headline holding `a` opens with `Name:` (every
/// word a capitalised noun, whatever the tagger made of it) and the name can speak; or the
/// name that is the subject of a headline verb before the colon ([`headline_subject`]).
fn headline_label(ctx: &Ctx, a: usize) -> Option<(usize, usize)> {
    if let Some(found) = headline_subject(ctx, a) {
        return Some(found);
    }
    let lo = (ctx.para_start(a)..a).find(|&k| !ctx.text(k).trim().is_empty())?;
    let colon = (lo..a.min(lo + MAX_HEADLINE_LABEL + 1))
        .find(|&k| ctx.text(k) == ":" && !ctx.in_quote(k))?;
    let name = colon.checked_sub(1).filter(|&k| k >= lo)?;
    let all_names = (lo..colon).all(|k| {
        let capitalised = ctx.text(k).chars().next().is_some_and(char::is_uppercase);
        (ctx.tag(k).starts_with("NN") && capitalised) || ctx.text(k) == "." || ctx.tag(k) == "POS"
    });
    (all_names && fallback::is_sayer(ctx, name)).then_some((colon, name))
}

/// Fewest words after a headline's `Name:` label for it to be a claim (`Lynch: No outside
/// influence on the inquiry`).
const MIN_HEADLINE_CLAIM_WORDS: usize = 3;

/// `Clinton camp: Trump's plan threatens security` as the headline (the first paragraph):
/// what follows the label is reported by the name, up to the paragraph end.
fn labelled_headline(ctx: &Ctx, colon: usize, taken: &[bool]) -> Option<Raw> {
    if ctx.text(colon) != ":" || ctx.in_quote(colon) || colon + 1 >= ctx.len() {
        return None;
    }
    let para = ctx.para[colon];
    if para != 0 {
        return None;
    }
    let (c, name) = headline_label(ctx, colon + 1)?;
    // A named person or body, or a document (`Poll:`); not a rubric (`Breaking:`, `Q:`).
    let named = ctx.doc.entities.iter().any(|e| {
        e.start_token <= name
            && name < e.end_token
            && matches!(&*e.label, "PERSON" | "ORG" | "NORP" | "GPE")
    });
    let document = lexicon::contains(fallback::DOCUMENT_NOUNS, ctx.text(name));
    if c != colon || !(named || document) {
        return None;
    }
    let end = (colon + 1..ctx.len())
        .take_while(|&k| ctx.para[k] == para)
        .last()?;
    if (colon + 1..=end).any(|k| taken[k] || ctx.in_quote(k) || ctx.is_mark(k)) {
        return None;
    }
    let (l, r) = trim(ctx, colon + 1, end)?;
    if words(ctx, l, r + 1).count() < MIN_HEADLINE_CLAIM_WORDS {
        return None;
    }
    Some(indirect_raw(
        ctx,
        vec![ctx.bytes(l, r)],
        (l, r, l),
        colon,
        Some(name),
        Rule::ColonSource,
    ))
}

/// Tokens of a span without marks, punctuation and whitespace.
fn words<'c>(ctx: &'c Ctx, a: usize, b: usize) -> impl Iterator<Item = usize> + 'c {
    (a..b).filter(move |&k| !ctx.is_punct(k) && !ctx.is_mark(k))
}

/// The previous non-whitespace token before `a` in the same paragraph.
fn prev_token(ctx: &Ctx, a: usize) -> Option<usize> {
    let p = ctx.para.get(a).copied()?;
    (0..a)
        .rev()
        .take(4)
        .find(|&k| !ctx.text(k).trim().is_empty())
        .filter(|&k| ctx.para[k] == p)
}

/// Title Case words only (`The Godfather`, `Future Ready`), no verb: a title or name.
fn is_title_case(ctx: &Ctx, a: usize, b: usize) -> bool {
    let mut any = false;
    for k in words(ctx, a, b) {
        let t = ctx.text(k);
        let small = matches!(
            t,
            "a" | "an" | "the" | "of" | "and" | "in" | "on" | "for" | "to" | "at" | "by"
        );
        if ctx.is_verb(k) && !ctx.tag(k).starts_with("VBG") {
            return false;
        }
        match t.chars().next() {
            Some(c) if c.is_uppercase() => any = true,
            Some(c) if c.is_alphabetic() && !small => return false,
            _ => {}
        }
    }
    any
}

/// Every word capitalised but small function words (`Meet the Press`, `Make America Great
/// Again`), whatever the tagger made of them.
fn is_capitalised(ctx: &Ctx, a: usize, b: usize) -> bool {
    let mut any = false;
    for k in words(ctx, a, b) {
        let t = ctx.text(k);
        let small = matches!(
            t,
            "a" | "an" | "the" | "of" | "and" | "in" | "on" | "for" | "to" | "at" | "by"
        );
        match t.chars().next() {
            Some(c) if c.is_uppercase() => any = true,
            Some(c) if c.is_alphabetic() && !small => return false,
            _ => {}
        }
    }
    any
}

/// Reporting verb usable as a cue.
fn is_cue_verb(ctx: &Ctx, k: usize) -> bool {
    ctx.is_verb(k) && (lexicon::is_speech_verb(ctx.text(k)) || lexicon::is_label_verb(ctx.text(k)))
}

/// `according` heading `to` + object.
fn according_to(ctx: &Ctx, k: usize) -> Option<(usize, usize)> {
    if !ctx.text(k).eq_ignore_ascii_case("according") {
        return None;
    }
    let to = ctx
        .kids(k)
        .find(|&c| ctx.text(c).eq_ignore_ascii_case("to"))?;
    let obj = ctx.kid(to, &["pobj"])?;
    Some((to, obj))
}

/// Walk up from `k` (≤ `steps` heads, in the sentence and paragraph of `origin`, outside quotes) to a cue: a reporting verb
/// or a clause carrying `according to`.
fn cue_above(
    ctx: &Ctx,
    origin: usize,
    mut k: usize,
    steps: usize,
    label_ok: bool,
) -> Option<usize> {
    let (s, p) = (ctx.sent(origin), ctx.para[origin]);
    for _ in 0..steps {
        if ctx.sent(k) != s || ctx.para[k] != p {
            break;
        }
        if !ctx.in_quote(k) {
            if ctx.is_verb(k)
                && (lexicon::is_speech_verb(ctx.text(k))
                    || (label_ok
                        && lexicon::is_label_verb(ctx.text(k))
                        && ctx.kid(k, &["auxpass"]).is_none()))
            {
                return Some(k);
            }
            if let Some(acc) = ctx.kids(k).find(|&c| according_to(ctx, c).is_some()) {
                if !ctx.in_quote(acc) {
                    return Some(acc);
                }
            }
        }
        // A subordinate or coordinated clause with its own subject is someone else's clause.
        // (`in an email that "…" lay ahead` is a complement the parser hung on the noun.)
        if matches!(ctx.dep(k), "advcl" | "relcl" | "acl" | "conj" | "parataxis")
            && ctx.is_verb(k)
            && ctx.kid(k, &["nsubj", "nsubjpass"]).is_some()
            && !ctx
                .kids(k)
                .any(|m| ctx.dep(m) == "mark" && ctx.text(m).eq_ignore_ascii_case("that"))
        {
            break;
        }
        let h = ctx.head(k);
        if h == k {
            break;
        }
        k = h;
    }
    None
}

/// The speaker token of a cue: subject (climbing through conj/xcomp/advcl/`as saying`), the
/// object of `according to`, or the agent of a passive; `None` for passives like `was told`.
pub(crate) fn speaker_of(ctx: &Ctx, cue: usize) -> Option<usize> {
    if let Some((_, obj)) = according_to(ctx, cue) {
        return Some(source_of(ctx, obj));
    }
    if let Some(n) = object_before_participle(ctx, cue) {
        return Some(n);
    }
    let mut v = cue;
    let mut own_subject = true;
    for _ in 0..4 {
        let passive = ctx.kid(v, &["auxpass"]).is_some();
        let quoted = ctx.text(v).eq_ignore_ascii_case("quoted");
        // Only the cue's own passive names its speaker by `by`: a participle climbed to a
        // passive clause shares that clause's subject (`After saying …, she was whisked off`).
        if own_subject && passive && !quoted && v == cue {
            return ctx.kid(v, &["agent"]).and_then(|a| ctx.kid(a, &["pobj"]));
        }
        if own_subject {
            if let Some(s) = subject(ctx, v) {
                // `Jones, who said …`: the relative pronoun stands for its antecedent.
                if matches!(ctx.tag(s), "WP" | "WDT") {
                    if let Some(n) = relative_clause_noun(ctx, v) {
                        // `ran a piece that noted …`: the document's publisher.
                        return Some(outer::creator_of(ctx, n, |x| subject(ctx, x)).unwrap_or(n));
                    }
                    // A relative clause the parser hung elsewhere (`the Police Department which
                    // reported …` as an adverbial clause): the noun just before the pronoun.
                    if let Some(n) = antecedent(ctx, s) {
                        return Some(n);
                    }
                }
                return Some(s);
            }
            // A participle of a label verb hung on a noun: `issued a statement calling on …`
            // (the statement's author); `Trump defended X, calling …` with the sentence
            // misparsed as a noun phrase whose root is the sayer.
            if ctx.tag(v) == "VBG" && lexicon::is_label_verb(ctx.text(v)) {
                let h = ctx.head(v);
                if ctx.dep(v) == "acl" {
                    if let Some(c) = outer::creator_of(ctx, h, |x| subject(ctx, x)) {
                        return Some(c);
                    }
                } else if ctx.dep(v) == "advcl"
                    && h != v
                    && ctx.dep(h) == "ROOT"
                    && ctx.tag(h).starts_with("NN")
                    && !ctx.in_quote(h)
                    && fallback::is_sayer(ctx, h)
                {
                    return Some(h);
                }
            }
            // Inverted attribution the parser read as an object: `said Chuck Grassley`,
            // `“…?” asked one reporter`.
            if lexicon::is_speech_verb(ctx.text(v)) {
                // Only right after a quote or comma: in `told CNN` the object is an addressee
                // (and never for `, telling Fox 35`: a participle is not inverted).
                // (Whitespace tokens between the mark and the verb are skipped.)
                let p1 = prev_token(ctx, v);
                let p2 = p1.and_then(|p| prev_token(ctx, p));
                // A cue opening its sentence is inverted too (`Said Ellis: “…”`).
                let opens = p1.is_none_or(|p| is_final(ctx.text(p)));
                let inverted = ctx.tag(v) != "VBG"
                    && (opens
                        || p1.is_some_and(|p| ctx.is_mark(p))
                        || (p1.is_some_and(|p| ctx.text(p) == ",")
                            && p2.is_some_and(|p| ctx.is_mark(p))));
                if let Some(o) = ctx.kid(v, &["dobj", "attr", "npadvmod"]) {
                    if inverted && ctx.tag(o).starts_with("NN") && o > v && !ctx.in_quote(o) {
                        return Some(o);
                    }
                }
                // `“…,” said Edward Lane, an economist who …, “…”`: the parser hung the name on
                // the second quote's verb; the noun phrase right after the cue is still its
                // subject.
                if let Some(n) = inverted.then(|| noun_phrase_after(ctx, v)).flatten() {
                    return Some(n);
                }
                // A reduced clause misparse: `Ms. Okafor, who …, posted on X:`.
                if ctx.dep(v) == "acl" && ctx.tag(ctx.head(v)).starts_with("NN") {
                    // `released a statement saying …`: the statement's author.
                    let n = ctx.head(v);
                    if let Some(c) = outer::creator_of(ctx, n, |x| subject(ctx, x)) {
                        return Some(c);
                    }
                    // On a thing that cannot speak (`ended the debate with a reference to the
                    // film, remarking …`) or on the people addressed (`emailed supporters
                    // saying …`): the subject of the clause the noun sits in.
                    if !fallback::is_sayer(ctx, n) || is_addressee(ctx, n) {
                        if let Some(s) = clause_subject_of_noun(ctx, n) {
                            return Some(s);
                        }
                    }
                    return Some(n);
                }
            }
        }
        let dep = ctx.dep(v);
        let h = ctx.head(v);
        if h == v {
            break;
        }
        if matches!(dep, "conj" | "xcomp" | "advcl" | "pcomp" | "prep") {
            // Reached through `and`: the head only lends its subject if it is a speech verb;
            // otherwise keep climbing (`She said X would rise and warned …`).
            own_subject = dep != "conj"
                || lexicon::is_speech_verb(ctx.text(h))
                || !ctx.is_verb(h)
                || ctx.dep(h) != "ccomp";
            v = h;
        } else if !own_subject && dep == "ccomp" {
            own_subject = true;
            v = h;
        } else {
            break;
        }
    }
    // No subject in the parse: the phrase between a closing quote mark and the cue
    // (`“…,” Ann Lee, a lawyer who …, said`).
    if let Some(s) = subject_after_mark(ctx, cue) {
        return Some(s);
    }
    // A name or pronoun just left of the cue in the same clause
    // (`Park, for her part, said …`).
    // Material between two commas is skipped (`Scott, asked about it, told CNN`).
    let p = ctx.para[cue];
    let mut paren = false;
    for k in (cue.saturating_sub(12)..cue).rev() {
        if ctx.para[k] != p || ctx.in_quote(k) || is_final(ctx.text(k)) {
            break;
        }
        if ctx.text(k) == "," {
            paren = !paren;
            continue;
        }
        if paren {
            continue;
        }
        if ctx.is_verb(k) {
            break;
        }
        if ctx.tag(k).starts_with("NNP") || ctx.tag(k) == "PRP" {
            return Some(k);
        }
    }
    None
}

/// Nouns for a recording of someone (`footage of Trump saying …`).
const RECORDING_NOUNS: &[&str] = &["audio", "clip", "footage", "recording", "tape", "video"];

/// The named person of a recording right before a speech participle (`uses footage of Clinton
/// asking, “…”`, `a clip of McCain saying “…”`): the recording shows that person speaking, so
/// the participle is theirs, not the clause subject's (`the ad`, `the spot`).
fn object_before_participle(ctx: &Ctx, v: usize) -> Option<usize> {
    if ctx.tag(v) != "VBG" || !lexicon::is_speech_verb(ctx.text(v)) {
        return None;
    }
    let n = v.checked_sub(1)?;
    let of = ctx.head(n);
    let recording = ctx.head(of);
    (ctx.tag(n).starts_with("NNP")
        && ctx.dep(n) == "pobj"
        && ctx.text(of).eq_ignore_ascii_case("of")
        && lexicon::contains_singular(RECORDING_NOUNS, ctx.text(recording))
        && !ctx.in_quote(n)
        && fallback::is_sayer(ctx, n))
    .then_some(n)
}

/// The relative pronoun through which speaker token `s` of cue `cue` was found (`who` in `Ann
/// Lee, who said …`), if any: the mention of the speaker in the cue's own clause. The speaker
/// keeps its antecedent's name; the pronoun is where the text names the source for this
/// attribution, as PolNeAR marks it. `None` when the speaker is not the antecedent itself.
pub(crate) fn relative_mention(ctx: &Ctx, cue: usize, s: usize) -> Option<usize> {
    let mut v = cue;
    for _ in 0..MAX_CONJ_STEPS {
        if let Some(w) = subject(ctx, v) {
            if !matches!(ctx.tag(w), "WP" | "WDT") {
                return None;
            }
            // (Not when the speaker is the publisher of the antecedent: `ran an article that
            // noted …` is the paper's.)
            let n = relative_clause_noun(ctx, v).or_else(|| antecedent(ctx, w));
            return (n == Some(s)).then_some(w);
        }
        let h = ctx.head(v);
        if h == v || !matches!(ctx.dep(v), "conj" | "xcomp" | "advcl") {
            return None;
        }
        v = h;
    }
    None
}

/// The noun a relative clause headed by verb `v` modifies, through coordinated relative
/// clauses (`Ann Lee, who is running for office and who worked the crowd, praising …`).
fn relative_clause_noun(ctx: &Ctx, mut v: usize) -> Option<usize> {
    for _ in 0..MAX_CONJ_STEPS {
        match ctx.dep(v) {
            "relcl" => return Some(ctx.head(v)).filter(|&n| n != v),
            "conj" if ctx.head(v) != v => v = ctx.head(v),
            _ => return None,
        }
    }
    None
}

/// Most coordinated verbs climbed to the relative clause they continue.
const MAX_CONJ_STEPS: usize = 3;

/// A common noun for the people a message goes to: the object of a verb or of `to`
/// (`emailed supporters`, `a text to voters`), not a name.
fn is_addressee(ctx: &Ctx, n: usize) -> bool {
    let people = ctx.tag(n) == "NNS" && fallback::is_people_noun(ctx.text(n));
    people
        && (ctx.dep(n) == "dobj"
            || (ctx.dep(n) == "pobj" && ctx.text(ctx.head(n)).eq_ignore_ascii_case("to")))
}

/// Most tokens between a closing quote mark and the cue it attributes (`“…,” Ann Lee, the
/// mayor of a small town in the north, said`).
const MAX_MARK_TO_CUE: usize = 40;

/// The head of the phrase that opens the stretch between a closing quote mark and `cue`, when
/// that stretch is outside quotes in the cue's sentence and paragraph: the first noun or
/// pronoun after the mark (climbing compounds to their head), or a capitalised word the
/// tagger took for something else (`Will wrote`).
fn subject_after_mark(ctx: &Ctx, cue: usize) -> Option<usize> {
    let (sent, para) = (ctx.sent(cue), ctx.para[cue]);
    let mark = (cue.saturating_sub(MAX_MARK_TO_CUE)..cue)
        .rev()
        .take_while(|&k| ctx.sent(k) == sent && ctx.para[k] == para && !is_final(ctx.text(k)))
        .find(|&k| ctx.is_mark(k) || ctx.in_quote(k))
        .filter(|&k| ctx.is_mark(k))?;
    let first = (mark + 1..cue).find(|&k| !ctx.is_punct(k))?;
    let mut k = first;
    while k < cue && matches!(ctx.tag(k), "DT" | "JJ" | "CD" | "PRP$") {
        k += 1;
    }
    if k >= cue {
        return None;
    }
    let capitalised = ctx.text(k).chars().next().is_some_and(char::is_uppercase);
    if ctx.tag(k) == "PRP" || (capitalised && !ctx.tag(k).starts_with("NN")) {
        return Some(k);
    }
    if !ctx.tag(k).starts_with("NN") {
        return None;
    }
    while ctx.dep(k) == "compound" && ctx.head(k) > k && ctx.head(k) < cue {
        k = ctx.head(k);
    }
    Some(k)
}

/// The subject of the verb a noun is the object of (directly or through a preposition), when
/// it can be a sayer.
fn clause_subject_of_noun(ctx: &Ctx, n: usize) -> Option<usize> {
    let v = match ctx.dep(n) {
        "dobj" => ctx.head(n),
        "pobj" => ctx.head(ctx.head(n)),
        _ => return None,
    };
    if v == n || !ctx.is_verb(v) || ctx.in_quote(v) {
        return None;
    }
    subject(ctx, v).filter(|&s| fallback::is_sayer(ctx, s))
}

/// Most tokens in the noun phrase right after an inverted cue (`said former Sen. Ann Lee`).
const MAX_INVERTED_NP: usize = 6;

/// Head (last noun) of the noun phrase starting right after `v` in its sentence, outside
/// quotes, when the phrase ends the clause (a comma, final punctuation or quote mark follows).
fn noun_phrase_after(ctx: &Ctx, v: usize) -> Option<usize> {
    let sent = ctx.sent(v);
    let mut head = None;
    let end = ctx.len().min(v + 1 + MAX_INVERTED_NP);
    for k in v + 1..end {
        if ctx.sent(k) != sent || ctx.in_quote(k) {
            return None;
        }
        let tag = ctx.tag(k);
        // (A capitalised word is a name whatever the tagger made of it: `said Skelly,`.)
        let capitalised = ctx.text(k).chars().next().is_some_and(char::is_uppercase);
        if tag.starts_with("NN") || (capitalised && !ctx.is_punct(k)) {
            head = Some(k);
        } else if matches!(tag, "DT" | "CD" | "JJ" | "PRP$" | "HYPH") && head.is_none() {
            continue;
        } else {
            let closes =
                matches!(ctx.text(k), "," | ";" | ":") || is_final(ctx.text(k)) || ctx.is_mark(k);
            return head.filter(|_| closes);
        }
    }
    None
}

/// Most tokens between a relative pronoun and the noun it stands for (`Smith, 52, who`).
const MAX_ANTECEDENT_GAP: usize = 3;

/// The noun right before relative pronoun `s` (commas skipped), if any.
fn antecedent(ctx: &Ctx, s: usize) -> Option<usize> {
    let sent = ctx.sent(s);
    (s.saturating_sub(MAX_ANTECEDENT_GAP + 1)..s)
        .rev()
        .take_while(|&k| ctx.sent(k) == sent && !ctx.in_quote(k))
        .find(|&k| ctx.text(k) != ",")
        .filter(|&k| ctx.tag(k).starts_with("NN"))
}

/// The subject of verb `v` nearest to it (skips datelines like `WASHINGTON (AP) —`).
fn subject(ctx: &Ctx, v: usize) -> Option<usize> {
    ctx.kids(v)
        .filter(|&k| {
            (matches!(ctx.dep(k), "nsubj" | "nsubjpass" | "csubj") || cut_subject(ctx, v, k))
                && !ctx.in_quote(k)
        })
        .min_by_key(|&k| k.abs_diff(v))
        .or_else(|| relative_misparse_subject(ctx, v))
}

/// A paragraph break ends the sentence whatever the parser merged across it: a section header
/// such as `The Latest on …:` run into the story leaves the story's first noun an appositive of
/// the header (`Donald Trump is questioning …`); with the tree cut at the break
/// (`Ctx::rehung`), that noun before the verb is its subject.
fn cut_subject(ctx: &Ctx, v: usize, k: usize) -> bool {
    k < v && ctx.dep(k) == "appos" && ctx.rehung(k)
}

/// `Sanders, who sits on the panel, said …` misparsed: `Sanders` and `who` both subjects of
/// `sits`, a clause before `said`, which has no subject. The noun before the relative pronoun.
fn relative_misparse_subject(ctx: &Ctx, v: usize) -> Option<usize> {
    let c = ctx
        .kids(v)
        .find(|&k| k < v && matches!(ctx.dep(k), "ccomp" | "advcl" | "parataxis"))?;
    let who = ctx
        .kids(c)
        .find(|&k| ctx.dep(k) == "nsubj" && matches!(ctx.tag(k), "WP" | "WDT"))?;
    ctx.kids(c).find(|&k| {
        k < who && ctx.dep(k) == "nsubj" && ctx.tag(k).starts_with("NN") && !ctx.in_quote(k)
    })
}

/// `said in a statement that …` parsed as a clause on `statement`: the `that`-clause.
fn that_clause_in_prep(ctx: &Ctx, v: usize) -> Option<usize> {
    ctx.kids(v)
        .filter(|&k| ctx.dep(k) == "prep")
        .filter_map(|p| ctx.kid(p, &["pobj"]))
        .flat_map(|o| {
            ctx.kids(o)
                .filter(|&k| matches!(ctx.dep(k), "acl" | "relcl"))
        })
        .find(|&c| {
            !ctx.in_quote(c)
                && ctx
                    .kids(c)
                    .any(|m| ctx.dep(m) == "mark" && ctx.text(m).eq_ignore_ascii_case("that"))
        })
}

/// ASCII case-insensitive prefix test, without allocating.
fn starts_ci(text: &str, prefix: &str) -> bool {
    text.len() >= prefix.len()
        && text.as_bytes()[..prefix.len()].eq_ignore_ascii_case(prefix.as_bytes())
}

/// Drop time and place modifiers that open a complement clause before its subject
/// (`said on Thursday it would …` → `it would …`).
fn skip_leading_modifiers(ctx: &Ctx, c: usize, mut l: usize) -> usize {
    let Some(subj) = ctx.kid(c, &["nsubj", "nsubjpass", "expl"]) else {
        return l;
    };
    let subj_left = ctx.left(subj) as usize;
    loop {
        if l < subj_left && ctx.is_punct(l) {
            l += 1;
            continue;
        }
        match ctx.kids(c).find(|&k| {
            ctx.left(k) as usize == l
                && (ctx.right(k) as usize) < subj_left
                && matches!(ctx.dep(k), "prep" | "npadvmod" | "advmod")
        }) {
            Some(k) => l = ctx.right(k) as usize + 1,
            None => return l,
        }
    }
}

/// `according to data from X` → X.
fn source_of(ctx: &Ctx, obj: usize) -> usize {
    if [
        "data",
        "figures",
        "statement",
        "report",
        "estimates",
        "survey",
        "filing",
    ]
    .iter()
    .any(|w| ctx.text(obj).eq_ignore_ascii_case(w))
    {
        if let Some(p) = ctx
            .kids(obj)
            .find(|&c| matches!(ctx.text(c), "from" | "by" | "of"))
        {
            if let Some(o) = ctx.kid(p, &["pobj"]) {
                return o;
            }
        }
    }
    obj
}

/// Byte span of a cue: the verb, `according to`, or `was quoted as saying`.
fn cue_span(ctx: &Ctx, cue: usize) -> (usize, usize) {
    if let Some((to, _)) = according_to(ctx, cue) {
        return ctx.bytes(cue, to);
    }
    if ctx.dep(cue) == "pcomp" {
        let as_ = ctx.head(cue);
        let quoted = ctx.head(as_);
        if ctx.text(as_) == "as" && ctx.text(quoted).eq_ignore_ascii_case("quoted") {
            let first = ctx.kid(quoted, &["auxpass"]).unwrap_or(quoted);
            return ctx.bytes(first.min(quoted), cue);
        }
    }
    ctx.bytes(cue, cue)
}

/// Whether the fragment opening at mark token `a` is joined to the mixed quote `prev` by
/// nothing but `and`, `or` or a comma (`“Miss Piggy” and “Miss Housekeeping”`).
fn coordinated_with(ctx: &Ctx, prev: &Raw, a: usize) -> bool {
    let Some(&(_, prev_end)) = prev.content.last() else {
        return false;
    };
    if prev.kind != QuoteKind::Mixed {
        return false;
    }
    let from = ctx.doc.tokens.partition_point(|t| t.start < prev_end);
    if ctx.para.get(from) != ctx.para.get(a) {
        return false;
    }
    let mut gap = (from..a)
        .map(|k| ctx.text(k))
        .filter(|t| !t.trim().is_empty());
    matches!(
        (gap.next(), gap.next(), gap.next()),
        (Some("and" | "or" | ","), None, _) | (Some(","), Some("and" | "or"), None)
    )
}

/// Handle one group of mark spans (several when a quote runs over paragraphs).
fn quoted(ctx: &Ctx, group: &[MarkSpan], out: &mut Vec<Raw>, used: &mut [bool]) {
    let Some(first) = group.first() else { return };
    let Some(last) = group.last() else { return };
    let (a, b) = ctx.tokens_in(first.start, first.end);
    let (_, b_last) = ctx.tokens_in(last.start, last.end);
    let Some(w0) = words(ctx, a, b).next() else {
        return;
    };
    let content: Vec<(usize, usize)> = group.iter().map(|m| (m.start, m.end)).collect();
    let para = (ctx.para[a], ctx.para[b_last.saturating_sub(1).max(a)]);
    // A quote of `kind` whose cue is verb `v`.
    let cued = |kind, content, v: usize, speaker, rule| Raw {
        kind,
        content,
        cue: Some(cue_span(ctx, v)),
        cue_token: Some(v),
        speaker,
        rule,
        inherit: false,
        para,
        first: a,
        floating: false,
    };
    let inside = |k: usize| {
        group.iter().any(|m| {
            let t = &ctx.doc.tokens[k];
            t.start >= m.start && t.end <= m.end
        })
    };

    // Utterance or fragment?
    let before = prev_token(ctx, a);
    let boundary = match before {
        None => true,
        Some(p) => {
            let t = ctx.text(p);
            matches!(t, ":" | "," | ";" | "(" | "—" | "–" | "-" | "--")
                || is_final(t)
                || ctx.is_mark(p)
                || is_cue_verb(ctx, p)
                || (ctx.dep(p) == "dobj"
                    && lexicon::is_speech_verb(ctx.text(ctx.head(p)))
                    && !ctx.in_quote(p))
        }
    };
    let last_word = (a..b)
        .rev()
        .find(|&k| !ctx.is_mark(k) && !ctx.text(k).trim().is_empty());
    // `“…,” said X` at a sentence boundary is an utterance even without a verb the tagger saw.
    let ends_final = last_word.is_some_and(|k| is_final(ctx.text(k)) || ctx.text(k) == ",");
    let has_verb = words(ctx, a, b).any(|k| ctx.is_verb(k));
    // A capitalised quote that ends a sentence (`"Maybe."`) is speech, not a title.
    let sentence_end = last_word.is_some_and(|k| is_final(ctx.text(k)));
    // `“Absolutely,” the governor replied.`: a reporting verb right after a comma-ended quote.
    let cue_follows = || {
        last_word.is_some_and(|k| ctx.text(k) == ",")
            && (b..ctx.len().min(b + 5))
                .take_while(|&k| ctx.para[k] == ctx.para[a] && !ctx.in_quote(k))
                .any(|k| is_cue_verb(ctx, k))
    };
    // `“…” ― Maria Lopez`: a name signed after a dash (reported as a trailing attribution).
    if let Some((dash, name)) = boundary
        .then(|| fallback::dash_signature(ctx, b_last))
        .flatten()
    {
        out.push(Raw {
            kind: QuoteKind::Direct,
            content,
            cue: Some(fallback::dash_bytes(ctx, dash)),
            cue_token: Some(dash),
            speaker: Some(name),
            rule: Rule::QuoteTrailingClause,
            inherit: false,
            para,
            first: a,
            floating: false,
        });
        return;
    }
    let utterance = group.len() > 1
        || (boundary
            && (has_verb || ends_final)
            && (sentence_end || !is_title_case(ctx, a, b) || cue_follows()));

    if utterance {
        // 1. Syntactic link from the quote to a reporting verb outside it.
        let mut cue = None;
        for k in words(ctx, a, b).chain(std::iter::once(a)) {
            let h = ctx.head(k);
            if h != k && !inside(h) && !ctx.in_quote(h) {
                if let Some(c) = cue_above(ctx, k, h, 3, false) {
                    cue = Some(c);
                    break;
                }
            }
        }
        let mut rule = Rule::QuoteCueSpeaker;
        // 2. Nearest reporting verb in the attribution window around the quote.
        if cue.is_none() {
            cue = window_cue(ctx, a, b, last_word);
            rule = Rule::QuoteWindowCue;
        }
        // Interrupted quote: the previous quote shares this cue, or only its attribution lies
        // between them.
        if let Some(prev) = out.last_mut() {
            let same_cue = cue.is_some() && prev.cue_token == cue;
            if prev.kind == QuoteKind::Direct
                && !prev.floating
                && prev.para.1 == para.0
                && (same_cue || (cue.is_none() && gap_is_attribution(ctx, prev, a)))
            {
                prev.content.extend_from_slice(&content);
                prev.para.1 = para.1;
                return;
            }
        }
        let cue = cue.map(|c| fallback::outermost_cue(ctx, c).unwrap_or(c));
        if let Some(c) = cue {
            used[c] = true;
            out.push(cued(
                QuoteKind::Direct,
                content,
                c,
                speaker_of(ctx, c),
                rule,
            ));
            return;
        }
        // `Smith was blunt: “…”`: no reporting verb, but a colon after a clause whose subject
        // is a person.
        if let Some(sp) = before
            .filter(|&p| ctx.text(p) == ":")
            .and_then(|p| colon_subject(ctx, p))
        {
            out.push(Raw {
                kind: QuoteKind::Direct,
                content,
                cue: None,
                cue_token: None,
                speaker: Some(sp),
                rule: Rule::ColonSubject,
                inherit: false,
                para,
                first: a,
                floating: false,
            });
            return;
        }
        // `“…,” the editorial read.`: a clause right after the quote, whatever its verb.
        if last_word.is_some_and(|k| matches!(ctx.text(k), "," | "?" | "!"))
            && !is_title_case(ctx, a, b)
        {
            if let Some((v, sp)) = fallback::trailing_clause(ctx, b_last) {
                used[v] = true;
                out.push(cued(
                    QuoteKind::Direct,
                    content,
                    v,
                    Some(sp),
                    Rule::QuoteTrailingClause,
                ));
                return;
            }
        }
        // A colon before the quote, possibly ending the previous paragraph (`X says: ¶ “…”`):
        // the clause or the source phrase before it.
        let colon = before
            .or_else(|| fallback::prev_any(ctx, a))
            .filter(|&p| ctx.text(p) == ":");
        if let Some(colon) = colon {
            let found = colon
                .checked_sub(1)
                .filter(|&v| is_cue_verb(ctx, v) && !ctx.in_quote(v))
                .and_then(|v| speaker_of(ctx, v).map(|s| (Some(v), s)))
                .or_else(|| fallback::colon_clause(ctx, colon).map(|(v, s)| (Some(v), s)))
                .or_else(|| fallback::colon_source(ctx, colon).map(|s| (None, s)));
            if let Some((v, s)) = found {
                if let Some(v) = v {
                    used[v] = true;
                }
                out.push(Raw {
                    kind: QuoteKind::Direct,
                    content,
                    cue: Some(v.map_or(ctx.bytes(colon, colon), |v| cue_span(ctx, v))),
                    cue_token: v,
                    speaker: Some(s),
                    rule: Rule::ColonSource,
                    inherit: false,
                    para,
                    first: a,
                    floating: false,
                });
                return;
            }
        }
        // `Hillary shot back, “…”`: the clause that ends at the comma before the quote.
        if let Some((v, s)) = before
            .filter(|&p| ctx.text(p) == ",")
            .and_then(|p| fallback::comma_clause(ctx, p))
        {
            used[v] = true;
            out.push(cued(
                QuoteKind::Direct,
                content,
                v,
                Some(s),
                Rule::QuoteWindowCue,
            ));
            return;
        }
        if whole_sentences(ctx, a, b_last, &inside) {
            out.push(Raw {
                kind: QuoteKind::Direct,
                content,
                cue: None,
                cue_token: None,
                speaker: None,
                rule: Rule::Unattributed,
                inherit: false,
                para,
                first: a,
                floating: true,
            });
            return;
        }
    }
    // A mixed quote whose cue is verb `v`.
    let mixed = |content: Vec<(usize, usize)>, v: usize, speaker: Option<usize>, rule: Rule| {
        cued(QuoteKind::Mixed, content, v, speaker, rule)
    };
    // Fragment: quoted inside reported speech → mixed; otherwise a scare quote, title or name.
    // (Headlines capitalise every word: there a capitalised quote is no title.)
    // A reporting or stance verb just before it still makes it someone's words (`he called
    // Rubio “Little Marco”`, `called Florida’s standards “strong”` with the fragment misparsed).
    let near = || {
        outer::cue_just_before(ctx, a, |v| speaker_of(ctx, v))
            .map(|(v, s)| mixed(content.clone(), v, Some(s), Rule::PartialInReportedSpeech))
    };
    // `viewed Obama as “directly responsible”`, `identified the judge as “Spanish”`: a label
    // that `as` joins to a verb is the characterisation of that verb's subject.
    let as_label = || {
        label_after_as(ctx, before)
            .map(|(v, s)| mixed(content.clone(), v, Some(s), Rule::PartialInClause))
    };
    // `called her “Miss Piggy” and “Miss Housekeeping”`: a fragment joined by `and`, `or` or a
    // comma to the fragment just before it is more of the same words, whatever its case.
    if let Some((v, speaker, rule)) = out
        .last()
        .filter(|r| coordinated_with(ctx, r, a))
        .and_then(|r| Some((r.cue_token?, r.speaker, r.rule)))
    {
        out.push(mixed(content, v, speaker, rule));
        return;
    }
    // `it was labeled “Mostly True”`: a passive label verb right before a capitalised quote
    // gives a rating or name whose author goes unnamed (or is its `by` agent). (Lowercase
    // words after one stay scare quotes: `is still called “the big one” by locals`.)
    let passive_label = || {
        let mut v = before?;
        if ctx.tag(v) == "DT" {
            v = prev_token(ctx, v)?;
        }
        (ctx.tag(v) == "VBN"
            && lexicon::is_label_verb(ctx.text(v))
            && ctx.kid(v, &["auxpass"]).is_some()
            && !ctx.in_quote(v))
        .then(|| {
            let agent = ctx.kid(v, &["agent"]).and_then(|g| ctx.kid(g, &["pobj"]));
            mixed(content.clone(), v, agent, Rule::PartialInClause)
        })
    };
    let headline = fallback::in_headline(ctx, a);
    // Capitalised words after a preposition or a possessive name a show, document or event
    // (`said on CBS’s “Face the Nation”`, `in “The Art of the Deal”`), verbs or not;
    // `as`/`like` introduce a label, which stays someone's words.
    let named_by_position = before.is_some_and(|p| {
        ctx.tag(p) == "POS"
            || (ctx.tag(p) == "IN" && !matches!(ctx.text(p).to_lowercase().as_str(), "as" | "like"))
    });
    if named_by_position && is_capitalised(ctx, a, b) && !headline {
        return;
    }
    if is_title_case(ctx, a, b) && !headline {
        if let Some(raw) = near().or_else(as_label).or_else(passive_label) {
            out.push(raw);
        }
        return;
    }
    let anchor = words(ctx, a, b)
        .find(|&k| !inside(ctx.head(k)))
        .unwrap_or(w0);
    let h = ctx.head(anchor);
    if let Some(c) = (h != anchor)
        .then(|| cue_above(ctx, anchor, h, 8, true))
        .flatten()
    {
        // `denounce what Turnbull called North Korea's “reckless” actions`: a label in a free
        // relative is the words of the attribution around it, when there is one.
        let (c, speaker) = naming_relative_outer(ctx, c).map_or_else(
            || {
                let c = fallback::outermost_cue(ctx, c).unwrap_or(c);
                (c, speaker_of(ctx, c))
            },
            |(v, s)| (v, Some(s)),
        );
        used[c] = true;
        out.push(mixed(content, c, speaker, Rule::PartialInReportedSpeech));
        return;
    }
    // `seized on Trump’s claim that there were “thousands of shootings”`: the possessor of a
    // claim noun whose `that` clause holds the fragment, before any clause around the noun.
    if let Some((n, s)) = possessed_claim(ctx, anchor) {
        out.push(mixed(content, n, Some(s), Rule::PartialInClause));
        return;
    }
    // No reporting verb: the clause the fragment sits in, when its subject can hold a view
    // (`Rubio bemoaned a climate in which people “literally hate each other”`).
    // The outermost attribution verb above it first (`Kasich predicted at the debate that
    // Republicans will take "every state"`), else the nearest clause with a sayer subject.
    let outer = (!fallback::is_named_or_emphasis(ctx, anchor))
        .then(|| outer::outermost_attribution(ctx, anchor, |v| speaker_of(ctx, v)))
        .flatten();
    // Else `prefer the term “undocumented immigrants”`, `coined a new phrase, “X”`: words named
    // by a noun for words are the words of the clause that uses them.
    let named_words = || {
        let h = ctx.head(anchor);
        (h != anchor && h < a && is_words_noun(ctx.text(h)))
            .then(|| fallback::governing_clause(ctx, h))
            .flatten()
    };
    if let Some((v, s)) = outer
        .or_else(|| fallback::governing_clause(ctx, anchor))
        .map(|(v, s)| {
            fallback::outermost_cue(ctx, v)
                .and_then(|c| speaker_of(ctx, c).map(|s| (c, s)))
                .unwrap_or((v, s))
        })
        .or_else(named_words)
    {
        out.push(mixed(content, v, Some(s), Rule::PartialInClause));
        return;
    }
    // (A quoted modifier of the noun right after it stays emphasis: `praised his star’s
    // “incredible” work ethic`.)
    let modifier = fallback::is_named_or_emphasis(ctx, anchor) && ctx.head(anchor) >= b;
    if let Some(raw) = (!modifier).then(near).flatten().or_else(as_label) {
        out.push(raw);
        return;
    }
    // `Pence: Trump Was ‘Mocking’ Clinton Camp`: a headline's label is the voice of the words
    // it quotes, however short.
    if let Some((colon, sp)) = headline.then(|| headline_label(ctx, a)).flatten() {
        out.push(mixed(content, colon, Some(sp), Rule::ColonSource));
        return;
    }
    // A quoted passage of several words nobody is named for: kept, with no speaker.
    if words(ctx, a, b_last).count() >= MIN_UNATTRIBUTED_WORDS
        && !fallback::is_named_or_emphasis(ctx, anchor)
        && !fallback::under_crowd(ctx, anchor)
    {
        out.push(Raw {
            kind: if utterance {
                QuoteKind::Direct
            } else {
                QuoteKind::Mixed
            },
            content,
            cue: None,
            cue_token: None,
            speaker: None,
            rule: Rule::Unattributed,
            inherit: false,
            para,
            first: a,
            // A passage nobody is named for may continue the quote before it.
            floating: true,
        });
    }
}

/// The verb and sayer of a label introduced by `as` (optionally with an article) right before
/// a quoted fragment: `as` must hang on a verb outside quotes whose speaker is a sayer
/// (`portrayed him as a “loser”`, `seen by organizers as a “lifeboat”`).
fn label_after_as(ctx: &Ctx, before: Option<usize>) -> Option<(usize, usize)> {
    let mut p = before?;
    if ctx.tag(p) == "DT" {
        p = prev_token(ctx, p)?;
    }
    if !ctx.text(p).eq_ignore_ascii_case("as") {
        return None;
    }
    let v = ctx.head(p);
    if v == p || !ctx.is_verb(v) || ctx.in_quote(v) {
        return None;
    }
    speaker_of(ctx, v)
        .filter(|&s| !ctx.in_quote(s) && fallback::is_sayer(ctx, s))
        .map(|s| (v, s))
}

/// Most head steps climbed from a fragment to the claim noun whose clause holds it.
const MAX_CLAIM_STEPS: usize = 8;

/// The attribution around a cue whose object is a free relative `what` (`what X called
/// “Y”`, `what her team calls her “breaking barriers” agenda`): such a label sits inside what
/// the outer source says, and the quote is credited to that source when it says or judges
/// something (a speech, label or stance verb, or a claim noun). `(cue, speaker)`.
fn naming_relative_outer(ctx: &Ctx, c: usize) -> Option<(usize, usize)> {
    let free_relative = ctx
        .kids(c)
        .any(|k| k < c && ctx.tag(k) == "WP" && ctx.text(k).eq_ignore_ascii_case("what"));
    if !free_relative {
        return None;
    }
    // A wish or aim around it (`seeks to enact what it calls “…”`) says nothing: the label
    // stays its own speaker's.
    outer::outermost_attribution(ctx, c, |v| speaker_of(ctx, v)).filter(|&(v, _)| {
        let t = ctx.text(v);
        !ctx.is_verb(v)
            || lexicon::is_speech_verb(t)
            || lexicon::is_label_verb(t)
            || attitude::is_stance_verb(t)
    })
}

/// The claim noun and its possessor over a quoted fragment: `Trump’s claim that there were
/// “thousands of shootings”`, `her assertion that “we are where we need to be”`. Climbs from
/// `anchor` to the first clause opened by `that` that hangs on a noun; returns `(noun,
/// possessor)` when that noun is a claim noun whose possessor can hold a view.
fn possessed_claim(ctx: &Ctx, anchor: usize) -> Option<(usize, usize)> {
    let sent = ctx.sent(anchor);
    let mut k = anchor;
    for _ in 0..MAX_CLAIM_STEPS {
        let h = ctx.head(k);
        if h == k || ctx.sent(h) != sent || ctx.in_quote(h) {
            return None;
        }
        // The first noun whose `that` clause holds the fragment decides.
        if outer::is_that_clause(ctx, k) && ctx.tag(h).starts_with("NN") {
            return outer::claim_owner(ctx, k, h).map(|p| (h, p));
        }
        k = h;
    }
    None
}

/// A noun that names words as words (`term`, `phrase`, `slogan`, `nickname`).
fn is_words_noun(t: &str) -> bool {
    matches!(
        t.to_lowercase().as_str(),
        "term"
            | "terms"
            | "phrase"
            | "phrases"
            | "word"
            | "words"
            | "label"
            | "slogan"
            | "nickname"
            | "moniker"
            | "expression"
            | "catchphrase"
            | "mantra"
    )
}

/// The person subject of the clause a colon ends (`Smith was blunt:`), if it is one: a proper
/// noun, a personal pronoun or a person role noun.
fn colon_subject(ctx: &Ctx, colon: usize) -> Option<usize> {
    let (sent, para) = (ctx.sent(colon), ctx.para[colon]);
    let v = (colon.saturating_sub(15)..colon)
        .rev()
        .take_while(|&k| ctx.sent(k) == sent && ctx.para[k] == para && !ctx.in_quote(k))
        .find(|&k| ctx.is_verb(k))?;
    let s = subject(ctx, v)?;
    let t = ctx.text(s);
    let person = ctx.tag(s).starts_with("NNP")
        || (ctx.tag(s) == "PRP"
            && ["he", "she", "they"]
                .iter()
                .any(|w| t.eq_ignore_ascii_case(w)))
        || lexicon::contains(lexicon::PERSON_ROLES, t);
    (person && s < colon).then_some(s)
}

/// Nearest reporting verb (or `according to`) after the quote (up to the sentence end), else
/// before it.
fn window_cue(ctx: &Ctx, a: usize, b: usize, last_word: Option<usize>) -> Option<usize> {
    let p = ctx.para[a];
    let trailing_comma = last_word.is_some_and(|k| matches!(ctx.text(k), "," | "?" | "!" | "—"));
    let cue = |k: usize| {
        (is_cue_verb(ctx, k) && !lexicon::is_label_verb(ctx.text(k)))
            || according_to(ctx, k).is_some()
    };
    let after = || {
        (b..ctx.len().min(b + 10))
            .take_while(|&k| ctx.para[k] == p && !ctx.in_quote(k) && !is_final(ctx.text(k)))
            .find(|&k| cue(k))
    };
    let before = || {
        (a.saturating_sub(20)..a)
            .rev()
            .take_while(|&k| ctx.para[k] == p && !ctx.in_quote(k) && !is_final(ctx.text(k)))
            .find(|&k| cue(k))
    };
    if trailing_comma {
        after().or_else(before)
    } else {
        before().or_else(after)
    }
}

/// Only the previous quote's attribution (its cue's sentence) and punctuation lie between the
/// previous quote and token `a`.
fn gap_is_attribution(ctx: &Ctx, prev: &Raw, a: usize) -> bool {
    let Some(c) = prev.cue_token else {
        return false;
    };
    let Some(&(_, prev_end)) = prev.content.last() else {
        return false;
    };
    let from = ctx.doc.tokens.partition_point(|t| t.start < prev_end);
    (from..a).all(|k| ctx.is_punct(k) || (ctx.sent(k) == ctx.sent(c) && !ctx.in_quote(k)))
}

/// The quote covers whole sentences: every token of the sentences it touches outside it is
/// punctuation.
fn whole_sentences(ctx: &Ctx, a: usize, b: usize, inside: &dyn Fn(usize) -> bool) -> bool {
    let (s0, s1) = (
        ctx.sent(a) as usize,
        ctx.sent(b.saturating_sub(1).max(a)) as usize,
    );
    let sents = &ctx.doc.sentences;
    let lo = sents.get(s0).map_or(a, |s| s.start_token);
    let hi = sents.get(s1).map_or(b, |s| s.end_token);
    (lo..hi).all(|k| inside(k) || ctx.is_punct(k))
}

/// Indirect speech: reporting verbs with a clausal complement, and `according to X`.
fn indirect(ctx: &Ctx, taken: &[bool], used: &mut [bool], out: &mut Vec<Raw>) {
    for v in 0..ctx.len() {
        if used[v] || ctx.in_quote(v) {
            continue;
        }
        if let Some((_, _)) = according_to(ctx, v) {
            according(ctx, v, taken, used, out);
            continue;
        }
        if let Some(raw) = labelled_headline(ctx, v, taken) {
            used[v] = true;
            out.push(raw);
            continue;
        }
        if !ctx.is_verb(v) || !lexicon::is_speech_verb(ctx.text(v)) {
            // Beliefs, intentions, stances (`she thinks …`, `he plans to …`).
            if let Some(raw) = attitude_raw(ctx, v, taken).or_else(|| perceived_raw(ctx, v, taken))
            {
                used[v] = true;
                out.push(raw);
            }
            continue;
        }
        // A reported question is content too (`she asked whether …`); `answer` has none.
        let asks = starts_ci(ctx.text(v), "ask");
        if starts_ci(ctx.text(v), "answer") {
            continue;
        }
        // `Mr. Obama, officials said, has become …`: the clause around a parenthetical cue
        // (reported as subject_verb_ccomp).
        if let Some(raw) = parenthetical(ctx, v, taken) {
            used[v] = true;
            out.push(raw);
            continue;
        }
        let Some(c) = ctx
            .kids(v)
            .find(|&k| ctx.dep(k) == "ccomp" && !ctx.in_quote(k))
            .or_else(|| that_clause_in_prep(ctx, v))
        else {
            // No clause: a reporting verb of stance with an object and infinitive (`urged
            // Congress to act`).
            if let Some(raw) = attitude::is_stance_verb(ctx.text(v))
                .then(|| attitude_raw(ctx, v, taken))
                .flatten()
            {
                used[v] = true;
                out.push(raw);
            }
            continue;
        };
        let (l, mut r) = (ctx.left(c) as usize, ctx.right(c) as usize);
        if (l..=r).any(|k| taken[k]) {
            // `said X would rise and warned "…"`: keep the part before the quoted conjunct.
            let Some(conj) = ctx.kids(c).find(|&k| {
                ctx.dep(k) == "conj" && (ctx.left(k)..=ctx.right(k)).any(|t| taken[t as usize])
            }) else {
                continue;
            };
            let cut = ctx
                .kids(c)
                .filter(|&k| ctx.dep(k) == "cc" && k < conj)
                .last()
                .unwrap_or(ctx.left(conj) as usize);
            r = cut.saturating_sub(1);
            if r < l || (l..=r).any(|k| taken[k]) {
                continue;
            }
        }
        if c > v {
            r = joined_clause_end(ctx, v, r, taken).unwrap_or(r);
        }
        // `declined to say whether …`, `did not say if …`: no content was reported.
        let negated = ctx.kid(v, &["neg"]).is_some()
            || (ctx.dep(v) == "xcomp" && {
                let h = ctx.text(ctx.head(v));
                starts_ci(h, "declin") || starts_ci(h, "refus")
            });
        let question = ctx.kids(c).any(|k| {
            ctx.dep(k) == "mark"
                && (ctx.text(k).eq_ignore_ascii_case("whether")
                    || ctx.text(k).eq_ignore_ascii_case("if"))
        });
        if negated || (question && !asks) {
            continue;
        }
        let l = skip_leading_modifiers(ctx, c, l);
        // Another attribution nested in the clause (`…, while Barclays warned that …`) ends it.
        if let Some(k) = (l..=r).find(|&k| {
            k != v
                && is_cue_verb(ctx, k)
                && matches!(ctx.dep(k), "advcl" | "conj" | "parataxis")
                && ctx.kid(k, &["nsubj", "nsubjpass"]).is_some()
        }) {
            r = (ctx.left(k) as usize).saturating_sub(1);
        }
        // `Some said …; others predicted …`: a complement before the verb that holds its own
        // attribution is a misparse, not a second quote.
        if c < v
            && (l..=r).any(|k| {
                k != v && is_cue_verb(ctx, k) && ctx.kid(k, &["nsubj", "nsubjpass"]).is_some()
            })
        {
            continue;
        }
        // `Asked if she would run, the governor said no`: whoever asked is not named.
        let s = if asks && unnamed_asker(ctx, v) {
            None
        } else {
            let Some(s) = speaker_of(ctx, v) else {
                continue;
            };
            Some(s)
        };
        if s.is_some_and(|s| {
            ["i", "we", "you"]
                .iter()
                .any(|w| ctx.text(s).eq_ignore_ascii_case(w))
        }) {
            continue;
        }
        let Some((l, r)) = trim(ctx, l, drop_trailing_aside(ctx, l, r)) else {
            continue;
        };
        if words(ctx, l, r + 1).count() < 2 {
            continue;
        }
        used[v] = true;
        out.push(indirect_raw(
            ctx,
            vec![ctx.bytes(l, r)],
            (l, r, l),
            v,
            s,
            Rule::SubjectVerbCcomp,
        ));
    }
}

/// Attributions through the cue words learned from annotated news ([`learned`]) that no rule
/// above took: the content is the complement of the cue's learned frame, the source the
/// verb's subject (or agent), or a noun's possessor or the subject of the clause it sits in.
/// Cues inside another attribution's content are left alone (only the outermost counts).
fn learned_cues(ctx: &Ctx, taken: &[bool], used: &mut [bool], out: &mut Vec<Raw>) {
    let mut covered = taken.to_vec();
    for r in out.iter() {
        mark_content(ctx, &r.content, &mut covered);
    }
    for v in 0..ctx.len() {
        if used[v] || covered[v] || ctx.in_quote(v) {
            continue;
        }
        let Some(raw) = learned_raw(ctx, v, &covered) else {
            continue;
        };
        used[v] = true;
        mark_content(ctx, &raw.content, &mut covered);
        out.push(raw);
    }
}

/// Mark in `marks` the tokens of `content` (byte spans).
fn mark_content(ctx: &Ctx, content: &[(usize, usize)], marks: &mut [bool]) {
    for &(s, e) in content {
        let (a, b) = ctx.tokens_in(s, e);
        for m in marks.iter_mut().take(b).skip(a) {
            *m = true;
        }
    }
}

/// One learned-cue attribution at token `v`, if its word and frame are in the table and the
/// content is free (`covered` marks tokens already in some content).
fn learned_raw(ctx: &Ctx, v: usize, covered: &[bool]) -> Option<Raw> {
    let found = learned::learned_frame(ctx, v)?;
    let (l, r) = found.range;
    if !learned_applies(ctx, v, &found, (l, r))
        || ctx.in_quote(l)
        || l <= v
        || (l..=r).any(|k| covered[k])
    {
        return None;
    }
    let class = learned::class_of(ctx, v)?;
    let speaker = match class {
        learned::Class::Verb => Some(speaker_of(ctx, v)?).filter(|_| asker_named(ctx, v)),
        learned::Class::Noun => noun_source(ctx, v),
    };
    let r = if class == learned::Class::Verb
        && matches!(found.frame, learned::Frame::Dobj | learned::Frame::Prep)
    {
        object_phrases_end(ctx, v, r, covered)
    } else {
        r
    };
    let (l, r) = trim(ctx, l, drop_trailing_aside(ctx, l, r))?;
    words(ctx, l, r + 1).next()?;
    Some(indirect_raw(
        ctx,
        vec![ctx.bytes(l, r)],
        (l, r, l),
        v,
        speaker,
        Rule::AttitudeCue,
    ))
}

/// Dependents of a verb after its object that still say what the attitude is about
/// (`highlighted the bus lanes as proof that …`, `listed the resort as a liability`, `pushed
/// for a recount after the vote`).
const OBJECT_PHRASES: &[&str] = &["prep", "dative", "oprd", "xcomp", "ccomp", "advcl"];

/// The end of verb `v`'s object at `r` together with the phrases that follow it without a
/// comma ([`OBJECT_PHRASES`]): PolNeAR's content is everything the cue governs to its right.
fn object_phrases_end(ctx: &Ctx, v: usize, r: usize, covered: &[bool]) -> usize {
    let mut end = r;
    for k in ctx.kids(v).filter(|&k| k > r) {
        let (a, b) = (ctx.left(k) as usize, ctx.right(k) as usize);
        let clean = (end + 1..a).all(|t| ctx.text(t).trim().is_empty());
        if !clean
            || !OBJECT_PHRASES.contains(&ctx.dep(k))
            || (a..=b).any(|t| covered[t] || ctx.in_quote(t) || is_final(ctx.text(t)))
        {
            break;
        }
        end = b;
    }
    end
}

/// Least train precision for a learned cue to attribute where a hand-written rule already
/// decided (and refused) for the same word and frame.
const OVERRIDE_PRECISION: f32 = 0.8;

/// Fewest words of an object (frames [`learned::Frame::Dobj`], [`learned::Frame::Prep`]) for it
/// to be reported content whatever verb governs it; shorter objects (`criticized the
/// measure`, `confirmed the delay`) are mostly the news itself, attributed only by a finite
/// verb the hand rules do not own.
const LONG_OBJECT_WORDS: usize = 5;

/// Whether the hand-written rules decide for verb form `w` in `frame`, so that their refusals
/// stand unless train strongly says otherwise: reporting verbs with a clause, intention and
/// perception verbs with an infinitive, reporting, belief, stance and evidence verbs with an
/// object.
fn hand_owned(w: &str, frame: learned::Frame) -> bool {
    use learned::Frame;
    let speech = lexicon::is_speech_verb(w) || lexicon::is_label_verb(w);
    match frame {
        Frame::Ccomp => speech,
        Frame::Xcomp => attitude::is_infinitive_cue(w),
        Frame::Dobj | Frame::Prep => {
            speech || attitude::is_attitude_verb(w) || attitude::is_stance_verb(w)
        }
        _ => false,
    }
}

/// Whether learned cue `found` at `v` may attribute its content `[l, r]`: not where the hand
/// rules decide (clauses of reporting verbs always; infinitives unless train precision is
/// high), and a short object only under a finite verb the hand rules do not own.
fn learned_applies(ctx: &Ctx, v: usize, found: &learned::Learned, (l, r): (usize, usize)) -> bool {
    use learned::Frame;
    let owned = hand_owned(ctx.text(v), found.frame);
    match found.frame {
        Frame::Ccomp => !owned,
        Frame::Xcomp => !owned || found.precision >= OVERRIDE_PRECISION,
        Frame::Dobj | Frame::Prep if ctx.is_verb(v) => {
            // Quotation marks in an object the quote rules left alone are emphasis (`praised
            // his “incredible” work ethic`): the author's words.
            let emphasis = (l..=r).any(|k| ctx.in_quote(k));
            let long = (l..=r)
                .filter(|&k| ctx.text(k).chars().any(char::is_alphanumeric))
                .count()
                >= LONG_OBJECT_WORDS;
            !emphasis && (long || (!owned && asserts(ctx, v) && !names_document(ctx, l, r)))
        }
        _ => true,
    }
}

/// Whether the phrase `[l, r]` is headed by a document or speech-act noun (`released a
/// statement`, `sent a letter`): the act of saying, not what was said.
fn names_document(ctx: &Ctx, l: usize, r: usize) -> bool {
    (l..=r)
        .filter(|&k| {
            let h = ctx.head(k);
            h == k || h < l || h > r
        })
        .any(|k| lexicon::contains_singular(fallback::DOCUMENT_NOUNS, ctx.text(k)))
}

/// Whether verb `v` can attribute what its object governs: a finite verb of a main or reported
/// clause, or a participle set off after one (`…, citing …`) unless that one is a reporting
/// verb (`she said, pointing to the line`: the manner of the saying); infinitives, other
/// participles and relative clauses mostly describe (`met to discuss the budget`).
fn asserts(ctx: &Ctx, v: usize) -> bool {
    let finite = matches!(ctx.tag(v), "VBD" | "VBZ" | "VBP");
    let adverbial = ctx.tag(v) == "VBG"
        && ctx.dep(v) == "advcl"
        && !lexicon::is_speech_verb(ctx.text(ctx.head(v)));
    (finite || adverbial) && !matches!(ctx.dep(v), "relcl" | "acl" | "amod")
}

/// The holder of a nominal cue: its possessor (`her claim`), else the subject of the clause
/// whose object it is (`Smith voiced concerns about …`), when that can be a sayer.
fn noun_source(ctx: &Ctx, n: usize) -> Option<usize> {
    ctx.kid(n, &["poss"])
        .or_else(|| clause_subject_of_noun(ctx, n))
}

/// Whether `ask` at `v` leaves the asker unnamed: a bare participle (`Asked if …, she said`,
/// `when asked whether …`) or a passive without a `by` agent (`he was asked whether …`).
fn unnamed_asker(ctx: &Ctx, v: usize) -> bool {
    let bare = ctx.tag(v) == "VBN" && ctx.kid(v, &["nsubj", "aux", "auxpass"]).is_none();
    let passive = ctx.kid(v, &["auxpass"]).is_some() && ctx.kid(v, &["agent"]).is_none();
    bare || passive
}

/// The last token of a clause the parser joined to reporting verb `v` rather than to its
/// reported clause ending at `r` (`she said X, but her parents made too much money`): a
/// conjunct after `r` with its own subject, joined by `and`/`but`, that is no attribution of
/// its own. `None` when there is none.
fn joined_clause_end(ctx: &Ctx, v: usize, r: usize, taken: &[bool]) -> Option<usize> {
    let k = ctx.kids(v).find(|&k| k > r && ctx.dep(k) == "conj")?;
    let joined = ctx.kids(v).any(|c| {
        c > r
            && c < k
            && ctx.dep(c) == "cc"
            && (ctx.text(c).eq_ignore_ascii_case("but") || ctx.text(c).eq_ignore_ascii_case("and"))
    });
    if !joined
        || ctx.in_quote(k)
        || ctx.kid(k, &["nsubj", "nsubjpass"]).is_none()
        || is_cue_verb(ctx, k)
        || attitude::is_attitude_verb(ctx.text(k))
        || attitude::is_stance_verb(ctx.text(k))
    {
        return None;
    }
    let end = ctx.right(k) as usize;
    (!(r + 1..=end).any(|t| taken.get(t).copied().unwrap_or(true))).then_some(end)
}

/// An indirect attribution: `content` reported by the speaker token `speaker` through cue
/// token `v` (`None`: nobody named holds it); `(l, r, first)` are the reported clause's first and last tokens (its
/// paragraphs) and the first token of the content.
fn indirect_raw(
    ctx: &Ctx,
    content: Vec<(usize, usize)>,
    (l, r, first): (usize, usize, usize),
    v: usize,
    speaker: Option<usize>,
    rule: Rule,
) -> Raw {
    Raw {
        kind: QuoteKind::Indirect,
        content,
        cue: Some(cue_span(ctx, v)),
        cue_token: Some(v),
        speaker,
        rule,
        inherit: false,
        para: (ctx.para[l], ctx.para[r]),
        first,
        floating: false,
    }
}

/// An attitude or stance attribution at verb `v` ([`attitude::attitude`]).
fn attitude_raw(ctx: &Ctx, v: usize, taken: &[bool]) -> Option<Raw> {
    let (l, r, s) = attitude::attitude(ctx, v, taken, |v| speaker_of(ctx, v))?;
    let (l, r) = trim(ctx, l, drop_trailing_aside(ctx, l, r))?;
    Some(indirect_raw(
        ctx,
        vec![ctx.bytes(l, r)],
        (l, r, l),
        v,
        asker_named(ctx, v).then_some(s),
        Rule::AttitudeCue,
    ))
}

/// Whether a cue at `v` names who holds its content: not a question whose asker the text
/// leaves out (`Asked about the plan, Lee said …`: the one asked is not the one asking).
fn asker_named(ctx: &Ctx, v: usize) -> bool {
    !(starts_ci(ctx.text(v), "ask") && unnamed_asker(ctx, v))
}

/// A perceived or expected state with no named holder ([`attitude::perceived`]): the content
/// in up to two spans, no speaker.
fn perceived_raw(ctx: &Ctx, v: usize, taken: &[bool]) -> Option<Raw> {
    let ranges = attitude::perceived(ctx, v, taken)?;
    let content: Vec<(usize, usize)> = ranges
        .iter()
        .filter_map(|&(l, r)| trim(ctx, l, r))
        .collect();
    let (&(l, _), &(_, r)) = (content.first()?, content.last()?);
    Some(indirect_raw(
        ctx,
        content.iter().map(|&(a, b)| ctx.bytes(a, b)).collect(),
        (l, r, l),
        v,
        None,
        Rule::AttitudeCue,
    ))
}

/// A reporting verb set off inside or after the clause it reports (`Mr. Obama, officials
/// said, has become skeptical`; `In any case, Mr. Smith said, the industry was oversupplied`):
/// the clause without the attribution, in up to two spans.
fn parenthetical(ctx: &Ctx, v: usize, taken: &[bool]) -> Option<Raw> {
    if ctx.dep(v) != "parataxis" || ctx.kid(v, &["ccomp"]).is_some() {
        return None;
    }
    let h = ctx.head(v);
    if h == v || ctx.in_quote(h) || ctx.kid(v, &["neg"]).is_some() {
        return None;
    }
    let s = speaker_of(ctx, v)?;
    if ["i", "we", "you"]
        .iter()
        .any(|w| ctx.text(s).eq_ignore_ascii_case(w))
    {
        return None;
    }
    let (l, r) = (ctx.left(h) as usize, ctx.right(h) as usize);
    let (vl, vr) = (ctx.left(v) as usize, ctx.right(v) as usize);
    if (l..=r).any(|k| taken[k] && !(vl..=vr).contains(&k)) {
        return None;
    }
    let mut content = Vec::new();
    let mut first = None;
    for (x, y) in [(l, vl), (vr + 1, r + 1)] {
        if x >= y {
            continue;
        }
        if let Some((p, q)) = trim(ctx, x, y - 1) {
            if words(ctx, p, q + 1).count() >= 1 {
                first.get_or_insert(p);
                content.push(ctx.bytes(p, q));
            }
        }
    }
    let first = first?;
    if content.iter().map(|&(a, b)| b - a).sum::<usize>() == 0 || words(ctx, l, r + 1).count() < 3 {
        return None;
    }
    Some(indirect_raw(
        ctx,
        content,
        (l, r, first),
        v,
        Some(s),
        Rule::SubjectVerbCcomp,
    ))
}

/// `According to X, …` / `…, according to X.`: the clause the phrase modifies.
fn according(ctx: &Ctx, acc: usize, taken: &[bool], used: &mut [bool], out: &mut Vec<Raw>) {
    let Some((_, obj)) = according_to(ctx, acc) else {
        return;
    };
    let h = trailing_scope(ctx, acc, ctx.head(acc));
    if h == acc || ctx.in_quote(h) {
        return;
    }
    let (l, r) = (ctx.left(h) as usize, ctx.right(h) as usize);
    if (l..=r).any(|k| taken[k]) {
        return;
    }
    let (al, ar) = (ctx.left(acc) as usize, ctx.right(acc) as usize);
    let mut content = Vec::new();
    for (x, y) in [(l, al), (ar + 1, r + 1)] {
        if x < y {
            if let Some((p, q)) = trim(ctx, x, y - 1) {
                if words(ctx, p, q + 1).count() >= 2 {
                    content.push(ctx.bytes(p, q));
                }
            }
        }
    }
    let Some(&(first_byte, _)) = content.first() else {
        return;
    };
    used[acc] = true;
    let first = ctx.doc.tokens.partition_point(|t| t.start < first_byte);
    out.push(indirect_raw(
        ctx,
        content,
        (l, r, first),
        acc,
        Some(source_of(ctx, obj)),
        Rule::AccordingTo,
    ));
}

/// Most clause steps from the clause a trailing source phrase hangs on to the sentence's.
const MAX_SCOPE_STEPS: usize = 3;

/// The clause a source phrase at `acc` vouches for, starting at its head `h`: a phrase that
/// trails a sentence of joined clauses (`X rose, but Y fell, according to the data`) covers
/// them all, not only the last one the parser hung it on.
fn trailing_scope(ctx: &Ctx, acc: usize, mut h: usize) -> usize {
    let trails = ctx.right(acc) as usize + 1 >= ctx.right(h) as usize && acc > h;
    if !trails {
        return h;
    }
    for _ in 0..MAX_SCOPE_STEPS {
        let up = ctx.head(h);
        if up == h
            || !matches!(ctx.dep(h), "conj" | "advcl")
            || !ctx.is_verb(up)
            || is_cue_verb(ctx, up)
            || ctx.in_quote(up)
        {
            break;
        }
        h = up;
    }
    h
}

/// Most tokens from the comma or dash to the head of a trailing aside.
const MAX_ASIDE_HEAD: usize = 8;

/// `r`, or the token before a trailing aside that closes `[l, r]`: a relative clause or an
/// appositive set off by a comma or a dash (`…, where he trailed Clinton`, `… — a modest
/// boost for the governor`). Such asides are the author's background, which PolNeAR leaves out of the
/// content.
fn drop_trailing_aside(ctx: &Ctx, l: usize, r: usize) -> usize {
    for k in (l + 1)..r {
        if !matches!(ctx.text(k), "," | "—" | "–" | "--") || ctx.in_quote(k) {
            continue;
        }
        let aside = (k + 1..=r.min(k + MAX_ASIDE_HEAD)).any(|h| {
            ctx.left(h) as usize == k + 1
                && ctx.right(h) as usize >= r
                && matches!(ctx.dep(h), "relcl" | "appos")
                && ctx.head(h) < k
        });
        if aside {
            return k - 1;
        }
    }
    r
}

/// Trim punctuation at both ends of `[l, r]` and a leading dateline (`SEOUL (Reuters) -`).
fn trim(ctx: &Ctx, mut l: usize, mut r: usize) -> Option<(usize, usize)> {
    // Dateline: a dash within the first tokens, right after `)` or an all-caps word.
    if let Some(d) = (l..r.min(l + 10)).find(|&k| matches!(ctx.text(k), "-" | "—" | "–" | "--"))
    {
        let p = d.checked_sub(1).map(|p| ctx.text(p));
        if p.is_some_and(|p| p == ")" || (p.len() > 1 && p.chars().all(|c| c.is_uppercase()))) {
            l = d + 1;
        }
    }
    while l <= r && (ctx.is_punct(l) || ctx.is_mark(l)) {
        l += 1;
    }
    while r >= l && (ctx.is_punct(r) || ctx.is_mark(r)) {
        if r == 0 {
            return None;
        }
        r -= 1;
    }
    (l <= r).then_some((l, r))
}

/// Most head steps from a quoted fragment up to the cue verb that reports it.
const MAX_CLAUSE_DEPTH: usize = 12;

/// The reported clause a mixed quote's fragments sit in, as a byte span: the complement of cue
/// token `v` that holds the fragment (`said that Clinton described the deal as “the gold
/// standard” of trade deals`), with the object of a small clause (`called Clinton “crooked”`,
/// `urged voters to “check out” …`). This is the attribution's whole content, which PolNeAR
/// and a reader of the quote want beside the quoted words. `None` when the fragment does not
/// hang on `v` through a complement, or the clause is no larger than the fragment.
pub(crate) fn reported_clause(
    ctx: &Ctx,
    v: usize,
    fragments: &[(usize, usize)],
) -> Option<(usize, usize)> {
    let (&(start, _), &(_, end)) = (fragments.first()?, fragments.last()?);
    let (a, b) = ctx.tokens_in(start, end);
    let (first, last) = (words(ctx, a, b).next()?, words(ctx, a, b).last()?);
    let (l, r) = if ctx.text(v) == ":" {
        colon_scope(ctx, v)?
    } else if according_to(ctx, v).is_some() {
        according_scope(ctx, v, first)?
    } else {
        complement_scope(ctx, v, a, b).or_else(|| parenthetical_scope(ctx, v))?
    };
    let larger = words(ctx, l, r + 1).count() > words(ctx, a, b).count();
    (l <= first && last <= r && larger).then(|| ctx.bytes(l, r))
}

/// The complement of cue verb `v` that holds the fragment `[a, b)`, as a token range: with a
/// conjunct the parser hung on the cue, a small clause's object, leading modifiers and
/// trailing asides left out.
fn complement_scope(ctx: &Ctx, v: usize, a: usize, b: usize) -> Option<(usize, usize)> {
    let c = words(ctx, a, b).find_map(|k| child_toward(ctx, v, k))?;
    if matches!(ctx.dep(c), "nsubj" | "nsubjpass" | "punct" | "agent") {
        return None;
    }
    let (mut l, r) = (ctx.left(c) as usize, ctx.right(c) as usize);
    // `said that it was too early to tell, and there was “no evidence” yet`: a conjunct the
    // parser hung on the cue continues the clause reported before it.
    let c = match ctx
        .kids(v)
        .find(|&k| k > v && k < c && ctx.dep(k) == "ccomp")
    {
        Some(first) if ctx.dep(c) == "conj" => {
            l = ctx.left(first) as usize;
            first
        }
        _ => c,
    };
    if c > v {
        // A small clause without a subject or marker takes the verb's object along.
        let small = ctx.kid(c, &["nsubj", "nsubjpass", "mark"]).is_none();
        if let Some(d) = ctx
            .kids(v)
            .find(|&d| d > v && d < c && ctx.dep(d) == "dobj")
            .filter(|_| small)
        {
            l = ctx.left(d) as usize;
        }
    }
    let l = skip_leading_modifiers(ctx, c, l);
    trim(ctx, l, drop_trailing_aside(ctx, l, r))
}

/// The clause around a parenthetical cue `v` (`The budget, she said, is “a fantasy” for most
/// towns`), as a token range: the whole clause the cue interrupts, the cue's own words
/// included (a clause is one span).
fn parenthetical_scope(ctx: &Ctx, v: usize) -> Option<(usize, usize)> {
    let h = ctx.head(v);
    if ctx.dep(v) != "parataxis" || h == v || ctx.kid(v, &["ccomp"]).is_some() {
        return None;
    }
    trim(ctx, ctx.left(h) as usize, ctx.right(h) as usize)
}

/// What `according to X` at `acc` vouches for (`According to X, the move reeks of “fear”`):
/// the side of the clause it modifies that holds the fragment's `first` word, scoped as for
/// indirect speech.
fn according_scope(ctx: &Ctx, acc: usize, first: usize) -> Option<(usize, usize)> {
    let h = trailing_scope(ctx, acc, ctx.head(acc));
    if h == acc {
        return None;
    }
    let (l, r) = (ctx.left(h) as usize, ctx.right(h) as usize);
    let (al, ar) = (ctx.left(acc) as usize, ctx.right(acc) as usize);
    let (x, y) = if first > ar {
        (ar + 1, r)
    } else {
        (l, al.checked_sub(1)?)
    };
    trim(ctx, x, y)
}

/// What a label's colon reports (`Pence: Trump Was ‘Mocking’ Clinton Camp`): the rest of its
/// paragraph.
fn colon_scope(ctx: &Ctx, colon: usize) -> Option<(usize, usize)> {
    let para = ctx.para[colon];
    let end = (colon + 1..ctx.len())
        .take_while(|&k| ctx.para[k] == para)
        .last()?;
    trim(ctx, colon + 1, end)
}

/// The child of `v` on the head path up from token `k`, if `v` dominates `k`.
fn child_toward(ctx: &Ctx, v: usize, mut k: usize) -> Option<usize> {
    for _ in 0..MAX_CLAUSE_DEPTH {
        let h = ctx.head(k);
        if h == v {
            return Some(k);
        }
        if h == k {
            return None;
        }
        k = h;
    }
    None
}
