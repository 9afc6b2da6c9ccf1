//! Hostile clients on loopback (issue #12): slow heads on first and later requests, stalled
//! bodies, idle keep-alive, the connection cap, fd exhaustion under a low `ulimit -n`, gzip bombs,
//! unknown encodings, malformed HTTP, and the input contract's edges. Fast: no model is loaded
//! (the checks happen before inference) and the timeouts are 1-2 s. Every wait is bounded.
//!
//! The slow, measuring counterpart is `scripts/hostile.py` (release binary, README figures).

mod support;

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use quoth_server::{spawn, AppState, Config, RunningServer};
use serde_json::Value;

fn config() -> Config {
    Config {
        bind: "127.0.0.1".parse().unwrap(),
        port: 0,
        workers: 2,
        threads: Some(1),
        max_body_bytes: 64 * 1024,
        header_timeout_secs: 1,
        body_timeout_secs: 1,
        keep_alive_secs: 1,
        shutdown_drain_secs: 0,
        ..Config::default()
    }
}

fn start(config: Config) -> RunningServer {
    spawn(AppState::new(config).expect("state"), false).expect("bind 127.0.0.1:0")
}

fn shared() -> SocketAddr {
    static SERVER: std::sync::OnceLock<RunningServer> = std::sync::OnceLock::new();
    SERVER.get_or_init(|| start(config())).addr
}

fn connect(addr: SocketAddr) -> TcpStream {
    let s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    s
}

/// Read until the server closes (bounded by the 30 s read timeout); the bytes and the time.
fn read_to_close(s: &mut TcpStream) -> (Vec<u8>, Duration) {
    let started = Instant::now();
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match s.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out.extend_from_slice(&buf[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => break,
            Err(e) => panic!("connection not closed: {e} after {:?}", started.elapsed()),
        }
    }
    (out, started.elapsed())
}

/// Read one response with a Content-Length (or none) from a kept-alive connection.
fn read_one(s: &mut TcpStream) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        let n = s.read(&mut buf).expect("read");
        assert!(n > 0, "closed early: {}", String::from_utf8_lossy(&out));
        out.extend_from_slice(&buf[..n]);
        if let Some(end) = out.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&out[..end]).to_ascii_lowercase();
            let len = head
                .lines()
                .find_map(|l| l.strip_prefix("content-length: "))
                .and_then(|v| v.trim().parse::<usize>().ok())
                .unwrap_or(0);
            if out.len() >= end + 4 + len {
                return out;
            }
        }
    }
}

/// Status and problem body of a raw response; asserts problem+json with a request id.
fn problem(raw: &[u8]) -> (u16, Value) {
    let text = String::from_utf8_lossy(raw);
    let (head, body) = text
        .split_once("\r\n\r\n")
        .unwrap_or_else(|| panic!("no response: {text:?}"));
    let status: u16 = head[9..12].parse().unwrap();
    let lower = head.to_ascii_lowercase();
    assert!(
        lower.contains("content-type: application/problem+json"),
        "{text}"
    );
    assert!(lower.contains("x-request-id: "), "{text}");
    let v: Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {text}"));
    assert_eq!(v["status"], status);
    assert_eq!(v["request_id"].as_str().map(str::len), Some(32), "{text}");
    (status, v)
}

const BOUND: Duration = Duration::from_secs(10);

#[test]
fn slow_head_on_the_first_request_gets_408_problem_and_close() {
    let mut s = connect(shared());
    s.write_all(b"GET /liv").unwrap();
    let (raw, took) = read_to_close(&mut s);
    assert!(took < BOUND, "{took:?}");
    let (status, v) = problem(&raw);
    assert_eq!((status, v["code"].as_str()), (408, Some("request_timeout")));
}

#[test]
fn slow_head_on_a_later_request_is_closed_too() {
    let mut s = connect(shared());
    s.write_all(b"GET /livez HTTP/1.1\r\nHost: t\r\n\r\n")
        .unwrap();
    assert!(read_one(&mut s).starts_with(b"HTTP/1.1 204"));
    // One byte every 300 ms: never a complete head, always some traffic.
    let started = Instant::now();
    let mut closed = false;
    for b in b"GET /livez HTTP/1.1\r\nHost: slow\r\n".iter() {
        if s.write_all(&[*b]).is_err() {
            closed = true;
            break;
        }
        std::thread::sleep(Duration::from_millis(300));
        if started.elapsed() > Duration::from_secs(4) {
            break;
        }
    }
    if !closed {
        let (raw, _) = read_to_close(&mut s);
        let (status, _) = problem(&raw);
        assert_eq!(status, 408);
    }
    assert!(started.elapsed() < BOUND);
}

#[test]
fn stalled_bodies_get_408_problem_and_close() {
    for (label, head) in [
        (
            "content-length",
            &b"POST /extract HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"text\":\"ab"[..],
        ),
        (
            "chunked",
            &b"POST /extract HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n{\"tex\r\n"[..],
        ),
    ] {
        let mut s = connect(shared());
        s.write_all(head).unwrap();
        let (raw, took) = read_to_close(&mut s);
        assert!(took < BOUND, "{label}: {took:?}");
        let (status, v) = problem(&raw);
        assert_eq!(
            (status, v["code"].as_str()),
            (408, Some("request_timeout")),
            "{label}"
        );
    }
}

#[test]
fn idle_keep_alive_is_closed() {
    let mut s = connect(shared());
    s.write_all(b"GET /livez HTTP/1.1\r\nHost: t\r\n\r\n")
        .unwrap();
    read_one(&mut s);
    let (rest, took) = read_to_close(&mut s);
    assert!(rest.is_empty());
    assert!(took < BOUND, "{took:?}");
}

#[test]
fn past_the_connection_cap_the_answer_is_503_problem() {
    let server = start(Config {
        max_connections: 4,
        header_timeout_secs: 30,
        ..config()
    });
    let held: Vec<TcpStream> = (0..4).map(|_| connect(server.addr)).collect();
    // The four are accepted (and counted) once the server has seen them.
    let until = Instant::now() + BOUND;
    while server.conns.open_connections() < 4 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(server.conns.open_connections(), 4);
    let mut extra = connect(server.addr);
    let (raw, took) = read_to_close(&mut extra);
    assert!(took < BOUND);
    let (status, v) = problem(&raw);
    assert_eq!(
        (status, v["code"].as_str()),
        (503, Some("too_many_connections"))
    );
    assert!(String::from_utf8_lossy(&raw)
        .to_ascii_lowercase()
        .contains("retry-after: 1"));
    drop(held);
    // Room again once they are gone.
    let until = Instant::now() + BOUND;
    while server.conns.open_connections() > 0 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert_eq!(support::get(server.addr, "/livez").status, 204);
    server.stop().unwrap();
}

#[test]
fn stop_does_not_wait_for_idle_half_sent_or_stalled_connections() {
    let server = start(Config {
        header_timeout_secs: 60,
        body_timeout_secs: 60,
        keep_alive_secs: 60,
        shutdown_timeout_secs: 30,
        ..config()
    });
    let mut stalled = connect(server.addr);
    stalled
        .write_all(b"POST /extract HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"te")
        .unwrap();
    let mut idle = connect(server.addr);
    idle.write_all(b"GET /livez HTTP/1.1\r\nHost: t\r\n\r\n")
        .unwrap();
    read_one(&mut idle);
    let mut half = connect(server.addr);
    half.write_all(b"GET /livez HTTP/1.1\r\nHo").unwrap();
    let mut fresh = connect(server.addr);
    let until = Instant::now() + BOUND;
    while server.conns.open_connections() < 4 && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(20));
    }
    let started = Instant::now();
    server.stop().unwrap();
    // Without the guard this took the full 30 s shutdown timeout.
    assert!(started.elapsed() < BOUND, "{:?}", started.elapsed());
    for s in [&mut idle, &mut half, &mut fresh, &mut stalled] {
        let (_, took) = read_to_close(s);
        assert!(took < BOUND);
    }
}

fn post(addr: SocketAddr, headers: &str, body: &[u8]) -> Vec<u8> {
    let mut s = connect(addr);
    let head = format!(
        "POST /extract HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {}\r\n{headers}\r\n",
        body.len()
    );
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    read_to_close(&mut s).0
}

fn gzip(data: &[u8]) -> Vec<u8> {
    use flate2::write::GzEncoder;
    let mut e = GzEncoder::new(Vec::new(), flate2::Compression::best());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn gzip_bomb_stops_at_the_body_limit() {
    // 64 MiB of spaces inside a JSON string: about 64 KB compressed, 1000 × the limit.
    let mut json = b"{\"text\":\"".to_vec();
    json.resize(64 << 20, b' ');
    json.extend_from_slice(b"\"}");
    let bomb = gzip(&json);
    let raw = post(shared(), "Content-Encoding: gzip\r\n", &bomb);
    let (status, v) = problem(&raw);
    assert_eq!(
        (status, v["code"].as_str()),
        (413, Some("payload_too_large"))
    );
    assert_eq!(v["limit"], 64 * 1024);
}

#[test]
fn compressed_bodies_are_decoded_and_unknown_codings_refused() {
    let body = br#"{"text":"Ana Ruiz spoke."}"#;
    // Decoded fine: the unready server answers 503 not_ready only after parsing the body.
    let raw = post(shared(), "Content-Encoding: gzip\r\n", &gzip(body));
    assert_eq!(problem(&raw).1["code"], "not_ready");
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    z.write_all(body).unwrap();
    let raw = post(
        shared(),
        "Content-Encoding: deflate\r\n",
        &z.finish().unwrap(),
    );
    assert_eq!(problem(&raw).1["code"], "not_ready");
    for coding in ["br", "zstd", "compress", "gzip, br"] {
        let raw = post(shared(), &format!("Content-Encoding: {coding}\r\n"), body);
        let (status, v) = problem(&raw);
        assert_eq!(
            (status, v["code"].as_str()),
            (415, Some("unsupported_encoding")),
            "{coding}"
        );
        assert!(String::from_utf8_lossy(&raw)
            .to_ascii_lowercase()
            .contains("accept-encoding: gzip, deflate"));
    }
    let raw = post(shared(), "Content-Encoding: gzip\r\n", body);
    let (status, v) = problem(&raw);
    assert_eq!(status, 400);
    let detail = v["detail"].as_str().unwrap();
    assert!(
        !detail.contains("Custom {") && !detail.contains("kind:"),
        "{detail}"
    );
}

#[test]
fn http_layer_errors_are_problems_with_request_ids() {
    let mut s = connect(shared());
    s.write_all(b"NOT HTTP AT ALL\r\n\r\n").unwrap();
    let (status, v) = problem(&read_to_close(&mut s).0);
    assert_eq!((status, v["code"].as_str()), (400, Some("invalid_http")));

    let mut s = connect(shared());
    let mut head = b"GET /livez HTTP/1.1\r\nHost: t\r\n".to_vec();
    for i in 0..200 {
        head.extend_from_slice(format!("X-H{i}: v\r\n").as_bytes());
    }
    head.extend_from_slice(b"\r\n");
    s.write_all(&head).unwrap();
    let (status, v) = problem(&read_to_close(&mut s).0);
    assert!(matches!(status, 400 | 431), "{status} {v}");
}

#[test]
fn the_contract_edges() {
    let addr = shared();
    for body in [
        r#"["Barack Obama visited Paris.","utf16",["PERSON"],true]"#,
        r#"  [1]"#,
        r#"{"text":"a","labels":[0]}"#,
        r#"{"text":"a","offset_unit":1}"#,
        r#"{"text":"a","offset_unit":null}"#,
    ] {
        let (status, v) = problem(&post(addr, "", body.as_bytes()));
        assert_eq!(
            (status, v["code"].as_str()),
            (400, Some("invalid_request")),
            "{body}"
        );
    }
    let (status, v) = problem(&post(addr, "", br#"{"text": }"#));
    assert_eq!((status, v["code"].as_str()), (400, Some("invalid_json")));

    for (path, want) in [("/livez", "204"), ("/readyz", "503")] {
        let mut s = connect(addr);
        s.write_all(
            format!("HEAD {path} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n").as_bytes(),
        )
        .unwrap();
        let (raw, _) = read_to_close(&mut s);
        let text = String::from_utf8_lossy(&raw);
        assert!(
            text.starts_with(&format!("HTTP/1.1 {want}")),
            "{path}: {text}"
        );
        assert!(text.ends_with("\r\n\r\n"), "HEAD has no body: {text}");
    }

    let r = support::get(addr, "/docs/no-such-file.js");
    let v = r.problem(404, "not_found");
    assert!(v["request_id"].is_string());
}

/// fd exhaustion: the real binary under `ulimit -n 128` with 200 silent connections, sent while
/// the models load. The cap (128 − 64) refuses the excess with 503 instead of accept() failing,
/// the model load still finds descriptors, the header timeout clears the silent ones, and a
/// normal client is served afterwards.
#[test]
fn low_ulimit_does_not_stop_accepting() {
    use std::io::BufRead;
    let bin = env!("CARGO_BIN_EXE_quoth");
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -n 128 && exec {bin} serve --bind 127.0.0.1 --port 0 --log-format json --header-timeout-secs 1 --workers 1 --threads 1"
        ))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::inherit())
        .spawn()
        .expect("spawn sh");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout)
            .lines()
            .map_while(Result::ok)
        {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let (addr, cap): (SocketAddr, u64) = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("no listening line");
        let v: Value = serde_json::from_str(&line).unwrap_or(Value::Null);
        if v["message"] == "listening" {
            break (
                v["addr"].as_str().unwrap().parse().unwrap(),
                v["max_connections"].as_u64().unwrap(),
            );
        }
    };
    assert_eq!(cap, 64);
    let held: Vec<TcpStream> = (0..200)
        .filter_map(|_| TcpStream::connect(addr).ok())
        .collect();
    // Every one is answered: 503 at the cap, or 408 once the header timeout clears a slot
    // (the ones waiting in the backlog are then accepted). None is left hanging.
    let (mut refused, mut timed_out, mut other_count) = (0, 0, 0);
    for mut s in held {
        s.set_read_timeout(Some(Duration::from_secs(15))).unwrap();
        let mut buf = [0u8; 12];
        match s.read_exact(&mut buf).map(|_| buf) {
            Ok(b) if &b == b"HTTP/1.1 503" => refused += 1,
            Ok(b) if &b == b"HTTP/1.1 408" => timed_out += 1,
            other => {
                eprintln!("{other:?}");
                other_count += 1
            }
        }
    }
    assert!(
        refused > 0 && other_count == 0,
        "refused {refused}, timed out {timed_out}, other {other_count}"
    );
    // The silent ones were closed by the header timeout: a real client gets in.
    let until = Instant::now() + BOUND;
    let status = loop {
        let r = std::panic::catch_unwind(|| support::get(addr, "/livez").status);
        match r {
            Ok(s) if s == 204 || Instant::now() > until => break s,
            _ => std::thread::sleep(Duration::from_millis(200)),
        }
    };
    // The flood came during the model load; the load still had descriptors and finished.
    let until = Instant::now() + Duration::from_secs(300);
    let ready = loop {
        let r = std::panic::catch_unwind(|| support::get(addr, "/readyz").status);
        match r {
            Ok(s) if s == 204 || Instant::now() > until => break s,
            _ => std::thread::sleep(Duration::from_millis(500)),
        }
    };
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(status, 204);
    assert_eq!(ready, 204, "the model load did not survive the flood");
}

#[test]
fn stalled_uploads_cannot_add_up_past_the_receive_budget() {
    let server = start(Config {
        max_receiving_body_bytes: 4096,
        body_timeout_secs: 30,
        ..config()
    });
    let head = |len: usize| {
        format!(
            "POST /extract HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: {len}\r\n\r\n"
        )
    };
    let mut first = connect(server.addr);
    first.write_all(head(10_000).as_bytes()).unwrap();
    first.write_all(&[b' '; 3000]).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    let mut second = connect(server.addr);
    second.write_all(head(10_000).as_bytes()).unwrap();
    second.write_all(&[b' '; 2000]).unwrap();
    let (raw, took) = read_to_close(&mut second);
    assert!(took < BOUND);
    let (status, v) = problem(&raw);
    assert_eq!((status, v["code"].as_str()), (503, Some("overloaded")));
    drop(first);
    server.stop().unwrap();
}
