//! The attribute_ruler component: token-pattern rules that set POS (and MORPH/LEMMA, and fix
//! TAG/DEP of whitespace tokens), read from `attribute_ruler/patterns`.
//!
//! spaCy semantics (`spacy/pipeline/attributeruler.py`): one Matcher pass over the unmodified
//! doc finds every match of every rule; matches are applied sorted by rule number (then start,
//! end), so later rules override earlier ones; each match sets its attrs on `span[index]`.
//! Only the Matcher subset these patterns use is implemented (fixed-length token sequences,
//! no operators; `ORTH`/`TEXT`/`LOWER`/`TAG`/`POS`/`DEP` equal-to, `IN`, `NOT_IN`, `REGEX`;
//! `IS_SPACE`); anything else is an [`NlpError::Unsupported`] error naming the file.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rmpv::Value;

use crate::NlpError;

/// The token attributes the patterns read. Strings are the token's `text`, `lower_`, `tag_`,
/// `pos_` and `dep_` as they are before the ruler runs (empty when unset).
#[derive(Debug, Clone, Copy, Default)]
pub struct RulerToken<'a> {
    pub text: &'a str,
    pub lower: &'a str,
    pub tag: &'a str,
    pub pos: &'a str,
    pub dep: &'a str,
    pub is_space: bool,
}

/// What the ruler sets on one token; `None` = left unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RulerOutput {
    pub pos: Option<Arc<str>>,
    pub tag: Option<Arc<str>>,
    pub dep: Option<Arc<str>>,
    pub lemma: Option<Arc<str>>,
    pub morph: Option<Arc<str>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Text,
    Lower,
    Tag,
    Pos,
    Dep,
}

impl Field {
    fn parse(key: &str) -> Option<Self> {
        Some(match key {
            "ORTH" | "TEXT" => Field::Text,
            "LOWER" => Field::Lower,
            "TAG" => Field::Tag,
            "POS" => Field::Pos,
            "DEP" => Field::Dep,
            _ => return None,
        })
    }

    fn get<'a>(self, t: &RulerToken<'a>) -> &'a str {
        match self {
            Field::Text => t.text,
            Field::Lower => t.lower,
            Field::Tag => t.tag,
            Field::Pos => t.pos,
            Field::Dep => t.dep,
        }
    }
}

#[derive(Debug, Clone)]
enum Pred {
    Eq(Field, String),
    In(Field, Vec<String>),
    NotIn(Field, Vec<String>),
    Regex(Field, fancy_regex::Regex),
    IsSpace(bool),
}

impl Pred {
    fn matches(&self, t: &RulerToken<'_>) -> bool {
        match self {
            Pred::Eq(f, v) => f.get(t) == v,
            Pred::In(f, vs) => vs.iter().any(|v| v == f.get(t)),
            Pred::NotIn(f, vs) => !vs.iter().any(|v| v == f.get(t)),
            // A regex that fails at run time (backtrack limit) counts as no match.
            Pred::Regex(f, re) => re.is_match(f.get(t)).unwrap_or(false),
            Pred::IsSpace(b) => t.is_space == *b,
        }
    }
}

/// One token of a pattern: all predicates must hold.
type TokenPattern = Vec<Pred>;

#[derive(Debug, Clone)]
struct Rule {
    patterns: Vec<Vec<TokenPattern>>,
    attrs: RulerOutput,
    index: i64,
}

/// A loaded attribute ruler.
#[derive(Debug, Clone)]
pub struct AttributeRuler {
    rules: Vec<Rule>,
    index: PatternIndex,
}

/// A first-token value → the (rule, pattern) pairs anchored on it.
type AnchorMap = HashMap<String, Vec<(u32, u32)>>;

/// The patterns by their first token: a pattern whose first token requires a field to equal
/// one of a few strings is tried only at tokens with such a value (one hash lookup per field
/// instead of every rule at every token); the others are tried everywhere.
#[derive(Debug, Clone, Default)]
struct PatternIndex {
    /// Per field: value → (rule, pattern) pairs anchored on it.
    anchored: Vec<(Field, AnchorMap)>,
    /// Patterns with no equality anchor on their first token.
    unanchored: Vec<(u32, u32)>,
}

impl PatternIndex {
    fn build(rules: &[Rule]) -> Self {
        let mut index = PatternIndex::default();
        for (ri, rule) in rules.iter().enumerate() {
            for (pi, pattern) in rule.patterns.iter().enumerate() {
                let id = (ri as u32, pi as u32);
                let anchor = pattern.first().and_then(|preds| {
                    preds.iter().find_map(|p| match p {
                        Pred::Eq(f, v) => Some((*f, vec![v.clone()])),
                        Pred::In(f, vs) => Some((*f, vs.clone())),
                        _ => None,
                    })
                });
                match anchor {
                    Some((field, values)) => {
                        let pos = match index.anchored.iter().position(|(f, _)| *f == field) {
                            Some(p) => p,
                            None => {
                                index.anchored.push((field, HashMap::new()));
                                index.anchored.len() - 1
                            }
                        };
                        let map = &mut index.anchored[pos].1;
                        for v in values {
                            let ids = map.entry(v).or_default();
                            if ids.last() != Some(&id) {
                                ids.push(id);
                            }
                        }
                    }
                    None => index.unanchored.push(id),
                }
            }
        }
        index
    }
}

fn unsupported(path: &Path, what: impl Into<String>) -> NlpError {
    NlpError::unsupported(path, what)
}

fn bad(path: &Path, what: impl Into<String>) -> NlpError {
    NlpError::format(path, what)
}

fn map_entries<'v>(
    v: &'v Value,
    path: &Path,
    what: &str,
) -> Result<&'v [(Value, Value)], NlpError> {
    match v {
        Value::Map(m) => Ok(m.as_slice()),
        _ => Err(bad(path, format!("{what} is not a map"))),
    }
}

fn str_list(v: &Value, path: &Path, what: &str) -> Result<Vec<String>, NlpError> {
    let arr = v
        .as_array()
        .ok_or_else(|| bad(path, format!("{what}: expected a list of strings")))?;
    arr.iter()
        .map(|x| {
            x.as_str()
                .map(str::to_string)
                .ok_or_else(|| bad(path, format!("{what}: expected a list of strings")))
        })
        .collect()
}

/// Python `re` treats a final `$` as "end, or before a final newline".
fn python_regex(pattern: &str, path: &Path) -> Result<fancy_regex::Regex, NlpError> {
    let translated = match pattern.strip_suffix('$') {
        Some(head) if !head.ends_with('\\') => format!("{head}(?=\\n?\\z)"),
        _ => pattern.to_string(),
    };
    fancy_regex::Regex::new(&translated).map_err(|e| NlpError::Regex {
        name: format!("{} pattern {pattern:?}", path.display()),
        what: e.to_string(),
    })
}

fn parse_token(v: &Value, path: &Path) -> Result<TokenPattern, NlpError> {
    let mut preds = Vec::new();
    for (k, val) in map_entries(v, path, "token pattern")? {
        let key = k
            .as_str()
            .ok_or_else(|| bad(path, "token pattern key is not a string"))?;
        if key == "IS_SPACE" {
            let b = val
                .as_bool()
                .ok_or_else(|| unsupported(path, format!("IS_SPACE value {val}")))?;
            preds.push(Pred::IsSpace(b));
            continue;
        }
        let field = Field::parse(key)
            .ok_or_else(|| unsupported(path, format!("token pattern key {key}")))?;
        match val {
            Value::String(s) => {
                let s = s
                    .as_str()
                    .ok_or_else(|| bad(path, format!("{key}: invalid UTF-8")))?;
                preds.push(Pred::Eq(field, s.to_string()));
            }
            Value::Map(ops) => {
                for (op, arg) in ops {
                    let op = op
                        .as_str()
                        .ok_or_else(|| bad(path, format!("{key}: operator is not a string")))?;
                    match op {
                        "IN" => preds.push(Pred::In(field, str_list(arg, path, key)?)),
                        "NOT_IN" => preds.push(Pred::NotIn(field, str_list(arg, path, key)?)),
                        "REGEX" => {
                            let re = arg.as_str().ok_or_else(|| {
                                bad(path, format!("{key}: REGEX is not a string"))
                            })?;
                            preds.push(Pred::Regex(field, python_regex(re, path)?));
                        }
                        _ => return Err(unsupported(path, format!("{key} predicate {op}"))),
                    }
                }
            }
            _ => return Err(unsupported(path, format!("{key} value {val}"))),
        }
    }
    Ok(preds)
}

fn parse_attrs(v: &Value, path: &Path) -> Result<RulerOutput, NlpError> {
    let mut out = RulerOutput::default();
    for (k, val) in map_entries(v, path, "attrs")? {
        let key = k
            .as_str()
            .ok_or_else(|| bad(path, "attrs key is not a string"))?;
        let s: Arc<str> = Arc::from(
            val.as_str()
                .ok_or_else(|| unsupported(path, format!("attrs {key} value {val}")))?,
        );
        match key {
            "POS" => out.pos = Some(s),
            "TAG" => out.tag = Some(s),
            "DEP" => out.dep = Some(s),
            "LEMMA" => out.lemma = Some(s),
            "MORPH" => out.morph = Some(s),
            _ => return Err(unsupported(path, format!("attrs key {key}"))),
        }
    }
    Ok(out)
}

impl AttributeRuler {
    /// Read `attribute_ruler/patterns`.
    pub fn read(path: &Path) -> Result<Self, NlpError> {
        let bytes = std::fs::read(path).map_err(|source| NlpError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_bytes(&bytes, path)
    }

    /// Decode the patterns file (msgpack list of `{patterns, attrs, index}`); `path` is only
    /// used in errors.
    pub fn from_bytes(bytes: &[u8], path: &Path) -> Result<Self, NlpError> {
        let value = rmpv::decode::read_value(&mut &bytes[..])
            .map_err(|e| NlpError::decode(path, e.to_string()))?;
        let list = value
            .as_array()
            .ok_or_else(|| bad(path, "top level is not a list"))?;
        let mut rules = Vec::with_capacity(list.len());
        for (i, entry) in list.iter().enumerate() {
            let mut patterns = None;
            let mut attrs = None;
            let mut index = 0i64;
            for (k, v) in map_entries(entry, path, "rule")? {
                match k.as_str() {
                    Some("patterns") => {
                        let pats = v
                            .as_array()
                            .ok_or_else(|| bad(path, format!("rule {i}: patterns not a list")))?;
                        let mut parsed = Vec::with_capacity(pats.len());
                        for p in pats {
                            let toks = p.as_array().ok_or_else(|| {
                                bad(path, format!("rule {i}: pattern is not a list"))
                            })?;
                            if toks.is_empty() {
                                return Err(bad(path, format!("rule {i}: empty pattern")));
                            }
                            parsed.push(
                                toks.iter()
                                    .map(|t| parse_token(t, path))
                                    .collect::<Result<Vec<_>, _>>()?,
                            );
                        }
                        patterns = Some(parsed);
                    }
                    Some("attrs") => attrs = Some(parse_attrs(v, path)?),
                    Some("index") => {
                        index = v
                            .as_i64()
                            .ok_or_else(|| bad(path, format!("rule {i}: index not an integer")))?
                    }
                    _ => return Err(unsupported(path, format!("rule {i}: key {k}"))),
                }
            }
            let patterns = patterns.ok_or_else(|| bad(path, format!("rule {i}: no patterns")))?;
            for p in &patterns {
                let n = p.len() as i64;
                if index >= n || index < -n {
                    return Err(bad(
                        path,
                        format!("rule {i}: index {index} outside a {n}-token pattern"),
                    ));
                }
            }
            rules.push(Rule {
                patterns,
                attrs: attrs.unwrap_or_default(),
                index,
            });
        }
        let index = PatternIndex::build(&rules);
        Ok(AttributeRuler { rules, index })
    }

    /// Number of rules.
    pub fn len(&self) -> usize {
        self.rules.len()
    }

    /// Whether there are no rules.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Run the rules over a document: one output per token.
    pub fn apply(&self, tokens: &[RulerToken<'_>]) -> Vec<RulerOutput> {
        let mut out = vec![RulerOutput::default(); tokens.len()];
        self.apply_into(tokens, &mut out);
        out
    }

    /// Like [`AttributeRuler::apply`], writing into `out` (resized to `tokens.len()`, reset).
    pub fn apply_into(&self, tokens: &[RulerToken<'_>], out: &mut Vec<RulerOutput>) {
        out.clear();
        out.resize(tokens.len(), RulerOutput::default());
        // Matches as (rule, target token). Rules apply in order (a later rule's attrs
        // overwrite an earlier one's); within a rule every match carries the same attrs, so
        // the order of starts and patterns does not change the result.
        let mut hits: Vec<(u32, usize)> = Vec::new();
        for start in 0..tokens.len() {
            let tok = &tokens[start];
            let anchored = self
                .index
                .anchored
                .iter()
                .filter_map(|(field, map)| map.get(field.get(tok)))
                .flatten();
            for &(ri, pi) in anchored.chain(&self.index.unanchored) {
                let rule = &self.rules[ri as usize];
                let pattern = &rule.patterns[pi as usize];
                let len = pattern.len();
                if len == 0 || start + len > tokens.len() {
                    continue;
                }
                let hit = pattern
                    .iter()
                    .zip(&tokens[start..start + len])
                    .all(|(preds, tok)| preds.iter().all(|p| p.matches(tok)));
                if !hit {
                    continue;
                }
                let offset = if rule.index < 0 {
                    len as i64 + rule.index
                } else {
                    rule.index
                };
                if let Ok(offset) = usize::try_from(offset) {
                    if start + offset < tokens.len() {
                        hits.push((ri, start + offset));
                    }
                }
            }
        }
        hits.sort_unstable();
        hits.dedup();
        for (ri, target) in hits {
            set_attrs(&mut out[target], &self.rules[ri as usize].attrs);
        }
    }
}

fn set_attrs(o: &mut RulerOutput, a: &RulerOutput) {
    for (dst, src) in [
        (&mut o.pos, &a.pos),
        (&mut o.tag, &a.tag),
        (&mut o.dep, &a.dep),
        (&mut o.lemma, &a.lemma),
        (&mut o.morph, &a.morph),
    ] {
        if let Some(v) = src {
            *dst = Some(Arc::clone(v));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rmpv::Value as V;

    fn s(x: &str) -> V {
        V::from(x)
    }

    fn rule(patterns: Vec<Vec<Vec<(&str, V)>>>, attrs: Vec<(&str, &str)>, index: i64) -> V {
        let pats = patterns
            .into_iter()
            .map(|p| {
                V::Array(
                    p.into_iter()
                        .map(|t| V::Map(t.into_iter().map(|(k, v)| (s(k), v)).collect()))
                        .collect(),
                )
            })
            .collect();
        V::Map(vec![
            (s("patterns"), V::Array(pats)),
            (
                s("attrs"),
                V::Map(attrs.into_iter().map(|(k, v)| (s(k), s(v))).collect()),
            ),
            (s("index"), V::from(index)),
        ])
    }

    fn encode(rules: Vec<V>) -> Vec<u8> {
        let mut buf = Vec::new();
        rmpv::encode::write_value(&mut buf, &V::Array(rules)).unwrap();
        buf
    }

    fn tok<'a>(lower: &'a str, tag: &'a str, dep: &'a str) -> RulerToken<'a> {
        RulerToken {
            text: lower,
            lower,
            tag,
            pos: "",
            dep,
            is_space: lower.trim().is_empty(),
        }
    }

    #[test]
    fn later_rules_override_and_match_on_original_values() {
        let bytes = encode(vec![
            rule(
                vec![vec![vec![("TAG", s("_SP"))]]],
                vec![("POS", "SPACE")],
                0,
            ),
            rule(vec![vec![vec![("TAG", s("NN"))]]], vec![("POS", "NOUN")], 0),
            rule(
                vec![vec![vec![(
                    "DEP",
                    V::Map(vec![(s("NOT_IN"), V::Array(vec![s("det"), s("")]))]),
                )]]],
                vec![("POS", "PRON")],
                0,
            ),
            // Sets TAG of spaces; rule 0 still matched on the original tag.
            rule(
                vec![vec![vec![("IS_SPACE", V::from(true))]]],
                vec![("TAG", "_SP")],
                0,
            ),
            rule(
                vec![vec![
                    vec![("LOWER", s("gon"))],
                    vec![("LOWER", V::Map(vec![(s("REGEX"), s("^n[a]$"))]))],
                ]],
                vec![("LEMMA", "to")],
                -1,
            ),
        ]);
        let ruler = AttributeRuler::from_bytes(&bytes, Path::new("patterns")).unwrap();
        assert_eq!(ruler.len(), 5);
        let toks = [
            tok("cat", "NN", "det"),
            tok("dog", "NN", "nsubj"),
            tok(" ", "XX", ""),
            tok("gon", "VBG", ""),
            tok("na", "TO", ""),
        ];
        let out = ruler.apply(&toks);
        assert_eq!(out[0].pos.as_deref(), Some("NOUN"));
        assert_eq!(out[1].pos.as_deref(), Some("PRON"));
        assert_eq!(out[2].pos, None);
        assert_eq!(out[2].tag.as_deref(), Some("_SP"));
        assert_eq!(out[3].lemma, None);
        assert_eq!(out[4].lemma.as_deref(), Some("to"));
    }

    #[test]
    fn unsupported_keys_are_errors() {
        let bytes = encode(vec![rule(
            vec![vec![vec![("LENGTH", V::from(3))]]],
            vec![("POS", "X")],
            0,
        )]);
        let err = AttributeRuler::from_bytes(&bytes, Path::new("ar/patterns")).unwrap_err();
        assert!(matches!(err, NlpError::Unsupported { .. }), "{err}");
        assert!(err.to_string().contains("ar/patterns"));
        let bytes = encode(vec![rule(
            vec![vec![vec![("LOWER", s("a"))]]],
            vec![("POS", "X")],
            1,
        )]);
        assert!(AttributeRuler::from_bytes(&bytes, Path::new("p")).is_err());
        assert!(AttributeRuler::from_bytes(b"\xc1", Path::new("p")).is_err());
    }

    #[test]
    fn python_dollar_allows_a_final_newline() {
        let re = python_regex("^y'?$", Path::new("p")).unwrap();
        assert!(re.is_match("y'").unwrap());
        assert!(re.is_match("y\n").unwrap());
        assert!(!re.is_match("yo").unwrap());
    }
}
