//! Reading one incident: its page (tasks, clocks, moves, a page of its timeline), through the
//! visibility gate.

use crate::access::scope::{self, find_incident as find, record_reads_under_grant};
use crate::incidents::triage;
use crate::incidents::workspace::Workspace;
use crate::{Principal, entities::tenant, markdown::to_safe_html};
use chrono::{DateTime, Utc};
use contract::dto::{IncidentDetail, MoveOption, TimelinePage};
use contract::error::AppError;
use domain::IncidentKey;
use domain::TenantKind;
use domain::access::Side;

/// What the incident page is asked to show besides the incident: a timeline filter and page,
/// and, after a refused save, the version the person had seen.
#[derive(Debug, Clone, Default)]
pub struct DetailRequest {
    pub timeline: crate::timeline::Filter,
    pub before: Option<i64>,
    pub since_version: Option<i64>,
}

/// One page of the timeline of incident `key` as `principal` may read it, or `NotFound`: what
/// an open page fetches when only the timeline changed.
pub async fn timeline(
    ws: Workspace<'_>,
    principal: &Principal,
    key: &IncidentKey,
    filter: &crate::timeline::Filter,
    before: Option<i64>,
    now: DateTime<Utc>,
) -> Result<TimelinePage, AppError> {
    let conn = ws.db.conn();
    let (_, incident) = find(conn, principal, key).await?;
    record_reads_under_grant(ws.db, principal, std::iter::once(&incident), now).await?;
    crate::timeline::page(conn, principal, &incident, filter, before).await
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
    let timeline = crate::timeline::page(
        conn,
        principal,
        &incident,
        &request.timeline,
        request.before,
    )
    .await?;
    let changes_since = match request.since_version {
        Some(seen) if seen < incident.version => {
            crate::timeline::changes_since(conn, principal, &incident, seen).await?
        }
        _ => Vec::new(),
    };
    let severity = incident.severity;
    let status = incident.status;
    let situation = crate::incidents::lifecycle::situation(conn, &incident, status).await?;
    let role = principal.acting().map(|u| u.role);
    let moves = offered_moves(role, &situation);
    let severity_refusal = role.and_then(|r| {
        domain::lifecycle::may_change(r, situation.owner)
            .err()
            .map(|e| e.to_string())
    });
    let tasks = crate::tasks::read::list(conn, principal, &incident, now).await?;
    let may_edit = |side: Side| role.is_none_or(|r| domain::task::can_edit_workstream(r, side));
    let (can_edit_platform_tasks, can_edit_tenant_tasks) =
        (may_edit(Side::Platform), may_edit(Side::Tenant));
    let mut platform_assignees = Vec::new();
    if can_edit_platform_tasks {
        platform_assignees = crate::tasks::read::assignees(conn, &incident, Side::Platform).await?;
    }
    let mut tenant_assignees = Vec::new();
    if can_edit_tenant_tasks {
        tenant_assignees = crate::tasks::read::assignees(conn, &incident, Side::Tenant).await?;
    }
    let note_visibilities = match principal.acting() {
        Some(u) if u.role.can_respond() => {
            domain::note::EntryVisibility::writable_by(u.role.side()).to_vec()
        }
        Some(_) => Vec::new(),
        None => domain::note::EntryVisibility::ALL.to_vec(),
    };
    let readable_visibilities = scope::readable(principal);
    Ok(IncidentDetail {
        ownership: triage::ownership(&incident)?,
        model: ws.model.clone(),
        key: key.to_string(),
        form_key: uuid::Uuid::new_v4().to_string(),
        description_html: to_safe_html(&incident.description),
        sla: ws.sla.clocks(
            severity,
            incident.detected_at,
            &crate::incidents::workspace::reached(&incident),
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
        can_edit_facts: crate::access::principal::authorize(
            principal,
            crate::access::principal::Action::EditFacts,
        )
        .is_ok(),
        can_override: crate::access::principal::authorize(
            principal,
            crate::access::principal::Action::OverrideOwnership,
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
    if tenant.kind == TenantKind::Platform {
        format!("{} (platform-wide)", tenant.name)
    } else {
        tenant.name.clone()
    }
}
