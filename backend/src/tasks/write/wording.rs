//! The timeline sentences task changes write.

use crate::entities::task;
use crate::markdown::escape;
use crate::tasks::read::assignee_name;
use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::access::Side;
use sea_orm::ConnectionTrait;

pub(super) async fn describe_update(
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

pub(super) fn side_word(side: Side) -> &'static str {
    match side {
        Side::Platform => "Platform",
        Side::Tenant => "Tenant",
    }
}

/// A time as the timeline writes it.
pub(super) fn utc(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}
