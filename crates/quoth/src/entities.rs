//! Grouping entity mentions per real-world entity within a document, and making their labels
//! consistent.
//!
//! [`group_entities`] turns the NER's mentions (`Doc::entities`) into [`Entities`]: a flat,
//! text-ordered list of [`Mention`]s and the [`EntityGroup`]s they belong to. It is a heuristic
//! over surface forms (the small English model has no coreference), applied in five steps:
//!
//! 1. **Span cleaning** (module `span`): possessive endings (`Korea's`, `Korea’s`,
//!    `Sachs'`), edge whitespace, an unclosed trailing bracket and, for names, edge tokens
//!    without a letter or digit (`🚀 SpaceX`) are cut from each mention, and a name the NER
//!    cut at a hyphen is completed (`Moon Jae` → `Moon Jae-in`, PERSON only); byte and token
//!    offsets follow. A mention left empty is dropped, and so is a name with letters but no
//!    capital (`forelimb`, `kinda`: common words the NER took for names; `eBay` stays) or made
//!    of spoken fillers only (`Mm`, `Uh`, `Mm mm`: transcripts), and so is a one-word name the
//!    text capitalises only where every word is capitalised and writes in lower case elsewhere
//!    (`Homeopathy is …` beside `… homeopathy`: module `casing`). A name with a nickname in
//!    quotation marks the NER cut at the marks is one PERSON mention again (`Robert C.
//!    "Bobby"` + `Scott`: module `nicknames`). A name
//!    never crosses a line break (`span` rule 10). Honorifics stay in the span (`Mrs. May`).
//!    Spans holding two names are split (`Bloomberg’s Jon Herskovitz`, `Trump-Kim`), a title
//!    word is dropped (`Secretary of State`), and the context may type a mention (`the newspaper
//!    X` → ORG): modules `split` and `typing`; such a *cue* votes in place of the NER's label.
//! 2. **Surface keys** (module `surface`): each mention's text is reduced to a key — words
//!    lower-cased, curly apostrophes straightened, Latin letters folded to ASCII (`José` =
//!    `Jose`), `U.S.` = `US`, a leading `the` dropped,
//!    leading honorifics (`Mr.`, `Ms.`, `Dr.`, `Sen.`, `Gov.` …) dropped, written-out titles
//!    (`President`, `Prime Minister` …) dropped from PERSON mentions, and corporate endings
//!    (`Inc.`, `Corp.` …) dropped from ORG mentions. An honorific in or just before a mention,
//!    or a title just before it or leading a PERSON mention (`Mr. Trump`, `President Trump`,
//!    `leader Kim Jong Un`), is a *person cue*.
//! 3. **Surface groups and labels** (module `labels`): name mentions (every label except the
//!    value labels DATE, TIME, PERCENT, MONEY, QUANTITY, ORDINAL, CARDINAL) with the same key
//!    are one group whatever their NER labels, and the group gets one label by vote: majority,
//!    where a person cue votes PERSON; ties go to PERSON when a cue is present, then to the
//!    label of the longest (cleaned) mention, then to the first. A group holding a corporate
//!    ending (`Hearst Corp.`) is a firm: ORG whatever the vote, its person-cued mentions
//!    (`Mr. Hearst`) split off as the person. Value and LANGUAGE mentions group by key
//!    *and* label and keep their label (`French` the language is not `French` the people).
//! 4. **Linking** (module `link`): a short person name joins the one fuller PERSON name that
//!    contains it as surname, given name or ordered subset (`Trump` → `Donald Trump`, `Xi` →
//!    `Xi Jinping`; `Kim` joins `Kim Jong Un` only if no other `Kim …` is named), before or
//!    after it in the text. A short form labelled ORG (or LOC, FAC, PRODUCT, WORK_OF_ART,
//!    EVENT: `McAuliffe` as LOC) joins only as a bare surname that no ORG name starts with
//!    (`Ramos` joins `Carlos Ramos`; `Ford` beside `Ford Motor Co.` does not join `Bill
//!    Ford`); GPE and NORP join so only as the subject of a verb somewhere, never after a
//!    preposition of place, and naming no country or US state (`Lukaku scored` joins
//!    `Romelu Lukaku`; `Jordan`, `in Osaka`, `metropolitan Houston` do not). An
//!    all-capitals acronym joins the one same-label name whose initials it spells (`SEC`,
//!    `EU`); a bare word with no person cue that no person name in the story holds joins the
//!    one firm or school whose name starts with it (`Lomas` → `Lomas Financial Corp.`, `Harvard`
//!    → `Harvard University`); other
//!    shortenings (`the Fed`, `Goldman`) are not guessed. Other names of a country (`America`,
//!    `the United States`) and a name in brackets right after a name (`Jenna Marbles (born
//!    Jenna Nicole Mourey)`) join it (module `aliases`). Joined groups take the label of the
//!    fullest group.
//! 5. **Output**: every mention's label is its entity's label (the NER's stays in
//!    [`Mention::raw_label`]); an entity's `name` is its fullest form (most words, then
//!    longest, then not all-capitals, then first) without honorifics, a leading `the` or a
//!    corporate ending; mentions
//!    are in text order and entities in order of first mention; the `labels` filter is applied
//!    last, so it never changes how the rest is grouped.
//!
//! [`GroupOptions::raw`] skips all of this: mentions are exactly the NER's spans and labels,
//! grouped only when text and label are identical (for spaCy parity checks).
//!
//! Each entity also carries the roles the text gives it ([`EntityGroup::roles`]: titles before
//! or in its mentions, compound nouns before them, appositives: `senator`, `founder`,
//! `fellow`). [`entity_for_span`] and [`entity_for_text_span`] tell other extractors (quotes)
//! which entity a span of text refers to, by position, by name, or by role (`the senator`).

mod aliases;
mod casing;
mod fold_table;
mod labels;
mod link;
mod lookup;
mod nicknames;
mod place_levels;
mod quoted;
mod repeats;
mod roles;
mod span;
mod split;
mod surface;
mod typing;
mod vote;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use quoth_nlp::Doc;

pub(crate) use labels::VALUE_LABELS;
pub use lookup::{entity_for_span, entity_for_text_span};
pub(crate) use place_levels::place_level_of_name;
pub(crate) use quoted::inside_marks;
pub use repeats::tag_repeated_names;
pub(crate) use span::is_credit_label;
pub(crate) use surface::{is_courtesy, is_person_cue, is_rank_modifier};
pub use vote::{same_tokens, vote, voted_doc, VoteMode};

/// One entity mention after consistency fixes (possessive endings trimmed, label unified).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte offsets into the text.
    pub start: usize,
    pub end: usize,
    /// Token range (end exclusive). When a possessive had to be cut from inside a token, the
    /// range still includes that token.
    pub start_token: usize,
    pub end_token: usize,
    /// The entity's label (equal to [`Mention::raw_label`] in raw mode).
    pub label: Arc<str>,
    /// The label the NER gave this mention.
    pub raw_label: Arc<str>,
    /// Index of the sentence the mention is in.
    pub sentence: usize,
    /// Index into [`Entities::entities`].
    pub entity: usize,
}

/// One real-world entity: a canonical name and the mentions that refer to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityGroup {
    /// The fullest form among its mentions.
    pub name: String,
    pub label: Arc<str>,
    /// Indices into [`Entities::mentions`], in text order.
    pub mentions: Vec<usize>,
    /// Roles the text gives the entity (`senator`, `spokeswoman`, `founder`), lower-cased,
    /// sorted, for resolving `the senator` (see [`entity_for_text_span`]).
    pub roles: Vec<String>,
}

/// The grouped entities of one document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entities {
    pub mentions: Vec<Mention>,
    pub entities: Vec<EntityGroup>,
}

/// Options for [`group_entities`].
#[derive(Debug, Clone, Default)]
pub struct GroupOptions {
    /// Keep only these labels (all when `None`).
    pub labels: Option<Vec<String>>,
    /// Skip the consistency pass: mention labels and spans exactly as the NER gave them,
    /// grouped only when text and label are identical (keeps spaCy parity testable).
    pub raw: bool,
}

/// A mention on its way through the steps.
struct Candidate {
    span: span::Span,
    raw_label: Arc<str>,
    /// The label the context gives the mention (`the newspaper X` → ORG), voting in place of
    /// the NER's.
    cue: Option<Arc<str>>,
    /// Length of the cleaned span in bytes.
    len: usize,
    sentence: usize,
    surface: surface::Surface,
    person_cue: bool,
}

impl Candidate {
    /// The label this mention votes for: its context cue, else the NER's.
    fn label(&self) -> &Arc<str> {
        self.cue.as_ref().unwrap_or(&self.raw_label)
    }
}

/// Prepositions that put a name as a place (`born in Exeter`, `near Exeter`); not `at` or
/// `from`, which also take schools and firms (`at Harvard`, `from Harvard`).
const PLACE_PREPOSITIONS: [&str; 5] = ["in", "near", "outside", "around", "across"];

/// Longest first line (bytes) taken for a headline.
const HEADLINE_MAX: usize = 200;

/// Byte offset where the text's headline ends: the end of a first line of at most
/// [`HEADLINE_MAX`] bytes, else 0 (a text on one line, or opening with a paragraph, has none).
pub(crate) fn headline_end(text: &str) -> usize {
    text.find('\n').filter(|&k| k <= HEADLINE_MAX).unwrap_or(0)
}

/// The title word of a mention starting at token `k`: its first word or the word right
/// before it (`Dr.` → `dr`, `Senator` → `senator`), if either is one.
fn title_of(doc: &Doc, k: usize) -> Option<String> {
    [Some(k), k.checked_sub(1)]
        .into_iter()
        .flatten()
        .map(|i| doc.word(i))
        .find(|w| surface::is_person_cue(w))
        .map(|w| w.to_lowercase().trim_end_matches('.').to_string())
}

/// Whether the word before token `k` is one of [`PLACE_PREPOSITIONS`] (in lower case).
fn after_place_preposition(doc: &Doc, k: usize) -> bool {
    k > 0 && PLACE_PREPOSITIONS.contains(&doc.word(k - 1))
}

/// Group the document's entity mentions (see the module docs for the rules).
pub fn group_entities(doc: &Doc, opts: &GroupOptions) -> Entities {
    let grouped = if opts.raw {
        group_raw(doc)
    } else {
        group_consistent(doc)
    };
    match &opts.labels {
        Some(keep) => filter_labels(grouped, keep),
        None => grouped,
    }
}

/// Raw mode: NER spans and labels untouched, grouped by identical text and label.
fn group_raw(doc: &Doc) -> Entities {
    let mut out = Entities::default();
    let mut keys: HashMap<(&str, &str), usize> = HashMap::new();
    let mut ents: Vec<&quoth_nlp::EntitySpan> = doc.entities.iter().collect();
    ents.sort_by_key(|e| (e.start, e.end));
    for e in ents {
        let text = doc.text.get(e.start..e.end).unwrap_or("");
        let key = (text, &*e.label);
        let entity = *keys.entry(key).or_insert_with(|| {
            out.entities.push(EntityGroup {
                name: text.to_string(),
                label: e.label.clone(),
                mentions: Vec::new(),
                roles: Vec::new(),
            });
            out.entities.len() - 1
        });
        out.entities[entity].mentions.push(out.mentions.len());
        if !labels::is_value(&e.label) {
            let roles = &mut out.entities[entity].roles;
            roles::mention_roles(doc, e.start_token, e.end_token, roles);
        }
        out.mentions.push(Mention {
            start: e.start,
            end: e.end,
            start_token: e.start_token,
            end_token: e.end_token,
            label: e.label.clone(),
            raw_label: e.label.clone(),
            sentence: doc.sentence_of(e.start_token),
            entity,
        });
    }
    for ent in &mut out.entities {
        ent.roles.sort();
        ent.roles.dedup();
    }
    out
}

/// Steps 1–2: cleaned spans (split where one span holds two names, see module `split`),
/// context cues (module `typing`) and surface keys, in text order.
fn candidates(doc: &Doc) -> Vec<Candidate> {
    let mut out = Vec::with_capacity(doc.entities.len());
    let mentions = nicknames::with_nicknames(doc);
    for e in mentions.iter() {
        let label = &*e.label;
        let value = labels::is_value(label);
        let Some(whole) = span::clean(doc, e, !value) else {
            continue;
        };
        let pieces: Vec<split::Piece> = if value {
            // a date run into the next line (`twelve years` + `\n` + `Thursday, May 7`)
            span::lines(doc, whole)
                .into_iter()
                .map(|l| (l, None))
                .collect()
        } else {
            split::pieces(doc, e, whole)
                .into_iter()
                .flat_map(|(sp, cue)| span::lines(doc, sp).into_iter().map(move |l| (l, cue)))
                .collect()
        };
        for (sp, split_cue) in pieces {
            let cue = split_cue.or_else(|| typing::cue(doc, sp, label));
            let as_label = cue.unwrap_or(label);
            let Some(text) = doc.text.get(sp.start..sp.end) else {
                continue;
            };
            // A name has a capital letter somewhere (`eBay`, `al-Qaeda`); an all-lower-case
            // span is a common word the NER took for one (`forelimb`, `kinda`). A name of
            // digits alone (`767`, the airliner) has no letter to judge by and stays.
            let lower_case =
                text.chars().any(char::is_alphabetic) && !text.chars().any(char::is_uppercase);
            if !value && (lower_case || surface::is_filler(text)) {
                continue;
            }
            let surface = surface::Surface::new(
                text,
                as_label == labels::PERSON,
                as_label == labels::ORG,
                value,
            );
            if surface.words.is_empty() {
                continue;
            }
            let preceding_cue = !value
                && sp.start_token > 0
                && sp.start_token <= doc.tokens.len()
                && doc
                    .text
                    .get(doc.tokens[sp.start_token - 1].start..doc.tokens[sp.start_token - 1].end)
                    .is_some_and(surface::is_person_cue);
            out.push(Candidate {
                span: sp,
                raw_label: e.label.clone(),
                cue: cue.map(Arc::from),
                len: sp.end - sp.start,
                sentence: doc.sentence_of(sp.start_token),
                person_cue: cue.is_none_or(|c| c == labels::PERSON)
                    && (preceding_cue || surface.person_cue),
                surface,
            });
        }
    }
    out.sort_by_key(|c| (c.span.start, c.span.end));
    out
}

/// Steps 1–5.
fn group_consistent(doc: &Doc) -> Entities {
    let cands = candidates(doc);
    let common = casing::common_words(doc, &cands);
    let headline = casing::headlines(doc, &cands);
    let cands: Vec<Candidate> = cands
        .into_iter()
        .zip(common.into_iter().zip(headline))
        .filter_map(|(c, (common, headline))| (!common && !headline).then_some(c))
        .collect();
    let person: Arc<str> = Arc::from(labels::PERSON);

    // Step 3: surface groups, in order of first mention.
    let mut group_of: Vec<usize> = Vec::with_capacity(cands.len());
    let mut group_keys: Vec<(Option<&str>, &str)> = Vec::new();
    let mut index: HashMap<(Option<&str>, &str), usize> = HashMap::with_capacity(cands.len());
    for c in &cands {
        let class = labels::keeps_label(&c.raw_label).then_some(&*c.raw_label);
        let key = (class, c.surface.key.as_str());
        let g = *index.entry(key).or_insert_with(|| {
            group_keys.push(key);
            group_keys.len() - 1
        });
        group_of.push(g);
    }
    let firm = split_firms(&cands, &mut group_of, &mut group_keys);
    let n_groups = group_keys.len();
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); n_groups];
    for (i, &g) in group_of.iter().enumerate() {
        members[g].push(i);
    }
    let org: Arc<str> = Arc::from(labels::ORG);
    let group_labels: Vec<Arc<str>> = members
        .iter()
        .enumerate()
        .map(|(g, ms)| {
            if firm[g] {
                return org.clone();
            }
            let ballots: Vec<labels::Ballot<'_>> = ms
                .iter()
                .map(|&i| labels::Ballot {
                    label: cands[i].label(),
                    person_cue: cands[i].person_cue && !labels::is_value(&cands[i].raw_label),
                    len: cands[i].len,
                })
                .collect();
            labels::vote(&ballots, &person).unwrap_or_else(|| person.clone())
        })
        .collect();

    // Step 4: families.
    // Tokens where a GPE mention starts (`Washington, D.C.`: the second name places the first).
    let place_starts: HashSet<usize> = cands
        .iter()
        .filter(|c| &*c.raw_label == "GPE")
        .map(|c| c.span.start_token)
        .collect();
    let headline_end = headline_end(&doc.text);
    let views: Vec<link::GroupView<'_>> = (0..n_groups)
        .map(|g| {
            let first = &cands[members[g][0]].surface;
            let (name_words, suffix) = first.name_words();
            link::GroupView {
                label: &group_labels[g],
                words: &first.words,
                name_words,
                suffix,
                person_evidence: members[g]
                    .iter()
                    .any(|&i| cands[i].person_cue || &**cands[i].label() == labels::PERSON),
                person_cue: members[g].iter().any(|&i| cands[i].person_cue),
                titles: members[g]
                    .iter()
                    .filter_map(|&i| title_of(doc, cands[i].span.start_token))
                    .collect(),
                located: members[g].iter().any(|&i| {
                    let span = &cands[i].span;
                    after_place_preposition(doc, span.start_token)
                        || (doc.word(span.end_token) == ","
                            && place_starts.contains(&(span.end_token + 1)))
                }),
                subject: members[g].iter().any(|&i| {
                    let span = &cands[i].span;
                    (span.start_token..span.end_token).any(|k| {
                        doc.tokens.get(k).is_some_and(|t| {
                            !(span.start_token..span.end_token).contains(&t.head)
                                && matches!(t.dep.as_ref(), "nsubj" | "nsubjpass")
                        })
                    })
                }),
                acronym: members[g].iter().any(|&i| cands[i].surface.acronym),
                key: &first.key,
                initials: first.initials(),
                value: group_keys[g].0.is_some(),
                firm: firm[g],
                mentions: members[g].len(),
                first_at: cands[members[g][0]].span.start,
                body_at: members[g]
                    .iter()
                    .map(|&i| cands[i].span.start)
                    .find(|&s| s >= headline_end)
                    .unwrap_or(usize::MAX),
            }
        })
        .collect();
    let mut family = link::families(&views);
    join_bracketed_aliases(doc, &cands, &group_of, &group_labels, &mut family);

    // Step 5: entities in order of first mention, mentions in text order.
    let mut out = Entities::default();
    let mut entity_of_family: Vec<Option<usize>> = vec![None; n_groups];
    for (i, c) in cands.iter().enumerate() {
        let fam = family[group_of[i]];
        let entity = match entity_of_family[fam] {
            Some(e) => e,
            None => {
                out.entities.push(EntityGroup {
                    name: String::new(),
                    label: group_labels[fam].clone(),
                    mentions: Vec::new(),
                    roles: Vec::new(),
                });
                entity_of_family[fam] = Some(out.entities.len() - 1);
                out.entities.len() - 1
            }
        };
        out.entities[entity].mentions.push(i);
        if !labels::is_value(&c.raw_label) {
            let roles = &mut out.entities[entity].roles;
            roles::mention_roles(doc, c.span.start_token, c.span.end_token, roles);
        }
        let label = out.entities[entity].label.clone();
        let sp = if &*label == labels::PERSON {
            without_article(doc, c.span)
        } else {
            c.span
        };
        out.mentions.push(Mention {
            start: sp.start,
            end: sp.end,
            start_token: sp.start_token,
            end_token: sp.end_token,
            label,
            raw_label: c.raw_label.clone(),
            sentence: c.sentence,
            entity,
        });
    }
    let quoted = inside_marks(doc);
    for ent in &mut out.entities {
        let person = &*ent.label == labels::PERSON;
        ent.name = canonical_name(doc, &cands, &quoted, &ent.mentions, person);
        ent.roles.sort();
        ent.roles.dedup();
    }
    out
}

/// Join the family of a name in brackets right after another name to that name's family
/// ([`aliases::bracketed_alias`]: `Jenna Marbles (born Jenna Nicole Mourey)`). Value
/// mentions never join.
fn join_bracketed_aliases(
    doc: &Doc,
    cands: &[Candidate],
    group_of: &[usize],
    group_labels: &[Arc<str>],
    family: &mut [usize],
) {
    for (i, pair) in cands.windows(2).enumerate() {
        let (a, b) = (&pair[0], &pair[1]);
        if labels::is_value(&a.raw_label) || labels::is_value(&b.raw_label) {
            continue;
        }
        let (fa, fb) = (family[group_of[i]], family[group_of[i + 1]]);
        if fa == fb
            || !aliases::bracketed_alias(
                doc,
                a.span.end_token,
                &group_labels[fa],
                b.span.start_token,
                b.span.end_token,
                &group_labels[fb],
            )
        {
            continue;
        }
        link::merge_family(family, fb, fa);
    }
}

/// A person's mention without a leading lower-case `the` (`the Van de Kamp` → `Van de Kamp`),
/// which the NER or a label vote may leave on a name that turns out to be a person's; a title
/// keeps it (`the King of Liang`).
fn without_article(doc: &Doc, sp: span::Span) -> span::Span {
    let next = sp.start_token + 1;
    let word = |i: usize| doc.tokens.get(i).and_then(|t| doc.text.get(t.start..t.end));
    if next < sp.end_token
        && word(sp.start_token) == Some("the")
        && !word(next).is_some_and(surface::is_person_cue)
    {
        if let Some(t) = doc.tokens.get(next) {
            return span::Span {
                start_token: next,
                start: t.start,
                ..sp
            };
        }
    }
    sp
}

/// Firms named after people (`Hearst Corp.` beside `Mr. Hearst`): a surface group holding a
/// mention with a corporate ending is a firm, labelled ORG whatever the vote, and its mentions
/// with a person cue move to a group of their own (the person), so the firm neither relabels
/// the person nor the person the firm. Returns, per group, whether it is a firm.
fn split_firms<'a>(
    cands: &[Candidate],
    group_of: &mut [usize],
    group_keys: &mut Vec<(Option<&'a str>, &'a str)>,
) -> Vec<bool> {
    let n = group_keys.len();
    let mut firm = vec![false; n];
    for (i, c) in cands.iter().enumerate() {
        if c.surface.corporate {
            firm[group_of[i]] = true;
        }
    }
    let mut person_group: Vec<Option<usize>> = vec![None; n];
    for (i, c) in cands.iter().enumerate() {
        let g = group_of[i];
        if g < n && firm[g] && c.person_cue {
            let p = *person_group[g].get_or_insert_with(|| {
                group_keys.push(group_keys[g]);
                group_keys.len() - 1
            });
            group_of[i] = p;
        }
    }
    firm.resize(group_keys.len(), false);
    firm
}

/// The fullest form among an entity's mentions: most (name) words, then most characters, then
/// not in all capitals (a `WASHINGTON —` dateline loses to `Washington`), then the first;
/// shown without honorifics, `the` or corporate ending.
fn canonical_name(
    doc: &Doc,
    cands: &[Candidate],
    quoted: &[bool],
    mentions: &[usize],
    person: bool,
) -> String {
    let display = |c: &Candidate| -> &str {
        let text = doc.text.get(c.span.start..c.span.end).unwrap_or("");
        let d = text
            .get(c.surface.display.0..c.surface.display.1)
            .unwrap_or(text);
        if person {
            trim_non_name_tail(d)
        } else {
            d
        }
    };
    let words = |c: &Candidate| {
        if person {
            c.surface.name_words().0.len()
        } else {
            c.surface.words.len()
        }
    };
    // A full name the story writes itself outranks a longer one inside a quote (`Crooked
    // Hillary Clinton` in a tweet beside `Hillary Clinton`); a quote's `Donald J. Trump`
    // still outranks the story's bare `Trump`.
    let own_full =
        |c: &Candidate| !quoted.get(c.span.start_token).copied().unwrap_or(false) && words(c) >= 2;
    let mut best: Option<(&Candidate, Fullness)> = None;
    for &i in mentions {
        let c = &cands[i];
        let d = display(c);
        let not_caps = d.chars().any(char::is_lowercase) || !d.chars().any(char::is_uppercase);
        let score = (own_full(c), words(c), d.chars().count(), not_caps);
        if best.is_none_or(|(_, b)| score > b) {
            best = Some((c, score));
        }
    }
    best.map(|(c, _)| display(c).to_string())
        .unwrap_or_default()
}

/// How full a name mention is, larger is fuller: (the story's own full name, words,
/// characters, not all-capitals).
type Fullness = (bool, usize, usize, bool);

/// Drop trailing words without letters from a person's name (`Serena Williams 6-2`).
fn trim_non_name_tail(s: &str) -> &str {
    let mut end = s.len();
    for (off, w) in surface::words(s).collect::<Vec<_>>().into_iter().rev() {
        if w.chars().any(char::is_alphabetic) || off == 0 {
            break;
        }
        end = s[..off].trim_end().len();
    }
    &s[..end]
}

/// Keep only entities whose label is in `keep`, renumbering mentions and entities.
fn filter_labels(all: Entities, keep: &[String]) -> Entities {
    let mut out = Entities::default();
    let mut new_mention: Vec<Option<usize>> = vec![None; all.mentions.len()];
    let mut new_entity: Vec<Option<usize>> = vec![None; all.entities.len()];
    let mut next = 0;
    for (e, ent) in all.entities.iter().enumerate() {
        if keep.iter().any(|l| **l == *ent.label) {
            new_entity[e] = Some(next);
            next += 1;
        }
    }
    for (i, m) in all.mentions.into_iter().enumerate() {
        if let Some(e) = new_entity[m.entity] {
            new_mention[i] = Some(out.mentions.len());
            out.mentions.push(Mention { entity: e, ..m });
        }
    }
    for (e, ent) in all.entities.into_iter().enumerate() {
        if new_entity[e].is_some() {
            out.entities.push(EntityGroup {
                mentions: ent
                    .mentions
                    .iter()
                    .filter_map(|&i| new_mention[i])
                    .collect(),
                ..ent
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trims_number_tail_of_person_names() {
        assert_eq!(trim_non_name_tail("Serena Williams 6-2"), "Serena Williams");
        assert_eq!(trim_non_name_tail("Louis XIV"), "Louis XIV");
        assert_eq!(trim_non_name_tail("2Pac"), "2Pac");
        assert_eq!(trim_non_name_tail("42"), "42");
    }

    #[test]
    fn fillers_are_not_names() {
        for t in ["Mm", "Mm mm mm", "Uh, um", "Hmm.", "Uh-huh"] {
            assert!(surface::is_filler(t), "{t}");
        }
        for t in ["Mme", "Mm Smith", "Ohio", "", "Uhuru"] {
            assert!(!surface::is_filler(t), "{t}");
        }
    }
}
