//! Creating, listing and revoking API tokens. A person manages the tokens of their own tenant
//! (the platform admin the platform's) and gives a token at most their own role; the command
//! line names the tenant and may give any role of its side. Creating and revoking are audited.

use super::secret_hash;
use crate::Database;
use crate::access::principal::{self, Action, Principal};
use crate::audit::record::{self as audit, AuditEvent};
use crate::entities::{api_token, tenant};
use chrono::{DateTime, Utc};
use contract::dto::{NewSecret, TokenRow, TokensPage};
use contract::error::{AppError, internal};
use domain::access::api_token::{SECRET_PREFIX, may_grant_role, parse_scopes, scopes_text};
use domain::access::{RawTokenRequest, Role};
use domain::audit::{AuditAction, AuditObject};
use domain::{TenantKey, TenantKind};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};

/// Whose tokens the command line works on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenTenant {
    Tenant(TenantKey),
    Platform,
}

/// The tenant whose tokens `who` manages: their own for a person (an admin), the named one for
/// the command line.
async fn tenant_of(
    db: &Database,
    who: &Principal,
    named: Option<&TokenTenant>,
) -> Result<tenant::Model, AppError> {
    let query = match (who.signed_in(), named) {
        (Some(me), _) => tenant::Entity::find_by_id(me.tenant_id),
        (None, Some(TokenTenant::Tenant(key))) => {
            tenant::Entity::find().filter(tenant::Column::Key.eq(key.as_str()))
        }
        (None, Some(TokenTenant::Platform)) => {
            tenant::Entity::find().filter(tenant::Column::Kind.eq(TenantKind::Platform))
        }
        (None, None) => return Err(AppError::NotFound),
    };
    let tenant = query.one(db.conn()).await?.ok_or(AppError::NotFound)?;
    principal::authorize(
        who,
        Action::ManageTokens {
            tenant_id: tenant.id,
        },
    )?;
    Ok(tenant)
}

/// Creates a token; its secret is in the answer and nowhere else.
pub async fn create(
    db: &Database,
    who: &Principal,
    named: Option<&TokenTenant>,
    raw: &RawTokenRequest,
    now: DateTime<Utc>,
) -> Result<NewSecret, AppError> {
    let tenant = tenant_of(db, who, named).await?;
    let side = tenant.kind.side();
    let request = raw
        .parse(side, who.signed_in().map(|me| me.role))
        .map_err(AppError::invalid)?;
    let secret = new_secret()?;
    let txn = db.begin_write().await?;
    let token = api_token::ActiveModel {
        tenant_id: Set(tenant.id),
        name: Set(request.name.clone()),
        role: Set(request.role),
        scopes: Set(scopes_text(&request.scopes)),
        secret_hash: Set(secret_hash(&secret)),
        created_by: Set(who.audit_name().to_owned()),
        created_at: Set(now),
        expires_at: Set(now + request.lifetime),
        ..Default::default()
    }
    .insert(&txn)
    .await?;
    let event = AuditEvent {
        tenant_id: tenant.id,
        action: AuditAction::TokenCreated,
        object: AuditObject::Token(token.id),
        detail: serde_json::json!({
            "name": token.name,
            "role": token.role.code(),
            "scopes": token.scopes,
            "expires_at": token.expires_at,
        }),
    };
    audit::record(&txn, who, event, now).await?;
    txn.commit().await?;
    Ok(NewSecret {
        token_id: token.id,
        name: token.name,
        secret,
    })
}

/// The tokens of the tenant `who` manages, newest first, with what a new one may be given.
pub async fn page(
    db: &Database,
    who: &Principal,
    named: Option<&TokenTenant>,
    now: DateTime<Utc>,
) -> Result<TokensPage, AppError> {
    let tenant = tenant_of(db, who, named).await?;
    let rows = api_token::Entity::find()
        .filter(api_token::Column::TenantId.eq(tenant.id))
        .order_by_desc(api_token::Column::Id)
        .all(db.conn())
        .await?;
    let side = tenant.kind.side();
    let roles = Role::of_side(side)
        .filter(|role| {
            who.signed_in()
                .is_none_or(|me| may_grant_role(me.role, *role))
        })
        .collect();
    Ok(TokensPage {
        tenant_name: tenant.name,
        tokens: rows.into_iter().map(row).collect::<Result<_, _>>()?,
        roles,
        as_of: now,
        new_secret: None,
    })
}

/// Revokes token `id` of the tenant `who` manages; from then on it lets nothing in. Revoking a
/// revoked token changes nothing; another tenant's token is not found.
pub async fn revoke(
    db: &Database,
    who: &Principal,
    named: Option<&TokenTenant>,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let tenant = tenant_of(db, who, named).await?;
    let txn = db.begin_write().await?;
    let token = api_token::Entity::find_by_id(id)
        .filter(api_token::Column::TenantId.eq(tenant.id))
        .one(&txn)
        .await?
        .ok_or(AppError::NotFound)?;
    if token.revoked_at.is_some() {
        return Ok(());
    }
    let name = token.name.clone();
    let mut active: api_token::ActiveModel = token.into();
    active.revoked_at = Set(Some(now));
    active.revoked_by = Set(Some(who.audit_name().to_owned()));
    active.update(&txn).await?;
    let event = AuditEvent {
        tenant_id: tenant.id,
        action: AuditAction::TokenRevoked,
        object: AuditObject::Token(id),
        detail: serde_json::json!({ "name": name }),
    };
    audit::record(&txn, who, event, now).await?;
    txn.commit().await?;
    Ok(())
}

/// The command line's way to a token's tenant: revoking names only the token.
pub async fn tenant_of_token(db: &Database, id: i64) -> Result<TokenTenant, AppError> {
    let token = api_token::Entity::find_by_id(id)
        .one(db.conn())
        .await?
        .ok_or(AppError::NotFound)?;
    let tenant = tenant::Entity::find_by_id(token.tenant_id)
        .one(db.conn())
        .await?
        .ok_or_else(|| internal("a token's tenant is gone"))?;
    Ok(match tenant.kind {
        TenantKind::Platform => TokenTenant::Platform,
        TenantKind::Customer => {
            TokenTenant::Tenant(TenantKey::parse(&tenant.key).map_err(internal)?)
        }
    })
}

fn row(token: api_token::Model) -> Result<TokenRow, AppError> {
    let scopes = parse_scopes(&token.scopes).map_err(|e| internal(e.message))?;
    Ok(TokenRow {
        id: token.id,
        name: token.name,
        role: token.role,
        scopes: scopes.into_iter().collect(),
        created_by: token.created_by,
        created_at: token.created_at,
        expires_at: token.expires_at,
        last_used_at: token.last_used_at,
        last_used_from: token.last_used_from,
        revoked_at: token.revoked_at,
    })
}

/// `tdm_` and 32 random bytes in hex.
fn new_secret() -> Result<String, AppError> {
    let mut bytes = [0_u8; 32];
    getrandom::fill(&mut bytes).map_err(internal)?;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    Ok(format!("{SECRET_PREFIX}{hex}"))
}
