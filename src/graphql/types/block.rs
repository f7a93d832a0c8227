//! `Block`, `BlockInput` and `BlockFilter`: planned blocks (attachment 4) as the schema
//! names them.

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use chrono::{DateTime, Utc};
use entity::block;

use crate::domain::admission::checks;
use crate::domain::authority::authority_of;
use crate::domain::block::{BlockDraft, BlockFact};
use crate::domain::codes;
use crate::error::AppError;
use crate::graphql::context::{app, loaders};
pub use crate::graphql::types::boundary::Corner;
use crate::graphql::types::boundary::{BoundaryArea, CornerInput};
use crate::graphql::types::enums::{BlockPriority, MiningMethod, Obstacle, OreGrade, ScaleClass};
use crate::graphql::types::layer::SpatialScreen;
use crate::graphql::types::reference::{County, Mineral};
use crate::graphql::types::transfer::{Eligibility, SurveyRecord};
use crate::service::admission::facts::{self, mineral_authority};
use crate::service::blocks::{
    self, corners_of, designed_scale_of, grade_of, master_plan_of, method_of, priority_of,
    unstated_of,
};
use crate::service::layers::screening;
use crate::service::stored::stored_code;

/// A planned block (规划区块): a proposed new mine of a county plan.
pub struct Block(pub block::Model);

/// A planned block (规划区块): a proposed new mine of a county plan.
#[Object]
impl Block {
    /// The block's id.
    async fn id(&self) -> ID {
        ID(self.0.id.to_string())
    }
    /// 拟设矿业权名称（规划区块）.
    async fn name(&self) -> &str {
        &self.0.name
    }
    /// Six-digit division code of the county the block lies in.
    async fn county_code(&self) -> &str {
        &self.0.county_code
    }
    /// The county the block lies in.
    async fn county(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<County>> {
        Ok(loaders(ctx)?
            .catalogue
            .county(&self.0.county_code)
            .cloned()
            .map(County::from))
    }
    /// Code of the mineral to be mined (开采矿种), e.g. `IRON`.
    async fn mineral_code(&self) -> &str {
        &self.0.mineral_code
    }
    /// 开采矿种.
    async fn mineral(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Mineral>> {
        Ok(loaders(ctx)?
            .catalogue
            .mineral(&self.0.mineral_code)
            .cloned()
            .map(Mineral::from))
    }
    /// 矿区面积, km².
    async fn area_km2(&self) -> f64 {
        self.0.area_km2
    }
    /// 预测资源量, 万吨.
    async fn predicted_resources(&self) -> f64 {
        self.0.predicted_resources
    }
    /// 地理位置.
    async fn location(&self) -> &str {
        &self.0.location
    }
    /// Designed production scale, 万吨/年; null while unstated (a block filed on the seed's
    /// seven-column attachment 4: `eligibility` names it until `updateBlock` states it).
    async fn designed_production_scale(&self) -> async_graphql::Result<Option<f64>> {
        Ok(designed_scale_of(&self.0)?)
    }
    /// Planned mining method, open-pit or underground; the production class is read by it.
    /// Null while unstated.
    async fn mining_method(&self) -> async_graphql::Result<Option<MiningMethod>> {
        Ok(method_of(&self.0)?.map(Into::into))
    }
    /// Lean or rich ore, where the deposit standard distinguishes grades (iron); null:
    /// not stated (read as lean).
    async fn ore_grade(&self) -> async_graphql::Result<Option<OreGrade>> {
        Ok(grade_of(&self.0)?.map(Into::into))
    }
    /// Deposit class (矿床规模) of the predicted resources under today's standards (NEW-2);
    /// predicted, not proven (see `depositClassPredicted`); null where the mineral has no
    /// threshold.
    async fn deposit_scale_class(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<ScaleClass>> {
        Ok(self.classes(ctx).await?.0)
    }
    /// Always true for now: the deposit class is read from predicted resources (预测资源量),
    /// not from reserves a survey has proven.
    async fn deposit_class_predicted(&self) -> bool {
        true
    }
    /// Production class (生产建设规模) of the designed scale under today's standards (NEW-2);
    /// null where the mineral has no threshold or the scale or method is unstated.
    async fn production_scale_class(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<ScaleClass>> {
        Ok(self.classes(ctx).await?.1)
    }
    /// NEW-1's priority category.
    async fn priority(&self) -> async_graphql::Result<BlockPriority> {
        Ok(priority_of(&self.0)?.into())
    }
    /// Fits the mineral master plan and industrial policy (NEW-1's gate); null while
    /// unstated.
    async fn in_master_plan(&self) -> async_graphql::Result<Option<bool>> {
        Ok(master_plan_of(&self.0)?)
    }
    /// The `BlockInput` fields the county has not stated yet (`designedProductionScale`,
    /// `miningMethod`, `inMasterPlan`): a block filed on the seed's seven-column
    /// attachment 4 lacks them, and `eligibility` fails NOT_STATED until they are given.
    async fn unstated(&self) -> async_graphql::Result<Vec<&'static str>> {
        Ok(unstated_of(&self.0)?
            .into_iter()
            .map(BlockFact::field)
            .collect())
    }
    /// The area the boundary encloses against the declared 矿区面积 (docs/spatial.md); null
    /// without a boundary.
    async fn boundary_area(&self) -> async_graphql::Result<Option<BoundaryArea>> {
        Ok(blocks::boundary_area(&self.0)?.map(BoundaryArea::from))
    }
    /// The boundary screened against the reference layers in force (NEW-4): overlaps and
    /// features within each layer's buffer. Null without a boundary, or for a reader of the
    /// published block only.
    async fn spatial_screen(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<SpatialScreen>> {
        if !self.read_in_full(ctx)? {
            return Ok(None);
        }
        let state = app(ctx)?;
        let screening = screening::screen_block(state, &state.db, &self.0).await?;
        Ok(screening.map(SpatialScreen::from))
    }
    /// Where the block's printable map is (`GET`, same token: the boundary, the screen's
    /// findings, neighbours within 1 km, a scale bar); null without corners, or for a
    /// reader of the published block only.
    async fn map_url(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<String>> {
        let drawn = self.0.corners.is_some() && self.read_in_full(ctx)?;
        Ok(drawn.then(|| format!("/maps/blocks/{}.svg", self.0.id)))
    }
    /// Boundary corners, when recorded (empty otherwise).
    async fn corners(&self) -> async_graphql::Result<Vec<Corner>> {
        Ok(corners_of(&self.0)?
            .into_iter()
            .map(|c| Corner {
                latitude: c.latitude,
                longitude: c.longitude,
            })
            .collect())
    }
    /// Who transfers the block (NEW-6): `PROVINCE` for the province's minerals unless it
    /// delegated this block to the city, `COUNTY` for a small deposit of river sand or brick
    /// clay, `CITY` otherwise; the platform follows it.
    async fn transfer_authority(&self, ctx: &Context<'_>) -> async_graphql::Result<String> {
        let catalogue = &loaders(ctx)?.catalogue;
        let row = catalogue
            .mineral(&self.0.mineral_code)
            .ok_or_else(|| AppError::internal("block of an unknown mineral"))?;
        let (deposit, _) = self.classes(ctx).await?;
        Ok(authority_of(
            mineral_authority(row)?,
            deposit.map(Into::into),
            self.0.delegation_ref.is_some(),
        )
        .code()
        .to_owned())
    }
    /// The province's reference delegating this block to the city (一事一议), if it did.
    async fn delegation_reference(&self) -> Option<&str> {
        self.0.delegation_ref.as_deref()
    }
    /// 采矿用地 as the survey settled it (NEW-4); null until recorded, and for a reader of
    /// the published block only.
    async fn mining_land(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<&str>> {
        Ok(if self.read_in_full(ctx)? {
            self.0.mining_land.as_deref()
        } else {
            None
        })
    }
    /// Every site-survey record, oldest first (NEW-4; the latest per department holds);
    /// empty for a reader of the published block only.
    async fn surveys(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<SurveyRecord>> {
        if !self.read_in_full(ctx)? {
            return Ok(Vec::new());
        }
        Ok(loaders(ctx)?
            .surveys
            .load_one(self.0.id)
            .await?
            .unwrap_or_default()
            .into_iter()
            .map(SurveyRecord)
            .collect())
    }
    /// Whether the block was confirmed clean (NEW-5: 净矿).
    async fn clean_mine(&self) -> bool {
        self.0.clean_confirmed_at.is_some()
    }
    /// The clean-mine confirmation: when, by whom, the obstacles cleared; null for a
    /// reader of the published block only.
    async fn clean_mine_confirmation(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<CleanMine>> {
        if !self.read_in_full(ctx)? {
            return Ok(None);
        }
        let Some(at) = self.0.clean_confirmed_at else {
            return Ok(None);
        };
        let cleared: Vec<String> = match &self.0.obstacles_cleared {
            Some(text) => serde_json::from_str(text)
                .map_err(|err| AppError::internal(format!("obstacles_cleared: {err}")))?,
            None => Vec::new(),
        };
        Ok(Some(CleanMine {
            confirmed_at: at,
            confirmed_by: self.0.clean_confirmed_by.clone().unwrap_or_default(),
            note: self.0.clean_note.clone(),
            obstacles_cleared: cleared
                .iter()
                .map(|code| {
                    stored_code(
                        codes::Obstacle::parse,
                        "blocks",
                        "obstacles_cleared",
                        self.0.id,
                        code,
                    )
                    .map(Into::into)
                })
                .collect::<Result<_, _>>()?,
        }))
    }
    /// Whether the block may enter the city transfer plan of `year`: every admission check
    /// (PLAN-1, NEW-1 to NEW-6) in its order, evaluated now; null for a reader of the
    /// published block only (the checks read the surveys, the balance and the caps as they stand).
    #[graphql(complexity = 50)]
    async fn eligibility(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The year of the city transfer plan the block would enter.")] year: i32,
    ) -> async_graphql::Result<Option<Eligibility>> {
        if !self.read_in_full(ctx)? {
            return Ok(None);
        }
        let state = app(ctx)?;
        let facts = facts::gather(state, &state.db, &self.0, year, false).await?;
        Ok(Some(Eligibility::new(
            checks(&facts),
            facts.balance_opens_in,
        )))
    }
    /// Optimistic-concurrency version.
    async fn version(&self) -> i32 {
        self.0.version
    }
    /// When the block was registered (UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.created_at
    }
    /// When the block last changed (UTC).
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.updated_at
    }
}

/// A clean-mine confirmation (NEW-5).
#[derive(SimpleObject)]
pub struct CleanMine {
    /// When the block was confirmed clean (UTC).
    pub confirmed_at: DateTime<Utc>,
    /// `sub` of the official who confirmed it.
    pub confirmed_by: String,
    /// The confirming official's note, if any.
    pub note: Option<String>,
    /// The obstacles the confirmation names as cleared.
    pub obstacles_cleared: Vec<Obstacle>,
}

/// A planned block as a county files it (attachment 4, plus what NEW-1 and NEW-2 read).
#[derive(InputObject)]
pub struct BlockInput {
    /// 拟设矿业权名称（规划区块）; unique within the county.
    pub name: String,
    /// Six-digit division code of the county.
    pub county_code: String,
    /// 开采矿种 (`IRON`, …).
    pub mineral_code: String,
    /// 矿区面积, km² (0.0001 to 1,000).
    pub area_km2: f64,
    /// 预测资源量, 万吨: the deposit class is computed from it.
    pub predicted_resources: f64,
    /// 地理位置.
    pub location: String,
    /// Designed production scale, 万吨/年: the production class is computed from it.
    pub designed_production_scale: f64,
    /// Open-pit (default) or underground.
    #[graphql(default_with = "Some(MiningMethod::OpenPit)")]
    pub mining_method: Option<MiningMethod>,
    /// Lean or rich ore where the standard distinguishes them (iron).
    pub ore_grade: Option<OreGrade>,
    /// NEW-1 priority (default NONE).
    #[graphql(default_with = "Some(BlockPriority::None)")]
    pub priority: Option<BlockPriority>,
    /// Fits the mineral master plan and industrial policy (NEW-1's gate).
    pub in_master_plan: bool,
    /// Optional boundary polygon, 3 to 200 corners: the transfer boundary NEW-4 needs.
    pub corners: Option<Vec<CornerInput>>,
    /// 采矿用地 as the survey settled it (use, area, approval; up to 2,000 characters):
    /// NEW-4 needs it.
    pub mining_land: Option<String>,
}

impl From<BlockInput> for BlockDraft {
    fn from(input: BlockInput) -> Self {
        BlockDraft {
            name: input.name,
            county_code: input.county_code,
            mineral_code: input.mineral_code,
            area_km2: input.area_km2,
            predicted_resources: input.predicted_resources,
            location: input.location,
            designed_production_scale: Some(input.designed_production_scale),
            mining_method: Some(input.mining_method.unwrap_or(MiningMethod::OpenPit).into()),
            ore_grade: input.ore_grade.map(Into::into),
            priority: input.priority.unwrap_or(BlockPriority::None).into(),
            in_master_plan: Some(input.in_master_plan),
            corners: input
                .corners
                .unwrap_or_default()
                .into_iter()
                .map(Into::into)
                .collect(),
            mining_land: input.mining_land,
        }
    }
}

/// Filters of `blocks`; combined with AND.
#[derive(InputObject, Default)]
pub struct BlockFilter {
    /// Only blocks of this county.
    pub county_code: Option<String>,
    /// Only blocks of this mineral.
    pub mineral_code: Option<String>,
    /// Matches part of the name or the location.
    pub search: Option<String>,
    /// Only blocks a current plan (in force or open) proposes for this transfer year.
    pub transfer_year: Option<i32>,
}

impl From<BlockFilter> for blocks::BlockFilter {
    fn from(filter: BlockFilter) -> Self {
        blocks::BlockFilter {
            county_code: filter.county_code,
            mineral_code: filter.mineral_code,
            search: filter.search,
            transfer_year: filter.transfer_year,
        }
    }
}
