//! What browsers need and must be kept from: CORS for the origins the deployment allows
//! (none by default), security headers on every response, and a content security policy
//! on the GraphiQL page that allows its own scripts and nothing else.

use std::sync::OnceLock;

use async_graphql::http::GraphiQLSource;
use axum::http::{HeaderName, HeaderValue, Method, header};
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

/// The GraphiQL page and its policy, built once.
struct Page {
    html: String,
    policy: HeaderValue,
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

fn page() -> &'static Page {
    static PAGE: OnceLock<Page> = OnceLock::new();
    PAGE.get_or_init(|| {
        let html = GraphiQLSource::build()
            .endpoint("/graphql")
            .subscription_endpoint("/graphql/ws")
            .title("mineright")
            .finish();
        let scripts = inline_script_hashes(&html).join(" ");
        // The IDE's scripts and styles come from unpkg.com as async-graphql ships them;
        // React sets inline styles, which a policy cannot list by hash.
        let policy = format!(
            "default-src 'none'; script-src https://unpkg.com {scripts}; \
             style-src https://unpkg.com 'unsafe-inline'; font-src https://unpkg.com data:; \
             img-src https://graphql.org data:; connect-src 'self' ws: wss:; \
             frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
        );
        Page {
            policy: HeaderValue::from_str(&policy)
                .unwrap_or_else(|_| HeaderValue::from_static(API_POLICY)),
            html,
        }
    })
}

/// `GET /`: GraphiQL with its own policy.
pub async fn graphiql() -> Response {
    let page = page();
    (
        [(header::CONTENT_SECURITY_POLICY, page.policy.clone())],
        Html(page.html.clone()),
    )
        .into_response()
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
        let policy = page().policy.to_str().unwrap_or_default().to_owned();
        assert!(policy.contains("'sha256-"), "{policy}");
        assert!(!policy.contains("script-src https://unpkg.com 'unsafe-inline'"));
    }
}
