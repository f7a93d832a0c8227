//! Identity: every malformed, forged, expired or revoked token is HTTP 401
//! `UNAUTHENTICATED`; never a silent anonymous downgrade.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ed25519_dalek::SigningKey;
use ed25519_dalek::pkcs8::EncodePrivateKey;
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use jsonwebtoken::{Algorithm, EncodingKey, Header, encode};
use mineright::domain::access::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, ZEZHOU, error_code};

const ME: &str = "{ me { sub role county } }";

pub(crate) fn now() -> i64 {
    chrono::Utc::now().timestamp()
}

/// Claims of a valid county-official token, to be spoiled one way at a time.
fn good_claims() -> Value {
    json!({
        "sub": "forger", "role": "COUNTY_OFFICIAL", "county": ZEZHOU, "city": "140500",
        "jti": uuid::Uuid::new_v4().to_string(), "iat": now(), "exp": now() + 600,
        "iss": "mineright", "aud": "mineright"
    })
}

fn server_key(app: &TestApp) -> EncodingKey {
    let pem = std::fs::read(app.dir.path().join("mineright.key")).expect("generated key");
    EncodingKey::from_ed_pem(&pem).expect("ed25519 pem")
}

pub(crate) fn sign(app: &TestApp, claims: &Value) -> String {
    encode(&Header::new(Algorithm::EdDSA), claims, &server_key(app)).expect("sign")
}

pub(crate) fn with(change: impl FnOnce(&mut serde_json::Map<String, Value>)) -> Value {
    let mut claims = good_claims();
    if let Some(map) = claims.as_object_mut() {
        change(map);
    }
    claims
}

fn b64(value: &Value) -> String {
    URL_SAFE_NO_PAD.encode(value.to_string())
}

/// Refused with 401; returns `extensions.cause`, which every refusal carries.
async fn assert_refused(app: &TestApp, token: &str, case: &str) -> String {
    let (status, body) = app.post(Some(token), ME, json!({})).await;
    assert_eq!(status, 401, "{case}: expected 401, got {status} {body}");
    assert_eq!(error_code(&body), Some("UNAUTHENTICATED"), "{case}: {body}");
    body["errors"][0]["extensions"]["cause"]
        .as_str()
        .unwrap_or_else(|| panic!("{case}: a 401 says why: {body}"))
        .to_owned()
}

#[tokio::test]
async fn a_valid_token_identifies_the_caller() {
    let app = TestApp::spawn().await;
    let body = app
        .gql(Some(&sign(&app, &good_claims())), ME, json!({}))
        .await;
    assert_eq!(body["data"]["me"]["role"], "COUNTY_OFFICIAL");
    assert_eq!(body["data"]["me"]["county"], ZEZHOU);
}

#[tokio::test]
async fn no_header_is_an_anonymous_reader() {
    let app = TestApp::spawn().await;
    let body = app.gql(None, ME, json!({})).await;
    assert!(body["data"]["me"].is_null());
}

#[tokio::test]
async fn every_bad_token_is_refused_with_401() {
    let app = TestApp::spawn().await;
    let valid = sign(&app, &good_claims());
    let public_pem = {
        let pem = std::fs::read_to_string(app.dir.path().join("mineright.key")).expect("key");
        let signing = <SigningKey as ed25519_dalek::pkcs8::DecodePrivateKey>::from_pkcs8_pem(&pem)
            .expect("decode");
        ed25519_dalek::pkcs8::EncodePublicKey::to_public_key_pem(
            &signing.verifying_key(),
            LineEnding::LF,
        )
        .expect("pem")
    };
    let other_key = {
        let pem = SigningKey::from_bytes(&[9u8; 32])
            .to_pkcs8_pem(LineEnding::LF)
            .expect("pem");
        EncodingKey::from_ed_pem(pem.as_bytes()).expect("key")
    };
    let [header, payload, signature]: [&str; 3] = valid
        .split('.')
        .collect::<Vec<_>>()
        .try_into()
        .expect("3 parts");
    let forged_payload = b64(&with(|c| {
        c.insert("role".into(), json!("CITY_ADMIN"));
    }));

    let cases: Vec<(&str, String)> = vec![
        (
            "alg none",
            format!(
                "{}.{}.",
                b64(&json!({"alg": "none", "typ": "JWT"})),
                b64(&good_claims())
            ),
        ),
        (
            "HS256 signed with the public key",
            encode(
                &Header::new(Algorithm::HS256),
                &good_claims(),
                &EncodingKey::from_secret(public_pem.as_bytes()).expect("hmac key"),
            )
            .expect("hs256"),
        ),
        (
            "wrong key",
            encode(&Header::new(Algorithm::EdDSA), &good_claims(), &other_key).expect("sign"),
        ),
        (
            "expired beyond leeway",
            sign(
                &app,
                &with(|c| {
                    c.insert("exp".into(), json!(now() - 120));
                }),
            ),
        ),
        (
            "nbf in the future",
            sign(
                &app,
                &with(|c| {
                    c.insert("nbf".into(), json!(now() + 300));
                }),
            ),
        ),
        (
            "exp as a string",
            sign(
                &app,
                &with(|c| {
                    c.insert("exp".into(), json!((now() + 600).to_string()));
                }),
            ),
        ),
        (
            "missing exp",
            sign(
                &app,
                &with(|c| {
                    c.remove("exp");
                }),
            ),
        ),
        (
            "missing aud",
            sign(
                &app,
                &with(|c| {
                    c.remove("aud");
                }),
            ),
        ),
        (
            "missing iss",
            sign(
                &app,
                &with(|c| {
                    c.remove("iss");
                }),
            ),
        ),
        (
            "missing sub",
            sign(
                &app,
                &with(|c| {
                    c.remove("sub");
                }),
            ),
        ),
        (
            "missing jti",
            sign(
                &app,
                &with(|c| {
                    c.remove("jti");
                }),
            ),
        ),
        (
            "wrong aud",
            sign(
                &app,
                &with(|c| {
                    c.insert("aud".into(), json!("someone-else"));
                }),
            ),
        ),
        (
            "wrong iss",
            sign(
                &app,
                &with(|c| {
                    c.insert("iss".into(), json!("evil"));
                }),
            ),
        ),
        (
            "edited payload",
            format!("{header}.{forged_payload}.{signature}"),
        ),
        (
            "truncated signature",
            format!("{header}.{payload}.{}", &signature[..signature.len() - 6]),
        ),
        (
            "unknown role",
            sign(
                &app,
                &with(|c| {
                    c.insert("role".into(), json!("SUPERUSER"));
                }),
            ),
        ),
        (
            "county role without county",
            sign(
                &app,
                &with(|c| {
                    c.remove("county");
                }),
            ),
        ),
        (
            "reviewer without department",
            sign(
                &app,
                &with(|c| {
                    c.insert("role".into(), json!("DEPARTMENT_REVIEWER"));
                }),
            ),
        ),
        ("garbage", "not-a-token".into()),
    ];
    for (case, token) in &cases {
        let cause = assert_refused(&app, token, case).await;
        let expected = match *case {
            "wrong key" | "edited payload" => Some("OTHER_KEY"),
            "expired beyond leeway" => Some("EXPIRED"),
            "unknown role" | "county role without county" | "garbage" => Some("INVALID"),
            _ => None,
        };
        if let Some(expected) = expected {
            assert_eq!(cause, expected, "{case}");
        }
    }
    let (status, basic) = {
        let response = app
            .client
            .post(app.url("/graphql"))
            .header("Authorization", format!("Basic {valid}"))
            .json(&json!({ "query": ME }))
            .send()
            .await
            .expect("sent");
        let status = response.status().as_u16();
        let body: Value = response.json().await.expect("json");
        (status, body)
    };
    assert_eq!(status, 401, "a non-bearer scheme is refused");
    assert_eq!(basic["errors"][0]["extensions"]["cause"], "MALFORMED");
}

#[tokio::test]
async fn clock_skew_within_thirty_seconds_is_tolerated() {
    let app = TestApp::spawn().await;
    let token = sign(
        &app,
        &with(|c| {
            c.insert("exp".into(), json!(now() - 10));
        }),
    );
    let body = app.gql(Some(&token), ME, json!({})).await;
    assert_eq!(body["data"]["me"]["role"], "COUNTY_OFFICIAL");
}

#[tokio::test]
async fn a_revoked_token_is_refused_from_then_on() {
    let app = TestApp::spawn().await;
    let victim = app.token(Role::CountyOfficial, Some(ZEZHOU));
    let me = app.gql(Some(&victim), "{ me { jti } }", json!({})).await;
    let jti = me["data"]["me"]["jti"].as_str().expect("jti").to_owned();

    let revoke = "mutation($jti: String!) { revokeToken(jti: $jti, reason: \"设备遗失\") }";
    let body = app
        .gql(Some(&app.admin()), revoke, json!({ "jti": jti }))
        .await;
    assert_eq!(body["data"]["revokeToken"], true, "{body}");

    assert_eq!(assert_refused(&app, &victim, "revoked").await, "REVOKED");
    let again = app
        .gql(Some(&app.admin()), revoke, json!({ "jti": jti }))
        .await;
    assert_eq!(error_code(&again), Some("CONFLICT"));
}

#[tokio::test]
async fn only_the_city_admin_revokes_tokens() {
    let app = TestApp::spawn().await;
    let revoke = "mutation { revokeToken(jti: \"some-jti\", reason: \"test\") }";
    let anonymous = app.gql(None, revoke, json!({})).await;
    assert_eq!(error_code(&anonymous), Some("UNAUTHENTICATED"));
    assert_eq!(
        anonymous["errors"][0]["extensions"]["cause"], "NO_TOKEN",
        "the refusal says a token is missing: {anonymous}"
    );
    for role in [
        Role::CityApprover,
        Role::CountyOfficial,
        Role::DepartmentReviewer,
        Role::Integrator,
        Role::Auditor,
    ] {
        let token = app.token(role, Some(ZEZHOU));
        let body = app.gql(Some(&token), revoke, json!({})).await;
        assert_eq!(error_code(&body), Some("FORBIDDEN"), "{role:?}: {body}");
    }
}

#[tokio::test]
async fn a_city_role_without_a_city_claim_is_refused_once_there_are_several_cities() {
    let app = TestApp::spawn().await;
    let no_city = app.token_for(mineright::auth::TokenRequest {
        role: Role::CityAdmin,
        sub: "no-city".into(),
        city: None,
        county: None,
        department: None,
        ttl: std::time::Duration::from_secs(600),
    });
    let body = app.gql(Some(&no_city), "{ me { city } }", json!({})).await;
    assert_eq!(
        body["data"]["me"]["city"], "140500",
        "the only city is implied"
    );
    app.add_second_city().await;
    assert_refused(
        &app,
        &no_city,
        "city role without city in a two-city deployment",
    )
    .await;
}

#[tokio::test]
async fn tokens_naming_places_that_do_not_exist_are_refused() {
    let app = TestApp::spawn().await;
    app.add_second_city().await;
    let cases = [
        (
            "an unknown city",
            with(|c| {
                c.insert("role".into(), json!("CITY_ADMIN"));
                c.insert("city".into(), json!("140100"));
                c.remove("county");
            }),
        ),
        (
            "an unknown county",
            with(|c| {
                c.insert("county".into(), json!("140199"));
            }),
        ),
        (
            "a county outside the claimed city",
            with(|c| {
                c.insert("city".into(), json!("140600"));
            }),
        ),
        (
            "an unknown department",
            with(|c| {
                c.insert("role".into(), json!("DEPARTMENT_REVIEWER"));
                c.insert("department".into(), json!("SPACE_AGENCY"));
            }),
        ),
    ];
    for (case, claims) in cases {
        assert_refused(&app, &sign(&app, &claims), case).await;
    }
    // The same claims naming real places are accepted.
    let real = with(|c| {
        c.insert("city".into(), json!("140500"));
    });
    let body = app.gql(Some(&sign(&app, &real)), ME, json!({})).await;
    assert_eq!(body["data"]["me"]["county"], ZEZHOU, "{body}");
}

#[tokio::test]
async fn an_oversized_authorization_header_is_refused() {
    let app = TestApp::spawn().await;
    let huge = format!("{}.{}", sign(&app, &good_claims()), "a".repeat(8 * 1024));
    assert_refused(&app, &huge, "an 8 KiB header").await;
}
