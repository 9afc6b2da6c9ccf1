//! Test support for quote extraction: builds `quoth::nlp::Doc` from the spaCy Doc JSON fixture
//! (`tests/fixtures/quote_docs/docs.jsonl`, written by `scripts/quote_docs.py`) and reads the
//! hand-annotated dev set (`tests/quotes_devset/devset.jsonl`). No Python at test time.
//! Shared by `tests/quotes_*.rs` and `examples/eval_quotes.rs` via `#[path]`.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quoth::nlp::{Doc, EntitySpan, Sentence, Token};
use serde_json::Value;

/// Crate root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn num(v: &Value, k: &str) -> Result<usize, String> {
    v.get(k)
        .and_then(Value::as_u64)
        .map(|x| x as usize)
        .ok_or_else(|| format!("missing number `{k}`"))
}

fn string(v: &Value, k: &str) -> Result<Arc<str>, String> {
    v.get(k)
        .and_then(Value::as_str)
        .map(Arc::from)
        .ok_or_else(|| format!("missing string `{k}`"))
}

/// Build a `Doc` from one Doc JSON object.
pub fn doc_from_json(v: &Value) -> Result<Doc, String> {
    let text = v
        .get("text")
        .and_then(Value::as_str)
        .ok_or("missing text")?
        .to_string();
    let arr = |k: &str| -> Result<Vec<Value>, String> {
        v.get(k)
            .and_then(Value::as_array)
            .cloned()
            .ok_or_else(|| format!("missing array `{k}`"))
    };
    let mut tokens = Vec::new();
    for t in arr("tokens")? {
        tokens.push(Token {
            start: num(&t, "start")?,
            end: num(&t, "end")?,
            char_start: num(&t, "char_start")?,
            char_end: num(&t, "char_end")?,
            whitespace: t
                .get("whitespace")
                .and_then(Value::as_bool)
                .unwrap_or(false),
            tag: string(&t, "tag")?,
            pos: string(&t, "pos")?,
            head: num(&t, "head")?,
            dep: string(&t, "dep")?,
            is_sent_start: t
                .get("is_sent_start")
                .and_then(Value::as_bool)
                .unwrap_or(false),
        });
    }
    let mut sentences = Vec::new();
    for s in arr("sentences")? {
        sentences.push(Sentence {
            start_token: num(&s, "start_token")?,
            end_token: num(&s, "end_token")?,
            start: num(&s, "start")?,
            end: num(&s, "end")?,
        });
    }
    let mut entities = Vec::new();
    for e in arr("entities")? {
        entities.push(EntitySpan {
            start_token: num(&e, "start_token")?,
            end_token: num(&e, "end_token")?,
            start: num(&e, "start")?,
            end: num(&e, "end")?,
            char_start: num(&e, "char_start")?,
            char_end: num(&e, "char_end")?,
            label: string(&e, "label")?,
        });
    }
    Ok(Doc {
        text,
        tokens,
        sentences,
        entities,
    })
}

/// All fixture docs by id.
pub fn load_docs(path: &Path) -> Result<HashMap<String, Doc>, String> {
    let body = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = HashMap::new();
    for (n, line) in body.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).map_err(|e| format!("line {}: {e}", n + 1))?;
        let id = v
            .get("id")
            .and_then(Value::as_str)
            .ok_or("missing id")?
            .to_string();
        let doc = doc_from_json(v.get("doc").ok_or("missing doc")?)?;
        out.insert(id, doc);
    }
    Ok(out)
}

/// The committed spaCy fixture.
pub fn fixture_docs() -> HashMap<String, Doc> {
    load_docs(&root().join("tests/fixtures/quote_docs/docs.jsonl"))
        .unwrap_or_else(|e| panic!("{e}"))
}

/// One annotated quote of the dev set, with byte offsets computed from the text.
#[derive(Debug, Clone)]
pub struct GoldQuote {
    pub kind: String,
    pub content: Vec<(usize, usize)>,
    pub cue: Option<(usize, usize)>,
    pub speaker: Option<String>,
    pub speaker_type: String,
}

/// One annotated passage.
#[derive(Debug, Clone)]
pub struct Passage {
    pub id: String,
    pub style: String,
    pub text: String,
    pub quotes: Vec<GoldQuote>,
}

/// Byte range of the `occ`-th occurrence of `needle` in `text`.
pub fn find_occ(text: &str, needle: &str, occ: usize) -> Option<(usize, usize)> {
    let mut from = 0;
    for _ in 0..occ {
        from = text[from..].find(needle)? + from + needle.len();
    }
    let s = text[from..].find(needle)? + from;
    Some((s, s + needle.len()))
}

/// A `"text"` or `["text", occurrence]` annotation.
fn locate(text: &str, v: &Value) -> Result<(usize, usize), String> {
    let (needle, occ) = match v {
        Value::String(s) => (s.as_str(), 0),
        Value::Array(a) => (
            a.first().and_then(Value::as_str).ok_or("bad span")?,
            a.get(1).and_then(Value::as_u64).unwrap_or(0) as usize,
        ),
        _ => return Err(format!("bad span {v}")),
    };
    find_occ(text, needle, occ).ok_or_else(|| format!("`{needle}` not in text"))
}

/// Read the dev set.
pub fn load_devset(path: &Path) -> Result<Vec<Passage>, String> {
    let body = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = Vec::new();
    for line in body.lines().filter(|l| !l.trim().is_empty()) {
        let v: Value = serde_json::from_str(line).map_err(|e| e.to_string())?;
        let text = v["text"].as_str().ok_or("missing text")?.to_string();
        let mut quotes = Vec::new();
        for q in v["quotes"].as_array().ok_or("missing quotes")? {
            let mut content = Vec::new();
            for c in q["content"].as_array().ok_or("missing content")? {
                content.push(locate(&text, c)?);
            }
            let cue = match &q["cue"] {
                Value::Null => None,
                c => Some(locate(&text, c)?),
            };
            quotes.push(GoldQuote {
                kind: q["kind"].as_str().unwrap_or("").to_string(),
                content,
                cue,
                speaker: q["speaker"].as_str().map(str::to_string),
                speaker_type: q["speaker_type"].as_str().unwrap_or("none").to_string(),
            });
        }
        out.push(Passage {
            id: v["id"].as_str().unwrap_or("").to_string(),
            style: v["style"].as_str().unwrap_or("").to_string(),
            text,
            quotes,
        });
    }
    Ok(out)
}

/// The committed dev set.
pub fn devset() -> Vec<Passage> {
    load_devset(&root().join("tests/quotes_devset/devset.jsonl")).unwrap_or_else(|e| panic!("{e}"))
}

/// Normalise a speaker name for comparison: case, leading `the`, titles, possessive spacing.
pub fn norm_name(s: &str) -> String {
    let s = s.replace('’', "'");
    let mut words: Vec<&str> = s.split_whitespace().collect();
    while let Some(w) = words.first() {
        let l = w.trim_end_matches('.').to_ascii_lowercase();
        if matches!(
            l.as_str(),
            "the" | "mr" | "mrs" | "ms" | "dr" | "sen" | "rep" | "gov" | "senator"
        ) {
            words.remove(0);
        } else {
            break;
        }
    }
    words.join(" ").to_lowercase()
}

/// The held-out set (written after the rules were tuned; not tuned on).
pub fn heldout() -> Vec<Passage> {
    load_devset(&root().join("tests/quotes_devset/heldout.jsonl")).unwrap_or_else(|e| panic!("{e}"))
}

/// The blind set (written after the held-out set).
pub fn blind() -> Vec<Passage> {
    load_devset(&root().join("tests/quotes_devset/blind.jsonl")).unwrap_or_else(|e| panic!("{e}"))
}

/// The second blind set (written last; never tuned on).
pub fn blind2() -> Vec<Passage> {
    load_devset(&root().join("tests/quotes_devset/blind2.jsonl")).unwrap_or_else(|e| panic!("{e}"))
}
