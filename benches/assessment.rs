//! Assessment benchmarks (issue 3's targets):
//! - `assess_100k`: 100,000 synthetic mines with neighbour context, in-process, one thread
//!   (target: under 1 s), including the neighbour index build;
//! - `rectification_lists_5000`: the three batches of one county holding 5,000 mines, on
//!   SQLite, through the service the GraphQL field calls (target: under 100 ms).
//!
//! Run: `cargo bench --bench assessment`.

use std::collections::HashMap;
use std::hint::black_box;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use mineright::config::Config;
use mineright::domain::access::{Caller, Role};
use mineright::domain::assessment::{Neighbourhood, Site, Subject, assess};
use mineright::domain::codes::{HolderType, MiningMethod, OperatingStatus};
use mineright::domain::mine::{MineDraft, MineFacts};
use mineright::service::capacity::ScanGate;
use mineright::service::mine_rows::set_facts;
use mineright::service::{rectification, standards};
use sea_orm::{DatabaseConnection, EntityTrait, Set};

const COUNTY: &str = "140525";

/// A small deterministic generator, so every run measures the same mines.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Synthetic mines over about 2° × 2° (one in ten shares an ore body with two others).
fn synthetic(count: usize) -> Vec<MineDraft> {
    let kinds = [
        ("BUILDING_STONE", MiningMethod::OpenPit),
        ("BUILDING_STONE", MiningMethod::OpenPit),
        ("IRON", MiningMethod::Underground),
        ("CEMENT_LIMESTONE", MiningMethod::OpenPit),
        ("BAUXITE", MiningMethod::OpenPit),
        ("CONSTRUCTION_SAND", MiningMethod::OpenPit),
    ];
    let mut rng = Lcg(7);
    (0..count)
        .map(|i| {
            let (mineral, method) = kinds[i % kinds.len()];
            let suspended = rng.next() < 0.1;
            MineDraft {
                name: format!("基准矿山{i}"),
                holder: format!("基准公司{}", i / 2),
                holder_type: HolderType::Enterprise,
                licence_no: Some(format!("BENCH-{i:07}")),
                licence_level: None,
                licence_valid_from: NaiveDate::from_ymd_opt(2020, 1, 1),
                licence_valid_until: NaiveDate::from_ymd_opt(
                    2020 + (rng.next() * 12.0) as i32,
                    6,
                    30,
                ),
                county_code: COUNTY.into(),
                mineral_code: mineral.into(),
                mining_method: method,
                production_scale: 5.0 + rng.next() * 150.0,
                remaining_reserves: rng.next() * 3_000.0,
                surveyed_service_years: None,
                status: if suspended {
                    OperatingStatus::Suspended
                } else {
                    OperatingStatus::Producing
                },
                suspended_since: suspended
                    .then(|| NaiveDate::from_ymd_opt(2025, 1, 1))
                    .flatten(),
                suspension_ordered: false,
                construction_deadline: None,
                has_mining_licence: rng.next() > 0.02,
                has_safety_licence: rng.next() > 0.03,
                cross_boundary_mining: false,
                mining_under_construction_guise: false,
                mining_with_exploration_licence: false,
                refuses_rectification: false,
                obsolete_equipment: false,
                unsafe_after_suspension: false,
                resources_exhausted: false,
                ore_body_id: (i % 10 == 0).then(|| format!("ORE-{}", i / 30)),
                latitude: Some(35.0 + rng.next() * 2.0),
                longitude: Some(112.0 + rng.next() * 2.0),
                ridge_boundary: rng.next() < 0.05,
            }
        })
        .collect()
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// A migrated SQLite database in a temporary directory (kept alive by the returned guard).
async fn database() -> (DatabaseConnection, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = Config::new(dir.path().to_path_buf());
    let db = mineright::db::connect(&config).await.expect("connect");
    mineright::db::migrate(&db).await.expect("migrate");
    (db, dir)
}

fn bench_assess_100k(c: &mut Criterion) {
    let rt = runtime();
    let (db, _dir) = rt.block_on(database());
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let standards = rt
        .block_on(standards::on(&db, "140000", as_of))
        .expect("standards");
    let facts: Vec<MineFacts> = synthetic(100_000)
        .into_iter()
        .map(|d| MineFacts::parse(d).expect("valid"))
        .collect();
    let sites: Vec<Site> = facts
        .iter()
        .enumerate()
        .map(|(i, f)| Site {
            id: i as i64,
            county_code: f.county().clone(),
            holder: f.holder.clone(),
            mineral_code: f.mineral().clone(),
            mining_method: f.mining_method,
            ore_body_id: f.ore_body_id.clone(),
            position: f.latitude.zip(f.longitude),
        })
        .collect();
    let mut group = c.benchmark_group("assessment");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("assess_100k", |b| {
        b.iter(|| {
            let neighbourhood = Neighbourhood::new(sites.clone(), standards.max_distance());
            let mut dispositions = HashMap::new();
            for (i, f) in facts.iter().enumerate() {
                let assessment = assess(
                    Subject {
                        id: i as i64,
                        facts: f,
                    },
                    &neighbourhood,
                    &standards,
                    as_of,
                    None,
                );
                *dispositions.entry(assessment.disposition).or_insert(0usize) += 1;
            }
            black_box(dispositions)
        })
    });
    group.finish();
}

fn bench_rectification_lists(c: &mut Criterion) {
    let rt = runtime();
    let (db, _dir) = rt.block_on(database());
    rt.block_on(async {
        let now = chrono::Utc::now();
        let drafts = synthetic(5_000);
        for chunk in drafts.chunks(400) {
            let rows: Vec<entity::mine::ActiveModel> = chunk
                .iter()
                .map(|draft| {
                    let mut row = entity::mine::ActiveModel {
                        version: Set(1),
                        archived: Set(false),
                        archived_reason: Set(None),
                        created_at: Set(now),
                        updated_at: Set(now),
                        ..Default::default()
                    };
                    set_facts(&mut row, &MineFacts::parse(draft.clone()).expect("valid"));
                    row
                })
                .collect();
            entity::mine::Entity::insert_many(rows)
                .exec(&db)
                .await
                .expect("insert");
        }
    });
    let official = Caller {
        sub: "bench".into(),
        role: Role::CountyOfficial,
        city: None,
        county: Some(COUNTY.into()),
        department: None,
        jti: "bench".into(),
    };
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let scans = ScanGate::new(1, Duration::from_secs(60));
    let places = rt
        .block_on(mineright::service::places::PlaceRegistry::load(&db))
        .expect("places")
        .current();
    let mut group = c.benchmark_group("assessment");
    group.sample_size(20);
    group.bench_function("rectification_lists_5000", |b| {
        b.to_async(&rt).iter(|| async {
            let lists = rectification::lists(&db, &scans, &places, Some(&official), COUNTY, as_of)
                .await
                .expect("lists");
            black_box(lists.close_or_exit.len() + lists.integrate.len() + lists.upgrade.len())
        })
    });
    group.finish();
}

criterion_group!(benches, bench_assess_100k, bench_rectification_lists);
criterion_main!(benches);
