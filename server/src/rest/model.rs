//! What the REST API sends and takes, as its OpenAPI document describes them. These are the
//! API's own shapes, kept apart from the pages' data so that the pages can change without
//! breaking integrations; codes are the same stored codes the pages and the model use.

use chrono::{DateTime, Utc};
use contract::dto::{IncidentDetail, IncidentSummary, TaskView, TimelineEntryView};
use domain::responsibility::{MissingFact, RowRef};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// An incident as listed.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IncidentItem {
    /// `ACME-42` for a tenant's incident, `PLT-7` for a platform-wide one.
    #[schema(example = "ACME-42")]
    pub key: String,
    pub title: String,
    pub tenant: String,
    /// `SEV1` (most severe) to `SEV4`.
    #[schema(example = "SEV2")]
    pub severity: String,
    /// The lifecycle stage: new, triaged, investigating, contained, eradicated, recovered,
    /// resolved or closed.
    pub status: String,
    /// `platform`, `tenant` or `shared`.
    pub owner: String,
    pub detected_at: DateTime<Utc>,
    /// The next SLA deadline not yet met.
    pub next_due_at: Option<DateTime<Utc>>,
    pub overdue: bool,
}

impl From<IncidentSummary> for IncidentItem {
    fn from(row: IncidentSummary) -> Self {
        Self {
            key: row.key,
            title: row.title,
            tenant: row.tenant_name,
            severity: row.severity.code().to_owned(),
            status: row.status.code().to_owned(),
            owner: row.owner.code().to_owned(),
            detected_at: row.detected_at,
            next_due_at: row.next_due_at,
            overdue: row.overdue,
        }
    }
}

/// A page of incidents; `next_cursor` fetches the next one.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct IncidentList {
    pub items: Vec<IncidentItem>,
    pub next_cursor: Option<String>,
    /// Matching incidents, counted up to a cap (`more_than_total` when it was passed).
    pub total: u64,
    pub more_than_total: bool,
}

/// Why triage decided what it did: one row of the model and its sentence.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Reason {
    /// The model row, `area:ID` or `duty:ID`.
    pub row: String,
    /// The side the row makes responsible.
    pub side: String,
    pub explanation: String,
}

/// Who owns the incident and why.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Ownership {
    /// The owner in force (an override's, or the decision's).
    pub owner: String,
    /// The side that leads a shared incident.
    pub lead: String,
    pub model_version: String,
    pub reasons: Vec<Reason>,
    /// Facts triage still needs (area, layer, tenants_affected).
    pub missing: Vec<String>,
    pub area: Option<String>,
    pub layer: Option<String>,
    pub tenants_affected: Option<String>,
    pub flags: Vec<String>,
}

/// One incident.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Incident {
    pub key: String,
    pub title: String,
    /// The description rendered from Markdown and sanitised.
    pub description_html: String,
    pub tenant: String,
    pub severity: String,
    pub status: String,
    pub detected_at: DateTime<Utc>,
    pub reporter: String,
    /// Send it back as `If-Match: "N"` to change the incident.
    pub version: i64,
    pub ownership: Ownership,
}

impl From<&IncidentDetail> for Incident {
    fn from(detail: &IncidentDetail) -> Self {
        let own = &detail.ownership;
        let facts = &own.facts;
        Self {
            key: detail.key.clone(),
            title: detail.title.clone(),
            description_html: detail.description_html.clone(),
            tenant: detail.tenant_name.clone(),
            severity: detail.severity.code().to_owned(),
            status: detail.status.code().to_owned(),
            detected_at: detail.detected_at,
            reporter: detail.reporter.clone(),
            version: detail.version,
            ownership: Ownership {
                owner: own.owner.code().to_owned(),
                lead: own.decision.lead.code().to_owned(),
                model_version: own.decision.model_version.clone(),
                reasons: own
                    .decision
                    .reasons
                    .iter()
                    .map(|r| Reason {
                        row: match &r.row {
                            RowRef::Area(id) => format!("area:{id}"),
                            RowRef::Duty(id) => format!("duty:{id}"),
                        },
                        side: r.side.code().to_owned(),
                        explanation: r.sentence.clone(),
                    })
                    .collect(),
                missing: own
                    .decision
                    .missing
                    .iter()
                    .map(|m| missing_code(*m))
                    .collect(),
                area: facts.area.clone(),
                layer: facts.layer.map(|l| l.code().to_owned()),
                tenants_affected: facts.tenants_affected.map(|t| t.code().to_owned()),
                flags: facts.flags.iter().cloned().collect(),
            },
        }
    }
}

/// A remediation task.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Task {
    pub id: i64,
    /// `platform` or `tenant`: whose workstream it is in.
    pub workstream: String,
    pub title: String,
    /// todo, in_progress, waiting, done or cancelled.
    pub status: String,
    pub assignee_id: Option<i64>,
    pub assignee: Option<String>,
    pub due_at: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub waiting_note: Option<String>,
    /// Send it back as `If-Match: "N"` to change the task.
    pub version: i64,
}

impl From<TaskView> for Task {
    fn from(task: TaskView) -> Self {
        Self {
            id: task.id,
            workstream: task.workstream.code().to_owned(),
            title: task.title,
            status: task.status.code().to_owned(),
            assignee_id: task.assignee_id,
            assignee: task.assignee_name,
            due_at: task.due_at,
            overdue: task.overdue,
            waiting_note: task.waiting_note,
            version: task.version,
        }
    }
}

/// A timeline entry.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TimelineEntry {
    pub id: i64,
    /// note, status, severity, task, triage, override, grant or created.
    pub kind: String,
    /// shared, platform-internal or tenant-internal.
    pub visibility: String,
    pub body_html: String,
    pub author: String,
    pub occurred_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
}

impl From<TimelineEntryView> for TimelineEntry {
    fn from(entry: TimelineEntryView) -> Self {
        Self {
            id: entry.id,
            kind: entry.kind.code().to_owned(),
            visibility: entry.visibility.code().to_owned(),
            body_html: entry.body_html,
            author: entry.author,
            occurred_at: entry.occurred_at,
            recorded_at: entry.recorded_at,
        }
    }
}

/// A page of the timeline, newest first; `next_cursor` fetches older entries.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TimelineList {
    pub items: Vec<TimelineEntry>,
    pub next_cursor: Option<i64>,
}

fn missing_code(fact: MissingFact) -> String {
    match fact {
        MissingFact::Area => "area",
        MissingFact::Layer => "layer",
        MissingFact::TenantsAffected => "tenants_affected",
    }
    .to_owned()
}
