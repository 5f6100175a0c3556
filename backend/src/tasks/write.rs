//! Changing remediation tasks: seeded from triage's playbook, added and changed by the side
//! whose workstream they are in (reading them is in `tasks::read`). Seeding is in `seed`,
//! inserting in `new_task`, the checks in `checks`, the timeline's wording in `wording`.

mod checks;
mod new_task;
mod seed;
mod wording;

pub use seed::seed;

use crate::Principal;
use crate::entities::task;
use crate::incidents::change::{Earlier, IncidentWrite, Outcome, Part};
use crate::incidents::workspace::{Entry, Workspace};
use crate::markdown::escape;
use crate::submission::{Created, Submission, reused};
use crate::tasks::read::assignee_name;
use checks::{check_assignee, may_edit, parse_workstream};
use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::IncidentKey;
use domain::audit::AuditAction;
use domain::note::EntryVisibility;
use domain::task::RawTask;
use domain::timeline::EntryKind;
use new_task::{NewTask, default_due, insert};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use wording::{describe_update, side_word, utc};

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
