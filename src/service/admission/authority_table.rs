//! `setMineralAuthority`: the city admin corrects the authority table (NEW-6) when the
//! province's notice changes or our seeded reading of it is wrong. The table is read by
//! every admission in the database, so the change is audited with its reason, and every
//! instance reloads its catalogue once it commits.
//!
//! An entry already admitted keeps the authority it was admitted under; an entry still
//! standing is checked against the corrected table when the year or its batch is approved
//! (docs/rules.md, NEW-6).

use entity::mineral;
use sea_orm::{ActiveModelTrait, EntityTrait, QuerySelect, Set};
use serde::Serialize;

use crate::domain::access::{Action, Caller};
use crate::domain::authority::{Authority, MineralAuthority};
use crate::domain::operation::Operation;
use crate::domain::text::TextField;
use crate::error::AppResult;
use crate::infra::places::announce_reference_change;
use crate::infra::writes::in_write;
use crate::service::admission::facts::mineral_authority;
use crate::service::audit::Change;
use crate::service::reference::unknown_mineral;
use crate::service::{permitted, require};
use crate::state::AppState;

const REASON: TextField = TextField::single("reason", "更正理由", 500);

/// One corrected row of the table, as the city admin gives it.
pub struct AuthorityCorrection {
    /// Who transfers the mineral by default.
    pub authority: Authority,
    /// The province may delegate a block of it to the city.
    pub delegable: bool,
    /// A small deposit of it is the county's.
    pub county_when_small: bool,
    /// Why (the notice or the error corrected).
    pub reason: String,
}

/// The row's image on the audit trail.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Image<'a> {
    mineral_code: &'a str,
    transfer_authority: &'a str,
    delegable: bool,
    county_when_small: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

impl<'a> Image<'a> {
    fn of(row: &'a mineral::Model, reason: Option<&'a str>) -> Self {
        Self {
            mineral_code: &row.code,
            transfer_authority: &row.transfer_authority,
            delegable: row.delegable,
            county_when_small: row.county_when_small,
            reason,
        }
    }
}

/// `setMineralAuthority`: the mineral's row as corrected.
pub async fn correct(
    state: &AppState,
    viewer: Option<&Caller>,
    mineral_code: &str,
    correction: AuthorityCorrection,
) -> AppResult<mineral::Model> {
    let caller = require(viewer)?;
    permitted(caller, Action::ChangeStandards)?;
    let table = MineralAuthority::corrected(
        correction.authority,
        correction.delegable,
        correction.county_when_small,
    )?;
    let reason = REASON.required(&correction.reason)?;
    let clock = state.clock.as_ref();
    let after = in_write(&state.db, async |tx| {
        let before = mineral::Entity::find_by_id(mineral_code.to_owned())
            .lock_exclusive()
            .one(tx)
            .await?
            .ok_or_else(|| unknown_mineral(mineral_code))?;
        if mineral_authority(&before)? == table {
            return Ok(before);
        }
        let mut change: mineral::ActiveModel = before.clone().into();
        change.transfer_authority = Set(table.authority.code().to_owned());
        change.delegable = Set(table.delegable);
        change.county_when_small = Set(table.county_when_small);
        let after = change.update(tx).await?;
        let images = (
            Some(&Image::of(&before, None)),
            Some(&Image::of(&after, Some(&reason))),
        );
        Change::new(None, Operation::SetMineralAuthority, &after.code, images)
            .record(tx, clock, caller)
            .await?;
        announce_reference_change(tx).await?;
        Ok(after)
    })
    .await?;
    // The correction has committed: a failed reload must not report it as failed.
    state.places.clone().reload_logged(state.db.clone()).await;
    Ok(after)
}
