//! Alert intake from Prometheus Alertmanager: its webhook payload, sent byte for byte as
//! Alertmanager writes it, opens an incident triaged by its labels; the same fingerprint adds to
//! that incident instead of opening another; a resolved alert adds "Alert resolved" and moves
//! nothing. The PagerDuty-shaped events, refusals and storms are in `alerts_events`,
//! `alerts_refused` and `alerts_storm`.

use crate::helpers::TestApp;
use backend::entities::incident;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use support::{FIRING, SCOPES, alert_entries, holding, received, resolved, stored};

pub mod support;

#[tokio::test]
async fn alertmanagers_own_payload_opens_an_incident_triaged_by_its_labels() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let before = app.count("incidents").await;

    let alerts = received(&app, &token, FIRING).await;

    assert_eq!(alerts.len(), 1);
    assert_eq!(alerts[0]["dedup_key"], "c6eadffa33fcdf37");
    assert_eq!(alerts[0]["status"], "firing");
    assert_eq!(alerts[0]["action"], "opened");
    let key = alerts[0]["incident"].as_str().unwrap().to_owned();
    assert!(key.starts_with("ACME-"), "{key}");
    assert_eq!(app.count("incidents").await, before + 1);
    let incident: serde_json::Value = app
        .api_get(&format!("/api/v1/incidents/{key}"), &token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(incident["title"], "Tenant admin signed in without MFA");
    assert_eq!(incident["severity"], "SEV1");
    assert_eq!(incident["status"], "new");
    assert_eq!(
        incident["reporter"],
        "tenant_responder test token (API token)"
    );
    let ownership = &incident["ownership"];
    assert_eq!(ownership["area"], "privileged-access");
    assert_eq!(ownership["layer"], "tenant");
    assert_eq!(ownership["tenants_affected"], "one");
    assert_eq!(ownership["flags"], serde_json::json!(["tenant-mfa"]));
    let description = incident["description_html"].as_str().unwrap();
    assert!(description.contains("signed in without a second factor"));
    assert!(description.contains("https://runbooks.example/mfa"));
    assert_eq!(
        stored(&app, &key).await.dedup_key.as_deref(),
        Some("c6eadffa33fcdf37")
    );
}

#[tokio::test]
async fn an_alert_without_tandem_labels_is_triaged_from_its_words() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let plain = FIRING
        .replace(r#","tandem_area":"privileged-access""#, "")
        .replace(r#","tandem_flags":"tenant-mfa""#, "")
        .replace(r#","tandem_layer":"tenant""#, "");

    let alerts = received(&app, &token, &plain).await;

    let key = alerts[0]["incident"].as_str().unwrap();
    let incident = stored(&app, key).await;
    assert_eq!(incident.area.as_deref(), Some("privileged-access"));
    assert!(incident.suggested_from.is_some(), "the words decided it");
}

#[tokio::test]
async fn the_same_fingerprint_again_adds_to_its_incident_instead_of_opening_another() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let first = received(&app, &token, FIRING).await;
    let incidents = app.count("incidents").await;

    let again = received(&app, &token, FIRING).await;
    let third = received(&app, &token, FIRING).await;

    assert_eq!(again[0]["action"], "appended");
    assert_eq!(third[0]["action"], "appended");
    assert_eq!(again[0]["incident"], first[0]["incident"]);
    assert_eq!(app.count("incidents").await, incidents);
    assert_eq!(holding(&app, "c6eadffa33fcdf37").await, 1);
    let incident = stored(&app, first[0]["incident"].as_str().unwrap()).await;
    let entries = alert_entries(&app, &incident).await;
    assert_eq!(entries.len(), 2);
    assert!(entries[0].starts_with("**Alert firing**: Tenant admin signed in without MFA"));
    assert_eq!(incident.version, 1, "an alert entry changes no field");
}

#[tokio::test]
async fn a_resolved_alert_adds_alert_resolved_and_moves_nothing() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let opened = received(&app, &token, FIRING).await;
    let key = opened[0]["incident"].as_str().unwrap().to_owned();
    let before = stored(&app, &key).await;

    let resolved = received(&app, &token, &resolved()).await;
    let refired = received(&app, &token, FIRING).await;

    assert_eq!(resolved[0]["status"], "resolved");
    assert_eq!(resolved[0]["action"], "appended");
    assert_eq!(resolved[0]["incident"], key.as_str());
    assert_eq!(refired[0]["action"], "appended", "resolved is not closed");
    let after = stored(&app, &key).await;
    assert_eq!(after.status, before.status);
    assert_eq!(after.version, before.version);
    let entries = alert_entries(&app, &after).await;
    assert!(
        entries[0].starts_with("**Alert resolved**: Tenant admin signed in without MFA"),
        "{entries:?}"
    );
    assert!(entries[0].contains("at 2026-12-08 10:07:26 UTC"));
}

#[tokio::test]
async fn a_closed_incident_is_not_reached_and_its_key_opens_a_new_one() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let first = received(&app, &token, FIRING).await;
    let key = first[0]["incident"].as_str().unwrap().to_owned();
    // Closing takes the whole lifecycle; what matters here is only the stored state.
    incident::Entity::update_many()
        .col_expr(incident::Column::Status, Expr::value("closed"))
        .filter(incident::Column::Id.eq(stored(&app, &key).await.id))
        .exec(app.db.conn())
        .await
        .unwrap();

    let resolved = received(&app, &token, &resolved()).await;
    let again = received(&app, &token, FIRING).await;

    assert_eq!(resolved[0]["action"], "ignored");
    assert_eq!(resolved[0]["incident"], serde_json::Value::Null);
    assert_eq!(again[0]["action"], "opened");
    assert_ne!(again[0]["incident"], key.as_str());
    assert_eq!(holding(&app, "c6eadffa33fcdf37").await, 2);
    assert!(
        alert_entries(&app, &stored(&app, &key).await)
            .await
            .is_empty()
    );
}

#[tokio::test]
async fn one_notification_with_several_alerts_answers_for_each_in_order() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", SCOPES)
        .await;
    let mut payload: serde_json::Value = serde_json::from_str(FIRING).unwrap();
    let alert = payload["alerts"][0].clone();
    let mut other = alert.clone();
    other["fingerprint"] = "0123456789abcdef".into();
    let mut resolved_unknown = alert.clone();
    resolved_unknown["status"] = "resolved".into();
    resolved_unknown["fingerprint"] = "feedfacefeedface".into();
    payload["alerts"] = serde_json::json!([alert, other, resolved_unknown, alert]);

    let alerts = received(&app, &token, &payload.to_string()).await;

    let actions: Vec<_> = alerts
        .iter()
        .map(|a| a["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["opened", "opened", "ignored", "appended"]);
    assert_eq!(alerts[3]["incident"], alerts[0]["incident"]);
    assert_ne!(alerts[1]["incident"], alerts[0]["incident"]);
}
