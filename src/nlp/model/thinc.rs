//! thinc model files: a msgpack map `{nodes, attrs, params, shims}`, one entry per node in
//! breadth-first `Model.walk()` order; arrays are srsly numpy maps with bin keys.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::nlp::NlpError;

/// A float32 array in C order.
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

/// One node of a thinc model (a layer), in file order.
#[derive(Debug, Clone)]
pub struct ThincNode {
    pub index: usize,
    pub name: String,
    pub dims: BTreeMap<String, Option<i64>>,
    pub refs: BTreeMap<String, Option<usize>>,
    /// Attributes, already decoded from their inner msgpack blob.
    pub attrs: BTreeMap<String, rmpv::Value>,
    /// Parameters in declaration order; `None` when unset.
    pub params: Vec<(String, Option<Tensor>)>,
}

/// A whole thinc model file.
#[derive(Debug, Clone)]
pub struct ThincModel {
    /// The file it came from (for error messages).
    pub path: PathBuf,
    pub nodes: Vec<ThincNode>,
}

impl ThincModel {
    /// Read and decode a thinc model file.
    pub fn read(path: &Path) -> Result<Self, NlpError> {
        let bytes = std::fs::read(path).map_err(|source| NlpError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_bytes(&bytes, path)
    }

    /// Decode a thinc model from bytes; `path` is only used in errors.
    pub fn from_bytes(_bytes: &[u8], path: &Path) -> Result<Self, NlpError> {
        Err(NlpError::unsupported(
            path,
            "thinc reader not implemented yet",
        ))
    }
}
