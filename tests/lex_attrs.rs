//! Lexical attribute ids against real spaCy: `tests/fixtures/lex_attrs.jsonl` was dumped by
//! `scripts/dump_lex_fixture.py` (spaCy 3.8.18, Python 3.11) for ~700 varied strings and tokens.

use quoth::nlp::attrs::{prefix, suffix, word_shape, Lexicon};
use quoth::nlp::chars;
use quoth::nlp::Pipeline;
use serde_json::Value;

fn id(v: &Value, k: &str) -> u64 {
    v["ids"][k]
        .as_u64()
        .unwrap_or_else(|| panic!("fixture id {k}"))
}

#[test]
fn lexical_attributes_match_spacy() {
    let lex = Lexicon::load(&Pipeline::default_model_path()).expect("lookups.bin");
    assert_eq!(lex.len(), 3510);
    let text = include_str!("fixtures/lex_attrs.jsonl");
    let mut n = 0;
    let mut failures = Vec::new();
    for line in text.lines() {
        let case: Value = serde_json::from_str(line).expect("fixture line");
        let t = case["text"].as_str().expect("text");
        let exc = case["exc_norm"].as_str();
        let spacy = case["spacy"].as_bool().unwrap_or(false);
        let f = lex.features(t, exc, spacy);
        let got = [
            ("orth", f.orth),
            ("lower", f.lower),
            ("norm", f.norm),
            ("prefix", f.prefix),
            ("suffix", f.suffix),
            ("shape", f.shape),
            ("is_space", u64::from(f.is_space)),
        ];
        for (k, g) in got {
            if g != id(&case, k) {
                failures.push(format!("{t:?} {k}: got {g}, spaCy {}", id(&case, k)));
            }
        }
        if case["kind"] == "lexeme" {
            let s = &case["strs"];
            let strs = [
                ("lower", chars::lower(t)),
                ("norm", lex.norm(t)),
                ("prefix", prefix(t).to_string()),
                ("suffix", suffix(t).to_string()),
                ("shape", word_shape(t)),
            ];
            for (k, g) in strs {
                if Some(g.as_str()) != s[k].as_str() {
                    failures.push(format!("{t:?} {k}_: got {g:?}, spaCy {}", s[k]));
                }
            }
        }
        n += 1;
    }
    assert!(n > 600, "only {n} cases");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
