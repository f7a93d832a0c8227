//! Crash safety: the server is killed with SIGKILL in the middle of a
//! stream of writes, several times; after each restart every write it acknowledged is there
//! and the audit chain still verifies. On SQLite (FULL synchronous, WAL) and on PostgreSQL.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::{Value, json};

use super::binary::{command, graphql, start, stop};
use super::database;

const CYCLES: usize = 3;
const WRITERS: usize = 4;
/// How long writes flow before the kill.
const WRITING: Duration = Duration::from_millis(600);

const CREATE: &str = "mutation($input: MineInput!) { createMine(input: $input) { id } }";

fn mine(licence: &str) -> Value {
    json!({
        "name": format!("断电测试{licence}"), "holder": "测试建材有限公司", "licenceNo": licence,
        "countyCode": "140525", "mineralCode": "BUILDING_STONE",
        "productionScale": 60.0, "remainingReserves": 600.0
    })
}

/// Creates mines until the server stops answering; returns the ids it acknowledged.
async fn write_until_killed(port: u16, token: String, prefix: String) -> Vec<String> {
    let mut acknowledged = Vec::new();
    for n in 0.. {
        let client = reqwest::Client::new();
        let sent = client
            .post(format!("http://127.0.0.1:{port}/graphql"))
            .bearer_auth(&token)
            .json(&json!({ "query": CREATE, "variables": { "input": mine(&format!("{prefix}-{n}")) } }))
            .send()
            .await;
        let Ok(response) = sent else { break };
        let Ok(body) = response.json::<Value>().await else {
            break;
        };
        if let Some(id) = body["data"]["createMine"]["id"].as_str() {
            acknowledged.push(id.to_owned());
        }
    }
    acknowledged
}

/// Every mine id stored, read page by page.
async fn stored_ids(port: u16, token: &str) -> Vec<String> {
    let query = "query($after: String) { mines(first: 100, after: $after) {
        pageInfo { hasNextPage endCursor } edges { node { id } } } }";
    let mut ids = Vec::new();
    let mut after = Value::Null;
    loop {
        let body = graphql(port, token, query, json!({ "after": after })).await;
        let page = &body["data"]["mines"];
        ids.extend(
            page["edges"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|edge| edge["node"]["id"].as_str().map(str::to_owned)),
        );
        if page["pageInfo"]["hasNextPage"] != true {
            return ids;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
}

#[tokio::test]
async fn every_acknowledged_write_survives_sigkill() {
    let dir = tempfile::tempdir().expect("tempdir");
    let database_url = database::fresh_database_url().await;
    let minted = command(dir.path(), database_url.as_deref())
        .args(["token", "--role", "CITY_ADMIN", "--ttl", "1h"])
        .output()
        .expect("mineright token");
    let token = String::from_utf8_lossy(&minted.stdout).trim().to_owned();
    assert!(
        !token.is_empty(),
        "{}",
        String::from_utf8_lossy(&minted.stderr)
    );

    let acknowledged = Arc::new(Mutex::new(Vec::new()));
    for cycle in 0..CYCLES {
        let mut server = start(dir.path(), database_url.as_deref()).await;
        let writers: Vec<_> = (0..WRITERS)
            .map(|writer| {
                tokio::spawn(write_until_killed(
                    server.port,
                    token.clone(),
                    format!("KILL-{cycle}-{writer}"),
                ))
            })
            .collect();
        tokio::time::sleep(WRITING).await;
        // SIGKILL: no shutdown hook runs.
        server.child.kill().expect("SIGKILL");
        server.child.wait().expect("reaped");
        let mut this_cycle = 0;
        for writer in writers {
            let ids = writer.await.expect("writer");
            this_cycle += ids.len();
            acknowledged.lock().expect("lock").extend(ids);
        }
        assert!(this_cycle > 0, "cycle {cycle} acknowledged no write");
    }

    let server = start(dir.path(), database_url.as_deref()).await;
    let stored = stored_ids(server.port, &token).await;
    let acknowledged = acknowledged.lock().expect("lock").clone();
    let lost: Vec<&String> = acknowledged
        .iter()
        .filter(|id| !stored.contains(id))
        .collect();
    assert!(
        lost.is_empty(),
        "{} of {} acknowledged writes lost: {lost:?}",
        lost.len(),
        acknowledged.len()
    );
    let chain = graphql(
        server.port,
        &token,
        "{ verifyAuditChain { valid } }",
        json!({}),
    )
    .await;
    assert_eq!(chain["data"]["verifyAuditChain"]["valid"], true, "{chain}");
    eprintln!(
        "crash: {CYCLES} SIGKILL cycles, {} acknowledged writes, 0 lost",
        acknowledged.len()
    );
    stop(server);
}
