//! Working an incident: moving its status, changing its severity, tasks in both workstreams,
//! and written notes on the timeline. Each sends the browser back to the incident's page.

use contract::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use std::collections::BTreeMap;

/// What every change to one incident starts from: the request's state and caller, the
/// incident's key, and the time of the request.
#[cfg(feature = "ssr")]
pub struct IncidentChange {
    pub state: backend::AppState,
    pub principal: backend::Principal,
    pub key: domain::IncidentKey,
    pub now: chrono::DateTime<chrono::Utc>,
}

#[cfg(feature = "ssr")]
impl IncidentChange {
    /// The change to incident `key` asked for by this request; a malformed key is not found.
    pub async fn of(key: &str) -> Result<Self, AppError> {
        let state = super::context::state()?;
        let principal = super::context::principal()?;
        let key = domain::IncidentKey::parse(key).ok_or(AppError::NotFound)?;
        let now = state.clock.now();
        Ok(Self {
            state,
            principal,
            key,
            now,
        })
    }

    pub fn workspace(&self) -> backend::incidents::workspace::Workspace<'_> {
        self.state.workspace()
    }

    /// Sends the browser to the incident's page, or to the list when the change has put the
    /// incident out of the caller's sight.
    pub async fn done(self) -> Result<(), AppError> {
        let to = super::incidents::landing(&self.state, &self.principal, &self.key).await;
        leptos_axum::redirect(&to);
        Ok(())
    }

    /// Sends the browser back to the incident's page after a change that cannot alter who sees
    /// the incident (status, severity, tasks, notes: sight follows ownership and grants), so
    /// the incident is not looked up again.
    pub fn back_to_incident(self) -> Result<(), AppError> {
        leptos_axum::redirect(&format!("/incidents/{}", self.key));
        Ok(())
    }
}

/// Moves incident `key`, seen at `version`, to status `to`.
#[server(prefix = "/api", endpoint = "incidents/move", output = contract::codec::JsonText)]
pub async fn move_incident(key: String, version: i64, to: String) -> Result<(), AppError> {
    use backend::incidents::lifecycle;
    use domain::{FieldError, IncidentStatus};
    let change = IncidentChange::of(&key).await?;
    let to = IncidentStatus::parse(&to).ok_or_else(|| {
        AppError::invalid(vec![FieldError::new(
            "status",
            "Choose a status from the list.",
        )])
    })?;
    let (who, incident, now) = (&change.principal, &change.key, change.now);
    lifecycle::move_status(change.workspace(), who, incident, version, to, now).await?;
    change.back_to_incident()
}

/// Changes the severity of incident `key`, seen at `version`.
#[server(prefix = "/api", endpoint = "incidents/severity", output = contract::codec::JsonText)]
pub async fn change_severity(key: String, version: i64, severity: String) -> Result<(), AppError> {
    use backend::incidents::lifecycle;
    use domain::{FieldError, Severity};
    let change = IncidentChange::of(&key).await?;
    let severity = Severity::parse(&severity)
        .map_err(|m| AppError::invalid(vec![FieldError::new("severity", m)]))?;
    let (who, incident, now) = (&change.principal, &change.key, change.now);
    lifecycle::change_severity(change.workspace(), who, incident, version, severity, now).await?;
    change.back_to_incident()
}

/// Adds a task to the `workstream` (`platform` or `tenant`) of incident `key`.
#[server(prefix = "/api", endpoint = "tasks/add", output = contract::codec::JsonText)]
pub async fn add_task(
    key: String,
    workstream: String,
    title: String,
    #[server(default)] assignee: String,
    #[server(default)] due: String,
    #[server(default)] idempotency_key: String,
) -> Result<(), AppError> {
    use backend::tasks::write;
    use domain::task::RawTask;
    let change = IncidentChange::of(&key).await?;
    let submission = super::context::idempotency_key(&idempotency_key)?;
    let raw = RawTask {
        title,
        status: String::new(),
        assignee,
        due,
        waiting_note: String::new(),
    };
    let (who, incident, now) = (&change.principal, &change.key, change.now);
    write::add(
        change.workspace(),
        who,
        incident,
        &workstream,
        &raw,
        submission,
        now,
    )
    .await
    .map_err(|e| e.keeping(&(&raw, BTreeMap::from([("workstream", &workstream)]))))?;
    change.back_to_incident()
}

/// Changes task `task` of incident `key`, seen at `version`.
#[server(prefix = "/api", endpoint = "tasks/update", output = contract::codec::JsonText)]
pub async fn update_task(
    key: String,
    task: i64,
    version: i64,
    /// The task's fields, under their own names (`title`, `status`, …).
    #[server(flatten)]
    raw: domain::task::RawTask,
) -> Result<(), AppError> {
    use backend::tasks::write;
    let change = IncidentChange::of(&key).await?;
    let (who, incident, now) = (&change.principal, &change.key, change.now);
    write::update(change.workspace(), who, incident, task, version, &raw, now)
        .await
        .map_err(|e| e.keeping(&(&raw, BTreeMap::from([("task", task.to_string())]))))?;
    change.back_to_incident()
}

/// Adds a written note to the timeline of incident `key`.
#[server(prefix = "/api", endpoint = "timeline/note", output = contract::codec::JsonText)]
pub async fn add_note(
    key: String,
    body: String,
    visibility: String,
    #[server(default)] occurred_at: String,
    #[server(default)] idempotency_key: String,
) -> Result<(), AppError> {
    use backend::timeline;
    use domain::note::RawNote;
    let change = IncidentChange::of(&key).await?;
    let submission = super::context::idempotency_key(&idempotency_key)?;
    let raw = RawNote {
        body,
        visibility,
        occurred_at,
    };
    let (who, incident, now) = (&change.principal, &change.key, change.now);
    timeline::add_note(change.workspace(), who, incident, &raw, submission, now)
        .await
        .map_err(|e| e.keeping(&raw))?;
    change.back_to_incident()
}
