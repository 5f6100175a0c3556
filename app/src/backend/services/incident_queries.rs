//! Reading incidents: the list page, one incident with its timeline, and lookup by key.

use super::triage;
use crate::backend::{
    Principal,
    entities::{incident, tenant, timeline_entry},
    markdown::to_safe_html,
};
use crate::error::{AppError, internal};
use crate::model::{IncidentDetail, IncidentPage, IncidentSummary, TimelineEntryView};
use chrono::{DateTime, Utc};
use domain::responsibility::{Owner, ResponsibilityModel};
use domain::{IncidentKey, IncidentStatus, Severity};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Rows per page of the incident list.
pub const PAGE_SIZE: usize = 50;
/// Timeline entries shown on the incident page.
const TIMELINE_LIMIT: u64 = 500;

/// One page of incidents, newest first, continuing below `before` (an incident id).
pub async fn list(
    conn: &impl ConnectionTrait,
    _principal: &Principal,
    before: Option<i64>,
    now: DateTime<Utc>,
) -> Result<IncidentPage, AppError> {
    let mut query = incident::Entity::find()
        .find_also_related(tenant::Entity)
        .order_by_desc(incident::Column::Id)
        .limit(PAGE_SIZE as u64 + 1);
    if let Some(before) = before {
        query = query.filter(incident::Column::Id.lt(before));
    }
    let mut rows = query.all(conn).await?;
    let next_cursor = (rows.len() > PAGE_SIZE).then(|| {
        rows.truncate(PAGE_SIZE);
        rows.last().map(|(incident, _)| incident.id)
    });
    let rows = rows
        .into_iter()
        .map(|(incident, tenant)| {
            let tenant = tenant.ok_or_else(|| internal("incident without tenant"))?;
            Ok(IncidentSummary {
                owner: triage::effective_owner(&incident).unwrap_or(Owner::Shared),
                key: format!("{}-{}", tenant.key, incident.number),
                severity: parse_severity(&incident.severity)?,
                status: parse_status(&incident.status)?,
                title: incident.title,
                tenant_name: affected_name(&tenant),
                detected_at: incident.detected_at,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok(IncidentPage {
        rows,
        next_cursor: next_cursor.flatten(),
        as_of: now,
    })
}

/// The incident with `key` and its timeline, or `NotFound`.
pub async fn get(
    conn: &impl ConnectionTrait,
    principal: &Principal,
    model: &ResponsibilityModel,
    key: &IncidentKey,
    now: DateTime<Utc>,
) -> Result<IncidentDetail, AppError> {
    let (tenant, incident) = find(conn, principal, key).await?;
    let timeline = timeline_entry::Entity::find()
        .filter(timeline_entry::Column::TenantId.eq(tenant.id))
        .filter(timeline_entry::Column::IncidentId.eq(incident.id))
        .order_by_asc(timeline_entry::Column::Id)
        .limit(TIMELINE_LIMIT)
        .all(conn)
        .await?
        .into_iter()
        .map(|entry| TimelineEntryView {
            body_html: to_safe_html(&entry.body),
            kind: entry.kind,
            visibility: entry.visibility,
            author: entry.author,
            occurred_at: entry.occurred_at,
            recorded_at: entry.recorded_at,
        })
        .collect();
    Ok(IncidentDetail {
        ownership: triage::ownership(&incident)?,
        model: model.clone(),
        key: key.to_string(),
        description_html: to_safe_html(&incident.description),
        severity: parse_severity(&incident.severity)?,
        status: parse_status(&incident.status)?,
        title: incident.title,
        tenant_name: affected_name(&tenant),
        detected_at: incident.detected_at,
        reporter: incident.reporter,
        version: incident.version,
        timeline,
        as_of: now,
    })
}

/// Who an incident affects, as shown: a customer's name, or the operator's marked platform-wide.
fn affected_name(tenant: &tenant::Model) -> String {
    if tenant.kind == tenant::KIND_PLATFORM {
        format!("{} (platform-wide)", tenant.name)
    } else {
        tenant.name.clone()
    }
}

/// The incident with `key` and its tenant, or `NotFound`.
pub async fn find(
    conn: &impl ConnectionTrait,
    _principal: &Principal,
    key: &IncidentKey,
) -> Result<(tenant::Model, incident::Model), AppError> {
    let tenant = tenant::Entity::find()
        .filter(tenant::Column::Key.eq(key.tenant.as_str()))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    let incident = incident::Entity::find()
        .filter(incident::Column::TenantId.eq(tenant.id))
        .filter(incident::Column::Number.eq(key.number))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((tenant, incident))
}

fn parse_severity(stored: &str) -> Result<Severity, AppError> {
    Severity::parse(stored).map_err(|_| internal(format!("stored severity {stored:?}")))
}

fn parse_status(stored: &str) -> Result<IncidentStatus, AppError> {
    IncidentStatus::parse(stored).ok_or_else(|| internal(format!("stored status {stored:?}")))
}
