//! Audit trail types.

use async_graphql::{InputObject, SimpleObject};
use chrono::{DateTime, Utc};
use entity::audit_log;

use crate::service::audit::{AuditFilter as ServiceFilter, ChainStatus};

/// One audited mutation.
#[derive(SimpleObject)]
pub struct AuditEntry {
    /// Position in the chain, from 1.
    pub seq: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_sub: String,
    pub actor_role: String,
    pub actor_jti: Option<String>,
    pub operation: String,
    pub entity: String,
    pub entity_id: String,
    /// JSON image before the change (null on creation).
    pub before: Option<String>,
    /// JSON image after the change.
    pub after: Option<String>,
    pub prev_hash: String,
    pub hash: String,
    /// The city whose data changed; null for deployment-wide entities.
    pub city_code: Option<String>,
}

impl From<audit_log::Model> for AuditEntry {
    fn from(row: audit_log::Model) -> Self {
        Self {
            seq: row.seq,
            occurred_at: row.occurred_at,
            actor_sub: row.actor_sub,
            actor_role: row.actor_role,
            actor_jti: row.actor_jti,
            operation: row.operation,
            entity: row.entity,
            entity_id: row.entity_id,
            before: row.before_json,
            after: row.after_json,
            prev_hash: row.prev_hash,
            hash: row.hash,
            city_code: row.city_code,
        }
    }
}

/// Filters of `auditLog`: actor `sub`, entity type and id, time range `[from, to)`.
#[derive(InputObject, Default)]
pub struct AuditFilter {
    pub actor: Option<String>,
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
}

impl From<AuditFilter> for ServiceFilter {
    fn from(filter: AuditFilter) -> Self {
        ServiceFilter {
            actor: filter.actor,
            entity: filter.entity,
            entity_id: filter.entity_id,
            from: filter.from,
            to: filter.to,
        }
    }
}

/// The result of `verifyAuditChain`.
#[derive(SimpleObject)]
pub struct AuditChainStatus {
    /// True when every entry links to its predecessor and matches its hash.
    pub valid: bool,
    /// Entries verified before stopping.
    pub checked_entries: i64,
    /// The hash the chain's head records.
    pub head_hash: String,
    /// Sequence number of the first broken entry.
    pub first_broken_seq: Option<i64>,
    /// What was wrong there.
    pub problem: Option<String>,
}

impl From<ChainStatus> for AuditChainStatus {
    fn from(status: ChainStatus) -> Self {
        Self {
            valid: status.broken.is_none(),
            checked_entries: status.checked,
            head_hash: status.head_hash,
            first_broken_seq: status.broken.as_ref().map(|b| b.seq),
            problem: status.broken.map(|b| b.problem),
        }
    }
}
