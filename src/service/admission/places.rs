//! The counters of places held in the closure balance and the planning caps.
//!
//! A place is taken by one conditional update per counter (`… WHERE held < limit`), so no
//! interleaving of concurrent takers can pass a limit on either database. A place is given
//! back by an unconditional decrement, which is right only because every caller first
//! moves its entry out of the place-holding state with a conditional update of its own
//! (see [`super::entries`]): of concurrent give-backs of one entry, exactly one gets that
//! far.

use entity::{place_held, transfer_entry};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, DatabaseTransaction, EntityTrait, QueryFilter, Set};

use crate::domain::outcome::holds_scale;
use crate::domain::quota::Limits;
use crate::domain::rule::Rule;
use crate::error::{AppError, AppResult};
use crate::service::admission::facts::{balance_scope, cap_scope};

/// `ADMISSION_REFUSED` for the rules `failed`, with what they found.
pub fn refused(failed: Vec<Rule>, details: Vec<String>) -> AppError {
    AppError::AdmissionRefused {
        message: format!(
            "不符合出让计划准入条件（{}）：{}",
            failed
                .iter()
                .map(|rule| rule.code())
                .collect::<Vec<_>>()
                .join("、"),
            details.join("；")
        ),
        failed,
        entries: Vec::new(),
    }
}

/// Makes sure the counter rows of `scopes` exist.
async fn ensure_counters(tx: &DatabaseTransaction, scopes: &[String]) -> AppResult<()> {
    for scope in scopes {
        place_held::Entity::insert(place_held::ActiveModel {
            scope: Set(scope.clone()),
            new_mines: Set(0),
            scale: Set(0.0),
        })
        .on_conflict(
            OnConflict::column(place_held::Column::Scope)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(tx)
        .await?;
    }
    Ok(())
}

/// Takes one new-mine place of `scope`, only while fewer than `limit` are held when a
/// limit applies; whether it was taken.
async fn take_mine(tx: &DatabaseTransaction, scope: &str, limit: Option<u32>) -> AppResult<bool> {
    let mut update = place_held::Entity::update_many()
        .col_expr(
            place_held::Column::NewMines,
            Expr::col(place_held::Column::NewMines).add(1),
        )
        .filter(place_held::Column::Scope.eq(scope));
    if let Some(limit) = limit {
        update = update.filter(place_held::Column::NewMines.lt(i64::from(limit)));
    }
    Ok(update.exec(tx).await?.rows_affected == 1)
}

/// Takes `scale` of `scope`, only while the total stays within `room` when a cap applies.
async fn take_scale(
    tx: &DatabaseTransaction,
    scope: &str,
    scale: f64,
    room: Option<f64>,
) -> AppResult<bool> {
    let mut update = place_held::Entity::update_many()
        .col_expr(
            place_held::Column::Scale,
            Expr::col(place_held::Column::Scale).add(scale),
        )
        .filter(place_held::Column::Scope.eq(scope));
    if let Some(room) = room {
        update = update.filter(Expr::col(place_held::Column::Scale).add(scale).lte(room));
    }
    Ok(update.exec(tx).await?.rows_affected == 1)
}

/// The counters a place of a `mineral` block in `county` of `city` is taken from, in the
/// one order every taker takes them (so none waits on another in a cycle): the city's and
/// the county's balance, then the mineral's city-wide and county cap.
pub fn scopes(city: &str, county: &str, mineral: &str) -> [String; 4] {
    [
        balance_scope(city),
        balance_scope(county),
        cap_scope(mineral, city),
        cap_scope(mineral, county),
    ]
}

/// Takes a place for `scale` 万吨/年 in `scopes` within `limits`, or refuses with the
/// first limit a concurrent taker left no room in (the caller's transaction then rolls
/// back whatever was taken).
pub async fn take(
    tx: &DatabaseTransaction,
    scopes: &[String; 4],
    limits: &Limits,
    scale: f64,
) -> AppResult<()> {
    ensure_counters(tx, scopes).await?;
    if !take_mine(tx, &scopes[0], limits.city_mines).await? {
        return Err(refused(
            vec![Rule::New3],
            vec!["全市新设矿山已达关闭矿山数量（关设并举）".into()],
        ));
    }
    if !take_mine(tx, &scopes[1], limits.county_mines).await? {
        return Err(refused(
            vec![Rule::New3],
            vec!["本县新设矿山已达关闭矿山数量".into()],
        ));
    }
    for (scope, room) in [
        (&scopes[2], limits.city_scale),
        (&scopes[3], limits.county_scale),
    ] {
        if !take_scale(tx, scope, scale, room).await? {
            return Err(refused(
                vec![Rule::New2],
                vec!["矿种规划总量上限已满".into()],
            ));
        }
    }
    Ok(())
}

/// Gives back what `entry` held (a withdrawal, an unsold block); the caller has moved the
/// entry out of holding a place by a conditional update in the same transaction.
pub async fn give_back(
    tx: &DatabaseTransaction,
    entry: &transfer_entry::Model,
    city: &str,
) -> AppResult<()> {
    let [city_balance, county_balance, ..] = scopes(city, &entry.county_code, &entry.mineral_code);
    for scope in [city_balance, county_balance] {
        place_held::Entity::update_many()
            .col_expr(
                place_held::Column::NewMines,
                Expr::col(place_held::Column::NewMines).sub(1),
            )
            .filter(place_held::Column::Scope.eq(scope))
            .exec(tx)
            .await?;
    }
    if holds_scale(true, entry.mine_id.is_some()) {
        release_scale(tx, entry, city).await?;
    }
    Ok(())
}

/// Gives back the designed scale `entry` holds against the caps: when it leaves, or when
/// its mine is registered and the mine's own production counts instead. The caller has
/// moved the entry by a conditional update in the same transaction.
pub async fn release_scale(
    tx: &DatabaseTransaction,
    entry: &transfer_entry::Model,
    city: &str,
) -> AppResult<()> {
    let [.., city_cap, county_cap] = scopes(city, &entry.county_code, &entry.mineral_code);
    for scope in [city_cap, county_cap] {
        place_held::Entity::update_many()
            .col_expr(
                place_held::Column::Scale,
                Expr::col(place_held::Column::Scale).sub(entry.designed_scale),
            )
            .filter(place_held::Column::Scope.eq(scope))
            .exec(tx)
            .await?;
    }
    Ok(())
}
