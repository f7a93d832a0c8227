//! Input that is not data: every refusal is `BAD_USER_INPUT` with the
//! field, in Chinese, on SQLite and PostgreSQL alike; nothing reaches the database as
//! `INTERNAL`.

use serde_json::{Value, json};

use crate::helpers::{CREATE_MINE, TestApp, ZEZHOU, error_code, error_field, mine_input};

fn has_chinese(text: &str) -> bool {
    text.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

/// Asserts one refusal naming `field`, in Chinese.
fn assert_refused(body: &Value, field: &str, case: &str) {
    assert_eq!(error_code(body), Some("BAD_USER_INPUT"), "{case}: {body}");
    assert_eq!(error_field(body), Some(field), "{case}: {body}");
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(has_chinese(message), "{case}: a Chinese message: {body}");
}

async fn create(app: &TestApp, change: impl FnOnce(&mut Value)) -> Value {
    let mut input = mine_input(ZEZHOU, "HOSTILE-1");
    change(&mut input);
    app.gql(Some(&app.admin()), CREATE_MINE, json!({ "input": input }))
        .await
}

#[tokio::test]
async fn figures_that_are_not_data_are_refused() {
    let app = TestApp::spawn().await;
    type Case = (&'static str, &'static str, fn(&mut Value));
    let cases: [Case; 6] = [
        ("a denormal scale", "productionScale", |i| {
            i["productionScale"] = json!(5e-324)
        }),
        ("a billion-tonne scale", "productionScale", |i| {
            i["productionScale"] = json!(1e9)
        }),
        ("reserves beyond any deposit", "remainingReserves", |i| {
            i["remainingReserves"] = json!(1e15)
        }),
        ("a point outside China", "latitude", |i| {
            i["latitude"] = json!(-45.0)
        }),
        ("year 0000", "licenceValidFrom", |i| {
            i["licenceValidFrom"] = json!("0000-01-01")
        }),
        ("year 9999", "constructionDeadline", |i| {
            i["constructionDeadline"] = json!("9999-12-31")
        }),
    ];
    for (case, field, change) in cases {
        assert_refused(&create(&app, change).await, field, case);
    }
}

#[tokio::test]
async fn names_that_hide_what_they_say_are_refused() {
    let app = TestApp::spawn().await;
    type Case = (&'static str, &'static str, fn(&mut Value));
    let cases: [Case; 4] = [
        ("zero-width only", "name", |i| {
            i["name"] = json!("\u{200B}\u{200B}")
        }),
        ("an RTL override", "holder", |i| {
            i["holder"] = json!("公司\u{202E}司公")
        }),
        ("a newline", "name", |i| i["name"] = json!("第一行\n第二行")),
        ("a NUL byte", "holder", |i| i["holder"] = json!("a\u{0}b")),
    ];
    for (case, field, change) in cases {
        assert_refused(&create(&app, change).await, field, case);
    }
}

#[tokio::test]
async fn a_suspension_starting_tomorrow_is_refused() {
    // 23:30 in Shanghai on 15 June 2026: "tomorrow" begins in half an hour.
    let app = TestApp::spawn_at("2026-06-15T15:30:00Z").await;
    let suspended_since = |day: &'static str| {
        move |i: &mut Value| {
            i["status"] = json!("SUSPENDED");
            i["suspendedSince"] = json!(day);
        }
    };
    let body = create(&app, suspended_since("2026-06-16")).await;
    assert_refused(&body, "suspendedSince", "a suspension from tomorrow");
    let body = create(&app, suspended_since("2026-06-15")).await;
    assert!(body["errors"].is_null(), "a suspension from today: {body}");
}

#[tokio::test]
async fn licence_numbers_equal_but_for_case_or_spaces_are_one_licence() {
    let app = TestApp::spawn().await;
    app.create_mine(mine_input(ZEZHOU, "C1405252020017120000001"))
        .await;
    let mut twin = mine_input(ZEZHOU, " c1405252020 017120000001 ");
    twin["name"] = json!("另一座矿山");
    let body = app
        .gql(Some(&app.admin()), CREATE_MINE, json!({ "input": twin }))
        .await;
    assert_refused(
        &body,
        "licenceNo",
        "the same licence in other case and spacing",
    );
}

#[tokio::test]
async fn every_invalid_field_of_an_input_is_reported() {
    let app = TestApp::spawn().await;
    let body = create(&app, |i| {
        i["name"] = json!(" ");
        i["productionScale"] = json!(-1);
        i["longitude"] = json!(200);
    })
    .await;
    let fields: Vec<&str> = body["errors"][0]["extensions"]["problems"]
        .as_array()
        .map(|problems| {
            problems
                .iter()
                .filter_map(|p| p["field"].as_str())
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(fields, ["name", "productionScale", "longitude"], "{body}");
}

#[tokio::test]
async fn nul_bytes_and_huge_strings_never_reach_the_database() {
    let app = TestApp::spawn().await;
    let body = app
        .gql(
            None,
            "{ counties(cityCode: \"\\u0000\") { code } }",
            json!({}),
        )
        .await;
    assert_refused(&body, "cityCode", "an anonymous NUL");
    let search = "矿".repeat(40_000);
    let body = app
        .gql(
            Some(&app.admin()),
            "query($s: String) { mines(filter: { search: $s }) { totalCount } }",
            json!({ "s": search }),
        )
        .await;
    // The variable is what the caller sent, so it names the refusal.
    assert_refused(&body, "s", "a 120 KB search");
    let body = app
        .gql(
            Some(&app.admin()),
            "query($s: String) { mines(filter: { search: $s }) { totalCount } }",
            json!({ "s": "矿".repeat(101) }),
        )
        .await;
    assert_refused(&body, "search", "a search over 100 characters");
}

#[tokio::test]
async fn the_librarys_refusals_name_their_field_in_chinese() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let enum_case = create(&app, |i| i["status"] = json!("NOPE")).await;
    assert_refused(&enum_case, "status", "an unknown enum value");
    let unknown_input = create(&app, |i| i["bogus"] = json!(1)).await;
    assert_refused(&unknown_input, "bogus", "an unknown input field");
    let cases = [
        ("{ mine(id: 1) { nope } }", "nope"),
        ("{ mines(first: 1e400) { totalCount } }", "query"),
        // Literal coercion fails during validation, before any path exists.
        ("{ mines(first: 99999999999) { totalCount } }", "query"),
        ("{ minerals { code ", "query"),
        (
            "query A { minerals { code } } query B { minerals { code } }",
            "operationName",
        ),
        (
            "mutation($i: MineInput!) { createMine(input: $i) { id } }",
            "i",
        ),
    ];
    for (query, field) in cases {
        let body = app.gql(Some(&admin), query, json!({})).await;
        assert_refused(&body, field, query);
        assert!(
            body["errors"][0]["extensions"]["detail"].is_string(),
            "the library's text stays available to developers: {body}"
        );
    }
}
