//! Checkpoints: where the audit chain stood at a moment, written down to be kept outside the
//! database. Whoever can delete rows can also rewrite the head row, so only an anchor kept
//! elsewhere shows that a log was cut short, rolled back to an older copy or rewritten. A
//! checkpoint of the whole log names its count, last id and last hash; one of a tenant's view
//! names the tenant's count and newest entry up to then, and a digest chained over their
//! hashes. An HMAC under the operator's audit key makes a checkpoint impossible to edit or
//! forge without the key.

use super::{GENESIS, StoredEntry, Verified};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Names the format, so that a file of another kind is refused instead of misread.
pub const FORMAT: &str = "tandem-audit-checkpoint/1";

/// A checkpoint as written to its file (JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub format: String,
    /// Entries covered, up to and including `last_id`: all of them, or the tenant's.
    pub entries: u64,
    /// The newest entry covered (0 when none).
    pub last_id: i64,
    /// Its hash (the genesis hash when none).
    pub last_hash: String,
    /// When it was taken, RFC 3339 in UTC.
    pub taken_at: String,
    /// The tenant (by key) whose view this is; absent for the whole log.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant: Option<String>,
    /// For a tenant's view: SHA-256 chained over the hashes of the tenant's entries in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// HMAC-SHA256 (hex) over every other field, under the audit key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hmac: Option<String>,
}

/// A tenant's entries folded in id order: how many, the newest, and the digest over them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fold {
    pub entries: u64,
    pub last_id: i64,
    pub last_hash: String,
    pub digest: String,
}

impl Default for Fold {
    fn default() -> Self {
        Self {
            entries: 0,
            last_id: 0,
            last_hash: GENESIS.to_owned(),
            digest: GENESIS.to_owned(),
        }
    }
}

impl Fold {
    /// Takes the next entry (by id and hash, the only parts a checkpoint depends on).
    pub fn add(&mut self, id: i64, hash: &str) {
        self.entries += 1;
        self.last_id = id;
        self.last_hash = hash.to_owned();
        // Both parts are 64 hex digits, so the concatenation cannot be read two ways.
        self.digest = super::hex(&Sha256::digest(format!("{}{hash}", self.digest)));
    }
}

/// Why the log does not extend a checkpoint, or why the checkpoint cannot be trusted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckpointMismatch {
    #[error("the file is not a Tandem audit checkpoint (format {0:?})")]
    Format(String),
    #[error("the checkpoint's HMAC does not match: it was altered, or signed with another key")]
    BadSignature,
    #[error(
        "the checkpoint is not signed, but an audit key is set: an unsigned checkpoint could have been edited"
    )]
    Unsigned,
    #[error(
        "the checkpoint is signed, but no audit key is set to check it with (set TANDEM_AUDIT_KEY)"
    )]
    KeyMissing,
    #[error("the checkpoint names tenant {0}, which this database does not have")]
    UnknownTenant(String),
    #[error(
        "entry #{id}, the checkpoint's newest, is no longer in the log{}: the log was cut short, restored from an older copy or rewritten",
        if *tenant { " as the tenant's" } else { "" }
    )]
    NotReached { id: i64, tenant: bool },
    #[error(
        "entry #{id} is not the entry the checkpoint recorded (its hash differs): the log was rewritten or restored from another copy"
    )]
    Differs { id: i64 },
    #[error("the checkpoint counts {expected} entries up to #{id}, the log now holds {found}")]
    Count { id: i64, expected: u64, found: u64 },
    #[error(
        "the tenant's entries up to #{id} are not the ones the checkpoint covers (their digest differs)"
    )]
    Digest { id: i64 },
}

impl Checkpoint {
    /// A checkpoint of the whole log, as verified.
    pub fn of_log(verified: &Verified, taken_at: String) -> Self {
        Self {
            format: FORMAT.to_owned(),
            entries: verified.entries,
            last_id: verified.last_id,
            last_hash: verified.last_hash.clone(),
            taken_at,
            tenant: None,
            digest: None,
            hmac: None,
        }
    }

    /// A checkpoint of one tenant's view, from its entries folded in order.
    pub fn of_tenant(tenant_key: &str, fold: Fold, taken_at: String) -> Self {
        Self {
            format: FORMAT.to_owned(),
            entries: fold.entries,
            last_id: fold.last_id,
            last_hash: fold.last_hash,
            taken_at,
            tenant: Some(tenant_key.to_owned()),
            digest: Some(fold.digest),
            hmac: None,
        }
    }

    /// The signed text: every field but the HMAC, as a JSON array (as `entry_hash` encodes).
    pub(super) fn canonical(&self) -> String {
        serde_json::json!([
            self.format,
            self.entries,
            self.last_id,
            self.last_hash,
            self.taken_at,
            self.tenant,
            self.digest
        ])
        .to_string()
    }
}

/// Follows the log as it streams past in id order and, at the end, says whether it still
/// extends the checkpoint: the checkpoint's newest entry is there with its hash, preceded by
/// as many entries (of the tenant, for a tenant's view) with the same digest.
#[derive(Debug, Clone)]
pub struct CheckpointCheck {
    last_id: i64,
    tenant_id: Option<i64>,
    fold: Fold,
}

impl CheckpointCheck {
    /// `tenant_id` is the id of the checkpoint's tenant in this database, if it has one.
    pub fn new(checkpoint: &Checkpoint, tenant_id: Option<i64>) -> Self {
        Self {
            last_id: checkpoint.last_id,
            tenant_id,
            fold: Fold::default(),
        }
    }

    pub fn observe(&mut self, entry: &StoredEntry) {
        let ours = self.tenant_id.is_none_or(|t| t == entry.fields.tenant_id);
        if ours && entry.fields.id <= self.last_id {
            self.fold.add(entry.fields.id, &entry.hash);
        }
    }

    pub fn finish(self, checkpoint: &Checkpoint) -> Result<(), CheckpointMismatch> {
        let id = checkpoint.last_id;
        let seen = self.fold;
        if seen.last_id != id {
            return Err(CheckpointMismatch::NotReached {
                id,
                tenant: self.tenant_id.is_some(),
            });
        }
        if seen.last_hash != checkpoint.last_hash {
            return Err(CheckpointMismatch::Differs { id });
        }
        if seen.entries != checkpoint.entries {
            return Err(CheckpointMismatch::Count {
                id,
                expected: checkpoint.entries,
                found: seen.entries,
            });
        }
        let digest_differs = match &checkpoint.digest {
            Some(digest) => *digest != seen.digest,
            // A tenant's view without its digest has lost what ties it to the tenant's entries.
            None => self.tenant_id.is_some(),
        };
        if digest_differs {
            return Err(CheckpointMismatch::Digest { id });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
