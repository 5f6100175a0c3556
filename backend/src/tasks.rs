//! Remediation tasks in the two sides' workstreams: changing them (`write`) and reading them
//! (`read`).

pub mod read;
pub mod write;
