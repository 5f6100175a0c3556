//! Finding the incident an alert's dedup key reaches: the tenant's one incident with the key
//! that is not closed. Two alerts with a new key arriving together must open one incident, so
//! the lookup and the opening happen in one write transaction that holds a lock on the key:
//! on SQLite the write transaction itself (writers are serialised); on PostgreSQL a
//! transaction-scoped advisory lock on a hash of tenant and key, which serialises only the
//! alerts with that key. The partial unique index on (tenant, key) of incidents not closed
//! stands behind both.

use crate::entities::incident;
use domain::IncidentStatus;
use domain::alert::DedupKey;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, Statement,
};
use sha2::{Digest, Sha256};

/// Holds the lock on `key` of `tenant_id` until the transaction `conn` ends.
pub async fn lock(
    conn: &impl ConnectionTrait,
    tenant_id: i64,
    key: &DedupKey,
) -> Result<(), DbErr> {
    if conn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let lock = Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_advisory_xact_lock($1)",
        [lock_id(tenant_id, key).into()],
    );
    conn.execute(lock).await?;
    Ok(())
}

/// The advisory lock's number: the first eight bytes of a SHA-256 of tenant and key, the same
/// in every process (a process-seeded hash would not be). Two keys sharing a number only wait
/// for each other.
fn lock_id(tenant_id: i64, key: &DedupKey) -> i64 {
    let mut hash = Sha256::new();
    hash.update(b"tandem alert dedup\0");
    hash.update(tenant_id.to_be_bytes());
    hash.update(key.as_str().as_bytes());
    let digest = hash.finalize();
    let mut first = [0u8; 8];
    first.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(first)
}

/// The tenant's incident with `key` that is not closed, if there is one.
pub async fn find_open(
    conn: &impl ConnectionTrait,
    tenant_id: i64,
    key: &DedupKey,
) -> Result<Option<incident::Model>, DbErr> {
    // Written as the partial index's own condition, so that SQLite can use the index.
    let open = format!(
        "dedup_key IS NOT NULL AND status <> '{}'",
        IncidentStatus::Closed.code()
    );
    incident::Entity::find()
        .filter(incident::Column::TenantId.eq(tenant_id))
        .filter(incident::Column::DedupKey.eq(key.as_str()))
        .filter(Expr::cust(open))
        .one(conn)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_numbers_are_stable_and_depend_on_tenant_and_key() {
        let key = DedupKey::derived(&["k"]);
        assert_eq!(lock_id(1, &key), lock_id(1, &key));
        assert_ne!(lock_id(1, &key), lock_id(2, &key));
    }
}
