//! Transition systems and greedy decoding: arc-eager dependency parsing (with
//! deprojectivization) and BILUO named-entity recognition.

/// Scores every class of a transition system for one parser state, given the state's
/// context-token features (`-1` = absent token).
pub trait StateScorer {
    /// Number of context-token features the model expects (8 parser, 3 NER).
    fn n_features(&self) -> usize;
    /// Number of output classes.
    fn n_classes(&self) -> usize;
    /// Write one score per class into `scores` (length `n_classes`).
    fn score(&mut self, features: &[i32], scores: &mut [f32]);
}
