//! sea-orm entities, one module per table.

pub mod incident;
pub mod tenant;
pub mod timeline_entry;
