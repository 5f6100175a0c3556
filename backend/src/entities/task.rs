//! A remediation task in one side's workstream of an incident.

use domain::responsibility::Side;
use domain::task::TaskStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tasks")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub incident_id: i64,
    /// `platform` or `tenant`.
    pub workstream: Side,
    /// The model duty a task seeded by triage came from.
    pub duty: Option<String>,
    pub title: String,
    /// A `domain::task::TaskStatus` code.
    pub status: TaskStatus,
    pub assignee_id: Option<i64>,
    pub due_at: Option<DateTimeUtc>,
    /// What the task waits for from the other side, while its status is `waiting`.
    pub waiting_note: Option<String>,
    pub version: i64,
    pub created_by: String,
    pub updated_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    /// The key of the form submission that added the task by hand, unique within the
    /// incident, so that a repeated submission adds nothing.
    pub idempotency_key: Option<String>,
    /// SHA-256 (hex) of the API request that added it with `idempotency_key`; empty for forms.
    pub idempotency_body: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
