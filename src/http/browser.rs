//! What browsers need and must be kept from: CORS for the origins the deployment allows
//! (none by default), security headers on every response, and GraphiQL served entirely
//! from the binary (government networks are often closed to public CDNs) under a content
//! security policy that allows its own scripts and nothing else.

use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;

/// How long a browser may cache a preflight answer.
const PREFLIGHT_MAX_AGE: std::time::Duration = std::time::Duration::from_secs(3_600);

/// The policy of every response that is not the GraphiQL page: API answers are data,
/// never a document to render or frame.
const API_POLICY: &str = "default-src 'none'; frame-ancestors 'none'";

/// Parses the allowed origins (`https://host[:port]`, exactly as a browser sends them).
pub fn parse_origins(origins: &[String]) -> Result<Vec<HeaderValue>, String> {
    origins
        .iter()
        .map(|origin| origin.trim())
        .filter(|origin| !origin.is_empty())
        .map(|origin| {
            let (scheme, rest) = origin
                .split_once("://")
                .ok_or_else(|| format!("CORS origin {origin:?} needs a scheme"))?;
            if !matches!(scheme, "http" | "https")
                || rest.is_empty()
                || rest.contains('/')
                || origin == "*"
            {
                return Err(format!(
                    "CORS origin {origin:?} must be like https://host[:port]"
                ));
            }
            HeaderValue::from_str(origin)
                .map_err(|_| format!("CORS origin {origin:?} is not valid"))
        })
        .collect()
}

/// CORS for `origins`; `None` (no CORS at all, preflights answered 405) when empty.
pub fn cors(origins: Vec<HeaderValue>) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::POST])
            .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
            .expose_headers([HeaderName::from_static("x-request-id")])
            .max_age(PREFLIGHT_MAX_AGE),
    )
}

/// The security headers, each set unless the handler set its own.
pub fn security_headers() -> [SetResponseHeaderLayer<HeaderValue>; 4] {
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    [
        header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        header(header::X_FRAME_OPTIONS, "DENY"),
        header(header::REFERRER_POLICY, "no-referrer"),
        header(header::CONTENT_SECURITY_POLICY, API_POLICY),
    ]
}

/// The GraphiQL page: our own HTML over the IDE's npm builds (graphiql 4.1.2, react and
/// react-dom 18.3.1, production builds, unmodified, in `vendor/graphiql/` with their
/// licences).
const PAGE: &str = include_str!("assets/graphiql.html");

/// The files the page loads, served from the binary by name.
const ASSETS: [(&str, &[u8]); 5] = [
    (
        "react-18.3.1.production.min.js",
        include_bytes!("vendor/graphiql/react-18.3.1.production.min.js"),
    ),
    (
        "react-dom-18.3.1.production.min.js",
        include_bytes!("vendor/graphiql/react-dom-18.3.1.production.min.js"),
    ),
    (
        "graphiql-4.1.2.umd.min.js",
        include_bytes!("vendor/graphiql/graphiql-4.1.2.umd.min.js"),
    ),
    (
        "graphiql-4.1.2.css",
        include_bytes!("vendor/graphiql/graphiql-4.1.2.css"),
    ),
    (
        "LICENSES.txt",
        include_bytes!("vendor/graphiql/LICENSES.txt"),
    ),
];

/// The content type of an asset, by its extension.
fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("js") => "text/javascript; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        _ => "text/plain; charset=utf-8",
    }
}

/// The `'sha256-…'` sources of every inline `<script>` of `html`, so that the policy
/// allows exactly those scripts and no injected one.
fn inline_script_hashes(html: &str) -> Vec<String> {
    html.split("<script>")
        .skip(1)
        .filter_map(|rest| rest.split_once("</script>").map(|(body, _)| body))
        .map(|body| {
            let digest = Sha256::digest(body.as_bytes());
            format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect()
}

/// The page's policy: its own files and its one inline script; React sets inline styles,
/// which a policy cannot list by hash.
fn page_policy() -> &'static HeaderValue {
    static POLICY: OnceLock<HeaderValue> = OnceLock::new();
    POLICY.get_or_init(|| {
        let scripts = inline_script_hashes(PAGE).join(" ");
        let policy = format!(
            "default-src 'none'; script-src 'self' {scripts}; style-src 'self' 'unsafe-inline'; \
             font-src 'self' data:; img-src 'self' data:; connect-src 'self' ws: wss:; \
             frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        );
        HeaderValue::from_str(&policy).unwrap_or_else(|_| HeaderValue::from_static(API_POLICY))
    })
}

/// `GET /`: GraphiQL with its own policy.
pub async fn graphiql() -> Response {
    (
        [(header::CONTENT_SECURITY_POLICY, page_policy().clone())],
        Html(PAGE),
    )
        .into_response()
}

/// `GET /assets/{file}`: the page's files, cached for a year (their names carry their
/// versions).
pub async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _)| *name == file) {
        Some((name, body)) => (
            [
                (header::CONTENT_TYPE, content_type(name)),
                (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
            ],
            *body,
        )
            .into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_must_be_scheme_host_and_port_only() {
        let parsed = parse_origins(&[
            "https://gis.jincheng.gov.cn".into(),
            " http://127.0.0.1:3000 ".into(),
        ])
        .expect("valid origins");
        assert_eq!(parsed.len(), 2);
        for bad in [
            "*",
            "gis.example",
            "https://host/path",
            "ftp://host",
            "https://",
        ] {
            assert!(parse_origins(&[bad.into()]).is_err(), "{bad}");
        }
        assert!(cors(Vec::new()).is_none(), "no origins: no CORS");
    }

    #[test]
    fn every_inline_script_of_the_page_is_allowed_by_hash() {
        let html = "<script src=\"x\"></script><script>alert(1)</script>";
        assert_eq!(
            inline_script_hashes(html),
            vec!["'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='".to_owned()]
        );
        let policy = page_policy().to_str().unwrap_or_default().to_owned();
        assert!(policy.contains("script-src 'self' 'sha256-"), "{policy}");
        let scripts = policy
            .split(';')
            .find(|directive| directive.trim().starts_with("script-src"))
            .unwrap_or_default();
        assert!(!scripts.contains("unsafe-inline"), "{policy}");
    }
}
