//! Throughput of the neural layers on one thread: shared tok2vec, and the NER's own tok2vec
//! plus its projection/precompute, over synthetic documents (hash ids do not change the cost).
//!
//! `QUOTH_MODEL=<model dir> cargo run --release --no-default-features --example neural_throughput [n_docs] [doc_len]`

use std::time::Instant;

use quoth::nlp::attrs::LexFeatures;
use quoth::nlp::layers::{ParserModel, Tok2Vec, Tok2VecScratch};
use quoth::nlp::model::ThincModel;
use quoth::nlp::transition::StateScorer;
use quoth::nlp::Pipeline;

fn synthetic_docs(n_docs: usize, doc_len: usize) -> Vec<Vec<LexFeatures>> {
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    (0..n_docs)
        .map(|d| {
            // vary lengths around doc_len like real sentences
            let len = doc_len / 2 + d % doc_len.max(1);
            (0..len)
                .map(|_| LexFeatures {
                    orth: next(),
                    lower: next(),
                    norm: next(),
                    prefix: next(),
                    suffix: next(),
                    shape: next(),
                    is_space: false,
                    spacy: true,
                })
                .collect()
        })
        .collect()
}

/// On-CPU time of this process in seconds (Linux `/proc/self/schedstat`), to see past other
/// jobs competing for the cores; `None` elsewhere.
fn cpu_seconds() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/schedstat").ok()?;
    let ns: f64 = s.split_whitespace().next()?.parse().ok()?;
    Some(ns / 1e9)
}

/// Wall and CPU seconds of `f`.
fn timed(mut f: impl FnMut()) -> (f64, f64) {
    let c = cpu_seconds();
    let t = Instant::now();
    f();
    let wall = t.elapsed().as_secs_f64();
    let cpu = match (c, cpu_seconds()) {
        (Some(a), Some(b)) => b - a,
        _ => wall,
    };
    (wall, cpu)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n_docs = args.first().copied().unwrap_or(2000);
    let doc_len = args.get(1).copied().unwrap_or(20);
    let dir = Pipeline::default_model_path();
    let t2v = Tok2Vec::from_model(&ThincModel::read(&dir.join("tok2vec/model"))?, None)?;
    let ner = ParserModel::from_model(&ThincModel::read(&dir.join("ner/model"))?, None)?;
    let ner_t2v = ner.tok2vec().ok_or("ner model without tok2vec")?;
    let docs = synthetic_docs(n_docs, doc_len);
    let n_tokens: usize = docs.iter().map(Vec::len).sum();
    let mut scratch = Tok2VecScratch::default();
    let mut out = Vec::new();
    let mut step = ner.step();
    let parser = ParserModel::from_model(&ThincModel::read(&dir.join("parser/model"))?, None)?;
    let mut pstep = parser.step();
    let mut scores = vec![0.0f32; parser.n_classes()];

    for round in 0..3 {
        let shared = timed(|| {
            for d in &docs {
                t2v.forward(d, &mut scratch, &mut out);
            }
        });
        let ner_time = timed(|| {
            for d in &docs {
                ner_t2v.forward(d, &mut scratch, &mut out);
                step.prepare(&out, d.len());
            }
        });
        // Parser head: precompute + 2n greedy steps per document (feature ids cycle through
        // the document; the cost does not depend on which tokens they are).
        let mut n_steps = 0usize;
        let parse = timed(|| {
            for d in &docs {
                t2v.forward(d, &mut scratch, &mut out);
                pstep.prepare(&out, d.len());
                let n = d.len() as i32;
                for s in 0..2 * n {
                    let ids: [i32; 8] = std::array::from_fn(|f| (s + f as i32) % (n + 1) - 1);
                    pstep.score(&ids, &mut scores);
                    n_steps += 1;
                }
            }
        });
        let batched = timed(|| {
            for chunk in docs.chunks(256) {
                let refs: Vec<&[LexFeatures]> = chunk.iter().map(Vec::as_slice).collect();
                t2v.forward_batch(&refs, &mut scratch, &mut out);
                ner_t2v.forward_batch(&refs, &mut scratch, &mut out);
            }
        });
        let rate = |s: f64| n_tokens as f64 / s;
        println!(
            "round {round}: {n_docs} docs, {n_tokens} tokens (tokens/s by wall | by CPU time)"
        );
        println!(
            "  shared tok2vec, per doc:              {:>8.0} | {:>8.0}",
            rate(shared.0),
            rate(shared.1)
        );
        println!(
            "  NER tok2vec+proj+precompute, per doc: {:>8.0} | {:>8.0}",
            rate(ner_time.0),
            rate(ner_time.1)
        );
        println!(
            "  both CNNs, per doc:                   {:>8.0} | {:>8.0}",
            rate(shared.0 + ner_time.0),
            rate(shared.1 + ner_time.1)
        );
        println!(
            "  shared tok2vec + parser precompute + 2n steps ({n_steps} steps): {:>8.0} | {:>8.0}",
            rate(parse.0),
            rate(parse.1)
        );
        println!(
            "  both CNNs, batches of 256 docs:       {:>8.0} | {:>8.0}",
            rate(batched.0),
            rate(batched.1)
        );
    }
    Ok(())
}
