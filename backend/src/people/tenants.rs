//! Tenants: the platform and its customers.

use crate::access::principal::{self, Action, Principal};
use crate::constraint::{self, Taken};
use crate::entities::tenant;
use crate::entities::user;
use chrono::{DateTime, Utc};
use contract::dto::TenantOption;
use contract::dto::TenantRow;
use contract::error::AppError;
use domain::TenantKey;
use domain::TenantKind;
use domain::access::Side;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, Set,
};

/// Everyone `who` can open an incident for: platform staff any tenant (the platform first,
/// then customers by name), a tenant's people their own tenant only.
pub async fn options(
    conn: &impl ConnectionTrait,
    who: &Principal,
) -> Result<Vec<TenantOption>, AppError> {
    let mut query = tenant::Entity::find().order_by_asc(tenant::Column::Name);
    if let Some(me) = who.signed_in().filter(|u| u.role.side() == Side::Tenant) {
        query = query.filter(tenant::Column::Id.eq(me.tenant_id));
    }
    let mut options: Vec<TenantOption> = query
        .all(conn)
        .await?
        .into_iter()
        .map(|t| TenantOption {
            is_platform: t.kind == TenantKind::Platform,
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
    kind: TenantKind,
    now: DateTime<Utc>,
) -> Result<tenant::Model, DbErr> {
    tenant::ActiveModel {
        key: Set(key.as_str().to_owned()),
        name: Set(name.to_owned()),
        kind: Set(kind),
        next_incident_number: Set(1),
        created_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await
}

/// Every tenant with its number of users, for the platform admin.
pub async fn list(
    conn: &impl ConnectionTrait,
    who: &Principal,
) -> Result<Vec<TenantRow>, AppError> {
    principal::authorize(who, Action::ManageTenants)?;
    let mut rows = Vec::new();
    for t in tenant::Entity::find()
        .order_by_asc(tenant::Column::Name)
        .all(conn)
        .await?
    {
        let users = user::Entity::find()
            .filter(user::Column::TenantId.eq(t.id))
            .count(conn)
            .await?;
        rows.push(TenantRow {
            is_platform: t.kind == TenantKind::Platform,
            key: t.key,
            name: t.name,
            users,
            mfa_required: t.mfa_required,
        });
    }
    Ok(rows)
}

/// A customer tenant and its first admin, as submitted.
pub struct NewCustomer<'a> {
    pub key: &'a str,
    pub name: &'a str,
    pub admin_email: &'a str,
    pub admin_name: &'a str,
    pub admin_password: &'a str,
}

/// A platform admin creates a customer tenant and its first admin.
pub async fn create_customer(
    db: &crate::Database,
    who: &Principal,
    new: NewCustomer<'_>,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let NewCustomer {
        key,
        name,
        admin_email,
        admin_name,
        admin_password,
    } = new;
    use crate::audit::record as audit;
    use crate::audit::record::AuditEvent;
    use crate::people::users;
    use crate::people::users::NewUser;
    use domain::audit::{AuditAction, AuditObject};
    use domain::{Email, FieldError, Password};
    principal::authorize(who, Action::ManageTenants)?;
    let key = TenantKey::parse(key).map_err(|m| FieldError::new("key", m));
    let name_checked = domain::text::parse_name(name).map_err(|m| FieldError::new("name", m));
    let email = Email::parse(admin_email).map_err(|m| FieldError::new("admin_email", m));
    let admin = domain::text::parse_name(admin_name).map_err(|m| FieldError::new("admin_name", m));
    let password =
        Password::parse_new(admin_password).map_err(|m| FieldError::new("admin_password", m));
    let (key, name, email, admin, password) = match (key, name_checked, email, admin, password) {
        (Ok(k), Ok(n), Ok(e), Ok(a), Ok(p)) => (k, n, e, a, p),
        (k, n, e, a, p) => {
            return Err(AppError::invalid(
                [k.err(), n.err(), e.err(), a.err(), p.err()]
                    .into_iter()
                    .flatten()
                    .collect(),
            ));
        }
    };
    let hash = crate::identity::passwords::hash(password.expose().to_owned()).await?;
    let txn = db.begin_write().await?;
    let key_taken = Taken {
        index: constraint::TENANT_KEY,
        field: "key",
        message: "This key is taken.",
    };
    let created = create(&txn, &key, &name, TenantKind::Customer, now)
        .await
        .map_err(|e| constraint::field_error(e, &[key_taken]))?;
    let first = NewUser {
        email,
        display_name: admin,
        role: domain::access::Role::TenantAdmin,
    };
    let admin = users::insert(&txn, created.id, &first, hash, None, now)
        .await
        .map_err(|e| constraint::field_error(e, &[users::email_taken("admin_email")]))?;
    audit::record(
        &txn,
        who,
        AuditEvent {
            tenant_id: created.id,
            action: AuditAction::TenantCreated,
            object: AuditObject::Tenant(key.as_str()),
            detail: serde_json::json!({ "name": name, "admin": admin.email }),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}
