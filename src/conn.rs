//! Every accepted TCP connection is wrapped in a [`Guarded`] stream that enforces a time limit on
//! each phase of each request, whatever actix-http's own timers do:
//!
//! | phase | starts | ends | limit |
//! |---|---|---|---|
//! | fresh | accept | first byte | `header_timeout` |
//! | idle | response sent | first byte of the next request | `keep_alive` |
//! | head | first byte of a request | the app sees the request | `header_timeout` |
//! | body | the app sees the request | body fully read (or response) | `body_timeout` (+1 s backstop) |
//! | processing | body read | response | none here (the request deadline) |
//! | write | a write would block | it progresses | `write_timeout` |
//!
//! actix-http's head timer only covers the first request of a connection and nothing covers a
//! body (issue #12), hence this layer. It also caps open connections (the one past the cap is
//! answered 503 `too_many_connections` and closed), closes idle and half-sent connections at
//! once on shutdown, and turns the HTTP layer's empty-bodied 400/408/431 into problem+json with
//! a request id, a rate-limited warn line and a metric.

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::watch;
use tokio::time::Sleep;

use crate::problem::{raw_problem_response, ProblemCode};

/// Time limits for the phases of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// From accept (or from the first byte of a later request) until the request head is read.
    pub header: Duration,
    /// From the request head until its body is read completely.
    pub body: Duration,
    /// Idle time between requests on a kept-alive connection.
    pub keep_alive: Duration,
    /// How long a response write may make no progress (a client that does not read).
    pub write: Duration,
}

const FRESH: u64 = 0;
const IDLE: u64 = 1;
const HEAD: u64 = 2;
const BODY: u64 = 3;
const PROCESSING: u64 = 4;
const ABORTED: u64 = 5;
const PHASE_SHIFT: u32 = 56;

/// Per-connection phase, shared between the stream wrapper and the request middleware (it is
/// put in every request's connection data).
#[derive(Debug)]
pub struct ConnState {
    epoch: Instant,
    /// Phase in the top 8 bits, phase start (ms since `epoch`) in the low 56.
    packed: AtomicU64,
}

impl ConnState {
    fn new(epoch: Instant) -> Self {
        ConnState {
            epoch,
            packed: AtomicU64::new(FRESH << PHASE_SHIFT),
        }
    }

    fn now_ms(&self) -> u64 {
        self.epoch.elapsed().as_millis() as u64
    }

    fn set(&self, phase: u64) {
        let ms = self.now_ms() & ((1 << PHASE_SHIFT) - 1);
        self.packed
            .store((phase << PHASE_SHIFT) | ms, Ordering::Release);
    }

    fn load(&self) -> (u64, u64) {
        let v = self.packed.load(Ordering::Acquire);
        (v >> PHASE_SHIFT, v & ((1 << PHASE_SHIFT) - 1))
    }

    /// The app has the request head: the body clock starts.
    pub fn request_started(&self) {
        self.set(BODY);
    }

    /// The body has been read completely: no read deadline while the request is processed.
    pub fn body_finished(&self) {
        if self.load().0 == BODY {
            self.set(PROCESSING);
        }
    }

    /// The response has been produced: the connection is idle (keep-alive clock).
    pub fn request_finished(&self) {
        if self.load().0 != ABORTED {
            self.set(IDLE);
        }
    }

    /// The request's body timed out: read nothing more (the peer sees end of stream once the
    /// answer is written), so the connection closes after the 408.
    pub fn abort(&self) {
        self.set(ABORTED);
    }

    fn bytes_arrived(&self) {
        let (phase, _) = self.load();
        if phase == FRESH || phase == IDLE {
            self.set(HEAD);
        }
    }
}

/// Why the guard closed a connection (label of `quoth_connections_closed_total`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CloseReason {
    HeaderTimeout,
    BodyTimeout,
    Idle,
    WriteTimeout,
    Shutdown,
}

impl CloseReason {
    fn as_str(self) -> &'static str {
        match self {
            CloseReason::HeaderTimeout => "header_timeout",
            CloseReason::BodyTimeout => "body_timeout",
            CloseReason::Idle => "idle",
            CloseReason::WriteTimeout => "write_timeout",
            CloseReason::Shutdown => "shutdown",
        }
    }
}

/// The connections of one server: the count, the cap, the timeouts and the shutdown switch.
#[derive(Debug)]
pub struct ConnHub {
    open: AtomicUsize,
    max: usize,
    timeouts: Timeouts,
    epoch: Instant,
    shutdown: watch::Sender<bool>,
}

impl ConnHub {
    /// A hub admitting at most `max` open connections.
    pub fn new(max: usize, timeouts: Timeouts) -> Arc<Self> {
        let (shutdown, _) = watch::channel(false);
        Arc::new(ConnHub {
            open: AtomicUsize::new(0),
            max: max.max(1),
            timeouts,
            epoch: Instant::now(),
            shutdown,
        })
    }

    /// Connections open now.
    pub fn open_connections(&self) -> usize {
        self.open.load(Ordering::Acquire)
    }

    /// The cap on open connections.
    pub fn max_connections(&self) -> usize {
        self.max
    }

    /// Close idle and half-sent connections now and every later one as soon as its request
    /// is answered. Requests being read or processed finish normally.
    pub fn begin_shutdown(&self) {
        self.shutdown.send_replace(true);
    }

    /// A future that completes when [`ConnHub::begin_shutdown`] is called.
    pub fn shutdown_signal(&self) -> impl Future<Output = ()> + 'static {
        let mut rx = self.shutdown.subscribe();
        async move {
            let _ = rx.wait_for(|v| *v).await;
        }
    }

    /// Take a freshly accepted connection: wrap it, or refuse it (503 then close) past the cap.
    pub async fn admit(self: &Arc<Self>, io: TcpStream) -> Option<Guarded> {
        let before = self.open.fetch_add(1, Ordering::AcqRel);
        if before >= self.max {
            self.open.fetch_sub(1, Ordering::AcqRel);
            metrics::counter!("quoth_connections_refused_total").increment(1);
            crate::telemetry::client_error("connection refused: too many open connections", 503);
            refuse(io, self.max).await;
            return None;
        }
        metrics::gauge!("quoth_connections_open").increment(1.0);
        let _ = io.set_nodelay(true);
        Some(Guarded::new(io, Arc::clone(self)))
    }
}

/// Answer 503 `too_many_connections` and close without waiting on the client (the fd is
/// needed back at once): what it already sent is read first, so the close is a FIN, not a
/// reset that would hide the answer.
async fn refuse(io: TcpStream, max: usize) {
    use tokio::io::AsyncWriteExt;
    let bytes = raw_problem_response(
        ProblemCode::TooManyConnections,
        &format!("the server has {max} open connections, its limit; retry shortly"),
    );
    let mut io = io;
    let mut sink = [0u8; 4096];
    while matches!(io.try_read(&mut sink), Ok(n) if n > 0) {}
    let _ = tokio::time::timeout(Duration::from_millis(100), async {
        io.write_all(&bytes).await?;
        io.shutdown().await
    })
    .await;
    while matches!(io.try_read(&mut sink), Ok(n) if n > 0) {}
}

/// After shutdown begins, how long a request body still being received may take.
pub const SHUTDOWN_BODY_GRACE: Duration = Duration::from_secs(2);

/// A rewrite of an HTTP-layer error response in progress.
#[derive(Debug)]
struct Rewrite {
    /// Bytes of the caller's buffer the original response took.
    consumed: usize,
    out: Vec<u8>,
    written: usize,
}

/// A TCP stream under the phase timeouts of [`ConnHub`]. See the module docs.
pub struct Guarded {
    io: TcpStream,
    hub: Arc<ConnHub>,
    state: Arc<ConnState>,
    read_timer: Pin<Box<Sleep>>,
    read_timer_at: Option<tokio::time::Instant>,
    write_timer: Pin<Box<Sleep>>,
    write_blocked: bool,
    shutdown: Option<Pin<Box<dyn Future<Output = ()>>>>,
    /// When shutdown was first seen: a body still arriving gets [`SHUTDOWN_BODY_GRACE`] more.
    shutdown_at: Option<Instant>,
    rewrite: Option<Rewrite>,
    closed: Option<CloseReason>,
}

impl std::fmt::Debug for Guarded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Guarded")
            .field("io", &self.io)
            .field("state", &self.state)
            .field("closed", &self.closed)
            .finish_non_exhaustive()
    }
}

impl Guarded {
    fn new(io: TcpStream, hub: Arc<ConnHub>) -> Self {
        let state = Arc::new(ConnState::new(hub.epoch));
        state.set(FRESH);
        let shutdown: Pin<Box<dyn Future<Output = ()>>> = Box::pin(hub.shutdown_signal());
        Guarded {
            io,
            hub,
            state,
            read_timer: Box::pin(tokio::time::sleep(Duration::from_secs(3600))),
            read_timer_at: None,
            write_timer: Box::pin(tokio::time::sleep(Duration::from_secs(3600))),
            write_blocked: false,
            shutdown: Some(shutdown),
            shutdown_at: None,
            rewrite: None,
            closed: None,
        }
    }

    /// The shared phase state (goes into every request's connection data).
    pub fn state(&self) -> Arc<ConnState> {
        Arc::clone(&self.state)
    }

    /// The client's address.
    pub fn peer_addr(&self) -> Option<SocketAddr> {
        self.io.peer_addr().ok()
    }

    fn close(&mut self, reason: CloseReason) {
        if self.closed.is_none() {
            self.closed = Some(reason);
            metrics::counter!("quoth_connections_closed_total", "reason" => reason.as_str())
                .increment(1);
        }
    }

    /// Whether shutdown has begun; registers for the wake-up otherwise.
    fn shutting_down(&mut self, cx: &mut Context<'_>) -> bool {
        match self.shutdown.as_mut() {
            None => true,
            Some(fut) => {
                if fut.as_mut().poll(cx).is_ready() {
                    self.shutdown = None;
                    self.shutdown_at = Some(Instant::now());
                    true
                } else {
                    false
                }
            }
        }
    }

    /// The read deadline of the current phase, if any.
    fn deadline(&self, phase: u64, since_ms: u64) -> Option<Instant> {
        let t = &self.hub.timeouts;
        let limit = match phase {
            FRESH | HEAD => t.header,
            IDLE => t.keep_alive,
            BODY => t.body + Duration::from_secs(1),
            _ => return None,
        };
        let normal = self.hub.epoch + Duration::from_millis(since_ms) + limit;
        Some(match (phase, self.shutdown_at) {
            (BODY, Some(at)) => normal.min(at + SHUTDOWN_BODY_GRACE),
            _ => normal,
        })
    }

    fn send_timeout_response(&mut self) {
        let bytes = raw_problem_response(
            ProblemCode::RequestTimeout,
            "the request head did not arrive in time",
        );
        // Best effort: the socket's send buffer is empty in this phase, so this does not block.
        let _ = self.io.try_write(&bytes);
        crate::telemetry::client_error("request head timed out", 408);
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        self.hub.open.fetch_sub(1, Ordering::AcqRel);
        metrics::gauge!("quoth_connections_open").decrement(1.0);
    }
}

fn timed_out(what: &'static str) -> io::Error {
    io::Error::new(io::ErrorKind::TimedOut, what)
}

impl AsyncRead for Guarded {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match this.closed {
            Some(CloseReason::Idle | CloseReason::Shutdown | CloseReason::BodyTimeout) => {
                return Poll::Ready(Ok(()))
            }
            Some(_) => return Poll::Ready(Err(timed_out("connection timed out"))),
            None => {}
        }
        if this.state.load().0 == ABORTED {
            this.close(CloseReason::BodyTimeout);
            return Poll::Ready(Ok(()));
        }
        let before = buf.filled().len();
        match Pin::new(&mut this.io).poll_read(cx, buf) {
            Poll::Ready(Ok(())) => {
                if buf.filled().len() > before {
                    this.state.bytes_arrived();
                }
                return Poll::Ready(Ok(()));
            }
            Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
            Poll::Pending => {}
        }
        loop {
            let (phase, since) = this.state.load();
            let shutting_down = this.shutting_down(cx);
            if matches!(phase, FRESH | IDLE | HEAD) && shutting_down {
                this.close(CloseReason::Shutdown);
                return Poll::Ready(Ok(()));
            }
            let Some(deadline) = this.deadline(phase, since) else {
                return Poll::Pending;
            };
            if Instant::now() >= deadline {
                return match phase {
                    IDLE => {
                        this.close(CloseReason::Idle);
                        Poll::Ready(Ok(()))
                    }
                    BODY => {
                        this.close(CloseReason::BodyTimeout);
                        Poll::Ready(Ok(()))
                    }
                    _ => {
                        this.close(CloseReason::HeaderTimeout);
                        this.send_timeout_response();
                        Poll::Ready(Err(timed_out("request head timed out")))
                    }
                };
            }
            let at = tokio::time::Instant::from_std(deadline);
            if this.read_timer_at != Some(at) {
                this.read_timer.as_mut().reset(at);
                this.read_timer_at = Some(at);
            }
            if this.read_timer.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            // The timer fired: loop to re-check the (possibly moved) deadline.
        }
    }
}

/// If `buf` starts with one of the HTTP layer's own error responses (a 4xx/5xx head with an
/// empty body and no request id: the app's responses always carry one), its status and length.
fn layer_error_head(buf: &[u8]) -> Option<(u16, usize)> {
    if !(buf.starts_with(b"HTTP/1.1 ") || buf.starts_with(b"HTTP/1.0 ")) || buf.len() < 12 {
        return None;
    }
    let status: u16 = std::str::from_utf8(&buf[9..12]).ok()?.parse().ok()?;
    if !(400..600).contains(&status) {
        return None;
    }
    let window = &buf[..buf.len().min(2048)];
    let end = window.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = String::from_utf8_lossy(&buf[..end]).to_ascii_lowercase();
    if head.contains("\r\nx-request-id:") || !head.contains("\r\ncontent-length: 0\r\n") {
        return None;
    }
    Some((status, end))
}

fn code_for_layer_status(status: u16) -> ProblemCode {
    match status {
        408 => ProblemCode::RequestTimeout,
        413 => ProblemCode::PayloadTooLarge,
        431 => ProblemCode::HeadersTooLarge,
        s if s >= 500 => ProblemCode::Internal,
        _ => ProblemCode::InvalidHttp,
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        if this.rewrite.is_none() {
            if let Some((status, len)) = layer_error_head(buf) {
                let code = code_for_layer_status(status);
                let detail = match code {
                    ProblemCode::RequestTimeout => "the request head did not arrive in time",
                    ProblemCode::HeadersTooLarge => "the request head is too large",
                    ProblemCode::InvalidHttp => "the request is not valid HTTP/1.1",
                    _ => "the HTTP layer refused the request",
                };
                crate::telemetry::client_error(detail, code.status().as_u16());
                this.rewrite = Some(Rewrite {
                    consumed: len,
                    out: raw_problem_response(code, detail),
                    written: 0,
                });
            }
        }
        if let Some(rw) = this.rewrite.as_mut() {
            while rw.written < rw.out.len() {
                match Pin::new(&mut this.io).poll_write(cx, &rw.out[rw.written..]) {
                    Poll::Ready(Ok(0)) => return Poll::Ready(Err(io::ErrorKind::WriteZero.into())),
                    Poll::Ready(Ok(n)) => rw.written += n,
                    Poll::Ready(Err(e)) => return Poll::Ready(Err(e)),
                    Poll::Pending => return Poll::Pending,
                }
            }
            let consumed = rw.consumed;
            this.rewrite = None;
            return Poll::Ready(Ok(consumed));
        }
        match Pin::new(&mut this.io).poll_write(cx, buf) {
            Poll::Ready(r) => {
                this.write_blocked = false;
                Poll::Ready(r)
            }
            Poll::Pending => {
                if !this.write_blocked {
                    this.write_blocked = true;
                    let at = tokio::time::Instant::now() + this.hub.timeouts.write;
                    this.write_timer.as_mut().reset(at);
                }
                if this.write_timer.as_mut().poll(cx).is_ready() {
                    this.close(CloseReason::WriteTimeout);
                    return Poll::Ready(Err(timed_out("response write timed out")));
                }
                Poll::Pending
            }
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().io).poll_shutdown(cx)
    }
}

/// The soft limit on open files of this process (`/proc/self/limits`), if it can be read.
pub fn open_files_limit() -> Option<u64> {
    let limits = std::fs::read_to_string("/proc/self/limits").ok()?;
    let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
    let soft = line.split_whitespace().nth(3)?;
    soft.parse().ok()
}

/// File descriptors kept free below the open-files limit: the listener, the runtime's pollers,
/// logs, the model files a background load opens, and the [`REFUSAL_SLACK`] connections
/// accepted past the cap to be refused. With 32 and a slack of 64 per worker, a flood during the
/// model load took every descriptor and the load failed with EMFILE.
pub const FD_RESERVE: u64 = 64;

/// Connections accepted past the cap (all workers together) only to be answered 503; part of
/// [`FD_RESERVE`].
pub const REFUSAL_SLACK: usize = 16;

/// The connection cap to use: `configured`, lowered below the open-files limit (minus
/// [`FD_RESERVE`]) so the cap, not `accept()` failing with EMFILE, is what turns clients away.
pub fn effective_max_connections(configured: usize, fd_limit: Option<u64>) -> usize {
    match fd_limit {
        Some(limit) => {
            let room = limit.saturating_sub(FD_RESERVE).max(1);
            configured.min(usize::try_from(room).unwrap_or(usize::MAX))
        }
        None => configured,
    }
    .max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_the_http_layers_own_error_heads_only() {
        let actix_400 =
            b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\nconnection: close\r\ndate: x\r\n\r\n";
        assert_eq!(layer_error_head(actix_400), Some((400, actix_400.len())));
        let ours = b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\nx-request-id: a\r\n\r\n";
        assert_eq!(layer_error_head(ours), None);
        let ok = b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\n\r\n";
        assert_eq!(layer_error_head(ok), None);
        let body = b"HTTP/1.1 431 X\r\ncontent-length: 12\r\n\r\n";
        assert_eq!(layer_error_head(body), None);
        assert_eq!(layer_error_head(b"{\"HTTP/1.1 400"), None);
    }

    #[test]
    fn cap_stays_below_the_open_files_limit() {
        assert_eq!(effective_max_connections(1024, Some(128)), 64);
        assert_eq!(effective_max_connections(1024, Some(1_048_576)), 1024);
        assert_eq!(effective_max_connections(1024, None), 1024);
        assert_eq!(effective_max_connections(1024, Some(10)), 1);
    }

    #[test]
    fn phases_move_on_bytes_and_request_events() {
        let s = ConnState::new(Instant::now());
        assert_eq!(s.load().0, FRESH);
        s.bytes_arrived();
        assert_eq!(s.load().0, HEAD);
        s.request_started();
        s.bytes_arrived();
        assert_eq!(s.load().0, BODY);
        s.body_finished();
        assert_eq!(s.load().0, PROCESSING);
        s.request_finished();
        assert_eq!(s.load().0, IDLE);
        s.body_finished();
        assert_eq!(s.load().0, IDLE);
    }
}
