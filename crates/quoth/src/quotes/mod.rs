//! Quotes and their speakers: direct, mixed (partial) and indirect quotes, cues and speaker
//! resolution, over the engine's tokens, parse and entities.
//!
//! Pipeline, one pass each, all linear in the document:
//! 1. [`marks`]: pair quotation marks in the original text (robust to stray marks, multi-paragraph
//!    quotes);
//! 2. [`attribution`]: classify each quoted span (utterance or fragment), find its cue and the
//!    speaker token from the dependency parse, merge interrupted quotes, find indirect speech;
//! 3. [`speakers`]: resolve pronouns, surnames, titles and organisation nouns to names and to
//!    the grouped entities of [`crate::entities`].

mod attitude;
mod attribution;
mod context;
mod describe;
mod fallback;
mod learned;
mod learned_cues;
mod lexicon;
pub mod marks;
mod outer;
mod speakers;
mod transcript;

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::entities::Entities;
use quoth_nlp::Doc;

/// A byte range into the document text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    /// The covered text (empty if the range is not valid for `text`).
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        text.get(self.start..self.end).unwrap_or("")
    }
}

/// Kind of a quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
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

/// Which rule produced a quote (serialised as its snake_case id, e.g. `quote_cue_speaker`), for
/// debugging and regression triage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Marks with a cue verb and its subject next to them (`"…," she said`).
    QuoteCueSpeaker,
    /// Marks with a cue found in the window around them, speaker from the cue's subject.
    QuoteWindowCue,
    /// A quote continuing the previous one (next paragraph or sentence, same speaker).
    Continuation,
    /// Marks nobody is said to have said (kept; speaker null).
    Unattributed,
    /// `X said:` followed by the quote.
    ColonSubject,
    /// A quoted fragment inside reported speech (`called the talks "good"`).
    PartialInReportedSpeech,
    /// Indirect speech: a speech verb's subject and its clausal complement.
    SubjectVerbCcomp,
    /// `according to X, …`.
    AccordingTo,
    /// Indirect attribution of a belief, perception or intention (`X thinks that …`, `X wants to …`).
    AttitudeCue,
    /// A source named before a colon that opens the quote (`In a statement, X wrote:`).
    ColonSource,
    /// A quoted fragment inside an attributed clause; takes the clause's source.
    PartialInClause,
    /// A quote whose source is named by a cue in the sentence before (`X says. "…"`).
    PreviousSentenceCue,
    /// Marks followed by a trailing attribution clause (`"…" X said in a statement`).
    QuoteTrailingClause,
    /// A transcript turn: a paragraph opened by a speaker label in capitals and a colon
    /// (`"PENCE: Well, look, …`).
    Transcript,
}

impl Rule {
    /// The rule's id as the API reports it.
    pub fn as_str(self) -> &'static str {
        match self {
            Rule::QuoteCueSpeaker => "quote_cue_speaker",
            Rule::QuoteWindowCue => "quote_window_cue",
            Rule::Continuation => "continuation",
            Rule::Unattributed => "unattributed",
            Rule::ColonSubject => "colon_subject",
            Rule::PartialInReportedSpeech => "partial_in_reported_speech",
            Rule::SubjectVerbCcomp => "subject_verb_ccomp",
            Rule::AccordingTo => "according_to",
            Rule::AttitudeCue => "attitude_cue",
            Rule::ColonSource => "colon_source",
            Rule::PartialInClause => "partial_in_clause",
            Rule::PreviousSentenceCue => "previous_sentence_cue",
            Rule::QuoteTrailingClause => "quote_trailing_clause",
            Rule::Transcript => "transcript",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Rule {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Who said it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Speaker {
    /// Where the speaker is mentioned for this quote (the pronoun, surname, phrase…).
    pub span: Span,
    /// Index into [`Entities::entities`] of the resolved entity, when grouping linked it.
    pub entity: Option<usize>,
    /// The resolved name (`Sue Mi Terry` for `she`), or `None` when it could not be resolved.
    pub name: Option<String>,
    /// Entity label of the resolved mention (`PERSON`, `ORG`), when there is one.
    pub label: Option<Arc<str>>,
    /// Whether the speaker mention is a pronoun.
    pub pronoun: bool,
    /// How the speaker is referred to.
    pub kind: SpeakerKind,
    /// What the text says the speaker is, where the speaker is named: an appositive (`a former
    /// CIA analyst` in `Sue Mi Terry, a former CIA analyst, said`) or the role words before
    /// the name (`White House spokeswoman` in `White House spokeswoman Sarah Sanders`).
    pub description: Option<Span>,
}

/// One quote: its content span(s), cue and speaker, and the rule that found it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quote {
    pub kind: QuoteKind,
    /// Content spans in text order: several when the attribution interrupts the quote or the
    /// quote runs over several paragraphs. Direct and mixed spans include their marks.
    pub content: Vec<Span>,
    /// For a mixed quote, the reported clause its fragments sit in (`that the deal was “a
    /// disaster” for workers`): the attribution's whole content. `None` otherwise.
    pub clause: Option<Span>,
    /// The reporting verb or phrase (`said`, `according to`, `was quoted as saying`).
    pub cue: Option<Span>,
    /// `None` when no speaker can be found (rather than a guess).
    pub speaker: Option<Speaker>,
    /// Which rule produced the quote, for debugging.
    pub rule: Rule,
}

/// Extract the quotes of `doc`, in text order. `entities` is the document's grouping (may be
/// empty); speakers link to it when it covers their mention.
pub fn extract_quotes(doc: &Doc, entities: &Entities) -> Vec<Quote> {
    let mut marks = Vec::new();
    marks::scan(&doc.text, &mut marks);
    let ctx = context::Ctx::new(doc, &marks);
    let raws = attribution::attribute(&ctx, &marks);
    let resolver = speakers::Resolver::new(&ctx, entities);
    let mut out: Vec<Quote> = Vec::with_capacity(raws.len());
    let mut last_speaker: Option<Speaker> = None;
    for r in raws {
        let speaker = if r.inherit {
            last_speaker.clone()
        } else {
            r.speaker.and_then(|s| {
                let mut sp = resolver.resolve(s)?;
                sp.description = describe::description(&ctx, sp.span);
                sp.name = sp.name.map(describe::headline_name);
                // `Ann Lee, who said …`: the source is mentioned as `who`, named as Ann Lee.
                let relative = r
                    .cue_token
                    .and_then(|v| attribution::relative_mention(&ctx, v, s));
                if let Some(w) = relative {
                    let (start, end) = ctx.bytes(w, w);
                    sp.span = Span { start, end };
                    sp.pronoun = true;
                }
                Some(sp)
            })
        };
        if speaker.is_some() {
            last_speaker.clone_from(&speaker);
        }
        out.push(Quote {
            kind: r.kind,
            content: r
                .content
                .iter()
                .map(|&(start, end)| Span { start, end })
                .collect(),
            clause: r
                .cue_token
                .filter(|_| r.kind == QuoteKind::Mixed)
                .and_then(|v| attribution::reported_clause(&ctx, v, &r.content))
                .map(|(start, end)| Span { start, end }),
            cue: r.cue.map(|(start, end)| Span { start, end }),
            speaker,
            rule: r.rule,
        });
    }
    let turns = transcript::quotes(&doc.text, entities);
    if !turns.is_empty() {
        // A transcript's turns replace whatever the marks gave over the same paragraphs. Turns
        // are in text order and do not overlap: one binary search per span.
        let regions: Vec<(usize, usize)> = turns
            .iter()
            .filter_map(|t| Some((t.speaker.as_ref()?.span.start, t.content.last()?.end)))
            .collect();
        let covered = |s: &Span| {
            let i = regions.partition_point(|r| r.1 <= s.start);
            regions.get(i).is_some_and(|r| r.0 < s.end)
        };
        out.retain(|q| !q.content.iter().any(covered));
        out.extend(turns);
    }
    out.sort_by_key(|q| q.content.first().map_or(0, |s| s.start));
    out
}
