//! The `Mine` output type: a registry row as officials see it.

use async_graphql::{Context, ID, Object};
use chrono::{DateTime, Utc};

use super::assessment::Assessment;
use crate::domain::mine::service_years;
use crate::domain::spatial::boundary::{boundary, given_degrees};
use crate::graphql::context::{day_or_today, loaders};
use crate::graphql::loaders::AssessmentKey;
use crate::graphql::types::boundary::Corner;
use crate::graphql::types::date::Date;
use crate::graphql::types::enums::{
    HolderType, LicenceLevel, MiningMethod, OperatingStatus, ScaleClass,
};
use crate::graphql::types::mines::violation::ViolationView;
use crate::graphql::types::reference::{County, Mineral};
use crate::service::mine_rows::{
    corners_of, holder_type_of, licence_level_of, method_of, mineral_of, status_of, violation_of,
};
use crate::service::mine_view::MineView;

/// A non-coal mine of the registry.
pub struct Mine(pub MineView);

/// A non-coal mine of the registry.
#[Object]
impl Mine {
    /// The mine's id.
    async fn id(&self) -> ID {
        ID(self.0.row.id.to_string())
    }
    /// 矿山名称.
    async fn name(&self) -> &str {
        &self.0.row.name
    }
    /// 采矿权人; a natural person's name is hidden from readers outside the registry's scope.
    async fn holder(&self) -> Option<&str> {
        self.0.holder.as_deref()
    }
    /// Whether the right holder is an enterprise or a natural person.
    async fn holder_type(&self) -> async_graphql::Result<HolderType> {
        Ok(holder_type_of(&self.0.row)?.into())
    }
    /// 采矿许可证号; null for an unlicensed site.
    async fn licence_no(&self) -> Option<&str> {
        self.0.row.licence_no.as_deref()
    }
    /// Level that issued the licence (省/市/县级发证); null when unknown or unlicensed.
    async fn licence_level(&self) -> async_graphql::Result<Option<LicenceLevel>> {
        Ok(licence_level_of(&self.0.row)?.map(Into::into))
    }
    /// First day of the mining licence's validity (采矿许可证有效期).
    async fn licence_valid_from(&self) -> Option<Date> {
        Date::optional(self.0.row.licence_valid_from)
    }
    /// Last day of the mining licence's validity; a lapsed licence on a working mine is CLOSE-1.
    async fn licence_valid_until(&self) -> Option<Date> {
        Date::optional(self.0.row.licence_valid_until)
    }
    /// Six-digit division code of the mine's county.
    async fn county_code(&self) -> &str {
        &self.0.row.county_code
    }
    /// The county the mine lies in.
    async fn county(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<County>> {
        Ok(loaders(ctx)?
            .catalogue
            .county(&self.0.row.county_code)
            .cloned()
            .map(County::from))
    }
    /// Code of the mineral mined (开采矿种), e.g. `IRON`.
    async fn mineral_code(&self) -> &str {
        &self.0.row.mineral_code
    }
    /// 开采矿种.
    async fn mineral(&self, ctx: &Context<'_>) -> async_graphql::Result<Option<Mineral>> {
        Ok(loaders(ctx)?
            .catalogue
            .mineral(&self.0.row.mineral_code)
            .cloned()
            .map(Mineral::from))
    }
    /// Open-pit (露天) or underground (地下); selects iron's scale-class row.
    async fn mining_method(&self) -> async_graphql::Result<MiningMethod> {
        Ok(method_of(&self.0.row)?.into())
    }
    /// Licensed production scale, 万吨/年.
    async fn production_scale(&self) -> f64 {
        self.0.row.production_scale
    }
    /// Class of the licensed scale under the current standards; null where the mineral has
    /// no threshold yet.
    async fn production_scale_class(
        &self,
        ctx: &Context<'_>,
    ) -> async_graphql::Result<Option<ScaleClass>> {
        let method = method_of(&self.0.row)?;
        let mineral = mineral_of(&self.0.row)?;
        let standards = loaders(ctx)?.standards(&self.0.row.county_code).await?;
        Ok(standards
            .production_class(&mineral, method, self.0.row.production_scale)
            .map(Into::into))
    }
    /// 剩余可采资源量, 万吨.
    async fn remaining_reserves(&self) -> f64 {
        self.0.row.remaining_reserves
    }
    /// A surveyed service life, when recorded.
    async fn surveyed_service_years(&self) -> Option<f64> {
        self.0.row.surveyed_service_years
    }
    /// Remaining service life in years: the surveyed figure, else reserves ÷ scale.
    async fn service_years(&self) -> f64 {
        service_years(
            self.0.row.remaining_reserves,
            self.0.row.production_scale,
            self.0.row.surveyed_service_years,
        )
    }
    /// The mine's operating status.
    async fn status(&self) -> async_graphql::Result<OperatingStatus> {
        Ok(status_of(&self.0.row)?.into())
    }
    /// First day of the current suspension (EXIT-2 counts from it); null unless suspended.
    async fn suspended_since(&self) -> Option<Date> {
        Date::optional(self.0.row.suspended_since)
    }
    /// Whether the suspension was ordered by the authorities (then it is not EXIT-2).
    async fn suspension_ordered(&self) -> bool {
        self.0.row.suspension_ordered
    }
    /// End of the approved construction period incl. extensions (EXIT-4).
    async fn construction_deadline(&self) -> Option<Date> {
        Date::optional(self.0.row.construction_deadline)
    }
    /// Holds a mining licence (采矿许可证); false means CLOSE-1.
    async fn has_mining_licence(&self) -> bool {
        self.0.row.has_mining_licence
    }
    /// Holds a safety-production licence (安全生产许可证); a producing mine without one is CLOSE-1.
    async fn has_safety_licence(&self) -> bool {
        self.0.row.has_safety_licence
    }
    /// Mines beyond its licensed boundary (越界开采); CLOSE-2 with `refusesRectification`.
    async fn cross_boundary_mining(&self) -> bool {
        self.0.row.cross_boundary_mining
    }
    /// Mines under the guise of construction (以采代建); CLOSE-2 with `refusesRectification`.
    async fn mining_under_construction_guise(&self) -> bool {
        self.0.row.mining_under_construction_guise
    }
    /// Mines under an exploration licence (持勘查许可证采矿); CLOSE-2 with `refusesRectification`.
    async fn mining_with_exploration_licence(&self) -> bool {
        self.0.row.mining_with_exploration_licence
    }
    /// Refuses to rectify (拒不整改); completes CLOSE-2, and CLOSE-3 with `obsoleteEquipment`.
    async fn refuses_rectification(&self) -> bool {
        self.0.row.refuses_rectification
    }
    /// Uses processes or equipment that must be eliminated (应当淘汰的工艺、设备), for CLOSE-3.
    async fn obsolete_equipment(&self) -> bool {
        self.0.row.obsolete_equipment
    }
    /// Still lacks safe-production conditions after a suspension for rectification (CLOSE-3).
    async fn unsafe_after_suspension(&self) -> bool {
        self.0.row.unsafe_after_suspension
    }
    /// Resources exhausted (资源枯竭); EXIT-1 while the licence is valid.
    async fn resources_exhausted(&self) -> bool {
        self.0.row.resources_exhausted
    }
    /// Ore body shared with other operators (INTEGRATE-1).
    async fn ore_body_id(&self) -> Option<&str> {
        self.0.row.ore_body_id.as_deref()
    }
    /// Degrees, CGCS2000.
    async fn latitude(&self) -> Option<f64> {
        self.0.row.latitude
    }
    /// Degrees, CGCS2000.
    async fn longitude(&self) -> Option<f64> {
        self.0.row.longitude
    }
    /// Licensed boundary (矿界) corners in degrees, when recorded (empty otherwise):
    /// INTEGRATE-2 measures between boundaries.
    async fn corners(&self) -> async_graphql::Result<Vec<Corner>> {
        Ok(corners_of(&self.0.row)?
            .into_iter()
            .map(|(latitude, longitude)| Corner {
                latitude,
                longitude,
            })
            .collect())
    }
    /// The area the boundary encloses, km², measured in its Gauss-Krüger zone's plane; null
    /// without a boundary.
    async fn boundary_area_km2(&self) -> async_graphql::Result<Option<f64>> {
        let corners = corners_of(&self.0.row)?;
        if corners.is_empty() {
            return Ok(None);
        }
        Ok(boundary(&given_degrees(&corners))
            .ok()
            .map(|checked| checked.area_km2()))
    }
    /// Bounded by a ridge line (INTEGRATE-4).
    async fn ridge_boundary(&self) -> bool {
        self.0.row.ridge_boundary
    }
    /// Mining found without the licences the law requires: what, when and by whom
    /// (CLOSE-1 rests on it after the mine stops); null when none is recorded.
    async fn violation(&self) -> async_graphql::Result<Option<ViolationView>> {
        Ok(violation_of(&self.0.row)?.map(ViolationView::from))
    }
    /// The planned block this mine was transferred as, when it was registered from a sale
    /// (`registerSoldBlock`).
    async fn block_id(&self) -> Option<ID> {
        self.0.row.block_id.map(|id| ID(id.to_string()))
    }
    /// The transfer-plan entry whose sale the mine was registered from.
    async fn transfer_entry_id(&self) -> Option<ID> {
        self.0.row.transfer_entry_id.map(|id| ID(id.to_string()))
    }
    /// Optimistic-concurrency version: pass it to `updateMine`.
    async fn version(&self) -> i32 {
        self.0.row.version
    }
    /// Whether the mine is archived (mines are never deleted); archived mines are left out of
    /// the lists and summaries.
    async fn archived(&self) -> bool {
        self.0.row.archived
    }
    /// Why the mine was archived; null unless archived.
    async fn archived_reason(&self) -> Option<&str> {
        self.0.row.archived_reason.as_deref()
    }
    /// When the mine was registered (UTC).
    async fn created_at(&self) -> DateTime<Utc> {
        self.0.row.created_at
    }
    /// When the mine's record last changed (UTC).
    async fn updated_at(&self) -> DateTime<Utc> {
        self.0.row.updated_at
    }
    /// The rectification assessment on `asOf` (default: today in Asia/Shanghai) under the
    /// standards version in force that day.
    async fn assessment(
        &self,
        ctx: &Context<'_>,
        #[graphql(desc = "The day the assessment applies to (default: today in Asia/Shanghai).")]
        as_of: Option<Date>,
    ) -> async_graphql::Result<Option<Assessment>> {
        let day = day_or_today(ctx, as_of)?;
        let loaded = loaders(ctx)?
            .assessments
            .load_one(AssessmentKey(self.0.row.id, day))
            .await?;
        Ok(loaded.map(Assessment::from))
    }
}
