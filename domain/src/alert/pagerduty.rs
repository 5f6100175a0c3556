//! A generic event in the shape of PagerDuty's Events API v2: `event_action` (trigger,
//! acknowledge or resolve), `dedup_key`, and a `payload` with `summary`, `source`, `severity`
//! and `custom_details`, whose `tandem_*` entries map to facts as Alertmanager's labels do.
//! PagerDuty gives a trigger without a key a random one, so each opens a new alert; Tandem
//! derives the key from the source and summary instead, so that an event repeated in a storm
//! finds the incident the first one opened. `routing_key` and the other fields are accepted and
//! not used: the API token says where the event belongs.

use super::mapping::{self, AREA, FLAGS, LAYER, TENANTS_AFFECTED};
use super::reader::{Reader, WHOLE_BODY};
use super::{Alert, AlertOpening, AlertStatus, DedupKey};
use crate::FieldError;
use crate::responsibility::ResponsibilityModel;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// PagerDuty's limit on `payload.summary`.
pub const SUMMARY_MAX_CHARS: usize = 1024;

/// An event, read and checked, and whether its key was derived rather than sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub alert: Alert,
    pub key_derived: bool,
}

fn parse_action(raw: &str) -> Option<AlertStatus> {
    match raw {
        "trigger" => Some(AlertStatus::Firing),
        "acknowledge" => Some(AlertStatus::Acknowledged),
        "resolve" => Some(AlertStatus::Resolved),
        _ => None,
    }
}

/// Reads an event; every problem is named by its path.
pub fn parse(model: &ResponsibilityModel, body: &Value) -> Result<Event, Vec<FieldError>> {
    let mut r = Reader::default();
    let Some(top) = r.object(Some(body), WHOLE_BODY) else {
        return Err(r.errors);
    };
    let status = r.code(
        top.get("event_action"),
        "event_action",
        parse_action,
        "trigger, acknowledge, resolve",
    );
    let sent_key = r
        .optional_string(top.get("dedup_key"), "dedup_key")
        .and_then(|raw| r.check("dedup_key", DedupKey::parse(raw)));
    let event = match status {
        Some(AlertStatus::Firing) => trigger(model, &mut r, top, sent_key),
        Some(status) => follow_up(&mut r, top, status, sent_key),
        None => None,
    };
    r.finish(event)
}

/// An acknowledge or resolve: it needs the key of what it follows up; its payload is optional
/// and only its summary is used.
fn follow_up(
    r: &mut Reader,
    top: &Map<String, Value>,
    status: AlertStatus,
    key: Option<DedupKey>,
) -> Option<Event> {
    if key.is_none() && !r.errors.iter().any(|e| e.field == "dedup_key") {
        r.fail(
            "dedup_key",
            "Required to acknowledge or resolve: the key of the trigger.",
        );
    }
    let name = match top.get("payload") {
        Some(Value::Object(payload)) => r
            .optional_string(payload.get("summary"), "payload.summary")
            .map(mapping::one_line)
            .filter(|s| !s.is_empty()),
        None | Some(Value::Null) => None,
        Some(_) => {
            r.fail("payload", "Must be an object.");
            None
        }
    };
    Some(Event {
        alert: Alert {
            key: key?,
            status,
            name,
            occurred_at: None,
            opening: None,
        },
        key_derived: false,
    })
}

fn trigger(
    model: &ResponsibilityModel,
    r: &mut Reader,
    top: &Map<String, Value>,
    sent_key: Option<DedupKey>,
) -> Option<Event> {
    let payload = r.object(top.get("payload"), "payload")?;
    let summary = r.string(payload.get("summary"), "payload.summary");
    if let Some(summary) = summary
        && summary.chars().count() > SUMMARY_MAX_CHARS
    {
        r.fail(
            "payload.summary",
            format!("Keep the summary to {SUMMARY_MAX_CHARS} characters or fewer."),
        );
    }
    let source = r.string(payload.get("source"), "payload.source");
    let severity = r.code(
        payload.get("severity"),
        "payload.severity",
        mapping::severity_of_pagerduty,
        "critical, error, warning, info",
    );
    let occurred_at = r.time(payload.get("timestamp"), "payload.timestamp", false);
    let mut context = Vec::new();
    for field in ["component", "group", "class"] {
        if let Some(value) = r.optional_string(payload.get(field), &format!("payload.{field}")) {
            context.push((field, value));
        }
    }
    let client = r.optional_string(top.get("client"), "client");
    let details = payload.get("custom_details");
    let labels = tandem_entries(r, details);
    let facts = mapping::facts_of_labels(model, &labels, "payload.custom_details", &mut r.errors);
    let (summary, source, severity) = (summary?, source?, severity?);
    let key_derived = sent_key.is_none();
    let key = sent_key.unwrap_or_else(|| DedupKey::derived(&[source, summary]));
    let title = r.check("payload.summary", mapping::title(&[Some(summary)], source))?;
    let text = describe(summary, source, &context, client, details);
    let description = r.check("payload.custom_details", mapping::description(&text))?;
    Some(Event {
        alert: Alert {
            key,
            status: AlertStatus::Firing,
            name: Some(title.as_str().to_owned()),
            occurred_at,
            opening: Some(AlertOpening {
                title,
                description,
                severity,
                facts,
            }),
        },
        key_derived,
    })
}

/// The `tandem_*` entries of `custom_details`, which must be strings; other entries may be
/// anything.
fn tandem_entries(r: &mut Reader, details: Option<&Value>) -> BTreeMap<String, String> {
    let mut labels = BTreeMap::new();
    let Some(Value::Object(details)) = details else {
        return labels;
    };
    for name in [AREA, LAYER, TENANTS_AFFECTED, FLAGS] {
        let path = format!("payload.custom_details.{name}");
        if let Some(value) = r.optional_string(details.get(name), &path) {
            labels.insert(name.to_owned(), value.to_owned());
        }
    }
    labels
}

fn describe(
    summary: &str,
    source: &str,
    context: &[(&str, &str)],
    client: Option<&str>,
    details: Option<&Value>,
) -> String {
    let mut text = format!("{}\n\n", summary.trim());
    text.push_str(&format!(
        "Opened by an event from `{}`",
        mapping::one_line(source).replace('`', "'")
    ));
    if let Some(client) = client.map(mapping::one_line).filter(|c| !c.is_empty()) {
        text.push_str(&format!(", sent by {client}"));
    }
    text.push_str(".\n\n");
    for (field, value) in context {
        text.push_str(&format!("- {field}: {}\n", mapping::one_line(value)));
    }
    match details {
        Some(Value::Object(map)) if !map.is_empty() => {
            text.push_str("\n**Details**\n\n");
            let shown = map.iter().map(|(k, v)| {
                let value = match v {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                (k, value)
            });
            text.push_str(&mapping::list(shown));
        }
        None | Some(Value::Null) => {}
        Some(Value::Object(_)) => {}
        Some(other) => text.push_str(&format!(
            "\n**Details**: {}\n",
            mapping::one_line(&other.to_string())
        )),
    }
    text
}

#[cfg(test)]
mod tests;
