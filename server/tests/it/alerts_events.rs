//! Generic events shaped like PagerDuty's Events API v2: a trigger opens an incident, its
//! acknowledge and resolve add to it and move nothing, a follow-up for an unknown key writes
//! nothing, and a trigger without a key is deduplicated by its source and summary.

use crate::alerts::support::{SCOPES, alert_entries, stored};
use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::{Value, json};

/// Posts `event` to `/api/v1/alerts`; the status and the answer.
pub async fn send(app: &TestApp, token: &str, event: &Value) -> (u16, Value) {
    let response = app
        .api(Method::POST, "/api/v1/alerts", token)
        .json(event)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap())
}

/// A trigger for `dedup_key`, as PagerDuty documents one.
pub fn trigger(dedup_key: &str) -> Value {
    json!({
        "routing_key": "not-used-by-tandem",
        "event_action": "trigger",
        "dedup_key": dedup_key,
        "payload": {
            "summary": "Replication lag over 5 minutes on db-7",
            "source": "db-7.acme.internal",
            "severity": "error",
            "timestamp": "2026-12-08T08:42:58.315+0000",
            "component": "postgres",
            "group": "payments",
            "class": "replication lag",
            "custom_details": {"lag seconds": 312, "tandem_area": "infrastructure", "tandem_layer": "platform"}
        },
        "client": "Acme monitoring",
        "client_url": "https://monitoring.acme.example"
    })
}

#[tokio::test]
async fn a_trigger_acknowledge_and_resolve_stay_on_one_incident_that_nobody_moves() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;

    let (status, opened) = send(&app, &token, &trigger("db-7-lag")).await;
    let key = opened["incident"].as_str().unwrap().to_owned();
    let ack = json!({"event_action": "acknowledge", "dedup_key": "db-7-lag"});
    let (ack_status, acked) = send(&app, &token, &ack).await;
    let resolve = json!({"event_action": "resolve", "dedup_key": "db-7-lag",
                         "payload": {"summary": "Replication caught up"}});
    let (_, resolved) = send(&app, &token, &resolve).await;

    assert_eq!(status, 202);
    assert_eq!(opened["status"], "success");
    assert_eq!(opened["dedup_key"], "db-7-lag");
    assert_eq!(opened["action"], "opened");
    assert_eq!(ack_status, 202);
    assert_eq!(acked["action"], "appended");
    assert_eq!(resolved["action"], "appended");
    assert_eq!(resolved["incident"], key.as_str());
    let incident = stored(&app, &key).await;
    assert_eq!(incident.severity.code(), "SEV2");
    assert_eq!(incident.area.as_deref(), Some("infrastructure"));
    assert_eq!(incident.status.code(), "new");
    assert_eq!(incident.version, 1);
    assert!(incident.description.contains("- `lag seconds`: 312"));
    let entries = alert_entries(&app, &incident).await;
    assert_eq!(entries.len(), 2);
    assert!(entries[0].starts_with("**Alert acknowledged at its source** (key `db-7-lag`)"));
    assert!(entries[1].starts_with("**Alert resolved**: Replication caught up"));
}

#[tokio::test]
async fn a_follow_up_for_an_unknown_key_writes_nothing() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let before = app.snapshot().await;

    let resolve = json!({"event_action": "resolve", "dedup_key": "never-triggered"});
    let (status, answer) = send(&app, &token, &resolve).await;

    assert_eq!(status, 202);
    assert_eq!(answer["action"], "ignored");
    assert_eq!(answer["incident"], Value::Null);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn a_trigger_without_a_key_is_deduplicated_by_its_source_and_summary() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let mut keyless = trigger("unused");
    keyless.as_object_mut().unwrap().remove("dedup_key");

    let (_, first) = send(&app, &token, &keyless).await;
    let (_, second) = send(&app, &token, &keyless).await;
    keyless["payload"]["source"] = "db-8.acme.internal".into();
    let (_, elsewhere) = send(&app, &token, &keyless).await;

    let derived = first["dedup_key"].as_str().unwrap();
    assert_eq!(derived.len(), 64);
    assert_eq!(second["dedup_key"], derived);
    assert_eq!(second["action"], "appended");
    assert_eq!(second["incident"], first["incident"]);
    assert_eq!(elsewhere["action"], "opened");
}

#[tokio::test]
async fn a_platform_token_opens_platform_incidents() {
    let app = TestApp::spawn().await;
    let token = app.api_token(None, "platform_responder", SCOPES).await;

    let (status, opened) = send(&app, &token, &trigger("edge-lb")).await;

    assert_eq!(status, 202);
    let key = opened["incident"].as_str().unwrap();
    assert!(key.starts_with("PLT-"), "{key}");
    assert_eq!(stored(&app, key).await.owner.code(), "platform");
}
