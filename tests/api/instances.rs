//! Two instances on one database (as behind a load balancer): what one changes, the other
//! applies without a restart.

use std::time::{Duration, Instant};

use mineright::domain::access::Role;
use serde_json::json;

use crate::helpers::{TestApp, ZEZHOU};

/// Polls `ready` every 20 ms until it holds or `within` has passed; returns how long it took.
async fn wait_until(within: Duration, mut ready: impl AsyncFnMut() -> bool) -> Option<Duration> {
    let started = Instant::now();
    while started.elapsed() < within {
        if ready().await {
            return Some(started.elapsed());
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    None
}

#[tokio::test]
async fn a_token_revoked_through_one_instance_is_refused_by_the_other_within_two_polls() {
    let a = TestApp::spawn().await;
    let b = a.second_instance().await;
    let victim = a.token(Role::CountyOfficial, Some(ZEZHOU));
    let me = "{ me { jti } }";
    let (status, body) = b.post(Some(&victim), me, json!({})).await;
    assert_eq!(status, 200, "B accepts A's token: {body}");
    let jti = body["data"]["me"]["jti"].as_str().expect("jti").to_owned();

    let revoke = "mutation($jti: String!) { revokeToken(jti: $jti, reason: \"设备遗失\") }";
    let revoked = b.gql(Some(&b.admin()), revoke, json!({ "jti": jti })).await;
    assert_eq!(revoked["data"]["revokeToken"], true, "{revoked}");
    let (status, _) = b.post(Some(&victim), me, json!({})).await;
    assert_eq!(status, 401, "the revoking instance refuses at once");

    // SQLite instances reread the revocations every second (PostgreSQL ones hear them at
    // once): the window is twice the period it waits for.
    let took = wait_until(Duration::from_secs(2), async || {
        a.post(Some(&victim), me, json!({})).await.0 == 401
    })
    .await;
    assert!(
        took.is_some(),
        "instance A still accepts the revoked token after 2 s"
    );
}

#[tokio::test]
async fn a_standards_change_made_on_one_instance_is_used_by_the_others_next_assessment() {
    let a = TestApp::spawn().await;
    let b = a.second_instance().await;
    let id = a
        .create_mine(crate::helpers::mine_input(ZEZHOU, "TWO-INSTANCES-1"))
        .await;
    let assessed = "query($id: ID!) { mine(id: $id) { assessment { standardsVersion } } }";
    let before = a.gql(Some(&a.admin()), assessed, json!({ "id": id })).await;
    let first = before["data"]["mine"]["assessment"]["standardsVersion"].clone();
    assert!(first.is_number(), "{before}");

    let change = "mutation { updateStandards(input: { effectiveFrom: \"2024-06-01\", \
        reason: \"两实例测试\", parameters: { minServiceYears: 6 } }) { id } }";
    let changed = b.gql(Some(&b.admin()), change, json!({})).await;
    let version = changed["data"]["updateStandards"]["id"].clone();
    assert!(version.is_number() || version.is_string(), "{changed}");

    let after = a.gql(Some(&a.admin()), assessed, json!({ "id": id })).await;
    let used = &after["data"]["mine"]["assessment"]["standardsVersion"];
    assert_ne!(
        used, &first,
        "A still assesses with the old version: {after}"
    );
    assert_eq!(
        used.to_string().trim_matches('"'),
        version.to_string().trim_matches('"')
    );
}

#[tokio::test]
async fn an_authority_table_correction_on_one_instance_is_shown_by_the_other() {
    let a = TestApp::spawn().await;
    let b = a.second_instance().await;
    let block = a
        .create_block(crate::helpers::block_input(ZEZHOU, "两实例铁矿区块"))
        .await;
    let shown = "query($b: ID!) { block(id: $b) { transferAuthority } }";
    let authority_on_a = async || {
        a.gql(Some(&a.admin()), shown, json!({ "b": block })).await["data"]["block"]
            ["transferAuthority"]
            .clone()
    };
    assert_eq!(authority_on_a().await, "PROVINCE");
    let correct = "mutation { setMineralAuthority(mineralCode: \"IRON\", input: { \
        transferAuthority: CITY, delegable: false, countyWhenSmall: false, reason: \"两实例测试\" }) \
        { transferAuthority } }";
    let corrected = b.gql(Some(&b.admin()), correct, json!({})).await;
    assert_eq!(
        corrected["data"]["setMineralAuthority"]["transferAuthority"], "CITY",
        "{corrected}"
    );
    // PostgreSQL instances hear it at once; SQLite ones reread every two seconds.
    let took = wait_until(Duration::from_secs(4), async || {
        authority_on_a().await == "CITY"
    })
    .await;
    assert!(
        took.is_some(),
        "instance A still shows the old authority after 4 s"
    );
}
