//! The tok2vec lexeme cache changes speed, never results: activations and whole documents
//! are bit-identical with the cache off, cold, warm, full (capacity smaller than the
//! vocabulary) and stale (emptied and refilled), and for one text at a time or in batches.

use quoth::nlp::attrs::LexFeatures;
use quoth::nlp::layers::{LexAttr, Tok2Vec, Tok2VecScratch};
use quoth::nlp::model::ThincModel;
use quoth::nlp::{Doc, Pipeline};

fn corpus(n: usize) -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus/corpus.jsonl");
    std::fs::read_to_string(path)
        .expect("corpus")
        .lines()
        .filter(|l| !l.trim().is_empty())
        .take(n)
        .map(|l| serde_json::from_str::<String>(l).expect("corpus line"))
        .collect()
}

/// Lexical features of the corpus texts, as the pipeline computes them (via token texts).
fn features(p: &Pipeline, texts: &[String]) -> Vec<Vec<LexFeatures>> {
    let lexicon =
        quoth::nlp::attrs::Lexicon::load(&Pipeline::default_model_path()).expect("lexicon");
    let mut word = String::new();
    texts
        .iter()
        .map(|t| {
            let doc = p.tokenize(t);
            doc.tokens
                .iter()
                .map(|tok| {
                    lexicon.features_with(&t[tok.start..tok.end], None, tok.whitespace, &mut word)
                })
                .collect()
        })
        .collect()
}

fn encode(t2v: &Tok2Vec, docs: &[Vec<LexFeatures>]) -> Vec<f32> {
    let refs: Vec<&[LexFeatures]> = docs.iter().map(Vec::as_slice).collect();
    let mut out = Vec::new();
    t2v.forward_batch(&refs, &mut Tok2VecScratch::default(), &mut out);
    out
}

#[test]
fn activations_do_not_depend_on_the_cache() {
    let p = Pipeline::load_default().expect("model");
    let docs = features(&p, &corpus(300));
    let path = Pipeline::default_model_path().join("tok2vec/model");
    let model = ThincModel::read(&path).expect("tok2vec model");
    let mut t2v = Tok2Vec::from_model(&model, None).expect("tok2vec");

    t2v.set_lexeme_cache(0);
    let off = encode(&t2v, &docs);
    assert_eq!(t2v.lexeme_cache_len(), 0);

    t2v.set_lexeme_cache(100_000);
    let cold = encode(&t2v, &docs);
    let stored = t2v.lexeme_cache_len();
    // A word form is its features; the whitespace flag counts when a column reads it.
    let spacy = t2v.columns().contains(&LexAttr::Spacy);
    let mut forms: Vec<_> = docs
        .iter()
        .flatten()
        .map(|f| (f.orth, f.norm, f.spacy && spacy))
        .collect();
    forms.sort_unstable();
    forms.dedup();
    assert_eq!(stored, forms.len(), "one entry per distinct word form");
    let warm = encode(&t2v, &docs);
    assert_eq!(
        t2v.lexeme_cache_len(),
        stored,
        "a warm pass stores nothing new"
    );

    t2v.set_lexeme_cache(50);
    let full = encode(&t2v, &docs);
    assert!(t2v.lexeme_cache_len() <= 52);

    // A cache of one form declines the rest, goes stale (64 declines) and is emptied after
    // the call; the next call starts filling the new one.
    t2v.set_lexeme_cache(1);
    let stale = encode(&t2v, &docs);
    assert_eq!(t2v.lexeme_cache_refreshes(), 1);
    assert_eq!(t2v.lexeme_cache_len(), 0, "the stale table was replaced");
    let refilled = encode(&t2v, &docs[..1]);
    assert_eq!(t2v.lexeme_cache_len(), 1);
    assert_eq!(refilled[..], stale[..refilled.len()]);

    for (name, v) in [
        ("cold", &cold),
        ("warm", &warm),
        ("full", &full),
        ("stale", &stale),
    ] {
        assert_eq!(v.len(), off.len());
        let same = v.iter().zip(&off).all(|(a, b)| a.to_bits() == b.to_bits());
        assert!(same, "{name} cache changed the activations");
    }
}

#[test]
fn documents_do_not_depend_on_the_cache_or_batching() {
    let texts = corpus(400);
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let mut p = Pipeline::load_default().expect("model");
    p.set_lexeme_cache(0);
    let off: Vec<Doc> = p.analyze_batch(&refs);
    let off_ner: Vec<Doc> = p.analyze_ner_only_batch(&refs);
    p.set_lexeme_cache(4096);
    let cold = p.analyze_batch(&refs);
    assert!(p.lexeme_cache_len() > 0);
    let warm_one: Vec<Doc> = refs.iter().map(|t| p.analyze(t)).collect();
    let warm_ner: Vec<Doc> = refs.iter().map(|t| p.analyze_ner_only(t)).collect();
    assert!(off == cold, "cold cache changed a document");
    assert!(
        off == warm_one,
        "warm cache / one at a time changed a document"
    );
    assert!(off_ner == warm_ner, "NER-only results changed");
}
