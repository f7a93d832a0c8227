//! The audit trail: written inside each mutation's transaction, read by auditors, verified
//! end to end on demand.

use chrono::{DateTime, SecondsFormat, SubsecRound, Utc};
use entity::{audit_head, audit_log};
use migration::GENESIS_HASH;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, DatabaseConnection, DatabaseTransaction, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
    sea_query::{Expr, ExprTrait},
};
use serde::Serialize;

use crate::clock::Clock;
use crate::domain::access::{Action, Caller, reaches_whole_deployment};
use crate::domain::audit_chain::{AuditContent, ChainBreak, ChainVerifier};
use crate::domain::operation::{MINE, Operation};
use crate::domain::page::PageRequest;
use crate::error::{AppError, AppResult};
use crate::service::require;

/// Rows read per batch while verifying.
const VERIFY_BATCH: u64 = 1_000;

/// What one mutation did, for the trail.
pub struct Change<'a, T: Serialize> {
    /// The city whose data changed; `None` for deployment-wide entities.
    pub city_code: Option<String>,
    /// The mutation performed.
    pub operation: Operation,
    /// Type of the changed record (`Mine`, `StandardsVersion`, `Token`, …): the
    /// operation's own, or a mine it closes.
    pub entity: &'static str,
    /// Id of the changed record (the `jti` for a `Token`).
    pub entity_id: String,
    /// The record before the change, serialised likewise; `None` on creation.
    pub before: Option<&'a T>,
    /// The record after the change, serialised as the entry's JSON image.
    pub after: Option<&'a T>,
}

impl<'a, T: Serialize> Change<'a, T> {
    /// `operation` on its record `entity_id` of `city` (deployment-wide when `None`), with
    /// its images before and after.
    pub fn new(
        city: Option<&str>,
        operation: Operation,
        entity_id: impl ToString,
        (before, after): (Option<&'a T>, Option<&'a T>),
    ) -> Self {
        Self {
            city_code: city.map(str::to_owned),
            operation,
            entity: operation.entity(),
            entity_id: entity_id.to_string(),
            before,
            after,
        }
    }

    /// [`Change::new`] in `city`.
    pub fn in_city(
        city: &str,
        operation: Operation,
        entity_id: i64,
        images: (Option<&'a T>, Option<&'a T>),
    ) -> Self {
        Self::new(Some(city), operation, entity_id, images)
    }

    /// The mine `mine_id` that `operation` changes as its consequence (closes it, sets its
    /// licensed scale).
    pub fn of_mine(
        city: &str,
        operation: Operation,
        mine_id: i64,
        images: (Option<&'a T>, Option<&'a T>),
    ) -> Self {
        Self {
            entity: MINE,
            ..Self::new(Some(city), operation, mine_id, images)
        }
    }
}

impl<T: Serialize> Change<'_, T> {
    /// Appends this change to the trail inside `tx` ([`record`]).
    pub async fn record(
        self,
        tx: &DatabaseTransaction,
        clock: &dyn Clock,
        actor: &Caller,
    ) -> AppResult<()> {
        record(tx, clock, actor, self).await
    }
}

/// Appends one entry to the chain inside `tx`. The first statement bumps the head row and
/// returns it; it takes the row's lock on PostgreSQL: concurrent writers queue here until this one commits,
/// so two entries never chain from the same predecessor.
pub async fn record<T: Serialize>(
    tx: &DatabaseTransaction,
    clock: &dyn Clock,
    actor: &Caller,
    change: Change<'_, T>,
) -> AppResult<()> {
    let head = audit_head::Entity::update_many()
        .col_expr(
            audit_head::Column::Seq,
            Expr::col(audit_head::Column::Seq).add(1),
        )
        .filter(audit_head::Column::Id.eq(1))
        .exec_with_returning(tx)
        .await?
        .pop()
        .ok_or_else(|| AppError::internal("audit head row missing"))?;
    let to_json = |value: Option<&T>| {
        value
            .map(serde_json::to_string)
            .transpose()
            .map_err(AppError::internal)
    };
    let occurred_at = clock.now().trunc_subsecs(6);
    let content = AuditContent {
        seq: head.seq,
        occurred_at: timestamp_text(occurred_at),
        actor_sub: actor.sub.clone(),
        actor_role: actor.role.code().to_owned(),
        actor_jti: Some(actor.jti.clone()),
        operation: change.operation.code().to_owned(),
        entity: change.entity.to_owned(),
        entity_id: change.entity_id,
        before: to_json(change.before)?,
        after: to_json(change.after)?,
        city_code: change.city_code,
    };
    let hash = content.chain_hash(&head.last_hash);
    audit_log::ActiveModel {
        seq: Set(content.seq),
        occurred_at: Set(occurred_at),
        actor_sub: Set(content.actor_sub),
        actor_role: Set(content.actor_role),
        actor_jti: Set(content.actor_jti),
        operation: Set(content.operation),
        entity: Set(content.entity),
        entity_id: Set(content.entity_id),
        before_json: Set(content.before),
        after_json: Set(content.after),
        prev_hash: Set(head.last_hash.clone()),
        hash: Set(hash.clone()),
        city_code: Set(content.city_code),
    }
    .insert(tx)
    .await?;
    audit_head::Entity::update_many()
        .col_expr(audit_head::Column::LastHash, Expr::value(hash))
        .filter(audit_head::Column::Id.eq(1))
        .exec(tx)
        .await?;
    Ok(())
}

/// The hashed text of a timestamp: both databases keep microseconds.
fn timestamp_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// The hashed content of a stored entry.
pub fn content_of(row: &audit_log::Model) -> AuditContent {
    AuditContent {
        seq: row.seq,
        occurred_at: timestamp_text(row.occurred_at),
        actor_sub: row.actor_sub.clone(),
        actor_role: row.actor_role.clone(),
        actor_jti: row.actor_jti.clone(),
        operation: row.operation.clone(),
        entity: row.entity.clone(),
        entity_id: row.entity_id.clone(),
        before: row.before_json.clone(),
        after: row.after_json.clone(),
        city_code: row.city_code.clone(),
    }
}

/// Filters of `auditLog`.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Only entries by this `sub`.
    pub actor: Option<String>,
    /// Only entries of this record type (`Mine`, …).
    pub entity: Option<String>,
    /// Only entries of this record id.
    pub entity_id: Option<String>,
    /// Only entries at or after this instant.
    pub from: Option<DateTime<Utc>>,
    /// Only entries before this instant (exclusive).
    pub to: Option<DateTime<Utc>>,
}

/// One page of entries, newest first.
pub struct AuditPage {
    /// All matching entries across pages, when asked for.
    pub total: Option<u64>,
    /// The page's entries, newest first.
    pub rows: Vec<audit_log::Model>,
    /// Whether older entries follow this page.
    pub has_next: bool,
}

fn ensure_reader(viewer: Option<&Caller>) -> AppResult<&Caller> {
    let caller = require(viewer)?;
    if caller.may_ever(Action::ReadAudit) {
        Ok(caller)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Entries the reader may see: its city's, plus the deployment-wide ones (standards,
/// tokens); a reader without a city claim sees every entry.
fn filtered(reader: &Caller, filter: &AuditFilter) -> sea_orm::Select<audit_log::Entity> {
    let mut query = audit_log::Entity::find();
    if let Some(city) = &reader.city {
        query = query.filter(
            Condition::any()
                .add(audit_log::Column::CityCode.eq(city.clone()))
                .add(audit_log::Column::CityCode.is_null()),
        );
    }
    if let Some(actor) = &filter.actor {
        query = query.filter(audit_log::Column::ActorSub.eq(actor.clone()));
    }
    if let Some(entity) = &filter.entity {
        query = query.filter(audit_log::Column::Entity.eq(entity.clone()));
    }
    if let Some(id) = &filter.entity_id {
        query = query.filter(audit_log::Column::EntityId.eq(id.clone()));
    }
    if let Some(from) = filter.from {
        query = query.filter(audit_log::Column::OccurredAt.gte(from));
    }
    if let Some(to) = filter.to {
        query = query.filter(audit_log::Column::OccurredAt.lt(to));
    }
    query
}

/// Entries matching `filter`, newest first, for auditors and the city admin; with the
/// number of all matches when `with_total` asks for it.
pub async fn list(
    db: &DatabaseConnection,
    viewer: Option<&Caller>,
    filter: &AuditFilter,
    page: PageRequest,
    with_total: bool,
) -> AppResult<AuditPage> {
    let reader = ensure_reader(viewer)?;
    let query = filtered(reader, filter);
    let total = if with_total {
        Some(sea_orm::PaginatorTrait::count(query.clone(), db).await?)
    } else {
        None
    };
    let query = match page.after {
        Some(after) => query.filter(audit_log::Column::Seq.lt(after)),
        None => query,
    };
    let mut rows = query
        .order_by_desc(audit_log::Column::Seq)
        .limit(page.limit as u64 + 1)
        .all(db)
        .await?;
    let has_next = rows.len() > page.limit;
    rows.truncate(page.limit);
    Ok(AuditPage {
        rows,
        has_next,
        total,
    })
}

/// The result of walking the whole chain.
pub struct ChainStatus {
    /// Entries verified before stopping (all of them when the chain is intact).
    pub checked: i64,
    /// The hash the chain's head row records.
    pub head_hash: String,
    /// The first break found; `None` when every link and the head verify.
    pub broken: Option<ChainBreak>,
}

/// Recomputes every link from the first entry to the head. The chain (its length, its head,
/// where it breaks) is the whole deployment's, so it is shown only to readers who reach the
/// whole deployment; an auditor of one city among several reads its city's entries through
/// `auditLog`.
pub async fn verify(
    db: &DatabaseConnection,
    viewer: Option<&Caller>,
    only_city: Option<&str>,
) -> AppResult<ChainStatus> {
    let reader = ensure_reader(viewer)?;
    if !reaches_whole_deployment(reader, only_city) {
        return Err(AppError::Forbidden);
    }
    walk(db).await
}

/// The chain's head row: its sequence number and hash.
pub async fn head(db: &DatabaseConnection) -> AppResult<audit_head::Model> {
    audit_head::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("audit head row missing"))
}

/// Every link from the first entry to the head, recomputed (for [`verify`] and the
/// command line, which answers to the deployment's operator).
pub async fn walk(db: &DatabaseConnection) -> AppResult<ChainStatus> {
    let head = audit_head::Entity::find_by_id(1)
        .one(db)
        .await?
        .ok_or_else(|| AppError::internal("audit head row missing"))?;
    let mut verifier = ChainVerifier::new(GENESIS_HASH);
    let mut after = 0i64;
    loop {
        // Entries committed after the head was read are left to the next verification.
        let batch = audit_log::Entity::find()
            .filter(audit_log::Column::Seq.gt(after))
            .filter(audit_log::Column::Seq.lte(head.seq))
            .order_by_asc(audit_log::Column::Seq)
            .limit(VERIFY_BATCH)
            .all(db)
            .await?;
        let Some(last) = batch.last() else { break };
        after = last.seq;
        for row in &batch {
            if let Err(broken) = verifier.push(&content_of(row), &row.prev_hash, &row.hash) {
                return Ok(ChainStatus {
                    checked: verifier.checked(),
                    head_hash: head.last_hash,
                    broken: Some(broken),
                });
            }
        }
    }
    let broken = verifier.finish(head.seq, &head.last_hash).err();
    Ok(ChainStatus {
        checked: verifier.checked(),
        head_hash: head.last_hash,
        broken,
    })
}
