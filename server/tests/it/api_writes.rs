//! Opening incidents through `/api/v1` with API tokens: what a create answers and whom it is
//! attributed to, how bad bodies are refused, and the `Idempotency-Key` rules.

use crate::api_support::{Answer, new_incident, token_audit_suffix, token_display_name};
use crate::helpers::TestApp;
use crate::helpers::api::ALL_SCOPES;
use reqwest::Method;
use serde_json::{Value, json};

const RESPONDER: &str = "tenant_responder";

async fn acme_responder(app: &TestApp) -> String {
    app.api_token(Some("ACME"), RESPONDER, ALL_SCOPES).await
}

async fn create(app: &TestApp, token: &str, body: &Value, headers: &[(&str, &str)]) -> Answer {
    app.call(Method::POST, "/api/v1/incidents", token, body, headers)
        .await
}

#[tokio::test]
async fn a_tenant_token_opens_an_incident_for_its_own_tenant_attributed_to_the_token() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;

    let created = create(&app, &token, &new_incident("Phishing wave", None), &[]).await;

    assert_eq!(created.status, 201, "{created:?}");
    let key = created.body["key"].as_str().unwrap();
    assert!(key.starts_with("ACME-"), "{key}");
    assert_eq!(
        created.header("location"),
        Some(format!("/api/v1/incidents/{key}").as_str())
    );
    assert_eq!(created.header("etag"), Some("\"1\""));
    assert_eq!(created.header("idempotent-replayed"), None);
    assert_eq!(created.body["reporter"], token_display_name(RESPONDER));
    let read = app.read(created.header("location").unwrap(), &token).await;
    assert_eq!(read.body, created.body);
    let audit = app.newest_audit(10).await;
    let opened = audit.iter().find(|(_, a)| a == "incident.opened").unwrap();
    assert!(opened.0.starts_with("token:"), "{opened:?}");
    assert!(
        opened.0.ends_with(&token_audit_suffix(RESPONDER)),
        "{opened:?}"
    );
    let timeline = app
        .read(
            &format!("/api/v1/incidents/{key}/timeline?kind=created"),
            &token,
        )
        .await;
    assert_eq!(
        timeline.body["items"][0]["author"],
        token_display_name(RESPONDER)
    );
}

#[tokio::test]
async fn a_platform_token_names_the_tenant_and_opens_platform_wide_with_the_platform_key() {
    let app = TestApp::spawn().await;
    let token = app.api_token(None, "platform_responder", ALL_SCOPES).await;
    let before = app.written_rows().await;

    let unnamed = create(&app, &token, &new_incident("Gateway down", None), &[]).await;
    let unchanged = app.written_rows().await;
    let named = create(
        &app,
        &token,
        &new_incident("Gateway down", Some("PLT")),
        &[],
    )
    .await;

    unnamed.assert_problem(422, Some("tenant"));
    assert_eq!(unchanged, before);
    assert_eq!(named.status, 201, "{named:?}");
    assert!(named.body["key"].as_str().unwrap().starts_with("PLT-"));
    assert_eq!(named.body["ownership"]["owner"], "platform");
}

#[tokio::test]
async fn a_tenant_token_naming_another_tenant_is_answered_as_for_an_unknown_one_and_writes_nothing()
{
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let before = app.written_rows().await;

    let other = create(
        &app,
        &token,
        &new_incident("Elsewhere", Some("GLOBEX")),
        &[],
    )
    .await;
    let unknown = create(&app, &token, &new_incident("Elsewhere", Some("NOPE")), &[]).await;

    other.assert_problem(422, Some("tenant"));
    assert_eq!(other.body, unknown.body);
    assert_eq!(app.written_rows().await, before);
}

#[tokio::test]
async fn fields_a_client_may_not_set_such_as_owner_or_version_are_refused_by_name() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let before = app.written_rows().await;

    for (field, value) in [
        ("tenant_id", json!(2)),
        ("id", json!(7)),
        ("owner", json!("platform")),
        ("version", json!(9)),
        ("number", json!(1)),
    ] {
        let mut body = new_incident("Mass assignment", None);
        body[field] = value;
        let answer = create(&app, &token, &body, &[]).await;
        answer.assert_problem(422, Some(field));
    }
    assert_eq!(app.written_rows().await, before);
}

#[tokio::test]
async fn wrong_types_and_unknown_values_are_422_naming_the_field_and_write_nothing() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let before = app.written_rows().await;
    let with = |field: &str, value: Value| {
        let mut body = new_incident("Typed", None);
        body[field] = value;
        body
    };

    for (body, field) in [
        (with("severity", json!(2)), "severity"),
        (with("severity", json!("SEV9")), "severity"),
        (with("title", json!(null)), "title"),
        (with("title", json!("")), "title"),
        (with("flags", json!("tenant-mfa")), "flags"),
        (with("flags", json!(["tenant-mfa", 3])), "flags[1]"),
        (with("flags", json!(["no-such-flag"])), "flags"),
        (with("layer", json!("moon")), "layer"),
        (with("area", json!("no-such-area")), "area"),
        (json!(["not", "an", "object"]), "$"),
    ] {
        let answer = create(&app, &token, &body, &[]).await;
        answer.assert_problem(422, Some(field));
    }
    let broken = app
        .api(Method::POST, "/api/v1/incidents", &token)
        .header("content-type", "application/json")
        .body("{\"title\": ")
        .send()
        .await
        .unwrap();
    Answer::of(broken).await.assert_problem(422, Some("$"));
    assert_eq!(app.written_rows().await, before);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415_and_one_over_1_mib_is_413_both_as_problems() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let before = app.written_rows().await;
    let mut huge = new_incident("Huge", None);
    huge["description"] = json!("x".repeat(1024 * 1024));

    let form = app
        .api(Method::POST, "/api/v1/incidents", &token)
        .form(&[("title", "Form"), ("severity", "SEV3")])
        .send()
        .await
        .unwrap();
    let none = app
        .api(Method::POST, "/api/v1/incidents", &token)
        .body(new_incident("No type", None).to_string())
        .send()
        .await
        .unwrap();
    let too_large = create(&app, &token, &huge, &[]).await;

    Answer::of(form).await.assert_problem(415, None);
    Answer::of(none).await.assert_problem(415, None);
    too_large.assert_problem(413, None);
    assert_eq!(app.written_rows().await, before);
}

#[tokio::test]
async fn the_same_idempotency_key_and_body_open_one_incident_and_answer_the_first_result() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let key = [("Idempotency-Key", "2f1c-retry-1")];
    let body = new_incident("Retried", None);
    // The same request, its fields in another order and the tenant spelled out.
    let again = json!({
        "severity": "SEV3",
        "tenant": "ACME",
        "description": body["description"],
        "title": "Retried",
    });
    let incidents = app.count("incidents").await;

    let first = create(&app, &token, &body, &key).await;
    let rows = app.written_rows().await;
    let second = create(&app, &token, &again, &key).await;

    assert_eq!(first.status, 201, "{first:?}");
    assert_eq!(second.status, 201, "{second:?}");
    assert_eq!(second.header("location"), first.header("location"));
    assert_eq!(second.header("etag"), first.header("etag"));
    assert_eq!(second.body, first.body);
    assert_eq!(second.header("idempotent-replayed"), Some("true"));
    assert_eq!(app.count("incidents").await, incidents + 1);
    assert_eq!(app.written_rows().await, rows, "the retry wrote nothing");
}

#[tokio::test]
async fn the_same_idempotency_key_with_another_body_or_from_another_token_is_422_and_writes_nothing()
 {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let other_token = acme_responder(&app).await;
    let key = [("Idempotency-Key", "reused-key")];
    let first = create(&app, &token, &new_incident("First", None), &key).await;
    let rows = app.written_rows().await;

    let other_body = create(&app, &token, &new_incident("Second", None), &key).await;
    let other_caller = create(&app, &other_token, &new_incident("First", None), &key).await;
    let malformed = create(
        &app,
        &token,
        &new_incident("First", None),
        &[("Idempotency-Key", "has spaces in it")],
    )
    .await;

    assert_eq!(first.status, 201);
    other_body.assert_problem(422, Some("Idempotency-Key"));
    other_caller.assert_problem(422, Some("Idempotency-Key"));
    malformed.assert_problem(422, Some("Idempotency-Key"));
    assert_eq!(app.written_rows().await, rows);
}
