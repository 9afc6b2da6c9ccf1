//! Quotes and their speakers: direct, mixed (partial) and indirect quotes, cues and speaker
//! resolution.
