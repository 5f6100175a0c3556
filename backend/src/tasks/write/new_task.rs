//! Inserting a task, with the due date it gets from the SLA when none is given.

use crate::Principal;
use crate::entities::{incident, task};
use crate::incidents::workspace;
use crate::submission::Submission;
use chrono::{DateTime, Utc};
use domain::access::Side;
use domain::sla::SlaPolicy;
use domain::task::TaskFields;
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, Set};

/// When a task of `incident` is due unless someone says otherwise (see the domain rule).
pub(super) fn default_due(sla: &SlaPolicy, incident: &incident::Model) -> Option<DateTime<Utc>> {
    sla.default_task_due(
        incident.severity,
        incident.detected_at,
        &workspace::reached(incident),
    )
}

/// A task to add: to which workstream, for which duty of the model (none for one added by
/// hand), with what, and the due date it gets when the fields name none.
pub(super) struct NewTask<'a> {
    pub workstream: Side,
    pub duty: Option<String>,
    pub fields: &'a TaskFields,
    pub default_due: Option<DateTime<Utc>>,
    /// The submission that adds it by hand, if it named one.
    pub submission: Option<Submission<'a>>,
}

pub(super) async fn insert(
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
