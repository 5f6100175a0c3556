//! Target durations: how long each milestone may take per severity, read from configuration
//! text, and the default policy.

use super::Milestone;
use crate::Severity;
use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

/// How long each milestone may take for one severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    pub triage: TimeDelta,
    pub contain: TimeDelta,
    pub resolve: TimeDelta,
}

impl Targets {
    pub(super) fn of(&self, milestone: Milestone) -> TimeDelta {
        match milestone {
            Milestone::Triage => self.triage,
            Milestone::Contain => self.contain,
            Milestone::Resolve => self.resolve,
        }
    }

    /// Reads `triage,contain,resolve` durations such as `15m,4h,24h` (units m, h, d), each
    /// longer than the one before.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let parts: Vec<&str> = raw.split(',').map(str::trim).collect();
        let [triage, contain, resolve] = parts.as_slice() else {
            return Err(format!(
                "expected three durations, triage,contain,resolve (e.g. 15m,4h,24h), got {raw:?}"
            ));
        };
        let targets = Self {
            triage: parse_duration(triage)?,
            contain: parse_duration(contain)?,
            resolve: parse_duration(resolve)?,
        };
        if !(targets.triage <= targets.contain && targets.contain <= targets.resolve) {
            return Err(format!(
                "triage, contain and resolve targets must not decrease, got {raw:?}"
            ));
        }
        Ok(targets)
    }
}

pub(crate) fn parse_duration(raw: &str) -> Result<TimeDelta, String> {
    let bad = || format!("{raw:?} is not a duration like 30m, 4h or 3d");
    let split = raw.char_indices().last().map_or(0, |(at, _)| at);
    let (digits, unit) = raw.split_at(split);
    let amount: i64 = digits.parse().map_err(|_| bad())?;
    // At most a year, whatever the unit, so every deadline stays a representable time.
    let minutes = match unit {
        "d" => amount.saturating_mul(24 * 60),
        "h" => amount.saturating_mul(60),
        _ => amount,
    };
    if amount <= 0 || minutes > 365 * 24 * 60 {
        return Err(bad());
    }
    match unit {
        "m" => Ok(TimeDelta::minutes(amount)),
        "h" => Ok(TimeDelta::hours(amount)),
        "d" => Ok(TimeDelta::days(amount)),
        _ => Err(bad()),
    }
}

/// The targets of every severity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaPolicy {
    targets: [Targets; 4],
}

impl Default for SlaPolicy {
    fn default() -> Self {
        let t = |triage, contain, resolve| Targets {
            triage: TimeDelta::minutes(triage),
            contain: TimeDelta::minutes(contain),
            resolve: TimeDelta::minutes(resolve),
        };
        const H: i64 = 60;
        const D: i64 = 24 * H;
        Self {
            targets: [
                t(15, 4 * H, D),
                t(H, D, 3 * D),
                t(4 * H, 3 * D, 14 * D),
                t(D, 14 * D, 30 * D),
            ],
        }
    }
}

impl SlaPolicy {
    pub fn targets(&self, severity: Severity) -> Targets {
        self.targets[index(severity)]
    }

    pub fn with_targets(mut self, severity: Severity, targets: Targets) -> Self {
        self.targets[index(severity)] = targets;
        self
    }
}

fn index(severity: Severity) -> usize {
    match severity {
        Severity::Sev1 => 0,
        Severity::Sev2 => 1,
        Severity::Sev3 => 2,
        Severity::Sev4 => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_targets_tighten_with_severity() {
        let policy = SlaPolicy::default();
        let sev1 = policy.targets(Severity::Sev1);
        assert_eq!(sev1.triage, TimeDelta::minutes(15));
        assert_eq!(sev1.contain, TimeDelta::hours(4));
        assert_eq!(sev1.resolve, TimeDelta::hours(24));
        for pair in Severity::ALL.windows(2) {
            let (a, b) = (policy.targets(pair[0]), policy.targets(pair[1]));
            assert!(a.triage < b.triage && a.contain < b.contain && a.resolve < b.resolve);
        }
    }

    #[test]
    fn targets_are_read_from_configuration_text() {
        let t = Targets::parse("30m, 2h,3d").unwrap();
        assert_eq!(
            t,
            Targets {
                triage: TimeDelta::minutes(30),
                contain: TimeDelta::hours(2),
                resolve: TimeDelta::days(3)
            }
        );
        for bad in [
            "",
            "1h,2h",
            "1h,2h,3h,4h",
            "1x,2h,3h",
            "0m,1h,2h",
            "-5m,1h,2h",
            "4h,1h,2d",
            "h,1h,2h",
            "15m,4h,24ч",
            "1h,2h,366d",
        ] {
            assert!(Targets::parse(bad).is_err(), "{bad:?}");
        }
        let policy = SlaPolicy::default().with_targets(Severity::Sev2, t);
        assert_eq!(policy.targets(Severity::Sev2), t);
    }
}
