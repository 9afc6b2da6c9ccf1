//! Service configuration: one clap struct, every flag with a `QUOTH_*` environment fallback.
//!
//! Precedence is flag > environment > default. There is no config file.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};

/// Log output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// One JSON object per line (containers, log shippers).
    Json,
    /// Human-readable lines (terminals).
    Pretty,
    /// `pretty` when stdout is a terminal, `json` otherwise.
    Auto,
}

/// Everything `quoth serve` can be told.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(long, env = "QUOTH_BIND", default_value_t = IpAddr::V4(Ipv4Addr::UNSPECIFIED))]
    pub bind: IpAddr,

    /// TCP port to listen on (0 picks a free port; the chosen address is logged).
    #[arg(long, env = "QUOTH_PORT", default_value_t = 8080)]
    pub port: u16,

    /// HTTP worker threads. They only parse and serialize JSON; inference runs elsewhere.
    #[arg(long, env = "QUOTH_WORKERS", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..))]
    pub workers: u16,

    /// Inference threads (the bounded pool that runs the model). Default: available CPUs
    /// (cgroup quota aware). In Kubernetes set it to the CPU request.
    #[arg(long, env = "QUOTH_THREADS")]
    pub threads: Option<usize>,

    /// Inference requests admitted at once (running + queued). Beyond it the service answers
    /// 503 `overloaded` with Retry-After at once. Default: 4 × threads.
    #[arg(long, env = "QUOTH_MAX_QUEUE")]
    pub max_queue: Option<usize>,

    /// Largest accepted request body, in bytes (after decompression); larger gives 413.
    #[arg(long, env = "QUOTH_MAX_BODY_BYTES", default_value_t = 1 << 20)]
    pub max_body_bytes: usize,

    /// Memory budget, as the sum of the (decoded) body bytes of requests being processed; a body
    /// that would pass it is answered 503 `overloaded` at once (one is always admitted when
    /// nothing else is in flight). The worst legal body (200,000 code points of "a\n", 300 kB)
    /// peaks at about 400 MB above the idle process, so the default runs one such request at a
    /// time next to ordinary ones. 0 turns the budget off.
    #[arg(long, env = "QUOTH_MAX_INFLIGHT_BODY_BYTES", default_value_t = 512 * 1024)]
    pub max_inflight_body_bytes: usize,

    /// Memory for bodies still arriving: the sum over all connections of what they have sent of
    /// their bodies so far. Past it the body is answered 503 `overloaded` and the connection
    /// closed, so stalled uploads cannot add up (600 stalled 1 MiB uploads took RSS to 1.3 GB).
    /// 0 turns it off.
    #[arg(long, env = "QUOTH_MAX_RECEIVING_BODY_BYTES", default_value_t = 64 << 20)]
    pub max_receiving_body_bytes: usize,

    /// Longest accepted `text`, in Unicode code points; longer gives 413 `text_too_long`.
    #[arg(long, env = "QUOTH_MAX_TEXT_CHARS", default_value_t = 200_000)]
    pub max_text_chars: usize,

    /// Processing deadline per request in milliseconds, queueing included; past it the
    /// service answers 503 `deadline_exceeded`.
    #[arg(long, env = "QUOTH_REQUEST_DEADLINE_MS", default_value_t = 10_000)]
    pub request_deadline_ms: u64,

    /// spaCy v3 pipeline folder. Default: the vendored models/en_core_web_sm-3.8.0.
    #[arg(long, env = "QUOTH_MODEL")]
    pub model: Option<PathBuf>,

    /// Word forms whose embeddings each tok2vec caches (about 3.8 kB each for the sm model);
    /// 0 turns the cache off. Speed only: results are identical.
    #[arg(long, env = "QUOTH_LEXEME_CACHE", default_value_t = quoth_default_lexeme_cache())]
    pub lexeme_cache: usize,

    /// Default profile of requests that do not name one: `fast` (the model alone, spaCy-exact)
    /// or `accurate` (the NER ensemble of `--accurate-models`).
    #[arg(long, env = "QUOTH_PROFILE", value_enum, default_value_t = ProfileArg::Fast)]
    pub profile: ProfileArg,

    /// spaCy v3 pipeline folders whose NERs join the model's in the `accurate` profile's
    /// ensemble, the most trusted first, comma-separated. Unset: the pipelines vendored beside
    /// the model (en_core_web_md 3.8.0, en_core_web_sm 3.6.0) when present; `none`: the
    /// profile is not offered.
    #[arg(long, env = "QUOTH_ACCURATE_MODELS", value_delimiter = ',')]
    pub accurate_models: Vec<PathBuf>,

    /// Most text bytes that concurrent requests share in one engine pass (a longer text still
    /// runs alone). Batching shares the matrix products; results are identical.
    #[arg(long, env = "QUOTH_BATCH_BYTES", default_value_t = quoth::batch::DEFAULT_BATCH_BYTES)]
    pub batch_bytes: usize,

    /// Log format.
    #[arg(long, env = "QUOTH_LOG_FORMAT", value_enum, default_value_t = LogFormat::Auto)]
    pub log_format: LogFormat,

    /// Log filter in `RUST_LOG` syntax, e.g. `info` or `quoth=debug,actix_server=warn`.
    #[arg(long, env = "QUOTH_LOG", default_value = "info")]
    pub log: String,

    /// Keep-alive for idle client connections, in seconds. Keep it above the gateway's
    /// upstream idle timeout.
    #[arg(long, env = "QUOTH_KEEP_ALIVE_SECS", default_value_t = 75)]
    pub keep_alive_secs: u64,

    /// Seconds a request head may take: from accept for a new connection, from its first byte
    /// for every later request on a kept-alive one. Past it: 408 and close.
    #[arg(long, env = "QUOTH_HEADER_TIMEOUT_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..))]
    pub header_timeout_secs: u64,

    /// Seconds a request body may take to arrive completely, from the end of its head. Past it:
    /// 408 and close. 1 MiB in 20 s is a 52 kB/s client.
    #[arg(long, env = "QUOTH_BODY_TIMEOUT_SECS", default_value_t = 20, value_parser = clap::value_parser!(u64).range(1..))]
    pub body_timeout_secs: u64,

    /// Seconds a response write may make no progress (a client that stops reading) before
    /// the connection is closed.
    #[arg(long, env = "QUOTH_WRITE_TIMEOUT_SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub write_timeout_secs: u64,

    /// Open client connections accepted at once; the next one is answered 503
    /// `too_many_connections` and closed. Lowered automatically to the open-files limit
    /// (`ulimit -n`) minus 32, so the cap, not a failing accept(), turns clients away.
    #[arg(long, env = "QUOTH_MAX_CONNECTIONS", default_value_t = 1024, value_parser = clap::value_parser!(u64).range(1..))]
    pub max_connections: u64,

    /// After SIGTERM, seconds to keep serving while /readyz reports 503, so load balancers
    /// stop sending traffic before the listener closes.
    #[arg(long, env = "QUOTH_SHUTDOWN_DRAIN_SECS", default_value_t = 5)]
    pub shutdown_drain_secs: u64,

    /// After the drain, seconds in-flight requests get to finish before the process exits.
    #[arg(long, env = "QUOTH_SHUTDOWN_TIMEOUT_SECS", default_value_t = 25)]
    pub shutdown_timeout_secs: u64,

    /// Serve the Swagger UI under /docs/.
    #[arg(long, env = "QUOTH_DOCS_UI", default_value_t = true, action = clap::ArgAction::Set)]
    pub docs_ui: bool,

    /// Serve the story page at /view (the text with its entities and quotes marked).
    #[arg(long, env = "QUOTH_VIEW_UI", default_value_t = true, action = clap::ArgAction::Set)]
    pub view_ui: bool,

    /// gzip-compress responses when the client accepts it (turn off when the gateway does).
    #[arg(long, env = "QUOTH_COMPRESS", default_value_t = true, action = clap::ArgAction::Set)]
    pub compress: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            bind: IpAddr::V4(Ipv4Addr::UNSPECIFIED),
            port: 8080,
            workers: 2,
            threads: None,
            max_queue: None,
            max_body_bytes: 1 << 20,
            max_text_chars: 200_000,
            max_inflight_body_bytes: 512 * 1024,
            max_receiving_body_bytes: 64 << 20,
            request_deadline_ms: 10_000,
            model: None,
            lexeme_cache: quoth_default_lexeme_cache(),
            batch_bytes: quoth::batch::DEFAULT_BATCH_BYTES,
            profile: ProfileArg::Fast,
            accurate_models: Vec::new(),
            log_format: LogFormat::Auto,
            log: "info".to_string(),
            keep_alive_secs: 75,
            header_timeout_secs: 10,
            body_timeout_secs: 20,
            write_timeout_secs: 30,
            max_connections: 1024,
            shutdown_drain_secs: 5,
            shutdown_timeout_secs: 25,
            docs_ui: true,
            view_ui: true,
            compress: true,
        }
    }
}

impl Config {
    /// The socket address to bind.
    pub fn socket_addr(&self) -> SocketAddr {
        SocketAddr::new(self.bind, self.port)
    }

    /// Inference threads after applying the default.
    pub fn inference_threads(&self) -> usize {
        self.threads.filter(|&n| n > 0).unwrap_or_else(|| {
            std::thread::available_parallelism()
                .map(|n| n.get())
                .unwrap_or(1)
        })
    }

    /// Admission limit after applying the default.
    pub fn queue_limit(&self) -> usize {
        self.max_queue
            .filter(|&n| n > 0)
            .unwrap_or_else(|| self.inference_threads().saturating_mul(4))
    }

    /// The per-phase connection timeouts.
    pub fn timeouts(&self) -> crate::conn::Timeouts {
        use std::time::Duration;
        crate::conn::Timeouts {
            header: Duration::from_secs(self.header_timeout_secs),
            body: Duration::from_secs(self.body_timeout_secs),
            keep_alive: Duration::from_secs(self.keep_alive_secs.max(1)),
            write: Duration::from_secs(self.write_timeout_secs),
        }
    }

    /// The connection cap after lowering it below the open-files limit.
    pub fn effective_max_connections(&self) -> usize {
        crate::conn::effective_max_connections(
            usize::try_from(self.max_connections).unwrap_or(usize::MAX),
            crate::conn::open_files_limit(),
        )
    }

    /// The model folder after applying the default.
    pub fn model_path(&self) -> PathBuf {
        self.model
            .clone()
            .unwrap_or_else(quoth::nlp::Pipeline::default_model_path)
    }

    /// The `accurate` profile's extra pipelines after applying the default.
    pub fn accurate_model_paths(&self) -> Vec<PathBuf> {
        accurate_model_paths(&self.accurate_models, &self.model_path())
    }

    /// Reject settings that cannot work, with a message naming the flag.
    pub fn validate(&self) -> Result<(), String> {
        if self.max_body_bytes < 64 {
            return Err("--max-body-bytes must be at least 64".into());
        }
        if self.max_text_chars == 0 {
            return Err("--max-text-chars must be at least 1".into());
        }
        if self.header_timeout_secs == 0 || self.body_timeout_secs == 0 {
            return Err("--header-timeout-secs and --body-timeout-secs must be at least 1".into());
        }
        if self.write_timeout_secs == 0 || self.max_connections == 0 {
            return Err("--write-timeout-secs and --max-connections must be at least 1".into());
        }
        if self.request_deadline_ms == 0 {
            return Err("--request-deadline-ms must be at least 1".into());
        }
        if self.profile == ProfileArg::Accurate && self.accurate_model_paths().is_empty() {
            return Err(NO_ACCURATE_MODELS.into());
        }
        Ok(())
    }
}

/// Why `--profile accurate` cannot be served.
pub const NO_ACCURATE_MODELS: &str =
    "--profile accurate needs --accurate-models (none given, and none vendored beside --model)";

/// `--accurate-models` as given, or when unset the pipelines vendored beside `model`
/// ([`quoth::AnalyzerConfig::vendored_accurate_models`]); the single value `none` turns the
/// profile off.
pub fn accurate_model_paths(given: &[PathBuf], model: &Path) -> Vec<PathBuf> {
    match given {
        [] => quoth::AnalyzerConfig::vendored_accurate_models(model),
        [only] if only.as_os_str() == "none" => Vec::new(),
        _ => given.to_vec(),
    }
}

/// [`quoth::Profile`] as a command-line value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ProfileArg {
    /// The model alone (spaCy-exact).
    Fast,
    /// The NER ensemble of `--accurate-models`.
    Accurate,
}

impl From<ProfileArg> for quoth::Profile {
    fn from(p: ProfileArg) -> Self {
        match p {
            ProfileArg::Fast => quoth::Profile::Fast,
            ProfileArg::Accurate => quoth::Profile::Accurate,
        }
    }
}

/// [`quoth::nlp::pipeline::DEFAULT_LEXEME_CACHE`], as a function for clap's `default_value_t`.
fn quoth_default_lexeme_cache() -> usize {
    quoth::nlp::pipeline::DEFAULT_LEXEME_CACHE
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accurate_models_default_to_the_vendored_ones_and_none_turns_them_off() {
        let model = quoth::nlp::Pipeline::default_model_path();
        let vendored = accurate_model_paths(&[], &model);
        assert_eq!(vendored.len(), 2, "{vendored:?}");
        assert!(vendored.iter().all(|p| p.join("config.cfg").is_file()));
        assert!(accurate_model_paths(&[PathBuf::from("none")], &model).is_empty());
        let given = vec![PathBuf::from("/a"), PathBuf::from("/b")];
        assert_eq!(accurate_model_paths(&given, &model), given);
        // `--profile accurate` is refused at start-up only when no pipeline is left
        let off = Config {
            profile: ProfileArg::Accurate,
            accurate_models: vec![PathBuf::from("none")],
            ..Config::default()
        };
        assert_eq!(off.validate(), Err(NO_ACCURATE_MODELS.to_string()));
        let on = Config {
            profile: ProfileArg::Accurate,
            ..Config::default()
        };
        assert_eq!(on.validate(), Ok(()));
    }
}
