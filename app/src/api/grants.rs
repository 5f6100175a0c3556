//! Access grants: list, request (or break-glass), and decide.

use contract::dto::GrantsPage;
use contract::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[server(prefix = "/api", endpoint = "grants/list", input = GetUrl, output = contract::codec::JsonText)]
pub async fn list_grants() -> Result<GrantsPage, AppError> {
    use backend::access::Action;
    use backend::grants;
    let state = super::context::state()?;
    let who = super::context::principal()?;
    let now = state.clock.now();
    let can_request = backend::access::authorize(&who, Action::RequestGrant).is_ok();
    Ok(GrantsPage {
        rows: grants::list(state.db.conn(), &who, now).await?,
        tenants: if can_request {
            grants::customer_tenants(state.db.conn()).await?
        } else {
            Vec::new()
        },
        can_request,
        can_break_glass: backend::access::authorize(&who, Action::BreakGlass).is_ok(),
        as_of: now,
    })
}

/// Asks a tenant for access (or, with `break_glass=on`, takes it at once).
#[server(prefix = "/api", endpoint = "grants/request", output = contract::codec::JsonText)]
pub async fn request_grant(
    tenant: String,
    #[server(default)] incident: String,
    reason: String,
    minutes: String,
    #[server(default)] break_glass: String,
) -> Result<(), AppError> {
    use backend::grants;
    let state = super::context::state()?;
    let who = super::context::principal()?;
    let break_glass = match break_glass.as_str() {
        "" | "false" => false,
        "on" | "true" => true,
        _ => return Err(AppError::BadRequest),
    };
    let ask = grants::GrantAsk {
        tenant: &tenant,
        incident: &incident,
        reason: &reason,
        minutes: &minutes,
        break_glass,
    };
    grants::request(state.workspace(), &who, ask, state.clock.now())
        .await
        .map_err(|e| {
            e.keeping(&std::collections::BTreeMap::from([
                ("tenant", &tenant),
                ("incident", &incident),
                ("reason", &reason),
                ("minutes", &minutes),
            ]))
        })?;
    leptos_axum::redirect("/access");
    Ok(())
}

/// `decision` is `approve`, `deny` or `revoke`.
#[server(prefix = "/api", endpoint = "grants/decide", output = contract::codec::JsonText)]
pub async fn decide_grant(id: i64, decision: String) -> Result<(), AppError> {
    use backend::grants;
    use domain::access::GrantDecision;
    let state = super::context::state()?;
    let who = super::context::principal()?;
    let decision = match decision.as_str() {
        "approve" => GrantDecision::Approve,
        "deny" => GrantDecision::Deny,
        "revoke" => GrantDecision::Revoke,
        _ => return Err(AppError::BadRequest),
    };
    grants::decide(state.workspace(), &who, id, decision, state.clock.now()).await?;
    leptos_axum::redirect("/access");
    Ok(())
}
