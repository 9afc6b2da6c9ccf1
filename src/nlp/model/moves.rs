//! `parser/moves` and `ner/moves`: the label inventory of a transition system.

/// A `moves` file: for each action id (ascending), its labels with their frequencies, in file
/// order. The transition system turns this into its ordered class list.
#[derive(Debug, Clone, Default)]
pub struct Moves {
    pub actions: Vec<(u32, Vec<(String, i64)>)>,
}
