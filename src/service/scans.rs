//! Stamped scans: a PDF, JPEG or PNG attached to the record it belongs to (a
//! plan revision, a survey record, a duty), kept in the database (so every instance
//! serves it) with its SHA-256 in the audit trail. Who may attach: whoever may edit the
//! record's plan (plans and duties), or the surveying department's reviewers (surveys).
//! Who may list and download: whoever reads the record's plan in full, and for a survey
//! also its department's reviewers; anyone else is told it does not exist.

use entity::{block, county_plan, duty, scan, scan_content, survey};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use sha2::{Digest, Sha256};

use crate::domain::access::{Action, Caller, Role};
use crate::domain::codes::ScanRecord;
use crate::domain::operation::Operation;
use crate::domain::scan::{ScanType, check as check_scan, stored_name};
use crate::domain::text::{Lines, TextField};
use crate::error::{AppError, AppResult};
use crate::infra::dialect;
use crate::infra::writes::in_write;
use crate::service::audit::Change;
use crate::service::plans::reading::{full_region, reads_in_full};
use crate::service::require;
use crate::service::scope::authorise;
use crate::service::uploads::Upload;
use crate::state::AppState;

const NOT_FOUND: &str = "记录";
const FILE_NAME: TextField = TextField {
    field: "file",
    label: "文件名",
    max_chars: 200,
    lines: Lines::Single,
};

/// Where a record lies: its county, and for a survey record its department.
struct Owner {
    county: String,
    department: Option<String>,
}

async fn owner(db: &impl ConnectionTrait, record: ScanRecord, id: i64) -> AppResult<Option<Owner>> {
    Ok(match record {
        ScanRecord::PlanRevision => {
            county_plan::Entity::find_by_id(id)
                .one(db)
                .await?
                .map(|p| Owner {
                    county: p.county_code,
                    department: None,
                })
        }
        ScanRecord::Duty => duty::Entity::find_by_id(id).one(db).await?.map(|d| Owner {
            county: d.county_code,
            department: None,
        }),
        ScanRecord::SurveyRecord => match survey::Entity::find_by_id(id).one(db).await? {
            None => None,
            Some(record) => block::Entity::find_by_id(record.block_id)
                .one(db)
                .await?
                .map(|b| Owner {
                    county: b.county_code,
                    department: Some(record.department_code),
                }),
        },
    })
}

/// Whether `caller` is a reviewer of the survey's department whose scope holds its county.
fn surveyed_by(state: &AppState, caller: &Caller, owner: &Owner) -> bool {
    caller.role == Role::DepartmentReviewer
        && caller.department.is_some()
        && caller.department == owner.department
        && state
            .places
            .catalogue()
            .county(&owner.county)
            .is_some_and(|county| authorise(caller, Action::RecordSurveys, county).is_ok())
}

fn may_read(state: &AppState, viewer: Option<&Caller>, owner: &Owner) -> bool {
    reads_in_full(state, full_region(viewer).as_ref(), &owner.county)
        || viewer.is_some_and(|caller| surveyed_by(state, caller, owner))
}

fn may_attach(state: &AppState, caller: &Caller, record: ScanRecord, owner: &Owner) -> bool {
    match record {
        ScanRecord::SurveyRecord => surveyed_by(state, caller, owner),
        _ => state
            .places
            .catalogue()
            .county(&owner.county)
            .is_some_and(|county| authorise(caller, Action::WritePlans, county).is_ok()),
    }
}

/// Bytes of scans held so far by the record and brought by the official.
async fn held(
    db: &impl ConnectionTrait,
    (record, record_id): (ScanRecord, i64),
    official: &str,
) -> AppResult<(u64, u64)> {
    let sum = |filter: sea_orm::Condition| {
        scan::Entity::find()
            .select_only()
            // PostgreSQL sums BIGINT as NUMERIC: cast back, on both databases alike.
            .column_as(
                Expr::cust("CAST(COALESCE(SUM(size_bytes), 0) AS BIGINT)"),
                "bytes",
            )
            .filter(filter)
            .into_tuple::<i64>()
            .one(db)
    };
    let of_record = sum(sea_orm::Condition::all()
        .add(scan::Column::RecordType.eq(record.code()))
        .add(scan::Column::RecordId.eq(record_id)))
    .await?;
    let of_official =
        sum(sea_orm::Condition::all().add(scan::Column::UploadedBy.eq(official))).await?;
    let bytes = |sum: Option<i64>| sum.map_or(0, |b| u64::try_from(b).unwrap_or(0));
    Ok((bytes(of_record), bytes(of_official)))
}

/// Takes a transaction lock per key (a no-op where the single writer serialises), in the order given (every attach gives
/// the record's, then the official's), so that two uploads counting one quota count one
/// after the other; SQLite's single writer already does.
async fn hold_quota_locks(tx: &DatabaseTransaction, keys: &[String]) -> AppResult<()> {
    for key in keys {
        dialect::lock_key(tx, key).await?;
    }
    Ok(())
}

/// `attachScan`: keeps the uploaded file with the record, under the stored-name and quota
/// rules of [`crate::domain::scan`].
pub async fn attach(
    state: &AppState,
    viewer: Option<&Caller>,
    (record, record_id): (ScanRecord, i64),
    upload: Upload,
) -> AppResult<scan::Model> {
    let caller = require(viewer)?;
    let owner = owner(&state.db, record, record_id)
        .await?
        .filter(|owner| may_read(state, viewer, owner) || may_attach(state, caller, record, owner))
        .ok_or(AppError::NotFound(NOT_FOUND))?;
    if !may_attach(state, caller, record, &owner) {
        return Err(AppError::Forbidden);
    }
    let (_pass, file_name, content) = upload.admitted(state).await?;
    let file_name = FILE_NAME.required(&file_name)?;
    let kind = check_scan(&file_name, &content)?;
    let file_name = stored_name(&file_name, kind);
    let sha256 = hex::encode(Sha256::digest(&content));
    let clock = state.clock.as_ref();
    let size = content.len() as u64;
    in_write(&state.db, async |tx| {
        // Counted in the writing transaction: SQLite's writer lock serialises the counts,
        // and on PostgreSQL the record's and the official's quota locks do.
        let record_key = format!("scan-record:{}:{record_id}", record.code());
        let official_key = format!("scan-official:{}", caller.sub);
        hold_quota_locks(tx, &[record_key, official_key]).await?;
        let (of_record, of_official) = held(tx, (record, record_id), &caller.sub).await?;
        state.scan_quota.admit(size, of_record, of_official)?;
        let stored = scan::ActiveModel {
            record_type: Set(record.code().into()),
            record_id: Set(record_id),
            county_code: Set(owner.county.clone()),
            file_name: Set(file_name.clone()),
            content_type: Set(kind.mime().into()),
            size_bytes: Set(i64::try_from(content.len()).unwrap_or(i64::MAX)),
            sha256: Set(sha256.clone()),
            uploaded_by: Set(caller.sub.clone()),
            uploaded_at: Set(clock.now()),
            ..Default::default()
        }
        .insert(tx)
        .await?;
        scan_content::ActiveModel {
            scan_id: Set(stored.id),
            content: Set(content),
        }
        .insert(tx)
        .await?;
        let city = state
            .places
            .current()
            .city_of_county(&owner.county)
            .unwrap_or_default()
            .to_owned();
        Change::in_city(
            &city,
            Operation::AttachScan,
            stored.id,
            (None, Some(&stored)),
        )
        .record(tx, clock, caller)
        .await?;
        Ok(stored)
    })
    .await
}

/// The scans of a record the viewer may read, oldest first (`NOT_FOUND` otherwise).
pub async fn list(
    state: &AppState,
    viewer: Option<&Caller>,
    (record, record_id): (ScanRecord, i64),
) -> AppResult<Vec<scan::Model>> {
    owner(&state.db, record, record_id)
        .await?
        .filter(|owner| may_read(state, viewer, owner))
        .ok_or(AppError::NotFound(NOT_FOUND))?;
    Ok(scan::Entity::find()
        .filter(scan::Column::RecordType.eq(record.code()))
        .filter(scan::Column::RecordId.eq(record_id))
        .order_by_asc(scan::Column::Id)
        .all(&state.db)
        .await?
        .into_iter()
        .map(served)
        .collect())
}

/// A scan as it is served: named with its type's extension (scans kept before names were
/// corrected on the way in are corrected on the way out).
fn served(mut stored: scan::Model) -> scan::Model {
    if let Some(kind) = ScanType::from_mime(&stored.content_type) {
        stored.file_name = stored_name(&stored.file_name, kind);
    }
    stored
}

/// A scan and its bytes, when the viewer may read its record (`NOT_FOUND` otherwise).
pub async fn download(
    state: &AppState,
    viewer: Option<&Caller>,
    id: i64,
) -> AppResult<(scan::Model, Vec<u8>)> {
    let stored = scan::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or(AppError::NotFound("扫描件"))?;
    let record = ScanRecord::parse(&stored.record_type).ok_or_else(|| {
        AppError::internal(format!("scan {id} has record type {}", stored.record_type))
    })?;
    owner(&state.db, record, stored.record_id)
        .await?
        .filter(|owner| may_read(state, viewer, owner))
        .ok_or(AppError::NotFound("扫描件"))?;
    let content = scan_content::Entity::find_by_id(id)
        .one(&state.db)
        .await?
        .ok_or_else(|| AppError::internal(format!("scan {id} has no content")))?;
    Ok((served(stored), content.content))
}
