//! An append-only timeline entry of an incident.

use domain::note::EntryVisibility;
use domain::timeline::EntryKind;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "timeline_entries")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub incident_id: i64,
    pub kind: EntryKind,
    pub visibility: EntryVisibility,
    pub body: String,
    pub author: String,
    pub occurred_at: DateTimeUtc,
    pub recorded_at: DateTimeUtc,
    /// The incident version an automatic entry's change produced; `None` for notes.
    pub incident_version: Option<i64>,
    /// The key of the form submission that wrote a note, unique within the incident, so that
    /// a repeated submission writes nothing.
    pub idempotency_key: Option<String>,
    /// SHA-256 (hex) of the API request that wrote it with `idempotency_key`; empty for forms.
    pub idempotency_body: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
