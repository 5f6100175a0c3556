//! Reading Alertmanager's webhook payload: openings from labels, every wrong field named.

use super::*;
use crate::Severity;
use serde_json::json;

const MODEL: &str = include_str!("../../../../model/shared-responsibility.toml");

fn model() -> ResponsibilityModel {
    ResponsibilityModel::from_toml(MODEL).unwrap_or_else(|e| panic!("{e:?}"))
}

fn alert(status: &str, labels: Value) -> Value {
    json!({
        "status": status, "labels": labels,
        "annotations": {"summary": "Disk almost full", "runbook_url": "https://r.example/disk"},
        "startsAt": "2026-12-08T09:52:26.739266876+02:00",
        "endsAt": "0001-01-01T00:00:00Z",
        "generatorURL": "http://prometheus.example:9090/graph?g0.expr=x",
        "fingerprint": "c6eadffa33fcdf37"
    })
}

fn payload(alerts: Vec<Value>) -> Value {
    json!({"version": "4", "status": "firing", "groupKey": "{}:{alertname=\"Disk\"}",
           "receiver": "tandem", "alerts": alerts})
}

#[test]
fn a_firing_alert_becomes_an_opening_with_its_labels_facts() {
    let labels = json!({"alertname": "DiskFull", "severity": "critical",
                        "tandem_area": "infrastructure", "tandem_layer": "platform"});
    let webhook = parse(&model(), &payload(vec![alert("firing", labels)]));
    let webhook = webhook.unwrap_or_else(|e| panic!("{e:?}"));
    let first = &webhook.alerts[0];
    assert_eq!(first.key.as_str(), "c6eadffa33fcdf37");
    assert!(first.opens());
    let opening = first
        .opening
        .as_ref()
        .unwrap_or_else(|| panic!("no opening"));
    assert_eq!(opening.title.as_str(), "Disk almost full");
    assert_eq!(opening.severity, Severity::Sev1);
    assert_eq!(opening.facts.area.as_deref(), Some("infrastructure"));
    assert!(
        opening
            .description
            .as_str()
            .contains("- `runbook_url`: https://r.example/disk")
    );
    assert!(
        opening
            .description
            .as_str()
            .contains("[Source](http://prometheus.example")
    );
}

#[test]
fn every_wrong_field_of_every_alert_is_named() {
    let mut bad_types = alert("firing", json!({"alertname": "X", "replica": 2}));
    bad_types["startsAt"] = json!(12);
    let body = payload(vec![
        alert("firing", json!({"severity": "apocalyptic"})),
        alert("burning", json!({"tandem_area": "moon"})),
        bad_types,
    ]);
    let errors = parse(&model(), &body).err().unwrap_or_default();
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "alerts[0].labels.severity",
            "alerts[1].status",
            "alerts[1].labels.tandem_area",
            "alerts[2].labels.replica",
            "alerts[2].startsAt",
        ]
    );
}

#[test]
fn the_envelope_is_checked_too() {
    let errors = parse(
        &model(),
        &json!({"version": "3", "status": "firing", "alerts": []}),
    )
    .err()
    .unwrap_or_default();
    let fields: Vec<_> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(fields, ["version", "groupKey", "alerts"]);
    assert!(parse(&model(), &json!([1])).is_err());
}

#[test]
fn a_resolved_alert_reports_when_it_ended() {
    let mut resolved = alert("resolved", json!({"alertname": "DiskFull"}));
    resolved["endsAt"] = json!("2026-12-08T10:00:00Z");
    let webhook = parse(&model(), &payload(vec![resolved])).unwrap_or_else(|e| panic!("{e:?}"));
    let first = &webhook.alerts[0];
    assert_eq!(first.status, AlertStatus::Resolved);
    assert!(!first.opens());
    assert_eq!(
        first.occurred_at.map(|t| t.to_rfc3339()).as_deref(),
        Some("2026-12-08T10:00:00+00:00")
    );
}
