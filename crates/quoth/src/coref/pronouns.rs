//! Sieves 1 and 3: quoted first person and third-person pronouns (and a demonstrative that
//! presents a person). Which entities count as persons, and of which gender, is settled
//! before (module `relabel`).
//!
//! **Quoted first person**: `I`, `me`, `my`, `mine`, `myself` inside a quote whose speaker
//! is a resolved PERSON entity (only with
//! [`link_mentions_with_quotes`](super::link_mentions_with_quotes)).
//!
//! **Third-person pronouns**: `he`/`him`/`his`/`himself` and `she`/`her`/`hers`/`herself` go
//! to a PERSON entity mentioned in the same or the [`PRONOUN_WINDOW`] previous sentences,
//! compatible in gender; `its` goes to an organisation that is a subject in its sentence, and
//! a subject `it` to a place that is the subject of its own or the previous sentence with no
//! other subject between (not an empty `it`: `it seems`, `it is clear that ...`; but `it
//! was chosen to serve as ...` is not empty).
//! A `he` or `she` with no person of a compatible gender within that window (in a
//! conversation or a dialogue, short lines make many sentences) continues the entity of the
//! last pronoun of its gender, within [`CHAIN_WINDOW`] sentences, when the text gave that
//! entity the gender.
//! A subject `he`/`she` of a reported clause, or the possessor of its subject (`His father
//! X said he was taking his family`, `X said his company ...`), is the person who reports
//! it, the name in the reporting verb's subject, before any scoring; outside quotation
//! marks only, and never the speaker's own `I` (`I mean he was ...`).
//! Person candidates are scored (the `P_` constants: sentence distance, last mention a
//! subject, gender already given by the text, mentions so far, recency); the best must beat
//! the next by a margin, and must have a text-given gender unless it is the only candidate,
//! or the only candidate in the pronoun's own sentence and its subject, or the pronoun
//! stays unlinked (precision first). A person named once by a single word (often a
//! capitalised word the NER took for a name) is a candidate only as a subject, or once a
//! pronoun is already linked to it; otherwise it is still a rival whose score the winner
//! must beat. A non-reflexive object pronoun never takes the
//! subject of its own verb (`Kim praised him`). Gender comes only from the text: an honorific
//! (`Mr.`, `Ms.`), a gendered role (`spokeswoman`), the noun a name is given to (`this girl
//! named X`), or pronouns already linked to the entity; never from a first name. A
//! demonstrative that presents a person (`That's X.`, `This is X from Gdynia.`) is a mention
//! of X.

use quoth_nlp::{Doc, Navigation};

use crate::entities::Entities;
use crate::quotes::{Quote, QuoteKind};

use super::gender::{gender_slot, opposite, pronoun_gender, Gender};
use super::nouns::linked_entity;
use super::tokens::{is_first_or_second, is_subject, lower_token, COPULAS};
use super::{best, class_of, is_person, Class, State, PRONOUN_WINDOW};

/// How many sentences back `its` looks: 0, its own sentence (it is often about things); it
/// takes an organisation or a place that is a subject there.
const ITS_WINDOW: usize = 0;

/// The person a demonstrative presents (`That's X.`, `This is X from Gdynia.`): `this` or
/// `that` at token `i`, subject of `is`/`'s`, whose complement is a PERSON name that ends
/// the clause (a full stop, `!`, `?`, `,` or `from`/`of` follows). The demonstrative is a
/// mention of that person, as a pronoun is.
pub(super) fn presented(
    doc: &Doc,
    ents: &Entities,
    name_of: &[Option<usize>],
    i: usize,
    word: &str,
) -> Option<usize> {
    if !matches!(word, "this" | "that") || doc.tokens.get(i)?.dep.as_ref() != "nsubj" {
        return None;
    }
    if !matches!(lower_token(doc, i + 1).as_str(), "is" | "'s" | "\u{2019}s") {
        return None;
    }
    let k = i + 2 + usize::from(lower_token(doc, i + 2) == "also");
    let e = (*name_of.get(k)?)?;
    let g = ents.entities.get(e)?;
    let end = (k..doc.tokens.len())
        .find(|&j| name_of[j] != Some(e))
        .unwrap_or(doc.tokens.len());
    let closes = end == doc.tokens.len()
        || matches!(
            lower_token(doc, end).as_str(),
            "." | "!" | "?" | "," | "from" | "of" | "\n"
        );
    (class_of(&g.label) == Class::Person && name_of[k - 1] != Some(e) && closes).then_some(e)
}

/// For each token, the person entity (by [`State::class`]) speaking the direct quote that
/// contains it.
pub(super) fn quoted_speakers(doc: &Doc, states: &[State], quotes: &[Quote]) -> Vec<Option<usize>> {
    let mut out = vec![None; doc.tokens.len()];
    for q in quotes {
        if q.kind != QuoteKind::Direct {
            continue;
        }
        let Some(e) = q.speaker.as_ref().and_then(|s| s.entity) else {
            continue;
        };
        if states.get(e).map(|s| s.class) != Some(Class::Person) {
            continue;
        }
        for span in &q.content {
            let a = doc.tokens.partition_point(|t| t.end <= span.start);
            for (k, slot) in out.iter_mut().enumerate().skip(a) {
                if doc.tokens[k].start >= span.end {
                    break;
                }
                *slot = Some(e);
            }
        }
    }
    out
}

/// The entity a pronoun at token `i` refers to, if any.
#[allow(clippy::too_many_arguments)]
pub(super) fn pronoun(
    doc: &Doc,
    nav: &Navigation,
    states: &[State],
    quoted: &[Option<usize>],
    anon: &[State; 2],
    i: usize,
    sent: usize,
    word: &str,
) -> Option<usize> {
    match word {
        "i" | "me" | "my" | "mine" | "myself" => quoted.get(i).copied().flatten(),
        "he" | "him" | "his" | "himself" | "she" | "her" | "hers" | "herself" => {
            if quoted.get(i).copied().flatten().is_some() {
                // Third person inside a quote: the speaker talks about someone else; the
                // candidates below still apply, but never the speaker.
            }
            let g = pronoun_gender(word);
            let reflexive = word.ends_with("self");
            let blocked = (!reflexive && matches!(doc.tokens[i].dep.as_ref(), "dobj" | "dative"))
                .then(|| nav.head(i));
            let speaker = quoted.get(i).copied().flatten();
            let unnamed = gender_slot(g).map(|k| &anon[k]);
            ranked(states, unnamed, sent, PRONOUN_WINDOW, g, |e, s| {
                s.class == Class::Person
                    && s.gender != opposite(g)
                    && Some(e) != speaker
                    && !blocked.is_some_and(|h| {
                        s.last_subject
                            && s.last_sentence == sent
                            && s.last.is_some_and(|l| nav.head(l) == h)
                    })
            })
        }
        "its" => best(states, sent, ITS_WINDOW, |_, s| {
            matches!(s.class, Class::Org | Class::Place) && s.last_subject
        }),
        _ => None,
    }
}

/// The person who reports the clause a third-person pronoun is the subject of (`X said he
/// was leaving`, `X said his family ...`, `X believes she ...`): the named (or already linked)
/// subject of the verb whose complement that clause is, when a person of a compatible gender.
/// Outside quotation marks only (inside, the clause is the quoted speaker's); not a clause of
/// time or cause (`after he admitted`), nor when the verb tells a person (`X told Y he ...`).
#[allow(clippy::too_many_arguments)]
pub(super) fn reporter(
    doc: &Doc,
    nav: &Navigation,
    states: &[State],
    name_of: &[Option<usize>],
    pronoun_of: &[Option<usize>],
    in_marks: &[bool],
    i: usize,
    word: &str,
) -> Option<usize> {
    let g = pronoun_gender(word);
    if g == Gender::Unknown || word.ends_with("self") || in_marks.get(i).copied().unwrap_or(true) {
        return None;
    }
    let is_subj = |k: usize| matches!(doc.tokens[k].dep.as_ref(), "nsubj" | "nsubjpass");
    // the subject of the clause: the pronoun, or the noun it is the possessor of
    let subject = match doc.tokens[i].dep.as_ref() {
        "nsubj" | "nsubjpass" => i,
        "poss" if is_subj(nav.head(i)) => nav.head(i),
        _ => return None,
    };
    let clause = nav.head(subject);
    if doc.tokens[clause].dep.as_ref() != "ccomp" {
        return None;
    }
    // a clause of time or cause is not what is reported (`X told Y, after he admitted ...`),
    // and a verb that tells a person (`X told Y he ...`) leaves `he` open between them
    let marked = nav.children(clause).any(|k| {
        doc.tokens[k].dep.as_ref() == "mark"
            && !matches!(lower_token(doc, k).as_str(), "that" | "whether" | "if")
    });
    let matrix = nav.head(clause);
    let told_person = nav.children(matrix).any(|k| {
        matches!(doc.tokens[k].dep.as_ref(), "dobj" | "dative" | "iobj")
            && linked_entity(name_of, pronoun_of, k).is_some_and(|e| is_person(states, e))
    });
    if marked || told_person {
        return None;
    }
    let reporter = nav
        .children(matrix)
        .find(|&k| k < clause && is_subj(k) && nav.sentence(k) == nav.sentence(i))?;
    // the one person's name in the subject's phrase (`His father Mohamed El-Hassan
    // Mohamed`; a date or a place beside it is no rival: `X, a second year art major`)
    let mut names = (nav.left_edge(reporter)..=nav.right_edge(reporter))
        .filter_map(|k| name_of.get(k).copied().flatten())
        .filter(|&e| is_person(states, e));
    let named = names.next().filter(|&e| names.all(|f| f == e));
    let e = named.or_else(|| {
        // a linked `he`/`she` (`He said he ...`), not the speaker's `I` (`I mean he ...`)
        let w = doc.word(reporter).to_ascii_lowercase();
        (!is_first_or_second(&w))
            .then(|| pronoun_of.get(reporter).copied().flatten())
            .flatten()
    })?;
    let st = states.get(e)?;
    (st.class == Class::Person && st.gender != opposite(g)).then_some(e)
}

/// How many sentences back a `he` or `she` with no candidate in [`PRONOUN_WINDOW`] looks for
/// the last pronoun of its gender, whose entity it continues.
const CHAIN_WINDOW: usize = 12;

/// The entity of the last linked pronoun of the same gender (`she` ... `she`), for a third-
/// person pronoun that has no candidate within [`PRONOUN_WINDOW`] sentences: no person of a
/// compatible gender, named or unnamed (`my mother`), mentioned there. The chain must be
/// within [`CHAIN_WINDOW`] sentences and its entity's gender given by the text.
pub(super) fn chained(
    states: &[State],
    anon: &[State; 2],
    chain: &[Option<(usize, usize)>; 2],
    sent: usize,
    word: &str,
) -> Option<usize> {
    let g = pronoun_gender(word);
    let slot = gender_slot(g)?;
    let (e, at) = chain[slot]?;
    if sent.saturating_sub(at) > CHAIN_WINDOW {
        return None;
    }
    let near =
        |s: &State| s.last.is_some() && sent.saturating_sub(s.last_sentence) <= PRONOUN_WINDOW;
    let rival = states
        .iter()
        .any(|s| s.class == Class::Person && s.gender != opposite(g) && near(s))
        || near(&anon[slot]);
    let s = states.get(e)?;
    (!rival && s.gender_known && s.gender == g).then_some(e)
}

/// How many sentences back the subject `it` looks for the place it continues.
const CONTINUED_WINDOW: usize = 1;

/// Verbs whose subject `it` is empty (`it seems`, `it takes`).
const EMPTY_IT_VERBS: [&str; 12] = [
    "seem", "seems", "seemed", "appear", "appears", "appeared", "happens", "happened", "matters",
    "takes", "took", "means",
];

/// Whether `it` at token `i` is an empty subject: of a verb like `seems`, or of a copula or
/// adjective that extraposes its real subject (`it is clear that ...`, `it is time to ...`;
/// not a full verb with an infinitive: `it was chosen to serve as the capital`).
fn empty_it(doc: &Doc, nav: &Navigation, i: usize) -> bool {
    let h = nav.head(i);
    // An extraposed subject hangs from a copula or an adjective (`it is clear that`), not
    // from a full verb (`it was chosen to serve as the capital`).
    let verb = lower_token(doc, h);
    let copular = COPULAS.contains(&verb.as_str()) || doc.tokens[h].tag.starts_with("JJ");
    EMPTY_IT_VERBS.contains(&verb.as_str())
        || copular
            && nav.children(h).any(|c| {
                c > i
                    && (matches!(
                        doc.tokens[c].dep.as_ref(),
                        "ccomp" | "xcomp" | "csubj" | "advcl"
                    ) || lower_token(doc, c) == "time")
            })
}

/// The place that the subject `it` continues: the subject of the pronoun's own or previous
/// sentence, when no other subject came between (`Phoenix is the capital of Arizona. It lies
/// in the desert.`); never an empty `it` ([`empty_it`]). (Organisations are left out: their
/// `it` is too often about a thing they made or did.)
pub(super) fn continued_place(
    doc: &Doc,
    nav: &Navigation,
    states: &[State],
    name_of: &[Option<usize>],
    i: usize,
    sent: usize,
    word: &str,
) -> Option<usize> {
    if word != "it" || !is_subject(doc, i) || empty_it(doc, nav, i) {
        return None;
    }
    let e = best(states, sent, CONTINUED_WINDOW, |_, s| {
        s.last_subject && s.class == Class::Place
    })?;
    let last = states.get(e)?.last?;
    let clear = (last + 1..i).all(|k| {
        name_of[k] == Some(e) || !is_subject(doc, k) || doc.tokens[k].tag.starts_with('W')
    });
    clear.then_some(e)
}

/// Score of a pronoun antecedent: lost per sentence of distance.
const P_DISTANCE: f32 = 1.0;
/// Bonus when the candidate's last mention was a subject (centering: subjects continue).
const P_SUBJECT: f32 = 0.6;
/// Bonus when the text already gave the candidate the pronoun's gender.
const P_GENDER: f32 = 0.8;
/// Bonus per doubling of the candidate's mentions so far (the main character).
const P_FREQUENT: f32 = 0.3;
/// Bonus for the most recent mention, per token of distance lost (ties within a sentence).
const P_RECENCY: f32 = 0.002;
/// The best candidate must beat the second by this much, or the pronoun stays unlinked.
const P_MARGIN: f32 = 0.3;
/// A candidate without a text-given gender is taken when it beats the second by this much.
const P_CLEAR_MARGIN: f32 = 1.5;
/// Score of an unnamed person (`my father`, `the woman`) as a candidate, besides distance,
/// subject and gender: below a named one, so that only a clearly closer unnamed person takes
/// the pronoun away from a name.
const P_UNNAMED: f32 = -1.5;

/// What [`ranked`] returns when an unnamed person (`my father`, `the woman`) is the best
/// antecedent: the pronoun is theirs, not a named entity's.
pub(super) const ANON: usize = usize::MAX;

/// The best-scored person antecedent (see the `P_` weights), when it is clear enough.
fn ranked(
    states: &[State],
    anon: Option<&State>,
    sent: usize,
    window: usize,
    g: Gender,
    ok: impl Fn(usize, &State) -> bool,
) -> Option<usize> {
    let mut top: Option<(usize, f32)> = None;
    let mut second = f32::NEG_INFINITY;
    // Candidates in the pronoun's own sentence.
    let mut same_sentence = 0usize;
    let all = states.iter().enumerate().chain(anon.map(|a| (ANON, a)));
    for (e, s) in all {
        let Some(last) = s.last else { continue };
        let Some(dist) = sent.checked_sub(s.last_sentence) else {
            continue;
        };
        if dist > window || (e != ANON && !ok(e, s)) {
            continue;
        }
        same_sentence += usize::from(dist == 0);
        let score = -P_DISTANCE * dist as f32
            + P_SUBJECT * f32::from(u8::from(s.last_subject))
            + P_GENDER * f32::from(u8::from(s.gender_known && s.gender == g))
            + P_FREQUENT * (1.0 + s.count as f32).log2()
            + P_RECENCY * last as f32
            + if e == ANON { P_UNNAMED } else { 0.0 };
        if e != ANON && s.lone && !s.last_subject && s.count == 1 {
            // Named once by one word and not a subject (see `State::lone`): no antecedent,
            // but a rival that keeps the pronoun from another candidate.
            second = second.max(score);
            continue;
        }
        match top {
            Some((_, best)) if score <= best => second = second.max(score),
            _ => {
                if let Some((_, best)) = top {
                    second = second.max(best);
                }
                top = Some((e, score));
            }
        }
    }
    let (e, best) = top?;
    if e == ANON {
        return Some(ANON);
    }
    let s = &states[e];
    // Without a text-given gender: the only candidate, the only one in the pronoun's own
    // sentence when it is that sentence's subject (`Holt said his ...`), or a clear winner.
    let gender_ok = s.gender_known
        || second == f32::NEG_INFINITY
        || (same_sentence == 1 && s.last_sentence == sent && s.last_subject)
        || best - second >= P_CLEAR_MARGIN;
    (best - second >= P_MARGIN && gender_ok).then_some(e)
}
