//! What the text says an entity is, against the NER's label, settled before the walk: a
//! person (and of which gender) or a place, for the pronoun sieves (module `pronouns`).
//!
//! An entity the NER labelled a place that speaks a quote under its own name (`Santa said`;
//! not `Tulsa` + `police Chief X said`, where a noun of the phrase follows it)
//! counts as a person here, and so does a place or organisation with a gendered word
//! around its name (`Mr. X`, `X, an Australian woman`, `a girl named X`; not after a
//! preposition of place: `In Tulsa, an unarmed man ...`). A text whose
//! first line is a name alone (a biography's title: `Zaha Hadid`) and whose unquoted
//! third-person pronouns are nearly all of one gender is about that person: the title's
//! entity, and those named by words of it (`Hadid`), are a person of that gender. So is a
//! name of any label that is the subject of a clause holding a possessive or reflexive
//! `his`/`herself` hung from its verb, not through a clause of its own (an object `her`
//! there, or a `her` in `that her parents lived`, is someone else), in a
//! sentence naming no person (`Carroll put on his coat`), when all such pronouns agree
//! and the name is not a short form of a person of known gender; and a name the NER
//! called a person that owns `its`/`itself` so, and never `he` or `she`, is a place
//! (`Hadibo prides itself on its market`). A name the NER took for an organisation (or
//! other non-person) that the text locates in a place (`Coron is in the province of
//! Palawan`, `X is located on Y`) is a place.

use quoth_nlp::{Doc, Navigation};

use crate::entities::Entities;
use crate::quotes::Quote;

use super::gender::{gender_slot, pronoun_gender, Gender};
use super::pronouns::ANON;
use super::tokens::{is_noun, is_subject, lower, lower_token, COPULAS};
use super::{class_of, is_person, Class, State};

/// Verbs that locate their subject (`X is in Y`, `X lies on Y`, `X is located near Y`).
const LOCATING_VERBS: [&str; 8] = [
    "is", "was", "lies", "lay", "sits", "located", "situated", "stands",
];

/// Entities not taken for places that the text locates in one: the name is the subject of a
/// locating verb ([`LOCATING_VERBS`]) with an `in`/`on`/`near` phrase whose object is a
/// place's name (`Coron is in the province of Palawan`, `Coron is on Busuanga Island`).
pub(super) fn located(
    doc: &Doc,
    nav: &Navigation,
    ents: &Entities,
    name_of: &[Option<usize>],
    states: &[State],
) -> Vec<usize> {
    let n = doc.tokens.len();
    let place_at = |k: usize| {
        name_of
            .get(k)
            .copied()
            .flatten()
            .and_then(|e| states.get(e))
            .is_some_and(|s| s.class == Class::Place)
    };
    let mut out = Vec::new();
    for m in &ents.mentions {
        // A person is located too (`L'Enfant was in Paris`): organisations and others only.
        if states
            .get(m.entity)
            .is_none_or(|s| matches!(s.class, Class::Place | Class::Person))
        {
            continue;
        }
        let end = m.end_token.min(n);
        let Some(k) = (m.start_token..end).find(|&k| is_subject(doc, k)) else {
            continue;
        };
        let verb = nav.head(k);
        // The locating word: the verb itself or its participle (`is located in`).
        let mut locating = std::iter::once(verb)
            .chain(
                nav.children(verb)
                    .filter(|&c| doc.tokens[c].dep.as_ref() == "acomp"),
            )
            .filter(|&v| LOCATING_VERBS.contains(&lower_token(doc, v).as_str()));
        let placed = locating.any(|v| {
            nav.children(v)
                .filter(|&c| {
                    doc.tokens[c].dep.as_ref() == "prep"
                        && matches!(lower_token(doc, c).as_str(), "in" | "on" | "near")
                })
                .flat_map(|p| nav.children(p))
                .any(|o| {
                    doc.tokens[o].dep.as_ref() == "pobj"
                        && (place_at(o)
                            || nav.children(o).any(|c| {
                                doc.tokens[c].dep.as_ref() == "prep"
                                    && nav.children(c).any(place_at)
                            }))
                })
        });
        if placed {
            out.push(m.entity);
        }
    }
    out
}

/// How many heads up from a pronoun its clause's verb may be (`put` <- `pants` <- `his`).
const OWNED_DEPTH: usize = 3;

/// Entities whose pronouns the text shows in their own clause, against the NER's label: the
/// entity's name is the subject of a verb, and a third-person possessive or reflexive after it
/// (not an object pronoun, which is someone else) hangs from that verb within [`OWNED_DEPTH`]
/// heads, not through a clause of its own (`that her parents lived`), in a sentence that
/// names no other person. A name
/// the NER did not call a person that owns `he`-forms or `she`-forms of one gender only is a
/// person of that gender (`Carroll put on his pants`, `Chalmers felt himself move`); a person
/// name that owns `its`/`itself` and never `he` or `she` is a place (`Hadibo prides itself
/// on its market`).
pub(super) fn owned_by_subject(
    doc: &Doc,
    nav: &Navigation,
    ents: &Entities,
    states: &[State],
) -> Vec<(usize, Class, Gender)> {
    let n = doc.tokens.len();
    // Per entity: whether a male, a female and a neuter (`its`) pronoun was found.
    let mut seen: Vec<[bool; 3]> = vec![[false; 3]; states.len()];
    // Per sentence: the person it names, `Some(ANON)` for several.
    let sentences = n.checked_sub(1).map_or(0, |k| nav.sentence(k) + 1);
    let mut person_in: Vec<Option<usize>> = vec![None; sentences];
    for m in ents.mentions.iter().filter(|m| m.start_token < n) {
        if is_person(states, m.entity) {
            if let Some(p) = person_in.get_mut(nav.sentence(m.start_token)) {
                *p = match *p {
                    Some(e) if e != m.entity => Some(ANON),
                    _ => Some(m.entity),
                };
            }
        }
    }
    for m in &ents.mentions {
        let end = m.end_token.min(n);
        let Some(k) = (m.start_token..end).find(|&k| is_subject(doc, k)) else {
            continue;
        };
        let verb = nav.head(k);
        let sent = nav.sentence(k);
        let alone = person_in
            .get(sent)
            .is_some_and(|p| p.is_none_or(|p| p == m.entity));
        if !alone {
            continue;
        }
        let last = nav.right_edge(verb).min(n.saturating_sub(1));
        // Possessives and reflexives only: an object pronoun of the subject's own clause is
        // someone else (`Carroll looked at her`). The pronoun's heads reach the verb, not
        // through a clause of its own (`Carroll learned that her parents lived ...`).
        let owned = (end..=last).filter(|&j| {
            let w = doc.word(j);
            (doc.tokens[j].tag.as_ref() == "PRP$"
                || w.get(w.len().saturating_sub(4)..)
                    .is_some_and(|end| end.eq_ignore_ascii_case("self")))
                && std::iter::successors(Some(j), |&x| Some(nav.head(x)).filter(|&h| h != x))
                    .take(OWNED_DEPTH + 1)
                    .take_while(|&x| {
                        x == verb
                            || !matches!(
                                doc.tokens[x].dep.as_ref(),
                                "ccomp" | "advcl" | "relcl" | "acl"
                            )
                    })
                    .any(|h| h == verb)
        });
        for j in owned {
            let w = lower_token(doc, j);
            let Some(slot) = gender_slot(pronoun_gender(&w))
                .or_else(|| matches!(w.as_str(), "its" | "itself").then_some(2))
            else {
                continue;
            };
            if let Some(s) = seen.get_mut(m.entity) {
                s[slot] = true;
            }
        }
    }
    seen.iter()
        .enumerate()
        .filter_map(|(e, s)| {
            let person = states.get(e)?.class == Class::Person;
            match (person, s) {
                (false, [true, false, _]) => Some((e, Class::Person, Gender::Male)),
                (false, [false, true, _]) => Some((e, Class::Person, Gender::Female)),
                (true, [false, false, true]) => Some((e, Class::Place, Gender::Unknown)),
                _ => None,
            }
        })
        .filter(|&(e, class, _)| class != Class::Person || !short_of_known_person(ents, states, e))
        .collect()
}

/// Whether entity `e`'s name is words of the name of a person whose gender the text gave
/// (`Paris` after `Anouk Paris, an Australian woman`): a short form of that person, whose
/// pronouns go to them.
fn short_of_known_person(ents: &Entities, states: &[State], e: usize) -> bool {
    let Some(name) = ents.entities.get(e).map(|g| g.name.as_str()) else {
        return false;
    };
    ents.entities
        .iter()
        .zip(states)
        .enumerate()
        .any(|(f, (g, s))| {
            f != e
                && s.class == Class::Person
                && s.gender_known
                && name
                    .split_whitespace()
                    .all(|w| g.name.split_whitespace().any(|x| x == w))
        })
}

/// Most tokens in a title line that names a text's subject (`Jared Padalecki`).
const TITLE_TOKENS: usize = 5;
/// Unquoted third-person pronouns of the dominant gender a titled text needs ...
const TITLE_PRONOUNS: usize = 5;
/// ... and how many times those of the other gender.
const TITLE_PRONOUN_RATIO: usize = 3;

/// The person a text is about when its first line is a title made of a name and nothing else
/// (`Zaha Hadid`, `Pierre Charles L'Enfant,`: at most [`TITLE_TOKENS`] tokens, not opening
/// with `the`, which names a thing: `The Texas War for Independence`) and its unquoted
/// third-person singular pronouns are nearly all one gender (at least [`TITLE_PRONOUNS`],
/// [`TITLE_PRONOUN_RATIO`] times the other): a biography. Returns the entities that are that person (the title name's and those named
/// by some of its words: `Holt` after `Brock Holt`, whatever label the NER gave them) and the
/// gender.
pub(super) fn title_person(
    doc: &Doc,
    ents: &Entities,
    in_marks: &[bool],
) -> Option<(Vec<bool>, Gender)> {
    let first = ents.mentions.first()?;
    let line_end = doc.text.find('\n').unwrap_or(doc.text.len());
    let line_tokens = doc.tokens.iter().take_while(|t| t.start < line_end).count();
    let only_name = first.start_token == 0
        && first.end_token <= line_tokens
        && (first.end_token..line_tokens).all(|k| lower_token(doc, k) == ",");
    if !only_name || line_tokens > TITLE_TOKENS || lower_token(doc, 0) == "the" {
        return None;
    }
    let mut counts = [0usize; 2];
    for (k, t) in doc.tokens.iter().enumerate() {
        if in_marks.get(k).copied().unwrap_or(true) || !matches!(t.tag.as_ref(), "PRP" | "PRP$") {
            continue;
        }
        if let Some(slot) = gender_slot(pronoun_gender(&lower_token(doc, k))) {
            counts[slot] += 1;
        }
    }
    let (g, main, other) = if counts[0] >= counts[1] {
        (Gender::Male, counts[0], counts[1])
    } else {
        (Gender::Female, counts[1], counts[0])
    };
    if main < TITLE_PRONOUNS || main < TITLE_PRONOUN_RATIO * other {
        return None;
    }
    let title = doc.text.get(first.start..first.end)?;
    let words: Vec<&str> = title.split_whitespace().collect();
    let named_by_title =
        |name: &str| !name.is_empty() && name.split_whitespace().all(|w| words.contains(&w));
    let out = ents
        .entities
        .iter()
        .enumerate()
        .map(|(e, group)| e == first.entity || named_by_title(&group.name))
        .collect();
    Some((out, g))
}

/// Prepositions of place: a name after one is where something happens.
const PLACE_PREPOSITIONS: [&str; 9] = [
    "in",
    "at",
    "near",
    "from",
    "across",
    "throughout",
    "inside",
    "outside",
    "around",
];

/// Whether token `h` is the object of a preposition of place (`In Tulsa, an unarmed man
/// ...`): what the parser may hang after it as an appositive is the clause's subject, not a
/// description of the place.
fn in_place_phrase(doc: &Doc, nav: &Navigation, h: usize) -> bool {
    doc.tokens[h].dep.as_ref() == "pobj"
        && PLACE_PREPOSITIONS.contains(&doc.word(nav.head(h)).to_ascii_lowercase().as_str())
}

/// The head noun that describes a name over tokens `a..b`: a predicate noun (`X was a French
/// actress`) or an appositive (`X, an actress`).
pub(super) fn described_by(doc: &Doc, nav: &Navigation, a: usize, b: usize) -> Option<usize> {
    let h = (a..b).find(|&k| {
        let hd = nav.head(k);
        hd < a || hd >= b || hd == k
    })?;
    if let Some(k) = nav
        .children(h)
        .find(|&k| doc.tokens[k].dep.as_ref() == "appos")
        .filter(|_| !in_place_phrase(doc, nav, h))
    {
        return Some(k);
    }
    if !matches!(doc.tokens[h].dep.as_ref(), "nsubj") {
        return None;
    }
    let verb = nav.head(h);
    let vt = &doc.tokens[verb];
    if !COPULAS.contains(&lower(doc.text.get(vt.start..vt.end).unwrap_or("")).as_str()) {
        return None;
    }
    nav.children(verb)
        .find(|&k| doc.tokens[k].dep.as_ref() == "attr")
}

/// The noun a name is given to by `named` / `called` right before it (`this girl named X`,
/// `a guy called X`): it may state the person's gender.
pub(super) fn named_noun(doc: &Doc, start: usize) -> Option<usize> {
    let verb = start.checked_sub(1)?;
    let noun = verb.checked_sub(1)?;
    (matches!(lower_token(doc, verb).as_str(), "named" | "called")
        && is_noun(&doc.tokens.get(noun)?.tag))
    .then_some(noun)
}

/// Entities labelled as places that speak a quote under their own name (`Santa said`, a
/// surname the NER took for a city): people, for the pronoun sieves. Not a place followed by
/// a noun of its phrase (`Tulsa police Chief X said`, which a misparse left to `Tulsa`).
/// (Organisations speak too — `the company said` — and keep their class.)
pub(super) fn place_speakers(doc: &Doc, ents: &Entities, quotes: &[Quote]) -> Vec<usize> {
    let modifier = |end: usize| {
        let k = doc.tokens.partition_point(|t| t.end < end);
        doc.tokens.get(k).is_some_and(|t| t.end == end)
            && doc
                .tokens
                .get(k + 1)
                .is_some_and(|n| n.tag.starts_with("NN"))
    };
    quotes
        .iter()
        .filter_map(|q| q.speaker.as_ref())
        .filter(|sp| !sp.pronoun && !modifier(sp.span.end))
        .filter_map(|sp| sp.entity)
        .filter(|&e| {
            ents.entities
                .get(e)
                .is_some_and(|g| class_of(&g.label) == Class::Place)
        })
        .collect()
}
