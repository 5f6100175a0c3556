//! Tenants: the platform and its customers.

use crate::backend::entities::tenant;
use crate::error::AppError;
use crate::model::TenantOption;
use chrono::{DateTime, Utc};
use domain::TenantKey;
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryOrder, Set};

/// Everyone an incident can affect: the platform first, then customers by name.
pub async fn options(conn: &impl ConnectionTrait) -> Result<Vec<TenantOption>, AppError> {
    let mut options: Vec<TenantOption> = tenant::Entity::find()
        .order_by_asc(tenant::Column::Name)
        .all(conn)
        .await?
        .into_iter()
        .map(|t| TenantOption {
            is_platform: t.kind == tenant::KIND_PLATFORM,
            key: t.key,
            name: t.name,
        })
        .collect();
    options.sort_by_key(|t| !t.is_platform);
    Ok(options)
}

pub async fn create(
    conn: &impl ConnectionTrait,
    key: &TenantKey,
    name: &str,
    kind: &str,
    now: DateTime<Utc>,
) -> Result<tenant::Model, AppError> {
    Ok(tenant::ActiveModel {
        key: Set(key.as_str().to_owned()),
        name: Set(name.to_owned()),
        kind: Set(kind.to_owned()),
        next_incident_number: Set(1),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}
