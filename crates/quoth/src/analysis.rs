//! What an analysis returns: mentions, entities and quotes with offsets already in the unit the
//! caller asked for, and each span's text. These are the service's response objects too (with the
//! `schema` feature they carry their OpenAPI schemas), so the wire format is defined once.

use serde::{Deserialize, Serialize};

use crate::coref::ExtraMention;
use crate::entities::Entities;
use crate::offsets::{OffsetMap, OffsetUnit};
use crate::quotes;
use quoth_nlp::Doc;

/// Which model and service produced a response (store it with archived output).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct ModelInfo {
    /// spaCy pipeline name, e.g. `en_core_web_sm`.
    pub name: String,
    /// Pipeline version, e.g. `3.8.0`.
    pub version: String,
    /// This service and its version, e.g. `quoth 0.1.0`.
    pub service: String,
    /// The profile the entities were found with (`fast`: this model alone).
    pub profile: crate::analyzer::Profile,
}

/// How a mention refers to its entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MentionKind {
    /// A name (the NER's mentions; the only kind unless `mentions: all`).
    Proper,
    /// A common noun phrase linked by coreference (`the president`, `the company`).
    Common,
    /// A pronoun linked by coreference (`she`, `his`, a quoted speaker's `I`).
    Pronoun,
}

impl From<crate::coref::MentionKind> for MentionKind {
    fn from(k: crate::coref::MentionKind) -> Self {
        match k {
            crate::coref::MentionKind::Common => MentionKind::Common,
            crate::coref::MentionKind::Pronoun => MentionKind::Pronoun,
        }
    }
}

/// One entity mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Mention {
    /// Start offset (inclusive) in `offset_unit`.
    pub start: usize,
    /// End offset (exclusive) in `offset_unit`.
    pub end: usize,
    /// The mention's text, so clients can check `text[start:end] == mention.text`.
    pub text: String,
    /// OntoNotes label (PERSON, ORG, GPE, ...).
    pub label: String,
    /// Index of the sentence the mention is in.
    pub sentence: usize,
    /// Index into `entities`.
    pub entity: usize,
    /// `proper` for names; `pronoun` or `common` for the coreference mentions that
    /// `mentions: all` adds.
    pub kind: MentionKind,
}

/// One real-world entity: its mentions in this document grouped together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct EntityGroup {
    /// Canonical name: the fullest form among the mentions.
    pub name: String,
    /// The entity's label (mentions follow it unless `raw`).
    pub label: String,
    /// How much the text is about this entity, 0–1; the saliences of a response's entities
    /// sum to 1 (value entities such as DATE or MONEY included).
    #[cfg_attr(feature = "schema", schema(minimum = 0.0, maximum = 1.0))]
    pub salience: f32,
    /// Indices into `mentions`, in text order.
    pub mentions: Vec<usize>,
    /// Indices into `quotes` of the quotes this entity is the speaker of, in text order
    /// (`/analyze` only; absent where the response has no quotes).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quotes: Option<Vec<usize>>,
    /// What the text says this entity is where it is quoted (`speaker.description` of its
    /// quotes: "the mayor of Springfield", "White House spokeswoman"), each distinct text once,
    /// in text order (`/analyze` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub descriptions: Option<Vec<Span>>,
    /// A person's gender as the text itself states it: by the pronouns coreference links to
    /// the person (`he`, `she`) or an honorific on a name (`Mr.`, `Ms.`, `Mrs.`); `unknown`
    /// without such evidence, when it conflicts, and for every non-PERSON entity. Never
    /// guessed from a first name (`/analyze` only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gender: Option<Gender>,
}

/// A gender the text states (see [`EntityGroup::gender`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Gender {
    Female,
    Male,
    Unknown,
}

/// A piece of the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Span {
    /// Start offset (inclusive) in `offset_unit`.
    pub start: usize,
    /// End offset (exclusive) in `offset_unit`.
    pub end: usize,
    /// The span's text.
    pub text: String,
}

/// Who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Speaker {
    /// Start offset (inclusive) of the speaker as written at the attribution.
    pub start: usize,
    /// End offset (exclusive).
    pub end: usize,
    /// The speaker as written ("he", "Terry", "the White House").
    pub text: String,
    /// The resolved full name ("Sue Mi Terry"), when resolution succeeded.
    pub name: Option<String>,
    /// Label of the resolved entity, e.g. PERSON or ORG.
    pub label: Option<String>,
    /// Index into `entities` of the resolved entity (`/analyze` and `/extract` grouping).
    pub entity: Option<usize>,
    /// Whether the written speaker is a pronoun.
    pub pronoun: bool,
    /// How the speaker is referred to.
    pub kind: quotes::SpeakerKind,
    /// What the text says the speaker is, when it says: the appositive after the name
    /// ("a former CIA analyst") or the role words before it ("White House spokeswoman").
    pub description: Option<Span>,
}

/// One quote with its attribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct Quote {
    /// direct, mixed or indirect.
    pub kind: quotes::QuoteKind,
    /// The quoted content; several spans when the attribution interrupts the quote.
    pub content: Vec<Span>,
    /// For a mixed quote, the reported clause its quoted fragments sit in ("that the deal was
    /// “a disaster” for workers"): the attribution's whole content, for context. Null for
    /// direct quotes (the content is all quoted) and indirect ones (the content is the clause).
    pub clause: Option<Span>,
    /// The reporting verb or phrase ("said", "according to"), if any.
    pub cue: Option<Span>,
    /// The speaker, or null when none could be found (never guessed).
    pub speaker: Option<Speaker>,
    /// Which rule produced the quote (for debugging and regression triage).
    pub rule: quotes::Rule,
}

/// The analysis of one text: what `/analyze` returns, less the model information.
#[derive(Debug, Clone, PartialEq)]
pub struct Analysis {
    /// The profile the entities were found with.
    pub profile: crate::analyzer::Profile,
    /// The unit of every offset in this analysis.
    pub offset_unit: OffsetUnit,
    /// Length of the text in `offset_unit`.
    pub text_length: usize,
    /// Tokens the engine produced (for metrics).
    pub tokens: usize,
    /// Every entity mention, in text order (empty when entities were not asked for): names,
    /// plus pronouns and common nouns with [`crate::analyzer::MentionScope::All`].
    pub mentions: Vec<Mention>,
    /// Mentions grouped per real-world entity (empty when entities were not asked for), most
    /// salient first unless [`crate::analyzer::EntityOrder::Position`] asked for first-mention
    /// order.
    pub entities: Vec<EntityGroup>,
    /// Quotes in text order (empty when quotes were not asked for); `speaker.entity` indexes
    /// the entities of the same grouping, in the same order.
    pub quotes: Vec<Quote>,
}

/// Turns byte offsets of one document into output spans.
pub(crate) struct SpanWriter<'a> {
    text: &'a str,
    map: OffsetMap,
}

impl<'a> SpanWriter<'a> {
    pub(crate) fn new(text: &'a str, unit: OffsetUnit) -> Self {
        SpanWriter {
            text,
            map: OffsetMap::new(text, unit),
        }
    }

    pub(crate) fn text_length(&self) -> usize {
        self.map.text_length()
    }

    /// `[start, end)` in the output unit and the covered text (empty, never a panic, when the
    /// byte range is not on character boundaries).
    fn span(&self, start: usize, end: usize) -> Span {
        let (s, e) = self.map.range(start, end);
        Span {
            start: s,
            end: e,
            text: self.text.get(start..end).unwrap_or_default().to_string(),
        }
    }

    /// The mentions and entities of `ents` for output. `order[j]` is the grouping's entity
    /// shown at position `j`, `salience[e]` entity `e`'s share; `extra` (coreference mentions)
    /// join the names in text order; `quotes` (when the output has quotes) give each entity
    /// its quotes and descriptions.
    pub(crate) fn entities(
        &self,
        doc: &Doc,
        ents: &Entities,
        view: &EntityView<'_>,
    ) -> (Vec<Mention>, Vec<EntityGroup>) {
        let mut rank = vec![usize::MAX; ents.entities.len()];
        for (j, &e) in view.order.iter().enumerate() {
            rank[e] = j;
        }
        // (byte start, byte end, entity in the grouping, kind, sentence, label)
        let mut all: Vec<(usize, usize, usize, MentionKind, usize, &str)> = ents
            .mentions
            .iter()
            .filter(|m| m.entity < rank.len())
            .map(|m| {
                (
                    m.start,
                    m.end,
                    m.entity,
                    MentionKind::Proper,
                    m.sentence,
                    &*m.label,
                )
            })
            .collect();
        for x in view.extra.iter().filter(|x| x.entity < rank.len()) {
            all.push((
                x.start,
                x.end,
                x.entity,
                x.kind.into(),
                sentence_of(doc, x.start_token),
                &*ents.entities[x.entity].label,
            ));
        }
        if !view.extra.is_empty() {
            all.sort_by_key(|&(s, e, ..)| (s, e));
        }
        let mut groups: Vec<EntityGroup> = view
            .order
            .iter()
            .map(|&e| {
                let g = &ents.entities[e];
                EntityGroup {
                    name: g.name.clone(),
                    label: g.label.to_string(),
                    salience: view.salience.get(e).copied().unwrap_or(0.0),
                    mentions: Vec::with_capacity(g.mentions.len()),
                    quotes: view.quotes.map(|_| Vec::new()),
                    descriptions: view.quotes.map(|_| Vec::new()),
                    gender: view.quotes.map(|_| gender(doc, ents, e, view.coref)),
                }
            })
            .collect();
        let mentions = all
            .into_iter()
            .enumerate()
            .map(|(i, (start, end, e, kind, sentence, label))| {
                let span = self.span(start, end);
                groups[rank[e]].mentions.push(i);
                Mention {
                    start: span.start,
                    end: span.end,
                    text: span.text,
                    label: label.to_string(),
                    sentence,
                    entity: rank[e],
                    kind,
                }
            })
            .collect();
        if let Some(quotes) = view.quotes {
            for (qi, q) in quotes.iter().enumerate() {
                let Some(sp) = &q.speaker else { continue };
                let Some(g) = sp.entity.and_then(|e| rank.get(e)).map(|&j| &mut groups[j]) else {
                    continue;
                };
                if let Some(list) = g.quotes.as_mut() {
                    list.push(qi);
                }
                if let (Some(d), Some(list)) = (sp.description, g.descriptions.as_mut()) {
                    let span = self.span(d.start, d.end);
                    if !list.iter().any(|x: &Span| x.text == span.text) {
                        list.push(span);
                    }
                }
            }
        }
        (mentions, groups)
    }

    /// The library's quotes for output, speakers' entities renumbered by `rank` (the output
    /// position of each grouping entity).
    pub(crate) fn quotes(&self, quotes: &[quotes::Quote], rank: &[usize]) -> Vec<Quote> {
        let out = |s: quotes::Span| self.span(s.start, s.end);
        quotes
            .iter()
            .map(|q| Quote {
                kind: q.kind,
                content: q.content.iter().map(|&s| out(s)).collect(),
                clause: q.clause.map(out),
                cue: q.cue.map(out),
                speaker: q.speaker.as_ref().map(|sp| {
                    let span = out(sp.span);
                    Speaker {
                        start: span.start,
                        end: span.end,
                        text: span.text,
                        name: sp.name.clone(),
                        label: sp.label.as_ref().map(|l| l.to_string()),
                        entity: sp.entity.and_then(|e| rank.get(e).copied()),
                        pronoun: sp.pronoun,
                        kind: sp.kind,
                        description: sp.description.map(out),
                    }
                }),
                rule: q.rule,
            })
            .collect()
    }
}

/// What [`SpanWriter::entities`] shows of a grouping.
pub(crate) struct EntityView<'a> {
    /// Grouping entity indices in output order.
    pub order: &'a [usize],
    /// Salience per grouping entity.
    pub salience: &'a [f32],
    /// Coreference mentions to list (empty for names only).
    pub extra: &'a [ExtraMention],
    /// Every coreference mention (the evidence for [`EntityGroup::gender`]).
    pub coref: &'a [ExtraMention],
    /// The document's quotes, when the output lists them.
    pub quotes: Option<&'a [quotes::Quote]>,
}

/// The gender the text gives grouping entity `e`: the third-person pronouns coreference
/// linked to it and the honorifics on its names, when they agree; only for PERSON.
fn gender(doc: &Doc, ents: &Entities, e: usize, coref: &[ExtraMention]) -> Gender {
    if &*ents.entities[e].label != "PERSON" {
        return Gender::Unknown;
    }
    let (mut male, mut female) = (false, false);
    for x in coref.iter().filter(|x| x.entity == e) {
        if x.end_token == x.start_token + 1 {
            match doc.token_text(x.start_token).to_lowercase().as_str() {
                "he" | "him" | "his" | "himself" => male = true,
                "she" | "her" | "hers" | "herself" => female = true,
                _ => {}
            }
        }
    }
    for &m in &ents.entities[e].mentions {
        let Some(m) = ents.mentions.get(m) else {
            continue;
        };
        // The honorific leads the name (`Mr. Smith`) or stands just before it.
        let before = m.start_token.checked_sub(1);
        for k in std::iter::once(m.start_token).chain(before) {
            match doc
                .token_text(k)
                .trim_end_matches('.')
                .to_lowercase()
                .as_str()
            {
                "mr" => male = true,
                "ms" | "mrs" | "miss" => female = true,
                _ => {}
            }
        }
    }
    match (male, female) {
        (true, false) => Gender::Male,
        (false, true) => Gender::Female,
        _ => Gender::Unknown,
    }
}

/// Index of the sentence holding token `k` (0 when the document has no sentences).
fn sentence_of(doc: &Doc, k: usize) -> usize {
    doc.sentences
        .partition_point(|s| s.end_token <= k)
        .min(doc.sentences.len().saturating_sub(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_never_panic_on_bad_ranges() {
        let w = SpanWriter::new("é and 😀", OffsetUnit::Utf16);
        assert_eq!(w.span(0, 1).text, "");
        assert_eq!(w.span(3, 99).text, "");
        let s = w.span(7, 11);
        assert_eq!((s.start, s.end, s.text.as_str()), (6, 8, "😀"));
        assert_eq!(w.text_length(), 8);
    }
}
