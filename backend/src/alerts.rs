//! Alert intake: alerts from monitoring open incidents or add to the one their dedup key
//! already reaches (`intake`), looked up and locked per tenant and key (`dedup`), at a pace
//! each API token may not exceed (`rate`).

pub mod dedup;
pub mod intake;
pub mod rate;
