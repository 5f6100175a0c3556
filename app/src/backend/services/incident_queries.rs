//! Reading incidents: the list page, one incident with its timeline, and lookup by key.

use super::audit::{self, AuditEvent};
use super::triage;
use crate::backend::{
    Database, Principal,
    entities::{incident, tenant, timeline_entry},
    markdown::to_safe_html,
    principal::Scope,
};
use crate::error::{AppError, internal};
use crate::model::{IncidentDetail, IncidentPage, IncidentSummary, TimelineEntryView};
use chrono::{DateTime, Utc};
use domain::access::{Sight, Viewer, entry_visibilities};
use domain::responsibility::{Owner, ResponsibilityModel};
use domain::{IncidentKey, IncidentStatus, Severity};
use sea_orm::Condition;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};

/// Rows per page of the incident list.
pub const PAGE_SIZE: usize = 50;
/// Timeline entries shown on the incident page.
const TIMELINE_LIMIT: u64 = 500;

/// One page of incidents, newest first, continuing below `before` (an incident id).
pub async fn list(
    db: &Database,
    principal: &Principal,
    before: Option<i64>,
    now: DateTime<Utc>,
) -> Result<IncidentPage, AppError> {
    let conn = db.conn();
    let mut query = incident::Entity::find()
        .find_also_related(tenant::Entity)
        .filter(visible_to(&principal.scope()?))
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
    record_reads_under_grant(db, principal, rows.iter().map(|(i, _)| i), now).await?;
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
    db: &Database,
    principal: &Principal,
    model: &ResponsibilityModel,
    key: &IncidentKey,
    now: DateTime<Utc>,
) -> Result<IncidentDetail, AppError> {
    let conn = db.conn();
    let (tenant, incident) = find(conn, principal, key).await?;
    record_reads_under_grant(db, principal, std::iter::once(&incident), now).await?;
    let mut timeline = timeline_entry::Entity::find()
        .filter(timeline_entry::Column::TenantId.eq(tenant.id))
        .filter(timeline_entry::Column::IncidentId.eq(incident.id));
    if let Some(side) = principal.side() {
        timeline =
            timeline.filter(timeline_entry::Column::Visibility.is_in(entry_visibilities(side)));
    }
    let timeline = timeline
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
        can_edit_facts: crate::backend::principal::authorize(
            principal,
            crate::backend::principal::Action::EditFacts,
        )
        .is_ok(),
        can_override: crate::backend::principal::authorize(
            principal,
            crate::backend::principal::Action::OverrideOwnership,
        )
        .is_ok(),
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

/// The incident with `key` and its tenant, or `NotFound` when it does not exist or
/// `principal` may not see it.
pub async fn find(
    conn: &impl ConnectionTrait,
    principal: &Principal,
    key: &IncidentKey,
) -> Result<(tenant::Model, incident::Model), AppError> {
    let (tenant, incident) = find_unscoped(conn, key).await?;
    principal.sight_of_incident(tenant.id, incident.id, effective_owner(&incident)?)?;
    Ok((tenant, incident))
}

fn effective_owner(incident: &incident::Model) -> Result<Owner, AppError> {
    Owner::parse(&incident.effective_owner)
        .ok_or_else(|| internal(format!("stored owner {:?}", incident.effective_owner)))
}

/// The condition selecting the incidents `scope` sees; the same rule as
/// `domain::access::sight_of_incident`, as SQL.
pub fn visible_to(scope: &Scope) -> Condition {
    let owner = incident::Column::EffectiveOwner;
    match scope {
        Scope::Everything => Condition::all(),
        Scope::Viewer(Viewer::Tenant { tenant_id }) => Condition::all()
            .add(incident::Column::TenantId.eq(*tenant_id))
            .add(owner.ne(Owner::Platform.code())),
        Scope::Viewer(Viewer::Platform {
            platform_tenant_id,
            grants,
        }) => {
            let mut any = Condition::any()
                .add(owner.ne(Owner::Tenant.code()))
                .add(incident::Column::TenantId.eq(*platform_tenant_id));
            for grant in grants {
                let mut granted =
                    Condition::all().add(incident::Column::TenantId.eq(grant.tenant_id));
                if let Some(id) = grant.incident_id {
                    granted = granted.add(incident::Column::Id.eq(id));
                }
                any = any.add(granted);
            }
            any
        }
    }
}

/// Records, for the tenants concerned, each incident among `seen` that `principal` sees only
/// under an access grant.
async fn record_reads_under_grant<'a>(
    db: &Database,
    principal: &Principal,
    seen: impl Iterator<Item = &'a incident::Model>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut reads = Vec::new();
    for incident in seen {
        let sight = principal.sight_of_incident(
            incident.tenant_id,
            incident.id,
            effective_owner(incident)?,
        )?;
        if let Sight::UnderGrant { grant_id } = sight {
            reads.push((incident.tenant_id, incident.id, incident.number, grant_id));
        }
    }
    if reads.is_empty() {
        return Ok(());
    }
    let txn = db.begin_write().await?;
    for (tenant_id, incident_id, number, grant_id) in reads {
        audit::record(
            &*txn,
            principal,
            AuditEvent {
                tenant_id,
                action: "incident.read_under_grant",
                object: &format!("incident:{incident_id}"),
                detail: serde_json::json!({ "grant": grant_id, "number": number }),
            },
            now,
        )
        .await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The incident with `key` whoever asks: for checks that do their own authorisation.
pub async fn find_unscoped(
    conn: &impl ConnectionTrait,
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
