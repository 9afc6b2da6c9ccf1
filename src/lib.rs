//! quoth: who is in the news and who said what.
//!
//! Three layers, imports one way only: `server` → `extract` → `nlp`.
//! - [`nlp`]: a native re-implementation of spaCy v3 English pipelines (exact parity).
//! - [`extract`]: document-level entity grouping, quotes and speaker resolution.
//! - `server` (feature `server`): the HTTP service.

pub mod extract;
pub mod nlp;
#[cfg(feature = "server")]
pub mod server;
