//! Output invariants of the tokenizer on arbitrary and hostile input (the same checks as the
//! `fuzz/` target), plus error handling for broken rule files.

use quoth::nlp::model::{SpecialCase, SpecialToken, TokenizerData};
use quoth::nlp::tokenizer::{RawToken, Tokenizer};
use quoth::nlp::Pipeline;

fn tokenizer() -> Tokenizer {
    let path = Pipeline::default_model_path().join("tokenizer");
    Tokenizer::load(&path).unwrap_or_else(|e| panic!("loading {}: {e}", path.display()))
}

fn check(text: &str, toks: &[RawToken]) {
    let mut pos = 0;
    let mut rebuilt = String::with_capacity(text.len());
    for t in toks {
        assert_eq!(t.start, pos, "gap or overlap at byte {pos} in {text:?}");
        assert!(t.start < t.end, "empty token at {} in {text:?}", t.start);
        assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        rebuilt.push_str(&text[t.start..t.end]);
        pos = t.end;
        if t.whitespace {
            assert_eq!(
                text.as_bytes().get(pos),
                Some(&b' '),
                "flag without space in {text:?}"
            );
            rebuilt.push(' ');
            pos += 1;
        }
    }
    assert_eq!(pos, text.len(), "tokens do not cover {text:?}");
    assert_eq!(rebuilt, text);
}

/// Deterministic pseudo-random strings over a tokenizer-hostile alphabet.
fn random_texts(n: usize, max_len: usize) -> Vec<String> {
    let alphabet: Vec<&str> = vec![
        "a",
        "Z",
        "0",
        "9",
        " ",
        "  ",
        "\n",
        "\t",
        "\r",
        "\u{a0}",
        "\u{1c}",
        "\u{2028}",
        "\u{3000}",
        ".",
        ",",
        ":",
        ";",
        "!",
        "?",
        "'",
        "\"",
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        "<",
        ">",
        "-",
        "–",
        "—",
        "+",
        "*",
        "/",
        "\\",
        "=",
        "$",
        "€",
        "£",
        "%",
        "&",
        "@",
        "#",
        "_",
        "~",
        "^",
        "`",
        "|",
        "’",
        "‘",
        "“",
        "”",
        "…",
        "°",
        "²",
        "½",
        "é",
        "Ü",
        "ß",
        "İ",
        "北",
        "😀",
        "👍🏽",
        "\u{301}",
        "\u{200d}",
        "\u{feff}",
        "\u{0}",
        "\u{7f}",
        "\u{10ffff}",
        "km",
        "n't",
        "'s",
        "http://",
        "www.",
        ".com",
        "U.S.",
        "e.g.",
        ":)",
        "Mr.",
        "'ll",
        "a@b.c",
        "10.0.0.1",
    ];
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    (0..n)
        .map(|_| {
            let len = (next() as usize) % max_len;
            (0..len)
                .map(|_| alphabet[(next() as usize) % alphabet.len()])
                .collect()
        })
        .collect()
}

#[test]
fn random_inputs_keep_invariants() {
    let tok = tokenizer();
    let mut out = Vec::new();
    for text in random_texts(3000, 40) {
        tok.tokenize(&text, &mut out);
        check(&text, &out);
    }
}

#[test]
fn long_and_repetitive_inputs_keep_invariants() {
    let tok = tokenizer();
    let mut out = Vec::new();
    let mut cases: Vec<String> = [
        "a", ")", "(", ".", "'", "a:", "a.", "-.", "😀", "\n", " ", "x-",
    ]
    .iter()
    .map(|u| u.repeat(40_000))
    .collect();
    cases.extend(random_texts(3, 60_000));
    cases.push(format!("http://{}", "a.".repeat(20_000)));
    for text in &cases {
        tok.tokenize(text, &mut out);
        check(text, &out);
    }
}

#[test]
fn chunks_beyond_the_limit_are_cut_not_lost() {
    let tok = tokenizer();
    let n = quoth::nlp::tokenizer::MAX_CHUNK_BYTES;
    // one non-space chunk of 2.5 limits, made of 3-byte chars so cuts must respect boundaries
    let text = "北".repeat(n * 5 / 6);
    let mut out = Vec::new();
    tok.tokenize(&text, &mut out);
    check(&text, &out);
    assert_eq!(out.len(), 3);
    assert!(out.iter().all(|t| t.end - t.start <= n));
}

#[test]
fn tokenizer_is_send_and_sync_and_shareable() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Tokenizer>();
    let tok = std::sync::Arc::new(tokenizer());
    let handles: Vec<_> = (0..2)
        .map(|i| {
            let tok = tok.clone();
            std::thread::spawn(move || {
                let mut out = Vec::new();
                let text = format!("Thread {i} said: \"don't stop\" (U.S.)");
                tok.tokenize(&text, &mut out);
                out.len()
            })
        })
        .collect();
    let lens: Vec<usize> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(lens[0], lens[1]);
    assert!(lens[0] > 8);
}

#[test]
fn broken_rule_files_are_errors_not_panics() {
    for bad in ["(", "[a-", "a{2,1}x)", "(?P<n>a", "\\", "(?(1)a|b)"] {
        let data = TokenizerData {
            suffix_search: Some(bad.to_string()),
            ..Default::default()
        };
        let err = Tokenizer::new(&data).expect_err(bad);
        assert!(err.to_string().contains("suffix_search"), "{err}");
    }
    assert!(Tokenizer::load("/nonexistent/tokenizer").is_err());
    // special cases whose ORTHs do not spell the key would yield offsets outside the text
    let tokens = vec![SpecialToken {
        orth: "abc".into(),
        norm: None,
    }];
    for chunk in ["ab", ""] {
        let data = TokenizerData {
            exceptions: vec![SpecialCase {
                chunk: chunk.into(),
                tokens: tokens.clone(),
            }],
            ..Default::default()
        };
        assert!(Tokenizer::new(&data).is_err(), "{chunk:?}");
    }
}

/// A non-space chunk that would split into more than `MAX_CHUNK_TOKENS` tokens keeps the
/// first `MAX_CHUNK_TOKENS - 1` and one token for the rest (documented departure); chunks
/// below the cap and space-separated runs are untouched.
#[test]
fn token_dense_chunks_are_capped() {
    use quoth::nlp::tokenizer::MAX_CHUNK_TOKENS;
    let t = tokenizer();
    let mut toks = Vec::new();
    for unit in ["(", ")", "a-", "/a"] {
        let text = format!("Hello {} world", unit.repeat(5000));
        t.tokenize(&text, &mut toks);
        check(&text, &toks);
        // "Hello", the capped chunk, "world".
        assert_eq!(toks.len(), MAX_CHUNK_TOKENS + 2, "{unit:?}");
        let merged = &toks[MAX_CHUNK_TOKENS];
        assert_eq!(merged.end, text.len() - " world".len(), "{unit:?}");
        assert!(merged.whitespace);
    }
    // Below the cap: one token per parenthesis, as spaCy.
    let text = "(".repeat(MAX_CHUNK_TOKENS);
    t.tokenize(&text, &mut toks);
    assert_eq!(toks.len(), MAX_CHUNK_TOKENS);
    // Space-separated runs are many chunks, none capped.
    let text = "( ".repeat(2 * MAX_CHUNK_TOKENS);
    t.tokenize(&text, &mut toks);
    check(&text, &toks);
    assert_eq!(toks.len(), 2 * MAX_CHUNK_TOKENS);
}
