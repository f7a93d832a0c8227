//! The HTTP surface of docs/api.md: endpoints, limits, batches, GET rules, request ids.

use serde_json::json;

use crate::helpers::{TestApp, ZEZHOU, error_code, error_field, mine_input};

#[tokio::test]
async fn health_readiness_graphiql_and_sdl_are_served() {
    let app = TestApp::spawn().await;
    let get = |path: &str| app.client.get(app.url(path)).send();
    assert_eq!(get("/healthz").await.expect("healthz").status(), 200);
    assert_eq!(get("/readyz").await.expect("readyz").status(), 200);
    let graphiql = get("/")
        .await
        .expect("graphiql")
        .text()
        .await
        .expect("html");
    assert!(graphiql.contains("graphiql"), "GraphiQL page expected");
    let sdl = get("/schema.graphql")
        .await
        .expect("sdl")
        .text()
        .await
        .expect("text");
    assert_eq!(sdl, mineright::graphql::sdl());
}

#[tokio::test]
async fn every_response_carries_a_request_id() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("healthz");
    assert!(response.headers().get("x-request-id").is_some());
}

#[tokio::test]
async fn a_two_mebibyte_body_is_refused_with_413() {
    let app = TestApp::spawn().await;
    let padding = "x".repeat(2 * 1024 * 1024);
    let body = json!({ "query": "{ minerals { code } }", "variables": { "padding": padding } });
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&body)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 413);
    let body: serde_json::Value = response.json().await.expect("a GraphQL-shaped error");
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"));
    assert_eq!(error_field(&body), Some("body"), "{body}");
}

#[tokio::test]
async fn a_chunked_body_over_the_limit_is_refused_with_413() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let app = TestApp::spawn().await;
    let mut stream = tokio::net::TcpStream::connect(app.addr)
        .await
        .expect("connect");
    let head = format!(
        "POST /graphql HTTP/1.1\r\nHost: {}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
        app.addr
    );
    stream.write_all(head.as_bytes()).await.expect("head");
    let chunk = format!(
        "{{\"query\":\"{{ minerals {{ code }} }}\",\"variables\":{{\"p\":\"{}\"}}}}",
        "x".repeat(2 * 1024 * 1024)
    );
    // The server may answer and close before the whole body is sent; that is the point.
    let _ = stream
        .write_all(format!("{:x}\r\n{chunk}\r\n0\r\n\r\n", chunk.len()).as_bytes())
        .await;
    let mut response = vec![0u8; 64];
    let read = stream.read(&mut response).await.expect("response");
    let status_line = String::from_utf8_lossy(&response[..read]);
    assert!(status_line.starts_with("HTTP/1.1 413"), "{status_line}");
}

#[tokio::test]
async fn array_batches_are_refused() {
    let app = TestApp::spawn().await;
    let batch = json!([{ "query": "{ minerals { code } }" }, { "query": "{ minerals { code } }" }]);
    let response = app
        .client
        .post(app.url("/graphql"))
        .json(&batch)
        .send()
        .await
        .expect("sent");
    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn get_runs_queries_but_refuses_mutations() {
    let app = TestApp::spawn().await;
    let query = app
        .client
        .get(app.url("/graphql"))
        .query(&[("query", "{ counties { code } }")])
        .send()
        .await
        .expect("sent");
    assert_eq!(query.status(), 200);
    let body: serde_json::Value = query.json().await.expect("json");
    assert_eq!(body["data"]["counties"].as_array().map(Vec::len), Some(6));

    let mutation = app
        .client
        .get(app.url("/graphql"))
        .bearer_auth(app.admin())
        .query(&[(
            "query",
            "mutation { revokeToken(jti: \"x\", reason: \"r\") }",
        )])
        .send()
        .await
        .expect("sent");
    assert_eq!(mutation.status(), 405);
}

#[tokio::test]
async fn a_thousand_aliases_are_too_complex() {
    let app = TestApp::spawn().await;
    let fields: Vec<String> = (0..1000)
        .map(|i| format!("a{i}: minerals {{ code }}"))
        .collect();
    let body = app
        .gql(None, &format!("{{ {} }}", fields.join(" ")), json!({}))
        .await;
    assert_eq!(error_code(&body), Some("QUERY_TOO_COMPLEX"), "{body}");
    assert!(body["data"].is_null());
}

#[tokio::test]
async fn a_query_nested_26_levels_is_too_complex() {
    let app = TestApp::spawn().await;
    let mut query = "name".to_owned();
    for _ in 0..25 {
        query = format!("ofType {{ {query} }}");
    }
    let body = app
        .gql(
            None,
            &format!("{{ __type(name: \"Mine\") {{ {query} }} }}"),
            json!({}),
        )
        .await;
    assert_eq!(error_code(&body), Some("QUERY_TOO_COMPLEX"), "{body}");
}

#[tokio::test]
async fn the_graphiql_introspection_query_passes() {
    let app = TestApp::spawn().await;
    let body = app.gql(None, INTROSPECTION, json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
    assert!(
        body["data"]["__schema"]["types"]
            .as_array()
            .is_some_and(|t| t.len() > 20)
    );
}

#[tokio::test]
async fn a_page_of_one_hundred_mines_with_nested_fields_passes() {
    let app = TestApp::spawn().await;
    for i in 0..100 {
        app.create_mine(mine_input(ZEZHOU, &format!("PAGE-{i:03}")))
            .await;
    }
    let query =
        "{ mines(first: 100) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node {
        id name holder licenceNo productionScale productionScaleClass serviceYears status version
        county { code name city { code name } } mineral { code name productionUnit } } } } }";
    let body = app.gql(Some(&app.admin()), query, json!({})).await;
    assert!(body["errors"].is_null(), "{body}");
    assert_eq!(
        body["data"]["mines"]["edges"].as_array().map(Vec::len),
        Some(100)
    );
    assert_eq!(body["data"]["mines"]["totalCount"], 100);
}

#[tokio::test]
async fn syntax_errors_and_unknown_fields_carry_bad_user_input() {
    let app = TestApp::spawn().await;
    let body = app.gql(None, "{ minerals { code ", json!({})).await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"));
    let body = app.gql(None, "{ minerals { nope } }", json!({})).await;
    assert_eq!(error_code(&body), Some("BAD_USER_INPUT"));
    assert!(
        !body.to_string().contains("Did you mean"),
        "suggestions must be off: {body}"
    );
}

/// The query GraphiQL sends on load (graphql-js `getIntrospectionQuery`).
const INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}
"#;

#[tokio::test]
async fn responses_are_compressed_when_the_client_accepts_it() {
    let app = TestApp::spawn().await;
    let query = json!({ "query": "{ minerals { code name nationalCode } }" });
    let mut sizes = Vec::new();
    for (accepted, expected) in [
        ("identity", None),
        ("gzip", Some("gzip")),
        ("br", Some("br")),
    ] {
        let response = app
            .client
            .post(app.url("/graphql"))
            .header("accept-encoding", accepted)
            .json(&query)
            .send()
            .await
            .expect("sent");
        assert_eq!(response.status(), 200);
        let encoding = response
            .headers()
            .get("content-encoding")
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        assert_eq!(encoding.as_deref(), expected, "{accepted}");
        let body = response.bytes().await.expect("body");
        if expected.is_none() {
            let answer: serde_json::Value = serde_json::from_slice(&body).expect("plain JSON");
            assert!(answer["data"]["minerals"].is_array(), "{answer}");
        } else {
            assert!(
                serde_json::from_slice::<serde_json::Value>(&body).is_err(),
                "encoded"
            );
        }
        sizes.push(body.len());
    }
    assert!(sizes[1] < sizes[0] && sizes[2] < sizes[0], "{sizes:?}");
}
