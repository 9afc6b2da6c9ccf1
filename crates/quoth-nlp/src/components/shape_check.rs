//! The typed `config.cfg` against the weights: each component's architecture settings must be
//! what its model file holds, so a config edited by hand or a model file from another pipeline
//! is a typed error naming both files and the setting, not wrong output.

use super::BuildContext;
use crate::layers::parser_model::ParserModel;
use crate::layers::tok2vec::Tok2Vec;
use crate::model::files::{ModelConfig, Tok2VecConfig};
use crate::NlpError;

/// One setting compared: `config.cfg` says `want`, the weights have `got`.
fn same<T: PartialEq + std::fmt::Debug>(
    cx: &BuildContext<'_>,
    name: &str,
    setting: &str,
    want: T,
    got: T,
) -> Result<(), NlpError> {
    if want == got {
        return Ok(());
    }
    Err(NlpError::format(
        cx.path.join("config.cfg"),
        format!(
            "component `{name}`: {setting} is {want:?} in config.cfg but {got:?} in {}",
            cx.dir(name).join("model").display()
        ),
    ))
}

/// The model block of component `name`, if the config has one.
fn model_config<'c>(cx: &'c BuildContext<'_>, name: &str) -> Option<&'c ModelConfig> {
    cx.config
        .components
        .get(name)
        .and_then(|c| c.model.as_ref())
}

/// Check a component's token-vector settings: its own tok2vec's shape, or the width of the
/// shared one it listens to.
fn check_tok2vec(
    cx: &BuildContext<'_>,
    name: &str,
    cfg: &Tok2VecConfig,
    own: Option<&Tok2Vec>,
) -> Result<(), NlpError> {
    match (cfg, own) {
        (Tok2VecConfig::Own { embed, encode }, Some(t2v)) => {
            let shape = t2v.shape();
            same(cx, name, "encode.width", encode.width, shape.width)?;
            same(cx, name, "encode.depth", encode.depth, shape.depth)?;
            same(
                cx,
                name,
                "encode.window_size",
                encode.window_size,
                shape.window,
            )?;
            same(
                cx,
                name,
                "encode.maxout_pieces",
                encode.maxout_pieces,
                shape.maxout_pieces,
            )?;
            same(cx, name, "embed.rows", embed.rows.clone(), shape.rows)?;
            same(
                cx,
                name,
                "embed.include_static_vectors",
                embed.include_static_vectors,
                shape.static_vectors,
            )
        }
        (Tok2VecConfig::Own { .. }, None) => same(cx, name, "own tok2vec", true, false),
        (Tok2VecConfig::Listener { width, .. }, None) => {
            same(cx, name, "listener width", Some(*width), cx.shared_width)
        }
        (Tok2VecConfig::Listener { .. }, Some(_)) => same(cx, name, "own tok2vec", false, true),
    }
}

/// Check the `tok2vec` component against its weights.
pub(super) fn tok2vec(cx: &BuildContext<'_>, name: &str, t2v: &Tok2Vec) -> Result<(), NlpError> {
    match model_config(cx, name) {
        Some(ModelConfig::Tok2Vec(cfg)) => check_tok2vec(cx, name, cfg, Some(t2v)),
        _ => Ok(()),
    }
}

/// Check a parser or NER against its weights.
pub(super) fn parser(
    cx: &BuildContext<'_>,
    name: &str,
    model: &ParserModel,
) -> Result<(), NlpError> {
    match model_config(cx, name) {
        Some(ModelConfig::Parser {
            hidden_width,
            maxout_pieces,
            tok2vec,
            ..
        }) => {
            let (hidden, pieces) = model.hidden_shape();
            same(cx, name, "hidden_width", *hidden_width, hidden)?;
            same(cx, name, "maxout_pieces", *maxout_pieces, pieces)?;
            check_tok2vec(cx, name, tok2vec, model.tok2vec())
        }
        _ => Ok(()),
    }
}

/// Check a tagger's listener against the shared tok2vec.
pub(super) fn tagger(cx: &BuildContext<'_>, name: &str) -> Result<(), NlpError> {
    match model_config(cx, name) {
        Some(ModelConfig::Tagger { tok2vec, .. }) => check_tok2vec(cx, name, tok2vec, None),
        _ => Ok(()),
    }
}
