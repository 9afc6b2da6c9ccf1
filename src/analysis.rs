//! From a request to a response body: run the engine once, group entities, find quotes, and
//! convert byte offsets into the requested unit. Shared by the HTTP handlers and the CLI, so
//! both print exactly the same JSON.

use crate::dto::{
    AnalyzeRequest, AnalyzeResponse, EntityGroup, ExtractRequest, ExtractResponse, Label, Mention,
    ModelInfo, Quote, QuoteKind, QuotesRequest, QuotesResponse, Span, Speaker, SpeakerKind,
};
use crate::problem::{Problem, ProblemCode};
use quoth::entities::{group_entities, Entities, GroupOptions};
use quoth::nlp::{Doc, Pipeline};
use quoth::offsets::{OffsetMap, OffsetUnit as LibUnit};
use quoth::quotes;

/// Service name and version reported in every response.
pub const SERVICE: &str = concat!("quoth ", env!("CARGO_PKG_VERSION"));

/// Name and version of the loaded model.
pub fn model_info(pipeline: &Pipeline) -> ModelInfo {
    let meta = pipeline.meta();
    // meta.json stores `name` without the language prefix ("core_web_sm").
    let name = if meta.lang.is_empty() || meta.name.starts_with(&format!("{}_", meta.lang)) {
        meta.name.clone()
    } else {
        format!("{}_{}", meta.lang, meta.name)
    };
    ModelInfo {
        name,
        version: meta.version.clone(),
        service: SERVICE.to_string(),
    }
}

/// Refuse a text longer than `max_chars` code points (413 `text_too_long`, never truncated).
// A Problem is built at most once per failed request; boxing it would buy nothing.
#[allow(clippy::result_large_err)]
pub fn check_text_length(text: &str, max_chars: usize) -> Result<(), Problem> {
    // A text with at most `max_chars` bytes cannot have more code points; skip the count then.
    if text.len() <= max_chars {
        return Ok(());
    }
    let chars = text.chars().count();
    if chars <= max_chars {
        return Ok(());
    }
    Err(Problem::new(
        ProblemCode::TextTooLong,
        format!("text has {chars} code points; the limit is {max_chars}"),
    )
    .with_limit(max_chars as u64))
}

fn group_options(labels: &Option<Vec<Label>>, raw: bool) -> GroupOptions {
    GroupOptions {
        labels: labels
            .as_ref()
            .map(|ls| ls.iter().map(|l| l.as_str().to_string()).collect()),
        raw,
    }
}

fn run_engine(pipeline: &Pipeline, text: &str) -> Doc {
    let doc = pipeline.analyze(text);
    metrics::counter!("quoth_documents_total").increment(1);
    metrics::counter!("quoth_tokens_total").increment(doc.tokens.len() as u64);
    doc
}

/// Slice `text` without panicking on an offset that is not a character boundary.
fn slice(text: &str, start: usize, end: usize) -> String {
    text.get(start..end).unwrap_or_default().to_string()
}

fn mention_dtos(doc: &Doc, ents: &Entities, map: &OffsetMap) -> (Vec<Mention>, Vec<EntityGroup>) {
    let mentions = ents
        .mentions
        .iter()
        .map(|m| {
            let (start, end) = map.range(m.start, m.end);
            Mention {
                start,
                end,
                text: slice(&doc.text, m.start, m.end),
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

fn span_dto(text: &str, span: quotes::Span, map: &OffsetMap) -> Span {
    let (start, end) = map.range(span.start, span.end);
    Span {
        start,
        end,
        text: span.text(text).to_string(),
    }
}

fn quote_kind(kind: quotes::QuoteKind) -> QuoteKind {
    match kind {
        quotes::QuoteKind::Direct => QuoteKind::Direct,
        quotes::QuoteKind::Mixed => QuoteKind::Mixed,
        quotes::QuoteKind::Indirect => QuoteKind::Indirect,
    }
}

fn speaker_kind(kind: quotes::SpeakerKind) -> SpeakerKind {
    match kind {
        quotes::SpeakerKind::Named => SpeakerKind::Named,
        quotes::SpeakerKind::Surname => SpeakerKind::Surname,
        quotes::SpeakerKind::Pronoun => SpeakerKind::Pronoun,
        quotes::SpeakerKind::Organisation => SpeakerKind::Organisation,
        quotes::SpeakerKind::Description => SpeakerKind::Description,
    }
}

/// Quotes of the document as DTOs, offsets in the map's unit; `speaker.entity` indexes `ents`.
fn quote_dtos(doc: &Doc, ents: &Entities, map: &OffsetMap) -> Vec<Quote> {
    let text = doc.text.as_str();
    quotes::extract_quotes(doc, ents)
        .into_iter()
        .map(|q| Quote {
            kind: quote_kind(q.kind),
            content: q.content.iter().map(|&s| span_dto(text, s, map)).collect(),
            cue: q.cue.map(|s| span_dto(text, s, map)),
            speaker: q.speaker.map(|sp| {
                let span = span_dto(text, sp.span, map);
                Speaker {
                    start: span.start,
                    end: span.end,
                    text: span.text,
                    name: sp.name,
                    label: sp.label.map(|l| l.to_string()),
                    entity: sp.entity,
                    pronoun: sp.pronoun,
                    kind: speaker_kind(sp.kind),
                }
            }),
            rule: q.rule.to_string(),
        })
        .collect()
}

/// The `/extract` response for a request.
pub fn extract(pipeline: &Pipeline, req: &ExtractRequest) -> ExtractResponse {
    let doc = run_engine(pipeline, &req.text);
    let ents = group_entities(&doc, &group_options(&req.labels, req.raw));
    let map = OffsetMap::new(&doc.text, LibUnit::from(req.offset_unit));
    let (mentions, entities) = mention_dtos(&doc, &ents, &map);
    ExtractResponse {
        offset_unit: req.offset_unit,
        text_length: map.text_length(),
        model: model_info(pipeline),
        mentions,
        entities,
    }
}

/// The `/analyze` response for a request: one engine pass for entities and quotes.
pub fn analyze(pipeline: &Pipeline, req: &AnalyzeRequest) -> AnalyzeResponse {
    let doc = run_engine(pipeline, &req.text);
    let ents = group_entities(&doc, &group_options(&req.labels, req.raw));
    let map = OffsetMap::new(&doc.text, LibUnit::from(req.offset_unit));
    let (mentions, entities) = mention_dtos(&doc, &ents, &map);
    let quotes = quote_dtos(&doc, &ents, &map);
    AnalyzeResponse {
        offset_unit: req.offset_unit,
        text_length: map.text_length(),
        model: model_info(pipeline),
        mentions,
        entities,
        quotes,
    }
}

/// The `/quotes` response for a request.
pub fn quotes(pipeline: &Pipeline, req: &QuotesRequest) -> QuotesResponse {
    let doc = run_engine(pipeline, &req.text);
    let ents = group_entities(&doc, &GroupOptions::default());
    let map = OffsetMap::new(&doc.text, LibUnit::from(req.offset_unit));
    QuotesResponse {
        offset_unit: req.offset_unit,
        text_length: map.text_length(),
        model: model_info(pipeline),
        quotes: quote_dtos(&doc, &ents, &map),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_limit_counts_code_points_not_bytes() {
        // 3 emoji = 3 code points but 12 bytes.
        assert!(check_text_length("😀😀😀", 3).is_ok());
        let err = check_text_length("😀😀😀😀", 3).unwrap_err();
        assert_eq!(err.code, ProblemCode::TextTooLong);
        assert_eq!(err.limit, Some(3));
        assert!(check_text_length("", 1).is_ok());
    }

    #[test]
    fn slicing_never_panics() {
        assert_eq!(slice("é", 0, 1), "");
        assert_eq!(slice("abc", 1, 9), "");
        assert_eq!(slice("abc", 1, 2), "b");
    }
}
