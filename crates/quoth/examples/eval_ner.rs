//! Named-entity accuracy of quoth on a gold JSONL, the way the API computes entities (full
//! pipeline, then `group_entities`), for raw (`GroupOptions { raw: true }`, spaCy's `doc.ents`)
//! and grouped output.
//!
//! ```text
//! cargo run --release -p quoth --example eval_ner -- --gold /work/data/ontonotes_dev.jsonl
//!     [--model DIR]... [--vote majority|primary|union] [--ensemble logits|probs]
//!     [--weights W1,W2,..] [--name-weights W1,..] [--value-weights W1,..] [--accurate-weights]
//!     [--repeated-names]
//!     [--main-weight W] [--parse-model K] [--pred-raw F] [--pred-grouped F]
//!     [--gum-out F] [--gum-raw-out F] [--limit N] [--diff N] [--text T]
//! ```
//! Gold lines are `{"id","text","entities":[{"start","end","label"}]}` (code points, end
//! exclusive), as `/work/shared/eval/ner_eval.py` reads them; the genre of a document is its id
//! up to the first `/` (`nw/wsj/...` → `nw`). Printed: micro P/R/F1, exact and
//! possessive-insensitive (a trailing `'s`/`’s`/`'`/`’` ignored on both sides, as
//! `ner_eval.py --possessive`; edge whitespace is always ignored), per genre and per label.
//!
//! With several `--model`s each pipeline is scored alone and their span vote
//! (`quoth::entities::vote`, first model most trusted) is scored too, and with
//! `--ensemble logits|probs` their score-level ensemble (`Pipeline::analyze_ensemble`; model
//! K's scores count `--weights`' K-th factor times, default 1 (`--main-weight W` sets the first;
//! `--name-weights` / `--value-weights` set model K's factor on the moves for names / for
//! dates, times and numbers, default its `--weights`; `--accurate-weights` weighs as the
//! `accurate` profile does, `quoth::analyzer::accurate_weights`; `--repeated-names` then tags
//! the further occurrences of its names, `quoth::entities::tag_repeated_names`, the profile's
//! last step; with one `--model`, it tags that model's names);
//! the `--parse-model` K-th model, default the first, gives tokens, parse and class list). `--pred-raw` /
//! `--pred-grouped` write the predictions of the last system (the vote when there is one) for
//! `ner_eval.py`; `--gum-out` writes grouped PERSON/ORG/GPE/LOC/FAC entities in the format of
//! `gum_eval.py` (`--gum-raw-out`: the same from raw output; a GUM gold file has no scorable
//! `entities` spans, so only these files are meaningful there).
//! `--diff N` prints up to N spans where raw and grouped disagree with gold differently.
//! `--text "…"` instead prints the raw and grouped mentions of one text (first model).
//!
//! Measured on OntoNotes 5 dev (1,458 docs; possessive-insensitive micro F1, all genres / nw+bn;
//! 2026-12-07, the README's entity section has the full table):
//!
//! | system | raw | grouped |
//! |---|---|---|
//! | sm 3.8 (vendored, `fast`) | 81.32 / 86.94 | 82.02 / 87.54 |
//! | md 3.8 | 81.89 / 87.66 | 82.70 / 88.29 |
//! | span vote (primary) md + sm + sm 3.6 | 81.88 / 87.62 | 82.56 / 88.20 |
//! | score ensemble, logits, sm + md ×2 + sm 3.6 | 82.64 / 88.27 | 83.13 / 88.71 |
//! | the same weighted per move kind (`accurate`, `--accurate-weights`) | 82.73 / 88.33 | 83.31 / 88.82 |
//!
//! GUM dev (`gum_eval.py`, named-mention F1 exact / head): sm grouped 53.6 / 74.5, ensemble
//! grouped 55.2 / 78.3 (grouped loses exact matches where GUM keeps a possessive `'s` in the
//! span).

use std::collections::{BTreeMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::time::Instant;

use quoth::entities::{
    group_entities, tag_repeated_names, voted_doc, Entities, GroupOptions, VoteMode,
};
use quoth::nlp::pipeline::{MemberWeights, ScoreCombine};
use quoth::nlp::{Doc, Pipeline};
use serde_json::{json, Value};

/// Documents per engine batch (bounds memory; the engine groups tokens itself).
const BATCH_DOCS: usize = 32;

/// Labels written for GUM (its person/organization/place types).
const GUM_LABELS: &[&str] = &["PERSON", "ORG", "GPE", "LOC", "FAC", "NORP"];

/// A scored span: code-point start, end, label.
type Span = (usize, usize, String);

struct GoldDoc {
    id: String,
    text: String,
    genre: String,
    gold: Vec<Span>,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    sys: usize,
    gold: usize,
}

impl Counts {
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.sys += o.sys;
        self.gold += o.gold;
    }
    fn prf(&self) -> (f64, f64, f64) {
        let p = ratio(self.tp, self.sys);
        let r = ratio(self.tp, self.gold);
        let f = if p + r > 0.0 {
            2.0 * p * r / (p + r)
        } else {
            0.0
        };
        (100.0 * p, 100.0 * r, 100.0 * f)
    }
    fn f(&self) -> f64 {
        self.prf().2
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// Scores of one system output (raw or grouped).
#[derive(Default)]
struct Score {
    exact: Counts,
    poss: Counts,
    genre: BTreeMap<String, Counts>,
    label: BTreeMap<String, Counts>,
}

/// Edge whitespace always, and a trailing possessive when `poss` (as `ner_eval.py`).
fn trim(chars: &[char], s: usize, e: usize, poss: bool) -> (usize, usize) {
    let (mut s, mut e) = (s.min(chars.len()), e.min(chars.len()));
    while s < e && chars[s].is_whitespace() {
        s += 1;
    }
    while e > s && chars[e - 1].is_whitespace() {
        e -= 1;
    }
    if poss {
        for suf in ["'s", "\u{2019}s", "'", "\u{2019}"] {
            let n = suf.chars().count();
            if e - s > n && chars[e - n..e].iter().copied().eq(suf.chars()) {
                e -= n;
                break;
            }
        }
    }
    (s, e)
}

fn span_set(chars: &[char], spans: &[Span], poss: bool) -> HashSet<Span> {
    spans
        .iter()
        .filter_map(|(s, e, l)| {
            let (s, e) = trim(chars, *s, *e, poss);
            (e > s).then(|| (s, e, l.clone()))
        })
        .collect()
}

impl Score {
    fn add(&mut self, d: &GoldDoc, sys: &[Span]) {
        let chars: Vec<char> = d.text.chars().collect();
        for poss in [false, true] {
            let g = span_set(&chars, &d.gold, poss);
            let s = span_set(&chars, sys, poss);
            let c = Counts {
                tp: g.intersection(&s).count(),
                sys: s.len(),
                gold: g.len(),
            };
            if !poss {
                self.exact.add(c);
                continue;
            }
            self.poss.add(c);
            self.genre.entry(d.genre.clone()).or_default().add(c);
            for x in g.iter().chain(&s) {
                self.label.entry(x.2.clone()).or_default();
            }
            for (l, ct) in self.label.iter_mut() {
                ct.add(Counts {
                    tp: g.intersection(&s).filter(|x| &x.2 == l).count(),
                    sys: s.iter().filter(|x| &x.2 == l).count(),
                    gold: g.iter().filter(|x| &x.2 == l).count(),
                });
            }
        }
    }
}

/// Code-point offsets of the mentions of `ents`.
fn mention_spans(text: &str, ents: &Entities) -> Vec<Span> {
    let cp = char_index(text);
    ents.mentions
        .iter()
        .map(|m| {
            let at = |b: usize| cp.get(b).copied().unwrap_or(0);
            (at(m.start), at(m.end), m.label.to_string())
        })
        .collect()
}

/// Code-point index of every byte offset (valid at character boundaries).
fn char_index(text: &str) -> Vec<usize> {
    let mut cp = vec![0; text.len() + 1];
    let mut n = 0;
    for (b, c) in text.char_indices() {
        cp[b] = n;
        for k in 1..c.len_utf8() {
            cp[b + k] = n;
        }
        n += 1;
    }
    cp[text.len()] = n;
    cp
}

struct Args {
    gold: String,
    models: Vec<String>,
    vote: VoteMode,
    pred_raw: Option<String>,
    pred_grouped: Option<String>,
    gum_out: Option<String>,
    gum_raw_out: Option<String>,
    limit: usize,
    diff: usize,
    text: Option<String>,
    ensemble: Option<ScoreCombine>,
    /// Factor on each `--model`'s scores in the ensemble (missing ones: 1).
    weights: Vec<f32>,
    /// Factor on each `--model`'s scores for name moves (missing ones: its `weights`).
    name_weights: Vec<f32>,
    /// Factor on each `--model`'s scores for value moves (dates, numbers; missing ones: its
    /// `weights`).
    value_weights: Vec<f32>,
    /// Weigh the ensemble as the `accurate` profile does (`quoth::analyzer::accurate_weights`).
    accurate_weights: bool,
    /// Tag further occurrences of the ensemble's names (`tag_repeated_names`).
    repeated_names: bool,
    /// Which `--model` gives the ensemble's tokens, parse and class list.
    parse_model: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        gold: String::new(),
        models: Vec::new(),
        vote: VoteMode::Primary,
        pred_raw: None,
        pred_grouped: None,
        gum_out: None,
        gum_raw_out: None,
        limit: usize::MAX,
        diff: 0,
        text: None,
        ensemble: None,
        weights: Vec::new(),
        name_weights: Vec::new(),
        value_weights: Vec::new(),
        accurate_weights: false,
        repeated_names: false,
        parse_model: 0,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut val = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--gold" => a.gold = val()?,
            "--model" => a.models.push(val()?),
            "--vote" => {
                a.vote = match val()?.as_str() {
                    "majority" => VoteMode::Majority,
                    "primary" => VoteMode::Primary,
                    "union" => VoteMode::Union,
                    v => return Err(format!("unknown vote mode {v}")),
                }
            }
            "--pred-raw" => a.pred_raw = Some(val()?),
            "--pred-grouped" => a.pred_grouped = Some(val()?),
            "--gum-out" => a.gum_out = Some(val()?),
            "--gum-raw-out" => a.gum_raw_out = Some(val()?),
            "--limit" => a.limit = val()?.parse().map_err(|e| format!("--limit: {e}"))?,
            "--text" => a.text = Some(val()?),
            "--main-weight" => {
                let w = val()?.parse().map_err(|e| format!("--main-weight: {e}"))?;
                match a.weights.first_mut() {
                    Some(first) => *first = w,
                    None => a.weights.push(w),
                }
            }
            "--weights" => a.weights = float_list(&flag, &val()?)?,
            "--name-weights" => a.name_weights = float_list(&flag, &val()?)?,
            "--value-weights" => a.value_weights = float_list(&flag, &val()?)?,
            "--accurate-weights" => a.accurate_weights = true,
            "--repeated-names" => a.repeated_names = true,
            "--parse-model" => {
                a.parse_model = val()?.parse().map_err(|e| format!("--parse-model: {e}"))?
            }
            "--ensemble" => {
                a.ensemble = Some(match val()?.as_str() {
                    "logits" => ScoreCombine::Logits,
                    "probs" => ScoreCombine::Probabilities,
                    v => return Err(format!("unknown ensemble mode {v}")),
                })
            }
            "--diff" => a.diff = val()?.parse().map_err(|e| format!("--diff: {e}"))?,
            f => return Err(format!("unknown flag {f}")),
        }
    }
    if a.gold.is_empty() && a.text.is_none() {
        return Err("--gold FILE is required".into());
    }
    Ok(a)
}

/// `1,2.5,1` → the numbers.
fn float_list(flag: &str, v: &str) -> Result<Vec<f32>, String> {
    v.split(',')
        .map(|w| w.trim().parse::<f32>())
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{flag}: {e}"))
}

/// The ensemble weights of the `i`-th `--model`.
fn member_weights(args: &Args, i: usize) -> MemberWeights {
    if args.accurate_weights {
        return quoth::analyzer::accurate_weights(i);
    }
    let w = args.weights.get(i).copied().unwrap_or(1.0);
    quoth::analyzer::names_and_values_weights(
        w,
        args.name_weights.get(i).copied().unwrap_or(w),
        args.value_weights.get(i).copied().unwrap_or(w),
    )
}

fn read_gold(path: &str, limit: usize) -> Result<Vec<GoldDoc>, String> {
    let f = File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let mut out = Vec::new();
    for line in BufReader::new(f).lines() {
        let line = line.map_err(|e| format!("{path}: {e}"))?;
        if line.trim().is_empty() {
            continue;
        }
        if out.len() >= limit {
            break;
        }
        let v: Value = serde_json::from_str(&line).map_err(|e| format!("{path}: {e}"))?;
        let id = v["id"].as_str().unwrap_or_default().to_string();
        let text = v["text"].as_str().unwrap_or_default().to_string();
        let genre = id.split('/').next().unwrap_or_default().to_string();
        let gold = v["entities"]
            .as_array()
            .map(|es| {
                es.iter()
                    .filter_map(|e| {
                        Some((
                            usize::try_from(e["start"].as_u64()?).ok()?,
                            usize::try_from(e["end"].as_u64()?).ok()?,
                            e["label"].as_str()?.to_string(),
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        out.push(GoldDoc {
            id,
            text,
            genre,
            gold,
        });
    }
    Ok(out)
}

/// One system: its name and raw and grouped scores.
struct System {
    name: String,
    raw: Score,
    grouped: Score,
}

fn print_system(s: &System) {
    println!("== {}", s.name);
    for (what, sc) in [("raw", &s.raw), ("grouped", &s.grouped)] {
        let (p, r, f) = sc.exact.prf();
        let (pp, pr, pf) = sc.poss.prf();
        println!(
            "{what:<8} exact P {p:5.2} R {r:5.2} F1 {f:5.2} | possessive-insensitive P {pp:5.2} R {pr:5.2} F1 {pf:5.2}  (tp {} sys {} gold {})",
            sc.poss.tp, sc.poss.sys, sc.poss.gold
        );
    }
    println!("  genre      gold    raw F1  grouped F1   delta");
    for (g, c) in &s.raw.genre {
        let gc = s.grouped.genre.get(g).copied().unwrap_or_default();
        println!(
            "  {g:<8} {:6}  {:8.2}  {:10.2}  {:+6.2}",
            c.gold,
            c.f(),
            gc.f(),
            gc.f() - c.f()
        );
    }
    let news = |sc: &Score| {
        let mut c = Counts::default();
        for g in ["nw", "bn"] {
            c.add(sc.genre.get(g).copied().unwrap_or_default());
        }
        c
    };
    let (rn, gn) = (news(&s.raw), news(&s.grouped));
    if rn.gold > 0 {
        println!(
            "  news(nw+bn) {:4}  {:8.2}  {:10.2}  {:+6.2}",
            rn.gold,
            rn.f(),
            gn.f(),
            gn.f() - rn.f()
        );
    }
    println!("  label        gold    raw F1  grouped F1   delta");
    let mut labels: Vec<_> = s.raw.label.iter().collect();
    labels.sort_by_key(|(_, c)| std::cmp::Reverse(c.gold));
    for (l, c) in labels {
        let gc = s.grouped.label.get(l).copied().unwrap_or_default();
        println!(
            "  {l:<11} {:6}  {:8.2}  {:10.2}  {:+6.2}",
            c.gold,
            c.f(),
            gc.f(),
            gc.f() - c.f()
        );
    }
}

fn pred_line(d: &GoldDoc, spans: &[Span]) -> Value {
    let ents: Vec<Value> = spans
        .iter()
        .map(|(s, e, l)| json!({"start": s, "end": e, "label": l}))
        .collect();
    json!({"id": d.id, "entities": ents})
}

fn gum_line(d: &GoldDoc, ents: &Entities) -> Value {
    let cp = char_index(&d.text);
    let at = |b: usize| cp.get(b).copied().unwrap_or(0);
    let out: Vec<Value> = ents
        .entities
        .iter()
        .filter(|e| GUM_LABELS.contains(&&*e.label))
        .map(|e| {
            let ms: Vec<Value> = e
                .mentions
                .iter()
                .filter_map(|&i| ents.mentions.get(i))
                .map(|m| json!({"start": at(m.start), "end": at(m.end), "kind": "proper"}))
                .collect();
            json!({"name": e.name, "label": &*e.label, "mentions": ms})
        })
        .collect();
    json!({"id": d.id, "entities": out})
}

fn open_out(path: &Option<String>) -> Result<Option<BufWriter<File>>, String> {
    path.as_ref()
        .map(|p| {
            File::create(p)
                .map(BufWriter::new)
                .map_err(|e| format!("{p}: {e}"))
        })
        .transpose()
}

fn write_line(w: &mut Option<BufWriter<File>>, v: &Value) -> Result<(), String> {
    if let Some(w) = w {
        writeln!(w, "{v}").map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `--text`: the raw and grouped mentions of one text.
fn show(p: &Pipeline, text: &str) {
    let doc = p.analyze(text);
    for raw in [true, false] {
        let ents = group_entities(
            &doc,
            &GroupOptions {
                raw,
                ..GroupOptions::default()
            },
        );
        println!("{}", if raw { "raw:" } else { "grouped:" });
        for m in &ents.mentions {
            let name = ents.entities.get(m.entity).map_or("", |e| e.name.as_str());
            println!(
                "  {:?} {} (entity {} {:?})",
                text.get(m.start..m.end).unwrap_or(""),
                m.label,
                m.entity,
                name
            );
        }
    }
}

fn run() -> Result<(), String> {
    let args = parse_args()?;
    let mut pipes = Vec::new();
    let model_paths = if args.models.is_empty() {
        vec![Pipeline::default_model_path().display().to_string()]
    } else {
        args.models.clone()
    };
    for m in &model_paths {
        let t = Instant::now();
        let p = Pipeline::load(m).map_err(|e| format!("{m}: {e}"))?;
        eprintln!(
            "loaded {} {} from {m} in {:.2}s",
            p.meta().name,
            p.meta().version,
            t.elapsed().as_secs_f64()
        );
        pipes.push(p);
    }
    if let (Some(text), Some(p)) = (&args.text, pipes.first()) {
        show(p, text);
        return Ok(());
    }
    let docs = read_gold(&args.gold, args.limit)?;
    let mut systems: Vec<System> = model_paths
        .iter()
        .map(|m| System {
            name: m.clone(),
            raw: Score::default(),
            grouped: Score::default(),
        })
        .collect();
    if pipes.len() > 1 {
        systems.push(System {
            name: format!("vote ({:?}) of all models", args.vote),
            raw: Score::default(),
            grouped: Score::default(),
        });
        if let Some(c) = args.ensemble {
            systems.push(System {
                name: format!("score-level ensemble ({c:?}) of all models"),
                raw: Score::default(),
                grouped: Score::default(),
            });
        }
    }
    let mut w_raw = open_out(&args.pred_raw)?;
    let mut w_grouped = open_out(&args.pred_grouped)?;
    let mut w_gum = open_out(&args.gum_out)?;
    let mut w_gum_raw = open_out(&args.gum_raw_out)?;
    let mut engine_secs = vec![0.0; pipes.len()];
    let mut diffs = 0;
    let mut ensemble_secs = 0.0;
    let raw_opts = GroupOptions {
        raw: true,
        ..GroupOptions::default()
    };
    let grouped_opts = GroupOptions::default();
    for chunk in docs.chunks(BATCH_DOCS) {
        let texts: Vec<&str> = chunk.iter().map(|d| d.text.as_str()).collect();
        let mut parsed: Vec<Vec<Doc>> = Vec::new();
        for (i, p) in pipes.iter().enumerate() {
            let t = Instant::now();
            parsed.push(p.analyze_batch(&texts));
            engine_secs[i] += t.elapsed().as_secs_f64();
        }
        for (k, d) in chunk.iter().enumerate() {
            let mut outs: Vec<Doc> = parsed.iter().filter_map(|ds| ds.get(k).cloned()).collect();
            if pipes.len() == 1 && args.repeated_names {
                outs.iter_mut().for_each(tag_repeated_names);
            }
            if pipes.len() > 1 {
                let refs: Vec<&Doc> = outs.iter().collect();
                if let Some(v) = voted_doc(&refs, args.vote) {
                    outs.push(v);
                }
                if let (Some(c), Some(main)) = (args.ensemble, pipes.get(args.parse_model)) {
                    let members: Vec<(&Pipeline, MemberWeights)> = pipes
                        .iter()
                        .enumerate()
                        .map(|(i, p)| (p, member_weights(&args, i)))
                        .collect();
                    let t = Instant::now();
                    let mut doc = main.analyze_ensemble(&members, &d.text, c);
                    if args.repeated_names {
                        tag_repeated_names(&mut doc);
                    }
                    outs.push(doc);
                    ensemble_secs += t.elapsed().as_secs_f64();
                }
            }
            let last = outs.len().saturating_sub(1);
            for (si, doc) in outs.iter().enumerate() {
                let raw = group_entities(doc, &raw_opts);
                let grouped = group_entities(doc, &grouped_opts);
                let (rs, gs) = (
                    mention_spans(&d.text, &raw),
                    mention_spans(&d.text, &grouped),
                );
                if si == last {
                    write_line(&mut w_raw, &pred_line(d, &rs))?;
                    write_line(&mut w_grouped, &pred_line(d, &gs))?;
                    write_line(&mut w_gum, &gum_line(d, &grouped))?;
                    write_line(&mut w_gum_raw, &gum_line(d, &raw))?;
                    diffs += print_diffs(d, &rs, &gs, args.diff.saturating_sub(diffs));
                }
                systems[si].raw.add(d, &rs);
                systems[si].grouped.add(d, &gs);
            }
        }
    }
    for w in [&mut w_raw, &mut w_grouped, &mut w_gum]
        .into_iter()
        .flatten()
    {
        w.flush().map_err(|e| e.to_string())?;
    }
    for (m, s) in model_paths.iter().zip(&engine_secs) {
        eprintln!("engine time {m}: {s:.1}s");
    }
    if args.ensemble.is_some() {
        eprintln!("engine time, ensemble (one document at a time): {ensemble_secs:.1}s");
    }
    println!("{} documents from {}", docs.len(), args.gold);
    for s in &systems {
        print_system(s);
    }
    Ok(())
}

/// Print up to `budget` spans (possessive-insensitive) that raw and grouped score differently;
/// returns how many were printed.
fn print_diffs(d: &GoldDoc, raw: &[Span], grouped: &[Span], budget: usize) -> usize {
    if budget == 0 {
        return 0;
    }
    let chars: Vec<char> = d.text.chars().collect();
    let g = span_set(&chars, &d.gold, true);
    let r = span_set(&chars, raw, true);
    let gr = span_set(&chars, grouped, true);
    let text = |s: &Span| chars[s.0..s.1].iter().collect::<String>();
    let mut n = 0;
    for s in gr.difference(&r) {
        if n >= budget {
            break;
        }
        let ok = if g.contains(s) { "FIX " } else { "HURT" };
        println!("{ok} {} +{:?} {}", d.id, text(s), s.2);
        n += 1;
    }
    for s in r.difference(&gr) {
        if n >= budget {
            break;
        }
        let ok = if g.contains(s) { "HURT" } else { "FIX " };
        println!("{ok} {} -{:?} {}", d.id, text(s), s.2);
        n += 1;
    }
    n
}

fn main() {
    if let Err(e) = run() {
        eprintln!("eval_ner: {e}");
        std::process::exit(2);
    }
}
