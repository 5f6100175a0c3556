//! What the alert intake tests share: Alertmanager's payload as Alertmanager writes it, sending
//! it, and reading back incidents, their alert entries and who holds a dedup key.

use crate::helpers::TestApp;
use backend::entities::{incident, tenant, timeline_entry};
use domain::timeline::EntryKind;
use reqwest::{Method, Response};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

/// One firing alert as Alertmanager 0.27 sends it to a `webhook_config` receiver: the
/// `Message` of its webhook notifier (`*template.Data`, then `version`, `groupKey` and
/// `truncatedAlerts`) written by Go's `json.Encoder` — compact, map keys sorted, `&` escaped as
/// `\u0026`, times in RFC 3339 with nanoseconds, Go's zero time for a firing alert's `endsAt`,
/// and a newline at the end.
pub const FIRING: &str = r#"{"receiver":"tandem","status":"firing","alerts":[{"status":"firing","labels":{"alertname":"TenantAdminWithoutMfa","instance":"idp-1:9100","job":"identity","severity":"critical","tandem_area":"privileged-access","tandem_flags":"tenant-mfa","tandem_layer":"tenant"},"annotations":{"description":"An administrator of the tenant signed in without a second factor.","runbook_url":"https://runbooks.example/mfa","summary":"Tenant admin signed in without MFA"},"startsAt":"2026-12-08T09:52:26.739266876Z","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.example:9090/graph?g0.expr=admin_sign_ins_without_mfa+%3E+0\u0026g0.tab=1","fingerprint":"c6eadffa33fcdf37"}],"groupLabels":{"alertname":"TenantAdminWithoutMfa"},"commonLabels":{"alertname":"TenantAdminWithoutMfa","instance":"idp-1:9100","job":"identity","severity":"critical","tandem_area":"privileged-access","tandem_flags":"tenant-mfa","tandem_layer":"tenant"},"commonAnnotations":{"description":"An administrator of the tenant signed in without a second factor.","runbook_url":"https://runbooks.example/mfa","summary":"Tenant admin signed in without MFA"},"externalURL":"http://alertmanager.example:9093","version":"4","groupKey":"{}:{alertname=\"TenantAdminWithoutMfa\"}","truncatedAlerts":0}
"#;

/// The scopes an alert source's token holds in these tests.
pub const SCOPES: &str = "alerts:write,incidents:read";

/// The same alert once it has stopped firing.
pub fn resolved() -> String {
    FIRING
        .replace(r#""status":"firing""#, r#""status":"resolved""#)
        .replace(
            r#""endsAt":"0001-01-01T00:00:00Z""#,
            r#""endsAt":"2026-12-08T10:07:26.739266876Z""#,
        )
}

/// Posts `body` to the Alertmanager endpoint as Alertmanager does.
pub async fn send(app: &TestApp, token: &str, body: &str) -> Response {
    app.api(Method::POST, "/api/v1/alerts/alertmanager", token)
        .header("content-type", "application/json")
        .header("user-agent", "Alertmanager/0.27.0")
        .body(body.to_owned())
        .send()
        .await
        .unwrap()
}

/// Posts `body` to the Alertmanager endpoint and returns the receipt of each alert.
pub async fn received(app: &TestApp, token: &str, body: &str) -> Vec<serde_json::Value> {
    let response = send(app, token, body).await;
    assert_eq!(response.status().as_u16(), 200);
    let receipt: serde_json::Value = response.json().await.unwrap();
    receipt["alerts"].as_array().unwrap().clone()
}

/// The stored incident `key` (`ACME-12`).
pub async fn stored(app: &TestApp, key: &str) -> incident::Model {
    let (tenant_key, number) = key.rsplit_once('-').unwrap();
    let tenant = tenant::Entity::find()
        .filter(tenant::Column::Key.eq(tenant_key))
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap();
    incident::Entity::find()
        .filter(incident::Column::TenantId.eq(tenant.id))
        .filter(incident::Column::Number.eq(number.parse::<i64>().unwrap()))
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap()
}

/// The alert entries on the timeline of `incident`, oldest first.
pub async fn alert_entries(app: &TestApp, incident: &incident::Model) -> Vec<String> {
    timeline_entry::Entity::find()
        .filter(timeline_entry::Column::IncidentId.eq(incident.id))
        .filter(timeline_entry::Column::Kind.eq(EntryKind::Alert.code()))
        .order_by_asc(timeline_entry::Column::Id)
        .all(app.db.conn())
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.body)
        .collect()
}

/// How many incidents hold `dedup_key`.
pub async fn holding(app: &TestApp, dedup_key: &str) -> usize {
    incident::Entity::find()
        .filter(incident::Column::DedupKey.eq(dedup_key))
        .all(app.db.conn())
        .await
        .unwrap()
        .len()
}
