//! SQLite as Tandem opens it: every connection in WAL mode with foreign keys and a busy
//! timeout, and write transactions that hold the write lock from their start, so that another
//! process writing the same file (`tandem generate` while `tandem serve` runs) waits its turn
//! instead of failing with "database is locked". SQLite only.

use crate::helpers::postgres_url;
use backend::Database;
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DbErr, Statement};
use std::path::PathBuf;
use std::time::Duration;

/// A fresh SQLite file with Tandem's schema, removed when dropped.
struct SqliteFile {
    dir: PathBuf,
    url: String,
}

impl SqliteFile {
    /// `None` in the PostgreSQL pass.
    async fn create() -> Option<Self> {
        if postgres_url().is_some() {
            eprintln!("runs in the SQLite pass only");
            return None;
        }
        let dir = std::env::temp_dir().join(format!("tandem-sqlite-{}", uuid::Uuid::new_v4()));
        let url = format!("sqlite://{}/t.db?mode=rwc", dir.display());
        let file = Self { dir, url };
        let db = file.open().await;
        Migrator::up(db.conn(), None).await.unwrap();
        Some(file)
    }

    /// A pool of its own, as another process would have.
    async fn open(&self) -> Database {
        Database::connect(&self.url).await.unwrap()
    }
}

impl Drop for SqliteFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

async fn pragma<T: sea_orm::TryGetable>(conn: &impl ConnectionTrait, name: &str) -> T {
    let sql = format!("PRAGMA {name}");
    let row = conn
        .query_one(Statement::from_string(conn.get_database_backend(), sql))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index(0).unwrap()
}

#[tokio::test]
async fn sqlite_connections_use_wal_enforce_foreign_keys_and_wait_when_busy() {
    let Some(file) = SqliteFile::create().await else {
        return;
    };
    let db = file.open().await;
    // Reads go through the pool, writes through a transaction's connection: check both.
    let txn = db.begin_write().await.unwrap();
    for (what, journal, keys, busy) in [
        (
            "pool",
            pragma::<String>(db.conn(), "journal_mode").await,
            pragma::<i64>(db.conn(), "foreign_keys").await,
            pragma::<i64>(db.conn(), "busy_timeout").await,
        ),
        (
            "write transaction",
            pragma::<String>(&txn, "journal_mode").await,
            pragma::<i64>(&txn, "foreign_keys").await,
            pragma::<i64>(&txn, "busy_timeout").await,
        ),
    ] {
        assert_eq!(journal.to_lowercase(), "wal", "{what}");
        assert_eq!(keys, 1, "{what}: foreign keys are off");
        assert!(busy >= 1000, "{what}: busy timeout is {busy} ms");
    }
}

/// One read-then-write transaction: the next number after the highest in `tally`.
async fn count_one(db: &Database) -> Result<(), DbErr> {
    let txn = db.begin_write().await?;
    let backend = txn.get_database_backend();
    let highest: i64 = txn
        .query_one(Statement::from_string(
            backend,
            "SELECT COALESCE(MAX(n), 0) FROM tally",
        ))
        .await?
        .ok_or_else(|| DbErr::Custom("no row".into()))?
        .try_get_by_index(0)?;
    // Another writer would get in here if the lock were taken only at the insert.
    tokio::time::sleep(Duration::from_millis(10)).await;
    txn.execute(Statement::from_sql_and_values(
        backend,
        "INSERT INTO tally (n) VALUES (?)",
        [(highest + 1).into()],
    ))
    .await?;
    txn.commit().await
}

#[tokio::test]
async fn a_writer_in_another_process_waits_for_the_lock_instead_of_failing() {
    let Some(file) = SqliteFile::create().await else {
        return;
    };
    // Two pools on one file have separate in-process write gates, as two processes would.
    let (here, elsewhere) = (file.open().await, file.open().await);
    here.conn()
        .execute_unprepared("CREATE TABLE tally (n INTEGER NOT NULL UNIQUE)")
        .await
        .unwrap();
    const PER_POOL: i64 = 12;

    let writers: Vec<_> = [here.clone(), elsewhere.clone()]
        .into_iter()
        .flat_map(|db| (0..PER_POOL).map(move |_| db.clone()))
        .map(|db| tokio::spawn(async move { count_one(&db).await }))
        .collect();
    let mut failures = Vec::new();
    for writer in writers {
        if let Err(error) = writer.await.unwrap() {
            failures.push(error.to_string());
        }
    }

    assert_eq!(failures, Vec::<String>::new());
    let row = here
        .conn()
        .query_one(Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "SELECT COUNT(*), MAX(n) FROM tally",
        ))
        .await
        .unwrap()
        .unwrap();
    let counted: (i64, i64) = (
        row.try_get_by_index(0).unwrap(),
        row.try_get_by_index(1).unwrap(),
    );
    assert_eq!(
        counted,
        (2 * PER_POOL, 2 * PER_POOL),
        "every writer saw the one before it"
    );
}
