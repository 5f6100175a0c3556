//! Remediation tasks: each belongs to one side's workstream, is assigned to someone of that
//! side, and can wait on the other side with a note saying for what.

use crate::access::Role;
use crate::responsibility::Side;
use crate::{FieldError, form_time};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TaskStatus {
    Todo,
    InProgress,
    /// Blocked until the other side does something; the task's note says what.
    Waiting,
    Done,
    Cancelled,
}

impl TaskStatus {
    pub const ALL: [TaskStatus; 5] = [
        Self::Todo,
        Self::InProgress,
        Self::Waiting,
        Self::Done,
        Self::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Self::Todo => "todo",
            Self::InProgress => "in_progress",
            Self::Waiting => "waiting",
            Self::Done => "done",
            Self::Cancelled => "cancelled",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Todo => "To do",
            Self::InProgress => "In progress",
            Self::Waiting => "Waiting on the other side",
            Self::Done => "Done",
            Self::Cancelled => "Cancelled",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.code() == raw)
    }

    /// Whether the task still stands between the incident and its resolution.
    pub fn is_open(self) -> bool {
        matches!(self, Self::Todo | Self::InProgress | Self::Waiting)
    }
}

/// Whether someone with `role` may add and change tasks in `workstream`: responders of that
/// side only; everyone who sees the incident reads both workstreams.
pub fn can_edit_workstream(role: Role, workstream: Side) -> bool {
    role.can_respond() && role.side() == workstream
}

/// A task form as submitted: every field a string.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RawTask {
    pub title: String,
    pub status: String,
    /// A user id of the workstream's side, or empty for nobody.
    #[serde(default)]
    pub assignee: String,
    /// `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM` (UTC), or empty for the SLA's deadline.
    #[serde(default)]
    pub due: String,
    #[serde(default)]
    pub waiting_note: String,
}

/// A checked task form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TaskFields {
    pub title: String,
    pub status: TaskStatus,
    pub assignee: Option<i64>,
    /// `None`: due when the incident's next SLA deadline falls.
    pub due: Option<DateTime<Utc>>,
    /// Present exactly when the status is `Waiting`.
    pub waiting_note: Option<String>,
}

pub const TITLE_MAX_CHARS: usize = 200;
pub const NOTE_MAX_CHARS: usize = 2_000;

impl RawTask {
    /// Checks every field, reporting each problem against its field. An empty status means
    /// "to do" (a new task).
    pub fn parse(&self) -> Result<TaskFields, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = self.title.trim();
        let title_chars = title.chars().count();
        if title_chars == 0 {
            errors.push(FieldError::new("title", "Say what needs doing."));
        } else if title_chars > TITLE_MAX_CHARS {
            errors.push(FieldError::new(
                "title",
                format!(
                    "Keep the task to {TITLE_MAX_CHARS} characters or fewer (it has {title_chars})."
                ),
            ));
        } else if title.chars().any(char::is_control) {
            errors.push(FieldError::new(
                "title",
                "The task cannot contain control characters or line breaks.",
            ));
        }
        let status = match self.status.trim() {
            "" => Some(TaskStatus::Todo),
            code => TaskStatus::parse(code),
        };
        if status.is_none() {
            errors.push(FieldError::new("status", "Choose a status from the list."));
        }
        let assignee = match self.assignee.trim() {
            "" => None,
            id => match id.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    errors.push(FieldError::new("assignee", "Choose someone from the list."));
                    None
                }
            },
        };
        let due = match parse_due(&self.due) {
            Ok(due) => due,
            Err(message) => {
                errors.push(FieldError::new("due", message));
                None
            }
        };
        let note = self.waiting_note.replace("\r\n", "\n");
        let note = note.trim();
        let note_chars = note.chars().count();
        let waiting = status == Some(TaskStatus::Waiting);
        if waiting && note.is_empty() {
            errors.push(FieldError::new(
                "waiting_note",
                "Say what you are waiting for from the other side.",
            ));
        } else if note_chars > NOTE_MAX_CHARS {
            errors.push(FieldError::new(
                "waiting_note",
                format!(
                    "Keep the note to {NOTE_MAX_CHARS} characters or fewer (it has {note_chars})."
                ),
            ));
        } else if note.chars().any(|c| c.is_control() && c != '\n') {
            errors.push(FieldError::new(
                "waiting_note",
                "The note cannot contain control characters.",
            ));
        }
        match (errors.is_empty(), status) {
            (true, Some(status)) => Ok(TaskFields {
                title: title.to_owned(),
                status,
                assignee,
                due,
                waiting_note: waiting.then(|| note.to_owned()),
            }),
            _ => Err(errors),
        }
    }
}

/// A date (end of that day, UTC) or a date and time in UTC, as date inputs send them.
fn parse_due(raw: &str) -> Result<Option<DateTime<Utc>>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let message = || "Give the due date as YYYY-MM-DD or YYYY-MM-DDTHH:MM (UTC).".to_owned();
    if let Some(date) = form_time::parse_date(raw) {
        let end = date.and_hms_opt(23, 59, 0).ok_or_else(message)?;
        return Ok(Some(end.and_utc()));
    }
    form_time::parse_date_time(raw)
        .map(|t| Some(t.and_utc()))
        .ok_or_else(message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn raw(title: &str, status: &str, note: &str) -> RawTask {
        RawTask {
            title: title.to_owned(),
            status: status.to_owned(),
            waiting_note: note.to_owned(),
            ..RawTask::default()
        }
    }

    #[test]
    fn only_responders_of_a_side_edit_its_workstream() {
        for role in Role::ALL {
            for side in [Side::Platform, Side::Tenant] {
                let expected = role.side() == side && role != Role::TenantViewer;
                assert_eq!(
                    can_edit_workstream(role, side),
                    expected,
                    "{role:?} {side:?}"
                );
            }
        }
    }

    #[test]
    fn a_new_task_needs_a_title_and_starts_to_do() {
        let task = raw("  Rotate the API keys ", "", "").parse().unwrap();
        assert_eq!(task.title, "Rotate the API keys");
        assert_eq!(task.status, TaskStatus::Todo);
        assert_eq!(task.due, None);
        assert_eq!(task.assignee, None);
        let errors = raw("  ", "", "").parse().unwrap_err();
        assert_eq!(
            crate::field_error::message_for(&errors, "title"),
            Some("Say what needs doing.")
        );
        assert!(raw(&"x".repeat(201), "", "").parse().is_err());
        assert!(raw("a\u{0}b", "", "").parse().is_err());
    }

    #[test]
    fn waiting_needs_a_note_and_other_statuses_drop_it() {
        let errors = raw("Check logs", "waiting", "  ").parse().unwrap_err();
        assert_eq!(errors[0].field, "waiting_note");
        let task = raw("Check logs", "waiting", "Need the tenant's IdP export")
            .parse()
            .unwrap();
        assert_eq!(
            task.waiting_note.as_deref(),
            Some("Need the tenant's IdP export")
        );
        let task = raw("Check logs", "done", "stale note").parse().unwrap();
        assert_eq!(task.waiting_note, None);
        assert!(
            raw("Check logs", "waiting", &"n".repeat(2_001))
                .parse()
                .is_err()
        );
    }

    #[test]
    fn every_problem_is_reported_against_its_field() {
        let bad = RawTask {
            title: String::new(),
            status: "sleeping".to_owned(),
            assignee: "bob".to_owned(),
            due: "next week".to_owned(),
            waiting_note: String::new(),
        };
        let fields: Vec<_> = bad
            .parse()
            .unwrap_err()
            .into_iter()
            .map(|e| e.field)
            .collect();
        assert_eq!(fields, ["title", "status", "assignee", "due"]);
        for status in TaskStatus::ALL {
            assert_eq!(TaskStatus::parse(status.code()), Some(status));
        }
        let open: Vec<_> = TaskStatus::ALL
            .into_iter()
            .filter(|s| s.is_open())
            .collect();
        assert_eq!(
            open,
            [
                TaskStatus::Todo,
                TaskStatus::InProgress,
                TaskStatus::Waiting
            ]
        );
    }

    #[test]
    fn due_dates_are_read_as_utc_dates_or_times() {
        let mut task = raw("Patch", "", "");
        task.due = "2026-12-24".to_owned();
        assert_eq!(
            task.parse().unwrap().due,
            Some(Utc.with_ymd_and_hms(2026, 12, 24, 23, 59, 0).unwrap())
        );
        task.due = "2026-12-24T09:30".to_owned();
        assert_eq!(
            task.parse().unwrap().due,
            Some(Utc.with_ymd_and_hms(2026, 12, 24, 9, 30, 0).unwrap())
        );
        task.due = "2026-02-30".to_owned();
        assert!(task.parse().is_err());
    }
}
