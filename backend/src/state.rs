//! What every request can reach: the database, the model, the clock, the session policy and the
//! live-notice bus.

use super::{Clock, Database};
use domain::responsibility::ResponsibilityModel;
use std::sync::Arc;

#[derive(Clone, Debug)]
pub struct AppState {
    pub db: Database,
    /// The shared responsibility model, loaded and checked at start-up.
    pub model: Arc<ResponsibilityModel>,
    pub clock: Arc<dyn Clock>,
    pub sessions: SessionPolicy,
    /// The operator's name, shown as the platform's.
    pub operator_name: String,
    /// Where changes are announced to open pages.
    pub events: super::events::EventBus,
    /// SLA targets per severity.
    pub sla: Arc<domain::sla::SlaPolicy>,
    /// Signs audit checkpoints (`TANDEM_AUDIT_KEY`); without one they are handed out unsigned.
    pub audit_key: Option<domain::audit_chain::signing::AuditKey>,
    /// The pace of alerts each API token may keep (`TANDEM_ALERT_RATE`, `TANDEM_ALERT_BURST`).
    pub alert_rate: super::alerts::rate::AlertRate,
}

/// How long a session lasts: it ends after `idle_timeout` without a request, and after
/// `absolute_lifetime` whatever happens.
#[derive(Clone, Copy, Debug)]
pub struct SessionPolicy {
    pub idle_timeout: chrono::Duration,
    pub absolute_lifetime: chrono::Duration,
    /// Mark the cookie `Secure` (serve over TLS).
    pub secure_cookie: bool,
}
