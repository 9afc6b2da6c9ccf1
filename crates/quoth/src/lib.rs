//! quoth: who is in the news and who said what.
//!
//! Document-level extraction on top of the spaCy engine ([`nlp`], the `quoth-nlp` crate):
//! - [`Analyzer`]: a loaded pipeline; texts in, [`Analysis`] values out (mentions, entities,
//!   quotes, offsets in the unit asked for); [`batch::Batcher`] gathers concurrent texts into
//!   one engine pass;
//! - [`entities`]: mentions grouped into real-world entities, label consistency;
//! - [`quotes`]: quotes, their cues and speakers;
//! - [`salience`]: how much the text is about each entity; [`coref`]: pronoun and
//!   common-noun mentions of the entities;
//! - [`offsets`]: byte offsets to code points, UTF-16 or UTF-8.
//!
//! No HTTP types live here: with the `schema` feature the output types carry OpenAPI schemas,
//! and the service serialises them as they are.

pub use quoth_nlp as nlp;

pub mod analysis;
pub mod analyzer;
pub mod batch;
pub mod coref;
pub mod entities;
pub mod offsets;
pub mod quotes;
pub mod salience;

pub use analysis::Analysis;
pub use analyzer::{Analyzer, AnalyzerConfig, EntityOrder, MentionScope, Options, Profile, Tasks};
