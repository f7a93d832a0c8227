//! A city's admission settings (NEW-3's open questions) and planning caps (NEW-2).

use async_graphql::{InputObject, SimpleObject};

use crate::error::AppResult;
use crate::graphql::types::layer::LayerKind;
use crate::service::layers::screening::blocking_layers;

/// A city's admission settings (NEW-3's open questions).
#[derive(SimpleObject)]
pub struct AdmissionSettings {
    /// Six-digit division code of the city the settings apply to.
    pub city_code: String,
    /// Whether a county's own balance refuses admission (default: a warning).
    pub county_balance_blocks: bool,
    /// Whether only completed closures (licence cancelled) count as closed.
    pub completed_closures_only: bool,
    /// Whether integration members count as closed mines.
    pub count_integration_members: bool,
    /// The reference layer kinds whose overlap also keeps a block out (NEW-4), besides the
    /// red line, protected areas and the master plan's forbidden zones, which always do.
    pub blocking_layer_kinds: Vec<LayerKind>,
}

impl AdmissionSettings {
    /// The settings as stored.
    pub fn new(row: entity::admission_setting::Model) -> AppResult<Self> {
        let blocking = blocking_layers(&row)?;
        Ok(AdmissionSettings {
            city_code: row.city_code,
            county_balance_blocks: row.county_balance_blocks,
            completed_closures_only: row.completed_closures_only,
            count_integration_members: row.count_integration_members,
            blocking_layer_kinds: blocking.into_iter().map(Into::into).collect(),
        })
    }
}

/// A change of the admission settings; omitted fields are kept.
#[derive(InputObject)]
pub struct AdmissionSettingsInput {
    /// Whether a county's own balance refuses admission (false: a warning); omitted: kept.
    pub county_balance_blocks: Option<bool>,
    /// Whether only completed closures (licence cancelled) count as closed; omitted: kept.
    pub completed_closures_only: Option<bool>,
    /// Whether integration members count as closed mines; omitted: kept.
    pub count_integration_members: Option<bool>,
    /// The layer kinds whose overlap also keeps a block out (NEW-4; farmland, town
    /// boundaries, …); omitted: kept, empty: none.
    pub blocking_layer_kinds: Option<Vec<LayerKind>>,
}

/// A planning cap on a mineral's total production (NEW-2).
#[derive(SimpleObject)]
pub struct PlanningCap {
    /// Code of the mineral whose total production is capped.
    pub mineral_code: String,
    /// The city's code (city-wide) or a county's.
    pub place_code: String,
    /// 万吨/年.
    pub cap_scale: f64,
}

impl From<entity::planning_cap::Model> for PlanningCap {
    fn from(row: entity::planning_cap::Model) -> Self {
        PlanningCap {
            mineral_code: row.mineral_code,
            place_code: row.place_code,
            cap_scale: row.cap_scale,
        }
    }
}
