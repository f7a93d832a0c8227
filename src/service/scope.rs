//! Query pieces every scoped list shares: restricting rows to the reader's region, and the
//! free-text search over a few columns.

use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr, Query};
use sea_orm::{ColumnTrait, Condition, EntityTrait, QueryFilter, Select};

use entity::county;

use crate::domain::access::{Action, Caller, Region};
use crate::error::{AppError, AppResult};
use crate::service::reference::{self, place_of};

/// Restricts a query of a table with a county column to a region.
pub fn scoped<E: EntityTrait>(query: Select<E>, county: E::Column, region: &Region) -> Select<E> {
    query.filter(in_region(county, region))
}

/// Rows whose county column lies in `region`.
pub fn in_region<C: ColumnTrait>(county: C, region: &Region) -> Condition {
    match region {
        Region::Everywhere => Condition::all(),
        Region::County(code) => Condition::all().add(county.eq(code.clone())),
        Region::City(city) => Condition::all().add(
            county.in_subquery(
                Query::select()
                    .column(entity::county::Column::Code)
                    .from(entity::county::Entity)
                    .and_where(entity::county::Column::CityCode.eq(city.clone()))
                    .to_owned(),
            ),
        ),
    }
}

/// Rows where any of `columns` contains `search` literally (`%` and `_` match themselves);
/// a blank search matches everything. The term was bounded by [`crate::domain::text::SEARCH`].
pub fn matching<C: ColumnTrait>(search: &str, columns: impl IntoIterator<Item = C>) -> Condition {
    let search = search.trim();
    if search.is_empty() {
        return Condition::all();
    }
    let pattern = format!(
        "%{}%",
        search
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_")
    );
    columns.into_iter().fold(Condition::any(), |any, column| {
        any.add(Expr::col(column).like(LikeExpr::new(pattern.clone()).escape('\\')))
    })
}

/// `FORBIDDEN` unless `caller` may do `action` in `county`.
pub fn authorise(caller: &Caller, action: Action, county: &county::Model) -> AppResult<()> {
    if caller.may(action, place_of(county)) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Authorisation before rules: a known county outside the caller's scope is `FORBIDDEN`
/// whatever else is wrong with the input (an unknown one is left to validation).
pub async fn ensure_known_county_allows(
    db: &impl sea_orm::ConnectionTrait,
    caller: &Caller,
    action: Action,
    county_code: &str,
) -> AppResult<()> {
    match reference::county(db, county_code.trim()).await? {
        Some(county) => authorise(caller, action, &county),
        None => Ok(()),
    }
}
