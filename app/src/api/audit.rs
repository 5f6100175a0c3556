//! The audit log review.

use contract::dto::AuditPage;
use contract::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

#[server(prefix = "/api", endpoint = "audit/list", input = GetUrl, output = contract::codec::JsonText)]
pub async fn list_audit(
    #[server(default)] actor: String,
    #[server(default)] action: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
    before: Option<i64>,
) -> Result<AuditPage, AppError> {
    use backend::audit::log;
    let state = super::context::state()?;
    let who = super::context::principal()?;
    let filter = log::AuditFilter {
        actor,
        action,
        from,
        to,
    };
    log::page(state.db.conn(), &who, &filter, before).await
}
