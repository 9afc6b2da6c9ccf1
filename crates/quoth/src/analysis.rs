//! What an analysis returns: mentions, entities and quotes with offsets already in the unit the
//! caller asked for, and each span's text. These are the service's response objects too (with the
//! `schema` feature they carry their OpenAPI schemas), so the wire format is defined once.

use serde::{Deserialize, Serialize};

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
}

/// One real-world entity: its mentions in this document grouped together.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
pub struct EntityGroup {
    /// Canonical name: the fullest form among the mentions.
    pub name: String,
    /// The entity's label (mentions follow it unless `raw`).
    pub label: String,
    /// Indices into `mentions`, in text order.
    pub mentions: Vec<usize>,
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
    /// The reporting verb or phrase ("said", "according to"), if any.
    pub cue: Option<Span>,
    /// The speaker, or null when none could be found (never guessed).
    pub speaker: Option<Speaker>,
    /// Which rule produced the quote (for debugging and regression triage).
    pub rule: quotes::Rule,
}

/// The analysis of one text: what `/analyze` returns, less the model information.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Analysis {
    /// The profile the entities were found with.
    pub profile: crate::analyzer::Profile,
    /// The unit of every offset in this analysis.
    pub offset_unit: OffsetUnit,
    /// Length of the text in `offset_unit`.
    pub text_length: usize,
    /// Tokens the engine produced (for metrics).
    pub tokens: usize,
    /// Every entity mention, in text order (empty when entities were not asked for).
    pub mentions: Vec<Mention>,
    /// Mentions grouped per real-world entity (empty when entities were not asked for).
    pub entities: Vec<EntityGroup>,
    /// Quotes in text order (empty when quotes were not asked for); `speaker.entity` indexes
    /// the entities of the same grouping.
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

    pub(crate) fn mentions(&self, ents: &Entities) -> (Vec<Mention>, Vec<EntityGroup>) {
        let mentions = ents
            .mentions
            .iter()
            .map(|m| {
                let span = self.span(m.start, m.end);
                Mention {
                    start: span.start,
                    end: span.end,
                    text: span.text,
                    label: m.label.to_string(),
                    sentence: m.sentence,
                    entity: m.entity,
                }
            })
            .collect();
        let entities = ents
            .entities
            .iter()
            .map(|e| EntityGroup {
                name: e.name.clone(),
                label: e.label.to_string(),
                mentions: e.mentions.clone(),
            })
            .collect();
        (mentions, entities)
    }

    pub(crate) fn quotes(&self, doc: &Doc, ents: &Entities) -> Vec<Quote> {
        let out = |s: quotes::Span| self.span(s.start, s.end);
        quotes::extract_quotes(doc, ents)
            .into_iter()
            .map(|q| Quote {
                kind: q.kind,
                content: q.content.iter().map(|&s| out(s)).collect(),
                cue: q.cue.map(out),
                speaker: q.speaker.map(|sp| {
                    let span = out(sp.span);
                    Speaker {
                        start: span.start,
                        end: span.end,
                        text: span.text,
                        name: sp.name,
                        label: sp.label.map(|l| l.to_string()),
                        entity: sp.entity,
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
