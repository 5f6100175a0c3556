//! sea-orm entities, one module per table.

pub mod audit_chain;
pub mod audit_entry;
pub mod incident;
pub mod tenant;
pub mod timeline_entry;
