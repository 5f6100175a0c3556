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
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
