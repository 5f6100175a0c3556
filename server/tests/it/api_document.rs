//! The OpenAPI document and the router kept in step: every API route of the access table is
//! documented with exactly the methods the router serves (and nothing else is), and real
//! answers of every operation validate against the document's own schemas.

use crate::api_support::{Answer, Document, new_incident};
use crate::helpers::TestApp;
use crate::helpers::api::ALL_SCOPES;
use reqwest::Method;
use server::access_table::{Access, ROUTES};
use std::collections::BTreeSet;

const METHODS: [Method; 5] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::PATCH,
    Method::DELETE,
];

/// The methods the router serves on `pattern`: without a token each answers 401 (the token is
/// read first), and a method the path does not take answers 405.
async fn served(app: &TestApp, pattern: &str) -> BTreeSet<String> {
    let path = pattern.replace("{key}", "ACME-1").replace("{id}", "1");
    let mut served = BTreeSet::new();
    for method in METHODS {
        let body = serde_json::json!({});
        let answer = app.call(method.clone(), &path, "", &body, &[]).await;
        match answer.status {
            401 => {
                served.insert(method.as_str().to_lowercase());
            }
            405 => {
                answer.assert_problem(405, None);
                assert!(answer.header("allow").is_some(), "{answer:?}");
            }
            other => panic!("{method} {path} answered {other} without a token"),
        }
    }
    served
}

#[tokio::test]
async fn every_token_route_is_documented_with_exactly_the_methods_the_router_serves() {
    let app = TestApp::spawn().await;
    let document = Document::of(&app).await.0;
    let paths = document["paths"].as_object().unwrap();
    let token_routes: Vec<&str> = ROUTES
        .iter()
        .filter(|(_, access)| *access == Access::Token)
        .map(|(pattern, _)| *pattern)
        .collect();

    for pattern in &token_routes {
        let documented: BTreeSet<String> = paths
            .get(*pattern)
            .unwrap_or_else(|| panic!("{pattern} is not documented"))
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| METHODS.iter().any(|m| m.as_str().eq_ignore_ascii_case(k)))
            .cloned()
            .collect();
        assert_eq!(served(&app, pattern).await, documented, "{pattern}");
    }
    for path in paths.keys() {
        assert!(
            token_routes.contains(&path.as_str()),
            "{path} is documented but is no token route of the access table"
        );
    }
}

#[tokio::test]
async fn real_answers_of_every_operation_validate_against_the_documents_schemas() {
    let app = TestApp::spawn().await;
    let doc = Document::of(&app).await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", ALL_SCOPES)
        .await;
    let reader = app
        .api_token(Some("ACME"), "tenant_viewer", "incidents:read")
        .await;
    let if_match = |v: i64| format!("\"{v}\"");

    let list = app.read("/api/v1/incidents", &token).await;
    doc.check("get", "/api/v1/incidents", &list);
    let created = app
        .call(
            Method::POST,
            "/api/v1/incidents",
            &token,
            &new_incident("Checked against the document", None),
            &[("Idempotency-Key", "doc-1")],
        )
        .await;
    doc.check("post", "/api/v1/incidents", &created);
    let key = created.body["key"].as_str().unwrap().to_owned();
    let at = format!("/api/v1/incidents/{key}");
    doc.check(
        "get",
        "/api/v1/incidents/{key}",
        &app.read(&at, &token).await,
    );
    let missing = app.read("/api/v1/incidents/ACME-999", &token).await;
    doc.check("get", "/api/v1/incidents/{key}", &missing);
    let scopeless = app.read("/api/v1/incidents/ACME-1/tasks", &reader).await;
    doc.check("get", "/api/v1/incidents/{key}/tasks", &scopeless);
    let anonymous = app.read("/api/v1/incidents", "").await;
    doc.check("get", "/api/v1/incidents", &anonymous);
    let invalid = app
        .call(
            Method::POST,
            "/api/v1/incidents",
            &token,
            &serde_json::json!({"owner": "platform"}),
            &[],
        )
        .await;
    doc.check("post", "/api/v1/incidents", &invalid);
    let not_json = app
        .api(Method::POST, "/api/v1/incidents", &token)
        .body("title=x")
        .header("content-type", "application/x-www-form-urlencoded")
        .send()
        .await
        .unwrap();
    doc.check("post", "/api/v1/incidents", &Answer::of(not_json).await);

    let mut version = created.body["version"].as_i64().unwrap();
    for (method, suffix, body) in [
        (Method::PATCH, "facts", serde_json::json!({"flags": []})),
        (
            Method::PUT,
            "severity",
            serde_json::json!({"severity": "SEV1"}),
        ),
        (
            Method::POST,
            "status",
            serde_json::json!({"status": "triaged"}),
        ),
    ] {
        let path = format!("{at}/{suffix}");
        let documented = format!("/api/v1/incidents/{{key}}/{suffix}");
        let name = method.as_str().to_lowercase();
        let tag = if_match(version);
        let changed = app
            .call(method.clone(), &path, &token, &body, &[("If-Match", &tag)])
            .await;
        doc.check(&name, &documented, &changed);
        let stale = app
            .call(method.clone(), &path, &token, &body, &[("If-Match", &tag)])
            .await;
        doc.check(&name, &documented, &stale);
        let unversioned = app.call(method, &path, &token, &body, &[]).await;
        doc.check(&name, &documented, &unversioned);
        version = changed.body["version"].as_i64().unwrap();
    }

    let tasks = format!("{at}/tasks");
    doc.check(
        "get",
        "/api/v1/incidents/{key}/tasks",
        &app.read(&tasks, &token).await,
    );
    let task_body = serde_json::json!({"workstream": "tenant", "title": "Documented task"});
    let task = app
        .call(Method::POST, &tasks, &token, &task_body, &[])
        .await;
    doc.check("post", "/api/v1/incidents/{key}/tasks", &task);
    let one = format!("{tasks}/{}", task.body["id"]);
    doc.check(
        "get",
        "/api/v1/incidents/{key}/tasks/{id}",
        &app.read(&one, &token).await,
    );
    let change = serde_json::json!({"status": "done"});
    let done = app
        .call(
            Method::PATCH,
            &one,
            &token,
            &change,
            &[("If-Match", "\"1\"")],
        )
        .await;
    doc.check("patch", "/api/v1/incidents/{key}/tasks/{id}", &done);
    let stale = app
        .call(
            Method::PATCH,
            &one,
            &token,
            &change,
            &[("If-Match", "\"1\"")],
        )
        .await;
    doc.check("patch", "/api/v1/incidents/{key}/tasks/{id}", &stale);

    let timeline = format!("{at}/timeline");
    let page = app.read(&timeline, &token).await;
    doc.check("get", "/api/v1/incidents/{key}/timeline", &page);
    let note_body = serde_json::json!({"body": "Documented.", "visibility": "shared"});
    let note = app
        .call(Method::POST, &timeline, &token, &note_body, &[])
        .await;
    doc.check("post", "/api/v1/incidents/{key}/timeline", &note);
    let entry = app.read(note.header("location").unwrap(), &token).await;
    doc.check("get", "/api/v1/incidents/{key}/timeline/{id}", &entry);
    let bad_filter = app.read(&format!("{timeline}?kind=gossip"), &token).await;
    doc.check("get", "/api/v1/incidents/{key}/timeline", &bad_filter);
}
