//! Checkpoints on made-up logs: what still extends one, what does not, and signatures.

use super::*;
use crate::audit_chain::signing::{AuditKey, Signature};
use crate::audit_chain::tests::chain_of;
use crate::audit_chain::{ChainCheck, entry_hash};

const TAKEN_AT: &str = "2026-12-01T09:00:00Z";
const ACME: i64 = 2;
const GLOBEX: i64 = 3;

fn key() -> AuditKey {
    AuditKey::parse("an audit key of at least thirty-two bytes").unwrap()
}

fn of_log(entries: &[StoredEntry]) -> Checkpoint {
    let mut chain = ChainCheck::new();
    for entry in entries {
        chain.push(entry).unwrap();
    }
    Checkpoint::of_log(&chain.verified(), TAKEN_AT.into())
}

fn of_tenant(entries: &[StoredEntry], tenant_id: i64) -> Checkpoint {
    let mut fold = Fold::default();
    for e in entries.iter().filter(|e| e.fields.tenant_id == tenant_id) {
        fold.add(e.fields.id, &e.hash);
    }
    Checkpoint::of_tenant("ACME", fold, TAKEN_AT.into())
}

fn check(
    checkpoint: &Checkpoint,
    tenant_id: Option<i64>,
    log: &[StoredEntry],
) -> Result<(), CheckpointMismatch> {
    let mut check = CheckpointCheck::new(checkpoint, tenant_id);
    for entry in log {
        check.observe(entry);
    }
    check.finish(checkpoint)
}

#[test]
fn a_log_still_extends_its_checkpoint_after_more_appends() {
    let log = chain_of(&[1; 8]);
    let checkpoint = of_log(&log[..5]);

    assert_eq!(check(&checkpoint, None, &log[..5]), Ok(()));
    assert_eq!(check(&checkpoint, None, &log), Ok(()));
    assert_eq!((checkpoint.entries, checkpoint.last_id), (5, 5));
}

#[test]
fn a_log_cut_below_its_checkpoint_no_longer_reaches_it() {
    let log = chain_of(&[1; 8]);
    let checkpoint = of_log(&log[..6]);

    let result = check(&checkpoint, None, &log[..4]);

    assert_eq!(
        result,
        Err(CheckpointMismatch::NotReached {
            id: 6,
            tenant: false
        })
    );
}

#[test]
fn a_log_rewritten_from_before_its_checkpoint_is_found() {
    let log = chain_of(&[1; 6]);
    let checkpoint = of_log(&log);
    // Entry 4 edited, and it and every later entry hashed again: a chain that verifies.
    let mut forged = log.clone();
    forged[3].fields.actor = "nobody".into();
    for i in 3..forged.len() {
        forged[i].prev_hash = forged[i - 1].hash.clone();
        forged[i].hash = entry_hash(&forged[i].prev_hash, &forged[i].fields);
    }

    let result = check(&checkpoint, None, &forged);

    assert_eq!(result, Err(CheckpointMismatch::Differs { id: 6 }));
}

#[test]
fn a_tenants_view_covers_only_its_entries_up_to_its_newest() {
    let log = chain_of(&[ACME, GLOBEX, ACME, ACME, GLOBEX, GLOBEX, ACME]);
    let checkpoint = of_tenant(&log[..6], ACME);

    assert_eq!((checkpoint.entries, checkpoint.last_id), (3, 4));
    assert_eq!(checkpoint.last_hash, log[3].hash);
    assert_eq!(check(&checkpoint, Some(ACME), &log), Ok(()));
}

#[test]
fn a_tenants_view_checked_against_another_tenant_does_not_match() {
    let log = chain_of(&[ACME, GLOBEX, ACME]);
    let checkpoint = of_tenant(&log, ACME);

    let result = check(&checkpoint, Some(GLOBEX), &log);

    assert_eq!(
        result,
        Err(CheckpointMismatch::NotReached {
            id: 3,
            tenant: true
        })
    );
}

#[test]
fn a_tenants_entry_missing_before_the_newest_changes_the_count() {
    let log = chain_of(&[ACME, GLOBEX, ACME, ACME]);
    let checkpoint = of_tenant(&log, ACME);
    let mut cut = log.clone();
    cut.remove(2);

    let result = check(&checkpoint, Some(ACME), &cut);

    assert_eq!(
        result,
        Err(CheckpointMismatch::Count {
            id: 4,
            expected: 3,
            found: 2
        })
    );
}

#[test]
fn a_tenants_earlier_entry_with_another_hash_changes_the_digest() {
    let log = chain_of(&[ACME, GLOBEX, ACME, ACME]);
    let checkpoint = of_tenant(&log, ACME);
    let mut other = log.clone();
    other[2].hash = log[1].hash.clone();

    let result = check(&checkpoint, Some(ACME), &other);

    assert_eq!(result, Err(CheckpointMismatch::Digest { id: 4 }));
}

#[test]
fn an_empty_log_has_a_checkpoint_that_it_extends() {
    let checkpoint = of_log(&[]);

    assert_eq!((checkpoint.entries, checkpoint.last_id), (0, 0));
    assert_eq!(check(&checkpoint, None, &chain_of(&[1, 1])), Ok(()));
}

#[test]
fn a_signed_checkpoint_verifies_with_its_key_and_any_changed_field_fails() {
    let log = chain_of(&[ACME, ACME, GLOBEX]);
    let signed = of_tenant(&log, ACME).signed(Some(&key()));
    let edits: [fn(&mut Checkpoint); 6] = [
        |c| c.entries += 1,
        |c| c.last_id -= 1,
        |c| c.last_hash = GENESIS.into(),
        |c| c.taken_at = "2027-01-01T00:00:00Z".into(),
        |c| c.tenant = Some("GLOBEX".into()),
        |c| c.digest = None,
    ];

    assert_eq!(signed.check_signature(Some(&key())), Ok(Signature::Valid));
    for edit in edits {
        let mut changed = signed.clone();
        edit(&mut changed);
        assert_eq!(
            changed.check_signature(Some(&key())),
            Err(CheckpointMismatch::BadSignature),
            "{changed:?}"
        );
    }
    let other_key = AuditKey::parse("another audit key, also thirty-two bytes").unwrap();
    assert_eq!(
        signed.check_signature(Some(&other_key)),
        Err(CheckpointMismatch::BadSignature)
    );
}

#[test]
fn a_signature_needs_the_key_and_a_key_needs_a_signature() {
    let unsigned = of_log(&chain_of(&[1]));
    let signed = unsigned.clone().signed(Some(&key()));

    assert_eq!(unsigned.check_signature(None), Ok(Signature::Absent));
    assert_eq!(
        unsigned.check_signature(Some(&key())),
        Err(CheckpointMismatch::Unsigned)
    );
    assert_eq!(
        signed.check_signature(None),
        Err(CheckpointMismatch::KeyMissing)
    );
}

#[test]
fn a_checkpoint_reads_back_from_its_json_and_another_format_is_refused() {
    let signed = of_tenant(&chain_of(&[ACME]), ACME).signed(Some(&key()));

    let json = serde_json::to_string_pretty(&signed).unwrap();
    let read: Checkpoint = serde_json::from_str(&json).unwrap();
    let mut other = read.clone();
    other.format = "something-else/1".into();

    assert_eq!(read, signed);
    assert_eq!(read.check_signature(Some(&key())), Ok(Signature::Valid));
    assert_eq!(
        other.check_signature(Some(&key())),
        Err(CheckpointMismatch::Format("something-else/1".into()))
    );
}

#[test]
fn short_keys_are_refused_and_keys_never_show_in_debug_output() {
    assert!(AuditKey::parse("too short").is_none());

    let shown = format!("{:?}", key());

    assert!(!shown.contains("thirty-two"), "{shown}");
}
