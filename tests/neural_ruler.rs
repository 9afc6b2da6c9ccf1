//! attribute_ruler parity with spaCy on a corpus: given the tags/deps spaCy's tagger and parser
//! produced, the ruler's POS, TAG, DEP, LEMMA and MORPH match spaCy's (fixture written by
//! `scripts/intermediates_fixtures.py`, lemmatizer disabled so lemmas are the ruler's own).

use quoth::nlp::attribute_ruler::{AttributeRuler, RulerToken};
use quoth::nlp::Pipeline;
use serde_json::Value;

fn strings(v: &Value) -> Vec<&str> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|s| s.as_str().expect("string"))
        .collect()
}

#[test]
fn ruler_matches_spacy_on_corpus() {
    let path = Pipeline::default_model_path().join("attribute_ruler/patterns");
    let ruler = AttributeRuler::read(&path).expect("patterns");
    assert_eq!(ruler.len(), 179);
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/intermediates/ruler_sm.json"
    );
    let f: Value = serde_json::from_str(&std::fs::read_to_string(fixture).unwrap()).unwrap();
    let mut n_tokens = 0;
    let mut mismatches = Vec::new();
    for doc in f["docs"].as_array().unwrap() {
        let words = strings(&doc["words"]);
        let lower = strings(&doc["lower"]);
        let tag_in = strings(&doc["tag_in"]);
        let dep_in = strings(&doc["dep_in"]);
        let is_space: Vec<bool> = doc["is_space"]
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b.as_bool().unwrap())
            .collect();
        let toks: Vec<RulerToken> = (0..words.len())
            .map(|i| RulerToken {
                text: words[i],
                lower: lower[i],
                tag: tag_in[i],
                pos: "",
                dep: dep_in[i],
                is_space: is_space[i],
            })
            .collect();
        let out = ruler.apply(&toks);
        let (pos, tag, dep) = (
            strings(&doc["pos"]),
            strings(&doc["tag"]),
            strings(&doc["dep"]),
        );
        let (lemma, morph) = (strings(&doc["lemma"]), strings(&doc["morph"]));
        for (i, o) in out.iter().enumerate() {
            n_tokens += 1;
            let got = (
                o.pos.as_deref().unwrap_or(""),
                o.tag.as_deref().unwrap_or(tag_in[i]),
                o.dep.as_deref().unwrap_or(dep_in[i]),
                o.lemma.as_deref().unwrap_or(""),
                // spaCy prints the empty analysis `_` as "".
                o.morph
                    .as_deref()
                    .map_or("", |m| if m == "_" { "" } else { m }),
            );
            let want = (pos[i], tag[i], dep[i], lemma[i], morph[i]);
            if got != want {
                mismatches.push(format!(
                    "{:?} token {i} {:?}: {got:?} != {want:?}",
                    doc["text"], words[i]
                ));
            }
        }
    }
    assert!(n_tokens > 2000, "corpus too small: {n_tokens}");
    assert!(
        mismatches.is_empty(),
        "{} mismatches:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
