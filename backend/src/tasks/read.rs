//! Reading remediation tasks: both workstreams as a reader sees them, who can be assigned, and
//! the open tasks that keep an incident from being resolved.

use crate::entities::{incident, task, user};
use crate::{Principal, access::Scope};
use chrono::{DateTime, Utc};
use contract::dto::{Assignee, TaskView};
use contract::error::{AppError, internal};
use domain::access::Side;
use domain::task::{TaskStatus, can_edit_workstream};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

/// Who can be assigned tasks of `side`'s workstream on `incident`.
pub async fn assignees(
    conn: &impl ConnectionTrait,
    incident: &incident::Model,
    side: Side,
) -> Result<Vec<Assignee>, AppError> {
    let tenant_id = match side {
        Side::Tenant => incident.tenant_id,
        Side::Platform => crate::access::session::platform_tenant_id(conn).await?,
    };
    let users = user::Entity::find()
        .filter(user::Column::TenantId.eq(tenant_id))
        .filter(user::Column::Disabled.eq(false))
        .order_by_asc(user::Column::DisplayName)
        .all(conn)
        .await?;
    Ok(users
        .into_iter()
        .filter(|u| u.role.side() == side && u.role.can_respond())
        .map(|u| Assignee {
            id: u.id,
            name: u.display_name,
        })
        .collect())
}

pub(super) async fn assignee_name(
    conn: &impl ConnectionTrait,
    id: Option<i64>,
) -> Result<Option<String>, DbErr> {
    let Some(id) = id else { return Ok(None) };
    Ok(user::Entity::find_by_id(id)
        .one(conn)
        .await?
        .map(|u| u.display_name))
}

/// Tasks of `incident` not yet done or cancelled, in the workstreams of the sides that own it
/// now: when ownership leaves a side, that side can no longer edit its tasks, so they do not
/// hold the incident open.
pub async fn open_count(
    conn: &impl ConnectionTrait,
    incident: &incident::Model,
) -> Result<u32, AppError> {
    let open: Vec<&str> = TaskStatus::ALL
        .into_iter()
        .filter(|s| s.is_open())
        .map(TaskStatus::code)
        .collect();
    let count = task::Entity::find()
        .filter(task::Column::IncidentId.eq(incident.id))
        .filter(task::Column::TenantId.eq(incident.tenant_id))
        .filter(task::Column::Status.is_in(open))
        .filter(task::Column::Workstream.is_in(owning_sides(incident)))
        .count(conn)
        .await?;
    u32::try_from(count).map_err(internal)
}

/// The workstreams of the sides that own `incident` now.
fn owning_sides(incident: &incident::Model) -> Vec<&'static str> {
    [Side::Platform, Side::Tenant]
        .into_iter()
        .filter(|side| incident.effective_owner.includes(*side))
        .map(Side::code)
        .collect()
}

/// Both workstreams of `incident`, as `who` sees them.
pub async fn list(
    conn: &impl ConnectionTrait,
    who: &Principal,
    incident: &incident::Model,
    now: DateTime<Utc>,
) -> Result<Vec<TaskView>, AppError> {
    let rows = task::Entity::find()
        .filter(task::Column::IncidentId.eq(incident.id))
        .filter(task::Column::TenantId.eq(incident.tenant_id))
        .order_by_asc(task::Column::Id)
        .all(conn)
        .await?;
    let ids: Vec<i64> = rows.iter().filter_map(|t| t.assignee_id).collect();
    let names: std::collections::HashMap<i64, String> = if ids.is_empty() {
        Default::default()
    } else {
        user::Entity::find()
            .filter(user::Column::Id.is_in(ids))
            .all(conn)
            .await?
            .into_iter()
            .map(|u| (u.id, u.display_name))
            .collect()
    };
    let editor = |side: Side| match who.scope() {
        Ok(Scope::Everything) => true,
        _ => who
            .acting()
            .is_some_and(|u| can_edit_workstream(u.role, side)),
    };
    rows.into_iter()
        .map(|t| {
            let (side, status) = (t.workstream, t.status);
            Ok(TaskView {
                id: t.id,
                workstream: side,
                title: t.title,
                status,
                assignee_id: t.assignee_id,
                assignee_name: t.assignee_id.and_then(|id| names.get(&id).cloned()),
                overdue: status.is_open() && t.due_at.is_some_and(|d| d < now),
                due_at: t.due_at,
                waiting_note: t.waiting_note,
                version: t.version,
                can_edit: editor(side),
                updated_by: t.updated_by,
            })
        })
        .collect()
}

/// Both workstreams of incident `key` as `who` sees them, or `NotFound`: the tasks alone,
/// without the rest of the incident page.
pub async fn of_incident(
    ws: crate::incidents::workspace::Workspace<'_>,
    who: &Principal,
    key: &domain::IncidentKey,
    now: DateTime<Utc>,
) -> Result<Vec<TaskView>, AppError> {
    let conn = ws.db.conn();
    let (_, incident) = crate::access::scope::find_incident(conn, who, key).await?;
    let seen = std::iter::once(&incident);
    crate::access::scope::record_reads_under_grant(ws.db, who, seen, now).await?;
    list(conn, who, &incident, now).await
}
