//! tower-sessions' store over our own database (SQLite or PostgreSQL). Rows are keyed by a
//! SHA-256 of the session id, so that reading the table never yields a usable cookie; the
//! signed-in user's id is kept in its own column, so that all of a user's sessions can end at once.

use crate::{Clock, Database, entities::session};
use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set, sea_query::OnConflict};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::fmt::Write;
use std::sync::Arc;
use tower_sessions::session::{Id, Record};
use tower_sessions::{SessionStore, session_store};

/// The session value holding the signed-in user's id.
pub const USER_ID: &str = "user_id";

#[derive(Debug, Clone)]
pub struct DbSessionStore {
    db: Database,
    clock: Arc<dyn Clock>,
}

impl DbSessionStore {
    pub fn new(db: Database, clock: Arc<dyn Clock>) -> Self {
        Self { db, clock }
    }
}

/// The stored key of a session id.
pub fn id_hash(id: &Id) -> String {
    let digest = Sha256::digest(id.to_string().as_bytes());
    digest.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

fn backend(e: sea_orm::DbErr) -> session_store::Error {
    if contract::error::database_unreachable(&e) {
        session_store::Error::Backend(contract::error::UNREACHABLE.to_owned())
    } else {
        session_store::Error::Backend(e.to_string())
    }
}

fn to_chrono(t: time::OffsetDateTime) -> DateTime<Utc> {
    DateTime::from_timestamp(t.unix_timestamp(), t.nanosecond()).unwrap_or(DateTime::<Utc>::MIN_UTC)
}

fn to_time(t: DateTime<Utc>) -> time::OffsetDateTime {
    time::OffsetDateTime::from_unix_timestamp(t.timestamp())
        .unwrap_or(time::OffsetDateTime::UNIX_EPOCH)
}

impl DbSessionStore {
    /// The row for `record`. tower-sessions sets the expiry by the system time; it is stored
    /// by our clock's time, which `load` compares it with.
    fn row(&self, record: &Record) -> session_store::Result<session::ActiveModel> {
        let data = serde_json::to_string(&record.data)
            .map_err(|e| session_store::Error::Encode(e.to_string()))?;
        Ok(session::ActiveModel {
            id_hash: Set(id_hash(&record.id)),
            user_id: Set(record.data.get(USER_ID).and_then(serde_json::Value::as_i64)),
            data: Set(data),
            expires_at: Set(to_chrono(record.expiry_date) + self.clock.ahead_of_system()),
        })
    }
}

#[async_trait::async_trait]
impl SessionStore for DbSessionStore {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        let txn = self.db.begin_write().await.map_err(backend)?;
        // A fresh id that happens to exist already is replaced, never overwritten.
        while session::Entity::find_by_id(id_hash(&record.id))
            .one(&txn)
            .await
            .map_err(backend)?
            .is_some()
        {
            record.id = Id::default();
        }
        session::Entity::insert(self.row(record)?)
            .exec(&txn)
            .await
            .map_err(backend)?;
        txn.commit().await.map_err(backend)
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        let txn = self.db.begin_write().await.map_err(backend)?;
        session::Entity::insert(self.row(record)?)
            .on_conflict(
                OnConflict::column(session::Column::IdHash)
                    .update_columns([
                        session::Column::UserId,
                        session::Column::Data,
                        session::Column::ExpiresAt,
                    ])
                    .to_owned(),
            )
            .exec(&txn)
            .await
            .map_err(backend)?;
        txn.commit().await.map_err(backend)
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let Some(stored) = session::Entity::find_by_id(id_hash(id))
            .one(self.db.conn())
            .await
            .map_err(backend)?
        else {
            return Ok(None);
        };
        if stored.expires_at <= self.clock.now() {
            return Ok(None);
        }
        let data: HashMap<String, serde_json::Value> = serde_json::from_str(&stored.data)
            .map_err(|e| session_store::Error::Decode(e.to_string()))?;
        Ok(Some(Record {
            id: *id,
            data,
            expiry_date: to_time(stored.expires_at - self.clock.ahead_of_system()),
        }))
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let txn = self.db.begin_write().await.map_err(backend)?;
        session::Entity::delete_by_id(id_hash(id))
            .exec(&txn)
            .await
            .map_err(backend)?;
        txn.commit().await.map_err(backend)
    }
}

/// Ends every session of `user_id` (on the caller's transaction).
pub async fn end_all_of_user(
    conn: &impl sea_orm::ConnectionTrait,
    user_id: i64,
) -> Result<u64, sea_orm::DbErr> {
    let done = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    Ok(done.rows_affected)
}

/// Removes sessions that expired before `now`.
pub async fn delete_expired(db: &Database, now: DateTime<Utc>) -> Result<u64, sea_orm::DbErr> {
    let txn = db.begin_write().await?;
    let done = session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lt(now))
        .exec(&txn)
        .await?;
    txn.commit().await?;
    Ok(done.rows_affected)
}
