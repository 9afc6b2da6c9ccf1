//! Ordered class lists of the two transition systems, rebuilt from a `moves` file exactly as
//! spaCy's `TransitionSystem.initialize_actions` does. The class index is the row of the
//! model's output layer, so the order must match spaCy's bit for bit.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::Moves;
use crate::NlpError;

/// Interned label strings of one transition system. Id 0 is the empty label (spaCy's
/// string id 0), so "label 0" comparisons carry over unchanged.
#[derive(Debug, Clone)]
pub struct LabelTable {
    names: Vec<Arc<str>>,
    index: HashMap<Arc<str>, u32>,
}

impl Default for LabelTable {
    fn default() -> Self {
        Self::new()
    }
}

impl LabelTable {
    /// A table holding only the empty label (id 0).
    pub fn new() -> Self {
        let empty: Arc<str> = Arc::from("");
        let mut index = HashMap::new();
        index.insert(empty.clone(), 0);
        LabelTable {
            names: vec![empty],
            index,
        }
    }

    /// The id of `s`, adding it if new.
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.index.get(s) {
            return id;
        }
        let id = self.names.len() as u32;
        let name: Arc<str> = Arc::from(s);
        self.names.push(name.clone());
        self.index.insert(name, id);
        id
    }

    /// The id of `s`, if interned.
    pub fn get(&self, s: &str) -> Option<u32> {
        self.index.get(s).copied()
    }

    /// The string of label `id` (the empty label for an unknown id).
    pub fn name(&self, id: u32) -> &Arc<str> {
        self.names.get(id as usize).unwrap_or(&self.names[0])
    }

    /// Number of interned labels (including the empty one).
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Always false: the empty label is always present.
    pub fn is_empty(&self) -> bool {
        false
    }
}

/// BILUO actions (`ner.pyx`; action ints 1..=5, `MISSING` = 0 is never a class).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NerMove {
    Begin,
    In,
    Last,
    Unit,
    Out,
}

/// One NER class: an action and a label id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NerClass {
    pub mv: NerMove,
    pub label: u32,
}

/// Arc-eager actions (`arc_eager.pyx`; action ints 0..=4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArcMove {
    Shift,
    Reduce,
    Left,
    Right,
    Break,
}

/// One parser class: an action and a label id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParserClass {
    pub mv: ArcMove,
    pub label: u32,
}

/// NER classes in output-row order. spaCy refuses `MISSING` and `OUT` with a label.
pub fn ner_classes(moves: &Moves, labels: &mut LabelTable) -> Result<Vec<NerClass>, NlpError> {
    let built = initialize_actions(moves, labels, |action, label| match action {
        0 => Ok(None),
        1 => Ok(Some(NerMove::Begin)),
        2 => Ok(Some(NerMove::In)),
        3 => Ok(Some(NerMove::Last)),
        4 => Ok(Some(NerMove::Unit)),
        5 if label == 0 => Ok(Some(NerMove::Out)),
        5 => Ok(None),
        _ => Err(NlpError::unsupported(
            &moves.source,
            format!("unknown NER action {action}"),
        )),
    })?;
    Ok(built
        .into_iter()
        .map(|(mv, label)| NerClass { mv, label })
        .collect())
}

/// Parser classes in output-row order.
pub fn parser_classes(
    moves: &Moves,
    labels: &mut LabelTable,
) -> Result<Vec<ParserClass>, NlpError> {
    let built = initialize_actions(moves, labels, |action, _| match action {
        0 => Ok(Some(ArcMove::Shift)),
        1 => Ok(Some(ArcMove::Reduce)),
        2 => Ok(Some(ArcMove::Left)),
        3 => Ok(Some(ArcMove::Right)),
        4 => Ok(Some(ArcMove::Break)),
        _ => Err(NlpError::unsupported(
            &moves.source,
            format!("unknown parser action {action}"),
        )),
    })?;
    Ok(built
        .into_iter()
        .map(|(mv, label)| ParserClass { mv, label })
        .collect())
}

/// spaCy's name of an NER class (`BiluoPushDown.move_name`): `O`, `B-ORG`, `U-` ...
pub fn ner_class_name(c: NerClass, labels: &LabelTable) -> String {
    let prefix = match c.mv {
        NerMove::Out => return "O".to_string(),
        NerMove::Begin => "B",
        NerMove::In => "I",
        NerMove::Last => "L",
        NerMove::Unit => "U",
    };
    format!("{prefix}-{}", labels.name(c.label))
}

/// spaCy's name of a parser class (`ArcEager.move_name`): `S`, `D`, `L-det`, `B-ROOT` ...
pub fn parser_class_name(c: ParserClass, labels: &LabelTable) -> String {
    let prefix = match c.mv {
        ArcMove::Shift => "S",
        ArcMove::Reduce => "D",
        ArcMove::Left => "L",
        ArcMove::Right => "R",
        ArcMove::Break => "B",
    };
    let label = labels.name(c.label);
    if label.is_empty() {
        prefix.to_string()
    } else {
        format!("{prefix}-{label}")
    }
}

/// `TransitionSystem.initialize_actions` + `add_action`: labels with freq >= 0 in (freq, label)
/// descending order per action; then all labels with negative freq, globally sorted descending,
/// each added for every action that listed it; duplicates (same move and label) skipped.
/// `accept` maps (action int, label id) to a move, `None` = refused by the system.
fn initialize_actions<M: Copy + PartialEq>(
    moves: &Moves,
    labels: &mut LabelTable,
    mut accept: impl FnMut(u32, u32) -> Result<Option<M>, NlpError>,
) -> Result<Vec<(M, u32)>, NlpError> {
    let mut out: Vec<(M, u32)> = Vec::new();
    let mut added_labels: Vec<(i64, &str)> = Vec::new();
    let mut added_actions: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut add = |action: u32, label: &str, out: &mut Vec<(M, u32)>| -> Result<(), NlpError> {
        let id = labels.intern(label);
        if let Some(mv) = accept(action, id)? {
            if !out.iter().any(|&(m, l)| m == mv && l == id) {
                out.push((mv, id));
            }
        }
        Ok(())
    };
    for (action, freqs) in &moves.actions {
        let mut sorted: Vec<(i64, &str)> = freqs.iter().map(|(l, f)| (*f, l.as_str())).collect();
        sorted.sort_by(|a, b| b.cmp(a));
        for (freq, label) in sorted {
            if freq < 0 {
                added_labels.push((freq, label));
                added_actions.entry(label).or_default().push(*action);
            } else {
                add(*action, label, &mut out)?;
            }
        }
    }
    added_labels.sort_by(|a, b| b.cmp(a));
    for (_, label) in &added_labels {
        if let Some(actions) = added_actions.get(label) {
            for &action in actions {
                add(action, label, &mut out)?;
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn moves(json: &str) -> Moves {
        Moves::from_json(json, "test/moves").unwrap()
    }

    #[test]
    fn ner_refuses_missing_and_labelled_out() {
        let m = moves(r#"{"0":{"X":3},"1":{"A":5,"B":5},"4":{"A":5,"":1},"5":{"":1,"A":2}}"#);
        let mut t = LabelTable::new();
        let c = ner_classes(&m, &mut t).unwrap();
        let names: Vec<String> = c.iter().map(|&c| ner_class_name(c, &t)).collect();
        // ties on freq: label descending
        assert_eq!(names, ["B-B", "B-A", "U-A", "U-", "O"]);
    }

    #[test]
    fn negative_frequencies_come_last_globally() {
        let m = moves(r#"{"0":{"":9},"2":{"a":4,"z":-2,"y":-1},"3":{"z":-2,"b":1}}"#);
        let mut t = LabelTable::new();
        let c = parser_classes(&m, &mut t).unwrap();
        let names: Vec<String> = c.iter().map(|&c| parser_class_name(c, &t)).collect();
        assert_eq!(names, ["S", "L-a", "R-b", "L-y", "L-z", "R-z"]);
    }

    #[test]
    fn unknown_action_is_an_error_naming_the_file() {
        let m = moves(r#"{"7":{"a":1}}"#);
        let e = parser_classes(&m, &mut LabelTable::new()).unwrap_err();
        assert!(e.to_string().contains("test/moves"), "{e}");
    }
}
