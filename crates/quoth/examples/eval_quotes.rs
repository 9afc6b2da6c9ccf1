//! Evaluate quote extraction on the hand-annotated dev set (`tests/quotes_devset/devset.jsonl`).
//!
//! Prints quote-span precision/recall/F1 (exact and ≥50% overlap), speaker accuracy (right
//! resolved name), combined quote+right-speaker F1, and breakdowns by kind and speaker type.
//!
//! ```text
//! cargo run --no-default-features --example eval_quotes -- [--set dev|heldout|blind|blind2|all]
//!     [--source fixture|pipeline] [--verbose]
//! ```
//! `dev` (the default) is the set the rules were developed on; `heldout` was written after the
//! first tuning (its first-run figures are in tests/quotes_devset/README.md, later fixes used
//! it); `blind` came next (one general fix after its first run); `blind2` was written last and
//! never tuned on.
//! `--bench` instead times quote extraction on one long article (all fixture passages joined
//! into one document, about 3,600 tokens) and prints microseconds per article; with
//! `--source pipeline` also the engine's time on the same text and the ratio (build with
//! `--release` for meaningful figures).
//! `--text "…"` parses one text with the engine and prints its quotes, one per line (debugging).
//! `--source pipeline` parses with `quoth::nlp::Pipeline` (default model); `fixture` (the default
//! until the engine lands, and the fallback when the model cannot be loaded) uses the committed
//! spaCy Doc JSON in `tests/fixtures/quote_docs/docs.jsonl`.

#[path = "../tests/common/quote_docs.rs"]
mod quote_docs;

use std::collections::BTreeMap;

use quote_docs::{blind, blind2, devset, fixture_docs, heldout, norm_name, GoldQuote};
use quoth::coref::{link_mentions_with_quotes, name_pronoun_speakers};
use quoth::entities::{group_entities, GroupOptions};
use quoth::nlp::{Doc, Pipeline};
use quoth::quotes::{extract_quotes, Quote, QuoteKind};

#[derive(Default, Clone, Copy)]
struct Prf {
    tp: usize,
    pred: usize,
    gold: usize,
}

impl Prf {
    fn p(&self) -> f64 {
        ratio(self.tp, self.pred)
    }
    fn r(&self) -> f64 {
        ratio(self.tp, self.gold)
    }
    fn f(&self) -> f64 {
        let (p, r) = (self.p(), self.r());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn line(&self, name: &str) -> String {
        format!(
            "{name:<34} P {:5.1}  R {:5.1}  F1 {:5.1}   (tp {} / pred {} / gold {})",
            100.0 * self.p(),
            100.0 * self.r(),
            100.0 * self.f(),
            self.tp,
            self.pred,
            self.gold
        )
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn overlap(a: &[(usize, usize)], b: &[(usize, usize)]) -> usize {
    let mut o = 0;
    for &(s1, e1) in a {
        for &(s2, e2) in b {
            o += e1.min(e2).saturating_sub(s1.max(s2));
        }
    }
    o
}

fn len(a: &[(usize, usize)]) -> usize {
    a.iter().map(|(s, e)| e - s).sum()
}

fn kind_name(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Direct => "direct",
        QuoteKind::Mixed => "mixed",
        QuoteKind::Indirect => "indirect",
    }
}

fn speaker_name(q: &Quote) -> Option<String> {
    q.speaker.as_ref().and_then(|s| s.name.clone())
}

fn speaker_right(g: &GoldQuote, p: &Quote) -> bool {
    match (&g.speaker, speaker_name(p)) {
        (None, None) => true,
        (Some(a), Some(b)) => norm_name(a) == norm_name(&b),
        _ => false,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let verbose = args.iter().any(|a| a == "--verbose" || a == "-v");
    let want = args
        .iter()
        .position(|a| a == "--source")
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
        .unwrap_or("fixture");
    let pipeline = if want == "pipeline" {
        match Pipeline::load_default() {
            Ok(p) => Some(p),
            Err(e) => {
                eprintln!("pipeline unavailable ({e}); falling back to the spaCy fixture");
                None
            }
        }
    } else {
        None
    };
    if let Some(text) = args
        .iter()
        .position(|a| a == "--text")
        .and_then(|i| args.get(i + 1))
    {
        show(text);
        return;
    }
    let fixture = fixture_docs();
    if args.iter().any(|a| a == "--bench") {
        bench(&fixture, pipeline.as_ref());
        return;
    }
    let set = args
        .iter()
        .position(|a| a == "--set")
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
        .unwrap_or("dev");
    let passages = match set {
        "heldout" => heldout(),
        "blind" => blind(),
        "blind2" => blind2(),
        "all" => devset()
            .into_iter()
            .chain(heldout())
            .chain(blind())
            .chain(blind2())
            .collect(),
        _ => devset(),
    };
    println!(
        "set: {set}; source: {}; {} passages, {} gold quotes",
        if pipeline.is_some() {
            "quoth Pipeline"
        } else {
            "spaCy fixture (tests/fixtures/quote_docs)"
        },
        passages.len(),
        passages.iter().map(|p| p.quotes.len()).sum::<usize>()
    );

    let mut exact = Prf::default();
    let mut half = Prf::default();
    let mut combined = Prf::default();
    let mut matched = 0usize;
    let mut spk_right = 0usize;
    let mut kind_right = 0usize;
    let mut by_kind: BTreeMap<&str, Prf> = BTreeMap::new();
    // per gold speaker type: (gold, found, right speaker)
    let mut by_type: BTreeMap<String, (usize, usize, usize)> = BTreeMap::new();
    let mut by_style: BTreeMap<String, Prf> = BTreeMap::new();

    for p in &passages {
        let doc: Doc = match &pipeline {
            Some(pl) => pl.analyze(&p.text),
            None => match fixture.get(&p.id) {
                Some(d) => d.clone(),
                None => {
                    eprintln!("{}: not in fixture; rerun scripts/quote_docs.py", p.id);
                    continue;
                }
            },
        };
        let ents = group_entities(&doc, &GroupOptions::default());
        let mut pred = extract_quotes(&doc, &ents);
        // As the service does: coreference names the pronoun speakers the quotes left open.
        let extra = link_mentions_with_quotes(&doc, &ents, &pred);
        name_pronoun_speakers(&mut pred, &extra, &ents);
        let pspans: Vec<Vec<(usize, usize)>> = pred
            .iter()
            .map(|q| q.content.iter().map(|s| (s.start, s.end)).collect())
            .collect();
        exact.pred += pred.len();
        half.pred += pred.len();
        combined.pred += pred.len();
        exact.gold += p.quotes.len();
        half.gold += p.quotes.len();
        combined.gold += p.quotes.len();
        let st = by_style.entry(p.style.clone()).or_default();
        st.pred += pred.len();
        st.gold += p.quotes.len();
        for q in &pred {
            by_kind.entry(kind_name(q.kind)).or_default().pred += 1;
        }
        for g in &p.quotes {
            by_kind.entry(leak(&g.kind)).or_default().gold += 1;
            by_type.entry(g.speaker_type.clone()).or_default().0 += 1;
        }
        // Greedy one-to-one matching by overlap.
        let mut taken = vec![false; pred.len()];
        let mut log = Vec::new();
        for g in &p.quotes {
            let best = (0..pred.len())
                .filter(|&i| !taken[i])
                .map(|i| (overlap(&g.content, &pspans[i]), i))
                .max();
            let hit = best
                .filter(|&(o, i)| o * 2 >= len(&g.content) && o * 2 >= len(&pspans[i]) && o > 0);
            match hit {
                Some((_, i)) => {
                    taken[i] = true;
                    half.tp += 1;
                    st.tp += 1;
                    matched += 1;
                    let mut gs = g.content.clone();
                    gs.sort_unstable();
                    if gs == pspans[i] {
                        exact.tp += 1;
                    }
                    let q = &pred[i];
                    if kind_name(q.kind) == g.kind {
                        kind_right += 1;
                        by_kind.entry(leak(&g.kind)).or_default().tp += 1;
                    } else {
                        log.push(format!(
                            "  kind: gold {} got {} for {:?} [{}]",
                            g.kind,
                            kind_name(q.kind),
                            pspans[i]
                                .iter()
                                .map(|&(s, e)| &p.text[s..e])
                                .collect::<Vec<_>>(),
                            q.rule
                        ));
                    }
                    by_type.entry(g.speaker_type.clone()).or_default().1 += 1;
                    if speaker_right(g, q) {
                        spk_right += 1;
                        combined.tp += 1;
                        by_type.entry(g.speaker_type.clone()).or_default().2 += 1;
                    } else {
                        log.push(format!(
                            "  speaker: gold {:?} ({}) got {:?} [{}]",
                            g.speaker,
                            g.speaker_type,
                            speaker_name(q),
                            q.rule
                        ));
                    }
                    if gs != pspans[i] {
                        log.push(format!(
                            "  inexact: gold {:?} got {:?}",
                            gs.iter().map(|&(s, e)| &p.text[s..e]).collect::<Vec<_>>(),
                            pspans[i]
                                .iter()
                                .map(|&(s, e)| &p.text[s..e])
                                .collect::<Vec<_>>()
                        ));
                    }
                }
                None => log.push(format!(
                    "  missed {} {:?}",
                    g.kind,
                    g.content
                        .iter()
                        .map(|&(s, e)| &p.text[s..e])
                        .collect::<Vec<_>>()
                )),
            }
        }
        for (i, q) in pred.iter().enumerate() {
            if !taken[i] {
                log.push(format!(
                    "  spurious {} {:?} [{}] speaker {:?}",
                    kind_name(q.kind),
                    pspans[i]
                        .iter()
                        .map(|&(s, e)| &p.text[s..e])
                        .collect::<Vec<_>>(),
                    q.rule,
                    speaker_name(q)
                ));
            }
        }
        if verbose && !log.is_empty() {
            println!("{}:\n{}", p.id, log.join("\n"));
        }
    }

    println!();
    println!("{}", exact.line("quote spans, exact"));
    println!("{}", half.line("quote spans, >=50% overlap"));
    println!(
        "{:<34} {:5.1}%  ({spk_right} / {matched} matched quotes)",
        "speaker accuracy (resolved name)",
        100.0 * ratio(spk_right, matched)
    );
    println!("{}", combined.line("quote + right speaker"));
    println!(
        "{:<34} {:5.1}%  ({kind_right} / {matched})",
        "kind accuracy (matched quotes)",
        100.0 * ratio(kind_right, matched)
    );
    println!("\nby kind (tp = overlap match with the same kind):");
    for (k, v) in &by_kind {
        println!("{}", v.line(&format!("  {k}")));
    }
    println!("\nby gold speaker type: quotes found, speaker right among found");
    for (k, (g, f, r)) in &by_type {
        println!(
            "  {k:<14} gold {g:>3}  found {f:>3} ({:5.1}%)  right speaker {r:>3} ({:5.1}%)",
            100.0 * ratio(*f, *g),
            100.0 * ratio(*r, *f)
        );
    }
    println!("\nby style (>=50% overlap):");
    for (k, v) in &by_style {
        println!("{}", v.line(&format!("  {k}")));
    }
}

/// Kind names from the dev set as static strings for the breakdown map.
fn leak(k: &str) -> &'static str {
    match k {
        "direct" => "direct",
        "mixed" => "mixed",
        "indirect" => "indirect",
        _ => "other",
    }
}

/// Join docs into one long article (paragraph per doc), shifting every offset.
fn concat(docs: &[&Doc]) -> Doc {
    let mut out = Doc {
        text: String::new(),
        tokens: Vec::new(),
        sentences: Vec::new(),
        entities: Vec::new(),
    };
    let mut chars = 0usize;
    for d in docs {
        if !out.text.is_empty() {
            // The separator becomes a whitespace token so that paragraphs stay apart.
            let (b, c, n) = (out.text.len(), chars, out.tokens.len());
            out.text.push('\n');
            chars += 1;
            out.tokens.push(quoth::nlp::Token {
                start: b,
                end: b + 1,
                char_start: c,
                char_end: c + 1,
                whitespace: false,
                tag: "_SP".into(),
                pos: "SPACE".into(),
                head: n,
                dep: "dep".into(),
                is_sent_start: false,
            });
        }
        let (b, c, n) = (out.text.len(), chars, out.tokens.len());
        out.text.push_str(&d.text);
        chars += d.text.chars().count();
        for t in &d.tokens {
            let mut t = t.clone();
            t.start += b;
            t.end += b;
            t.char_start += c;
            t.char_end += c;
            t.head += n;
            out.tokens.push(t);
        }
        for s in &d.sentences {
            let mut s = s.clone();
            s.start_token += n;
            s.end_token += n;
            s.start += b;
            s.end += b;
            out.sentences.push(s);
        }
        for e in &d.entities {
            let mut e = e.clone();
            e.start_token += n;
            e.end_token += n;
            e.start += b;
            e.end += b;
            e.char_start += c;
            e.char_end += c;
            out.entities.push(e);
        }
    }
    out
}

fn bench(fixture: &std::collections::HashMap<String, Doc>, nlp: Option<&Pipeline>) {
    let mut ids: Vec<&String> = fixture.keys().collect();
    ids.sort();
    let docs: Vec<&Doc> = ids.iter().map(|id| &fixture[*id]).collect();
    let doc = concat(&docs);
    let ents = group_entities(&doc, &GroupOptions::default());
    let reps = 200;
    let t0 = std::time::Instant::now();
    let mut n = 0;
    for _ in 0..reps {
        n += extract_quotes(std::hint::black_box(&doc), &ents).len();
    }
    let per = t0.elapsed().as_secs_f64() * 1e6 / reps as f64;
    let t1 = std::time::Instant::now();
    for _ in 0..reps {
        std::hint::black_box(group_entities(&doc, &GroupOptions::default()));
    }
    let per_group = t1.elapsed().as_secs_f64() * 1e6 / reps as f64;
    println!(
        "long article: {} bytes, {} tokens, {} sentences, {} quotes",
        doc.text.len(),
        doc.tokens.len(),
        doc.sentences.len(),
        n / reps
    );
    println!(
        "extract_quotes: {per:.0} µs per article ({:.1} µs per 1k tokens)",
        per * 1000.0 / doc.tokens.len() as f64
    );
    println!("group_entities: {per_group:.0} µs per article (for comparison)");
    if let Some(nlp) = nlp {
        let reps = 5;
        let t = std::time::Instant::now();
        for _ in 0..reps {
            std::hint::black_box(nlp.analyze(&doc.text));
        }
        let engine = t.elapsed().as_secs_f64() * 1e6 / reps as f64;
        // Quotes on the engine's own parse of the whole article.
        let edoc = nlp.analyze(&doc.text);
        let eents = group_entities(&edoc, &GroupOptions::default());
        let t = std::time::Instant::now();
        for _ in 0..200 {
            std::hint::black_box(extract_quotes(std::hint::black_box(&edoc), &eents));
        }
        let q = t.elapsed().as_secs_f64() * 1e6 / 200.0;
        println!(
            "engine (Pipeline::analyze): {engine:.0} µs per article; extract_quotes on its parse \
             {q:.0} µs = {:.2}% of the engine pass",
            100.0 * q / engine
        );
    }
}

/// Print the quotes of one text (parsed by the engine), one line each.
fn show(text: &str) {
    let nlp = match Pipeline::load_default() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("cannot load the model: {e}");
            return;
        }
    };
    let doc = nlp.analyze(text);
    let ents = group_entities(&doc, &GroupOptions::default());
    for q in extract_quotes(&doc, &ents) {
        let content: Vec<&str> = q.content.iter().map(|s| s.text(text)).collect();
        println!(
            "{} {:?} cue={:?} speaker={:?} as {:?} ({:?}) [{}]",
            kind_name(q.kind),
            content,
            q.cue.map(|c| c.text(text)),
            q.speaker.as_ref().map(|s| s.span.text(text)),
            q.speaker.as_ref().and_then(|s| s.name.clone()),
            q.speaker.as_ref().map(|s| s.kind),
            q.rule
        );
    }
}
