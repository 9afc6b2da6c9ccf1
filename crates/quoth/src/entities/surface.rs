//! Surface forms of mentions: word splitting, normalisation, honorifics and titles.
//!
//! A mention's *key* is its text split on whitespace, each word lower-cased with curly
//! apostrophes made straight, Latin letters without diacritics (`José` → `jose`) and dotted
//! initialisms undotted (`U.S.` → `us`), after dropping a leading `the` and leading
//! honorifics/titles (see [`Surface::new`]). Two name mentions with the same key are the same
//! entity.

use super::fold_table::FOLD;

/// Courtesy honorifics, matched with or without a final period (`Mr`/`Mr.`). Always stripped
/// from the front of a mention and always evidence that the mention is a person.
const COURTESY: &[&str] = &["mr", "mrs", "ms", "mx", "dr", "miss", "sir", "dame"];

/// Abbreviated titles, matched only with their period (`Sen.`, not `Sen`). Always stripped and
/// always person evidence.
const ABBREVIATED: &[&str] = &[
    "prof", "rev", "sen", "rep", "gov", "gen", "lt", "col", "sgt", "capt", "cpl", "adm", "maj",
    "pres", "atty", "supt", "fr", "msgr", "hon", "cmdr", "insp", "det",
];

/// Titles and roles written out. Person evidence when one leads the mention or immediately
/// precedes it (`President Trump`, `leader Kim Jong Un`); stripped from the front of the key
/// only when the NER labelled the mention PERSON (so `General Motors` keeps its `General`).
const TITLES: &[&str] = &[
    "president",
    "minister",
    "chancellor",
    "senator",
    "governor",
    "congressman",
    "congresswoman",
    "representative",
    "mayor",
    "judge",
    "justice",
    "general",
    "secretary",
    "premier",
    "ambassador",
    "chairman",
    "chairwoman",
    "coach",
    "speaker",
    "leader",
    "lieutenant",
    "colonel",
    "sergeant",
    "captain",
    "admiral",
    "commissioner",
    "sheriff",
    "detective",
    "professor",
    "bishop",
    "archbishop",
    "rabbi",
    "imam",
    "spokesman",
    "spokeswoman",
    "spokesperson",
];

/// Words that make a title a lesser or other office (`vice presidential nominee`, `deputy
/// secretary`, `former president`): a description without the word is not that holder's.
const RANK_MODIFIERS: &[&str] = &[
    "vice",
    "deputy",
    "assistant",
    "associate",
    "acting",
    "interim",
    "former",
    "lieutenant",
];

/// Whether `word` changes the rank of the title after it (see [`RANK_MODIFIERS`]).
pub(crate) fn is_rank_modifier(word: &str) -> bool {
    RANK_MODIFIERS.iter().any(|m| word.eq_ignore_ascii_case(m))
}

/// Words that only qualify a following title (`Vice President`, `Prime Minister`, `House
/// Speaker`); stripped together with it, never alone.
const TITLE_MODIFIERS: &[&str] = &[
    "vice",
    "prime",
    "deputy",
    "foreign",
    "defense",
    "defence",
    "finance",
    "supreme",
    "chief",
    "first",
    "acting",
    "former",
    "assistant",
    "attorney",
    "majority",
    "minority",
    "house",
    "senate",
    "state",
];

/// Royal and religious titles: person evidence when they precede a mention, but kept in the
/// key because they are part of how the person is named (`Pope Francis`, `King Charles`).
const REGNAL: &[&str] = &[
    "king",
    "queen",
    "prince",
    "princess",
    "pope",
    "emir",
    "sheikh",
    "ayatollah",
];

/// Generational suffixes: not a surname (`Martin Luther King Jr.` has surname `king`).
const SUFFIXES: &[&str] = &["jr", "sr", "ii", "iii", "iv"];

/// Corporate-form endings dropped from ORG keys (`Tesla Inc.` = `Tesla`).
const CORPORATE: &[&str] = &[
    "inc", "corp", "co", "ltd", "llc", "plc", "ag", "sa", "nv", "lp", "llp", "gmbh",
];

/// Words skipped when forming an acronym from a full name.
pub(crate) const ACRONYM_SKIP: &[&str] = &[
    "of", "and", "for", "the", "on", "in", "at", "to", "&", "de", "du", "la", "der",
];

/// What kind of leading word this is, for honorific handling.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TitleKind {
    /// Courtesy honorific or abbreviated title: always stripped, always person evidence.
    Honorific,
    /// Written-out title or role: stripped from PERSON mentions, person evidence.
    Title,
    /// Qualifies a following title.
    Modifier,
    /// Royal/religious: evidence only.
    Regnal,
}

/// Whether `word` is a courtesy honorific (`Mr.`, `Ms`, `Dr.`, any case): no role.
pub(crate) fn is_courtesy(word: &str) -> bool {
    let lower = word.to_lowercase();
    COURTESY.contains(&lower.strip_suffix('.').unwrap_or(&lower))
}

/// Classify one word (original casing) as a title, if it is one.
fn title_kind(word: &str) -> Option<TitleKind> {
    let lower = word.to_lowercase();
    let (bare, dotted) = match lower.strip_suffix('.') {
        Some(b) => (b, true),
        None => (lower.as_str(), false),
    };
    if COURTESY.contains(&bare) {
        return Some(TitleKind::Honorific);
    }
    if dotted && ABBREVIATED.contains(&bare) {
        return Some(TitleKind::Honorific);
    }
    if dotted {
        return None;
    }
    if TITLES.contains(&bare) {
        Some(TitleKind::Title)
    } else if TITLE_MODIFIERS.contains(&bare) {
        Some(TitleKind::Modifier)
    } else if REGNAL.contains(&bare) {
        Some(TitleKind::Regnal)
    } else {
        None
    }
}

/// Abbreviated titles written out, for roles (`Sen.` → `senator`).
const ABBREVIATION_ROLES: &[(&str, &str)] = &[
    ("prof", "professor"),
    ("rev", "reverend"),
    ("sen", "senator"),
    ("rep", "representative"),
    ("gov", "governor"),
    ("gen", "general"),
    ("lt", "lieutenant"),
    ("col", "colonel"),
    ("sgt", "sergeant"),
    ("capt", "captain"),
    ("cpl", "corporal"),
    ("adm", "admiral"),
    ("maj", "major"),
    ("pres", "president"),
    ("atty", "attorney"),
    ("supt", "superintendent"),
    ("fr", "father"),
    ("msgr", "monsignor"),
    ("cmdr", "commander"),
    ("insp", "inspector"),
    ("det", "detective"),
    ("dr", "doctor"),
];

/// The role a title word names: `None` when `word` is no title word, `Some(None)` for a title
/// word that names no role (courtesy honorifics, modifiers such as `Vice`), else the role,
/// lower-cased and written out (`Sen.` → `senator`, `Chairman` → `chairman`).
pub(crate) fn title_role(word: &str) -> Option<Option<String>> {
    let kind = title_kind(word)?;
    let lower = word.to_lowercase();
    let bare = lower.trim_end_matches('.');
    Some(match kind {
        TitleKind::Honorific => ABBREVIATION_ROLES
            .iter()
            .find(|(a, _)| *a == bare)
            .map(|(_, r)| r.to_string()),
        TitleKind::Modifier => None,
        TitleKind::Title | TitleKind::Regnal => Some(bare.to_string()),
    })
}

/// Whether `word` (a token just before a mention) marks the mention as a person.
pub(crate) fn is_person_cue(word: &str) -> bool {
    matches!(
        title_kind(word),
        Some(TitleKind::Honorific | TitleKind::Title | TitleKind::Regnal)
    )
}

/// Normalise one word for comparison: lower case, straight apostrophes, Latin letters
/// without their diacritics (`José` = `Jose`, `Ḥadīd` = `Hadid`: wire copy often drops them),
/// dotted initialisms (`U.S.`, `U.N.`) without their dots.
pub(crate) fn normalise_word(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' | '`' | '\u{00B4}' => out.push('\''),
            // double quotation marks are no part of a name's words (`"Bobby"` = `Bobby`)
            '"' | '\u{201C}' | '\u{201D}' => {}
            _ => out.extend(c.to_lowercase().map(fold_diacritics)),
        }
    }
    if is_dotted_initialism(&out) {
        out.retain(|c| c != '.');
    }
    out
}

/// The ASCII letter a Latin letter with diacritics folds to (`é` → `e`, see
/// `scripts/gen_fold_table.py`); any other character unchanged.
fn fold_diacritics(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    FOLD.binary_search_by_key(&c, |&(k, _)| k)
        .map_or(c, |i| FOLD[i].1)
}

/// `u.s.`, `u.n`, `e.u.`: single letters separated by periods.
fn is_dotted_initialism(w: &str) -> bool {
    let mut letters = 0;
    let mut expect_letter = true;
    for c in w.chars() {
        if expect_letter {
            if !c.is_alphabetic() {
                return false;
            }
            letters += 1;
        } else if c != '.' {
            return false;
        }
        expect_letter = !expect_letter;
    }
    letters >= 2
}

/// Whitespace-separated words of `s` with their byte offsets.
pub(crate) fn words(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.split_whitespace().map(move |w| {
        // `w` is a sub-slice of `s`, so the pointer difference is its byte offset.
        let off = w.as_ptr() as usize - s.as_ptr() as usize;
        (off, w)
    })
}

/// The comparable surface form of one mention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Surface {
    /// Normalised words of the key.
    pub words: Vec<String>,
    /// `words` joined by single spaces: the grouping key.
    pub key: String,
    /// Byte range of the display form inside the mention text (honorifics and `the` dropped).
    pub display: (usize, usize),
    /// Whether a leading honorific or title was in the mention itself.
    pub person_cue: bool,
    /// Whether the display form is one all-capitals word of 2–6 letters (possible acronym).
    pub acronym: bool,
    /// Whether a corporate ending was dropped (`Hearst Corp.`): the mention names a firm.
    pub corporate: bool,
}

impl Surface {
    /// Build the surface form of a mention text. `strip_titles` says whether written-out titles
    /// may be stripped (the NER labelled the mention PERSON); `corporate` whether corporate-form
    /// endings are dropped (ORG); `value` whether this is a number/date label, for which
    /// nothing is stripped.
    pub fn new(text: &str, strip_titles: bool, corporate: bool, value: bool) -> Surface {
        let all: Vec<(usize, &str)> = words(text).collect();
        let mut first = 0;
        let mut last = all.len();
        let mut person_cue = false;
        if !value {
            // Leading honorifics/titles: the longest run of title words, stripped when it holds
            // an honorific, or a title on a PERSON mention, and leaves a word behind.
            let mut run = 0;
            let mut has_honorific = false;
            let mut has_title = false;
            while run < all.len() {
                match title_kind(all[run].1) {
                    Some(TitleKind::Honorific) => has_honorific = true,
                    Some(TitleKind::Title) => has_title = true,
                    Some(TitleKind::Modifier) => {}
                    Some(TitleKind::Regnal) | None => break,
                }
                run += 1;
            }
            // Trailing modifiers in the run qualify nothing; do not strip them.
            while run > 0 && title_kind(all[run - 1].1) == Some(TitleKind::Modifier) {
                run -= 1;
            }
            // A written-out title leading an ORG/GPE span is part of its name (`General
            // Motors`, `Justice Department`), so only honorifics are cues there.
            let strip = has_honorific || (has_title && strip_titles);
            // a title alone is no cue: `Miss.` the state, `Gen.` the company
            person_cue = strip && run < all.len();
            if strip && run < all.len() {
                first = run;
            }
            if first + 1 < all.len() && all[first].1.eq_ignore_ascii_case("the") {
                first += 1;
            }
            if corporate {
                let mut dropped = false;
                while last > first + 1 {
                    let w = normalise_word(all[last - 1].1);
                    let w = w.trim_end_matches('.').trim_end_matches(',');
                    let w: String = w.chars().filter(|c| *c != '.').collect();
                    if CORPORATE.contains(&w.as_str()) {
                        last -= 1;
                        dropped = true;
                    } else if dropped && (w == "&" || w == "and") {
                        // `JPMorgan Chase & Co.` → `JPMorgan Chase`
                        last -= 1;
                    } else {
                        break;
                    }
                }
            }
        }
        let kept = &all[first..last];
        let words: Vec<String> = kept
            .iter()
            .map(|(_, w)| {
                let n = normalise_word(w);
                // a comma left before a dropped corporate ending (`Apple, Inc.`)
                match n.strip_suffix(',') {
                    Some(s) if corporate && last < all.len() => s.to_string(),
                    _ => n,
                }
            })
            .collect();
        let key = words.join(" ");
        let display = match (kept.first(), kept.last()) {
            (Some(&(s, _)), Some(&(e, w))) => {
                let mut end = e + w.len();
                if corporate && last < all.len() {
                    end = s + text[s..end].trim_end_matches(',').len();
                }
                (s, end)
            }
            _ => (0, text.len()),
        };
        let acronym = kept.len() == 1 && {
            let letters: Vec<char> = kept[0].1.chars().filter(|c| c.is_alphabetic()).collect();
            (2..=6).contains(&letters.len())
                && letters.iter().all(|c| c.is_uppercase())
                && kept[0].1.chars().all(|c| c.is_alphabetic() || c == '.')
        };
        Surface {
            words,
            key,
            display,
            person_cue,
            acronym,
            corporate: corporate && last < all.len(),
        }
    }

    /// Words usable for person-name matching: no generational suffix, no word without letters
    /// (`Serena Williams 6-2` → `serena williams`). Also says whether a suffix was present.
    pub fn name_words(&self) -> (Vec<&str>, bool) {
        let mut suffix = false;
        let mut out = Vec::with_capacity(self.words.len());
        for w in &self.words {
            let bare = w.trim_end_matches('.').trim_end_matches(',');
            if SUFFIXES.contains(&bare) {
                suffix = true;
            } else if w.chars().any(char::is_alphabetic) {
                out.push(w.as_str());
            }
        }
        (out, suffix)
    }

    /// Initials of the words of a full name, skipping function words (`World Health
    /// Organization` → `who`). `None` for one-word names.
    pub fn initials(&self) -> Option<String> {
        if self.words.len() < 2 {
            return None;
        }
        let s: String = self
            .words
            .iter()
            .filter(|w| !ACRONYM_SKIP.contains(&w.as_str()))
            .filter_map(|w| w.chars().find(|c| c.is_alphanumeric()))
            .collect();
        (s.chars().count() >= 2).then_some(s)
    }
}

/// Spoken fillers and interjections that the NER takes for names in transcripts (`Mm.`).
pub(crate) const FILLERS: &[&str] = &[
    "mm", "mmm", "mhm", "hm", "hmm", "uh", "um", "umm", "er", "erm", "ah", "eh", "huh", "oh",
    "uh-huh", "ugh", "yeah",
];

/// Whether every word of `text` is a spoken filler (`Mm`, `Mm mm mm`, `Uh, um`).
pub(crate) fn is_filler(text: &str) -> bool {
    let mut words = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
        .peekable();
    words.peek().is_some()
        && words.all(|w| {
            let w = w.trim_matches(|c: char| c.is_ascii_punctuation() && c != '-');
            FILLERS.iter().any(|f| f.eq_ignore_ascii_case(w))
        })
}

/// Whether one word (a token) is a spoken filler.
pub(crate) fn is_filler_word(word: &str) -> bool {
    FILLERS.iter().any(|f| f.eq_ignore_ascii_case(word))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(text: &str, person: bool) -> String {
        Surface::new(text, person, false, false).key
    }

    #[test]
    fn normalises_case_apostrophes_and_initialisms() {
        assert_eq!(normalise_word("O’Rourke"), "o'rourke");
        assert_eq!(normalise_word("U.S."), "us");
        assert_eq!(normalise_word("U.N"), "un");
        assert_eq!(normalise_word("Jr."), "jr.");
        assert_eq!(normalise_word("St."), "st.");
        assert_eq!(normalise_word("José"), "jose");
        assert_eq!(normalise_word("Ḥadīd"), "hadid");
        assert_eq!(normalise_word("Ichiyō"), "ichiyo");
        // Letters with a stroke too; two-letter ones and other scripts stay.
        assert_eq!(normalise_word("Łódź"), "lodz");
        assert_eq!(normalise_word("Øhav"), "ohav");
        assert_eq!(normalise_word("Straße"), "straße");
        assert_eq!(normalise_word("樋口"), "樋口");
    }

    #[test]
    fn strips_leading_the_and_honorifics() {
        assert_eq!(key("the Federal Reserve", false), "federal reserve");
        assert_eq!(key("The Hague", false), "hague");
        assert_eq!(key("Mr. Trump", false), "trump");
        assert_eq!(key("Ms Terry", true), "terry");
        assert_eq!(key("Sen. Elizabeth Warren", false), "elizabeth warren");
        // a lone honorific is not stripped to nothing
        assert_eq!(key("Mr.", true), "mr.");
        // `Sen` without a period is not an abbreviation
        assert_eq!(key("Sen Trump", true), "sen trump");
    }

    #[test]
    fn titles_strip_only_from_person_mentions() {
        assert_eq!(key("President Donald Trump", true), "donald trump");
        assert_eq!(key("Vice President Mike Pence", true), "mike pence");
        assert_eq!(key("General Motors", false), "general motors");
        assert_eq!(key("General Motors", true), "motors");
        // modifiers alone are not titles
        assert_eq!(key("First Republic", true), "first republic");
        // regnal titles are kept
        assert_eq!(key("Pope Francis", true), "pope francis");
        let s = Surface::new("President Donald Trump", true, false, false);
        assert!(s.person_cue);
        assert!(!Surface::new("General Motors", false, true, false).person_cue);
        // a title alone is no cue (`Miss.`, the state)
        assert!(!Surface::new("Miss.", false, false, false).person_cue);
        assert!(Surface::new("Miss. Jones", false, false, false).person_cue);
        assert_eq!(
            &"President Donald Trump"[s.display.0..s.display.1],
            "Donald Trump"
        );
    }

    #[test]
    fn corporate_endings_drop_for_orgs() {
        let s = Surface::new("Tesla Inc.", false, true, false);
        assert_eq!(s.key, "tesla");
        assert_eq!(&"Tesla Inc."[s.display.0..s.display.1], "Tesla");
        let s = Surface::new("Apple, Inc.", false, true, false);
        assert_eq!(s.key, "apple");
        assert_eq!(&"Apple, Inc."[s.display.0..s.display.1], "Apple");
        assert_eq!(Surface::new("Inc.", false, true, false).key, "inc.");
        let s = Surface::new("JPMorgan Chase & Co.", false, true, false);
        assert_eq!(s.key, "jpmorgan chase");
        assert_eq!(
            &"JPMorgan Chase & Co."[s.display.0..s.display.1],
            "JPMorgan Chase"
        );
        assert_eq!(
            Surface::new("Procter & Gamble", false, true, false).key,
            "procter & gamble"
        );
    }

    #[test]
    fn values_are_not_stripped() {
        assert_eq!(
            Surface::new("the third", false, false, true).key,
            "the third"
        );
    }

    #[test]
    fn name_words_drop_suffixes_and_numbers() {
        let s = Surface::new("Martin Luther King Jr.", true, false, false);
        assert_eq!(s.name_words(), (vec!["martin", "luther", "king"], true));
        let s = Surface::new("Serena Williams 6-2", true, false, false);
        assert_eq!(s.name_words(), (vec!["serena", "williams"], false));
    }

    #[test]
    fn acronyms_and_initials() {
        assert!(Surface::new("WHO", false, false, false).acronym);
        assert!(Surface::new("U.N.", false, false, false).acronym);
        assert!(!Surface::new("Who", false, false, false).acronym);
        assert!(!Surface::new("G7", false, false, false).acronym);
        let s = Surface::new("The Securities and Exchange Commission", false, true, false);
        assert_eq!(s.initials().as_deref(), Some("sec"));
        assert_eq!(Surface::new("Apple", false, true, false).initials(), None);
    }

    #[test]
    fn title_roles() {
        assert_eq!(title_role("Sen."), Some(Some("senator".into())));
        assert_eq!(title_role("Chairman"), Some(Some("chairman".into())));
        assert_eq!(title_role("Mr."), Some(None));
        assert_eq!(title_role("Vice"), Some(None));
        assert_eq!(title_role("Dr"), Some(Some("doctor".into())));
        assert_eq!(title_role("Trump"), None);
    }

    #[test]
    fn person_cues() {
        assert!(is_person_cue("Mr."));
        assert!(is_person_cue("leader"));
        assert!(is_person_cue("President"));
        assert!(is_person_cue("Pope"));
        assert!(!is_person_cue("Vice"));
        assert!(!is_person_cue("Sen"));
        assert!(!is_person_cue("the"));
    }
}
