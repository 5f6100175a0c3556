//! Routes the server answers itself, besides pages and server functions: health checks, the
//! live event streams, the audit log export and the audit checkpoint download.

pub mod audit_checkpoint;
pub mod audit_export;
pub mod health;
pub mod live;
