//! The small files of a pipeline folder: config, meta, component cfg, lookups, static vectors.

use std::collections::HashMap;

/// `meta.json` essentials.
#[derive(Debug, Clone, Default)]
pub struct ModelMeta {
    pub lang: String,
    pub name: String,
    pub version: String,
    pub spacy_version: String,
}

/// Static word vectors (`vocab/vectors` + `vocab/key2row`); empty for sm.
#[derive(Debug, Clone, Default)]
pub struct StaticVectors {
    pub rows: usize,
    pub dim: usize,
    /// rows × dim, C order.
    pub data: Vec<f32>,
    /// ORTH id → row.
    pub key2row: HashMap<u64, usize>,
}
