//! A block's printable map through the router (docs/spatial.md): the boundary with what
//! its screen found, the blocks and mines within 1 km the reader may read, a scale bar;
//! under the block's full read rules.

use mineright::domain::access::Role;
use serde_json::json;

use crate::helpers::{GAOPING, TestApp, ZEZHOU, mine_input};

#[tokio::test]
async fn a_blocks_map_shows_its_findings_and_neighbours_to_its_readers_only() {
    let app = TestApp::spawn().await;
    let admin = app.admin();
    let block = app
        .create_cell_block(ZEZHOU, "地图区块<script>", (35.50, 112.80))
        .await;
    app.create_cell_block(ZEZHOU, "近邻区块", (35.512, 112.80))
        .await;
    app.create_cell_block(ZEZHOU, "远处区块", (35.60, 112.80))
        .await;
    let mut near_mine = mine_input(ZEZHOU, "C1405252026127130001");
    near_mine["latitude"] = json!(35.515);
    near_mine["longitude"] = json!(112.805);
    app.create_mine(near_mine).await;
    // A mine whose licensed boundary comes within 900 m of the block's centre though its
    // position (the centre of its extent) lies almost 3 km away: drawn as its boundary.
    let mut wide_mine = mine_input(ZEZHOU, "C1405252026127130002");
    wide_mine["latitude"] = json!(null);
    wide_mine["longitude"] = json!(null);
    wide_mine["corners"] = json!([
        { "latitude": 35.513, "longitude": 112.80 },
        { "latitude": 35.513, "longitude": 112.81 },
        { "latitude": 35.55, "longitude": 112.81 },
        { "latitude": 35.55, "longitude": 112.80 },
    ]);
    app.create_mine(wide_mine).await;
    let file = json!({"type": "FeatureCollection", "features": [{"type": "Feature",
        "properties": {"name": "红线甲"}, "geometry": {"type": "Polygon", "coordinates":
        [[[112.805, 35.49], [112.82, 35.49], [112.82, 35.52], [112.805, 35.52], [112.805, 35.49]]]}}]});
    let import = "mutation($file: Upload!) { importReferenceLayer(kind: ECOLOGICAL_RED_LINE,
        name: \"红线\", reason: \"成果\", file: $file) { version } }";
    let (_, body) = app
        .upload(
            Some(&admin),
            (import, json!({})),
            ("red.geojson", file.to_string().into_bytes()),
        )
        .await;
    assert!(body["errors"].is_null(), "{body}");

    let url = "query($id: ID!) { block(id: $id) { mapUrl } }";
    let body = app.gql(Some(&admin), url, json!({"id": block})).await;
    let path = body["data"]["block"]["mapUrl"]
        .as_str()
        .expect("a map")
        .to_owned();
    let (status, bytes) = app.download(Some(&admin), &path).await;
    assert_eq!(status, 200);
    let svg = String::from_utf8(bytes).expect("text");
    assert!(svg.starts_with("<svg"), "{svg}");
    assert!(
        svg.contains("地图区块&lt;script&gt;") && !svg.contains("<script"),
        "{svg}"
    );
    assert!(
        svg.contains("生态保护红线“红线甲”"),
        "the overlap is drawn: {svg}"
    );
    assert!(
        svg.contains("近邻区块") && !svg.contains("远处区块"),
        "neighbours within 1 km"
    );
    assert!(
        svg.contains("测试矿山C1405252026127130001"),
        "the mine within 1 km"
    );
    assert!(
        svg.contains("测试矿山C1405252026127130002"),
        "the licensed boundary within 1 km: {svg}"
    );
    assert!(
        svg.contains(" m</text>") || svg.contains(" km</text>"),
        "a scale bar"
    );

    let elsewhere = app.token(Role::CountyOfficial, Some(GAOPING));
    for token in [Some(elsewhere.as_str()), None] {
        assert_eq!(app.download(token, &path).await.0, 404);
        let body = app.gql(token, url, json!({"id": block})).await;
        assert_eq!(body["data"]["block"]["mapUrl"], json!(null), "{body}");
    }
    assert_eq!(
        app.download(Some(&admin), "/maps/blocks/x.svg").await.0,
        404
    );
}
