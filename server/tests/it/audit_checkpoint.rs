//! `tandem audit verify` against the head and against checkpoints kept outside the database:
//! the newest entries deleted, the head rewritten or set back, the log cut below a checkpoint,
//! an older copy restored, the whole tail rewritten, and checkpoints' signatures.

pub mod support;

use crate::helpers::TestApp;
use backend::entities::audit_entry;
use domain::audit_chain::entry_hash;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use support::{
    KEY, TempFile, delete_after, disable_append_only, head, set_head, take_checkpoint, tandem,
    verify_against, work,
};

#[tokio::test]
async fn verify_names_the_newest_entries_that_were_deleted() {
    let app = TestApp::spawn().await;
    let last = head(&app).await.last_id;
    delete_after(&app, last - 3).await;

    let said = tandem(&app, &["audit", "verify"], None);

    assert_eq!(said.code, Some(1), "{}{}", said.out, said.err);
    let expected = format!(
        "the log ends at entry #{} but its head records #{last}: entries #{}–#{last} are missing",
        last - 3,
        last - 2
    );
    assert!(said.err.contains(&expected), "{}", said.err);
}

#[tokio::test]
async fn verify_finds_a_head_that_records_another_hash_than_the_newest_entry() {
    let app = TestApp::spawn().await;
    let last = head(&app).await.last_id;
    set_head(&app, last, &"f".repeat(64)).await;

    let said = tandem(&app, &["audit", "verify"], None);

    assert_eq!(said.code, Some(1), "{}{}", said.out, said.err);
    assert!(
        said.err
            .contains(&format!("head records a different hash for entry #{last}")),
        "{}",
        said.err
    );
}

#[tokio::test]
async fn verify_finds_entries_beyond_a_head_that_was_set_back() {
    let app = TestApp::spawn().await;
    let last = head(&app).await.last_id;
    let older = audit_entry::Entity::find_by_id(last - 2)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap();
    set_head(&app, older.id, &older.hash).await;

    let said = tandem(&app, &["audit", "verify"], None);

    assert_eq!(said.code, Some(1), "{}{}", said.out, said.err);
    let expected = format!(
        "the log runs to entry #{last} but its head records #{}: entries #{}–#{last} are beyond the head",
        last - 2,
        last - 1
    );
    assert!(said.err.contains(&expected), "{}", said.err);
}

#[tokio::test]
async fn a_checkpoint_verifies_on_an_intact_log_and_still_after_more_appends() {
    let app = TestApp::spawn().await;
    let (file, checkpoint) = take_checkpoint(&app, None);
    let at_first = verify_against(&app, &file.0, None);

    work(&app, "Appended after the checkpoint").await;
    let later = verify_against(&app, &file.0, None);

    let total = app.count("audit_entries").await;
    assert_eq!(
        checkpoint.entries,
        u64::try_from(checkpoint.last_id).unwrap()
    );
    assert!(checkpoint.last_id > 0 && checkpoint.last_id < total);
    assert_eq!(checkpoint.tenant, None);
    assert_eq!(checkpoint.hmac, None);
    assert_eq!(at_first.code, Some(0), "{}", at_first.err);
    assert_eq!(later.code, Some(0), "{}", later.err);
    assert!(
        later.out.contains(&format!("verified: {total} entries"))
            && later.out.contains("extends the checkpoint"),
        "{}",
        later.out
    );
}

#[tokio::test]
async fn verify_against_a_checkpoint_fails_once_the_log_is_cut_below_it() {
    let app = TestApp::spawn().await;
    let (file, checkpoint) = take_checkpoint(&app, None);
    delete_after(&app, checkpoint.last_id - 2).await;

    let said = verify_against(&app, &file.0, None);

    assert_eq!(said.code, Some(1), "{}{}", said.out, said.err);
    assert!(said.err.contains("are missing"), "{}", said.err);
}

#[tokio::test]
async fn verify_against_a_checkpoint_fails_after_an_older_copy_is_restored() {
    let app = TestApp::spawn().await;
    let older = head(&app).await;
    work(&app, "Lost with the restore").await;
    let (file, checkpoint) = take_checkpoint(&app, None);
    // The older copy: the entries and the head as they were, consistent with each other.
    delete_after(&app, older.last_id).await;
    set_head(&app, older.last_id, &older.last_hash).await;

    let plain = tandem(&app, &["audit", "verify"], None);
    let said = verify_against(&app, &file.0, None);

    assert_eq!(plain.code, Some(0), "the older copy is a chain in itself");
    assert_eq!(said.code, Some(1), "{}{}", said.out, said.err);
    let expected = format!(
        "entry #{}, the checkpoint's newest, is no longer in the log",
        checkpoint.last_id
    );
    assert!(said.err.contains(&expected), "{}", said.err);
}

#[tokio::test]
async fn verify_against_a_checkpoint_fails_when_the_log_and_its_head_were_rewritten() {
    let app = TestApp::spawn().await;
    let (file, checkpoint) = take_checkpoint(&app, None);
    disable_append_only(&app).await;
    let conn = app.db.conn();
    let entries = audit_entry::Entity::find()
        .filter(audit_entry::Column::Id.gte(3))
        .order_by_asc(audit_entry::Column::Id)
        .all(conn)
        .await
        .unwrap();
    let mut prev = entries[0].prev_hash.clone();
    let mut last_id = 0;
    // Entry 3 edited, and it and every later entry hashed again, the head moved to match.
    for (i, entry) in entries.into_iter().enumerate() {
        let mut fields = domain::audit_chain::AuditFields {
            id: entry.id,
            tenant_id: entry.tenant_id,
            actor: entry.actor,
            action: entry.action,
            object: entry.object,
            detail: entry.detail,
            source: entry.source,
            occurred_at: entry.occurred_at,
        };
        if i == 0 {
            fields.actor = "someone else".into();
        }
        let hash = entry_hash(&prev, &fields);
        audit_entry::ActiveModel {
            id: Set(fields.id),
            actor: Set(fields.actor),
            prev_hash: Set(prev.clone()),
            hash: Set(hash.clone()),
            ..Default::default()
        }
        .update(conn)
        .await
        .unwrap();
        last_id = fields.id;
        prev = hash;
    }
    set_head(&app, last_id, &prev).await;

    let plain = tandem(&app, &["audit", "verify"], None);
    let said = verify_against(&app, &file.0, None);

    assert_eq!(plain.code, Some(0), "a rewritten chain verifies in itself");
    assert_eq!(said.code, Some(1), "{}{}", said.out, said.err);
    let expected = format!(
        "entry #{} is not the entry the checkpoint recorded",
        checkpoint.last_id
    );
    assert!(said.err.contains(&expected), "{}", said.err);
}

#[tokio::test]
async fn a_signed_checkpoint_verifies_with_its_key_and_fails_once_a_field_is_changed() {
    let app = TestApp::spawn().await;
    let (file, checkpoint) = take_checkpoint(&app, Some(KEY));
    let mut changed = checkpoint.clone();
    changed.taken_at = "2020-01-01T00:00:00Z".into();
    let changed = TempFile::with(&serde_json::to_string(&changed).unwrap());
    let (unsigned, _) = take_checkpoint(&app, None);

    let genuine = verify_against(&app, &file.0, Some(KEY));
    let edited = verify_against(&app, &changed.0, Some(KEY));
    let other_key = verify_against(&app, &file.0, Some(&KEY.replace("tests", "other")));
    let without_key = verify_against(&app, &file.0, None);
    let stripped = verify_against(&app, &unsigned.0, Some(KEY));

    assert!(checkpoint.hmac.is_some());
    assert_eq!(genuine.code, Some(0), "{}", genuine.err);
    assert!(genuine.out.contains("signature valid"), "{}", genuine.out);
    assert_eq!(edited.code, Some(1));
    assert!(edited.err.contains("HMAC does not match"), "{}", edited.err);
    assert_eq!(other_key.code, Some(1));
    assert_eq!(without_key.code, Some(2));
    assert!(
        without_key.err.contains("no audit key is set"),
        "{}",
        without_key.err
    );
    assert_eq!(stripped.code, Some(1));
    assert!(stripped.err.contains("not signed"), "{}", stripped.err);
    assert!(!genuine.out.contains(KEY) && !edited.err.contains(KEY));
}
