//! Request bodies before any handler sees them: the `Content-Encoding` is decoded here, as a
//! stream that stops at the body limit (counting inflated bytes, so a gzip bomb costs at most
//! the limit), unknown encodings are refused with 415, the whole body must arrive within the body
//! timeout (else 408), a JSON array is refused (objects only), and `HEAD` on a `GET` route is
//! served as `GET` (probes and gateways use `HEAD`).

use std::cell::RefCell;
use std::future::Future;
use std::io::{self, Write};
use std::pin::Pin;
use std::rc::Rc;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{web, HttpMessage, HttpRequest, ResponseError};
use bytes::Bytes;
use futures_core::Stream;
use tokio::time::Sleep;

use crate::conn::ConnState;
use crate::problem::{Problem, ProblemCode};
use crate::state::AppState;

/// Content codings the service decodes (sent as `Accept-Encoding` with 415).
pub const ACCEPTED_ENCODINGS: &str = "gzip, deflate";

/// Why a request body was cut off. Travels inside `PayloadError::Io` to the JSON error
/// handler, which turns it into a problem.
#[derive(Debug, thiserror::Error)]
pub enum BodyError {
    /// The body (after decoding) passed the byte limit.
    #[error("the body is larger than the limit of {limit} bytes (after decoding)")]
    TooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// The body did not arrive within the body timeout.
    #[error("the body did not arrive within {secs} s")]
    Timeout {
        /// The timeout in seconds.
        secs: u64,
    },
    /// The body is not valid for its `Content-Encoding`.
    #[error("the body is not valid {encoding} data: {reason}")]
    Corrupt {
        /// The declared encoding.
        encoding: &'static str,
        /// What the decoder said.
        reason: String,
    },
    /// The body is a JSON array; requests are JSON objects.
    #[error("the body must be a JSON object, not an array")]
    NotAnObject,
    /// Admitting the body would pass the in-flight body budget.
    #[error(
        "{in_flight} body bytes are being processed; {size} more would pass the budget of {limit}"
    )]
    OverBudget {
        /// Bytes of this body.
        size: usize,
        /// Bytes admitted already.
        in_flight: usize,
        /// The budget.
        limit: usize,
    },
}

impl BodyError {
    fn into_payload_error(self) -> PayloadError {
        let kind = match self {
            BodyError::Timeout { .. } => io::ErrorKind::TimedOut,
            _ => io::ErrorKind::InvalidData,
        };
        PayloadError::Io(io::Error::new(kind, self))
    }
}

/// The problem for a body that could not be read.
pub fn payload_problem(err: &PayloadError) -> Problem {
    match err {
        PayloadError::Io(e) => match e.get_ref().and_then(|r| r.downcast_ref::<BodyError>()) {
            Some(b @ BodyError::TooLarge { limit }) => {
                Problem::new(ProblemCode::PayloadTooLarge, b.to_string()).with_limit(*limit as u64)
            }
            Some(b @ BodyError::Timeout { secs }) => {
                Problem::new(ProblemCode::RequestTimeout, b.to_string()).with_limit(secs * 1000)
            }
            Some(b @ BodyError::OverBudget { limit, .. }) => {
                metrics::counter!("quoth_rejected_total", "reason" => "memory_budget").increment(1);
                Problem::new(ProblemCode::Overloaded, b.to_string()).with_limit(*limit as u64)
            }
            Some(b) => Problem::new(ProblemCode::InvalidRequest, b.to_string()),
            None if e.kind() == io::ErrorKind::TimedOut => Problem::new(
                ProblemCode::RequestTimeout,
                "the body did not arrive in time",
            ),
            None => Problem::new(ProblemCode::InvalidRequest, "the body could not be read"),
        },
        PayloadError::Overflow => Problem::new(
            ProblemCode::PayloadTooLarge,
            "the body is larger than the limit",
        ),
        PayloadError::Incomplete(_) => Problem::new(
            ProblemCode::InvalidRequest,
            "the body ended before its declared length",
        ),
        PayloadError::EncodingCorrupted => Problem::new(
            ProblemCode::InvalidRequest,
            "the body is not valid for its Content-Encoding",
        ),
        other => Problem::new(ProblemCode::InvalidRequest, other.to_string()),
    }
}

/// The memory budget: the sum of the (decoded) body sizes of the requests being processed.
/// Peak memory grows with the text (about 1.3 MB per kB of body for the worst shape, one token
/// per character), so a body is admitted only while the sum stays within the budget, or when
/// nothing else is in flight; otherwise 503 `overloaded` at once, like a full queue.
#[derive(Debug)]
pub struct BodyBudget {
    limit: usize,
    used: std::sync::Mutex<usize>,
}

impl BodyBudget {
    /// A budget of `limit` bytes.
    pub fn new(limit: usize) -> Arc<Self> {
        Arc::new(BodyBudget {
            limit,
            used: std::sync::Mutex::new(0),
        })
    }

    /// Bytes admitted now.
    pub fn in_flight(&self) -> usize {
        self.used.lock().map(|u| *u).unwrap_or(0)
    }

    /// Take `size` more bytes without a permit (bodies being received; give back with
    /// [`BodyBudget::release`]). Unlike [`BodyBudget::acquire`], never passes the limit.
    fn grow(&self, size: usize) -> Result<(), BodyError> {
        let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        if used.saturating_add(size) > self.limit {
            return Err(BodyError::OverBudget {
                size,
                in_flight: *used,
                limit: self.limit,
            });
        }
        *used += size;
        Ok(())
    }

    fn release(&self, size: usize) {
        let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        *used = used.saturating_sub(size);
    }

    fn acquire(self: &Arc<Self>, size: usize) -> Result<BudgetPermit, BodyError> {
        let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        if *used > 0 && used.saturating_add(size) > self.limit {
            return Err(BodyError::OverBudget {
                size,
                in_flight: *used,
                limit: self.limit,
            });
        }
        *used += size;
        Ok(BudgetPermit {
            budget: Arc::clone(self),
            size,
        })
    }
}

/// A share of the [`BodyBudget`], given back on drop.
#[derive(Debug)]
pub struct BudgetPermit {
    budget: Arc<BodyBudget>,
    size: usize,
}

impl Drop for BudgetPermit {
    fn drop(&mut self) {
        let mut used = self.budget.used.lock().unwrap_or_else(|p| p.into_inner());
        *used = used.saturating_sub(self.size);
    }
}

type PermitSlot = Rc<RefCell<Option<BudgetPermit>>>;

/// The budget for bodies still arriving (the sum of what every connection has buffered), so
/// stalled uploads cannot add up to more than this; past it the body is answered 503
/// `overloaded` and the connection closed.
#[derive(Debug, Clone)]
pub struct ReceiveBudget(pub Arc<BodyBudget>);

/// The body as received (decoded), kept for the error path: serde_json reports a wrong type
/// at an enum position as a syntax error, and only re-reading the body tells the two apart.
#[derive(Debug, Clone, Default)]
struct ReceivedBody(Rc<RefCell<Vec<Bytes>>>);

/// Whether the body of `req` was read completely and is well-formed JSON.
pub fn received_well_formed_json(req: &HttpRequest) -> bool {
    let Some(body) = req.extensions().get::<ReceivedBody>().cloned() else {
        return false;
    };
    let chunks = body.0.borrow();
    let mut all = Vec::with_capacity(chunks.iter().map(Bytes::len).sum());
    for c in chunks.iter() {
        all.extend_from_slice(c);
    }
    // A `Value`, not `IgnoredAny`: only decoding the strings catches a lone surrogate.
    serde_json::from_slice::<serde_json::Value>(&all).is_ok()
}

/// A supported content coding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Coding {
    Identity,
    Gzip,
    Deflate,
}

/// The body's coding, or the unsupported value as the error.
fn coding(headers: &header::HeaderMap) -> Result<Coding, String> {
    let mut found = Coding::Identity;
    for value in headers.get_all(header::CONTENT_ENCODING) {
        let text = value.to_str().map_err(|_| "(not ASCII)".to_string())?;
        for token in text.split(',').map(str::trim).filter(|t| !t.is_empty()) {
            let this = match token.to_ascii_lowercase().as_str() {
                "identity" => Coding::Identity,
                "gzip" | "x-gzip" => Coding::Gzip,
                "deflate" => Coding::Deflate,
                _ => return Err(token.chars().take(40).collect()),
            };
            if this != Coding::Identity {
                if found != Coding::Identity {
                    return Err(format!("{text} (one coding at a time)"));
                }
                found = this;
            }
        }
    }
    Ok(found)
}

/// Output side of the decoder: collects inflated bytes and refuses to pass the limit.
#[derive(Debug)]
struct Sink {
    out: Vec<u8>,
    total: usize,
    limit: usize,
    over: bool,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if self.total.saturating_add(buf.len()) > self.limit {
            self.over = true;
            return Err(io::Error::other("body limit"));
        }
        self.out.extend_from_slice(buf);
        self.total += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

enum Inflate {
    Gzip(flate2::write::GzDecoder<Sink>),
    Deflate(flate2::write::ZlibDecoder<Sink>),
}

impl Inflate {
    fn new(coding: Coding, limit: usize) -> Option<Self> {
        let sink = Sink {
            out: Vec::new(),
            total: 0,
            limit,
            over: false,
        };
        match coding {
            Coding::Identity => None,
            Coding::Gzip => Some(Inflate::Gzip(flate2::write::GzDecoder::new(sink))),
            Coding::Deflate => Some(Inflate::Deflate(flate2::write::ZlibDecoder::new(sink))),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Inflate::Gzip(_) => "gzip",
            Inflate::Deflate(_) => "deflate",
        }
    }

    fn sink(&mut self) -> &mut Sink {
        match self {
            Inflate::Gzip(d) => d.get_mut(),
            Inflate::Deflate(d) => d.get_mut(),
        }
    }

    /// Feed compressed bytes (`None`: the end); returns what was inflated.
    fn feed(&mut self, input: Option<&[u8]>) -> Result<Bytes, BodyError> {
        let res = match (&mut *self, input) {
            (Inflate::Gzip(d), Some(b)) => d.write_all(b),
            (Inflate::Deflate(d), Some(b)) => d.write_all(b),
            (Inflate::Gzip(d), None) => d.try_finish(),
            (Inflate::Deflate(d), None) => d.try_finish(),
        };
        let name = self.name();
        let sink = self.sink();
        if sink.over {
            return Err(BodyError::TooLarge { limit: sink.limit });
        }
        res.map_err(|e| BodyError::Corrupt {
            encoding: name,
            reason: e.to_string(),
        })?;
        Ok(Bytes::from(std::mem::take(&mut sink.out)))
    }
}

/// The request payload under the limit, the timeout, the decoder and the object rule.
struct GuardedPayload {
    inner: Payload,
    inflate: Option<Inflate>,
    limit: usize,
    raw_total: usize,
    out_total: usize,
    timeout_secs: u64,
    deadline: Pin<Box<Sleep>>,
    conn: Option<Arc<ConnState>>,
    copy: ReceivedBody,
    /// The body so far: handed out in one piece at the end (and kept for the error path by
    /// reference), so a body is held once, not once here and once in the JSON extractor's buffer
    /// while it is still arriving.
    acc: bytes::BytesMut,
    size_hint: usize,
    first_checked: bool,
    done: bool,
    budget: Option<(Arc<BodyBudget>, PermitSlot)>,
    /// The receive budget and how much of it this body holds.
    receiving: Option<(Arc<BodyBudget>, usize)>,
}

impl Drop for GuardedPayload {
    fn drop(&mut self) {
        self.stop_receiving();
    }
}

impl GuardedPayload {
    fn fail(&mut self, err: BodyError) -> Poll<Option<Result<Bytes, PayloadError>>> {
        self.done = true;
        self.stop_receiving();
        self.acc = bytes::BytesMut::new();
        if matches!(err, BodyError::OverBudget { .. }) {
            if let Some(c) = &self.conn {
                // The rest of the body is not read: close after the answer.
                c.abort();
            }
        }
        Poll::Ready(Some(Err(err.into_payload_error())))
    }

    fn stop_receiving(&mut self) {
        if let Some((budget, held)) = self.receiving.as_mut() {
            budget.release(*held);
            *held = 0;
        }
    }

    /// Checks decoded output and appends it to the body.
    fn take(&mut self, out: &[u8]) -> Result<(), BodyError> {
        if out.is_empty() {
            return Ok(());
        }
        if let Some((budget, held)) = self.receiving.as_mut() {
            budget.grow(out.len())?;
            *held += out.len();
        }
        self.out_total += out.len();
        if self.out_total > self.limit {
            return Err(BodyError::TooLarge { limit: self.limit });
        }
        if !self.first_checked {
            if let Some(&b) = out.iter().find(|b| !b" \t\r\n".contains(b)) {
                self.first_checked = true;
                if b == b'[' {
                    return Err(BodyError::NotAnObject);
                }
            }
        }
        if self.acc.is_empty() {
            // Sized once when the length is declared; otherwise it grows.
            self.acc
                .reserve(self.size_hint.min(self.limit).max(out.len()));
        }
        self.acc.extend_from_slice(out);
        Ok(())
    }
}

impl Stream for GuardedPayload {
    type Item = Result<Bytes, PayloadError>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if this.done {
                return Poll::Ready(None);
            }
            match Pin::new(&mut this.inner).poll_next(cx) {
                Poll::Ready(Some(Ok(chunk))) => {
                    this.raw_total += chunk.len();
                    if this.raw_total > this.limit {
                        return this.fail(BodyError::TooLarge { limit: this.limit });
                    }
                    let out = match this.inflate.as_mut() {
                        Some(d) => match d.feed(Some(&chunk)) {
                            Ok(out) => out,
                            Err(e) => return this.fail(e),
                        },
                        None => chunk,
                    };
                    if let Err(e) = this.take(&out) {
                        return this.fail(e);
                    }
                }
                Poll::Ready(Some(Err(e))) => {
                    this.done = true;
                    return Poll::Ready(Some(Err(e)));
                }
                Poll::Ready(None) => {
                    let last = match this.inflate.as_mut() {
                        Some(d) => match d.feed(None) {
                            Ok(out) => out,
                            Err(e) => return this.fail(e),
                        },
                        None => Bytes::new(),
                    };
                    this.done = true;
                    if let Some(c) = &this.conn {
                        c.body_finished();
                    }
                    if let Err(e) = this.take(&last) {
                        return this.fail(e);
                    }
                    this.stop_receiving();
                    if let Some((budget, slot)) = &this.budget {
                        match budget.acquire(this.out_total) {
                            Ok(permit) => *slot.borrow_mut() = Some(permit),
                            Err(e) => return this.fail(e),
                        }
                    }
                    let body = std::mem::take(&mut this.acc).freeze();
                    if body.is_empty() {
                        return Poll::Ready(None);
                    }
                    this.copy.0.borrow_mut().push(body.clone());
                    return Poll::Ready(Some(Ok(body)));
                }
                Poll::Pending => {
                    if this.deadline.as_mut().poll(cx).is_ready() {
                        let secs = this.timeout_secs;
                        crate::telemetry::client_error("request body timed out", 408);
                        if let Some(c) = &this.conn {
                            c.abort();
                        }
                        return this.fail(BodyError::Timeout { secs });
                    }
                    return Poll::Pending;
                }
            }
        }
    }
}

fn has_body(req: &ServiceRequest) -> bool {
    let h = req.headers();
    h.contains_key(header::TRANSFER_ENCODING)
        || h.get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.trim() != "0")
}

/// Middleware: see the module docs. Also tells the connection guard when the request's body
/// phase starts and ends.
pub async fn guard(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let conn = req.conn_data::<Arc<ConnState>>().cloned();
    if let Some(c) = &conn {
        c.request_started();
    }
    if req.method() == Method::HEAD
        && crate::fallback::allowed_methods(req.path()).is_some_and(|m| m.contains("GET"))
    {
        req.head_mut().method = Method::GET;
    }
    let (limit, timeout_secs) = req
        .app_data::<web::Data<AppState>>()
        .map(|s| (s.config.max_body_bytes, s.config.body_timeout_secs))
        .unwrap_or((1 << 20, 20));
    // Holds the request's share of the body budget until its response is produced.
    let slot: PermitSlot = Rc::default();
    if has_body(&req) {
        let coding = match coding(req.headers()) {
            Ok(c) => c,
            Err(name) => {
                let mut res = Problem::new(
                    ProblemCode::UnsupportedEncoding,
                    format!(
                        "Content-Encoding {name} is not supported; send identity, gzip or deflate"
                    ),
                )
                .for_request(req.request())
                .error_response();
                res.headers_mut().insert(
                    header::ACCEPT_ENCODING,
                    HeaderValue::from_static(ACCEPTED_ENCODINGS),
                );
                let out = req.into_response(res);
                if let Some(c) = &conn {
                    c.request_finished();
                }
                return Ok(out);
            }
        };
        let size_hint = req
            .headers()
            .get(header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(0);
        if coding != Coding::Identity {
            // The decoded length is unknown; the stream enforces the limit instead.
            req.headers_mut().remove(header::CONTENT_ENCODING);
            req.headers_mut().remove(header::CONTENT_LENGTH);
        }
        let copy = ReceivedBody::default();
        req.extensions_mut().insert(copy.clone());
        let budget = req
            .app_data::<web::Data<BodyBudget>>()
            .map(|b| (b.clone().into_inner(), slot.clone()));
        let receiving = req
            .app_data::<web::Data<ReceiveBudget>>()
            .map(|b| (Arc::clone(&b.0), 0));
        let stream = GuardedPayload {
            inner: req.take_payload(),
            inflate: Inflate::new(coding, limit),
            limit,
            raw_total: 0,
            out_total: 0,
            timeout_secs,
            deadline: Box::pin(tokio::time::sleep(Duration::from_secs(timeout_secs))),
            conn: conn.clone(),
            copy,
            acc: bytes::BytesMut::new(),
            size_hint,
            first_checked: false,
            done: false,
            budget,
            receiving,
        };
        let boxed: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(stream);
        req.set_payload(Payload::from(boxed));
    } else if let Some(c) = &conn {
        c.body_finished();
    }
    let res = next.call(req).await;
    drop(slot.borrow_mut().take());
    if let Some(c) = &conn {
        c.request_finished();
    }
    res.map(ServiceResponse::map_into_boxed_body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(ce: &[&'static str]) -> header::HeaderMap {
        let mut h = header::HeaderMap::new();
        for v in ce {
            h.append(header::CONTENT_ENCODING, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn budget_admits_one_oversized_body_alone_and_gives_back_on_drop() {
        let b = BodyBudget::new(100);
        let big = b.acquire(300).unwrap();
        assert!(matches!(
            b.acquire(1),
            Err(BodyError::OverBudget { in_flight: 300, .. })
        ));
        drop(big);
        let a = b.acquire(60).unwrap();
        let c = b.acquire(40).unwrap();
        assert!(b.acquire(1).is_err());
        drop((a, c));
        assert_eq!(b.in_flight(), 0);
    }

    #[test]
    fn codings_accepted_and_refused() {
        assert_eq!(coding(&headers(&[])), Ok(Coding::Identity));
        assert_eq!(coding(&headers(&["GZip"])), Ok(Coding::Gzip));
        assert_eq!(coding(&headers(&["x-gzip"])), Ok(Coding::Gzip));
        assert_eq!(coding(&headers(&["deflate"])), Ok(Coding::Deflate));
        assert_eq!(coding(&headers(&["identity"])), Ok(Coding::Identity));
        assert_eq!(coding(&headers(&["br"])), Err("br".to_string()));
        assert_eq!(coding(&headers(&["zstd"])), Err("zstd".to_string()));
        assert!(coding(&headers(&["gzip, gzip"])).is_err());
    }

    #[test]
    fn inflation_stops_at_the_limit() {
        use flate2::write::GzEncoder;
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::best());
        enc.write_all(&vec![b' '; 8 << 20]).unwrap();
        let bomb = enc.finish().unwrap();
        let mut d = Inflate::new(Coding::Gzip, 1 << 20).unwrap();
        let mut got = 0;
        let mut err = None;
        for chunk in bomb.chunks(4096) {
            match d.feed(Some(chunk)) {
                Ok(b) => got += b.len(),
                Err(e) => {
                    err = Some(e);
                    break;
                }
            }
        }
        assert!(got <= 1 << 20);
        assert!(matches!(err, Some(BodyError::TooLarge { limit }) if limit == 1 << 20));
    }

    #[test]
    fn plain_bytes_marked_gzip_are_corrupt_not_a_debug_string() {
        let mut d = Inflate::new(Coding::Gzip, 1 << 20).unwrap();
        let err = d
            .feed(Some(br#"{"text":"hello"}"#))
            .and_then(|_| d.feed(None))
            .unwrap_err();
        let p = payload_problem(&err.into_payload_error());
        assert_eq!(p.code, ProblemCode::InvalidRequest);
        assert!(
            p.detail.starts_with("the body is not valid gzip data"),
            "{}",
            p.detail
        );
    }
}
