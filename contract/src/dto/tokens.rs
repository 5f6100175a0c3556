//! API tokens as their admin manages them: never the secret, except once, right after creation.

use chrono::{DateTime, Utc};
use domain::access::{ApiScope, Role};
use serde::{Deserialize, Serialize};

/// One token as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokenRow {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub scopes: Vec<ApiScope>,
    pub created_by: String,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub created_at: DateTime<Utc>,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub expires_at: DateTime<Utc>,
    #[serde(with = "chrono::serde::ts_microseconds_option")]
    pub last_used_at: Option<DateTime<Utc>>,
    pub last_used_from: Option<String>,
    #[serde(with = "chrono::serde::ts_microseconds_option")]
    pub revoked_at: Option<DateTime<Utc>>,
}

impl TokenRow {
    /// Whether the token still lets requests in at `now`.
    pub fn is_active(&self, now: DateTime<Utc>) -> bool {
        self.revoked_at.is_none() && self.expires_at > now
    }
}

/// The tokens page: the admin's side's tokens and what a new one may be given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TokensPage {
    pub tenant_name: String,
    pub tokens: Vec<TokenRow>,
    /// The roles a new token may act with: the admin's own and lesser ones of their side.
    pub roles: Vec<Role>,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub as_of: DateTime<Utc>,
    /// The secret of the token just created, shown this once.
    pub new_secret: Option<NewSecret>,
}

/// A new token's secret, shown once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewSecret {
    pub token_id: i64,
    pub name: String,
    pub secret: String,
}
