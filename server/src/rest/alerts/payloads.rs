//! The two alert formats as the OpenAPI document describes them. Requests are read by
//! `domain::alert` from the JSON value, field by field, so that every wrong field is named by
//! its path; these types only document the shapes, and the answers.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Prometheus Alertmanager's webhook payload, version 4, exactly as Alertmanager sends it
/// (`webhook_config`). Fields not listed are accepted and not used.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AlertmanagerWebhook {
    /// `4`.
    #[schema(example = "4")]
    pub version: String,
    /// `firing` or `resolved`: the group's state.
    pub status: String,
    /// The alert group this notification is about.
    pub group_key: String,
    pub receiver: Option<String>,
    pub alerts: Vec<AlertmanagerAlert>,
    pub external_url: Option<String>,
}

/// One alert of a webhook call.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AlertmanagerAlert {
    /// `firing` or `resolved`.
    pub status: String,
    /// Strings; `severity`, `tandem_area`, `tandem_layer`, `tandem_tenants_affected` and
    /// `tandem_flags` map to the incident (see the README's "Alert intake").
    pub labels: BTreeMap<String, String>,
    /// Strings; `summary` becomes the title, `description` the start of the description.
    pub annotations: Option<BTreeMap<String, String>>,
    /// RFC 3339.
    pub starts_at: String,
    /// RFC 3339; Alertmanager sends `0001-01-01T00:00:00Z` while the alert fires.
    pub ends_at: Option<String>,
    #[serde(rename = "generatorURL")]
    pub generator_url: Option<String>,
    /// The alert's dedup key.
    #[schema(example = "c6eadffa33fcdf37")]
    pub fingerprint: String,
}

/// A generic event in the shape of PagerDuty's Events API v2. `routing_key`, `client_url`,
/// `images` and `links` are accepted and not used: the API token says where it belongs.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AlertEvent {
    /// `trigger`, `acknowledge` or `resolve`.
    #[schema(example = "trigger")]
    pub event_action: String,
    /// Up to 255 characters. A trigger without one gets one derived from `payload.source` and
    /// `payload.summary` (answered in `dedup_key`); acknowledge and resolve need it.
    pub dedup_key: Option<String>,
    /// Required to trigger; of an acknowledge or resolve only `summary` is used.
    pub payload: Option<AlertEventPayload>,
    /// Who sent it, shown in the description.
    pub client: Option<String>,
}

/// What a triggered event is about.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AlertEventPayload {
    /// The title (cut to 200 characters); at most 1,024 characters.
    pub summary: String,
    /// The affected system, e.g. a host name.
    pub source: String,
    /// `critical` (SEV1), `error` (SEV2), `warning` (SEV3) or `info` (SEV4).
    #[schema(example = "critical")]
    pub severity: String,
    /// RFC 3339.
    pub timestamp: Option<String>,
    pub component: Option<String>,
    pub group: Option<String>,
    pub class: Option<String>,
    /// Anything; string entries `tandem_area`, `tandem_layer`, `tandem_tenants_affected` and
    /// `tandem_flags` map to the incident's facts as Alertmanager's labels do.
    #[schema(value_type = Option<Object>)]
    pub custom_details: Option<serde_json::Value>,
}

/// What became of one alert.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AlertReceipt {
    /// The alert's dedup key (Alertmanager's fingerprint).
    pub dedup_key: String,
    /// `firing`, `acknowledged` or `resolved`.
    pub status: String,
    /// `opened` (a new incident, triaged), `appended` (an entry on the incident the key
    /// reaches) or `ignored` (an acknowledge or resolve whose key reaches no open incident).
    pub action: String,
    /// The incident's key, e.g. `ACME-42`.
    pub incident: Option<String>,
}

/// What became of each alert of a webhook call, in the order sent.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct AlertmanagerReceipt {
    pub alerts: Vec<AlertReceipt>,
}

/// PagerDuty's answer, with what became of the event.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct EventReceipt {
    /// `success`.
    pub status: String,
    pub message: String,
    /// The event's dedup key: the one sent, or the one derived for it.
    pub dedup_key: String,
    /// `opened`, `appended` or `ignored`.
    pub action: String,
    pub incident: Option<String>,
}
