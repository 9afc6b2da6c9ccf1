//! thinc model files: a msgpack map `{nodes, attrs, params, shims}`, one entry per node in
//! breadth-first `Model.walk()` order; arrays are srsly numpy maps with bin keys.
//!
//! The reader is value-level ([`rmpv`]): the file is decoded once, then each node is checked and
//! converted. Every malformed input yields an [`NlpError`] naming the file (and node / param where
//! known); nothing here panics.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rmpv::Value;

use crate::NlpError;

/// A float32 array in C order.
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    pub shape: Vec<usize>,
    pub data: Vec<f32>,
}

impl Tensor {
    /// Number of elements (`prod(shape)`).
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// True when the tensor holds no elements.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
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

impl ThincNode {
    /// The parameter `name` if present and set.
    pub fn param(&self, name: &str) -> Option<&Tensor> {
        self.params
            .iter()
            .find(|(n, _)| n == name)
            .and_then(|(_, t)| t.as_ref())
    }

    /// The dimension `name` if present and set.
    pub fn dim(&self, name: &str) -> Option<i64> {
        self.dims.get(name).copied().flatten()
    }

    /// The decoded attribute `name`, if present.
    pub fn attr(&self, name: &str) -> Option<&Value> {
        self.attrs.get(name)
    }
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
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Self, NlpError> {
        let root = decode_exact(bytes, path, "model")?;
        let Value::Map(entries) = root else {
            return Err(NlpError::format(
                path,
                format!("top level is {}, expected a map", kind(&root)),
            ));
        };
        let mut nodes_v = None;
        let mut attrs_v = None;
        let mut params_v = None;
        let mut shims_v = None;
        for (k, v) in entries {
            match key_str(&k) {
                Some("nodes") => nodes_v = Some(v),
                Some("attrs") => attrs_v = Some(v),
                Some("params") => params_v = Some(v),
                Some("shims") => shims_v = Some(v),
                _ => {}
            }
        }
        let nodes_v = top_array(nodes_v, "nodes", path)?;
        let attrs_v = top_array(attrs_v, "attrs", path)?;
        let params_v = top_array(params_v, "params", path)?;
        let shims_v = top_array(shims_v, "shims", path)?;
        let n = nodes_v.len();
        for (what, len) in [
            ("attrs", attrs_v.len()),
            ("params", params_v.len()),
            ("shims", shims_v.len()),
        ] {
            if len != n {
                return Err(NlpError::format(
                    path,
                    format!("`{what}` has {len} entries but `nodes` has {n}"),
                ));
            }
        }
        let mut nodes = Vec::with_capacity(n);
        for (i, ((node_v, attrs_v), params_v)) in
            nodes_v.into_iter().zip(attrs_v).zip(params_v).enumerate()
        {
            let mut node = read_node(node_v, i, n, path)?;
            node.attrs = read_attrs(attrs_v, &node, path)?;
            node.params = read_params(params_v, &node, path)?;
            nodes.push(node);
        }
        for (i, s) in shims_v.iter().enumerate() {
            match s {
                Value::Array(a) if a.is_empty() => {}
                _ => {
                    return Err(NlpError::unsupported(
                        path,
                        format!("node {i} has shims (wrapped foreign models are not supported)"),
                    ))
                }
            }
        }
        Ok(ThincModel {
            path: path.to_path_buf(),
            nodes,
        })
    }

    /// The node at `index`, or a Format error naming the file.
    pub fn node(&self, index: usize) -> Result<&ThincNode, NlpError> {
        self.nodes.get(index).ok_or_else(|| {
            NlpError::format(
                &self.path,
                format!("no node {index} (the model has {})", self.nodes.len()),
            )
        })
    }

    /// The first node (in file order) called `name`.
    pub fn node_by_name(&self, name: &str) -> Option<&ThincNode> {
        self.nodes.iter().find(|n| n.name == name)
    }

    /// All nodes called `name`, in file (BFS) order.
    pub fn nodes_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a ThincNode> + 'a {
        self.nodes.iter().filter(move |n| n.name == name)
    }

    /// The node that `node`'s reference `ref_name` points to (e.g. `lower` of `parser_model`).
    pub fn node_ref(&self, node: usize, ref_name: &str) -> Result<&ThincNode, NlpError> {
        let n = self.node(node)?;
        match n.refs.get(ref_name) {
            Some(Some(target)) => self.node(*target),
            Some(None) => Err(NlpError::format(
                &self.path,
                format!("node {node} ({}) has its ref `{ref_name}` unset", n.name),
            )),
            None => Err(NlpError::format(
                &self.path,
                format!("node {node} ({}) has no ref `{ref_name}`", n.name),
            )),
        }
    }

    /// Parameter `name` of node `node`, present and set, of any shape.
    pub fn param_any(&self, node: usize, name: &str) -> Result<&Tensor, NlpError> {
        let n = self.node(node)?;
        match n.params.iter().find(|(p, _)| p == name) {
            Some((_, Some(t))) => Ok(t),
            Some((_, None)) => Err(NlpError::format(
                &self.path,
                format!("node {node} ({}): param `{name}` is unset", n.name),
            )),
            None => Err(NlpError::format(
                &self.path,
                format!("node {node} ({}) has no param `{name}`", n.name),
            )),
        }
    }

    /// Parameter `name` of node `node`, which must have exactly `shape`.
    pub fn param(&self, node: usize, name: &str, shape: &[usize]) -> Result<&Tensor, NlpError> {
        let t = self.param_any(node, name)?;
        if t.shape != shape {
            let n = self.node(node)?;
            return Err(NlpError::format(
                &self.path,
                format!(
                    "node {node} ({}): param `{name}` has shape {:?}, expected {:?}",
                    n.name, t.shape, shape
                ),
            ));
        }
        Ok(t)
    }

    /// Integer attribute `name` of node `node` (e.g. hashembed `seed`, `column`).
    pub fn attr_int(&self, node: usize, name: &str) -> Result<i64, NlpError> {
        let n = self.node(node)?;
        match n.attrs.get(name) {
            Some(v) => v.as_i64().ok_or_else(|| {
                NlpError::format(
                    &self.path,
                    format!(
                        "node {node} ({}): attr `{name}` is {}, expected an integer",
                        n.name,
                        kind(v)
                    ),
                )
            }),
            None => Err(NlpError::format(
                &self.path,
                format!("node {node} ({}) has no attr `{name}`", n.name),
            )),
        }
    }

    /// Total number of float parameters in the file (for sanity checks and logs).
    pub fn n_floats(&self) -> usize {
        self.nodes
            .iter()
            .flat_map(|n| n.params.iter())
            .filter_map(|(_, t)| t.as_ref())
            .map(Tensor::len)
            .sum()
    }
}

/// Decode exactly one msgpack value from `bytes`; trailing bytes are an error.
pub(crate) fn decode_exact(bytes: &[u8], path: &Path, what: &str) -> Result<Value, NlpError> {
    let mut rd = bytes;
    let v = rmpv::decode::read_value(&mut rd)
        .map_err(|e| NlpError::decode(path, format!("{what}: msgpack: {e}")))?;
    if !rd.is_empty() {
        return Err(NlpError::decode(
            path,
            format!(
                "{what}: {} trailing bytes after the msgpack value",
                rd.len()
            ),
        ));
    }
    Ok(v)
}

/// A map key as text: msgpack `str` or `bin` holding UTF-8 (srsly uses bin keys for arrays).
fn key_str(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => s.as_str(),
        Value::Binary(b) => std::str::from_utf8(b).ok(),
        _ => None,
    }
}

/// A short name of a value's msgpack type, for error messages.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Nil => "nil",
        Value::Boolean(_) => "a bool",
        Value::Integer(_) => "an integer",
        Value::F32(_) | Value::F64(_) => "a float",
        Value::String(_) => "a str",
        Value::Binary(_) => "a bin",
        Value::Array(_) => "an array",
        Value::Map(_) => "a map",
        Value::Ext(..) => "an ext",
    }
}

fn top_array(v: Option<Value>, key: &str, path: &Path) -> Result<Vec<Value>, NlpError> {
    match v {
        Some(Value::Array(a)) => Ok(a),
        Some(other) => Err(NlpError::format(
            path,
            format!("`{key}` is {}, expected an array", kind(&other)),
        )),
        None => Err(NlpError::format(path, format!("missing top-level `{key}`"))),
    }
}

fn read_node(v: Value, i: usize, n: usize, path: &Path) -> Result<ThincNode, NlpError> {
    let bad = |what: String| NlpError::format(path, format!("node {i}: {what}"));
    let Value::Map(entries) = v else {
        return Err(bad(format!("entry is {}, expected a map", kind(&v))));
    };
    let mut node = ThincNode {
        index: i,
        name: String::new(),
        dims: BTreeMap::new(),
        refs: BTreeMap::new(),
        attrs: BTreeMap::new(),
        params: Vec::new(),
    };
    let mut have_name = false;
    for (k, v) in entries {
        match key_str(&k) {
            Some("index") => match v.as_u64() {
                Some(x) if x == i as u64 => {}
                _ => return Err(bad(format!("`index` is {v}, expected {i}"))),
            },
            Some("name") => {
                node.name = key_str(&v)
                    .ok_or_else(|| bad(format!("`name` is {}, expected a str", kind(&v))))?
                    .to_string();
                have_name = true;
            }
            Some("dims") => {
                let Value::Map(d) = v else {
                    return Err(bad(format!("`dims` is {}, expected a map", kind(&v))));
                };
                for (dk, dv) in d {
                    let name = key_str(&dk)
                        .ok_or_else(|| bad("a dim name is not a string".into()))?
                        .to_string();
                    let val = match dv {
                        Value::Nil => None,
                        ref x => Some(
                            x.as_i64()
                                .ok_or_else(|| bad(format!("dim `{name}` is {}", kind(x))))?,
                        ),
                    };
                    node.dims.insert(name, val);
                }
            }
            Some("refs") => {
                let Value::Map(r) = v else {
                    return Err(bad(format!("`refs` is {}, expected a map", kind(&v))));
                };
                for (rk, rv) in r {
                    let name = key_str(&rk)
                        .ok_or_else(|| bad("a ref name is not a string".into()))?
                        .to_string();
                    let val = match rv {
                        Value::Nil => None,
                        ref x => match x.as_u64() {
                            Some(t) if (t as usize) < n => Some(t as usize),
                            _ => {
                                return Err(bad(format!("ref `{name}` = {x} is not a node index")))
                            }
                        },
                    };
                    node.refs.insert(name, val);
                }
            }
            _ => {}
        }
    }
    if !have_name {
        return Err(bad("missing `name`".into()));
    }
    Ok(node)
}

fn read_attrs(
    v: Value,
    node: &ThincNode,
    path: &Path,
) -> Result<BTreeMap<String, Value>, NlpError> {
    let i = node.index;
    let Value::Map(entries) = v else {
        return Err(NlpError::format(
            path,
            format!("node {i} ({}): attrs entry is {}", node.name, kind(&v)),
        ));
    };
    let mut out = BTreeMap::new();
    for (k, v) in entries {
        let name = key_str(&k)
            .ok_or_else(|| {
                NlpError::format(
                    path,
                    format!("node {i} ({}): attr name is not a string", node.name),
                )
            })?
            .to_string();
        let value = match v {
            Value::Binary(blob) => decode_exact(
                &blob,
                path,
                &format!("node {i} ({}) attr `{name}`", node.name),
            )?,
            other => other,
        };
        out.insert(name, value);
    }
    Ok(out)
}

fn read_params(
    v: Value,
    node: &ThincNode,
    path: &Path,
) -> Result<Vec<(String, Option<Tensor>)>, NlpError> {
    let i = node.index;
    let Value::Map(entries) = v else {
        return Err(NlpError::format(
            path,
            format!("node {i} ({}): params entry is {}", node.name, kind(&v)),
        ));
    };
    let mut out = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        let name = key_str(&k)
            .ok_or_else(|| {
                NlpError::format(
                    path,
                    format!("node {i} ({}): param name is not a string", node.name),
                )
            })?
            .to_string();
        let t = match v {
            Value::Nil => None,
            other => Some(read_array(other, path).map_err(|what| {
                NlpError::format(
                    path,
                    format!("node {i} ({}) param `{name}`: {what}", node.name),
                )
            })?),
        };
        out.push((name, t));
    }
    Ok(out)
}

/// Decode one srsly numpy map (`{nd, type, kind, shape, data}` with bin keys) into a tensor.
/// Errors are returned as plain text; the caller adds file/node/param context.
pub(crate) fn read_array(v: Value, _path: &Path) -> Result<Tensor, String> {
    let Value::Map(entries) = v else {
        return Err(format!("is {}, expected a numpy array map", kind(&v)));
    };
    let mut dtype = None;
    let mut shape = None;
    let mut data = None;
    let mut nd = false;
    for (k, v) in entries {
        match key_str(&k) {
            Some("nd") => nd = v.as_bool().unwrap_or(false),
            Some("type") => dtype = key_str(&v).map(str::to_string),
            Some("shape") => {
                let Value::Array(dims) = v else {
                    return Err(format!("`shape` is {}", kind(&v)));
                };
                let mut s = Vec::with_capacity(dims.len());
                for d in dims {
                    let x = d
                        .as_u64()
                        .ok_or_else(|| format!("shape entry {d} is invalid"))?;
                    s.push(usize::try_from(x).map_err(|_| format!("shape entry {x} too large"))?);
                }
                shape = Some(s);
            }
            Some("data") => match v {
                Value::Binary(b) => data = Some(b),
                other => return Err(format!("`data` is {}, expected a bin", kind(&other))),
            },
            _ => {}
        }
    }
    if !nd {
        return Err("not a numpy array map (`nd` missing or false)".into());
    }
    let dtype = dtype.ok_or("missing `type`")?;
    if dtype != "<f4" {
        return Err(format!(
            "dtype {dtype:?} is not supported (expected \"<f4\")"
        ));
    }
    let shape = shape.ok_or("missing `shape`")?;
    let data = data.ok_or("missing `data`")?;
    let count = shape
        .iter()
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))
        .ok_or_else(|| format!("shape {shape:?} overflows"))?;
    if count.checked_mul(4) != Some(data.len()) {
        return Err(format!(
            "shape {shape:?} needs {count}×4 bytes but `data` has {}",
            data.len()
        ));
    }
    let floats = data
        .chunks_exact(4)
        .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect();
    Ok(Tensor {
        shape,
        data: floats,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bin(s: &str) -> Value {
        Value::Binary(s.as_bytes().to_vec())
    }

    fn array_map(shape: &[u64], data: &[f32], dtype: &str) -> Value {
        let bytes: Vec<u8> = data.iter().flat_map(|f| f.to_le_bytes()).collect();
        Value::Map(vec![
            (bin("nd"), Value::Boolean(true)),
            (bin("type"), Value::from(dtype)),
            (bin("kind"), Value::Binary(vec![])),
            (
                bin("shape"),
                Value::Array(shape.iter().map(|&d| Value::from(d)).collect()),
            ),
            (bin("data"), Value::Binary(bytes)),
        ])
    }

    fn encode(v: &Value) -> Vec<u8> {
        let mut out = Vec::new();
        // Writing into a Vec cannot fail.
        rmpv::encode::write_value(&mut out, v).unwrap_or_default();
        out
    }

    /// A tiny two-node model built the way thinc writes one.
    fn tiny(dtype: &str, shape: &[u64], data: &[f32]) -> Vec<u8> {
        let seed = encode(&Value::from(8u8));
        let node0 = Value::Map(vec![
            (Value::from("index"), Value::from(0)),
            (Value::from("name"), Value::from("chain")),
            (
                Value::from("dims"),
                Value::Map(vec![(Value::from("nO"), Value::Nil)]),
            ),
            (
                Value::from("refs"),
                Value::Map(vec![(Value::from("embed"), Value::from(1))]),
            ),
        ]);
        let node1 = Value::Map(vec![
            (Value::from("index"), Value::from(1)),
            (Value::from("name"), Value::from("hashembed")),
            (
                Value::from("dims"),
                Value::Map(vec![(Value::from("nO"), Value::from(2))]),
            ),
            (Value::from("refs"), Value::Map(vec![])),
        ]);
        let root = Value::Map(vec![
            (Value::from("nodes"), Value::Array(vec![node0, node1])),
            (
                Value::from("attrs"),
                Value::Array(vec![
                    Value::Map(vec![]),
                    Value::Map(vec![(Value::from("seed"), Value::Binary(seed))]),
                ]),
            ),
            (
                Value::from("params"),
                Value::Array(vec![
                    Value::Map(vec![]),
                    Value::Map(vec![
                        (Value::from("E"), array_map(shape, data, dtype)),
                        (Value::from("unset"), Value::Nil),
                    ]),
                ]),
            ),
            (
                Value::from("shims"),
                Value::Array(vec![Value::Array(vec![]), Value::Array(vec![])]),
            ),
        ]);
        encode(&root)
    }

    #[test]
    fn decodes_a_synthetic_model() {
        let bytes = tiny("<f4", &[3, 2], &[1.0, -2.0, 0.5, 3.25, 0.0, 7.0]);
        let m = ThincModel::from_bytes(&bytes, Path::new("x/model")).expect("decodes");
        assert_eq!(m.nodes.len(), 2);
        assert_eq!(m.nodes[0].refs.get("embed"), Some(&Some(1)));
        assert_eq!(m.nodes[0].dims.get("nO"), Some(&None));
        assert_eq!(m.node_ref(0, "embed").map(|n| n.index).ok(), Some(1));
        assert_eq!(m.attr_int(1, "seed").ok(), Some(8));
        let e = m.param(1, "E", &[3, 2]).expect("E");
        assert_eq!(e.data, vec![1.0, -2.0, 0.5, 3.25, 0.0, 7.0]);
        assert!(m.nodes[1].param("unset").is_none());
        assert!(m.param_any(1, "unset").is_err());
        let err = m.param(1, "E", &[2, 3]).expect_err("wrong shape");
        let msg = err.to_string();
        assert!(msg.contains("x/model") && msg.contains("hashembed") && msg.contains("`E`"));
        assert!(m.node_by_name("hashembed").is_some());
        assert_eq!(m.n_floats(), 6);
    }

    #[test]
    fn rejects_wrong_dtype_and_size() {
        let bytes = tiny("<f8", &[1], &[1.0, 2.0]);
        let err = ThincModel::from_bytes(&bytes, Path::new("m")).expect_err("f8");
        assert!(matches!(err, NlpError::Format { .. }), "{err}");
        let bytes = tiny("<f4", &[3], &[1.0, 2.0]);
        let err = ThincModel::from_bytes(&bytes, Path::new("m")).expect_err("size");
        assert!(err.to_string().contains("needs"), "{err}");
    }

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = tiny("<f4", &[2], &[1.0, 2.0]);
        for cut in 0..bytes.len() {
            let r = ThincModel::from_bytes(&bytes[..cut], Path::new("m"));
            assert!(r.is_err(), "cut at {cut} decoded");
        }
        let mut extra = bytes.clone();
        extra.push(0);
        assert!(matches!(
            ThincModel::from_bytes(&extra, Path::new("m")),
            Err(NlpError::Decode { .. })
        ));
    }

    #[test]
    fn byte_flips_never_panic() {
        let bytes = tiny("<f4", &[2], &[1.0, 2.0]);
        for i in 0..bytes.len() {
            for x in [0x01u8, 0x80, 0xff] {
                let mut b = bytes.clone();
                b[i] ^= x;
                let _ = ThincModel::from_bytes(&b, Path::new("m"));
            }
        }
    }
}
