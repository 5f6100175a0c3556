//! Use cases: each runs the rules from `domain` and reads or writes through sea-orm, one
//! transaction per change.

pub mod audit;
pub mod audit_log;
pub mod demo;
pub mod generate;
pub mod grants;
pub mod incident_list;
pub mod incident_queries;
pub mod incident_write;
pub mod incidents;
pub mod lifecycle;
pub mod me;
pub mod ownership;
pub mod sign_in;
pub mod task_queries;
pub mod tasks;
pub mod tenants;
pub mod throttle;
pub mod timeline;
pub mod triage;
pub mod users;
pub mod workspace;
