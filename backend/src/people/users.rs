//! Users of a tenant (or of the platform): created by their admin, given a role of their side,
//! disabled, and their own password changed. Disabling a user or changing their password ends
//! every one of their sessions in the same transaction.

use crate::Database;
use crate::access::principal::{self, Action, Principal};
use crate::audit::record as audit;
use crate::audit::record::AuditEvent;
use crate::constraint::{self, Taken};
use crate::entities::{tenant, user};
use crate::identity::{passwords, session_store};
use crate::people::throttle;
use chrono::{DateTime, Utc};
use contract::dto::UserRow;
use contract::error::{AppError, internal};
use domain::access::Role;
use domain::access::ThrottlePolicy;
use domain::audit::{AuditAction, AuditObject};
use domain::{Email, FieldError, Password};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, Set,
};
use serde_json::json;

/// A new user's details, as checked.
pub struct NewUser {
    pub email: Email,
    pub display_name: String,
    pub role: Role,
}

/// Inserts a user (no checks: callers authorise and validate).
pub async fn insert(
    conn: &impl ConnectionTrait,
    tenant_id: i64,
    new: &NewUser,
    password_hash: String,
    totp_secret: Option<String>,
    now: DateTime<Utc>,
) -> Result<user::Model, DbErr> {
    user::ActiveModel {
        tenant_id: Set(tenant_id),
        email: Set(new.email.as_str().to_owned()),
        display_name: Set(new.display_name.clone()),
        role: Set(new.role),
        password_hash: Set(password_hash),
        totp_secret: Set(totp_secret),
        totp_last_step: Set(None),
        disabled: Set(false),
        session_epoch: Set(1),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
}

/// A new user's address belongs to someone already: said on the form's `field`.
pub fn email_taken(field: &'static str) -> Taken {
    Taken {
        index: constraint::USER_EMAIL,
        field,
        message: "A user with this address exists already.",
    }
}

/// The tenant an admin manages: their own.
async fn managed_tenant(
    conn: &impl ConnectionTrait,
    who: &Principal,
) -> Result<tenant::Model, AppError> {
    let me = who.require_user()?;
    principal::authorize(
        who,
        Action::ManageUsers {
            tenant_id: me.tenant_id,
        },
    )?;
    tenant::Entity::find_by_id(me.tenant_id)
        .one(conn)
        .await?
        .ok_or_else(|| internal("admin without tenant"))
}

/// The users an admin manages, by name, with the tenant's side and MFA policy.
pub async fn list(
    conn: &impl ConnectionTrait,
    who: &Principal,
) -> Result<(tenant::Model, Vec<UserRow>), AppError> {
    let tenant = managed_tenant(conn, who).await?;
    let rows = user::Entity::find()
        .filter(user::Column::TenantId.eq(tenant.id))
        .order_by_asc(user::Column::DisplayName)
        .all(conn)
        .await?
        .into_iter()
        .map(|u| UserRow {
            id: u.id,
            email: u.email,
            display_name: u.display_name,
            role: u.role.code().to_owned(),
            disabled: u.disabled,
            second_factor: u.totp_secret.is_some(),
        })
        .collect();
    Ok((tenant, rows))
}

/// Creates a user in the admin's own tenant with a role of that tenant's side.
pub async fn create(
    db: &Database,
    who: &Principal,
    email: &str,
    display_name: &str,
    role: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let tenant = managed_tenant(db.conn(), who).await?;
    let side = tenant.kind.side();
    let email = Email::parse(email).map_err(|m| FieldError::new("email", m));
    let name =
        domain::text::parse_name(display_name).map_err(|m| FieldError::new("display_name", m));
    let role = Role::parse_for(role, side);
    let password = Password::parse_new(password).map_err(|m| FieldError::new("password", m));
    let (email, name, role, password) = match (email, name, role, password) {
        (Ok(e), Ok(n), Ok(r), Ok(p)) => (e, n, r, p),
        (e, n, r, p) => {
            return Err(AppError::invalid(
                [e.err(), n.err(), r.err(), p.err()]
                    .into_iter()
                    .flatten()
                    .collect(),
            ));
        }
    };
    let hash = passwords::hash(password.expose().to_owned()).await?;
    let txn = db.begin_write().await?;
    let new = NewUser {
        email,
        display_name: name,
        role,
    };
    let created = insert(&txn, tenant.id, &new, hash, None, now)
        .await
        .map_err(|e| constraint::field_error(e, &[email_taken("email")]))?;
    audit::record(
        &txn,
        who,
        AuditEvent {
            tenant_id: tenant.id,
            action: AuditAction::UserCreated,
            object: AuditObject::User(created.id),
            detail: json!({ "email": created.email, "role": created.role.code() }),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// A user of the admin's own tenant, or `NotFound`.
async fn managed_user(
    conn: &impl ConnectionTrait,
    who: &Principal,
    user_id: i64,
) -> Result<(tenant::Model, user::Model), AppError> {
    let tenant = managed_tenant(conn, who).await?;
    let user = user::Entity::find_by_id(user_id)
        .filter(user::Column::TenantId.eq(tenant.id))
        .one(conn)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((tenant, user))
}

/// Changes a user's role (within the side) and whether they are disabled. Admins cannot
/// demote or disable themselves, so that a tenant is never left without one by accident.
pub async fn update(
    db: &Database,
    who: &Principal,
    user_id: i64,
    role: &str,
    disabled: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let txn = db.begin_write().await?;
    let (tenant, user) = managed_user(&txn, who, user_id).await?;
    let role = Role::parse_for(role, tenant.kind.side()).map_err(|e| AppError::invalid(vec![e]))?;
    let me = who.require_user()?;
    if user.id == me.user_id && (disabled || role != me.role) {
        return Err(AppError::invalid(vec![FieldError::new(
            "role",
            "You cannot change your own role or disable yourself; ask another admin.",
        )]));
    }
    let was_disabled = user.disabled;
    let old_role = user.role;
    let mut row = user.clone().into_active_model();
    row.role = Set(role);
    row.disabled = Set(disabled);
    if disabled && !was_disabled {
        row.session_epoch = Set(user.session_epoch + 1);
        session_store::end_all_of_user(&txn, user.id).await?;
    }
    row.update(&txn).await?;
    audit::record(
        &txn,
        who,
        AuditEvent {
            tenant_id: tenant.id,
            action: AuditAction::UserUpdated,
            object: AuditObject::User(user.id),
            detail: json!({
                "email": user.email,
                "role": { "from": old_role.code(), "to": role.code() },
                "disabled": { "from": was_disabled, "to": disabled },
            }),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Requires (or stops requiring) a second factor for everyone in the admin's tenant.
pub async fn set_mfa_policy(
    db: &Database,
    who: &Principal,
    required: bool,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let me = who.require_user()?;
    principal::authorize(
        who,
        Action::SetMfaPolicy {
            tenant_id: me.tenant_id,
        },
    )?;
    let txn = db.begin_write().await?;
    let tenant = tenant::Entity::find_by_id(me.tenant_id)
        .one(&txn)
        .await?
        .ok_or_else(|| internal("admin without tenant"))?;
    let mut row = tenant.clone().into_active_model();
    row.mfa_required = Set(required);
    row.update(&txn).await?;
    audit::record(
        &txn,
        who,
        AuditEvent {
            tenant_id: tenant.id,
            action: AuditAction::TenantMfaPolicySet,
            object: AuditObject::Tenant(&tenant.key),
            detail: json!({ "mfa_required": required }),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Changes the signed-in user's own password after checking the current one; every session of
/// theirs ends, this one included, so they sign in again with the new password.
pub async fn change_own_password(
    db: &Database,
    who: &Principal,
    current: &str,
    new: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let me = who.require_user()?;
    let user = user::Entity::find_by_id(me.user_id)
        .one(db.conn())
        .await?
        .ok_or(AppError::Unauthenticated)?;
    let new = Password::parse_new(new)
        .map_err(|m| AppError::invalid(vec![FieldError::new("new_password", m)]))?;
    // Guessing the current password from a stolen session is throttled like sign-in.
    let account = throttle::account_key(&user.email);
    throttle::check(db.conn(), std::slice::from_ref(&account), now).await?;
    if !passwords::verify(Some(current.to_owned()), Some(user.password_hash.clone())).await? {
        let txn = db.begin_write().await?;
        throttle::record_failure(&txn, &[account], &ThrottlePolicy::SIGN_IN, now).await?;
        txn.commit().await?;
        return Err(AppError::invalid(vec![FieldError::new(
            "current_password",
            "That is not your current password.",
        )]));
    }
    let hash = passwords::hash(new.expose().to_owned()).await?;
    let txn = db.begin_write().await?;
    let mut row = user.clone().into_active_model();
    row.password_hash = Set(hash);
    row.session_epoch = Set(user.session_epoch + 1);
    row.update(&txn).await?;
    session_store::end_all_of_user(&txn, user.id).await?;
    audit::record(
        &txn,
        who,
        AuditEvent {
            tenant_id: user.tenant_id,
            action: AuditAction::UserPasswordChanged,
            object: AuditObject::User(user.id),
            detail: json!({}),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
