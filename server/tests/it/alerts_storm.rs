//! An alert storm: hundreds of firing alerts with a handful of keys, sent at once, open one
//! incident per key and add every other alert to it, on SQLite (serialised writers) and on
//! PostgreSQL (an advisory lock per key) alike.

use crate::alerts::support::{FIRING, SCOPES, holding};
use crate::alerts_events;
use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::json;
use std::collections::BTreeMap;
use std::sync::Arc;
use tokio::task::JoinSet;

const KEYS: usize = 5;
const EVENTS: usize = 300;

/// A server that lets the storm through: the rate limit has its own test.
async fn spawn() -> Arc<TestApp> {
    Arc::new(
        TestApp::spawn_configured(|config| {
            config.alert_rate = 100_000;
            config.alert_burst = 100_000;
        })
        .await,
    )
}

#[tokio::test]
async fn three_hundred_concurrent_events_over_five_keys_open_five_incidents() {
    let app = spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let incidents = app.count("incidents").await;
    let entries = app.count("timeline_entries").await;

    let mut sending = JoinSet::new();
    for n in 0..EVENTS {
        let (app, token) = (app.clone(), token.clone());
        sending.spawn(async move {
            let event = alerts_events::trigger(&format!("storm-{}", n % KEYS));
            alerts_events::send(&app, &token, &event).await
        });
    }
    let mut actions: BTreeMap<String, usize> = BTreeMap::new();
    let mut incident_of_key = BTreeMap::new();
    while let Some(done) = sending.join_next().await {
        let (status, answer) = done.unwrap();
        assert_eq!(status, 202, "{answer}");
        *actions
            .entry(answer["action"].as_str().unwrap().to_owned())
            .or_default() += 1;
        let key = answer["dedup_key"].as_str().unwrap().to_owned();
        let incident = answer["incident"].as_str().unwrap().to_owned();
        assert_eq!(
            incident_of_key.entry(key).or_insert(incident.clone()),
            &incident
        );
    }

    assert_eq!(actions.get("opened"), Some(&KEYS));
    assert_eq!(actions.get("appended"), Some(&(EVENTS - KEYS)));
    assert_eq!(incident_of_key.len(), KEYS);
    assert_eq!(app.count("incidents").await, incidents + KEYS as i64);
    for n in 0..KEYS {
        assert_eq!(holding(&app, &format!("storm-{n}")).await, 1);
    }
    let openings = app.count("timeline_entries").await - entries - (EVENTS - KEYS) as i64;
    assert_eq!(
        openings,
        2 * KEYS as i64,
        "a creation and a triage entry per incident"
    );
}

#[tokio::test]
async fn concurrent_notifications_repeating_the_same_alerts_open_one_incident_per_fingerprint() {
    let app = spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let template: serde_json::Value = serde_json::from_str(FIRING).unwrap();
    let alerts: Vec<_> = (0..30)
        .map(|n| {
            let mut alert = template["alerts"][0].clone();
            alert["fingerprint"] = format!("fp{:014}", n % KEYS).into();
            alert
        })
        .collect();
    let mut payload = template.clone();
    payload["alerts"] = json!(alerts);
    let body = payload.to_string();
    let incidents = app.count("incidents").await;

    let mut sending = JoinSet::new();
    for _ in 0..10 {
        let (app, token, body) = (app.clone(), token.clone(), body.clone());
        sending.spawn(async move {
            let response = app
                .api(Method::POST, "/api/v1/alerts/alertmanager", &token)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .unwrap();
            response.status().as_u16()
        });
    }
    while let Some(status) = sending.join_next().await {
        assert_eq!(status.unwrap(), 200);
    }

    assert_eq!(app.count("incidents").await, incidents + KEYS as i64);
    for n in 0..KEYS {
        assert_eq!(holding(&app, &format!("fp{n:014}")).await, 1);
    }
}
