//! Service-level clocks: how long an incident of each severity may take to be triaged,
//! contained and resolved, counted from when it was detected, and which clocks are overdue.

mod clocks;
mod reached;
mod targets;

pub use clocks::{ClockState, SlaClock};
pub use reached::{Milestone, Reached};
pub(crate) use targets::parse_duration;
pub use targets::{SlaPolicy, Targets};
