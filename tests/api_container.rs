//! The Dockerfile and the Kubernetes manifest must not drift from the binary: non-root user,
//! HEALTHCHECK and ENTRYPOINT present, every `QUOTH_*` variable they set is one the binary
//! reads, the subcommands they run exist, and the model they point at is the vendored one.

use std::process::Command;

const BIN: &str = env!("CARGO_BIN_EXE_quoth");

fn read(rel: &str) -> String {
    std::fs::read_to_string(format!("{}/{rel}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// `QUOTH_*` names that `quoth serve --help` documents.
fn documented_env_vars() -> Vec<String> {
    let out = Command::new(BIN)
        .args(["serve", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8(out.stdout).unwrap();
    let mut vars: Vec<String> = help
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| w.starts_with("QUOTH_"))
        .map(str::to_string)
        .collect();
    vars.sort();
    vars.dedup();
    vars
}

/// Logical Dockerfile lines of the final stage (continuations joined).
fn runtime_stage() -> Vec<String> {
    let text = read("Dockerfile").replace("\\\n", " ");
    let lines: Vec<String> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect();
    let last_from = lines.iter().rposition(|l| l.starts_with("FROM ")).unwrap();
    lines[last_from..].to_vec()
}

#[test]
fn dockerfile_runtime_stage_is_non_root_with_healthcheck_and_entrypoint() {
    let stage = runtime_stage();
    let user = stage.iter().find(|l| l.starts_with("USER ")).expect("USER");
    let uid = user[5..].split(':').next().unwrap().trim();
    assert!(uid != "0" && uid != "root", "{user}");
    assert!(stage
        .iter()
        .any(|l| l.starts_with("HEALTHCHECK ") && l.contains("\"healthcheck\"")));
    assert!(stage
        .iter()
        .any(|l| l.starts_with("ENTRYPOINT [\"/quoth\"]")));
    assert!(stage.iter().any(|l| l == "CMD [\"serve\"]"));
    assert!(stage.iter().any(|l| l.starts_with("STOPSIGNAL SIGTERM")));
    // The vendored models (the service model and the accurate profile's pipelines beside it)
    // are copied in and QUOTH_MODEL points at the service model.
    let model_dir = quoth::nlp::pipeline::DEFAULT_MODEL_DIR;
    let models_root = model_dir
        .rsplit_once('/')
        .map_or("models", |(root, _)| root);
    assert!(stage
        .iter()
        .any(|l| l == &format!("COPY {models_root} /{models_root}")));
    let env_line = stage.iter().find(|l| l.starts_with("ENV ")).expect("ENV");
    let model_dir_name = model_dir.rsplit('/').next().unwrap();
    assert!(env_line.contains(&format!("QUOTH_MODEL=/models/{model_dir_name}")));
}

#[test]
fn every_env_var_the_image_and_manifest_set_is_read_by_the_binary() {
    let known = documented_env_vars();
    assert!(known.contains(&"QUOTH_PORT".to_string()), "{known:?}");
    let docker = read("Dockerfile");
    let k8s = read("deploy/k8s.yaml");
    for (what, text) in [("Dockerfile", &docker), ("deploy/k8s.yaml", &k8s)] {
        for word in text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')) {
            if word.starts_with("QUOTH_") {
                assert!(
                    known.iter().any(|k| k == word),
                    "{what} sets unknown {word}"
                );
            }
        }
    }
}

#[test]
fn subcommands_used_by_image_and_probes_exist() {
    for sub in ["serve", "healthcheck"] {
        let st = Command::new(BIN).args([sub, "--help"]).output().unwrap();
        assert!(st.status.success(), "{sub}");
    }
    // The probe paths in the manifest are routes the server has.
    let k8s = read("deploy/k8s.yaml");
    for path in ["/readyz", "/livez", "/metrics"] {
        assert!(k8s.contains(&format!("path: {path}")), "{path}");
        assert!(
            quoth_server::fallback::allowed_methods(path).is_some(),
            "{path}"
        );
    }
}

/// Every workspace member's folder is copied into both build stages (a crate the image build
/// cannot see fails the build only where Docker runs, which CI cannot).
#[test]
fn dockerfile_build_stages_copy_every_workspace_member() {
    let manifest = read("Cargo.toml");
    let members_line = manifest
        .lines()
        .find(|l| l.starts_with("members"))
        .expect("[workspace] members");
    let members: Vec<&str> = members_line.split('"').skip(1).step_by(2).collect();
    assert!(!members.is_empty(), "{members_line}");
    let dockerfile = read("Dockerfile");
    for m in members {
        let top = m.split('/').next().unwrap();
        let copy = format!("COPY {top} ./{top}");
        assert_eq!(
            dockerfile.matches(&copy).count(),
            2,
            "the planner and builder stages must both `{copy}` (for {m})"
        );
    }
}
