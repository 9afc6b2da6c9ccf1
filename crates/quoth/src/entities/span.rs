//! Cleaning a mention span: possessive endings and other edge tokens that are not part of a
//! name.
//!
//! Rules, applied to the NER span (edge rules repeat until nothing changes):
//! 1. Trailing whitespace-only tokens are dropped (the NER may end a span on a newline).
//! 2. A trailing possessive token — `'s`, `’s` (any case) — or a lone apostrophe `'`/`’`
//!    (the plural possessive `Goldman Sachs'`, `Yankees’`) is dropped.
//! 3. If the last remaining token itself ends in a possessive the tokenizer did not split off
//!    (`X's` kept whole), those bytes are cut from the span; the token range still includes
//!    the token (the span ends inside it).
//! 4. An unclosed bracket (`The World Health Organization (WHO`) cuts the span before the
//!    bracket.
//! 5. Leading whitespace-only tokens are dropped.
//! 6. For names (not value labels such as MONEY, where `$` matters), edge tokens with no letter
//!    or digit — emoji, dashes, quote marks (`🚀 SpaceX`) — are dropped from both ends.
//!    A period attached to an abbreviation that ends a name (`Corp` + `.`, `Sr` + `.`) is kept:
//!    it belongs to the name (`Broken Hill Pty.`).
//! 7. A person's name never ends inside a hyphenated given name: when a PERSON span's last
//!    token is followed, with no space, by a hyphen and a short lower-case syllable (`-in`
//!    after `Moon Jae`, `-un` after `Kim Jong`), the span is extended over them (`Moon Jae-in`), unless those
//!    tokens belong to another mention. Nothing else is extended past a hyphen into a word the
//!    model did not tag: `Israeli-controlled`, `UN-sponsored`, `New York-based`,
//!    `Reagan-era` stay `Israeli`, `UN`, `New York`, `Reagan`.
//! 8. An organisation name the NER cut at its `and` is completed: a span starting (after `the`)
//!    with an organisation head and its link word (`Center for`, `Institute of`, see module
//!    `typing`) and ending right before `and` + a capitalised word is extended over `and` and
//!    the capitalised words after it (`the Center for International` + `and Strategic
//!    Studies`), unless they belong to another mention.
//! 9. A name closes what it opened: when the token right after it, attached with no space, is
//!    the closing quote mark of an opening mark left unbalanced inside the name (`the "USS
//!    Cole` + `"`), or the period of an abbreviation or dotted initialism that ends the name
//!    (`U.S` + `.`, `Acme Inc` + `.` at the end of a sentence, where the tokenizer splits the
//!    period off as the full stop), the span takes that token.
//!
//! 10. A mention never crosses a line break (a headline run into the next line: `Zaha Hadid` +
//!     `\n` + `Dame`; a dateline run into the story: `twelve years` + `\n` + `Thursday, May
//!     7, 2015`): [`lines`] cuts the span into its lines; a one-word line is kept only
//!     when the same word is part of another NER span of the document (`Brock Holt` / `Holt`),
//!     so that a section heading (`Career`) run into a name does not become a name.
//!
//! 11. A span never ends on a lower-case function word — a conjunction, preposition, article
//!     or `to` (tags `CC`, `IN`, `DT`, `TO`): the NER's `Saturday and`, `three or`, `the Bank
//!     of` lose it (repeatedly: `the Advice and Consent of the` → `the Advice and Consent`).
//!     The postposition `ago` and the end of a hyphenated word (`49,000-plus`) stay.
//! 12. A number or sum (`CARDINAL`, `MONEY`, `PERCENT`) holds a number: a span with no token
//!     tagged `CD`, no digit and no number word (`a third`, `a dozen`, `multibillion`; not
//!     `one`, which the tagger tells apart from the pronoun) is dropped (`as high as`, `up
//!     to`). `QUANTITY` is left alone: `a ton` counts with its article.
//! 13. A person's name does not start or end with a greeting, thanks, an apology or `please`
//!     (`Sorry Jeff`, `Hi Anna`, `Zamzam Please`): the vocative's word is dropped.
//!
//! 14. A name does not end with the label of a picture credit that follows it (`Ahmed Mohamed
//!     Image` + `: Twitter`, a caption run into its credit): the label is dropped.
//!
//! 15. A person's name does not end with the verb of a title-case headline (`Obama Says`,
//!     `Warren Slams`; [`HEADLINE_VERBS`]): the verb is dropped.
//!
//! Only rules 7, 8 and 9 can make a span reach past the NER's.
//!
//! A span that would become empty is reported as `None` and the mention is dropped.

use quoth_nlp::{Doc, EntitySpan};

/// A mention span: token range (end exclusive) and byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start_token: usize,
    pub end_token: usize,
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The span exactly as the NER gave it.
    pub fn of(e: &EntitySpan) -> Span {
        Span {
            start_token: e.start_token,
            end_token: e.end_token,
            start: e.start,
            end: e.end,
        }
    }
}

fn is_possessive_token(t: &str) -> bool {
    matches!(t, "'s" | "’s" | "'S" | "’S" | "'" | "’")
}

/// Bytes of a possessive ending at the end of one token's text (`Kim's` → 2, `Sachs’` → 3 for
/// the apostrophe only), or 0. The rest of the token must keep at least one letter.
fn possessive_suffix_len(t: &str) -> usize {
    for suf in ["'s", "’s", "'S", "’S"] {
        if let Some(rest) = t.strip_suffix(suf) {
            if rest.chars().any(char::is_alphabetic) {
                return suf.len();
            }
        }
    }
    for apo in ["'", "’"] {
        if let Some(rest) = t.strip_suffix(apo) {
            if rest.ends_with(['s', 'S']) {
                return apo.len();
            }
        }
    }
    0
}

/// Longest syllable rule 7 takes as the rest of a hyphenated given name (`in`, `un`, `hye`,
/// `bak`, `hwan`); longer words after a hyphen are ordinary words (`based`, `controlled`).
const MAX_NAME_SYLLABLE: usize = 4;

/// Short words that follow a hyphen after a name without being part of it (`Reagan-era`,
/// `Trump-led`).
const HYPHEN_WORDS: &[&str] = &[
    "era", "led", "run", "born", "made", "type", "like", "free", "wide", "old", "age", "new",
    "bred", "fed", "held", "pro", "anti", "ish", "day", "year",
];

/// Abbreviations that end names and keep their period (`Corp.`, `Jr.`).
const NAME_ABBREVIATIONS: &[&str] = &[
    "corp", "inc", "co", "cos", "ltd", "pty", "bros", "jr", "sr", "plc", "mfg", "assn", "st",
];

/// Fine-grained tags of the function words rule 11 drops from a span's end.
const TRAILING_FUNCTION_TAGS: &[&str] = &["CC", "IN", "DT", "TO"];

/// Labels of numbers and sums, which must hold a number (rule 12).
const AMOUNT_LABELS: &[&str] = &["CARDINAL", "MONEY", "PERCENT"];

/// Number words, matched inside a token (`multibillion-dollar`, `thirds`), for numbers the
/// tagger does not tag `CD`: fractions (`a third`), `a dozen`, a capitalised `Three`.
const NUMBER_STEMS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
    "teen", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
    "hundred", "thousand", "million", "billion", "trillion", "dozen", "half", "third", "quarter",
    "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "single",
];

/// Words said to a person that the NER runs into the name (rule 13), lower case.
const VOCATIVE_WORDS: &[&str] = &[
    "sorry", "please", "thanks", "thank", "hi", "hello", "hey", "bye", "goodbye", "okay", "ok",
];

/// Whether `w` is one of [`VOCATIVE_WORDS`], in any case, with a trailing comma or not.
fn is_vocative_word(w: &str) -> bool {
    let w = w.trim_end_matches(',');
    VOCATIVE_WORDS.iter().any(|v| v.eq_ignore_ascii_case(w))
}

/// Verbs a title-case headline puts right after a person's name (rule 15), lower case: the
/// NER runs them into the name (`Obama Says African-American Museum Will ...`).
const HEADLINE_VERBS: &[&str] = &[
    "says", "said", "tells", "told", "urges", "warns", "asks", "calls", "claims", "slams", "vows",
    "admits", "denies", "blasts", "seeks", "wants", "hammers", "defends", "praises", "rips",
    "accuses", "insists",
];

/// Whether `w` is one of [`HEADLINE_VERBS`] written with a capital (`Says`, `SAYS`).
fn is_headline_verb(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
        && HEADLINE_VERBS.iter().any(|v| v.eq_ignore_ascii_case(w))
}

/// Lower-case words tagged as prepositions that end a phrase (`ten years ago`).
const POSTPOSITIONS: &[&str] = &["ago"];

/// Whether token `i` of `doc` is a number (rule 12).
fn is_number_token(doc: &Doc, i: usize) -> bool {
    let t = &doc.tokens[i];
    let w = doc.text.get(t.start..t.end).unwrap_or("");
    &*t.tag == "CD"
        || w.chars().any(|c| c.is_ascii_digit())
        || NUMBER_STEMS.iter().any(|stem| {
            w.as_bytes()
                .windows(stem.len())
                .any(|win| win.eq_ignore_ascii_case(stem.as_bytes()))
        })
}

/// Whether token `i` is a lower-case function word that cannot end a span (rule 11).
fn is_trailing_function_word(doc: &Doc, i: usize) -> bool {
    let t = &doc.tokens[i];
    let w = doc.text.get(t.start..t.end).unwrap_or("");
    let hyphenated = i > 0 && {
        let p = &doc.tokens[i - 1];
        !p.whitespace && doc.text.get(p.start..p.end) == Some("-")
    };
    TRAILING_FUNCTION_TAGS.contains(&&*t.tag)
        && !w.chars().any(char::is_uppercase)
        && !POSTPOSITIONS.contains(&w)
        && !hyphenated
}

/// Whether a token has no letter or digit (emoji, punctuation, symbols).
fn is_symbol_only(t: &str) -> bool {
    !t.chars().any(char::is_alphanumeric)
}

/// Clean one NER span by the rules in the module docs; `name` says whether the mention is a
/// name (rule 6). Spans whose token range does not fit the document are returned unchanged
/// (never a panic).
pub(crate) fn clean(doc: &Doc, e: &EntitySpan, name: bool) -> Option<Span> {
    let mut sp = trim(doc, e, name)?;
    if name {
        sp = close_name(doc, sp);
    }
    Some(if &*e.label == super::labels::PERSON {
        extend_hyphenated(doc, sp)
    } else if name {
        extend_org_name(doc, sp)
    } else {
        sp
    })
}

/// Rule 10: the pieces of `sp` on separate lines (just `sp` when it is on one line).
pub(crate) fn lines(doc: &Doc, sp: Span) -> Vec<Span> {
    let toks = &doc.tokens;
    if sp.start_token >= sp.end_token || sp.end_token > toks.len() {
        return vec![sp];
    }
    let text = |i: usize| doc.text.get(toks[i].start..toks[i].end).unwrap_or("");
    let breaks = |i: usize| {
        // a line break inside token i (a whitespace token) or between it and the next
        text(i).contains('\n')
            || (i + 1 < toks.len()
                && doc
                    .text
                    .get(toks[i].end..toks[i + 1].start)
                    .is_some_and(|g| g.contains('\n')))
    };
    if !(sp.start_token..sp.end_token - 1).any(breaks) {
        return vec![sp];
    }
    let mut out = Vec::new();
    let mut a = sp.start_token;
    for i in sp.start_token..sp.end_token {
        if i + 1 == sp.end_token || breaks(i) {
            let mut b = i + 1;
            while b > a && text(b - 1).trim().is_empty() {
                b -= 1;
            }
            let mut st = a;
            while st < b && text(st).trim().is_empty() {
                st += 1;
            }
            if st < b && (b - st > 1 || word_elsewhere(doc, sp, text(st))) {
                out.push(Span {
                    start_token: st,
                    end_token: b,
                    start: toks[st].start,
                    end: if b == sp.end_token {
                        sp.end
                    } else {
                        toks[b - 1].end
                    },
                });
            }
            a = i + 1;
        }
    }
    out
}

/// Whether `word` is a token of an NER span of the document other than the one over `sp`.
fn word_elsewhere(doc: &Doc, sp: Span, word: &str) -> bool {
    doc.entities.iter().any(|e| {
        (e.end_token <= sp.start_token || e.start_token >= sp.end_token)
            && e.end_token <= doc.tokens.len()
            && (e.start_token..e.end_token)
                .any(|k| doc.text.get(doc.tokens[k].start..doc.tokens[k].end) == Some(word))
    })
}

/// Rule 8: complete `Center for X` over `and Y Z` (capitalised words).
fn extend_org_name(doc: &Doc, sp: Span) -> Span {
    let toks = &doc.tokens;
    let text = |i: usize| {
        toks.get(i)
            .and_then(|t| doc.text.get(t.start..t.end))
            .unwrap_or("")
    };
    let capitalised = |i: usize| text(i).chars().next().is_some_and(char::is_uppercase);
    let (st, et) = (sp.start_token, sp.end_token);
    if et >= toks.len() || sp.end != toks[et - 1].end || !super::typing::is_org_head(doc, st, et) {
        return sp;
    }
    if text(et) != "and" || !capitalised(et + 1) {
        return sp;
    }
    let mut end = et + 1;
    while end < toks.len() && capitalised(end) {
        end += 1;
    }
    let taken = doc
        .entities
        .iter()
        .any(|o| o.start_token < end && et <= o.start_token);
    if taken {
        return sp;
    }
    Span {
        end_token: end,
        end: toks[end - 1].end,
        ..sp
    }
}

/// Opening and closing quote marks a name may enclose part of itself in (rule 9).
const QUOTE_PAIRS: &[(char, char)] = &[('"', '"'), ('“', '”'), ('‘', '’'), ('«', '»')];

/// Whether `inner` leaves the quote `open … close` open (more openings than closings; for a
/// mark that opens and closes alike, an odd count).
fn leaves_quote_open(inner: &str, open: char, close: char) -> bool {
    if open == close {
        inner.matches(open).count() % 2 == 1
    } else {
        inner.matches(open).count() > inner.matches(close).count()
    }
}

/// Whether `w` is an abbreviation whose period belongs to the name it ends: a listed one
/// (`Inc`, `Jr`) or a dotted initialism (`U.S`, `D.C`).
fn takes_period(w: &str) -> bool {
    NAME_ABBREVIATIONS.contains(&w.to_lowercase().as_str())
        || (w.contains('.')
            && w.split('.')
                .all(|part| part.chars().count() == 1 && part.chars().all(char::is_uppercase)))
}

/// Rule 9: take the attached closing quote or abbreviation period that ends the name.
fn close_name(doc: &Doc, sp: Span) -> Span {
    let toks = &doc.tokens;
    let et = sp.end_token;
    let (Some(last), Some(next)) = (et.checked_sub(1).and_then(|i| toks.get(i)), toks.get(et))
    else {
        return sp;
    };
    if sp.end != last.end || last.whitespace || last.end != next.start {
        return sp;
    }
    let inner = doc.text.get(sp.start..sp.end).unwrap_or("");
    let word = doc.text.get(last.start..last.end).unwrap_or("");
    let after = doc.text.get(next.start..next.end).unwrap_or("");
    let closes_quote = QUOTE_PAIRS.iter().any(|&(open, close)| {
        after.chars().eq(std::iter::once(close)) && leaves_quote_open(inner, open, close)
    });
    if closes_quote || (after == "." && takes_period(word)) {
        Span {
            end_token: et + 1,
            end: next.end,
            ..sp
        }
    } else {
        sp
    }
}

/// Whether `w` may be the rest of a hyphenated given name (rule 7).
fn is_name_syllable(w: &str) -> bool {
    let n = w.chars().count();
    (1..=MAX_NAME_SYLLABLE).contains(&n)
        && w.chars().all(|c| c.is_alphabetic() && c.is_lowercase())
        && !HYPHEN_WORDS.contains(&w)
}

/// Rule 7: extend a name over an attached `-word` continuation.
fn extend_hyphenated(doc: &Doc, sp: Span) -> Span {
    let toks = &doc.tokens;
    let et = sp.end_token;
    if et + 1 >= toks.len() || et == 0 || sp.end != toks[et - 1].end {
        return sp;
    }
    let (last, hyphen, word) = (&toks[et - 1], &toks[et], &toks[et + 1]);
    let text = |t: &quoth_nlp::Token| doc.text.get(t.start..t.end).unwrap_or("");
    let attached = !last.whitespace
        && last.end == hyphen.start
        && !hyphen.whitespace
        && hyphen.end == word.start
        && matches!(text(hyphen), "-" | "\u{2010}" | "\u{2011}")
        && is_name_syllable(text(word));
    if attached
        && !doc
            .entities
            .iter()
            .any(|o| (et..et + 2).contains(&o.start_token))
    {
        Span {
            end_token: et + 2,
            end: word.end,
            ..sp
        }
    } else {
        sp
    }
}

/// Words that label a picture credit (`Image: X`, `Photo by X`, `(Credit: X)`).
const CREDIT_LABELS: [&str; 6] = ["image", "images", "photo", "photos", "photograph", "credit"];

/// Whether `word` labels a picture credit (`Image`, `Photo`, any case).
pub(crate) fn is_credit_label(word: &str) -> bool {
    CREDIT_LABELS.iter().any(|l| word.eq_ignore_ascii_case(l))
}

/// Rules 1–6, 13 and 14.
fn trim(doc: &Doc, e: &EntitySpan, name: bool) -> Option<Span> {
    let raw = Span::of(e);
    if e.start_token >= e.end_token || e.end_token > doc.tokens.len() {
        return (raw.start < raw.end).then_some(raw);
    }
    let text = |i: usize| -> &str {
        let t = &doc.tokens[i];
        doc.text.get(t.start..t.end).unwrap_or("")
    };
    let mut st = e.start_token;
    let mut et = e.end_token;
    // edge junk the name rules drop (rules 1 and 6)
    let junk = |i: usize| text(i).trim().is_empty() || (name && is_symbol_only(text(i)));
    // a period attached to an abbreviation that ends a name stays (rule 6)
    let abbreviation_period = |i: usize| {
        i > e.start_token
            && text(i) == "."
            && !doc.tokens[i - 1].whitespace
            && NAME_ABBREVIATIONS.contains(&text(i - 1).to_lowercase().as_str())
    };
    let mut possessive_cut = false;
    loop {
        // edge junk (rules 1, 6) and, leaving a word, a trailing function word (rule 11)
        while et > st
            && ((junk(et - 1) && !abbreviation_period(et - 1))
                || (et > st + 1 && is_trailing_function_word(doc, et - 1)))
        {
            et -= 1;
        }
        // rule 2, once (`Korea's .` → `Korea`)
        if !possessive_cut && et > st + 1 && is_possessive_token(text(et - 1)) {
            et -= 1;
            possessive_cut = true;
            continue;
        }
        break;
    }
    if let Some(open) = (st + 1..et).rev().find(|&i| text(i) == "(") {
        if !(open + 1..et).any(|i| text(i) == ")") {
            et = open;
            while et > st && junk(et - 1) {
                et -= 1;
            }
        }
    }
    while st < et && junk(st) {
        st += 1;
    }
    if &*e.label == super::labels::PERSON {
        while et > st + 1 && is_vocative_word(text(st)) {
            st += 1;
            while st < et && junk(st) {
                st += 1;
            }
        }
        while et > st + 1 && is_vocative_word(text(et - 1)) {
            et -= 1;
            while et > st + 1 && junk(et - 1) {
                et -= 1;
            }
        }
        // rule 15
        while et > st + 1 && is_headline_verb(text(et - 1)) {
            et -= 1;
        }
    }
    if name {
        // rule 14
        // (singular labels only: `Getty Images`, `Magnum Photos` are agencies' names)
        while et > st + 1
            && is_credit_label(text(et - 1))
            && !text(et - 1).ends_with(['s', 'S'])
            && doc.word(et) == ":"
        {
            et -= 1;
            while et > st + 1 && junk(et - 1) {
                et -= 1;
            }
        }
    }
    if st >= et
        || (AMOUNT_LABELS.contains(&&*e.label) && !(st..et).any(|i| is_number_token(doc, i)))
    {
        return None;
    }
    let start = doc.tokens[st].start;
    let mut end = doc.tokens[et - 1].end;
    end -= possessive_suffix_len(text(et - 1));
    (start < end).then_some(Span {
        start_token: st,
        end_token: et,
        start,
        end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn possessive_suffix_in_one_token() {
        assert_eq!(possessive_suffix_len("Kim's"), 2);
        assert_eq!(possessive_suffix_len("Korea’s"), "’s".len());
        assert_eq!(possessive_suffix_len("Sachs'"), 1);
        assert_eq!(possessive_suffix_len("Yankees’"), "’".len());
        assert_eq!(possessive_suffix_len("'s"), 0);
        assert_eq!(possessive_suffix_len("Korea"), 0);
        assert_eq!(possessive_suffix_len("rock'"), 0);
    }

    #[test]
    fn symbol_only_tokens() {
        for t in ["🚀", "\"", "“", "-", "—", "(", "$"] {
            assert!(is_symbol_only(t), "{t}");
        }
        for t in ["A", "7", "AT&T", "U.S."] {
            assert!(!is_symbol_only(t), "{t}");
        }
    }

    #[test]
    fn quotes_left_open() {
        assert!(leaves_quote_open("the \"USS Cole", '"', '"'));
        assert!(!leaves_quote_open("the \"USS\" Cole", '"', '"'));
        assert!(leaves_quote_open("“Feeding Frenzy", '“', '”'));
        assert!(!leaves_quote_open("“Feeding” Frenzy", '“', '”'));
    }

    #[test]
    fn abbreviations_that_take_their_period() {
        for w in ["U.S", "D.C", "U.N", "Inc", "Jr", "corp"] {
            assert!(takes_period(w), "{w}");
        }
        for w in ["US", "Paris", "U.Sa", "u.s", "Street", ""] {
            assert!(!takes_period(w), "{w}");
        }
    }

    #[test]
    fn name_syllables() {
        for w in ["in", "un", "hye", "bak", "hwan"] {
            assert!(is_name_syllable(w), "{w}");
        }
        for w in ["based", "controlled", "era", "led", "A", "Palestinian", ""] {
            assert!(!is_name_syllable(w), "{w}");
        }
    }

    #[test]
    fn possessive_tokens() {
        for t in ["'s", "’s", "'S", "'", "’"] {
            assert!(is_possessive_token(t), "{t}");
        }
        assert!(!is_possessive_token("s"));
        assert!(!is_possessive_token("’ll"));
    }
}
