//! Logs and metrics: the tracing subscriber (JSON or pretty), the Prometheus recorder, and the
//! middleware that gives every request an id, one access-log line and its RED metrics.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue, CONTENT_TYPE};
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::{HttpMessage, ResponseError};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::config::LogFormat;
use crate::problem::{Problem, ProblemCode, PROBLEM_JSON};

/// Header carrying the request id, both ways.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The id of the current request, stored in the request extensions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

/// Latency buckets in seconds: sub-millisecond probes up to the default 10 s deadline.
const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Install the global tracing subscriber. A second call (tests) keeps the first one.
pub fn init_tracing(format: LogFormat, filter: &str) {
    use tracing_subscriber::EnvFilter;
    // actix-http logs every malformed or timed-out client connection at ERROR ("stream error");
    // those are the client's errors, reported by `client_error` (warn, rate-limited) instead.
    let directives = if filter.contains("actix_http") {
        filter.to_string()
    } else {
        format!("{filter},actix_http::h1::dispatcher=off")
    };
    let filter = EnvFilter::try_new(&directives)
        .or_else(|_| EnvFilter::try_new(filter))
        .unwrap_or_else(|_| EnvFilter::new("info"));
    let json = match format {
        LogFormat::Json => true,
        LogFormat::Pretty => false,
        LogFormat::Auto => !std::io::stdout().is_terminal(),
    };
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(!json && std::io::stdout().is_terminal())
        .with_writer(std::io::stdout);
    let _ = if json {
        builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .with_span_list(false)
            .try_init()
    } else {
        builder.compact().try_init()
    };
}

/// The process-wide Prometheus handle. The first call installs the recorder and starts a
/// background upkeep thread so histogram samples are folded in even when nobody scrapes.
pub fn metrics_handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let builder = PrometheusBuilder::new();
        let builder = builder
            .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
            .unwrap_or_else(|_| PrometheusBuilder::new());
        let recorder = builder.build_recorder();
        let handle = recorder.handle();
        // Fails only when another recorder is installed already; ours then stays empty.
        let _ = metrics::set_global_recorder(recorder);
        describe_metrics();
        let upkeep = handle.clone();
        let _ = std::thread::Builder::new()
            .name("quoth-metrics-upkeep".into())
            .spawn(move || loop {
                std::thread::sleep(Duration::from_secs(5));
                upkeep.run_upkeep();
            });
        handle
    })
}

fn describe_metrics() {
    metrics::describe_counter!(
        "quoth_http_requests_total",
        "HTTP requests by method, route and status"
    );
    metrics::describe_histogram!(
        "quoth_http_request_duration_seconds",
        metrics::Unit::Seconds,
        "HTTP request latency by method, route and status"
    );
    metrics::describe_counter!("quoth_tokens_total", "Tokens processed by the engine");
    metrics::describe_counter!("quoth_documents_total", "Documents processed by the engine");
    metrics::describe_histogram!(
        "quoth_batch_documents",
        "Requests analysed together in one engine pass"
    );
    metrics::describe_gauge!(
        "quoth_inflight",
        "Inference jobs admitted (running + queued)"
    );
    metrics::describe_counter!(
        "quoth_rejected_total",
        "Requests refused by reason (overloaded, deadline, too_long, not_ready)"
    );
    metrics::describe_gauge!("quoth_ready", "1 when the model is loaded and not draining");
    metrics::describe_gauge!("quoth_connections_open", "Client connections open now");
    metrics::describe_counter!(
        "quoth_connections_refused_total",
        "Connections answered 503 too_many_connections at the connection cap"
    );
    metrics::describe_counter!(
        "quoth_connections_closed_total",
        "Connections closed by the server, by reason (header_timeout, body_timeout, idle, write_timeout, shutdown)"
    );
    metrics::describe_gauge!(
        "quoth_model_info",
        "The loaded model (labels name, version)"
    );
}

/// A client's error the app never saw as a request (malformed head, timed-out head or body,
/// refused connection): counted in `quoth_http_requests_total` under route `(http)` and logged
/// at warn, at most once a second (the line carries how many were not logged).
pub fn client_error(what: &'static str, status: u16) {
    static LAST_SEC: AtomicU64 = AtomicU64::new(0);
    static SUPPRESSED: AtomicU64 = AtomicU64::new(0);
    static START: OnceLock<Instant> = OnceLock::new();
    metrics::counter!(
        "quoth_http_requests_total",
        "method" => "-",
        "route" => "(http)",
        "status" => status.to_string()
    )
    .increment(1);
    let now = START.get_or_init(Instant::now).elapsed().as_secs() + 1;
    let last = LAST_SEC.load(Ordering::Relaxed);
    if now > last
        && LAST_SEC
            .compare_exchange(last, now, Ordering::Relaxed, Ordering::Relaxed)
            .is_ok()
    {
        let suppressed = SUPPRESSED.swap(0, Ordering::Relaxed);
        tracing::warn!(target: "quoth::access", status, suppressed, "client error: {what}");
    } else {
        SUPPRESSED.fetch_add(1, Ordering::Relaxed);
    }
}

/// A fresh 128-bit random request id as 32 hex digits (no extra dependency: std's randomly
/// seeded SipHash over a counter and the clock).
pub fn generate_request_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    static STATE: OnceLock<RandomState> = OnceLock::new();
    let state = STATE.get_or_init(RandomState::new);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut a = state.build_hasher();
    a.write_u64(n);
    a.write_u64(nanos);
    let mut b = state.build_hasher();
    b.write_u64(!n);
    b.write_u64(nanos.rotate_left(17));
    format!("{:016x}{:016x}", a.finish(), b.finish())
}

/// An inbound id is reused when it is short and printable, so it can go into logs and headers
/// unchanged.
fn acceptable_inbound_id(v: &HeaderValue) -> Option<String> {
    let s = v.to_str().ok()?;
    let ok = !s.is_empty()
        && s.len() <= 128
        && s.bytes()
            .all(|b| b.is_ascii_graphic() && b != b'"' && b != b'\\');
    ok.then(|| s.to_string())
}

/// The problem for an error response that something inside the app produced without a
/// problem+json body (a `/docs/` file that does not exist, an error from a middleware).
fn problem_for_status(status: StatusCode) -> ProblemCode {
    match status.as_u16() {
        404 => ProblemCode::NotFound,
        405 => ProblemCode::MethodNotAllowed,
        408 => ProblemCode::RequestTimeout,
        413 => ProblemCode::PayloadTooLarge,
        415 => ProblemCode::UnsupportedMediaType,
        431 => ProblemCode::HeadersTooLarge,
        503 => ProblemCode::Overloaded,
        s if s >= 500 => ProblemCode::Internal,
        _ => ProblemCode::InvalidRequest,
    }
}

fn is_problem_json(res: &ServiceResponse<BoxBody>) -> bool {
    res.headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(PROBLEM_JSON))
}

/// Middleware: request id (inbound `X-Request-Id` or generated, echoed back), one access-log
/// line per request, and request count + latency metrics labelled by route pattern (never by
/// raw path, which would explode cardinality). Error responses that are not problem+json yet
/// become one, so every error the app sends has the same shape and a request id.
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let started = Instant::now();
    let id = req
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(acceptable_inbound_id)
        .unwrap_or_else(generate_request_id);
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().to_string();
    let path = req.path().to_string();

    // (Cloning the request here would make routing panic: it needs the only reference.)
    let mut res = next.call(req).await?.map_into_boxed_body();
    if res.status().as_u16() >= 400 && !is_problem_json(&res) {
        let code = problem_for_status(res.status());
        let detail = match code {
            ProblemCode::NotFound => format!("no such resource {path}; see /openapi.json"),
            _ => res
                .status()
                .canonical_reason()
                .unwrap_or("error")
                .to_string(),
        };
        let mut problem = Problem::new(code, detail).for_request(res.request());
        problem.status = res.status().as_u16();
        let replaced = problem.error_response();
        res = res.into_response(replaced);
    }

    let route = res
        .request()
        .match_pattern()
        .unwrap_or_else(|| "unmatched".to_string());
    let status = res.status().as_u16();
    let elapsed = started.elapsed();
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut()
            .insert(HeaderName::from_static(REQUEST_ID_HEADER), v);
    }
    let labels = [
        ("method", method.clone()),
        ("route", route.clone()),
        ("status", status.to_string()),
    ];
    metrics::counter!("quoth_http_requests_total", &labels).increment(1);
    metrics::histogram!("quoth_http_request_duration_seconds", &labels)
        .record(elapsed.as_secs_f64());
    let latency_ms = elapsed.as_secs_f64() * 1000.0;
    if status >= 500 {
        tracing::warn!(target: "quoth::access", %method, %route, %path, status, latency_ms, request_id = %id, "request");
    } else {
        tracing::info!(target: "quoth::access", %method, %route, %path, status, latency_ms, request_id = %id, "request");
    }
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_are_32_hex_and_distinct() {
        let a = generate_request_id();
        let b = generate_request_id();
        assert_eq!(a.len(), 32);
        assert!(a.bytes().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn inbound_ids_are_reused_only_when_safe() {
        let ok = HeaderValue::from_static("gw-123.abc");
        assert_eq!(acceptable_inbound_id(&ok).as_deref(), Some("gw-123.abc"));
        let spaced = HeaderValue::from_static("a b");
        assert_eq!(acceptable_inbound_id(&spaced), None);
        let long = HeaderValue::from_str(&"x".repeat(129)).unwrap();
        assert_eq!(acceptable_inbound_id(&long), None);
    }
}
