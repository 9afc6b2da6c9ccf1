//! The HTTP contract: request and response bodies with their OpenAPI schemas.
//!
//! Requests and response envelopes are defined here; the objects inside a response (mentions,
//! entities, quotes, spans) are the library's own output types, which carry their schemas
//! (`quoth`'s `schema` feature), so each concept has one type. Requests reject unknown fields
//! so typos fail loudly. All names are snake_case.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

pub use quoth::analysis::{
    EntityGroup, Gender, Mention, MentionKind, ModelInfo, Quote, Span, Speaker,
};
pub use quoth::offsets::OffsetUnit;
pub use quoth::quotes::{QuoteKind, SpeakerKind};
pub use quoth::{EntityOrder, MentionScope, Profile};

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
    /// The label as spaCy writes it (the strings the library filters on).
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
    /// Which models find the entities: `fast` (the service's model, spaCy-exact) or
    /// `accurate` (an ensemble, when the service has its models); default: the service's
    /// `--profile`. The response's `model.profile` says which was used.
    #[serde(default)]
    pub profile: Option<Profile>,
    /// `names` (default): name mentions only. `all`: also the pronoun and common-noun
    /// mentions coreference links to the entities (`kind` says which).
    #[serde(default)]
    pub mentions: MentionScope,
    /// `salience` (default): entities most salient first. `position`: in order of first
    /// mention.
    #[serde(default)]
    pub sort: EntityOrder,
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
    /// Which models find the entities: `fast` (the service's model, spaCy-exact) or
    /// `accurate` (an ensemble, when the service has its models); default: the service's
    /// `--profile`. The response's `model.profile` says which was used.
    #[serde(default)]
    pub profile: Option<Profile>,
    /// `names` (default): name mentions only. `all`: also the pronoun and common-noun
    /// mentions coreference links to the entities (`kind` says which).
    #[serde(default)]
    pub mentions: MentionScope,
    /// `salience` (default): entities most salient first. `position`: in order of first
    /// mention.
    #[serde(default)]
    pub sort: EntityOrder,
    /// Keep only quotes of these kinds (default: all): `["direct", "mixed"]` for quoted words
    /// only, without reported (indirect) speech.
    #[serde(default)]
    pub kinds: Option<Vec<QuoteKind>>,
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
    /// Which models find the entities: `fast` (the service's model, spaCy-exact) or
    /// `accurate` (an ensemble, when the service has its models); default: the service's
    /// `--profile`. The response's `model.profile` says which was used.
    #[serde(default)]
    pub profile: Option<Profile>,
    /// Keep only quotes of these kinds (default: all): `["direct", "mixed"]` for quoted words
    /// only, without reported (indirect) speech.
    #[serde(default)]
    pub kinds: Option<Vec<QuoteKind>>,
}

/// `POST /extract` response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ExtractResponse {
    /// The unit of all offsets in this response.
    pub offset_unit: OffsetUnit,
    /// Length of the request `text` in `offset_unit` (detects unit mix-ups).
    pub text_length: usize,
    /// The model that produced this.
    pub model: ModelInfo,
    /// Every entity mention, in text order (names; with `mentions: all` pronouns and common
    /// nouns too).
    pub mentions: Vec<Mention>,
    /// Mentions grouped per real-world entity, most salient first (or by first mention with
    /// `sort: position`).
    pub entities: Vec<EntityGroup>,
}

/// `POST /analyze` response: `/extract` plus quotes, from one parse, with shared indices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AnalyzeResponse {
    /// The unit of all offsets in this response.
    pub offset_unit: OffsetUnit,
    /// Length of the request `text` in `offset_unit`.
    pub text_length: usize,
    /// The model that produced this.
    pub model: ModelInfo,
    /// Every entity mention, in text order (names; with `mentions: all` pronouns and common
    /// nouns too).
    pub mentions: Vec<Mention>,
    /// Mentions grouped per real-world entity, most salient first (or by first mention with
    /// `sort: position`).
    pub entities: Vec<EntityGroup>,
    /// Quotes in text order; `speaker.entity` indexes `entities`, and each entity's `quotes`
    /// index this list.
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
    /// Quotes in text order; `speaker.entity` indexes the entities `/extract` would return
    /// with its defaults (salience order).
    pub quotes: Vec<Quote>,
}
