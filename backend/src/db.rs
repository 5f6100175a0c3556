//! Connecting to SQLite or PostgreSQL with the settings Tandem relies on, and beginning write
//! transactions that wait for other writers instead of failing with "database is locked".
//! A write transaction also carries the live notices of its change: they are staged with the
//! change and delivered only after it commits, here and nowhere else.

use crate::events::{Change, EventBus, Pending};
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    ExecResult, QueryResult, Statement, TransactionTrait,
};
use std::{sync::Arc, time::Duration};
use tokio::sync::{Mutex, OwnedMutexGuard};

/// How long a request waits for a pooled connection before it is answered "unavailable".
pub const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);
/// How long SQLite waits on another process's write lock before giving up.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The first statement of every SQLite write transaction. It changes nothing, but being a write
/// it takes the database's write lock before the transaction reads anything, which is what
/// `BEGIN IMMEDIATE` does: sea-orm 1.1 always sends a plain (deferred) `BEGIN` and offers no way
/// to choose another, so the lock is taken by the transaction's first statement instead. It
/// also returns the head of the audit chain, which almost every change reads next to append
/// its audit entry: under the write lock that head cannot move but by this transaction, so
/// the read comes with the lock instead of taking a round trip of its own.
const TAKE_SQLITE_WRITE_LOCK: &str =
    "UPDATE audit_chain SET last_id = last_id WHERE id = 1 RETURNING last_id, last_hash";

/// The application's database handle.
///
/// SQLite allows one writer at a time, and a deferred transaction that reads and then writes
/// fails at once with SQLITE_BUSY, without waiting, when another connection wrote in between:
/// its snapshot is stale. So SQLite write transactions take the write lock first (see
/// `TAKE_SQLITE_WRITE_LOCK`); a writer in another process then waits for the busy timeout
/// instead of failing. Inside this process the write gate queues writers on a mutex, so that
/// they wait their turn without polling SQLite's lock. PostgreSQL needs neither.
#[derive(Clone, Debug)]
pub struct Database {
    conn: DatabaseConnection,
    write_gate: Option<Arc<Mutex<()>>>,
}

impl Database {
    /// Opens a pool for `url` (`sqlite://…` or `postgres://…`). For SQLite the file and its
    /// folder are created when missing, WAL and foreign keys are on, and a busy timeout is set.
    pub async fn connect(url: &str) -> Result<Self, DbErr> {
        let is_sqlite = url.starts_with("sqlite:");
        if is_sqlite {
            create_parent_folder(url)?;
        }
        let mut options = ConnectOptions::new(url.to_owned());
        options
            .max_connections(if is_sqlite { 8 } else { 16 })
            .min_connections(1)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_timeout(ACQUIRE_TIMEOUT)
            // A pooled connection is not pinged before each use: that doubled the round trips
            // of every query outside a transaction (on SQLite each is a hand-off to the
            // connection's thread). A connection that broke fails its query, is dropped from
            // the pool, and the request answers 503 like any other outage.
            .test_before_acquire(false)
            .sqlx_logging(false)
            .map_sqlx_sqlite_opts(|o| {
                o.create_if_missing(true)
                    .journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                    .foreign_keys(true)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
            });
        let conn = sea_orm::Database::connect(options).await?;
        Ok(Self::from_connection(conn))
    }

    pub fn from_connection(conn: DatabaseConnection) -> Self {
        let write_gate =
            (conn.get_database_backend() == DbBackend::Sqlite).then(|| Arc::new(Mutex::new(())));
        Self { conn, write_gate }
    }

    /// The pool, for reads.
    pub fn conn(&self) -> &DatabaseConnection {
        &self.conn
    }

    /// Begins a transaction for a change, holding SQLite's write lock from the start; commit it
    /// with [`WriteTxn::commit`].
    pub async fn begin_write(&self) -> Result<WriteTxn, DbErr> {
        let gate = match &self.write_gate {
            Some(gate) => Some(
                tokio::time::timeout(ACQUIRE_TIMEOUT, gate.clone().lock_owned())
                    .await
                    .map_err(|_| DbErr::ConnectionAcquire(sea_orm::ConnAcquireErr::Timeout))?,
            ),
            None => None,
        };
        let txn = self.conn.begin().await?;
        let mut audit_head = None;
        if gate.is_some() {
            let lock = Statement::from_string(DbBackend::Sqlite, TAKE_SQLITE_WRITE_LOCK);
            if let Some(row) = txn.query_one(lock).await? {
                audit_head = Some(AuditHead {
                    last_id: row.try_get("", "last_id")?,
                    last_hash: row.try_get("", "last_hash")?,
                });
            }
        }
        Ok(WriteTxn {
            txn,
            gate,
            audit_head: std::sync::Mutex::new(audit_head),
            announced: std::sync::Mutex::new(Vec::new()),
        })
    }

    /// Whether the database answers a trivial query.
    pub async fn ping(&self) -> bool {
        self.conn.ping().await.is_ok()
    }
}

/// A write transaction holding the write gate (SQLite) until it commits or is dropped.
pub struct WriteTxn {
    txn: DatabaseTransaction,
    gate: Option<OwnedMutexGuard<()>>,
    /// The audit chain's head as this transaction last saw it, when that is known to be
    /// current (SQLite, under the write lock); otherwise it must be read, and locked, again.
    audit_head: std::sync::Mutex<Option<AuditHead>>,
    /// Notices of this change, delivered once it has committed.
    announced: std::sync::Mutex<Vec<Pending>>,
}

/// The last entry of the audit chain: its id and hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditHead {
    pub last_id: i64,
    pub last_hash: String,
}

impl WriteTxn {
    /// Commits, then delivers the notices the change announced (never before: a page that
    /// refetches on a notice must find the change).
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await?;
        let announced = self
            .announced
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        announced.into_iter().for_each(Pending::deliver);
        Ok(())
    }

    /// Announces `change` to open pages once this transaction commits; on PostgreSQL the
    /// notice travels with the transaction (`pg_notify`), so a rollback sends nothing.
    pub async fn announce(&self, bus: &EventBus, change: Change) -> Result<(), DbErr> {
        let pending = bus.stage(&self.txn, change).await?;
        if let Ok(mut announced) = self.announced.lock() {
            announced.push(pending);
        }
        Ok(())
    }

    /// The audit chain's head if this transaction knows it to be current.
    pub fn known_audit_head(&self) -> Option<AuditHead> {
        self.audit_head.lock().ok().and_then(|head| head.clone())
    }

    /// Records the head after this transaction appended to the chain. Only where the write
    /// lock guarantees nobody else appends (SQLite) is it kept for the next entry.
    pub fn appended_to_audit_chain(&self, head: AuditHead) {
        if let Ok(mut known) = self.audit_head.lock() {
            *known = self.gate.as_ref().map(|_| head);
        }
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for WriteTxn {
    fn get_database_backend(&self) -> DbBackend {
        self.txn.get_database_backend()
    }

    async fn execute(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.txn.execute(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.txn.execute_unprepared(sql).await
    }

    async fn query_one(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.txn.query_one(stmt).await
    }

    async fn query_all(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.txn.query_all(stmt).await
    }

    fn support_returning(&self) -> bool {
        self.txn.support_returning()
    }
}

impl AsRef<DatabaseConnection> for Database {
    fn as_ref(&self) -> &DatabaseConnection {
        &self.conn
    }
}

/// `sqlite://data/tandem.db?mode=rwc` → creates `data/` so the file can be created in it.
fn create_parent_folder(url: &str) -> Result<(), DbErr> {
    let path = url
        .trim_start_matches("sqlite:")
        .trim_start_matches("//")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(());
    }
    match std::path::Path::new(path).parent() {
        Some(parent) if !parent.as_os_str().is_empty() => std::fs::create_dir_all(parent)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", parent.display()))),
        _ => Ok(()),
    }
}
