//! Reference data types: counties, cities, minerals, survey departments.

use async_graphql::{ComplexObject, Context, InputObject, SimpleObject};
use entity::{city, county, department, mineral};

use crate::graphql::context::loaders;
use crate::graphql::types::enums::TransferAuthority;
use crate::service::admission::authority_table::AuthorityCorrection;

/// A prefecture-level city.
#[derive(SimpleObject, Clone)]
pub struct City {
    /// Six-digit division code.
    pub code: String,
    /// Chinese name (e.g. 晋城市).
    pub name: String,
}

impl From<city::Model> for City {
    fn from(row: city::Model) -> Self {
        Self {
            code: row.code,
            name: row.name,
        }
    }
}

/// A county-level unit (县/县级市/区).
#[derive(SimpleObject, Clone)]
#[graphql(complex)]
pub struct County {
    /// Six-digit division code.
    pub code: String,
    /// Chinese name (e.g. 泽州县).
    pub name: String,
    /// Six-digit code of its city; read it through `city`.
    #[graphql(skip)]
    pub city_code: String,
}

#[ComplexObject]
impl County {
    /// The city the county belongs to.
    async fn city(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<City>> {
        Ok(loaders(ctx)?
            .catalogue
            .city(&self.city_code)
            .cloned()
            .map(City::from))
    }
}

impl From<county::Model> for County {
    fn from(row: county::Model) -> Self {
        Self {
            code: row.code,
            name: row.name,
            city_code: row.city_code,
        }
    }
}

/// A mineral with its units and provincial minimum production scale.
#[derive(SimpleObject, Clone)]
pub struct Mineral {
    /// Stable code (`IRON`, `BUILDING_STONE`, …).
    pub code: String,
    /// Chinese name (e.g. 铁矿, 建筑石料用灰岩).
    pub name: String,
    /// Code used in official lists (e.g. 22001 for iron).
    pub national_code: Option<String>,
    /// Unit of production scale (万吨/年).
    pub production_unit: String,
    /// Unit of reserves (万吨).
    pub reserves_unit: String,
    /// Provincial minimum production scale (seed §3.2.2(3)); null where the province sets none.
    pub provincial_minimum_scale: Option<f64>,
    /// Where the minimum comes from.
    pub provincial_minimum_source: Option<String>,
    /// Confidence of the minimum: C confirmed, M to verify, L local default.
    pub provincial_minimum_confidence: Option<String>,
    /// Sand, stone or soil (the provincial small-mine exception applies to these).
    pub sand_stone_soil: bool,
    /// Who transfers and registers new rights of it: `PROVINCE` (strategic minerals, on
    /// the provincial natural-resources online trading platform), `CITY` or `COUNTY` (on
    /// the city's public-resource trading platform). A block's own authority also reads
    /// `delegable`, `countyWhenSmall` and its deposit class (`Block.transferAuthority`).
    pub transfer_authority: String,
    /// The province may delegate a block of it to the city case by case (一事一议).
    pub delegable: bool,
    /// A small deposit of it is the county's to transfer (river sand, brick clay).
    pub county_when_small: bool,
}

/// A corrected row of the minerals' authority table (NEW-6).
#[derive(InputObject)]
pub struct MineralAuthorityInput {
    /// Who transfers the mineral by default.
    pub transfer_authority: TransferAuthority,
    /// The province may delegate a block of it to the city (provincial minerals only).
    pub delegable: bool,
    /// A small deposit of it is the county's (not for provincial minerals).
    pub county_when_small: bool,
    /// Why the table changes (the notice, or the error corrected); kept on the audit trail.
    pub reason: String,
}

impl From<MineralAuthorityInput> for AuthorityCorrection {
    fn from(input: MineralAuthorityInput) -> Self {
        Self {
            authority: input.transfer_authority.into(),
            delegable: input.delegable,
            county_when_small: input.county_when_small,
            reason: input.reason,
        }
    }
}

impl From<mineral::Model> for Mineral {
    fn from(row: mineral::Model) -> Self {
        Self {
            code: row.code,
            name: row.name,
            national_code: row.national_code,
            production_unit: row.production_unit,
            reserves_unit: row.reserves_unit,
            provincial_minimum_scale: row.provincial_min_scale,
            provincial_minimum_source: row.provincial_min_source,
            provincial_minimum_confidence: row.provincial_min_confidence,
            sand_stone_soil: row.sand_stone_soil,
            transfer_authority: row.transfer_authority,
            delegable: row.delegable,
            county_when_small: row.county_when_small,
        }
    }
}

/// A department that takes part in the joint site survey (NEW-4).
#[derive(SimpleObject, Clone)]
pub struct Department {
    /// Stable code (`FORESTRY`, …).
    pub code: String,
    /// Chinese name (e.g. 林业).
    pub name: String,
    /// Whether its record is expected at every survey.
    pub survey_participant: bool,
}

impl From<department::Model> for Department {
    fn from(row: department::Model) -> Self {
        Self {
            code: row.code,
            name: row.name,
            survey_participant: row.survey_participant,
        }
    }
}
