//! What the task endpoints take: a new task, and a change to one applied onto the task as it
//! is, both read into the task form's fields (`RawTask`) so that the same rules check them; and
//! the form's field names in problems spelled as the API spells them.

use super::body::present;
use super::model::Task;
use super::problem::Problem;
use chrono::{DateTime, Utc};
use domain::task::RawTask;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A task to add by hand.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NewTaskRequest {
    /// `platform` or `tenant`: the token's side edits its own workstream only.
    #[serde(default)]
    #[schema(required = true, example = "tenant")]
    pub workstream: String,
    #[serde(default)]
    #[schema(required = true, example = "Reset the teller's password")]
    pub title: String,
    /// todo (the default), in_progress, waiting, done or cancelled.
    #[serde(default)]
    pub status: Option<String>,
    /// A responder of the workstream's side.
    #[serde(default)]
    pub assignee_id: Option<i64>,
    /// Left out, the task is due when the incident's next SLA deadline falls.
    #[serde(default)]
    pub due_at: Option<DateTime<Utc>>,
    /// What the task waits for from the other side; required with status `waiting`.
    #[serde(default)]
    pub waiting_note: Option<String>,
}

/// Changes to a task; a field left out keeps its value, `null` clears it (a cleared `due_at`
/// goes back to the SLA's deadline).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskChange {
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub assignee_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<DateTime<Utc>>)]
    pub due_at: Option<Option<DateTime<Utc>>>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub waiting_note: Option<Option<String>>,
}

impl NewTaskRequest {
    /// The task form's fields for this request.
    pub fn raw(&self) -> RawTask {
        RawTask {
            title: self.title.clone(),
            status: self.status.clone().unwrap_or_default(),
            assignee: id_text(self.assignee_id),
            due: self.due_at.map(form_time).unwrap_or_default(),
            waiting_note: self.waiting_note.clone().unwrap_or_default(),
        }
    }
}

impl TaskChange {
    /// The task form's fields for `current` with this change applied.
    pub fn onto(self, current: Task) -> RawTask {
        RawTask {
            title: self.title.unwrap_or(current.title),
            status: self.status.unwrap_or(current.status),
            assignee: id_text(self.assignee_id.unwrap_or(current.assignee_id)),
            due: (self.due_at.unwrap_or(current.due_at))
                .map(form_time)
                .unwrap_or_default(),
            waiting_note: (self.waiting_note.unwrap_or(current.waiting_note)).unwrap_or_default(),
        }
    }
}

fn id_text(id: Option<i64>) -> String {
    id.map(|a| a.to_string()).unwrap_or_default()
}

/// A problem with the task form's field names spelled as the API spells them.
pub fn api_names(mut problem: Problem) -> Problem {
    if problem.0.errors.is_empty() {
        return problem;
    }
    let errors = std::mem::take(&mut problem.0.errors)
        .into_iter()
        .map(|mut error| {
            error.field = match error.field.as_str() {
                "assignee" => "assignee_id".to_owned(),
                "due" => "due_at".to_owned(),
                _ => error.field,
            };
            error
        })
        .collect();
    Problem::fields(errors)
}

/// A time as the task form sends it (UTC, to the second).
fn form_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%dT%H:%M:%S").to_string()
}
