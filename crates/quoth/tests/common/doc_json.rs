//! Test support: build `quoth::nlp::Doc`s from the JSON that `scripts/doc_fixtures.py` dumps
//! from spaCy, so extractors can be tested on real model output without Python at test time.
//!
//! Use from a test file with
//! `#[path = "common/doc_json.rs"] mod doc_json;` and then
//! `doc_json::fixture("entities_docs.json", "summit_two_kims")`.
//!
//! The loader checks every offset against the text (byte and code-point offsets agree, token
//! texts match), so a stale or hand-edited fixture fails loudly instead of testing nonsense.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use quoth::nlp::{Doc, EntitySpan, Sentence, Token};
use serde::Deserialize;

#[derive(Deserialize)]
struct FixtureFile {
    spacy_version: String,
    model: String,
    docs: BTreeMap<String, DocJson>,
}

#[derive(Deserialize)]
struct DocJson {
    text: String,
    tokens: Vec<TokenJson>,
    sentences: Vec<SentenceJson>,
    ents: Vec<EntJson>,
}

#[derive(Deserialize)]
struct TokenJson {
    text: String,
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    whitespace: bool,
    tag: String,
    pos: String,
    head: usize,
    dep: String,
    is_sent_start: bool,
}

#[derive(Deserialize)]
struct SentenceJson {
    start_token: usize,
    end_token: usize,
    start: usize,
    end: usize,
}

#[derive(Deserialize)]
struct EntJson {
    start_token: usize,
    end_token: usize,
    start: usize,
    end: usize,
    char_start: usize,
    char_end: usize,
    label: String,
    text: String,
}

/// Path of a fixture file under `tests/fixtures/docs/`.
pub fn fixture_path(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/docs")
        .join(file)
}

/// All documents of a fixture file, by name. Panics (test support) on a bad file.
pub fn load_all(file: &str) -> BTreeMap<String, Doc> {
    let path = fixture_path(file);
    let raw = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let parsed: FixtureFile =
        serde_json::from_str(&raw).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()));
    assert!(!parsed.spacy_version.is_empty() && !parsed.model.is_empty());
    parsed
        .docs
        .into_iter()
        .map(|(name, d)| {
            let doc = build(d).unwrap_or_else(|e| panic!("{}: doc {name}: {e}", path.display()));
            (name, doc)
        })
        .collect()
}

/// One document of a fixture file. Panics when it is missing.
pub fn fixture(file: &str, name: &str) -> Doc {
    load_all(file)
        .remove(name)
        .unwrap_or_else(|| panic!("no doc {name} in {file}"))
}

/// Build a `Doc` from one parsed JSON doc string (the `Doc` object format of the script).
pub fn doc_from_str(json: &str) -> Result<Doc, String> {
    let d: DocJson = serde_json::from_str(json).map_err(|e| e.to_string())?;
    build(d)
}

/// Byte offset → code-point offset table check.
fn char_offset(text: &str, byte: usize) -> Result<usize, String> {
    if !text.is_char_boundary(byte) {
        return Err(format!("byte offset {byte} is not a char boundary"));
    }
    Ok(text[..byte].chars().count())
}

fn build(d: DocJson) -> Result<Doc, String> {
    let text = d.text;
    let mut labels: BTreeMap<String, Arc<str>> = BTreeMap::new();
    let mut intern = |s: String| -> Arc<str> {
        labels
            .entry(s)
            .or_insert_with_key(|k| Arc::from(k.as_str()))
            .clone()
    };
    let n = d.tokens.len();
    let mut tokens = Vec::with_capacity(n);
    for (i, t) in d.tokens.into_iter().enumerate() {
        let slice = text
            .get(t.start..t.end)
            .ok_or_else(|| format!("token {i}: bad byte range {}..{}", t.start, t.end))?;
        if slice != t.text {
            return Err(format!("token {i}: text {slice:?} != {:?}", t.text));
        }
        if char_offset(&text, t.start)? != t.char_start || char_offset(&text, t.end)? != t.char_end
        {
            return Err(format!("token {i}: code-point offsets disagree"));
        }
        if t.head >= n {
            return Err(format!("token {i}: head {} out of range", t.head));
        }
        tokens.push(Token {
            start: t.start,
            end: t.end,
            char_start: t.char_start,
            char_end: t.char_end,
            whitespace: t.whitespace,
            tag: intern(t.tag),
            pos: intern(t.pos),
            head: t.head,
            dep: intern(t.dep),
            is_sent_start: t.is_sent_start,
        });
    }
    let mut sentences = Vec::with_capacity(d.sentences.len());
    for (i, s) in d.sentences.into_iter().enumerate() {
        if s.start_token >= s.end_token || s.end_token > n {
            return Err(format!("sentence {i}: bad token range"));
        }
        if tokens[s.start_token].start != s.start || tokens[s.end_token - 1].end != s.end {
            return Err(format!("sentence {i}: byte range disagrees with tokens"));
        }
        sentences.push(Sentence {
            start_token: s.start_token,
            end_token: s.end_token,
            start: s.start,
            end: s.end,
        });
    }
    let mut entities = Vec::with_capacity(d.ents.len());
    for (i, e) in d.ents.into_iter().enumerate() {
        if e.start_token >= e.end_token || e.end_token > n {
            return Err(format!("ent {i}: bad token range"));
        }
        if tokens[e.start_token].start != e.start || tokens[e.end_token - 1].end != e.end {
            return Err(format!("ent {i}: byte range disagrees with tokens"));
        }
        if text.get(e.start..e.end) != Some(e.text.as_str()) {
            return Err(format!("ent {i}: text disagrees"));
        }
        if char_offset(&text, e.start)? != e.char_start || char_offset(&text, e.end)? != e.char_end
        {
            return Err(format!("ent {i}: code-point offsets disagree"));
        }
        entities.push(EntitySpan {
            start_token: e.start_token,
            end_token: e.end_token,
            start: e.start,
            end: e.end,
            char_start: e.char_start,
            char_end: e.char_end,
            label: intern(e.label),
        });
    }
    Ok(Doc {
        text,
        tokens,
        sentences,
        entities,
    })
}
