//! Writing the audit log. Every change records its entry inside the change's own transaction,
//! so a change without its entry cannot be committed.

use crate::{
    Principal,
    db::{AuditHead, WriteTxn},
    entities::{audit_chain, audit_entry},
};
use chrono::{DateTime, Utc};
use domain::audit::{AuditAction, AuditObject};
use domain::audit_chain::{AuditFields, entry_hash};
use sea_orm::{ActiveModelTrait, DbErr, EntityTrait, QuerySelect, Set};

/// Verification lives in `verify`; this path is kept for the callers that still name it.
pub use super::verify::verify_all;

/// What happened, to which object, within which tenant.
pub struct AuditEvent<'a> {
    pub tenant_id: i64,
    pub action: AuditAction,
    pub object: AuditObject<'a>,
    pub detail: serde_json::Value,
}

/// Appends `event` to the chain. Call it on the transaction of the change it records.
pub async fn record(
    txn: &WriteTxn,
    who: &Principal,
    event: AuditEvent<'_>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    record_as(txn, who.audit_name(), who, event, now).await
}

/// Like [`record`], naming the actor explicitly (a user who is signing in is not yet the
/// request's principal).
pub async fn record_as(
    txn: &WriteTxn,
    actor: &str,
    who: &Principal,
    event: AuditEvent<'_>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let conn = txn;
    let head = match txn.known_audit_head() {
        // SQLite: read with the write lock when the transaction began.
        Some(head) => head,
        // PostgreSQL: FOR UPDATE, so that concurrent appends queue on the head row.
        None => audit_chain::Entity::find_by_id(1)
            .lock_exclusive()
            .one(conn)
            .await?
            .map(|h| AuditHead {
                last_id: h.last_id,
                last_hash: h.last_hash,
            })
            .ok_or_else(|| DbErr::RecordNotFound("audit chain head".to_owned()))?,
    };
    let fields = AuditFields {
        id: head.last_id + 1,
        tenant_id: event.tenant_id,
        actor: actor.to_owned(),
        action: event.action.code().to_owned(),
        object: event.object.to_string(),
        detail: event.detail.to_string(),
        source: who.source().to_owned(),
        occurred_at: now.to_rfc3339(),
    };
    let hash = entry_hash(&head.last_hash, &fields);
    audit_entry::ActiveModel {
        id: Set(fields.id),
        tenant_id: Set(fields.tenant_id),
        actor: Set(fields.actor),
        action: Set(fields.action),
        object: Set(fields.object),
        detail: Set(fields.detail),
        source: Set(fields.source),
        occurred_at: Set(fields.occurred_at),
        prev_hash: Set(head.last_hash.clone()),
        hash: Set(hash.clone()),
    }
    .insert(conn)
    .await?;
    audit_chain::ActiveModel {
        id: Set(1),
        last_id: Set(fields.id),
        last_hash: Set(hash.clone()),
    }
    .update(conn)
    .await?;
    txn.appended_to_audit_chain(AuditHead {
        last_id: fields.id,
        last_hash: hash,
    });
    Ok(())
}
