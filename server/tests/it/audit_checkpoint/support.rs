//! What the audit checkpoint tests share: running `tandem` on a test app's database, files
//! for checkpoints, and tampering with the log as someone with database access would.

use crate::helpers::{PLATFORM_RESPONDER, TestApp};
use backend::entities::audit_chain;
use domain::audit_chain::checkpoint::Checkpoint;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbBackend, EntityTrait, Set};
use std::path::{Path, PathBuf};
use std::process::Command;

pub const KEY: &str = "an-audit-key-for-the-tests-of-32-bytes-or-more";

/// What a `tandem` command said: its exit code, stdout and stderr.
pub struct Said {
    pub code: Option<i32>,
    pub out: String,
    pub err: String,
}

/// `tandem ARGS` on the app's database, with the audit key `key` (and no other).
pub fn tandem(app: &TestApp, args: &[&str], key: Option<&str>) -> Said {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tandem"));
    command
        .args(args)
        .env("DATABASE_URL", &app.database_url)
        .env("RUST_LOG", "error")
        .env_remove("TANDEM_AUDIT_KEY");
    if let Some(key) = key {
        command.env("TANDEM_AUDIT_KEY", key);
    }
    let output = command.output().unwrap();
    Said {
        code: output.status.code(),
        out: String::from_utf8_lossy(&output.stdout).into_owned(),
        err: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// A file holding `text`, removed when dropped.
pub struct TempFile(pub PathBuf);

impl TempFile {
    pub fn with(text: &str) -> Self {
        let path =
            std::env::temp_dir().join(format!("tandem-checkpoint-{}.json", uuid::Uuid::new_v4()));
        std::fs::write(&path, text).unwrap();
        Self(path)
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

/// `tandem audit checkpoint` into a file; asserts that it succeeded.
pub fn take_checkpoint(app: &TestApp, key: Option<&str>) -> (TempFile, Checkpoint) {
    let said = tandem(app, &["audit", "checkpoint"], key);
    assert_eq!(said.code, Some(0), "{}", said.err);
    let checkpoint = serde_json::from_str(&said.out).unwrap();
    (TempFile::with(&said.out), checkpoint)
}

pub fn verify_against(app: &TestApp, file: &Path, key: Option<&str>) -> Said {
    let path = file.to_str().unwrap();
    tandem(app, &["audit", "verify", "--checkpoint", path], key)
}

/// Lets a test tamper with the log the way an attacker with database access would.
pub async fn disable_append_only(app: &TestApp) {
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

pub async fn head(app: &TestApp) -> audit_chain::Model {
    audit_chain::Entity::find_by_id(1)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap()
}

/// Deletes every entry after `keep`, leaving the head as it is.
pub async fn delete_after(app: &TestApp, keep: i64) {
    disable_append_only(app).await;
    let sql = format!("DELETE FROM audit_entries WHERE id > {keep}");
    app.db.conn().execute_unprepared(&sql).await.unwrap();
}

/// Points the head at `last_id` with `last_hash`, as every append does.
pub async fn set_head(app: &TestApp, last_id: i64, last_hash: &str) {
    audit_chain::ActiveModel {
        id: Set(1),
        last_id: Set(last_id),
        last_hash: Set(last_hash.to_owned()),
    }
    .update(app.db.conn())
    .await
    .unwrap();
}

/// Appends a few entries through the app, as its users would.
pub async fn work(app: &TestApp, title: &str) {
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    app.open_incident_as(&responder, "GLOBEX", title).await;
}
