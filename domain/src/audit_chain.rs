//! The audit log's hash chain: each entry's hash covers its own fields and the previous entry's
//! hash, so editing, deleting or reordering any entry breaks every link after it.

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
    Sha256::digest(encoded.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
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
}

/// Checks entries in id order; returns how many verified, or the first break.
pub fn verify(entries: impl IntoIterator<Item = StoredEntry>) -> Result<usize, ChainBreak> {
    let mut expected_prev = GENESIS.to_owned();
    let mut count = 0;
    for entry in entries {
        let id = entry.fields.id;
        if entry.prev_hash != expected_prev {
            return Err(ChainBreak::Unlinked { id });
        }
        if entry_hash(&entry.prev_hash, &entry.fields) != entry.hash {
            return Err(ChainBreak::Altered { id });
        }
        expected_prev = entry.hash;
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> Vec<StoredEntry> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|id| {
                let fields = AuditFields {
                    id,
                    tenant_id: 1,
                    actor: "analyst".into(),
                    action: "incident.opened".into(),
                    object: format!("ACME-{id}"),
                    detail: "{}".into(),
                    source: "127.0.0.1".into(),
                    occurred_at: "2026-11-29T10:00:00+00:00".into(),
                };
                let hash = entry_hash(&prev, &fields);
                let entry = StoredEntry {
                    fields,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                };
                prev = hash;
                entry
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_verifies() {
        assert_eq!(verify(chain(5)), Ok(5));
        assert_eq!(verify(Vec::new()), Ok(0));
    }

    #[test]
    fn an_edited_entry_is_named() {
        let mut entries = chain(5);
        entries[2].fields.actor = "someone else".into();
        assert_eq!(verify(entries), Err(ChainBreak::Altered { id: 3 }));
    }

    #[test]
    fn a_deleted_entry_breaks_the_link_of_the_next() {
        let mut entries = chain(5);
        entries.remove(1);
        assert_eq!(verify(entries), Err(ChainBreak::Unlinked { id: 3 }));
    }

    #[test]
    fn reordered_entries_are_found() {
        let mut entries = chain(5);
        entries.swap(1, 3);
        assert_eq!(verify(entries), Err(ChainBreak::Unlinked { id: 4 }));
    }

    #[test]
    fn a_rehashed_edit_still_breaks_the_next_link() {
        let mut entries = chain(5);
        entries[2].fields.detail = "{\"forged\":true}".into();
        entries[2].hash = entry_hash(&entries[2].prev_hash, &entries[2].fields);
        assert_eq!(verify(entries), Err(ChainBreak::Unlinked { id: 4 }));
    }
}
