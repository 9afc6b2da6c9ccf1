//! Reading a spaCy v3 pipeline folder: every file format, no inference.
//!
//! - [`thinc`]: thinc `Model.to_bytes()` msgpack files (`*/model`).
//! - [`files`]: `config.cfg`, `meta.json`, component `cfg`, `moves`, `vocab/lookups.bin`,
//!   static vectors.
//! - [`tokenizer_file`]: the `tokenizer` file. [`moves`]: transition-system label files.

pub mod files;
pub mod moves;
pub mod thinc;
pub mod tokenizer_file;

pub use files::{ModelMeta, StaticVectors};
pub use moves::Moves;
pub use thinc::{Tensor, ThincModel, ThincNode};
pub use tokenizer_file::{SpecialCase, SpecialToken, TokenizerData};
