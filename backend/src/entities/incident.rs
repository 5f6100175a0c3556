//! An incident, numbered per tenant, with its triage and optimistic-locking `version`.

use domain::responsibility::{Layer, Owner, Side, TenantsAffected};
use domain::{IncidentStatus, Severity};
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "incidents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub number: i64,
    pub title: String,
    pub description: String,
    pub severity: Severity,
    pub status: IncidentStatus,
    pub detected_at: DateTimeUtc,
    pub reporter: String,
    pub version: i64,
    pub idempotency_key: Option<String>,
    /// SHA-256 (hex) of the API request that opened it with `idempotency_key`; empty for forms.
    pub idempotency_body: Option<String>,
    pub area: Option<String>,
    pub layer: Option<Layer>,
    pub tenants_affected: Option<TenantsAffected>,
    /// JSON array of flag ids.
    pub flags: String,
    /// JSON array of the words the area and flags were suggested from, when they were.
    pub suggested_from: Option<String>,
    /// The decision's owner; `override_owner` wins when set.
    pub owner: Owner,
    pub lead: Side,
    /// The whole `domain::responsibility::Decision` as JSON.
    pub decision: String,
    pub model_version: String,
    pub override_owner: Option<Owner>,
    pub override_reason: Option<String>,
    pub overridden_by: Option<String>,
    /// `override_owner` when set, else `owner`: what visibility is decided on.
    pub effective_owner: Owner,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// When each SLA milestone was met (cleared again when the incident is reopened).
    pub triaged_at: Option<DateTimeUtc>,
    pub contained_at: Option<DateTimeUtc>,
    pub resolved_at: Option<DateTimeUtc>,
    /// The earliest SLA deadline not yet met: past it, the incident is overdue.
    pub next_due_at: Option<DateTimeUtc>,
    /// The dedup key of the alert that opened it: later alerts with the key reach it while it
    /// is not closed.
    pub dedup_key: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::tenant::Entity",
        from = "Column::TenantId",
        to = "super::tenant::Column::Id"
    )]
    Tenant,
}

impl Related<super::tenant::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Tenant.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
