//! Joining surface groups that name the same entity differently: short person names to fuller
//! ones, acronyms to the names they abbreviate, and names misspelt once to their spelling.
//!
//! **Person names.** A group of PERSON-named mentions with at least two name words (words with
//! letters, generational suffixes aside) roots a *person family*. A shorter group joins a
//! family when one of the family's longer forms contains it:
//! - one word equal to the last name word (*surname*: `Trump` → `Donald Trump`,
//!   `Terry` → `Sue Mi Terry`), or to the first (*given name*, or the family name of a
//!   Korean/Chinese-order name: `Kim` → `Kim Jong Un`);
//! - several words in order, sharing the first or the last word (`Hillary Clinton` →
//!   `Hillary Rodham Clinton`); a form without a generational suffix never joins one with a
//!   suffix (`Donald Trump` stays apart from `Donald Trump Jr.`).
//!
//! It joins when exactly one family matches. A bare surname shared by several families is the
//! person introduced first (`Hall` after `Peter Hall` and `his mother, Anne Hall`; writers
//! give the second person's full name again), or the one whose title it carries (`Dr. Nelson`
//! after `Bill Nelson` and `Dr. Alondra Nelson`). A bare first word shared so (`Kim` beside
//! `Kim Jong Un` and `Kim Yong Chol`) stays its own entity unless the story uses it again and
//! again (at least [`MIN_BARE_MENTIONS`] times): then it too is the person introduced first
//! (`Kim` ×7 in a summit story is the leader; the aide is written in full). Either way the
//! bare name counts even when the headline used it before anyone was introduced (`Mixed
//! messages on Trump leave plan`, then `Donald Trump's new proposal`, later `Ivanka
//! Trump`). Failing that, a one-word name that is
//! the surname of exactly one family and only the first word of the others joins that family:
//! news copy calls people by their surname on second reference (`Warhol`, first in a
//! headline, → `Andy Warhol`, not `Warhol Polaroid`). The direction in the text does not
//! matter (`Macron … Emmanuel Macron`).
//!
//! Who may join: a group voted PERSON, or one with any PERSON-labelled mention or person cue,
//! may join by any of the matches above. A group voted ORG (or LOC, FAC, PRODUCT,
//! WORK_OF_ART, EVENT: the model's `McAuliffe` as a location) may join by surname only, when it
//! is nothing but that one word, and when no other ORG name in the document starts with it —
//! the small English model often labels a bare surname ORG (`Ramos`, `Trump`), but `Ford` next
//! to `Ford Motor Co.` and `Bill Ford` is the company, `O'Rourke 2020` is a campaign, and a
//! first word shared with an ORG name is usually the organisation (`Trump` vs `Trump Tower`,
//! which the model called PERSON). GPE and NORP groups join so only when the text makes the
//! word the subject of a verb (`Lukaku scored`; not `metropolitan Houston`, `Houston's
//! economy`) and never puts it after a preposition of place (`in Osaka`), when it is no
//! country or US state (`Jordan` next to `Michael Jordan` stays a country) and no particle
//! makes it a place in the person's name (`the King of Athens`): `Lukaku` or `Osaka` the
//! model called a place next to `Romelu Lukaku`, `Naomi Osaka` is the person. A joined group
//! takes the family's label (PERSON). A firm (a group with a corporate ending, `Hearst
//! Corp.`) never joins a person family, whose name it may carry (`William Randolph Hearst`),
//! and an all-capitals acronym joins one only with person evidence (`UN` is not `Kim Jong
//! Un`).
//!
//! **Acronyms.** A one-word, all-capitals group of 2–6 letters (dots allowed: `U.N.`) joins the
//! one group with the same label whose initials it spells, function words skipped (`SEC` →
//! `Securities and Exchange Commission`, `US` → `the United States`). Shortenings that are not
//! initials (`the Fed`, `Goldman` for `Goldman Sachs`) are not joined: no rule tells them
//! apart from a different organisation that shares a word.
//!
//! **Firms and schools named by their first word.** A one-word PERSON or ORG group without a
//! person cue, in no person family, whose word no person name of the story holds, joins the
//! one firm (a group with a corporate ending) or school (`Harvard University`, `Harrow
//! School`) whose name starts with it (`Laidlaw` → `Laidlaw Transportation Ltd.`, `Harvard`
//! → `Harvard University`; not a school's word after a preposition of place: `born in Exeter`
//! beside `Exeter School`): the small model calls such short names people.
//!
//! **Other names of a country.** Groups whose keys name one country in a short table
//! (`America`, `the United States`, `the U.S.`; `Britain`, `the UK`) are one entity, under the
//! preferred name (module `aliases`).
//!
//! **Organisations shortened from the front.** An ORG group of at least [`MIN_SUFFIX_WORDS`]
//! words joins the one ORG group whose longer name ends with it (`Red Sox` → `Boston Red
//! Sox`); a shortening from the back (`Goldman`) is still not guessed.

use super::aliases;
use super::labels::PERSON;
use super::place_levels::place_level_of_name;

/// What linking needs to know about one surface group.
#[derive(Debug, Clone)]
pub(crate) struct GroupView<'a> {
    /// Voted label of the group.
    pub label: &'a str,
    /// Normalised words of the key.
    pub words: &'a [String],
    /// Name words (see `Surface::name_words`).
    pub name_words: Vec<&'a str>,
    /// Whether a generational suffix was present.
    pub suffix: bool,
    /// Whether some mention is labelled PERSON or has a person cue.
    pub person_evidence: bool,
    /// Whether some mention has a person cue (`Mr.`, a title): stronger than a PERSON label.
    pub person_cue: bool,
    /// The title words right before its mentions, lower case without the period (`dr`,
    /// `senator`): which of two people with one surname `Dr. Nelson` is.
    pub titles: Vec<String>,
    /// Whether some mention follows a preposition of place (`in X`, `near X`) or comes before
    /// a comma and a GPE (`Washington, D.C.`, `Jackson, Mississippi`): a place's name.
    pub located: bool,
    /// Whether some mention is the subject of a verb (`Lukaku scored`, `Street argues`).
    pub subject: bool,
    /// Whether the group's form is a possible acronym.
    pub acronym: bool,
    /// The group's key (for acronyms: the letters).
    pub key: &'a str,
    /// Initials of a multi-word name.
    pub initials: Option<String>,
    /// Value labels (dates, numbers) never link.
    pub value: bool,
    /// A firm (a mention with a corporate ending, `Hearst Corp.`): never joins a person.
    pub firm: bool,
    /// Number of mentions.
    pub mentions: usize,
    /// Byte offset of the group's first mention.
    pub first_at: usize,
    /// Byte offset of its first mention below the text's first line (a headline), or
    /// `usize::MAX` when it has none there.
    pub body_at: usize,
}

/// How a short name matched a longer one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum NameMatch {
    Surname,
    GivenName,
    Subsequence,
}

/// Whether the short person name `short` is a form of the longer `long` (see module docs).
pub(crate) fn name_match(
    short: &[&str],
    short_suffix: bool,
    long: &[&str],
    long_suffix: bool,
) -> Option<NameMatch> {
    if short.is_empty() || short.len() >= long.len() {
        return None;
    }
    if short.len() == 1 {
        if long.last() == short.first() {
            return Some(NameMatch::Surname);
        }
        if long.first() == short.first() {
            return Some(NameMatch::GivenName);
        }
        return None;
    }
    if long_suffix && !short_suffix {
        return None;
    }
    let ends = short.first() == long.first() || short.last() == long.last();
    let mut it = long.iter();
    let ordered = short.iter().all(|w| it.any(|l| l == w));
    (ends && ordered).then_some(NameMatch::Subsequence)
}

/// Whether group `g` (of `groups`) may join a person family by a match of kind `m`.
fn may_join(groups: &[GroupView<'_>], g: usize, m: NameMatch, long: &GroupView<'_>) -> bool {
    let gv = &groups[g];
    if gv.firm || (gv.acronym && !gv.person_evidence) {
        return false;
    }
    if gv.label == PERSON || gv.person_evidence {
        return true;
    }
    // (a place that is a country, state or town, GPE, and a people, NORP, need more: no
    // country or US state, `Washington`, `Jordan`, and never after a preposition of place,
    // `in Osaka`; a LOC or a product the model gave a surname does not)
    let label_may = match gv.label {
        "ORG" | "LOC" | "FAC" | "PRODUCT" | "WORK_OF_ART" | "EVENT" => true,
        "GPE" | "NORP" => {
            gv.subject
                && !gv.located
                && place_level_of_name(gv.key).is_none()
                && !place_in_name(long)
        }
        _ => false,
    };
    label_may
        && m == NameMatch::Surname
        && gv.words.len() == 1
        && !groups.iter().any(|h| {
            h.label == "ORG" && h.words.len() > gv.words.len() && h.words.starts_with(gv.words)
        })
}

/// Words that put a place in a name (`the King of Athens`, `Leonardo da Vinci`): the word
/// after them is the place, no surname.
const PLACE_PARTICLES: [&str; 7] = ["of", "da", "de", "di", "du", "von", "from"];

/// Whether the last word of `long` follows one of [`PLACE_PARTICLES`].
fn place_in_name(long: &GroupView<'_>) -> bool {
    let n = long.name_words.len();
    n >= 2 && PLACE_PARTICLES.contains(&long.name_words[n - 2])
}

/// A bare first word the story uses at least this often names one person, not several: a
/// writer who repeats a family name shared by two people means the one it introduced first
/// (fewer uses stay ambiguous: `Kim handed over a letter` after `Kim Jong Un` and `Kim Yong
/// Chol`, Korean names that start with the family name).
const MIN_BARE_MENTIONS: usize = 4;

/// For a one-word group `g` matching several families: the family introduced first, when `g`
/// first appears after that family's first mention, a headline aside (`Mixed messages on
/// Trump leave plan` above `Donald Trump's new proposal …` and `Ivanka Trump`), and either
/// `g` is the last word of every candidate's name (`surnames`: a biography's `Hall` after
/// `Peter Hall` and `his mother, Anne Hall`, is Peter Hall, as in 42 of the 43 such bare
/// surnames in GUM train) or the story uses it at least [`MIN_BARE_MENTIONS`] times.
fn principal(
    groups: &[GroupView<'_>],
    g: usize,
    candidates: &[usize],
    members: &[Vec<usize>],
    surnames: bool,
) -> Option<usize> {
    let gv = &groups[g];
    if gv.name_words.len() != 1 || (!surnames && gv.mentions < MIN_BARE_MENTIONS) {
        return None;
    }
    let first = |r: usize| {
        members[r]
            .iter()
            .map(|&m| groups[m].first_at)
            .min()
            .unwrap_or(groups[r].first_at)
    };
    // A title the bare name shares with one of the people names that one (`Dr. Nelson` after
    // `Bill Nelson` and `Dr. Alondra Nelson`).
    let titled = |r: usize| {
        members[r]
            .iter()
            .any(|&m| groups[m].titles.iter().any(|t| gv.titles.contains(t)))
    };
    let pool: Vec<usize> = match candidates.iter().filter(|&&r| titled(r)).count() {
        0 => candidates.to_vec(),
        _ => candidates.iter().copied().filter(|&r| titled(r)).collect(),
    };
    pool.into_iter()
        .min_by_key(|&r| first(r))
        .filter(|&r| first(r) < gv.body_at)
}

/// Assign each group a family: the index of the group whose label and name the family takes.
/// `order` lists groups by first mention. Returns `family[g]`.
pub(crate) fn families(groups: &[GroupView<'_>]) -> Vec<usize> {
    let n = groups.len();
    let mut family: Vec<usize> = (0..n).collect();
    // Longest names first, so every family root exists before its shorter forms look for it;
    // ties by first mention (the input order).
    let mut order: Vec<usize> = (0..n).filter(|&g| !groups[g].value).collect();
    order.sort_by_key(|&g| std::cmp::Reverse(groups[g].name_words.len()));
    let mut roots: Vec<usize> = Vec::new();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut candidates: Vec<usize> = Vec::new();
    for &g in &order {
        let gv = &groups[g];
        candidates.clear();
        let mut by_surname = None;
        let mut surname_families = 0usize;
        let mut only_surnames = true;
        for &r in &roots {
            let mut matched = false;
            let mut surname = false;
            for &m in &members[r] {
                let mv = &groups[m];
                if let Some(k) = name_match(&gv.name_words, gv.suffix, &mv.name_words, mv.suffix)
                    .filter(|&k| may_join(groups, g, k, mv))
                {
                    matched = true;
                    surname |= k == NameMatch::Surname;
                }
            }
            if matched {
                candidates.push(r);
                only_surnames &= surname;
            }
            if surname {
                by_surname = Some(r);
                surname_families += 1;
            }
        }
        let chosen = match candidates[..] {
            [r] => Some(r),
            [_, _, ..] => principal(groups, g, &candidates, &members, only_surnames)
                .or(by_surname.filter(|_| surname_families == 1)),
            [] => None,
        };
        // a full name one letter apart from a root's is that person, misspelt
        let chosen = chosen.or_else(|| {
            roots
                .iter()
                .copied()
                .find(|&r| gv.label == PERSON && misspelt(&groups[r], gv))
        });
        if let Some(r) = chosen {
            family[g] = r;
            members[r].push(g);
        } else if gv.label == PERSON && gv.name_words.len() >= 2 && candidates.is_empty() {
            roots.push(g);
            members[g].push(g);
        }
    }
    // Firms named by their first word (`Laidlaw` → `Laidlaw Transportation Ltd.`), after
    // person names: a bare word no person name in the story holds.
    for g in 0..n {
        if let Some(h) = firm_shortened_to(groups, g, &family, &members) {
            family[g] = family[h];
        }
    }
    // Acronyms, after person names (a group already in a person family stays there).
    for g in 0..n {
        let gv = &groups[g];
        if gv.value || !gv.acronym || family[g] != g || members[g].len() > 1 {
            continue;
        }
        let mut found = None;
        let mut count = 0;
        for (h, hv) in groups.iter().enumerate() {
            if h != g
                && !hv.value
                && hv.label == gv.label
                && hv.initials.as_deref() == Some(gv.key)
                && found != Some(family[h])
            {
                found = Some(family[h]);
                count += 1;
            }
        }
        if let (Some(r), 1) = (found, count) {
            family[g] = r;
        }
    }
    join_country_aliases(groups, &mut family);
    // Other names of several words misspelt once (`Untied Nations`, `Chatnam Islands`): the
    // earlier spelling's family.
    for g in 0..n {
        if family[g] != g {
            continue;
        }
        if let Some(h) = (0..g).find(|&h| misspelt(&groups[h], &groups[g])) {
            let into = family[h];
            merge_family(&mut family, g, into);
        }
    }
    // Organisation names shortened from the front (`Red Sox` → `Boston Red Sox`).
    for g in 0..n {
        let gv = &groups[g];
        if gv.value
            || gv.label != ORG
            || gv.words.len() < MIN_SUFFIX_WORDS
            || family[g] != g
            || members[g].len() > 1
        {
            continue;
        }
        let mut found = None;
        let mut count = 0;
        for (h, hv) in groups.iter().enumerate() {
            if h != g
                && !hv.value
                && hv.label == ORG
                && hv.words.len() > gv.words.len()
                && hv.words.ends_with(gv.words)
                && found != Some(family[h])
            {
                found = Some(family[h]);
                count += 1;
            }
        }
        if let (Some(r), 1) = (found, count) {
            family[g] = r;
        }
    }
    family
}

/// Fewest letters of the word a misspelling changes (`Phailin` / `Phalin`; shorter words
/// differ by one letter too often: `John` / `Joan`).
const MIN_MISSPELT_LETTERS: usize = 6;

/// Whether `b` is `a` misspelt: names of at least two words, not values, alike but for one
/// word of at least [`MIN_MISSPELT_LETTERS`] letters one edit apart (a letter changed, added,
/// dropped, or two neighbours swapped: `Kristin` / `Kristen Wilkins`, `United` / `Untied
/// Nations`); of the same label, or of two labels neither of which is a people (NORP: `South
/// African` is no misspelt `South Africa`).
fn misspelt(a: &GroupView<'_>, b: &GroupView<'_>) -> bool {
    if a.value || b.value || a.words.len() < 2 || a.words.len() != b.words.len() {
        return false;
    }
    if a.label != b.label && (a.label == "NORP" || b.label == "NORP") {
        return false;
    }
    let mut differing = a.words.iter().zip(b.words).filter(|(x, y)| x != y);
    match (differing.next(), differing.next()) {
        (Some((x, y)), None) => one_edit_apart(x, y),
        _ => false,
    }
}

/// Whether two different words of at least [`MIN_MISSPELT_LETTERS`] letters are one edit
/// apart (a substitution, an insertion or deletion, or a swap of neighbouring letters).
fn one_edit_apart(x: &str, y: &str) -> bool {
    let (x, y): (Vec<char>, Vec<char>) = (x.chars().collect(), y.chars().collect());
    let (short, long) = if x.len() <= y.len() {
        (&x, &y)
    } else {
        (&y, &x)
    };
    if short.len() < MIN_MISSPELT_LETTERS || long.len() - short.len() > 1 || x == y {
        return false;
    }
    let prefix = short
        .iter()
        .zip(long.iter())
        .take_while(|(a, b)| a == b)
        .count();
    if short.len() == long.len() {
        let (rest_s, rest_l) = (&short[prefix + 1..], &long[prefix + 1..]);
        rest_s == rest_l
            || (prefix + 1 < short.len()
                && short[prefix] == long[prefix + 1]
                && short[prefix + 1] == long[prefix]
                && short[prefix + 2..] == long[prefix + 2..])
    } else {
        short[prefix..] == long[prefix + 1..]
    }
}

/// Join the families of groups naming one country under different names (`America`, `the
/// United States`; [`aliases::country`]); the family of the preferred name (the row's first,
/// else the earliest listed form) leads.
fn join_country_aliases(groups: &[GroupView<'_>], family: &mut [usize]) {
    // (row, rank in the row, family) of every country-named group.
    let mut named: Vec<(usize, usize, usize)> = groups
        .iter()
        .enumerate()
        .filter(|(_, gv)| !gv.value)
        .filter_map(|(g, gv)| {
            aliases::country(gv.key, gv.label).map(|(row, k)| (row, k, family[g]))
        })
        .collect();
    named.sort_unstable();
    for run in named.chunk_by(|a, b| a.0 == b.0) {
        let lead = run[0].2;
        for &(_, _, f) in &run[1..] {
            merge_family(family, f, lead);
        }
    }
}

/// Move every group of family `from` into family `into` (`family[g]` is each group's family).
pub(crate) fn merge_family(family: &mut [usize], from: usize, into: usize) {
    if from != into {
        for slot in family.iter_mut().filter(|slot| **slot == from) {
            *slot = into;
        }
    }
}

/// The one firm (a group with a corporate ending) or school (an ORG named by one word and a
/// [`SCHOOL_NOUNS`] noun: `Harvard University`, `Harrow School`) whose name group `g` is the
/// first word of, when `g` is a bare PERSON or ORG word with no person cue (for a school:
/// never after a preposition of place, `in Exeter`; a firm takes them, `a stake in Lomas`),
/// in no person family, and no person name of the story holds that word: the small model
/// calls a firm's short name a person (`Laidlaw`, `Cluett`, `Lomas` after `Laidlaw
/// Transportation Ltd.`, `Cluett Peabody & Co.`, `Lomas Financial Corp.`), and a school's short
/// name (`Harvard`, `Rice` after `Rice University`) is the school, while `Boesky` after `Ivan
/// F. Boesky` and `Ivan F. Boesky & Co.` stays the man.
fn firm_shortened_to(
    groups: &[GroupView<'_>],
    g: usize,
    family: &[usize],
    members: &[Vec<usize>],
) -> Option<usize> {
    let gv = &groups[g];
    let [word] = gv.words else { return None };
    if gv.value
        || gv.firm
        || gv.person_cue
        || (gv.label != PERSON && gv.label != ORG)
        || family[g] != g
        || members[g].len() > 1
        || groups.iter().any(|h| {
            h.label == PERSON && h.name_words.len() >= 2 && h.name_words.contains(&word.as_str())
        })
    {
        return None;
    }
    let mut firms = groups.iter().enumerate().filter(|(_, h)| {
        let school =
            h.label == ORG && matches!(h.words, [_, noun] if SCHOOL_NOUNS.contains(&noun.as_str()));
        (h.firm || (school && !gv.located)) && h.words.len() > 1 && h.words.first() == Some(word)
    });
    match (firms.next(), firms.next()) {
        (Some((h, _)), None) => Some(h),
        _ => None,
    }
}

/// Nouns that end a school's name after one word (`Harvard University`): the word alone is
/// the school.
const SCHOOL_NOUNS: [&str; 8] = [
    "university",
    "college",
    "school",
    "academy",
    "institute",
    "polytechnic",
    "seminary",
    "conservatory",
];

/// Fewest words of an organisation name that joins a longer one ending with it (`Red Sox`;
/// one word, `University`, `Party`, is too generic).
const MIN_SUFFIX_WORDS: usize = 2;

/// The ORG label.
const ORG: &str = "ORG";

#[cfg(test)]
mod tests {
    use super::*;

    fn view<'a>(label: &'a str, words: &[&'a str], evidence: bool) -> GroupView<'a> {
        let owned: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        GroupView {
            label,
            words: Vec::leak(owned),
            name_words: words.to_vec(),
            suffix: false,
            person_evidence: evidence,
            person_cue: false,
            titles: Vec::new(),
            located: false,
            subject: false,
            acronym: false,
            key: "",
            initials: None,
            value: false,
            firm: false,
            mentions: 1,
            first_at: 0,
            body_at: 0,
        }
    }

    #[test]
    fn name_matches() {
        let full = ["donald", "trump"];
        assert_eq!(
            name_match(&["trump"], false, &full, false),
            Some(NameMatch::Surname)
        );
        assert_eq!(
            name_match(&["donald"], false, &full, false),
            Some(NameMatch::GivenName)
        );
        assert_eq!(name_match(&["trumps"], false, &full, false), None);
        assert_eq!(name_match(&full, false, &full, false), None);
        let h = ["hillary", "rodham", "clinton"];
        assert_eq!(
            name_match(&["hillary", "clinton"], false, &h, false),
            Some(NameMatch::Subsequence)
        );
        assert_eq!(name_match(&["clinton", "hillary"], false, &h, false), None);
        assert_eq!(name_match(&["rodham"], false, &h, false), None);
        assert_eq!(name_match(&full, false, &full[..], true), None);
        assert_eq!(
            name_match(&["donald"], false, &["donald", "trump", "x"], true),
            Some(NameMatch::GivenName)
        );
    }

    #[test]
    fn korean_names_join_only_when_unambiguous() {
        let g = [
            view("PERSON", &["kim", "jong", "un"], true),
            view("PERSON", &["kim"], true),
        ];
        assert_eq!(families(&g), vec![0, 0]);
        let g = [
            view("PERSON", &["kim", "jong", "un"], true),
            view("PERSON", &["kim", "yong", "chol"], true),
            view("PERSON", &["kim"], true),
        ];
        assert_eq!(families(&g), vec![0, 1, 2]);
    }

    /// `view` placed in the text: first mention at byte `at`, below the headline.
    fn placed<'a>(label: &'a str, words: &[&'a str], at: usize, title: &str) -> GroupView<'a> {
        let mut v = view(label, words, true);
        v.first_at = at;
        v.body_at = at;
        if !title.is_empty() {
            v.titles.push(title.to_string());
        }
        v
    }

    #[test]
    fn bare_surname_of_two_people_is_the_first_introduced_unless_a_title_says_otherwise() {
        // `Peter Hall …, his mother, Anne Hall, … Hall worked`: the biography's subject
        let g = [
            placed("PERSON", &["peter", "hall"], 0, ""),
            placed("PERSON", &["anne", "hall"], 50, ""),
            placed("PERSON", &["hall"], 100, ""),
        ];
        assert_eq!(families(&g), vec![0, 1, 0]);
        // `Bill Nelson … Dr. Alondra Nelson … Dr. Nelson`: the one with that title
        let g = [
            placed("PERSON", &["bill", "nelson"], 0, ""),
            placed("PERSON", &["alondra", "nelson"], 50, "dr"),
            placed("PERSON", &["nelson"], 100, "dr"),
        ];
        assert_eq!(families(&g), vec![0, 1, 1]);
    }

    #[test]
    fn shorter_form_first_in_text_still_joins() {
        let g = [
            view("PERSON", &["macron"], true),
            view("PERSON", &["emmanuel", "macron"], true),
        ];
        assert_eq!(families(&g), vec![1, 1]);
    }

    #[test]
    fn org_joins_by_surname_only_and_gpe_unless_a_place() {
        let g = [
            view("PERSON", &["carlos", "ramos"], true),
            view("ORG", &["ramos"], false),
        ];
        assert_eq!(families(&g), vec![0, 0]);
        let g = [
            view("PERSON", &["trump", "tower"], true),
            view("ORG", &["trump"], false),
        ];
        assert_eq!(families(&g), vec![0, 1]);
        // `Ford` beside `Ford Motor` (ORG) is the company, not Bill Ford
        let g = [
            view("ORG", &["ford", "motor"], false),
            view("ORG", &["ford"], false),
            view("PERSON", &["bill", "ford"], true),
        ];
        assert_eq!(families(&g), vec![0, 1, 2]);
        // an ORG form with more than the surname does not join
        let mut campaign = view("ORG", &["o'rourke"], false);
        campaign.words = Vec::leak(vec!["o'rourke".to_string(), "2020".to_string()]);
        let g = [view("PERSON", &["beto", "o'rourke"], true), campaign];
        assert_eq!(families(&g), vec![0, 1]);
        // a town's name as a surname joins when the text makes it the subject of a verb
        // (`Osaka won`), unless it also puts it after a preposition of place (`in Osaka`) or
        // it names a country or a US state (`Jordan`)
        let subject = |label, word| {
            let mut v = view(label, &[word], false);
            v.subject = true;
            v
        };
        let osaka = subject("GPE", "osaka");
        let g = [view("PERSON", &["naomi", "osaka"], true), osaka.clone()];
        assert_eq!(families(&g), vec![0, 0]);
        let g = [
            view("PERSON", &["metropolitan", "houston"], true),
            view("GPE", &["houston"], false),
        ];
        assert_eq!(families(&g), vec![0, 1]);
        let mut located = osaka;
        located.located = true;
        let g = [view("PERSON", &["naomi", "osaka"], true), located];
        assert_eq!(families(&g), vec![0, 1]);
        let mut country = subject("GPE", "jordan");
        country.key = "jordan";
        let g = [view("PERSON", &["michael", "jordan"], true), country];
        assert_eq!(families(&g), vec![0, 1]);
        // nor a place the person's name is of (`the King of Athens`, `Leonardo da Vinci`)
        let g = [
            view("PERSON", &["king", "of", "athens"], true),
            subject("GPE", "athens"),
        ];
        assert_eq!(families(&g), vec![0, 1]);
        let g = [
            view("PERSON", &["leonardo", "da", "vinci"], true),
            subject("GPE", "vinci"),
        ];
        assert_eq!(families(&g), vec![0, 1]);
        let g = [
            view("PERSON", &["leonardo", "nierman"], true),
            subject("NORP", "nierman"),
        ];
        assert_eq!(families(&g), vec![0, 0]);
        let g = [
            view("PERSON", &["naomi", "osaka"], true),
            view("GPE", &["osaka"], true),
        ];
        assert_eq!(families(&g), vec![0, 0]);
    }

    #[test]
    fn chains_through_middle_forms() {
        // `Clinton` matches `Hillary Clinton` (a member of the Hillary Rodham Clinton family)
        let g = [
            view("PERSON", &["hillary", "rodham", "clinton"], true),
            view("PERSON", &["hillary", "clinton"], true),
            view("PERSON", &["bill", "clinton"], true),
            view("PERSON", &["clinton"], true),
        ];
        assert_eq!(families(&g), vec![0, 0, 2, 3]);
    }

    #[test]
    fn names_misspelt_once_join() {
        assert!(one_edit_apart("phailin", "phalin"));
        assert!(one_edit_apart("united", "untied"));
        assert!(one_edit_apart("kristin", "kristen"));
        assert!(one_edit_apart("islands", "island"));
        assert!(!one_edit_apart("john", "joan"));
        assert!(!one_edit_apart("yorker", "york"));
        assert!(!one_edit_apart("phailin", "phailin"));
        assert!(!one_edit_apart("stanton", "stinson"));
        // a person's full name, then its bare surname: one family
        let g = [
            view("PERSON", &["kristin", "wilkins"], true),
            view("PERSON", &["kristen", "wilkins"], true),
            view("PERSON", &["wilkins"], true),
        ];
        assert_eq!(families(&g), vec![0, 0, 0]);
        let g = [
            view("ORG", &["united", "nations"], false),
            view("WORK_OF_ART", &["untied", "nations"], false),
        ];
        assert_eq!(families(&g), vec![0, 0]);
        // a people is no misspelt place; one word is never guessed
        let g = [
            view("GPE", &["south", "africa"], false),
            view("NORP", &["south", "african"], false),
        ];
        assert_eq!(families(&g), vec![0, 1]);
        let g = [
            view("ORG", &["esfahan"], false),
            view("ORG", &["isfahan"], false),
        ];
        assert_eq!(families(&g), vec![0, 1]);
        // two words apart: two names
        let g = [
            view("PERSON", &["kristin", "wilkins"], true),
            view("PERSON", &["kristen", "wilkens"], true),
        ];
        assert_eq!(families(&g), vec![0, 1]);
    }

    #[test]
    fn a_schools_first_word_joins_the_school() {
        let school = view("ORG", &["harrow", "school"], false);
        let bare = view("ORG", &["harrow"], false);
        assert_eq!(families(&[school.clone(), bare.clone()]), vec![0, 0]);
        let named_person = view("PERSON", &["rice"], true);
        let rice = view("ORG", &["rice", "university"], false);
        assert_eq!(families(&[rice.clone(), named_person]), vec![0, 0]);
        // a longer name is no school's short form (`Harrow Road School`), nor is a place's
        // word: only ORG schools of one word and the noun
        let long = view("ORG", &["harrow", "road", "school"], false);
        assert_eq!(families(&[long, bare.clone()]), vec![0, 1]);
        let not_school = view("ORG", &["harrow", "council"], false);
        assert_eq!(families(&[not_school, bare.clone()]), vec![0, 1]);
        let place = view("GPE", &["harrow"], false);
        assert_eq!(families(&[school.clone(), place]), vec![0, 1]);
        // nor a word the text uses as a place (`born in Exeter` beside `Exeter School`)
        let mut located = bare.clone();
        located.located = true;
        assert_eq!(families(&[school.clone(), located.clone()]), vec![0, 1]);
        // (a firm's takes it: `a stake in Lomas`)
        let mut firm = view("ORG", &["harrow", "freight"], false);
        firm.firm = true;
        assert_eq!(families(&[firm, located]), vec![0, 0]);
        // a person of that name in the story keeps the bare word
        let person = view("PERSON", &["condoleezza", "rice"], true);
        let bare_rice = view("PERSON", &["rice"], true);
        assert_eq!(families(&[rice, person, bare_rice]), vec![0, 1, 1]);
    }

    #[test]
    fn a_firms_first_word_joins_the_firm_unless_a_person_holds_it() {
        let mut firm = view("ORG", &["harlow", "freight"], false);
        firm.firm = true;
        let bare = view("PERSON", &["harlow"], true);
        assert_eq!(families(&[firm.clone(), bare.clone()]), vec![0, 0]);
        // a person cue keeps it a person (`Mr. Harlow`)
        let mut cued = bare.clone();
        cued.person_cue = true;
        assert_eq!(families(&[firm.clone(), cued]), vec![0, 1]);
        // a person of that name in the story: the bare word is that person
        let person = view("PERSON", &["ann", "harlow"], true);
        assert_eq!(
            families(&[firm.clone(), person, bare.clone()]),
            vec![0, 1, 1]
        );
        // no corporate ending (not a firm), or two firms: not guessed
        let mut plain = firm.clone();
        plain.firm = false;
        assert_eq!(families(&[plain, bare.clone()]), vec![0, 1]);
        let mut other = view("ORG", &["harlow", "bank"], false);
        other.firm = true;
        assert_eq!(families(&[firm, other, bare]), vec![0, 1, 2]);
    }

    #[test]
    fn acronyms_join_unique_initials() {
        let mut sec = view("ORG", &["sec"], false);
        sec.acronym = true;
        sec.key = "sec";
        let mut full = view("ORG", &["securities", "exchange", "commission"], false);
        full.initials = Some("sec".into());
        assert_eq!(families(&[full.clone(), sec.clone()]), vec![0, 0]);
        // different label: no
        let mut gpe = sec.clone();
        gpe.label = "GPE";
        assert_eq!(families(&[full.clone(), gpe]), vec![0, 1]);
        // two candidates: no
        assert_eq!(families(&[full.clone(), full, sec]), vec![0, 1, 2]);
    }

    #[test]
    fn org_names_shortened_from_the_front_join_one_longer_name() {
        let long = view("ORG", &["harbor", "city", "gulls"], false);
        let short = view("ORG", &["city", "gulls"], false);
        assert_eq!(families(&[long.clone(), short.clone()]), vec![0, 0]);
        // one word is too generic
        let one = view("ORG", &["gulls"], false);
        assert_eq!(families(&[long.clone(), one]), vec![0, 1]);
        // two longer names end with it: no
        let other = view("ORG", &["bay", "city", "gulls"], false);
        assert_eq!(
            families(&[long.clone(), other, short.clone()]),
            vec![0, 1, 2]
        );
        // other labels: no
        let mut gpe = short;
        gpe.label = "GPE";
        assert_eq!(families(&[long, gpe]), vec![0, 1]);
    }
}
