//! Token revocation: a revoked `jti` is refused from the moment the revocation commits.

use chrono::Utc;
use entity::{city, revoked_token};
use sea_orm::{ActiveModelTrait, DatabaseConnection, EntityTrait, QuerySelect, Set};

use crate::db::begin_write;
use crate::domain::access::{Caller, Role, may_revoke_tokens};
use crate::error::{AppError, AppResult};
use crate::service::audit::{self, Change};
use crate::service::{require, required_reason};

/// Revokes `jti` (city admin only); a second revocation of the same id is a `CONFLICT`.
pub async fn revoke(
    db: &DatabaseConnection,
    viewer: Option<&Caller>,
    jti: &str,
    reason: &str,
) -> AppResult<()> {
    let caller = require(viewer)?;
    if !may_revoke_tokens(caller) {
        return Err(AppError::Forbidden);
    }
    let jti = jti.trim();
    if jti.is_empty() {
        return Err(AppError::invalid("jti", "须填写令牌编号"));
    }
    let reason = required_reason(reason, "reason")?;
    let tx = begin_write(db).await?;
    if revoked_token::Entity::find_by_id(jti.to_owned())
        .one(&tx)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict("该令牌已被吊销".into()));
    }
    let row = revoked_token::ActiveModel {
        jti: Set(jti.to_owned()),
        reason: Set(reason.clone()),
        revoked_by: Set(caller.sub.clone()),
        revoked_at: Set(Utc::now()),
    };
    // A concurrent revocation of the same id loses at the primary key: still a duplicate.
    row.insert(&tx).await.map_err(|err| match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => {
            AppError::Conflict("该令牌已被吊销".into())
        }
        _ => AppError::Db(err),
    })?;
    let after = serde_json::json!({ "jti": jti, "reason": reason });
    audit::record(
        &tx,
        caller,
        Change {
            city_code: None,
            operation: "revokeToken",
            entity: "Token",
            entity_id: jti.to_owned(),
            before: None,
            after: Some(&after),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether `jti` has been revoked.
pub async fn is_revoked(db: &DatabaseConnection, jti: &str) -> AppResult<bool> {
    Ok(revoked_token::Entity::find_by_id(jti.to_owned())
        .one(db)
        .await?
        .is_some())
}

/// Resolves an `Authorization` header to a caller: `None` for no header (an anonymous
/// reader); `UNAUTHENTICATED` for anything but a valid, unrevoked bearer token. Never a
/// silent downgrade to anonymous.
pub async fn authenticate(
    db: &DatabaseConnection,
    issuer: &crate::auth::TokenIssuer,
    header: Option<&str>,
) -> AppResult<Option<Caller>> {
    let Some(header) = header else {
        return Ok(None);
    };
    let token = header
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|token| !token.is_empty())
        .ok_or(AppError::Unauthenticated)?;
    let caller = issuer.verify(token).map_err(|err| {
        tracing::info!(error = %err, "token refused");
        AppError::Unauthenticated
    })?;
    if is_revoked(db, &caller.jti).await? {
        tracing::info!(jti = %caller.jti, "revoked token refused");
        return Err(AppError::Unauthenticated);
    }
    Ok(Some(with_city(db, caller).await?))
}

/// The `city` claim is optional while the deployment holds one city: a city role's token
/// without it is read as that city, and refused once there are several (so it can never
/// reach every city by omission).
async fn with_city(db: &DatabaseConnection, mut caller: Caller) -> AppResult<Caller> {
    if caller.city.is_some() || !matches!(caller.role, Role::CityAdmin | Role::CityApprover) {
        return Ok(caller);
    }
    let cities = city::Entity::find().limit(2).all(db).await?;
    match cities.as_slice() {
        [only] => {
            caller.city = Some(only.code.clone());
            Ok(caller)
        }
        _ => {
            tracing::info!(sub = %caller.sub, "city role without a city claim in a multi-city deployment");
            Err(AppError::Unauthenticated)
        }
    }
}
