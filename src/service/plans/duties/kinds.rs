//! The duty kinds in force, read from their table: data, since both of the plan's lists of
//! duties end in "等".

use entity::duty_kind;
use sea_orm::{EntityTrait, QueryOrder};

use crate::domain::codes::Route;
use crate::domain::plan::duties::{Completion, DueField, DutyKind, Performer};
use crate::error::{AppError, AppResult};

/// The duty kinds in force, in their configured order.
pub async fn kinds(db: &impl sea_orm::ConnectionTrait) -> AppResult<Vec<DutyKind>> {
    duty_kind::Entity::find()
        .order_by_asc(duty_kind::Column::SortOrder)
        .all(db)
        .await?
        .into_iter()
        .map(|row| parse_kind(&row))
        .collect()
}

/// A stored duty kind, parsed; a code the domain does not know is a corrupt row.
pub(super) fn parse_kind(row: &duty_kind::Model) -> AppResult<DutyKind> {
    let bad = |column: &str, value: &str| {
        AppError::internal(format!(
            "duty_kinds row {}: column {column} holds unknown code {value:?}",
            row.code
        ))
    };
    let routes = row
        .routes
        .split(',')
        .map(|code| Route::parse(code.trim()).ok_or_else(|| bad("routes", code)))
        .collect::<AppResult<Vec<Route>>>()?;
    let due = match row.due_field.as_str() {
        "CLOSE_BY" => DueField::CloseBy,
        "RESTORATION_DUE_BY" => DueField::RestorationDueBy,
        "COMPLETE_BY" => DueField::CompleteBy,
        "SAFETY_FACILITIES_BY" => DueField::SafetyFacilitiesBy,
        "LICENCE_CHANGE_BY" => DueField::LicenceChangeBy,
        other => return Err(bad("due_field", other)),
    };
    let completes = match row.completes.as_str() {
        "RECORD" => Completion::Record,
        "CLOSES_MINE" => Completion::ClosesMine,
        "UNIFIES_GROUP" => Completion::UnifiesGroup,
        "SETS_LICENSED_SCALE" => Completion::SetsLicensedScale,
        other => return Err(bad("completes", other)),
    };
    let performer = match row.performer.as_str() {
        "HOLDER" => Performer::Holder,
        "LICENSING_AUTHORITY" => Performer::LicensingAuthority,
        "COUNTY" => Performer::County,
        other => return Err(bad("performer", other)),
    };
    Ok(DutyKind {
        code: row.code.clone(),
        name: row.name.clone(),
        routes,
        licensed_only: row.licensed_only,
        valid_licence_only: row.valid_licence_only,
        due,
        completes,
        performer,
    })
}
