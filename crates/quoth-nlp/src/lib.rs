//! The spaCy engine: loads a spaCy v3 pipeline folder and reproduces its output exactly.
//!
//! Model-file reading ([`model`]) is kept apart from inference. Offsets are UTF-8 byte offsets
//! inside the engine; conversion to other units happens at the edge.

pub mod attribute_ruler;
pub mod attrs;
pub mod chars;
mod components;
pub mod doc;
pub mod error;
pub mod layers;
pub mod model;
pub mod navigation;
pub mod pipeline;
pub mod strings;
pub mod tokenizer;
pub mod transition;

pub use doc::{Doc, Entity, Sentence, Token};
pub use error::NlpError;
pub use navigation::Navigation;
pub use pipeline::Pipeline;
