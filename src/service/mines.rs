//! The mine registry's use cases: create, update (optimistic `version`), archive, read, list.

use chrono::Utc;
use entity::mine;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select, Set,
};

use crate::db::begin_write;
use crate::domain::ValidationError;
use crate::domain::access::{Caller, Region, may_write_mine, mine_read_region, writes_mines};
use crate::domain::assessment::{Assessment, Disposition};
use crate::domain::codes::OperatingStatus;
use crate::domain::mine::{MineDraft, MineFacts};
use crate::domain::page::PageRequest;
use crate::error::{AppError, AppResult};
use crate::service::assessment::{assess_rows, today};
use crate::service::audit::{self, Change};
use crate::service::mine_rows::{draft_of, set_facts};
use crate::service::reference::{CountyPlace, county_place, mineral_exists};
use crate::service::{require, required_reason, standards};

const ENTITY: &str = "Mine";
const NOT_FOUND: &str = "矿山";

/// Filters of `mines`.
#[derive(Debug, Clone, Default)]
pub struct MineFilter {
    pub county_code: Option<String>,
    pub mineral_code: Option<String>,
    pub status: Option<OperatingStatus>,
    pub search: Option<String>,
    pub include_archived: bool,
    /// Only mines whose default disposition today is this one.
    pub disposition: Option<Disposition>,
    /// Only mines with a (decisive) finding of this rule ID today.
    pub rule_id: Option<String>,
}

impl MineFilter {
    /// Whether the filter needs today's assessment of each candidate.
    fn by_assessment(&self) -> bool {
        self.disposition.is_some() || self.rule_id.is_some()
    }

    fn matches(&self, assessment: &Assessment) -> bool {
        self.disposition.is_none_or(|d| assessment.disposition == d)
            && self.rule_id.as_deref().is_none_or(|rule| {
                assessment
                    .findings
                    .iter()
                    .any(|f| f.rule_id == rule && !f.advisory)
            })
    }
}

/// One page of mines in id order.
pub struct MinePage {
    pub rows: Vec<mine::Model>,
    pub has_next: bool,
}

/// Registers a mine in a county the caller may write.
pub async fn create(
    db: &DatabaseConnection,
    viewer: Option<&Caller>,
    draft: MineDraft,
) -> AppResult<mine::Model> {
    let caller = require(viewer)?;
    if !writes_mines(caller.role) {
        return Err(AppError::Forbidden);
    }
    // Authorisation before rules: a known county outside the caller's scope is FORBIDDEN
    // whatever else is wrong with the input.
    if let Some(place) = county_place(db, draft.county_code.trim()).await?
        && !may_write_mine(caller, place.place())
    {
        return Err(AppError::Forbidden);
    }
    let facts = MineFacts::parse(draft)?;
    let place = writable_place(db, caller, &facts).await?;
    let tx = begin_write(db).await?;
    ensure_licence_free(&tx, facts.licence_no.as_deref(), None).await?;
    let now = Utc::now();
    let mut row = mine::ActiveModel {
        version: Set(1),
        archived: Set(false),
        archived_reason: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    set_facts(&mut row, &facts);
    let created = row.insert(&tx).await.map_err(duplicate_licence)?;
    tracing::info!(mine = created.id, county = %place.code, "mine created");
    audit::record(
        &tx,
        caller,
        change("createMine", &created, None, Some(&created)),
    )
    .await?;
    tx.commit().await?;
    Ok(created)
}

/// Applies `patch` to the mine at `version`; a stale version is a `CONFLICT`.
pub async fn update(
    db: &DatabaseConnection,
    viewer: Option<&Caller>,
    id: i64,
    version: i32,
    patch: impl FnOnce(MineDraft) -> Result<MineDraft, ValidationError>,
) -> AppResult<mine::Model> {
    let caller = require(viewer)?;
    let tx = begin_write(db).await?;
    let before = load_writable(&tx, caller, id).await?;
    if before.archived {
        return Err(AppError::Conflict("已归档的矿山不能修改".into()));
    }
    if before.version != version {
        return Err(stale(before.version));
    }
    let facts = MineFacts::parse(patch(draft_of(&before)?)?)?;
    writable_place(&tx, caller, &facts).await?;
    ensure_licence_free(&tx, facts.licence_no.as_deref(), Some(id)).await?;
    let mut row: mine::ActiveModel = before.clone().into();
    set_facts(&mut row, &facts);
    row.version = Set(version + 1);
    row.updated_at = Set(Utc::now());
    let after = save_if_version(&tx, row, id, version).await?;
    audit::record(
        &tx,
        caller,
        change("updateMine", &after, Some(&before), Some(&after)),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Archives a mine (never a hard delete); it leaves lists unless `includeArchived`.
pub async fn archive(
    db: &DatabaseConnection,
    viewer: Option<&Caller>,
    id: i64,
    reason: &str,
) -> AppResult<mine::Model> {
    let caller = require(viewer)?;
    let tx = begin_write(db).await?;
    let before = load_writable(&tx, caller, id).await?;
    if before.archived {
        return Err(AppError::Conflict("该矿山已归档".into()));
    }
    let reason = required_reason(reason, "reason")?;
    let mut row: mine::ActiveModel = before.clone().into();
    row.archived = Set(true);
    row.archived_reason = Set(Some(reason));
    row.version = Set(before.version + 1);
    row.updated_at = Set(Utc::now());
    let after = save_if_version(&tx, row, id, before.version).await?;
    audit::record(
        &tx,
        caller,
        change("archiveMine", &after, Some(&before), Some(&after)),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// A mine the viewer may read, else `None` (out-of-scope reads never leak).
pub async fn get(
    db: &DatabaseConnection,
    viewer: Option<&Caller>,
    id: i64,
) -> AppResult<Option<mine::Model>> {
    let Some(region) = mine_read_region(viewer) else {
        return Ok(None);
    };
    Ok(scoped(mine::Entity::find_by_id(id), &region)
        .one(db)
        .await?)
}

/// A page of the mines the viewer may read that match `filter`.
pub async fn list(
    db: &DatabaseConnection,
    viewer: Option<&Caller>,
    filter: &MineFilter,
    page: PageRequest,
) -> AppResult<MinePage> {
    let Some(query) = visible(viewer, filter) else {
        return Ok(MinePage {
            rows: Vec::new(),
            has_next: false,
        });
    };
    let query = match page.after {
        Some(after) => query.filter(mine::Column::Id.gt(after)),
        None => query,
    };
    let mut rows = if filter.by_assessment() {
        // The assessment is computed, not stored: assess the candidates, then page.
        let mut matches = assessed_matches(db, query, filter).await?;
        matches.truncate(page.limit + 1);
        matches
    } else {
        query
            .order_by_asc(mine::Column::Id)
            .limit(page.limit as u64 + 1)
            .all(db)
            .await?
    };
    let has_next = rows.len() > page.limit;
    rows.truncate(page.limit);
    Ok(MinePage { rows, has_next })
}

/// How many mines the viewer may read match `filter`.
pub async fn count(
    db: &DatabaseConnection,
    viewer: Option<&Caller>,
    filter: &MineFilter,
) -> AppResult<u64> {
    match visible(viewer, filter) {
        Some(query) if filter.by_assessment() => {
            Ok(assessed_matches(db, query, filter).await?.len() as u64)
        }
        Some(query) => Ok(query.count(db).await?),
        None => Ok(0),
    }
}

/// The candidates of `query` whose assessment today matches the filter, in id order.
async fn assessed_matches(
    db: &DatabaseConnection,
    query: Select<mine::Entity>,
    filter: &MineFilter,
) -> AppResult<Vec<mine::Model>> {
    let rows = query.order_by_asc(mine::Column::Id).all(db).await?;
    let as_of = today();
    let standards = standards::on(db, as_of).await?;
    Ok(assess_rows(db, rows, &standards, as_of)
        .await?
        .into_iter()
        .filter(|assessed| filter.matches(&assessed.assessment))
        .map(|assessed| assessed.mine)
        .collect())
}

fn visible(viewer: Option<&Caller>, filter: &MineFilter) -> Option<Select<mine::Entity>> {
    let region = mine_read_region(viewer)?;
    let mut query = scoped(mine::Entity::find(), &region);
    if !filter.include_archived {
        query = query.filter(mine::Column::Archived.eq(false));
    }
    if let Some(county) = &filter.county_code {
        query = query.filter(mine::Column::CountyCode.eq(county.clone()));
    }
    if let Some(mineral) = &filter.mineral_code {
        query = query.filter(mine::Column::MineralCode.eq(mineral.clone()));
    }
    if let Some(status) = filter.status {
        query = query.filter(mine::Column::Status.eq(status.code()));
    }
    if let Some(search) = filter
        .search
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        let pattern = format!(
            "%{}%",
            search
                .replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let like = |column: mine::Column| {
            Expr::col(column).like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\'))
        };
        query = query.filter(
            Condition::any()
                .add(like(mine::Column::Name))
                .add(like(mine::Column::Holder))
                .add(like(mine::Column::LicenceNo)),
        );
    }
    Some(query)
}

/// Restricts a mine query to a region.
fn scoped(query: Select<mine::Entity>, region: &Region) -> Select<mine::Entity> {
    match region {
        Region::Everywhere => query,
        Region::County(county) => query.filter(mine::Column::CountyCode.eq(county.clone())),
        Region::City(city) => query.filter(
            mine::Column::CountyCode.in_subquery(
                Query::select()
                    .column(entity::county::Column::Code)
                    .from(entity::county::Entity)
                    .and_where(entity::county::Column::CityCode.eq(city.clone()))
                    .to_owned(),
            ),
        ),
    }
}

/// Checks the facts' county and mineral exist and the caller may write there.
async fn writable_place(
    db: &impl ConnectionTrait,
    caller: &Caller,
    facts: &MineFacts,
) -> AppResult<CountyPlace> {
    let place = county_place(db, &facts.county_code).await?.ok_or_else(|| {
        AppError::invalid(
            "countyCode",
            format!("未知的县（市、区）代码：{}", facts.county_code),
        )
    })?;
    if !may_write_mine(caller, place.place()) {
        return Err(AppError::Forbidden);
    }
    if !mineral_exists(db, &facts.mineral_code).await? {
        return Err(AppError::invalid(
            "mineralCode",
            format!("未知的矿种代码：{}", facts.mineral_code),
        ));
    }
    Ok(place)
}

/// Loads a mine for a mutation: `FORBIDDEN` for a role that never writes mines or a mine
/// outside the caller's region, `NOT_FOUND` when it does not exist.
async fn load_writable(
    db: &impl ConnectionTrait,
    caller: &Caller,
    id: i64,
) -> AppResult<mine::Model> {
    if !writes_mines(caller.role) {
        return Err(AppError::Forbidden);
    }
    let row = mine::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound(NOT_FOUND))?;
    let place = county_place(db, &row.county_code)
        .await?
        .ok_or_else(|| AppError::internal(format!("mine {id} has unknown county")))?;
    if !may_write_mine(caller, place.place()) {
        return Err(AppError::Forbidden);
    }
    Ok(row)
}

async fn ensure_licence_free(
    db: &impl ConnectionTrait,
    licence_no: Option<&str>,
    except: Option<i64>,
) -> AppResult<()> {
    let Some(licence_no) = licence_no else {
        return Ok(());
    };
    let mut query = mine::Entity::find().filter(mine::Column::LicenceNo.eq(licence_no));
    if let Some(id) = except {
        query = query.filter(mine::Column::Id.ne(id));
    }
    if query.count(db).await? > 0 {
        return Err(duplicate_licence_error());
    }
    Ok(())
}

fn duplicate_licence_error() -> AppError {
    AppError::invalid("licenceNo", "采矿许可证号已存在")
}

/// A unique-index violation that slipped past the check (a concurrent insert) is still the
/// caller's duplicate, not an internal error.
fn duplicate_licence(err: sea_orm::DbErr) -> AppError {
    match err.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => duplicate_licence_error(),
        _ => AppError::Db(err),
    }
}

fn stale(current: i32) -> AppError {
    AppError::Conflict(format!(
        "数据已被他人修改（当前版本 {current}），请刷新后重试"
    ))
}

/// Writes `row` only if the stored version is still `version`: the conditional update makes
/// two concurrent editors of one version end with exactly one winner on either database.
async fn save_if_version(
    db: &impl ConnectionTrait,
    row: mine::ActiveModel,
    id: i64,
    version: i32,
) -> AppResult<mine::Model> {
    let result = mine::Entity::update_many()
        .set(row)
        .filter(mine::Column::Id.eq(id))
        .filter(mine::Column::Version.eq(version))
        .exec(db)
        .await
        .map_err(duplicate_licence)?;
    if result.rows_affected != 1 {
        let current = mine::Entity::find_by_id(id)
            .one(db)
            .await?
            .map_or(version, |m| m.version);
        return Err(stale(current));
    }
    mine::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(AppError::NotFound(NOT_FOUND))
}

fn change<'a>(
    operation: &'a str,
    row: &mine::Model,
    before: Option<&'a mine::Model>,
    after: Option<&'a mine::Model>,
) -> Change<'a, mine::Model> {
    Change {
        operation,
        entity: ENTITY,
        entity_id: row.id.to_string(),
        before,
        after,
    }
}
