//! Open-loop (fixed-rate) HTTP/1.1 load generator for `scripts/loadtest.sh`, loopback only.
//!
//! `wrk` keeps N requests in flight (closed loop), which measures saturation throughput but not
//! latency at a given load: when the server slows down, wrk slows down with it and the slow
//! periods are under-sampled (coordinated omission). This tool sends request `i` at the fixed
//! time `t0 + i / rate` and measures latency from that *scheduled* time, so time spent waiting
//! for a free connection counts as latency.
//!
//! ```text
//! cargo run --release --example loadgen -- --addr 127.0.0.1:8080 --path /extract \
//!     --body tests/fixtures/load/article_800w.json --rate 40 --duration 20 --connections 16
//! ```
//!
//! `--rate 0` is a closed loop instead (each connection sends back to back), used with
//! `--connections 1` for the unloaded single-request latency.
//!
//! Prints a human summary to stderr and one machine-readable `LOADGEN key=value ...` line to
//! stdout. Exits non-zero when the address is not loopback or nothing succeeded.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

/// Command-line settings.
struct Opts {
    addr: SocketAddr,
    path: String,
    body: Vec<u8>,
    /// Requests per second; 0 = closed loop.
    rate: f64,
    duration: Duration,
    warmup: Duration,
    connections: usize,
    timeout: Duration,
}

/// What one worker thread saw.
#[derive(Default)]
struct Stats {
    /// Latencies of recorded 2xx responses, in microseconds.
    lat_us: Vec<u64>,
    ok: u64,
    non2xx: u64,
    errors: u64,
    /// Worst lateness of an actual send versus its schedule (microseconds).
    max_send_lag_us: u64,
}

fn usage() -> String {
    "usage: loadgen --addr 127.0.0.1:PORT --body FILE [--path /extract] [--rate R (0=closed loop)] \
     [--duration SECS] [--warmup SECS] [--connections N] [--timeout SECS]"
        .to_string()
}

fn parse_args() -> Result<Opts, String> {
    let mut addr = None;
    let mut path = "/extract".to_string();
    let mut body_file = None;
    let mut rate = 0.0f64;
    let mut duration = 20.0f64;
    let mut warmup = 0.0f64;
    let mut connections = 8usize;
    let mut timeout = 30.0f64;
    let mut args = std::env::args().skip(1);
    while let Some(flag) = args.next() {
        let mut val = || {
            args.next()
                .ok_or_else(|| format!("{flag} needs a value\n{}", usage()))
        };
        let num = |s: String| -> Result<f64, String> {
            s.parse::<f64>()
                .ok()
                .filter(|v| v.is_finite() && *v >= 0.0)
                .ok_or_else(|| format!("{flag}: not a non-negative number: {s:?}"))
        };
        match flag.as_str() {
            "--addr" => {
                let s = val()?;
                addr = Some(
                    s.parse::<SocketAddr>()
                        .map_err(|e| format!("--addr {s:?}: {e}"))?,
                );
            }
            "--path" => path = val()?,
            "--body" => body_file = Some(val()?),
            "--rate" => rate = num(val()?)?,
            "--duration" => duration = num(val()?)?,
            "--warmup" => warmup = num(val()?)?,
            "--connections" => {
                let s = val()?;
                connections = s
                    .parse::<usize>()
                    .ok()
                    .filter(|&n| n > 0)
                    .ok_or_else(|| format!("--connections: not a positive integer: {s:?}"))?;
            }
            "--timeout" => timeout = num(val()?)?,
            "-h" | "--help" => return Err(usage()),
            other => return Err(format!("unknown argument {other:?}\n{}", usage())),
        }
    }
    let addr = addr.ok_or_else(|| format!("--addr is required\n{}", usage()))?;
    if !addr.ip().is_loopback() {
        return Err(format!(
            "refusing non-loopback address {addr}: loadgen only targets 127.0.0.1/::1"
        ));
    }
    let body_file = body_file.ok_or_else(|| format!("--body is required\n{}", usage()))?;
    let body = std::fs::read(&body_file).map_err(|e| format!("--body {body_file}: {e}"))?;
    if !path.starts_with('/') || path.contains(['\r', '\n', ' ']) {
        return Err(format!(
            "--path {path:?}: must be an absolute path without spaces"
        ));
    }
    Ok(Opts {
        addr,
        path,
        body,
        rate,
        duration: Duration::from_secs_f64(duration),
        warmup: Duration::from_secs_f64(warmup),
        connections,
        timeout: Duration::from_secs_f64(timeout.max(0.001)),
    })
}

/// One keep-alive HTTP/1.1 connection.
struct Conn {
    reader: BufReader<TcpStream>,
    /// Reused header-line buffer.
    line: String,
}

impl Conn {
    fn open(addr: SocketAddr, timeout: Duration) -> std::io::Result<Conn> {
        let s = TcpStream::connect_timeout(&addr, timeout)?;
        s.set_nodelay(true)?;
        s.set_read_timeout(Some(timeout))?;
        s.set_write_timeout(Some(timeout))?;
        Ok(Conn {
            reader: BufReader::with_capacity(64 * 1024, s),
            line: String::new(),
        })
    }

    /// Send one pre-built request and read the whole response; returns (status, keep_alive).
    fn round_trip(&mut self, request: &[u8]) -> std::io::Result<(u16, bool)> {
        self.reader.get_mut().write_all(request)?;
        let bad = |m: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, m.to_string());
        self.line.clear();
        if self.reader.read_line(&mut self.line)? == 0 {
            return Err(bad("connection closed before the status line"));
        }
        let status: u16 = self
            .line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("malformed status line"))?;
        let mut content_length: Option<u64> = None;
        let mut chunked = false;
        let mut keep_alive = true;
        loop {
            self.line.clear();
            if self.reader.read_line(&mut self.line)? == 0 {
                return Err(bad("connection closed inside the headers"));
            }
            let l = self.line.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                let (k, v) = (k.trim(), v.trim());
                if k.eq_ignore_ascii_case("content-length") {
                    content_length = Some(v.parse().map_err(|_| bad("bad content-length"))?);
                } else if k.eq_ignore_ascii_case("transfer-encoding") {
                    chunked = v.to_ascii_lowercase().contains("chunked");
                } else if k.eq_ignore_ascii_case("connection") {
                    keep_alive = !v.eq_ignore_ascii_case("close");
                }
            }
        }
        if chunked {
            loop {
                self.line.clear();
                if self.reader.read_line(&mut self.line)? == 0 {
                    return Err(bad("connection closed inside a chunk header"));
                }
                let size_hex = self.line.trim().split(';').next().unwrap_or("");
                let size = u64::from_str_radix(size_hex, 16).map_err(|_| bad("bad chunk size"))?;
                // chunk data plus its CRLF (the last chunk has no data, then the final CRLF;
                // trailers are not used by the service)
                self.skip(size + 2)?;
                if size == 0 {
                    break;
                }
            }
        } else if let Some(n) = content_length {
            self.skip(n)?;
        } else {
            // body delimited by close: read it all, then the connection is done
            std::io::copy(&mut self.reader, &mut std::io::sink())?;
            keep_alive = false;
        }
        Ok((status, keep_alive))
    }

    fn skip(&mut self, n: u64) -> std::io::Result<()> {
        let copied = std::io::copy(&mut (&mut self.reader).take(n), &mut std::io::sink())?;
        if copied < n {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "connection closed inside the body",
            ));
        }
        Ok(())
    }
}

fn build_request(o: &Opts) -> Vec<u8> {
    let mut r = format!(
        "POST {} HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: keep-alive\r\n\r\n",
        o.path,
        o.addr,
        o.body.len()
    )
    .into_bytes();
    r.extend_from_slice(&o.body);
    r
}

/// Worker loop: claim request indices from `next` until the schedule (or duration) runs out.
fn worker(o: &Opts, request: &[u8], next: &AtomicU64, t0: Instant, total: u64) -> Stats {
    let mut st = Stats::default();
    let mut conn: Option<Conn> = None;
    let interval = if o.rate > 0.0 { 1.0 / o.rate } else { 0.0 };
    let end = o.warmup + o.duration;
    loop {
        let i = next.fetch_add(1, Ordering::Relaxed);
        let scheduled = if o.rate > 0.0 {
            if i >= total {
                break;
            }
            let at = t0 + Duration::from_secs_f64(i as f64 * interval);
            let now = Instant::now();
            if at > now {
                thread::sleep(at - now);
            } else {
                let lag = (now - at).as_micros() as u64;
                st.max_send_lag_us = st.max_send_lag_us.max(lag);
            }
            at
        } else {
            let now = Instant::now();
            if now - t0 >= end {
                break;
            }
            now
        };
        let record = scheduled >= t0 + o.warmup;
        if conn.is_none() {
            match Conn::open(o.addr, o.timeout) {
                Ok(c) => conn = Some(c),
                Err(_) => {
                    if record {
                        st.errors += 1;
                    }
                    thread::sleep(Duration::from_millis(10));
                    continue;
                }
            }
        }
        let Some(c) = conn.as_mut() else { continue };
        match c.round_trip(request) {
            Ok((status, keep_alive)) => {
                if record {
                    if (200..300).contains(&status) {
                        st.ok += 1;
                        st.lat_us.push(scheduled.elapsed().as_micros() as u64);
                    } else {
                        st.non2xx += 1;
                    }
                }
                if !keep_alive {
                    conn = None;
                }
            }
            Err(_) => {
                if record {
                    st.errors += 1;
                }
                conn = None;
            }
        }
    }
    st
}

/// Nearest-rank percentile of sorted microsecond values, in milliseconds.
fn pct_ms(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1] as f64 / 1000.0
}

fn main() -> ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("loadgen: {e}");
            return ExitCode::from(2);
        }
    };
    let request = build_request(&o);
    let total = if o.rate > 0.0 {
        ((o.warmup + o.duration).as_secs_f64() * o.rate).round() as u64
    } else {
        0
    };
    let next = Arc::new(AtomicU64::new(0));
    let o = Arc::new(o);
    let request = Arc::new(request);
    // start slightly in the future so every thread is ready at t0
    let t0 = Instant::now() + Duration::from_millis(50);
    let handles: Vec<_> = (0..o.connections)
        .map(|_| {
            let (o, request, next) = (Arc::clone(&o), Arc::clone(&request), Arc::clone(&next));
            thread::spawn(move || {
                let now = Instant::now();
                if t0 > now {
                    thread::sleep(t0 - now);
                }
                worker(&o, &request, &next, t0, total)
            })
        })
        .collect();
    let mut all = Stats::default();
    for h in handles {
        match h.join() {
            Ok(s) => {
                all.lat_us.extend_from_slice(&s.lat_us);
                all.ok += s.ok;
                all.non2xx += s.non2xx;
                all.errors += s.errors;
                all.max_send_lag_us = all.max_send_lag_us.max(s.max_send_lag_us);
            }
            Err(_) => all.errors += 1,
        }
    }
    let measured_end = Instant::now();
    let measured = (measured_end - (t0 + o.warmup)).as_secs_f64().max(1e-9);
    all.lat_us.sort_unstable();
    let l = &all.lat_us;
    let mean_ms = if l.is_empty() {
        f64::NAN
    } else {
        l.iter().sum::<u64>() as f64 / l.len() as f64 / 1000.0
    };
    let mode = if o.rate > 0.0 { "open" } else { "closed" };
    let achieved = all.ok as f64 / measured;
    eprintln!(
        "loadgen {mode} loop: target {} req/s, {} connections, {:.1}s measured ({:.1}s warm-up)",
        if o.rate > 0.0 {
            format!("{:.1}", o.rate)
        } else {
            "max".into()
        },
        o.connections,
        measured,
        o.warmup.as_secs_f64()
    );
    eprintln!(
        "  ok {} ({:.2}/s)  non-2xx {}  errors {}  max send lag {:.1} ms",
        all.ok,
        achieved,
        all.non2xx,
        all.errors,
        all.max_send_lag_us as f64 / 1000.0
    );
    eprintln!(
        "  latency ms: p50 {:.1}  p90 {:.1}  p99 {:.1}  p99.9 {:.1}  max {:.1}  mean {:.1}",
        pct_ms(l, 50.0),
        pct_ms(l, 90.0),
        pct_ms(l, 99.0),
        pct_ms(l, 99.9),
        pct_ms(l, 100.0),
        mean_ms
    );
    println!(
        "LOADGEN mode={mode} rate={:.2} connections={} measured_s={:.2} ok={} non2xx={} errors={} \
         achieved={:.2} p50_ms={:.2} p90_ms={:.2} p99_ms={:.2} max_ms={:.2} mean_ms={:.2}",
        o.rate,
        o.connections,
        measured,
        all.ok,
        all.non2xx,
        all.errors,
        achieved,
        pct_ms(l, 50.0),
        pct_ms(l, 90.0),
        pct_ms(l, 99.0),
        pct_ms(l, 100.0),
        mean_ms
    );
    if all.ok == 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
