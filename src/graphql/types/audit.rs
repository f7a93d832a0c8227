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
    /// When the change was recorded (UTC, microseconds).
    pub occurred_at: DateTime<Utc>,
    /// The caller's `sub` claim.
    pub actor_sub: String,
    /// The caller's role (`CITY_ADMIN`, …).
    pub actor_role: String,
    /// Id (`jti`) of the token used; null when none was recorded.
    pub actor_jti: Option<String>,
    /// The mutation performed (`createMine`, `updateStandards`, …).
    pub operation: String,
    /// Type of the changed record (`Mine`, `StandardsVersion`, `Token`, …).
    pub entity: String,
    /// Id of the changed record (the `jti` for a `Token`).
    pub entity_id: String,
    /// JSON image before the change (null on creation).
    pub before: Option<String>,
    /// JSON image after the change.
    pub after: Option<String>,
    /// Hash of the previous entry (64 zeros before the first).
    pub prev_hash: String,
    /// SHA-256 (hex) over `prevHash` and this entry's canonical content.
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
