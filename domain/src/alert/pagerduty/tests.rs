//! Reading PagerDuty-shaped events: PagerDuty's own example, derived keys, follow-ups and
//! every wrong field named.

use super::*;
use crate::Severity;
use serde_json::json;

const MODEL: &str = include_str!("../../../../model/shared-responsibility.toml");

fn model() -> ResponsibilityModel {
    ResponsibilityModel::from_toml(MODEL).unwrap_or_else(|e| panic!("{e:?}"))
}

fn fields(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn pagerdutys_own_trigger_example_is_read() {
    let body = json!({
        "payload": {"summary": "Example alert on host1.example.com",
            "timestamp": "2015-07-17T08:42:58.315+0000",
            "source": "monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003",
            "severity": "info", "component": "postgres", "group": "prod-datapipe", "class": "deploy",
            "custom_details": {"ping time": "1500ms", "load avg": 0.75}},
        "routing_key": "samplekeyhere", "dedup_key": "samplekeyhere",
        "images": [{"src": "https://www.pagerduty.com/logo.png"}],
        "links": [{"href": "https://example.com/", "text": "Link text"}],
        "event_action": "trigger", "client": "Sample Monitoring Service",
        "client_url": "https://monitoring.example.com"
    });
    let event = parse(&model(), &body).unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(event.alert.key.as_str(), "samplekeyhere");
    assert!(!event.key_derived);
    let opening = event.alert.opening.unwrap_or_else(|| panic!("no opening"));
    assert_eq!(opening.severity, Severity::Sev4);
    assert!(opening.description.as_str().contains("- `load avg`: 0.75"));
}

#[test]
fn a_trigger_without_a_key_gets_one_from_its_source_and_summary() {
    let body = json!({"event_action": "trigger",
        "payload": {"summary": "Disk full", "source": "db-1", "severity": "critical"}});
    let first = parse(&model(), &body).unwrap_or_else(|e| panic!("{e:?}"));
    let again = parse(&model(), &body).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(first.key_derived);
    assert_eq!(first.alert.key, again.alert.key);
}

#[test]
fn follow_ups_need_a_key_and_nothing_else() {
    let resolve = parse(
        &model(),
        &json!({"event_action": "resolve", "dedup_key": "k1"}),
    );
    let resolve = resolve.unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(resolve.alert.status, AlertStatus::Resolved);
    let errors = parse(&model(), &json!({"event_action": "acknowledge"}))
        .err()
        .unwrap_or_default();
    assert_eq!(fields(&errors), ["dedup_key"]);
}

#[test]
fn wrong_types_and_unknown_values_are_named() {
    let body = json!({"event_action": "trigger", "dedup_key": 7,
        "payload": {"summary": ["x"], "source": "db-1", "severity": "fatal",
            "custom_details": {"tandem_layer": "core", "tandem_area": 3}}});
    let errors = parse(&model(), &body).err().unwrap_or_default();
    assert_eq!(
        fields(&errors),
        [
            "dedup_key",
            "payload.summary",
            "payload.severity",
            "payload.custom_details.tandem_area",
            "payload.custom_details.tandem_layer",
        ]
    );
    let errors = parse(&model(), &json!({"event_action": "page"}))
        .err()
        .unwrap_or_default();
    assert_eq!(fields(&errors), ["event_action"]);
}
