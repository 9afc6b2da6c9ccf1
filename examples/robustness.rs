//! Worst-case timing of the full pipeline on hostile inputs (no assertions; a report to read).
//!
//! `cargo run --release --example robustness [-- --model DIR]`
//! `cargo run --release --example robustness -- --write-prose FILE` writes the ~1 MB prose case
//! to FILE and exits (for measuring `quoth extract` on it).
//!
//! Cases: ~1 MB of news prose as one document, 100 KB of one repeated character (several
//! characters), 100 KB of prose with the whitespace removed, and inputs aimed at the
//! tokenizer's regular expressions (URL pattern, prefixes/suffixes/infixes) where a
//! backtracking engine could go quadratic or worse. Prints ms per 100 KB for each.

use std::path::PathBuf;
use std::time::Instant;

use quoth::nlp::Pipeline;

const KB100: usize = 100_000;
/// Size of the "1 MB of prose as one document" case.
const PROSE_BYTES: usize = 990_000;

/// Repeat `unit` until the result has at least `bytes` bytes.
fn fill(unit: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + unit.len());
    while s.len() < bytes {
        s.push_str(unit);
    }
    s
}

/// News prose from the corpus (the long articles and paragraphs), about `bytes` long.
fn prose(bytes: usize) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/corpus.jsonl");
    let data = std::fs::read_to_string(path).unwrap_or_default();
    let paragraphs: Vec<String> = data
        .lines()
        .filter_map(|l| serde_json::from_str::<String>(l).ok())
        .filter(|t| t.split_whitespace().count() >= 40)
        .collect();
    if paragraphs.is_empty() {
        return fill(
            "The quick brown fox said on Monday that it would jump. ",
            bytes,
        );
    }
    let mut s = String::with_capacity(bytes + 20_000);
    for p in paragraphs.iter().cycle() {
        if s.len() >= bytes {
            break;
        }
        s.push_str(p);
        s.push_str("\n\n");
    }
    s
}

fn cases() -> Vec<(String, String)> {
    let mut c: Vec<(String, String)> = Vec::new();
    c.push(("prose 1 MB, one doc".into(), prose(PROSE_BYTES)));
    for ch in [
        "a", ".", "-", " ", "\n", "'", "(", "1", "😀", "中", "\u{a0}",
    ] {
        c.push((format!("100 KB of {:?}", ch), fill(ch, KB100)));
    }
    let p: String = prose(KB100 + 5_000)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    c.push(("100 KB prose without whitespace".into(), p));
    let backtrack: [(&str, &str); 12] = [
        ("URL-like, no TLD", "http://a."),
        ("URL userinfo", "a:a@"),
        ("dotted labels", "a."),
        ("e-mail like", "a@a"),
        ("hyphen infixes", "a-"),
        ("ellipsis infixes", "a..."),
        ("quote prefixes", "\"'("),
        ("bracket suffixes", "a)]}"),
        ("digits and units", "1km/"),
        ("slash paths", "/a"),
        ("www repeat", "www."),
        ("percent-encoding", "%2F"),
    ];
    for (name, unit) in backtrack {
        c.push((format!("100 KB {name} {unit:?}"), fill(unit, KB100)));
        // The same as many 1 KB tokens separated by spaces (per-token regex cost).
        c.push((
            format!("100 KB {name}, 1 KB tokens"),
            fill(&(fill(unit, 1000) + " "), KB100),
        ));
    }
    c
}

fn main() {
    let mut model = Pipeline::default_model_path();
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, path] = args.as_slice() {
        match flag.as_str() {
            "--model" => model = PathBuf::from(path),
            "--write-prose" => {
                if let Err(e) = std::fs::write(path, prose(PROSE_BYTES)) {
                    eprintln!("robustness: cannot write {path}: {e}");
                    std::process::exit(1);
                }
                return;
            }
            _ => {}
        }
    }
    let pipeline = match Pipeline::load(&model) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("robustness: {e}");
            std::process::exit(1);
        }
    };
    println!(
        "{:<48} {:>9} {:>9} {:>11} {:>14}",
        "case", "bytes", "tokens", "ms", "ms per 100 KB"
    );
    for (name, text) in cases() {
        let t0 = Instant::now();
        let doc = pipeline.analyze(&text);
        let ms = t0.elapsed().as_secs_f64() * 1e3;
        println!(
            "{:<48} {:>9} {:>9} {:>11.1} {:>14.1}",
            name,
            text.len(),
            doc.tokens.len(),
            ms,
            ms * KB100 as f64 / text.len().max(1) as f64
        );
    }
}
