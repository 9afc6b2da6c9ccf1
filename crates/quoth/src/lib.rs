//! quoth: who is in the news and who said what.
//!
//! Document-level extraction on top of the spaCy engine ([`nlp`], the `quoth-nlp` crate):
//! - [`entities`]: mentions grouped into real-world entities, label consistency;
//! - [`quotes`]: quotes, their cues and speakers;
//! - [`offsets`]: byte offsets to code points, UTF-16 or UTF-8.
//!
//! No HTTP types live here: the service crate maps these results to its wire format.

pub use quoth_nlp as nlp;

pub mod entities;
pub mod offsets;
pub mod quotes;
