//! An audit log entry: who did what to which object, when and from where, hash-chained.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_entries")]
pub struct Model {
    /// Assigned by the writer (the chain head's `last_id + 1`), never by the database.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i64,
    pub tenant_id: i64,
    pub actor: String,
    pub action: String,
    pub object: String,
    pub detail: String,
    pub source: String,
    pub occurred_at: String,
    pub prev_hash: String,
    pub hash: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
