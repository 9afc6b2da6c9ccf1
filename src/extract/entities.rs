//! Grouping entity mentions per real-world entity within a document, and making their labels
//! consistent.

use std::sync::Arc;

use crate::nlp::Doc;

/// One entity mention after consistency fixes (possessive endings trimmed, label unified).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte offsets into the text.
    pub start: usize,
    pub end: usize,
    /// Token range (end exclusive).
    pub start_token: usize,
    pub end_token: usize,
    pub label: Arc<str>,
    /// Index of the sentence the mention is in.
    pub sentence: usize,
    /// Index into [`Entities::entities`].
    pub entity: usize,
}

/// One real-world entity: a canonical name and the mentions that refer to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntityGroup {
    /// The fullest form among its mentions.
    pub name: String,
    pub label: Arc<str>,
    /// Indices into [`Entities::mentions`], in text order.
    pub mentions: Vec<usize>,
}

/// The grouped entities of one document.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Entities {
    pub mentions: Vec<Mention>,
    pub entities: Vec<EntityGroup>,
}

/// Options for [`group_entities`].
#[derive(Debug, Clone, Default)]
pub struct GroupOptions {
    /// Keep only these labels (all when `None`).
    pub labels: Option<Vec<String>>,
    /// Skip the consistency pass: mention labels and spans exactly as the NER gave them.
    pub raw: bool,
}

/// Group the document's entity mentions. STUB: one group per mention.
pub fn group_entities(doc: &Doc, _opts: &GroupOptions) -> Entities {
    let _ = doc;
    Entities::default()
}
