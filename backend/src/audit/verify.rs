//! Verifying the audit log: it is read in id order, a batch at a time, and each entry is checked
//! against the one before as it arrives, so a log of any length verifies in constant memory.
//! The chain's end must then be the entry the head row records; given a checkpoint, the log
//! must also still extend it.

use crate::entities::{audit_chain, audit_entry, tenant};
use domain::audit_chain::checkpoint::{Checkpoint, CheckpointCheck, CheckpointMismatch};
use domain::audit_chain::signing::{AuditKey, Signature};
use domain::audit_chain::{AuditFields, ChainBreak, ChainCheck, Head, StoredEntry, Verified};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// Entries read per query: enough to keep round trips few, few enough to keep memory flat.
pub const BATCH: u64 = 1_000;

/// Why a log does not verify.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Broken {
    #[error(transparent)]
    Chain(#[from] ChainBreak),
    #[error(transparent)]
    Checkpoint(#[from] CheckpointMismatch),
}

/// Checks the whole log and its head: the log as verified, or the first break.
pub async fn verify_log(
    conn: &impl ConnectionTrait,
) -> Result<Result<Verified, ChainBreak>, DbErr> {
    stream(conn, |_| {}).await
}

/// [`verify_log`] as a count of entries, the shape the earlier callers expect.
pub async fn verify_all(conn: &impl ConnectionTrait) -> Result<Result<usize, ChainBreak>, DbErr> {
    Ok(verify_log(conn)
        .await?
        .map(|v| usize::try_from(v.entries).unwrap_or(usize::MAX)))
}

/// Checks the log as [`verify_log`] does, and that it still extends `checkpoint`, whose
/// signature is checked first under `key`.
pub async fn verify_against(
    conn: &impl ConnectionTrait,
    checkpoint: &Checkpoint,
    key: Option<&AuditKey>,
) -> Result<Result<(Verified, Signature), Broken>, DbErr> {
    let signature = match checkpoint.check_signature(key) {
        Ok(signature) => signature,
        Err(mismatch) => return Ok(Err(mismatch.into())),
    };
    let tenant_id = match &checkpoint.tenant {
        None => None,
        Some(key) => {
            let found = tenant::Entity::find()
                .filter(tenant::Column::Key.eq(key.as_str()))
                .one(conn)
                .await?;
            match found {
                Some(tenant) => Some(tenant.id),
                None => return Ok(Err(CheckpointMismatch::UnknownTenant(key.clone()).into())),
            }
        }
    };
    let mut anchor = CheckpointCheck::new(checkpoint, tenant_id);
    let verified = match stream(conn, |entry| anchor.observe(entry)).await? {
        Ok(verified) => verified,
        Err(broken) => return Ok(Err(broken.into())),
    };
    Ok(anchor
        .finish(checkpoint)
        .map(|()| (verified, signature))
        .map_err(Broken::from))
}

/// Streams the entries up to the head as it stood when verification began (later appends are
/// left for the next run), showing each one that links to `observe`.
async fn stream(
    conn: &impl ConnectionTrait,
    mut observe: impl FnMut(&StoredEntry),
) -> Result<Result<Verified, ChainBreak>, DbErr> {
    let head = read_head(conn).await?;
    let mut chain = ChainCheck::new();
    let mut after = 0;
    loop {
        let batch = audit_entry::Entity::find()
            .filter(audit_entry::Column::Id.gt(after))
            .filter(audit_entry::Column::Id.lte(head.last_id))
            .order_by_asc(audit_entry::Column::Id)
            .limit(BATCH)
            .all(conn)
            .await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for entry in batch.into_iter().map(stored) {
            if let Err(broken) = chain.push(&entry) {
                return Ok(Err(broken));
            }
            observe(&entry);
        }
    }
    let verified = match chain.finish(&head) {
        Ok(verified) => verified,
        Err(broken) => return Ok(Err(broken)),
    };
    Ok(beyond_head(conn).await?.map_or(Ok(verified), Err))
}

/// Entries past the head: an append moves the head in its own transaction, so once the newest
/// entry has been read, a head read after it records that entry or a later one. One that does
/// not was set back (or the entries were slipped in around it).
async fn beyond_head(conn: &impl ConnectionTrait) -> Result<Option<ChainBreak>, DbErr> {
    let newest: Option<i64> = audit_entry::Entity::find()
        .select_only()
        .column(audit_entry::Column::Id)
        .order_by_desc(audit_entry::Column::Id)
        .limit(1)
        .into_tuple()
        .one(conn)
        .await?;
    let head = read_head(conn).await?;
    Ok(newest
        .filter(|last| *last > head.last_id)
        .map(|last| ChainBreak::BeyondHead {
            last,
            head: head.last_id,
        }))
}

async fn read_head(conn: &impl ConnectionTrait) -> Result<Head, DbErr> {
    audit_chain::Entity::find_by_id(1)
        .one(conn)
        .await?
        .map(|h| Head {
            last_id: h.last_id,
            last_hash: h.last_hash,
        })
        .ok_or_else(|| DbErr::RecordNotFound("audit chain head".to_owned()))
}

fn stored(e: audit_entry::Model) -> StoredEntry {
    StoredEntry {
        fields: AuditFields {
            id: e.id,
            tenant_id: e.tenant_id,
            actor: e.actor,
            action: e.action,
            object: e.object,
            detail: e.detail,
            source: e.source,
            occurred_at: e.occurred_at,
        },
        prev_hash: e.prev_hash,
        hash: e.hash,
    }
}
