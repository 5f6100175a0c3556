//! Use cases: each runs the rules from `domain` and reads or writes through sea-orm, one
//! transaction per change.

pub mod audit;
pub mod audit_log;
pub mod demo;
pub mod grants;
pub mod incident_queries;
pub mod incidents;
pub mod ownership;
pub mod sign_in;
pub mod tenants;
pub mod throttle;
pub mod triage;
pub mod users;
