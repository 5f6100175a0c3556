//! Use cases: each runs the rules from `domain` and reads or writes through sea-orm, one
//! transaction per change.

pub mod audit;
pub mod demo;
pub mod incident_queries;
pub mod incidents;
pub mod ownership;
pub mod tenants;
pub mod triage;
