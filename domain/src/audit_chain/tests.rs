//! The chain's rules on made-up logs: what verifies, and how each kind of tampering is named.

use super::*;

/// A well-formed chain whose entries belong to `tenants`, in order.
pub(super) fn chain_of(tenants: &[i64]) -> Vec<StoredEntry> {
    let mut prev = GENESIS.to_owned();
    (1..)
        .zip(tenants)
        .map(|(id, tenant_id)| {
            let fields = AuditFields {
                id,
                tenant_id: *tenant_id,
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

fn chain(n: usize) -> Vec<StoredEntry> {
    chain_of(&vec![1; n])
}

fn head_of(entries: &[StoredEntry]) -> Head {
    entries.last().map_or(
        Head {
            last_id: 0,
            last_hash: GENESIS.to_owned(),
        },
        |e| Head {
            last_id: e.fields.id,
            last_hash: e.hash.clone(),
        },
    )
}

fn check(entries: &[StoredEntry], head: &Head) -> Result<Verified, ChainBreak> {
    let mut check = ChainCheck::new();
    for entry in entries {
        check.push(entry)?;
    }
    check.finish(head)
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

#[test]
fn a_chain_that_reaches_its_head_verifies_with_its_count_and_last_hash() {
    let entries = chain(5);
    let head = head_of(&entries);

    let verified = check(&entries, &head);

    assert_eq!(
        verified,
        Ok(Verified {
            entries: 5,
            last_id: 5,
            last_hash: head.last_hash,
        })
    );
    assert_eq!(check(&[], &head_of(&[])).map(|v| v.entries), Ok(0));
}

#[test]
fn a_log_whose_newest_entries_were_deleted_names_the_missing_ones() {
    let entries = chain(45);
    let head = head_of(&entries);

    let broken = check(&entries[..41], &head);

    assert_eq!(broken, Err(ChainBreak::Truncated { last: 41, head: 45 }));
    let message = broken.map(|_| ()).unwrap_err().to_string();
    assert!(
        message.contains("ends at entry #41 but its head records #45: entries #42–#45 are missing"),
        "{message}"
    );
}

#[test]
fn a_log_missing_only_its_newest_entry_names_that_one() {
    let entries = chain(3);

    let broken = check(&entries[..2], &head_of(&entries));

    let message = broken.map(|_| ()).unwrap_err().to_string();
    assert!(message.contains("entry #3 is missing"), "{message}");
}

#[test]
fn an_emptied_log_is_reported_against_its_head() {
    let entries = chain(3);

    let broken = check(&[], &head_of(&entries));

    assert_eq!(broken, Err(ChainBreak::Truncated { last: 0, head: 3 }));
}

#[test]
fn entries_beyond_the_head_are_reported() {
    let entries = chain(4);

    let broken = check(&entries, &head_of(&entries[..3]));

    assert_eq!(broken, Err(ChainBreak::BeyondHead { last: 4, head: 3 }));
}

#[test]
fn a_head_with_another_hash_is_reported() {
    let entries = chain(4);
    let mut head = head_of(&entries);
    head.last_hash = entries[0].hash.clone();

    let broken = check(&entries, &head);

    assert_eq!(broken, Err(ChainBreak::HeadMismatch { id: 4 }));
}

#[test]
fn a_gap_in_the_ids_is_a_break_even_when_the_hashes_link() {
    let mut entries = chain(3);
    // Renumbering keeps the links but not the hash over the id: the id is checked first.
    entries[2].fields.id = 7;

    assert_eq!(verify(entries), Err(ChainBreak::Unlinked { id: 7 }));
}
