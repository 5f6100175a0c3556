//! Reading one incident: its page (tasks, clocks, moves, a page of its timeline), lookup by
//! key with visibility, the visibility rule as SQL, and the record of reads under a grant.

use super::audit::{self, AuditEvent};
use super::triage;
use super::workspace::{Workspace, stored_severity, stored_status};
use crate::backend::{
    Database, Principal,
    entities::{incident, tenant},
    markdown::to_safe_html,
    principal::Scope,
};
use crate::error::{AppError, internal};
use crate::model::{IncidentDetail, MoveOption};
use chrono::{DateTime, Utc};
use domain::IncidentKey;
use domain::access::{Side, Sight, Viewer};
use domain::responsibility::Owner;
use sea_orm::Condition;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// What the incident page is asked to show besides the incident: a timeline filter and page,
/// and, after a refused save, the version the person had seen.
#[derive(Debug, Clone, Default)]
pub struct DetailRequest {
    pub timeline: super::timeline::Filter,
    pub before: Option<i64>,
    pub since_version: Option<i64>,
}

/// The incident with `key`, its tasks, SLA clocks, offered moves and a page of its timeline,
/// or `NotFound`.
pub async fn get(
    ws: Workspace<'_>,
    principal: &Principal,
    key: &IncidentKey,
    request: &DetailRequest,
    now: DateTime<Utc>,
) -> Result<IncidentDetail, AppError> {
    let conn = ws.db.conn();
    let (tenant, incident) = find(conn, principal, key).await?;
    record_reads_under_grant(ws.db, principal, std::iter::once(&incident), now).await?;
    let timeline = super::timeline::page(
        conn,
        principal,
        &incident,
        &request.timeline,
        request.before,
    )
    .await?;
    let changes_since = match request.since_version {
        Some(seen) if seen < incident.version => {
            super::timeline::changes_since(conn, principal, &incident, seen).await?
        }
        _ => Vec::new(),
    };
    let severity = stored_severity(&incident)?;
    let status = stored_status(&incident)?;
    let situation = super::lifecycle::situation(conn, &incident, status).await?;
    let role = principal.signed_in().map(|u| u.role);
    let moves = offered_moves(role, &situation);
    let severity_refusal = role.and_then(|r| {
        domain::lifecycle::may_change(r, situation.owner)
            .err()
            .map(|e| e.to_string())
    });
    let tasks = super::task_queries::list(conn, principal, &incident, now).await?;
    let may_edit = |side: Side| role.is_none_or(|r| domain::task::can_edit_workstream(r, side));
    let (can_edit_platform_tasks, can_edit_tenant_tasks) =
        (may_edit(Side::Platform), may_edit(Side::Tenant));
    let mut platform_assignees = Vec::new();
    if can_edit_platform_tasks {
        platform_assignees =
            super::task_queries::assignees(conn, &incident, Side::Platform).await?;
    }
    let mut tenant_assignees = Vec::new();
    if can_edit_tenant_tasks {
        tenant_assignees = super::task_queries::assignees(conn, &incident, Side::Tenant).await?;
    }
    let note_visibilities = match principal.signed_in() {
        Some(u) if u.role.can_respond() => {
            domain::note::EntryVisibility::writable_by(u.role.side()).to_vec()
        }
        Some(_) => Vec::new(),
        None => domain::note::EntryVisibility::ALL.to_vec(),
    };
    let readable_visibilities = domain::note::EntryVisibility::ALL
        .into_iter()
        .filter(|v| principal.side().is_none_or(|side| v.readable_by(side)))
        .collect();
    Ok(IncidentDetail {
        ownership: triage::ownership(&incident)?,
        model: ws.model.clone(),
        key: key.to_string(),
        description_html: to_safe_html(&incident.description),
        sla: ws.sla.clocks(
            severity,
            incident.detected_at,
            &super::workspace::reached(&incident),
            now,
        ),
        severity,
        status,
        title: incident.title.clone(),
        tenant_name: affected_name(&tenant),
        detected_at: incident.detected_at,
        reporter: incident.reporter.clone(),
        version: incident.version,
        timeline,
        changes_since,
        moves,
        severity_refusal,
        tasks,
        platform_assignees,
        tenant_assignees,
        can_edit_platform_tasks,
        can_edit_tenant_tasks,
        note_visibilities,
        readable_visibilities,
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

/// The moves the page offers; the command line (no role) is offered every move the graph has.
fn offered_moves(
    role: Option<domain::access::Role>,
    situation: &domain::lifecycle::Situation,
) -> Vec<MoveOption> {
    let role = role.unwrap_or(domain::access::Role::PlatformAdmin);
    domain::lifecycle::offered_moves(role, situation)
        .into_iter()
        .map(|(to, verdict)| MoveOption {
            to,
            label: domain::lifecycle::move_label(situation.status, to),
            refusal: verdict.err().map(|e| e.to_string()),
        })
        .collect()
}

/// Who an incident affects, as shown: a customer's name, or the operator's marked platform-wide.
pub(super) fn affected_name(tenant: &tenant::Model) -> String {
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
pub(super) async fn record_reads_under_grant<'a>(
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
            &txn,
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
    // One query: every change to an incident starts here, inside its write transaction.
    let (incident, tenant) = incident::Entity::find()
        .find_also_related(tenant::Entity)
        .filter(tenant::Column::Key.eq(key.tenant.as_str()))
        .filter(incident::Column::Number.eq(key.number))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((tenant.ok_or(AppError::NotFound)?, incident))
}
