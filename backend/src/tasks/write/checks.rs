//! What a task change must pass: a known workstream, the person's side may edit it, and an
//! assignee from that side.

use crate::Principal;
use crate::entities::incident;
use crate::tasks::read::assignees;
use contract::error::AppError;
use domain::FieldError;
use domain::access::Side;
use domain::task::can_edit_workstream;
use sea_orm::ConnectionTrait;

/// The workstream a form names.
pub(super) fn parse_workstream(raw: &str) -> Result<Side, AppError> {
    Side::parse(raw).ok_or_else(|| {
        AppError::invalid(vec![FieldError::new(
            "workstream",
            "Choose the platform or the tenant workstream.",
        )])
    })
}

/// Whether `who` may change tasks of `side`'s workstream.
pub(super) fn may_edit(who: &Principal, side: Side) -> Result<(), AppError> {
    match who.acting() {
        Some(user) if can_edit_workstream(user.role, side) => Ok(()),
        Some(_) => Err(AppError::Forbidden),
        None if who.scope().is_ok() => Ok(()),
        None => Err(AppError::Unauthenticated),
    }
}

/// The assignee must be an active responder of the workstream's side: of the incident's tenant
/// for the tenant workstream, of the platform for the platform's.
pub(super) async fn check_assignee(
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
