//! Transition systems and greedy decoding: arc-eager dependency parsing (with
//! deprojectivization) and BILUO named-entity recognition.
//!
//! - [`classes`]: class lists rebuilt from `moves` files, label interning.
//! - [`ner`]: BILUO state, validity, transitions, decoder.
//! - [`arc_eager`]: arc-eager state, validity, transitions.
//! - [`parser`]: the parser decoder and its finalisation (annotations, deprojectivization,
//!   sentence starts).
//! - [`nonproj`]: deprojectivization of lifted (`x||y`) arcs.
//! - [`sentences`]: left/right edges and sentence starts from heads.

use std::path::Path;

use crate::NlpError;

pub mod arc_eager;
pub mod classes;
pub mod ner;
pub mod nonproj;
pub mod parser;
pub mod sentences;

pub use ner::{NerContext, NerSpan, NerSystem};
pub use parser::{Parse, ParserSystem};

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

/// The best valid class: the first index holding the maximum score among valid classes
/// (strict `>` scan in class order, spaCy's `arg_max_if_valid`); `None` if nothing is valid.
pub fn argmax_valid(scores: &[f32], valid: &[bool]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, (&s, &v)) in scores.iter().zip(valid).enumerate() {
        if v && best.is_none_or(|b| s > scores[b]) {
            best = Some(i);
        }
    }
    best
}

fn check_scorer(
    scorer: &dyn StateScorer,
    n_features: usize,
    n_classes: usize,
    model: &Path,
) -> Result<(), NlpError> {
    if scorer.n_features() != n_features || scorer.n_classes() != n_classes {
        return Err(NlpError::format(
            model,
            format!(
                "model has {} features and {} classes, the moves file needs {} and {}",
                scorer.n_features(),
                scorer.n_classes(),
                n_features,
                n_classes
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argmax_ties_go_to_the_lowest_valid_index() {
        let s = [5.0, 3.0, 3.0, 3.0, 9.0];
        assert_eq!(argmax_valid(&s, &[false, true, true, true, false]), Some(1));
        assert_eq!(argmax_valid(&s, &[true, true, true, true, true]), Some(4));
        assert_eq!(argmax_valid(&s, &[false; 5]), None);
        // NaN never wins a comparison, as in C
        let s = [f32::NAN, 1.0, 2.0];
        assert_eq!(argmax_valid(&s, &[true, true, true]), Some(0));
        assert_eq!(argmax_valid(&s, &[false, true, true]), Some(2));
    }
}
