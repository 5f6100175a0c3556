//! How long and how hard each measurement runs, in the full suite and in the quick mode CI runs
//! so the suite cannot rot.

use std::time::Duration;

#[derive(Clone, Copy, Debug)]
pub struct Settings {
    pub quick: bool,
    /// Connections kept busy when measuring throughput.
    pub connections: u32,
    /// Length of each load run.
    pub duration: Duration,
    /// Fixed rate for page and write scenarios, requests a second.
    pub rate: u32,
    /// Fixed rate for sign-in, whose password hash is deliberately costly.
    pub sign_in_rate: u32,
    /// Restarts timed for cold start.
    pub starts: usize,
    pub subscribers: usize,
    pub notes: usize,
    /// `tandem generate` arguments.
    pub tenants: u32,
    pub incidents: u32,
    pub entries: u32,
    pub long_timeline: u32,
}

impl Settings {
    pub fn full() -> Self {
        Self {
            quick: false,
            connections: 50,
            duration: Duration::from_secs(10),
            rate: 200,
            sign_in_rate: 20,
            starts: 3,
            subscribers: 1000,
            notes: 20,
            tenants: 50,
            incidents: 100_000,
            entries: 1_000_000,
            long_timeline: 5_000,
        }
    }

    pub fn quick() -> Self {
        Self {
            quick: true,
            connections: 10,
            duration: Duration::from_secs(2),
            rate: 50,
            sign_in_rate: 5,
            starts: 1,
            subscribers: 50,
            notes: 3,
            tenants: 3,
            incidents: 1_000,
            entries: 10_000,
            long_timeline: 500,
        }
    }

    pub fn generate_args(&self) -> Vec<String> {
        [
            ("--tenants", self.tenants),
            ("--incidents", self.incidents),
            ("--entries", self.entries),
            ("--long-timeline", self.long_timeline),
        ]
        .into_iter()
        .flat_map(|(flag, value)| [flag.to_owned(), value.to_string()])
        .collect()
    }
}
