//! What server functions send to pages: plain data, already shaped and sanitised for display.

use chrono::{DateTime, Utc};
use domain::responsibility::{Decision, Facts, Owner, ResponsibilityModel};
use domain::{IncidentStatus, Severity};
use serde::{Deserialize, Serialize};

mod audit;
mod tokens;
pub use audit::{AuditPage, AuditRow, VisitReads};
pub use tokens::{NewSecret, TokenRow, TokensPage};

/// A choice in the "affected" picker: the platform itself or one customer tenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantOption {
    pub key: String,
    pub name: String,
    pub is_platform: bool,
}

/// The incident list's filters and order, as the list's form and links carry them: every field
/// a string, empty meaning "any".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentFilter {
    #[serde(default)]
    pub owner: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub severity: String,
    #[serde(default)]
    pub tenant: String,
    #[serde(default)]
    pub area: String,
    /// `yes` for overdue incidents only.
    #[serde(default)]
    pub overdue: String,
    /// Words to find in the title or description.
    #[serde(default)]
    pub q: String,
    /// `newest` (default), `oldest`, `severity` or `due`.
    #[serde(default)]
    pub sort: String,
}

impl IncidentFilter {
    /// The query string that selects this filter, for links (empty fields left out).
    pub fn query(&self) -> String {
        let fields = [
            ("owner", &self.owner),
            ("status", &self.status),
            ("severity", &self.severity),
            ("tenant", &self.tenant),
            ("area", &self.area),
            ("overdue", &self.overdue),
            ("q", &self.q),
            ("sort", &self.sort),
        ];
        fields
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(k, v)| format!("{k}={}", percent_encode(v)))
            .collect::<Vec<_>>()
            .join("&")
    }
}

/// Percent-encodes a query-string value or a local path: everything but unreserved characters
/// (RFC 3986) and `/`.
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
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
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub detected_at: DateTime<Utc>,
    /// The earliest SLA deadline not yet met.
    #[serde(with = "chrono::serde::ts_microseconds_option")]
    pub next_due_at: Option<DateTime<Utc>>,
    pub overdue: bool,
}

/// One page of the incident list in the chosen order. `next_cursor` continues after the last
/// row; `total` counts the incidents the filters match that the reader may see.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IncidentPage {
    pub rows: Vec<IncidentSummary>,
    pub next_cursor: Option<String>,
    /// Matching incidents, counted up to a cap; `more_than_total` says the cap was passed.
    pub total: u64,
    pub more_than_total: bool,
    /// Choices for the filters: tenants the reader sees and the model's areas.
    pub tenants: Vec<TenantOption>,
    pub areas: Vec<(String, String)>,
    /// The server's clock when the page was read, so relative times agree on server and client.
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub as_of: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentDetail {
    pub key: String,
    /// Fresh for every read of the page: the forms that add a task or a note send it, with a
    /// count of their own submissions, as the idempotency key that makes a repeat harmless.
    pub form_key: String,
    pub title: String,
    /// Sanitised HTML rendered from the Markdown description.
    pub description_html: String,
    pub tenant_name: String,
    pub severity: Severity,
    pub status: IncidentStatus,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub detected_at: DateTime<Utc>,
    pub reporter: String,
    pub version: i64,
    pub ownership: OwnershipView,
    pub timeline: TimelinePage,
    /// After a refused save: what changed since the version the person had.
    pub changes_since: Vec<TimelineEntryView>,
    pub sla: Vec<domain::sla::SlaClock>,
    /// The status moves offered here, with why each is refused when it is.
    pub moves: Vec<MoveOption>,
    /// Why the reader cannot change the severity, if they cannot.
    pub severity_refusal: Option<String>,
    pub tasks: Vec<TaskView>,
    /// People a task can be assigned to, per workstream the reader may edit.
    pub platform_assignees: Vec<Assignee>,
    pub tenant_assignees: Vec<Assignee>,
    pub can_edit_platform_tasks: bool,
    pub can_edit_tenant_tasks: bool,
    /// Visibilities the reader may write notes with (none for viewers).
    pub note_visibilities: Vec<domain::note::EntryVisibility>,
    /// Visibilities of the entries the reader reads.
    pub readable_visibilities: Vec<domain::note::EntryVisibility>,
    /// The model in force, to name the rows the decision cites and to edit the facts.
    pub model: ResponsibilityModel,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub as_of: DateTime<Utc>,
    /// What the reader's role lets them change here.
    pub can_edit_facts: bool,
    pub can_override: bool,
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
    pub id: i64,
    pub kind: domain::timeline::EntryKind,
    pub visibility: domain::note::EntryVisibility,
    /// Sanitised HTML.
    pub body_html: String,
    pub author: String,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub occurred_at: DateTime<Utc>,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub recorded_at: DateTime<Utc>,
}

/// The kinds of timeline entry, with the words the timeline's filter shows for them.
pub const TIMELINE_KINDS: [(&str, &str); 9] = [
    ("note", "Notes"),
    ("status", "Status changes"),
    ("severity", "Severity changes"),
    ("task", "Tasks"),
    ("triage", "Triage"),
    ("override", "Ownership overrides"),
    ("grant", "Access grants"),
    ("created", "Opening"),
    ("alert", "Alerts"),
];

/// A page of timeline entries, newest first; `next_cursor` continues with older ones.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TimelinePage {
    pub entries: Vec<TimelineEntryView>,
    pub next_cursor: Option<i64>,
}

/// A status move a page offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoveOption {
    pub to: IncidentStatus,
    pub label: String,
    pub refusal: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignee {
    pub id: i64,
    pub name: String,
}

/// A remediation task as shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskView {
    pub id: i64,
    pub workstream: domain::responsibility::Side,
    pub title: String,
    pub status: domain::task::TaskStatus,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    #[serde(with = "chrono::serde::ts_microseconds_option")]
    pub due_at: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub waiting_note: Option<String>,
    pub version: i64,
    pub can_edit: bool,
    pub updated_by: String,
}

/// What the new-incident form needs from the server: who can be affected, and a fresh token
/// that makes a double submit open one incident.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IncidentFormOptions {
    pub tenants: Vec<TenantOption>,
    pub model: ResponsibilityModel,
    pub idempotency_key: String,
    /// The reporter's side, to ask before opening an incident triage would take from it.
    pub reporter_side: Option<domain::access::Side>,
}

/// Who is signed in, as the header shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub role_label: String,
    /// `platform` or `tenant`.
    pub side: String,
    pub tenant_name: String,
    pub is_admin: bool,
    pub can_respond: bool,
    /// Active grants.
    pub grants: Vec<HeldGrant>,
    /// Break-glass grants to the viewer's tenant that are running now (tenant side).
    pub break_glass_now: Vec<GrantRow>,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub as_of: DateTime<Utc>,
}

/// An access grant the signed-in platform user holds now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldGrant {
    pub tenant_name: String,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub ends_at: DateTime<Utc>,
}

/// A user in the administration list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: String,
    pub disabled: bool,
    pub second_factor: bool,
}

/// The administration page of a tenant's (or the platform's) users.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UsersPage {
    pub tenant_name: String,
    pub side: String,
    /// `(code, label)` of the roles users here can have.
    pub roles: Vec<(String, String)>,
    pub mfa_required: bool,
    pub users: Vec<UserRow>,
    pub me: i64,
}

/// An access grant as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantRow {
    pub id: i64,
    pub tenant_name: String,
    pub incident_key: Option<String>,
    pub requester: String,
    pub reason: String,
    pub minutes: i64,
    pub break_glass: bool,
    /// `requested`, `approved`, `denied`, `revoked` or `expired`.
    pub status: String,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    #[serde(with = "chrono::serde::ts_microseconds_option")]
    pub expires_at: Option<DateTime<Utc>>,
    pub can_decide: bool,
    pub can_revoke: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GrantsPage {
    pub rows: Vec<GrantRow>,
    /// Customer tenants a grant can be asked of (platform staff only).
    pub tenants: Vec<TenantOption>,
    pub can_request: bool,
    pub can_break_glass: bool,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub as_of: DateTime<Utc>,
}

/// A tenant as the platform admin sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantRow {
    pub key: String,
    pub name: String,
    pub is_platform: bool,
    pub users: u64,
    pub mfa_required: bool,
}

/// The second-factor enrolment page: the QR code as SVG, and the secret for typing in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub email: String,
    pub secret: String,
    pub qr_svg: String,
}

#[cfg(test)]
mod tests {
    use super::TIMELINE_KINDS;
    use domain::timeline::EntryKind;

    #[test]
    fn the_timeline_filter_offers_every_kind_of_entry_once() {
        let offered: Vec<_> = TIMELINE_KINDS
            .iter()
            .map(|(code, _)| EntryKind::parse(code).expect("a stored kind"))
            .collect();
        assert_eq!(offered.len(), EntryKind::ALL.len());
        assert!(EntryKind::ALL.iter().all(|kind| offered.contains(kind)));
    }
}
