//! Tandem's rules as plain data and functions: no I/O, no clock, no randomness, so that they
//! run the same on the server, in the browser and in fast unit tests.

pub mod access;
pub mod alert;
pub mod audit;
pub mod audit_chain;
pub mod credentials;
pub mod field_error;
pub mod form_time;
pub mod incident_key;
pub mod incident_status;
pub mod lifecycle;
pub mod new_incident;
pub mod note;
pub mod override_reason;
pub mod redirect;
pub mod responsibility;
pub mod severity;
pub mod sla;
mod stored;
pub mod task;
pub mod tenant_key;
pub mod tenant_kind;
pub mod text;
pub mod timeline;

pub use credentials::{Email, Password};
pub use field_error::FieldError;
pub use incident_key::IncidentKey;
pub use incident_status::IncidentStatus;
pub use new_incident::{NewIncident, RawNewIncident};
pub use override_reason::OverrideReason;
pub use severity::Severity;
pub use tenant_key::TenantKey;
pub use tenant_kind::TenantKind;
pub use text::{IncidentDescription, IncidentTitle};
