//! The REST API's scenarios: the incident list with the page's filters, read with an API token,
//! and alert intake with dedup, an Alertmanager storm of the same few alerts sent again and
//! again, so that after the first request every alert adds to an incident its key reaches.

use crate::load::Request;
use anyhow::{Context, bail};
use serde_json::json;
use std::path::Path;

/// The scenario's name, which its target finds it by.
pub const INTAKE: &str = "alert intake with dedup (20 alerts a request)";
/// Alerts in each webhook call: Alertmanager groups them, and a storm repeats a group.
pub const ALERTS_PER_REQUEST: u32 = 20;
/// Fingerprints among them: a handful of problems, each reported many times.
const KEYS: u32 = 5;

/// A token of the first generated tenant, made with `tandem token create` as an operator
/// would, holding what both scenarios need.
pub async fn token(tandem: &Path, env: &[(&str, String)]) -> anyhow::Result<String> {
    let args = [
        "token",
        "create",
        "--tenant",
        "GENAA",
        "--name",
        "tandem-bench",
        "--role",
        "tenant_responder",
        "--scopes",
        "alerts:write,incidents:read",
    ];
    let (_, written) = crate::process::timed(tandem, &args, env).await?;
    written
        .lines()
        .map(str::trim)
        .find(|line| line.starts_with("tdm_"))
        .map(str::to_owned)
        .context("`tandem token create` printed no secret")
}

/// `GET /api/v1/incidents` with the list page's filters.
pub fn list(base: &str, token: &str) -> Request {
    Request {
        method: "GET",
        url: format!("{base}/api/v1/incidents?status=investigating&severity=SEV2"),
        headers: vec![("Authorization".into(), format!("Bearer {token}"))],
        form: None,
    }
}

/// `POST /api/v1/alerts/alertmanager` with one storm notification.
pub fn intake(base: &str, token: &str) -> Request {
    Request {
        method: "POST",
        url: format!("{base}/api/v1/alerts/alertmanager"),
        headers: vec![
            ("Authorization".into(), format!("Bearer {token}")),
            ("Content-Type".into(), "application/json".into()),
        ],
        form: Some(webhook()),
    }
}

/// A version 4 webhook payload whose alerts share `KEYS` fingerprints.
fn webhook() -> String {
    let alerts: Vec<_> = (0..ALERTS_PER_REQUEST)
        .map(|n| {
            let key = n % KEYS;
            json!({
                "status": "firing",
                "labels": {"alertname": "GatewayErrors", "instance": format!("gw-{key}:9100"),
                           "job": "gateway", "severity": "warning",
                           "tandem_area": "infrastructure", "tandem_layer": "platform"},
                "annotations": {"summary": format!("Gateway gw-{key} answers 5xx"),
                                "description": "More than 5% of requests failed for 5 minutes."},
                "startsAt": "2026-12-08T09:52:26.739266876Z",
                "endsAt": "0001-01-01T00:00:00Z",
                "generatorURL": "http://prometheus.example:9090/graph?g0.expr=errors",
                "fingerprint": format!("bench{key:011}")
            })
        })
        .collect();
    json!({
        "receiver": "tandem", "status": "firing", "alerts": alerts,
        "groupLabels": {"alertname": "GatewayErrors"}, "commonLabels": {"alertname": "GatewayErrors"},
        "commonAnnotations": {}, "externalURL": "http://alertmanager.example:9093",
        "version": "4", "groupKey": "{}:{alertname=\"GatewayErrors\"}", "truncatedAlerts": 0
    })
    .to_string()
}

/// Sends `request` once and checks its answer, so that a run measures what it means to.
pub async fn check(
    client: &reqwest::Client,
    request: &Request,
    expect: &str,
) -> anyhow::Result<()> {
    let mut builder = client.request(request.method.parse()?, &request.url);
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    if let Some(body) = &request.form {
        builder = builder.body(body.clone());
    }
    let response = builder.send().await?;
    let status = response.status();
    let body = response.text().await?;
    if !status.is_success() || !body.contains(expect) {
        bail!(
            "{} answered {status} without {expect:?}: {body}",
            request.url
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_storm_notification_repeats_a_handful_of_fingerprints() -> anyhow::Result<()> {
        let body: serde_json::Value = serde_json::from_str(&webhook())?;
        let alerts = body["alerts"].as_array().context("no alerts")?;
        assert_eq!(alerts.len(), ALERTS_PER_REQUEST as usize);
        let keys: std::collections::BTreeSet<_> = alerts
            .iter()
            .map(|a| a["fingerprint"].to_string())
            .collect();
        assert_eq!(keys.len(), KEYS as usize);
        assert_eq!(body["version"], "4");
        assert!(INTAKE.contains(&format!("({ALERTS_PER_REQUEST} alerts a request)")));
        Ok(())
    }
}
