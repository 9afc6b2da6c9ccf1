//! Gender as the text states it: gendered words (honorifics, roles: `Mr.`, `spokeswoman`),
//! third-person pronouns, and the (male, female) slots of per-gender pairs.

use super::tokens::lower;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Gender {
    Unknown,
    Male,
    Female,
}

/// Honorifics and roles that state a gender (lower-cased, without a final dot).
const MALE_WORDS: [&str; 31] = [
    "mr",
    "sir",
    "lord",
    "king",
    "prince",
    "spokesman",
    "chairman",
    "father",
    "son",
    "brother",
    "husband",
    "actor",
    "man",
    "boy",
    "guy",
    "dad",
    "uncle",
    "nephew",
    "grandfather",
    "grandson",
    "boyfriend",
    "gentleman",
    "businessman",
    "congressman",
    "monk",
    "emperor",
    "duke",
    "count",
    "baron",
    "earl",
    "widower",
];
const FEMALE_WORDS: [&str; 31] = [
    "mrs",
    "ms",
    "miss",
    "lady",
    "dame",
    "madam",
    "queen",
    "princess",
    "spokeswoman",
    "chairwoman",
    "mother",
    "daughter",
    "sister",
    "wife",
    "actress",
    "woman",
    "girl",
    "mom",
    "mum",
    "aunt",
    "niece",
    "grandmother",
    "granddaughter",
    "girlfriend",
    "businesswoman",
    "congresswoman",
    "nun",
    "empress",
    "duchess",
    "countess",
    "widow",
];

/// Gender words that only precede a name (`Mr.`, `Dame`), never an unnamed person.
pub(super) fn is_honorific(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.'),
        "mr" | "mrs" | "ms" | "miss" | "sir" | "dame" | "madam" | "lord" | "lady"
    )
}

pub(super) fn word_gender(tok: &quoth_nlp::Token, text: &str) -> Gender {
    let w = lower(text.get(tok.start..tok.end).unwrap_or(""));
    let w = w.trim_end_matches('.');
    if MALE_WORDS.contains(&w) {
        Gender::Male
    } else if FEMALE_WORDS.contains(&w) {
        Gender::Female
    } else {
        Gender::Unknown
    }
}

pub(super) fn role_gender(roles: &[String]) -> Gender {
    for r in roles {
        let last = r.rsplit(' ').next().unwrap_or(r);
        if MALE_WORDS.contains(&last) {
            return Gender::Male;
        }
        if FEMALE_WORDS.contains(&last) {
            return Gender::Female;
        }
    }
    Gender::Unknown
}

pub(super) fn pronoun_gender(w: &str) -> Gender {
    match w {
        "he" | "him" | "his" | "himself" => Gender::Male,
        "she" | "her" | "hers" | "herself" => Gender::Female,
        _ => Gender::Unknown,
    }
}

/// The index of gender `g` in per-gender pairs (male, female), such as the `anon` states and
/// the pronoun chain; `None` for unknown.
pub(super) fn gender_slot(g: Gender) -> Option<usize> {
    match g {
        Gender::Male => Some(0),
        Gender::Female => Some(1),
        Gender::Unknown => None,
    }
}

pub(super) fn opposite(g: Gender) -> Gender {
    match g {
        Gender::Male => Gender::Female,
        Gender::Female => Gender::Male,
        Gender::Unknown => Gender::Unknown,
    }
}
