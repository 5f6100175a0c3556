//! A visit under an access grant: the reads one person made of one incident under one grant
//! without a long pause, counted beside the audit entry that recorded the first of them.

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "grant_reads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    pub grant_id: i64,
    pub incident_id: i64,
    pub reader_id: i64,
    /// The entry recording the visit's first read; it never changes, this row does.
    pub audit_entry_id: i64,
    pub first_at: DateTimeUtc,
    pub last_at: DateTimeUtc,
    /// How many reads the visit counts, the first included.
    pub reads: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
