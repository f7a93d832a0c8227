//! `Block.spatialScreen`: the block's boundary against every layer in force in its city,
//! each layer's index built once per process (docs/spatial.md).

use std::sync::Arc;

use entity::{admission_setting, block, reference_feature, reference_layer};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

use crate::domain::spatial::layer::LayerKind;
use crate::domain::spatial::layer::PlanZone;
use crate::domain::spatial::layer_file::{LayerFeature, stored_shape};
use crate::domain::spatial::screen::{Finding, LayerIndex, screen};
use crate::error::{AppError, AppResult};
use crate::service::admission::facts::settings;
use crate::service::blocks::boundary_of;
use crate::service::layers::{in_force, versions};
use crate::service::stored::stored_code;
use crate::state::AppState;

/// What screening a block found.
pub struct Screening {
    /// The layer versions read (those in force in the block's city).
    pub layers: Vec<reference_layer::Model>,
    /// Each finding with the layer version it came from.
    pub findings: Vec<(i64, Finding)>,
    /// The kinds no layer of the city covers yet: nothing can be said of them.
    pub missing: Vec<LayerKind>,
}

/// Screens `block` (read by a caller who reads it in full) reading through `db` (a use
/// case's open transaction, so that it never waits for a second connection); `None`
/// without a boundary.
pub async fn screen_block(
    state: &AppState,
    db: &impl ConnectionTrait,
    block: &block::Model,
) -> AppResult<Option<Screening>> {
    let Some(boundary) = boundary_of(block)? else {
        return Ok(None);
    };
    let places = state.places.current();
    let city = places
        .city_of_county(&block.county_code)
        .map(str::to_owned)
        .ok_or_else(|| AppError::internal(format!("block {} of an unknown county", block.id)))?;
    let layers = in_force(versions(db, &city).await?);
    let also_blocking = blocking_layers(&settings(db, &city).await?)?;
    let mut findings = Vec::new();
    for layer in &layers {
        let kind = kind_of(layer)?;
        let index = index_of(state, db, layer).await?;
        let found =
            screen(&boundary, (kind, &also_blocking), &index).map_err(AppError::internal)?;
        findings.extend(found.into_iter().map(|finding| (layer.id, finding)));
    }
    let missing = LayerKind::ALL
        .iter()
        .copied()
        .filter(|kind| !layers.iter().any(|layer| layer.kind == kind.code()))
        .collect();
    Ok(Some(Screening {
        layers,
        findings,
        missing,
    }))
}

/// The layer kinds `settings` make blocking besides those that always are.
pub fn blocking_layers(settings: &admission_setting::Model) -> AppResult<Vec<LayerKind>> {
    let Some(text) = &settings.blocking_layers else {
        return Ok(Vec::new());
    };
    serde_json::from_str(text).map_err(|err| {
        AppError::internal(format!(
            "admission_settings {}: blocking_layers: {err}",
            settings.city_code
        ))
    })
}

fn kind_of(layer: &reference_layer::Model) -> AppResult<LayerKind> {
    stored_code(
        LayerKind::parse,
        "reference_layers",
        "kind",
        layer.id,
        &layer.kind,
    )
}

/// The index of `layer`, built from its stored features the first time this process
/// screens against it.
pub(crate) async fn index_of(
    state: &AppState,
    db: &impl ConnectionTrait,
    layer: &reference_layer::Model,
) -> AppResult<Arc<LayerIndex>> {
    if let Some(index) = state.layers.get(layer.id) {
        return Ok(index);
    }
    let _building = state.layers.building.lock().await;
    if let Some(index) = state.layers.get(layer.id) {
        return Ok(index);
    }
    let rows = reference_feature::Entity::find()
        .filter(reference_feature::Column::LayerId.eq(layer.id))
        .order_by_asc(reference_feature::Column::Ordinal)
        .all(db)
        .await?;
    let features = tokio::task::spawn_blocking(move || -> AppResult<Vec<(i64, LayerFeature)>> {
        rows.into_iter().map(feature_of).collect()
    })
    .await
    .map_err(AppError::internal)??;
    let index = Arc::new(LayerIndex::new(features));
    state
        .layers
        .keep(layer.id, &layer.city_code, &layer.kind, index.clone());
    Ok(index)
}

fn feature_of(row: reference_feature::Model) -> AppResult<(i64, LayerFeature)> {
    let shape = stored_shape(&row.shape).map_err(|err| {
        AppError::internal(format!("reference_features row {}: shape: {err}", row.id))
    })?;
    let zone = match &row.zone {
        Some(code) => Some(stored_code(
            PlanZone::parse,
            "reference_features",
            "zone",
            row.id,
            code,
        )?),
        None => None,
    };
    Ok((
        i64::from(row.ordinal),
        LayerFeature {
            name: row.name,
            zone,
            shape,
        },
    ))
}
