//! What an alert's labels mean to Tandem (the README's "Alert intake" table): `severity` sets
//! the severity, `tandem_area`, `tandem_layer`, `tandem_tenants_affected` and `tandem_flags`
//! set triage's facts; what they leave open is suggested from the title and description, as
//! for an incident opened by hand. Alerts are machine-written, so a title or description that
//! is too long is shortened rather than refused; a value Tandem cannot map is refused.

use crate::responsibility::{Facts, Layer, ResponsibilityModel, TenantsAffected};
use crate::{FieldError, IncidentDescription, IncidentTitle, Severity};
use std::collections::BTreeMap;

/// The label that sets the severity.
pub const SEVERITY: &str = "severity";
/// The labels that set triage's facts.
pub const AREA: &str = "tandem_area";
pub const LAYER: &str = "tandem_layer";
pub const TENANTS_AFFECTED: &str = "tandem_tenants_affected";
/// Flag ids, separated by commas.
pub const FLAGS: &str = "tandem_flags";

/// The severity of an alert without a `severity` label.
pub const DEFAULT_SEVERITY: Severity = Severity::Sev3;

/// Alertmanager's `severity` label, in any letter case, and the severity it gives.
pub const SEVERITY_WORDS: [(&str, Severity); 16] = [
    ("critical", Severity::Sev1),
    ("page", Severity::Sev1),
    ("sev1", Severity::Sev1),
    ("error", Severity::Sev2),
    ("high", Severity::Sev2),
    ("major", Severity::Sev2),
    ("sev2", Severity::Sev2),
    ("warning", Severity::Sev3),
    ("warn", Severity::Sev3),
    ("medium", Severity::Sev3),
    ("minor", Severity::Sev3),
    ("sev3", Severity::Sev3),
    ("info", Severity::Sev4),
    ("low", Severity::Sev4),
    ("none", Severity::Sev4),
    ("sev4", Severity::Sev4),
];

/// PagerDuty's `payload.severity` and the severity it gives.
pub const PAGERDUTY_SEVERITIES: [(&str, Severity); 4] = [
    ("critical", Severity::Sev1),
    ("error", Severity::Sev2),
    ("warning", Severity::Sev3),
    ("info", Severity::Sev4),
];

/// The severity a `severity` label gives; no label (or an empty one) gives the default.
pub fn severity_of_label(raw: Option<&str>) -> Result<Severity, String> {
    let word = raw.unwrap_or_default().trim();
    if word.is_empty() {
        return Ok(DEFAULT_SEVERITY);
    }
    SEVERITY_WORDS
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(word))
        .map(|(_, s)| *s)
        .ok_or_else(|| {
            format!(
                "{word:?} is not a severity Tandem maps; use critical, error, warning or info (or one of {}).",
                SEVERITY_WORDS.map(|(w, _)| w).join(", ")
            )
        })
}

/// The severity PagerDuty's `payload.severity` gives.
pub fn severity_of_pagerduty(raw: &str) -> Option<Severity> {
    PAGERDUTY_SEVERITIES
        .iter()
        .find(|(w, _)| w.eq_ignore_ascii_case(raw.trim()))
        .map(|(_, s)| *s)
}

/// The facts the `tandem_*` labels name, each checked against the model; problems are filed
/// against `path.LABEL` (e.g. `alerts[0].labels.tandem_area`).
pub fn facts_of_labels(
    model: &ResponsibilityModel,
    labels: &BTreeMap<String, String>,
    path: &str,
    errors: &mut Vec<FieldError>,
) -> Facts {
    let label = |name: &str| labels.get(name).map(|v| v.trim()).filter(|v| !v.is_empty());
    let mut fail = |name: &str, message: String| {
        errors.push(FieldError::new(&format!("{path}.{name}"), message));
    };
    let mut facts = Facts::default();
    if let Some(area) = label(AREA) {
        if model.area(area).is_some() {
            facts.area = Some(area.to_owned());
        } else {
            let known: Vec<&str> = model.areas.iter().map(|a| a.id.as_str()).collect();
            fail(
                AREA,
                format!(
                    "{area:?} is not an area of the model; use one of {}.",
                    known.join(", ")
                ),
            );
        }
    }
    if let Some(layer) = label(LAYER) {
        facts.layer = Layer::parse(layer);
        if facts.layer.is_none() {
            fail(
                LAYER,
                format!("{layer:?} is not a layer; use platform or tenant."),
            );
        }
    }
    if let Some(scope) = label(TENANTS_AFFECTED) {
        facts.tenants_affected = TenantsAffected::parse(scope);
        if facts.tenants_affected.is_none() {
            fail(
                TENANTS_AFFECTED,
                format!("{scope:?} is not a scope; use none, one, several or all."),
            );
        }
    }
    for flag in label(FLAGS).unwrap_or_default().split(',').map(str::trim) {
        if flag.is_empty() {
            continue;
        }
        if model.flag(flag).is_some() {
            facts.flags.insert(flag.to_owned());
        } else {
            let known: Vec<&str> = model.flags.iter().map(|f| f.id.as_str()).collect();
            fail(
                FLAGS,
                format!(
                    "{flag:?} is not a flag of the model; use {}.",
                    known.join(", ")
                ),
            );
        }
    }
    facts
}

/// An incident title from the first usable candidate: control characters become spaces,
/// runs of space shrink to one, a long one is cut with an ellipsis and a very short one is
/// prefixed, so that any alert has a valid title.
pub fn title(candidates: &[Option<&str>], fallback: &str) -> Result<IncidentTitle, String> {
    let text = candidates
        .iter()
        .flatten()
        .map(|c| one_line(c))
        .find(|c| !c.is_empty())
        .unwrap_or_else(|| one_line(fallback));
    let max = IncidentTitle::MAX_CHARS;
    let text = if text.chars().count() > max {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{}…", cut.trim_end())
    } else {
        text
    };
    let text = match text.chars().count() {
        0 => "Alert".to_owned(),
        n if n < IncidentTitle::MIN_CHARS => format!("Alert {text}"),
        _ => text,
    };
    IncidentTitle::parse(&text)
}

/// A description from Markdown `text`: control characters other than line breaks and tabs
/// dropped, and cut to the longest description allowed.
pub fn description(text: &str) -> Result<IncidentDescription, String> {
    let clean: String = text
        .chars()
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect();
    let max = IncidentDescription::MAX_CHARS;
    let clean = if clean.chars().count() > max {
        let cut: String = clean.chars().take(max - 1).collect();
        format!("{cut}…")
    } else {
        clean
    };
    IncidentDescription::parse(&clean)
}

/// A value on one line, for a title or a list item.
pub fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// `- name: value` lines for a map of labels or details, in name order.
pub fn list<'a>(entries: impl IntoIterator<Item = (&'a String, String)>) -> String {
    entries
        .into_iter()
        .map(|(name, value)| format!("- `{}`: {}\n", name.replace('`', "'"), one_line(&value)))
        .collect()
}

#[cfg(test)]
mod tests;
