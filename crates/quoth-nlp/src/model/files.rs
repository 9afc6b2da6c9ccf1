//! The small files of a pipeline folder: config, meta, component cfg, lookups, static vectors.
//!
//! Every reader names the file in its errors: a missing file is [`NlpError::Io`], bytes that do
//! not parse are [`NlpError::Decode`], parsed content of the wrong shape is [`NlpError::Format`],
//! and a valid spaCy setting this engine does not implement is [`NlpError::Unsupported`].

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rmpv::Value;

use crate::model::thinc::decode_exact;
use crate::NlpError;

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

impl StaticVectors {
    /// The vector of the string with ORTH id `key`, if it has one.
    pub fn get(&self, key: u64) -> Option<&[f32]> {
        let row = *self.key2row.get(&key)?;
        self.data.get(row * self.dim..(row + 1) * self.dim)
    }

    /// True when there are no vectors (sm models).
    pub fn is_empty(&self) -> bool {
        self.rows == 0 || self.key2row.is_empty()
    }
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, NlpError> {
    std::fs::read(path).map_err(|source| NlpError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn read_text(path: &Path) -> Result<String, NlpError> {
    let bytes = read_bytes(path)?;
    String::from_utf8(bytes).map_err(|e| NlpError::decode(path, format!("not UTF-8: {e}")))
}

fn read_json(path: &Path) -> Result<serde_json::Value, NlpError> {
    let text = read_text(path)?;
    serde_json::from_str(&text).map_err(|e| NlpError::decode(path, format!("JSON: {e}")))
}

// ---------------------------------------------------------------------------------------------
// meta.json

/// Read `meta.json` (`lang`, `name`, `version` required; `spacy_version` optional).
pub fn read_meta(path: &Path) -> Result<ModelMeta, NlpError> {
    let v = read_json(path)?;
    let field = |k: &str, required: bool| -> Result<String, NlpError> {
        match v.get(k) {
            Some(serde_json::Value::String(s)) => Ok(s.clone()),
            None if !required => Ok(String::new()),
            Some(other) => Err(NlpError::format(
                path,
                format!("`{k}` is {other}, expected a string"),
            )),
            None => Err(NlpError::format(path, format!("missing `{k}`"))),
        }
    };
    Ok(ModelMeta {
        lang: field("lang", true)?,
        name: field("name", true)?,
        version: field("version", true)?,
        spacy_version: field("spacy_version", false)?,
    })
}

// ---------------------------------------------------------------------------------------------
// config.cfg (confection INI)

/// A parsed confection/INI `config.cfg`: sections of raw `key = value` strings. Values are
/// interpreted on access: `${section:key}` references are resolved, then the text is read as
/// JSON (confection's value syntax), falling back to the raw string.
#[derive(Debug, Clone, Default)]
pub struct ConfigFile {
    pub path: PathBuf,
    /// Section name (dotted, e.g. `components.ner.model`) → key → raw value text.
    pub sections: BTreeMap<String, BTreeMap<String, String>>,
}

impl ConfigFile {
    /// Read and parse a `config.cfg`.
    pub fn read(path: &Path) -> Result<Self, NlpError> {
        let text = read_text(path)?;
        Self::parse(&text, path)
    }

    /// Parse config text; `path` is only used in errors.
    pub fn parse(text: &str, path: &Path) -> Result<Self, NlpError> {
        let mut sections: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
        let mut current: Option<String> = None;
        let mut last_key: Option<String> = None;
        for (lineno, line) in text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
                continue;
            }
            let bad = |what: &str| NlpError::decode(path, format!("line {}: {what}", lineno + 1));
            if line.starts_with([' ', '\t']) {
                // Continuation of a multi-line value.
                let (Some(sec), Some(key)) = (&current, &last_key) else {
                    return Err(bad("indented line outside a value"));
                };
                if let Some(v) = sections.get_mut(sec).and_then(|s| s.get_mut(key)) {
                    v.push('\n');
                    v.push_str(trimmed);
                }
                continue;
            }
            if let Some(rest) = trimmed.strip_prefix('[') {
                let name = rest
                    .strip_suffix(']')
                    .ok_or_else(|| bad("unterminated section header"))?
                    .trim();
                if name.is_empty() {
                    return Err(bad("empty section name"));
                }
                sections.entry(name.to_string()).or_default();
                current = Some(name.to_string());
                last_key = None;
                continue;
            }
            let Some(sec) = &current else {
                return Err(bad("key outside a section"));
            };
            let (key, value) = trimmed
                .split_once('=')
                .ok_or_else(|| bad("expected `key = value`"))?;
            let key = key.trim().to_string();
            if let Some(s) = sections.get_mut(sec) {
                s.insert(key.clone(), value.trim().to_string());
            }
            last_key = Some(key);
        }
        Ok(ConfigFile {
            path: path.to_path_buf(),
            sections,
        })
    }

    /// True when `section` exists.
    pub fn has_section(&self, section: &str) -> bool {
        self.sections.contains_key(section)
    }

    /// The interpreted value of `key` in `section`, if present.
    pub fn get(&self, section: &str, key: &str) -> Result<Option<serde_json::Value>, NlpError> {
        match self.sections.get(section).and_then(|s| s.get(key)) {
            None => Ok(None),
            Some(raw) => self.interpret(raw, 0).map(Some),
        }
    }

    fn interpret(&self, raw: &str, depth: usize) -> Result<serde_json::Value, NlpError> {
        if depth > 16 {
            return Err(NlpError::format(
                &self.path,
                format!("variable references nest too deeply at {raw:?}"),
            ));
        }
        // A whole-value reference keeps the referenced value's type.
        if let Some(inner) = raw.strip_prefix("${").and_then(|r| r.strip_suffix('}')) {
            if !inner.contains("${") && !inner.contains('}') {
                return self.resolve_ref(inner, depth);
            }
        }
        let mut text = String::with_capacity(raw.len());
        let mut rest = raw;
        while let Some(start) = rest.find("${") {
            text.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after.find('}').ok_or_else(|| {
                NlpError::format(&self.path, format!("unterminated `${{` in {raw:?}"))
            })?;
            match self.resolve_ref(&after[..end], depth)? {
                serde_json::Value::String(s) => text.push_str(&s),
                other => text.push_str(&other.to_string()),
            }
            rest = &after[end + 1..];
        }
        text.push_str(rest);
        Ok(serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)))
    }

    fn resolve_ref(&self, reference: &str, depth: usize) -> Result<serde_json::Value, NlpError> {
        // confection accepts `${section:key}` and `${section.key}`.
        let (sec, key) = reference
            .split_once(':')
            .or_else(|| reference.rsplit_once('.'))
            .ok_or_else(|| {
                NlpError::format(
                    &self.path,
                    format!("reference ${{{reference}}} is not `section:key`"),
                )
            })?;
        let raw = self
            .sections
            .get(sec)
            .and_then(|s| s.get(key))
            .ok_or_else(|| {
                NlpError::format(
                    &self.path,
                    format!("reference ${{{reference}}} points to nothing"),
                )
            })?;
        self.interpret(raw, depth + 1)
    }

    fn require(&self, section: &str, key: &str) -> Result<serde_json::Value, NlpError> {
        self.get(section, key)?
            .ok_or_else(|| NlpError::format(&self.path, format!("[{section}] has no `{key}`")))
    }

    fn usize_of(&self, section: &str, key: &str) -> Result<usize, NlpError> {
        let v = self.require(section, key)?;
        v.as_u64()
            .and_then(|x| usize::try_from(x).ok())
            .ok_or_else(|| {
                NlpError::format(
                    &self.path,
                    format!("[{section}] `{key}` = {v}, expected a non-negative integer"),
                )
            })
    }

    fn bool_of(&self, section: &str, key: &str, default: bool) -> Result<bool, NlpError> {
        match self.get(section, key)? {
            None => Ok(default),
            Some(v) => v.as_bool().ok_or_else(|| {
                NlpError::format(
                    &self.path,
                    format!("[{section}] `{key}` = {v}, expected true/false"),
                )
            }),
        }
    }

    fn string_of(&self, section: &str, key: &str) -> Result<String, NlpError> {
        match self.require(section, key)? {
            serde_json::Value::String(s) => Ok(s),
            v => Err(NlpError::format(
                &self.path,
                format!("[{section}] `{key}` = {v}, expected a string"),
            )),
        }
    }

    fn strings_of(&self, section: &str, key: &str) -> Result<Vec<String>, NlpError> {
        let v = self.require(section, key)?;
        let bad = || {
            NlpError::format(
                &self.path,
                format!("[{section}] `{key}` = {v}, expected a list of strings"),
            )
        };
        v.as_array()
            .ok_or_else(bad)?
            .iter()
            .map(|x| x.as_str().map(str::to_string).ok_or_else(bad))
            .collect()
    }

    fn usizes_of(&self, section: &str, key: &str) -> Result<Vec<usize>, NlpError> {
        let v = self.require(section, key)?;
        let bad = || {
            NlpError::format(
                &self.path,
                format!("[{section}] `{key}` = {v}, expected a list of integers"),
            )
        };
        v.as_array()
            .ok_or_else(bad)?
            .iter()
            .map(|x| {
                x.as_u64()
                    .and_then(|u| usize::try_from(u).ok())
                    .ok_or_else(bad)
            })
            .collect()
    }
}

/// `spacy.MultiHashEmbed.v2` settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbedConfig {
    pub width: usize,
    /// Feature attributes in column order (`NORM`, `PREFIX`, ...).
    pub attrs: Vec<String>,
    /// Hash table rows per attribute.
    pub rows: Vec<usize>,
    pub include_static_vectors: bool,
}

/// `spacy.MaxoutWindowEncoder.v2` settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeConfig {
    pub width: usize,
    pub depth: usize,
    pub window_size: usize,
    pub maxout_pieces: usize,
}

/// Where a component's token vectors come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tok2VecConfig {
    /// `spacy.Tok2Vec.v2`: the component's own embedding + encoder.
    Own {
        embed: EmbedConfig,
        encode: EncodeConfig,
    },
    /// `spacy.Tok2VecListener.v1`: listens to the `upstream` tok2vec component.
    Listener { width: usize, upstream: String },
}

/// A component's `model` block, for the architectures this engine implements.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ModelConfig {
    /// The `tok2vec` component's model (`spacy.Tok2Vec.v2`).
    Tok2Vec(Tok2VecConfig),
    /// `spacy.Tagger.v2` (tagger, senter).
    Tagger {
        normalize: bool,
        tok2vec: Tok2VecConfig,
    },
    /// `spacy.TransitionBasedParser.v2` (parser, ner).
    Parser {
        state_type: String,
        extra_state_tokens: bool,
        hidden_width: usize,
        maxout_pieces: usize,
        use_upper: bool,
        tok2vec: Tok2VecConfig,
    },
}

/// One `[components.NAME]` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComponentConfig {
    pub name: String,
    pub factory: String,
    /// `None` for components without a neural model (attribute_ruler, lemmatizer).
    pub model: Option<ModelConfig>,
}

/// What inference needs from `config.cfg`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PipelineConfig {
    pub lang: String,
    /// `[nlp] pipeline`, in order (including disabled components).
    pub pipeline: Vec<String>,
    /// `[nlp] disabled`.
    pub disabled: Vec<String>,
    /// Every component of `pipeline`, by name.
    pub components: BTreeMap<String, ComponentConfig>,
    /// The config file (for errors).
    pub path: PathBuf,
}

/// Factories this engine knows how to run (or, for senter, to skip when disabled).
const KNOWN_FACTORIES: &[&str] = &[
    "tok2vec",
    "tagger",
    "parser",
    "ner",
    "senter",
    "attribute_ruler",
    "lemmatizer",
];

/// Feature attributes the engine can compute.
const KNOWN_ATTRS: &[&str] = &[
    "ORTH", "LOWER", "NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE",
];

impl PipelineConfig {
    /// Read `config.cfg` and check every enabled component uses supported architectures.
    pub fn read(path: &Path) -> Result<Self, NlpError> {
        Self::from_config(&ConfigFile::read(path)?)
    }

    /// Interpret a parsed config.
    pub fn from_config(cfg: &ConfigFile) -> Result<Self, NlpError> {
        let path = &cfg.path;
        if !cfg.has_section("nlp") {
            return Err(NlpError::format(path, "no [nlp] section"));
        }
        let lang = cfg.string_of("nlp", "lang")?;
        let pipeline = cfg.strings_of("nlp", "pipeline")?;
        let disabled = match cfg.get("nlp", "disabled")? {
            None => Vec::new(),
            Some(_) => cfg.strings_of("nlp", "disabled")?,
        };
        let mut components = BTreeMap::new();
        for name in &pipeline {
            let section = format!("components.{name}");
            if !cfg.has_section(&section) {
                return Err(NlpError::format(
                    path,
                    format!("component `{name}` is in the pipeline but has no [{section}]"),
                ));
            }
            let enabled = !disabled.contains(name);
            let factory = cfg.string_of(&section, "factory")?;
            if !KNOWN_FACTORIES.contains(&factory.as_str()) {
                if enabled {
                    return Err(NlpError::unsupported(
                        path,
                        format!("component `{name}` uses factory `{factory}`"),
                    ));
                }
                continue;
            }
            let model_section = format!("{section}.model");
            let model = if cfg.has_section(&model_section) {
                match read_model(cfg, &model_section) {
                    Ok(m) => Some(m),
                    // A disabled component never runs; its model may be anything.
                    Err(_) if !enabled => None,
                    Err(e) => return Err(e),
                }
            } else {
                None
            };
            components.insert(
                name.clone(),
                ComponentConfig {
                    name: name.clone(),
                    factory,
                    model,
                },
            );
        }
        Ok(PipelineConfig {
            lang,
            pipeline,
            disabled,
            components,
            path: path.clone(),
        })
    }

    /// Names of the components that run, in order.
    pub fn enabled(&self) -> impl Iterator<Item = &str> {
        self.pipeline
            .iter()
            .filter(|n| !self.disabled.contains(n))
            .map(String::as_str)
    }

    /// The enabled component called `name`; Unsupported (naming config.cfg) when the pipeline
    /// lacks it or disables it.
    pub fn require(&self, name: &str) -> Result<&ComponentConfig, NlpError> {
        match self.components.get(name) {
            Some(c) if !self.disabled.iter().any(|d| d == name) => Ok(c),
            Some(_) => Err(NlpError::unsupported(
                &self.path,
                format!("component `{name}` is disabled"),
            )),
            None => Err(NlpError::unsupported(
                &self.path,
                format!("the pipeline has no `{name}` component"),
            )),
        }
    }
}

fn architecture(cfg: &ConfigFile, section: &str) -> Result<String, NlpError> {
    cfg.string_of(section, "@architectures")
}

fn unsupported_arch(cfg: &ConfigFile, section: &str, arch: &str) -> NlpError {
    NlpError::unsupported(&cfg.path, format!("[{section}] uses architecture `{arch}`"))
}

fn read_model(cfg: &ConfigFile, section: &str) -> Result<ModelConfig, NlpError> {
    let arch = architecture(cfg, section)?;
    match arch.as_str() {
        "spacy.Tok2Vec.v2" => Ok(ModelConfig::Tok2Vec(read_tok2vec(cfg, section)?)),
        "spacy.Tagger.v2" => Ok(ModelConfig::Tagger {
            normalize: cfg.bool_of(section, "normalize", false)?,
            tok2vec: read_tok2vec(cfg, &format!("{section}.tok2vec"))?,
        }),
        "spacy.TransitionBasedParser.v2" => {
            let state_type = cfg.string_of(section, "state_type")?;
            let extra_state_tokens = cfg.bool_of(section, "extra_state_tokens", false)?;
            let use_upper = cfg.bool_of(section, "use_upper", true)?;
            if !matches!(state_type.as_str(), "parser" | "ner") {
                return Err(NlpError::unsupported(
                    &cfg.path,
                    format!("[{section}] state_type = {state_type:?}"),
                ));
            }
            if extra_state_tokens || !use_upper {
                return Err(NlpError::unsupported(
                    &cfg.path,
                    format!(
                        "[{section}] extra_state_tokens = {extra_state_tokens}, use_upper = \
                         {use_upper} (only false/true are implemented)"
                    ),
                ));
            }
            Ok(ModelConfig::Parser {
                state_type,
                extra_state_tokens,
                hidden_width: cfg.usize_of(section, "hidden_width")?,
                maxout_pieces: cfg.usize_of(section, "maxout_pieces")?,
                use_upper,
                tok2vec: read_tok2vec(cfg, &format!("{section}.tok2vec"))?,
            })
        }
        other => Err(unsupported_arch(cfg, section, other)),
    }
}

fn read_tok2vec(cfg: &ConfigFile, section: &str) -> Result<Tok2VecConfig, NlpError> {
    if !cfg.has_section(section) {
        return Err(NlpError::format(&cfg.path, format!("missing [{section}]")));
    }
    let arch = architecture(cfg, section)?;
    match arch.as_str() {
        "spacy.Tok2VecListener.v1" => Ok(Tok2VecConfig::Listener {
            width: cfg.usize_of(section, "width")?,
            upstream: cfg.string_of(section, "upstream")?,
        }),
        "spacy.Tok2Vec.v2" => {
            let embed_s = format!("{section}.embed");
            let encode_s = format!("{section}.encode");
            for s in [&embed_s, &encode_s] {
                if !cfg.has_section(s) {
                    return Err(NlpError::format(&cfg.path, format!("missing [{s}]")));
                }
            }
            let a = architecture(cfg, &embed_s)?;
            if a != "spacy.MultiHashEmbed.v2" {
                return Err(unsupported_arch(cfg, &embed_s, &a));
            }
            let embed = EmbedConfig {
                width: cfg.usize_of(&embed_s, "width")?,
                attrs: cfg.strings_of(&embed_s, "attrs")?,
                rows: cfg.usizes_of(&embed_s, "rows")?,
                include_static_vectors: cfg.bool_of(&embed_s, "include_static_vectors", false)?,
            };
            if embed.attrs.len() != embed.rows.len() {
                return Err(NlpError::format(
                    &cfg.path,
                    format!(
                        "[{embed_s}] has {} attrs but {} rows",
                        embed.attrs.len(),
                        embed.rows.len()
                    ),
                ));
            }
            if let Some(bad) = embed
                .attrs
                .iter()
                .find(|a| !KNOWN_ATTRS.contains(&a.as_str()))
            {
                return Err(NlpError::unsupported(
                    &cfg.path,
                    format!("[{embed_s}] embeds attribute `{bad}`"),
                ));
            }
            let a = architecture(cfg, &encode_s)?;
            if a != "spacy.MaxoutWindowEncoder.v2" {
                return Err(unsupported_arch(cfg, &encode_s, &a));
            }
            let encode = EncodeConfig {
                width: cfg.usize_of(&encode_s, "width")?,
                depth: cfg.usize_of(&encode_s, "depth")?,
                window_size: cfg.usize_of(&encode_s, "window_size")?,
                maxout_pieces: cfg.usize_of(&encode_s, "maxout_pieces")?,
            };
            Ok(Tok2VecConfig::Own { embed, encode })
        }
        other => Err(unsupported_arch(cfg, section, other)),
    }
}

// ---------------------------------------------------------------------------------------------
// component cfg JSON

/// A component's `cfg` JSON file (e.g. `tagger/cfg`, `ner/cfg`).
#[derive(Debug, Clone)]
pub struct ComponentCfg {
    pub path: PathBuf,
    pub json: serde_json::Value,
}

impl ComponentCfg {
    /// Read a component `cfg` file; it must hold a JSON object.
    pub fn read(path: &Path) -> Result<Self, NlpError> {
        let json = read_json(path)?;
        if !json.is_object() {
            return Err(NlpError::format(path, "expected a JSON object"));
        }
        Ok(ComponentCfg {
            path: path.to_path_buf(),
            json,
        })
    }

    /// The ordered `labels` list (tagger: the softmax row order).
    pub fn labels(&self) -> Result<Vec<String>, NlpError> {
        let v = self
            .json
            .get("labels")
            .ok_or_else(|| NlpError::format(&self.path, "missing `labels`"))?;
        let bad = || NlpError::format(&self.path, "`labels` is not a list of strings");
        v.as_array()
            .ok_or_else(bad)?
            .iter()
            .map(|x| x.as_str().map(str::to_string).ok_or_else(bad))
            .collect()
    }

    /// Check a parser/ner cfg asks for greedy decoding (`beam_width` 1 or absent).
    pub fn check_greedy(&self) -> Result<(), NlpError> {
        match self.json.get("beam_width") {
            None => Ok(()),
            Some(v) if v.as_u64() == Some(1) => Ok(()),
            Some(v) => Err(NlpError::unsupported(
                &self.path,
                format!("beam_width = {v} (only greedy decoding, beam_width 1, is implemented)"),
            )),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// vocab/lookups.bin

/// Read the `lexeme_norm` table of `vocab/lookups.bin`: string id of an ORTH → NORM string.
/// A lookups file without that table yields an empty map.
pub fn read_lexeme_norm(path: &Path) -> Result<HashMap<u64, String>, NlpError> {
    let bytes = read_bytes(path)?;
    let root = decode_exact(&bytes, path, "lookups")?;
    let Value::Map(tables) = root else {
        return Err(NlpError::format(path, "top level is not a map"));
    };
    let mut out = HashMap::new();
    for (k, v) in tables {
        let is_norm = match &k {
            Value::String(s) => s.as_str() == Some("lexeme_norm"),
            Value::Binary(b) => b == b"lexeme_norm",
            _ => false,
        };
        if !is_norm {
            continue;
        }
        let Value::Map(entries) = v else {
            return Err(NlpError::format(path, "`lexeme_norm` is not a map"));
        };
        out.reserve(entries.len());
        for (key, val) in entries {
            let id = key.as_u64().ok_or_else(|| {
                NlpError::format(path, format!("`lexeme_norm` key {key} is not a u64"))
            })?;
            let norm = match val {
                Value::String(s) => s.into_str().ok_or_else(|| {
                    NlpError::format(path, format!("`lexeme_norm`[{id}] is not UTF-8"))
                })?,
                other => {
                    return Err(NlpError::format(
                        path,
                        format!("`lexeme_norm`[{id}] is {other}, expected a string"),
                    ))
                }
            };
            out.insert(id, norm);
        }
    }
    Ok(out)
}

// ---------------------------------------------------------------------------------------------
// static vectors

/// Parse a `.npy` file holding a 2-D little-endian float32 C-order array: (rows, cols, data).
pub fn parse_npy_f32_2d(bytes: &[u8], path: &Path) -> Result<(usize, usize, Vec<f32>), NlpError> {
    let bad = |what: &str| NlpError::decode(path, format!("npy: {what}"));
    if bytes.len() < 10 || &bytes[..6] != b"\x93NUMPY" {
        return Err(bad("missing \\x93NUMPY magic"));
    }
    let major = bytes[6];
    let (header_len, start): (usize, usize) = match major {
        1 => (usize::from(u16::from_le_bytes([bytes[8], bytes[9]])), 10),
        2 | 3 => {
            if bytes.len() < 12 {
                return Err(bad("truncated header"));
            }
            let n = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
            (usize::try_from(n).map_err(|_| bad("header too long"))?, 12)
        }
        v => return Err(bad(&format!("unknown format version {v}"))),
    };
    let end = start
        .checked_add(header_len)
        .filter(|&e| e <= bytes.len())
        .ok_or_else(|| bad("truncated header"))?;
    let header = std::str::from_utf8(&bytes[start..end]).map_err(|_| bad("header is not text"))?;
    let descr = npy_header_field(header, "descr").ok_or_else(|| bad("no 'descr'"))?;
    let descr = descr.trim().trim_matches(|c| c == '\'' || c == '"');
    if descr != "<f4" {
        return Err(NlpError::format(
            path,
            format!("npy dtype {descr:?}, expected '<f4'"),
        ));
    }
    let fortran =
        npy_header_field(header, "fortran_order").ok_or_else(|| bad("no 'fortran_order'"))?;
    if fortran.trim() != "False" {
        return Err(NlpError::format(path, "npy array is Fortran-ordered"));
    }
    let shape_txt = npy_header_field(header, "shape").ok_or_else(|| bad("no 'shape'"))?;
    let dims: Vec<usize> = shape_txt
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<usize>().map_err(|_| bad("bad shape")))
        .collect::<Result<_, _>>()?;
    let [rows, cols] = dims[..] else {
        return Err(NlpError::format(
            path,
            format!("npy shape {dims:?}, expected 2 dimensions"),
        ));
    };
    let need = rows
        .checked_mul(cols)
        .and_then(|n| n.checked_mul(4))
        .ok_or_else(|| bad("shape overflows"))?;
    let data = &bytes[end..];
    if data.len() != need {
        return Err(NlpError::decode(
            path,
            format!(
                "npy shape ({rows}, {cols}) needs {need} data bytes, file has {}",
                data.len()
            ),
        ));
    }
    let floats = data
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    Ok((rows, cols, floats))
}

/// The text of `'key': value` in a numpy header dict (value up to the next top-level comma).
fn npy_header_field<'a>(header: &'a str, key: &str) -> Option<&'a str> {
    let pat_a = format!("'{key}':");
    let pat_b = format!("\"{key}\":");
    let pos = header
        .find(&pat_a)
        .map(|p| p + pat_a.len())
        .or_else(|| header.find(&pat_b).map(|p| p + pat_b.len()))?;
    let rest = &header[pos..];
    let mut depth = 0i32;
    for (i, c) in rest.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            ',' | '}' if depth == 0 => return Some(&rest[..i]),
            _ => {}
        }
    }
    Some(rest)
}

/// Parse `vocab/key2row`: a msgpack map u64 key → row. Streams with `rmp` (md has 684k keys).
pub fn parse_key2row(bytes: &[u8], path: &Path) -> Result<HashMap<u64, usize>, NlpError> {
    let mut rd = bytes;
    let n = rmp::decode::read_map_len(&mut rd)
        .map_err(|e| NlpError::decode(path, format!("key2row: msgpack map header: {e}")))?;
    // Each entry takes at least 2 bytes; never trust the header for the allocation.
    let mut out = HashMap::with_capacity((n as usize).min(bytes.len() / 2));
    for i in 0..n {
        let key: u64 = rmp::decode::read_int(&mut rd)
            .map_err(|e| NlpError::decode(path, format!("key2row entry {i} key: {e}")))?;
        let row: u64 = rmp::decode::read_int(&mut rd)
            .map_err(|e| NlpError::decode(path, format!("key2row entry {i} row: {e}")))?;
        let row = usize::try_from(row)
            .map_err(|_| NlpError::format(path, format!("key2row row {row} too large")))?;
        out.insert(key, row);
    }
    if !rd.is_empty() {
        return Err(NlpError::decode(
            path,
            format!("key2row: {} trailing bytes", rd.len()),
        ));
    }
    Ok(out)
}

/// Read a vocab folder's static vectors: `vectors` (.npy), `key2row` (msgpack) and, when
/// present, `vectors.cfg` (only `mode: default` is supported; floret is not). Every row in
/// `key2row` must be inside the table.
pub fn read_static_vectors(vocab_dir: &Path) -> Result<StaticVectors, NlpError> {
    let cfg_path = vocab_dir.join("vectors.cfg");
    if cfg_path.exists() {
        let cfg = read_json(&cfg_path)?;
        if let Some(mode) = cfg.get("mode") {
            if mode.as_str() != Some("default") {
                return Err(NlpError::unsupported(
                    &cfg_path,
                    format!("vectors mode {mode} (only \"default\" is implemented)"),
                ));
            }
        }
    }
    let vec_path = vocab_dir.join("vectors");
    let (rows, dim, data) = parse_npy_f32_2d(&read_bytes(&vec_path)?, &vec_path)?;
    let k2r_path = vocab_dir.join("key2row");
    let key2row = parse_key2row(&read_bytes(&k2r_path)?, &k2r_path)?;
    if let Some((k, r)) = key2row.iter().find(|(_, &r)| r >= rows) {
        return Err(NlpError::format(
            &k2r_path,
            format!("key {k} maps to row {r} but `vectors` has {rows} rows"),
        ));
    }
    Ok(StaticVectors {
        rows,
        dim,
        data,
        key2row,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const CFG: &str = r#"
[nlp]
lang = "en"
pipeline = ["tok2vec","tagger"]
disabled = []

[components]

[components.tok2vec]
factory = "tok2vec"

[components.tok2vec.model]
@architectures = "spacy.Tok2Vec.v2"

[components.tok2vec.model.embed]
@architectures = "spacy.MultiHashEmbed.v2"
width = ${components.tok2vec.model.encode:width}
attrs = ["NORM","PREFIX"]
rows = [
    5000,
    1000]
include_static_vectors = false

[components.tok2vec.model.encode]
@architectures = "spacy.MaxoutWindowEncoder.v2"
width = 96
depth = 4
window_size = 1
maxout_pieces = 3

[components.tagger]
factory = "tagger"

[components.tagger.model]
@architectures = "spacy.Tagger.v2"
nO = null
normalize = false

[components.tagger.model.tok2vec]
@architectures = "spacy.Tok2VecListener.v1"
width = ${components.tok2vec.model.encode:width}
upstream = "tok2vec"
"#;

    #[test]
    fn parses_interpolation_and_multiline_values() {
        let cfg = ConfigFile::parse(CFG, Path::new("config.cfg")).expect("parses");
        let p = PipelineConfig::from_config(&cfg).expect("supported");
        assert_eq!(p.pipeline, vec!["tok2vec", "tagger"]);
        let Some(ModelConfig::Tok2Vec(Tok2VecConfig::Own { embed, encode })) =
            &p.components["tok2vec"].model
        else {
            panic!("tok2vec model: {:?}", p.components["tok2vec"].model);
        };
        assert_eq!(embed.width, 96);
        assert_eq!(embed.rows, vec![5000, 1000]);
        assert_eq!(encode.depth, 4);
        assert_eq!(
            p.components["tagger"].model,
            Some(ModelConfig::Tagger {
                normalize: false,
                tok2vec: Tok2VecConfig::Listener {
                    width: 96,
                    upstream: "tok2vec".into()
                }
            })
        );
        assert!(p.require("tagger").is_ok());
        assert!(matches!(
            p.require("ner"),
            Err(NlpError::Unsupported { .. })
        ));
    }

    #[test]
    fn unknown_architecture_is_unsupported_and_named() {
        let text = CFG.replace("spacy.MaxoutWindowEncoder.v2", "spacy.MishWindowEncoder.v2");
        let cfg = ConfigFile::parse(&text, Path::new("config.cfg")).expect("parses");
        let err = PipelineConfig::from_config(&cfg).expect_err("unsupported");
        let msg = err.to_string();
        assert!(matches!(err, NlpError::Unsupported { .. }), "{msg}");
        assert!(msg.contains("config.cfg") && msg.contains("spacy.MishWindowEncoder.v2"));
    }

    #[test]
    fn missing_component_section_is_an_error() {
        let text = CFG.replace(
            r#"pipeline = ["tok2vec","tagger"]"#,
            r#"pipeline = ["tok2vec","tagger","ner"]"#,
        );
        let cfg = ConfigFile::parse(&text, Path::new("config.cfg")).expect("parses");
        assert!(PipelineConfig::from_config(&cfg).is_err());
        let cfg = ConfigFile::parse("[nlp\nx = 1", Path::new("c")).expect_err("bad header");
        assert!(matches!(cfg, NlpError::Decode { .. }));
    }

    #[test]
    fn npy_and_key2row() {
        let mut npy = b"\x93NUMPY\x01\x00".to_vec();
        let mut header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }".to_string();
        while !(10 + header.len() + 1).is_multiple_of(64) {
            header.push(' ');
        }
        header.push('\n');
        npy.extend((header.len() as u16).to_le_bytes());
        npy.extend(header.as_bytes());
        for x in 0..6 {
            npy.extend((x as f32).to_le_bytes());
        }
        let (r, c, d) = parse_npy_f32_2d(&npy, Path::new("v")).expect("npy");
        assert_eq!((r, c), (2, 3));
        assert_eq!(d, vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]);
        assert!(parse_npy_f32_2d(&npy[..npy.len() - 1], Path::new("v")).is_err());
        for cut in 0..npy.len() {
            let _ = parse_npy_f32_2d(&npy[..cut], Path::new("v"));
        }

        let mut k2r = Vec::new();
        let v = Value::Map(vec![
            (Value::from(u64::MAX), Value::from(1)),
            (Value::from(7u64), Value::from(0)),
        ]);
        rmpv::encode::write_value(&mut k2r, &v).expect("vec write");
        let m = parse_key2row(&k2r, Path::new("k")).expect("k2r");
        assert_eq!(m.get(&u64::MAX), Some(&1));
        assert_eq!(m.get(&7), Some(&0));
        for cut in 0..k2r.len() {
            assert!(parse_key2row(&k2r[..cut], Path::new("k")).is_err());
        }
        assert!(parse_key2row(&[0x80], Path::new("k"))
            .expect("empty")
            .is_empty());
    }
}
