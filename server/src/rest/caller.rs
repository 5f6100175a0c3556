//! Who calls the REST API: the API token in `Authorization: Bearer …`, and nothing else. The
//! session cookie is ignored here, so the API is no cross-site request surface; a request
//! without a valid token gets 401 whatever cookie it carries.

use super::problem::Problem;
use axum::extract::{ConnectInfo, FromRef, FromRequestParts};
use axum::http::{header, request::Parts};
use backend::tokens::authenticate;
use backend::{AppState, Principal};
use domain::access::ApiScope;
use std::collections::BTreeSet;
use std::net::SocketAddr;

/// The principal an API token acts as, with the token's scopes.
#[derive(Debug, Clone)]
pub struct Caller {
    pub principal: Principal,
    pub token_id: i64,
    scopes: BTreeSet<ApiScope>,
}

impl Caller {
    /// The principal, when the token holds `scope`; 403 naming the scope otherwise.
    pub fn with(&self, scope: ApiScope) -> Result<&Principal, Problem> {
        if self.scopes.contains(&scope) {
            Ok(&self.principal)
        } else {
            Err(Problem::missing_scope(scope))
        }
    }
}

impl<S> FromRequestParts<S> for Caller
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = AppState::from_ref(state);
        let secret = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or_else(Problem::unauthenticated)?;
        let source = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or_else(|| "unknown".to_owned(), |ConnectInfo(a)| a.ip().to_string());
        let now = state.clock.now();
        match authenticate::principal(&state.db, secret, &source, now).await {
            Ok(Ok(principal)) => {
                let token = principal.token().ok_or_else(Problem::unauthenticated)?;
                let (token_id, scopes) = (token.token_id, token.scopes.clone());
                Ok(Self {
                    principal,
                    token_id,
                    scopes,
                })
            }
            Ok(Err(refused)) => {
                tracing::info!(?refused, %source, "API token refused");
                Err(Problem::unauthenticated())
            }
            Err(error) => Err(Problem::from(error)),
        }
    }
}
