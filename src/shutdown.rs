//! Graceful shutdown: on SIGTERM (or Ctrl-C) readiness turns 503, the service keeps serving for
//! the drain period so load balancers stop routing to it, then the listener closes, in-flight
//! requests finish (bounded by the shutdown timeout) and the process exits 0.
//!
//! actix's own signal handling is disabled: it would close the listener at once, while a
//! Kubernetes endpoint removal is still propagating.

use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::ServerHandle;

use crate::state::AppState;

/// Wait for SIGTERM or Ctrl-C.
pub async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM; only Ctrl-C stops the server");
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Drain and stop: readiness 503, wait `drain`, then stop gracefully (in-flight requests finish).
pub async fn drain_and_stop(state: Arc<AppState>, handle: ServerHandle, drain: Duration) {
    state.start_draining();
    tracing::info!(
        drain_secs = drain.as_secs(),
        in_flight = state.pool.in_flight(),
        "shutdown requested: readiness is 503, draining"
    );
    tokio::time::sleep(drain).await;
    tracing::info!(
        in_flight = state.pool.in_flight(),
        "closing the listener; waiting for in-flight requests"
    );
    handle.stop(true).await;
}

/// Install the signal handler for a running server.
pub fn install(state: Arc<AppState>, handle: ServerHandle) {
    let drain = Duration::from_secs(state.config.shutdown_drain_secs);
    actix_web::rt::spawn(async move {
        wait_for_signal().await;
        drain_and_stop(state, handle, drain).await;
    });
}
