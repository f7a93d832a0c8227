//! `PlannedLists`: a county's three batches as its plan decides them.

use async_graphql::Object;

use super::county_plan::CountyPlan;
use super::entries::{ClosureEntry, IntegrationGroup, UpgradeEntry};
use crate::domain::codes;

/// A county's lists as its plan decides them (attachments 2 and 3, and the integration
/// groups): next to `rectificationLists`, which gives the disposition the rules give.
pub struct PlannedLists(pub CountyPlan);

/// A county's lists as its plan decides them (attachments 2 and 3, and the integration
/// groups).
#[Object]
impl PlannedLists {
    /// The plan revision the lists come from: the one in force, else the newest.
    async fn plan(&self) -> &CountyPlan {
        &self.0
    }
    /// 关闭退出名单 (attachment 2): the route chosen per mine and its timetable.
    async fn close_or_exit(&self) -> Vec<ClosureEntry> {
        self.0.entries(codes::EntryKind::Closure, ClosureEntry)
    }
    /// 整合重组: each group's members together, with the unified name and date.
    async fn integrate(&self) -> Vec<IntegrationGroup> {
        self.0
            .entries(codes::EntryKind::Integration, IntegrationGroup)
    }
    /// 升级改造名单 (attachment 3): target scale, post-upgrade service life, date.
    async fn upgrade(&self) -> Vec<UpgradeEntry> {
        self.0.entries(codes::EntryKind::Upgrade, UpgradeEntry)
    }
}
