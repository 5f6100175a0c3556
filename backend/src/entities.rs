//! sea-orm entities, one module per table.

pub mod access_grant;
pub mod audit_chain;
pub mod audit_entry;
pub mod incident;
pub mod login_throttle;
pub mod session;
pub mod task;
pub mod tenant;
pub mod timeline_entry;
pub mod user;
