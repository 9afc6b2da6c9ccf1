//! The `tokenizer` file: a msgpack map of Python `re` patterns and special cases.
//!
//! Layout (spaCy `Tokenizer.to_bytes`): keys `prefix_search`, `suffix_search`,
//! `infix_finditer`, `token_match`, `url_match` (str or nil), `exceptions`
//! (map chunk → array of maps `{65: ORTH, 67: NORM}`) and `faster_heuristics` (bool).
//! A `vocab` key may be present and is ignored. Unknown keys are ignored too, as spaCy does.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rmpv::Value;

use crate::NlpError;

/// spaCy attribute id of ORTH in special-case token maps.
pub const ATTR_ORTH: u64 = 65;
/// spaCy attribute id of NORM in special-case token maps.
pub const ATTR_NORM: u64 = 67;

/// One token of a tokenizer special case: its ORTH and optional NORM (attr ids 65 and 67).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialToken {
    pub orth: Arc<str>,
    pub norm: Option<Arc<str>>,
}

/// A tokenizer special case: the chunk string and the tokens it becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecialCase {
    pub chunk: String,
    pub tokens: Vec<SpecialToken>,
}

/// The `tokenizer` file: Python `re` pattern strings and special cases, in file order.
#[derive(Debug, Clone, Default)]
pub struct TokenizerData {
    pub prefix_search: Option<String>,
    pub suffix_search: Option<String>,
    pub infix_finditer: Option<String>,
    pub token_match: Option<String>,
    pub url_match: Option<String>,
    pub exceptions: Vec<SpecialCase>,
    pub faster_heuristics: bool,
}

impl TokenizerData {
    /// Read and decode a `tokenizer` file; errors name the file.
    pub fn read(path: impl AsRef<Path>) -> Result<Self, NlpError> {
        let path = path.as_ref();
        let bytes = std::fs::read(path).map_err(|source| NlpError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::parse(&bytes, path)
    }

    /// Decode the bytes of a `tokenizer` file (errors name it `tokenizer`).
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, NlpError> {
        Self::parse(bytes, Path::new("tokenizer"))
    }

    /// Decode `bytes`, naming `path` in errors.
    pub fn parse(bytes: &[u8], path: &Path) -> Result<Self, NlpError> {
        let mut rd = bytes;
        let value = rmpv::decode::read_value(&mut rd)
            .map_err(|e| NlpError::decode(path, format!("msgpack: {e}")))?;
        let Value::Map(entries) = value else {
            return Err(NlpError::format(path, "top level is not a map"));
        };
        let mut data = TokenizerData {
            faster_heuristics: true,
            ..Default::default()
        };
        for (k, v) in &entries {
            let Some(key) = as_text(k) else {
                return Err(NlpError::format(path, "a top-level key is not a string"));
            };
            match key {
                "prefix_search" => data.prefix_search = pattern(path, key, v)?,
                "suffix_search" => data.suffix_search = pattern(path, key, v)?,
                "infix_finditer" => data.infix_finditer = pattern(path, key, v)?,
                "token_match" => data.token_match = pattern(path, key, v)?,
                "url_match" => data.url_match = pattern(path, key, v)?,
                "exceptions" => data.exceptions = exceptions(path, v)?,
                "faster_heuristics" => match v {
                    Value::Boolean(b) => data.faster_heuristics = *b,
                    Value::Nil => {}
                    _ => return Err(NlpError::format(path, "faster_heuristics is not a bool")),
                },
                _ => {}
            }
        }
        Ok(data)
    }
}

/// A msgpack str (or bin holding UTF-8) as text.
fn as_text(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) => s.as_str(),
        Value::Binary(b) => std::str::from_utf8(b).ok(),
        _ => None,
    }
}

fn pattern(path: &Path, key: &str, v: &Value) -> Result<Option<String>, NlpError> {
    match v {
        Value::Nil => Ok(None),
        _ => match as_text(v) {
            Some(s) => Ok(Some(s.to_string())),
            None => Err(NlpError::format(
                path,
                format!("{key} is neither a string nor nil"),
            )),
        },
    }
}

fn exceptions(path: &Path, v: &Value) -> Result<Vec<SpecialCase>, NlpError> {
    let bad = |what: String| NlpError::format(PathBuf::from(path), what);
    let entries = match v {
        Value::Map(m) => m,
        Value::Nil => return Ok(Vec::new()),
        _ => return Err(bad("exceptions is not a map".into())),
    };
    let mut out = Vec::with_capacity(entries.len());
    for (k, subs) in entries {
        let chunk = as_text(k).ok_or_else(|| bad("an exceptions key is not a string".into()))?;
        let Value::Array(subs) = subs else {
            return Err(bad(format!("exception {chunk:?} is not an array")));
        };
        if subs.is_empty() {
            return Err(bad(format!("exception {chunk:?} has no tokens")));
        }
        let mut tokens = Vec::with_capacity(subs.len());
        let mut joined = String::with_capacity(chunk.len());
        for sub in subs {
            let Value::Map(attrs) = sub else {
                return Err(bad(format!("exception {chunk:?}: a token is not a map")));
            };
            let mut orth = None;
            let mut norm = None;
            for (ak, av) in attrs {
                let id = match ak {
                    Value::Integer(i) => i.as_u64(),
                    _ => None,
                };
                let text = as_text(av);
                match (id, text) {
                    (Some(ATTR_ORTH), Some(t)) => orth = Some(t),
                    (Some(ATTR_NORM), Some(t)) => norm = Some(t),
                    _ => {
                        return Err(bad(format!(
                            "exception {chunk:?}: unsupported token attribute {ak}"
                        )))
                    }
                }
            }
            let orth = orth.ok_or_else(|| bad(format!("exception {chunk:?}: token lacks ORTH")))?;
            if orth.is_empty() {
                return Err(bad(format!("exception {chunk:?}: empty ORTH")));
            }
            joined.push_str(orth);
            tokens.push(SpecialToken {
                orth: Arc::from(orth),
                norm: norm.map(Arc::from),
            });
        }
        if joined != chunk {
            return Err(bad(format!(
                "exception {chunk:?}: ORTHs join to {joined:?}, not the key"
            )));
        }
        out.push(SpecialCase {
            chunk: chunk.to_string(),
            tokens,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(v: &Value) -> Vec<u8> {
        let mut buf = Vec::new();
        rmpv::encode::write_value(&mut buf, v).unwrap();
        buf
    }

    fn tok(orth: &str, norm: Option<&str>) -> Value {
        let mut m = vec![(Value::from(ATTR_ORTH), Value::from(orth))];
        if let Some(n) = norm {
            m.push((Value::from(ATTR_NORM), Value::from(n)));
        }
        Value::Map(m)
    }

    #[test]
    fn decodes_patterns_and_exceptions() {
        let v = Value::Map(vec![
            (Value::from("prefix_search"), Value::from("^\\(")),
            (Value::from("token_match"), Value::Nil),
            (
                Value::from("exceptions"),
                Value::Map(vec![(
                    Value::from("don't"),
                    Value::Array(vec![tok("do", None), tok("n't", Some("not"))]),
                )]),
            ),
            (Value::from("faster_heuristics"), Value::Boolean(false)),
        ]);
        let d = TokenizerData::from_bytes(&encode(&v)).unwrap();
        assert_eq!(d.prefix_search.as_deref(), Some("^\\("));
        assert!(d.token_match.is_none() && d.suffix_search.is_none());
        assert!(!d.faster_heuristics);
        assert_eq!(d.exceptions.len(), 1);
        assert_eq!(d.exceptions[0].tokens[1].norm.as_deref(), Some("not"));
        assert_eq!(d.exceptions[0].tokens[0].norm, None);
    }

    #[test]
    fn rejects_bad_input_with_errors() {
        assert!(TokenizerData::from_bytes(b"").is_err());
        assert!(TokenizerData::from_bytes(&[0xc1]).is_err());
        let not_map = encode(&Value::from(3));
        assert!(TokenizerData::from_bytes(&not_map).is_err());
        let bad_join = Value::Map(vec![(
            Value::from("exceptions"),
            Value::Map(vec![(
                Value::from("ab"),
                Value::Array(vec![tok("a", None)]),
            )]),
        )]);
        let err = TokenizerData::from_bytes(&encode(&bad_join)).unwrap_err();
        assert!(err.to_string().contains("tokenizer"), "{err}");
        let missing = TokenizerData::read("/nonexistent/tokenizer").unwrap_err();
        assert!(missing.to_string().contains("/nonexistent/tokenizer"));
    }
}
