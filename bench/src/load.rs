//! The load driver is oha (crates.io): it keeps a fixed number of connections busy, or sends at a
//! fixed rate with latency correction, and reports a JSON summary that this module reads.

use anyhow::{Context, bail};
use serde::Deserialize;
use std::{collections::BTreeMap, time::Duration};
use tokio::process::Command;

/// One HTTP request, sent again and again.
#[derive(Clone, Debug)]
pub struct Request {
    pub method: &'static str,
    pub url: String,
    pub headers: Vec<(String, String)>,
    /// The body: a form, or what the request's `Content-Type` header names.
    pub form: Option<String>,
}

/// How the load is applied.
#[derive(Clone, Copy, Debug)]
pub enum Load {
    /// As fast as `connections` busy connections allow: throughput.
    Closed {
        connections: u32,
        duration: Duration,
    },
    /// `per_second` requests a second whatever the answers take: latency at a given rate.
    Open {
        per_second: u32,
        connections: u32,
        duration: Duration,
    },
}

/// What one load run measured.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub requests: u64,
    pub per_second: f64,
    pub p50: Duration,
    pub p99: Duration,
    /// Answers other than 2xx, and requests that got no answer, by status or error text.
    pub failures: BTreeMap<String, u64>,
}

impl Outcome {
    pub fn failed(&self) -> u64 {
        self.failures.values().sum()
    }
}

/// Runs oha once with `load` and returns its figures.
pub async fn run(oha: &str, request: &Request, load: Load) -> anyhow::Result<Outcome> {
    let mut args: Vec<String> = vec![
        "--no-tui".into(),
        "--output-format".into(),
        "json".into(),
        // A redirect is an answer to measure, not a second request to make.
        "--redirect".into(),
        "0".into(),
        // Requests still in flight when the time is up are answered and counted, not dropped.
        "--wait-ongoing-requests-after-deadline".into(),
        "-m".into(),
        request.method.into(),
    ];
    match load {
        Load::Closed {
            connections,
            duration,
        } => {
            args.extend(["-c".into(), connections.to_string()]);
            args.extend(["-z".into(), format!("{}ms", duration.as_millis())]);
        }
        Load::Open {
            per_second,
            connections,
            duration,
        } => {
            args.extend(["-c".into(), connections.to_string()]);
            args.extend(["-z".into(), format!("{}ms", duration.as_millis())]);
            args.extend(["-q".into(), per_second.to_string()]);
            // Time each request from when it should have been sent, so a slow answer that
            // holds up the next request is not hidden (coordinated omission).
            args.push("--latency-correction".into());
        }
    }
    // oha sets the body's type itself (`-T`): a form's unless the request names another.
    let mut body_type = "application/x-www-form-urlencoded".to_owned();
    for (name, value) in &request.headers {
        if name.eq_ignore_ascii_case("content-type") {
            body_type.clone_from(value);
        } else {
            args.extend(["-H".into(), format!("{name}: {value}")]);
        }
    }
    if let Some(form) = &request.form {
        args.extend(["-T".into(), body_type]);
        args.extend(["-d".into(), form.clone()]);
    }
    args.push(request.url.clone());
    let output = Command::new(oha)
        .args(&args)
        .output()
        .await
        .with_context(|| format!("cannot run {oha}"))?;
    if !output.status.success() {
        bail!(
            "oha failed on {}: {}",
            request.url,
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let report: Report = serde_json::from_slice(&output.stdout)
        .with_context(|| format!("oha's report on {} is not the JSON expected", request.url))?;
    Ok(report.outcome())
}

/// The parts of oha's JSON report that are used (times in seconds).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Report {
    summary: Summary,
    latency_percentiles: Percentiles,
    #[serde(default)]
    status_code_distribution: BTreeMap<String, u64>,
    #[serde(default)]
    error_distribution: BTreeMap<String, u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Summary {
    requests_per_sec: f64,
}

#[derive(Deserialize)]
struct Percentiles {
    p50: Option<f64>,
    p99: Option<f64>,
}

impl Report {
    fn outcome(self) -> Outcome {
        let answered: u64 = self.status_code_distribution.values().sum();
        let mut failures: BTreeMap<String, u64> = self
            .status_code_distribution
            .into_iter()
            .filter(|(status, _)| !status.starts_with('2'))
            .collect();
        let errors: u64 = self.error_distribution.values().sum();
        for (error, count) in self.error_distribution {
            *failures.entry(error).or_default() += count;
        }
        let seconds = |s: Option<f64>| Duration::from_secs_f64(s.unwrap_or(0.0).max(0.0));
        Outcome {
            requests: answered + errors,
            per_second: self.summary.requests_per_sec,
            p50: seconds(self.latency_percentiles.p50),
            p99: seconds(self.latency_percentiles.p99),
            failures,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_throughput_percentiles_and_failures_from_a_report() -> anyhow::Result<()> {
        let json = r#"{
            "summary": {"successRate": 1.0, "total": 2.0, "requestsPerSec": 1520.5},
            "latencyPercentiles": {"p10": 0.001, "p50": 0.0042, "p99": 0.0123},
            "statusCodeDistribution": {"200": 3000, "409": 2, "503": 1},
            "errorDistribution": {"connection closed before message completed": 4}
        }"#;
        let outcome = serde_json::from_str::<Report>(json)?.outcome();
        assert_eq!(outcome.requests, 3007);
        assert!((outcome.per_second - 1520.5).abs() < 1e-9);
        assert_eq!(outcome.p50, Duration::from_micros(4200));
        assert_eq!(outcome.p99, Duration::from_micros(12300));
        assert_eq!(outcome.failed(), 7);
        assert_eq!(outcome.failures.get("409"), Some(&2));
        Ok(())
    }

    #[test]
    fn a_run_without_answers_has_no_percentiles_rather_than_failing() -> anyhow::Result<()> {
        let json = r#"{"summary": {"requestsPerSec": 0.0},
            "latencyPercentiles": {"p50": null, "p99": null},
            "errorDistribution": {"connection refused": 12}}"#;
        let outcome = serde_json::from_str::<Report>(json)?.outcome();
        assert_eq!(outcome.requests, 12);
        assert_eq!(outcome.failed(), 12);
        assert_eq!(outcome.p99, Duration::ZERO);
        Ok(())
    }
}
