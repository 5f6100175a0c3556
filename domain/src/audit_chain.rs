//! The audit log's hash chain: each entry's hash covers its own fields and the previous entry's
//! hash, so editing, deleting or reordering any entry breaks every link after it. The chain is
//! checked one entry at a time (`ChainCheck`), so a log of any length verifies in constant
//! memory, and its end is compared with the head the database keeps, so a log cut short at the
//! end does not pass for an intact one.

pub mod checkpoint;
pub mod signing;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The `prev_hash` of the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The fields of an entry that its hash covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFields {
    pub id: i64,
    pub tenant_id: i64,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub detail: String,
    pub source: String,
    /// RFC 3339, as stored.
    pub occurred_at: String,
}

/// An entry as stored: its fields and both hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredEntry {
    pub fields: AuditFields,
    pub prev_hash: String,
    pub hash: String,
}

/// SHA-256 (hex) over the previous hash and the fields, encoded as a JSON array so that no
/// choice of field contents can make two different entries encode alike.
pub fn entry_hash(prev_hash: &str, fields: &AuditFields) -> String {
    let f = fields;
    let encoded = serde_json::json!([
        prev_hash,
        f.id,
        f.tenant_id,
        f.actor,
        f.action,
        f.object,
        f.detail,
        f.source,
        f.occurred_at
    ])
    .to_string();
    hex(&Sha256::digest(encoded.as_bytes()))
}

/// Lower-case hex, as every hash in the log is stored.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The chain's head as the database keeps it: the newest entry's id and hash, moved by every
/// append in the append's own transaction.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Head {
    pub last_id: i64,
    pub last_hash: String,
}

/// A chain that verified, up to and including its head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    pub entries: u64,
    pub last_id: i64,
    pub last_hash: String,
}

/// Where and why a chain stops verifying.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainBreak {
    #[error(
        "entry #{id} does not follow the entry before it (an entry was deleted, inserted or reordered)"
    )]
    Unlinked { id: i64 },
    #[error(
        "entry #{id} was changed after it was written (its hash no longer matches its contents)"
    )]
    Altered { id: i64 },
    #[error(
        "the log ends at entry #{last} but its head records #{head}: {} missing (the newest entries were deleted)",
        span(*last + 1, *head)
    )]
    Truncated { last: i64, head: i64 },
    #[error(
        "the log runs to entry #{last} but its head records #{head}: {} beyond the head (the head was set back, or entries were added around it)",
        span(*head + 1, *last)
    )]
    BeyondHead { last: i64, head: i64 },
    #[error(
        "the head records a different hash for entry #{id} than the entry has (the head or the entry was rewritten)"
    )]
    HeadMismatch { id: i64 },
}

/// "entry #7 is" or "entries #5–#7 are".
fn span(first: i64, last: i64) -> String {
    if first == last {
        format!("entry #{first} is")
    } else {
        format!("entries #{first}–#{last} are")
    }
}

/// Checks a chain entry by entry, in id order, keeping only what the next entry must match:
/// the previous hash and the next id (ids are handed out one by one from the head, so a gap is
/// a deleted entry even before its hash is looked at).
#[derive(Debug, Clone)]
pub struct ChainCheck {
    next_id: i64,
    last_hash: String,
}

impl Default for ChainCheck {
    fn default() -> Self {
        Self {
            next_id: 1,
            last_hash: GENESIS.to_owned(),
        }
    }
}

impl ChainCheck {
    pub fn new() -> Self {
        Self::default()
    }

    /// Takes the next entry, or names the first one that breaks the chain.
    pub fn push(&mut self, entry: &StoredEntry) -> Result<(), ChainBreak> {
        let id = entry.fields.id;
        if id != self.next_id || entry.prev_hash != self.last_hash {
            return Err(ChainBreak::Unlinked { id });
        }
        if entry_hash(&entry.prev_hash, &entry.fields) != entry.hash {
            return Err(ChainBreak::Altered { id });
        }
        self.next_id += 1;
        self.last_hash.clone_from(&entry.hash);
        Ok(())
    }

    /// The id of the last entry taken (0 before the first).
    pub fn last_id(&self) -> i64 {
        self.next_id - 1
    }

    /// The chain as verified so far, without comparing it with a head.
    pub fn verified(&self) -> Verified {
        Verified {
            // Ids run from 1 without gaps, so the last id is the count.
            entries: u64::try_from(self.last_id()).unwrap_or_default(),
            last_id: self.last_id(),
            last_hash: self.last_hash.clone(),
        }
    }

    /// Compares the end of the chain with the head: both must name the same entry and hash.
    pub fn finish(self, head: &Head) -> Result<Verified, ChainBreak> {
        let last = self.last_id();
        if last < head.last_id {
            return Err(ChainBreak::Truncated {
                last,
                head: head.last_id,
            });
        }
        if last > head.last_id {
            return Err(ChainBreak::BeyondHead {
                last,
                head: head.last_id,
            });
        }
        if self.last_hash != head.last_hash {
            return Err(ChainBreak::HeadMismatch { id: last });
        }
        Ok(self.verified())
    }
}

/// Checks entries in id order, without a head; returns how many verified, or the first break.
pub fn verify(entries: impl IntoIterator<Item = StoredEntry>) -> Result<usize, ChainBreak> {
    let mut check = ChainCheck::new();
    for entry in entries {
        check.push(&entry)?;
    }
    Ok(usize::try_from(check.last_id()).unwrap_or_default())
}

#[cfg(test)]
mod tests;
