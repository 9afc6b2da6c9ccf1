//! The thinc reader on the real en_core_web_sm model files: node inventory and parameter shapes
//! (spec §1.8), plus corrupted copies that must fail with typed errors, never panics.

use std::path::{Path, PathBuf};

use quoth::nlp::model::ThincModel;
use quoth::nlp::{NlpError, Pipeline};

fn model_dir() -> PathBuf {
    Pipeline::default_model_path()
}

fn load(component: &str) -> ThincModel {
    let path = model_dir().join(component).join("model");
    match ThincModel::read(&path) {
        Ok(m) => m,
        Err(e) => panic!("{}: {e}", path.display()),
    }
}

/// Indices of nodes called `name`, in file order.
fn indices(m: &ThincModel, name: &str) -> Vec<usize> {
    m.nodes_named(name).map(|n| n.index).collect()
}

fn check_hashembeds(m: &ThincModel, rows: &[usize], width: usize) -> Vec<usize> {
    let idx = indices(m, "hashembed");
    assert_eq!(idx.len(), rows.len(), "hashembed count");
    for (k, (&i, &nv)) in idx.iter().zip(rows).enumerate() {
        m.param(i, "E", &[nv, width]).expect("E shape");
        assert_eq!(m.attr_int(i, "seed").expect("seed"), 8 + k as i64);
        assert_eq!(m.attr_int(i, "column").expect("column"), k as i64);
    }
    idx
}

fn check_maxout_layernorm(m: &ThincModel, width: usize, first_ni: usize, pieces: &[usize]) {
    let mx = indices(m, "maxout");
    let ln = indices(m, "layernorm");
    assert_eq!(mx.len(), pieces.len());
    assert_eq!(ln.len(), pieces.len());
    for (k, (&i, &np)) in mx.iter().zip(pieces).enumerate() {
        let ni = if k == 0 { first_ni } else { 3 * width };
        m.param(i, "W", &[width, np, ni]).expect("maxout W");
        m.param(i, "b", &[width, np]).expect("maxout b");
    }
    for &i in &ln {
        m.param(i, "G", &[width]).expect("layernorm G");
        m.param(i, "b", &[width]).expect("layernorm b");
    }
}

#[test]
fn tok2vec_inventory() {
    let m = load("tok2vec");
    let he = check_hashembeds(&m, &[5000, 1000, 2500, 2500, 50, 50], 96);
    assert_eq!(he, vec![28, 30, 32, 34, 36, 38]);
    check_maxout_layernorm(&m, 96, 6 * 96, &[3, 3, 3, 3, 3]);
    assert_eq!(m.n_floats(), 1_565_664);
    let ew = m
        .nodes_named("expand_window")
        .next()
        .expect("expand_window");
    assert_eq!(m.attr_int(ew.index, "window_size").ok(), Some(1));
}

#[test]
fn ner_inventory() {
    let m = load("ner");
    assert_eq!(m.nodes.len(), 65);
    assert_eq!(m.nodes[0].name, "parser_model");
    let lower = m.node_ref(0, "lower").expect("lower").index;
    let upper = m.node_ref(0, "upper").expect("upper").index;
    assert_eq!((lower, upper), (2, 3));
    m.param(lower, "W", &[3, 64, 2, 64]).expect("lower W");
    m.param(lower, "b", &[64, 2]).expect("lower b");
    m.param(lower, "pad", &[1, 3, 64, 2]).expect("lower pad");
    m.param(upper, "W", &[74, 64]).expect("upper W");
    m.param(upper, "b", &[74]).expect("upper b");
    m.param(6, "W", &[64, 96]).expect("proj W");
    m.param(6, "b", &[64]).expect("proj b");
    let he = check_hashembeds(&m, &[5000, 1000, 2500, 2500], 96);
    assert_eq!(he, vec![32, 34, 36, 38]);
    check_maxout_layernorm(&m, 96, 4 * 96, &[3, 3, 3, 3, 3]);
    assert_eq!(m.n_floats(), 1_536_874);
    let cols = m
        .nodes_named("extract_features")
        .next()
        .and_then(|n| n.attr("columns"))
        .and_then(|v| v.as_array())
        .map(|a| a.iter().filter_map(|x| x.as_str()).collect::<Vec<_>>());
    assert_eq!(cols, Some(vec!["NORM", "PREFIX", "SUFFIX", "SHAPE"]));
}

#[test]
fn parser_tagger_senter_inventory() {
    let p = load("parser");
    p.param(6, "W", &[64, 96]).expect("proj W");
    p.param(2, "W", &[8, 64, 2, 64]).expect("lower W");
    p.param(2, "pad", &[1, 8, 64, 2]).expect("lower pad");
    p.param(3, "W", &[106, 64]).expect("upper W");
    assert_eq!(p.n_floats(), 79_786);

    let t = load("tagger");
    t.param(3, "W", &[50, 96]).expect("softmax W");
    t.param(3, "b", &[50]).expect("softmax b");
    assert_eq!(
        t.node(3)
            .ok()
            .and_then(|n| n.attr("softmax_normalize"))
            .and_then(|v| v.as_bool()),
        Some(false)
    );

    let s = load("senter");
    check_hashembeds(&s, &[1000, 500, 500, 500, 50], 16);
    s.param(5, "W", &[2, 16]).expect("softmax W");
    assert_eq!(s.n_floats(), 47_954);
}

#[test]
fn missing_file_is_io_error_naming_it() {
    let path = Path::new("/nonexistent/quoth/model");
    match ThincModel::read(path) {
        Err(NlpError::Io { path: p, .. }) => assert_eq!(p, path),
        other => panic!("expected Io error, got {other:?}"),
    }
}

#[test]
fn corrupted_real_file_gives_errors_not_panics() {
    let path = model_dir().join("tagger").join("model");
    let bytes = std::fs::read(&path).expect("tagger model");
    // Truncations at many points, including inside the float data.
    let mut cut = 0;
    while cut < bytes.len() {
        let r = ThincModel::from_bytes(&bytes[..cut], &path);
        match r {
            Err(NlpError::Decode { path: p, .. }) | Err(NlpError::Format { path: p, .. }) => {
                assert_eq!(p, path)
            }
            other => panic!(
                "cut at {cut}: expected an error, got {:?}",
                other.map(|_| ())
            ),
        }
        cut += 97;
    }
    // Deterministic pseudo-random byte flips in the structural prefix and elsewhere.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..2000 {
        state = state
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let pos = if state & 1 == 0 {
            (state >> 33) as usize % 400.min(bytes.len())
        } else {
            (state >> 33) as usize % bytes.len()
        };
        let mut b = bytes.clone();
        b[pos] ^= (state >> 8) as u8 | 1;
        let _ = ThincModel::from_bytes(&b, &path);
    }
}
