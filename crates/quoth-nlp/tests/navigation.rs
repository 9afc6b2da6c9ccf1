//! `Navigation` against its definition, on real parses of the conformance corpus: a token's
//! children are the tokens whose head it is, its edges are the extremes of every token whose
//! head chain reaches it, and its sentence is the one whose range holds it.

use std::io::BufRead;
use std::path::Path;

use quoth_nlp::{Doc, Navigation, Pipeline};

/// Texts analysed (the first of the corpus: enough parses of every register to cover long
/// sentences, lists and non-projective repairs).
const TEXTS: usize = 300;

fn corpus_texts() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/corpus/corpus.jsonl");
    let file = std::fs::File::open(&path)
        .unwrap_or_else(|e| panic!("cannot open {}: {e}", path.display()));
    std::io::BufReader::new(file)
        .lines()
        .take(TEXTS)
        .map(|l| {
            // One JSON string per line.
            serde_json::from_str::<String>(&l.expect("line")).expect("a JSON string")
        })
        .collect()
}

/// Whether `anc` is on `i`'s head chain (or is `i`).
fn dominates(doc: &Doc, anc: usize, mut i: usize) -> bool {
    for _ in 0..=doc.tokens.len() {
        if i == anc {
            return true;
        }
        let h = doc.tokens[i].head;
        if h == i || h >= doc.tokens.len() {
            return false;
        }
        i = h;
    }
    false
}

#[test]
fn navigation_matches_its_definition_on_real_parses() {
    let pipeline = Pipeline::load_default().expect("the vendored model");
    let texts = corpus_texts();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut checked = 0usize;
    for doc in pipeline.analyze_batch(&refs) {
        let nav = Navigation::new(&doc);
        let n = doc.tokens.len();
        assert_eq!(nav.len(), n);
        for i in 0..n {
            assert_eq!(nav.head(i), doc.tokens[i].head);
            let kids: Vec<usize> = nav.children(i).collect();
            let want: Vec<usize> = (0..n)
                .filter(|&k| k != i && doc.tokens[k].head == i)
                .collect();
            assert_eq!(kids, want, "children of {i} in {:?}", doc.text);
            let subtree: Vec<usize> = (0..n).filter(|&k| dominates(&doc, i, k)).collect();
            assert_eq!(
                nav.left_edge(i),
                subtree[0],
                "left edge of {i} in {:?}",
                doc.text
            );
            assert_eq!(
                nav.right_edge(i),
                subtree[subtree.len() - 1],
                "right edge of {i} in {:?}",
                doc.text
            );
            let s = &doc.sentences[nav.sentence(i)];
            assert!(s.start_token <= i && i < s.end_token);
            assert_eq!(doc.sentence_of(i), nav.sentence(i));
            checked += 1;
        }
    }
    assert!(checked > 5_000, "only {checked} tokens checked");
}

#[test]
fn an_empty_doc_has_nothing_to_navigate() {
    let pipeline = Pipeline::load_default().expect("the vendored model");
    let nav = Navigation::new(&pipeline.analyze(""));
    assert!(nav.is_empty());
}
