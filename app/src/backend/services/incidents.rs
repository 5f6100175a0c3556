//! Opening, listing and reading incidents.

use crate::backend::{
    Database, Principal,
    entities::{incident, tenant, timeline_entry},
    markdown::to_safe_html,
};
use crate::error::{AppError, internal};
use crate::model::{IncidentDetail, IncidentPage, IncidentSummary, TimelineEntryView};
use chrono::{DateTime, Utc};
use domain::{FieldError, IncidentKey, IncidentStatus, NewIncident, Severity};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set, SqlErr, sea_query::Expr,
};

/// Rows per page of the incident list.
pub const PAGE_SIZE: usize = 50;
/// Timeline entries shown on the incident page.
const TIMELINE_LIMIT: u64 = 500;

/// Opens an incident and writes its first timeline entry in the same transaction.
///
/// A repeated `idempotency_key` for the same tenant returns the incident the first request
/// made instead of opening a second one.
pub async fn open(
    db: &Database,
    principal: &Principal,
    new: &NewIncident,
    idempotency_key: Option<&str>,
    now: DateTime<Utc>,
) -> Result<IncidentKey, AppError> {
    match try_open(db, principal, new, idempotency_key, now).await {
        Err(OpenError::Db(e)) if is_unique_violation(&e) && idempotency_key.is_some() => {
            // A concurrent request with the same key committed first: answer with its incident.
            let tenant = find_tenant(db.conn(), new).await?;
            find_by_idempotency_key(db.conn(), tenant.id, idempotency_key)
                .await?
                .map(|number| IncidentKey {
                    tenant: new.tenant.clone(),
                    number,
                })
                .ok_or_else(|| internal(e))
        }
        Err(OpenError::Db(e)) => Err(e.into()),
        Err(OpenError::App(e)) => Err(e),
        Ok(key) => Ok(key),
    }
}

enum OpenError {
    Db(DbErr),
    App(AppError),
}

impl From<DbErr> for OpenError {
    fn from(e: DbErr) -> Self {
        Self::Db(e)
    }
}

impl From<AppError> for OpenError {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

async fn try_open(
    db: &Database,
    principal: &Principal,
    new: &NewIncident,
    idempotency_key: Option<&str>,
    now: DateTime<Utc>,
) -> Result<IncidentKey, OpenError> {
    let txn = db.begin_write().await?;
    let tenant = find_tenant(&*txn, new).await?;
    if let Some(number) = find_by_idempotency_key(&*txn, tenant.id, idempotency_key).await? {
        return Ok(IncidentKey {
            tenant: new.tenant.clone(),
            number,
        });
    }
    let number = take_next_number(&*txn, tenant.id).await?;
    let incident = incident::ActiveModel {
        tenant_id: Set(tenant.id),
        number: Set(number),
        title: Set(new.title.as_str().to_owned()),
        description: Set(new.description.as_str().to_owned()),
        severity: Set(new.severity.code().to_owned()),
        status: Set(IncidentStatus::New.code().to_owned()),
        detected_at: Set(now),
        reporter: Set(principal.display_name().to_owned()),
        version: Set(1),
        idempotency_key: Set(idempotency_key.map(str::to_owned)),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    timeline_entry::ActiveModel {
        tenant_id: Set(tenant.id),
        incident_id: Set(incident.id),
        kind: Set(timeline_entry::KIND_CREATED.to_owned()),
        visibility: Set(timeline_entry::VISIBILITY_SHARED.to_owned()),
        body: Set(format!(
            "Incident opened with severity **{}** ({}).",
            new.severity.code(),
            new.severity.meaning()
        )),
        author: Set(principal.display_name().to_owned()),
        occurred_at: Set(now),
        recorded_at: Set(now),
        ..Default::default()
    }
    .insert(&*txn)
    .await?;
    txn.commit().await?;
    Ok(IncidentKey {
        tenant: new.tenant.clone(),
        number,
    })
}

async fn find_tenant(
    conn: &impl ConnectionTrait,
    new: &NewIncident,
) -> Result<tenant::Model, AppError> {
    tenant::Entity::find()
        .filter(tenant::Column::Key.eq(new.tenant.as_str()))
        .one(conn)
        .await?
        .ok_or_else(|| AppError::Invalid {
            fields: vec![FieldError::new(
                "tenant",
                "Choose who is affected from the list.",
            )],
            submitted: Default::default(),
        })
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

fn is_unique_violation(e: &DbErr) -> bool {
    matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

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
                key: format!("{}-{}", tenant.key, incident.number),
                severity: parse_severity(&incident.severity)?,
                status: parse_status(&incident.status)?,
                title: incident.title,
                tenant_name: tenant.name,
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
    _principal: &Principal,
    key: &IncidentKey,
    now: DateTime<Utc>,
) -> Result<IncidentDetail, AppError> {
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
        key: key.to_string(),
        description_html: to_safe_html(&incident.description),
        severity: parse_severity(&incident.severity)?,
        status: parse_status(&incident.status)?,
        title: incident.title,
        tenant_name: tenant.name,
        detected_at: incident.detected_at,
        reporter: incident.reporter,
        version: incident.version,
        timeline,
        as_of: now,
    })
}

fn parse_severity(stored: &str) -> Result<Severity, AppError> {
    Severity::parse(stored).map_err(|_| internal(format!("stored severity {stored:?}")))
}

fn parse_status(stored: &str) -> Result<IncidentStatus, AppError> {
    IncidentStatus::parse(stored).ok_or_else(|| internal(format!("stored status {stored:?}")))
}
