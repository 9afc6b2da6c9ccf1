//! `parser/moves` and `ner/moves`: the label inventory of a transition system.
//!
//! The file is a msgpack map `{"moves": <JSON string>, "cfg": {...}}` where the JSON is
//! `{"<action int>": {"<label>": freq, ...}, ...}` (spaCy `TransitionSystem.to_bytes`).

use std::fmt;
use std::path::{Path, PathBuf};

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};

use crate::NlpError;

/// A `moves` file: for each action id, its labels with their frequencies, in file order.
/// Actions are ordered as spaCy's `initialize_actions` visits them (sorted by the JSON key
/// string, which for the one-digit action ids of every spaCy system is ascending order).
/// The transition system turns this into its ordered class list.
#[derive(Debug, Clone, Default)]
pub struct Moves {
    pub actions: Vec<(u32, Vec<(String, i64)>)>,
    /// The file this came from (for error messages); empty when built in memory.
    pub source: PathBuf,
}

impl Moves {
    /// Read a `moves` file.
    pub fn read(path: impl AsRef<Path>) -> Result<Self, NlpError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| NlpError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_bytes(&bytes, path)
    }

    /// Decode the bytes of a `moves` file; `path` only names the file in errors.
    pub fn from_bytes(bytes: &[u8], path: impl AsRef<Path>) -> Result<Self, NlpError> {
        let path = path.as_ref();
        let mut rd = bytes;
        let value = rmpv::decode::read_value(&mut rd)
            .map_err(|e| NlpError::decode(path, format!("msgpack: {e}")))?;
        let map = value
            .as_map()
            .ok_or_else(|| NlpError::format(path, "top level is not a msgpack map"))?;
        let moves = map
            .iter()
            .find(|(k, _)| key_is(k, "moves"))
            .map(|(_, v)| v)
            .ok_or_else(|| NlpError::format(path, "no \"moves\" key"))?;
        let json: &str = match moves {
            rmpv::Value::String(s) => s
                .as_str()
                .ok_or_else(|| NlpError::format(path, "\"moves\" is not valid UTF-8"))?,
            rmpv::Value::Binary(b) => std::str::from_utf8(b)
                .map_err(|_| NlpError::format(path, "\"moves\" is not valid UTF-8"))?,
            _ => return Err(NlpError::format(path, "\"moves\" is not a string")),
        };
        Self::from_json(json, path)
    }

    /// Parse the JSON label inventory (the `"moves"` string of the file).
    pub fn from_json(json: &str, path: impl AsRef<Path>) -> Result<Self, NlpError> {
        let path = path.as_ref();
        let parsed: Ordered<Ordered<serde_json::Value>> = serde_json::from_str(json)
            .map_err(|e| NlpError::decode(path, format!("\"moves\" JSON: {e}")))?;
        let mut keyed = Vec::with_capacity(parsed.0.len());
        for (key, labels) in parsed.0 {
            let action: u32 = key.parse().map_err(|_| {
                NlpError::format(path, format!("action key {key:?} is not an integer"))
            })?;
            let mut out = Vec::with_capacity(labels.0.len());
            for (label, freq) in labels.0 {
                let freq = freq.as_i64().ok_or_else(|| {
                    NlpError::format(
                        path,
                        format!("frequency of {label:?} (action {key}) is not an integer"),
                    )
                })?;
                out.push((label, freq));
            }
            keyed.push((key, action, out));
        }
        // spaCy: `for action, label_freqs in sorted(labels_by_action.items())` on string keys.
        keyed.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(Moves {
            actions: keyed.into_iter().map(|(_, a, l)| (a, l)).collect(),
            source: path.to_path_buf(),
        })
    }
}

fn key_is(k: &rmpv::Value, name: &str) -> bool {
    match k {
        rmpv::Value::String(s) => s.as_str() == Some(name),
        rmpv::Value::Binary(b) => b.as_slice() == name.as_bytes(),
        _ => false,
    }
}

/// A JSON object read as an ordered list of entries (file order kept).
struct Ordered<T>(Vec<(String, T)>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Ordered<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for V<T> {
            type Value = Ordered<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, T>()? {
                    out.push((k, v));
                }
                Ok(Ordered(out))
            }
        }
        d.deserialize_map(V(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_keeps_file_order_and_sorts_actions_by_key() {
        let m = Moves::from_json(r#"{"1":{"b":2,"a":5},"0":{"":3}}"#, "x").unwrap();
        assert_eq!(m.actions.len(), 2);
        assert_eq!(m.actions[0], (0, vec![(String::new(), 3)]));
        assert_eq!(
            m.actions[1],
            (1, vec![("b".to_string(), 2), ("a".to_string(), 5)])
        );
    }

    #[test]
    fn errors_name_the_file() {
        let e = Moves::from_json(r#"{"x":{}}"#, "some/moves").unwrap_err();
        assert!(e.to_string().contains("some/moves"), "{e}");
        let e = Moves::from_bytes(b"\x81\xa5mov", "other/moves").unwrap_err();
        assert!(matches!(e, NlpError::Decode { .. }), "{e}");
        assert!(e.to_string().contains("other/moves"));
        let e = Moves::from_json(r#"{"0":{"a":1.5}}"#, "m").unwrap_err();
        assert!(matches!(e, NlpError::Format { .. }), "{e}");
    }

    #[test]
    fn msgpack_envelope() {
        let v = rmpv::Value::Map(vec![
            (
                rmpv::Value::from("moves"),
                rmpv::Value::from(r#"{"0":{"":1}}"#),
            ),
            (rmpv::Value::from("cfg"), rmpv::Value::Map(vec![])),
        ]);
        let mut buf = Vec::new();
        rmpv::encode::write_value(&mut buf, &v).unwrap();
        let m = Moves::from_bytes(&buf, "p").unwrap();
        assert_eq!(m.actions, vec![(0, vec![(String::new(), 1)])]);
        let missing = rmpv::Value::Map(vec![(rmpv::Value::from("cfg"), rmpv::Value::Nil)]);
        let mut buf = Vec::new();
        rmpv::encode::write_value(&mut buf, &missing).unwrap();
        assert!(Moves::from_bytes(&buf, "p").is_err());
    }
}
