//! What answers when no route matches: 405 with `Allow` for a known path and the wrong method,
//! 404 otherwise, both as problem+json (actix would send an empty 404 for both). Also the
//! offline Swagger UI under `/docs/`.

use actix_web::{HttpRequest, HttpResponse, ResponseError};

use crate::problem::{Problem, ProblemCode};

/// Every documented path and its method. A test keeps it equal to the OpenAPI document.
pub const ROUTES: &[(&str, &str)] = &[
    ("/analyze", "POST"),
    ("/extract", "POST"),
    ("/livez", "GET"),
    ("/metrics", "GET"),
    ("/openapi.json", "GET"),
    ("/quotes", "POST"),
    ("/readyz", "GET"),
];

/// Methods allowed on `path`, comma-separated, or `None` for an unknown path.
pub fn allowed_methods(path: &str) -> Option<String> {
    let methods: Vec<&str> = ROUTES
        .iter()
        .filter(|(p, _)| *p == path)
        .map(|(_, m)| *m)
        .collect();
    (!methods.is_empty()).then(|| methods.join(", "))
}

/// Default service: 404 or 405 problem.
pub async fn not_found_or_not_allowed(req: HttpRequest) -> HttpResponse {
    let problem = match allowed_methods(req.path()) {
        Some(allow) => Problem::new(
            ProblemCode::MethodNotAllowed,
            format!(
                "{} is not allowed on {}; use {allow}",
                req.method(),
                req.path()
            ),
        )
        .with_allow(allow),
        None => Problem::new(
            ProblemCode::NotFound,
            format!("no route {}; see /openapi.json", req.path()),
        ),
    };
    problem.for_request(&req).error_response()
}

/// Mount the Swagger UI (vendored, no network) at `/docs/`, reading the spec through a relative
/// URL so it also works behind a path-prefixing gateway.
#[cfg(feature = "docs-ui")]
pub fn docs_ui(cfg: &mut actix_web::web::ServiceConfig, enabled: bool) {
    use actix_web::{http::header, web};
    use utoipa_swagger_ui::{Config, SwaggerUi};
    if !enabled {
        return;
    }
    cfg.route(
        "/docs",
        web::get().to(|| async {
            HttpResponse::PermanentRedirect()
                .insert_header((header::LOCATION, "docs/"))
                .finish()
        }),
    );
    cfg.service(SwaggerUi::new("/docs/{_:.*}").config(Config::new(["../openapi.json"])));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn route_table_matches_the_openapi_document() {
        let spec = serde_json::to_value(crate::openapi()).unwrap();
        let mut from_spec: Vec<(String, String)> = Vec::new();
        for (path, item) in spec["paths"].as_object().unwrap() {
            for method in item.as_object().unwrap().keys() {
                if ["get", "post", "put", "delete", "patch", "head", "options"]
                    .contains(&method.as_str())
                {
                    from_spec.push((path.clone(), method.to_uppercase()));
                }
            }
        }
        from_spec.sort();
        let mut table: Vec<(String, String)> = ROUTES
            .iter()
            .map(|(p, m)| (p.to_string(), m.to_string()))
            .collect();
        table.sort();
        assert_eq!(table, from_spec);
    }

    #[test]
    fn allow_lists_the_methods_of_known_paths_only() {
        assert_eq!(allowed_methods("/extract").as_deref(), Some("POST"));
        assert_eq!(allowed_methods("/livez").as_deref(), Some("GET"));
        assert_eq!(allowed_methods("/nope"), None);
    }
}
