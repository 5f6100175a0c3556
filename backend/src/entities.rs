//! sea-orm entities, one module per table.

pub mod access_grant;
pub mod api_token;
pub mod audit_chain;
pub mod audit_entry;
pub mod grant_read;
pub mod incident;
pub mod login_throttle;
pub mod session;
pub mod setting;
pub mod task;
pub mod tenant;
pub mod timeline_entry;
pub mod user;
