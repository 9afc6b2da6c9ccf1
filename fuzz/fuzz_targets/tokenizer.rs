//! Arbitrary bytes (as lossy UTF-8) through the tokenizer; checks the output invariants:
//! tokens in order, non-empty, non-overlapping, on char boundaries; a whitespace flag means one
//! U+0020 follows; token texts plus absorbed spaces rebuild the input exactly.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use quoth::nlp::tokenizer::{RawToken, Tokenizer};
use quoth::nlp::Pipeline;

fn tokenizer() -> &'static Tokenizer {
    static TOK: OnceLock<Tokenizer> = OnceLock::new();
    TOK.get_or_init(|| {
        let path = Pipeline::default_model_path().join("tokenizer");
        Tokenizer::load(&path).unwrap_or_else(|e| panic!("{e}"))
    })
}

fn check(text: &str, toks: &[RawToken]) {
    let mut pos = 0;
    let mut rebuilt = String::with_capacity(text.len());
    for t in toks {
        assert_eq!(t.start, pos, "gap or overlap at {pos}");
        assert!(t.start < t.end, "empty token at {}", t.start);
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        rebuilt.push_str(&text[t.start..t.end]);
        pos = t.end;
        if t.whitespace {
            assert_eq!(
                text.as_bytes().get(pos),
                Some(&b' '),
                "whitespace flag without space"
            );
            rebuilt.push(' ');
            pos += 1;
        }
    }
    assert_eq!(pos, text.len(), "tokens do not cover the text");
    assert_eq!(rebuilt, text);
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut out = Vec::new();
    tokenizer().tokenize(&text, &mut out);
    check(&text, &out);
});
