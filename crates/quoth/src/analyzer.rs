//! The [`Analyzer`]: one loaded pipeline and everything quoth does on top of it, from texts to
//! [`Analysis`] values. The service and the CLI are thin mappers over it.

use std::path::PathBuf;

use quoth_nlp::{Doc, NlpError, Pipeline};

use crate::analysis::{Analysis, ModelInfo, SpanWriter};
use crate::entities::{group_entities, GroupOptions};
use crate::offsets::OffsetUnit;

/// This library's name and version, reported with every result.
pub const SERVICE: &str = concat!("quoth ", env!("CARGO_PKG_VERSION"));

/// Where the model comes from and how the engine is tuned.
#[derive(Debug, Clone)]
pub struct AnalyzerConfig {
    /// spaCy v3 pipeline folder.
    pub model: PathBuf,
    /// Word forms whose embeddings each tok2vec caches (0 = off; speed only, never results).
    pub lexeme_cache: usize,
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        AnalyzerConfig {
            model: Pipeline::default_model_path(),
            lexeme_cache: quoth_nlp::pipeline::DEFAULT_LEXEME_CACHE,
        }
    }
}

/// What to compute for a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tasks {
    /// Mentions and grouped entities.
    pub entities: bool,
    /// Quotes and speakers.
    pub quotes: bool,
}

impl Tasks {
    /// Entities and quotes (`/analyze`).
    pub const ALL: Tasks = Tasks {
        entities: true,
        quotes: true,
    };
    /// Entities only (`/extract`).
    pub const ENTITIES: Tasks = Tasks {
        entities: true,
        quotes: false,
    };
    /// Quotes only (`/quotes`): speakers link to the default grouping.
    pub const QUOTES: Tasks = Tasks {
        entities: false,
        quotes: true,
    };
}

impl Default for Tasks {
    fn default() -> Self {
        Tasks::ALL
    }
}

/// Per-text options.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Unit of every offset in the result.
    pub offset_unit: OffsetUnit,
    /// Keep only mentions with these labels (all when `None`). Applies to entities; quotes
    /// computed alongside them link their speakers to the same filtered grouping.
    pub labels: Option<Vec<String>>,
    /// The engine's mentions unmodified (spaCy `doc.ents` exactly); grouping still applies.
    pub raw: bool,
    /// What to compute.
    pub tasks: Tasks,
}

/// A loaded pipeline plus the extraction on top of it. Cheap to share behind an `Arc`; every
/// method takes `&self` and may run on many threads at once.
#[derive(Debug)]
pub struct Analyzer {
    pipeline: Pipeline,
    model: ModelInfo,
}

impl Analyzer {
    /// Load the pipeline `config` names.
    pub fn load(config: &AnalyzerConfig) -> Result<Self, NlpError> {
        let mut pipeline = Pipeline::load(&config.model)?;
        pipeline.set_lexeme_cache(config.lexeme_cache);
        Ok(Self::new(pipeline))
    }

    /// Wrap an already loaded pipeline.
    pub fn new(pipeline: Pipeline) -> Self {
        let model = model_info(&pipeline);
        Analyzer { pipeline, model }
    }

    /// The engine.
    pub fn pipeline(&self) -> &Pipeline {
        &self.pipeline
    }

    /// Name and version of the model, and of this library.
    pub fn model(&self) -> &ModelInfo {
        &self.model
    }

    /// Analyse one text.
    pub fn analyze(&self, text: &str, options: &Options) -> Analysis {
        finish(&self.pipeline.analyze(text), options)
    }

    /// Analyse many texts in one engine pass (documents are encoded in groups of about a
    /// thousand tokens); the same results as [`Analyzer::analyze`] on each, in order.
    pub fn analyze_batch(&self, items: &[(&str, &Options)]) -> Vec<Analysis> {
        let texts: Vec<&str> = items.iter().map(|(t, _)| *t).collect();
        let docs = self.pipeline.analyze_batch(&texts);
        docs.iter()
            .zip(items)
            .map(|(doc, (_, options))| finish(doc, options))
            .collect()
    }
}

/// Group entities, find quotes and convert offsets for one analysed document.
fn finish(doc: &Doc, options: &Options) -> Analysis {
    let writer = SpanWriter::new(&doc.text, options.offset_unit);
    let grouping = if options.tasks.entities {
        GroupOptions {
            labels: options.labels.clone(),
            raw: options.raw,
        }
    } else {
        GroupOptions::default()
    };
    let ents = group_entities(doc, &grouping);
    let (mentions, entities) = if options.tasks.entities {
        writer.mentions(&ents)
    } else {
        (Vec::new(), Vec::new())
    };
    let quotes = if options.tasks.quotes {
        writer.quotes(doc, &ents)
    } else {
        Vec::new()
    };
    Analysis {
        offset_unit: options.offset_unit,
        text_length: writer.text_length(),
        tokens: doc.tokens.len(),
        mentions,
        entities,
        quotes,
    }
}

/// Name and version of a loaded pipeline, as spaCy users know it (`en_core_web_sm`).
fn model_info(pipeline: &Pipeline) -> ModelInfo {
    let meta = pipeline.meta();
    // meta.json stores `name` without the language prefix ("core_web_sm").
    let name = if meta.lang.is_empty() || meta.name.starts_with(&format!("{}_", meta.lang)) {
        meta.name.clone()
    } else {
        format!("{}_{}", meta.lang, meta.name)
    };
    ModelInfo {
        name,
        version: meta.version.clone(),
        service: SERVICE.to_string(),
    }
}
