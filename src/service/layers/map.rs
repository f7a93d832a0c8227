//! `GET /maps/blocks/{id}.svg`: a block's map with what its screen found, the blocks and
//! mines within 1 km that the reader may read, and a scale bar (docs/spatial.md). Under
//! the block's full read rules: anyone else gets 404, as in GraphQL.

use entity::{block, mine};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

use crate::domain::access::{Caller, Place, mine_read_region, reads_block_in_full};
use crate::domain::spatial::layer::Severity;
use crate::domain::spatial::map::{Overlay, REACH_M, Scene, Style, render};
use crate::domain::spatial::separation::{Footprint, great_circle_m, separation};
use crate::error::{AppError, AppResult};
use crate::service::assessment::{near, widest_reach};
use crate::service::blocks::{self, boundary_of};
use crate::service::layers::screening::{index_of, screen_block};
use crate::service::mine_rows::corners_of;
use crate::service::scope::in_region;
use crate::state::AppState;

/// Blocks considered as neighbours of one map, at most: a city plans a few hundred.
const NEIGHBOUR_BLOCKS: usize = 2_000;

/// The SVG map of block `id`.
pub async fn block_map(state: &AppState, viewer: Option<&Caller>, id: i64) -> AppResult<String> {
    let not_found = || AppError::NotFound("规划区块");
    let block = blocks::get(&state.db, viewer, id)
        .await?
        .ok_or_else(not_found)?;
    let places = state.places.current();
    let city = places
        .city_of_county(&block.county_code)
        .unwrap_or_default();
    let place = Place {
        county: &block.county_code,
        city,
    };
    if !reads_block_in_full(viewer, place) {
        return Err(not_found());
    }
    let boundary = boundary_of(&block)?.ok_or(AppError::NotFound("区块边界"))?;
    let mut overlays = Vec::new();
    if let Some(screening) = screen_block(state, &state.db, &block).await? {
        for layer in &screening.layers {
            let index = index_of(state, &state.db, layer).await?;
            let found = screening.findings.iter().filter(|(v, _)| *v == layer.id);
            for (version, finding) in found {
                let Some(feature) = index.feature(finding.feature_id) else {
                    continue;
                };
                overlays.push(Overlay {
                    label: finding.described(*version),
                    shape: feature.shape.clone(),
                    style: match finding.severity {
                        Severity::Blocking => Style::Blocking,
                        Severity::Warning => Style::Warning,
                    },
                });
            }
        }
    }
    let centre = centroid(&boundary.degrees);
    let reach = REACH_M
        + boundary
            .degrees
            .iter()
            .map(|&corner| great_circle_m(centre, corner))
            .fold(0.0, f64::max);
    overlays.extend(neighbour_blocks(state, viewer, &block, centre, reach).await?);
    let (mines, licensed) = nearby_mines(state, viewer, centre, reach).await?;
    overlays.extend(licensed);
    let scene = Scene {
        title: &block.name,
        block: &boundary,
        overlays,
        mines,
    };
    render(&scene).map_err(AppError::internal)
}

fn centroid(corners: &[(f64, f64)]) -> (f64, f64) {
    let n = corners.len().max(1) as f64;
    let (lat, lon) = corners
        .iter()
        .fold((0.0, 0.0), |(a, b), &(lat, lon)| (a + lat, b + lon));
    (lat / n, lon / n)
}

/// The other blocks the viewer reads whose corners come within `reach` of `centre`.
async fn neighbour_blocks(
    state: &AppState,
    viewer: Option<&Caller>,
    of: &block::Model,
    centre: (f64, f64),
    reach: f64,
) -> AppResult<Vec<Overlay>> {
    let rows = blocks::readable_with_corners(&state.db, viewer, NEIGHBOUR_BLOCKS).await?;
    let mut near_blocks = Vec::new();
    for row in rows.iter().filter(|row| row.id != of.id) {
        let Some(boundary) = boundary_of(row)? else {
            continue;
        };
        if boundary
            .degrees
            .iter()
            .any(|&corner| great_circle_m(centre, corner) <= reach)
        {
            let ring: Vec<(f64, f64)> = boundary.degrees.iter().map(|&(la, lo)| (lo, la)).collect();
            near_blocks.push(Overlay {
                label: row.name.clone(),
                shape: geo::Polygon::new(ring.into(), vec![]).into(),
                style: Style::Neighbour,
            });
        }
    }
    Ok(near_blocks)
}

/// The mines the viewer reads within `reach` of `centre`: those without a boundary as
/// points, those with one as their licensed boundary (outlined, named), found by their
/// position widened by the widest boundary's reach (two indexed statements).
async fn nearby_mines(
    state: &AppState,
    viewer: Option<&Caller>,
    centre: (f64, f64),
    reach: f64,
) -> AppResult<(Vec<(String, (f64, f64))>, Vec<Overlay>)> {
    let Some(region) = mine_read_region(viewer) else {
        return Ok((Vec::new(), Vec::new()));
    };
    let backend = state.db.get_database_backend();
    let widest = widest_reach(&state.db).await?;
    let rows = mine::Entity::find()
        .filter(near(backend, &[(centre, reach + widest)]))
        .filter(in_region(mine::Column::CountyCode, &region))
        .filter(mine::Column::Archived.eq(false))
        .all(&state.db)
        .await?;
    let (mut points, mut licensed) = (Vec::new(), Vec::new());
    for row in rows {
        let Some(position) = row.latitude.zip(row.longitude) else {
            continue;
        };
        let corners = corners_of(&row)?;
        if corners.is_empty() {
            if great_circle_m(centre, position) <= reach {
                points.push((row.name, position));
            }
        } else if separation(Footprint::Boundary(&corners), Footprint::Position(centre))
            .is_some_and(|apart| apart.distance_m <= reach)
        {
            let ring: Vec<(f64, f64)> = corners.iter().map(|&(la, lo)| (lo, la)).collect();
            licensed.push(Overlay {
                label: row.name,
                shape: geo::Polygon::new(ring.into(), vec![]).into(),
                style: Style::Neighbour,
            });
        }
    }
    Ok((points, licensed))
}
