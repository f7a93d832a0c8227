//! `GET /exports/transfer-plans/{year}.geojson`: the approved blocks of a year as a GeoJSON
//! FeatureCollection for integrators and map clients (docs/api.md): each standing entry of
//! the approved plan, its block's boundary as a polygon (longitude, latitude, CGCS2000) and
//! the feed's facts as properties. Public, as the approved plan and its feed are.

use geojson::{Feature, FeatureCollection, Geometry, GeometryValue};
use serde_json::json;

use crate::domain::access::Caller;
use crate::domain::page::PageRequest;
use crate::error::{AppError, AppResult};
use crate::service::admission::feed;
use crate::service::blocks::corners_of;
use crate::state::AppState;

/// The media type of the export.
pub const GEOJSON_TYPE: &str = "application/geo+json";

/// Entries read per page while the collection is built.
const PAGE: usize = 100;

/// The approved blocks of `year` in `city` (the caller's, else the only one); `NOT_FOUND`
/// until the city approves that year's plan.
pub async fn approved_blocks(
    state: &AppState,
    viewer: Option<&Caller>,
    year: i32,
    city: Option<&str>,
) -> AppResult<Vec<u8>> {
    let mut features = Vec::new();
    let mut after = None;
    loop {
        let page = PageRequest { limit: PAGE, after };
        let read = feed::approved(state, viewer, year, city, None, page, false).await?;
        if !read.approved {
            return Err(AppError::NotFound("出让计划"));
        }
        for (entry, block) in &read.rows {
            let mut ring: Vec<Vec<f64>> = corners_of(block)?
                .iter()
                .map(|c| vec![c.longitude, c.latitude])
                .collect();
            let geometry = match ring.first().cloned() {
                Some(first) if ring.len() >= 3 => {
                    ring.push(first);
                    let ring = ring.into_iter().map(Into::into).collect();
                    Some(Geometry::new(GeometryValue::Polygon {
                        coordinates: vec![ring],
                    }))
                }
                _ => None,
            };
            let properties = json!({
                "entryId": entry.id.to_string(),
                "blockId": block.id.to_string(),
                "name": block.name,
                "countyCode": block.county_code,
                "mineralCode": block.mineral_code,
                "areaKm2": block.area_km2,
                "predictedResources": block.predicted_resources,
                "location": block.location,
                "year": year,
                "batch": entry.batch,
                "method": entry.method,
                "platform": entry.platform,
                "priority": entry.priority,
                "transferAuthority": entry.authority,
                "outcome": entry.outcome,
                "version": entry.version,
                "updatedAt": entry.updated_at,
            });
            features.push(Feature {
                geometry,
                id: Some(geojson::feature::Id::String(entry.id.to_string())),
                properties: match properties {
                    serde_json::Value::Object(map) => Some(map),
                    _ => None,
                },
                ..Feature::default()
            });
        }
        after = read.rows.last().map(|(entry, _)| entry.id);
        if !read.has_next {
            break;
        }
    }
    let collection = FeatureCollection {
        features,
        ..FeatureCollection::default()
    };
    Ok(collection.to_string().into_bytes())
}
