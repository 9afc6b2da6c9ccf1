//! Handlers and the route table. [`configure`] is the single source of routes: the server and
//! the OpenAPI document (and so `openapi/openapi.json`) are both built from it.

use std::sync::Arc;

use actix_web::http::header::{self, HeaderValue};
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use utoipa::openapi::{RefOr, Response};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::analysis;
use crate::dto::{
    AnalyzeRequest, AnalyzeResponse, ExtractRequest, ExtractResponse, QuotesRequest, QuotesResponse,
};
use crate::pool::PoolError;
use crate::problem::{Problem, ProblemCode};
use crate::state::AppState;

/// The error responses the three processing endpoints share, documented once: RFC 9457
/// `application/problem+json` bodies ([`Problem`]), with `retry-after` on 503.
struct ProcessingErrors;

impl utoipa::IntoResponses for ProcessingErrors {
    fn responses() -> std::collections::BTreeMap<String, RefOr<Response>> {
        use utoipa::openapi::{ContentBuilder, HeaderBuilder, Ref, ResponseBuilder};
        use utoipa::PartialSchema;
        let problem = |description: &str| {
            ResponseBuilder::new().description(description).content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
        };
        let retry_after = HeaderBuilder::new()
            .schema(Some(u32::schema()))
            .description(Some("Seconds to wait before retrying"))
            .build();
        [
            ("400", problem("Malformed JSON (`invalid_json`) or a body that does not match the schema (`invalid_request`)")),
            ("413", problem("Body over the byte limit (`payload_too_large`) or text over the code-point limit (`text_too_long`)")),
            ("415", problem("Body not sent as application/json (`unsupported_media_type`)")),
            ("500", problem("A bug (`internal`)")),
            ("501", problem("The request names a profile this service does not run (`profile_unavailable`: `accurate` without its models)")),
            ("503", problem("Model loading (`not_ready`), too many requests in flight (`overloaded`) or over the deadline (`deadline_exceeded`)")
                .header("retry-after", retry_after)),
        ]
        .into_iter()
        .map(|(status, r)| (status.to_string(), RefOr::T(r.build())))
        .collect()
    }
}

/// Register every documented route.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(extract)
        .service(analyze)
        .service(quotes)
        .service(livez)
        .service(readyz)
        .service(prometheus)
        .service(openapi_json);
}

fn rejected(reason: &'static str) {
    metrics::counter!("quoth_rejected_total", "reason" => reason).increment(1);
}

fn pool_problem(err: PoolError) -> Problem {
    match err {
        PoolError::Overloaded { limit } => {
            rejected("overloaded");
            Problem::new(
                ProblemCode::Overloaded,
                format!("{limit} requests are in flight; retry shortly"),
            )
            .with_limit(limit as u64)
        }
        PoolError::DeadlineExceeded { ms } => {
            rejected("deadline");
            Problem::new(
                ProblemCode::DeadlineExceeded,
                format!("processing did not finish within {ms} ms"),
            )
            .with_limit(ms)
        }
        PoolError::Panicked => {
            tracing::error!("inference job failed");
            Problem::new(
                ProblemCode::Internal,
                "internal error; see request_id in the logs",
            )
        }
    }
}

/// Validate the text and require the model (before any work is queued).
#[allow(clippy::result_large_err)] // error path only, once per failed request
fn admit(
    req: &HttpRequest,
    state: &AppState,
    text: &str,
    options: &quoth::Options,
) -> Result<Arc<quoth::batch::Batcher>, Problem> {
    analysis::check_text_length(text, state.config.max_text_chars).map_err(|p| {
        rejected("too_long");
        p.for_request(req)
    })?;
    let batcher = state.batcher().ok_or_else(|| {
        rejected("not_ready");
        Problem::new(ProblemCode::NotReady, "the model is still loading").for_request(req)
    })?;
    if !batcher.analyzer().has_profile(options.profile) {
        rejected("profile");
        return Err(Problem::new(
            ProblemCode::ProfileUnavailable,
            "profile `accurate` is not available on this service (it runs without --accurate-models)",
        )
        .for_request(req));
    }
    Ok(batcher)
}

/// Analyse `text` on the inference pool under admission control and the deadline, then shape
/// the response with `respond`.
async fn infer<T>(
    req: &HttpRequest,
    state: &AppState,
    text: String,
    options: quoth::Options,
    respond: fn(quoth::Analysis, &quoth::analysis::ModelInfo) -> T,
) -> Result<web::Json<T>, Problem> {
    let batcher = admit(req, state, &text, &options)?;
    let model = batcher.analyzer().model().clone();
    let analysis = state
        .pool
        .analyze(state.deadline(), batcher, text, options)
        .await
        .map_err(|e| pool_problem(e).for_request(req))?;
    analysis::count(&analysis);
    Ok(web::Json(respond(analysis, &model)))
}

/// Entity mentions and grouped entities.
///
/// Runs the full spaCy-equivalent pipeline on `text` and returns every entity mention with
/// offsets in `offset_unit`, grouped per real-world entity.
#[utoipa::path(
    tag = "extraction",
    request_body(content = ExtractRequest, content_type = "application/json"),
    params(("x-request-id" = Option<String>, Header, description = "Request id to propagate (echoed back; generated when absent)")),
    responses(
        (status = 200, description = "Mentions and entities", body = ExtractResponse,
            headers(("x-request-id" = String, description = "The request id"))),
        ProcessingErrors,
    )
)]
#[post("/extract")]
async fn extract(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<ExtractRequest>,
) -> Result<web::Json<ExtractResponse>, Problem> {
    let body = body.into_inner();
    let options = analysis::extract_options(&body, state.config.profile.into());
    infer(&req, &state, body.text, options, analysis::extract_response).await
}

/// Entities and quotes from one parse.
///
/// Everything `/extract` returns plus `quotes`, whose `speaker.entity` indexes `entities`.
/// One engine pass, so this costs about the same as `/extract`.
#[utoipa::path(
    tag = "extraction",
    request_body(content = AnalyzeRequest, content_type = "application/json"),
    params(("x-request-id" = Option<String>, Header, description = "Request id to propagate (echoed back; generated when absent)")),
    responses(
        (status = 200, description = "Mentions, entities and quotes", body = AnalyzeResponse,
            headers(("x-request-id" = String, description = "The request id"))),
        ProcessingErrors,
    )
)]
#[post("/analyze")]
async fn analyze(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<AnalyzeRequest>,
) -> Result<web::Json<AnalyzeResponse>, Problem> {
    let body = body.into_inner();
    let options = analysis::analyze_options(&body, state.config.profile.into());
    infer(&req, &state, body.text, options, analysis::analyze_response).await
}

/// Quotes with their cues and resolved speakers.
///
/// Direct, mixed (partial) and indirect quotes; a quote interrupted by its attribution has
/// several `content` spans. `speaker` is null when no speaker could be found.
#[utoipa::path(
    tag = "extraction",
    request_body(content = QuotesRequest, content_type = "application/json"),
    params(("x-request-id" = Option<String>, Header, description = "Request id to propagate (echoed back; generated when absent)")),
    responses(
        (status = 200, description = "Quotes", body = QuotesResponse,
            headers(("x-request-id" = String, description = "The request id"))),
        ProcessingErrors,
    )
)]
#[post("/quotes")]
async fn quotes(
    req: HttpRequest,
    state: web::Data<AppState>,
    body: web::Json<QuotesRequest>,
) -> Result<web::Json<QuotesResponse>, Problem> {
    let body = body.into_inner();
    let options = analysis::quotes_options(&body, state.config.profile.into());
    infer(&req, &state, body.text, options, analysis::quotes_response).await
}

/// Liveness: the process is up.
///
/// Never depends on the model, so a slow model load does not get the pod restarted.
#[utoipa::path(
    tag = "operations",
    responses((status = 204, description = "The process is alive"))
)]
#[get("/livez")]
async fn livez() -> HttpResponse {
    HttpResponse::NoContent().finish()
}

/// Readiness: the model is loaded and the process is not shutting down.
///
/// 503 while the model loads and again after SIGTERM (drain), so load balancers route around
/// the instance.
#[utoipa::path(
    tag = "operations",
    responses(
        (status = 204, description = "Ready to serve"),
        (status = 503, description = "Loading or draining (`not_ready`)", body = Problem, content_type = "application/problem+json",
            headers(("retry-after" = u32, description = "Seconds to wait before retrying"))),
    )
)]
#[get("/readyz")]
async fn readyz(req: HttpRequest, state: web::Data<AppState>) -> Result<HttpResponse, Problem> {
    if state.is_ready() {
        return Ok(HttpResponse::NoContent().finish());
    }
    let detail = if state.is_draining() {
        "shutting down"
    } else {
        "the model is still loading"
    };
    Err(Problem::new(ProblemCode::NotReady, detail).for_request(&req))
}

/// Prometheus metrics.
///
/// Request counts and latency histograms per route and status, tokens and documents processed,
/// inference jobs in flight, rejections by reason, readiness and model info.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, description = "Prometheus text exposition format", body = String, content_type = "text/plain"))
)]
#[get("/metrics")]
async fn prometheus() -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
        ))
        .body(crate::telemetry::metrics_handle().render())
}

/// This OpenAPI 3.1 document.
///
/// The same document as `openapi/openapi.json` in the repository.
#[utoipa::path(
    tag = "operations",
    responses((status = 200, description = "The OpenAPI document", body = Object, content_type = "application/json"))
)]
#[get("/openapi.json")]
async fn openapi_json(spec: web::Data<crate::SpecJson>) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/json")
        .body(spec.0.clone())
}
