//! Changing remediation tasks: seeded from triage's playbook, added and changed by the side
//! whose workstream they are in. Reading them is in `task_queries`.

use crate::Principal;
use crate::audit::record::{self as audit, AuditEvent};
use crate::db::WriteTxn;
use crate::entities::{incident, task};
use crate::incidents::change::{Earlier, IncidentWrite, Outcome, Part};
use crate::incidents::workspace;
use crate::incidents::workspace::{Entry, Workspace};
use crate::markdown::escape;
use crate::submission::{Created, Submission, reused};
use crate::tasks::read::{assignee_name, assignees};
use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::access::Side;
use domain::audit::{AuditAction, AuditObject};
use domain::note::EntryVisibility;
use domain::responsibility::Decision;
use domain::sla::SlaPolicy;
use domain::task::{RawTask, TaskFields, TaskStatus, can_edit_workstream};
use domain::timeline::EntryKind;
use domain::{FieldError, IncidentKey};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

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

/// When a task of `incident` is due unless someone says otherwise (see the domain rule).
fn default_due(sla: &SlaPolicy, incident: &incident::Model) -> Option<DateTime<Utc>> {
    sla.default_task_due(
        incident.severity,
        incident.detected_at,
        &workspace::reached(incident),
    )
}

/// A task to add: to which workstream, for which duty of the model (none for one added by
/// hand), with what, and the due date it gets when the fields name none.
struct NewTask<'a> {
    workstream: Side,
    duty: Option<String>,
    fields: &'a TaskFields,
    default_due: Option<DateTime<Utc>>,
    /// The submission that adds it by hand, if it named one.
    submission: Option<Submission<'a>>,
}

async fn insert(
    conn: &impl ConnectionTrait,
    incident: &incident::Model,
    new: NewTask<'_>,
    who: &Principal,
    now: DateTime<Utc>,
) -> Result<task::Model, DbErr> {
    let NewTask {
        workstream,
        duty,
        fields,
        default_due,
        submission,
    } = new;
    task::ActiveModel {
        tenant_id: Set(incident.tenant_id),
        incident_id: Set(incident.id),
        workstream: Set(workstream),
        duty: Set(duty),
        title: Set(fields.title.clone()),
        status: Set(fields.status),
        assignee_id: Set(fields.assignee),
        due_at: Set(fields.due.or(default_due)),
        waiting_note: Set(fields.waiting_note.clone()),
        idempotency_key: Set(submission.map(|s| s.key.to_owned())),
        idempotency_body: Set(submission.and_then(|s| s.stored_digest())),
        version: Set(1),
        created_by: Set(who.display_name().to_owned()),
        updated_by: Set(who.display_name().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
}

/// Adds a task to the `workstream` of incident `key`. A repeat of the submission with
/// `idempotency_key` adds nothing and answers as the first did.
pub async fn add(
    ws: Workspace<'_>,
    who: &Principal,
    key: &IncidentKey,
    workstream: &str,
    raw: &RawTask,
    idempotency_key: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let submission = Submission::form(idempotency_key);
    submit(ws, who, key, workstream, raw, submission, now).await?;
    Ok(())
}

/// Adds a task as [`add`] does for `submission`, answering the new task's id, or the id of
/// the task an earlier submission with its key added.
pub async fn submit(
    ws: Workspace<'_>,
    who: &Principal,
    key: &IncidentKey,
    workstream: &str,
    raw: &RawTask,
    submission: Option<Submission<'_>>,
    now: DateTime<Utc>,
) -> Result<Created<i64>, AppError> {
    let write = IncidentWrite::begin(ws, who, key, now).await?;
    let (txn, incident) = (write.txn(), write.current());
    let side = parse_workstream(workstream)?;
    may_edit(who, side)?;
    let fields = raw.parse().map_err(AppError::invalid)?;
    match write.earlier(submission).await? {
        Some(Earlier::Task(id)) => return Ok(Created::replayed(id)),
        Some(Earlier::Note(_)) => return Err(reused()),
        None => {}
    }
    check_assignee(txn, incident, side, fields.assignee).await?;
    let due = default_due(ws.sla, incident);
    let new = NewTask {
        workstream: side,
        duty: None,
        fields: &fields,
        default_due: due,
        submission,
    };
    let created = insert(txn, incident, new, who, now).await?;
    let assignee = assignee_name(txn, created.assignee_id).await?;
    let body = format!(
        "{} task added: **{}** ({}{}).",
        side_word(side),
        escape(&created.title),
        assignee.map_or_else(
            || "unassigned".to_owned(),
            |n| format!("assigned to {}", escape(&n))
        ),
        created
            .due_at
            .map(|d| format!(", due {}", utc(d)))
            .unwrap_or_default(),
    );
    finish(write, &created, AuditAction::TaskAdded, body).await?;
    Ok(Created::new(created.id))
}

/// Changes task `task_id` of incident `key`, seen at `version`.
pub async fn update(
    ws: Workspace<'_>,
    who: &Principal,
    key: &IncidentKey,
    task_id: i64,
    version: i64,
    raw: &RawTask,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let write = IncidentWrite::begin(ws, who, key, now).await?;
    let (txn, incident) = (write.txn(), write.current());
    let current = task::Entity::find_by_id(task_id)
        .filter(task::Column::IncidentId.eq(incident.id))
        .filter(task::Column::TenantId.eq(incident.tenant_id))
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let side = current.workstream;
    may_edit(who, side)?;
    let fields = raw.parse().map_err(AppError::invalid)?;
    if current.version != version {
        return Err(AppError::Conflict {
            since_version: None,
        });
    }
    check_assignee(txn, incident, side, fields.assignee).await?;
    let mut row: task::ActiveModel = current.clone().into();
    row.title = Set(fields.title.clone());
    row.status = Set(fields.status);
    row.assignee_id = Set(fields.assignee);
    // An emptied due date goes back to the SLA's.
    row.due_at = Set(fields.due.or(default_due(ws.sla, incident)));
    row.waiting_note = Set(fields.waiting_note.clone());
    row.version = Set(version + 1);
    row.updated_by = Set(who.display_name().to_owned());
    row.updated_at = Set(now);
    let result = task::Entity::update_many()
        .set(row)
        .filter(task::Column::Id.eq(current.id))
        .filter(task::Column::Version.eq(version))
        .exec(txn)
        .await?;
    if result.rows_affected != 1 {
        return Err(AppError::Conflict {
            since_version: None,
        });
    }
    let saved = task::Entity::find_by_id(current.id)
        .one(txn)
        .await?
        .ok_or(AppError::NotFound)?;
    let body = describe_update(txn, side, &current, &saved).await?;
    finish(write, &saved, AuditAction::TaskUpdated, body).await
}

/// Writes the timeline entry of a task change and commits it with its audit entry and notice.
async fn finish(
    write: IncidentWrite<'_>,
    task: &task::Model,
    action: AuditAction,
    body: String,
) -> Result<(), AppError> {
    let entry = Entry {
        kind: EntryKind::Task,
        visibility: EntryVisibility::Shared,
        body,
        occurred_at: write.now,
        incident_version: None,
    };
    write.record(entry).await?;
    let detail = serde_json::json!({
        "task": task.id,
        "workstream": task.workstream.code(),
        "status": task.status.code(),
        "assignee": task.assignee_id,
        "version": task.version,
    });
    let incident = write.current().clone();
    write
        .commit(Outcome {
            action,
            task: Some(task.id),
            detail,
            part: Part::Tasks,
            visibility: EntryVisibility::Shared,
            saved: &incident,
        })
        .await
}

async fn describe_update(
    conn: &impl ConnectionTrait,
    side: Side,
    before: &task::Model,
    after: &task::Model,
) -> Result<String, AppError> {
    let mut changes = Vec::new();
    if before.title != after.title {
        changes.push(format!("renamed from “{}”", escape(&before.title)));
    }
    if before.status != after.status {
        let label = after.status.label();
        changes.push(format!("now **{}**", label.to_lowercase()));
    }
    if before.assignee_id != after.assignee_id {
        changes.push(match assignee_name(conn, after.assignee_id).await? {
            Some(name) => format!("assigned to {}", escape(&name)),
            None => "unassigned".to_owned(),
        });
    }
    if before.due_at != after.due_at {
        changes.push(match after.due_at {
            Some(d) => format!("due {}", utc(d)),
            None => "no due date".to_owned(),
        });
    }
    let mut body = format!(
        "{} task **{}**: {}.",
        side_word(side),
        escape(&after.title),
        if changes.is_empty() {
            "saved without changes".to_owned()
        } else {
            changes.join(", ")
        }
    );
    if let Some(note) = after
        .waiting_note
        .as_deref()
        .filter(|_| before.waiting_note != after.waiting_note)
    {
        body.push_str("\n\nWaiting for: ");
        body.push_str(&escape(note));
    }
    Ok(body)
}

fn side_word(side: Side) -> &'static str {
    match side {
        Side::Platform => "Platform",
        Side::Tenant => "Tenant",
    }
}

/// A time as the timeline writes it.
fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// The workstream a form names.
fn parse_workstream(raw: &str) -> Result<Side, AppError> {
    Side::parse(raw).ok_or_else(|| {
        AppError::invalid(vec![FieldError::new(
            "workstream",
            "Choose the platform or the tenant workstream.",
        )])
    })
}

/// Whether `who` may change tasks of `side`'s workstream.
fn may_edit(who: &Principal, side: Side) -> Result<(), AppError> {
    match who.acting() {
        Some(user) if can_edit_workstream(user.role, side) => Ok(()),
        Some(_) => Err(AppError::Forbidden),
        None if who.scope().is_ok() => Ok(()),
        None => Err(AppError::Unauthenticated),
    }
}

/// The assignee must be an active responder of the workstream's side: of the incident's tenant
/// for the tenant workstream, of the platform for the platform's.
async fn check_assignee(
    conn: &impl ConnectionTrait,
    incident: &incident::Model,
    side: Side,
    assignee: Option<i64>,
) -> Result<(), AppError> {
    let Some(id) = assignee else {
        return Ok(());
    };
    let allowed = assignees(conn, incident, side).await?;
    if allowed.iter().any(|a| a.id == id) {
        Ok(())
    } else {
        Err(AppError::invalid(vec![FieldError::new(
            "assignee",
            format!("Choose someone from the {} side.", side.code()),
        )]))
    }
}
