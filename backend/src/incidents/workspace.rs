//! What every change to an incident shares: the context it runs in, the versioned save that
//! turns a stale write into a conflict, the timeline entry it leaves, and the notice that
//! tells open pages.

use crate::entities::{incident, timeline_entry};
use crate::events::{Change, EventBus, Part};
use crate::{AppState, Database, Principal};
use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::IncidentKey;
use domain::Severity;
use domain::note::EntryVisibility;
use domain::responsibility::ResponsibilityModel;
use domain::sla::{Reached, SlaPolicy};
use domain::timeline::EntryKind;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set,
};

/// Where a change to incidents happens: the database, where it is announced, the model that
/// triages, and the SLA targets that set deadlines.
#[derive(Clone, Copy)]
pub struct Workspace<'a> {
    pub db: &'a Database,
    pub events: &'a EventBus,
    pub model: &'a ResponsibilityModel,
    pub sla: &'a SlaPolicy,
}

impl AppState {
    pub fn workspace(&self) -> Workspace<'_> {
        Workspace {
            db: &self.db,
            events: &self.events,
            model: &self.model,
            sla: &self.sla,
        }
    }
}

/// Saves `row` only if the incident is still at `version`; otherwise nothing is written and the
/// caller gets `Conflict` naming the version the person saw.
pub async fn save_if_current(
    conn: &impl ConnectionTrait,
    mut row: incident::ActiveModel,
    current: &incident::Model,
    version: i64,
    now: DateTime<Utc>,
) -> Result<incident::Model, AppError> {
    let conflict = AppError::Conflict {
        since_version: Some(version),
    };
    if current.version != version {
        return Err(conflict);
    }
    row.version = Set(version + 1);
    row.updated_at = Set(now);
    let result = incident::Entity::update_many()
        .set(row)
        .filter(incident::Column::Id.eq(current.id))
        .filter(incident::Column::Version.eq(version))
        .exec(conn)
        .await?;
    if result.rows_affected != 1 {
        return Err(conflict);
    }
    incident::Entity::find_by_id(current.id)
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)
}

/// Takes the incident's row lock for the rest of the transaction (PostgreSQL; SQLite's writers
/// are serialised already), so that changes which depend on each other — resolving and adding
/// a task, say — cannot both commit from what each read before the other.
pub async fn lock(conn: &impl ConnectionTrait, incident: &incident::Model) -> Result<(), DbErr> {
    use sea_orm::QuerySelect;
    incident::Entity::find_by_id(incident.id)
        .lock_exclusive()
        .one(conn)
        .await?;
    Ok(())
}

/// A timeline entry to write.
pub struct Entry {
    pub kind: EntryKind,
    pub visibility: EntryVisibility,
    pub body: String,
    pub occurred_at: DateTime<Utc>,
    /// The incident version the change produced, for automatic entries of incident changes.
    pub incident_version: Option<i64>,
}

/// Appends `entry` to the timeline of `incident`.
pub async fn record(
    conn: &impl ConnectionTrait,
    incident: &incident::Model,
    entry: Entry,
    who: &Principal,
    now: DateTime<Utc>,
) -> Result<timeline_entry::Model, DbErr> {
    let row = entry_row(incident, entry, who, now);
    row.insert(conn).await
}

/// The row of `entry` on the timeline of `incident`, to insert.
pub fn entry_row(
    incident: &incident::Model,
    entry: Entry,
    who: &Principal,
    now: DateTime<Utc>,
) -> timeline_entry::ActiveModel {
    timeline_entry::ActiveModel {
        tenant_id: Set(incident.tenant_id),
        incident_id: Set(incident.id),
        kind: Set(entry.kind),
        visibility: Set(entry.visibility),
        body: Set(entry.body),
        author: Set(who.display_name().to_owned()),
        occurred_at: Set(entry.occurred_at),
        recorded_at: Set(now),
        incident_version: Set(entry.incident_version),
        ..Default::default()
    }
}

/// The notice for a change to `part` of `incident`, audible to those who read `visibility`.
pub fn change(
    incident: &incident::Model,
    key: &IncidentKey,
    part: Part,
    visibility: EntryVisibility,
) -> Change {
    Change {
        tenant_id: incident.tenant_id,
        incident_id: incident.id,
        key: key.to_string(),
        owner: incident.effective_owner,
        visibility,
        part,
    }
}

/// The milestones met so far, as stored.
pub fn reached(incident: &incident::Model) -> Reached {
    Reached {
        triaged_at: incident.triaged_at,
        contained_at: incident.contained_at,
        resolved_at: incident.resolved_at,
    }
}

/// Sets the milestones and the next deadline of a row being written.
pub fn set_deadlines(
    row: &mut incident::ActiveModel,
    sla: &SlaPolicy,
    severity: Severity,
    detected_at: DateTime<Utc>,
    reached: Reached,
) {
    row.triaged_at = Set(reached.triaged_at);
    row.contained_at = Set(reached.contained_at);
    row.resolved_at = Set(reached.resolved_at);
    row.next_due_at = Set(sla.next_deadline(severity, detected_at, &reached));
}
