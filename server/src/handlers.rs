//! Routes the server answers itself, besides pages and server functions: health checks, the
//! live event streams and the audit log export.

pub mod audit_export;
pub mod health;
pub mod live;
