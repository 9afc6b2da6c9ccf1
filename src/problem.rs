//! RFC 9457 problem details (`application/problem+json`) for every error the service returns,
//! including the ones actix-web would otherwise answer itself (JSON extractor errors, unknown
//! routes, wrong methods).

use actix_web::error::JsonPayloadError;
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::StatusCode;
use actix_web::{HttpMessage, HttpRequest, HttpResponse, ResponseError};
use serde::Serialize;
use utoipa::ToSchema;

use crate::telemetry::RequestId;

/// Media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Prefix of the `type` URI; the stable `code` follows it. A `tag:` URI (RFC 4151) names the
/// problem without pretending there is a documentation host to dereference.
pub const TYPE_BASE: &str = "tag:quoth,2026:problem/";

/// Stable machine-readable error codes. Clients switch on these, never on `title` or `detail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// The body is not well-formed JSON (syntax error, truncated, lone UTF-16 surrogate).
    InvalidJson,
    /// Well-formed JSON that does not match the schema: missing or unknown field, wrong type,
    /// unknown enum value.
    InvalidRequest,
    /// The request is not `application/json`.
    UnsupportedMediaType,
    /// The body is larger than the configured byte limit.
    PayloadTooLarge,
    /// `text` is longer than the configured code-point limit.
    TextTooLong,
    /// No such route.
    NotFound,
    /// The route exists but not for this method (see the `Allow` header).
    MethodNotAllowed,
    /// The model is still loading, or the process is shutting down.
    NotReady,
    /// Too many requests in flight; retry after `Retry-After` seconds.
    Overloaded,
    /// Processing did not finish within the request deadline.
    DeadlineExceeded,
    /// A bug. The body carries the request id and no internals.
    Internal,
    /// The request head or body did not arrive within its time limit.
    RequestTimeout,
    /// The request head (request line and headers) is larger than the HTTP layer accepts.
    HeadersTooLarge,
    /// The request is not valid HTTP/1.1 (answered by the HTTP layer before any route).
    InvalidHttp,
    /// The server has as many open connections as it accepts; retry after `Retry-After`.
    TooManyConnections,
    /// The body's `Content-Encoding` is not one the service decodes (see `Accept-Encoding`).
    UnsupportedEncoding,
    /// The request names a profile this service does not run (`accurate` without its models).
    ProfileUnavailable,
}

impl ProblemCode {
    /// The snake_case wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::InvalidJson => "invalid_json",
            ProblemCode::InvalidRequest => "invalid_request",
            ProblemCode::UnsupportedMediaType => "unsupported_media_type",
            ProblemCode::PayloadTooLarge => "payload_too_large",
            ProblemCode::TextTooLong => "text_too_long",
            ProblemCode::NotFound => "not_found",
            ProblemCode::MethodNotAllowed => "method_not_allowed",
            ProblemCode::NotReady => "not_ready",
            ProblemCode::Overloaded => "overloaded",
            ProblemCode::DeadlineExceeded => "deadline_exceeded",
            ProblemCode::Internal => "internal",
            ProblemCode::RequestTimeout => "request_timeout",
            ProblemCode::HeadersTooLarge => "headers_too_large",
            ProblemCode::InvalidHttp => "invalid_http",
            ProblemCode::TooManyConnections => "too_many_connections",
            ProblemCode::UnsupportedEncoding => "unsupported_encoding",
            ProblemCode::ProfileUnavailable => "profile_unavailable",
        }
    }

    /// The HTTP status this code is sent with.
    pub fn status(self) -> StatusCode {
        match self {
            ProblemCode::InvalidJson | ProblemCode::InvalidRequest | ProblemCode::InvalidHttp => {
                StatusCode::BAD_REQUEST
            }
            ProblemCode::UnsupportedMediaType | ProblemCode::UnsupportedEncoding => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            ProblemCode::RequestTimeout => StatusCode::REQUEST_TIMEOUT,
            ProblemCode::HeadersTooLarge => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            ProblemCode::PayloadTooLarge | ProblemCode::TextTooLong => {
                StatusCode::PAYLOAD_TOO_LARGE
            }
            ProblemCode::NotFound => StatusCode::NOT_FOUND,
            ProblemCode::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            ProblemCode::NotReady
            | ProblemCode::Overloaded
            | ProblemCode::DeadlineExceeded
            | ProblemCode::TooManyConnections => StatusCode::SERVICE_UNAVAILABLE,
            ProblemCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
            // The request is valid; this deployment lacks the functionality (RFC 9110 15.6.2).
            ProblemCode::ProfileUnavailable => StatusCode::NOT_IMPLEMENTED,
        }
    }

    fn title(self) -> &'static str {
        match self {
            ProblemCode::InvalidJson => "Malformed JSON",
            ProblemCode::InvalidRequest => "Invalid request",
            ProblemCode::UnsupportedMediaType => "Unsupported media type",
            ProblemCode::PayloadTooLarge => "Request body too large",
            ProblemCode::TextTooLong => "Text too long",
            ProblemCode::NotFound => "Not found",
            ProblemCode::MethodNotAllowed => "Method not allowed",
            ProblemCode::NotReady => "Not ready",
            ProblemCode::Overloaded => "Overloaded",
            ProblemCode::DeadlineExceeded => "Deadline exceeded",
            ProblemCode::Internal => "Internal error",
            ProblemCode::RequestTimeout => "Request timeout",
            ProblemCode::HeadersTooLarge => "Request header fields too large",
            ProblemCode::InvalidHttp => "Malformed HTTP request",
            ProblemCode::TooManyConnections => "Too many connections",
            ProblemCode::UnsupportedEncoding => "Unsupported content encoding",
            ProblemCode::ProfileUnavailable => "Profile not available",
        }
    }
}

/// An RFC 9457 problem object.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[schema(example = json!({
    "type": "tag:quoth,2026:problem/text_too_long",
    "title": "Text too long",
    "status": 413,
    "detail": "text has 250000 code points; the limit is 200000",
    "instance": "/extract",
    "code": "text_too_long",
    "request_id": "4f1c2a9e0b7d4e55a1c3f0e2d9b8a761",
    "limit": 200000
}))]
pub struct Problem {
    /// URI naming the problem type: `tag:quoth,2026:problem/` + `code`.
    #[serde(rename = "type")]
    pub type_uri: String,
    /// Short human-readable summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// Human-readable explanation of this occurrence.
    pub detail: String,
    /// The request path.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instance: Option<String>,
    /// Stable machine-readable code.
    pub code: ProblemCode,
    /// The request id (also in the `X-Request-Id` response header).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The limit that was exceeded (`payload_too_large`: bytes; `text_too_long`: code points;
    /// `overloaded`: requests in flight; `deadline_exceeded`: milliseconds).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u64>,
    /// Seconds after which a retry may succeed (sent as `Retry-After`).
    #[serde(skip)]
    pub retry_after: Option<u32>,
    /// Methods the route accepts (sent as `Allow` with 405).
    #[serde(skip)]
    pub allow: Option<String>,
}

impl Problem {
    /// A problem with the code's status and title.
    pub fn new(code: ProblemCode, detail: impl Into<String>) -> Self {
        let retry_after = matches!(
            code,
            ProblemCode::NotReady
                | ProblemCode::Overloaded
                | ProblemCode::DeadlineExceeded
                | ProblemCode::TooManyConnections
        )
        .then_some(1);
        Problem {
            type_uri: format!("{TYPE_BASE}{}", code.as_str()),
            title: code.title().to_string(),
            status: code.status().as_u16(),
            detail: detail.into(),
            instance: None,
            code,
            request_id: None,
            limit: None,
            retry_after,
            allow: None,
        }
    }

    /// Record the exceeded limit.
    pub fn with_limit(mut self, limit: u64) -> Self {
        self.limit = Some(limit);
        self
    }

    /// Set the `Allow` header value (405).
    pub fn with_allow(mut self, allow: impl Into<String>) -> Self {
        self.allow = Some(allow.into());
        self
    }

    /// Fill `instance` and `request_id` from the request.
    pub fn for_request(mut self, req: &HttpRequest) -> Self {
        self.instance = Some(req.path().to_string());
        self.request_id = req.extensions().get::<RequestId>().map(|id| id.0.clone());
        self
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}): {}",
            self.title,
            self.code.as_str(),
            self.detail
        )
    }
}

impl ResponseError for Problem {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        if let Some(secs) = self.retry_after {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if let Some(allow) = &self.allow {
            res.insert_header((header::ALLOW, allow.clone()));
        }
        // Serializing plain strings and numbers cannot fail; fall back to a fixed body anyway.
        let body = serde_json::to_vec(self).unwrap_or_else(|_| {
            br#"{"type":"tag:quoth,2026:problem/internal","title":"Internal error","status":500,"detail":"","code":"internal"}"#.to_vec()
        });
        res.body(body)
    }
}

/// A complete HTTP/1.1 response carrying `code` as problem+json with a fresh request id and
/// `Connection: close`, for answers written straight to a socket (connection cap, HTTP-layer
/// errors) where no request reached the app.
pub fn raw_problem_response(code: ProblemCode, detail: &str) -> Vec<u8> {
    let id = crate::telemetry::generate_request_id();
    let mut problem = Problem::new(code, detail);
    problem.request_id = Some(id.clone());
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    let status = code.status();
    let mut head = format!(
        "HTTP/1.1 {} {}\r\ncontent-type: {PROBLEM_JSON}\r\ncontent-length: {}\r\nx-request-id: {id}\r\nconnection: close\r\n",
        status.as_u16(),
        status.canonical_reason().unwrap_or(""),
        body.len()
    );
    if let Some(secs) = problem.retry_after {
        head.push_str(&format!("retry-after: {secs}\r\n"));
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(&body);
    out
}

/// Map a JSON extractor failure to a problem (413 / 415 / 400).
pub fn json_error(err: JsonPayloadError, req: &HttpRequest) -> actix_web::Error {
    let problem = match &err {
        JsonPayloadError::OverflowKnownLength { length, limit } => Problem::new(
            ProblemCode::PayloadTooLarge,
            format!("the body has {length} bytes; the limit is {limit}"),
        )
        .with_limit(*limit as u64),
        JsonPayloadError::Overflow { limit } => Problem::new(
            ProblemCode::PayloadTooLarge,
            format!("the body is larger than the limit of {limit} bytes"),
        )
        .with_limit(*limit as u64),
        JsonPayloadError::ContentType => Problem::new(
            ProblemCode::UnsupportedMediaType,
            "send the body as Content-Type: application/json",
        ),
        JsonPayloadError::Deserialize(e) => {
            use serde_json::error::Category;
            let code = match e.classify() {
                Category::Data => ProblemCode::InvalidRequest,
                // serde_json reports a wrong JSON type where an enum is expected (`1`, `null`)
                // as a syntax error; the body is well-formed JSON then, so it is the schema.
                Category::Syntax if crate::body::received_well_formed_json(req) => {
                    ProblemCode::InvalidRequest
                }
                Category::Syntax | Category::Eof | Category::Io => ProblemCode::InvalidJson,
            };
            let detail = if code == ProblemCode::InvalidRequest && e.classify() == Category::Syntax
            {
                format!(
                    "wrong JSON type at line {} column {}: enum fields (offset_unit, labels) take strings",
                    e.line(),
                    e.column()
                )
            } else {
                e.to_string()
            };
            Problem::new(code, detail)
        }
        JsonPayloadError::Payload(e) => crate::body::payload_problem(e),
        other => Problem::new(ProblemCode::InvalidRequest, other.to_string()),
    };
    problem.for_request(req).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_maps_to_its_wire_name_and_status_family() {
        let all = [
            ProblemCode::InvalidJson,
            ProblemCode::InvalidRequest,
            ProblemCode::UnsupportedMediaType,
            ProblemCode::PayloadTooLarge,
            ProblemCode::TextTooLong,
            ProblemCode::NotFound,
            ProblemCode::MethodNotAllowed,
            ProblemCode::NotReady,
            ProblemCode::Overloaded,
            ProblemCode::DeadlineExceeded,
            ProblemCode::Internal,
            ProblemCode::RequestTimeout,
            ProblemCode::HeadersTooLarge,
            ProblemCode::InvalidHttp,
            ProblemCode::TooManyConnections,
            ProblemCode::UnsupportedEncoding,
            ProblemCode::ProfileUnavailable,
        ];
        for code in all {
            let json = serde_json::to_value(code).unwrap();
            assert_eq!(json, serde_json::Value::String(code.as_str().into()));
            let status = code.status().as_u16();
            assert!((400..600).contains(&status));
        }
    }

    #[test]
    fn unavailable_problems_carry_retry_after() {
        let res = Problem::new(ProblemCode::Overloaded, "busy").error_response();
        assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
        assert_eq!(res.headers().get(header::RETRY_AFTER).unwrap(), "1");
        assert_eq!(
            res.headers().get(header::CONTENT_TYPE).unwrap(),
            PROBLEM_JSON
        );
        let res = Problem::new(ProblemCode::InvalidJson, "bad").error_response();
        assert!(res.headers().get(header::RETRY_AFTER).is_none());
    }

    #[test]
    fn raw_responses_are_complete_http_messages() {
        let raw = raw_problem_response(ProblemCode::TooManyConnections, "full");
        let text = String::from_utf8(raw).unwrap();
        let (head, body) = text.split_once("\r\n\r\n").unwrap();
        assert!(head.starts_with("HTTP/1.1 503 Service Unavailable\r\n"));
        assert!(head.contains("\r\nretry-after: 1"));
        assert!(head.contains(&format!("\r\ncontent-length: {}\r\n", body.len())));
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v["code"], "too_many_connections");
        assert_eq!(v["request_id"].as_str().unwrap().len(), 32);
    }

    #[test]
    fn body_follows_rfc9457_member_names() {
        let p = Problem::new(ProblemCode::TextTooLong, "too long").with_limit(10);
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["type"], "tag:quoth,2026:problem/text_too_long");
        assert_eq!(v["status"], 413);
        assert_eq!(v["code"], "text_too_long");
        assert_eq!(v["limit"], 10);
        assert!(v.get("retry_after").is_none());
        assert!(v.get("request_id").is_none());
    }
}
