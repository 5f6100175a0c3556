//! What `tandem generate` reports having written, read from its JSON log, so the report gives
//! the volume measured on rather than the volume asked for, and a short one fails the run.

use anyhow::Context;
use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Generated {
    pub tenants: u64,
    pub users: u64,
    pub incidents: u64,
    pub timeline_entries: u64,
    pub tasks: u64,
    pub long_timeline: String,
}

#[derive(Deserialize)]
struct Line {
    message: Option<String>,
    #[serde(flatten)]
    fields: serde_json::Value,
}

impl Generated {
    /// The fields of the log line whose message is `generated`.
    pub fn from_log(log: &str) -> anyhow::Result<Self> {
        let line = log
            .lines()
            .filter_map(|l| serde_json::from_str::<Line>(l).ok())
            .find(|l| l.message.as_deref() == Some("generated"))
            .context("`tandem generate` did not log what it generated")?;
        serde_json::from_value(line.fields).context("the `generated` log line lacks a count")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_counts_from_the_generated_line() -> anyhow::Result<()> {
        let log = concat!(
            r#"{"timestamp":"2026-12-04T10:00:00Z","level":"INFO","message":"demo data created"}"#,
            "\n",
            r#"{"timestamp":"2026-12-04T10:00:21Z","level":"INFO","message":"generated","tenants":52,"users":157,"incidents":100006,"timeline_entries":1000014,"tasks":200012,"long_timeline":"GENAA-1","seconds":21.1}"#,
            "\n"
        );
        let made = Generated::from_log(log)?;
        assert_eq!(made.incidents, 100_006);
        assert_eq!(made.timeline_entries, 1_000_014);
        assert_eq!(made.long_timeline, "GENAA-1");
        assert!(Generated::from_log("not json\n").is_err());
        Ok(())
    }
}
