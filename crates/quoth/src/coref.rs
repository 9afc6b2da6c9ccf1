//! Document-level coreference of pronouns and common nouns to the named entities of
//! [`crate::entities`] (issue 11): a few rule-based sieves in the spirit of Stanford's
//! multi-pass coreference, linear in the document.
//!
//! Sieves, in order:
//! 1. **Quoted first person**: `I`, `me`, `my`, `mine`, `myself` inside a quote whose speaker
//!    is a resolved PERSON entity (only with [`link_mentions_with_quotes`]).
//! 2. **Narrator and addressee**: unquoted first person goes to the person the layout names
//!    as the text's voice — a byline (`By X`) near the top, the one person of an interview
//!    headline (`Wikinews interviews X`, `X: An Interview`, `X tells Wikinews ...`; when the
//!    NER found no person there, the one PERSON entity whose name or surname the headline
//!    holds), the person a lead says was interviewed in a questions-and-answers text
//!    (`Wikinews interviewed X`, `spoke with X`, `interviewed him`), the speaker a lead says
//!    delivered the text (`X delivered remarks`, `Remarks by X`), or a letter's signature
//!    (a name line at the end of a text opening with
//!    `Dear ...`, or after a short line ending in a comma: `Stay in touch,`, or after a
//!    closing word: `Respectfully, X`), else the sender's bare name heading an address block
//!    above the salutation (`Miss X` / `Hollis School` / ... / `Dear Dad,`); a transcript's
//!    speaker label (`THE PRESIDENT:`, `MR. SOVA: ...`) gives the unquoted first person of its
//!    turn, up to the next label, to the person it names (by surname, or as the title before
//!    their name: `President Joe Biden`, not `Vice President Harris`); a line where the
//!    speaker names themself (`I'm X`, `I'm your host, X`) gives that line's first person to
//!    X, and when the host says on it who joins them (`I am joined by Y`), the lines after it
//!    alternate between Y (the first answer) and X until a line that addresses someone; a
//!    speaker who introduces themself at the top (`Hey, it's X`, `this is X` in the first
//!    sentences) is the voice of the whole text, and so is the one person the first person
//!    says they are here as (`I am proud, as a Democrat, ...`, `It gives me pleasure to be
//!    here as the Chief Guest`), and so is a narrator others name in the unquoted text (`he
//!    called me X`) or whom others call by name in dialogue the narrator answers (`"Tobias,"
//!    Mom calls.` ... `"Coming," I say.`; this outranks a byline, which names a story's
//!    author). Unquoted `we`/`us`/`our` go to the group the text's `we` names itself as (`we
//!    as Americans`, `we Democrats`: a NORP entity). Linked first and second person do not
//!    make their entity a closer antecedent for `he` and `she`. A vocative (a person named
//!    twice in the text, set off at the edge of a line: `How was your week, Alex?`, `Miss
//!    Rosenthal?`; or called by title inside the line, between commas: `Just to confirm, Mr.
//!    Sova, you've ...`) gives its line's `you` to X and, when it ends the line or is a call to
//!    speak (`Alright, Mr. Sova, please proceed.`), the next line's first person (the answer)
//!    too; when it calls the person by title or asks them a question
//!    (`Miss Rosenthal?`, `How was your week, Alex?`), the lines after the answer alternate
//!    between the caller (`you` is X) and X (first person) until the next vocative line, at
//!    most [`EXCHANGE_LINES`] lines. Unquoted `you` otherwise goes to a letter's addressee (`Dear
//!    X`, `Dr. X,`) or, in an interview, to the interviewee in question lines.
//! 3. **Third-person pronouns**: `he`/`him`/`his`/`himself` and `she`/`her`/`hers`/`herself` go
//!    to a PERSON entity mentioned in the same or the [`PRONOUN_WINDOW`] previous sentences,
//!    compatible in gender; `its` goes to an organisation that is a subject in its sentence, and
//!    a subject `it` to a place that is the subject of its own or the previous sentence with no
//!    other subject between (not an empty `it`: `it seems`, `it is clear that ...`; but `it
//!    was chosen to serve as ...` is not empty).
//!    A `he` or `she` with no person of a compatible gender within that window (in a
//!    conversation or a dialogue, short lines make many sentences) continues the entity of the
//!    last pronoun of its gender, within [`CHAIN_WINDOW`] sentences, when the text gave that
//!    entity the gender.
//!    An entity the NER labelled a place that speaks a quote under its own name (`Santa said`;
//!    not `Tulsa` + `police Chief X said`, where a noun of the phrase follows it)
//!    counts as a person here, and so does a place or organisation with a gendered word
//!    around its name (`Mr. X`, `X, an Australian woman`, `a girl named X`; not after a
//!    preposition of place: `In Tulsa, an unarmed man ...`). A text whose
//!    first line is a name alone (a biography's title: `Zaha Hadid`) and whose unquoted
//!    third-person pronouns are nearly all of one gender is about that person: the title's
//!    entity, and those named by words of it (`Hadid`), are a person of that gender. So is a
//!    name of any label that is the subject of a clause holding a possessive or reflexive
//!    `his`/`herself` hung from its verb, not through a clause of its own (an object `her`
//!    there, or a `her` in `that her parents lived`, is someone else), in a
//!    sentence naming no person (`Carroll put on his coat`), when all such pronouns agree
//!    and the name is not a short form of a person of known gender; and a name the NER
//!    called a person that owns `its`/`itself` so, and never `he` or `she`, is a place
//!    (`Hadibo prides itself on its market`). A name the NER took for an organisation (or
//!    other non-person) that the text locates in a place (`Coron is in the province of
//!    Palawan`, `X is located on Y`) is a place.
//!    A subject `he`/`she` of a reported clause, or the possessor of its subject (`His father
//!    X said he was taking his family`, `X said his company ...`), is the person who reports
//!    it, the name in the reporting verb's subject, before any scoring; outside quotation
//!    marks only, and never the speaker's own `I` (`I mean he was ...`).
//!    Person candidates are scored (the `P_` constants: sentence distance, last mention a
//!    subject, gender already given by the text, mentions so far, recency); the best must beat
//!    the next by a margin, and must have a text-given gender unless it is the only candidate,
//!    or the only candidate in the pronoun's own sentence and its subject, or the pronoun
//!    stays unlinked (precision first). A person named once by a single word (often a
//!    capitalised word the NER took for a name) is a candidate only as a subject, or once a
//!    pronoun is already linked to it; otherwise it is still a rival whose score the winner
//!    must beat. A non-reflexive object pronoun never takes the
//!    subject of its own verb (`Kim praised him`). Gender comes only from the text: an honorific
//!    (`Mr.`, `Ms.`), a gendered role (`spokeswoman`), the noun a name is given to (`this girl
//!    named X`), or pronouns already linked to the entity; never from a first name. A
//!    demonstrative that presents a person (`That's X.`, `This is X from Gdynia.`) is a mention
//!    of X.
//! 4. **Appositives and predicate nouns**: a common noun phrase in apposition to a name (`Kim,
//!    the leader`; a gendered noun only of a person: `born in Paris, the daughter of ...`)
//!    or predicated of it by a copula (`Kim is a former diplomat`, `Kim, who is
//!    our editor`, `Kim is a novelist and the editor of X`; GUM, like OntoNotes' successors,
//!    counts these as mentions). So is the role an `as` phrase on a verb gives the verb's
//!    object or, without one, its subject (`he served as president of X`, `described her as
//!    the best pupil`; not `such as`, `as well as`), and `one of the …` predicated of a name
//!    (`she was one of the founders`). A predicate noun does not count as one more mention of
//!    its entity (its subject did).
//!    A possessed noun with a person's name in apposition (`his mother, Jennifer`) is that
//!    person, and so is the same possessor's same noun later (`his mother`); so is any noun
//!    with a person's name in apposition right after it (`the singer, Adele`; not a name in
//!    brackets, a citation: `current research (Smith, 2010)`). A noun phrase
//!    set aside from the prose (a label before a colon, `Image: X`; a hashtag; a bare noun in
//!    brackets, `(tennis)`; a phrase the parser ran over a line break) is never a mention, and a plural noun is never a mention of one
//!    person (`two brothers`, `events` are not the name next to them), nor a counted plural
//!    of any one entity (`the EPA, 18 states, ...`).
//! 5. **Name heads, role and type nouns**: a definite or demonstrative noun phrase, plural
//!    ones included, whose head is the head word of a recent organisation's or place's name
//!    (`the islands` after `the Chatham Islands`, `the river` after `the Hudson River`) is
//!    that entity (within [`NOUN_WINDOW`] sentences). Otherwise a singular definite or
//!    demonstrative noun phrase, possessive ones
//!    included (`the president`, `the company's`, `this city`; for a country, the speaker's
//!    `our country`, `my nation`) whose head is one of the entity's roles ([`crate::entities::EntityGroup::roles`])
//!    or a type noun matching its label goes to the most recent such entity within
//!    [`NOUN_WINDOW`] sentences; further away, a type noun goes to the story's most mentioned
//!    entity of that type when it has at least [`TOPIC_MENTIONS`] mentions and no tie. A place
//!    noun (`the city`) takes that most mentioned place first, the nearest one otherwise (a
//!    GPE only: not a continent or a region, LOC, nor a building, FAC; and not a place the
//!    text already called by a place noun of another level: a city is not `the country`; and
//!    by two short tables, `the country` is a country, `the city` neither a country nor a US
//!    state, `the state` no country: [`crate::entities::place_level_of_name`]);
//!    with an `of` name (`the town of X`) it is that place's mention. A business noun (`the
//!    company`, `the firm`) names no public body, party or school (by the head word of its
//!    name: `European Union`, `Justice Department`).

use quoth_nlp::{Doc, Navigation};

use crate::entities::Entities;
use crate::quotes::{Quote, QuoteKind};

/// How many sentences back a third-person pronoun looks for its antecedent.
pub const PRONOUN_WINDOW: usize = 6;
/// How many sentences back a role or type noun looks for its entity.
pub const NOUN_WINDOW: usize = 3;
/// How many sentences back `its` looks: 0, its own sentence (it is often about things); it
/// takes an organisation or a place that is a subject there.
const ITS_WINDOW: usize = 0;

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Gender {
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

/// Verbs that locate their subject (`X is in Y`, `X lies on Y`, `X is located near Y`).
const LOCATING_VERBS: [&str; 8] = [
    "is", "was", "lies", "lay", "sits", "located", "situated", "stands",
];

/// Entities not taken for places that the text locates in one: the name is the subject of a
/// locating verb ([`LOCATING_VERBS`]) with an `in`/`on`/`near` phrase whose object is a
/// place's name (`Coron is in the province of Palawan`, `Coron is on Busuanga Island`).
fn located(
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
fn owned_by_subject(
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
        if states
            .get(m.entity)
            .is_some_and(|s| s.class == Class::Person)
        {
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
fn title_person(doc: &Doc, ents: &Entities, in_marks: &[bool]) -> Option<(Vec<bool>, Gender)> {
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

/// The person a demonstrative presents (`That's X.`, `This is X from Gdynia.`): `this` or
/// `that` at token `i`, subject of `is`/`'s`, whose complement is a PERSON name that ends
/// the clause (a full stop, `!`, `?`, `,` or `from`/`of` follows). The demonstrative is a
/// mention of that person, as a pronoun is.
fn presented(
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

/// Whether the noun phrase over tokens `a..b` is set aside from the prose: a label before a
/// colon (`Image: X`, `tel: ...`), a hashtag (`#research`), a bare noun in brackets
/// (`(tennis)`, `(clarification needed)`; a determined one, `(the company is ...)`, is prose),
/// or a phrase the parser ran over a line break (`Nev.` + `FACEBOOK`: a dateline and the
/// next paragraph).
fn set_aside(doc: &Doc, a: usize, b: usize) -> bool {
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

/// Copulas whose subject a predicate noun describes (`X was an actress`).
const COPULAS: [&str; 7] = ["is", "was", "'s", "are", "were", "became", "becomes"];

/// The head noun that describes a name over tokens `a..b`: a predicate noun (`X was a French
/// actress`) or an appositive (`X, an actress`).
fn described_by(doc: &Doc, nav: &Navigation, a: usize, b: usize) -> Option<usize> {
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
fn named_noun(doc: &Doc, start: usize) -> Option<usize> {
    let verb = start.checked_sub(1)?;
    let noun = verb.checked_sub(1)?;
    (matches!(lower_token(doc, verb).as_str(), "named" | "called")
        && is_noun(&doc.tokens.get(noun)?.tag))
    .then_some(noun)
}

/// Gender words that only precede a name (`Mr.`, `Dame`), never an unnamed person.
fn is_honorific(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.'),
        "mr" | "mrs" | "ms" | "miss" | "sir" | "dame" | "madam" | "lord" | "lady"
    )
}

fn touch(s: &mut State, i: usize, sent: usize, subject: bool) {
    s.count += 1;
    s.last = Some(i);
    s.last_sentence = sent;
    s.last_subject = subject;
}

fn lower(s: &str) -> String {
    s.to_lowercase().replace('’', "'")
}

/// Token `k`'s text, [`lower`]ed; empty past the end.
fn lower_token(doc: &Doc, k: usize) -> String {
    lower(doc.word(k))
}

fn is_subject(doc: &Doc, i: usize) -> bool {
    matches!(doc.tokens[i].dep.as_ref(), "nsubj" | "nsubjpass")
}

fn is_noun(tag: &str) -> bool {
    tag == "NN" || tag == "NNS"
}

/// `one` heading `one of the …` (`she was one of the first writers to …`): a noun phrase
/// whose head is a number, a mention like a noun's when it is predicated of a name.
fn is_one_of(doc: &Doc, nav: &Navigation, i: usize, word: &str) -> bool {
    word == "one" && nav.children(i).any(|k| lower_token(doc, k) == "of")
}

/// A noun compounded into a name (`the Trump administration` is not about `the`…): skip nouns
/// whose head is a name token.
fn is_inside_name(nav: &Navigation, name_of: &[Option<usize>], i: usize) -> bool {
    name_of.get(nav.head(i)).copied().flatten().is_some() && nav.head(i) != i
}

fn word_gender(tok: &quoth_nlp::Token, text: &str) -> Gender {
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

fn role_gender(roles: &[String]) -> Gender {
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

fn pronoun_gender(w: &str) -> Gender {
    match w {
        "he" | "him" | "his" | "himself" => Gender::Male,
        "she" | "her" | "hers" | "herself" => Gender::Female,
        _ => Gender::Unknown,
    }
}

/// Who speaks and who is spoken to in the unquoted text, when the text says it.
#[derive(Debug, Default, Clone)]
struct Voices {
    /// The PERSON entity that unquoted first person refers to: the byline (`By X`), the
    /// person a headline says is interviewed, or a letter's signature. (`My name is X` is not
    /// used: a predicate name is not a mention of the speaker in GUM's annotation.)
    narrator: Option<usize>,
    /// Whether the narrator is an interviewee (questions to them say `you`).
    interview: bool,
    /// A letter's addressee (`Dear X`): unquoted `you`.
    addressee: Option<usize>,
    /// The group the unquoted `we` names itself as (`we as Americans`, `we Democrats`): the
    /// text's first person plural.
    we: Option<usize>,
    /// Lines where a speaker names themself (`I'm X`, `I am X`): byte range of the line and
    /// the entity, which that line's unquoted first person refers to; also the line that
    /// answers a line ending with a vocative (`How was your week, Alex?` / `It was good, I ...`).
    turns: Vec<(usize, usize, usize)>,
    /// Lines holding a vocative (`Kendra, just let it go`): byte range of the line and the
    /// entity addressed, which that line's unquoted `you` refers to.
    addressed: Vec<(usize, usize, usize)>,
}

/// Lines at the start of a document that may hold a headline or byline.
const HEAD_LINES: usize = 4;
/// Lines at the end of a document that may hold a letter's signature.
const SIGNATURE_LINES: usize = 4;
/// Most words a name line (byline, signature, `Dear X`) has besides the name.
const NAME_LINE_EXTRA_WORDS: usize = 3;
/// Words that close a letter before the signature.
const CLOSINGS: [&str; 13] = [
    "respectfully",
    "warmly",
    "ever",
    "love",
    "yours",
    "sincerely",
    "regards",
    "best",
    "cordially",
    "faithfully",
    "truly",
    "affectionately",
    "cheers",
];

/// Most words of a letter's closing line (`Love & kisses to all,`, `Stay in touch,`).
const CLOSING_LINE_WORDS: usize = 6;

/// Whether the line before line `li` is a letter's closing: short and ending in a comma.
fn closing_line(doc: &Doc, lines: &[(usize, usize)], li: usize) -> bool {
    let Some(&(a, b)) = li.checked_sub(1).and_then(|k| lines.get(k)) else {
        return false;
    };
    let line = doc.text.get(a..b).unwrap_or("").trim();
    line.ends_with(',') && line.split_whitespace().count() <= CLOSING_LINE_WORDS
}

/// The document's [`Voices`], from its line layout and PERSON mentions.
fn voices(doc: &Doc, ents: &Entities, in_marks: &[bool]) -> Voices {
    let mut v = Voices::default();
    let person = |e: usize| {
        ents.entities
            .get(e)
            .is_some_and(|g| class_of(&g.label) == Class::Person)
    };
    // Line byte ranges (non-empty lines only).
    let mut lines: Vec<(usize, usize)> = Vec::new();
    let mut a = 0;
    for l in doc.text.split_inclusive('\n') {
        let b = a + l.len();
        if !l.trim().is_empty() {
            lines.push((a, b));
        }
        a = b;
    }
    let n_lines = lines.len();
    let line_text = |&(a, b): &(usize, usize)| doc.text.get(a..b).unwrap_or("").trim();
    // A letter opens with `Dear X` (X need not be a name: `dear mum,`).
    let letter = lines
        .iter()
        .take(HEAD_LINES)
        .any(|l| lower(line_text(l)).starts_with("dear "));
    let mut signature = None;
    for (li, l) in lines.iter().enumerate() {
        let head = li < HEAD_LINES;
        let tail = li + SIGNATURE_LINES >= n_lines;
        if !head && !tail {
            continue;
        }
        let (a, b) = *l;
        let line = line_text(l);
        let in_line: Vec<&crate::entities::Mention> = ents
            .mentions
            .iter()
            .filter(|m| m.start >= a && m.end <= b && person(m.entity))
            .collect();
        let Some(first) = in_line.first() else {
            if li == 0 {
                // The NER often misses a name in a headline: an interview headline naming
                // exactly one person of the story still gives the interviewee.
                if let Some(e) = headline_interviewee(ents, line) {
                    v.narrator = Some(e);
                    v.interview = true;
                }
            }
            continue;
        };
        if li == 0 && told_headline(doc, first) {
            // `Biologist X tells Wikinews about ...`: X answers.
            v.narrator = Some(first.entity);
            v.interview = true;
            continue;
        }
        if li == 0 && lower(line).contains("interview") {
            // The headline `Wikinews interviews X`, `Interview with X`, `X: An Interview`:
            // one person only (`interviews X and Y` leaves `I` open).
            if in_line.iter().all(|m| m.entity == first.entity)
                && interviewee_position(doc, a, b, first)
            {
                v.narrator = Some(first.entity);
                v.interview = true;
            }
            continue;
        }
        let Some(rest) = name_line_rest(doc, line, a, &in_line) else {
            continue;
        };
        let first_word = rest.first().map(String::as_str).unwrap_or("");
        if head && first_word == "by" {
            v.narrator.get_or_insert(first.entity);
        } else if first_word == "dear"
            || (head
                && line.ends_with([',', ':'])
                && rest.iter().all(|w| is_honorific(w) || w == "dr"))
        {
            // `Dear X,` or a bare salutation `Dr. X,`.
            v.addressee.get_or_insert(first.entity);
        } else if tail
            && (letter || !rest.is_empty() || closing_line(doc, &lines, li))
            && rest.iter().all(|w| CLOSINGS.contains(&w.as_str()))
        {
            // A signature: the name alone after `Dear ...` or after a short line ending in a
            // comma (`Stay in touch,` / `X`), or after a closing word (`Respectfully, X`).
            let name = lower(doc.text.get(first.start..first.end).unwrap_or(""));
            if !name
                .split(|c: char| !c.is_alphabetic())
                .any(|w| CLOSINGS.contains(&w))
            {
                signature = Some(first.entity);
            }
        }
    }
    if v.narrator.is_none() {
        if let Some(e) = lead_interviewee(doc, ents, in_marks, &lines) {
            v.narrator = Some(e);
            v.interview = true;
        }
    }
    if v.narrator.is_none() {
        v.narrator = lead_speaker(doc, ents, in_marks);
    }
    if v.narrator.is_none() {
        v.narrator = signature.or_else(|| return_address(doc, ents, &lines, v.addressee));
    }
    v.turns = labelled_turns(doc, ents, &lines);
    let labelled = !v.turns.is_empty();
    v.turns.extend(self_named(doc, ents, in_marks, &lines));
    // Two speakers naming themselves (`I'm X.` / `And, I'm Y.`): no one voice.
    let several = labelled
        || v.turns
            .iter()
            .any(|t| v.turns.first().is_some_and(|f| f.2 != t.2));
    if v.narrator.is_none() && !several {
        v.narrator = introduced(doc, ents, in_marks)
            .or_else(|| called_me(doc, ents, in_marks))
            .or_else(|| self_described(doc, ents, in_marks));
    }
    if !v.interview && !several {
        // A story's narrator whom the others call by name: a byline names the author, who
        // need not be the narrator.
        if let Some(e) = called_narrator(doc, ents, &lines) {
            v.narrator = Some(e);
        }
    }
    v.we = we_group(doc, ents, in_marks);
    let (addressed, answers) = vocatives(doc, ents, in_marks, &lines);
    let hosted = hosted_turns(doc, ents, in_marks, &lines, &v.turns, &addressed);
    v.addressed = addressed;
    v.turns.extend(answers);
    v.turns.extend(hosted);
    v
}

/// Words that may stand with a vocative name on its line (`Miss Rosenthal?`, `Thank you,
/// Dr. Guruswamy.`): honorifics and short calls.
fn vocative_filler(w: &str) -> bool {
    is_honorific(w)
        || matches!(
            w,
            "dr" | "doctor"
                | "professor"
                | "general"
                | "judge"
                | "counsel"
                | "oh"
                | "hey"
                | "hi"
                | "yes"
                | "no"
                | "okay"
                | "ok"
                | "well"
                | "so"
        )
}

/// The first token of the sentence of token `i`.
fn nav_sentence_start(doc: &Doc, i: usize) -> Option<usize> {
    let k = doc.sentences.partition_point(|s| s.start_token <= i);
    doc.sentences.get(k.checked_sub(1)?).map(|s| s.start_token)
}

/// Vocatives in the unquoted text: a PERSON mention set off at the edge of its line — the
/// whole line (`Miss Rosenthal?`), after a comma or a question at the line's end (`You are a
/// good teacher, Giuliana.`, `How's your week been Alex?`), or before a comma at its start
/// (`Kendra, just let it go.`); or inside the line between commas after a title (`Just to
/// confirm, Mr. Sova, you've ...`). Returns the lines whose `you` is the person addressed, and
/// the next lines, whose first person is that person answering (only when the vocative ends
/// its line or is followed by a short call, [`CALL_WORDS`] words at most: `Alright, Mr. Sova,
/// please proceed.`). Only persons the text names twice at least.
#[allow(clippy::type_complexity)]
fn vocatives(
    doc: &Doc,
    ents: &Entities,
    in_marks: &[bool],
    lines: &[(usize, usize)],
) -> (Vec<(usize, usize, usize)>, Vec<(usize, usize, usize)>) {
    let (mut addressed, mut answers) = (Vec::new(), Vec::new());
    let mut calls = Vec::new();
    for m in unquoted_people(ents, in_marks) {
        // A person named twice at least: a lone capitalised interjection (`Hmm.`, `Yay,`) is
        // often taken for a name.
        if ents
            .entities
            .get(m.entity)
            .is_none_or(|g| g.mentions.len() < 2)
        {
            continue;
        }
        let li = lines.partition_point(|&(_, b)| b <= m.start);
        let Some(&(a, b)) = lines.get(li) else {
            continue;
        };
        let (Some(before), Some(after)) = (doc.text.get(a..m.start), doc.text.get(m.end..b)) else {
            continue;
        };
        let before_words: Vec<String> = before
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .map(lower)
            .collect();
        let after = after.trim();
        let ends_line = after.chars().all(|c| ".?!,:;".contains(c));
        // The name is its line, or its own sentence at the line's end (`... Pollock. Miss
        // Rosenthal?`).
        let own_sentence = doc
            .tokens
            .get(m.start_token)
            .and_then(|_| nav_sentence_start(doc, m.start_token))
            .is_some_and(|s0| {
                (s0..m.start_token).all(|k| {
                    let t = &doc.tokens[k];
                    t.dep.as_ref() == "punct"
                        || vocative_filler(&lower(doc.text.get(t.start..t.end).unwrap_or("")))
                })
            });
        let alone = ends_line && (own_sentence || before_words.iter().all(|w| vocative_filler(w)));
        let before_t = before.trim_end();
        let head = (m.start_token..m.end_token.min(doc.tokens.len()))
            .last()
            .map(|k| doc.tokens[k].dep.as_ref())
            .unwrap_or("");
        let argument = matches!(
            head,
            "nsubj" | "nsubjpass" | "dobj" | "pobj" | "dative" | "conj" | "appos" | "poss"
        );
        let set_off_end = ends_line
            && !after.is_empty()
            && (before_t.ends_with(',') || (after.starts_with('?') && !argument));
        let set_off_start =
            before_words.iter().all(|w| vocative_filler(w)) && after.starts_with(',') && !argument;
        // Inside the line, called by title and set off by commas (`Just to confirm, Mr. Sova,
        // you've reserved ten minutes`, `Alright, Mr. Sova, please proceed.`).
        let titled_mid = !(alone || set_off_end || set_off_start)
            && after.starts_with(',')
            // Not in apposition (`My colleague, Mr. Eizenga, will address ...`) nor an
            // object; a subject may be a call's (`Mr. Sova, please proceed`).
            && !matches!(head, "appos" | "conj" | "poss" | "pobj" | "dobj" | "dative")
            && before_words.last().is_some_and(|w| is_title(w))
            && before_t
                .trim_end_matches(|c: char| c.is_alphabetic() || c == '.')
                .trim_end()
                .ends_with(',');
        if !(alone || set_off_end || set_off_start || titled_mid) {
            continue;
        }
        addressed.push((a, b, m.entity));
        // A call to speak that ends the line (`Mr. Sova, please proceed.`): a few words at most.
        let call_end = titled_mid
            && after.split_whitespace().count() <= CALL_WORDS + 1
            && after.ends_with(['.', '!']);
        // A salutation (`Dr. Pangborn,`) opens a letter, not a turn.
        let salutation = after.ends_with([',', ':']);
        if (alone || set_off_end || call_end) && !salutation {
            if let Some(&(na, nb)) = lines.get(li + 1) {
                answers.push((na, nb, m.entity));
            }
            // A call that opens an exchange: by title (`Mr. Roberts?`, `Dr. X.`) or a
            // question to the person (`How was your week, Alex?`), not a bare name (a
            // heading, an echo: `Farrier?`).
            let named = doc.text.get(m.start..m.end).unwrap_or("");
            let titled = before_words
                .iter()
                .map(String::as_str)
                .chain(
                    named
                        .split_whitespace()
                        .next()
                        .map(|w| w.trim_end_matches('.')),
                )
                .any(|w| is_title(&lower(w)));
            let titled = titled || call_end;
            let question = set_off_end
                && after.starts_with('?')
                && before_words.iter().any(|w| !vocative_filler(w));
            if titled || question {
                calls.push((li, m.entity));
            }
        }
    }
    let (you, me) = exchanges(&calls, &addressed, lines);
    addressed.extend(you);
    answers.extend(me);
    (addressed, answers)
}

/// Most words after a vocative inside a line that still make it a call to speak (`Mr. Sova,
/// please proceed.`).
const CALL_WORDS: usize = 3;

/// Words that call a person to speak by title (`Miss Rosenthal?`, `Dr. Guruswamy.`).
fn is_title(w: &str) -> bool {
    is_honorific(w)
        || matches!(
            w,
            "dr" | "doctor" | "professor" | "general" | "judge" | "justice" | "counsel"
        )
}

/// Lines after a call's answer that continue the exchange (see [`exchanges`]).
const EXCHANGE_LINES: usize = 30;

/// The exchange a call to speak opens (`Miss Rosenthal?` / answer / question / answer ...):
/// after the answer line, the lines alternate between the caller, whose `you` is the person
/// called, and that person, whose first person it is, for at most [`EXCHANGE_LINES`] lines
/// and until the next line that addresses someone. `calls` holds (line, entity) of each call;
/// returns (addressed lines, answer lines) as byte ranges with the entity, after the explicit
/// ones in priority.
#[allow(clippy::type_complexity)]
fn exchanges(
    calls: &[(usize, usize)],
    addressed: &[(usize, usize, usize)],
    lines: &[(usize, usize)],
) -> (Vec<(usize, usize, usize)>, Vec<(usize, usize, usize)>) {
    let (mut you, mut me) = (Vec::new(), Vec::new());
    for &(li, e) in calls {
        for step in 2..2 + EXCHANGE_LINES {
            let Some(&(a, b)) = lines.get(li + step) else {
                break;
            };
            if addressed.iter().any(|&(x, ..)| x == a) {
                break;
            }
            if step % 2 == 0 {
                you.push((a, b, e));
            } else {
                me.push((a, b, e));
            }
        }
    }
    (you, me)
}

/// The turns of a hosted show: a host who names themself (`I'm your host, Dave`) and, on the
/// same line, a guest (`and I am joined by Alex`): the lines after it alternate between the
/// guest, who answers first (`Howdy!`), and the host, for at most [`EXCHANGE_LINES`] lines
/// and until a line that addresses someone (a vocative opens its own exchange). `named` holds
/// the self-named lines (byte range, host); returns (line byte range, speaker).
fn hosted_turns(
    doc: &Doc,
    ents: &Entities,
    in_marks: &[bool],
    lines: &[(usize, usize)],
    named: &[(usize, usize, usize)],
    addressed: &[(usize, usize, usize)],
) -> Vec<(usize, usize, usize)> {
    let word = |k: usize| lower_token(doc, k);
    let mut out = Vec::new();
    for m in unquoted_people(ents, in_marks) {
        let k = m.start_token;
        if k < 2 || word(k - 1) != "by" || word(k - 2) != "joined" {
            continue;
        }
        let Some(&(a, _, host)) = named
            .iter()
            .find(|&&(a, b, e)| a <= m.start && m.start < b && e != m.entity)
        else {
            continue;
        };
        let li = lines.partition_point(|&(_, b)| b <= a);
        for step in 1..=EXCHANGE_LINES {
            let Some(&(la, lb)) = lines.get(li + step) else {
                break;
            };
            if addressed.iter().any(|&(x, ..)| x == la) {
                break;
            }
            out.push((la, lb, if step % 2 == 1 { m.entity } else { host }));
        }
    }
    out
}

/// Sentences at the start of a text where a speaker may introduce themself.
const INTRO_SENTENCES: usize = 3;

/// The person who introduces themself in the first [`INTRO_SENTENCES`] sentences, outside
/// quotes: `Hey, it's X`, `this is X` (a vlog, a podcast opening). Their introduction makes
/// them the text's voice. (`I'm X` only gives its line: in an interview several people say
/// it.)
fn introduced(doc: &Doc, ents: &Entities, in_marks: &[bool]) -> Option<usize> {
    let word = |k: usize| lower_token(doc, k);
    unquoted_people(ents, in_marks)
        .take_while(|m| m.sentence < INTRO_SENTENCES)
        .find(|m| {
            let k = m.start_token;
            k >= 2
                && matches!(
                    (word(k - 2).as_str(), word(k - 1).as_str()),
                    ("it" | "this", "'s" | "is")
                )
        })
        .map(|m| m.entity)
}

/// First-person singular pronouns (lower-cased `w`).
pub(crate) fn is_first_singular(w: &str) -> bool {
    matches!(w, "i" | "me" | "my" | "mine" | "myself")
}

/// Most capitalised words between `as` (and its article) and a name: `as the Chief Guest`.
const AS_TITLE_WORDS: usize = 2;

/// The token `as` before a name starting at token `k`, past an article and at most
/// [`AS_TITLE_WORDS`] capitalised words (`as a Democrat`, `as the Chief Guest`).
fn as_before(doc: &Doc, k: usize) -> Option<usize> {
    let mut j = k.checked_sub(1)?;
    for _ in 0..AS_TITLE_WORDS {
        if doc.tokens.get(j)?.tag.as_ref() != "NNP" {
            break;
        }
        j = j.checked_sub(1)?;
    }
    if doc.tokens.get(j)?.tag.as_ref() == "DT" {
        j = j.checked_sub(1)?;
    }
    (lower_token(doc, j) == "as").then_some(j)
}

/// Whether the name of mention `m` is the singular object of the `as` at token `as_at` (`as
/// a Democrat`; not `as Democrats`, a group, nor `as baffled as X was`).
fn singular_as_object(doc: &Doc, m: &crate::entities::Mention, as_at: usize) -> bool {
    m.end_token
        .checked_sub(1)
        .and_then(|l| doc.tokens.get(l))
        .is_some_and(|t| t.tag.as_ref() == "NNP" && t.dep.as_ref() == "pobj" && t.head == as_at)
}

/// The one person (or member of a people or party: `a Democrat`) that the unquoted first
/// person describes themself as, after `as` in a sentence whose first person comes before it
/// (`I am proud, as a Democrat, ...`, `It gives me great pleasure to be here as the Chief
/// Guest`): the text's voice. A plural name (`as Democrats`) names a group, not the speaker;
/// two different descriptions leave the voice open.
fn self_described(doc: &Doc, ents: &Entities, in_marks: &[bool]) -> Option<usize> {
    let word = |k: usize| lower_token(doc, k);
    let unquoted = |k: usize| !in_marks.get(k).copied().unwrap_or(true);
    let mut found = None;
    for m in &ents.mentions {
        let label = ents.entities.get(m.entity).map(|g| &*g.label);
        if !unquoted(m.start_token) || !matches!(label, Some("PERSON" | "NORP")) {
            continue;
        }
        let Some(as_at) = as_before(doc, m.start_token) else {
            continue;
        };
        let sentence_start = doc.sentences.get(m.sentence).map_or(0, |s| s.start_token);
        let first_person =
            (sentence_start..as_at).any(|j| unquoted(j) && is_first_singular(&word(j)));
        if !(first_person && singular_as_object(doc, m, as_at)) {
            continue;
        }
        if found.is_some_and(|e| e != m.entity) {
            return None;
        }
        found = Some(m.entity);
    }
    found
}

/// The group (a NORP entity: a people, a party) that the unquoted `we` or `us` names itself as,
/// right after it or after `as`: `we as Americans`, `us Democrats`. Only when one group is
/// named so.
fn we_group(doc: &Doc, ents: &Entities, in_marks: &[bool]) -> Option<usize> {
    let word = |k: usize| lower_token(doc, k);
    let mut found = None;
    for m in &ents.mentions {
        let k = m.start_token;
        if in_marks.get(k).copied().unwrap_or(true)
            || ents.entities.get(m.entity).map(|g| &*g.label) != Some("NORP")
        {
            continue;
        }
        let we_at = |j: Option<usize>| j.is_some_and(|j| matches!(word(j).as_str(), "we" | "us"));
        let named =
            we_at(k.checked_sub(1)) || (k >= 2 && word(k - 1) == "as" && we_at(k.checked_sub(2)));
        if !named {
            continue;
        }
        if found.is_some_and(|e| e != m.entity) {
            return None;
        }
        found = Some(m.entity);
    }
    found
}

/// Verbs that give the first person a name: `he called me X`, `people call me X`.
const NAMING_VERBS: [&str; 6] = ["call", "calls", "called", "name", "names", "named"];

/// Verbs that attribute a line of dialogue (`I say.`, `I asked`).
const SPEECH_VERBS: [&str; 21] = [
    "say",
    "says",
    "said",
    "ask",
    "asks",
    "asked",
    "answer",
    "answers",
    "answered",
    "reply",
    "replies",
    "replied",
    "tell",
    "tells",
    "told",
    "whisper",
    "whispered",
    "shout",
    "shouted",
    "yell",
    "yelled",
];
/// Lines after a call (`"Tobias,"`) where the narrator's reply (`I say.`) may come.
const REPLY_LINES: usize = 4;

/// Whether `s` (a line, or what follows a closing mark) attributes dialogue to the narrator:
/// `I say.`, `I said, suddenly quiet,`.
fn first_person_attribution(s: &str) -> bool {
    let mut words = s
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty());
    words.next() == Some("I") && words.next().is_some_and(|w| SPEECH_VERBS.contains(&w))
}

/// What follows the last closing double mark of `line`, if it has one.
fn after_last_mark(line: &str) -> Option<&str> {
    line.rfind(['\u{201d}', '"'])
        .and_then(|k| line.get(k + 1..))
}

/// The attribution that follows a quotation on line `l`: the text after its last closing
/// mark, or the next line when the quotation fills its line.
fn attribution_after<'t>(doc: &'t Doc, lines: &[(usize, usize)], l: usize) -> &'t str {
    let Some(&(a, b)) = lines.get(l) else {
        return "";
    };
    let line = doc.text.get(a..b).unwrap_or("").trim();
    let after = after_last_mark(line).unwrap_or("").trim();
    if !after.is_empty() {
        return after;
    }
    lines
        .get(l + 1)
        .and_then(|&(a, b)| doc.text.get(a..b))
        .unwrap_or("")
        .trim()
}

/// The first-person narrator of a story, named by the people who call them: a quotation that
/// opens with a person's name (`"Tobias,"`, `"Tobias, this never happened."`), not spoken
/// by the narrator, answered within [`REPLY_LINES`] lines by the narrator (`"Coming," I say.`).
/// Only when every such call names the same person.
fn called_narrator(doc: &Doc, ents: &Entities, lines: &[(usize, usize)]) -> Option<usize> {
    let mut found = None;
    for m in ents.mentions.iter().filter(|m| {
        ents.entities
            .get(m.entity)
            .is_some_and(|g| class_of(&g.label) == Class::Person)
    }) {
        let li = lines.partition_point(|&(_, b)| b <= m.start);
        let Some(&(a, _)) = lines.get(li) else {
            continue;
        };
        let opens = doc
            .text
            .get(a..m.start)
            .is_some_and(|s| matches!(s.trim(), "\u{201c}" | "\""));
        let called = doc.text.get(m.end..).is_some_and(|s| s.starts_with(','));
        if !opens || !called || first_person_attribution(attribution_after(doc, lines, li)) {
            continue;
        }
        let replied = (li + 1..li + 1 + REPLY_LINES).any(|k| {
            lines.get(k).is_some_and(|&(a, b)| {
                let line = doc.text.get(a..b).unwrap_or("").trim();
                first_person_attribution(after_last_mark(line).unwrap_or(line))
            })
        });
        if !replied {
            continue;
        }
        if found.is_some_and(|e| e != m.entity) {
            return None;
        }
        found = Some(m.entity);
    }
    found
}

/// The person the unquoted text names with `call me X` / `called me X` / `named me X` (X a
/// PERSON mention): a first-person narrator others name (`he called me Muscles`). Only when
/// one person is named so; a quoted `call me X` is a character speaking, not the narrator.
fn called_me(doc: &Doc, ents: &Entities, in_marks: &[bool]) -> Option<usize> {
    let word = |k: usize| lower_token(doc, k);
    let mut found = None;
    for m in unquoted_people(ents, in_marks) {
        let k = m.start_token;
        if k < 2 || word(k - 1) != "me" || !NAMING_VERBS.contains(&word(k - 2).as_str()) {
            continue;
        }
        if found.is_some_and(|e| e != m.entity) {
            return None;
        }
        found = Some(m.entity);
    }
    found
}

/// Most words in a transcript's speaker label (`THE VICE PRESIDENT:`).
const LABEL_WORDS: usize = 4;

/// The words of a speaker label opening a line (`THE PRESIDENT:`, `MR. SOVA: Thank you.`):
/// upper-case words, at most [`LABEL_WORDS`], then a colon; lower-cased, without dots and
/// without a leading `the`.
fn speaker_label(line: &str) -> Option<Vec<String>> {
    let (label, _) = line.split_once(':')?;
    let words: Vec<&str> = label.split_whitespace().collect();
    let upper = |w: &&str| {
        w.chars().any(char::is_alphabetic)
            && w.chars()
                .all(|c| c.is_uppercase() || matches!(c, '.' | '\'' | '-' | '\u{2019}'))
    };
    if words.is_empty() || words.len() > LABEL_WORDS || !words.iter().all(upper) {
        return None;
    }
    let mut out: Vec<String> = words.iter().map(|w| lower(w).replace('.', "")).collect();
    if out.first().is_some_and(|w| w == "the") {
        out.remove(0);
    }
    (!out.is_empty()).then_some(out)
}

/// The PERSON entity a speaker label names: one whose name holds the label's last word
/// (`MR. SOVA` for Bradley Sova), else the first person whose name follows the label's words
/// as a title (`THE PRESIDENT` for `President Joe Biden`, not for `Vice President Harris`).
fn label_entity(doc: &Doc, ents: &Entities, label: &[String]) -> Option<usize> {
    let person = |e: usize| {
        ents.entities
            .get(e)
            .is_some_and(|g| class_of(&g.label) == Class::Person)
    };
    let last = label.last()?;
    let by_name = (0..ents.entities.len()).find(|&e| {
        person(e)
            && ents.entities[e]
                .name
                .split_whitespace()
                .any(|w| lower(w) == *last)
    });
    if by_name.is_some() {
        return by_name;
    }
    ents.mentions
        .iter()
        .filter(|m| person(m.entity) && m.start_token >= label.len())
        .find(|m| {
            let at = m.start_token - label.len();
            let titled = label
                .iter()
                .enumerate()
                .all(|(j, w)| lower_token(doc, at + j) == *w);
            // The word before the title is not one more title word (`Vice President`).
            let longer = at
                .checked_sub(1)
                .and_then(|k| doc.tokens.get(k))
                .and_then(|t| doc.text.get(t.start..t.end))
                .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase));
            titled && !longer
        })
        .map(|m| m.entity)
}

/// A transcript's turns by speaker label (`THE PRESIDENT:` on its own line or opening the
/// speech): from each label line to the next, the byte range and the person the label names
/// ([`label_entity`]), whose turn's unquoted first person it is. A label that names no person
/// still ends the turn before it.
fn labelled_turns(
    doc: &Doc,
    ents: &Entities,
    lines: &[(usize, usize)],
) -> Vec<(usize, usize, usize)> {
    let labels: Vec<(usize, Option<usize>)> = lines
        .iter()
        .filter_map(|&(a, b)| {
            let label = speaker_label(doc.text.get(a..b)?.trim())?;
            Some((a, label_entity(doc, ents, &label)))
        })
        .collect();
    labels
        .iter()
        .enumerate()
        .filter_map(|(k, &(a, e))| {
            let end = labels.get(k + 1).map_or(doc.text.len(), |l| l.0);
            Some((a, end, e?))
        })
        .collect()
}

/// Words that may stand between `I'm` and the speaker's name: a host's role (`I'm your host,
/// Dave`).
fn host_filler(w: &str) -> bool {
    matches!(
        w,
        "your" | "the" | "host" | "co" | "-" | "cohost" | "co-host" | "as" | "always" | ","
    )
}

/// Most tokens between `I'm` and the speaker's name (`your host ,`).
const HOST_FILLER_TOKENS: usize = 6;

/// Whether the name starting at token `k` follows `I'm` / `I am` (curly apostrophe too),
/// directly or after a host's role (`I'm your host, Dave`; see [`host_filler`]).
fn names_self(doc: &Doc, k: usize) -> bool {
    let word = |j: usize| lower_token(doc, j);
    (1..=HOST_FILLER_TOKENS + 1)
        .take_while(|&d| d < k)
        .take_while(|&d| d == 1 || host_filler(&word(k - d + 1)))
        .any(|d| {
            k > d
                && word(k - d - 1) == "i"
                && matches!(word(k - d).as_str(), "am" | "'m" | "\u{2019}m")
                && (d == 1 || word(k - d + 1) != ",")
        })
}

/// Lines where an unquoted `I'm X` / `I am X` / `I'm your host, X` ([`names_self`]) names the
/// speaker (X a PERSON mention): the line's byte range and X's entity. (`My name is X` is left out: GUM, like many readers,
/// takes the name there for the name, not the person.)
fn self_named(
    doc: &Doc,
    ents: &Entities,
    in_marks: &[bool],
    lines: &[(usize, usize)],
) -> Vec<(usize, usize, usize)> {
    let mut out = Vec::new();
    for m in unquoted_people(ents, in_marks) {
        if !names_self(doc, m.start_token) {
            continue;
        }
        let line = lines.partition_point(|&(_, b)| b <= m.start);
        if let Some(&(a, b)) = lines.get(line) {
            out.push((a, b, m.entity));
        }
    }
    out
}

/// Lines at the start of a letter that may hold the sender's address block.
const ADDRESS_LINES: usize = 6;
/// Lines at the start of a letter that may hold its salutation (after an address block).
const SALUTATION_LINES: usize = 10;
/// Most words of a bare salutation line (`Mum,`, `Dear Mom,`, `Dear 3 or 4 Roomers -`).
const SALUTATION_WORDS: usize = 5;

/// Whether line `l` is a letter's salutation: `Dear ...`, or a short line ending in a comma
/// or a colon (`Mum,`, `Dear Mom,`).
fn salutation_line(doc: &Doc, l: (usize, usize)) -> bool {
    let line = doc.text.get(l.0..l.1).unwrap_or("").trim();
    lower(line).starts_with("dear ")
        || (line.ends_with([',', ':']) && line.split_whitespace().count() <= SALUTATION_WORDS)
}

/// The sender a letter names in an address block above its salutation: a line that is a
/// person's bare name (honorifics aside: `Miss X`) in the first [`ADDRESS_LINES`] lines,
/// followed by an address line (not a salutation) and then, within [`SALUTATION_LINES`], the
/// salutation. The addressee's own address (`X, President` / `Dear Mr. X:`) is not the
/// sender: a name with a role, or the person the salutation greets, is refused.
fn return_address(
    doc: &Doc,
    ents: &Entities,
    lines: &[(usize, usize)],
    addressee: Option<usize>,
) -> Option<usize> {
    let salutation = lines
        .iter()
        .take(SALUTATION_LINES)
        .position(|&l| salutation_line(doc, l))?;
    (0..salutation.min(ADDRESS_LINES)).find_map(|li| {
        let &(a, b) = lines.get(li)?;
        let next = *lines.get(li + 1)?;
        if li + 1 >= salutation || salutation_line(doc, next) {
            return None;
        }
        let in_line: Vec<&crate::entities::Mention> = ents
            .mentions
            .iter()
            .filter(|m| {
                m.start >= a
                    && m.end <= b
                    && ents
                        .entities
                        .get(m.entity)
                        .is_some_and(|g| class_of(&g.label) == Class::Person)
            })
            .collect();
        let line = doc.text.get(a..b).unwrap_or("").trim();
        let rest = name_line_rest(doc, line, a, &in_line)?;
        let e = in_line.first()?.entity;
        (rest.iter().all(|w| is_honorific(w)) && Some(e) != addressee).then_some(e)
    })
}

/// Sentences at the start of a text where a lead may say who is interviewed.
const LEAD_SENTENCES: usize = 8;
/// The first token after the lead's [`LEAD_SENTENCES`] sentences.
fn lead_end(doc: &Doc) -> usize {
    doc.sentences
        .get(LEAD_SENTENCES)
        .map_or(doc.tokens.len(), |s| s.start_token)
}

/// Fewest unquoted question lines that make a text a questions-and-answers layout.
const MIN_QUESTION_LINES: usize = 2;

/// The person a lead says is interviewed, in the first [`LEAD_SENTENCES`] sentences outside
/// quotes: the object of `interviewed` (`Wikinews interviewed X`, `... interviewed him` after
/// a sentence naming one person) or of `spoke with` / `talked to` / `caught up with`. Only in
/// a text laid out as questions and answers (at least [`MIN_QUESTION_LINES`] lines ending
/// with `?`): a news story's `police interviewed X` makes no interview.
fn lead_interviewee(
    doc: &Doc,
    ents: &Entities,
    in_marks: &[bool],
    lines: &[(usize, usize)],
) -> Option<usize> {
    let questions = lines
        .iter()
        .filter(|&&(a, b)| {
            let l = doc.text.get(a..b).unwrap_or("").trim_end();
            l.ends_with('?') && !l.starts_with(['"', '\u{201c}'])
        })
        .count();
    if questions < MIN_QUESTION_LINES {
        return None;
    }
    let end = lead_end(doc);
    (0..end)
        .filter(|&k| !in_marks.get(k).copied().unwrap_or(true) && interviewed_object(doc, k))
        .find_map(|k| interviewed_person(doc, ents, k))
}

/// Nouns that name a delivered speech (`delivered remarks`, `Remarks by X`).
const SPEECH_NOUNS: [&str; 4] = ["remarks", "speech", "address", "statement"];

/// The speaker a lead names for the text that follows, in the first [`LEAD_SENTENCES`]
/// sentences outside quotes: the subject of `delivered` / `gave` with a speech noun as its
/// object (`Speaker X delivered remarks on the Floor`), or the one person after `by` on a
/// speech noun (`Remarks by X`; not `Remarks by X and Y`). Only when one person is named so.
fn lead_speaker(doc: &Doc, ents: &Entities, in_marks: &[bool]) -> Option<usize> {
    let end = lead_end(doc);
    let mut found = None;
    for m in unquoted_people(ents, in_marks).filter(|m| m.end_token <= end) {
        let Some(last) = m.end_token.checked_sub(1) else {
            continue;
        };
        let Some(t) = doc.tokens.get(last) else {
            continue;
        };
        let head = lower_token(doc, t.head);
        // The parser may run a headline into the lead's sentence: the name and its verb must
        // share a line.
        let same_line = doc.tokens.get(t.head).is_some_and(|v| {
            let (a, b) = (m.start.min(v.start), m.end.max(v.end));
            doc.text.get(a..b).is_some_and(|g| !g.contains('\n'))
        });
        let delivered = same_line
            && t.dep.as_ref() == "nsubj"
            && matches!(head.as_str(), "delivered" | "gave")
            && doc.tokens.iter().any(|c| {
                c.head == t.head
                    && c.dep.as_ref() == "dobj"
                    && SPEECH_NOUNS
                        .contains(&lower(doc.text.get(c.start..c.end).unwrap_or("")).as_str())
            });
        let by = same_line
            && t.dep.as_ref() == "pobj"
            && head == "by"
            && doc
                .tokens
                .get(t.head)
                .is_some_and(|b| SPEECH_NOUNS.contains(&lower_token(doc, b.head).as_str()))
            && lower_token(doc, m.end_token) != "and";
        if !(delivered || by) {
            continue;
        }
        if found.is_some_and(|e| e != m.entity) {
            return None;
        }
        found = Some(m.entity);
    }
    found
}

/// Whether token `k` is the object of an interview verb: `interviewed X`, or the object of
/// `with` / `to` after `spoke`, `talked` or `caught up`.
fn interviewed_object(doc: &Doc, k: usize) -> bool {
    let Some(t) = doc.tokens.get(k) else {
        return false;
    };
    let head = lower_token(doc, t.head);
    match t.dep.as_ref() {
        "dobj" => matches!(head.as_str(), "interviewed" | "interviews"),
        "pobj" if matches!(head.as_str(), "with" | "to") => {
            let verb = doc.tokens.get(t.head).map_or(t.head, |p| p.head);
            let verb = match lower_token(doc, verb).as_str() {
                "up" => doc.tokens.get(verb).map_or(verb, |u| u.head),
                _ => verb,
            };
            matches!(
                lower_token(doc, verb).as_str(),
                "spoke" | "talked" | "caught"
            )
        }
        _ => false,
    }
}

/// The PERSON entity of an interview verb's object at token `k`: a person mention's head, or
/// `him`/`her` when the sentence before names exactly one person (`X is the director.
/// Wikinews interviewed him`).
fn interviewed_person(doc: &Doc, ents: &Entities, k: usize) -> Option<usize> {
    let person = |e: usize| {
        ents.entities
            .get(e)
            .is_some_and(|g| class_of(&g.label) == Class::Person)
    };
    if let Some(m) = ents
        .mentions
        .iter()
        .find(|m| m.start_token <= k && k < m.end_token)
    {
        return person(m.entity).then_some(m.entity);
    }
    if !matches!(lower_token(doc, k).as_str(), "him" | "her") {
        return None;
    }
    let sent = doc.sentences.partition_point(|s| s.start_token <= k);
    let from = sent.saturating_sub(2);
    let mut named = ents
        .mentions
        .iter()
        .filter(|m| m.sentence >= from && m.start_token < k && person(m.entity))
        .map(|m| m.entity);
    let first = named.next()?;
    named.all(|e| e == first).then_some(first)
}

/// Whether a headline's person mention is followed by `tells` / `talks to` / `speaks to`
/// (`X tells Wikinews about ...`): the story is that person's answers.
fn told_headline(doc: &Doc, m: &crate::entities::Mention) -> bool {
    let word = |k: usize| lower_token(doc, k);
    match word(m.end_token).as_str() {
        "tells" => true,
        "talks" | "speaks" => matches!(word(m.end_token + 1).as_str(), "to" | "with"),
        _ => false,
    }
}

/// The one PERSON entity whose name (or its last word) appears in an interview headline
/// (`line`) after `interviews` or `interview with`, when the NER found no person in the
/// headline itself.
fn headline_interviewee(ents: &Entities, line: &str) -> Option<usize> {
    let low = lower(line);
    let k = ["interviews ", "interview with "]
        .iter()
        .find_map(|c| low.find(c).map(|k| k + c.len()))?;
    let rest = line.get(k..)?;
    let words: Vec<&str> = rest
        .split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .collect();
    let mut found = None;
    for (e, g) in ents.entities.iter().enumerate() {
        if class_of(&g.label) != Class::Person {
            continue;
        }
        // The full name, or its last word as a word of the headline (`Daly`).
        let last = g.name.rsplit(' ').next().unwrap_or("");
        if rest.contains(g.name.as_str()) || words.contains(&last) {
            if found.is_some() {
                return None;
            }
            found = Some(e);
        }
    }
    found
}

/// Whether a name in an interview headline over bytes `a..b` is the interviewee: it opens
/// the line before a colon or comma (`X: An Interview`, `X, founder, interviewed`), or follows `interview(s)`/`with` with no other
/// preposition between (`interviews Israeli writer X`, not `interviews experts on Cyclone X`),
/// and no `and` + another capitalised word follows it (`X and Y`).
fn interviewee_position(doc: &Doc, a: usize, b: usize, m: &crate::entities::Mention) -> bool {
    let toks = &doc.tokens;
    let word = |k: usize| lower_token(doc, k);
    let first_in_line = toks.partition_point(|t| t.start < a);
    if word(m.end_token) == "and"
        && toks
            .get(m.end_token + 1)
            .and_then(|t| doc.text.get(t.start..t.end))
            .is_some_and(|w| w.chars().next().is_some_and(char::is_uppercase))
    {
        return false;
    }
    if m.start_token <= first_in_line + 1 && matches!(word(m.end_token).as_str(), ":" | ",") {
        return true;
    }
    let Some(cue) = (first_in_line..m.start_token)
        .rev()
        .find(|&k| matches!(word(k).as_str(), "interview" | "interviews" | "with"))
    else {
        return false;
    };
    !(cue + 1..m.start_token).any(|k| toks[k].tag.as_ref() == "IN")
        && toks.get(m.start_token).is_some_and(|t| t.start < b)
}

/// The words (lower-cased, letters only) of a line outside its person mentions, when the line
/// is a name line: one person name and at most [`NAME_LINE_EXTRA_WORDS`] other words.
fn name_line_rest(
    doc: &Doc,
    line: &str,
    a: usize,
    in_line: &[&crate::entities::Mention],
) -> Option<Vec<String>> {
    if in_line.len() != 1 {
        return None;
    }
    let m = in_line[0];
    let full = doc.text.get(a..)?;
    let lead = full.len() - full.trim_start().len();
    let (ls, le) = (a + lead, a + lead + line.len());
    let outside = format!(
        "{} {}",
        doc.text.get(ls..m.start.max(ls))?,
        doc.text.get(m.end.min(le)..le)?
    );
    let words: Vec<String> = outside
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
        .map(lower)
        .collect();
    (words.len() <= NAME_LINE_EXTRA_WORDS).then_some(words)
}

/// The mentions of PERSON-class entities outside quotation marks (`in_marks` from
/// [`crate::entities::inside_marks`]), in text order: where the unquoted text names its voices.
fn unquoted_people<'a>(
    ents: &'a Entities,
    in_marks: &'a [bool],
) -> impl Iterator<Item = &'a crate::entities::Mention> + 'a {
    ents.mentions.iter().filter(move |m| {
        !in_marks.get(m.start_token).copied().unwrap_or(true)
            && ents
                .entities
                .get(m.entity)
                .is_some_and(|g| class_of(&g.label) == Class::Person)
    })
}

/// A first- or second-person pronoun outside quotes that [`Voices`] resolves.
fn voice(doc: &Doc, v: &Voices, in_marks: &[bool], i: usize, word: &str) -> Option<usize> {
    if in_marks.get(i).copied().unwrap_or(true) {
        return None;
    }
    match word {
        "i" | "me" | "my" | "mine" | "myself" => {
            let at = doc.tokens.get(i).map_or(0, |t| t.start);
            v.turns
                .iter()
                .find(|&&(a, b, _)| a <= at && at < b)
                .map(|t| t.2)
                .or(v.narrator)
        }
        "we" | "us" | "our" | "ours" | "ourselves" => v.we,
        "you" | "your" | "yours" | "yourself" => {
            let at = doc.tokens.get(i).map_or(0, |t| t.start);
            if let Some(&(.., e)) = v.addressed.iter().find(|&&(a, b, _)| a <= at && at < b) {
                return Some(e);
            }
            if v.addressee.is_some() {
                return v.addressee;
            }
            (v.interview && question_line(doc, i))
                .then_some(v.narrator)
                .flatten()
        }
        _ => None,
    }
}

/// Whether the line of token `i` ends with a question mark.
fn question_line(doc: &Doc, i: usize) -> bool {
    let Some(t) = doc.tokens.get(i) else {
        return false;
    };
    let rest = doc.text.get(t.start..).unwrap_or("");
    let end = rest.find('\n').map_or(doc.text.len(), |k| t.start + k);
    doc.text
        .get(t.start..end)
        .is_some_and(|l| l.trim_end().ends_with('?'))
}

/// Entities labelled as places that speak a quote under their own name (`Santa said`, a
/// surname the NER took for a city): people, for the pronoun sieves. Not a place followed by
/// a noun of its phrase (`Tulsa police Chief X said`, which a misparse left to `Tulsa`).
/// (Organisations speak too — `the company said` — and keep their class.)
fn place_speakers(doc: &Doc, ents: &Entities, quotes: &[Quote]) -> Vec<usize> {
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

/// For each token, the person entity (by [`State::class`]) speaking the direct quote that
/// contains it.
fn quoted_speakers(doc: &Doc, states: &[State], quotes: &[Quote]) -> Vec<Option<usize>> {
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
fn pronoun(
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
/// Outside quotation marks only (inside, the clause is the quoted speaker's).
#[allow(clippy::too_many_arguments)]
fn reporter(
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
    let matrix = nav.head(clause);
    let reporter = nav
        .children(matrix)
        .find(|&k| k < clause && is_subj(k) && nav.sentence(k) == nav.sentence(i))?;
    // the one name in the subject's phrase (`His father Mohamed El-Hassan Mohamed`)
    let mut names = (nav.left_edge(reporter)..=nav.right_edge(reporter))
        .filter_map(|k| name_of.get(k).copied().flatten());
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
fn chained(
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

/// The index of gender `g` in per-gender pairs (male, female), such as the `anon` states and
/// the pronoun chain; `None` for unknown.
fn gender_slot(g: Gender) -> Option<usize> {
    match g {
        Gender::Male => Some(0),
        Gender::Female => Some(1),
        Gender::Unknown => None,
    }
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
fn continued_place(
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

/// First- and second-person singular pronouns.
fn is_first_or_second(w: &str) -> bool {
    is_first_singular(w) || matches!(w, "you" | "your" | "yours" | "yourself")
}

fn opposite(g: Gender) -> Gender {
    match g {
        Gender::Male => Gender::Female,
        Gender::Female => Gender::Male,
        Gender::Unknown => Gender::Unknown,
    }
}

/// Mentions that make an entity the story's topic for a type noun beyond [`NOUN_WINDOW`].
pub const TOPIC_MENTIONS: usize = 3;

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
const ANON: usize = usize::MAX;

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

/// Whether a plural noun at token `i` would be linked to one person (`events`, `two brothers`,
/// `the other two leading linguists` for a named linguist), or a counted plural to any one
/// entity (`the EPA, 18 states, ...`: a list the parser read as an appositive): a plural is
/// never one person, and a number of things is never one thing.
fn many_for_one(doc: &Doc, nav: &Navigation, states: &[State], e: usize, i: usize) -> bool {
    let plural = matches!(doc.tokens[i].tag.as_ref(), "NNS" | "NNPS");
    let counted = || {
        nav.children(i)
            .any(|k| doc.tokens[k].dep.as_ref() == "nummod")
    };
    plural && (states.get(e).is_some_and(|s| s.class == Class::Person) || counted())
}

/// The entity a common noun at token `i` (the head of its phrase) refers to, and the mention's
/// token range (first token, end exclusive).
#[allow(clippy::too_many_arguments)]
fn common_noun(
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
    // Appositive: `Kim Jong Un, the North Korean leader`.
    if doc.tokens[i].dep.as_ref() == "appos" {
        // (a gendered noun describes a person only: not `In Tulsa, an unarmed man ...`)
        if let Some(e) = name_of.get(nav.head(i)).copied().flatten().filter(|&e| {
            word_gender(&doc.tokens[i], &doc.text) == Gender::Unknown
                || states.get(e).is_some_and(|s| s.class == Class::Person)
        }) {
            return Some((e, first, i + 1));
        }
    }
    // Predicate noun of a name or a linked pronoun: `Kim is a former diplomat`, `she was a
    // nurse`, and of a relative pronoun's name (`Jo, who is our editor`).
    if let Some(e) = predicate_of(doc, nav, name_of, pronoun_of, i) {
        return Some((e, first, i + 1));
    }
    // The role an `as` phrase gives a name or a linked pronoun: `he served as president of
    // X`, `described her as the best pupil`.
    if let Some(e) = as_complement_of(doc, nav, name_of, pronoun_of, i) {
        return Some((e, first, i + 1));
    }
    // A possessed noun with a person's name in apposition (`his mother, Jennifer`) is that
    // person; the same possessor's same noun later (`his mother`) is them again.
    if let Some(p) = possessor(doc, nav, name_of, pronoun_of, i) {
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
    let by_name = |e: usize, s: &State| {
        matches!(s.class, Class::Org | Class::Place) && heads.get(e).is_some_and(|h| h == word)
    };
    if let Some(e) = best(states, sent, NOUN_WINDOW, by_name) {
        return Some((e, first, i + 1));
    }
    if plural || d == "these" {
        return None;
    }
    let lemma = word;
    let by_role = best(states, sent, NOUN_WINDOW, |e, _| {
        ents.entities[e]
            .roles
            .iter()
            .any(|r| r.rsplit(' ').next() == Some(lemma))
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
fn is_predicate(doc: &Doc, nav: &Navigation, i: usize) -> bool {
    let dep = |k: usize| doc.tokens[k].dep.as_ref();
    dep(i) == "attr" || (dep(i) == "conj" && dep(nav.head(i)) == "attr")
}

/// The entity a predicate noun at token `i` describes: the subject of its copula when that is
/// a name or a linked pronoun (`Kim is a former diplomat`, `she was a nurse`), or, when the
/// subject is a relative pronoun (`who`, `which`, `that`), the name the relative clause
/// belongs to (`Jo, who is our editor`). A noun joined to a predicate noun (`a blogger and
/// the editor`) is a predicate noun too.
fn predicate_of(
    doc: &Doc,
    nav: &Navigation,
    name_of: &[Option<usize>],
    pronoun_of: &[Option<usize>],
    i: usize,
) -> Option<usize> {
    let dep = |k: usize| doc.tokens[k].dep.as_ref();
    if !is_predicate(doc, nav, i) {
        return None;
    }
    let attr = if dep(i) == "conj" { nav.head(i) } else { i };
    let verb = nav.head(attr);
    if !COPULAS.contains(&lower_token(doc, verb).as_str()) {
        return None;
    }
    let subject = nav.children(verb).find(|&k| dep(k) == "nsubj")?;
    let relative = matches!(lower_token(doc, subject).as_str(), "who" | "which" | "that");
    if relative && dep(verb) == "relcl" {
        return linked_entity(name_of, pronoun_of, nav.head(verb));
    }
    linked_entity(name_of, pronoun_of, subject)
}

/// The entity an `as` phrase at noun `i` gives a role: `i` is the object of an `as` that
/// modifies a verb; the verb's object when that is a name or a linked pronoun (`described her
/// as the best pupil`), else its subject (`he served as president`, `Kim was hired as a
/// consultant`). Not `such as` or `as well as`, whose `as` hangs on a noun or an adverb.
fn as_complement_of(
    doc: &Doc,
    nav: &Navigation,
    name_of: &[Option<usize>],
    pronoun_of: &[Option<usize>],
    i: usize,
) -> Option<usize> {
    let dep = |k: usize| doc.tokens[k].dep.as_ref();
    if dep(i) != "pobj" {
        return None;
    }
    let prep = nav.head(i);
    if lower_token(doc, prep) != "as" || dep(prep) != "prep" {
        return None;
    }
    let verb = nav.head(prep);
    if !matches!(doc.tokens[verb].pos.as_ref(), "VERB" | "AUX") {
        return None;
    }
    let role = |wanted: &[&str]| {
        nav.children(verb)
            .find(|&k| wanted.contains(&dep(k)))
            .and_then(|k| linked_entity(name_of, pronoun_of, k))
    };
    if nav.children(verb).any(|k| dep(k) == "dobj") {
        return role(&["dobj"]);
    }
    role(&["nsubj", "nsubjpass"])
}

/// The entity token `k` stands for: the name it is part of, else the entity its pronoun is
/// linked to.
fn linked_entity(
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
/// the token after the name.
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
fn place_level(word: &str) -> Option<u8> {
    match word {
        "country" | "nation" => Some(0),
        "state" | "province" => Some(1),
        "city" | "village" | "town" => Some(2),
        _ => None,
    }
}

/// The head word of a name, lower-cased: the word before `of` (`University of Toronto` →
/// `university`), else the last word (`Chatham Islands` → `islands`).
fn name_head(name: &str) -> String {
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

/// Place nouns that take a name with `of` (`the town of X`, `the island of X`).
const OF_PLACE_NOUNS: [&str; 6] = ["town", "island", "region", "county", "district", "port"];

/// A possessed noun that an appositive name identified (`his mother, Jennifer`).
#[derive(Debug, Clone, Copy)]
struct Kin {
    /// The possessor's entity (`his` linked to Goode).
    possessor: usize,
    /// The noun's token (`mother`).
    noun: usize,
    /// The person named in apposition.
    entity: usize,
}

/// The entity of the possessor of noun `i` (`his` linked to X, `X's`), if any.
fn possessor(
    doc: &Doc,
    nav: &Navigation,
    name_of: &[Option<usize>],
    pronoun_of: &[Option<usize>],
    i: usize,
) -> Option<usize> {
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
