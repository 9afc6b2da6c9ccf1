//! The story page: `GET /view` serves one self-contained HTML page (no CDN, no fonts, no
//! dependencies) that sends a pasted story to `/analyze` and shows it with its entities and
//! quotes marked; `quoth extract --html` writes the same page with the analysis inside.

use actix_web::http::header::{self, HeaderValue};
use actix_web::{web, HttpResponse};
use serde::Serialize;

/// The page, compiled into the binary.
pub const PAGE: &str = include_str!("view/page.html");

/// Where a static page carries its story (the page renders it instead of showing the form).
const PRELOADED: &str = r#"<script id="preloaded" type="application/json">null</script>"#;

/// Mount `GET /view` (and `GET /` as a redirect to it) unless turned off.
pub fn configure(cfg: &mut web::ServiceConfig, enabled: bool) {
    if !enabled {
        return;
    }
    cfg.route("/view", web::get().to(page));
    cfg.route(
        "/",
        web::get().to(|| async {
            HttpResponse::TemporaryRedirect()
                .insert_header((header::LOCATION, "view"))
                .finish()
        }),
    );
}

async fn page() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        // Static for the life of the binary: let browsers and the gateway cache it.
        .insert_header((
            header::CACHE_CONTROL,
            HeaderValue::from_static("public, max-age=3600"),
        ))
        .insert_header((
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .body(PAGE)
}

#[derive(Serialize)]
struct Preloaded<'a, T: Serialize> {
    text: &'a str,
    analysis: &'a T,
}

/// The page with `text` and its `/analyze` response (offsets in UTF-16, the page's unit)
/// inside, for a file that opens offline.
pub fn standalone<T: Serialize>(text: &str, analysis: &T) -> Result<String, serde_json::Error> {
    let json = serde_json::to_string(&Preloaded { text, analysis })?;
    // Inside <script>, `</` could end the element early; `<\/` is the same JSON string.
    let json = json.replace("</", "<\\/").replace("<!--", "<\\u0021--");
    Ok(PAGE.replacen(
        PRELOADED,
        &format!(r#"<script id="preloaded" type="application/json">{json}</script>"#),
        1,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_has_the_preload_slot_and_no_external_resources() {
        assert_eq!(PAGE.matches(PRELOADED).count(), 1);
        for outside in ["http://", "https://", "//cdn", "@import", "<link"] {
            assert!(
                !PAGE.contains(outside),
                "the page must work offline: {outside}"
            );
        }
    }

    #[test]
    fn a_standalone_page_cannot_be_broken_out_of_by_the_story() {
        let text = "</script><script>alert(1)</script><!-- x";
        let page = standalone(text, &serde_json::json!({"mentions": []})).unwrap();
        let start = page.find(r#"<script id="preloaded""#).unwrap();
        let rest = &page[start..];
        let end = rest.find("</script>").unwrap();
        let json = &rest[rest.find('>').unwrap() + 1..end];
        let v: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(v["text"], text);
    }
}
