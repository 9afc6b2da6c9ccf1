//! Shared spaCy-parity machinery for `parity_sm.rs` and `parity_md.rs` (included there with
//! `#[path]`), and, as its own test target, self-tests of that machinery that need no model.
//!
//! Fixtures are written by `scripts/make_fixtures.py` (format documented there): one JSON object
//! per line, code-point offsets, per-token parallel arrays.
#![allow(dead_code)]

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quoth::nlp::{Doc, EntitySpan, Pipeline, Sentence, Token};
use serde::Deserialize;

/// Required share of documents whose annotations (tags, POS, heads, deps, sentence starts,
/// entities) are all identical to spaCy's.
pub const MIN_DOC_RATE: f64 = 0.999;
/// Mismatching documents printed with a diff; the ids of the rest are still listed.
const MAX_DETAILED: usize = 150;

/// One spaCy document as stored in a fixture.
#[derive(Debug, Clone, Deserialize)]
pub struct FixtureDoc {
    pub id: usize,
    #[serde(default)]
    pub cat: String,
    pub text: String,
    pub idx: Vec<usize>,
    pub len: Vec<usize>,
    pub ws: String,
    pub tag: Vec<String>,
    pub pos: Vec<String>,
    pub dep: Vec<String>,
    pub head: Vec<usize>,
    pub ss: String,
    pub sents: Vec<[usize; 2]>,
    pub ents: Vec<(usize, usize, usize, usize, String)>,
}

impl FixtureDoc {
    fn n_tokens(&self) -> usize {
        self.idx.len()
    }
}

/// Path of a file under the crate root.
pub fn crate_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

/// Entities of one document from spaCy with only the tokenizer and NER enabled
/// (`tests/fixtures/sm/ner_only.jsonl`).
#[derive(Debug, Clone, Deserialize)]
pub struct NerOnlyDoc {
    pub id: usize,
    pub ents: Vec<(usize, usize, usize, usize, String)>,
}

/// Read a fixture file, skipping the `_meta` header line. Panics with the line number on a
/// malformed line (fixtures are generated, so that is a bug in the generator).
pub fn load_jsonl<T: serde::de::DeserializeOwned>(path: &Path) -> Vec<T> {
    let data = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()));
    let mut out = Vec::new();
    for (n, line) in data.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with("{\"_meta\"") {
            continue;
        }
        let doc: T = serde_json::from_str(line)
            .unwrap_or_else(|e| panic!("{}:{}: bad fixture line: {e}", path.display(), n + 1));
        out.push(doc);
    }
    out
}

/// Read a parity fixture (`*/parity.jsonl`).
pub fn load_fixture(path: &Path) -> Vec<FixtureDoc> {
    load_jsonl(path)
}

/// The sm fixture with its entities replaced by those of the tokenizer+NER-only run.
pub fn load_ner_only_fixture() -> Vec<FixtureDoc> {
    let mut fixtures = load_fixture(&crate_path("tests/fixtures/sm/parity.jsonl"));
    let ner: Vec<NerOnlyDoc> = load_jsonl(&crate_path("tests/fixtures/sm/ner_only.jsonl"));
    assert_eq!(
        ner.len(),
        fixtures.len(),
        "ner_only.jsonl and parity.jsonl differ in length"
    );
    for (f, n) in fixtures.iter_mut().zip(ner) {
        assert_eq!(f.id, n.id, "ner_only.jsonl and parity.jsonl out of step");
        f.ents = n.ents;
    }
    fixtures
}

/// Read `tests/corpus/corpus.jsonl` (one JSON string per line).
pub fn load_corpus() -> Vec<String> {
    let path = crate_path("tests/corpus/corpus.jsonl");
    let data = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    data.lines()
        .enumerate()
        .map(|(n, l)| {
            serde_json::from_str::<String>(l)
                .unwrap_or_else(|e| panic!("corpus line {}: {e}", n + 1))
        })
        .collect()
}

/// Byte offset of every code point of `text`, plus `text.len()` at the end.
fn char_to_byte(text: &str) -> Vec<usize> {
    let mut v: Vec<usize> = text.char_indices().map(|(b, _)| b).collect();
    v.push(text.len());
    v
}

/// Visible rendering of a short piece of text for diffs.
fn show(s: &str) -> String {
    let mut out: String = s
        .chars()
        .take(40)
        .collect::<String>()
        .escape_debug()
        .to_string();
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

/// Which annotation layer differed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    Tokens,
    Tag,
    Pos,
    Dep,
    Head,
    SentStart,
    Ents,
}

impl Field {
    pub const ALL: [Field; 7] = [
        Field::Tokens,
        Field::Tag,
        Field::Pos,
        Field::Dep,
        Field::Head,
        Field::SentStart,
        Field::Ents,
    ];
}

/// The differences found in one document, one short line per differing field.
#[derive(Debug, Default)]
pub struct DocDiff {
    pub fields: Vec<(Field, String)>,
}

impl DocDiff {
    pub fn has(&self, f: Field) -> bool {
        self.fields.iter().any(|(g, _)| *g == f)
    }
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }
}

/// Compare tokens (text, code-point and byte offsets, whitespace). `None` when identical.
fn diff_tokens(fx: &FixtureDoc, doc: &Doc, c2b: &[usize]) -> Option<String> {
    if doc.text != fx.text {
        return Some(format!(
            "doc.text differs: {:?} vs {:?}",
            show(&fx.text),
            show(&doc.text)
        ));
    }
    let ws: Vec<bool> = fx.ws.bytes().map(|b| b == b'1').collect();
    let n = fx.n_tokens().min(doc.tokens.len());
    let first = (0..n).find(|&i| {
        let t = &doc.tokens[i];
        let cs = fx.idx[i];
        let ce = cs + fx.len[i];
        !(t.char_start == cs
            && t.char_end == ce
            && c2b.get(cs) == Some(&t.start)
            && c2b.get(ce) == Some(&t.end)
            && t.whitespace == ws[i])
    });
    if first.is_none() && fx.n_tokens() == doc.tokens.len() {
        return None;
    }
    let i = first.unwrap_or(n);
    let lo = i.saturating_sub(2);
    let exp: Vec<String> = (lo..(i + 3).min(fx.n_tokens()))
        .map(|j| {
            let s = fx.text[c2b[fx.idx[j]]..c2b[fx.idx[j] + fx.len[j]]].to_string();
            format!("{}@{}{}", show(&s), fx.idx[j], if ws[j] { "␠" } else { "" })
        })
        .collect();
    let got: Vec<String> = (lo..(i + 3).min(doc.tokens.len()))
        .map(|j| {
            let t = &doc.tokens[j];
            let s = doc.text.get(t.start..t.end).unwrap_or("<bad byte range>");
            format!(
                "{}@{}{}",
                show(s),
                t.char_start,
                if t.whitespace { "␠" } else { "" }
            )
        })
        .collect();
    Some(format!(
        "{} vs {} tokens; first difference at token {i}: spaCy [{}] quoth [{}]",
        fx.n_tokens(),
        doc.tokens.len(),
        exp.join(" "),
        got.join(" ")
    ))
}

/// Compare one per-token label layer. `None` when identical.
fn diff_labels<T: PartialEq + std::fmt::Display>(
    fx: &FixtureDoc,
    c2b: &[usize],
    expected: &[T],
    got: &[T],
) -> Option<String> {
    let bad: Vec<usize> = (0..expected.len())
        .filter(|&i| expected[i] != got[i])
        .collect();
    let &i = bad.first()?;
    let s = &fx.text[c2b[fx.idx[i]]..c2b[fx.idx[i] + fx.len[i]]];
    Some(format!(
        "{} of {} tokens differ; first: token {i} {:?} spaCy {} quoth {}",
        bad.len(),
        expected.len(),
        show(s),
        expected[i],
        got[i]
    ))
}

/// Compare sentence starts and sentence spans (token and byte ranges). `None` when identical.
fn diff_sents(fx: &FixtureDoc, doc: &Doc, c2b: &[usize]) -> Option<String> {
    let exp_ss: Vec<bool> = fx.ss.bytes().map(|b| b == b'1').collect();
    let got_ss: Vec<bool> = doc.tokens.iter().map(|t| t.is_sent_start).collect();
    if let Some(d) = diff_labels(fx, c2b, &exp_ss, &got_ss) {
        return Some(format!("is_sent_start: {d}"));
    }
    let got: Vec<[usize; 2]> = doc
        .sentences
        .iter()
        .map(|s| [s.start_token, s.end_token])
        .collect();
    if got != fx.sents {
        return Some(format!(
            "sentences: spaCy {:?} quoth {:?}",
            fx.sents.iter().take(8).collect::<Vec<_>>(),
            got.iter().take(8).collect::<Vec<_>>()
        ));
    }
    for s in &doc.sentences {
        let (a, b) = (s.start_token, s.end_token);
        let ok = a < b
            && b <= doc.tokens.len()
            && s.start == doc.tokens[a].start
            && s.end == doc.tokens[b - 1].end;
        if !ok {
            return Some(format!(
                "sentence {a}..{b} has byte range {}..{} inconsistent with its tokens",
                s.start, s.end
            ));
        }
    }
    None
}

/// Compare entities (char and byte offsets, token range, label). `None` when identical.
fn diff_ents(fx: &FixtureDoc, doc: &Doc, c2b: &[usize]) -> Option<String> {
    let got: Vec<(usize, usize, usize, usize, String)> = doc
        .entities
        .iter()
        .map(|e| {
            (
                e.char_start,
                e.char_end,
                e.start_token,
                e.end_token,
                e.label.to_string(),
            )
        })
        .collect();
    let render = |e: &(usize, usize, usize, usize, String)| {
        let s = fx
            .text
            .get(c2b.get(e.0).copied().unwrap_or(0)..c2b.get(e.1).copied().unwrap_or(0))
            .unwrap_or("<bad range>");
        format!("{}[{}..{}]{}", e.4, e.0, e.1, show(s))
    };
    if got != fx.ents {
        let missing: Vec<String> = fx
            .ents
            .iter()
            .filter(|e| !got.contains(e))
            .map(render)
            .collect();
        let extra: Vec<String> = got
            .iter()
            .filter(|e| !fx.ents.contains(e))
            .map(render)
            .collect();
        return Some(format!(
            "{} vs {} ents; only spaCy: {} only quoth: {}",
            fx.ents.len(),
            got.len(),
            missing.join(", "),
            extra.join(", ")
        ));
    }
    for e in &doc.entities {
        if c2b.get(e.char_start) != Some(&e.start) || c2b.get(e.char_end) != Some(&e.end) {
            return Some(format!(
                "entity {} byte range {}..{} inconsistent with chars {}..{}",
                e.label, e.start, e.end, e.char_start, e.char_end
            ));
        }
    }
    None
}

fn strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// Compare one quoth document with its spaCy fixture.
pub fn compare(fx: &FixtureDoc, doc: &Doc) -> DocDiff {
    let c2b = char_to_byte(&fx.text);
    let mut d = DocDiff::default();
    if let Some(s) = diff_tokens(fx, doc, &c2b) {
        // Nothing else can be aligned; count every layer as different.
        for f in Field::ALL {
            d.fields.push((
                f,
                if f == Field::Tokens {
                    s.clone()
                } else {
                    String::new()
                },
            ));
        }
        return d;
    }
    let tags: Vec<&str> = doc.tokens.iter().map(|t| &*t.tag).collect();
    let pos: Vec<&str> = doc.tokens.iter().map(|t| &*t.pos).collect();
    let deps: Vec<&str> = doc.tokens.iter().map(|t| &*t.dep).collect();
    let heads: Vec<usize> = doc.tokens.iter().map(|t| t.head).collect();
    let checks = [
        (Field::Tag, diff_labels(fx, &c2b, &strs(&fx.tag), &tags)),
        (Field::Pos, diff_labels(fx, &c2b, &strs(&fx.pos), &pos)),
        (Field::Dep, diff_labels(fx, &c2b, &strs(&fx.dep), &deps)),
        (Field::Head, diff_labels(fx, &c2b, &fx.head, &heads)),
        (Field::SentStart, diff_sents(fx, doc, &c2b)),
        (Field::Ents, diff_ents(fx, doc, &c2b)),
    ];
    for (f, r) in checks {
        if let Some(s) = r {
            d.fields.push((f, s));
        }
    }
    d
}

/// Result of comparing a whole fixture.
#[derive(Debug, Default)]
pub struct Report {
    pub docs: usize,
    pub tokens: usize,
    /// Per field: number of documents that differ.
    pub field_mismatches: Vec<(Field, usize)>,
    /// Documents with any annotation (not token) difference.
    pub annotation_mismatches: usize,
    pub token_mismatches: usize,
    /// Printable summary (rates and every mismatching doc).
    pub text: String,
}

impl Report {
    /// Share of documents with every annotation identical.
    pub fn annotation_rate(&self) -> f64 {
        if self.docs == 0 {
            return 1.0;
        }
        1.0 - self.annotation_mismatches as f64 / self.docs as f64
    }
}

/// Compare fixture documents with quoth's (same order, same length), every layer.
pub fn report(name: &str, fixtures: &[FixtureDoc], docs: &[Doc]) -> Report {
    report_fields(name, fixtures, docs, &Field::ALL)
}

/// [`report`] restricted to some layers (e.g. tokens and entities for an NER-only run).
pub fn report_fields(
    name: &str,
    fixtures: &[FixtureDoc],
    docs: &[Doc],
    fields: &[Field],
) -> Report {
    assert_eq!(fixtures.len(), docs.len(), "one quoth doc per fixture doc");
    let mut r = Report {
        docs: fixtures.len(),
        tokens: fixtures.iter().map(FixtureDoc::n_tokens).sum(),
        ..Report::default()
    };
    let mut counts = [0usize; 7];
    let mut details = String::new();
    let mut ids_only = Vec::new();
    let mut detailed = 0;
    for (fx, doc) in fixtures.iter().zip(docs) {
        let mut d = compare(fx, doc);
        d.fields.retain(|(f, _)| fields.contains(f));
        if d.is_empty() {
            continue;
        }
        for (k, f) in Field::ALL.iter().enumerate() {
            if d.has(*f) {
                counts[k] += 1;
            }
        }
        if d.has(Field::Tokens) {
            r.token_mismatches += 1;
        }
        r.annotation_mismatches += 1;
        if detailed < MAX_DETAILED {
            detailed += 1;
            let _ = writeln!(details, "  doc {} ({}): {}", fx.id, fx.cat, show(&fx.text));
            for (f, s) in &d.fields {
                if !s.is_empty() {
                    let _ = writeln!(details, "    {f:?}: {s}");
                }
            }
        } else {
            ids_only.push(fx.id.to_string());
        }
    }
    r.field_mismatches = Field::ALL
        .iter()
        .copied()
        .zip(counts)
        .filter(|(f, _)| fields.contains(f))
        .collect();
    let mut t = String::new();
    let _ = writeln!(
        t,
        "{name}: {} docs, {} spaCy tokens; fully identical docs: {:.4}% ({} differ)",
        r.docs,
        r.tokens,
        100.0 * r.annotation_rate(),
        r.annotation_mismatches
    );
    for (f, c) in &r.field_mismatches {
        let rate = if r.docs == 0 {
            100.0
        } else {
            100.0 * (1.0 - *c as f64 / r.docs as f64)
        };
        let _ = writeln!(t, "  {f:?}: {rate:.4}% of docs identical ({c} differ)");
    }
    if r.annotation_mismatches > 0 {
        let _ = writeln!(t, "mismatching docs:");
        t.push_str(&details);
        if !ids_only.is_empty() {
            let _ = writeln!(t, "  ... and docs {}", ids_only.join(", "));
        }
    }
    r.text = t;
    r
}

/// Run the pipeline over every fixture text, on several threads (each using `analyze_batch`).
/// Results are in fixture order.
pub fn analyze_all(pipeline: &Pipeline, fixtures: &[FixtureDoc]) -> Vec<Doc> {
    let threads = std::env::var("QUOTH_TEST_THREADS")
        .ok()
        .and_then(|s| s.parse::<usize>().ok())
        .unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
        .clamp(1, 16);
    analyze_with(
        &|texts: &[&str]| pipeline.analyze_batch(texts),
        fixtures,
        threads,
    )
}

/// [`analyze_all`] with any batch analyser (the self-tests pass a fake one).
pub fn analyze_with(
    analyze: &(dyn Fn(&[&str]) -> Vec<Doc> + Sync),
    fixtures: &[FixtureDoc],
    threads: usize,
) -> Vec<Doc> {
    let threads = threads.max(1);
    // Interleave documents over threads so long articles do not all land on one thread.
    let mut out: Vec<Option<Doc>> = vec![None; fixtures.len()];
    let results: Vec<Vec<(usize, Doc)>> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                s.spawn(move || {
                    let mine: Vec<usize> = (t..fixtures.len()).step_by(threads).collect();
                    let mut res = Vec::with_capacity(mine.len());
                    for chunk in mine.chunks(32) {
                        let texts: Vec<&str> =
                            chunk.iter().map(|&i| fixtures[i].text.as_str()).collect();
                        let docs = analyze(&texts);
                        assert_eq!(docs.len(), texts.len(), "analyze_batch: one doc per text");
                        res.extend(chunk.iter().copied().zip(docs));
                    }
                    res
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("worker thread panicked"))
            .collect()
    });
    for (i, d) in results.into_iter().flatten() {
        out[i] = Some(d);
    }
    out.into_iter()
        .map(|d| d.expect("every document analysed"))
        .collect()
}

/// `QUOTH_PARITY_IDS=12,407` restricts a run to those corpus ids (debugging aid).
fn select_ids(name: &str, fixtures: &mut Vec<FixtureDoc>) {
    if let Ok(ids) = std::env::var("QUOTH_PARITY_IDS") {
        let ids: Vec<usize> = ids
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        fixtures.retain(|f| ids.contains(&f.id));
        println!(
            "{name}: QUOTH_PARITY_IDS set, {} docs selected",
            fixtures.len()
        );
    }
}

fn load_pipeline(model: &Path) -> Pipeline {
    Pipeline::load(model).unwrap_or_else(|e| panic!("cannot load model {}: {e}", model.display()))
}

/// Print the report and assert the parity requirements: tokens 100% identical, the compared
/// annotations identical on at least [`MIN_DOC_RATE`] of docs.
fn check(name: &str, fixtures: &[FixtureDoc], docs: &[Doc], fields: &[Field], secs: f64) {
    let r = report_fields(name, fixtures, docs, fields);
    println!("{}", r.text);
    println!(
        "{name}: analysed in {secs:.1} s ({:.0} tokens/s, test profile)",
        r.tokens as f64 / secs.max(1e-9)
    );
    assert_eq!(
        r.token_mismatches, 0,
        "{name}: tokenization must be 100% identical ({} docs differ); see the list above",
        r.token_mismatches
    );
    assert!(
        r.annotation_rate() >= MIN_DOC_RATE,
        "{name}: only {:.4}% of docs fully identical (need {:.1}%); see the list above",
        100.0 * r.annotation_rate(),
        100.0 * MIN_DOC_RATE
    );
}

/// Load `model`, run the full pipeline on every fixture doc and [`check`] every layer.
pub fn run_parity(name: &str, model: &Path, fixture: &Path) {
    let mut fixtures = load_fixture(fixture);
    select_ids(name, &mut fixtures);
    assert!(!fixtures.is_empty(), "{}: no documents", fixture.display());
    let pipeline = load_pipeline(model);
    let t0 = std::time::Instant::now();
    let docs = analyze_all(&pipeline, &fixtures);
    check(
        name,
        &fixtures,
        &docs,
        &Field::ALL,
        t0.elapsed().as_secs_f64(),
    );
}

/// Load `model`, run `Pipeline::analyze_ner_only` on every sm fixture doc and [`check`] tokens
/// and entities against spaCy's tokenizer+NER-only run.
pub fn run_ner_only_parity(name: &str, model: &Path) {
    let mut fixtures = load_ner_only_fixture();
    select_ids(name, &mut fixtures);
    assert!(!fixtures.is_empty(), "no documents");
    let pipeline = load_pipeline(model);
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let t0 = std::time::Instant::now();
    let ner_only = |texts: &[&str]| -> Vec<Doc> {
        texts.iter().map(|t| pipeline.analyze_ner_only(t)).collect()
    };
    let docs = analyze_with(&ner_only, &fixtures, threads);
    check(
        name,
        &fixtures,
        &docs,
        &[Field::Tokens, Field::Ents],
        t0.elapsed().as_secs_f64(),
    );
}

// ---------------------------------------------------------------------------------------------
// Self-tests of the comparison code (no model needed).
// ---------------------------------------------------------------------------------------------

/// Build the quoth document spaCy's fixture describes (what a perfect engine returns).
pub fn fixture_to_doc(fx: &FixtureDoc) -> Doc {
    let c2b = char_to_byte(&fx.text);
    let ws: Vec<bool> = fx.ws.bytes().map(|b| b == b'1').collect();
    let ss: Vec<bool> = fx.ss.bytes().map(|b| b == b'1').collect();
    let tokens: Vec<Token> = (0..fx.n_tokens())
        .map(|i| Token {
            start: c2b[fx.idx[i]],
            end: c2b[fx.idx[i] + fx.len[i]],
            char_start: fx.idx[i],
            char_end: fx.idx[i] + fx.len[i],
            whitespace: ws[i],
            tag: Arc::from(fx.tag[i].as_str()),
            pos: Arc::from(fx.pos[i].as_str()),
            head: fx.head[i],
            dep: Arc::from(fx.dep[i].as_str()),
            is_sent_start: ss[i],
        })
        .collect();
    let sentences = fx
        .sents
        .iter()
        .map(|&[a, b]| Sentence {
            start_token: a,
            end_token: b,
            start: tokens[a].start,
            end: tokens[b - 1].end,
        })
        .collect();
    let entities = fx
        .ents
        .iter()
        .map(|(cs, ce, a, b, l)| EntitySpan {
            start_token: *a,
            end_token: *b,
            start: c2b[*cs],
            end: c2b[*ce],
            char_start: *cs,
            char_end: *ce,
            label: Arc::from(l.as_str()),
        })
        .collect();
    Doc {
        text: fx.text.clone(),
        tokens,
        sentences,
        entities,
    }
}

#[cfg(test)]
mod selftest {
    use super::*;

    fn sm() -> Vec<FixtureDoc> {
        load_fixture(&crate_path("tests/fixtures/sm/parity.jsonl"))
    }

    /// A document with tokens, entities and two sentences, from the real fixture.
    fn rich(fixtures: &[FixtureDoc]) -> FixtureDoc {
        fixtures
            .iter()
            .find(|f| f.ents.len() >= 2 && f.sents.len() >= 2 && f.text.len() < 400)
            .expect("fixture has a doc with 2 ents and 2 sentences")
            .clone()
    }

    fn fields(fx: &FixtureDoc, doc: &Doc) -> Vec<Field> {
        compare(fx, doc).fields.iter().map(|(f, _)| *f).collect()
    }

    #[test]
    fn fixture_is_well_formed() {
        // spaCy invariants: tokens tile the text (text_with_ws concatenation), arrays are
        // parallel, heads and spans are in range, sentences partition the tokens.
        let corpus = load_corpus();
        for fx in sm() {
            let n = fx.n_tokens();
            assert_eq!(
                fx.text, corpus[fx.id],
                "doc {} text differs from corpus",
                fx.id
            );
            for (name, len) in [
                ("len", fx.len.len()),
                ("ws", fx.ws.len()),
                ("tag", fx.tag.len()),
                ("pos", fx.pos.len()),
                ("dep", fx.dep.len()),
                ("head", fx.head.len()),
                ("ss", fx.ss.len()),
            ] {
                assert_eq!(len, n, "doc {}: {name} not parallel to idx", fx.id);
            }
            let chars: Vec<char> = fx.text.chars().collect();
            let mut rebuilt = String::new();
            for i in 0..n {
                assert_eq!(
                    fx.idx[i],
                    rebuilt.chars().count(),
                    "doc {} token {i}",
                    fx.id
                );
                rebuilt.extend(&chars[fx.idx[i]..fx.idx[i] + fx.len[i]]);
                if fx.ws.as_bytes()[i] == b'1' {
                    rebuilt.push(' ');
                }
                assert!(fx.head[i] < n, "doc {} head out of range", fx.id);
            }
            assert_eq!(
                rebuilt, fx.text,
                "doc {}: tokens do not tile the text",
                fx.id
            );
            if n > 0 {
                assert_eq!(fx.sents.first().map(|s| s[0]), Some(0), "doc {}", fx.id);
                assert_eq!(fx.sents.last().map(|s| s[1]), Some(n), "doc {}", fx.id);
                assert!(fx.sents.windows(2).all(|w| w[0][1] == w[1][0]));
                let starts: Vec<usize> = fx.sents.iter().map(|s| s[0]).collect();
                let ss: Vec<usize> = (0..n).filter(|&i| fx.ss.as_bytes()[i] == b'1').collect();
                assert_eq!(starts, ss, "doc {}: sents vs is_sent_start", fx.id);
            }
            for e in &fx.ents {
                assert!(e.2 < e.3 && e.3 <= n, "doc {}: entity token range", fx.id);
                assert_eq!(e.0, fx.idx[e.2], "doc {}: entity start_char", fx.id);
                assert_eq!(e.1, fx.idx[e.3 - 1] + fx.len[e.3 - 1], "doc {}", fx.id);
            }
        }
    }

    #[test]
    fn md_fixture_matches_corpus() {
        let corpus = load_corpus();
        let md = load_fixture(&crate_path("tests/fixtures/md/parity.jsonl"));
        assert!(md.len() >= 150, "md fixture has {} docs", md.len());
        for fx in &md {
            assert_eq!(
                fx.text, corpus[fx.id],
                "md doc {} text differs from corpus",
                fx.id
            );
        }
    }

    #[test]
    fn corpus_has_the_required_coverage() {
        let corpus = load_corpus();
        assert!(corpus.len() >= 2000, "{} texts", corpus.len());
        let long = corpus
            .iter()
            .filter(|t| t.split_whitespace().count() >= 1000)
            .count();
        assert!(long >= 20, "{long} texts of 1,000+ words");
        for needle in [
            "\u{2028}", "\u{a0}", "\r\n", "\u{1c}", "\u{200d}", "’", "“", "🇺🇸",
        ] {
            assert!(
                corpus.iter().any(|t| t.contains(needle)),
                "no text contains {needle:?}"
            );
        }
        assert!(corpus.iter().any(|t| t.is_empty()));
        assert!(corpus.iter().any(|t| !t.is_empty() && t.trim().is_empty()));
    }

    #[test]
    fn perfect_docs_compare_equal() {
        let fixtures = sm();
        let docs: Vec<Doc> = fixtures.iter().map(fixture_to_doc).collect();
        let r = report("self", &fixtures, &docs);
        assert_eq!(r.annotation_mismatches, 0, "{}", r.text);
        assert_eq!(r.token_mismatches, 0);
        assert_eq!(r.annotation_rate(), 1.0);
    }

    #[test]
    fn each_layer_difference_is_detected_alone() {
        let fx = rich(&sm());
        let base = fixture_to_doc(&fx);
        let mut d = base.clone();
        d.tokens[1].tag = Arc::from("XX");
        assert_eq!(fields(&fx, &d), vec![Field::Tag]);
        let mut d = base.clone();
        d.tokens[0].pos = Arc::from("XX");
        assert_eq!(fields(&fx, &d), vec![Field::Pos]);
        let mut d = base.clone();
        d.tokens[2].dep = Arc::from("xx");
        assert_eq!(fields(&fx, &d), vec![Field::Dep]);
        let mut d = base.clone();
        d.tokens[2].head = (d.tokens[2].head + 1) % d.tokens.len();
        assert_eq!(fields(&fx, &d), vec![Field::Head]);
        let mut d = base.clone();
        let second = fx.sents[1][0];
        d.tokens[second].is_sent_start = false;
        assert_eq!(fields(&fx, &d), vec![Field::SentStart]);
        let mut d = base.clone();
        d.sentences.pop();
        assert_eq!(fields(&fx, &d), vec![Field::SentStart]);
        let mut d = base.clone();
        d.entities.pop();
        assert_eq!(fields(&fx, &d), vec![Field::Ents]);
        let mut d = base.clone();
        d.entities[0].label = Arc::from("XX");
        assert_eq!(fields(&fx, &d), vec![Field::Ents]);
        let mut d = base.clone();
        d.entities[0].start += 1;
        assert_eq!(
            fields(&fx, &d),
            vec![Field::Ents],
            "byte offsets are checked"
        );
    }

    #[test]
    fn token_differences_are_detected() {
        let fx = rich(&sm());
        let base = fixture_to_doc(&fx);
        let mut d = base.clone();
        d.tokens[0].whitespace = !d.tokens[0].whitespace;
        assert!(compare(&fx, &d).has(Field::Tokens));
        let mut d = base.clone();
        d.tokens.pop();
        assert!(compare(&fx, &d).has(Field::Tokens));
        let mut d = base.clone();
        d.tokens[1].end += 1;
        assert!(
            compare(&fx, &d).has(Field::Tokens),
            "byte offsets are checked"
        );
        let mut d = base.clone();
        d.tokens[1].char_start += 1;
        assert!(compare(&fx, &d).has(Field::Tokens));
        let mut d = base.clone();
        d.text.push('x');
        assert!(compare(&fx, &d).has(Field::Tokens));
        // A merged token: tokens 0 and 1 become one.
        let mut d = base;
        let t1 = d.tokens.remove(1);
        d.tokens[0].end = t1.end;
        d.tokens[0].char_end = t1.char_end;
        d.tokens[0].whitespace = t1.whitespace;
        let diff = compare(&fx, &d);
        assert!(diff.has(Field::Tokens));
        assert!(diff.fields[0].1.contains("first difference at token 0"));
    }

    #[test]
    fn non_ascii_offsets_are_compared_in_both_units() {
        // A doc whose last token starts after multi-byte characters: char and byte offsets
        // differ there, and handing back code points as byte offsets must be flagged.
        let fixtures = sm();
        let (fx, mut d) = fixtures
            .iter()
            .map(|f| (f, fixture_to_doc(f)))
            .find(|(_, d)| d.tokens.last().is_some_and(|t| t.start != t.char_start))
            .expect("a doc with non-ASCII text before its last token");
        let t = d.tokens.last_mut().expect("non-empty");
        t.start = t.char_start;
        assert!(compare(fx, &d).has(Field::Tokens));
    }

    #[test]
    fn threaded_analysis_keeps_fixture_order() {
        let fixtures = sm();
        let by_text: std::collections::HashMap<&str, &FixtureDoc> =
            fixtures.iter().map(|f| (f.text.as_str(), f)).collect();
        assert_eq!(by_text.len(), fixtures.len(), "corpus texts are unique");
        let fake = |texts: &[&str]| -> Vec<Doc> {
            texts.iter().map(|t| fixture_to_doc(by_text[t])).collect()
        };
        for threads in [1, 3] {
            let docs = analyze_with(&fake, &fixtures, threads);
            let r = report("self", &fixtures, &docs);
            assert_eq!(r.annotation_mismatches, 0, "{threads} threads: {}", r.text);
        }
        // A fake that shifts every doc by one is caught.
        let docs = analyze_with(&fake, &fixtures[1..], 2);
        let r = report("self", &fixtures[..fixtures.len() - 1], &docs);
        assert!(r.token_mismatches > fixtures.len() / 2);
    }

    #[test]
    fn ner_only_fixture_is_consistent_and_filtered_reports_ignore_other_layers() {
        let full = sm();
        let ner = load_ner_only_fixture();
        let mut differ = 0;
        for (f, n) in full.iter().zip(&ner) {
            for e in &n.ents {
                assert!(e.2 < e.3 && e.3 <= n.n_tokens(), "doc {}", n.id);
                assert_eq!(e.0, n.idx[e.2], "doc {}: entity start_char", n.id);
                assert_eq!(e.1, n.idx[e.3 - 1] + n.len[e.3 - 1], "doc {}", n.id);
            }
            differ += usize::from(f.ents != n.ents);
        }
        // spaCy's NER-only entities differ from the full pipeline's on a few docs (no parser
        // sentence starts); the NER-only test is only meaningful because of these.
        assert!(
            differ > 0,
            "ner-only entities identical to the full pipeline's everywhere"
        );
        // An NER-only doc has no tags or parse: a tokens+ents report must not count them.
        let docs: Vec<Doc> = ner
            .iter()
            .map(|f| {
                let mut d = fixture_to_doc(f);
                for t in &mut d.tokens {
                    t.tag = Arc::from("");
                    t.dep = Arc::from("");
                }
                d
            })
            .collect();
        let r = report_fields("self", &ner, &docs, &[Field::Tokens, Field::Ents]);
        assert_eq!(r.annotation_mismatches, 0, "{}", r.text);
        // ...while the full-pipeline entities would fail it.
        let full_docs: Vec<Doc> = full.iter().map(fixture_to_doc).collect();
        let r = report_fields("self", &ner, &full_docs, &[Field::Tokens, Field::Ents]);
        assert_eq!(r.annotation_mismatches, differ);
    }

    #[test]
    fn rates_and_report_count_documents() {
        let fixtures: Vec<FixtureDoc> = sm().into_iter().take(1000).collect();
        let mut docs: Vec<Doc> = fixtures.iter().map(fixture_to_doc).collect();
        // Break the tags of exactly two docs that have tokens.
        let broken: Vec<usize> = (0..docs.len())
            .filter(|&i| !docs[i].tokens.is_empty())
            .take(2)
            .collect();
        for &i in &broken {
            docs[i].tokens[0].tag = Arc::from("XX");
        }
        let r = report("self", &fixtures, &docs);
        assert_eq!(r.annotation_mismatches, 2);
        assert_eq!(r.token_mismatches, 0);
        assert!((r.annotation_rate() - 0.998).abs() < 1e-12);
        assert!(
            r.annotation_rate() < MIN_DOC_RATE,
            "2/1000 must fail the 99.9% bar"
        );
        assert_eq!(
            r.field_mismatches
                .iter()
                .find(|(f, _)| *f == Field::Tag)
                .map(|x| x.1),
            Some(2)
        );
        for &i in &broken {
            assert!(r.text.contains(&format!("doc {} (", fixtures[i].id)));
        }
        docs[broken[1]].tokens[0].tag = Arc::from(fixtures[broken[1]].tag[0].as_str());
        let r = report("self", &fixtures, &docs);
        assert!(r.annotation_rate() >= MIN_DOC_RATE, "1/1000 passes");
    }
}
