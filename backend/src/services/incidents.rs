//! Opening incidents: numbering, idempotency, triage and the first timeline entries.

use super::audit::{self, AuditEvent};
use super::incident_write::Part;
use super::tasks;
use super::triage::{self, Triaged};
use super::workspace::{self, Workspace};
use crate::{
    Principal, constraint,
    entities::{incident, tenant},
};
use chrono::{DateTime, Utc};
use contract::error::{AppError, internal};
use domain::audit::{AuditAction, AuditObject};
use domain::note::EntryVisibility;
use domain::responsibility::Facts;
use domain::sla::Reached;
use domain::timeline::EntryKind;
use domain::{FieldError, IncidentKey, IncidentStatus, NewIncident};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
    sea_query::Expr,
};

/// Opens an incident, triages it, and writes both timeline entries in the same transaction.
///
/// A repeated `idempotency_key` for the same tenant returns the incident the first request
/// made instead of opening a second one.
pub async fn open(
    ws: Workspace<'_>,
    principal: &Principal,
    new: &NewIncident,
    facts: Facts,
    idempotency_key: Option<&str>,
    now: DateTime<Utc>,
) -> Result<IncidentKey, AppError> {
    // Someone who may not open incidents for a tenant is told the same as for an unknown one.
    let (db, model) = (ws.db, ws.model);
    let tenant = find_tenant(db.conn(), new).await?;
    match crate::access::principal::authorize(
        principal,
        crate::access::principal::Action::OpenIncident {
            tenant_id: tenant.id,
        },
    ) {
        Err(AppError::Forbidden) if principal.signed_in().is_some_and(|u| u.role.can_respond()) => {
            return Err(unknown_tenant());
        }
        other => other?,
    }
    let text = format!("{}\n{}", new.title.as_str(), new.description.as_str());
    let triaged = triage::decide_with_suggestion(model, facts, &text);
    let opening = OpeningContext {
        principal,
        new,
        triaged: &triaged,
        now,
    };
    match try_open(ws, &opening, idempotency_key).await? {
        Opened::New(key) => Ok(key),
        Opened::Raced => {
            // A concurrent request with the same key committed first: answer with its incident.
            find_by_idempotency_key(db.conn(), tenant.id, idempotency_key)
                .await?
                .map(|number| IncidentKey {
                    tenant: new.tenant.clone(),
                    number,
                })
                .ok_or_else(|| internal("an idempotency key was taken by no incident"))
        }
    }
}

/// How an opening ended.
enum Opened {
    /// This request's incident, or the one an earlier request with its key opened.
    New(IncidentKey),
    /// A concurrent request with the same idempotency key committed first.
    Raced,
}

/// Everything an opening writes, decided before the transaction starts.
struct OpeningContext<'a> {
    principal: &'a Principal,
    new: &'a NewIncident,
    triaged: &'a Triaged,
    now: DateTime<Utc>,
}

async fn try_open(
    ws: Workspace<'_>,
    opening: &OpeningContext<'_>,
    idempotency_key: Option<&str>,
) -> Result<Opened, AppError> {
    let OpeningContext {
        principal,
        new,
        triaged,
        now,
    } = *opening;
    let txn = ws.db.begin_write().await?;
    let tenant = find_tenant(&txn, new).await?;
    if let Some(number) = find_by_idempotency_key(&txn, tenant.id, idempotency_key).await? {
        return Ok(Opened::New(IncidentKey {
            tenant: new.tenant.clone(),
            number,
        }));
    }
    let number = take_next_number(&txn, tenant.id).await?;
    let mut row = incident::ActiveModel {
        tenant_id: Set(tenant.id),
        number: Set(number),
        title: Set(new.title.as_str().to_owned()),
        description: Set(new.description.as_str().to_owned()),
        severity: Set(new.severity),
        status: Set(IncidentStatus::New),
        detected_at: Set(now),
        reporter: Set(principal.display_name().to_owned()),
        version: Set(1),
        idempotency_key: Set(idempotency_key.map(str::to_owned)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    triage::apply(&mut row, triaged)?;
    workspace::set_deadlines(&mut row, ws.sla, new.severity, now, Reached::default());
    let incident = match row.insert(&txn).await {
        Ok(incident) => incident,
        Err(e) if constraint::INCIDENT_IDEMPOTENCY_KEY.broken_by(&e) => return Ok(Opened::Raced),
        Err(e) => return Err(e.into()),
    };
    let opened = format!(
        "Incident opened with severity **{}** ({}).",
        new.severity.code(),
        new.severity.meaning()
    );
    let entries = [
        (EntryKind::Created, opened),
        (EntryKind::Triage, triage::describe(triaged, "Triaged to")),
    ];
    for (kind, body) in entries {
        append(&txn, &incident, kind, body, principal, now).await?;
    }
    let incident_key = IncidentKey {
        tenant: new.tenant.clone(),
        number,
    };
    tasks::seed(&txn, ws.sla, &incident, &triaged.decision, principal, now).await?;
    let opened =
        serde_json::json!({ "severity": new.severity.code(), "title": new.title.as_str() });
    let decided = serde_json::json!({
        "owner": triaged.decision.owner.code(),
        "lead": triaged.decision.lead.code(),
        "model_version": triaged.decision.model_version,
        "facts": triaged.facts,
    });
    let events = [
        (AuditAction::IncidentOpened, opened),
        (AuditAction::IncidentTriaged, decided),
    ];
    for (action, detail) in events {
        let event = AuditEvent {
            tenant_id: tenant.id,
            action,
            object: AuditObject::Incident(&incident_key),
            detail,
        };
        audit::record(&txn, principal, event, now).await?;
    }
    let notice = workspace::change(
        &incident,
        &incident_key,
        Part::Incident,
        EntryVisibility::Shared,
    );
    txn.announce(ws.events, notice).await?;
    txn.commit().await?;
    Ok(Opened::New(incident_key))
}

/// Appends a shared automatic entry about the change that brought `incident` (as saved) to
/// its current version.
async fn append(
    conn: &impl ConnectionTrait,
    incident: &incident::Model,
    kind: EntryKind,
    body: String,
    principal: &Principal,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let entry = workspace::Entry {
        kind,
        visibility: EntryVisibility::Shared,
        body,
        occurred_at: now,
        incident_version: Some(incident.version),
    };
    workspace::record(conn, incident, entry, principal, now).await?;
    Ok(())
}

async fn find_tenant(
    conn: &impl ConnectionTrait,
    new: &NewIncident,
) -> Result<tenant::Model, AppError> {
    tenant::Entity::find()
        .filter(tenant::Column::Key.eq(new.tenant.as_str()))
        .one(conn)
        .await?
        .ok_or_else(unknown_tenant)
}

fn unknown_tenant() -> AppError {
    AppError::Invalid {
        fields: vec![FieldError::new(
            "tenant",
            "Choose who is affected from the list.",
        )],
        submitted: Default::default(),
    }
}

async fn find_by_idempotency_key(
    conn: &impl ConnectionTrait,
    tenant_id: i64,
    idempotency_key: Option<&str>,
) -> Result<Option<i64>, DbErr> {
    let Some(key) = idempotency_key else {
        return Ok(None);
    };
    Ok(incident::Entity::find()
        .filter(incident::Column::TenantId.eq(tenant_id))
        .filter(incident::Column::IdempotencyKey.eq(key))
        .one(conn)
        .await?
        .map(|i| i.number))
}

/// Claims the tenant's next incident number. The update comes first so that on PostgreSQL
/// the row lock orders concurrent openers before anyone reads the counter.
async fn take_next_number(conn: &impl ConnectionTrait, tenant_id: i64) -> Result<i64, DbErr> {
    tenant::Entity::update_many()
        .col_expr(
            tenant::Column::NextIncidentNumber,
            Expr::col(tenant::Column::NextIncidentNumber).add(1),
        )
        .filter(tenant::Column::Id.eq(tenant_id))
        .exec(conn)
        .await?;
    let tenant = tenant::Entity::find_by_id(tenant_id)
        .one(conn)
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(format!("tenant {tenant_id}")))?;
    Ok(tenant.next_incident_number - 1)
}
