//! Moving an incident through its lifecycle and changing its severity, under the rules of
//! `domain::lifecycle`, with the SLA milestones and deadline kept in step.

use crate::Principal;
use crate::entities::incident;
use crate::incidents::change::{IncidentWrite, Outcome};
use crate::incidents::workspace;
use crate::incidents::workspace::Workspace;
use crate::tasks::read as task_queries;
use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::audit::AuditAction;
use domain::lifecycle::{Refusal, Situation, check_move, may_change};
use domain::timeline::EntryKind;
use domain::{FieldError, IncidentKey, IncidentStatus, Severity};
use sea_orm::{IntoActiveModel, Set};

/// Moves incident `key`, seen at `version`, to `to`.
pub async fn move_status(
    ws: Workspace<'_>,
    who: &Principal,
    key: &IncidentKey,
    version: i64,
    to: IncidentStatus,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let write = IncidentWrite::begin(ws, who, key, now).await?;
    let current = write.current();
    let from = current.status;
    write.expect_version(version)?;
    let situation = situation(write.txn(), current, from).await?;
    check(who, |role| check_move(role, &situation, to), "status")?;
    let reached = workspace::reached(current).after_move(to, now);
    let mut row = current.clone().into_active_model();
    row.status = Set(to);
    let severity = current.severity;
    workspace::set_deadlines(&mut row, ws.sla, severity, current.detected_at, reached);
    let saved = write.save(row, version).await?;
    let body = format!("Status changed from **{from}** to **{to}**.");
    write.record_change(&saved, EntryKind::Status, body).await?;
    let detail =
        serde_json::json!({ "from": from.code(), "to": to.code(), "version": saved.version });
    write
        .commit(Outcome::incident(
            AuditAction::IncidentStatusChanged,
            detail,
            &saved,
        ))
        .await
}

/// Changes the severity of incident `key`, seen at `version`; the SLA deadlines follow.
pub async fn change_severity(
    ws: Workspace<'_>,
    who: &Principal,
    key: &IncidentKey,
    version: i64,
    severity: Severity,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let write = IncidentWrite::begin(ws, who, key, now).await?;
    let current = write.current();
    let before = current.severity;
    write.expect_version(version)?;
    if before == severity {
        return Err(AppError::invalid(vec![FieldError::new(
            "severity",
            format!("The incident is already {severity}."),
        )]));
    }
    let owner = current.effective_owner;
    check(who, |role| may_change(role, owner), "severity")?;
    let mut row = current.clone().into_active_model();
    row.severity = Set(severity);
    let reached = workspace::reached(current);
    workspace::set_deadlines(&mut row, ws.sla, severity, current.detected_at, reached);
    let saved = write.save(row, version).await?;
    let body = format!(
        "Severity changed from **{before}** to **{severity}** ({}); SLA deadlines follow the new severity.",
        severity.meaning()
    );
    write
        .record_change(&saved, EntryKind::Severity, body)
        .await?;
    let detail = serde_json::json!({ "from": before.code(), "to": severity.code(), "version": saved.version });
    write
        .commit(Outcome::incident(
            AuditAction::IncidentSeverityChanged,
            detail,
            &saved,
        ))
        .await
}

/// What a move of `incident` is decided on.
pub async fn situation(
    conn: &impl sea_orm::ConnectionTrait,
    incident: &incident::Model,
    status: IncidentStatus,
) -> Result<Situation, AppError> {
    Ok(Situation {
        status,
        owner: incident.effective_owner,
        lead: incident.lead,
        open_tasks: task_queries::open_count(conn, incident).await?,
    })
}

/// Applies a rule to the signed-in user's role: a refusal becomes a message on `field`.
/// The command line is not refused.
fn check(
    who: &Principal,
    rule: impl Fn(domain::access::Role) -> Result<(), Refusal>,
    field: &str,
) -> Result<(), AppError> {
    let role = match who.acting() {
        Some(user) => user.role,
        None => {
            who.scope()?;
            return Ok(());
        }
    };
    rule(role).map_err(|refusal| match refusal {
        Refusal::ReadOnlyRole => AppError::Forbidden,
        other => AppError::invalid(vec![FieldError::new(field, other.to_string())]),
    })
}
