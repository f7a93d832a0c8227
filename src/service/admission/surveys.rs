//! NEW-4: a department reviewer records its own department's site-survey findings for a
//! block; a later record clears (or raises) a conflict, and every record is kept.

use entity::{block, department, survey};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set,
};

use crate::domain::access::{Action, Caller, Place};
use crate::domain::admission::Obstacle;
use crate::domain::operation::Operation;
use crate::domain::spatial::screen::Finding as ScreenFinding;
use crate::domain::text::{Lines, TextField};
use crate::error::{AppError, AppResult};
use crate::infra::writes::in_write;
use crate::service::audit::Change;
use crate::service::blocks;
use crate::service::layers::screening;
use crate::service::require;
use crate::state::AppState;

const NOTE: TextField = TextField {
    field: "note",
    label: "踏勘意见",
    max_chars: 2_000,
    lines: Lines::Multi,
};

/// What one department found.
#[derive(Debug, Clone)]
pub struct Finding {
    pub department: String,
    pub conflict: bool,
    pub obstacle: Option<Obstacle>,
    pub note: Option<String>,
}

/// `recordSurvey`: the reviewer's own department only (`FORBIDDEN` otherwise), on a block
/// its token reaches (`NOT_FOUND` otherwise); a conflict names its obstacle.
pub async fn record(
    state: &AppState,
    viewer: Option<&Caller>,
    block_id: i64,
    finding: Finding,
) -> AppResult<block::Model> {
    let caller = require(viewer)?;
    let clock = state.clock.as_ref();
    in_write(&state.db, async |tx| {
        let department_code = finding.department.trim();
        if !caller.may_ever(Action::RecordSurveys)
            || caller.department.as_deref() != Some(department_code)
        {
            return Err(AppError::Forbidden);
        }
        let block = blocks::get(tx, viewer, block_id)
            .await?
            .ok_or(AppError::NotFound("规划区块"))?;
        let places = state.places.current();
        let city = places
            .city_of_county(&block.county_code)
            .unwrap_or_default();
        if !caller.region().contains(Place {
            county: &block.county_code,
            city,
        }) {
            return Err(AppError::NotFound("规划区块"));
        }
        let participant = department::Entity::find_by_id(department_code.to_owned())
            .filter(department::Column::SurveyParticipant.eq(true))
            .one(tx)
            .await?;
        if participant.is_none() {
            return Err(AppError::invalid(
                "department",
                "该部门不在踏勘参加部门之列",
            ));
        }
        if finding.conflict && finding.obstacle.is_none() {
            return Err(AppError::invalid("obstacle", "存在冲突时须注明障碍类型"));
        }
        let note = match &finding.note {
            Some(text) => NOTE.clean(text)?,
            None => None,
        };
        let shown = shown_findings(state, tx, &block, department_code).await?;
        let recorded = survey::ActiveModel {
            block_id: Set(block.id),
            department_code: Set(department_code.to_owned()),
            conflict: Set(finding.conflict),
            obstacle: Set(finding.obstacle.map(|o| o.code().to_owned())),
            note: Set(note),
            screen_findings: Set(shown),
            recorded_by: Set(caller.sub.clone()),
            recorded_at: Set(clock.now()),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        Change::in_city(
            city,
            Operation::RecordSurvey,
            recorded.id,
            (None, Some(&recorded)),
        )
        .record(tx, clock, caller)
        .await?;
        Ok(block)
    })
    .await
}

/// The screen's findings in `department`'s field, each with its layer version, as JSON;
/// `None` for a block without a boundary (nothing could be screened).
async fn shown_findings(
    state: &AppState,
    tx: &impl ConnectionTrait,
    block: &block::Model,
    department: &str,
) -> AppResult<Option<String>> {
    let Some(screening) = screening::screen_block(state, tx, block).await? else {
        return Ok(None);
    };
    let shown: Vec<(i64, ScreenFinding)> = screening
        .findings
        .into_iter()
        .filter(|(_, finding)| finding.in_field_of(department))
        .collect();
    serde_json::to_string(&shown)
        .map(Some)
        .map_err(AppError::internal)
}

/// The findings a survey record was shown ([`shown_findings`]); `None` where none were.
pub fn shown_to(record: &survey::Model) -> AppResult<Option<Vec<(i64, ScreenFinding)>>> {
    record
        .screen_findings
        .as_deref()
        .map(|text| {
            serde_json::from_str(text).map_err(|err| {
                AppError::internal(format!("surveys row {}: screen_findings: {err}", record.id))
            })
        })
        .transpose()
}

/// Every survey record of the blocks `block_ids`, oldest first: one statement for a page
/// of blocks.
pub async fn of_blocks(
    db: &impl sea_orm::ConnectionTrait,
    block_ids: &[i64],
) -> AppResult<Vec<survey::Model>> {
    Ok(survey::Entity::find()
        .filter(survey::Column::BlockId.is_in(block_ids.iter().copied()))
        .order_by_asc(survey::Column::Id)
        .all(db)
        .await?)
}
