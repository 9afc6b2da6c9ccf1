//! What issue 11 adds to an analysis, timed against the engine pass on one text:
//! `cargo run --release -p quoth --example issue11_cost -- [FILE.json|FILE.txt] [ROUNDS]`
//! (default `tests/fixtures/load/article_800w.json`, 200 rounds). Prints the medians of the
//! engine pass (`Pipeline::analyze`), the grouping, the quotes, coreference + salience, and the
//! whole `Analyzer::analyze` with `mentions` names and all.

use std::time::{Duration, Instant};

use quoth::coref::link_mentions_with_quotes;
use quoth::entities::{group_entities, GroupOptions};
use quoth::quotes::extract_quotes;
use quoth::salience::salience_with;
use quoth::{Analyzer, AnalyzerConfig, MentionScope, Options, Tasks};

fn median(mut v: Vec<Duration>) -> f64 {
    v.sort();
    v[v.len() / 2].as_secs_f64() * 1e3
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "tests/fixtures/load/article_800w.json".into());
    let rounds: usize = args.next().map_or(Ok(200), |r| r.parse())?;
    let raw = std::fs::read_to_string(&path)?;
    let text = if path.ends_with(".json") {
        let v: serde_json::Value = serde_json::from_str(&raw)?;
        v["text"].as_str().unwrap_or_default().to_string()
    } else {
        raw
    };
    let analyzer = Analyzer::load(&AnalyzerConfig::default())?;
    let nlp = analyzer.pipeline();
    let names = Options {
        tasks: Tasks::ENTITIES,
        ..Options::default()
    };
    let all = Options {
        mentions: MentionScope::All,
        ..names.clone()
    };
    let mut t = [const { Vec::new() }; 6];
    for _ in 0..rounds {
        let t0 = Instant::now();
        let doc = nlp.analyze(&text);
        let t1 = Instant::now();
        let ents = group_entities(&doc, &GroupOptions::default());
        let t2 = Instant::now();
        let quotes = extract_quotes(&doc, &ents);
        let t3 = Instant::now();
        let extra = link_mentions_with_quotes(&doc, &ents, &quotes);
        let sal = salience_with(&doc, &ents, &quotes, &extra);
        let t4 = Instant::now();
        std::hint::black_box(sal);
        t[0].push(t1 - t0);
        t[1].push(t2 - t1);
        t[2].push(t3 - t2);
        t[3].push(t4 - t3);
        let t5 = Instant::now();
        std::hint::black_box(analyzer.analyze(&text, &names));
        let t6 = Instant::now();
        std::hint::black_box(analyzer.analyze(&text, &all));
        t[4].push(t6 - t5);
        t[5].push(t6.elapsed());
    }
    let [engine, group, quotes, coref_sal, a_names, a_all] = t.map(median);
    println!(
        "{} tokens, {rounds} rounds, medians in ms",
        nlp.analyze(&text).tokens.len()
    );
    println!("engine pass            {engine:8.3}");
    println!("grouping               {group:8.3}");
    println!(
        "quotes                 {quotes:8.3}  ({:.1}% of the engine)",
        100.0 * quotes / engine
    );
    println!(
        "coreference + salience {coref_sal:8.3}  ({:.1}% of the engine)",
        100.0 * coref_sal / engine
    );
    println!("analyze, mentions names {a_names:7.3}");
    println!("analyze, mentions all   {a_all:7.3}");
    Ok(())
}
