//! Taking checkpoints of the audit log, to be kept outside the database: of the whole log for
//! the operator (only once it verifies, so that no checkpoint vouches for a broken log), and of
//! an admin's own tenant view, which they download to prove later what they were shown.

use super::verify::{BATCH, verify_log};
use crate::access::principal::{self, Action, Principal};
use crate::entities::{audit_entry, tenant};
use chrono::{DateTime, SecondsFormat, Utc};
use contract::error::{AppError, internal};
use domain::audit_chain::ChainBreak;
use domain::audit_chain::checkpoint::{Checkpoint, Fold};
use domain::audit_chain::signing::AuditKey;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// The whole log's checkpoint, signed when there is a key; the first break when the log does
/// not verify.
pub async fn of_log(
    conn: &impl ConnectionTrait,
    now: DateTime<Utc>,
    key: Option<&AuditKey>,
) -> Result<Result<Checkpoint, ChainBreak>, DbErr> {
    Ok(verify_log(conn)
        .await?
        .map(|verified| Checkpoint::of_log(&verified, taken_at(now)).signed(key)))
}

/// The checkpoint of the admin's own tenant view (the platform admin's is the platform's), with
/// that tenant, as the review page shows it: every entry of the tenant so far.
pub async fn of_tenant_view(
    conn: &impl ConnectionTrait,
    who: &Principal,
    now: DateTime<Utc>,
    key: Option<&AuditKey>,
) -> Result<(tenant::Model, Checkpoint), AppError> {
    let me = who.require_user()?;
    principal::authorize(
        who,
        Action::ReadAuditLog {
            tenant_id: me.tenant_id,
        },
    )?;
    let tenant = tenant::Entity::find_by_id(me.tenant_id)
        .one(conn)
        .await?
        .ok_or_else(|| internal("admin without tenant"))?;
    let mut fold = Fold::default();
    let mut after = 0;
    loop {
        // Only the ids and hashes: the checkpoint depends on nothing else.
        let batch: Vec<(i64, String)> = audit_entry::Entity::find()
            .select_only()
            .column(audit_entry::Column::Id)
            .column(audit_entry::Column::Hash)
            .filter(audit_entry::Column::TenantId.eq(tenant.id))
            .filter(audit_entry::Column::Id.gt(after))
            .order_by_asc(audit_entry::Column::Id)
            .limit(BATCH)
            .into_tuple()
            .all(conn)
            .await?;
        let Some((last, _)) = batch.last() else { break };
        after = *last;
        for (id, hash) in &batch {
            fold.add(*id, hash);
        }
    }
    let checkpoint = Checkpoint::of_tenant(&tenant.key, fold, taken_at(now)).signed(key);
    Ok((tenant, checkpoint))
}

fn taken_at(now: DateTime<Utc>) -> String {
    now.to_rfc3339_opts(SecondsFormat::Secs, true)
}
