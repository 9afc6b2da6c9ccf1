//! Single-thread throughput of the engine on the conformance corpus, for `scripts/bench_ratio.sh`.
//!
//! ```text
//! cargo run --release --example bench_engine -- [--corpus tests/corpus/corpus.jsonl]
//!     [--model DIR] [--repeats 5] [--modes ner,full[,accurate]] [--limit N] [--lexeme-cache N]
//! ```
//! Modes: `ner` = tokenizer + NER (`Pipeline::analyze_ner_only_batch`), `full` = the full
//! pipeline (`Pipeline::analyze_batch`), both over batches of 256 texts like spaCy's
//! `nlp.pipe(batch_size=256)`; `accurate` = the `accurate` profile's engine work (the model's
//! parse and the NER ensemble with the pipelines vendored beside the model, one text at a time).
//! After a warm-up over the first 300 texts each mode is timed `repeats` times over the whole
//! corpus. One machine-readable line per mode (same keys as `scripts/bench_spacy.py`):
//! `RESULT engine=quoth mode=ner docs=N tokens=T repeats=R median_s=S best_s=B tok_per_s=X`
//! followed by `cpu_median_s` and `tok_per_cpu_s` (process CPU time, steadier under load).

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use quoth::nlp::pipeline::ScoreCombine;
use quoth::nlp::Pipeline;

const BATCH: usize = 256;
const WARMUP_DOCS: usize = 300;

struct Args {
    corpus: PathBuf,
    model: PathBuf,
    repeats: usize,
    modes: Vec<String>,
    limit: usize,
    lexeme_cache: Option<usize>,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        corpus: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/corpus.jsonl"),
        model: Pipeline::default_model_path(),
        repeats: 5,
        modes: vec!["ner".into(), "full".into()],
        limit: 0,
        lexeme_cache: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--corpus" => a.corpus = PathBuf::from(value()?),
            "--model" => a.model = PathBuf::from(value()?),
            "--repeats" => a.repeats = value()?.parse().map_err(|e| format!("--repeats: {e}"))?,
            "--limit" => a.limit = value()?.parse().map_err(|e| format!("--limit: {e}"))?,
            "--lexeme-cache" => {
                a.lexeme_cache = Some(
                    value()?
                        .parse()
                        .map_err(|e| format!("--lexeme-cache: {e}"))?,
                )
            }
            "--modes" => a.modes = value()?.split(',').map(str::to_string).collect(),
            _ => return Err(format!("unknown argument {flag}")),
        }
    }
    if a.repeats == 0 {
        return Err("--repeats must be at least 1".into());
    }
    Ok(a)
}

fn read_corpus(path: &PathBuf, limit: usize) -> Result<Vec<String>, String> {
    let data = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut texts = Vec::new();
    for (n, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let t: String =
            serde_json::from_str(line).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        texts.push(t);
    }
    if limit > 0 {
        texts.truncate(limit);
    }
    Ok(texts)
}

/// CPU time (user + system) of this process in seconds, from `/proc/self/stat` (clock ticks
/// of 10 ms); `None` where that file is unavailable. On a loaded machine CPU time is a far
/// steadier measure than wall time.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let mut f = rest.split_whitespace().skip(11);
    let utime: f64 = f.next()?.parse().ok()?;
    let stime: f64 = f.next()?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Run one pass of `mode` over `texts`; returns the number of tokens produced. `extra` are the
/// `accurate` profile's pipelines (mode `accurate`: the model's parse with the NER ensemble of
/// the model and `extra` weighted by [`quoth::analyzer::accurate_weights`], one text at a
/// time, as the service runs it).
fn pass(p: &Pipeline, extra: &[Pipeline], mode: &str, texts: &[&str]) -> usize {
    match mode {
        "accurate" => {
            let members: Vec<_> = std::iter::once(p)
                .chain(extra)
                .enumerate()
                .map(|(i, m)| (m, quoth::analyzer::accurate_weights(i)))
                .collect();
            texts
                .iter()
                .map(|t| {
                    std::hint::black_box(p.analyze_ensemble(&members, t, ScoreCombine::Logits))
                        .tokens
                        .len()
                })
                .sum()
        }
        "ner" => texts
            .chunks(BATCH)
            .map(|c| {
                std::hint::black_box(p.analyze_ner_only_batch(c))
                    .iter()
                    .map(|d| d.tokens.len())
                    .sum::<usize>()
            })
            .sum(),
        _ => texts
            .chunks(BATCH)
            .map(|c| {
                std::hint::black_box(p.analyze_batch(c))
                    .iter()
                    .map(|d| d.tokens.len())
                    .sum::<usize>()
            })
            .sum(),
    }
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("bench_engine: {e}");
            return ExitCode::from(2);
        }
    };
    let texts = match read_corpus(&args.corpus, args.limit) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("bench_engine: {e}");
            return ExitCode::FAILURE;
        }
    };
    let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
    let pipeline = match Pipeline::load(&args.model) {
        Ok(mut p) => {
            if let Some(n) = args.lexeme_cache {
                p.set_lexeme_cache(n);
            }
            p
        }
        Err(e) => {
            eprintln!("bench_engine: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!(
        "# quoth, model {}, {} texts",
        args.model.display(),
        texts.len()
    );
    let mut extra = Vec::new();
    if args.modes.iter().any(|m| m == "accurate") {
        for path in quoth::AnalyzerConfig::vendored_accurate_models(&args.model) {
            match Pipeline::load(&path) {
                Ok(mut p) => {
                    if let Some(n) = args.lexeme_cache {
                        p.set_lexeme_cache(n);
                    }
                    println!("# accurate profile: + {}", path.display());
                    extra.push(p);
                }
                Err(e) => {
                    eprintln!("bench_engine: {e}");
                    return ExitCode::FAILURE;
                }
            }
        }
    }
    for mode in &args.modes {
        if !matches!(mode.as_str(), "ner" | "full" | "accurate") {
            eprintln!("bench_engine: unknown mode {mode} (ner, full, accurate)");
            return ExitCode::from(2);
        }
        pass(
            &pipeline,
            &extra,
            mode,
            &texts[..texts.len().min(WARMUP_DOCS)],
        );
        let mut times = Vec::with_capacity(args.repeats);
        let mut cpu_times = Vec::with_capacity(args.repeats);
        let mut tokens = 0;
        for _ in 0..args.repeats {
            let c0 = cpu_seconds();
            let t0 = Instant::now();
            tokens = pass(&pipeline, &extra, mode, &texts);
            times.push(t0.elapsed().as_secs_f64());
            if let (Some(a), Some(b)) = (c0, cpu_seconds()) {
                cpu_times.push(b - a);
            }
        }
        times.sort_by(f64::total_cmp);
        cpu_times.sort_by(f64::total_cmp);
        let median = times[times.len() / 2];
        let cpu_median = cpu_times
            .get(cpu_times.len() / 2)
            .copied()
            .unwrap_or(f64::NAN);
        println!(
            "RESULT engine=quoth mode={mode} docs={} tokens={tokens} repeats={} median_s={median:.4} \
             best_s={:.4} tok_per_s={:.0} cpu_median_s={cpu_median:.2} tok_per_cpu_s={:.0}",
            texts.len(),
            args.repeats,
            times[0],
            tokens as f64 / median.max(1e-9),
            tokens as f64 / cpu_median.max(1e-9)
        );
        println!(
            "# lexeme caches: {} forms, emptied {} times as stale",
            pipeline.lexeme_cache_len(),
            pipeline.lexeme_cache_refreshes()
        );
    }
    ExitCode::SUCCESS
}
