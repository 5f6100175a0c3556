//! The alert endpoints' real answers (received, refused, throttled) validate against the
//! OpenAPI document's own schemas, like every other operation's.

use crate::alerts::support::{FIRING, SCOPES};
use crate::alerts_events::trigger;
use crate::api_support::{Answer, Document};
use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::json;

const AM: &str = "/api/v1/alerts/alertmanager";
const EVENTS: &str = "/api/v1/alerts";

async fn webhook(app: &TestApp, token: &str, body: &str) -> Answer {
    let request = app
        .api(Method::POST, AM, token)
        .header("content-type", "application/json")
        .body(body.to_owned());
    Answer::of(request.send().await.unwrap()).await
}

#[tokio::test]
async fn the_alert_endpoints_answer_as_the_document_describes() {
    let app = TestApp::spawn_configured(|config| {
        config.alert_rate = 1;
        config.alert_burst = 3;
    })
    .await;
    let doc = Document::of(&app).await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let reader = app
        .api_token(Some("ACME"), "tenant_responder", "incidents:read")
        .await;

    let received = webhook(&app, &token, FIRING).await;
    assert_eq!(received.status, 200);
    doc.check("post", AM, &received);
    let invalid = webhook(&app, &token, r#"{"version":"4"}"#).await;
    invalid.assert_problem(422, Some("alerts"));
    doc.check("post", AM, &invalid);
    doc.check("post", AM, &webhook(&app, &reader, FIRING).await);
    doc.check("post", AM, &webhook(&app, "", FIRING).await);

    let event = app
        .call(Method::POST, EVENTS, &token, &trigger("doc-1"), &[])
        .await;
    assert_eq!(event.status, 202);
    doc.check("post", EVENTS, &event);
    let throttled = app
        .call(
            Method::POST,
            EVENTS,
            &token,
            &json!({"event_action": "resolve"}),
            &[],
        )
        .await;
    throttled.assert_problem(429, None);
    assert!(throttled.header("retry-after").is_some());
    doc.check("post", EVENTS, &throttled);
    let other = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let unknown = app
        .call(
            Method::POST,
            EVENTS,
            &other,
            &json!({"event_action": "page"}),
            &[],
        )
        .await;
    unknown.assert_problem(422, Some("event_action"));
    doc.check("post", EVENTS, &unknown);
    let form = app
        .api(Method::POST, EVENTS, &other)
        .header("content-type", "application/x-www-form-urlencoded")
        .body("event_action=trigger");
    let not_json = Answer::of(form.send().await.unwrap()).await;
    not_json.assert_problem(415, None);
    doc.check("post", EVENTS, &not_json);
}
