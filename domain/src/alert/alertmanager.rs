//! Prometheus Alertmanager's webhook payload (version 4) as Alertmanager sends it: a group of
//! alerts, each with `status`, `labels`, `annotations`, `startsAt`, `endsAt`, `generatorURL`
//! and `fingerprint`. The fingerprint is the alert's dedup key; the labels map to severity and
//! facts (see `mapping`); fields Tandem does not use are not checked.

use super::mapping::{self, SEVERITY};
use super::reader::{Reader, WHOLE_BODY};
use super::{Alert, AlertOpening, AlertStatus, DedupKey};
use crate::FieldError;
use crate::responsibility::ResponsibilityModel;
use chrono::{DateTime, Datelike, Utc};
use serde_json::Value;
use std::collections::BTreeMap;

/// The one payload version this reader knows.
pub const VERSION: &str = "4";

/// A webhook call: the group it notifies about and its alerts, in the order sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Webhook {
    pub group_key: String,
    pub alerts: Vec<Alert>,
}

/// Reads a webhook payload; every problem is named by its path.
pub fn parse(model: &ResponsibilityModel, body: &Value) -> Result<Webhook, Vec<FieldError>> {
    let mut r = Reader::default();
    let Some(top) = r.object(Some(body), WHOLE_BODY) else {
        return Err(r.errors);
    };
    if let Some(version) = r.string(top.get("version"), "version")
        && version != VERSION
    {
        r.fail(
            "version",
            format!("Only version {VERSION} of the webhook payload is read (got {version:?})."),
        );
    }
    r.code(
        top.get("status"),
        "status",
        parse_status,
        "firing, resolved",
    );
    let group_key = r.string(top.get("groupKey"), "groupKey").map(str::to_owned);
    let mut alerts = Vec::new();
    match top.get("alerts") {
        Some(Value::Array(items)) if items.is_empty() => {
            r.fail("alerts", "Send at least one alert.")
        }
        Some(Value::Array(items)) => {
            for (n, item) in items.iter().enumerate() {
                if let Some(alert) = parse_alert(model, &mut r, item, &format!("alerts[{n}]")) {
                    alerts.push(alert);
                }
            }
        }
        None | Some(Value::Null) => r.fail("alerts", "Required: an array of alerts."),
        Some(_) => r.fail("alerts", "Must be an array of alerts."),
    }
    let webhook = group_key.map(|group_key| Webhook { group_key, alerts });
    r.finish(webhook)
}

fn parse_status(raw: &str) -> Option<AlertStatus> {
    match raw {
        "firing" => Some(AlertStatus::Firing),
        "resolved" => Some(AlertStatus::Resolved),
        _ => None,
    }
}

fn parse_alert(
    model: &ResponsibilityModel,
    r: &mut Reader,
    item: &Value,
    path: &str,
) -> Option<Alert> {
    let alert = r.object(Some(item), path)?;
    let at = |field: &str| format!("{path}.{field}");
    let status = r.code(
        alert.get("status"),
        &at("status"),
        parse_status,
        "firing, resolved",
    );
    let labels_path = at("labels");
    let labels = match r.object(alert.get("labels"), &labels_path) {
        Some(_) => r.string_map(alert.get("labels"), &labels_path),
        None => BTreeMap::new(),
    };
    let annotations = r.string_map(alert.get("annotations"), &at("annotations"));
    let starts_at = r.time(alert.get("startsAt"), &at("startsAt"), true);
    // Go's zero time, year 1, is how Alertmanager says "not ended".
    let ends_at = r
        .time(alert.get("endsAt"), &at("endsAt"), false)
        .filter(|t| t.year() > 1);
    let source = r.optional_string(alert.get("generatorURL"), &at("generatorURL"));
    let key = r
        .string(alert.get("fingerprint"), &at("fingerprint"))
        .and_then(|raw| r.check(&at("fingerprint"), DedupKey::parse(raw)));
    let severity_path = format!("{labels_path}.{SEVERITY}");
    let severity = r.check(
        &severity_path,
        mapping::severity_of_label(labels.get(SEVERITY).map(String::as_str)),
    );
    let facts = mapping::facts_of_labels(model, &labels, &labels_path, &mut r.errors);
    let (status, key, severity) = (status?, key?, severity?);
    let fallback = format!("Alert {key}");
    let title = r.check(
        &at("annotations.summary"),
        mapping::title(
            &[
                annotations.get("summary").map(String::as_str),
                labels.get("alertname").map(String::as_str),
            ],
            &fallback,
        ),
    )?;
    let text = describe(&labels, &annotations, starts_at, source);
    let description = r.check(&at("annotations.description"), mapping::description(&text))?;
    let occurred_at = match status {
        AlertStatus::Resolved => ends_at.or(starts_at),
        _ => starts_at,
    };
    Some(Alert {
        key,
        status,
        name: Some(title.as_str().to_owned()),
        occurred_at,
        opening: Some(AlertOpening {
            title,
            description,
            severity,
            facts,
        }),
    })
}

/// The incident's description: the alert's own description, where it came from, then every
/// label and the other annotations.
fn describe(
    labels: &BTreeMap<String, String>,
    annotations: &BTreeMap<String, String>,
    starts_at: Option<DateTime<Utc>>,
    source: Option<&str>,
) -> String {
    let mut text = String::new();
    for name in ["description", "message"] {
        if let Some(said) = annotations.get(name).filter(|s| !s.trim().is_empty()) {
            text.push_str(said.trim());
            text.push_str("\n\n");
            break;
        }
    }
    text.push_str("Opened by an alert from Prometheus Alertmanager");
    if let Some(at) = starts_at {
        text.push_str(&format!(
            ", firing since {}",
            at.format("%Y-%m-%d %H:%M:%S UTC")
        ));
    }
    text.push('.');
    if let Some(url) = source.filter(|u| u.starts_with("http://") || u.starts_with("https://")) {
        text.push_str(&format!(" [Source]({})", url.replace(['(', ')', ' '], "")));
    }
    text.push_str("\n\n**Labels**\n\n");
    text.push_str(&mapping::list(labels.iter().map(|(k, v)| (k, v.clone()))));
    let others: Vec<_> = annotations
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "summary" | "description" | "message"))
        .map(|(k, v)| (k, v.clone()))
        .collect();
    if !others.is_empty() {
        text.push_str("\n**Annotations**\n\n");
        text.push_str(&mapping::list(others));
    }
    text
}

#[cfg(test)]
mod tests;
