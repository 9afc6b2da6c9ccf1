//! A loaded pipeline: tokenizer, tok2vec, tagger, parser, attribute_ruler and NER.

use std::path::{Path, PathBuf};

use crate::nlp::model::ModelMeta;
use crate::nlp::{Doc, NlpError};

/// Folder of the vendored default model, relative to the crate root.
pub const DEFAULT_MODEL_DIR: &str = "models/en_core_web_sm-3.8.0";

/// A loaded spaCy pipeline. `Send + Sync`: share one across threads.
#[derive(Debug)]
pub struct Pipeline {
    meta: ModelMeta,
    path: PathBuf,
}

impl Pipeline {
    /// Load a spaCy v3 pipeline folder.
    pub fn load(path: impl AsRef<Path>) -> Result<Self, NlpError> {
        let path = path.as_ref();
        Err(NlpError::unsupported(
            path,
            "pipeline loading not implemented yet",
        ))
    }

    /// Where the default model lives: `$QUOTH_MODEL` if set, else the vendored folder.
    pub fn default_model_path() -> PathBuf {
        if let Some(p) = std::env::var_os("QUOTH_MODEL") {
            return PathBuf::from(p);
        }
        Path::new(env!("CARGO_MANIFEST_DIR")).join(DEFAULT_MODEL_DIR)
    }

    /// Load the default model.
    pub fn load_default() -> Result<Self, NlpError> {
        Self::load(Self::default_model_path())
    }

    /// Model name, version and language from `meta.json`.
    pub fn meta(&self) -> &ModelMeta {
        &self.meta
    }

    /// The folder this pipeline was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Run the full pipeline on one text.
    pub fn analyze(&self, text: &str) -> Doc {
        Doc {
            text: text.to_string(),
            tokens: Vec::new(),
            sentences: Vec::new(),
            entities: Vec::new(),
        }
    }

    /// Run the full pipeline on many texts (same results as calling [`Pipeline::analyze`] on
    /// each).
    pub fn analyze_batch(&self, texts: &[&str]) -> Vec<Doc> {
        texts.iter().map(|t| self.analyze(t)).collect()
    }
}
