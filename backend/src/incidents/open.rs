//! Opening incidents: numbering, idempotency, triage and the first timeline entries.

use crate::audit::record as audit;
use crate::audit::record::AuditEvent;
use crate::db::WriteTxn;
use crate::incidents::change::Part;
use crate::incidents::triage;
use crate::incidents::triage::Triaged;
use crate::incidents::workspace;
use crate::incidents::workspace::Workspace;
use crate::submission::{Created, Submission};
use crate::tasks::write as tasks;
use crate::{
    Principal, constraint,
    entities::{incident, tenant},
};
use chrono::{DateTime, Utc};
use contract::error::{AppError, internal};
use domain::audit::{AuditAction, AuditObject};
use domain::note::EntryVisibility;
use domain::responsibility::{Facts, handover_question};
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
    let submission = Submission::form(idempotency_key);
    Ok(submit(ws, principal, new, facts, submission, now).await?.id)
}

/// Opens an incident as [`open`] does for `submission`, saying whether an earlier submission
/// with its key had opened it; a key reused for another API request is refused.
pub async fn submit(
    ws: Workspace<'_>,
    principal: &Principal,
    new: &NewIncident,
    facts: Facts,
    submission: Option<Submission<'_>>,
    now: DateTime<Utc>,
) -> Result<Created<IncidentKey>, AppError> {
    // Someone who may not open incidents for a tenant is told the same as for an unknown one.
    let (db, model) = (ws.db, ws.model);
    let tenant = find_tenant(db.conn(), new).await?;
    match crate::access::principal::authorize(
        principal,
        crate::access::principal::Action::OpenIncident {
            tenant_id: tenant.id,
        },
    ) {
        Err(AppError::Forbidden) if principal.acting().is_some_and(|u| u.role.can_respond()) => {
            return Err(unknown_tenant());
        }
        other => other?,
    }
    // "Who is affected" already answers how many tenants are when it names one customer; the
    // decision should not ask the reporter again.
    let facts = facts.with_affected_tenant(tenant.kind);
    let text = format!("{}\n{}", new.title.as_str(), new.description.as_str());
    let triaged = triage::decide_with_suggestion(model, facts, &text);
    let opening = OpeningContext {
        principal,
        new,
        triaged: &triaged,
        now,
    };
    match try_open(ws, &opening, submission).await? {
        Opened::New(created) => Ok(created),
        Opened::Raced => {
            // A concurrent request with the same key committed first: answer with its incident.
            find_earlier(db.conn(), tenant.id, submission)
                .await?
                .map(|number| {
                    Created::replayed(IncidentKey {
                        tenant: new.tenant.clone(),
                        number,
                    })
                })
                .ok_or_else(|| internal("an idempotency key was taken by no incident"))
        }
    }
}

/// Asks the reporter to confirm, as a field error on `confirm_handover`, when opening this
/// incident would take it out of their side's sight (see `domain::responsibility::opening`).
/// Nothing is written; an unknown tenant is left for `open` to answer.
pub async fn check_handover(
    ws: Workspace<'_>,
    principal: &Principal,
    new: &NewIncident,
    facts: &Facts,
    confirmed: bool,
) -> Result<(), AppError> {
    let Some(reporter) = principal.side() else {
        return Ok(());
    };
    let Some(tenant) = tenant::Entity::find()
        .filter(tenant::Column::Key.eq(new.tenant.as_str()))
        .one(ws.db.conn())
        .await?
    else {
        return Ok(());
    };
    // Whoever may not open an incident there is answered by `open`, as for an unknown tenant.
    let may_open = crate::access::principal::authorize(
        principal,
        crate::access::principal::Action::OpenIncident {
            tenant_id: tenant.id,
        },
    );
    if may_open.is_err() {
        return Ok(());
    }
    let facts = facts.clone().with_affected_tenant(tenant.kind);
    let text = format!("{}\n{}", new.title.as_str(), new.description.as_str());
    let owner = triage::decide_with_suggestion(ws.model, facts, &text)
        .decision
        .owner;
    match handover_question(reporter, owner, confirmed) {
        Some(question) => Err(AppError::invalid(vec![question])),
        None => Ok(()),
    }
}

/// How an opening ended.
enum Opened {
    /// This request's incident, or the one an earlier request with its key opened.
    New(Created<IncidentKey>),
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
    submission: Option<Submission<'_>>,
) -> Result<Opened, AppError> {
    let new = opening.new;
    let txn = ws.db.begin_write().await?;
    let tenant = find_tenant(&txn, new).await?;
    if let Some(number) = find_earlier(&txn, tenant.id, submission).await? {
        return Ok(Opened::New(Created::replayed(IncidentKey {
            tenant: new.tenant.clone(),
            number,
        })));
    }
    let keys = RowKeys {
        submission,
        dedup_key: None,
    };
    let Some((_, incident_key)) = write(ws, &txn, &tenant, opening, keys).await? else {
        return Ok(Opened::Raced);
    };
    txn.commit().await?;
    Ok(Opened::New(Created::new(incident_key)))
}

/// An opening inside a transaction that the caller holds and commits.
pub struct Within<'a> {
    pub txn: &'a WriteTxn,
    pub tenant: &'a tenant::Model,
    pub new: &'a NewIncident,
    pub triaged: &'a Triaged,
    /// The dedup key of the alert that opens it.
    pub dedup_key: Option<&'a str>,
}

/// Opens an incident as [`open`] does, inside the caller's transaction: alert intake opens one
/// under the lock on the alert's dedup key, in the transaction that found no incident with it.
/// The caller has authorised `principal` for the tenant and triaged the incident.
pub async fn open_in(
    ws: Workspace<'_>,
    principal: &Principal,
    within: Within<'_>,
    now: DateTime<Utc>,
) -> Result<(incident::Model, IncidentKey), AppError> {
    let opening = OpeningContext {
        principal,
        new: within.new,
        triaged: within.triaged,
        now,
    };
    let keys = RowKeys {
        submission: None,
        dedup_key: within.dedup_key,
    };
    write(ws, within.txn, within.tenant, &opening, keys)
        .await?
        .ok_or_else(|| internal("an opening without an idempotency key raced"))
}

/// The keys an opening keeps on the incident's row.
struct RowKeys<'a> {
    submission: Option<Submission<'a>>,
    dedup_key: Option<&'a str>,
}

/// Numbers and inserts the incident with its triage, writes its first entries, playbook tasks
/// and audit entries, and stages its notice, all in `txn`; `None` when a concurrent request
/// with the same idempotency key inserted first.
async fn write(
    ws: Workspace<'_>,
    txn: &WriteTxn,
    tenant: &tenant::Model,
    opening: &OpeningContext<'_>,
    keys: RowKeys<'_>,
) -> Result<Option<(incident::Model, IncidentKey)>, AppError> {
    let OpeningContext {
        principal,
        new,
        triaged,
        now,
    } = *opening;
    let number = take_next_number(txn, tenant.id).await?;
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
        idempotency_key: Set(keys.submission.map(|s| s.key.to_owned())),
        idempotency_body: Set(keys.submission.and_then(|s| s.stored_digest())),
        dedup_key: Set(keys.dedup_key.map(str::to_owned)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    triage::apply(&mut row, triaged)?;
    workspace::set_deadlines(&mut row, ws.sla, new.severity, now, Reached::default());
    let incident = match row.insert(txn).await {
        Ok(incident) => incident,
        Err(e) if constraint::INCIDENT_IDEMPOTENCY_KEY.broken_by(&e) => return Ok(None),
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
        append(txn, &incident, kind, body, principal, now).await?;
    }
    let incident_key = IncidentKey {
        tenant: new.tenant.clone(),
        number,
    };
    tasks::seed(
        txn,
        ws.sla,
        &incident,
        &incident_key,
        &triaged.decision,
        principal,
        now,
    )
    .await?;
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
        audit::record(txn, principal, event, now).await?;
    }
    let notice = workspace::change(
        &incident,
        &incident_key,
        Part::Incident,
        EntryVisibility::Shared,
    );
    txn.announce(ws.events, notice).await?;
    Ok(Some((incident, incident_key)))
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

/// The number of the tenant's incident an earlier request with `submission`'s key opened, when
/// that request is the one repeated now.
async fn find_earlier(
    conn: &impl ConnectionTrait,
    tenant_id: i64,
    submission: Option<Submission<'_>>,
) -> Result<Option<i64>, AppError> {
    let Some(submission) = submission else {
        return Ok(None);
    };
    let Some(earlier) = incident::Entity::find()
        .filter(incident::Column::TenantId.eq(tenant_id))
        .filter(incident::Column::IdempotencyKey.eq(submission.key))
        .one(conn)
        .await?
    else {
        return Ok(None);
    };
    submission.repeats(earlier.idempotency_body.as_deref())?;
    Ok(Some(earlier.number))
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
