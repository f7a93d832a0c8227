//! Answers read from the stored assessments. Each reader first asks whether the stored
//! results can answer for its scope — every mine of the scope stored for today under the
//! standards in force, no write awaiting its refresh — and returns `None` when they cannot,
//! for the caller to compute live: a stored result is never read stale. The check and the
//! read run in one snapshot, so that a catch-up committing meanwhile cannot give one answer
//! two versions.

use std::collections::HashMap;

use chrono::NaiveDate;
use entity::{mine, mine_assessment, mine_assessment_rule};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait, FromQueryResult, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, QueryTrait, Select, Statement,
};

use crate::domain::assessment::{Disposition, RuleId};
use crate::error::{AppError, AppResult};
use crate::infra::dialect::begin_snapshot;
use crate::service::stored_assessments::stale;

/// The standards version in force and the day a reader answers for.
pub type Wanted = (i32, NaiveDate);

/// Whether the stored results answer for every mine of `scope` on `today` under `version`.
async fn answerable(
    db: &impl ConnectionTrait,
    scope: &Select<mine::Entity>,
    (version, today): Wanted,
) -> AppResult<bool> {
    let pending = db
        .query_one_raw(Statement::from_string(
            db.get_database_backend(),
            "SELECT 1 AS pending FROM assessment_dirty LIMIT 1",
        ))
        .await?;
    if pending.is_some() {
        return Ok(false);
    }
    let unanswered = scope
        .clone()
        .filter(stale(today, Some(version)))
        .count(db)
        .await?;
    Ok(unanswered == 0)
}

/// The ids of `scope`'s mines, as a subquery.
fn ids_of(scope: &Select<mine::Entity>) -> SelectStatement {
    scope
        .clone()
        .select_only()
        .column(mine::Column::Id)
        .into_query()
}

/// The ids (in id order) of the mines of `scope` whose stored disposition is one of
/// `dispositions` (any, when empty) and, when `rule` is given, with a decisive finding of it.
pub async fn matching(
    db: &DatabaseConnection,
    scope: Select<mine::Entity>,
    (dispositions, rule): (&[Disposition], Option<RuleId>),
    wanted: Wanted,
) -> AppResult<Option<Vec<i64>>> {
    let db = &begin_snapshot(db).await?;
    if !answerable(db, &scope, wanted).await? {
        return Ok(None);
    }
    let mut query = scope.select_only().column(mine::Column::Id);
    if !dispositions.is_empty() {
        let codes: Vec<&str> = dispositions.iter().map(|d| d.code()).collect();
        let with = Query::select()
            .column(mine_assessment::Column::MineId)
            .from(mine_assessment::Entity)
            .and_where(mine_assessment::Column::Disposition.is_in(codes))
            .to_owned();
        query = query.filter(mine::Column::Id.in_subquery(with));
    }
    if let Some(rule) = rule {
        let with = Query::select()
            .column(mine_assessment_rule::Column::MineId)
            .from(mine_assessment_rule::Entity)
            .and_where(mine_assessment_rule::Column::RuleId.eq(rule.code()))
            .to_owned();
        query = query.filter(mine::Column::Id.in_subquery(with));
    }
    Ok(Some(
        query
            .order_by_asc(mine::Column::Id)
            .into_tuple()
            .all(db)
            .await?,
    ))
}

/// Stored counts over a scope: what a summary reports.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Mines per county (six-digit code) and default disposition.
    pub by_county: Vec<(String, Disposition, u64)>,
    /// Mines per rule with a decisive finding.
    pub by_rule: Vec<(RuleId, u64)>,
}

#[derive(FromQueryResult)]
struct CountyCount {
    county_code: String,
    disposition: String,
    mines: i64,
}

#[derive(FromQueryResult)]
struct RuleCount {
    rule_id: String,
    mines: i64,
}

/// The mines of `scope` counted by county and disposition and by decisive rule, in two
/// grouped statements whatever the scope's size.
pub async fn counts(
    db: &DatabaseConnection,
    scope: Select<mine::Entity>,
    wanted: Wanted,
) -> AppResult<Option<Counts>> {
    let db = &begin_snapshot(db).await?;
    if !answerable(db, &scope, wanted).await? {
        return Ok(None);
    }
    let backend = db.get_database_backend();
    let (kept, kept_mine) = (mine_assessment::Entity, mine_assessment::Column::MineId);
    let by_county = Query::select()
        .column((mine::Entity, mine::Column::CountyCode))
        .column((kept, mine_assessment::Column::Disposition))
        .expr_as(Expr::col((kept, kept_mine)).count(), Alias::new("mines"))
        .from(kept)
        .inner_join(
            mine::Entity,
            Expr::col((mine::Entity, mine::Column::Id)).equals((kept, kept_mine)),
        )
        .and_where(Expr::col((kept, kept_mine)).in_subquery(ids_of(&scope)))
        .group_by_col((mine::Entity, mine::Column::CountyCode))
        .group_by_col((kept, mine_assessment::Column::Disposition))
        .to_owned();
    let by_rule = Query::select()
        .column(mine_assessment_rule::Column::RuleId)
        .expr_as(
            Expr::col(mine_assessment_rule::Column::MineId).count(),
            Alias::new("mines"),
        )
        .from(mine_assessment_rule::Entity)
        .and_where(Expr::col(mine_assessment_rule::Column::MineId).in_subquery(ids_of(&scope)))
        .group_by_col(mine_assessment_rule::Column::RuleId)
        .to_owned();
    let mut counts = Counts::default();
    for row in CountyCount::find_by_statement(backend.build(&by_county))
        .all(db)
        .await?
    {
        counts.by_county.push((
            row.county_code,
            disposition(&row.disposition)?,
            count(row.mines),
        ));
    }
    for row in RuleCount::find_by_statement(backend.build(&by_rule))
        .all(db)
        .await?
    {
        counts.by_rule.push((rule(&row.rule_id)?, count(row.mines)));
    }
    Ok(Some(counts))
}

/// One mine's stored answer: its default disposition and the rules of its decisive
/// findings, in rule order.
pub type Answer = (Disposition, Vec<RuleId>);

/// Every mine of `scope`, in id order, with its stored answer.
pub async fn answers(
    db: &DatabaseConnection,
    scope: Select<mine::Entity>,
    wanted: Wanted,
) -> AppResult<Option<Vec<(mine::Model, Answer)>>> {
    let db = &begin_snapshot(db).await?;
    if !answerable(db, &scope, wanted).await? {
        return Ok(None);
    }
    let dispositions: Vec<(i64, String)> = mine_assessment::Entity::find()
        .filter(mine_assessment::Column::MineId.in_subquery(ids_of(&scope)))
        .select_only()
        .column(mine_assessment::Column::MineId)
        .column(mine_assessment::Column::Disposition)
        .into_tuple()
        .all(db)
        .await?;
    let mut kept = HashMap::with_capacity(dispositions.len());
    for (id, code) in dispositions {
        kept.insert(id, (disposition(&code)?, Vec::new()));
    }
    let rules: Vec<(i64, String)> = mine_assessment_rule::Entity::find()
        .filter(mine_assessment_rule::Column::MineId.in_subquery(ids_of(&scope)))
        .select_only()
        .column(mine_assessment_rule::Column::MineId)
        .column(mine_assessment_rule::Column::RuleId)
        .into_tuple()
        .all(db)
        .await?;
    for (id, code) in rules {
        if let Some((_, decisive)) = kept.get_mut(&id) {
            decisive.push(rule(&code)?);
        }
    }
    let rows = scope.order_by_asc(mine::Column::Id).all(db).await?;
    let mut answers = Vec::with_capacity(rows.len());
    for row in rows {
        let (disposition, mut rules) = kept
            .remove(&row.id)
            .ok_or_else(|| AppError::internal(format!("mine {} is not stored", row.id)))?;
        rules.sort_unstable();
        answers.push((row, (disposition, rules)));
    }
    Ok(Some(answers))
}

fn disposition(code: &str) -> AppResult<Disposition> {
    Disposition::parse(code)
        .ok_or_else(|| AppError::internal(format!("stored disposition {code} is unknown")))
}

fn rule(code: &str) -> AppResult<RuleId> {
    RuleId::parse(code).ok_or_else(|| AppError::internal(format!("stored rule {code} is unknown")))
}

fn count(mines: i64) -> u64 {
    u64::try_from(mines).unwrap_or(0)
}
