//! Attribution fallbacks for quoted spans that no reporting verb governs: the subject of the
//! clause a quoted fragment sits in (`Rubio bemoaned a climate in which people “hate each
//! other”`), the source named before a colon (`Clinton: “…”`, `From the report: “…”`), and the
//! attribution of the previous sentence for a quote that stands alone (`Sami recalled his first
//! trip. “I was like, …”`).

use super::context::Ctx;
use super::lexicon;

/// Most head steps walked from a quoted fragment to the clause that governs it.
const MAX_CLAUSE_STEPS: usize = 12;
/// Most tokens looked at left of a colon for the source phrase (`Rep. Trey Gowdy (R-S.C.):`).
const MAX_COLON_SOURCE_TOKENS: usize = 12;

/// Plural or generic nouns for people that can voice an opinion (`critics`, `supporters`).
const PEOPLE_NOUNS: &[&str] = &[
    "activists",
    "americans",
    "analysts",
    "candidates",
    "critics",
    "delegates",
    "democrats",
    "experts",
    "fans",
    "lawmakers",
    "leaders",
    "liberals",
    "man",
    "members",
    "officials",
    "opponents",
    "people",
    "pollsters",
    "protesters",
    "republicans",
    "residents",
    "scientists",
    "students",
    "supporters",
    "voters",
    "woman",
    "women",
];

/// Whether `t` is a plural or generic noun for people ([`PEOPLE_NOUNS`]).
pub(crate) fn is_people_noun(t: &str) -> bool {
    lexicon::contains(PEOPLE_NOUNS, t)
}

/// Artifacts that carry language and can be a quote's source (`the report`, `a memo`).
pub(crate) const DOCUMENT_NOUNS: &[&str] = &[
    "ad",
    "advertisement",
    "agreement",
    "article",
    "bill",
    "book",
    "complaint",
    "email",
    "filing",
    "indictment",
    "lawsuit",
    "letter",
    "memo",
    "order",
    "petition",
    "pledge",
    "poll",
    "post",
    "release",
    "report",
    "ruling",
    "statement",
    "study",
    "survey",
    "tweet",
];

/// Whether token `s` can be the one who says or holds a quoted view: a name, a personal
/// pronoun, a person, people or organisation noun, a document, or a person/organisation entity.
pub(crate) fn is_sayer(ctx: &Ctx, s: usize) -> bool {
    let t = ctx.text(s);
    let tag = ctx.tag(s);
    if tag.starts_with("NNP") {
        return true;
    }
    if tag == "PRP" || tag == "WP" {
        return ["he", "she", "they", "i", "we", "you", "who"]
            .iter()
            .any(|w| t.eq_ignore_ascii_case(w));
    }
    if !tag.starts_with("NN") {
        return false;
    }
    // A capitalised noun the tagger did not see as a name (`Hannity interjected:`).
    if t.chars().next().is_some_and(char::is_uppercase) {
        return true;
    }
    let lower = t.to_ascii_lowercase();
    let singular = lower.strip_suffix('s').unwrap_or(&lower);
    lexicon::contains(lexicon::PERSON_ROLES, singular)
        || lexicon::contains(lexicon::ORG_NOUNS, &lower)
        || lexicon::contains(lexicon::ORG_NOUNS, singular)
        || is_people_noun(t)
        || lexicon::contains(DOCUMENT_NOUNS, singular)
        || ctx.doc.entities.iter().any(|e| {
            e.start_token <= s
                && s < e.end_token
                && matches!(&*e.label, "PERSON" | "ORG" | "NORP" | "GPE")
        })
}

/// The nearest clause above `anchor` (same sentence, outside quotes) whose subject is a
/// sayer: `(verb, subject)`. A subject that is only a possessed noun (`Clinton's response`)
/// gives its possessor.
pub(crate) fn governing_clause(ctx: &Ctx, anchor: usize) -> Option<(usize, usize)> {
    // A quoted word modifying a noun (`his star's “incredible” work ethic`) is emphasis, and a
    // quoted subject (`“Freedom is never free” is the motto`) is a name: nobody is said to say
    // them.
    if is_named_or_emphasis(ctx, anchor) {
        return None;
    }
    clause_above(ctx, anchor).filter(|&(_, s)| !is_bare_plural(ctx, s))
}

/// Whether the clause above a quoted fragment has a crowd for a subject (`Protesters chanted
/// “…”`): a slogan, not a statement.
pub(crate) fn under_crowd(ctx: &Ctx, anchor: usize) -> bool {
    clause_above(ctx, anchor).is_some_and(|(_, s)| is_bare_plural(ctx, s))
}

/// The nearest clause above `anchor` whose subject is a sayer, crowds included.
fn clause_above(ctx: &Ctx, anchor: usize) -> Option<(usize, usize)> {
    let sent = ctx.sent(anchor);
    let mut k = anchor;
    for _ in 0..MAX_CLAUSE_STEPS {
        let h = ctx.head(k);
        if h == k || ctx.sent(h) != sent {
            return None;
        }
        k = h;
        if ctx.in_quote(k) || !ctx.is_verb(k) {
            continue;
        }
        if let Some(s) = subject_or_possessor(ctx, k) {
            return Some((k, s));
        }
    }
    None
}

/// A quoted fragment that modifies a noun, names it in apposition (`His book, “How to Win
/// Friends,” sold well`) or is the subject of its clause.
pub(crate) fn is_named_or_emphasis(ctx: &Ctx, anchor: usize) -> bool {
    matches!(ctx.dep(anchor), "amod" | "compound" | "csubj" | "appos")
}

/// A plural common noun (a crowd: `protesters`, not `the protesters`) with no determiner, possessor or number (`protesters`).
fn is_bare_plural(ctx: &Ctx, s: usize) -> bool {
    ctx.tag(s) == "NNS"
        && !ctx
            .kids(s)
            .any(|k| matches!(ctx.dep(k), "det" | "poss" | "nummod" | "amod" | "compound"))
}

/// The subject of verb `v` (a possessor in place of a non-sayer possessed subject), if it is a
/// sayer.
fn subject_or_possessor(ctx: &Ctx, v: usize) -> Option<usize> {
    let s = ctx
        .kids(v)
        .find(|&c| matches!(ctx.dep(c), "nsubj" | "nsubjpass") && !ctx.in_quote(c))?;
    if matches!(ctx.tag(s), "WP" | "WDT") && ctx.dep(v) == "relcl" {
        let ante = ctx.head(v);
        return is_sayer(ctx, ante).then_some(ante);
    }
    if is_sayer(ctx, s) {
        return Some(s);
    }
    ctx.kid(s, &["poss"]).filter(|&p| is_sayer(ctx, p))
}

/// The source named right before a colon: `Clinton:`, `Rep. Trey Gowdy (R-S.C.):`,
/// `From the report:`, `More from Jones:`, `Frank Newport and Jim Harter:`. Returns the head
/// noun of the phrase.
pub(crate) fn colon_source(ctx: &Ctx, colon: usize) -> Option<usize> {
    let para = ctx.para[colon];
    let mut k = colon.checked_sub(1)?;
    // Skip a parenthetical just before the colon (`(R-S.C.)`).
    if ctx.text(k) == ")" {
        let open = (colon.saturating_sub(MAX_COLON_SOURCE_TOKENS)..k)
            .rev()
            .find(|&j| ctx.text(j) == "(")?;
        k = open.checked_sub(1)?;
    }
    if ctx.para[k] != para || ctx.in_quote(k) || !ctx.tag(k).starts_with("NN") {
        return None;
    }
    // The phrase before the colon has no verb of its own (else it is a clause).
    let start = (colon.saturating_sub(MAX_COLON_SOURCE_TOKENS)..k)
        .rev()
        .take_while(|&j| {
            ctx.para[j] == para
                && !matches!(ctx.text(j), "." | "-" | "—" | "–" | "--" | "|" | ":" | ";")
                && !ctx.in_quote(j)
        })
        .last()
        .unwrap_or(k);
    if (start..k).any(|j| ctx.is_verb(j) && ctx.tag(j) != "VBN" && ctx.tag(j) != "VBG") {
        return None;
    }
    // Coordinated names: the source is the whole phrase; its first conjunct is the head.
    let mut head = k;
    while ctx.dep(head) == "conj" && ctx.head(head) < head && ctx.head(head) >= start {
        head = ctx.head(head);
    }
    is_sayer(ctx, head).then_some(head)
}

/// The attribution of a clause before `colon` in the same sentence (`Trump leaned in and
/// boomed:`, `Clinton's response was:`): `(verb, subject)` for the last verb before the colon.
pub(crate) fn colon_clause(ctx: &Ctx, colon: usize) -> Option<(usize, usize)> {
    let (sent, para) = (ctx.sent(colon), ctx.para[colon]);
    let v = (colon.saturating_sub(MAX_COLON_SOURCE_TOKENS)..colon)
        .rev()
        .take_while(|&k| ctx.sent(k) == sent && ctx.para[k] == para && !ctx.in_quote(k))
        .find(|&k| ctx.is_verb(k))?;
    let mut x = v;
    for _ in 0..4 {
        if let Some(s) = subject_or_possessor(ctx, x) {
            return (s < colon).then_some((v, s));
        }
        if !matches!(ctx.dep(x), "conj" | "xcomp" | "advcl" | "aux") {
            return None;
        }
        let h = ctx.head(x);
        if h == x {
            return None;
        }
        x = h;
    }
    None
}

/// Most particles and adverbs between the verb of a clause and the comma that ends it
/// (`shot back,`, `pointed out,`).
const MAX_COMMA_TAIL: usize = 2;

/// The clause that ends at the comma right before a quote and introduces it, whatever its
/// verb: `Hillary shot back, “…”`, `As the paper pointed out, “…”`. Returns `(verb, subject)`
/// when the clause's last word is its verb (bar particles and adverbs), the clause is a main
/// clause or an `as` clause (`When he arrived, “…”` introduces nothing) and its subject can
/// hold a view.
pub(crate) fn comma_clause(ctx: &Ctx, comma: usize) -> Option<(usize, usize)> {
    let (sent, para) = (ctx.sent(comma), ctx.para[comma]);
    let v = (comma.saturating_sub(MAX_COMMA_TAIL + 1)..comma)
        .rev()
        .take_while(|&k| ctx.sent(k) == sent && ctx.para[k] == para && !ctx.in_quote(k))
        .find(|&k| !matches!(ctx.tag(k), "RP" | "RB"))
        .filter(|&k| ctx.is_verb(k) && !matches!(ctx.tag(k), "MD") && ctx.dep(k) != "aux")?;
    let subordinate = ctx
        .kids(v)
        .any(|m| ctx.dep(m) == "mark" && !ctx.text(m).eq_ignore_ascii_case("as"));
    if subordinate {
        return None;
    }
    subject_or_possessor(ctx, v)
        .filter(|&s| s < v)
        .map(|s| (v, s))
}

/// The last non-whitespace token before `a`, across paragraphs (at most a few tokens back).
pub(crate) fn prev_any(ctx: &Ctx, a: usize) -> Option<usize> {
    /// Whitespace tokens skipped between paragraphs.
    const MAX_GAP: usize = 4;
    (a.saturating_sub(MAX_GAP)..a)
        .rev()
        .find(|&k| !ctx.text(k).trim().is_empty())
}

/// Most tokens after a quote searched for its trailing attribution (`“…,” the email read.`).
const MAX_TRAILING_TOKENS: usize = 8;

/// The attribution right after a quote that ends with a comma, `?` or `!`, whatever its verb:
/// `“…,” the editorial read.`, `“…,” exhorted Clinton's introducer.` Returns `(verb, speaker)`.
pub(crate) fn trailing_clause(ctx: &Ctx, b: usize) -> Option<(usize, usize)> {
    let para = ctx.para.get(b).copied()?;
    let v = (b..ctx.len().min(b + MAX_TRAILING_TOKENS))
        .take_while(|&k| {
            ctx.para[k] == para && !ctx.in_quote(k) && !matches!(ctx.text(k), "." | ";")
        })
        .find(|&k| ctx.is_verb(k) && !matches!(ctx.tag(k), "MD") && ctx.dep(k) != "aux")?;
    // Right after the quote any noun subject is its source (`“…?” a staffer wondered`,
    // `“…,” a voice-over in the ad states`).
    let any_subject = || {
        ctx.kids(v).find(|&c| {
            matches!(ctx.dep(c), "nsubj" | "nsubjpass")
                && !ctx.in_quote(c)
                && (ctx.tag(c).starts_with("NN")
                    || (ctx.tag(c) == "PRP" && !ctx.text(c).eq_ignore_ascii_case("it")))
        })
    };
    if let Some(s) = subject_or_possessor(ctx, v).or_else(any_subject) {
        // The subject must follow the quote (`His book, “…,” sold well` is no attribution).
        return (s >= b).then_some((v, s));
    }
    // Inverted: the speaker follows the verb (a finite one: in `“…,” to describe her rivals`
    // the object is no speaker).
    if ctx.kids(v).any(|c| ctx.tag(c) == "TO") {
        return None;
    }
    ctx.kids(v)
        .find(|&k| {
            k > v
                && matches!(ctx.dep(k), "dobj" | "attr" | "npadvmod" | "nsubj")
                && is_sayer(ctx, k)
        })
        .map(|s| (v, s))
}

/// The attribution of the sentence before token `a` (same or previous paragraph): the last
/// reporting verb outside quotes there, for a quote that stands alone after it
/// (`Coan argues that … . “The government is alleging …”`).
pub(crate) fn previous_sentence_cue(ctx: &Ctx, a: usize) -> Option<usize> {
    if a >= ctx.len() {
        return None;
    }
    let sent = ctx.sent(a);
    let prev = sent.checked_sub(1)?;
    let s = ctx.doc.sentences.get(prev as usize)?;
    if ctx.para[a] > ctx.para[s.start_token.min(ctx.len().saturating_sub(1))] + 1 {
        return None;
    }
    // The reporting verb nearest the root (`argues`, not `urged` in `argues that X urged …`).
    (s.start_token..s.end_token.min(ctx.len()))
        .filter(|&k| !ctx.in_quote(k) && ctx.is_verb(k) && lexicon::is_speech_verb(ctx.text(k)))
        .min_by_key(|&k| depth(ctx, k))
}

/// Number of head steps from `k` to its root (bounded).
fn depth(ctx: &Ctx, mut k: usize) -> usize {
    /// Deeper than any clause a cue is looked for in.
    const MAX_DEPTH: usize = 32;
    for d in 0..MAX_DEPTH {
        let h = ctx.head(k);
        if h == k {
            return d;
        }
        k = h;
    }
    MAX_DEPTH
}

/// Most head steps climbed from a cue to the attribution that may contain it.
const MAX_NESTING_STEPS: usize = 8;

/// The outermost attribution containing the one at cue `c` in its sentence: only the
/// outermost source is the quote's source (`Cruz said CNN called it “highly significant”`,
/// `according to Trump, the media would call him a “chicken”`, `Nothing the president said
/// “will assuage fears,” the senator said`). Returns the outer cue token (a reporting verb
/// or `according`), or `None` when `c` is outermost.
pub(crate) fn outermost_cue(ctx: &Ctx, c: usize) -> Option<usize> {
    // A cue sharing its subject with a coordinated one (`She said … and warned “…”`) is the
    // same source, not a nested one.
    if ctx.dep(c) == "conj" && ctx.kid(c, &["nsubj", "nsubjpass"]).is_none() {
        return None;
    }
    let sent = ctx.sent(c);
    let speech = |k: usize| {
        !ctx.in_quote(k)
            && ctx.is_verb(k)
            && lexicon::is_speech_verb(ctx.text(k))
            && ctx.kid(k, &["nsubj"]).is_some_and(|s| !ctx.in_quote(s))
    };
    let according = |k: usize| {
        ctx.kids(k)
            .find(|&a| ctx.text(a).eq_ignore_ascii_case("according") && !ctx.in_quote(a) && a != c)
    };
    // A parenthetical attribution hung on the clause (`CNN, Cruz said, called …`).
    let parenthetical = |k: usize| {
        ctx.kids(k)
            .find(|&p| p != c && matches!(ctx.dep(p), "parataxis") && speech(p))
    };
    let mut found = None;
    let mut k = c;
    if is_trailing_report(ctx, c) {
        return None;
    }
    if let Some(p) = parenthetical(k).or_else(|| according(k)) {
        found = Some(p);
    }
    // A paragraph break ends the sentence whatever the parser merged across it.
    let para = ctx.para[c];
    for _ in 0..MAX_NESTING_STEPS {
        let h = ctx.head(k);
        if h == k || ctx.sent(h) != sent || ctx.para[h] != para {
            break;
        }
        if speech(h) && matches!(ctx.dep(k), "ccomp" | "parataxis") && h != c {
            found = Some(h);
        } else if let Some(p) = according(h).or_else(|| parenthetical(h)) {
            found = Some(p);
        }
        k = h;
    }
    found
}

/// A report clause right after a quote (`X said: “…,” the Times reported`): the parser hangs
/// it under the first cue, but the paper that reports the quote is its outermost source.
fn is_trailing_report(ctx: &Ctx, c: usize) -> bool {
    matches!(ctx.dep(c), "ccomp" | "parataxis")
        && ctx.head(c) < c
        && ctx
            .kid(c, &["nsubj"])
            .is_some_and(|s| s < c && after_closing_mark(ctx, ctx.left(s) as usize))
}

/// Whether token `k` follows a quote that a comma closes, in its paragraph (`“…,” k` or
/// `“…”, k`; white space skipped).
fn after_closing_mark(ctx: &Ctx, k: usize) -> bool {
    let para = ctx.para[k];
    let mut before = (k.saturating_sub(5)..k)
        .rev()
        .filter(|&j| !ctx.text(j).trim().is_empty());
    let (Some(x), Some(y)) = (before.next(), before.next()) else {
        return false;
    };
    ctx.para[y] == para
        && ((ctx.is_mark(x) && ctx.text(y) == ",") || (ctx.text(x) == "," && ctx.is_mark(y)))
}

/// Most words in a paragraph that can be a headline.
const MAX_HEADLINE_WORDS: usize = 30;
/// Share of capitalised words (outside quotes, in percent) from which a paragraph is a
/// headline.
const HEADLINE_CAPS_PERCENT: usize = 70;

/// Whether token `a` sits in a headline: a short paragraph in Title Case, where a capitalised
/// quote is no title of a work (`Warren Calls Plan ‘A Recipe for Disaster’`).
pub(crate) fn in_headline(ctx: &Ctx, a: usize) -> bool {
    let para = ctx.para[a];
    let lo = ctx.para_start(a);
    let (mut words, mut caps) = (0usize, 0usize);
    for k in (lo..ctx.len()).take_while(|&k| ctx.para[k] == para) {
        if ctx.in_quote(k) {
            continue;
        }
        let t = ctx.text(k);
        let Some(c) = t.chars().next().filter(|c| c.is_alphabetic()) else {
            continue;
        };
        words += 1;
        if words > MAX_HEADLINE_WORDS {
            return false;
        }
        if c.is_uppercase() {
            caps += 1;
        }
    }
    words > 1 && caps * 100 >= words * HEADLINE_CAPS_PERCENT
}

/// Most words in a name signed after a dash (`― Maria de la Cruz`).
const MAX_SIGNATURE_WORDS: usize = 6;

/// Whether token `k` is a dash that can introduce a signature.
fn is_dash(ctx: &Ctx, k: usize) -> bool {
    matches!(ctx.text(k), "―" | "—" | "–" | "-" | "--")
}

/// Dash characters that sign a quote.
const DASHES: &[char] = &['―', '—', '–', '-'];

/// Whether token `k` is a closing quotation mark glued to a dash (`”―` in `“…”― Ana Ortiz`):
/// the tokenizer keeps the two together when no space separates them.
fn is_glued_dash(ctx: &Ctx, k: usize) -> bool {
    let t = ctx.text(k);
    let mut chars = t.chars();
    let first = chars.next();
    let last = chars.next_back();
    first.is_some_and(|c| matches!(c, '”' | '"' | '’' | '\''))
        && last.is_some_and(|c| DASHES.contains(&c))
        && chars.all(|c| DASHES.contains(&c))
}

/// The bytes of the dash of signature dash token `k` (without a closing mark glued to it).
pub(crate) fn dash_bytes(ctx: &Ctx, k: usize) -> (usize, usize) {
    let (s, e) = ctx.bytes(k, k);
    let t = ctx.text(k);
    let mark = t
        .char_indices()
        .find(|&(_, c)| DASHES.contains(&c))
        .map_or(0, |(i, _)| i);
    (s + mark, e)
}

/// Whitespace within a line (no line break): a no-break space, a run of spaces.
fn is_inline_space(t: &str) -> bool {
    !t.is_empty() && t.trim().is_empty() && !t.contains('\n')
}

/// A name signed after a dash right after a quote, in the same paragraph or alone in the
/// next one (`“…” ― Maria Lopez`, `"…" ¶ - Bernie Sanders.`): `(dash, last name token)`.
/// `after` is the first token after the quote. The name is capitalised words only and ends
/// the paragraph, or is followed by a comma, period or parenthesis (`— Jo Lee (@jolee)`).
pub(crate) fn dash_signature(ctx: &Ctx, after: usize) -> Option<(usize, usize)> {
    let quote_para = ctx.para[after.checked_sub(1)?];
    let dash = (after..ctx.len())
        .take_while(|&k| ctx.para[k] <= quote_para + 1)
        .find(|&k| !ctx.text(k).trim().is_empty())
        .filter(|&k| (is_dash(ctx, k) || is_glued_dash(ctx, k)) && !ctx.in_quote(k))?;
    // A signature alone in the next paragraph opens it.
    if ctx.para[dash] != quote_para
        && dash > 0
        && ctx.para[dash - 1] == ctx.para[dash]
        && !ctx.text(dash - 1).trim().is_empty()
    {
        return None;
    }
    let para = ctx.para[dash];
    let mut last = None;
    // A no-break space after the dash is a token of its own (`―\u{a0}Jorge Falcon`).
    let mut k = dash + 1;
    while k < ctx.len() && is_inline_space(ctx.text(k)) {
        k += 1;
    }
    let first = k;
    while k < ctx.len() && ctx.para[k] == para && k < first + MAX_SIGNATURE_WORDS {
        let t = ctx.text(k);
        if t.trim().is_empty() || matches!(t, "," | "." | "(") {
            break;
        }
        if ctx.in_quote(k) || !t.starts_with(|c: char| c.is_uppercase()) {
            return None;
        }
        last = Some(k);
        k += 1;
    }
    let last = last?;
    // Only the end of the paragraph or a comma, period or parenthesis may follow the name.
    let ends = k >= ctx.len()
        || ctx.para[k] != para
        || matches!(ctx.text(k), "," | "." | "(")
        || ctx.text(k).contains('\n');
    ends.then_some((dash, last))
}
