//! Document-level coreference of pronouns and common nouns to the named entities of
//! [`crate::entities`] (issue 11): a few rule-based sieves in the spirit of Stanford's
//! multi-pass coreference, linear in the document. [`link_mentions_with_quotes`] walks the
//! tokens once, in text order, and tries the sieves on each (each module's docs hold its rules
//! in full):
//!
//! 1. **Quoted first person**: `I` inside a direct quote is the quote's PERSON speaker (module
//!    `pronouns`).
//! 2. **Narrator and addressee**: unquoted first and second person (and `we`) go to the voices
//!    the layout names: a byline, an interviewee, a letter's signature and addressee, a
//!    transcript's speaker labels, a self-introduction, a vocative (module `voices`).
//! 3. **Third-person pronouns**: `he`/`she` go to the person who reports their clause, else
//!    to the best-scored PERSON of a compatible gender within [`PRONOUN_WINDOW`] sentences;
//!    `its` and a subject `it` to an organisation or a place (module `pronouns`; which names
//!    count as persons, and of which gender, against the NER's label: module `relabel`).
//! 4. **Appositives and predicate nouns**: `Kim, the leader`, `Kim is a former diplomat`
//!    (module `nouns`).
//! 5. **Name heads, role and type nouns**: `the river` after `the Hudson River`, `the
//!    president`, `the company`, within [`NOUN_WINDOW`] sentences (module `nouns`).
//!
//! Shared: module `gender` (gendered words and pronouns) and module `tokens` (small word and
//! token tests).

mod gender;
mod nouns;
mod pronouns;
mod relabel;
mod tokens;
mod voices;

use quoth_nlp::{Doc, Navigation};

use crate::entities::Entities;
use crate::quotes::Quote;

use gender::{gender_slot, is_honorific, pronoun_gender, role_gender, word_gender, Gender};
use nouns::{
    common_noun, is_inside_name, is_one_of, is_predicate, many_for_one, name_head, place_level,
    set_aside, Kin,
};
use pronouns::{chained, continued_place, presented, pronoun, quoted_speakers, reporter, ANON};
use relabel::{described_by, located, named_noun, owned_by_subject, place_speakers, title_person};
use tokens::{is_first_or_second, is_noun, is_subject, lower};
use voices::{voice, voices};

pub(crate) use tokens::is_first_singular;

/// How many sentences back a third-person pronoun looks for its antecedent.
pub const PRONOUN_WINDOW: usize = 6;
/// How many sentences back a role or type noun looks for its entity.
pub const NOUN_WINDOW: usize = 3;

/// Mentions that make an entity the story's topic for a type noun beyond [`NOUN_WINDOW`].
pub const TOPIC_MENTIONS: usize = 3;

/// How a non-name mention refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MentionKind {
    /// A common noun phrase (`the president`, `the company`).
    Common,
    /// A pronoun (`he`, `her`, `its`, a quoted speaker's `I`).
    Pronoun,
}

impl MentionKind {
    /// The wire name (`common`, `pronoun`; names are `proper`).
    pub fn as_str(self) -> &'static str {
        match self {
            MentionKind::Common => "common",
            MentionKind::Pronoun => "pronoun",
        }
    }
}

/// A pronoun or common-noun mention of an entity (names are [`crate::entities::Mention`]s).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtraMention {
    /// Byte offsets into the text.
    pub start: usize,
    pub end: usize,
    /// Token range (end exclusive).
    pub start_token: usize,
    pub end_token: usize,
    /// Index into [`Entities::entities`].
    pub entity: usize,
    pub kind: MentionKind,
}

/// Broad class of an entity, from its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Person,
    Org,
    Place,
    Other,
}

fn class_of(label: &str) -> Class {
    match label {
        "PERSON" => Class::Person,
        "ORG" => Class::Org,
        "GPE" | "LOC" | "FAC" => Class::Place,
        _ => Class::Other,
    }
}

/// Per-entity state while walking the document.
#[derive(Debug, Clone, Copy)]
struct State {
    class: Class,
    gender: Gender,
    /// Token of the last mention seen so far (`None` before the first).
    last: Option<usize>,
    last_sentence: usize,
    last_subject: bool,
    /// Mentions seen so far (names and linked pronouns/nouns).
    count: usize,
    /// Whether the gender comes from the text (honorific, role, linked pronoun).
    gender_known: bool,
    /// Named once, by a single word, without an honorific or role: often a capitalised word
    /// the NER took for a name (`Zombie-like`, `Batting`), so it takes no third-person pronoun.
    lone: bool,
    /// The [`place_level`] of the first place noun linked to the entity (`the city`): a place
    /// the text called a city is not `the country`.
    place_level: Option<u8>,
}

/// Pronoun and common-noun mentions of the document's entities, in text order (see the module
/// docs for the rules). Same as [`link_mentions_with_quotes`] without quotes.
pub fn link_mentions(doc: &Doc, ents: &Entities) -> Vec<ExtraMention> {
    link_mentions_with_quotes(doc, ents, &[])
}

/// [`link_mentions`], also linking first-person pronouns inside direct quotes to the quote's
/// speaker entity.
pub fn link_mentions_with_quotes(
    doc: &Doc,
    ents: &Entities,
    quotes: &[Quote],
) -> Vec<ExtraMention> {
    let n = doc.tokens.len();
    if n == 0 || ents.entities.is_empty() {
        return Vec::new();
    }
    let nav = Navigation::new(doc);
    // Entity of each token covered by a name mention.
    let mut name_of: Vec<Option<usize>> = vec![None; n];
    for m in ents
        .mentions
        .iter()
        .filter(|m| m.entity < ents.entities.len())
    {
        for slot in name_of
            .iter_mut()
            .take(m.end_token.min(n))
            .skip(m.start_token)
        {
            *slot = Some(m.entity);
        }
    }
    let mut states: Vec<State> = ents
        .entities
        .iter()
        .map(|e| State {
            class: class_of(&e.label),
            gender: role_gender(&e.roles),
            gender_known: role_gender(&e.roles) != Gender::Unknown,
            lone: e.mentions.len() == 1 && !e.name.contains(' ') && e.roles.is_empty(),
            place_level: None,
            last: None,
            last_sentence: 0,
            last_subject: false,
            count: 0,
        })
        .collect();
    for m in &ents.mentions {
        // Words around the name, not in it: an honorific before it, a noun that describes it
        // (`X, an Australian woman`), the noun it is given to (`a girl named X`).
        let around: Vec<usize> = m
            .start_token
            .checked_sub(1)
            .into_iter()
            .chain(described_by(doc, &nav, m.start_token, m.end_token.min(n)))
            .chain(named_noun(doc, m.start_token))
            .collect();
        for k in around
            .iter()
            .copied()
            .chain(m.start_token..m.end_token.min(n))
        {
            let g = word_gender(&doc.tokens[k], &doc.text);
            if let Some(s) = states.get_mut(m.entity) {
                if g != Gender::Unknown && around.contains(&k) {
                    // A gendered word around a name the NER took for a place or an
                    // organisation (`Anouk Paris, an Australian woman`) makes it a person.
                    s.class = Class::Person;
                }
                if s.gender == Gender::Unknown && g != Gender::Unknown {
                    s.gender = g;
                    s.gender_known = true;
                }
            }
        }
    }
    for (e, class, g) in owned_by_subject(doc, &nav, ents, &states) {
        // A name that is the subject of its clause and owns its `his`/`herself` there is a
        // person of that gender (`Carroll put on his pants`), and a person name that owns its
        // `its` there is a place, whatever the NER said.
        if let Some(st) = states.get_mut(e) {
            st.class = class;
            st.gender = g;
            st.gender_known = g != Gender::Unknown;
        }
    }
    let in_marks = crate::entities::inside_marks(doc);
    if let Some((title, g)) = title_person(doc, ents, &in_marks) {
        // A text titled by a name whose third-person pronouns are all but one gender (a
        // biography) is about that person: a person of that gender, whatever the NER said.
        for (st, _) in states.iter_mut().zip(&title).filter(|(_, &t)| t) {
            st.class = Class::Person;
            st.gender = g;
            st.gender_known = true;
            st.lone = false;
        }
    }
    for e in located(doc, &nav, ents, &name_of, &states) {
        // A name the text locates in a place (`Coron is in the province of Palawan`) is one.
        if let Some(st) = states.get_mut(e) {
            st.class = Class::Place;
        }
    }
    for e in place_speakers(doc, ents, quotes) {
        if let Some(st) = states.get_mut(e) {
            st.class = Class::Person;
        }
    }
    let quoted = quoted_speakers(doc, &states, quotes);
    let voices = voices(doc, ents, &in_marks);
    let heads: Vec<String> = ents.entities.iter().map(|g| name_head(&g.name)).collect();
    let mut out = Vec::new();
    // Possessed nouns named by an appositive so far (`his mother, Jennifer`).
    let mut kin: Vec<Kin> = Vec::new();
    // Entity of each pronoun linked so far (a predicate noun's subject may be one).
    let mut pronoun_of: Vec<Option<usize>> = vec![None; n];
    // The last unnamed man and woman (`my father`, `the woman`): [male, female].
    let unnamed = State {
        class: Class::Person,
        gender: Gender::Unknown,
        gender_known: true,
        lone: false,
        place_level: None,
        last: None,
        last_sentence: 0,
        last_subject: false,
        count: 1,
    };
    // The entity of the last linked `he`-form and `she`-form pronoun, and its sentence.
    let mut chain: [Option<(usize, usize)>; 2] = [None, None];
    let mut anon = [
        State {
            gender: Gender::Male,
            ..unnamed
        },
        State {
            gender: Gender::Female,
            ..unnamed
        },
    ];
    for i in 0..n {
        let sent = nav.sentence(i);
        if let Some(e) = name_of[i] {
            // The first token of a name mention updates its entity's state.
            if i == 0 || name_of[i - 1] != Some(e) {
                let subject = (i..n)
                    .take_while(|&k| name_of[k] == Some(e))
                    .any(|k| is_subject(doc, k));
                touch(&mut states[e], i, sent, subject);
            }
            continue;
        }
        let tok = &doc.tokens[i];
        let word = lower(doc.text.get(tok.start..tok.end).unwrap_or(""));
        let linked = if tok.tag.as_ref() == "PRP" || tok.tag.as_ref() == "PRP$" {
            reporter(
                doc,
                &nav,
                &states,
                &name_of,
                &pronoun_of,
                &in_marks,
                i,
                &word,
            )
            .or_else(|| pronoun(doc, &nav, &states, &quoted, &anon, i, sent, &word))
            .or_else(|| continued_place(doc, &nav, &states, &name_of, i, sent, &word))
            .or_else(|| chained(&states, &anon, &chain, sent, &word))
            .or_else(|| voice(doc, &voices, &in_marks, i, &word))
            .map(|e| (e, i, i + 1, MentionKind::Pronoun))
        } else if let Some(e) = presented(doc, ents, &name_of, i, &word) {
            Some((e, i, i + 1, MentionKind::Pronoun))
        } else if (is_noun(&tok.tag) || is_one_of(doc, &nav, i, &word))
            && (tok.dep.as_ref() == "appos" || !is_inside_name(&nav, &name_of, i))
        {
            common_noun(
                doc,
                &nav,
                ents,
                &states,
                &name_of,
                &pronoun_of,
                &heads,
                &mut kin,
                i,
                sent,
                &word,
            )
            .filter(|&(e, a, b)| !set_aside(doc, a, b) && !many_for_one(doc, &nav, &states, e, i))
            .map(|(e, a, b)| (e, a, b, MentionKind::Common))
        } else {
            None
        };
        let linked = match linked {
            Some((ANON, ..)) => {
                // The pronoun continues an unnamed person's chain.
                let slot = gender_slot(pronoun_gender(&word)).unwrap_or(0);
                touch(&mut anon[slot], i, sent, is_subject(doc, i));
                None
            }
            None if tok.tag.as_ref() == "NN" && name_of[i].is_none() => {
                let slot = gender_slot(word_gender(tok, &doc.text));
                if let Some(slot) = slot.filter(|_| !is_honorific(&word)) {
                    touch(&mut anon[slot], i, sent, is_subject(doc, i));
                }
                None
            }
            other => other,
        };
        if let Some((e, a, b, kind)) = linked {
            if states[e].gender == Gender::Unknown {
                // A pronoun or a gendered noun (`his mother, Jennifer`) gives the gender.
                states[e].gender = match kind {
                    MentionKind::Pronoun => pronoun_gender(&word),
                    MentionKind::Common => word_gender(tok, &doc.text),
                };
                states[e].gender_known = states[e].gender != Gender::Unknown;
            }
            // First and second person name the speaker and the addressee: they do not make an
            // antecedent for `he` or `she` (an interviewee's `I` does not draw the next `she`).
            // A noun whose appositive name follows (`his brother, George`) leaves the name to
            // update the entity, and a predicate noun (`Jo, who is our editor`) its subject:
            // counting both would make one mention look like two.
            let named_next = kind == MentionKind::Common
                && ((b..(b + 2).min(n)).any(|k| name_of[k] == Some(e))
                    || is_predicate(doc, &nav, i));
            if !is_first_or_second(&word) && !named_next {
                touch(&mut states[e], i, sent, is_subject(doc, i));
            }
            if kind == MentionKind::Pronoun {
                pronoun_of[i] = Some(e);
                if let Some(slot) = gender_slot(pronoun_gender(&word)) {
                    chain[slot] = Some((e, sent));
                }
            } else if states[e].place_level.is_none() {
                states[e].place_level = place_level(&word);
            }
            out.push(ExtraMention {
                start: doc.tokens[a].start,
                end: doc.tokens[b - 1].end,
                start_token: a,
                end_token: b,
                entity: e,
                kind,
            });
        }
    }
    out
}

/// Whether entity `e` counts as a person in this walk (its class, after the text's
/// corrections of the NER's label).
fn is_person(states: &[State], e: usize) -> bool {
    states.get(e).is_some_and(|s| s.class == Class::Person)
}

fn touch(s: &mut State, i: usize, sent: usize, subject: bool) {
    s.count += 1;
    s.last = Some(i);
    s.last_sentence = sent;
    s.last_subject = subject;
}

/// The best candidate entity mentioned within `window` sentences before `sent` that `ok`
/// accepts: nearest sentence first, then a subject, then the most recent mention.
fn best(
    states: &[State],
    sent: usize,
    window: usize,
    ok: impl Fn(usize, &State) -> bool,
) -> Option<usize> {
    states
        .iter()
        .enumerate()
        .filter_map(|(e, s)| {
            let last = s.last?;
            let dist = sent.checked_sub(s.last_sentence)?;
            (dist <= window && ok(e, s)).then_some((e, dist, s.last_subject, last))
        })
        .min_by_key(|&(_, dist, subj, last)| (dist, !subj, std::cmp::Reverse(last)))
        .map(|(e, ..)| e)
}

/// Name the pronoun speakers the quote resolver left unresolved (`he said` far from any name)
/// with the entity coreference links that pronoun to: one resolver's answer completes the
/// other's. Speakers already resolved are left as they are.
pub fn name_pronoun_speakers(quotes: &mut [Quote], extra: &[ExtraMention], ents: &Entities) {
    for sp in quotes.iter_mut().filter_map(|q| q.speaker.as_mut()) {
        if !sp.pronoun || sp.entity.is_some() || sp.name.is_some() {
            continue;
        }
        let linked = extra.iter().find(|m| {
            m.kind == MentionKind::Pronoun && m.start == sp.span.start && m.end == sp.span.end
        });
        let Some((e, group)) = linked.and_then(|m| Some((m.entity, ents.entities.get(m.entity)?)))
        else {
            continue;
        };
        sp.entity = Some(e);
        sp.name = Some(group.name.clone());
        sp.label = Some(group.label.clone());
    }
}
