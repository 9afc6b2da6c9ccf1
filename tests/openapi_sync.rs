//! The committed `openapi/openapi.json` must equal the document the server generates.
//! Regenerate with: `UPDATE_OPENAPI=1 cargo test --test openapi_sync`.

use std::path::Path;

#[test]
fn committed_openapi_matches_generated() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("openapi/openapi.json");
    let generated = quoth_server::openapi_json();
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).expect("write openapi/openapi.json");
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi/openapi.json is out of date with the code.\n\
         Regenerate it with: UPDATE_OPENAPI=1 cargo test --test openapi_sync"
    );
}

/// House rules: snake_case property names; every operation has a summary and description;
/// every response has a description; every 4xx/5xx is a Problem as application/problem+json.
#[test]
fn openapi_follows_house_rules() {
    let spec: serde_json::Value = serde_json::from_str(&quoth_server::openapi_json()).unwrap();
    assert_eq!(
        spec["openapi"].as_str().map(|v| v.starts_with("3.1")),
        Some(true)
    );
    assert_eq!(spec["info"]["license"]["name"], "MIT");

    fn walk_properties(v: &serde_json::Value, bad: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(map) => {
                if let Some(props) = map.get("properties").and_then(|p| p.as_object()) {
                    for k in props.keys() {
                        let ok = k.chars().next().is_some_and(|c| c.is_ascii_lowercase())
                            && k.chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
                        if !ok {
                            bad.push(k.clone());
                        }
                    }
                }
                map.values().for_each(|x| walk_properties(x, bad));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| walk_properties(x, bad)),
            _ => {}
        }
    }
    let mut bad = Vec::new();
    walk_properties(&spec["components"], &mut bad);
    assert!(bad.is_empty(), "property names not snake_case: {bad:?}");

    for (path, item) in spec["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let where_ = format!("{method} {path}");
            assert!(
                op["summary"].as_str().is_some_and(|s| !s.is_empty()),
                "{where_}: summary"
            );
            assert!(
                op["description"].as_str().is_some_and(|s| !s.is_empty()),
                "{where_}: description"
            );
            for (status, resp) in op["responses"].as_object().unwrap() {
                assert!(
                    resp["description"].as_str().is_some_and(|s| !s.is_empty()),
                    "{where_} {status}: description"
                );
                if status.starts_with('4') || status.starts_with('5') {
                    let schema = &resp["content"]["application/problem+json"]["schema"]["$ref"];
                    assert_eq!(
                        schema, "#/components/schemas/Problem",
                        "{where_} {status}: must be a problem+json Problem"
                    );
                }
            }
        }
    }
    // JSON endpoints document the content-type, size and overload errors.
    for path in ["/extract", "/analyze", "/quotes"] {
        let responses = &spec["paths"][path]["post"]["responses"];
        for status in ["200", "400", "413", "415", "503"] {
            assert!(responses.get(status).is_some(), "{path} lacks {status}");
        }
    }
}
