//! Robustness of quote extraction: no panics and valid spans on degenerate parses, odd marks,
//! multi-byte text and random mark soup; stray marks stay inside their paragraph.

use std::sync::Arc;

use quoth::entities::Entities;
use quoth::nlp::{Doc, Sentence, Token};
use quoth::quotes::marks::{scan, MarkSpan};
use quoth::quotes::{extract_quotes, QuoteKind};

/// A flat "parse": every character class run is a token, each token its own root, one sentence
/// per line. Enough to exercise the extractor without a model.
fn flat_doc(text: &str) -> Doc {
    let mut tokens = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut cp = 0usize;
    while let Some((i, c)) = chars.next() {
        let start_cp = cp;
        cp += 1;
        if c == ' ' {
            continue;
        }
        let mut end = i + c.len_utf8();
        if c.is_alphanumeric() {
            while let Some(&(j, d)) = chars.peek() {
                if !d.is_alphanumeric() {
                    break;
                }
                end = j + d.len_utf8();
                cp += 1;
                chars.next();
            }
        }
        let n = tokens.len();
        let word = c.is_alphanumeric();
        tokens.push(Token {
            start: i,
            end,
            char_start: start_cp,
            char_end: cp,
            whitespace: text[end..].starts_with(' '),
            tag: Arc::from(if word { "VBD" } else { "``" }),
            pos: Arc::from(if word { "VERB" } else { "PUNCT" }),
            head: n,
            dep: Arc::from("ROOT"),
            is_sent_start: n == 0 || c == '\n',
        });
    }
    let mut sentences = Vec::new();
    let mut s = 0;
    for k in 0..tokens.len() {
        if k + 1 == tokens.len() || tokens[k + 1].is_sent_start {
            sentences.push(Sentence {
                start_token: s,
                end_token: k + 1,
                start: tokens[s].start,
                end: tokens[k].end,
            });
            s = k + 1;
        }
    }
    Doc {
        text: text.to_string(),
        tokens,
        sentences,
        entities: Vec::new(),
    }
}

fn assert_valid(text: &str) {
    let doc = flat_doc(text);
    let quotes = extract_quotes(&doc, &Entities::default());
    for q in &quotes {
        assert!(!q.content.is_empty(), "{text:?}");
        for s in q.content.iter().chain(q.cue.iter()) {
            assert!(s.start < s.end && s.end <= text.len(), "{text:?} {s:?}");
            assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }
    let mut marks = Vec::new();
    scan(text, &mut marks);
    for w in marks.windows(2) {
        assert!(
            w[0].end <= w[1].start,
            "{text:?}: overlapping spans {marks:?}"
        );
    }
    for m in &marks {
        // An open quote never crosses a paragraph break.
        assert!(!text[m.start..m.end].contains('\n'), "{text:?}: {m:?}");
    }
}

#[test]
fn degenerate_inputs_do_not_panic() {
    for t in [
        "",
        " ",
        "\n\n",
        "\"",
        "“",
        "”",
        "\"\"",
        "“”",
        "'",
        "« »",
        "„",
        "“ \n ”",
        "said",
        "\"said\" said \"said",
        "She said: “",
        "“A,” she said, “",
        "😀 “😀” 😀 said “é”",
        "\r\n“A”\r\n“B",
        "''''\"\"\"\"“““”””",
    ] {
        assert_valid(t);
    }
}

#[test]
fn random_mark_soup_stays_valid() {
    const PIECES: &[&str] = &[
        "\"", "“", "”", "'", "‘", "’", "«", "»", "„", " ", " ", " ", "said", "he", "We", "won",
        ",", ".", "\n", "don't", "’90s", "6'2\"", "é", "😀", ":",
    ];
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..2000 {
        let mut s = String::new();
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let len = (seed % 40) as usize;
        for _ in 0..len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            s.push_str(PIECES[(seed % PIECES.len() as u64) as usize]);
        }
        assert_valid(&s);
    }
}

#[test]
fn stray_mark_costs_at_most_its_paragraph() {
    let mut text = String::from("He said \"this never closes.\n");
    for i in 0..50 {
        text.push_str(&format!("Paragraph {i} has “its own quote {i}.”\n"));
    }
    let mut marks: Vec<MarkSpan> = Vec::new();
    scan(&text, &mut marks);
    assert_eq!(marks.len(), 51);
    assert!(!marks[0].closed);
    assert_eq!(&text[marks[0].start..marks[0].end], "\"this never closes.");
    assert!(marks[1..].iter().all(|m| m.closed && !m.continues));
    assert_eq!(&text[marks[50].start..marks[50].end], "“its own quote 49.”");
}

#[test]
fn quote_kinds_serialize_lowercase() {
    assert_eq!(
        serde_json::to_string(&QuoteKind::Indirect).ok().as_deref(),
        Some("\"indirect\"")
    );
}

#[test]
fn malformed_docs_do_not_panic() {
    let text = "“We won,” Smith said. He said the plan was “good.”";
    let mut doc = flat_doc(text);
    // Heads out of range, a cycle, and entities and sentences past the end.
    let n = doc.tokens.len();
    doc.tokens[0].head = n + 5;
    doc.tokens[1].head = 2;
    doc.tokens[2].head = 1;
    doc.tokens[3].tag = Arc::from("PRP");
    doc.entities.push(quoth::nlp::EntitySpan {
        start_token: n - 1,
        end_token: n + 3,
        start: 0,
        end: 3,
        char_start: 0,
        char_end: 1,
        label: Arc::from("PERSON"),
    });
    doc.sentences.push(Sentence {
        start_token: n,
        end_token: n + 10,
        start: 0,
        end: 0,
    });
    let _ = extract_quotes(&doc, &Entities::default());
}

/// A transcript-shaped text as long as the service accepts (200,000 code points of `"AB: x` and
/// unlabelled continuation lines): every turn becomes one quote, each with valid spans; the
/// work per turn does not grow with the number of turns (this would take minutes otherwise).
#[test]
fn a_maximal_transcript_stays_linear() {
    let mut text = String::new();
    let mut turns = 0;
    while text.chars().count() < 199_950 {
        let label = ["HOST", "JO ANN REED", "REED", "Q"][turns % 4];
        text.push_str(&format!("\"{label}: words {turns}\n\"and more\n"));
        turns += 1;
    }
    let doc = flat_doc(&text);
    let quotes = extract_quotes(&doc, &Entities::default());
    let transcript: Vec<_> = quotes.iter().filter(|q| q.rule == "transcript").collect();
    // `Q:` opens no turn: its lines continue the turn before.
    assert_eq!(transcript.len(), turns - turns / 4, "{}", quotes.len());
    // `REED:` after `JO ANN REED:` is that speaker.
    let reed: Vec<_> = transcript
        .iter()
        .filter_map(|q| q.speaker.as_ref())
        .filter(|s| s.span.text(&text) == "REED")
        .collect();
    assert_eq!(reed.len(), turns / 4 + usize::from(turns % 4 > 2));
    assert!(reed
        .iter()
        .all(|s| s.name.as_deref() == Some("Jo Ann Reed")));
    assert_valid(&text[..2_000]);
}
