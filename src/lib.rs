//! quoth's HTTP service and CLI: actix-web handlers, the wire format (DTOs with `ToSchema`), the
//! OpenAPI document, problem+json errors, the inference pool, telemetry and shutdown. Thin mappers
//! over the [`quoth`] library; no extraction logic lives here.
//!
//! - [`config`]: CLI/env configuration. [`routes`]: handlers and the route table.
//! - [`dto`]: the wire format. [`analysis`]: request → response (shared with the CLI).
//! - [`problem`]: RFC 9457 errors. [`pool`]: bounded inference pool.
//! - [`telemetry`]: logs, request ids, metrics. [`shutdown`]: SIGTERM drain.
//! - [`state`]: shared state and readiness.
//! - [`conn`]: per-phase connection timeouts, the connection cap, HTTP-layer errors as problems.
//! - [`body`]: bounded decoding of request bodies, body timeout, objects only, HEAD on GET routes.

/// mimalloc returns freed pages to the OS (after a short delay); glibc malloc kept the peak of a
/// large request mapped for good (issue #12: 64 → 225 MB after a probe run).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

pub mod analysis;
pub mod body;
pub mod config;
pub mod conn;
pub mod dto;
pub mod fallback;
pub mod pool;
pub mod problem;
pub mod routes;
pub mod shutdown;
pub mod state;
pub mod telemetry;
pub mod view;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use actix_web::dev::ServerHandle;
use actix_web::middleware::{from_fn, Compress, Condition};
use actix_web::{web, App};
use utoipa::OpenApi;
use utoipa_actix_web::AppExt;

pub use config::Config;
pub use state::AppState;

use quoth::{Analyzer, AnalyzerConfig};

/// Top-level OpenAPI information; paths and schemas are collected from [`routes::configure`].
#[derive(OpenApi)]
#[openapi(
    info(
        title = "quoth",
        description = "Who is in the news and who said what: spaCy-exact entity and quote extraction.\n\nOffsets are half-open `[start, end)` in the request's `offset_unit` (default `code_point`; JavaScript callers should send `utf16`). Errors are RFC 9457 `application/problem+json` with a stable `code`.",
        license(name = "MIT", identifier = "MIT")
    ),
    tags(
        (name = "extraction", description = "Entities and quotes"),
        (name = "operations", description = "Health, readiness, metrics and this document")
    ),
    components(schemas(problem::ProblemCode))
)]
struct ApiDoc;

/// The OpenAPI document, generated from the same route table the server uses.
pub fn openapi() -> utoipa::openapi::OpenApi {
    App::new()
        .into_utoipa_app()
        .openapi(ApiDoc::openapi())
        .configure(routes::configure)
        .split_for_parts()
        .1
}

/// The OpenAPI document as committed in `openapi/openapi.json` (pretty JSON, final newline).
pub fn openapi_json() -> String {
    let mut s = openapi()
        .to_pretty_json()
        .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    s.push('\n');
    s
}

/// The rendered OpenAPI document, shared by the `/openapi.json` handler.
#[derive(Debug, Clone)]
pub struct SpecJson(pub String);

/// Build the app for one worker: routes, JSON limits and error mapping, fallback 404/405,
/// docs UI, compression and the request-id/access-log/metrics middleware.
macro_rules! build_app {
    ($state:expr, $spec:expr, $budget:expr) => {{
        let state: Arc<AppState> = $state;
        let (budget, receiving): (Arc<body::BodyBudget>, body::ReceiveBudget) = $budget;
        let json_cfg = web::JsonConfig::default()
            .limit(state.config.max_body_bytes)
            .content_type_required(true)
            .error_handler(problem::json_error);
        let app = App::new()
            .app_data(web::Data::from(Arc::clone(&state)))
            .app_data(web::Data::new(SpecJson($spec)))
            .app_data(json_cfg)
            .app_data(web::Data::from(budget))
            .app_data(web::Data::new(receiving))
            .into_utoipa_app()
            .configure(routes::configure)
            .into_app();
        #[cfg(feature = "docs-ui")]
        let app = app.configure(|cfg| fallback::docs_ui(cfg, state.config.docs_ui));
        let app = app.configure(|cfg| view::configure(cfg, state.config.view_ui));
        app.default_service(web::to(fallback::not_found_or_not_allowed))
            .wrap(Condition::new(state.config.compress, Compress::default()))
            .wrap(from_fn(body::guard))
            .wrap(from_fn(telemetry::observe))
    }};
}

/// A server running on its own thread (in-process; used by `serve` and by tests).
pub struct RunningServer {
    /// The bound address (useful with port 0).
    pub addr: SocketAddr,
    /// The shared state (readiness, pool).
    pub state: Arc<AppState>,
    /// The open connections (count, cap, shutdown switch).
    pub conns: Arc<conn::ConnHub>,
    handle: ServerHandle,
    thread: std::thread::JoinHandle<std::io::Result<()>>,
}

impl RunningServer {
    /// The handle that stops the server.
    pub fn handle(&self) -> ServerHandle {
        self.handle.clone()
    }

    /// Block until the server has stopped.
    pub fn join(self) -> std::io::Result<()> {
        self.thread
            .join()
            .map_err(|_| std::io::Error::other("server thread panicked"))?
    }

    /// Stop gracefully and wait.
    pub fn stop(self) -> std::io::Result<()> {
        self.conns.begin_shutdown();
        // ServerHandle::stop sends the command right away; the future only waits for it.
        drop(self.handle.stop(true));
        self.join()
    }
}

/// Bind and start serving `state` on a background thread; returns once the listener is bound.
/// Installs the SIGTERM drain handler when `signals` is set.
///
/// The server is assembled from actix-web's parts rather than `HttpServer` so that every
/// accepted stream goes through [`conn::ConnHub`] (phase timeouts, connection cap).
pub fn spawn(state: Arc<AppState>, signals: bool) -> std::io::Result<RunningServer> {
    telemetry::metrics_handle();
    let cfg = &state.config;
    let conns = conn::ConnHub::new(cfg.effective_max_connections(), cfg.timeouts());
    let listener = std::net::TcpListener::bind(cfg.socket_addr())?;
    let addr = listener.local_addr()?;
    let (tx, rx) = std::sync::mpsc::channel();
    let thread_state = Arc::clone(&state);
    let thread_conns = Arc::clone(&conns);
    let thread = std::thread::Builder::new()
        .name("quoth-http".into())
        .spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let state = thread_state;
                let conns = thread_conns;
                let server = match build_server(&state, &conns, listener) {
                    Ok(s) => s,
                    Err(e) => {
                        let _ = tx.send(Err(e));
                        return Ok(());
                    }
                };
                let handle = server.handle();
                if signals {
                    install_shutdown(Arc::clone(&state), Arc::clone(&conns), handle.clone());
                }
                let _ = tx.send(Ok(handle));
                server.await
            })
        })?;
    match rx.recv() {
        Ok(Ok(handle)) => Ok(RunningServer {
            addr,
            state,
            conns,
            handle,
            thread,
        }),
        Ok(Err(e)) => {
            let _ = thread.join();
            Err(e)
        }
        Err(_) => match thread.join() {
            Ok(Err(e)) => Err(e),
            _ => Err(std::io::Error::other("server thread ended before binding")),
        },
    }
}

/// The actix server: each worker wraps accepted streams in [`conn::Guarded`] and runs the
/// HTTP/1 dispatcher over them with the app from `build_app!`.
fn build_server(
    state: &Arc<AppState>,
    conns: &Arc<conn::ConnHub>,
    listener: std::net::TcpListener,
) -> std::io::Result<actix_server::Server> {
    use actix_http::{HttpService, Protocol};
    use actix_service::{fn_service, map_config, IntoServiceFactory, ServiceFactoryExt};
    use actix_web::dev::AppConfig;

    let cfg = &state.config;
    let spec = openapi_json();
    let factory_state = Arc::clone(state);
    let factory_conns = Arc::clone(conns);
    let unlimited_if_zero = |n: usize| if n == 0 { usize::MAX } else { n };
    let budget = body::BodyBudget::new(unlimited_if_zero(cfg.max_inflight_body_bytes));
    let receiving = body::ReceiveBudget(body::BodyBudget::new(unlimited_if_zero(
        cfg.max_receiving_body_bytes,
    )));
    let keep_alive = Duration::from_secs(cfg.keep_alive_secs.max(1));
    // actix's own head timer (first request only) stays as a backstop behind ours.
    let head_backstop = Duration::from_secs(cfg.header_timeout_secs + 2);
    let workers = usize::from(cfg.workers);
    // Let actix accept a little past our cap so the cap answers 503 instead of leaving clients
    // queued; no more than the slack, so the descriptors stay inside `FD_RESERVE`.
    let per_worker = (conns.max_connections() + conn::REFUSAL_SLACK).div_ceil(workers.max(1));
    actix_server::Server::build()
        .workers(workers)
        .max_concurrent_connections(per_worker)
        .shutdown_timeout(cfg.shutdown_timeout_secs)
        .disable_signals()
        .listen("quoth", listener, move || {
            let state = Arc::clone(&factory_state);
            let hub = Arc::clone(&factory_conns);
            let drain_hub = Arc::clone(&factory_conns);
            let app = build_app!(state, spec.clone(), (budget.clone(), receiving.clone()))
                .into_factory()
                .map_err(|err: actix_web::Error| err.error_response());
            let http = HttpService::build()
                .keep_alive(keep_alive)
                .client_request_timeout(head_backstop)
                .client_disconnect_timeout(Duration::from_secs(1))
                .graceful_shutdown_signal(move || drain_hub.shutdown_signal())
                .on_connect_ext(|io: &conn::Guarded, ext| {
                    ext.insert(io.state());
                })
                .finish(map_config(app, |_| AppConfig::default()));
            fn_service(move |io: actix_web::rt::net::TcpStream| {
                let hub = Arc::clone(&hub);
                async move {
                    match hub.admit(io).await {
                        Some(g) => {
                            let peer = g.peer_addr();
                            Ok((g, Protocol::Http1, peer))
                        }
                        None => Err(actix_http::error::DispatchError::Io(std::io::Error::other(
                            "connection cap reached",
                        ))),
                    }
                }
            })
            .and_then(http)
        })
        .map(|b| b.run())
}

/// SIGTERM/Ctrl-C: the documented drain ([`shutdown::drain_and_stop`]), and when the drain
/// period ends, idle and half-sent connections are closed so they do not hold the exit.
fn install_shutdown(state: Arc<AppState>, conns: Arc<conn::ConnHub>, handle: ServerHandle) {
    let drain = Duration::from_secs(state.config.shutdown_drain_secs);
    actix_web::rt::spawn(async move {
        shutdown::wait_for_signal().await;
        let close_idle = async {
            tokio::time::sleep(drain).await;
            conns.begin_shutdown();
        };
        tokio::join!(shutdown::drain_and_stop(state, handle, drain), close_idle);
    });
}

/// Load the model and run a smoke parse; the service turns ready only after both succeed.
pub fn load_model(state: &AppState) -> Result<(), String> {
    let path = state.config.model_path();
    let started = Instant::now();
    tracing::info!(path = %path.display(), "loading model");
    let analyzer = Analyzer::load(&AnalyzerConfig {
        model: path,
        lexeme_cache: state.config.lexeme_cache,
        accurate_models: state.config.accurate_model_paths(),
    })
    .map_err(|e| format!("cannot load the model: {e}"))?;
    let smoke = analyzer.analyze(
        "Ana Ruiz said on Monday that Springfield will win.",
        &quoth::Options::default(),
    );
    tracing::info!(
        name = %analyzer.model().name,
        version = %analyzer.model().version,
        load_ms = started.elapsed().as_millis() as u64,
        smoke_tokens = smoke.tokens,
        accurate = ?analyzer
            .accurate_models()
            .iter()
            .map(|m| format!("{} {}", m.name, m.version))
            .collect::<Vec<_>>(),
        "model loaded; ready"
    );
    state.set_analyzer(Arc::new(analyzer));
    Ok(())
}

/// Make mimalloc give freed memory back to the OS at once. With its default 10 ms delay the
/// purge only happens on a later allocation by the same thread, and the inference threads go
/// idle after a large request: measured RSS stayed at 497 MB for 30 s after one 200,000-code-
/// point request, 103 MB with the delay at 0.
fn return_memory_promptly() {
    /// `mi_option_purge_delay` in mimalloc's `mi_option_t` (v2 and v3 headers).
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: mi_option_set takes two integers and stores one option value; it is documented as
    // not thread-safe, and `run` calls it first, before it starts any thread.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
}

/// `quoth serve`: bind first (liveness answers during the load), load the model in the
/// background, become ready, run until SIGTERM. A model that fails to load stops the process
/// with an error instead of leaving it unready forever.
pub fn run(config: Config) -> Result<(), String> {
    return_memory_promptly();
    config.validate()?;
    telemetry::metrics_handle();
    let state = AppState::new(config).map_err(|e| format!("cannot start the pool: {e}"))?;
    let server = spawn(Arc::clone(&state), true)
        .map_err(|e| format!("cannot bind {}: {e}", state.config.socket_addr()))?;
    tracing::info!(
        addr = %server.addr,
        workers = state.config.workers,
        threads = state.pool.threads(),
        max_queue = state.pool.limit(),
        max_body_bytes = state.config.max_body_bytes,
        max_text_chars = state.config.max_text_chars,
        request_deadline_ms = state.config.request_deadline_ms,
        max_connections = server.conns.max_connections(),
        header_timeout_secs = state.config.header_timeout_secs,
        body_timeout_secs = state.config.body_timeout_secs,
        keep_alive_secs = state.config.keep_alive_secs,
        "listening"
    );
    let loader_state = Arc::clone(&state);
    let handle = server.handle();
    let loader = std::thread::Builder::new()
        .name("quoth-model-load".into())
        .spawn(move || {
            let res = load_model(&loader_state);
            if let Err(e) = &res {
                tracing::error!(error = %e, "model load failed; stopping");
                drop(handle.stop(false));
            }
            res
        })
        .map_err(|e| format!("cannot start the model loader: {e}"))?;
    server.join().map_err(|e| format!("server error: {e}"))?;
    match loader.join() {
        Ok(Err(e)) => Err(e),
        _ => {
            tracing::info!("stopped");
            Ok(())
        }
    }
}
