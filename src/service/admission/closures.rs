//! The one query behind NEW-3's closed mines: the mines listed as closing by the plans in
//! force of a city's counties, once each, with what the counting reads of them. Admission,
//! `closureQuota` and `balanceOutlook` all count its rows through
//! [`ClosureCounting`](crate::domain::closures::ClosureCounting).

use entity::{duty, mine, plan_entry, plan_mine};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, FromQueryResult};

use crate::domain::closures::{ClosureCounting, ListedMine};
use crate::domain::codes::SeededDuty;
use crate::error::{AppError, AppResult};
use crate::service::admission::facts::{Place, counties_of};
use crate::service::in_force::in_force_ids;

#[derive(FromQueryResult)]
struct Row {
    mine_id: i64,
    county_code: String,
    licence_no: Option<String>,
    due: Option<chrono::NaiveDate>,
    cancelled_on: Option<chrono::NaiveDate>,
    cancellations: i64,
}

/// The mines of `city` that the plans in force list under the kinds `counting` reads, in
/// one statement whatever their number.
pub async fn listed_mines(
    db: &impl ConnectionTrait,
    city: &str,
    counting: ClosureCounting,
) -> AppResult<Vec<ListedMine>> {
    let kinds: Vec<&str> = counting.entry_kinds().iter().map(|k| k.code()).collect();
    let counties = counties_of(&Place::City(city));
    let query = Query::select()
        .column((plan_mine::Entity, plan_mine::Column::MineId))
        .column((mine::Entity, mine::Column::CountyCode))
        .column((mine::Entity, mine::Column::LicenceNo))
        .expr_as(
            Expr::cust("MIN(COALESCE(plan_entries.close_by, plan_entries.complete_by))"),
            Alias::new("due"),
        )
        .expr_as(
            Expr::cust("MIN(duties.done_on)"),
            Alias::new("cancelled_on"),
        )
        .expr_as(Expr::cust("COUNT(duties.id)"), Alias::new("cancellations"))
        .from(plan_mine::Entity)
        .inner_join(
            plan_entry::Entity,
            Expr::col((plan_entry::Entity, plan_entry::Column::Id))
                .equals((plan_mine::Entity, plan_mine::Column::EntryId)),
        )
        .inner_join(
            mine::Entity,
            Expr::col((mine::Entity, mine::Column::Id))
                .equals((plan_mine::Entity, plan_mine::Column::MineId)),
        )
        .left_join(
            duty::Entity,
            Expr::col((duty::Entity, duty::Column::MineId))
                .equals((plan_mine::Entity, plan_mine::Column::MineId))
                .and(
                    Expr::col((duty::Entity, duty::Column::Kind))
                        .eq(SeededDuty::LicenceCancellation.code()),
                ),
        )
        .and_where(
            Expr::col((plan_mine::Entity, plan_mine::Column::PlanId)).in_subquery(in_force_ids()),
        )
        .and_where(Expr::col((plan_entry::Entity, plan_entry::Column::Kind)).is_in(kinds))
        .and_where(Expr::col((mine::Entity, mine::Column::CountyCode)).in_subquery(counties))
        .group_by_col((plan_mine::Entity, plan_mine::Column::MineId))
        .group_by_col((mine::Entity, mine::Column::CountyCode))
        .group_by_col((mine::Entity, mine::Column::LicenceNo))
        .to_owned();
    let statement = db.get_database_backend().build(&query);
    let rows = Row::find_by_statement(statement).all(db).await?;
    rows.into_iter()
        .map(|row| {
            Ok(ListedMine {
                mine_id: row.mine_id,
                county: row.county_code,
                // A licence cancellation is a duty of licensed mines only: once it is done
                // the number may be cleared, and the mine still counts as it did.
                licensed: row.licence_no.is_some() || row.cancellations > 0,
                // Closure and group entries cannot be stored without their date.
                due: row.due.ok_or_else(|| {
                    AppError::internal(format!("listed mine {} has no due date", row.mine_id))
                })?,
                cancelled_on: row.cancelled_on,
            })
        })
        .collect()
}
