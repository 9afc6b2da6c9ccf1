//! The bounded inference pool: model work runs on dedicated threads, never on the async
//! executor, behind admission control and a deadline.
//!
//! - A rayon pool with a fixed number of threads runs the jobs.
//! - A semaphore counts admitted jobs (running + queued). When it is exhausted, [`InferencePool::run`]
//!   fails at once with [`PoolError::Overloaded`] instead of piling up work.
//! - Each job has a deadline that includes queueing time. On expiry the caller gets
//!   [`PoolError::DeadlineExceeded`] and the job is marked cancelled: if it has not started yet
//!   it is skipped; a running job cannot be interrupted and finishes, keeping its permit so the
//!   admission limit still reflects real load.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use quoth::batch::{Batcher, Pending};
use quoth::{Analysis, Options};
use tokio::sync::{oneshot, Semaphore};

/// Why a job did not produce a result.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PoolError {
    /// The admission limit is reached.
    #[error("too many requests in flight ({limit})")]
    Overloaded { limit: usize },
    /// The deadline passed before the job finished.
    #[error("processing took longer than {ms} ms")]
    DeadlineExceeded { ms: u64 },
    /// The job panicked (a bug); the panic was contained.
    #[error("inference job failed")]
    Panicked,
}

/// Fixed-size thread pool with admission control. Cheap to share behind an `Arc`.
pub struct InferencePool {
    pool: rayon::ThreadPool,
    permits: Arc<Semaphore>,
    limit: usize,
    threads: usize,
}

impl std::fmt::Debug for InferencePool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("InferencePool")
            .field("threads", &self.threads)
            .field("limit", &self.limit)
            .field("available", &self.permits.available_permits())
            .finish()
    }
}

/// Decrements the in-flight gauge when a job ends, however it ends.
struct InflightGuard;

impl InflightGuard {
    fn new() -> Self {
        metrics::gauge!("quoth_inflight").increment(1.0);
        InflightGuard
    }
}

impl Drop for InflightGuard {
    fn drop(&mut self) {
        metrics::gauge!("quoth_inflight").decrement(1.0);
    }
}

/// Sets a job's cancel flag when the request waiting for it is dropped.
struct CancelOnDrop(Arc<AtomicBool>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Release);
    }
}

impl InferencePool {
    /// A pool of `threads` threads admitting at most `limit` jobs at once (both at least 1).
    pub fn new(threads: usize, limit: usize) -> Result<Self, rayon::ThreadPoolBuildError> {
        let threads = threads.max(1);
        let limit = limit.max(1);
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .thread_name(|i| format!("quoth-infer-{i}"))
            .build()?;
        Ok(InferencePool {
            pool,
            permits: Arc::new(Semaphore::new(limit)),
            limit,
            threads,
        })
    }

    /// Number of inference threads.
    pub fn threads(&self) -> usize {
        self.threads
    }

    /// The admission limit (running + queued jobs).
    pub fn limit(&self) -> usize {
        self.limit
    }

    /// Jobs admitted right now.
    pub fn in_flight(&self) -> usize {
        self.limit - self.permits.available_permits()
    }

    /// Run `job` on the pool and wait for it, at most `deadline` (queueing included).
    pub async fn run<T, F>(&self, deadline: Duration, job: F) -> Result<T, PoolError>
    where
        T: Send + 'static,
        F: FnOnce() -> T + Send + 'static,
    {
        let permit = self
            .permits
            .clone()
            .try_acquire_owned()
            .map_err(|_| PoolError::Overloaded { limit: self.limit })?;
        let cancelled = Arc::new(AtomicBool::new(false));
        let job_cancelled = Arc::clone(&cancelled);
        let (tx, rx) = oneshot::channel();
        let guard = InflightGuard::new();
        self.pool.spawn(move || {
            if job_cancelled.load(Ordering::Acquire) {
                return;
            }
            let result = catch_unwind(AssertUnwindSafe(job)).map_err(|_| PoolError::Panicked);
            // Release the admission slot before the caller can observe the result, so a
            // follow-up request never sees this finished job as still in flight.
            drop(permit);
            drop(guard);
            // The receiver is gone when the deadline passed meanwhile; nothing to do then.
            let _ = tx.send(result);
        });
        await_reply(deadline, rx, &cancelled).await
    }

    /// Analyse `text` under admission control and `deadline` (queueing included). The text
    /// joins `batcher`'s queue and a pool thread takes it together with whatever else is
    /// waiting (one engine pass for several requests).
    pub async fn analyze(
        &self,
        deadline: Duration,
        batcher: Arc<Batcher>,
        text: String,
        options: Options,
    ) -> Result<Analysis, PoolError> {
        let permit = self
            .permits
            .clone()
            .try_acquire_owned()
            .map_err(|_| PoolError::Overloaded { limit: self.limit })?;
        let cancelled = Arc::new(AtomicBool::new(false));
        // A client that goes away drops this future: its text is then skipped if no thread has
        // taken it yet (after a result, setting the flag changes nothing).
        let _cancel_on_drop = CancelOnDrop(Arc::clone(&cancelled));
        let (tx, rx) = oneshot::channel();
        let guard = InflightGuard::new();
        batcher.submit(Pending::new(
            text,
            options,
            Arc::clone(&cancelled),
            move |result| {
                // As in `run`: free the slot before the caller can see the result.
                drop(permit);
                drop(guard);
                let _ = tx.send(result.map_err(|_| PoolError::Panicked));
            },
        ));
        self.pool.spawn(move || {
            let n = batcher.run_pending();
            if n > 0 {
                metrics::histogram!("quoth_batch_documents").record(n as f64);
            }
        });
        await_reply(deadline, rx, &cancelled).await
    }

    /// Run a job on the pool outside admission control and without waiting (maintenance work
    /// such as the start-up smoke test, and drills that need to occupy a thread).
    pub fn execute(&self, job: impl FnOnce() + Send + 'static) {
        self.pool.spawn(move || {
            let _ = catch_unwind(AssertUnwindSafe(job));
        });
    }
}

/// Wait for a job's reply at most `deadline`; past it, flag the job `cancelled` (a queued job
/// is then skipped). A reply dropped unsent (the job was skipped or torn down) is `Panicked`.
async fn await_reply<T>(
    deadline: Duration,
    rx: oneshot::Receiver<Result<T, PoolError>>,
    cancelled: &AtomicBool,
) -> Result<T, PoolError> {
    match tokio::time::timeout(deadline, rx).await {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(PoolError::Panicked),
        Err(_) => {
            cancelled.store(true, Ordering::Release);
            Err(PoolError::DeadlineExceeded {
                ms: u64::try_from(deadline.as_millis()).unwrap_or(u64::MAX),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;

    fn rt() -> tokio::runtime::Runtime {
        tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap()
    }

    #[test]
    fn runs_a_job_and_returns_its_value() {
        let pool = InferencePool::new(1, 1).unwrap();
        let v = rt().block_on(pool.run(Duration::from_secs(30), || 6 * 7));
        assert_eq!(v, Ok(42));
        assert_eq!(pool.in_flight(), 0);
    }

    #[test]
    fn full_pool_rejects_at_once() {
        let pool = Arc::new(InferencePool::new(1, 1).unwrap());
        let (release_tx, release_rx) = mpsc::channel::<()>();
        let (started_tx, started_rx) = mpsc::channel::<()>();
        let runtime = rt();
        runtime.block_on(async {
            let p = Arc::clone(&pool);
            // Admit one job that blocks until released; it holds the only permit.
            let first = tokio::spawn(async move {
                p.run(Duration::from_secs(30), move || {
                    started_tx.send(()).unwrap();
                    release_rx.recv().unwrap();
                    1
                })
                .await
            });
            // Let the spawned task start and the job begin.
            tokio::task::yield_now().await;
            while started_rx.try_recv().is_err() {
                tokio::task::yield_now().await;
            }
            let second = pool.run(Duration::from_secs(30), || 2).await;
            assert_eq!(second, Err(PoolError::Overloaded { limit: 1 }));
            release_tx.send(()).unwrap();
            assert_eq!(first.await.unwrap(), Ok(1));
        });
    }

    #[test]
    fn deadline_covers_queueing_and_skips_the_job() {
        // One thread, occupied by a blocker: the admitted job can only wait in the queue.
        let pool = InferencePool::new(1, 4).unwrap();
        let (release_tx, release_rx) = mpsc::channel::<()>();
        pool.execute(move || {
            let _ = release_rx.recv();
        });
        let ran = Arc::new(AtomicBool::new(false));
        let ran2 = Arc::clone(&ran);
        let res = rt().block_on(pool.run(Duration::from_millis(50), move || {
            ran2.store(true, Ordering::SeqCst);
        }));
        assert_eq!(res, Err(PoolError::DeadlineExceeded { ms: 50 }));
        release_tx.send(()).unwrap();
        // Once the queue drains, the permit comes back and the cancelled job never ran.
        let after = rt().block_on(pool.run(Duration::from_secs(30), || 3));
        assert_eq!(after, Ok(3));
        assert!(!ran.load(Ordering::SeqCst));
    }

    #[test]
    fn a_panicking_job_is_contained() {
        let pool = InferencePool::new(1, 1).unwrap();
        let res: Result<(), _> = rt().block_on(pool.run(Duration::from_secs(30), || {
            panic!("boom");
        }));
        assert_eq!(res, Err(PoolError::Panicked));
        assert_eq!(
            rt().block_on(pool.run(Duration::from_secs(30), || 1)),
            Ok(1)
        );
    }
}
