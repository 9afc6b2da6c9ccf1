//! Run quoth over GUM JSONL (`gum_convert.py` output) and write the system file that
//! `/work/shared/eval/gum_eval.py` scores (entities with salience and mentions, code-point
//! offsets into the gold `text`).
//!
//! ```text
//! cargo run --release -p quoth --example eval_gum -- --gold gum_dev.jsonl --out /tmp/sys.jsonl
//!     [--profile fast|accurate] [--no-salience] [--mentions names|all] [--values]
//!     [--features FILE]
//! ```
//! The documents are analysed as the API does (default model, [`group_entities`] with default
//! options, [`extract_quotes`]); `--profile accurate` takes the entities of the service's
//! `accurate` ensemble (the vendored pipelines beside the model, [`Analyzer::doc`]). Value
//! entities (dates, numbers, money…) are left out, as they
//! are not things a story is about (`--values` keeps them). `--no-salience` omits the `salience` field (the scorer then
//! ranks by mention count, then first position: quoth before issue 11). `--mentions all` adds the
//! pronoun and common-noun mentions of [`quoth::coref::link_mentions`]. `--features FILE` writes
//! one line per entity with the salience features (for `scripts/fit_salience.py`).
//! Prints the engine time and the salience + coreference time.

use std::io::{BufRead, BufWriter, Write};
use std::time::{Duration, Instant};

use quoth::coref::{link_mentions_with_quotes, name_pronoun_speakers, MentionKind};
use quoth::entities::{group_entities, GroupOptions};
use quoth::nlp::Pipeline;
use quoth::offsets::{OffsetMap, OffsetUnit};
use quoth::quotes::extract_quotes;
use quoth::salience::{features, salience_with};
use quoth::{Analyzer, AnalyzerConfig, Profile};
use serde_json::{json, Value};

/// Labels of values, not entities (left out of the system file).
const VALUE_LABELS: [&str; 7] = [
    "DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
];

struct Args {
    gold: String,
    out: String,
    salience: bool,
    all_mentions: bool,
    features: Option<String>,
    values: bool,
    profile: Profile,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        gold: String::new(),
        out: String::new(),
        salience: true,
        all_mentions: false,
        features: None,
        values: false,
        profile: Profile::Fast,
    };
    let mut it = std::env::args().skip(1);
    while let Some(k) = it.next() {
        match k.as_str() {
            "--gold" => a.gold = it.next().ok_or("--gold needs a path")?,
            "--out" => a.out = it.next().ok_or("--out needs a path")?,
            "--features" => a.features = Some(it.next().ok_or("--features needs a path")?),
            "--no-salience" => a.salience = false,
            "--values" => a.values = true,
            "--profile" => match it.next().as_deref() {
                Some("fast") => a.profile = Profile::Fast,
                Some("accurate") => a.profile = Profile::Accurate,
                _ => return Err("--profile fast|accurate".into()),
            },
            "--mentions" => match it.next().as_deref() {
                Some("names") => a.all_mentions = false,
                Some("all") => a.all_mentions = true,
                _ => return Err("--mentions names|all".into()),
            },
            other => return Err(format!("unknown argument {other}")),
        }
    }
    if a.gold.is_empty() || a.out.is_empty() {
        return Err("usage: eval_gum --gold GOLD.jsonl --out SYS.jsonl [--profile fast|accurate] [--no-salience] [--mentions names|all] [--values] [--features FILE]".into());
    }
    Ok(a)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    if let Err(e) = run(&args) {
        eprintln!("eval_gum: {e}");
        std::process::exit(1);
    }
}

fn run(args: &Args) -> Result<(), Box<dyn std::error::Error>> {
    let model = Pipeline::default_model_path();
    let accurate_models = match args.profile {
        Profile::Fast => Vec::new(),
        Profile::Accurate => AnalyzerConfig::vendored_accurate_models(&model),
    };
    if args.profile == Profile::Accurate && accurate_models.is_empty() {
        return Err(format!("no accurate-profile pipelines beside {}", model.display()).into());
    }
    let analyzer = Analyzer::load(&AnalyzerConfig {
        model,
        accurate_models,
        ..AnalyzerConfig::default()
    })?;
    let gold = std::io::BufReader::new(std::fs::File::open(&args.gold)?);
    let mut out = BufWriter::new(std::fs::File::create(&args.out)?);
    let mut feat_out = match &args.features {
        Some(p) => Some(BufWriter::new(std::fs::File::create(p)?)),
        None => None,
    };
    let (mut t_engine, mut t_ours) = (Duration::ZERO, Duration::ZERO);
    for line in gold.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let rec: Value = serde_json::from_str(&line)?;
        let id = rec["id"].as_str().unwrap_or_default().to_string();
        let text = rec["text"].as_str().unwrap_or_default();
        let t0 = Instant::now();
        let doc = analyzer.doc(text, args.profile);
        let ents = group_entities(&doc, &GroupOptions::default());
        let mut quotes = extract_quotes(&doc, &ents);
        let t1 = Instant::now();
        let extra = link_mentions_with_quotes(&doc, &ents, &quotes);
        name_pronoun_speakers(&mut quotes, &extra, &ents);
        let sal = salience_with(&doc, &ents, &quotes, &extra);
        let t2 = Instant::now();
        t_engine += t1 - t0;
        t_ours += t2 - t1;
        if let Some(f) = feat_out.as_mut() {
            for (i, fv) in features(&doc, &ents, &quotes, &extra).iter().enumerate() {
                let e = &ents.entities[i];
                let spans: Vec<(usize, usize)> = e
                    .mentions
                    .iter()
                    .map(|&m| (ents.mentions[m].start, ents.mentions[m].end))
                    .collect();
                let map = OffsetMap::new(text, OffsetUnit::CodePoint);
                let spans: Vec<(usize, usize)> =
                    spans.iter().map(|&(s, e)| map.range(s, e)).collect();
                writeln!(
                    f,
                    "{}",
                    json!({"id": id, "entity": i, "label": &*e.label, "x": fv.to_vec(), "spans": spans})
                )?;
            }
        }
        let map = OffsetMap::new(text, OffsetUnit::CodePoint);
        let mut entities = Vec::new();
        for (i, e) in ents.entities.iter().enumerate() {
            if !args.values && VALUE_LABELS.contains(&&*e.label) {
                continue;
            }
            let mut mentions: Vec<Value> = e
                .mentions
                .iter()
                .map(|&m| {
                    let (s, t) = map.range(ents.mentions[m].start, ents.mentions[m].end);
                    json!({"start": s, "end": t, "kind": "proper"})
                })
                .collect();
            if args.all_mentions {
                for x in extra.iter().filter(|x| x.entity == i) {
                    let (s, t) = map.range(x.start, x.end);
                    let kind = match x.kind {
                        MentionKind::Pronoun => "pronoun",
                        MentionKind::Common => "common",
                    };
                    mentions.push(json!({"start": s, "end": t, "kind": kind}));
                }
            }
            let mut obj = json!({"name": e.name, "label": &*e.label, "mentions": mentions});
            if args.salience {
                obj["salience"] = json!(sal.get(i).copied().unwrap_or(0.0));
            }
            entities.push(obj);
        }
        writeln!(out, "{}", json!({"id": id, "entities": entities}))?;
    }
    out.flush()?;
    eprintln!(
        "engine {:.2}s, coref+salience {:.3}s ({:.1}% of the engine)",
        t_engine.as_secs_f64(),
        t_ours.as_secs_f64(),
        100.0 * t_ours.as_secs_f64() / t_engine.as_secs_f64().max(1e-9)
    );
    Ok(())
}
