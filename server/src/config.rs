//! One configuration struct, read from flags and the environment and checked at start-up.
//! Nothing else reads `std::env`.

use clap::{Args, ValueEnum};
use domain::Severity;
use domain::alert::rate::RateLimit;
use domain::audit_chain::signing::{AuditKey, MIN_KEY_BYTES};
use domain::sla::{SlaPolicy, Targets};
use std::{fmt, net::SocketAddr, path::PathBuf, time::Duration};

mod redaction;

pub use redaction::redact_url;

#[derive(Args, Clone)]
pub struct Config {
    /// Database to use: `sqlite://PATH?mode=rwc` or `postgres://USER:PASSWORD@HOST/NAME`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://data/tandem.db?mode=rwc",
        // `--help` would otherwise print the variable's value, password included.
        hide_env_values = true,
        global = true
    )]
    pub database_url: String,

    /// Address to listen on.
    #[arg(
        long,
        env = "LEPTOS_SITE_ADDR",
        default_value = "127.0.0.1:3000",
        global = true
    )]
    pub site_addr: SocketAddr,

    /// Folder holding the built site (`pkg/` with the wasm, JavaScript and CSS).
    #[arg(
        long,
        env = "LEPTOS_SITE_ROOT",
        default_value = "target/site",
        global = true
    )]
    pub site_root: PathBuf,

    /// The platform operator's display name.
    #[arg(
        long,
        env = "TANDEM_OPERATOR_NAME",
        default_value = "Coherent",
        global = true
    )]
    pub operator_name: String,

    /// Log format.
    #[arg(long, env = "TANDEM_LOG_FORMAT", value_enum, default_value_t = LogFormat::Text, global = true)]
    pub log_format: LogFormat,

    /// Responsibility model file (TOML); the model shipped with Tandem when unset.
    #[arg(long, env = "TANDEM_MODEL_FILE", global = true)]
    pub model_file: Option<PathBuf>,

    /// Seconds in-flight requests get to finish after SIGTERM or SIGINT.
    #[arg(
        long,
        env = "TANDEM_SHUTDOWN_GRACE_SECS",
        default_value_t = 20,
        global = true
    )]
    pub shutdown_grace_secs: u64,

    /// Minutes without a request after which a session ends.
    #[arg(
        long,
        env = "TANDEM_SESSION_IDLE_MINUTES",
        default_value_t = 30,
        global = true
    )]
    pub session_idle_minutes: i64,

    /// Hours after sign-in at which a session ends, however active.
    #[arg(
        long,
        env = "TANDEM_SESSION_LIFETIME_HOURS",
        default_value_t = 12,
        global = true
    )]
    pub session_lifetime_hours: i64,

    /// Mark the session cookie `Secure`; turn on whenever Tandem is served over HTTPS.
    #[arg(
        long,
        env = "TANDEM_SECURE_COOKIES",
        default_value_t = false,
        global = true
    )]
    pub secure_cookies: bool,

    /// SLA targets for SEV1 as `triage,contain,resolve` (units m, h, d).
    #[arg(
        long,
        env = "TANDEM_SLA_SEV1",
        default_value = "15m,4h,24h",
        global = true
    )]
    pub sla_sev1: String,
    /// SLA targets for SEV2.
    #[arg(
        long,
        env = "TANDEM_SLA_SEV2",
        default_value = "1h,24h,3d",
        global = true
    )]
    pub sla_sev2: String,
    /// SLA targets for SEV3.
    #[arg(
        long,
        env = "TANDEM_SLA_SEV3",
        default_value = "4h,3d,14d",
        global = true
    )]
    pub sla_sev3: String,
    /// SLA targets for SEV4.
    #[arg(
        long,
        env = "TANDEM_SLA_SEV4",
        default_value = "1d,14d,30d",
        global = true
    )]
    pub sla_sev4: String,

    /// Secret (at least 32 bytes) that signs audit checkpoints; unset, they are unsigned.
    // A String checked by `validate`, not parsed by clap: clap's error would echo the value.
    #[arg(long, env = "TANDEM_AUDIT_KEY", hide_env_values = true, global = true)]
    pub audit_key: Option<String>,

    /// Alert requests a second each API token may keep up (`/api/v1/alerts…`).
    #[arg(long, env = "TANDEM_ALERT_RATE", default_value_t = 50, global = true)]
    pub alert_rate: u32,
    /// Alert requests each API token may send at once before the rate applies.
    #[arg(long, env = "TANDEM_ALERT_BURST", default_value_t = 100, global = true)]
    pub alert_burst: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("DATABASE_URL must start with sqlite:// or postgres:// (got {0})")]
    UnsupportedDatabase(String),
    #[error("TANDEM_OPERATOR_NAME must be 1 to 120 characters")]
    OperatorName,
    #[error("TANDEM_SHUTDOWN_GRACE_SECS must be between 1 and 600")]
    ShutdownGrace,
    #[error("TANDEM_SESSION_IDLE_MINUTES must be between 1 and 1440, and less than the lifetime")]
    SessionIdle,
    #[error("TANDEM_SESSION_LIFETIME_HOURS must be between 1 and 168")]
    SessionLifetime,
    #[error("TANDEM_SLA_{severity}: {problem}")]
    Sla { severity: String, problem: String },
    #[error(
        "TANDEM_AUDIT_KEY must be at least {MIN_KEY_BYTES} bytes (`openssl rand -hex 32` makes one)"
    )]
    AuditKey,
    #[error("TANDEM_ALERT_RATE and TANDEM_ALERT_BURST: {0}")]
    AlertRate(String),
}

impl Config {
    /// Checks what flags and environment cannot express as types.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let url = self.database_url.as_str();
        let supported = ["sqlite:", "postgres://", "postgresql://"];
        if !supported.iter().any(|p| url.starts_with(p)) {
            return Err(ConfigError::UnsupportedDatabase(redact_url(url)));
        }
        let name = self.operator_name.trim();
        if name.is_empty() || name.chars().count() > 120 {
            return Err(ConfigError::OperatorName);
        }
        if !(1..=600).contains(&self.shutdown_grace_secs) {
            return Err(ConfigError::ShutdownGrace);
        }
        if !(1..=168).contains(&self.session_lifetime_hours) {
            return Err(ConfigError::SessionLifetime);
        }
        if !(1..=1440).contains(&self.session_idle_minutes)
            || self.session_idle_minutes >= self.session_lifetime_hours * 60
        {
            return Err(ConfigError::SessionIdle);
        }
        self.sla_policy()?;
        self.audit_key()?;
        self.alert_rate()?;
        Ok(())
    }

    /// The key that signs audit checkpoints, when one is set (an empty value counts as unset).
    pub fn audit_key(&self) -> Result<Option<AuditKey>, ConfigError> {
        match self.audit_key.as_deref().filter(|k| !k.is_empty()) {
            None => Ok(None),
            Some(secret) => AuditKey::parse(secret)
                .map(Some)
                .ok_or(ConfigError::AuditKey),
        }
    }

    /// The pace of alerts each API token may keep.
    pub fn alert_rate(&self) -> Result<RateLimit, ConfigError> {
        RateLimit::new(self.alert_rate, self.alert_burst).map_err(ConfigError::AlertRate)
    }

    /// The SLA targets of every severity.
    pub fn sla_policy(&self) -> Result<SlaPolicy, ConfigError> {
        let settings = [
            (Severity::Sev1, &self.sla_sev1),
            (Severity::Sev2, &self.sla_sev2),
            (Severity::Sev3, &self.sla_sev3),
            (Severity::Sev4, &self.sla_sev4),
        ];
        settings
            .into_iter()
            .try_fold(SlaPolicy::default(), |policy, (severity, raw)| {
                let targets = Targets::parse(raw).map_err(|problem| ConfigError::Sla {
                    severity: severity.code().to_owned(),
                    problem,
                })?;
                Ok(policy.with_targets(severity, targets))
            })
    }

    pub fn shutdown_grace(&self) -> Duration {
        Duration::from_secs(self.shutdown_grace_secs)
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("site_addr", &self.site_addr)
            .field("site_root", &self.site_root)
            .field("operator_name", &self.operator_name)
            .field("log_format", &self.log_format)
            .field("model_file", &self.model_file)
            .field("shutdown_grace_secs", &self.shutdown_grace_secs)
            .field("session_idle_minutes", &self.session_idle_minutes)
            .field("session_lifetime_hours", &self.session_lifetime_hours)
            .field("secure_cookies", &self.secure_cookies)
            .field("audit_key", &self.audit_key.as_ref().map(|_| "***"))
            .field("alert_rate", &self.alert_rate)
            .field("alert_burst", &self.alert_burst)
            .field(
                "sla",
                &[
                    &self.sla_sev1,
                    &self.sla_sev2,
                    &self.sla_sev3,
                    &self.sla_sev4,
                ],
            )
            .finish()
    }
}

#[cfg(test)]
mod tests;
