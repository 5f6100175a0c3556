//! A customer tenant, or the platform itself (`kind = "platform"`), owner of incident keys.

use sea_orm::entity::prelude::*;

pub const KIND_PLATFORM: &str = "platform";
pub const KIND_CUSTOMER: &str = "customer";

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "tenants")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(unique)]
    pub key: String,
    pub name: String,
    pub kind: String,
    pub next_incident_number: i64,
    /// Every user of the tenant must sign in with a second factor.
    pub mfa_required: bool,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::incident::Entity")]
    Incident,
}

impl Related<super::incident::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Incident.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
