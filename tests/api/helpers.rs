//! `TestApp`: a running server, a client, and token minting.

use std::net::SocketAddr;
use std::time::Duration;

use std::sync::Arc;

use mineright::app::App;
use mineright::auth::TokenRequest;
use mineright::clock::{FixedClock, SharedClock, SystemClock};
use mineright::config::Config;
use mineright::domain::access::Role;
use mineright::state::AppState;
use serde_json::{Value, json};
use tempfile::TempDir;
use tokio::sync::oneshot;

#[path = "../support/database.rs"]
mod database;
pub use database::fresh_database_url;

/// 泽州县 and 高平市: two counties of 晋城市 used across tests.
pub const ZEZHOU: &str = "140525";
pub const GAOPING: &str = "140581";

/// A server running on its own database.
pub struct TestApp {
    pub addr: SocketAddr,
    /// The separate `/metrics` listener, when the test configured one.
    pub metrics_addr: Option<SocketAddr>,
    /// The database this instance runs on (another instance may share it).
    pub database_url: String,
    pub client: reqwest::Client,
    pub state: AppState,
    pub dir: TempDir,
    _shutdown: oneshot::Sender<()>,
}

impl TestApp {
    /// Starts the app with the test defaults.
    pub async fn spawn() -> TestApp {
        Self::spawn_with(|_| {}).await
    }

    /// Starts the app with its clock stopped at `instant` (RFC 3339).
    pub async fn spawn_at(instant: &str) -> TestApp {
        let instant = chrono::DateTime::parse_from_rfc3339(instant)
            .expect("RFC 3339 instant")
            .with_timezone(&chrono::Utc);
        Self::start(|_| {}, Arc::new(FixedClock(instant))).await
    }

    /// Starts the app after `adjust` changes the configuration.
    pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
        Self::start(adjust, Arc::new(SystemClock)).await
    }

    /// Starts the app with `clock` after `adjust` changes the configuration.
    pub async fn spawn_with_clock(adjust: impl FnOnce(&mut Config), clock: SharedClock) -> TestApp {
        Self::start(adjust, clock).await
    }

    /// Starts the app on the `--demo` data set.
    pub async fn spawn_demo() -> TestApp {
        Self::start_as(|_| {}, Arc::new(SystemClock), true).await
    }

    async fn start(adjust: impl FnOnce(&mut Config), clock: SharedClock) -> TestApp {
        Self::start_as(adjust, clock, false).await
    }

    async fn start_as(
        adjust: impl FnOnce(&mut Config),
        clock: SharedClock,
        load_demo: bool,
    ) -> TestApp {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut config = Config::new(dir.path().to_path_buf());
        config.listen = "127.0.0.1:0".into();
        config.database_url = fresh_database_url().await;
        config.db_max_connections = 5;
        // The background catch-up looks only when a test asks it to (a standards change
        // wakes it): a timed look would add statements to a request being counted.
        config.assessment_catch_up_every = Duration::from_secs(3600);
        adjust(&mut config);
        let database_url = mineright::infra::db::database_url(&config);
        let app = App::build_with_clock(&config, load_demo, clock)
            .await
            .expect("app starts");
        let addr = app.local_addr().expect("bound");
        let metrics_addr = app.metrics_addr();
        let state = app.state().clone();
        let (shutdown, stopped) = oneshot::channel::<()>();
        tokio::spawn(app.run_until(async move {
            stopped.await.ok();
        }));
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(30))
            .build()
            .expect("client");
        TestApp {
            addr,
            metrics_addr,
            database_url,
            client,
            state,
            dir,
            _shutdown: shutdown,
        }
    }

    /// A second instance on this instance's database, with its signing key.
    pub async fn second_instance(&self) -> TestApp {
        self.second_instance_with(|_| {}).await
    }

    /// As [`TestApp::second_instance`], after `adjust` changes its configuration.
    pub async fn second_instance_with(&self, adjust: impl FnOnce(&mut Config)) -> TestApp {
        let url = self.database_url.clone();
        let key = self
            .dir
            .path()
            .join(mineright::auth::keys::GENERATED_KEY_FILE);
        Self::spawn_with(move |config| {
            config.database_url = Some(url);
            config.jwt_private_key_file = Some(key);
            adjust(config);
        })
        .await
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// A token for `role`, scoped to `county` where the role needs one.
    pub fn token(&self, role: Role, county: Option<&str>) -> String {
        self.token_for(self.request(role, county))
    }

    /// What [`TestApp::token`] mints for `role` and `county`, to adjust before minting.
    pub fn request(&self, role: Role, county: Option<&str>) -> TokenRequest {
        TokenRequest {
            role,
            sub: format!("test-{}", role.code().to_lowercase()),
            city: Some("140500".into()),
            county: county.map(str::to_owned),
            department: (role == Role::DepartmentReviewer).then(|| "FORESTRY".to_owned()),
            ttl: Duration::from_secs(3_600),
        }
    }

    pub fn token_for(&self, request: TokenRequest) -> String {
        self.state.tokens.mint(&request).expect("mint").0
    }

    pub fn admin(&self) -> String {
        self.token(Role::CityAdmin, None)
    }

    /// Adds 朔州市 (140600) with one county, 朔城区 (140602), as a second city of the
    /// deployment, and makes the server see it.
    pub async fn add_second_city(&self) {
        self.add_places(&[
            "INSERT INTO cities (code, name, province_code) VALUES ('140600', '朔州市', '140000')",
            "INSERT INTO counties (code, name, city_code) VALUES ('140602', '朔城区', '140600')",
        ])
        .await;
    }

    /// Runs `statements` that add divisions, then makes the server see them.
    pub async fn add_places(&self, statements: &[&str]) {
        for statement in statements {
            sea_orm::ConnectionTrait::execute_unprepared(&self.state.db, statement)
                .await
                .expect("places added");
        }
        self.state
            .places
            .reload(&self.state.db)
            .await
            .expect("places reloaded");
    }

    /// POSTs a GraphQL request; returns the HTTP status and the JSON body.
    pub async fn post(&self, token: Option<&str>, query: &str, variables: Value) -> (u16, Value) {
        let mut request = self
            .client
            .post(self.url("/graphql"))
            .json(&json!({ "query": query, "variables": variables }));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// POSTs a GraphQL request that must come back with HTTP 200.
    pub async fn gql(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let (status, body) = self.post(token, query, variables).await;
        assert_eq!(status, 200, "unexpected HTTP status; body: {body}");
        body
    }

    /// Posts GraphQL `query` as a multipart request whose `variables.file` is `bytes`
    /// named `name`; the status and the body (null when it is not JSON).
    pub async fn upload(
        &self,
        token: Option<&str>,
        (query, mut variables): (&str, Value),
        (name, bytes): (&str, Vec<u8>),
    ) -> (u16, Value) {
        variables["file"] = Value::Null;
        let operations = json!({ "query": query, "variables": variables });
        let form = reqwest::multipart::Form::new()
            .text("operations", operations.to_string())
            .text("map", json!({ "0": ["variables.file"] }).to_string())
            .part(
                "0",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
            );
        let mut request = self.client.post(self.url("/graphql")).multipart(form);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("answer");
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    /// GETs `path` with `token`: the status and the body.
    pub async fn download(&self, token: Option<&str>, path: &str) -> (u16, Vec<u8>) {
        let mut request = self.client.get(self.url(path));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        let response = request.send().await.expect("answer");
        let status = response.status().as_u16();
        (status, response.bytes().await.expect("body").to_vec())
    }

    /// Opens `county`'s plan as `token` and returns its id.
    pub async fn create_plan(&self, token: &str, county: &str) -> String {
        let body = self
            .gql(
                Some(token),
                "mutation($c: String!) { createCountyPlan(countyCode: $c) { id } }",
                json!({ "c": county }),
            )
            .await;
        body["data"]["createCountyPlan"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("a plan: {body}"))
            .to_owned()
    }

    /// Creates a mine as the city admin and returns its id.
    pub async fn create_mine(&self, input: Value) -> String {
        let body = self
            .gql(Some(&self.admin()), CREATE_MINE, json!({ "input": input }))
            .await;
        body["data"]["createMine"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("createMine failed: {body}"))
            .to_owned()
    }
}

pub const CREATE_MINE: &str =
    "mutation($input: MineInput!) { createMine(input: $input) { id name version countyCode } }";

/// A valid mine input in `county`; `licence` must be unique per test.
pub fn mine_input(county: &str, licence: &str) -> Value {
    json!({
        "name": format!("测试矿山{licence}"),
        "holder": "测试建材有限公司",
        "licenceNo": licence,
        "countyCode": county,
        "mineralCode": "BUILDING_STONE",
        "productionScale": 60.0,
        "remainingReserves": 600.0,
        "latitude": 35.5,
        "longitude": 112.8
    })
}

/// The `extensions.code` of the first error, if any.
pub fn error_code(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["code"].as_str()
}

/// The `extensions.field` of the first error, if any.
pub fn error_field(body: &Value) -> Option<&str> {
    body["errors"][0]["extensions"]["field"].as_str()
}

/// Assesses every stored mine of `state` today and fails unless every disposition and
/// every rule ID of docs/rules.md appears among them (`data` names the data set); returns
/// how many mines were assessed.
pub async fn assert_every_disposition_and_rule(state: &AppState, data: &str) -> usize {
    let db = &state.db;
    let today = state.clock.today();
    let standards = mineright::service::standards::on(db, &state.versions, "140000", today)
        .await
        .expect("standards");
    let rows = <entity::mine::Entity as sea_orm::EntityTrait>::find()
        .all(db)
        .await
        .expect("mines");
    let assessed = mineright::service::assessment::assess_rows(
        db,
        rows,
        &standards,
        today,
        &Default::default(),
    )
    .await
    .expect("assessed");
    for disposition in mineright::domain::assessment::Disposition::ALL {
        assert!(
            assessed
                .iter()
                .any(|a| a.assessment.disposition == disposition),
            "{disposition:?} missing from {data}"
        );
    }
    for rule in mineright::domain::assessment::RuleId::ALL.map(|rule| rule.code()) {
        assert!(
            assessed.iter().any(|a| a.assessment.has_rule(rule)),
            "{rule} missing from {data}"
        );
    }
    assessed.len()
}

pub const CREATE_BLOCK: &str =
    "mutation($input: BlockInput!) { createBlock(input: $input) { id name countyCode } }";

/// A valid planned iron block in `county`, named `name` (unique per county), with the
/// transfer boundary and the mining land its survey settles (NEW-4).
pub fn block_input(county: &str, name: &str) -> Value {
    json!({
        "corners": [
            { "latitude": 35.50, "longitude": 112.80 },
            { "latitude": 35.51, "longitude": 112.80 },
            { "latitude": 35.51, "longitude": 112.81 }
        ],
        "miningLand": "采矿用地约12公顷，已纳入国土空间规划，用地预审已通过",
        "name": name,
        "countyCode": county,
        "mineralCode": "IRON",
        "areaKm2": 1.2,
        "predictedResources": 1500.0,
        "location": "南村镇",
        "designedProductionScale": 60.0,
        "miningMethod": "UNDERGROUND",
        "priority": "MAJOR_PROJECT",
        "inMasterPlan": true
    })
}

impl TestApp {
    /// Creates a block as the city admin over the 0.01° cell north-east of `south_west`
    /// (latitude, longitude), about 1.0069 km² at 晋城's latitude; returns its id.
    pub async fn create_cell_block(
        &self,
        county: &str,
        name: &str,
        south_west: (f64, f64),
    ) -> String {
        let (lat, lon) = south_west;
        let mut input = block_input(county, name);
        input["corners"] = json!([
            { "latitude": lat, "longitude": lon },
            { "latitude": lat, "longitude": lon + 0.01 },
            { "latitude": lat + 0.01, "longitude": lon + 0.01 },
            { "latitude": lat + 0.01, "longitude": lon }
        ]);
        input["areaKm2"] = json!(1.0069);
        self.create_block(input).await
    }

    /// Creates a block as the city admin and returns its id.
    pub async fn create_block(&self, input: Value) -> String {
        let body = self
            .gql(Some(&self.admin()), CREATE_BLOCK, json!({ "input": input }))
            .await;
        body["data"]["createBlock"]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("createBlock failed: {body}"))
            .to_owned()
    }
}
