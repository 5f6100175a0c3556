//! Time-boxed access of one platform staff member to a tenant's tenant-owned incidents.

use domain::access::GrantStatus;
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "access_grants")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub tenant_id: i64,
    /// `None`: all of the tenant's tenant-owned incidents.
    pub incident_id: Option<i64>,
    pub requested_by: i64,
    pub requester_name: String,
    pub reason: String,
    pub duration_minutes: i32,
    pub break_glass: bool,
    pub status: GrantStatus,
    pub requested_at: DateTimeUtc,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTimeUtc>,
    pub starts_at: Option<DateTimeUtc>,
    pub expires_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
