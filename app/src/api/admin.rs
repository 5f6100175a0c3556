//! Administration: an admin's users and MFA policy, and (platform admins) the tenants.

use contract::dto::{TenantRow, UsersPage};
use contract::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[server(prefix = "/api", endpoint = "admin/users", input = GetUrl, output = contract::codec::JsonText)]
pub async fn list_users() -> Result<UsersPage, AppError> {
    use backend::people::users;
    use domain::access::{Role, Side};
    let state = super::context::state()?;
    let who = super::context::principal()?;
    let (tenant, rows) = users::list(state.db.conn(), &who).await?;
    let me = who.require_user()?;
    let side = me.role.side();
    Ok(UsersPage {
        tenant_name: tenant.name,
        side: side.code().to_owned(),
        roles: Role::of_side(side)
            .map(|r| (r.code().to_owned(), r.label().to_owned()))
            .collect(),
        mfa_required: tenant.mfa_required || side == Side::Platform,
        users: rows,
        me: me.user_id,
    })
}

#[server(prefix = "/api", endpoint = "admin/users/create", output = contract::codec::JsonText)]
pub async fn create_user(
    email: String,
    display_name: String,
    role: String,
    password: String,
) -> Result<(), AppError> {
    use backend::people::users;
    let state = super::context::state()?;
    let who = super::context::principal()?;
    users::create(
        &state.db,
        &who,
        &email,
        &display_name,
        &role,
        &password,
        state.clock.now(),
    )
    .await
    .map_err(|e| {
        e.keeping(&std::collections::BTreeMap::from([
            ("email", &email),
            ("display_name", &display_name),
            ("role", &role),
        ]))
    })?;
    leptos_axum::redirect("/admin/users");
    Ok(())
}

/// Sets a user's role and whether they are disabled.
#[server(prefix = "/api", endpoint = "admin/users/update", output = contract::codec::JsonText)]
pub async fn update_user(
    id: i64,
    role: String,
    #[server(default)] disabled: String,
) -> Result<(), AppError> {
    use backend::people::users;
    let state = super::context::state()?;
    let who = super::context::principal()?;
    let disabled = match disabled.as_str() {
        "" | "false" => false,
        "on" | "true" => true,
        _ => return Err(AppError::BadRequest),
    };
    users::update(&state.db, &who, id, &role, disabled, state.clock.now()).await?;
    leptos_axum::redirect("/admin/users");
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/mfa-policy", output = contract::codec::JsonText)]
pub async fn set_mfa_policy(#[server(default)] required: String) -> Result<(), AppError> {
    use backend::people::users;
    let state = super::context::state()?;
    let who = super::context::principal()?;
    let required = match required.as_str() {
        "" | "false" => false,
        "on" | "true" => true,
        _ => return Err(AppError::BadRequest),
    };
    users::set_mfa_policy(&state.db, &who, required, state.clock.now()).await?;
    leptos_axum::redirect("/admin/users");
    Ok(())
}

#[server(prefix = "/api", endpoint = "admin/tenants", input = GetUrl, output = contract::codec::JsonText)]
pub async fn list_tenants() -> Result<Vec<TenantRow>, AppError> {
    use backend::people::tenants;
    let state = super::context::state()?;
    let who = super::context::principal()?;
    tenants::list(state.db.conn(), &who).await
}

#[server(prefix = "/api", endpoint = "admin/tenants/create", output = contract::codec::JsonText)]
pub async fn create_tenant(
    key: String,
    name: String,
    admin_email: String,
    admin_name: String,
    admin_password: String,
) -> Result<(), AppError> {
    use backend::people::tenants;
    let state = super::context::state()?;
    let who = super::context::principal()?;
    let new = tenants::NewCustomer {
        key: &key,
        name: &name,
        admin_email: &admin_email,
        admin_name: &admin_name,
        admin_password: &admin_password,
    };
    tenants::create_customer(&state.db, &who, new, state.clock.now())
        .await
        .map_err(|e| {
            e.keeping(&std::collections::BTreeMap::from([
                ("key", &key),
                ("name", &name),
                ("admin_email", &admin_email),
                ("admin_name", &admin_name),
            ]))
        })?;
    leptos_axum::redirect("/admin/tenants");
    Ok(())
}
