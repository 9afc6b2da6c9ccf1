//! Looking up thinc nodes, parameters and attributes with shape checks that turn into
//! [`NlpError::Format`] errors naming the file and node.

use crate::model::{Tensor, ThincModel, ThincNode};
use crate::NlpError;

/// A `Format` error about `node` of `model`.
pub fn node_error(model: &ThincModel, node: &ThincNode, what: impl std::fmt::Display) -> NlpError {
    NlpError::format(
        &model.path,
        format!("node {} `{}`: {what}", node.index, node.name),
    )
}

/// The parameter `name` of `node`, which must be set and have `shape` (`None` = any size).
pub fn param<'a>(
    model: &ThincModel,
    node: &'a ThincNode,
    name: &str,
    shape: &[Option<usize>],
) -> Result<&'a Tensor, NlpError> {
    let t = node
        .params
        .iter()
        .find(|(n, _)| n == name)
        .and_then(|(_, t)| t.as_ref())
        .ok_or_else(|| node_error(model, node, format!("parameter `{name}` missing")))?;
    let shape_ok = t.shape.len() == shape.len()
        && t.shape
            .iter()
            .zip(shape)
            .all(|(have, want)| want.is_none_or(|w| w == *have));
    let len_ok = t.data.len() == t.shape.iter().product::<usize>();
    if !shape_ok || !len_ok {
        return Err(node_error(
            model,
            node,
            format!(
                "parameter `{name}` has shape {:?} ({} values), expected {:?}",
                t.shape,
                t.data.len(),
                shape
            ),
        ));
    }
    Ok(t)
}

/// Integer attribute `key` of `node`.
pub fn attr_u64(model: &ThincModel, node: &ThincNode, key: &str) -> Result<u64, NlpError> {
    node.attrs.get(key).and_then(|v| v.as_u64()).ok_or_else(|| {
        node_error(
            model,
            node,
            format!("attribute `{key}` missing or not an integer"),
        )
    })
}

/// List-of-strings attribute `key` of `node`.
pub fn attr_strings(
    model: &ThincModel,
    node: &ThincNode,
    key: &str,
) -> Result<Vec<String>, NlpError> {
    let bad = || {
        node_error(
            model,
            node,
            format!("attribute `{key}` missing or not a string list"),
        )
    };
    let arr = node
        .attrs
        .get(key)
        .and_then(|v| v.as_array())
        .ok_or_else(bad)?;
    arr.iter()
        .map(|v| v.as_str().map(str::to_string).ok_or_else(bad))
        .collect()
}

/// Dimension `key` of `node`, if set.
pub fn dim(node: &ThincNode, key: &str) -> Option<usize> {
    node.dims
        .get(key)
        .copied()
        .flatten()
        .and_then(|d| usize::try_from(d).ok())
}

/// Nodes named exactly `name`, in file (breadth-first) order.
pub fn named<'a>(model: &'a ThincModel, name: &'a str) -> impl Iterator<Item = &'a ThincNode> + 'a {
    model.nodes.iter().filter(move |n| n.name == name)
}

/// A `Format` error about the whole file.
pub fn model_error(model: &ThincModel, what: impl Into<String>) -> NlpError {
    NlpError::format(&model.path, what)
}
