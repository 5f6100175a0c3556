//! `/api/v1/incidents` read with API tokens: what each token's role and tenant may see, and how
//! missing, malformed, expired and revoked tokens and missing scopes are answered.

use crate::helpers::api::{ALL_SCOPES, problem};
use crate::helpers::{ACME_ANALYST, TestApp};
use backend::Principal;
use backend::tokens::manage;
use chrono::TimeDelta;

fn keys(list: &serde_json::Value) -> Vec<String> {
    list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["key"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_tenant_token_lists_and_reads_its_tenants_incidents_only() {
    let app = TestApp::spawn().await;
    let acme = app
        .api_token(Some("ACME"), "tenant_viewer", "incidents:read")
        .await;
    let globex = app
        .api_token(Some("GLOBEX"), "tenant_viewer", "incidents:read")
        .await;

    let listed: serde_json::Value = app
        .api_get("/api/v1/incidents", &acme)
        .await
        .json()
        .await
        .unwrap();
    let one = app.api_get("/api/v1/incidents/ACME-1", &acme).await;
    let other = app.api_get("/api/v1/incidents/ACME-1", &globex).await;
    let unknown = app.api_get("/api/v1/incidents/ACME-999", &globex).await;

    let keys = keys(&listed);
    assert!(!keys.is_empty());
    assert!(keys.iter().all(|k| k.starts_with("ACME-")), "{keys:?}");
    assert_eq!(one.status().as_u16(), 200);
    let etag = one.headers()["etag"].to_str().unwrap().to_owned();
    let incident: serde_json::Value = one.json().await.unwrap();
    assert_eq!(incident["key"], "ACME-1");
    assert_eq!(etag, format!("\"{}\"", incident["version"]));
    assert_eq!(other.status().as_u16(), 404);
    let (other, unknown) = (problem(other).await, problem(unknown).await);
    assert_eq!(
        other, unknown,
        "another tenant's key reads exactly as a missing one"
    );
}

#[tokio::test]
async fn requests_without_a_usable_token_get_401_with_a_bearer_challenge() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_viewer", "incidents:read")
        .await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let expired = app
        .api_token(Some("ACME"), "tenant_viewer", "incidents:read")
        .await;
    app.clock.advance(TimeDelta::days(91));
    let fresh = app
        .api_token(Some("ACME"), "tenant_viewer", "incidents:read")
        .await;
    let revoked = app
        .api_token(Some("ACME"), "tenant_viewer", "incidents:read")
        .await;
    let id = manage::page(
        &app.db,
        &Principal::command_line(),
        Some(&manage::TokenTenant::Tenant(
            domain::TenantKey::parse("ACME").unwrap(),
        )),
        app.clock.now(),
    )
    .await
    .unwrap()
    .tokens[0]
        .id;
    manage::revoke(
        &app.db,
        &Principal::command_line(),
        Some(&manage::TokenTenant::Tenant(
            domain::TenantKey::parse("ACME").unwrap(),
        )),
        id,
        app.clock.now(),
    )
    .await
    .unwrap();

    let cookie_only = app.get_as(&analyst, "/api/v1/incidents").await;
    let missing = app.get("/api/v1/incidents").await;
    let malformed = app.api_get("/api/v1/incidents", "tdm_nope").await;
    let wrong = app
        .api_get(
            "/api/v1/incidents",
            &format!("{}x", &token[..token.len() - 1]),
        )
        .await;
    let expired = app.api_get("/api/v1/incidents", &expired).await;
    let revoked = app.api_get("/api/v1/incidents", &revoked).await;
    let fresh = app.api_get("/api/v1/incidents", &fresh).await;

    for (what, response) in [
        ("cookie only", cookie_only),
        ("missing", missing),
        ("malformed", malformed),
        ("wrong", wrong),
        ("expired", expired),
        ("revoked", revoked),
    ] {
        assert_eq!(response.status().as_u16(), 401, "{what}");
        assert_eq!(response.headers()["www-authenticate"], "Bearer", "{what}");
        let body = problem(response).await;
        assert_eq!(body["status"], 401, "{what}");
    }
    assert_eq!(fresh.status().as_u16(), 200);
}

#[tokio::test]
async fn a_token_without_the_scope_is_refused_naming_it() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", "alerts:write")
        .await;

    let response = app.api_get("/api/v1/incidents", &token).await;

    assert_eq!(response.status().as_u16(), 403);
    let body = problem(response).await;
    assert!(
        body["detail"].as_str().unwrap().contains("incidents:read"),
        "{body}"
    );
}

#[tokio::test]
async fn a_platform_token_sees_platform_and_shared_incidents_but_no_tenant_owned_one() {
    let app = TestApp::spawn().await;
    let platform = app.api_token(None, "platform_responder", ALL_SCOPES).await;
    let acme = app
        .api_token(Some("ACME"), "tenant_viewer", "incidents:read")
        .await;

    let seen: serde_json::Value = app
        .api_get("/api/v1/incidents", &platform)
        .await
        .json()
        .await
        .unwrap();
    let acme_seen: serde_json::Value = app
        .api_get("/api/v1/incidents", &acme)
        .await
        .json()
        .await
        .unwrap();

    for item in seen["items"].as_array().unwrap() {
        assert_ne!(item["owner"], "tenant", "{item}");
    }
    let tenant_owned: Vec<&serde_json::Value> = acme_seen["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["owner"] == "tenant")
        .collect();
    for item in tenant_owned {
        let key = item["key"].as_str().unwrap();
        let response = app
            .api_get(&format!("/api/v1/incidents/{key}"), &platform)
            .await;
        assert_eq!(response.status().as_u16(), 404, "{key}");
    }
}

#[tokio::test]
async fn an_unknown_filter_value_is_a_422_naming_the_field() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_viewer", "incidents:read")
        .await;

    let response = app.api_get("/api/v1/incidents?severity=SEV9", &token).await;

    assert_eq!(response.status().as_u16(), 422);
    let body = problem(response).await;
    assert_eq!(body["errors"][0]["field"], "severity", "{body}");
}

#[tokio::test]
async fn the_openapi_document_is_3_1_and_documents_every_api_route() {
    let app = TestApp::spawn().await;

    let document: serde_json::Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    let docs = app.get("/api/docs/").await;

    assert!(
        document["openapi"].as_str().unwrap().starts_with("3.1"),
        "{}",
        document["openapi"]
    );
    let paths = document["paths"].as_object().unwrap();
    for (route, access) in server::access_table::ROUTES {
        if *access == server::access_table::Access::Token {
            assert!(paths.contains_key(*route), "{route} is not documented");
        }
    }
    assert_eq!(docs.status().as_u16(), 200);
    let page = docs.text().await.unwrap();
    assert!(
        !page.contains("https://"),
        "the reference page loads nothing from elsewhere"
    );
}
