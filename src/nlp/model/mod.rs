//! Reading a spaCy v3 pipeline folder: every file format, no inference.
//!
//! - [`thinc`]: thinc `Model.to_bytes()` msgpack files (`*/model`).
//! - [`files`]: `config.cfg`, `meta.json`, component `cfg`, `moves`, `vocab/lookups.bin`,
//!   the `tokenizer` file, static vectors.

pub mod files;
pub mod thinc;

pub use files::{ModelMeta, Moves, SpecialCase, SpecialToken, StaticVectors, TokenizerData};
pub use thinc::{Tensor, ThincModel, ThincNode};
