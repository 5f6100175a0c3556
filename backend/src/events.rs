//! Change notices for open pages. A change made in a transaction is announced only once it is
//! committed: on SQLite the process announces it itself after the commit; on PostgreSQL the
//! transaction sends it with `pg_notify`, which the database delivers at commit to every
//! `tandem` process listening on the same database (this one included), so that instances
//! behind one database stay in step.
//!
//! A notice says which incident changed and what part of it, never the content: subscribers
//! refetch through the usual server functions, which apply every access rule again. The
//! stream still filters notices itself, so that nobody even learns that an incident they do
//! not see, or an entry they may not read, changed.

use domain::note::EntryVisibility;
use domain::responsibility::Owner;
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, watch};

/// The PostgreSQL channel notices travel on.
pub const CHANNEL: &str = "tandem_changes";
/// Notices a slow subscriber may fall behind by before it is told to reload everything.
const BACKLOG: usize = 1024;

/// The part of an incident's page a change touched: open pages refetch only that part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// The incident's own fields: status, severity, ownership, facts.
    Incident,
    Tasks,
    Timeline,
}

impl Part {
    pub fn code(self) -> &'static str {
        match self {
            Self::Incident => "incident",
            Self::Tasks => "tasks",
            Self::Timeline => "timeline",
        }
    }
}

/// What changed about one incident.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub tenant_id: i64,
    pub incident_id: i64,
    /// The incident's key, e.g. `ACME-3`.
    pub key: String,
    /// The incident's effective owner after the change.
    pub owner: Owner,
    /// Who may learn of the change: the visibility of the timeline entry it wrote.
    pub visibility: EntryVisibility,
    /// What the change touched.
    pub part: Part,
}

/// Where changes are announced and heard.
#[derive(Clone, Debug)]
pub struct EventBus {
    sender: broadcast::Sender<Change>,
    /// Through the database (PostgreSQL) rather than in this process alone.
    through_database: bool,
    closing: watch::Sender<bool>,
}

/// A change staged in a transaction, to deliver once the transaction has committed; only
/// [`crate::db::WriteTxn`] holds them.
#[must_use = "deliver the change after the commit"]
pub(crate) struct Pending(Option<(broadcast::Sender<Change>, Change)>);

impl Pending {
    pub(crate) fn deliver(self) {
        if let Some((sender, change)) = self.0 {
            // No subscriber is not an error.
            let _ = sender.send(change);
        }
    }
}

impl EventBus {
    pub fn new(db: &impl AsRef<sea_orm::DatabaseConnection>) -> Self {
        let (sender, _) = broadcast::channel(BACKLOG);
        let (closing, _) = watch::channel(false);
        Self {
            sender,
            through_database: db.as_ref().get_database_backend() == DbBackend::Postgres,
            closing,
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Change> {
        self.sender.subscribe()
    }

    /// Resolves once the server starts shutting down, so that open streams end and do not hold
    /// the graceful shutdown up.
    pub fn closing(&self) -> watch::Receiver<bool> {
        self.closing.subscribe()
    }

    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Stages `change` in the transaction `conn`, to deliver after the commit.
    pub(crate) async fn stage(
        &self,
        conn: &impl ConnectionTrait,
        change: Change,
    ) -> Result<Pending, DbErr> {
        if !self.through_database {
            return Ok(Pending(Some((self.sender.clone(), change))));
        }
        let payload = serde_json::to_string(&change).map_err(|e| DbErr::Custom(e.to_string()))?;
        conn.execute(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT pg_notify($1, $2)",
            [CHANNEL.into(), payload.into()],
        ))
        .await?;
        Ok(Pending(None))
    }

    /// On PostgreSQL, forwards the database's notices to this process's subscribers until the
    /// server shuts down; the listener reconnects by itself when the database comes back.
    pub async fn listen(&self, db: &impl AsRef<sea_orm::DatabaseConnection>) -> Result<(), DbErr> {
        use sea_orm::sqlx::postgres::PgListener;
        if !self.through_database {
            return Ok(());
        }
        let pool = db.as_ref().get_postgres_connection_pool();
        let mut listener = PgListener::connect_with(pool)
            .await
            .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e)))?;
        listener
            .listen(CHANNEL)
            .await
            .map_err(|e| DbErr::Conn(sea_orm::RuntimeErr::SqlxError(e)))?;
        let sender = self.sender.clone();
        let mut closing = self.closing();
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    _ = closing.changed() => break,
                    received = listener.recv() => match received {
                        Ok(notice) => match serde_json::from_str::<Change>(notice.payload()) {
                            Ok(change) => {
                                let _ = sender.send(change);
                            }
                            Err(error) => tracing::warn!(%error, "unreadable change notice"),
                        },
                        Err(error) => {
                            tracing::warn!(%error, "change notices interrupted; retrying");
                            tokio::time::sleep(std::time::Duration::from_secs(1)).await;
                        }
                    },
                }
            }
        });
        Ok(())
    }
}
