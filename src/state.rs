//! Shared service state: configuration, the model once loaded, readiness and the pool.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use crate::config::Config;
use crate::pool::InferencePool;
use quoth::batch::Batcher;
use quoth::Analyzer;

/// State every handler sees (`web::Data<AppState>`).
#[derive(Debug)]
pub struct AppState {
    /// The effective configuration.
    pub config: Config,
    /// Runs model work off the async executor.
    pub pool: InferencePool,
    /// The loaded model behind its batching queue.
    model: OnceLock<Arc<Batcher>>,
    draining: AtomicBool,
}

impl AppState {
    /// State with no model yet (not ready) and a pool sized from `config`.
    pub fn new(config: Config) -> std::io::Result<Arc<Self>> {
        let pool = InferencePool::new(config.inference_threads(), config.queue_limit())
            .map_err(std::io::Error::other)?;
        Ok(Arc::new(AppState {
            config,
            pool,
            model: OnceLock::new(),
            draining: AtomicBool::new(false),
        }))
    }

    /// The loaded model's queue, if loading has finished.
    pub fn batcher(&self) -> Option<Arc<Batcher>> {
        self.model.get().cloned()
    }

    /// Install the loaded model; the service becomes ready (unless draining).
    pub fn set_analyzer(&self, analyzer: Arc<Analyzer>) {
        let meta = analyzer.pipeline().meta().clone();
        let batcher = Batcher::new(analyzer, self.config.batch_bytes, self.pool.threads());
        if self.model.set(Arc::new(batcher)).is_ok() {
            metrics::gauge!(
                "quoth_model_info",
                "name" => meta.name,
                "version" => meta.version
            )
            .set(1.0);
        }
        self.publish_readiness();
    }

    /// Mark the process as shutting down: readiness turns 503, requests are still served.
    pub fn start_draining(&self) {
        self.draining.store(true, Ordering::Release);
        self.publish_readiness();
    }

    /// Whether SIGTERM has been received.
    pub fn is_draining(&self) -> bool {
        self.draining.load(Ordering::Acquire)
    }

    /// Model loaded and not draining.
    pub fn is_ready(&self) -> bool {
        self.model.get().is_some() && !self.is_draining()
    }

    /// The per-request processing deadline.
    pub fn deadline(&self) -> Duration {
        Duration::from_millis(self.config.request_deadline_ms)
    }

    fn publish_readiness(&self) {
        metrics::gauge!("quoth_ready").set(if self.is_ready() { 1.0 } else { 0.0 });
    }
}
