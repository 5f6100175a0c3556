//! From a bearer secret to the principal the request acts as: a token of the right shape,
//! found by its hash, neither revoked nor expired, acting with its role in its tenant and only
//! within its scopes. When it was last used, and from where, is kept at most once a minute, so
//! that a busy integration does not write on every request.

use super::secret_hash;
use crate::Database;
use crate::access::principal::{Principal, SignedIn, TokenUse};
use crate::access::session::platform_tenant_id;
use crate::entities::{api_token, tenant};
use chrono::{DateTime, TimeDelta, Utc};
use contract::error::{AppError, internal};
use domain::access::api_token::{looks_like_secret, parse_scopes};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};

/// How often the last use of a token is written.
const LAST_USE_EVERY: TimeDelta = TimeDelta::minutes(1);

/// Why a bearer secret lets nothing in; each is answered the same way, 401.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Malformed,
    Unknown,
    Revoked,
    Expired,
}

/// The principal for the bearer `secret`, seen from `source` at `now`.
pub async fn principal(
    db: &Database,
    secret: &str,
    source: &str,
    now: DateTime<Utc>,
) -> Result<Result<Principal, Refused>, AppError> {
    if !looks_like_secret(secret) {
        return Ok(Err(Refused::Malformed));
    }
    let found = api_token::Entity::find()
        .filter(api_token::Column::SecretHash.eq(secret_hash(secret)))
        .find_also_related(tenant::Entity)
        .one(db.conn())
        .await?;
    let Some((token, Some(tenant))) = found else {
        return Ok(Err(Refused::Unknown));
    };
    if token.revoked_at.is_some() {
        return Ok(Err(Refused::Revoked));
    }
    if token.expires_at <= now {
        return Ok(Err(Refused::Expired));
    }
    if token
        .last_used_at
        .is_none_or(|at| now - at >= LAST_USE_EVERY)
    {
        note_use(db, &token, source, now).await?;
    }
    let scopes = parse_scopes(&token.scopes).map_err(|e| internal(e.message))?;
    let audit_name = format!("token:{} ({})", token.id, token.name);
    let acting = SignedIn {
        user_id: 0,
        email: audit_name.clone(),
        display_name: format!("{} (API token)", token.name),
        role: token.role,
        tenant_id: tenant.id,
        tenant_key: tenant.key,
        tenant_name: tenant.name,
        platform_tenant_id: platform_tenant_id(db.conn()).await?,
        grants: Vec::new(),
    };
    let token = TokenUse {
        token_id: token.id,
        name: token.name,
        scopes,
        acting,
        audit_name,
    };
    Ok(Ok(Principal::with_token(token, source)))
}

/// Records the use, unless another request recorded one in the last minute.
async fn note_use(
    db: &Database,
    token: &api_token::Model,
    source: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let mut update = api_token::Entity::update_many()
        .col_expr(api_token::Column::LastUsedAt, Expr::value(now))
        .col_expr(
            api_token::Column::LastUsedFrom,
            Expr::value(source.to_owned()),
        )
        .filter(api_token::Column::Id.eq(token.id));
    update = match token.last_used_at {
        Some(at) => update.filter(api_token::Column::LastUsedAt.eq(at)),
        None => update.filter(api_token::Column::LastUsedAt.is_null()),
    };
    update.exec(db.conn()).await?;
    Ok(())
}
