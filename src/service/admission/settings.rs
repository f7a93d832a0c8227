//! The city's admission settings and planning caps (data the city admin edits; docs/rules.md
//! §4 leaves them open).

use entity::{admission_setting, planning_cap};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

use crate::domain::access::{Action, Caller};
use crate::domain::mine::{bounds, within};
use crate::domain::operation::Operation;
use crate::domain::spatial::layer::LayerKind;
use crate::error::{AppError, AppResult};
use crate::infra::writes::in_write;
use crate::service::admission::facts;
use crate::service::admission::transfer::own_city;
use crate::service::audit::{self, Change};
use crate::service::reference::ensure_known_mineral;
use crate::service::{permitted, require};
use crate::state::AppState;

/// A change of the settings; `None` keeps a setting.
#[derive(Debug, Clone, Default)]
pub struct SettingsChange {
    pub county_balance_blocks: Option<bool>,
    pub completed_closures_only: Option<bool>,
    pub count_integration_members: Option<bool>,
    /// The layer kinds whose overlap also blocks admission (NEW-4); `None` keeps them.
    pub blocking_layers: Option<Vec<LayerKind>>,
}

/// The caller, if it may do the city admin's `action` in `city` (or in the only city), and
/// that city; else `FORBIDDEN`.
pub(crate) fn city_admin<'a>(
    state: &AppState,
    viewer: Option<&'a Caller>,
    city_code: Option<&str>,
    action: Action,
) -> AppResult<(&'a Caller, String)> {
    let caller = require(viewer)?;
    permitted(caller, action)?;
    Ok((caller, own_city(state, viewer, city_code)?))
}

/// `updateAdmissionSettings`.
pub async fn update(
    state: &AppState,
    viewer: Option<&Caller>,
    city_code: Option<&str>,
    change: SettingsChange,
) -> AppResult<admission_setting::Model> {
    let (caller, city) = city_admin(state, viewer, city_code, Action::ChangeSettings)?;
    let clock = state.clock.as_ref();
    in_write(&state.db, async |tx| {
        let before = facts::settings(tx, &city).await?;
        let after = admission_setting::Model {
            city_code: city.clone(),
            county_balance_blocks: change
                .county_balance_blocks
                .unwrap_or(before.county_balance_blocks),
            completed_closures_only: change
                .completed_closures_only
                .unwrap_or(before.completed_closures_only),
            count_integration_members: change
                .count_integration_members
                .unwrap_or(before.count_integration_members),
            blocking_layers: match &change.blocking_layers {
                Some(kinds) => Some(serde_json::to_string(kinds).map_err(AppError::internal)?),
                None => before.blocking_layers.clone(),
            },
        };
        let stored_before = admission_setting::Entity::find_by_id(city.clone())
            .one(tx)
            .await?;
        let row = admission_setting::ActiveModel::from(after).reset_all();
        let stored = match stored_before {
            Some(_) => row.update(tx).await?,
            None => row.insert(tx).await?,
        };
        audit::record(
            tx,
            clock,
            caller,
            Change {
                city_code: Some(city.clone()),
                operation: Operation::UpdateAdmissionSettings,
                entity: Operation::UpdateAdmissionSettings.entity(),
                entity_id: city.clone(),
                before: Some(&before),
                after: Some(&stored),
            },
        )
        .await?;
        Ok(stored)
    })
    .await
}

/// `setPlanningCap`: sets (or, with no figure, removes) the cap on a mineral's total
/// production, city-wide or for one county of the city.
pub async fn set_cap(
    state: &AppState,
    viewer: Option<&Caller>,
    city_code: Option<&str>,
    mineral_code: &str,
    county_code: Option<&str>,
    cap: Option<f64>,
) -> AppResult<Vec<planning_cap::Model>> {
    let (caller, city) = city_admin(state, viewer, city_code, Action::ChangeSettings)?;
    let clock = state.clock.as_ref();
    let places = state.places.current();
    let place = match county_code.map(str::trim) {
        Some(county) if places.city_of_county(county) == Some(city.as_str()) => county.to_owned(),
        Some(county) => {
            return Err(AppError::invalid(
                "countyCode",
                format!("{county}不是本市的县（市、区）"),
            ));
        }
        None => city.clone(),
    };
    if let Some(cap) = cap {
        within(cap, bounds::RESERVES, "capScale", "规划总量上限（万吨/年）")?;
    }
    in_write(&state.db, async |tx| {
        let mineral = mineral_code.trim();
        ensure_known_mineral(tx, mineral).await?;
        let before = planning_cap::Entity::find()
            .filter(planning_cap::Column::MineralCode.eq(mineral))
            .filter(planning_cap::Column::PlaceCode.eq(place.clone()))
            .one(tx)
            .await?;
        if let Some(old) = &before {
            planning_cap::Entity::delete_by_id(old.id).exec(tx).await?;
        }
        let after = match cap {
            Some(cap) => Some(
                planning_cap::ActiveModel {
                    mineral_code: Set(mineral.to_owned()),
                    place_code: Set(place.clone()),
                    cap_scale: Set(cap),
                    ..Default::default()
                }
                .insert(tx)
                .await?,
            ),
            None => None,
        };
        audit::record(
            tx,
            clock,
            caller,
            Change {
                city_code: Some(city.clone()),
                operation: Operation::SetPlanningCap,
                entity: Operation::SetPlanningCap.entity(),
                entity_id: format!("{mineral}:{place}"),
                before: before.as_ref(),
                after: after.as_ref(),
            },
        )
        .await?;
        caps(tx, &city).await
    })
    .await
}

/// The caps of a city and its counties.
pub async fn caps(
    db: &impl sea_orm::ConnectionTrait,
    city: &str,
) -> AppResult<Vec<planning_cap::Model>> {
    let counties = sea_orm::sea_query::Query::select()
        .column(entity::county::Column::Code)
        .from(entity::county::Entity)
        .and_where(entity::county::Column::CityCode.eq(city))
        .to_owned();
    Ok(planning_cap::Entity::find()
        .filter(
            sea_orm::Condition::any()
                .add(planning_cap::Column::PlaceCode.eq(city))
                .add(planning_cap::Column::PlaceCode.in_subquery(counties)),
        )
        .order_by_asc(planning_cap::Column::MineralCode)
        .order_by_asc(planning_cap::Column::PlaceCode)
        .all(db)
        .await?)
}
