//! Document-level extraction on top of the engine: entity grouping and consistency, quotes and
//! speaker resolution, offset-unit conversion.

pub mod entities;
pub mod offsets;
pub mod quotes;
