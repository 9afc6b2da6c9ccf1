//! Tokenizer stress timings: prose, long runs, no-whitespace blobs and inputs built to make the
//! tokenizer regexes backtrack. Usage:
//!   cargo run --release --no-default-features --example tokenize_stress [MODEL_DIR]
//! (model folder defaults to `Pipeline::default_model_path()`, which honours `QUOTH_MODEL`).

use std::time::Instant;

use quoth::nlp::tokenizer::Tokenizer;
use quoth::nlp::Pipeline;

const KB100: usize = 100 * 1024;

fn repeat_to(unit: &str, bytes: usize) -> String {
    let mut s = String::with_capacity(bytes + unit.len());
    while s.len() < bytes {
        s.push_str(unit);
    }
    s
}

/// Deterministic pseudo-random string over `alphabet`.
fn random_blob(alphabet: &[&str], bytes: usize, mut seed: u64) -> String {
    let mut s = String::with_capacity(bytes + 8);
    while s.len() < bytes {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        s.push_str(alphabet[(seed >> 33) as usize % alphabet.len()]);
    }
    s
}

fn prose(bytes: usize) -> String {
    let sents = [
        "WASHINGTON (Reuters) - The U.S. Federal Reserve raised rates by 0.25 percentage points on Wednesday.",
        "\"We're not there yet,\" Fed Chair Jerome Powell told reporters; \"inflation is still too high.\"",
        "Apple Inc. (AAPL.O) said it would invest $430 billion in the U.S. -- a 20% increase -- by 2026.",
        "“It’s a great day,” said Mr. O’Brien, 64, of St. Louis, Mo. See https://example.com/a?b=1.",
        "Temperatures reached 40°C (104°F) in Seville; the S&P 500 rose 1.2% and the Dow gained 300 points.",
    ];
    let mut s = String::with_capacity(bytes + 200);
    let mut i = 0usize;
    while s.len() < bytes {
        s.push_str(sents[i % sents.len()]);
        s.push_str(if i % 7 == 6 { "\n\n" } else { " " });
        s.push_str(&format!("Item {i} "));
        i += 1;
    }
    s
}

fn main() {
    let dir = std::env::args()
        .nth(1)
        .map(std::path::PathBuf::from)
        .unwrap_or_else(Pipeline::default_model_path);
    let t0 = Instant::now();
    let tok = match Tokenizer::load(dir.join("tokenizer")) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    };
    println!("load+compile: {:.1} ms", t0.elapsed().as_secs_f64() * 1e3);

    let mut cases: Vec<(String, String)> = vec![("prose 1 MB".into(), prose(1024 * 1024))];
    for c in [
        "a", ".", ")", "(", "-", "'", ":", ",", "/", "1", "$", "😀", " ", "\n", "\u{a0}", "\u{1c}",
        "…", "’", "@", "#", "%", "+", "x.",
    ] {
        cases.push((format!("100 KB of {c:?}"), repeat_to(c, KB100)));
    }
    let punct: Vec<&str> = vec![
        "a", "B", "1", ".", ",", ":", ";", "!", "?", "'", "\"", "(", ")", "[", "]", "-", "–", "—",
        "+", "*", "/", "=", "$", "€", "%", "@", "#", "_", "~", "^", "’", "“", "”", "…", "°", "é",
        "北", "😀", "km", "n't", "'s", "http://", "www.", ".com", "U.S.", ":)",
    ];
    cases.push((
        "100 KB no whitespace, random punct".into(),
        random_blob(&punct, KB100, 7),
    ));
    cases.push((
        "100 KB no whitespace, letters+dots".into(),
        random_blob(&["a", "b", ".", "A"], KB100, 9),
    ));
    // backtracking bait, as one chunk and as many ~300-byte chunks
    for (name, unit) in [
        ("a:", "a:"),
        ("a@", "a@"),
        ("a.", "a."),
        ("a-", "a-"),
        ("1.", "1."),
        ("://", "://"),
        ("http://a.", "http://a."),
        ("a:b@", "a:b@"),
        ("-.", "-."),
        ("'s", "'s"),
    ] {
        cases.push((
            format!("100 KB of {name:?} (one chunk)"),
            repeat_to(unit, KB100),
        ));
        let mut chunked = String::new();
        while chunked.len() < KB100 {
            chunked.push_str(&repeat_to(unit, 300));
            chunked.push(' ');
        }
        cases.push((format!("100 KB of {name:?} in 300-byte chunks"), chunked));
        let mut url = String::new();
        while url.len() < KB100 {
            url.push_str("http://");
            url.push_str(&repeat_to(unit, 2000));
            url.push(' ');
        }
        cases.push((format!("100 KB of 2 KB URLs of {name:?}"), url));
    }

    // optional filter: only cases whose name contains $QUOTH_STRESS_ONLY
    if let Ok(only) = std::env::var("QUOTH_STRESS_ONLY") {
        cases.retain(|(name, _)| name.contains(&only));
    }
    let mut out = Vec::new();
    let mut worst = 0.0f64;
    for (name, text) in &cases {
        let t = Instant::now();
        tok.tokenize(text, &mut out);
        let secs = t.elapsed().as_secs_f64();
        let per100k = secs * (KB100 as f64) / (text.len().max(1) as f64);
        worst = worst.max(per100k);
        println!(
            "{name:<45} {:>8} B {:>7} tokens {:>9.2} ms  ({:.2} ms per 100 KB)",
            text.len(),
            out.len(),
            secs * 1e3,
            per100k * 1e3
        );
    }
    println!("worst: {:.2} ms per 100 KB", worst * 1e3);
}
