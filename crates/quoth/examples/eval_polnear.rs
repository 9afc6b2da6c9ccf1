//! Run quoth over a JSONL set of articles (e.g. PolNeAR converted to the scorer's format) and
//! write the prediction file of `shared/eval/quotes_eval.py`.
//!
//! ```text
//! cargo run --release -p quoth --example eval_polnear -- --gold polnear_dev.jsonl \
//!     --out /tmp/pred.jsonl [--kinds direct,mixed] [--unit quote|attribution] \
//!     [--spans split|joined] [--bench] [--limit N]
//! ```
//! Two outputs for the scorer's two kinds of view: the quotes (`--kinds direct,mixed`, each
//! quote's quoted spans: the `quoted` and `direct` views, as a quote-only client calls
//! `/quotes` with `kinds`) and the attributions (`--unit attribution`, every kind, a mixed
//! quote by its reported `clause`: the `all` view). The default is every kind by its spans.
//! A quote whose words come in several pieces (`“…,” she said. “…”`) is written as one
//! prediction per piece (`--spans split`, the default: how the quotes issue measures quoth, and
//! what lets the scorer credit each piece to the attribution it belongs to when an article
//! changes speaker or attribution between two pieces); `--spans joined` writes one prediction
//! holding every piece.
//! Each input line is `{"id", "text", ...}` (other fields, gold included, are ignored). quoth runs
//! exactly as the service's `/analyze` does: the `fast` profile's document
//! (`Analyzer::doc`), `group_entities` with the default options, `extract_quotes`. Each output line is
//! `{"id", "quotes": [{"start", "end", "spans", "speaker", "speaker_start", "speaker_end",
//! "type", "rule", "cue"}]}` in code points; `speaker` is the resolved name when there is one,
//! else the speaker's text as written. `--bench` also prints quote extraction time as a share
//! of the engine pass. The data is an argument: nothing here is needed by CI.

use std::io::{BufRead, BufReader, BufWriter, Write};
use std::time::{Duration, Instant};

use quoth::coref::{link_mentions_with_quotes, name_pronoun_speakers};
use quoth::entities::{group_entities, GroupOptions};
use quoth::offsets::{OffsetMap, OffsetUnit};
use quoth::quotes::{extract_quotes, Quote, QuoteKind};
use quoth::{Analyzer, AnalyzerConfig, Profile};
use serde_json::{json, Value};

struct Args {
    gold: String,
    out: String,
    bench: bool,
    limit: usize,
    /// Only quotes of these kinds (all when empty), as `/quotes` with `kinds`.
    kinds: Vec<QuoteKind>,
    /// `attribution`: a mixed quote is scored by its reported clause (the attribution's content)
    /// rather than its quoted fragments.
    clause: bool,
    /// One prediction per span of a quote (the default) rather than one per quote.
    split_spans: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        gold: String::new(),
        out: String::new(),
        bench: false,
        limit: usize::MAX,
        kinds: Vec::new(),
        clause: false,
        split_spans: true,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--gold" => args.gold = it.next().ok_or("--gold needs a path")?,
            "--out" => args.out = it.next().ok_or("--out needs a path")?,
            "--bench" => args.bench = true,
            "--kinds" => {
                let list = it.next().ok_or("--kinds needs a list")?;
                for k in list.split(',') {
                    args.kinds.push(match k {
                        "direct" => QuoteKind::Direct,
                        "mixed" => QuoteKind::Mixed,
                        "indirect" => QuoteKind::Indirect,
                        other => return Err(format!("unknown quote kind {other}")),
                    });
                }
            }
            "--unit" => match it.next().as_deref() {
                Some("quote") => args.clause = false,
                Some("attribution") => args.clause = true,
                _ => return Err("--unit needs quote or attribution".into()),
            },
            "--spans" => match it.next().as_deref() {
                Some("split") => args.split_spans = true,
                Some("joined") => args.split_spans = false,
                _ => return Err("--spans needs split or joined".into()),
            },
            "--limit" => {
                args.limit = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--limit needs a number")?
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if args.gold.is_empty() || args.out.is_empty() {
        return Err("usage: eval_polnear --gold IN.jsonl --out PRED.jsonl [--kinds direct,mixed,indirect] [--unit quote|attribution] [--spans split|joined] [--bench]".into());
    }
    Ok(args)
}

fn kind_name(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Mixed => "mixed",
        QuoteKind::Indirect => "indirect",
    }
}

/// One quote in the scorer's format, offsets in code points.
fn quote_json(q: &Quote, text: &str, map: &OffsetMap, clause: bool) -> Value {
    let scored = match &q.clause {
        Some(c) if clause => std::slice::from_ref(c),
        _ => &q.content[..],
    };
    let spans: Vec<(usize, usize)> = scored.iter().map(|s| map.range(s.start, s.end)).collect();
    let start = spans.first().map_or(0, |s| s.0);
    let end = spans.last().map_or(0, |s| s.1);
    let mut v = json!({
        "start": start,
        "end": end,
        "spans": spans.iter().map(|&(s, e)| json!([s, e])).collect::<Vec<_>>(),
        "type": kind_name(q.kind),
        "rule": q.rule,
    });
    if let Some(c) = &q.clause {
        v["clause"] = json!(c.text(text));
    }
    if let Some(c) = q.cue {
        v["cue"] = json!(c.text(text));
    }
    if let Some(sp) = &q.speaker {
        let (s, e) = map.range(sp.span.start, sp.span.end);
        let name = sp
            .name
            .clone()
            .unwrap_or_else(|| sp.span.text(text).to_string());
        v["speaker"] = json!(name);
        v["speaker_start"] = json!(s);
        v["speaker_end"] = json!(e);
        if let Some(d) = sp.description {
            v["speaker_description"] = json!(d.text(text));
        }
    }
    v
}

/// One prediction per span of a scored quote, each a copy of the quote with that span alone.
fn split_spans(v: Value) -> Vec<Value> {
    let spans = match v.get("spans").and_then(Value::as_array) {
        Some(s) if s.len() > 1 => s.clone(),
        _ => return vec![v],
    };
    spans
        .into_iter()
        .map(|span| {
            let mut piece = v.clone();
            piece["start"] = span.get(0).cloned().unwrap_or(Value::Null);
            piece["end"] = span.get(1).cloned().unwrap_or(Value::Null);
            piece["spans"] = json!([span]);
            piece
        })
        .collect()
}

/// The service model alone (the `fast` profile; no `accurate` pipelines loaded).
fn load() -> Result<Analyzer, String> {
    Analyzer::load(&AnalyzerConfig {
        accurate_models: Vec::new(),
        ..AnalyzerConfig::default()
    })
    .map_err(|e| format!("cannot load the model: {e}"))
}

fn run(args: &Args) -> Result<(), String> {
    let analyzer = load()?;
    let input = std::fs::File::open(&args.gold).map_err(|e| format!("{}: {e}", args.gold))?;
    let out = std::fs::File::create(&args.out).map_err(|e| format!("{}: {e}", args.out))?;
    let mut out = BufWriter::new(out);
    let (mut engine_t, mut quote_t) = (Duration::ZERO, Duration::ZERO);
    let (mut n_docs, mut n_quotes) = (0usize, 0usize);
    for line in BufReader::new(input).lines() {
        if n_docs >= args.limit {
            break;
        }
        let line = line.map_err(|e| e.to_string())?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: Value = serde_json::from_str(&line).map_err(|e| e.to_string())?;
        let id = rec.get("id").cloned().unwrap_or(Value::Null);
        let text = rec.get("text").and_then(Value::as_str).unwrap_or("");
        let t0 = Instant::now();
        let doc = analyzer.doc(text, Profile::Fast);
        let ents = group_entities(&doc, &GroupOptions::default());
        let t1 = Instant::now();
        let mut quotes = extract_quotes(&doc, &ents);
        let t2 = Instant::now();
        let extra = link_mentions_with_quotes(&doc, &ents, &quotes);
        name_pronoun_speakers(&mut quotes, &extra, &ents);
        engine_t += t1 - t0;
        quote_t += t2 - t1;
        let map = OffsetMap::new(&doc.text, OffsetUnit::CodePoint);
        let qs: Vec<Value> = quotes
            .iter()
            .filter(|q| args.kinds.is_empty() || args.kinds.contains(&q.kind))
            .map(|q| quote_json(q, &doc.text, &map, args.clause))
            .flat_map(|v| {
                if args.split_spans {
                    split_spans(v)
                } else {
                    vec![v]
                }
            })
            .collect();
        n_docs += 1;
        n_quotes += qs.len();
        writeln!(out, "{}", json!({"id": id, "quotes": qs})).map_err(|e| e.to_string())?;
    }
    out.flush().map_err(|e| e.to_string())?;
    eprintln!("{n_docs} articles, {n_quotes} quotes -> {}", args.out);
    if args.bench {
        let e = engine_t.as_secs_f64();
        let q = quote_t.as_secs_f64();
        println!(
            "engine + grouping: {:.1} ms per article; extract_quotes: {:.2} ms per article = {:.2}% of the engine pass",
            1e3 * e / n_docs.max(1) as f64,
            1e3 * q / n_docs.max(1) as f64,
            if e > 0.0 { 100.0 * q / e } else { 0.0 }
        );
    }
    Ok(())
}

/// Print the parse and the quotes of one text (debugging rules).
fn show(text: &str) -> Result<(), String> {
    let doc = load()?.doc(text, Profile::Fast);
    for (i, t) in doc.tokens.iter().enumerate() {
        let w = doc.text.get(t.start..t.end).unwrap_or("");
        println!("{i:>3} {w:<14} {:<5} {:<10} {}", t.tag, t.dep, t.head);
    }
    let ents = group_entities(&doc, &GroupOptions::default());
    let map = OffsetMap::new(&doc.text, OffsetUnit::CodePoint);
    for q in extract_quotes(&doc, &ents) {
        println!("{}", quote_json(&q, &doc.text, &map, false));
    }
    Ok(())
}

fn main() {
    let argv: Vec<String> = std::env::args().collect();
    if let Some(text) = argv
        .iter()
        .position(|a| a == "--text")
        .and_then(|i| argv.get(i + 1))
    {
        if let Err(e) = show(text) {
            eprintln!("{e}");
        }
        return;
    }
    match parse_args().and_then(|a| run(&a)) {
        Ok(()) => {}
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    }
}
