//! Arbitrary bytes (as lossy UTF-8) through the whole pipeline (tokenizer, tok2vec, tagger,
//! parser, attribute_ruler, NER); checks the Doc's invariants: heads inside the document,
//! sentences partition the tokens in order, entities inside one sentence with offsets matching
//! their tokens in both units, every token tagged. Then the whole analysis on top (grouping,
//! span rules, quotes, coreference with every mention, salience) in the `accurate` profile (the
//! NER ensemble with the vendored pipelines): every mention and quote span inside the text, in
//! code points; saliences in 0..=1, summing to 1, most salient first; entity and quote indices
//! in range.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use quoth::nlp::{Doc, Pipeline};
use quoth::{Analyzer, AnalyzerConfig, MentionScope, Options, Profile, Tasks};

fn pipeline() -> &'static Pipeline {
    static NLP: OnceLock<Pipeline> = OnceLock::new();
    NLP.get_or_init(|| Pipeline::load_default().unwrap_or_else(|e| panic!("{e}")))
}

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| {
        let model = AnalyzerConfig::default().model;
        let accurate_models = AnalyzerConfig::vendored_accurate_models(&model);
        Analyzer::load(&AnalyzerConfig {
            accurate_models,
            ..AnalyzerConfig::default()
        })
        .unwrap_or_else(|e| panic!("{e}"))
    })
}

fn check_analysis(text: &str) {
    let options = Options {
        profile: Profile::Accurate,
        mentions: MentionScope::All,
        tasks: Tasks::ALL,
        ..Options::default()
    };
    let a = analyzer().analyze(text, &options);
    assert_eq!(a.profile, Profile::Accurate);
    let len = text.chars().count();
    for m in &a.mentions {
        assert!(
            m.start < m.end && m.end <= len,
            "mention {m:?} outside {len}"
        );
        assert!(m.entity < a.entities.len(), "mention of a missing entity");
    }
    let mut total = 0.0f32;
    let mut prev = f32::INFINITY;
    for e in &a.entities {
        assert!((0.0..=1.0).contains(&e.salience), "salience {}", e.salience);
        assert!(e.salience <= prev, "entities not most salient first");
        prev = e.salience;
        total += e.salience;
        assert!(e.mentions.iter().all(|&m| m < a.mentions.len()));
        let quotes = e.quotes.as_deref().unwrap_or(&[]);
        assert!(quotes.iter().all(|&q| q < a.quotes.len()));
    }
    assert!(
        a.entities.is_empty() || (total - 1.0).abs() < 1e-3,
        "saliences sum to {total}"
    );
    for q in &a.quotes {
        // A mixed quote's clause holds its quoted words; no other kind has one.
        if let (Some(c), Some(first), Some(last)) = (&q.clause, q.content.first(), q.content.last())
        {
            assert_eq!(q.kind, quoth::quotes::QuoteKind::Mixed, "clause on {q:?}");
            assert!(
                c.start <= first.end && last.start <= c.end,
                "clause apart from {q:?}"
            );
        }
        let spans = q
            .content
            .iter()
            .chain(&q.cue)
            .chain(&q.clause)
            .map(|s| (s.start, s.end));
        let speaker = q.speaker.as_ref().map(|s| (s.start, s.end));
        for (start, end) in spans.chain(speaker) {
            assert!(
                start <= end && end <= len,
                "quote span {start}..{end} outside {len}"
            );
        }
    }
}

fn check(doc: &Doc) {
    let n = doc.tokens.len();
    for (i, t) in doc.tokens.iter().enumerate() {
        assert!(t.head < n, "token {i}: head {} outside the doc", t.head);
        assert!(!t.tag.is_empty(), "token {i} untagged");
        assert!(!t.dep.is_empty(), "token {i} without dependency label");
        let chars = doc.text[..t.start].chars().count();
        assert_eq!(t.char_start, chars, "token {i}: code-point offset");
    }
    let mut next = 0;
    for s in &doc.sentences {
        assert_eq!(s.start_token, next, "sentences must be contiguous");
        assert!(s.start_token < s.end_token, "empty sentence");
        assert!(doc.tokens[s.start_token].is_sent_start);
        next = s.end_token;
    }
    assert_eq!(next, n, "sentences must cover every token");
    let mut prev_end = 0;
    for e in &doc.entities {
        assert!(e.start_token < e.end_token && e.end_token <= n);
        assert!(
            e.start_token >= prev_end,
            "entities overlap or are out of order"
        );
        prev_end = e.end_token;
        assert_eq!(e.start, doc.tokens[e.start_token].start);
        assert_eq!(e.end, doc.tokens[e.end_token - 1].end);
        assert_eq!(e.char_start, doc.tokens[e.start_token].char_start);
        assert!(
            (e.start_token + 1..e.end_token).all(|i| !doc.tokens[i].is_sent_start),
            "entity crosses a sentence start"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    check(&pipeline().analyze(&text));
    check_analysis(&text);
});
