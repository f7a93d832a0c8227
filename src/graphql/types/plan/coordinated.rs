//! `CoordinatedGroup`: a city-coordinated integration group across county lines, with
//! each county's part and whether the group is formed.

use async_graphql::{Context, ID, Object, SimpleObject};

use crate::domain::plan::coordination::formed;
use crate::graphql::context::loaders;
use crate::graphql::types::date::Date;
use crate::graphql::types::mines::Mine;
use crate::graphql::types::reference::County;
use crate::service::plans::coordination::GroupReading;

/// A city-coordinated integration group (市工作专班的统一部署): mines of several counties
/// that become one right; each county's plan carries its own members.
pub struct CoordinatedGroup(pub GroupReading);

/// A county a coordinated group takes mines of.
#[derive(SimpleObject)]
pub struct CoordinatedCounty {
    /// The county's six-digit code.
    pub county_code: String,
    /// The county.
    pub county: Option<County>,
    /// Whether the county's plan in force carries its members of the group.
    pub carried: bool,
}

/// A city-coordinated integration group (市工作专班的统一部署): mines of several counties
/// that become one right; each county's plan carries its own members.
#[Object]
impl CoordinatedGroup {
    /// The group's id, which a county plan joins (`joinCoordinatedGroup`).
    async fn id(&self) -> ID {
        ID(self.0.group.id.to_string())
    }
    /// The unified mine's name.
    async fn unified_name(&self) -> &str {
        &self.0.group.unified_name
    }
    /// The unified right's holder, when named (else the largest member's).
    async fn unified_holder(&self) -> Option<&str> {
        self.0.group.unified_holder.as_deref()
    }
    /// The unified system's scale, when set (else the members' sum), 万吨/年.
    async fn target_scale(&self) -> Option<f64> {
        self.0.group.target_scale
    }
    /// 完成时间, which every county's entry takes.
    async fn complete_by(&self) -> Date {
        self.0.group.complete_by.into()
    }
    /// The members the caller may read (a county official: its own county's).
    async fn mines(&self) -> Vec<Mine> {
        self.0.members.iter().cloned().map(Mine).collect()
    }
    /// Each county the group takes mines of, in code order.
    async fn counties(&self, ctx: &Context<'_>) -> async_graphql::Result<Vec<CoordinatedCounty>> {
        let catalogue = &loaders(ctx)?.catalogue;
        Ok(self
            .0
            .parts
            .iter()
            .map(|part| CoordinatedCounty {
                county_code: part.county_code.clone(),
                county: catalogue
                    .county(&part.county_code)
                    .cloned()
                    .map(County::from),
                carried: part.carried,
            })
            .collect())
    }
    /// Whether every county's plan in force carries the group: only then is it unified,
    /// by the first county to complete its 整合完成.
    async fn formed(&self) -> bool {
        formed(&self.0.parts)
    }
    /// The unified mine's id, once the integration is completed.
    async fn unified_mine_id(&self) -> Option<ID> {
        self.0.group.unified_mine_id.map(|id| ID(id.to_string()))
    }
}
