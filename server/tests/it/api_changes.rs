//! Changing incidents through `/api/v1` with API tokens: facts, severity and lifecycle moves,
//! each needing `If-Match` with the version read, answering 428 without it and 412 with the
//! current incident when it is stale, and the new state with its `ETag` otherwise; and what a
//! token whose role or scopes do not allow a write gets.

use crate::api_support::{new_incident, token_audit_suffix};
use crate::helpers::TestApp;
use crate::helpers::api::ALL_SCOPES;
use reqwest::Method;
use serde_json::{Value, json};

const RESPONDER: &str = "tenant_responder";

async fn acme_responder(app: &TestApp) -> String {
    app.api_token(Some("ACME"), RESPONDER, ALL_SCOPES).await
}

/// The three changes of one incident, each with a valid body.
pub fn changes(key: &str) -> [(Method, String, Value); 3] {
    [
        (
            Method::PATCH,
            format!("/api/v1/incidents/{key}/facts"),
            json!({"flags": ["tenant-mfa"]}),
        ),
        (
            Method::PUT,
            format!("/api/v1/incidents/{key}/severity"),
            json!({"severity": "SEV1"}),
        ),
        (
            Method::POST,
            format!("/api/v1/incidents/{key}/status"),
            json!({"status": "triaged"}),
        ),
    ]
}

#[tokio::test]
async fn changes_without_if_match_are_428_and_with_a_malformed_one_422_and_change_nothing() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let before = app.stored_state().await;

    for (method, path, body) in changes("ACME-1") {
        let missing = app.call(method.clone(), &path, &token, &body, &[]).await;
        let malformed = app
            .call(method, &path, &token, &body, &[("If-Match", "1")])
            .await;
        missing.assert_problem(428, None);
        malformed.assert_problem(422, Some("If-Match"));
    }
    assert_eq!(app.stored_state().await, before);
}

#[tokio::test]
async fn a_stale_if_match_is_412_with_the_current_incident_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let current = app.read("/api/v1/incidents/ACME-1", &token).await;
    let version = current.body["version"].as_i64().unwrap();
    let stale = format!("\"{}\"", version + 1);
    let before = app.stored_state().await;

    for (method, path, body) in changes("ACME-1") {
        let answer = app
            .call(method, &path, &token, &body, &[("If-Match", &stale)])
            .await;
        answer.assert_problem(412, None);
        assert_eq!(answer.body["current"], current.body, "{path}");
    }
    assert_eq!(app.stored_state().await, before);
}

#[tokio::test]
async fn each_change_with_the_current_version_answers_the_new_state_and_etag() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let mut version = app.read("/api/v1/incidents/ACME-1", &token).await.body["version"]
        .as_i64()
        .unwrap();

    for (method, path, body) in changes("ACME-1") {
        let tag = format!("\"{version}\"");
        let answer = app
            .call(method, &path, &token, &body, &[("If-Match", &tag)])
            .await;
        assert_eq!(answer.status, 200, "{path}: {answer:?}");
        version += 1;
        assert_eq!(answer.body["version"], version, "{path}");
        assert_eq!(
            answer.header("etag"),
            Some(format!("\"{version}\"").as_str())
        );
    }

    let incident = app.read("/api/v1/incidents/ACME-1", &token).await.body;
    assert_eq!(incident["severity"], "SEV1");
    assert_eq!(incident["status"], "triaged");
    assert_eq!(incident["ownership"]["flags"], json!(["tenant-mfa"]));
    assert_eq!(
        incident["ownership"]["area"], "privileged-access",
        "the facts left out were kept"
    );
    let actions: Vec<String> = app
        .newest_audit(3)
        .await
        .into_iter()
        .inspect(|(actor, _)| assert!(actor.ends_with(&token_audit_suffix(RESPONDER))))
        .map(|(_, action)| action)
        .collect();
    assert_eq!(
        actions,
        [
            "incident.status_changed",
            "incident.severity_changed",
            "incident.retriaged"
        ]
    );
}

#[tokio::test]
async fn a_move_the_lifecycle_does_not_allow_and_a_value_that_is_no_stage_are_422_naming_status() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let before = app.stored_state().await;
    let path = "/api/v1/incidents/ACME-1/status";
    let version = [("If-Match", "\"1\"")];

    let skip = app
        .call(
            Method::POST,
            path,
            &token,
            &json!({"status": "closed"}),
            &version,
        )
        .await;
    let unknown = app
        .call(
            Method::POST,
            path,
            &token,
            &json!({"status": "done"}),
            &version,
        )
        .await;

    skip.assert_problem(422, Some("status"));
    unknown.assert_problem(422, Some("status"));
    assert_eq!(app.stored_state().await, before);
}

#[tokio::test]
async fn a_facts_change_that_hands_the_incident_to_the_platform_answers_its_key_alone() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let facts = json!({"area": "infrastructure", "layer": "platform", "tenants_affected": "all", "flags": []});

    let answer = app
        .call(
            Method::PATCH,
            "/api/v1/incidents/ACME-1/facts",
            &token,
            &facts,
            &[("If-Match", "\"1\"")],
        )
        .await;
    let after = app.read("/api/v1/incidents/ACME-1", &token).await;

    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.body["key"], "ACME-1");
    assert!(answer.body["detail"].is_string(), "{answer:?}");
    assert_eq!(answer.header("etag"), None);
    assert_eq!(after.status, 404);
}

#[tokio::test]
async fn a_token_whose_role_only_reads_or_that_lacks_the_scope_is_refused_with_403() {
    let app = TestApp::spawn().await;
    let viewer = app
        .api_token(Some("ACME"), "tenant_viewer", ALL_SCOPES)
        .await;
    let reader = app
        .api_token(Some("ACME"), RESPONDER, "incidents:read")
        .await;
    let before = app.stored_state().await;
    let version = [("If-Match", "\"1\"")];

    let viewer_opens = app
        .call(
            Method::POST,
            "/api/v1/incidents",
            &viewer,
            &new_incident("Viewer", None),
            &[],
        )
        .await;
    let viewer_moves = app
        .call(
            Method::POST,
            "/api/v1/incidents/ACME-1/status",
            &viewer,
            &json!({"status": "triaged"}),
            &version,
        )
        .await;
    let reader_opens = app
        .call(
            Method::POST,
            "/api/v1/incidents",
            &reader,
            &new_incident("Reader", None),
            &[],
        )
        .await;
    let mut scoped = Vec::new();
    for (method, path, body) in changes("ACME-1") {
        scoped.push(app.call(method, &path, &reader, &body, &version).await);
    }

    viewer_opens.assert_problem(403, None);
    viewer_moves.assert_problem(403, None);
    for answer in std::iter::once(&reader_opens).chain(&scoped) {
        answer.assert_problem(403, None);
        let detail = answer.body["detail"].as_str().unwrap();
        assert!(detail.contains("incidents:write"), "{detail}");
    }
    assert_eq!(app.stored_state().await, before);
}
