//! Reference layers (docs/spatial.md): the city admin imports a layer file as a new version
//! of its kind; the newest version of each kind is in force; [`screening`] reads them.

pub mod map;
pub mod screening;

use std::sync::Arc;

use entity::{reference_feature, reference_layer};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};
use sha2::{Digest, Sha256};

use crate::domain::access::{Action, Caller, block_read_region};
use crate::domain::operation::Operation;
use crate::domain::spatial::layer::LayerKind;
use crate::domain::spatial::layer_file::{LayerFeature, read_layer, stored_text};
use crate::domain::spatial::screen::LayerIndex;
use crate::domain::text::TextField;
use crate::error::{AppError, AppResult};
use crate::infra::writes::in_write;
use crate::service::admission::settings::city_admin;
use crate::service::admission::transfer::own_city;
use crate::service::audit::Change;
use crate::service::required_reason;
use crate::service::uploads::{Upload, blocking};
use crate::state::AppState;

/// A layer's name as the importer gives it.
const LAYER_NAME: TextField = TextField::single("name", "图层名称", 100);

/// Features written per statement: six values each, well under SQLite's 32,766.
const FEATURES_PER_INSERT: usize = 1_000;

/// What the importer says of a new layer version.
pub struct NewLayer {
    pub kind: LayerKind,
    pub name: String,
    pub reason: String,
}

/// `importReferenceLayer`: reads the file (refused whole, naming the feature, if any
/// feature is bad), then writes the version, its features and the audit entry in one
/// transaction; the version is indexed for screening at once.
pub async fn import(
    state: &AppState,
    viewer: Option<&Caller>,
    city_code: Option<&str>,
    new: NewLayer,
    upload: Upload,
) -> AppResult<reference_layer::Model> {
    let (caller, city) = city_admin(state, viewer, city_code, Action::ImportLayers)?;
    let name = LAYER_NAME.required(&new.name)?;
    let reason = required_reason(&new.reason, "reason")?;
    let kind = new.kind;
    let (place, source, bytes) = upload.admitted(state).await?;
    let (sha256, features, shapes) = blocking(&place, move || {
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let features = read_layer(kind, &bytes)
            .map_err(|problem| AppError::invalid("file", problem.to_string()))?;
        let shapes: Vec<String> = features.iter().map(|f| stored_text(&f.shape)).collect();
        Ok((sha256, features, shapes))
    })
    .await?;
    let clock = state.clock.as_ref();
    let layer = in_write(&state.db, async |tx| {
        let layer = reference_layer::ActiveModel {
            city_code: Set(city.clone()),
            kind: Set(kind.code().to_owned()),
            name: Set(name.clone()),
            source: Set(source.clone()),
            sha256: Set(sha256.clone()),
            feature_count: Set(i32::try_from(features.len()).map_err(AppError::internal)?),
            reason: Set(reason.clone()),
            created_by: Set(caller.sub.clone()),
            created_at: Set(clock.now()),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        write_features(tx, layer.id, &features, &shapes).await?;
        Change::in_city(
            &city,
            Operation::ImportReferenceLayer,
            layer.id,
            (None, Some(&layer)),
        )
        .record(tx, clock, caller)
        .await?;
        Ok(layer)
    })
    .await?;
    let indexed = features.into_iter().enumerate().map(|(i, f)| (i as i64, f));
    let index = Arc::new(LayerIndex::new(indexed.collect()));
    state.layers.keep(layer.id, &city, kind.code(), index);
    Ok(layer)
}

async fn write_features(
    tx: &impl ConnectionTrait,
    layer: i64,
    features: &[LayerFeature],
    shapes: &[String],
) -> AppResult<()> {
    let rows = features.iter().zip(shapes).enumerate();
    let rows: Vec<reference_feature::ActiveModel> = rows
        .map(
            |(ordinal, (feature, shape))| reference_feature::ActiveModel {
                layer_id: Set(layer),
                ordinal: Set(ordinal as i32),
                name: Set(feature.name.clone()),
                zone: Set(feature.zone.map(|zone| zone.code().to_owned())),
                shape: Set(shape.clone()),
                ..Default::default()
            },
        )
        .collect();
    for chunk in rows.chunks(FEATURES_PER_INSERT) {
        reference_feature::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(tx)
            .await?;
    }
    Ok(())
}

/// `referenceLayers`: the city's layers in force (the newest version of each kind), or
/// every version with `history`; for the roles that read blocks.
pub async fn list(
    state: &AppState,
    viewer: Option<&Caller>,
    city_code: Option<&str>,
    history: bool,
) -> AppResult<Vec<reference_layer::Model>> {
    block_read_region(viewer).ok_or(AppError::Forbidden)?;
    let city = own_city(state, viewer, city_code)?;
    let all = versions(&state.db, &city).await?;
    Ok(if history { all } else { in_force(all) })
}

/// Every version of `city`'s layers, newest first.
pub(crate) async fn versions(
    db: &impl ConnectionTrait,
    city: &str,
) -> AppResult<Vec<reference_layer::Model>> {
    Ok(reference_layer::Entity::find()
        .filter(reference_layer::Column::CityCode.eq(city))
        .order_by_desc(reference_layer::Column::Id)
        .all(db)
        .await?)
}

/// The newest of each kind among `versions` (newest first), in the kinds' order.
pub(crate) fn in_force(versions: Vec<reference_layer::Model>) -> Vec<reference_layer::Model> {
    let mut newest: Vec<reference_layer::Model> = Vec::new();
    for version in versions {
        if !newest.iter().any(|kept| kept.kind == version.kind) {
            newest.push(version);
        }
    }
    let rank = |layer: &reference_layer::Model| {
        LayerKind::ALL
            .iter()
            .position(|kind| kind.code() == layer.kind)
    };
    newest.sort_by_key(rank);
    newest
}
