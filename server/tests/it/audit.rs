//! The audit log: one entry per change, written with the change; the database refuses edits;
//! `tandem audit verify` passes on a clean log and names the first edited, deleted or moved entry.

use crate::helpers::{ACME_ANALYST, PLATFORM_RESPONDER, TestApp, incident_form, location};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use std::process::Command;

async fn last_entry(app: &TestApp) -> (String, String, String, String) {
    let backend = app.db.conn().get_database_backend();
    let sql = "SELECT actor, action, object, source FROM audit_entries ORDER BY id DESC LIMIT 1";
    let row = app
        .db
        .conn()
        .query_one(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .unwrap();
    let get = |c: &str| row.try_get::<String>("", c).unwrap();
    (get("actor"), get("action"), get("object"), get("source"))
}

fn verify(app: &TestApp) -> (bool, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["audit", "verify"])
        .env("DATABASE_URL", &app.database_url)
        .env("RUST_LOG", "error")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).to_string()
        + &String::from_utf8_lossy(&output.stderr);
    (output.status.success(), text)
}

/// Lets this test tamper with the log the way an attacker with database access would.
async fn disable_append_only(app: &TestApp) {
    let conn = app.db.conn();
    let statements: &[&str] = match conn.get_database_backend() {
        DbBackend::Postgres => &["ALTER TABLE audit_entries DISABLE TRIGGER USER"],
        _ => &[
            "DROP TRIGGER audit_entries_no_update",
            "DROP TRIGGER audit_entries_no_delete",
        ],
    };
    for sql in statements {
        conn.execute_unprepared(sql).await.unwrap();
    }
}

#[tokio::test]
async fn every_change_writes_its_audit_entry_and_refusals_write_none() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let before = app.count("audit_entries").await;
    let tasks_before = app.count("tasks").await;

    app.open_incident_as(&analyst, "ACME", "Audited incident")
        .await;
    let seeded = app.count("tasks").await - tasks_before;
    assert!(seeded > 0, "triage seeds the playbook's tasks");
    assert_eq!(
        app.count("audit_entries").await,
        before + 2 + seeded,
        "opened, triaged, and each seeded task added"
    );
    assert_eq!(
        last_entry(&app).await,
        (
            ACME_ANALYST.into(),
            "incident.triaged".into(),
            "ACME-3".into(),
            "127.0.0.1".into()
        )
    );

    let override_form = [
        ("key", "ACME-3"),
        ("version", "1"),
        ("owner", "platform"),
        ("reason", "The platform's IdP integration is at fault."),
    ];
    let response = app
        .browser_post_as(
            &responder,
            "/api/incidents/override",
            "/incidents/ACME-3",
            &override_form,
        )
        .await;
    assert_eq!(location(&response), "/incidents/ACME-3");
    assert_eq!(app.count("audit_entries").await, before + 3 + seeded);
    assert_eq!(last_entry(&app).await.1, "incident.owner_overridden");

    let stale = app
        .post_as(&responder, "/api/incidents/override", &override_form)
        .await;
    assert_eq!(stale.status().as_u16(), 409);
    let invalid = app
        .post_as(
            &analyst,
            "/api/incidents/create",
            &incident_form("", "SEV1", "ACME", ""),
        )
        .await;
    assert_eq!(invalid.status().as_u16(), 422);
    assert_eq!(
        app.count("audit_entries").await,
        before + 3 + seeded,
        "refused changes leave no entry"
    );
}

#[tokio::test]
async fn the_database_refuses_to_edit_or_delete_audit_entries() {
    let app = TestApp::spawn().await;
    let conn = app.db.conn();
    let update = conn
        .execute_unprepared("UPDATE audit_entries SET actor = 'nobody' WHERE id = 1")
        .await;
    let delete = conn
        .execute_unprepared("DELETE FROM audit_entries WHERE id = 1")
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert!(verify(&app).0);
}

#[tokio::test]
async fn verify_passes_on_a_clean_log() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    app.open_incident_as(&responder, "GLOBEX", "Another audited incident")
        .await;
    let (ok, text) = verify(&app);
    assert!(ok, "{text}");
    let expected = app.count("audit_entries").await;
    assert!(
        text.contains(&format!("verified: {expected} entries")),
        "{text}"
    );
}

#[tokio::test]
async fn verify_names_an_edited_entry() {
    let app = TestApp::spawn().await;
    disable_append_only(&app).await;
    app.db
        .conn()
        .execute_unprepared("UPDATE audit_entries SET actor = 'someone else' WHERE id = 5")
        .await
        .unwrap();
    let (ok, text) = verify(&app);
    assert!(!ok);
    assert!(text.contains("entry #5 was changed"), "{text}");
}

#[tokio::test]
async fn verify_names_the_entry_after_a_deleted_one() {
    let app = TestApp::spawn().await;
    disable_append_only(&app).await;
    app.db
        .conn()
        .execute_unprepared("DELETE FROM audit_entries WHERE id = 4")
        .await
        .unwrap();
    let (ok, text) = verify(&app);
    assert!(!ok);
    assert!(text.contains("entry #5 does not follow"), "{text}");
}

#[tokio::test]
async fn verify_finds_reordered_entries() {
    let app = TestApp::spawn().await;
    disable_append_only(&app).await;
    let conn = app.db.conn();
    // Entries 6 and 7 trade places: every column but the id moves to the other row.
    conn.execute_unprepared(
        "CREATE TABLE swap_copy AS SELECT * FROM audit_entries WHERE id IN (6, 7)",
    )
    .await
    .unwrap();
    conn.execute_unprepared("UPDATE audit_entries SET hash = 'moving' WHERE id = 7")
        .await
        .unwrap();
    let columns = [
        "tenant_id",
        "actor",
        "action",
        "object",
        "detail",
        "source",
        "occurred_at",
        "prev_hash",
        "hash",
    ];
    for (this, other) in [(6, 7), (7, 6)] {
        let set: Vec<String> = columns
            .iter()
            .map(|c| format!("{c} = (SELECT {c} FROM swap_copy WHERE id = {other})"))
            .collect();
        let sql = format!(
            "UPDATE audit_entries SET {} WHERE id = {this}",
            set.join(", ")
        );
        conn.execute_unprepared(&sql).await.unwrap();
    }
    let (ok, text) = verify(&app);
    assert!(!ok);
    assert!(text.contains("entry #6 does not follow"), "{text}");
}
