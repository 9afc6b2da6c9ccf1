//! The `Analyzer` facade and the batching queue on the vendored model: batched analysis is
//! identical to one text at a time, whatever the options and the batch's make-up; the queue
//! gathers what is waiting, respects its budget, skips cancelled texts and replies to each.

use std::sync::atomic::AtomicBool;
use std::sync::{mpsc, Arc, OnceLock};

use quoth::batch::{Batcher, Pending};
use quoth::offsets::OffsetUnit;
use quoth::{
    Analysis, Analyzer, AnalyzerConfig, EntityOrder, MentionScope, Options, Profile, Tasks,
};

fn analyzer() -> Arc<Analyzer> {
    static A: OnceLock<Arc<Analyzer>> = OnceLock::new();
    A.get_or_init(|| {
        let config = AnalyzerConfig::default();
        Arc::new(Analyzer::load(&config).unwrap_or_else(|e| {
            panic!(
                "these tests need the model at {}: {e}",
                config.model.display()
            )
        }))
    })
    .clone()
}

const TEXTS: &[&str] = &[
    "\u{201c}We will not back down,\u{201d} said Ana Ruiz, the mayor of Springfield. Ruiz spoke on Monday.",
    "Kim Jong Un met Donald Trump in Hanoi 😀. \u{201c}It went well,\u{201d} Trump told reporters.",
    "",
    "According to the ministry, exports to Germany rose 4% in March.",
    "Sue Mi Terry, a former CIA analyst, said the talks had stalled. She called them \u{201c}a disaster\u{201d}.",
];

fn options() -> Vec<Options> {
    vec![
        Options::default(),
        Options {
            offset_unit: OffsetUnit::Utf16,
            tasks: Tasks::ENTITIES,
            labels: Some(vec!["PERSON".into()]),
            raw: false,
            // Not configured here: analysed as `fast`, and the analysis says so.
            profile: Profile::Accurate,
            mentions: MentionScope::All,
            sort: EntityOrder::Position,
            quote_kinds: None,
        },
        Options {
            offset_unit: OffsetUnit::Utf8,
            tasks: Tasks::QUOTES,
            ..Options::default()
        },
        Options {
            raw: true,
            ..Options::default()
        },
    ]
}

#[test]
fn batch_equals_one_at_a_time_for_every_option() {
    let a = analyzer();
    let opts = options();
    // Every text with every option set, mixed in one batch.
    let items: Vec<(&str, &Options)> = TEXTS
        .iter()
        .enumerate()
        .flat_map(|(i, t)| opts.iter().skip(i % 2).map(move |o| (*t, o)))
        .collect();
    let batched = a.analyze_batch(&items);
    assert_eq!(batched.len(), items.len());
    assert!(!a.has_profile(Profile::Accurate));
    assert!(batched.iter().all(|b| b.profile == Profile::Fast));
    for ((text, o), got) in items.iter().zip(&batched) {
        assert_eq!(got, &a.analyze(text, o), "{text:?} with {o:?}");
    }
}

#[test]
fn tasks_and_units_shape_the_analysis() {
    let a = analyzer();
    let text = TEXTS[1];
    let all = a.analyze(text, &Options::default());
    assert!(!all.mentions.is_empty() && !all.entities.is_empty() && !all.quotes.is_empty());
    assert_eq!(all.text_length, text.chars().count());
    let quotes_only = a.analyze(
        text,
        &Options {
            tasks: Tasks::QUOTES,
            ..Options::default()
        },
    );
    assert!(quotes_only.mentions.is_empty() && quotes_only.entities.is_empty());
    assert_eq!(quotes_only.quotes, all.quotes);
    let utf16 = a.analyze(
        text,
        &Options {
            offset_unit: OffsetUnit::Utf16,
            ..Options::default()
        },
    );
    assert_eq!(utf16.text_length, text.encode_utf16().count());
    // After the emoji, UTF-16 offsets run one ahead of code points.
    let q16 = &utf16.quotes[0].content[0];
    let qcp = &all.quotes[0].content[0];
    assert_eq!(
        (q16.start, q16.text.as_str()),
        (qcp.start + 1, qcp.text.as_str())
    );
    let units: Vec<u16> = text.encode_utf16().collect();
    assert_eq!(
        String::from_utf16_lossy(&units[q16.start..q16.end]),
        q16.text
    );
    let persons = a.analyze(
        text,
        &Options {
            labels: Some(vec!["PERSON".into()]),
            ..Options::default()
        },
    );
    assert!(persons.mentions.iter().all(|m| m.label == "PERSON"));
    assert!(persons.mentions.len() < all.mentions.len());
}

type Replies = mpsc::Receiver<(usize, Analysis)>;

fn submit_all(b: &Batcher, texts: &[&str], cancelled: &[bool]) -> Replies {
    let (tx, rx) = mpsc::channel();
    for (i, t) in texts.iter().enumerate() {
        let tx = tx.clone();
        b.submit(Pending::new(
            t.to_string(),
            Options::default(),
            Arc::new(AtomicBool::new(cancelled.get(i).copied().unwrap_or(false))),
            move |r| {
                if let Ok(a) = r {
                    let _ = tx.send((i, a));
                }
            },
        ));
    }
    rx
}

#[test]
fn the_queue_takes_everything_waiting_in_one_pass() {
    let a = analyzer();
    let b = Batcher::new(Arc::clone(&a), 1 << 20, 1);
    let rx = submit_all(&b, TEXTS, &[]);
    assert_eq!(b.queued(), TEXTS.len());
    assert_eq!(b.run_pending(), TEXTS.len());
    assert_eq!(b.run_pending(), 0, "a second call finds the queue empty");
    let mut got: Vec<(usize, Analysis)> = rx.try_iter().collect();
    got.sort_by_key(|(i, _)| *i);
    assert_eq!(got.len(), TEXTS.len());
    for (i, an) in got {
        assert_eq!(an, a.analyze(TEXTS[i], &Options::default()));
    }
}

#[test]
fn the_queue_respects_its_budget_and_skips_cancelled_texts() {
    let a = analyzer();
    // Budget: the first two texts fill it exactly (the empty third still fits), the fourth
    // would not, so the first pass takes three.
    let budget = TEXTS[0].len() + TEXTS[1].len();
    let b = Batcher::new(Arc::clone(&a), budget, 1);
    let rx = submit_all(&b, TEXTS, &[false, false, false, true, false]);
    assert_eq!(b.run_pending(), 3);
    let first: Vec<usize> = rx.try_iter().map(|(i, _)| i).collect();
    assert_eq!(first, vec![0, 1, 2]);
    // Then the cancelled fourth is dropped unanalysed and the last one runs.
    assert_eq!(b.run_pending(), 1);
    assert_eq!(b.queued(), 0);
    let later: Vec<usize> = rx.try_iter().map(|(i, _)| i).collect();
    assert_eq!(later, vec![4]);
    // A single text longer than the budget still runs (alone).
    let small = Batcher::new(Arc::clone(&a), 1, 1);
    let rx = submit_all(&small, &TEXTS[..2], &[]);
    assert_eq!(small.run_pending(), 1);
    assert_eq!(small.run_pending(), 1);
    assert_eq!(rx.try_iter().count(), 2);
    // With several workers a pass takes its fair share of what waits: 5 texts, 2 workers -> 3,
    // then 1 of the 2 left, then the last.
    let shared = Batcher::new(a, 1 << 20, 2);
    let rx = submit_all(&shared, TEXTS, &[]);
    assert_eq!(shared.run_pending(), 3);
    assert_eq!(shared.run_pending(), 1);
    assert_eq!(shared.run_pending(), 1);
    assert_eq!(shared.run_pending(), 0);
    assert_eq!(rx.try_iter().count(), TEXTS.len());
}

#[test]
fn concurrent_submitters_all_get_their_own_result() {
    let a = analyzer();
    let b = Arc::new(Batcher::new(Arc::clone(&a), 1 << 20, 2));
    let (tx, rx) = mpsc::channel();
    let handles: Vec<_> = (0..8)
        .map(|i| {
            let b = Arc::clone(&b);
            let tx = tx.clone();
            std::thread::spawn(move || {
                let text = TEXTS[i % TEXTS.len()];
                let flag = Arc::new(AtomicBool::new(false));
                b.submit(Pending::new(
                    text.to_string(),
                    Options::default(),
                    flag,
                    move |r| {
                        let _ = tx.send((i, r));
                    },
                ));
                b.run_pending();
            })
        })
        .collect();
    for h in handles {
        h.join().expect("worker");
    }
    drop(tx);
    let mut n = 0;
    for (i, r) in rx.iter() {
        let an = r.expect("no panic");
        assert_eq!(an, a.analyze(TEXTS[i % TEXTS.len()], &Options::default()));
        n += 1;
    }
    assert_eq!(n, 8);
}

#[test]
fn the_accurate_profile_runs_its_ensemble_and_says_so() {
    // An ensemble of the vendored model with itself decodes exactly as the model alone (scores
    // scaled, same argmax at every step), and these texts repeat no name the model tags at one
    // occurrence only (`tag_repeated_names`), so the entities must equal `fast`'s.
    let path = AnalyzerConfig::default().model;
    let a = Analyzer::load(&AnalyzerConfig {
        accurate_models: vec![path.clone(), path],
        ..AnalyzerConfig::default()
    })
    .expect("the vendored model");
    assert!(a.has_profile(Profile::Accurate));
    assert_eq!(a.accurate_models().len(), 2);
    let accurate = Options {
        profile: Profile::Accurate,
        ..Options::default()
    };
    for text in TEXTS {
        let fast = a.analyze(text, &Options::default());
        let acc = a.analyze(text, &accurate);
        assert_eq!(acc.profile, Profile::Accurate);
        assert_eq!(fast.profile, Profile::Fast);
        assert_eq!(acc.mentions, fast.mentions, "{text}");
        assert_eq!(acc.quotes, fast.quotes, "{text}");
    }
    // `raw` is always the service model's own doc.ents.
    let raw = a.analyze(
        TEXTS[0],
        &Options {
            raw: true,
            ..accurate.clone()
        },
    );
    assert_eq!(raw.profile, Profile::Fast);
    // Mixed profiles in one batch keep their order and their profile.
    let items: Vec<(&str, &Options)> = TEXTS
        .iter()
        .enumerate()
        .map(|(i, t)| (*t, if i % 2 == 0 { &accurate } else { &OPTS_FAST }))
        .collect();
    for ((text, o), got) in items.iter().zip(a.analyze_batch(&items)) {
        assert_eq!(got, a.analyze(text, o));
    }
}

static OPTS_FAST: Options = Options {
    offset_unit: OffsetUnit::CodePoint,
    labels: None,
    raw: false,
    tasks: Tasks::ALL,
    profile: Profile::Fast,
    mentions: MentionScope::Names,
    sort: EntityOrder::Salience,
    quote_kinds: None,
};

#[test]
fn the_vendored_accurate_pipelines_are_found_and_decode_together() {
    let model = AnalyzerConfig::default().model;
    let extra = AnalyzerConfig::vendored_accurate_models(&model);
    let names: Vec<String> = extra
        .iter()
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    assert_eq!(names, ["en_core_web_md-3.8.0", "en_core_web_sm-3.6.0"]);
    // a model folder with no vendored siblings offers none
    assert!(AnalyzerConfig::vendored_accurate_models(std::path::Path::new("/")).is_empty());
    let a = Analyzer::load(&AnalyzerConfig {
        accurate_models: extra,
        ..AnalyzerConfig::default()
    })
    .expect("the vendored pipelines load");
    let versions: Vec<(String, String)> = a
        .accurate_models()
        .into_iter()
        .map(|m| (m.name, m.version))
        .collect();
    assert_eq!(
        versions,
        [
            ("en_core_web_md".to_string(), "3.8.0".to_string()),
            ("en_core_web_sm".to_string(), "3.6.0".to_string())
        ]
    );
    let accurate = Options {
        profile: Profile::Accurate,
        ..Options::default()
    };
    for text in TEXTS {
        let fast = a.analyze(text, &Options::default());
        let acc = a.analyze(text, &accurate);
        assert_eq!(acc.profile, Profile::Accurate);
        // one parse: tokens and quotes are the service model's in both profiles
        assert_eq!(acc.tokens, fast.tokens, "{text}");
        assert_eq!(acc.quotes.len(), fast.quotes.len(), "{text}");
        let chars = text.chars().count();
        assert!(acc
            .mentions
            .iter()
            .all(|m| m.start < m.end && m.end <= chars));
        // `doc` is the document each profile analyses: the service model's own for `fast`,
        // its parse with the ensemble's entities for `accurate`
        let fast_doc = a.doc(text, Profile::Fast);
        assert_eq!(fast_doc, a.pipeline().analyze(text), "{text}");
        let acc_doc = a.doc(text, Profile::Accurate);
        assert_eq!(acc_doc.tokens, fast_doc.tokens, "{text}");
        assert_eq!(acc_doc.sentences, fast_doc.sentences, "{text}");
    }
}

#[test]
fn doc_falls_back_to_fast_without_the_accurate_models() {
    let a = analyzer();
    assert!(!a.has_profile(Profile::Accurate));
    for text in TEXTS {
        assert_eq!(
            a.doc(text, Profile::Accurate),
            a.doc(text, Profile::Fast),
            "{text}"
        );
    }
}

#[test]
fn fast_tags_a_name_again_where_the_model_missed_it_but_raw_does_not() {
    // The model tags `Pagliano` after `and` and misses it after `last year`; the `fast`
    // profile tags it there too (so `his` has its person), `raw` stays the model's own.
    let text = "Ann Lee met Bryan Pagliano on Tuesday, and Pagliano spoke for an hour. She \
listened. Democrats noted that last year Pagliano invoked his rights.";
    let a = analyzer();
    let at = text.rfind("Pagliano").expect("the last Pagliano");
    let tagged = |an: &Analysis| an.mentions.iter().any(|m| m.start == at);
    assert!(tagged(&a.analyze(text, &Options::default())));
    let raw = Options {
        raw: true,
        ..Options::default()
    };
    assert!(!tagged(&a.analyze(text, &raw)));
}
