//! The [`Analyzer`]: one loaded pipeline and everything quoth does on top of it, from texts to
//! [`Analysis`] values. The service and the CLI are thin mappers over it.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use quoth_nlp::pipeline::{MemberWeights, ScoreCombine};
use quoth_nlp::{Doc, NlpError, Pipeline};

use crate::analysis::{Analysis, EntityView, ModelInfo, SpanWriter};

use crate::coref::{link_mentions_with_quotes, name_pronoun_speakers};
use crate::entities::{group_entities, tag_repeated_names, GroupOptions};
use crate::offsets::OffsetUnit;
use crate::quotes::{extract_quotes, Quote, QuoteKind};
use crate::salience::salience_with;

/// This library's name and version, reported with every result.
pub const SERVICE: &str = concat!("quoth ", env!("CARGO_PKG_VERSION"));

/// A named choice of models for the entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// The service's model alone (en_core_web_sm: spaCy's entities, then every further
    /// occurrence of a name it tagged, [`crate::entities::tag_repeated_names`]), the fastest.
    #[default]
    Fast,
    /// The service model's NER and those of its companion pipelines (by default the vendored
    /// en_core_web_md 3.8.0, counted twice, and en_core_web_sm 3.6.0) decoding together, their
    /// scores summed at every step, and every further occurrence of a name they tagged
    /// ([`crate::entities::tag_repeated_names`]): more accurate entities (OntoNotes dev F1 83.3
    /// vs 82.0 before that last step) at about 2.3 times the engine cost. Unavailable on a
    /// service started without them.
    Accurate,
}

/// How much each model's scores count in the `accurate` ensemble, as (moves for no entity,
/// moves for names, moves for dates, times, numbers and amounts): the service model (sm 3.8),
/// the first extra model (md 3.8) and any other (sm 3.6). md is the better model for names,
/// the two small ones for values (OntoNotes dev, grouped F1 all / news: uniform 1, 2, 1 gave
/// 83.13 / 88.71; these 83.22 / 88.78).
const ACCURATE_WEIGHTS: [(f32, f32, f32); 3] =
    [(1.0, 0.75, 1.5), (2.0, 2.5, 1.0), (1.0, 0.75, 1.5)];

/// The weights of the `accurate` ensemble's `member`-th model (0 = the service model, then
/// the extra models in order; see [`ACCURATE_WEIGHTS`]).
pub fn accurate_weights(member: usize) -> MemberWeights {
    let last = ACCURATE_WEIGHTS.len() - 1;
    let (outside, names, values) = ACCURATE_WEIGHTS[member.min(last)];
    names_and_values_weights(outside, names, values)
}

/// Ensemble weights with one factor for `O` moves, one for name labels and one for the value
/// labels (dates, times, numbers, amounts: `DATE`, `TIME`, `PERCENT`, `MONEY`, `QUANTITY`,
/// `ORDINAL`, `CARDINAL`).
pub fn names_and_values_weights(outside: f32, names: f32, values: f32) -> MemberWeights {
    MemberWeights {
        outside,
        entity: names,
        labels: crate::entities::VALUE_LABELS
            .iter()
            .map(|l| (l.to_string(), values))
            .collect(),
    }
}

/// Where the models come from and how the engine is tuned.
#[derive(Debug, Clone)]
pub struct AnalyzerConfig {
    /// spaCy v3 pipeline folder (the `fast` profile; parses, tags and quotes in every profile).
    pub model: PathBuf,
    /// Word forms whose embeddings each tok2vec caches (0 = off; speed only, never results).
    pub lexeme_cache: usize,
    /// Pipelines whose NERs join the service model's in the `accurate` profile's ensemble,
    /// the most trusted first (e.g. en_core_web_md 3.8, en_core_web_sm 3.6); empty = profile
    /// unavailable.
    pub accurate_models: Vec<PathBuf>,
}

/// Folders of the pipelines vendored for the `accurate` profile (under `models/`, beside the
/// service model), the most trusted first.
pub const VENDORED_ACCURATE_MODELS: &[&str] = &["en_core_web_md-3.8.0", "en_core_web_sm-3.6.0"];

impl AnalyzerConfig {
    /// The [`VENDORED_ACCURATE_MODELS`] present beside `model` (in its parent folder), the
    /// most trusted first: the `accurate` profile's default pipelines.
    pub fn vendored_accurate_models(model: &Path) -> Vec<PathBuf> {
        let Some(dir) = model.parent() else {
            return Vec::new();
        };
        VENDORED_ACCURATE_MODELS
            .iter()
            .map(|name| dir.join(name))
            .filter(|p| p.join("config.cfg").is_file())
            .collect()
    }
}

impl Default for AnalyzerConfig {
    fn default() -> Self {
        AnalyzerConfig {
            model: Pipeline::default_model_path(),
            lexeme_cache: quoth_nlp::pipeline::DEFAULT_LEXEME_CACHE,
            accurate_models: Vec::new(),
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

/// Which mentions an analysis lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MentionScope {
    /// Name mentions only (the NER's, after grouping): kind `proper`.
    #[default]
    Names,
    /// Names plus the pronoun and common-noun mentions coreference links to the entities
    /// (kinds `pronoun` and `common`; [`crate::coref`]).
    All,
}

/// The order of the entities in an analysis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum EntityOrder {
    /// Most salient first (ties: first mentioned first).
    #[default]
    Salience,
    /// First mentioned first.
    Position,
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
    /// Which models find the entities (`raw` always uses the service's model alone).
    pub profile: Profile,
    /// Names only, or every mention coreference finds too.
    pub mentions: MentionScope,
    /// Entities by salience (default) or by first mention.
    pub sort: EntityOrder,
    /// Keep only quotes of these kinds (all when `None`), e.g. direct and mixed for a client
    /// that wants quoted words only. Salience still counts every quote an entity speaks.
    pub quote_kinds: Option<Vec<QuoteKind>>,
}

/// A loaded pipeline plus the extraction on top of it. Cheap to share behind an `Arc`; every
/// method takes `&self` and may run on many threads at once.
#[derive(Debug)]
pub struct Analyzer {
    pipeline: Pipeline,
    model: ModelInfo,
    /// The pipelines that join the service model in the `accurate` profile, most trusted first.
    accurate: Vec<Pipeline>,
}

impl Analyzer {
    /// Load the pipelines `config` names.
    pub fn load(config: &AnalyzerConfig) -> Result<Self, NlpError> {
        let mut pipeline = Pipeline::load(&config.model)?;
        pipeline.set_lexeme_cache(config.lexeme_cache);
        let mut accurate = Vec::with_capacity(config.accurate_models.len());
        for path in &config.accurate_models {
            let mut p = Pipeline::load(path)?;
            p.set_lexeme_cache(config.lexeme_cache);
            accurate.push(p);
        }
        let mut analyzer = Self::new(pipeline);
        analyzer.accurate = accurate;
        Ok(analyzer)
    }

    /// Wrap an already loaded pipeline (the `fast` profile only).
    pub fn new(pipeline: Pipeline) -> Self {
        let model = model_info(&pipeline);
        Analyzer {
            pipeline,
            model,
            accurate: Vec::new(),
        }
    }

    /// Whether `profile` can be served (`accurate` needs its models).
    pub fn has_profile(&self, profile: Profile) -> bool {
        match profile {
            Profile::Fast => true,
            Profile::Accurate => !self.accurate.is_empty(),
        }
    }

    /// The profile a request with `options` is analysed with: the one asked for when this
    /// analyzer has it, else `fast` (the result says which: [`Analysis::profile`]).
    pub fn effective_profile(&self, options: &Options) -> Profile {
        if options.raw || !self.has_profile(options.profile) {
            Profile::Fast
        } else {
            options.profile
        }
    }

    /// Names and versions of the pipelines that join the service model in the `accurate`
    /// profile, in trust order.
    pub fn accurate_models(&self) -> Vec<ModelInfo> {
        self.accurate.iter().map(model_info).collect()
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
        let profile = self.effective_profile(options);
        finish(&self.profile_doc(text, profile, options), options, profile)
    }

    /// The engine's document for `text` under `profile`, the one [`Analyzer::analyze`] groups,
    /// quotes and scores: the service model's analysis, with the `accurate` ensemble's
    /// entities for [`Profile::Accurate`] (which falls back to `fast` when this analyzer has
    /// no extra models; see [`Analyzer::has_profile`]). For evaluation tools that need the
    /// document itself.
    pub fn doc(&self, text: &str, profile: Profile) -> Doc {
        self.profile_doc(text, profile, &Options::default())
    }

    /// [`Analyzer::doc`] for a request's `options` (`raw` keeps the model's own entities).
    fn profile_doc(&self, text: &str, profile: Profile, options: &Options) -> Doc {
        match profile {
            Profile::Accurate if self.has_profile(Profile::Accurate) => self.ensemble_doc(text),
            _ => fast_doc(self.pipeline.analyze(text), options),
        }
    }

    /// Analyse many texts, the `fast` ones in one engine pass (documents are encoded in groups
    /// of about a thousand tokens); the same results as [`Analyzer::analyze`] on each, in order.
    pub fn analyze_batch(&self, items: &[(&str, &Options)]) -> Vec<Analysis> {
        let profiles: Vec<Profile> = items
            .iter()
            .map(|(_, o)| self.effective_profile(o))
            .collect();
        let fast: Vec<&str> = items
            .iter()
            .zip(&profiles)
            .filter(|(_, p)| **p == Profile::Fast)
            .map(|((t, _), _)| *t)
            .collect();
        let mut fast_docs = self.pipeline.analyze_batch(&fast).into_iter();
        items
            .iter()
            .zip(profiles)
            .map(|((text, options), profile)| {
                let doc = match profile {
                    Profile::Fast => fast_doc(
                        fast_docs
                            .next()
                            .unwrap_or_else(|| self.pipeline.analyze(text)),
                        options,
                    ),
                    Profile::Accurate => self.ensemble_doc(text),
                };
                finish(&doc, options, profile)
            })
            .collect()
    }

    /// The service model's analysis with the entities the `accurate` ensemble decodes: the
    /// service model's NER and the extra pipelines' together, their scores summed at every
    /// step over the service model's tokens (one parse; quotes are tuned on the service's),
    /// then every further occurrence of a name they tagged ([`tag_repeated_names`]).
    fn ensemble_doc(&self, text: &str) -> Doc {
        let members: Vec<(&Pipeline, MemberWeights)> = std::iter::once(&self.pipeline)
            .chain(&self.accurate)
            .enumerate()
            .map(|(i, p)| (p, accurate_weights(i)))
            .collect();
        let mut doc = self
            .pipeline
            .analyze_ensemble(&members, text, ScoreCombine::Logits);
        tag_repeated_names(&mut doc);
        doc
    }
}

/// The `fast` profile's document: the service model's analysis with every further occurrence
/// of a name it tagged ([`tag_repeated_names`]: in `last year Pagliano invoked his rights` the
/// model missed the surname it tagged elsewhere, and `his` went to another person);
/// unchanged for `raw` output, which is spaCy's. OntoNotes dev grouped F1 82.06 / 87.57 →
/// 82.10 / 87.67 (all / news); GUM dev names F1 74.6 → 75.2, salience R@5 61.4 → 64.0.
fn fast_doc(mut doc: Doc, options: &Options) -> Doc {
    if !options.raw {
        tag_repeated_names(&mut doc);
    }
    doc
}

/// Group entities, find quotes, link coreference, score salience, order the entities and
/// convert offsets for one analysed document.
///
/// Quotes and coreference are computed whatever the tasks: salience counts the quotes an
/// entity speaks and its pronoun mentions, and every endpoint orders (and so numbers) the
/// entities the same way, so `/quotes`' `speaker.entity` indexes `/extract`'s entities.
fn finish(doc: &Doc, options: &Options, profile: Profile) -> Analysis {
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
    let mut found = extract_quotes(doc, &ents);
    let extra = link_mentions_with_quotes(doc, &ents, &found);
    name_pronoun_speakers(&mut found, &extra, &ents);
    let salience = salience_with(doc, &ents, &found, &extra);
    let mut order: Vec<usize> = (0..ents.entities.len()).collect();
    // Salience order by default (whatever the task, so indices agree across endpoints).
    if options.sort == EntityOrder::Salience || !options.tasks.entities {
        // Stable: equal shares keep first-mention order.
        order.sort_by(|&a, &b| salience[b].total_cmp(&salience[a]));
    }
    // The quotes the caller sees: entities' quote indices point into this list.
    let shown: Cow<'_, [Quote]> = match &options.quote_kinds {
        Some(kinds) => Cow::Owned(
            found
                .iter()
                .filter(|q| kinds.contains(&q.kind))
                .cloned()
                .collect(),
        ),
        None => Cow::Borrowed(&found[..]),
    };
    let mut rank = vec![0; order.len()];
    for (j, &e) in order.iter().enumerate() {
        rank[e] = j;
    }
    let (mentions, entities) = if options.tasks.entities {
        let view = EntityView {
            order: &order,
            salience: &salience,
            extra: match options.mentions {
                MentionScope::All => &extra,
                MentionScope::Names => &[],
            },
            coref: &extra,
            quotes: options.tasks.quotes.then_some(&shown[..]),
        };
        writer.entities(doc, &ents, &view)
    } else {
        (Vec::new(), Vec::new())
    };
    let quotes = if options.tasks.quotes {
        writer.quotes(&shown, &rank)
    } else {
        Vec::new()
    };
    Analysis {
        profile,
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
        profile: Profile::Fast,
    }
}
