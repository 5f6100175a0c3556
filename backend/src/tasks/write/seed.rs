//! The tasks triage seeds from the decision's playbook, one per duty and side, each audited.

use super::new_task::{NewTask, default_due, insert};
use crate::Principal;
use crate::audit::record::{self as audit, AuditEvent};
use crate::db::WriteTxn;
use crate::entities::{incident, task};
use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::IncidentKey;
use domain::audit::{AuditAction, AuditObject};
use domain::responsibility::Decision;
use domain::sla::SlaPolicy;
use domain::task::{TaskFields, TaskStatus};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};

/// Adds the playbook tasks of `decision` that `incident` (`key`) does not have yet (one per
/// duty and side), each with its `task.added` audit entry in the same transaction. Returns how
/// many were added.
pub async fn seed(
    txn: &WriteTxn,
    sla: &SlaPolicy,
    incident: &incident::Model,
    key: &IncidentKey,
    decision: &Decision,
    who: &Principal,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let conn = txn;
    let existing = task::Entity::find()
        .filter(task::Column::IncidentId.eq(incident.id))
        .all(conn)
        .await?;
    let due = default_due(sla, incident);
    let mut added = 0;
    for planned in &decision.tasks {
        let workstream = planned.side;
        let present = existing
            .iter()
            .any(|t| t.workstream == workstream && t.duty.as_deref() == Some(&planned.duty));
        if present {
            continue;
        }
        let fields = TaskFields {
            title: planned.title.clone(),
            status: TaskStatus::Todo,
            assignee: None,
            due: None,
            waiting_note: None,
        };
        let new = NewTask {
            workstream,
            duty: Some(planned.duty.clone()),
            fields: &fields,
            default_due: due,
            submission: None,
        };
        let created = insert(conn, incident, new, who, now).await?;
        let event = AuditEvent {
            tenant_id: incident.tenant_id,
            action: AuditAction::TaskAdded,
            object: AuditObject::Task {
                incident: key,
                task: created.id,
            },
            detail: serde_json::json!({
                "task": created.id,
                "workstream": created.workstream.code(),
                "duty": created.duty,
                "status": created.status.code(),
                "seeded_from_triage": true,
            }),
        };
        audit::record(txn, who, event, now).await?;
        added += 1;
    }
    Ok(added)
}
