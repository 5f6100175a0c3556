//! Stored failure counts for sign-in keys, applying `domain::access::throttle`.

use crate::entities::login_throttle;
use chrono::{DateTime, Utc};
use contract::error::AppError;
use domain::access::{Throttle, ThrottlePolicy};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

fn to_domain(row: &login_throttle::Model) -> Throttle {
    Throttle {
        failures: row.failures,
        window_started_at: row.window_started_at,
        locked_until: row.locked_until,
    }
}

/// `Throttled` while any of `keys` is locked.
pub async fn check(
    conn: &impl ConnectionTrait,
    keys: &[String],
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for key in keys {
        let row = login_throttle::Entity::find_by_id(key.clone())
            .one(conn)
            .await?;
        if let Some(Err(until)) = row.map(|r| to_domain(&r).check(now)) {
            return Err(AppError::Throttled {
                retry_after_secs: (until - now).num_seconds().max(1),
            });
        }
    }
    Ok(())
}

/// Counts one failure against each of `keys`.
pub async fn record_failure(
    conn: &impl ConnectionTrait,
    keys: &[String],
    policy: &ThrottlePolicy,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    for key in keys {
        let existing = login_throttle::Entity::find_by_id(key.clone())
            .one(conn)
            .await?;
        let before = existing.as_ref().map_or(Throttle::fresh(now), to_domain);
        let after = before.after_failure(policy, now);
        let row = login_throttle::ActiveModel {
            key: Set(key.clone()),
            failures: Set(after.failures),
            window_started_at: Set(after.window_started_at),
            locked_until: Set(after.locked_until),
        };
        if existing.is_some() {
            row.update(conn).await?;
        } else {
            row.insert(conn).await?;
        }
    }
    Ok(())
}

/// Forgets the failures of `key` (after a success).
pub async fn clear(conn: &impl ConnectionTrait, key: &str) -> Result<(), AppError> {
    login_throttle::Entity::delete_by_id(key.to_owned())
        .exec(conn)
        .await?;
    Ok(())
}

/// Keyed by a digest so that any address fits the column.
pub fn account_key(email: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(email.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    format!("account:{hex}")
}

pub fn address_key(address: &str) -> String {
    format!("address:{address}")
}

pub fn second_factor_key(user_id: i64) -> String {
    format!("totp:{user_id}")
}
