//! What server functions send to pages: plain data, already shaped and sanitised for display.

use chrono::{DateTime, Utc};
use domain::responsibility::{Decision, Facts, Owner, ResponsibilityModel};
use domain::{IncidentStatus, Severity};
use serde::{Deserialize, Serialize};

/// A choice in the "affected" picker: the platform itself or one customer tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantOption {
    pub key: String,
    pub name: String,
    pub is_platform: bool,
}

/// One row of the incident list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentSummary {
    pub key: String,
    pub title: String,
    pub tenant_name: String,
    pub severity: Severity,
    pub status: IncidentStatus,
    pub owner: Owner,
    pub detected_at: DateTime<Utc>,
}

/// One page of the incident list, newest first. `next_cursor` continues after the last row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentPage {
    pub rows: Vec<IncidentSummary>,
    pub next_cursor: Option<i64>,
    /// The server's clock when the page was read, so relative times agree on server and client.
    pub as_of: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentDetail {
    pub key: String,
    pub title: String,
    /// Sanitised HTML rendered from the Markdown description.
    pub description_html: String,
    pub tenant_name: String,
    pub severity: Severity,
    pub status: IncidentStatus,
    pub detected_at: DateTime<Utc>,
    pub reporter: String,
    pub version: i64,
    pub ownership: OwnershipView,
    pub timeline: Vec<TimelineEntryView>,
    /// The model in force, to name the rows the decision cites and to edit the facts.
    pub model: ResponsibilityModel,
    pub as_of: DateTime<Utc>,
}

/// Who owns the incident and why: the decision triage made and any override of it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OwnershipView {
    /// The owner in force: the override's when there is one, else the decision's.
    pub owner: Owner,
    pub decision: Decision,
    pub facts: Facts,
    /// Words of the title and description that suggested the area and flags.
    pub suggested_from: Vec<String>,
    pub override_: Option<OverrideView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OverrideView {
    pub owner: Owner,
    pub reason: String,
    pub by: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntryView {
    pub kind: String,
    pub visibility: String,
    /// Sanitised HTML.
    pub body_html: String,
    pub author: String,
    pub occurred_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
}

/// What the new-incident form needs from the server: who can be affected, and a fresh token
/// that makes a double submit open one incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentFormOptions {
    pub tenants: Vec<TenantOption>,
    pub model: ResponsibilityModel,
    pub idempotency_key: String,
}
