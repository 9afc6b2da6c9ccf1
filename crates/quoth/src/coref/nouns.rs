//! Sieves 4 and 5: common noun phrases that mention an entity ([`common_noun`]), and the
//! tests that keep a noun phrase from being one.
//!
//! **Appositives and predicate nouns**: a common noun phrase in apposition to a name (`Kim,
//! the leader`; a gendered noun only of a person: `born in Paris, the daughter of ...`)
//! or predicated of it by a copula (`Kim is a former diplomat`, `Kim, who is
//! our editor`, `Kim is a novelist and the editor of X`; GUM, like OntoNotes' successors,
//! counts these as mentions). So is the role an `as` phrase on a verb gives the verb's
//! object or, without one, its subject (`he served as president of X`, `described her as
//! the best pupil`; not `such as`, `as well as`), and `one of the …` predicated of a name
//! (`she was one of the founders`). A predicate noun does not count as one more mention of
//! its entity (its subject did).
//! A gendered noun in apposition describes a person only, and so does a person's title
//! (`governor`, `spokesman`) right before a person's name (`The Rotary Club, former mayor X`
//! is not the club).
//! A possessed noun with a person's name in apposition (`his mother, Jennifer`) is that
//! person, and so is the same possessor's same noun later (`his mother`); so is any noun
//! with a person's name in apposition right after it (`the singer, Adele`; not a name in
//! brackets, a citation: `current research (Smith, 2010)`). A noun phrase
//! set aside from the prose (a label before a colon, `Image: X`; a hashtag; a bare noun in
//! brackets, `(tennis)`; a phrase the parser ran over a line break) is never a mention, and a plural noun is never a mention of one
//! person (`two brothers`, `events` are not the name next to them), nor a counted plural
//! of any one entity (`the EPA, 18 states, ...`).
//!
//! **Name heads, role and type nouns**: a definite or demonstrative noun phrase, plural
//! ones included, whose head is the head word of a recent organisation's or place's name
//! (`the islands` after `the Chatham Islands`, `the river` after `the Hudson River`) is
//! that entity (within [`NOUN_WINDOW`] sentences). Otherwise a singular definite or
//! demonstrative noun phrase, possessive ones
//! included (`the president`, `the company's`, `this city`; for a country, the speaker's
//! `our country`, `my nation`) whose head is one of the entity's roles ([`crate::entities::EntityGroup::roles`])
//! or a type noun matching its label goes to the most recent such entity within
//! [`NOUN_WINDOW`] sentences; further away, a type noun goes to the story's most mentioned
//! entity of that type when it has at least [`TOPIC_MENTIONS`] mentions and no tie. A place
//! noun (`the city`) takes that most mentioned place first, the nearest one otherwise (a
//! GPE only: not a continent or a region, LOC, nor a building, FAC; and not a place the
//! text already called by a place noun of another level: a city is not `the country`; and
//! by two short tables, `the country` is a country, `the city` neither a country nor a US
//! state, `the state` no country: [`crate::entities::place_level_of_name`]);
//! with an `of` name (`the town of X`) it is that place's mention, unless the noun has a name
//! of its own (`the Darfur region of Sudan`). A business noun (`the
//! company`, `the firm`) names no public body, party or school (by the head word of its
//! name: `European Union`, `Justice Department`). A role, type or name-head noun never takes
//! the subject of its own clause (`the Security Council is the arm of the organization`,
//! `Apple sued the company`; a possessive may: `Apple raised the company's forecast`), and a
//! role with a rank word is another office (`Former President X` is no `the president`).
//! A predicate noun of a coordinated subject (`X and Y are members`) is neither's.

use quoth_nlp::{Doc, Navigation};

use crate::entities::{is_person_cue, is_rank_modifier, Entities};

use super::gender::{word_gender, Gender};
use super::tokens::{lower, lower_token, COPULAS};
use super::{best, is_person, Class, State, NOUN_WINDOW, TOPIC_MENTIONS};

/// Head nouns that refer back to an organisation. (`team`, `government`, `group` are left
/// out: on GUM train they mostly name something else — a squad, a country's government — than
/// the nearest organisation.)
const ORG_NOUNS: [&str; 13] = [
    "company",
    "firm",
    "organization",
    "organisation",
    "agency",
    "party",
    "club",
    "university",
    "bank",
    "band",
    "corporation",
    "network",
    "department",
];
/// Head words of the names of public bodies, parties and schools (`European Union`, `Federal
/// Reserve`, `Justice Department`): no `company` or `firm`.
const PUBLIC_BODY_HEADS: [&str; 32] = [
    "administration",
    "agency",
    "army",
    "assembly",
    "association",
    "authority",
    "board",
    "bureau",
    "college",
    "commission",
    "committee",
    "congress",
    "council",
    "court",
    "department",
    "federation",
    "foundation",
    "government",
    "house",
    "institute",
    "league",
    "ministry",
    "nations",
    "navy",
    "parliament",
    "party",
    "police",
    "reserve",
    "school",
    "senate",
    "union",
    "university",
];

/// Head nouns that refer back to a place (`island`, `region`, `town` are left out: on GUM
/// train they mostly name a part of the place, or another one).
const PLACE_NOUNS: [&str; 6] = ["city", "country", "state", "nation", "village", "province"];

/// Place nouns that take a name with `of` (`the town of X`, `the island of X`).
const OF_PLACE_NOUNS: [&str; 6] = ["town", "island", "region", "county", "district", "port"];

/// Whether the noun phrase over tokens `a..b` is set aside from the prose: a label before a
/// colon (`Image: X`, `tel: ...`), a hashtag (`#research`), a bare noun in brackets
/// (`(tennis)`, `(clarification needed)`; a determined one, `(the company is ...)`, is prose),
/// or a phrase the parser ran over a line break (`Nev.` + `FACEBOOK`: a dateline and the
/// next paragraph).
pub(super) fn set_aside(doc: &Doc, a: usize, b: usize) -> bool {
    let (Some(first), Some(last)) = (
        doc.tokens.get(a),
        b.checked_sub(1).and_then(|k| doc.tokens.get(k)),
    ) else {
        return false;
    };
    let before = doc.text.get(..first.start).unwrap_or("").trim_end();
    let after = doc.text.get(last.end..).unwrap_or("").trim_start();
    let bare = !matches!(first.dep.as_ref(), "det" | "poss")
        && !matches!(first.tag.as_ref(), "PRP$" | "DT");
    let broken = doc
        .text
        .get(first.start..last.end)
        .is_some_and(|t| t.contains('\n'));
    broken
        || after.starts_with(':')
        || before.ends_with('#')
        || (bare && before.ends_with(['(', '[']))
}

/// `one` heading `one of the …` (`she was one of the first writers to …`): a noun phrase
/// whose head is a number, a mention like a noun's when it is predicated of a name.
pub(super) fn is_one_of(doc: &Doc, nav: &Navigation, i: usize, word: &str) -> bool {
    word == "one" && nav.children(i).any(|k| lower_token(doc, k) == "of")
}

/// A noun compounded into a name (`the Trump administration` is not about `the`…): skip nouns
/// whose head is a name token.
pub(super) fn is_inside_name(nav: &Navigation, name_of: &[Option<usize>], i: usize) -> bool {
    name_of.get(nav.head(i)).copied().flatten().is_some() && nav.head(i) != i
}

/// Whether a plural noun at token `i` would be linked to one person (`events`, `two brothers`,
/// `the other two leading linguists` for a named linguist), or a counted plural to any one
/// entity (`the EPA, 18 states, ...`: a list the parser read as an appositive): a plural is
/// never one person, and a number of things is never one thing.
pub(super) fn many_for_one(
    doc: &Doc,
    nav: &Navigation,
    states: &[State],
    e: usize,
    i: usize,
) -> bool {
    let plural = matches!(doc.tokens[i].tag.as_ref(), "NNS" | "NNPS");
    let counted = || {
        nav.children(i)
            .any(|k| doc.tokens[k].dep.as_ref() == "nummod")
    };
    plural && (is_person(states, e) || counted())
}

/// The entity a common noun at token `i` (the head of its phrase) refers to, and the mention's
/// token range (first token, end exclusive).
#[allow(clippy::too_many_arguments)]
pub(super) fn common_noun(
    doc: &Doc,
    nav: &Navigation,
    ents: &Entities,
    states: &[State],
    name_of: &[Option<usize>],
    pronoun_of: &[Option<usize>],
    heads: &[String],
    kin: &mut Vec<Kin>,
    i: usize,
    sent: usize,
    word: &str,
) -> Option<(usize, usize, usize)> {
    // Only the head of a noun phrase; a possessive phrase (`the city's`) is one too.
    if matches!(doc.tokens[i].dep.as_ref(), "compound" | "amod") {
        return None;
    }
    let first = (nav.left_edge(i)..i)
        .find(|&k| !matches!(doc.tokens[k].dep.as_ref(), "punct" | "cc"))
        .unwrap_or(i);
    let links = Links {
        doc,
        nav,
        name_of,
        pronoun_of,
    };
    // Appositive: `Kim Jong Un, the North Korean leader`.
    if doc.tokens[i].dep.as_ref() == "appos" {
        // (a gendered noun describes a person only: not `In Tulsa, an unarmed man ...`; nor
        // is a person's title before a name the head's: `The Rotary Club, former mayor X`)
        let titles_next = is_person_cue(word)
            && name_of
                .get(i + 1)
                .copied()
                .flatten()
                .is_some_and(|p| is_person(states, p));
        if let Some(e) = name_of.get(nav.head(i)).copied().flatten().filter(|&e| {
            (word_gender(&doc.tokens[i], &doc.text) == Gender::Unknown && !titles_next)
                || is_person(states, e)
        }) {
            return Some((e, first, i + 1));
        }
    }
    // Predicate noun of a name or a linked pronoun: `Kim is a former diplomat`, `she was a
    // nurse`, and of a relative pronoun's name (`Jo, who is our editor`).
    if let Some(e) = predicate_of(links, i) {
        return Some((e, first, i + 1));
    }
    // The role an `as` phrase gives a name or a linked pronoun: `he served as president of
    // X`, `described her as the best pupil`.
    if let Some(e) = as_complement_of(links, states, i) {
        return Some((e, first, i + 1));
    }
    // A possessed noun with a person's name in apposition (`his mother, Jennifer`) is that
    // person; the same possessor's same noun later (`his mother`) is them again.
    if let Some(p) = possessor(links, i) {
        if let Some(e) = appos_person(doc, nav, name_of, states, i) {
            kin.push(Kin {
                possessor: p,
                noun: i,
                entity: e,
            });
            return Some((e, first, i + 1));
        }
        if let Some(k) = kin
            .iter()
            .rev()
            .find(|k| k.possessor == p && lower_token(doc, k.noun) == word)
        {
            return Some((k.entity, first, i + 1));
        }
    }
    // Any noun with a person's name in apposition right after it (`the singer, Adele`; a
    // far appositive is often a misparse).
    let name_next = (i + 1..(i + 3).min(name_of.len())).any(|k| name_of[k].is_some());
    if let Some(e) = appos_person(doc, nav, name_of, states, i).filter(|_| name_next) {
        return Some((e, first, i + 1));
    }
    // Definite and demonstrative phrases only: `the president`, `this city`; and the
    // speaker's country (`our country`, `my nation`).
    let country = place_level(word) == Some(0);
    let det = nav.children(i).find(|&k| {
        let dep = doc.tokens[k].dep.as_ref();
        dep == "det" || (country && dep == "poss")
    })?;
    let d = lower(doc.text.get(doc.tokens[det].start..doc.tokens[det].end)?);
    let plural = doc.tokens[i].tag.as_ref() == "NNS";
    if !matches!(d.as_str(), "the" | "this" | "that" | "these" | "our" | "my")
        || !(plural || doc.tokens[i].tag.as_ref() == "NN")
    {
        return None;
    }
    if let Some((e, end)) = of_name(doc, nav, ents, states, name_of, i, word) {
        return Some((e, first, end));
    }
    // `the film Watchmen`, `the province Britannia`: the name that follows is the referent.
    if doc
        .tokens
        .get(i + 1)
        .is_some_and(|t| t.pos.as_ref() == "PROPN")
    {
        return None;
    }
    // Other modified phrases (`the European team`, `the town's mayor`) name something new.
    let modified = nav.children(i).any(|k| {
        k != det
            && matches!(
                doc.tokens[k].dep.as_ref(),
                "amod" | "compound" | "nmod" | "poss" | "nummod" | "prep" | "acl" | "relcl"
            )
    });
    if modified {
        return None;
    }
    // The head noun of an organisation's or a place's name (`the university` for `Penn State
    // University`, `the islands` for `the Chatham Islands`): the nearest such entity within
    // NOUN_WINDOW (the story's most mentioned one further away took `the court` of a hearing
    // for an appeal court named earlier).
    // Never the subject of the noun's own clause (`the Security Council is the arm of the
    // organization`, `Apple sued the company`), unless the noun is a possessive (`Apple
    // raised the company's forecast`).
    let clause_subject = (doc.tokens[i].dep.as_ref() != "poss")
        .then(|| clause_subject_entity(links, i))
        .flatten();
    let by_name = |e: usize, s: &State| {
        matches!(s.class, Class::Org | Class::Place)
            && heads.get(e).is_some_and(|h| h == word)
            && clause_subject != Some(e)
    };
    if let Some(e) = best(states, sent, NOUN_WINDOW, by_name) {
        return Some((e, first, i + 1));
    }
    if plural || d == "these" {
        return None;
    }
    let lemma = word;
    // (a role with a rank word is another office: `the president` is no `former president`)
    let by_role = best(states, sent, NOUN_WINDOW, |e, _| {
        clause_subject != Some(e)
            && ents.entities[e]
                .roles
                .iter()
                .any(|r| r.rsplit(' ').next() == Some(lemma) && !r.split(' ').any(is_rank_modifier))
    });
    if let Some(e) = by_role {
        return Some((e, first, i + 1));
    }
    let class = if ORG_NOUNS.contains(&lemma) {
        Class::Org
    } else if PLACE_NOUNS.contains(&lemma) {
        Class::Place
    } else {
        return None;
    };
    // A place noun names a GPE (a country, a city, a state): not a LOC (a continent, a
    // region, a sea) or a FAC (a building, a road).
    let level = place_level(lemma);
    // What the tables know of the name: `the country` is a country, `the city` neither a
    // country nor a US state, `the state` no country.
    let known_fits = |e: usize| {
        let known = crate::entities::place_level_of_name(&ents.entities[e].name);
        match level {
            Some(0) => known == Some(0),
            Some(1) => known != Some(0),
            _ => known.is_none(),
        }
    };
    // A business noun names no public body (`the company` is not `the European Union`).
    let business = matches!(lemma, "company" | "firm" | "corporation");
    let fits = |e: usize, s: &State| {
        s.class == class
            && clause_subject != Some(e)
            && !(business
                && heads
                    .get(e)
                    .is_some_and(|h| PUBLIC_BODY_HEADS.contains(&h.as_str())))
            && (class != Class::Place
                || (ents.entities[e].label.as_ref() == "GPE"
                    && s.place_level.is_none_or(|l| Some(l) == level)
                    && known_fits(e)))
    };
    if class == Class::Place {
        // `the city`, `the country`: the story's place when it has one (a guide, a news
        // story about a town), else the nearest place.
        return topic(states, fits)
            .or_else(|| best(states, sent, NOUN_WINDOW, fits))
            .map(|e| (e, first, i + 1));
    }
    best(states, sent, NOUN_WINDOW, fits)
        .or_else(|| topic(states, fits))
        .map(|e| (e, first, i + 1))
}

/// Whether noun `i` is a predicate noun (`attr`), or joined to one (`a blogger and the
/// editor`).
pub(super) fn is_predicate(doc: &Doc, nav: &Navigation, i: usize) -> bool {
    let dep = |k: usize| doc.tokens[k].dep.as_ref();
    dep(i) == "attr" || (dep(i) == "conj" && dep(nav.head(i)) == "attr")
}

/// The entity a predicate noun at token `i` describes: the subject of its copula when that is
/// a name or a linked pronoun (`Kim is a former diplomat`, `she was a nurse`), or, when the
/// subject is a relative pronoun (`who`, `which`, `that`), the name the relative clause
/// belongs to (`Jo, who is our editor`). A noun joined to a predicate noun (`a blogger and
/// the editor`) is a predicate noun too. Not a noun the parser hung on the copula across
/// another clause (a subordinating word or a subject between them), nor one predicated of a
/// coordinated subject (`X and Y are members`).
fn predicate_of(links: Links<'_>, i: usize) -> Option<usize> {
    let (doc, nav, name_of, pronoun_of) = links.parts();
    let dep = |k: usize| doc.tokens[k].dep.as_ref();
    if !is_predicate(doc, nav, i) {
        return None;
    }
    let attr = if dep(i) == "conj" { nav.head(i) } else { i };
    let verb = nav.head(attr);
    if !COPULAS.contains(&lower_token(doc, verb).as_str()) {
        return None;
    }
    // another clause between the copula and the noun: the parser's long reach, not a
    // predicate (`who's ineligible ... because she did not meet the ... threshold`)
    if (verb + 1..attr).any(|k| matches!(dep(k), "mark" | "nsubj" | "nsubjpass")) {
        return None;
    }
    let subject = nav.children(verb).find(|&k| dep(k) == "nsubj")?;
    // a coordinated subject: the noun describes them all (`X and Y are members`)
    if nav
        .children(subject)
        .any(|k| dep(k) == "conj" && doc.tokens[k].tag.starts_with("NN"))
        && nav
            .children(subject)
            .any(|k| dep(k) == "cc" && matches!(lower_token(doc, k).as_str(), "and" | "&"))
    {
        return None;
    }
    let relative = matches!(lower_token(doc, subject).as_str(), "who" | "which" | "that");
    if relative && dep(verb) == "relcl" {
        return linked_entity(name_of, pronoun_of, nav.head(verb));
    }
    linked_entity(name_of, pronoun_of, subject)
}

/// The entity an `as` phrase at noun `i` gives a role: `i` is the object of an `as` that
/// modifies a verb; the verb's object when that is a name or a linked pronoun (`described her
/// as the best pupil`), else its subject (`he served as president`, `Kim was hired as a
/// consultant`; and a person subject of a verb with an object when the phrase comes first:
/// `As a schoolboy, Hall loved maps`). A stretch of life ([`LIFE_STAGES`]) that the phrase
/// names belongs to its possessor (`his years as mayor`) or the subject of the verb it is
/// the object of (`Hall won fame as an architect`, the `as` on the noun or on the verb).
/// Not `such as` or `as well as`, whose `as` hangs on a noun or an adverb.
fn as_complement_of(links: Links<'_>, states: &[State], i: usize) -> Option<usize> {
    let (doc, nav, name_of, pronoun_of) = links.parts();
    let dep = |k: usize| doc.tokens[k].dep.as_ref();
    if dep(i) != "pobj" {
        return None;
    }
    let prep = nav.head(i);
    if lower_token(doc, prep) != "as" || dep(prep) != "prep" {
        return None;
    }
    let mut verb = nav.head(prep);
    let linked = |k: usize| linked_entity(name_of, pronoun_of, k);
    let life_stage = |k: usize| LIFE_STAGES.contains(&lower_token(doc, k).as_str());
    if doc.tokens[verb].pos.as_ref() == "NOUN" && life_stage(verb) {
        if let Some(p) = nav.children(verb).find(|&k| dep(k) == "poss") {
            return linked(p);
        }
        if dep(verb) != "dobj" {
            return None;
        }
        verb = nav.head(verb);
        return nav
            .children(verb)
            .find(|&k| dep(k) == "nsubj")
            .and_then(linked);
    }
    if !matches!(doc.tokens[verb].pos.as_ref(), "VERB" | "AUX") {
        return None;
    }
    let subject = nav
        .children(verb)
        .find(|&k| matches!(dep(k), "nsubj" | "nsubjpass"));
    let Some(object) = nav.children(verb).find(|&k| dep(k) == "dobj") else {
        return subject.and_then(linked);
    };
    // a stretch of life that the phrase names is the subject's (`won fame as a poet`), and a
    // fronted phrase describes the subject, a person (not `As a result, the city lost its
    // port`)
    if life_stage(object) {
        subject.and_then(linked)
    } else if subject.is_some_and(|s| prep < nav.left_edge(s)) {
        subject.and_then(linked).filter(|&e| is_person(states, e))
    } else {
        linked(object)
    }
}

/// Nouns of a stretch of a life that an `as` phrase gives a role (`his time as mayor`, `her
/// career as a nurse`, `fame as an architect`).
/// (Not `role`: `his role as a bully` is often a part an actor plays.)
const LIFE_STAGES: [&str; 13] = [
    "career",
    "time",
    "tenure",
    "term",
    "years",
    "days",
    "stint",
    "job",
    "fame",
    "reputation",
    "success",
    "debut",
    "service",
];

/// The entity of the subject of the clause noun `i` is in: the first verb above `i`, its
/// subject's name or linked pronoun; `None` when `i` is that subject or there is none.
fn clause_subject_entity(links: Links<'_>, i: usize) -> Option<usize> {
    let (doc, nav, name_of, pronoun_of) = links.parts();
    let mut k = i;
    // (a parse is a tree; the bound only guards against a malformed one)
    for _ in 0..doc.tokens.len() {
        let h = nav.head(k);
        if h == k {
            return None;
        }
        k = h;
        if doc.tokens[k].tag.starts_with("VB") {
            let subject = nav
                .children(k)
                .find(|&c| matches!(doc.tokens[c].dep.as_ref(), "nsubj" | "nsubjpass"))?;
            if (nav.left_edge(subject)..=subject).contains(&i) {
                return None;
            }
            return linked_entity(name_of, pronoun_of, subject);
        }
    }
    None
}

/// What the noun tests read of the document: its parse, and which entity each token names
/// (`name_of`) or, as a linked pronoun, stands for (`pronoun_of`).
#[derive(Clone, Copy)]
struct Links<'a> {
    doc: &'a Doc,
    nav: &'a Navigation,
    name_of: &'a [Option<usize>],
    pronoun_of: &'a [Option<usize>],
}

impl<'a> Links<'a> {
    /// The four fields, for a noun test that reads all of them.
    fn parts(
        self,
    ) -> (
        &'a Doc,
        &'a Navigation,
        &'a [Option<usize>],
        &'a [Option<usize>],
    ) {
        (self.doc, self.nav, self.name_of, self.pronoun_of)
    }
}

/// The entity token `k` stands for: the name it is part of, else the entity its pronoun is
/// linked to.
pub(super) fn linked_entity(
    name_of: &[Option<usize>],
    pronoun_of: &[Option<usize>],
    k: usize,
) -> Option<usize> {
    name_of
        .get(k)
        .copied()
        .flatten()
        .or_else(|| pronoun_of.get(k).copied().flatten())
}

/// `the city of Philadelphia`: a place noun whose `of` object is a place name: that entity and
/// the token after the name. Not a noun with a name of its own (`the Darfur region of Sudan`).
fn of_name(
    doc: &Doc,
    nav: &Navigation,
    ents: &Entities,
    states: &[State],
    name_of: &[Option<usize>],
    i: usize,
    word: &str,
) -> Option<(usize, usize)> {
    if !PLACE_NOUNS.contains(&word) && !OF_PLACE_NOUNS.contains(&word) {
        return None;
    }
    // a noun named in its own right is a part of the place (`the Darfur region of Sudan`)
    if nav
        .children(i)
        .any(|k| doc.tokens[k].dep.as_ref() == "compound" && doc.tokens[k].pos.as_ref() == "PROPN")
    {
        return None;
    }
    let of = nav
        .children(i)
        .find(|&k| doc.tokens[k].dep.as_ref() == "prep" && lower_token(doc, k) == "of")?;
    let obj = nav
        .children(of)
        .find(|&k| doc.tokens[k].dep.as_ref() == "pobj")?;
    let e = name_of.get(obj).copied().flatten()?;
    if states.get(e).map(|s| s.class) != Some(Class::Place) {
        return None;
    }
    let m = ents
        .mentions
        .iter()
        .find(|m| m.start_token <= obj && obj < m.end_token)?;
    Some((e, m.end_token))
}

/// The level of a place noun: 0 a country (`country`, `nation`), 1 a state (`state`,
/// `province`), 2 a town (`city`, `village`, `town`); `None` for other words.
pub(super) fn place_level(word: &str) -> Option<u8> {
    match word {
        "country" | "nation" => Some(0),
        "state" | "province" => Some(1),
        "city" | "village" | "town" => Some(2),
        _ => None,
    }
}

/// The head word of a name, lower-cased: the word before `of` (`University of Toronto` →
/// `university`), else the last word (`Chatham Islands` → `islands`).
pub(super) fn name_head(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let k = words
        .iter()
        .position(|w| *w == "of")
        .filter(|&k| k > 0)
        .unwrap_or(words.len());
    words
        .get(k.saturating_sub(1))
        .map(|w| lower(w.trim_end_matches(|c: char| !c.is_alphanumeric())))
        .unwrap_or_default()
}

/// A possessed noun that an appositive name identified (`his mother, Jennifer`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Kin {
    /// The possessor's entity (`his` linked to Goode).
    possessor: usize,
    /// The noun's token (`mother`).
    noun: usize,
    /// The person named in apposition.
    entity: usize,
}

/// The entity of the possessor of noun `i` (`his` linked to X, `X's`), if any.
fn possessor(links: Links<'_>, i: usize) -> Option<usize> {
    let (doc, nav, name_of, pronoun_of) = links.parts();
    let k = nav
        .children(i)
        .find(|&k| doc.tokens[k].dep.as_ref() == "poss")?;
    linked_entity(name_of, pronoun_of, k)
}

/// The person entity named in apposition to noun `i` (`his mother, Jennifer`).
fn appos_person(
    doc: &Doc,
    nav: &Navigation,
    name_of: &[Option<usize>],
    states: &[State],
    i: usize,
) -> Option<usize> {
    let k = nav
        .children(i)
        .find(|&k| doc.tokens[k].dep.as_ref() == "appos")?;
    // A name in brackets is a citation or a gloss (`current research (Smith, 2010)`).
    let bracketed = nav
        .left_edge(k)
        .checked_sub(1)
        .is_some_and(|p| matches!(lower_token(doc, p).as_str(), "(" | "["));
    if bracketed {
        return None;
    }
    let e = name_of.get(k).copied().flatten()?;
    (states.get(e).map(|s| s.class) == Some(Class::Person)).then_some(e)
}

/// The most mentioned entity so far that `ok` accepts, if it has [`TOPIC_MENTIONS`] mentions
/// and no other accepted entity is as frequent (`the company` far from its last mention).
fn topic(states: &[State], ok: impl Fn(usize, &State) -> bool) -> Option<usize> {
    let mut counts: Vec<(usize, usize)> = states
        .iter()
        .enumerate()
        .filter(|(e, s)| s.last.is_some() && ok(*e, s))
        .map(|(e, s)| (s.count, e))
        .collect();
    counts.sort_unstable_by(|a, b| b.cmp(a));
    match counts.as_slice() {
        [(n, e), rest @ ..] if *n >= TOPIC_MENTIONS && rest.first().is_none_or(|r| r.0 < *n) => {
            Some(*e)
        }
        _ => None,
    }
}
