//! What alert intake refuses, and that a refusal writes nothing: wrong types and unknown values
//! (422 naming each field), a body that is not JSON, a token without `alerts:write` or with a
//! role that opens no incidents (403), a token past its rate (429 with `Retry-After`), and
//! another tenant's token, which never reaches this tenant's incident.

use crate::alerts::support::{FIRING, SCOPES, alert_entries, holding, received, send, stored};
use crate::alerts_events;
use crate::helpers::TestApp;
use crate::helpers::api::problem;
use chrono::TimeDelta;
use reqwest::Method;
use serde_json::json;

fn fields(problem: &serde_json::Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_notification_with_bad_alerts_is_refused_whole_naming_each_field() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let mut payload: serde_json::Value = serde_json::from_str(FIRING).unwrap();
    let good = payload["alerts"][0].clone();
    let mut unknown_severity = good.clone();
    unknown_severity["labels"]["severity"] = "apocalyptic".into();
    let mut unknown_area = good.clone();
    unknown_area["labels"]["tandem_area"] = "moon".into();
    let mut wrong_types = good.clone();
    wrong_types["startsAt"] = json!(1_765_187_546);
    wrong_types["labels"]["replicas"] = json!(3);
    payload["alerts"] = json!([good, unknown_severity, unknown_area, wrong_types]);
    let before = app.snapshot().await;

    let response = send(&app, &token, &payload.to_string()).await;

    assert_eq!(response.status().as_u16(), 422);
    let problem = problem(response).await;
    assert_eq!(
        fields(&problem),
        [
            "alerts[1].labels.severity",
            "alerts[2].labels.tandem_area",
            "alerts[3].labels.replicas",
            "alerts[3].startsAt",
        ]
    );
    assert_eq!(app.snapshot().await, before, "not even the good alert");
    assert_eq!(holding(&app, "c6eadffa33fcdf37").await, 0);
}

#[tokio::test]
async fn a_bad_event_is_refused_naming_its_fields() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let mut bad = alerts_events::trigger("k");
    bad["payload"]["severity"] = "fatal".into();
    bad["payload"]["summary"] = json!(42);
    bad["payload"]["custom_details"]["tandem_layer"] = "core".into();
    let before = app.snapshot().await;

    let (status, problem) = alerts_events::send(&app, &token, &bad).await;
    let (action_status, action) =
        alerts_events::send(&app, &token, &json!({"event_action": "page"})).await;
    let (_, no_key) = alerts_events::send(&app, &token, &json!({"event_action": "resolve"})).await;

    assert_eq!(status, 422);
    assert_eq!(
        fields(&problem),
        [
            "payload.summary",
            "payload.severity",
            "payload.custom_details.tandem_layer"
        ]
    );
    assert_eq!(action_status, 422);
    assert_eq!(fields(&action), ["event_action"]);
    assert_eq!(fields(&no_key), ["dedup_key"]);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_refused() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let before = app.snapshot().await;

    let broken = send(&app, &token, &FIRING[..FIRING.len() / 2]).await;
    let array = send(&app, &token, "[]").await;
    let untyped = app
        .api(Method::POST, "/api/v1/alerts", &token)
        .body(r#"{"event_action":"trigger"}"#)
        .send()
        .await
        .unwrap();

    assert_eq!(broken.status().as_u16(), 422);
    assert_eq!(fields(&problem(broken).await), ["$"]);
    assert_eq!(fields(&problem(array).await), ["$"]);
    assert_eq!(untyped.status().as_u16(), 415);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn alerts_need_the_alerts_write_scope_and_a_role_that_opens_incidents() {
    let app = TestApp::spawn().await;
    let reader = app
        .api_token(Some("ACME"), "tenant_responder", "incidents:read")
        .await;
    let viewer = app
        .api_token(Some("ACME"), "tenant_viewer", "alerts:write")
        .await;
    let before = app.snapshot().await;

    let unscoped = send(&app, &reader, FIRING).await;
    let viewing = send(&app, &viewer, FIRING).await;
    let anonymous = app
        .client
        .post(app.url("/api/v1/alerts/alertmanager"))
        .header("content-type", "application/json")
        .body(FIRING)
        .send()
        .await
        .unwrap();

    assert_eq!(unscoped.status().as_u16(), 403);
    let detail = problem(unscoped).await["detail"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(detail.contains("alerts:write"), "{detail}");
    assert_eq!(viewing.status().as_u16(), 403);
    assert_eq!(anonymous.status().as_u16(), 401);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn a_token_past_its_rate_is_answered_429_with_retry_after() {
    let app = TestApp::spawn_configured(|config| {
        config.alert_rate = 1;
        config.alert_burst = 2;
    })
    .await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let other = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;

    let answers = [
        send(&app, &token, FIRING).await.status().as_u16(),
        send(&app, &token, FIRING).await.status().as_u16(),
    ];
    let entries_before = app.count("timeline_entries").await;
    let refused = send(&app, &token, FIRING).await;
    let others = send(&app, &other, FIRING).await.status().as_u16();
    app.clock.advance(TimeDelta::seconds(2));
    let later = send(&app, &token, FIRING).await.status().as_u16();

    assert_eq!(answers, [200, 200]);
    assert_eq!(refused.status().as_u16(), 429);
    assert_eq!(refused.headers()["retry-after"], "1");
    let problem = problem(refused).await;
    assert_eq!(problem["status"], 429);
    assert_eq!(others, 200, "each token has its own pace");
    assert_eq!(later, 200);
    assert_eq!(
        app.count("timeline_entries").await,
        entries_before + 2,
        "the refused request wrote nothing"
    );
}

#[tokio::test]
async fn dedup_keys_are_per_tenant_and_another_tenants_alert_never_reaches_this_incident() {
    let app = TestApp::spawn().await;
    let acme = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let globex = app
        .api_token(Some("GLOBEX"), "tenant_responder", SCOPES)
        .await;
    let platform = app.api_token(None, "platform_responder", SCOPES).await;
    let opened = received(&app, &acme, FIRING).await;
    let acme_key = opened[0]["incident"].as_str().unwrap().to_owned();

    let at_globex = received(&app, &globex, FIRING).await;
    let at_platform = received(&app, &platform, FIRING).await;
    let resolve = json!({"event_action": "resolve", "dedup_key": "c6eadffa33fcdf37"});
    let (_, globex_resolve) = alerts_events::send(&app, &globex, &resolve).await;

    assert_eq!(at_globex[0]["action"], "opened");
    assert!(
        at_globex[0]["incident"]
            .as_str()
            .unwrap()
            .starts_with("GLOBEX-")
    );
    assert_eq!(at_platform[0]["action"], "opened");
    assert!(
        at_platform[0]["incident"]
            .as_str()
            .unwrap()
            .starts_with("PLT-")
    );
    assert_eq!(globex_resolve["incident"], at_globex[0]["incident"]);
    assert!(
        alert_entries(&app, &stored(&app, &acme_key).await)
            .await
            .is_empty()
    );
    assert_eq!(holding(&app, "c6eadffa33fcdf37").await, 3);
}
