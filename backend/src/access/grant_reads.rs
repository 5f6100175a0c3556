//! Recording reads under an access grant for the tenant, one visit at a time: the first read of
//! a visit writes an audit entry and a `grant_reads` row pointing at it; the reads that continue
//! the visit (`domain::access::grant_reads`) are counted on that row and write no entry. Audit
//! entries are append-only, which is why the count lives beside the entry, not in it.

use crate::access::principal::Principal;
use crate::audit::record::{self as audit, AuditEvent};
use crate::db::WriteTxn;
use crate::entities::{access_grant, audit_chain, grant_read, incident, user};
use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::IncidentKey;
use domain::access::continues_visit;
use domain::audit::{AuditAction, AuditObject};
use sea_orm::sea_query::{Expr, LockType};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};

/// One read of an incident that its reader sees only under `grant_id`.
#[derive(Debug, Clone)]
pub struct GrantRead {
    pub tenant_id: i64,
    pub grant_id: i64,
    pub incident_id: i64,
    pub key: IncidentKey,
}

/// On PostgreSQL, takes the row locks that recording `reads` by `reader_id` needs, before it
/// appends to the audit chain. SQLite's write transactions take turns already.
///
/// The grants are locked so that simultaneous reads under one grant take turns: the second
/// finds the first's visit and counts itself on it instead of writing a second entry (a unique
/// index could not say "within the window", and a lost race would have to be retried). The
/// incidents and the reader are share-locked now because the new row's foreign keys would
/// share-lock them after the chain's lock, while an incident change holds its incident and
/// waits for the chain: taken in that order the two would deadlock.
pub async fn lock_for(txn: &WriteTxn, reader_id: i64, reads: &[GrantRead]) -> Result<(), DbErr> {
    if txn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    // In id order, so that two readers of overlapping lists cannot lock crosswise.
    let mut grants: Vec<i64> = reads.iter().map(|r| r.grant_id).collect();
    grants.sort_unstable();
    grants.dedup();
    access_grant::Entity::find()
        .select_only()
        .column(access_grant::Column::Id)
        .filter(access_grant::Column::Id.is_in(grants))
        .order_by_asc(access_grant::Column::Id)
        .lock(LockType::NoKeyUpdate)
        .into_tuple::<i64>()
        .all(txn)
        .await?;
    let mut incidents: Vec<i64> = reads.iter().map(|r| r.incident_id).collect();
    incidents.sort_unstable();
    incident::Entity::find()
        .select_only()
        .column(incident::Column::Id)
        .filter(incident::Column::Id.is_in(incidents))
        .order_by_asc(incident::Column::Id)
        .lock(LockType::KeyShare)
        .into_tuple::<i64>()
        .all(txn)
        .await?;
    user::Entity::find_by_id(reader_id)
        .select_only()
        .column(user::Column::Id)
        .lock(LockType::KeyShare)
        .into_tuple::<i64>()
        .one(txn)
        .await?;
    Ok(())
}

/// Records `read` by `who` (user `reader_id`) at `now`: counted on the reader's current visit
/// to the incident under the grant, or as a new visit with its audit entry. Call it on a write
/// transaction after [`lock_for`].
pub async fn record(
    txn: &WriteTxn,
    who: &Principal,
    reader_id: i64,
    read: GrantRead,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let last = grant_read::Entity::find()
        .filter(grant_read::Column::GrantId.eq(read.grant_id))
        .filter(grant_read::Column::IncidentId.eq(read.incident_id))
        .filter(grant_read::Column::ReaderId.eq(reader_id))
        .order_by_desc(grant_read::Column::Id)
        .one(txn)
        .await?;
    if let Some(visit) = last.filter(|v| continues_visit(v.last_at, now)) {
        grant_read::Entity::update_many()
            .col_expr(
                grant_read::Column::Reads,
                Expr::col(grant_read::Column::Reads).add(1),
            )
            .col_expr(
                grant_read::Column::LastAt,
                Expr::value(visit.last_at.max(now)),
            )
            .filter(grant_read::Column::Id.eq(visit.id))
            .exec(txn)
            .await?;
        return Ok(());
    }
    audit::record(
        txn,
        who,
        AuditEvent {
            tenant_id: read.tenant_id,
            action: AuditAction::IncidentReadUnderGrant,
            object: AuditObject::Incident(&read.key),
            detail: serde_json::json!({ "grant": read.grant_id, "number": read.key.number }),
        },
        now,
    )
    .await?;
    grant_read::ActiveModel {
        tenant_id: Set(read.tenant_id),
        grant_id: Set(read.grant_id),
        incident_id: Set(read.incident_id),
        reader_id: Set(reader_id),
        audit_entry_id: Set(appended_entry_id(txn).await?),
        first_at: Set(now),
        last_at: Set(now),
        reads: Set(1),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// The id of the entry this transaction appended last: the chain's head, which no other writer
/// can move before this transaction ends (SQLite's write lock; on PostgreSQL the append holds
/// the head row's lock until commit).
async fn appended_entry_id(txn: &WriteTxn) -> Result<i64, DbErr> {
    if let Some(head) = txn.known_audit_head() {
        return Ok(head.last_id);
    }
    audit_chain::Entity::find_by_id(1)
        .one(txn)
        .await?
        .map(|head| head.last_id)
        .ok_or_else(|| DbErr::RecordNotFound("audit chain head".to_owned()))
}
