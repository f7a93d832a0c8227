//! The mines an entry may list (of the plan's county, live, on no other list of the plan)
//! and the listing itself, which holds each mine to one list even against a concurrent add.

use std::collections::HashSet;

use entity::{county_plan, mine, plan_entry, plan_mine};
use sea_orm::sea_query::Query;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect, Set,
};

use crate::domain::ValidationError;
use crate::domain::codes::{EntryKind, OperatingStatus};
use crate::domain::rule::Rule;
use crate::error::{AppError, AppResult};
use crate::infra::writes::on_duplicate;
use crate::service::mine_queries::rows_by_id;

/// Inserts an entry and the mines it lists; a mine already on a list of this plan (even one
/// added concurrently) is refused, naming the rule.
pub(super) async fn insert_with_mines(
    tx: &DatabaseTransaction,
    entry: plan_entry::ActiveModel,
    mine_ids: &[i64],
    field: &str,
) -> AppResult<plan_entry::Model> {
    let entry = entry.insert(tx).await?;
    for &mine_id in mine_ids {
        plan_mine::ActiveModel {
            plan_id: Set(entry.plan_id),
            mine_id: Set(mine_id),
            entry_id: Set(entry.id),
        }
        .insert(tx)
        .await
        .map_err(|err| on_duplicate(err, || one_list(field, mine_id)))?;
    }
    Ok(entry)
}

/// The refusal of a mine already on a list of the plan.
fn one_list(field: &str, mine_id: i64) -> AppError {
    ValidationError::breaking(
        Rule::PlanOneList,
        field,
        format!("矿山（编号{mine_id}）已列入本计划的一个名单，一座矿山只能列入一个名单"),
    )
    .into()
}

/// The mines an entry names, in the order named: each must exist, lie in the plan's
/// county, be live (not archived, not closed) and sit on no other list of the plan.
pub(super) async fn listable_mines(
    tx: &DatabaseTransaction,
    plan: &county_plan::Model,
    ids: &[i64],
    field: &str,
) -> AppResult<Vec<mine::Model>> {
    let found = rows_by_id(tx, ids).await?;
    let listed = plan_mine::Entity::find()
        .filter(plan_mine::Column::PlanId.eq(plan.id))
        .filter(plan_mine::Column::MineId.is_in(ids.to_vec()))
        .one(tx)
        .await?;
    let mut rows = Vec::with_capacity(ids.len());
    for id in ids {
        let row = found
            .get(id)
            .ok_or_else(|| AppError::invalid(field, format!("矿山不存在（编号{id}）")))?;
        if row.county_code != plan.county_code {
            return Err(ValidationError::breaking(
                Rule::PlanCounty,
                field,
                format!("矿山“{}”不在本计划所属的县（市、区）", row.name),
            )
            .into());
        }
        if row.archived || row.status == OperatingStatus::Closed.code() {
            return Err(AppError::invalid(
                field,
                format!("矿山“{}”已归档或已关闭，不能列入计划", row.name),
            ));
        }
        rows.push(row.clone());
    }
    if let Some(listed) = listed {
        return Err(one_list(field, listed.mine_id));
    }
    Ok(rows)
}

/// The mines on the close/exit list of plan `plan_id`: their partners' assessments read
/// them as gone (an integration finding lapses when its partner exits in the same plan).
pub(crate) async fn closing_mines(
    tx: &DatabaseTransaction,
    plan_id: i64,
) -> AppResult<HashSet<i64>> {
    let closures = Query::select()
        .column(plan_entry::Column::Id)
        .from(plan_entry::Entity)
        .and_where(plan_entry::Column::PlanId.eq(plan_id))
        .and_where(plan_entry::Column::Kind.eq(EntryKind::Closure.code()))
        .to_owned();
    Ok(plan_mine::Entity::find()
        .select_only()
        .column(plan_mine::Column::MineId)
        .filter(plan_mine::Column::EntryId.in_subquery(closures))
        .into_tuple::<i64>()
        .all(tx)
        .await?
        .into_iter()
        .collect())
}
