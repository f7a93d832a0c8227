//! Leases over the shared database: work that one instance at a time does for every
//! instance (the stored assessments' daily catch-up). A claim is one upsert that succeeds
//! when the lease is free, lapsed, or already this holder's, so two instances racing for it
//! cannot both win; a holder that dies lets it lapse by itself.

use std::sync::LazyLock;
use std::time::Duration;

use chrono::{DateTime, Utc};
use entity::lease;
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

use crate::error::{AppError, AppResult};

/// This process's holder id: leases it claims are told apart from another instance's.
pub static HOLDER: LazyLock<String> = LazyLock::new(|| uuid::Uuid::new_v4().to_string());

/// Claims (or renews) the lease `name` for `holder` until `now + ttl`; whether it is now
/// the holder's.
pub async fn claim(
    db: &impl ConnectionTrait,
    name: &str,
    holder: &str,
    now: DateTime<Utc>,
    ttl: Duration,
) -> AppResult<bool> {
    let until = now + chrono::Duration::from_std(ttl).map_err(AppError::internal)?;
    let row = lease::ActiveModel {
        name: Set(name.to_owned()),
        holder: Set(holder.to_owned()),
        until: Set(until),
    };
    let taken = lease::Entity::insert(row)
        .on_conflict(
            OnConflict::column(lease::Column::Name)
                .update_columns([lease::Column::Holder, lease::Column::Until])
                .action_and_where(
                    Expr::col((lease::Entity, lease::Column::Until))
                        .lt(now)
                        .or(Expr::col((lease::Entity, lease::Column::Holder)).eq(holder)),
                )
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(taken == 1)
}

/// Gives the lease back, if `holder` holds it, so that another instance need not wait for
/// it to lapse.
pub async fn release(db: &impl ConnectionTrait, name: &str, holder: &str) -> AppResult<()> {
    lease::Entity::delete_many()
        .filter(lease::Column::Name.eq(name))
        .filter(lease::Column::Holder.eq(holder))
        .exec(db)
        .await?;
    Ok(())
}

/// Whether anyone holds the lease `name` at `now`.
pub async fn held(db: &impl ConnectionTrait, name: &str, now: DateTime<Utc>) -> AppResult<bool> {
    Ok(lease::Entity::find()
        .filter(lease::Column::Name.eq(name))
        .filter(lease::Column::Until.gt(now))
        .one(db)
        .await?
        .is_some())
}
