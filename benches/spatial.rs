//! The spatial screen (issue 23's targets): screening a block against a layer of 100,000
//! polygons in under 20 ms, and reading and indexing a 100,000-feature GeoJSON layer.
//!
//! Run: `cargo bench --bench spatial`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use mineright::domain::spatial::boundary::{Boundary, GivenCorner, boundary};
use mineright::domain::spatial::layer::LayerKind;
use mineright::domain::spatial::layer_file::read_layer;
use mineright::domain::spatial::screen::{LayerIndex, screen};

/// Features in the big layer.
const FEATURES: usize = 100_000;

/// A small deterministic generator (no dependency for a benchmark's scatter).
struct Scatter(u64);

impl Scatter {
    /// The next number in [0, 1).
    fn next(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A GeoJSON layer of `count` quadrilaterals of 50 to 300 m scattered over 晋城 (35.2° to
/// 36.2° N, 112.2° to 113.6° E, across the zone 37/38 edge): about 17 per km², denser
/// than any real red-line or farmland layer.
fn layer_text(count: usize) -> String {
    let mut scatter = Scatter(23);
    let mut features = Vec::with_capacity(count);
    for i in 0..count {
        let (lat, lon) = (35.2 + scatter.next(), 112.2 + 1.4 * scatter.next());
        let (dlat, dlon) = (
            0.0005 + 0.0025 * scatter.next(),
            0.0005 + 0.003 * scatter.next(),
        );
        let skew = 0.0003 * scatter.next();
        features.push(format!(
            r#"{{"type":"Feature","properties":{{"name":"图斑{i}"}},"geometry":{{"type":"Polygon","coordinates":[[[{lon},{lat}],[{},{}],[{},{}],[{},{}],[{lon},{lat}]]]}}}}"#,
            lon + dlon,
            lat + skew,
            lon + dlon,
            lat + dlat,
            lon + skew,
            lat + dlat,
        ));
    }
    format!(
        r#"{{"type":"FeatureCollection","features":[{}]}}"#,
        features.join(",")
    )
}

/// A 1 km × 1 km block at (35.7° N, 112.9° E).
fn block() -> Boundary {
    let corner = |latitude: f64, longitude: f64| GivenCorner::Degrees {
        latitude,
        longitude,
    };
    boundary(&[
        corner(35.70, 112.90),
        corner(35.70, 112.911),
        corner(35.709, 112.911),
        corner(35.709, 112.90),
    ])
    .expect("a square block")
}

fn bench_layer(c: &mut Criterion) {
    let text = layer_text(FEATURES);
    let mut group = c.benchmark_group("layer_100k");
    group.sample_size(10);
    group.bench_function("read_geojson", |b| {
        b.iter(|| read_layer(LayerKind::BasicFarmland, black_box(text.as_bytes())).expect("read"))
    });
    let features = read_layer(LayerKind::BasicFarmland, text.as_bytes()).expect("read");
    let numbered: Vec<_> = features
        .into_iter()
        .enumerate()
        .map(|(i, f)| (i as i64, f))
        .collect();
    group.bench_function("index", |b| {
        b.iter(|| LayerIndex::new(black_box(numbered.clone())))
    });
    group.finish();

    let index = LayerIndex::new(numbered);
    let block = block();
    for kind in [LayerKind::BasicFarmland, LayerKind::Transport] {
        let found = screen(&block, (kind, &[]), &index).expect("screens").len();
        c.bench_function(
            &format!("screen_block_100k_{} ({found} findings)", kind.code()),
            |b| b.iter(|| screen(black_box(&block), (kind, &[]), &index).expect("screens")),
        );
    }
}

criterion_group!(benches, bench_layer);
criterion_main!(benches);
