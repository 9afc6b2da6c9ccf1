//! Tests of the `quoth` binary as a process: `serve` start-up, SIGTERM drain and exit code,
//! `healthcheck`, `openapi`, `extract` and `bulk`.

mod support;

use std::io::{BufRead, BufReader, Write};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::{get, post_json};

const BIN: &str = env!("CARGO_BIN_EXE_quoth");

/// Start `quoth serve` on 127.0.0.1:0 with JSON logs; return the child and its address (read
/// from the `listening` log line).
fn serve(extra: &[&str]) -> (Child, SocketAddr, std::sync::mpsc::Receiver<String>) {
    let mut child = Command::new(BIN)
        .args([
            "serve",
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--log-format",
            "json",
        ])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("spawn quoth serve");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let addr = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(120))
            .expect("no `listening` log line");
        let v: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
        if v["message"] == "listening" {
            break v["addr"].as_str().unwrap().parse().unwrap();
        }
    };
    (child, addr, rx)
}

fn wait_ready(child: &mut Child, addr: SocketAddr) {
    // Bounded: model load at opt-level 1 on a busy machine.
    let until = Instant::now() + Duration::from_secs(300);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("quoth serve exited before it was ready: {status:?}");
        }
        if get(addr, "/readyz").status == 204 {
            return;
        }
        assert!(Instant::now() < until, "not ready in time");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn model_arg() -> String {
    quoth::nlp::Pipeline::default_model_path()
        .display()
        .to_string()
}

#[test]
fn serve_with_a_missing_model_exits_non_zero() {
    let out = Command::new(BIN)
        .args([
            "serve",
            "--bind",
            "127.0.0.1",
            "--port",
            "0",
            "--log-format",
            "json",
            "--model",
            "/nonexistent/model",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot load the model"), "{stderr}");
}

#[test]
fn sigterm_turns_readiness_off_finishes_requests_and_exits_zero() {
    let (mut child, addr, logs) = serve(&["--shutdown-drain-secs", "2", "--model", &model_arg()]);
    wait_ready(&mut child, addr);
    // The healthcheck subcommand agrees.
    let hc = Command::new(BIN)
        .args(["healthcheck", "--port", &addr.port().to_string()])
        .status()
        .unwrap();
    assert!(hc.success());

    let kill = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(kill.success());
    // Readiness turns 503 during the drain while requests are still served.
    let until = Instant::now() + Duration::from_secs(60);
    loop {
        let r = get(addr, "/readyz");
        if r.status == 503 {
            r.problem(503, "not_ready");
            break;
        }
        assert!(Instant::now() < until, "readiness never turned 503");
        std::thread::sleep(Duration::from_millis(20));
    }
    let r = post_json(addr, "/extract", &json!({"text": "Ana Ruiz spoke."}));
    assert_eq!(r.status, 200, "{}", r.text());
    let status = child.wait().unwrap();
    assert!(status.success(), "{status:?}");
    let lines: Vec<String> = logs.try_iter().collect();
    assert!(
        lines.iter().any(|l| l.contains("shutdown requested")),
        "{lines:#?}"
    );
    // One access line per request, with method, route, status, latency and id.
    let access: Vec<Value> = lines
        .iter()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter(|v| v["target"] == "quoth::access")
        .collect();
    let extract = access
        .iter()
        .find(|v| v["route"] == "/extract")
        .unwrap_or_else(|| panic!("{lines:#?}"));
    assert_eq!(extract["method"], "POST");
    assert_eq!(extract["status"], 200);
    assert!(extract["latency_ms"].as_f64().is_some());
    assert_eq!(extract["request_id"].as_str().map(str::len), Some(32));
}

#[test]
fn healthcheck_fails_when_nothing_listens_or_not_ready() {
    // A port nobody listens on.
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = free.local_addr().unwrap().port();
    drop(free);
    let st = Command::new(BIN)
        .args([
            "healthcheck",
            "--port",
            &port.to_string(),
            "--timeout-ms",
            "500",
        ])
        .output()
        .unwrap();
    assert!(!st.status.success());
    // A server that is up but whose model is not loaded.
    let state = quoth_server::AppState::new(quoth_server::Config {
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        workers: 1,
        threads: Some(1),
        ..Default::default()
    })
    .unwrap();
    let server = quoth_server::spawn(state, false).unwrap();
    let st = Command::new(BIN)
        .args(["healthcheck", "--port", &server.addr.port().to_string()])
        .output()
        .unwrap();
    assert!(!st.status.success());
    assert!(String::from_utf8_lossy(&st.stderr).contains("503"));
    server.stop().unwrap();
}

#[test]
fn help_documents_every_setting_with_its_env_var() {
    let out = Command::new(BIN)
        .args(["serve", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    for env in [
        "QUOTH_BIND",
        "QUOTH_PORT",
        "QUOTH_WORKERS",
        "QUOTH_THREADS",
        "QUOTH_MAX_QUEUE",
        "QUOTH_MAX_BODY_BYTES",
        "QUOTH_MAX_TEXT_CHARS",
        "QUOTH_REQUEST_DEADLINE_MS",
        "QUOTH_MODEL",
        "QUOTH_LOG_FORMAT",
    ] {
        assert!(help.contains(env), "--help lacks {env}:\n{help}");
    }
}

#[test]
fn openapi_subcommand_prints_the_committed_document() {
    let out = Command::new(BIN).arg("openapi").output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi/openapi.json"))
            .unwrap()
    );
}

#[test]
fn cli_extract_prints_the_same_json_as_the_api() {
    let text = "😀 Barack Obama visited Paris. Obama left.";
    let dir = std::env::temp_dir().join(format!("quoth-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // `quoth extract ARGS --model M FILE` on `text` written to `name`: its JSON.
    let run_cli = |name: &str, text: &str, args: &[&str]| -> Value {
        let file = dir.join(name);
        std::fs::write(&file, text).unwrap();
        let out = Command::new(BIN)
            .arg("extract")
            .args(args)
            .args(["--model", &model_arg()])
            .arg(&file)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let cli = run_cli("in.txt", text, &["--offset-unit", "utf16"]);

    let state = quoth_server::AppState::new(quoth_server::Config {
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        threads: Some(1),
        ..Default::default()
    })
    .unwrap();
    quoth_server::load_model(&state).unwrap();
    let server = quoth_server::spawn(state, false).unwrap();
    let api = post_json(
        server.addr,
        "/extract",
        &json!({"text": text, "offset_unit": "utf16"}),
    )
    .json();
    assert_eq!(cli, api);
    assert!(!cli["mentions"].as_array().unwrap().is_empty());

    // The request's `mentions` and `sort` as flags: the same JSON as /analyze with them.
    let story = "😀 Angela Merkel arrived in Paris. “We will talk,” she said.";
    let cli = run_cli(
        "in2.txt",
        story,
        &[
            "--task",
            "analyze",
            "--offset-unit",
            "utf16",
            "--mentions",
            "all",
            "--sort",
            "position",
        ],
    );
    let api = post_json(
        server.addr,
        "/analyze",
        &json!({"text": story, "offset_unit": "utf16", "mentions": "all", "sort": "position"}),
    )
    .json();
    assert_eq!(cli, api);
    assert!(
        cli["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["kind"] == "pronoun"),
        "{cli}"
    );
    assert!(cli["entities"][0]["salience"].is_number(), "{cli}");

    // `kinds` as a flag: the same JSON as /quotes with it.
    let quotes = "“We will win,” said Ana Ruiz. Tom Baker said the council would vote next week.";
    let cli = run_cli(
        "in3.txt",
        quotes,
        &["--task", "quotes", "--kinds", "direct,mixed"],
    );
    let api = post_json(
        server.addr,
        "/quotes",
        &json!({"text": quotes, "kinds": ["direct", "mixed"]}),
    )
    .json();
    assert_eq!(cli, api);
    let kinds: Vec<&Value> = cli["quotes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| &q["kind"])
        .collect();
    assert_eq!(kinds, [&json!("direct")], "{cli}");
    server.stop().unwrap();

    // stdin works too.
    let mut child = Command::new(BIN)
        .args(["extract", "--compact", "--model", &model_arg()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["offset_unit"], "code_point");
    assert_eq!(v["mentions"][0]["start"], 2);
}

#[test]
fn cli_extract_names_the_input_it_cannot_read() {
    let dir = std::env::temp_dir().join(format!("quoth-cli-bad-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let missing = dir.join("missing.txt");
    let latin1 = dir.join("latin1.txt");
    std::fs::write(&latin1, b"caf\xe9").unwrap();
    for (file, reason) in [(&missing, "No such file"), (&latin1, "valid UTF-8")] {
        let out = Command::new(BIN)
            .args(["extract", "--model", &model_arg()])
            .arg(file)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{stderr}");
        assert!(out.stdout.is_empty());
        assert!(stderr.contains(&*file.to_string_lossy()), "{stderr}");
        assert!(stderr.contains(reason), "{stderr}");
    }
}

#[test]
fn bulk_keeps_order_ids_and_reports_bad_lines() {
    let mut input = String::new();
    for i in 0..40 {
        input.push_str(
            &json!({"id": i, "text": format!("Story {i}: John Smith visited Paris.")}).to_string(),
        );
        input.push('\n');
    }
    input.push_str("{not json\n");
    input.push_str(&json!({"id": "x", "text": "Obama spoke.", "offset_unit": "utf16"}).to_string());
    input.push('\n');
    input.push_str(&json!({"text": "a", "bogus": 1}).to_string());
    input.push('\n');
    let mut child = Command::new(BIN)
        .args(["bulk", "--threads", "2", "--model", &model_arg()])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let lines: Vec<Value> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 43);
    for (i, l) in lines.iter().take(40).enumerate() {
        assert_eq!(l["line"], i + 1);
        assert_eq!(l["id"], i);
        let mentions = l["result"]["mentions"].as_array().unwrap();
        assert!(mentions.iter().any(|m| m["text"] == "John Smith"), "{l}");
    }
    assert_eq!(lines[40]["error"]["code"], "invalid_json");
    assert_eq!(lines[41]["id"], "x");
    assert_eq!(lines[41]["result"]["offset_unit"], "utf16");
    assert_eq!(lines[42]["error"]["code"], "invalid_request");
}
