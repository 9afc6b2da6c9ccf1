//! Quotes of written sentences parsed by the native engine on the vendored model, for the
//! quote-form tests (`quotes_news_forms.rs`, `quotes_sources.rs`).
#![allow(dead_code)]

use std::sync::OnceLock;

use quoth::entities::{group_entities, GroupOptions};
use quoth::nlp::Pipeline;
use quoth::quotes::{extract_quotes, Quote};

/// The vendored pipeline, loaded once per test binary.
pub fn nlp() -> &'static Pipeline {
    static NLP: OnceLock<Pipeline> = OnceLock::new();
    NLP.get_or_init(|| Pipeline::load_default().expect("load the vendored model"))
}

/// The quotes of `text` with their content texts.
pub fn quotes(text: &str) -> Vec<(Quote, Vec<String>)> {
    let doc = nlp().analyze(text);
    let ents = group_entities(&doc, &GroupOptions::default());
    extract_quotes(&doc, &ents)
        .into_iter()
        .map(|q| {
            let c = q.content.iter().map(|s| s.text(text).to_string()).collect();
            (q, c)
        })
        .collect()
}

/// The single quote whose content contains `needle`.
pub fn quote_with(text: &str, needle: &str) -> Quote {
    let qs = quotes(text);
    let found: Vec<Quote> = qs
        .into_iter()
        .filter(|(_, c)| c.iter().any(|s| s.contains(needle)))
        .map(|(q, _)| q)
        .collect();
    assert_eq!(found.len(), 1, "{text}: quotes with {needle:?}: {found:?}");
    found.into_iter().next().expect("one quote")
}

/// The resolved name of a quote's speaker.
pub fn speaker_name(q: &Quote) -> Option<String> {
    q.speaker.as_ref().and_then(|s| s.name.clone())
}
