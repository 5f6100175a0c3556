//! Working an incident: moving its status, changing its severity, tasks in both workstreams,
//! and written notes on the timeline. Each sends the browser back to the incident's page.

// A server function's arguments are its form's fields, one each.
#![allow(clippy::too_many_arguments)]

use crate::error::AppError;
use leptos::prelude::*;
#[cfg(feature = "ssr")]
use std::collections::BTreeMap;

/// Moves incident `key`, seen at `version`, to status `to`.
#[server(prefix = "/api", endpoint = "incidents/move")]
pub async fn move_incident(key: String, version: i64, to: String) -> Result<(), AppError> {
    use crate::backend::{principal, services::lifecycle, state};
    use domain::{FieldError, IncidentKey, IncidentStatus};
    let state = state::current()?;
    let principal = principal::current().await?;
    let incident = IncidentKey::parse(&key).ok_or(AppError::NotFound)?;
    let to = IncidentStatus::parse(&to).ok_or_else(|| {
        AppError::invalid(vec![FieldError::new(
            "status",
            "Choose a status from the list.",
        )])
    })?;
    let now = state.clock.now();
    lifecycle::move_status(state.workspace(), &principal, &incident, version, to, now).await?;
    leptos_axum::redirect(&super::incidents::landing(&state, &principal, &incident).await);
    Ok(())
}

/// Changes the severity of incident `key`, seen at `version`.
#[server(prefix = "/api", endpoint = "incidents/severity")]
pub async fn change_severity(key: String, version: i64, severity: String) -> Result<(), AppError> {
    use crate::backend::{principal, services::lifecycle, state};
    use domain::{FieldError, IncidentKey, Severity};
    let state = state::current()?;
    let principal = principal::current().await?;
    let incident = IncidentKey::parse(&key).ok_or(AppError::NotFound)?;
    let severity = Severity::parse(&severity)
        .map_err(|m| AppError::invalid(vec![FieldError::new("severity", m)]))?;
    let now = state.clock.now();
    lifecycle::change_severity(
        state.workspace(),
        &principal,
        &incident,
        version,
        severity,
        now,
    )
    .await?;
    leptos_axum::redirect(&super::incidents::landing(&state, &principal, &incident).await);
    Ok(())
}

/// Adds a task to the `workstream` (`platform` or `tenant`) of incident `key`.
#[server(prefix = "/api", endpoint = "tasks/add")]
pub async fn add_task(
    key: String,
    workstream: String,
    title: String,
    #[server(default)] assignee: String,
    #[server(default)] due: String,
) -> Result<(), AppError> {
    use crate::backend::{principal, services::tasks, state};
    use domain::IncidentKey;
    use domain::task::RawTask;
    let state = state::current()?;
    let principal = principal::current().await?;
    let incident = IncidentKey::parse(&key).ok_or(AppError::NotFound)?;
    let raw = RawTask {
        title,
        status: String::new(),
        assignee,
        due,
        waiting_note: String::new(),
    };
    let now = state.clock.now();
    tasks::add(
        state.workspace(),
        &principal,
        &incident,
        &workstream,
        &raw,
        now,
    )
    .await
    .map_err(|e| e.keeping(&(&raw, BTreeMap::from([("workstream", &workstream)]))))?;
    leptos_axum::redirect(&super::incidents::landing(&state, &principal, &incident).await);
    Ok(())
}

/// Changes task `task` of incident `key`, seen at `version`.
#[server(prefix = "/api", endpoint = "tasks/update")]
pub async fn update_task(
    key: String,
    task: i64,
    version: i64,
    title: String,
    status: String,
    #[server(default)] assignee: String,
    #[server(default)] due: String,
    #[server(default)] waiting_note: String,
) -> Result<(), AppError> {
    use crate::backend::{principal, services::tasks, state};
    use domain::IncidentKey;
    use domain::task::RawTask;
    let state = state::current()?;
    let principal = principal::current().await?;
    let incident = IncidentKey::parse(&key).ok_or(AppError::NotFound)?;
    let raw = RawTask {
        title,
        status,
        assignee,
        due,
        waiting_note,
    };
    let now = state.clock.now();
    tasks::update(
        state.workspace(),
        &principal,
        &incident,
        task,
        version,
        &raw,
        now,
    )
    .await
    .map_err(|e| e.keeping(&(&raw, BTreeMap::from([("task", task.to_string())]))))?;
    leptos_axum::redirect(&super::incidents::landing(&state, &principal, &incident).await);
    Ok(())
}

/// Adds a written note to the timeline of incident `key`.
#[server(prefix = "/api", endpoint = "timeline/note")]
pub async fn add_note(
    key: String,
    body: String,
    visibility: String,
    #[server(default)] occurred_at: String,
) -> Result<(), AppError> {
    use crate::backend::{principal, services::timeline, state};
    use domain::IncidentKey;
    use domain::note::RawNote;
    let state = state::current()?;
    let principal = principal::current().await?;
    let incident = IncidentKey::parse(&key).ok_or(AppError::NotFound)?;
    let raw = RawNote {
        body,
        visibility,
        occurred_at,
    };
    let now = state.clock.now();
    timeline::add_note(state.workspace(), &principal, &incident, &raw, now)
        .await
        .map_err(|e| e.keeping(&raw))?;
    leptos_axum::redirect(&super::incidents::landing(&state, &principal, &incident).await);
    Ok(())
}
