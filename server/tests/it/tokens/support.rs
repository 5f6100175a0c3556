//! What the token tests share: the new-token form as the page posts it, the tokens page's
//! data, and what is stored and audited.

use crate::helpers::TestApp;
use backend::entities::{api_token, audit_entry};
use contract::dto::{NewSecret, TokensPage};
use reqwest::{Client, Response};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

pub const CREATE: &str = "/api/admin/tokens/create";
pub const REVOKE: &str = "/api/admin/tokens/revoke";
pub const LIST: &str = "/api/admin/tokens";

/// The new-token form with `scopes` (comma-separated) ticked, as `scopes[CODE]=on`.
pub fn form(name: &str, role: &str, scopes: &str, expires: &str) -> Vec<(String, String)> {
    let mut fields = vec![
        ("name".to_owned(), name.to_owned()),
        ("role".to_owned(), role.to_owned()),
        ("expires".to_owned(), expires.to_owned()),
    ];
    for scope in scopes.split(',').filter(|s| !s.is_empty()) {
        fields.push((format!("scopes[{scope}]"), "on".to_owned()));
    }
    fields
}

pub fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

/// Posts the form as the page's script does.
pub async fn create(app: &TestApp, client: &Client, fields: &[(String, String)]) -> Response {
    app.post_as(client, CREATE, &pairs(fields)).await
}

/// A new token made through the page's script, which gets the secret in the answer.
pub async fn created(app: &TestApp, client: &Client, role: &str, scopes: &str) -> NewSecret {
    let response = create(app, client, &form("Alertmanager", role, scopes, "30d")).await;
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert_eq!(status, 200, "{text}");
    serde_json::from_str::<Option<NewSecret>>(&text)
        .unwrap()
        .expect("a script gets the secret in the answer")
}

/// The tokens page's data as `client` gets it; the status and the answer's text.
pub async fn list(app: &TestApp, client: &Client) -> (u16, String) {
    let response = app.get_as(client, LIST).await;
    (response.status().as_u16(), response.text().await.unwrap())
}

/// The tokens page's data, which `client` must be allowed to read.
pub async fn listed(app: &TestApp, client: &Client) -> TokensPage {
    let (status, text) = list(app, client).await;
    assert_eq!(status, 200, "{text}");
    serde_json::from_str(&text).unwrap()
}

pub async fn revoke(app: &TestApp, client: &Client, id: i64) -> u16 {
    let id = id.to_string();
    let response = app.post_as(client, REVOKE, &[("id", &id)]).await;
    response.status().as_u16()
}

/// Every stored token, oldest first.
pub async fn stored(app: &TestApp) -> Vec<api_token::Model> {
    api_token::Entity::find()
        .order_by_asc(api_token::Column::Id)
        .all(app.db.conn())
        .await
        .unwrap()
}

/// The audit entries of `action` (such as `token.created`), oldest first.
pub async fn audited(app: &TestApp, action: &str) -> Vec<audit_entry::Model> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq(action))
        .order_by_asc(audit_entry::Column::Id)
        .all(app.db.conn())
        .await
        .unwrap()
}

/// The text of every stored session, to look for secrets in.
pub async fn sessions(app: &TestApp) -> String {
    use sea_orm::{ConnectionTrait, Statement};
    let backend = app.db.conn().get_database_backend();
    let rows = app
        .db
        .conn()
        .query_all(Statement::from_string(backend, "SELECT data FROM sessions"))
        .await
        .unwrap();
    rows.iter()
        .map(|row| row.try_get::<String>("", "data").unwrap())
        .collect::<Vec<_>>()
        .join("\n")
}

/// The secret shown on the page `html`, if any.
pub fn shown_secret(html: &str) -> Option<String> {
    let start = html.find("data-testid=\"new-token-secret\"")?;
    let rest = &html[start..];
    let text = &rest[rest.find('>')? + 1..];
    Some(text[..text.find('<')?].to_owned())
}
