//! The audit trail's hash chain: each entry's hash covers the previous hash and the entry's
//! canonical content, so an edited, inserted or deleted row breaks verification.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// The content of one audit entry, in the canonical field order that is hashed.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditContent {
    /// Position in the chain, from 1, without gaps.
    pub seq: i64,
    /// RFC 3339, UTC, microseconds: the precision both databases keep.
    pub occurred_at: String,
    /// The caller's `sub` claim.
    pub actor_sub: String,
    /// The caller's role code (`CITY_ADMIN`, …).
    pub actor_role: String,
    /// Id (`jti`) of the token used; `None` when none was recorded.
    pub actor_jti: Option<String>,
    /// The mutation performed (`createMine`, `updateStandards`, …).
    pub operation: String,
    /// Type of the changed record (`Mine`, `StandardsVersion`, `Token`, …).
    pub entity: String,
    /// Id of the changed record (the `jti` for a `Token`).
    pub entity_id: String,
    /// JSON image before the change; `None` on creation.
    pub before: Option<String>,
    /// JSON image after the change.
    pub after: Option<String>,
    /// The city whose data changed (null for deployment-wide entities). Left out of the
    /// hashed text when absent, so entries written before cities were recorded still verify.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub city_code: Option<String>,
}

impl AuditContent {
    /// SHA-256 over `prev_hash`, a newline, and the canonical JSON of the content, as hex.
    pub fn chain_hash(&self, prev_hash: &str) -> String {
        // Serialising a struct of strings and integers cannot fail.
        let canonical = serde_json::to_string(self).unwrap_or_default();
        let mut hasher = Sha256::new();
        hasher.update(prev_hash.as_bytes());
        hasher.update(b"\n");
        hasher.update(canonical.as_bytes());
        hex::encode(hasher.finalize())
    }
}

/// Why the chain does not verify, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChainBreak {
    /// The sequence number where verification failed.
    pub seq: i64,
    /// What was found, in Chinese.
    pub problem: String,
}

/// Walks entries in sequence order and checks each link.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    expected_seq: i64,
    last_hash: String,
}

impl ChainVerifier {
    /// Starts at the genesis hash.
    pub fn new(genesis: &str) -> Self {
        Self {
            expected_seq: 1,
            last_hash: genesis.to_owned(),
        }
    }

    /// Entries checked so far.
    pub fn checked(&self) -> i64 {
        self.expected_seq - 1
    }

    /// Checks the next stored entry: its number, its link, and its own hash.
    pub fn push(
        &mut self,
        content: &AuditContent,
        prev_hash: &str,
        hash: &str,
    ) -> Result<(), ChainBreak> {
        let broken = |problem: &str| ChainBreak {
            seq: content.seq,
            problem: problem.to_owned(),
        };
        if content.seq != self.expected_seq {
            return Err(ChainBreak {
                seq: self.expected_seq,
                problem: format!("缺少第{}条审计记录（已删除）", self.expected_seq),
            });
        }
        if prev_hash != self.last_hash {
            return Err(broken("前序哈希不一致（记录被删除或替换）"));
        }
        if content.chain_hash(prev_hash) != hash {
            return Err(broken("记录内容与哈希不符（记录被篡改）"));
        }
        self.expected_seq += 1;
        self.last_hash = hash.to_owned();
        Ok(())
    }

    /// Compares the end of the walk with the recorded head, catching deleted tail entries.
    pub fn finish(&self, head_seq: i64, head_hash: &str) -> Result<(), ChainBreak> {
        if head_seq != self.checked() || head_hash != self.last_hash {
            return Err(ChainBreak {
                seq: self.expected_seq,
                problem: "审计链末端与记录的链头不一致（末尾记录被删除）".to_owned(),
            });
        }
        Ok(())
    }
}

/// A chain head as it was at some time, kept outside the database by a second party
/// (`mineright audit checkpoint`): entry `seq` then had `hash`. The hash commits to every
/// entry up to `seq`, so a history rewritten afterwards, even consistently from the first
/// entry, no longer holds it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Checkpoint {
    /// The head's sequence number.
    pub seq: i64,
    /// The head entry's hash.
    pub hash: String,
    /// When the head was read, RFC 3339 UTC.
    pub at: String,
}

/// What a verified chain says of `checkpoint`, given the hash stored today at its `seq`
/// (`None`: no entry there): `None` when history up to it is unchanged, else why not.
pub fn checkpoint_problem(checkpoint: &Checkpoint, stored: Option<&str>) -> Option<String> {
    match stored {
        None => Some(format!(
            "检查点（{}）记录的第{}条审计记录已不存在（链被截短或重建）",
            checkpoint.at, checkpoint.seq
        )),
        Some(stored) if stored != checkpoint.hash => Some(format!(
            "第{}条审计记录的哈希与检查点（{}）不同：此前的历史被改写",
            checkpoint.seq, checkpoint.at
        )),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GENESIS: &str = "genesis";

    fn entry(seq: i64, after: &str) -> AuditContent {
        AuditContent {
            seq,
            occurred_at: "2026-11-29T04:00:00.000000Z".into(),
            actor_sub: "admin".into(),
            actor_role: "CITY_ADMIN".into(),
            actor_jti: Some("j".into()),
            operation: "createMine".into(),
            entity: "Mine".into(),
            entity_id: seq.to_string(),
            before: None,
            after: Some(after.into()),
            city_code: Some("140500".into()),
        }
    }

    /// Three linked entries as stored: (content, prev_hash, hash).
    fn chain() -> Vec<(AuditContent, String, String)> {
        let mut prev = GENESIS.to_owned();
        (1..=3)
            .map(|seq| {
                let content = entry(seq, "{}");
                let hash = content.chain_hash(&prev);
                let row = (content, prev.clone(), hash.clone());
                prev = hash;
                row
            })
            .collect()
    }

    fn verify(
        rows: &[(AuditContent, String, String)],
        head: (i64, &str),
    ) -> Result<(), ChainBreak> {
        let mut verifier = ChainVerifier::new(GENESIS);
        for (content, prev, hash) in rows {
            verifier.push(content, prev, hash)?;
        }
        verifier.finish(head.0, head.1)
    }

    #[test]
    fn an_intact_chain_verifies() {
        let rows = chain();
        assert_eq!(verify(&rows, (3, &rows[2].2.clone())), Ok(()));
    }

    #[test]
    fn an_edited_entry_is_detected_at_its_sequence() {
        let mut rows = chain();
        let head = rows[2].2.clone();
        rows[1].0.after = Some("{\"name\":\"改过\"}".into());
        assert_eq!(verify(&rows, (3, &head)).expect_err("edited").seq, 2);
    }

    #[test]
    fn a_deleted_middle_entry_is_detected() {
        let mut rows = chain();
        let head = rows[2].2.clone();
        rows.remove(1);
        assert_eq!(verify(&rows, (3, &head)).expect_err("deleted").seq, 2);
    }

    #[test]
    fn a_deleted_last_entry_is_detected_against_the_head() {
        let mut rows = chain();
        let head = rows[2].2.clone();
        rows.pop();
        assert_eq!(verify(&rows, (3, &head)).expect_err("tail deleted").seq, 3);
    }

    #[test]
    fn a_checkpoint_holds_only_while_its_entry_keeps_its_hash() {
        // A consistent rewrite from the first entry: every link verifies, the hashes differ.
        let rows = chain();
        let checkpoint = Checkpoint {
            seq: 2,
            hash: rows[1].2.clone(),
            at: "2026-12-06T04:00:00Z".into(),
        };
        assert_eq!(checkpoint_problem(&checkpoint, Some(&rows[1].2)), None);
        let mut prev = GENESIS.to_owned();
        let rewritten: Vec<String> = (1..=3)
            .map(|seq| {
                let hash = entry(seq, "{\"rewritten\":true}").chain_hash(&prev);
                prev = hash.clone();
                hash
            })
            .collect();
        let problem = checkpoint_problem(&checkpoint, Some(&rewritten[1])).unwrap_or_default();
        assert!(
            problem.contains("第2条") && problem.contains("改写"),
            "{problem}"
        );
        let gone = checkpoint_problem(&checkpoint, None).unwrap_or_default();
        assert!(gone.contains("不存在"), "{gone}");
    }
}
