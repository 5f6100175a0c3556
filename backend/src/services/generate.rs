//! Realistic volume for measuring: many tenants with their users, incidents of every owner,
//! severity and status, long timelines (one of them very long) and both sides' tasks. Rows are
//! written in large batches, bypassing the per-change services (and so the audit log): this
//! is test data for measuring, not history.

use super::demo;
use super::tenants;
use super::triage;
use super::users::{self, NewUser};
use super::workspace::{self, Workspace};
use crate::entities::{incident, task, tenant, timeline_entry};
use crate::identity::passwords;
use chrono::{DateTime, Duration, Utc};
use contract::error::{AppError, internal};
use domain::TenantKind;
use domain::access::Role;
use domain::note::EntryVisibility;
use domain::responsibility::Side;
use domain::responsibility::{Facts, Layer, TenantsAffected};
use domain::sla::Reached;
use domain::task::TaskStatus;
use domain::timeline::EntryKind;
use domain::{Email, IncidentStatus, Severity, TenantKey};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
};

/// How much to generate.
#[derive(Debug, Clone, Copy)]
pub struct Volume {
    pub tenants: usize,
    pub incidents: usize,
    pub timeline_entries: usize,
    /// Entries of the one incident with a very long timeline.
    pub long_timeline: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generated {
    pub tenants: usize,
    pub users: usize,
    pub incidents: usize,
    pub timeline_entries: usize,
    pub tasks: usize,
    /// The incident with the long timeline.
    pub long_timeline_key: String,
}

/// Rows per INSERT statement.
const BATCH: usize = 500;
/// Rows per transaction.
const PER_TRANSACTION: usize = 20_000;

/// Fact sets that give each owner, so generated incidents carry real decisions.
fn fact_templates() -> [Facts; 4] {
    let facts = |area: &str, layer, scope, flags: &[&str]| Facts {
        area: Some(area.to_owned()),
        layer: Some(layer),
        tenants_affected: Some(scope),
        flags: flags.iter().map(|f| (*f).to_owned()).collect(),
    };
    [
        facts(
            "privileged-access",
            Layer::Tenant,
            TenantsAffected::One,
            &["tenant-mfa"],
        ),
        facts(
            "infrastructure",
            Layer::Platform,
            TenantsAffected::All,
            &["platform-availability"],
        ),
        facts(
            "privileged-access",
            Layer::Tenant,
            TenantsAffected::One,
            &["privileged-platform-access", "tenant-privileged-access"],
        ),
        Facts::default(),
    ]
}

const SYSTEMS: [&str; 8] = [
    "payment exports",
    "teller sign-ins",
    "SSO broker",
    "API gateway",
    "reporting database",
    "admin console",
    "webhook relay",
    "file transfer service",
];
const WHAT: [&str; 6] = [
    "Unusual activity on",
    "Errors from",
    "Suspicious access to",
    "Data mismatch in",
    "Certificate problem with",
    "Outage of",
];

/// Adds `volume` to a database, with the demo data first when it is empty (so its accounts can
/// sign in).
pub async fn generate(
    ws: Workspace<'_>,
    operator_name: &str,
    volume: Volume,
    now: DateTime<Utc>,
) -> Result<Generated, AppError> {
    if tenant::Entity::find()
        .filter(tenant::Column::Key.eq(tenant_key(0)))
        .count(ws.db.conn())
        .await?
        > 0
    {
        return Err(internal("this database already holds generated data"));
    }
    // Leaves a database that already has data (the demo's, say) as it is.
    demo::seed(ws, operator_name, now).await?;
    let hash = passwords::hash(demo::DEMO_PASSWORD.to_owned()).await?;
    let platform_id = crate::access::session::platform_tenant_id(ws.db.conn()).await?;

    // Tenants and their users.
    let txn = ws.db.begin_write().await?;
    let mut tenant_rows = Vec::new();
    let mut users = 0;
    for n in 0..volume.tenants {
        let key = tenant_key(n);
        let key = TenantKey::parse(&key).map_err(internal)?;
        let name = format!("Generated tenant {}", key.as_str());
        let row = tenants::create(&txn, &key, &name, TenantKind::Customer, now).await?;
        for (role, who) in [
            (Role::TenantAdmin, "admin"),
            (Role::TenantResponder, "analyst"),
            (Role::TenantViewer, "viewer"),
        ] {
            let email = format!("{who}@{}.example", key.as_str().to_lowercase());
            let new = NewUser {
                email: Email::parse(&email).map_err(internal)?,
                display_name: format!("{who} of {}", key.as_str()),
                role,
            };
            users::insert(&txn, row.id, &new, hash.clone(), None, now).await?;
            users += 1;
        }
        tenant_rows.push(row);
    }
    txn.commit().await?;

    // Incidents, spread over the tenants and the platform, with real triage decisions.
    let triaged: Vec<triage::Triaged> = fact_templates()
        .into_iter()
        .map(|facts| triage::decide(ws.model, facts))
        .collect();
    let mut owners: Vec<(i64, String)> =
        tenant_rows.iter().map(|t| (t.id, t.key.clone())).collect();
    owners.push((platform_id, "PLT".to_owned()));
    let mut numbers: std::collections::HashMap<i64, i64> = std::collections::HashMap::new();
    for (id, _) in &owners {
        let next = tenant::Entity::find_by_id(*id)
            .one(ws.db.conn())
            .await?
            .map_or(1, |t| t.next_incident_number);
        numbers.insert(*id, next);
    }
    let mut incident_rows = Vec::with_capacity(volume.incidents);
    for n in 0..volume.incidents {
        let (tenant_id, _) = &owners[n % owners.len()];
        let number = numbers
            .get_mut(tenant_id)
            .ok_or_else(|| internal("tenant"))?;
        let severity = Severity::ALL[(n / 7) % 4];
        let status = IncidentStatus::ALL[(n / 3) % IncidentStatus::ALL.len()];
        let detected_at = now - Duration::minutes(((n * 37) % (365 * 24 * 60)) as i64);
        let mut reached = Reached::default();
        for s in IncidentStatus::ALL.into_iter().take(status.rank() + 1) {
            reached = reached.after_move(s, detected_at + Duration::minutes(30 * s.rank() as i64));
        }
        let title = format!(
            "{} the {} ({n})",
            WHAT[n % WHAT.len()],
            SYSTEMS[(n / 6) % SYSTEMS.len()]
        );
        let mut row = incident::ActiveModel {
            tenant_id: Set(*tenant_id),
            number: Set(*number),
            title: Set(title),
            description: Set(format!(
                "Generated incident {n}: seen by monitoring and reported by the on-call engineer."
            )),
            severity: Set(severity),
            status: Set(status),
            detected_at: Set(detected_at),
            reporter: Set("generator".to_owned()),
            version: Set(1),
            idempotency_key: Set(None),
            created_at: Set(detected_at),
            updated_at: Set(detected_at),
            ..Default::default()
        };
        triage::apply(&mut row, &triaged[n % triaged.len()])?;
        workspace::set_deadlines(&mut row, ws.sla, severity, detected_at, reached);
        *number += 1;
        incident_rows.push(row);
    }
    insert_all(ws, incident_rows, |rows| {
        incident::Entity::insert_many(rows)
    })
    .await?;
    for (id, next) in &numbers {
        tenant::Entity::update(tenant::ActiveModel {
            id: Set(*id),
            next_incident_number: Set(*next),
            ..Default::default()
        })
        .exec(ws.db.conn())
        .await?;
    }

    // Timelines and tasks of the generated incidents.
    let generated = incident::Entity::find()
        .filter(incident::Column::Reporter.eq("generator"))
        .order_by_asc(incident::Column::Id)
        .all(ws.db.conn())
        .await?;
    let long = generated
        .first()
        .ok_or_else(|| internal("no incidents generated"))?;
    let long_key = {
        let tenant = tenant::Entity::find_by_id(long.tenant_id)
            .one(ws.db.conn())
            .await?;
        format!(
            "{}-{}",
            tenant.map(|t| t.key).unwrap_or_default(),
            long.number
        )
    };
    // The long timeline first, the rest shared out so the total is as asked (at least the
    // two automatic entries each).
    let others = generated.len().saturating_sub(1).max(1);
    let rest = volume.timeline_entries.saturating_sub(volume.long_timeline);
    let (per_incident, remainder) = (rest / others, rest % others);
    let mut entries = Vec::new();
    let mut task_rows = Vec::new();
    let mut entry_count = 0;
    for (n, incident) in generated.iter().enumerate() {
        let count = match n {
            0 => volume.long_timeline,
            n if n <= remainder => per_incident + 1,
            _ => per_incident,
        }
        .max(2);
        for e in 0..count {
            let (kind, visibility, body) = match e {
                0 => (
                    EntryKind::Created,
                    EntryVisibility::Shared,
                    format!("Incident opened with severity **{}**.", incident.severity),
                ),
                1 => (
                    EntryKind::Triage,
                    EntryVisibility::Shared,
                    format!("Triaged to **{}** ownership.", incident.owner.code()),
                ),
                e if e % 5 == 0 => (
                    EntryKind::Note,
                    EntryVisibility::PlatformInternal,
                    format!("Platform note {e}: checked the gateway logs."),
                ),
                e if e % 7 == 0 => (
                    EntryKind::Note,
                    EntryVisibility::TenantInternal,
                    format!("Tenant note {e}: asked the branch for details."),
                ),
                e => (
                    EntryKind::Note,
                    EntryVisibility::Shared,
                    format!("Update {e}: still investigating, next update in an hour."),
                ),
            };
            let at = incident.detected_at + Duration::seconds(e as i64 * 45);
            entries.push(timeline_entry::ActiveModel {
                tenant_id: Set(incident.tenant_id),
                incident_id: Set(incident.id),
                kind: Set(kind),
                visibility: Set(visibility),
                body: Set(body),
                author: Set("generator".to_owned()),
                occurred_at: Set(at),
                recorded_at: Set(at),
                incident_version: Set((e < 2).then_some(1)),
                ..Default::default()
            });
            entry_count += 1;
        }
        for (side, title) in [
            (Side::Platform, "Check the platform's logs"),
            (Side::Tenant, "Review the tenant's access"),
        ] {
            let status = if incident.resolved_at.is_some() {
                TaskStatus::Done
            } else {
                TaskStatus::ALL[n % 3]
            };
            task_rows.push(task::ActiveModel {
                tenant_id: Set(incident.tenant_id),
                incident_id: Set(incident.id),
                workstream: Set(side),
                duty: Set(None),
                title: Set(title.to_owned()),
                status: Set(status),
                assignee_id: Set(None),
                due_at: Set(incident.next_due_at),
                waiting_note: Set(
                    (status == TaskStatus::Waiting).then(|| "The other side's logs".to_owned())
                ),
                version: Set(1),
                created_by: Set("generator".to_owned()),
                updated_by: Set("generator".to_owned()),
                created_at: Set(incident.detected_at),
                updated_at: Set(incident.detected_at),
                ..Default::default()
            });
        }
        if entries.len() >= PER_TRANSACTION {
            insert_all(ws, std::mem::take(&mut entries), |rows| {
                timeline_entry::Entity::insert_many(rows)
            })
            .await?;
        }
    }
    insert_all(ws, entries, |rows| {
        timeline_entry::Entity::insert_many(rows)
    })
    .await?;
    let task_count = task_rows.len();
    insert_all(ws, task_rows, task::Entity::insert_many).await?;
    Ok(Generated {
        tenants: volume.tenants,
        users,
        incidents: generated.len(),
        timeline_entries: entry_count,
        tasks: task_count,
        long_timeline_key: long_key,
    })
}

/// Tenant keys `GENAA`, `GENAB`, … (letters only, as keys are).
fn tenant_key(n: usize) -> String {
    let letter = |i: usize| char::from(b'A' + (i % 26) as u8);
    format!("GEN{}{}", letter(n / 26), letter(n))
}

/// Inserts `rows` in batches, several batches per transaction.
async fn insert_all<A, E>(
    ws: Workspace<'_>,
    rows: Vec<A>,
    insert: impl Fn(Vec<A>) -> sea_orm::Insert<A>,
) -> Result<(), AppError>
where
    A: sea_orm::ActiveModelTrait<Entity = E> + Send,
    E: EntityTrait,
    E::Model: sea_orm::IntoActiveModel<A>,
{
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let txn = ws.db.begin_write().await?;
        for _ in 0..PER_TRANSACTION / BATCH {
            let batch: Vec<A> = rows.by_ref().take(BATCH).collect();
            if batch.is_empty() {
                break;
            }
            insert(batch).exec_without_returning(&txn).await?;
        }
        txn.commit().await?;
    }
    Ok(())
}
