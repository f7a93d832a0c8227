//! NEW-2's base production: what the live mines of a mineral will produce as the plans in
//! force plan them ([`planned_production`]), read in two statements whatever their number.

use std::collections::BTreeMap;

use entity::{mine, plan_entry, plan_mine};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};

use crate::domain::codes::EntryKind;
use crate::domain::quota::{PlannedMine, planned_production};
use crate::error::AppResult;
use crate::service::admission::facts::{Place, counties_of};
use crate::service::in_force::in_force_ids;
use crate::service::mine_rows::live;

/// NEW-2's base production of a mineral in `place`, 万吨/年: the live mines not on a
/// close/exit list of a plan in force, each at what the plans in force plan for it
/// ([`planned_production`]). Two statements whatever the number of mines.
pub async fn base_production(
    db: &impl ConnectionTrait,
    mineral: &str,
    place: Place<'_>,
) -> AppResult<f64> {
    let listed_in_force = |kinds: Vec<&'static str>| {
        Query::select()
            .column(plan_mine::Column::MineId)
            .from(plan_mine::Entity)
            .and_where(
                plan_mine::Column::EntryId.in_subquery(
                    Query::select()
                        .column(plan_entry::Column::Id)
                        .from(plan_entry::Entity)
                        .and_where(plan_entry::Column::Kind.is_in(kinds))
                        .to_owned(),
                ),
            )
            .and_where(plan_mine::Column::PlanId.in_subquery(in_force_ids()))
            .to_owned()
    };
    let counted: Vec<(i64, f64)> = live(mine::Entity::find())
        .select_only()
        .column(mine::Column::Id)
        .column(mine::Column::ProductionScale)
        .filter(mine::Column::MineralCode.eq(mineral))
        .filter(mine::Column::CountyCode.in_subquery(counties_of(&place)))
        .filter(mine::Column::Id.not_in_subquery(listed_in_force(vec![EntryKind::Closure.code()])))
        .into_tuple()
        .all(db)
        .await?;
    let planned = planned_entries(db, mineral, place).await?;
    let mut plans: BTreeMap<i64, PlannedMine> = counted
        .into_iter()
        .map(|(id, scale)| {
            let mine = PlannedMine {
                scale,
                upgrade_target: None,
                group: None,
            };
            (id, mine)
        })
        .collect();
    for (mine_id, entry_id, kind, target) in planned {
        let Some(mine) = plans.get_mut(&mine_id) else {
            continue;
        };
        if kind == EntryKind::Upgrade.code() {
            mine.upgrade_target = target;
        } else {
            mine.group = Some((entry_id, target));
        }
    }
    Ok(planned_production(&plans.into_values().collect::<Vec<_>>()))
}

/// The upgrade and group entries of the plans in force listing the mineral's mines in
/// `place`: (mine, entry, kind, target scale).
async fn planned_entries(
    db: &impl ConnectionTrait,
    mineral: &str,
    place: Place<'_>,
) -> AppResult<Vec<(i64, i64, String, Option<f64>)>> {
    Ok(plan_mine::Entity::find()
        .select_only()
        .column(plan_mine::Column::MineId)
        .column(plan_entry::Column::Id)
        .column(plan_entry::Column::Kind)
        .column(plan_entry::Column::TargetScale)
        .join(
            sea_orm::JoinType::InnerJoin,
            plan_mine::Entity::belongs_to(plan_entry::Entity)
                .from(plan_mine::Column::EntryId)
                .to(plan_entry::Column::Id)
                .into(),
        )
        .filter(plan_mine::Column::PlanId.in_subquery(in_force_ids()))
        .filter(
            plan_entry::Column::Kind
                .is_in([EntryKind::Upgrade.code(), EntryKind::Integration.code()]),
        )
        .filter(
            plan_mine::Column::MineId.in_subquery(
                Query::select()
                    .column(mine::Column::Id)
                    .from(mine::Entity)
                    .and_where(mine::Column::MineralCode.eq(mineral))
                    .and_where(mine::Column::CountyCode.in_subquery(counties_of(&place)))
                    .to_owned(),
            ),
        )
        .into_tuple()
        .all(db)
        .await?)
}
