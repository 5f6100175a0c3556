//! API tokens of the signed-in admin's tenant (the platform's, for a platform admin): the page's
//! data, creating one (its secret shown once) and revoking one.

use contract::dto::{NewSecret, TokensPage};
use contract::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The new-token form as posted: ticked scopes arrive as `scopes[CODE]=on`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct TokenForm {
    pub name: String,
    pub role: String,
    pub scopes: BTreeMap<String, String>,
    pub expires: String,
}

impl TokenForm {
    /// The request as the domain reads it, with the ticked scopes as one comma-separated list.
    pub fn raw(&self) -> domain::access::RawTokenRequest {
        domain::access::RawTokenRequest {
            name: self.name.clone(),
            role: self.role.clone(),
            scopes: self.scopes.keys().cloned().collect::<Vec<_>>().join(","),
            expires: self.expires.clone(),
        }
    }
}

/// The tokens, what a new one may be given, and the secret of one just created by a plain
/// form post (taken out of the session, so shown once).
#[server(prefix = "/api", endpoint = "admin/tokens", input = GetUrl, output = contract::codec::JsonText)]
pub async fn list_tokens() -> Result<TokensPage, AppError> {
    use backend::tokens::shown_once;
    let state = super::context::state()?;
    let who = super::context::principal()?;
    let session = super::context::session().await?;
    shown_once::page(&state.db, &who, &session, state.clock.now()).await
}

/// Creates a token. From a script the answer carries its secret; a plain form post is sent back
/// to the page, which shows the secret from the session.
#[server(prefix = "/api", endpoint = "admin/tokens/create", output = contract::codec::JsonText)]
pub async fn create_token(
    /// `name`, `role`, `scopes[CODE]=on` for each scope and `expires`.
    #[server(flatten)]
    form: TokenForm,
) -> Result<Option<NewSecret>, AppError> {
    use backend::tokens::shown_once::{self, Delivery};
    let state = super::context::state()?;
    let who = super::context::principal()?;
    let plain = super::context::plain_form_post()?;
    let session = super::context::session().await?;
    let delivery = if plain {
        Delivery::Session(&session)
    } else {
        Delivery::Answer
    };
    let secret = shown_once::create(&state.db, &who, &form.raw(), delivery, state.clock.now())
        .await
        .map_err(|e| e.keeping(&form))?;
    if plain {
        leptos_axum::redirect("/admin/tokens");
    }
    Ok(secret)
}

/// Revokes token `id` of the admin's tenant; it lets nothing in from now on.
#[server(prefix = "/api", endpoint = "admin/tokens/revoke", output = contract::codec::JsonText)]
pub async fn revoke_token(id: i64) -> Result<(), AppError> {
    use backend::tokens::manage;
    let state = super::context::state()?;
    let who = super::context::principal()?;
    who.require_user()?;
    manage::revoke(&state.db, &who, None, id, state.clock.now()).await?;
    leptos_axum::redirect("/admin/tokens");
    Ok(())
}
