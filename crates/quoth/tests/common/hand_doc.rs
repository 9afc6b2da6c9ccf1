//! Hand-built Docs for cases the model rarely produces: one sentence, tokens split on
//! whitespace (so `Korea’s` stays one token), an optional parse, and entities placed by text.

use std::sync::Arc;

use quoth::nlp::{Doc, EntitySpan, Sentence, Token};

/// One parse row per token: (tag, head token, dependency label).
pub type ParseRow<'a> = (&'a str, usize, &'a str);

/// A Doc of `text` split on whitespace, with the given parse (empty tags, heads 0 and empty
/// labels when `None`) and (occurrence text, nth occurrence, label) entities.
pub fn hand_doc(text: &str, parse: Option<&[ParseRow<'_>]>, ents: &[(&str, usize, &str)]) -> Doc {
    let empty: Arc<str> = Arc::from("");
    let mut tokens = Vec::new();
    for (k, w) in text.split_whitespace().enumerate() {
        let start = w.as_ptr() as usize - text.as_ptr() as usize;
        let end = start + w.len();
        let (tag, head, dep) = match parse {
            Some(rows) => {
                let &(tag, head, dep) = rows.get(k).expect("one parse row per word");
                (Arc::from(tag), head, Arc::from(dep))
            }
            None => (empty.clone(), 0, empty.clone()),
        };
        tokens.push(Token {
            start,
            end,
            char_start: text[..start].chars().count(),
            char_end: text[..end].chars().count(),
            whitespace: text[end..].starts_with(' '),
            tag,
            pos: empty.clone(),
            head,
            dep,
            is_sent_start: start == 0,
        });
    }
    if let Some(rows) = parse {
        assert_eq!(tokens.len(), rows.len(), "one parse row per word");
    }
    let mut entities: Vec<EntitySpan> = ents
        .iter()
        .map(|(s, nth, label)| {
            let start = text
                .match_indices(s)
                .nth(*nth)
                .unwrap_or_else(|| panic!("{s} #{nth} not in text"))
                .0;
            let end = start + s.len();
            let st = tokens
                .iter()
                .position(|t| t.start == start)
                .expect("token start");
            let et = tokens.iter().position(|t| t.end == end).expect("token end") + 1;
            EntitySpan {
                start_token: st,
                end_token: et,
                start,
                end,
                char_start: tokens[st].char_start,
                char_end: tokens[et - 1].char_end,
                label: Arc::from(*label),
            }
        })
        .collect();
    entities.sort_by_key(|e| e.start);
    let n = tokens.len();
    Doc {
        sentences: vec![Sentence {
            start_token: 0,
            end_token: n,
            start: 0,
            end: tokens.last().map_or(0, |t| t.end),
        }],
        text: text.to_string(),
        tokens,
        entities,
    }
}
