//! The HTTP contract: request and response bodies with their OpenAPI schemas.
//!
//! These types are the only place the wire format is defined; the library types stay free of
//! `utoipa`. Requests reject unknown fields so typos fail loudly. All names are snake_case.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use quoth::offsets;

/// Unit of every `start`/`end`/`text_length` in a response. Offsets are half-open
/// `[start, end)` and refer to `text` exactly as received (after JSON decoding).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OffsetUnit {
    /// Unicode code points: Python `str` indices, spaCy's `start_char` (default).
    #[default]
    CodePoint,
    /// UTF-16 code units: JavaScript/Java string indices.
    Utf16,
    /// UTF-8 bytes.
    Utf8,
}

impl From<OffsetUnit> for offsets::OffsetUnit {
    fn from(u: OffsetUnit) -> Self {
        match u {
            OffsetUnit::CodePoint => offsets::OffsetUnit::CodePoint,
            OffsetUnit::Utf16 => offsets::OffsetUnit::Utf16,
            OffsetUnit::Utf8 => offsets::OffsetUnit::Utf8,
        }
    }
}

impl From<offsets::OffsetUnit> for OffsetUnit {
    fn from(u: offsets::OffsetUnit) -> Self {
        match u {
            offsets::OffsetUnit::CodePoint => OffsetUnit::CodePoint,
            offsets::OffsetUnit::Utf16 => OffsetUnit::Utf16,
            offsets::OffsetUnit::Utf8 => OffsetUnit::Utf8,
        }
    }
}

/// spaCy's OntoNotes entity labels, verbatim.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Label {
    Person,
    Norp,
    Fac,
    Org,
    Gpe,
    Loc,
    Product,
    Event,
    WorkOfArt,
    Law,
    Language,
    Date,
    Time,
    Percent,
    Money,
    Quantity,
    Ordinal,
    Cardinal,
}

impl Label {
    /// The label as spaCy writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Person => "PERSON",
            Label::Norp => "NORP",
            Label::Fac => "FAC",
            Label::Org => "ORG",
            Label::Gpe => "GPE",
            Label::Loc => "LOC",
            Label::Product => "PRODUCT",
            Label::Event => "EVENT",
            Label::WorkOfArt => "WORK_OF_ART",
            Label::Law => "LAW",
            Label::Language => "LANGUAGE",
            Label::Date => "DATE",
            Label::Time => "TIME",
            Label::Percent => "PERCENT",
            Label::Money => "MONEY",
            Label::Quantity => "QUANTITY",
            Label::Ordinal => "ORDINAL",
            Label::Cardinal => "CARDINAL",
        }
    }
}

/// `POST /extract` request.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"text": "Ana Ruiz met Kim Jong Un in Hanoi. Ruiz said it went well.", "offset_unit": "utf16", "labels": ["PERSON", "GPE"]}))]
pub struct ExtractRequest {
    /// The text to analyse. Never normalised or truncated.
    pub text: String,
    /// Unit of the offsets in the response.
    #[serde(default)]
    pub offset_unit: OffsetUnit,
    /// Keep only mentions with these labels (default: all).
    #[serde(default)]
    pub labels: Option<Vec<Label>>,
    /// Return the engine's mentions unmodified (spaCy `doc.ents` exactly: no possessive
    /// trimming, no label unification); grouping still applies.
    #[serde(default)]
    pub raw: bool,
}

/// `POST /analyze` request: entities and quotes from one parse.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"text": "\u{201c}We will win,\u{201d} said Ana Ruiz, the mayor of Springfield.", "offset_unit": "code_point"}))]
pub struct AnalyzeRequest {
    /// The text to analyse. Never normalised or truncated.
    pub text: String,
    /// Unit of the offsets in the response.
    #[serde(default)]
    pub offset_unit: OffsetUnit,
    /// Keep only mentions with these labels (default: all). A quote whose speaker's entity
    /// is filtered out keeps its speaker span with `entity` null.
    #[serde(default)]
    pub labels: Option<Vec<Label>>,
    /// Return the engine's mentions unmodified (see `/extract`).
    #[serde(default)]
    pub raw: bool,
}

/// `POST /quotes` request.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(example = json!({"text": "\u{201c}We will win,\u{201d} said Ana Ruiz, the mayor of Springfield.", "offset_unit": "utf16"}))]
pub struct QuotesRequest {
    /// The text to analyse. Never normalised or truncated.
    pub text: String,
    /// Unit of the offsets in the response.
    #[serde(default)]
    pub offset_unit: OffsetUnit,
}

/// Which model and service produced a response (store it with archived output).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ModelInfo {
    /// spaCy pipeline name, e.g. `en_core_web_sm`.
    pub name: String,
    /// Pipeline version, e.g. `3.8.0`.
    pub version: String,
    /// This service and its version, e.g. `quoth 0.1.0`.
    pub service: String,
}

/// One entity mention.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct EntityGroup {
    /// Canonical name: the fullest form among the mentions.
    pub name: String,
    /// The entity's label (mentions follow it unless `raw`).
    pub label: String,
    /// Indices into `mentions`, in text order.
    pub mentions: Vec<usize>,
}

/// A piece of the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Span {
    /// Start offset (inclusive) in `offset_unit`.
    pub start: usize,
    /// End offset (exclusive) in `offset_unit`.
    pub end: usize,
    /// The span's text.
    pub text: String,
}

/// Kind of a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// A full quoted utterance in quotation marks.
    Direct,
    /// A quoted fragment inside reported speech (`called the talks "good"`).
    Mixed,
    /// Reported speech without quotation marks (`X said that ...`, `according to X`).
    Indirect,
}

/// How the speaker is referred to at the attribution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SpeakerKind {
    /// A person's name as written (`Sue Mi Terry said`).
    Named,
    /// A shorter name, title or role resolved to a named person (`Terry`, `the spokesman`).
    Surname,
    /// A pronoun (`she said`).
    Pronoun,
    /// An organisation (`the White House said`).
    Organisation,
    /// An unnamed description (`a person familiar with the talks`).
    Description,
}

/// Who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
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
    pub kind: SpeakerKind,
}

/// One quote with its attribution.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Quote {
    /// direct, mixed or indirect.
    pub kind: QuoteKind,
    /// The quoted content; several spans when the attribution interrupts the quote.
    pub content: Vec<Span>,
    /// The reporting verb or phrase ("said", "according to"), if any.
    pub cue: Option<Span>,
    /// The speaker, or null when none could be found (never guessed).
    pub speaker: Option<Speaker>,
    /// Which rule produced the quote (for debugging and regression triage).
    pub rule: String,
}

/// `POST /extract` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ExtractResponse {
    /// The unit of all offsets in this response.
    pub offset_unit: OffsetUnit,
    /// Length of the request `text` in `offset_unit` (detects unit mix-ups).
    pub text_length: usize,
    /// The model that produced this.
    pub model: ModelInfo,
    /// Every entity mention, in text order.
    pub mentions: Vec<Mention>,
    /// Mentions grouped per real-world entity.
    pub entities: Vec<EntityGroup>,
}

/// `POST /analyze` response: `/extract` plus quotes, from one parse, with shared indices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AnalyzeResponse {
    /// The unit of all offsets in this response.
    pub offset_unit: OffsetUnit,
    /// Length of the request `text` in `offset_unit`.
    pub text_length: usize,
    /// The model that produced this.
    pub model: ModelInfo,
    /// Every entity mention, in text order.
    pub mentions: Vec<Mention>,
    /// Mentions grouped per real-world entity.
    pub entities: Vec<EntityGroup>,
    /// Quotes in text order; `speaker.entity` indexes `entities`.
    pub quotes: Vec<Quote>,
}

/// `POST /quotes` response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct QuotesResponse {
    /// The unit of all offsets in this response.
    pub offset_unit: OffsetUnit,
    /// Length of the request `text` in `offset_unit`.
    pub text_length: usize,
    /// The model that produced this.
    pub model: ModelInfo,
    /// Quotes in text order; `speaker.entity` indexes the entities `/extract` would return.
    pub quotes: Vec<Quote>,
}
