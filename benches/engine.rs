//! Criterion benchmarks: single-thread tokens/s of (a) tokenizer + NER and (b) the full
//! pipeline over the conformance corpus (`tests/corpus/corpus.jsonl`).
//!
//! `cargo bench --bench engine` (set `QUOTH_BENCH_DOCS=N` to use only the first N texts).
//! Throughput is reported in elements/s, where one element is one spaCy token.

use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use quoth::nlp::Pipeline;

fn corpus() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/corpus.jsonl");
    let data = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut texts: Vec<String> = data
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{path}: {e}")))
        .collect();
    if let Some(n) = std::env::var("QUOTH_BENCH_DOCS")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
    {
        texts.truncate(n);
    }
    texts
}

fn engine(c: &mut Criterion) {
    let model = Pipeline::default_model_path();
    let pipeline = Pipeline::load(&model)
        .unwrap_or_else(|e| panic!("cannot load model {}: {e}", model.display()));
    let texts = corpus();
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let tokens: usize = pipeline
        .analyze_batch(&texts)
        .iter()
        .map(|d| d.tokens.len())
        .sum();

    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Elements(tokens as u64));
    g.sample_size(10);
    g.warm_up_time(Duration::from_secs(1));
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("tokenizer_ner", |b| {
        b.iter(|| {
            texts
                .iter()
                .map(|t| {
                    std::hint::black_box(pipeline.analyze_ner_only(t))
                        .tokens
                        .len()
                })
                .sum::<usize>()
        })
    });
    g.bench_function("full_pipeline", |b| {
        b.iter(|| {
            texts
                .chunks(256)
                .map(|c| std::hint::black_box(pipeline.analyze_batch(c)).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
