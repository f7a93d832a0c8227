//! Token revocation: a revoked `jti` is refused from the moment the revocation commits.

use entity::revoked_token;
use sea_orm::{ActiveModelTrait, DatabaseTransaction, EntityTrait, Set};

use crate::auth::tokens::TokenError;
use crate::clock::Clock;
use crate::domain::access::{Action, Caller};
use crate::domain::operation::Operation;
use crate::error::{AppError, AppResult, Conflict, Unauthenticated};
use crate::infra::revocations;
use crate::infra::writes::{in_write, on_duplicate};
use crate::service::audit::{self, Change};
use crate::service::{permitted, require, required_reason};
use crate::state::AppState;

/// Revokes `jti` (city admin only); a second revocation of the same id is a `CONFLICT`.
/// This instance refuses the token as soon as the revocation commits, the others as soon
/// as they hear of it.
pub async fn revoke(
    state: &AppState,
    viewer: Option<&Caller>,
    jti: &str,
    reason: &str,
) -> AppResult<()> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    in_write(&state.db, async |tx| {
        revoke_in(tx, clock, caller, jti, reason).await
    })
    .await?;
    state.revocations.add(jti.trim());
    Ok(())
}

/// [`revoke`] inside the caller's open transaction.
pub async fn revoke_in(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    caller: &Caller,
    jti: &str,
    reason: &str,
) -> AppResult<()> {
    permitted(caller, Action::RevokeTokens)?;
    let jti = jti.trim();
    if jti.is_empty() {
        return Err(AppError::invalid("jti", "须填写令牌编号"));
    }
    let reason = required_reason(reason, "reason")?;
    if revoked_token::Entity::find_by_id(jti.to_owned())
        .one(tx)
        .await?
        .is_some()
    {
        return Err(already_revoked());
    }
    let row = revoked_token::ActiveModel {
        jti: Set(jti.to_owned()),
        reason: Set(reason.clone()),
        revoked_by: Set(caller.sub.clone()),
        revoked_at: Set(clock.now()),
    };
    // A concurrent revocation of the same id loses at the primary key: still a duplicate.
    row.insert(tx)
        .await
        .map_err(|err| on_duplicate(err, already_revoked))?;
    revocations::announce(tx, jti).await?;
    let after = serde_json::json!({ "jti": jti, "reason": reason });
    audit::record(
        tx,
        clock,
        caller,
        Change {
            city_code: None,
            operation: Operation::RevokeToken,
            entity: Operation::RevokeToken.entity(),
            entity_id: jti.to_owned(),
            before: None,
            after: Some(&after),
        },
    )
    .await?;
    Ok(())
}

fn already_revoked() -> AppError {
    AppError::Conflict(Conflict::TokenRevoked)
}

/// Longest `Authorization` header read: a real bearer token is well under 1 KiB, and a
/// longer one is refused before any parsing.
pub const MAX_AUTHORIZATION_BYTES: usize = 4 * 1024;

/// Resolves an `Authorization` header to a caller: `None` for no header (an anonymous
/// reader); `UNAUTHENTICATED` for anything but a valid, unrevoked bearer token whose claims
/// name real places. Never a silent downgrade to anonymous.
pub async fn authenticate(state: &AppState, header: Option<&str>) -> AppResult<Option<Caller>> {
    let Some(header) = header else {
        return Ok(None);
    };
    if header.len() > MAX_AUTHORIZATION_BYTES {
        tracing::info!(
            bytes = header.len(),
            "oversized Authorization header refused"
        );
        return Err(AppError::Unauthenticated(Unauthenticated::Malformed));
    }
    let token = header
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, token)| token.trim())
        .filter(|token| !token.is_empty())
        .ok_or_else(|| {
            tracing::info!("Authorization header without a bearer token refused");
            AppError::Unauthenticated(Unauthenticated::Malformed)
        })?;
    let caller = state.tokens.verify(token).map_err(|err| {
        tracing::info!(error = %err, "token refused");
        AppError::Unauthenticated(match err {
            TokenError::Expired => Unauthenticated::Expired,
            TokenError::OtherKey => Unauthenticated::OtherKey,
            _ => Unauthenticated::Invalid,
        })
    })?;
    let caller = state.places.current().resolve(caller).map_err(|err| {
        tracing::info!(error = %err, "token naming no real place refused");
        AppError::Unauthenticated(Unauthenticated::Invalid)
    })?;
    if state.revocations.is_revoked(&caller.jti) {
        tracing::info!(jti = %caller.jti, "revoked token refused");
        return Err(AppError::Unauthenticated(Unauthenticated::Revoked));
    }
    Ok(Some(caller))
}
