//! From a request to a response body and back: each request becomes the library's
//! [`Options`], each [`Analysis`] a response envelope. Shared by the HTTP handlers and the CLI,
//! so both print exactly the same JSON.

use quoth::{Analysis, EntityOrder, MentionScope, Options, Profile, Tasks};

use crate::dto::{
    AnalyzeRequest, AnalyzeResponse, ExtractRequest, ExtractResponse, Label, ModelInfo, OffsetUnit,
    QuotesRequest, QuotesResponse,
};
use crate::problem::{Problem, ProblemCode};

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

/// How the entities of a response are shown: which mentions, in which order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct View {
    pub mentions: MentionScope,
    pub sort: EntityOrder,
}

/// The library options for `tasks` (one mapping for the HTTP requests and the CLI). Quotes
/// alone take neither labels, raw nor a view, like `/quotes`.
pub fn options(
    tasks: Tasks,
    offset_unit: OffsetUnit,
    labels: Option<&[Label]>,
    raw: bool,
    profile: Profile,
    view: View,
) -> Options {
    let entities = tasks.entities;
    let view = if entities { view } else { View::default() };
    Options {
        offset_unit,
        labels: labels
            .filter(|_| entities)
            .map(|ls| ls.iter().map(|l| l.as_str().to_string()).collect()),
        raw: raw && entities,
        tasks,
        profile,
        mentions: view.mentions,
        sort: view.sort,
        quote_kinds: None,
    }
}

/// The library options for a `/extract` request.
pub fn extract_options(req: &ExtractRequest, default: Profile) -> Options {
    let profile = req.profile.unwrap_or(default);
    options(
        Tasks::ENTITIES,
        req.offset_unit,
        req.labels.as_deref(),
        req.raw,
        profile,
        View {
            mentions: req.mentions,
            sort: req.sort,
        },
    )
}

/// The library options for an `/analyze` request.
pub fn analyze_options(req: &AnalyzeRequest, default: Profile) -> Options {
    let profile = req.profile.unwrap_or(default);
    let mut o = options(
        Tasks::ALL,
        req.offset_unit,
        req.labels.as_deref(),
        req.raw,
        profile,
        View {
            mentions: req.mentions,
            sort: req.sort,
        },
    );
    o.quote_kinds.clone_from(&req.kinds);
    o
}

/// The library options for a `/quotes` request.
pub fn quotes_options(req: &QuotesRequest, default: Profile) -> Options {
    let profile = req.profile.unwrap_or(default);
    let mut o = options(
        Tasks::QUOTES,
        req.offset_unit,
        None,
        false,
        profile,
        View::default(),
    );
    o.quote_kinds.clone_from(&req.kinds);
    o
}

/// The `/extract` response for an analysis made with [`extract_options`].
pub fn extract_response(a: Analysis, model: &ModelInfo) -> ExtractResponse {
    ExtractResponse {
        offset_unit: a.offset_unit,
        text_length: a.text_length,
        model: ModelInfo {
            profile: a.profile,
            ..model.clone()
        },
        mentions: a.mentions,
        entities: a.entities,
    }
}

/// The `/analyze` response for an analysis made with [`analyze_options`].
pub fn analyze_response(a: Analysis, model: &ModelInfo) -> AnalyzeResponse {
    AnalyzeResponse {
        offset_unit: a.offset_unit,
        text_length: a.text_length,
        model: ModelInfo {
            profile: a.profile,
            ..model.clone()
        },
        mentions: a.mentions,
        entities: a.entities,
        quotes: a.quotes,
    }
}

/// The `/quotes` response for an analysis made with [`quotes_options`].
pub fn quotes_response(a: Analysis, model: &ModelInfo) -> QuotesResponse {
    QuotesResponse {
        offset_unit: a.offset_unit,
        text_length: a.text_length,
        model: ModelInfo {
            profile: a.profile,
            ..model.clone()
        },
        quotes: a.quotes,
    }
}

/// Count a finished analysis in the metrics.
pub fn count(a: &Analysis) {
    metrics::counter!("quoth_documents_total").increment(1);
    metrics::counter!("quoth_tokens_total").increment(a.tokens as u64);
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
}
