//! Long inputs: the parser/NER step model computes its precomputed lower layer in bounded
//! segments on demand; scores must be bit-identical to a fully precomputed short window.

use quoth::nlp::layers::ParserModel;
use quoth::nlp::model::ThincModel;
use quoth::nlp::transition::StateScorer;
use quoth::nlp::Pipeline;

fn model(component: &str) -> ParserModel {
    let path = Pipeline::default_model_path().join(component).join("model");
    let m = ThincModel::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    ParserModel::from_model(&m, None).expect("parser model")
}

#[test]
fn lazily_computed_segments_score_like_a_full_precompute() {
    for component in ["parser", "ner"] {
        let m = model(component);
        let width = m.input_width();
        let n = 6000; // 24 segments of 256 > the 16 held at once
        let tokvecs: Vec<f32> = (0..n * width)
            .map(|i| ((i as f32) * 0.0137).sin())
            .collect();
        let mut long = m.begin(&tokvecs, n);
        let nf = m.n_features();
        let nc = m.n_classes();
        let (mut a, mut b) = (vec![0.0f32; nc], vec![0.0f32; nc]);
        // Windows spread over the document, visited out of order to force recycling.
        for &start in &[5000usize, 0, 2560, 4096, 300, 5600, 1024, 3333] {
            let len = 400.min(n - start);
            let mut short = m.begin(&tokvecs[start * width..(start + len) * width], len);
            long.select_doc(start, len);
            for step in 0..50usize {
                let feats: Vec<i32> = (0..nf)
                    .map(|f| {
                        let v = (step * 37 + f * 101) % (len + 3);
                        if v >= len {
                            -1
                        } else {
                            v as i32
                        }
                    })
                    .collect();
                long.score(&feats, &mut a);
                short.score(&feats, &mut b);
                assert_eq!(a, b, "{component}: window {start}, step {step}");
            }
        }
    }
}
