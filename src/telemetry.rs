//! Logs and metrics: the tracing subscriber (JSON or pretty), the Prometheus recorder, and the
//! middleware that gives every request an id, one access-log line and its RED metrics.

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::HttpMessage;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

use crate::config::LogFormat;

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
    let filter = EnvFilter::try_new(filter).unwrap_or_else(|_| EnvFilter::new("info"));
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
    metrics::describe_gauge!(
        "quoth_model_info",
        "The loaded model (labels name, version)"
    );
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

/// Middleware: request id (inbound `X-Request-Id` or generated, echoed back), one access-log
/// line per request, and request count + latency metrics labelled by route pattern (never by
/// raw path, which would explode cardinality).
pub async fn observe(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let started = Instant::now();
    let id = req
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(acceptable_inbound_id)
        .unwrap_or_else(generate_request_id);
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().to_string();
    let path = req.path().to_string();

    let mut res = next.call(req).await?;

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
