//! An append-only timeline entry of an incident.

use sea_orm::entity::prelude::*;

pub const KIND_CREATED: &str = "created";
pub const KIND_TRIAGE: &str = "triage";
pub const KIND_OVERRIDE: &str = "override";
pub const KIND_STATUS: &str = "status";
pub const KIND_SEVERITY: &str = "severity";
pub const KIND_TASK: &str = "task";
pub const KIND_NOTE: &str = "note";
pub const KIND_GRANT: &str = "grant";
pub const VISIBILITY_SHARED: &str = "shared";

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "timeline_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub incident_id: i64,
    pub kind: String,
    pub visibility: String,
    pub body: String,
    pub author: String,
    pub occurred_at: DateTimeUtc,
    pub recorded_at: DateTimeUtc,
    /// The incident version an automatic entry's change produced; `None` for notes.
    pub incident_version: Option<i64>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
