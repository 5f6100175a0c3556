//! Keeps the stored deadlines in step with the SLA targets. Each incident stores its next
//! deadline (`next_due_at`, indexed, so "overdue" is a range query); when the server starts with
//! other targets than the ones those deadlines were computed with, it computes them again once,
//! records the change in the audit log, and remembers the targets.

use crate::Principal;
use crate::audit::record::{self as audit, AuditEvent};
use crate::entities::{incident, setting, tenant};
use crate::incidents::workspace::reached;
use chrono::{DateTime, Utc};
use contract::error::{AppError, internal};
use domain::TenantKind;
use domain::audit::{AuditAction, AuditObject};
use domain::sla::SlaPolicy;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

/// The setting that holds the targets the stored deadlines follow.
const SLA_SETTING: &str = "sla_policy";
/// Incidents read at a time while recomputing.
const BATCH: u64 = 1_000;

/// What following the targets did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Followed {
    /// The stored deadlines were computed with these targets already.
    Unchanged,
    /// The targets changed: this many incidents got another next deadline.
    Recomputed { incidents: usize },
}

/// Recomputes every stored next deadline when `sla` differs from the targets they were computed
/// with, in one transaction with its audit entry.
pub async fn follow(
    db: &crate::Database,
    sla: &SlaPolicy,
    now: DateTime<Utc>,
) -> Result<Followed, AppError> {
    let targets = serde_json::to_string(sla).map_err(internal)?;
    let txn = db.begin_write().await?;
    let stored = setting::Entity::find_by_id(SLA_SETTING).one(&txn).await?;
    if stored.as_ref().is_some_and(|s| s.value == targets) {
        return Ok(Followed::Unchanged);
    }
    let mut changed = 0;
    let mut after = 0;
    loop {
        let batch = incident::Entity::find()
            .filter(incident::Column::Id.gt(after))
            .order_by_asc(incident::Column::Id)
            .limit(BATCH)
            .all(&txn)
            .await?;
        let Some(last) = batch.last() else { break };
        after = last.id;
        for row in batch {
            let due = sla.next_deadline(row.severity, row.detected_at, &reached(&row));
            if due != row.next_due_at {
                incident::Entity::update_many()
                    .col_expr(incident::Column::NextDueAt, due.into())
                    .filter(incident::Column::Id.eq(row.id))
                    .exec(&txn)
                    .await?;
                changed += 1;
            }
        }
    }
    let row = setting::ActiveModel {
        name: Set(SLA_SETTING.to_owned()),
        value: Set(targets.clone()),
    };
    if stored.is_some() {
        row.update(&txn).await?;
    } else {
        row.insert(&txn).await?;
    }
    let platform = tenant::Entity::find()
        .filter(tenant::Column::Kind.eq(TenantKind::Platform))
        .one(&txn)
        .await?;
    // Before the platform exists there is nothing to recompute nor anyone to tell.
    if let Some(platform) = platform {
        let event = AuditEvent {
            tenant_id: platform.id,
            action: AuditAction::SlaTargetsChanged,
            object: AuditObject::Tenant(&platform.key),
            detail: serde_json::json!({
                "previous": stored.map(|s| s.value),
                "targets": serde_json::from_str::<serde_json::Value>(&targets).map_err(internal)?,
                "incidents_recomputed": changed,
            }),
        };
        audit::record(&txn, &Principal::command_line(), event, now).await?;
    }
    txn.commit().await?;
    Ok(Followed::Recomputed { incidents: changed })
}
