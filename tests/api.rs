//! Integration tests against real running servers on 127.0.0.1 (port 0).
//!
//! - `unready()`: a server whose model is never loaded. Everything that must work without the
//!   model (probes, docs, metrics, spec, every 4xx, not-ready 503) is tested on it.
//! - `ready()`: a server with the default model loaded (`Pipeline::default_model_path()`,
//!   honouring `QUOTH_MODEL`). These tests fail until the engine can load the model.
//! - `tight()`: the default model on one inference thread with an admission limit of 2 and a
//!   1 s deadline, for the overload and deadline tests.

mod support;

use std::net::SocketAddr;
use std::sync::mpsc;
use std::sync::{Arc, OnceLock};

use serde_json::{json, Value};

use quoth::nlp::Pipeline;
use quoth::{Analyzer, AnalyzerConfig};
use quoth_server::{spawn, AppState, Config, RunningServer};
use support::{get, len_in_unit, post_json, request, slice_in_unit};

const BODY_LIMIT: usize = 4096;
const TEXT_LIMIT: usize = 500;

fn config() -> Config {
    Config {
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        workers: 2,
        threads: Some(2),
        max_body_bytes: BODY_LIMIT,
        max_text_chars: TEXT_LIMIT,
        shutdown_drain_secs: 0,
        ..Config::default()
    }
}

fn start(config: Config, model: Option<Arc<Analyzer>>) -> RunningServer {
    let state = AppState::new(config).expect("state");
    if let Some(a) = model {
        state.set_analyzer(a);
    }
    spawn(state, false).expect("bind 127.0.0.1:0")
}

fn model() -> Arc<Analyzer> {
    static MODEL: OnceLock<Arc<Analyzer>> = OnceLock::new();
    MODEL
        .get_or_init(|| {
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

fn unready() -> SocketAddr {
    static S: OnceLock<RunningServer> = OnceLock::new();
    S.get_or_init(|| start(config(), None)).addr
}

fn ready() -> SocketAddr {
    static S: OnceLock<RunningServer> = OnceLock::new();
    S.get_or_init(|| start(config(), Some(model()))).addr
}

fn tight() -> &'static RunningServer {
    static S: OnceLock<RunningServer> = OnceLock::new();
    S.get_or_init(|| {
        let c = Config {
            threads: Some(1),
            max_queue: Some(2),
            request_deadline_ms: 1000,
            ..config()
        };
        start(c, Some(model()))
    })
}

fn fixture() -> Value {
    let raw = include_str!("fixtures/api_raw_ents.json");
    serde_json::from_str(raw).unwrap()
}

// ---------------------------------------------------------------- probes, docs, metrics, spec

#[test]
fn livez_is_204_without_the_model_and_generates_a_request_id() {
    let r = get(unready(), "/livez");
    assert_eq!(r.status, 204);
    let id = r.header("x-request-id").expect("x-request-id");
    assert_eq!(id.len(), 32);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
}

#[test]
fn inbound_request_id_is_echoed_in_header_and_problem() {
    let r = request(
        unready(),
        "GET",
        "/nowhere",
        &[("X-Request-Id", "gw-42.abc")],
        b"",
    );
    assert_eq!(r.header("x-request-id"), Some("gw-42.abc"));
    let p = r.problem(404, "not_found");
    assert_eq!(p["request_id"], "gw-42.abc");
    assert_eq!(p["instance"], "/nowhere");
}

#[test]
fn readyz_is_503_problem_with_retry_after_until_the_model_loads() {
    let r = get(unready(), "/readyz");
    r.problem(503, "not_ready");
    assert_eq!(r.header("retry-after"), Some("1"));
}

#[test]
fn readyz_is_204_once_loaded() {
    assert_eq!(get(ready(), "/readyz").status, 204);
}

#[test]
fn extract_is_503_not_ready_while_loading() {
    let r = post_json(unready(), "/extract", &json!({"text": "Ana Ruiz spoke."}));
    r.problem(503, "not_ready");
    assert_eq!(r.header("retry-after"), Some("1"));
    for path in ["/analyze", "/quotes"] {
        post_json(unready(), path, &json!({"text": "x"})).problem(503, "not_ready");
    }
}

#[test]
fn openapi_json_is_the_committed_document() {
    let r = get(unready(), "/openapi.json");
    assert_eq!(r.status, 200);
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let committed =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json"))
            .unwrap();
    assert_eq!(r.text(), committed);
}

#[test]
fn docs_ui_is_served_offline() {
    let r = get(unready(), "/docs/");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert!(r.text().to_lowercase().contains("swagger"));
    // The initializer reads the spec through a relative URL (works behind a path prefix).
    let init = get(unready(), "/docs/swagger-initializer.js");
    assert_eq!(init.status, 200);
    assert!(init.text().contains("../openapi.json"), "{}", init.text());
    let redirect = get(unready(), "/docs");
    assert_eq!(redirect.status, 308);
    assert_eq!(redirect.header("location"), Some("docs/"));
}

#[test]
fn the_story_page_is_served_cached_and_can_be_turned_off() {
    let r = get(unready(), "/view");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/html"));
    assert_eq!(r.header("cache-control"), Some("public, max-age=3600"));
    // It calls the API through a relative URL (works behind a path prefix) in UTF-16.
    assert!(r.text().contains(r#"fetch("analyze""#), "{}", r.text());
    assert!(r.text().contains(r#"offset_unit: "utf16""#));
    let root = get(unready(), "/");
    assert_eq!(root.status, 307);
    assert_eq!(root.header("location"), Some("view"));
    let off = start(
        Config {
            view_ui: false,
            ..config()
        },
        None,
    );
    get(off.addr, "/view").problem(404, "not_found");
}

#[test]
fn metrics_count_requests_per_route_and_status() {
    let addr = unready();
    assert_eq!(get(addr, "/livez").status, 204);
    let r = get(addr, "/metrics");
    assert_eq!(r.status, 200);
    assert!(r.header("content-type").unwrap().starts_with("text/plain"));
    let body = r.text();
    let line = body
        .lines()
        .find(|l| {
            l.starts_with("quoth_http_requests_total{")
                && l.contains("route=\"/livez\"")
                && l.contains("status=\"204\"")
        })
        .unwrap_or_else(|| panic!("no /livez counter in:\n{body}"));
    let count: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(count >= 1.0);
    assert!(
        body.contains("quoth_http_request_duration_seconds_bucket{"),
        "{body}"
    );
    // Unknown paths are labelled by a constant, never by the raw path.
    get(addr, "/some/random/path/123");
    let body = get(addr, "/metrics").text();
    assert!(!body.contains("/some/random/path/123"));
    assert!(body.contains("route=\"unmatched\""));
}

#[test]
fn metrics_report_tokens_and_inflight_after_work() {
    let addr = ready();
    let r = post_json(
        addr,
        "/extract",
        &json!({"text": "Ana Ruiz spoke in Paris."}),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let body = get(addr, "/metrics").text();
    let tokens = body
        .lines()
        .find(|l| l.starts_with("quoth_tokens_total"))
        .unwrap_or_else(|| panic!("no token counter:\n{body}"));
    assert!(tokens.rsplit(' ').next().unwrap().parse::<f64>().unwrap() >= 6.0);
    assert!(body.contains("quoth_inflight"), "{body}");
}

// ---------------------------------------------------------------- errors (no model needed)

#[test]
fn unknown_route_is_404_problem() {
    get(unready(), "/v1/extract").problem(404, "not_found");
    request(unready(), "POST", "/nope", &[], b"").problem(404, "not_found");
}

#[test]
fn wrong_method_is_405_problem_with_allow() {
    let r = get(unready(), "/extract");
    r.problem(405, "method_not_allowed");
    assert_eq!(r.header("allow"), Some("POST"));
    let r = request(unready(), "DELETE", "/livez", &[], b"");
    r.problem(405, "method_not_allowed");
    assert_eq!(r.header("allow"), Some("GET"));
}

#[test]
fn wrong_content_type_is_415_problem() {
    let body = br#"{"text": "hello"}"#;
    let r = request(
        unready(),
        "POST",
        "/extract",
        &[("Content-Type", "text/plain")],
        body,
    );
    r.problem(415, "unsupported_media_type");
    // No content type at all is the same error.
    request(unready(), "POST", "/quotes", &[], body).problem(415, "unsupported_media_type");
}

fn post_raw(path: &str, body: &[u8]) -> support::Response {
    request(
        unready(),
        "POST",
        path,
        &[("Content-Type", "application/json")],
        body,
    )
}

#[test]
fn malformed_json_is_400_invalid_json() {
    post_raw("/extract", br#"{"text": "unterminated"#).problem(400, "invalid_json");
    post_raw("/extract", b"").problem(400, "invalid_json");
    post_raw("/analyze", b"not json").problem(400, "invalid_json");
}

#[test]
fn lone_surrogate_is_400() {
    // What a JS client sends for a broken string; JS callers should use str.toWellFormed().
    post_raw("/extract", br#"{"text": "a \ud800 b"}"#).problem(400, "invalid_json");
}

#[test]
fn wrong_types_are_400_invalid_request() {
    post_raw("/extract", br#"{"text": 5}"#).problem(400, "invalid_request");
    post_raw("/extract", br#"{"text": "a", "raw": "yes"}"#).problem(400, "invalid_request");
    post_raw("/extract", br#""just a string""#).problem(400, "invalid_request");
    post_raw("/extract", br#"{"text": "a", "labels": "PERSON"}"#).problem(400, "invalid_request");
}

#[test]
fn missing_and_unknown_fields_are_400_invalid_request() {
    let p = post_raw("/extract", br#"{}"#).problem(400, "invalid_request");
    assert!(p["detail"].as_str().unwrap().contains("text"), "{p}");
    let p = post_raw("/extract", br#"{"text": "a", "txet": "b"}"#).problem(400, "invalid_request");
    assert!(p["detail"].as_str().unwrap().contains("txet"), "{p}");
    // /quotes has no `labels`.
    post_raw("/quotes", br#"{"text": "a", "labels": ["PERSON"]}"#).problem(400, "invalid_request");
}

#[test]
fn unknown_enum_values_are_400_invalid_request() {
    post_raw("/extract", br#"{"text": "a", "offset_unit": "utf32"}"#)
        .problem(400, "invalid_request");
    post_raw("/extract", br#"{"text": "a", "labels": ["PERSONS"]}"#)
        .problem(400, "invalid_request");
}

#[test]
fn body_over_the_byte_limit_is_413_payload_too_large() {
    let text = "a".repeat(BODY_LIMIT + 10);
    let r = post_json(unready(), "/extract", &json!({ "text": text }));
    let p = r.problem(413, "payload_too_large");
    assert_eq!(p["limit"], BODY_LIMIT);
}

#[test]
fn text_over_the_char_limit_is_413_text_too_long_with_the_limit() {
    // Under the byte limit, over the code-point limit; checked before readiness.
    let text = "é".repeat(TEXT_LIMIT + 1);
    assert!(json!({ "text": text }).to_string().len() < BODY_LIMIT);
    for path in ["/extract", "/analyze", "/quotes"] {
        let r = post_json(unready(), path, &json!({ "text": text }));
        let p = r.problem(413, "text_too_long");
        assert_eq!(p["limit"], TEXT_LIMIT);
        assert!(p["detail"]
            .as_str()
            .unwrap()
            .contains(&TEXT_LIMIT.to_string()));
    }
    // Exactly at the limit is not an error (503 only because this server has no model).
    let text = "é".repeat(TEXT_LIMIT);
    post_json(unready(), "/extract", &json!({ "text": text })).problem(503, "not_ready");
}

// ---------------------------------------------------------------- extraction (needs the model)

fn check_spans_consistent(text: &str, v: &Value, unit: &str) {
    assert_eq!(v["offset_unit"], unit);
    assert_eq!(v["text_length"], len_in_unit(text, unit));
    let mentions = v["mentions"].as_array().unwrap();
    let entities = v["entities"].as_array().unwrap();
    for (i, m) in mentions.iter().enumerate() {
        let (s, e) = (
            m["start"].as_u64().unwrap() as usize,
            m["end"].as_u64().unwrap() as usize,
        );
        assert!(s < e, "{m}");
        assert_eq!(
            slice_in_unit(text, s, e, unit),
            m["text"].as_str().unwrap(),
            "{m}"
        );
        let ent = &entities[m["entity"].as_u64().unwrap() as usize];
        assert!(
            ent["mentions"].as_array().unwrap().contains(&json!(i)),
            "mention {i} not listed by its entity {ent}"
        );
    }
    for ent in entities {
        assert!(!ent["mentions"].as_array().unwrap().is_empty(), "{ent}");
    }
}

#[test]
fn extract_reports_model_mentions_and_entities() {
    let text = "North Korea's leader Kim Jong Un met Donald Trump in Hanoi. Trump said the talks were productive.";
    let r = post_json(ready(), "/extract", &json!({ "text": text }));
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(r
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let v = r.json();
    // Name and version come from the model's meta.json (`lang` + `_` + `name`).
    let meta: Value = serde_json::from_str(
        &std::fs::read_to_string(Pipeline::default_model_path().join("meta.json")).unwrap(),
    )
    .unwrap();
    let name = format!(
        "{}_{}",
        meta["lang"].as_str().unwrap(),
        meta["name"].as_str().unwrap()
    );
    assert!(name.starts_with("en_core_web_sm"), "{name}");
    assert_eq!(v["model"]["name"], name);
    assert_eq!(v["model"]["version"], meta["version"]);
    assert_eq!(
        v["model"]["service"],
        format!("quoth {}", env!("CARGO_PKG_VERSION"))
    );
    check_spans_consistent(text, &v, "code_point");
    let mentions = v["mentions"].as_array().unwrap();
    // Possessive endings are not part of a mention.
    assert!(mentions.iter().any(|m| m["text"] == "North Korea"), "{v}");
    assert!(
        !mentions.iter().any(|m| m["text"] == "North Korea's"),
        "{v}"
    );
    // "Donald Trump" and "Trump" are one entity named by the fullest form.
    let trump: Vec<&Value> = mentions
        .iter()
        .filter(|m| m["text"] == "Trump" || m["text"] == "Donald Trump")
        .collect();
    assert_eq!(trump.len(), 2, "{v}");
    assert_eq!(trump[0]["entity"], trump[1]["entity"]);
    let ent = &v["entities"][trump[0]["entity"].as_u64().unwrap() as usize];
    assert_eq!(ent["name"], "Donald Trump");
    assert_eq!(ent["label"], "PERSON");
    // Sentence indices: the second "Trump" is in the second sentence.
    assert_eq!(trump[1]["sentence"], 1);
}

#[test]
fn raw_mentions_equal_spacy_doc_ents_in_every_unit() {
    let fx = fixture();
    for doc in fx["docs"].as_array().unwrap() {
        let text = doc["text"].as_str().unwrap();
        for unit in ["code_point", "utf16", "utf8"] {
            let r = post_json(
                ready(),
                "/extract",
                &json!({ "text": text, "raw": true, "offset_unit": unit }),
            );
            assert_eq!(r.status, 200, "{}", r.text());
            let v = r.json();
            check_spans_consistent(text, &v, unit);
            let got: Vec<(String, String, Value)> = v["mentions"]
                .as_array()
                .unwrap()
                .iter()
                .map(|m| {
                    (
                        m["text"].as_str().unwrap().to_string(),
                        m["label"].as_str().unwrap().to_string(),
                        json!([m["start"], m["end"]]),
                    )
                })
                .collect();
            let want: Vec<(String, String, Value)> = doc["ents"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    (
                        e["text"].as_str().unwrap().to_string(),
                        e["label"].as_str().unwrap().to_string(),
                        e[unit].clone(),
                    )
                })
                .collect();
            assert_eq!(got, want, "{unit}: {text}");
        }
    }
}

#[test]
fn astral_character_offsets_in_all_three_units() {
    // 😀 is one code point, two UTF-16 units and four UTF-8 bytes.
    let text = "😀 Barack Obama visited Paris. 😀😀 Obama left.";
    let expected = [
        ("code_point", (2usize, 14usize)),
        ("utf16", (3, 15)),
        ("utf8", (5, 17)),
    ];
    let mut first_texts = Vec::new();
    for (unit, (s, e)) in expected {
        let r = post_json(
            ready(),
            "/extract",
            &json!({ "text": text, "offset_unit": unit }),
        );
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        check_spans_consistent(text, &v, unit);
        let m = &v["mentions"][0];
        assert_eq!(m["text"], "Barack Obama", "{v}");
        assert_eq!(
            (m["start"].as_u64().unwrap(), m["end"].as_u64().unwrap()),
            (s as u64, e as u64),
            "{unit}"
        );
        first_texts.push(v["mentions"].as_array().unwrap().len());
    }
    // The unit changes offsets only, never which mentions are found.
    assert!(first_texts.windows(2).all(|w| w[0] == w[1]));
}

#[test]
fn empty_and_whitespace_text_give_empty_lists() {
    for text in ["", "   \n\t  "] {
        let r = post_json(ready(), "/extract", &json!({ "text": text }));
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        assert_eq!(v["mentions"], json!([]));
        assert_eq!(v["entities"], json!([]));
        assert_eq!(v["text_length"], text.chars().count());
        let q = post_json(ready(), "/quotes", &json!({ "text": text })).json();
        assert_eq!(q["quotes"], json!([]));
        let a = post_json(ready(), "/analyze", &json!({ "text": text })).json();
        assert_eq!(a["quotes"], json!([]));
        assert_eq!(a["mentions"], json!([]));
    }
}

#[test]
fn labels_filter_keeps_only_those_labels() {
    let text = "Apple shares rose 4% on Monday after Tim Cook spoke in China.";
    let all = post_json(ready(), "/extract", &json!({ "text": text })).json();
    let labels: Vec<&str> = all["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["label"].as_str().unwrap())
        .collect();
    assert!(labels.contains(&"ORG") && labels.contains(&"DATE"), "{all}");
    let v = post_json(
        ready(),
        "/extract",
        &json!({ "text": text, "labels": ["ORG", "GPE"] }),
    )
    .json();
    check_spans_consistent(text, &v, "code_point");
    let kept: Vec<&str> = v["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["label"].as_str().unwrap())
        .collect();
    assert!(!kept.is_empty());
    assert!(kept.iter().all(|l| *l == "ORG" || *l == "GPE"), "{v}");
    let expected = labels
        .iter()
        .filter(|l| **l == "ORG" || **l == "GPE")
        .count();
    assert_eq!(kept.len(), expected);
}

#[test]
fn analyze_is_extract_plus_quotes_from_one_parse() {
    let text = "“We will win,” said John Smith, the mayor of Springfield. Smith spoke on Monday.";
    let e = post_json(
        ready(),
        "/extract",
        &json!({ "text": text, "offset_unit": "utf16" }),
    )
    .json();
    let a = post_json(
        ready(),
        "/analyze",
        &json!({ "text": text, "offset_unit": "utf16" }),
    )
    .json();
    assert_eq!(a["mentions"], e["mentions"]);
    // /analyze's entities are /extract's plus their sources (`quotes`, `descriptions`,
    // `gender`).
    let mut sourced = a["entities"].clone();
    for ent in sourced.as_array_mut().unwrap() {
        let ent = ent.as_object_mut().unwrap();
        assert!(ent.remove("quotes").unwrap().is_array());
        assert!(ent.remove("descriptions").unwrap().is_array());
        assert!(ent.remove("gender").unwrap().is_string());
    }
    assert_eq!(sourced, e["entities"]);
    assert_eq!(a["text_length"], e["text_length"]);
    let quotes = a["quotes"].as_array().unwrap();
    assert_eq!(quotes.len(), 1, "{a}");
    let q = &quotes[0];
    assert_eq!(q["kind"], "direct");
    let content = q["content"][0]["text"].as_str().unwrap();
    assert!(content.contains("We will win"), "{q}");
    let speaker = &q["speaker"];
    assert_eq!(speaker["text"], "John Smith", "{q}");
    assert_eq!(speaker["kind"], "named", "{q}");
    let ent = &a["entities"][speaker["entity"].as_u64().unwrap() as usize];
    assert_eq!(ent["name"], "John Smith");
    assert_eq!(ent["label"], "PERSON");
    // The entity groups both mentions of Smith.
    assert_eq!(ent["mentions"].as_array().unwrap().len(), 2, "{a}");
    // Spans are in the requested unit.
    for span in q["content"].as_array().unwrap() {
        let (s, en) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(
            slice_in_unit(text, s, en, "utf16"),
            span["text"].as_str().unwrap()
        );
    }
}

#[test]
fn quotes_endpoint_attributes_the_speaker() {
    let text = "“We will win,” said Ana Ruiz, the mayor of Springfield.";
    let r = post_json(ready(), "/quotes", &json!({ "text": text }));
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    assert_eq!(v["offset_unit"], "code_point");
    assert_eq!(v["text_length"], text.chars().count());
    let q = &v["quotes"][0];
    assert_eq!(q["speaker"]["text"], "Ana Ruiz", "{v}");
    assert_eq!(q["cue"]["text"], "said", "{v}");
    assert!(q["rule"].as_str().is_some_and(|r| !r.is_empty()));
}

// ---------------------------------------------------------------- overload and deadline

#[test]
fn overload_is_503_at_once_and_deadline_is_503() {
    let server = tight();
    let addr = server.addr;
    let state = Arc::clone(&server.state);
    assert_eq!(get(addr, "/readyz").status, 204);
    // Occupy the only inference thread until released.
    let (release, blocked) = mpsc::channel::<()>();
    state.pool.execute(move || {
        let _ = blocked.recv();
    });
    // Two requests fill the admission limit (2); they wait behind the blocker.
    let waiting: Vec<_> = (0..2)
        .map(|_| {
            std::thread::spawn(move || {
                post_json(addr, "/extract", &json!({"text": "Ana Ruiz spoke."}))
            })
        })
        .collect();
    while state.pool.in_flight() < 2 {
        std::thread::yield_now();
    }
    // The third is refused at once.
    let r = post_json(addr, "/extract", &json!({"text": "Ana Ruiz spoke."}));
    let p = r.problem(503, "overloaded");
    assert_eq!(r.header("retry-after"), Some("1"));
    assert_eq!(p["limit"], 2);
    // The queued ones pass their 1 s deadline while the blocker holds the thread.
    for h in waiting {
        let r = h.join().unwrap();
        let p = r.problem(503, "deadline_exceeded");
        assert_eq!(p["limit"], 1000);
        assert_eq!(r.header("retry-after"), Some("1"));
    }
    release.send(()).unwrap();
    // Once free, the pool serves again (skipped jobs released their permits).
    while state.pool.in_flight() > 0 {
        std::thread::yield_now();
    }
    let r = post_json(addr, "/extract", &json!({"text": "Ana Ruiz spoke."}));
    assert_eq!(r.status, 200, "{}", r.text());
}

// ---------------------------------------------------------------- batching

#[test]
fn requests_queued_together_answer_exactly_as_alone() {
    // One inference thread, held by a blocker, so every request below waits in the batching
    // queue and the first pool job after the release analyses them in one engine pass.
    let server = start(
        Config {
            threads: Some(1),
            max_queue: Some(16),
            ..config()
        },
        Some(model()),
    );
    let addr = server.addr;
    let (release, blocked) = mpsc::channel::<()>();
    server.state.pool.execute(move || {
        let _ = blocked.recv();
    });
    let bodies = [
        (
            "/extract",
            json!({"text": "Ana Ruiz met Kim Jong Un in Hanoi 😀. Ruiz said it went well."}),
        ),
        (
            "/analyze",
            json!({"text": "“We will win,” said Ana Ruiz, the mayor of Springfield.", "offset_unit": "utf16"}),
        ),
        (
            "/quotes",
            json!({"text": "According to the ministry, exports rose. “It is good news,” the minister said.", "offset_unit": "utf8"}),
        ),
        ("/extract", json!({"text": "", "labels": ["PERSON"]})),
        (
            "/analyze",
            json!({"text": "Sue Mi Terry, a former CIA analyst, called the talks “a disaster”.", "raw": true}),
        ),
        (
            "/extract",
            json!({"text": "Apple and Microsoft reported earnings in Cupertino and Redmond.", "labels": ["ORG"]}),
        ),
    ];
    let waiting: Vec<_> = bodies
        .iter()
        .cloned()
        .map(|(path, body)| std::thread::spawn(move || post_json(addr, path, &body)))
        .collect();
    while server.state.pool.in_flight() < bodies.len() {
        std::thread::yield_now();
    }
    release.send(()).unwrap();
    for ((path, body), h) in bodies.iter().zip(waiting) {
        let batched = h.join().unwrap();
        assert_eq!(batched.status, 200, "{}", batched.text());
        let alone = post_json(ready(), path, body);
        assert_eq!(batched.json(), alone.json(), "{path} {body}");
    }
}

#[test]
fn speakers_carry_the_description_the_text_gives_them() {
    let text = "Sue Mi Terry, a former CIA analyst, said the talks had stalled. \
                White House spokeswoman Sarah Sanders said the president was \"very happy\".";
    let r = post_json(
        ready(),
        "/quotes",
        &json!({ "text": text, "offset_unit": "utf16" }),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let v = r.json();
    let described: Vec<(String, String)> = v["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|q| {
            let sp = &q["speaker"];
            let d = &sp["description"];
            let (s, e) = (d["start"].as_u64()? as usize, d["end"].as_u64()? as usize);
            // Offsets point at the description's text in the requested unit.
            assert_eq!(
                slice_in_unit(text, s, e, "utf16"),
                d["text"].as_str().unwrap()
            );
            Some((
                sp["text"].as_str()?.to_string(),
                d["text"].as_str()?.to_string(),
            ))
        })
        .collect();
    assert!(
        described.contains(&("Sue Mi Terry".into(), "a former CIA analyst".into())),
        "{v}"
    );
    assert!(
        described.contains(&("Sarah Sanders".into(), "White House spokeswoman".into())),
        "{v}"
    );
}

#[test]
fn profiles_are_chosen_per_request_and_reported() {
    let text = "Ana Ruiz met Kim Jong Un in Hanoi.";
    let fast = post_json(
        ready(),
        "/extract",
        &json!({ "text": text, "profile": "fast" }),
    );
    assert_eq!(fast.status, 200, "{}", fast.text());
    assert_eq!(fast.json()["model"]["profile"], "fast");
    // Without --accurate-models the profile is refused (501: a valid request this deployment
    // does not serve), never silently downgraded.
    for path in ["/extract", "/analyze", "/quotes"] {
        let r = post_json(
            ready(),
            path,
            &json!({ "text": text, "profile": "accurate" }),
        );
        let p = r.problem(501, "profile_unavailable");
        assert!(p["detail"].as_str().unwrap().contains("accurate"), "{p}");
    }
    let bad = post_json(
        ready(),
        "/extract",
        &json!({ "text": text, "profile": "best" }),
    );
    bad.problem(400, "invalid_request");
}

// ---------------------------------------------------------------- issue 11: salience, every mention, sources

const SOURCES_STORY: &str = "Acme Robotics hires new chief executive\n\
Acme Robotics said on Monday that Maria Lopez will lead the company from March. \
She replaces Tom Baker, who retired last year. \
“I am proud of this team,” said Lopez, the incoming chief executive. \
Analysts in Chicago welcomed the appointment. \
“It is a good choice,” said Baker.";

/// Salience is in [0, 1], sums to 1 over the entities and is sorted, most salient first.
fn check_salience(v: &Value) {
    let shares: Vec<f64> = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["salience"].as_f64().unwrap_or_else(|| panic!("{e}")))
        .collect();
    assert!(!shares.is_empty(), "{v}");
    assert!(shares.iter().all(|s| (0.0..=1.0).contains(s)), "{shares:?}");
    let total: f64 = shares.iter().sum();
    assert!((total - 1.0).abs() <= 1e-4, "sum {total}");
    assert!(shares.windows(2).all(|w| w[0] >= w[1]), "{shares:?}");
}

#[test]
fn entities_carry_salience_summing_to_one_most_salient_first() {
    for path in ["/extract", "/analyze"] {
        let r = post_json(ready(), path, &json!({ "text": SOURCES_STORY }));
        assert_eq!(r.status, 200, "{}", r.text());
        let v = r.json();
        check_spans_consistent(SOURCES_STORY, &v, "code_point");
        check_salience(&v);
        assert_eq!(v["entities"][0]["name"], "Maria Lopez", "{v}");
        // Names only by default, each a `proper` mention.
        let mentions = v["mentions"].as_array().unwrap();
        assert!(mentions.iter().all(|m| m["kind"] == "proper"), "{v}");
        assert!(!mentions.iter().any(|m| m["text"] == "She"), "{v}");
    }
    // raw: the mentions stay spaCy's, the entities get salience too.
    let raw = post_json(
        ready(),
        "/extract",
        &json!({ "text": SOURCES_STORY, "raw": true }),
    )
    .json();
    check_spans_consistent(SOURCES_STORY, &raw, "code_point");
    check_salience(&raw);
    // A labels filter: the shares are over the entities kept.
    let people = post_json(
        ready(),
        "/extract",
        &json!({ "text": SOURCES_STORY, "labels": ["PERSON"] }),
    )
    .json();
    check_salience(&people);
    assert!(people["entities"]
        .as_array()
        .unwrap()
        .iter()
        .all(|e| e["label"] == "PERSON"));
}

#[test]
fn sort_position_gives_first_mention_order_with_the_same_shares() {
    let s = post_json(ready(), "/extract", &json!({ "text": SOURCES_STORY })).json();
    let p = post_json(
        ready(),
        "/extract",
        &json!({ "text": SOURCES_STORY, "sort": "position" }),
    )
    .json();
    check_spans_consistent(SOURCES_STORY, &p, "code_point");
    let firsts: Vec<u64> = p["entities"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["mentions"][0].as_u64().unwrap())
        .collect();
    assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{p}");
    assert_eq!(p["entities"][0]["name"], "Acme Robotics");
    let sorted = |v: &Value| {
        let mut es: Vec<String> = v["entities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e.to_string())
            .collect();
        es.sort();
        es
    };
    assert_eq!(sorted(&s), sorted(&p), "same entities, other order");
}

#[test]
fn mentions_all_adds_pronoun_mentions_and_default_is_unchanged() {
    let text = "Angela Merkel arrived in Paris on Monday. She said the talks had gone well.";
    let names = post_json(ready(), "/extract", &json!({ "text": text })).json();
    let explicit = post_json(
        ready(),
        "/extract",
        &json!({ "text": text, "mentions": "names" }),
    )
    .json();
    assert_eq!(names, explicit);
    assert!(!names["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .any(|m| m["text"] == "She"));
    for path in ["/extract", "/analyze"] {
        let v = post_json(ready(), path, &json!({ "text": text, "mentions": "all" })).json();
        check_spans_consistent(text, &v, "code_point");
        check_salience(&v);
        let she = v["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["text"] == "She")
            .unwrap_or_else(|| panic!("{v}"))
            .clone();
        assert_eq!(she["kind"], "pronoun");
        assert_eq!(she["label"], "PERSON");
        assert_eq!(she["sentence"], 1);
        assert_eq!(
            v["entities"][she["entity"].as_u64().unwrap() as usize]["name"],
            "Angela Merkel"
        );
        // The proper mentions are the default's.
        let proper: Vec<&Value> = v["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|m| m["kind"] == "proper")
            .map(|m| &m["text"])
            .collect();
        let default: Vec<&Value> = names["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| &m["text"])
            .collect();
        assert_eq!(proper, default);
    }
}

#[test]
fn mentions_all_offsets_in_utf16_after_astral_characters() {
    let text =
        "😀 Angela Merkel arrived in Paris. 😀😀 She said the talks had gone well. 𝒜 She left.";
    for unit in ["code_point", "utf16", "utf8"] {
        let v = post_json(
            ready(),
            "/analyze",
            &json!({ "text": text, "mentions": "all", "offset_unit": unit }),
        )
        .json();
        check_spans_consistent(text, &v, unit);
        let she = v["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["text"] == "She")
            .unwrap_or_else(|| panic!("{v}"))
            .clone();
        let want = match unit {
            "code_point" => (37, 40),
            "utf16" => (40, 43),
            _ => (46, 49),
        };
        assert_eq!(
            (she["start"].as_u64().unwrap(), she["end"].as_u64().unwrap()),
            want,
            "{unit}"
        );
    }
}

#[test]
fn analyze_sources_link_quotes_to_their_speaker_entity() {
    let v = post_json(
        ready(),
        "/analyze",
        &json!({ "text": SOURCES_STORY, "offset_unit": "utf16" }),
    )
    .json();
    check_spans_consistent(SOURCES_STORY, &v, "utf16");
    let quotes = v["quotes"].as_array().unwrap();
    let entities = v["entities"].as_array().unwrap();
    // Both ways: a quote's speaker entity lists the quote, an entity's quotes name it.
    for (qi, q) in quotes.iter().enumerate() {
        if let Some(e) = q["speaker"]["entity"].as_u64() {
            assert!(
                entities[e as usize]["quotes"]
                    .as_array()
                    .unwrap()
                    .contains(&json!(qi)),
                "{v}"
            );
        }
    }
    for (j, e) in entities.iter().enumerate() {
        for q in e["quotes"].as_array().unwrap() {
            assert_eq!(quotes[q.as_u64().unwrap() as usize]["speaker"]["entity"], j);
        }
        for d in e["descriptions"].as_array().unwrap() {
            let (s, en) = (
                d["start"].as_u64().unwrap() as usize,
                d["end"].as_u64().unwrap() as usize,
            );
            assert_eq!(slice_in_unit(SOURCES_STORY, s, en, "utf16"), d["text"]);
        }
    }
    let lopez = entities
        .iter()
        .find(|e| e["name"] == "Maria Lopez")
        .unwrap();
    assert_eq!(lopez["quotes"].as_array().unwrap().len(), 1, "{v}");
    assert_eq!(
        lopez["descriptions"][0]["text"], "the incoming chief executive",
        "{v}"
    );
    let baker = entities.iter().find(|e| e["name"] == "Tom Baker").unwrap();
    assert_eq!(baker["quotes"].as_array().unwrap().len(), 1, "{v}");
    // Gender only from the text: "She replaces Tom Baker" makes Lopez female; nothing says
    // what Baker is.
    assert_eq!(lopez["gender"], "female", "{v}");
    assert_eq!(baker["gender"], "unknown", "{v}");
    let chicago = entities.iter().find(|e| e["name"] == "Chicago").unwrap();
    assert_eq!(chicago["gender"], "unknown", "{v}");
    // /extract has no quotes, so its entities have no `quotes` or `descriptions`.
    let e = post_json(ready(), "/extract", &json!({ "text": SOURCES_STORY })).json();
    assert!(e["entities"][0].get("quotes").is_none(), "{e}");
    assert!(e["entities"][0].get("descriptions").is_none(), "{e}");
    assert!(e["entities"][0].get("gender").is_none(), "{e}");
    // /quotes numbers speakers' entities as /extract does.
    let q = post_json(ready(), "/quotes", &json!({ "text": SOURCES_STORY })).json();
    for quote in q["quotes"].as_array().unwrap() {
        let name = &quote["speaker"]["name"];
        let ent = quote["speaker"]["entity"].as_u64().unwrap() as usize;
        assert_eq!(&e["entities"][ent]["name"], name, "{q}");
    }
}

#[test]
fn bad_mentions_or_sort_values_are_400_invalid_request() {
    for body in [
        br#"{"text": "a", "mentions": "pronouns"}"#.as_slice(),
        br#"{"text": "a", "mentions": 1}"#,
        br#"{"text": "a", "sort": "alphabetical"}"#,
    ] {
        post_raw("/extract", body).problem(400, "invalid_request");
        post_raw("/analyze", body).problem(400, "invalid_request");
    }
    // /quotes lists no entities: neither option exists there.
    post_raw("/quotes", br#"{"text": "a", "mentions": "all"}"#).problem(400, "invalid_request");
}

/// A story with a direct, a mixed and an indirect quote.
const KINDS_STORY: &str = "“We will win,” said Ana Ruiz, the mayor of Springfield. \
    Senator Tom Baker said on Tuesday that the stadium deal was “a gift to developers” and a \
    burden on taxpayers. Baker said the council would vote on the deal next week.";

#[test]
fn kinds_keep_only_those_quotes_and_entities_index_what_is_shown() {
    let all = post_json(ready(), "/analyze", &json!({ "text": KINDS_STORY })).json();
    let kinds_of = |v: &Value| -> Vec<String> {
        v["quotes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|q| q["kind"].as_str().unwrap().to_string())
            .collect()
    };
    let every = kinds_of(&all);
    for k in ["direct", "mixed", "indirect"] {
        assert!(every.iter().any(|x| x == k), "{k} missing: {all}");
    }
    for path in ["/analyze", "/quotes"] {
        let body = json!({ "text": KINDS_STORY, "kinds": ["direct", "mixed"] });
        let v = post_json(ready(), path, &body).json();
        let kinds = kinds_of(&v);
        assert_eq!(
            kinds.len(),
            every.iter().filter(|k| *k != "indirect").count(),
            "{v}"
        );
        assert!(kinds.iter().all(|k| k != "indirect"), "{v}");
    }
    // Entities' quote indices point into the filtered list.
    let v = post_json(
        ready(),
        "/analyze",
        &json!({ "text": KINDS_STORY, "kinds": ["indirect"] }),
    )
    .json();
    let quotes = v["quotes"].as_array().unwrap();
    assert!(
        !quotes.is_empty() && quotes.iter().all(|q| q["kind"] == "indirect"),
        "{v}"
    );
    for e in v["entities"].as_array().unwrap() {
        for q in e["quotes"].as_array().unwrap() {
            assert!((q.as_u64().unwrap() as usize) < quotes.len(), "{v}");
        }
    }
    post_raw("/quotes", br#"{"text": "a", "kinds": ["partial"]}"#).problem(400, "invalid_request");
}

#[test]
fn a_mixed_quote_carries_its_reported_clause_in_the_unit_asked() {
    let v = post_json(
        ready(),
        "/analyze",
        &json!({ "text": KINDS_STORY, "offset_unit": "utf16" }),
    )
    .json();
    check_spans_consistent(KINDS_STORY, &v, "utf16");
    let quotes = v["quotes"].as_array().unwrap();
    let mixed = quotes.iter().find(|q| q["kind"] == "mixed").unwrap();
    let clause = &mixed["clause"];
    let text = clause["text"].as_str().unwrap();
    assert!(text.starts_with("that the stadium deal was"), "{v}");
    let (s, e) = (
        clause["start"].as_u64().unwrap() as usize,
        clause["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(slice_in_unit(KINDS_STORY, s, e, "utf16"), text);
    for q in quotes.iter().filter(|q| q["kind"] != "mixed") {
        assert!(q["clause"].is_null(), "{q}");
    }
}
