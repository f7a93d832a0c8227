//! Assessment benchmarks (issue 3's targets):
//! - `assess_100k`: 100,000 synthetic mines with neighbour context, in-process, one thread
//!   (target: under 1 s), including the neighbour index build;
//! - `rectification_lists_5000`: the three batches of one county holding 5,000 mines, on
//!   SQLite, through the service the GraphQL field calls (target: under 100 ms);
//! - `page_50_points` / `page_50_boundaries` (issue 23): a page of 50 mines assessed among
//!   100,000, every mine known by its position, then every mine with a licensed boundary
//!   (a square of 100 to 600 m around its position): INTEGRATE-2 measured between
//!   boundaries and the search widened by their reach, against the point rule.
//!
//! Run: `cargo bench --bench assessment`.

use std::collections::HashMap;
use std::hint::black_box;
use std::sync::Arc;
use std::time::Duration;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use mineright::app::App;
use mineright::config::Config;
use mineright::domain::access::{Caller, Role};
use mineright::domain::assessment::{Neighbourhood, Site, Subject, assess};
use mineright::domain::mine::{MineDraft, MineFacts};
use mineright::domain::spatial::boundary::{GivenCorner, given_degrees};
use mineright::domain::standards::Standards;
use mineright::infra::versions::VersionCache;
use mineright::service::{rectification, standards};
use mineright::synthetic::{self, Generator, SyntheticPlan};
use sea_orm::{DatabaseConnection, EntityTrait, QuerySelect};

const COUNTY: &str = "140525";

/// The same synthetic mines as `seed-synthetic`, all in one county.
fn synthetic(count: usize, as_of: NaiveDate) -> Vec<MineDraft> {
    Generator::new(7, vec![COUNTY.into()], as_of, 1)
        .take(count)
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
    let db = mineright::infra::db::connect(&config)
        .await
        .expect("connect");
    mineright::infra::db::migrate(&db).await.expect("migrate");
    (db, dir)
}

/// The province's standards on the benchmarks' day, read from a migrated database.
fn seeded_standards() -> (Arc<Standards>, NaiveDate) {
    let rt = runtime();
    let (db, _dir) = rt.block_on(database());
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let standards = rt
        .block_on(standards::on(
            &db,
            &VersionCache::default(),
            "140000",
            as_of,
        ))
        .expect("standards");
    (standards, as_of)
}

fn bench_assess_100k(c: &mut Criterion) {
    let (standards, as_of) = seeded_standards();
    let facts: Vec<MineFacts> = synthetic(100_000, as_of)
        .into_iter()
        .map(|d| MineFacts::parse(d).expect("valid"))
        .collect();
    let sites: Vec<Site> = facts
        .iter()
        .enumerate()
        .map(|(i, f)| Site::of(i as i64, f))
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
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = Config::new(dir.path().to_path_buf());
    config.listen = "127.0.0.1:0".into();
    let app = rt.block_on(App::build(&config, false)).expect("app");
    let state = app.state().clone();
    let plan = SyntheticPlan {
        mines: 5_000,
        counties: 1,
        seed: 7,
    };
    rt.block_on(synthetic::seed(
        &state.db,
        state.clock.as_ref(),
        plan,
        |_, _| {},
    ))
    .expect("seeded");
    let county = rt
        .block_on(
            entity::mine::Entity::find()
                .select_only()
                .column(entity::mine::Column::CountyCode)
                .into_tuple::<String>()
                .one(&state.db),
        )
        .expect("read")
        .expect("a seeded mine");
    let official = Caller {
        sub: "bench".into(),
        role: Role::CountyOfficial,
        city: None,
        county: Some(county.clone()),
        department: None,
        jti: "bench".into(),
    };
    let as_of = NaiveDate::from_ymd_opt(2026, 11, 29).expect("date");
    let mut group = c.benchmark_group("assessment");
    group.sample_size(20);
    group.bench_function("rectification_lists_5000", |b| {
        b.to_async(&rt).iter(|| async {
            let lists = rectification::lists(&state, Some(&official), &county, as_of)
                .await
                .expect("lists");
            black_box(lists.close_or_exit.len() + lists.integrate.len() + lists.upgrade.len())
        })
    });
    group.finish();
}

/// A square boundary of `side` metres around `(lat, lon)`, corners in degrees.
fn square_around((lat, lon): (f64, f64), side: f64) -> Vec<GivenCorner> {
    let dlat = side / 2.0 / 111_000.0;
    let dlon = dlat / lat.to_radians().cos();
    given_degrees(&[
        (lat - dlat, lon - dlon),
        (lat - dlat, lon + dlon),
        (lat + dlat, lon + dlon),
        (lat + dlat, lon - dlon),
    ])
}

fn bench_assessed_page(c: &mut Criterion) {
    let (standards, as_of) = seeded_standards();
    let mut group = c.benchmark_group("assessment");
    group.sample_size(20);
    for bounded in [false, true] {
        let facts: Vec<MineFacts> = synthetic(100_000, as_of)
            .into_iter()
            .enumerate()
            .map(|(i, mut draft)| {
                if bounded && let Some(position) = draft.latitude.zip(draft.longitude) {
                    draft.corners = square_around(position, 100.0 + (i % 11) as f64 * 50.0);
                }
                MineFacts::parse(draft).expect("valid")
            })
            .collect();
        let sites: Vec<Site> = facts
            .iter()
            .enumerate()
            .map(|(i, f)| Site::of(i as i64, f))
            .collect();
        let neighbourhood = Neighbourhood::new(sites, standards.max_distance());
        let name = if bounded {
            "page_50_boundaries"
        } else {
            "page_50_points"
        };
        group.bench_function(name, |b| {
            b.iter(|| {
                let mut found = 0;
                for (i, f) in facts.iter().enumerate().step_by(2_000) {
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
                    found += assessment.findings.len();
                }
                black_box(found)
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    bench_assess_100k,
    bench_rectification_lists,
    bench_assessed_page
);
criterion_main!(benches);
