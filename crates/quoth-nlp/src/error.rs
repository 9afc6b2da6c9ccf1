//! The engine's error type. Every variant names the file (or pattern) and the reason.

use std::path::PathBuf;

/// Everything that can go wrong loading or running a pipeline. Never a panic.
#[derive(Debug, thiserror::Error)]
pub enum NlpError {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A file could not be decoded at all (bad msgpack, JSON, npy, ...).
    #[error("cannot decode {path}: {what}")]
    Decode { path: PathBuf, what: String },
    /// A file decoded but its content is not what a spaCy v3 pipeline holds (missing key,
    /// wrong shape, wrong dtype, ...).
    #[error("unexpected content in {path}: {what}")]
    Format { path: PathBuf, what: String },
    /// The pipeline uses an architecture, setting or component this engine does not implement.
    #[error("unsupported pipeline in {path}: {what}")]
    Unsupported { path: PathBuf, what: String },
    /// A tokenizer regular expression could not be translated or compiled.
    #[error("tokenizer pattern {name}: {what}")]
    Regex { name: String, what: String },
}

impl NlpError {
    /// Shorthand for [`NlpError::Format`].
    pub fn format(path: impl Into<PathBuf>, what: impl Into<String>) -> Self {
        NlpError::Format {
            path: path.into(),
            what: what.into(),
        }
    }
    /// Shorthand for [`NlpError::Decode`].
    pub fn decode(path: impl Into<PathBuf>, what: impl Into<String>) -> Self {
        NlpError::Decode {
            path: path.into(),
            what: what.into(),
        }
    }
    /// Shorthand for [`NlpError::Unsupported`].
    pub fn unsupported(path: impl Into<PathBuf>, what: impl Into<String>) -> Self {
        NlpError::Unsupported {
            path: path.into(),
            what: what.into(),
        }
    }
}
