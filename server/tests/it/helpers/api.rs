//! Calling the REST API as an integration would: API tokens made the way the command line
//! makes them, and requests with `Authorization: Bearer`.

use super::TestApp;
use backend::Principal;
use backend::tokens::manage::{self, TokenTenant};
use domain::TenantKey;
use domain::access::RawTokenRequest;
use reqwest::{Method, RequestBuilder, Response};

/// Every scope a token can hold.
pub const ALL_SCOPES: &str =
    "incidents:read,incidents:write,tasks:write,timeline:write,alerts:write";

impl TestApp {
    /// A new token of `tenant` (`None`: the platform) acting as `role` with `scopes`; its secret.
    pub async fn api_token(&self, tenant: Option<&str>, role: &str, scopes: &str) -> String {
        let named = match tenant {
            Some(key) => TokenTenant::Tenant(TenantKey::parse(key).unwrap()),
            None => TokenTenant::Platform,
        };
        let raw = RawTokenRequest {
            name: format!("{role} test token"),
            role: role.to_owned(),
            scopes: scopes.to_owned(),
            expires: String::new(),
        };
        manage::create(
            &self.db,
            &Principal::command_line(),
            Some(&named),
            &raw,
            self.clock.now(),
        )
        .await
        .unwrap()
        .secret
    }

    /// A request to the API with `token` as its bearer.
    pub fn api(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(token)
    }

    /// `GET path` with `token`.
    pub async fn api_get(&self, path: &str, token: &str) -> Response {
        self.api(Method::GET, path, token).send().await.unwrap()
    }
}

/// The body of a problem answer, checking its media type.
pub async fn problem(response: Response) -> serde_json::Value {
    let kind = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    assert_eq!(kind, "application/problem+json");
    response.json().await.unwrap()
}
