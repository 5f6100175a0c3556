//! Service-level clocks: how long an incident of each severity may take to be triaged,
//! contained and resolved, counted from when it was detected, and which clocks are overdue.

use crate::{IncidentStatus, Severity};
use chrono::{DateTime, TimeDelta, Utc};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Milestone {
    Triage,
    Contain,
    Resolve,
}

impl Milestone {
    pub const ALL: [Milestone; 3] = [Self::Triage, Self::Contain, Self::Resolve];

    pub fn label(self) -> &'static str {
        match self {
            Self::Triage => "Time to triage",
            Self::Contain => "Time to contain",
            Self::Resolve => "Time to resolve",
        }
    }

    /// The first status that meets this milestone.
    fn met_by(self) -> IncidentStatus {
        match self {
            Self::Triage => IncidentStatus::Triaged,
            Self::Contain => IncidentStatus::Contained,
            Self::Resolve => IncidentStatus::Resolved,
        }
    }
}

/// How long each milestone may take for one severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Targets {
    pub triage: TimeDelta,
    pub contain: TimeDelta,
    pub resolve: TimeDelta,
}

impl Targets {
    fn of(&self, milestone: Milestone) -> TimeDelta {
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

    /// When `milestone` falls due for an incident of `severity` detected at `detected_at`.
    pub fn due_at(
        &self,
        severity: Severity,
        detected_at: DateTime<Utc>,
        milestone: Milestone,
    ) -> DateTime<Utc> {
        detected_at + self.targets(severity).of(milestone)
    }

    /// When a remediation task is due unless someone says otherwise: the containment deadline
    /// while the incident is not contained, then the resolution deadline, to the minute (as due
    /// dates are shown and typed, so that saving a task unchanged neither moves nor pins it);
    /// none once the incident is resolved.
    pub fn default_task_due(
        &self,
        severity: Severity,
        detected_at: DateTime<Utc>,
        reached: &Reached,
    ) -> Option<DateTime<Utc>> {
        let milestone = if reached.contained_at.is_none() {
            Milestone::Contain
        } else if reached.resolved_at.is_none() {
            Milestone::Resolve
        } else {
            return None;
        };
        let due = self.due_at(severity, detected_at, milestone);
        let minute = due.timestamp().div_euclid(60) * 60;
        Some(DateTime::from_timestamp(minute, 0).unwrap_or(due))
    }

    /// The three clocks of an incident.
    pub fn clocks(
        &self,
        severity: Severity,
        detected_at: DateTime<Utc>,
        reached: &Reached,
        now: DateTime<Utc>,
    ) -> Vec<SlaClock> {
        Milestone::ALL
            .into_iter()
            .map(|milestone| {
                let due_at = self.due_at(severity, detected_at, milestone);
                let met_at = reached.at(milestone);
                let state = match met_at {
                    Some(met) if met <= due_at => ClockState::Met,
                    Some(_) => ClockState::MetLate,
                    None if now > due_at => ClockState::Overdue,
                    None => ClockState::Running,
                };
                SlaClock {
                    milestone,
                    due_at,
                    met_at,
                    state,
                }
            })
            .collect()
    }

    /// The earliest deadline not yet met, if any: an incident is overdue when this has passed.
    pub fn next_deadline(
        &self,
        severity: Severity,
        detected_at: DateTime<Utc>,
        reached: &Reached,
    ) -> Option<DateTime<Utc>> {
        Milestone::ALL
            .into_iter()
            .filter(|m| reached.at(*m).is_none())
            .map(|m| self.due_at(severity, detected_at, m))
            .min()
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

/// When each milestone was met, if it was.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reached {
    pub triaged_at: Option<DateTime<Utc>>,
    pub contained_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
}

impl Reached {
    pub fn at(&self, milestone: Milestone) -> Option<DateTime<Utc>> {
        match milestone {
            Milestone::Triage => self.triaged_at,
            Milestone::Contain => self.contained_at,
            Milestone::Resolve => self.resolved_at,
        }
    }

    fn slot(&mut self, milestone: Milestone) -> &mut Option<DateTime<Utc>> {
        match milestone {
            Milestone::Triage => &mut self.triaged_at,
            Milestone::Contain => &mut self.contained_at,
            Milestone::Resolve => &mut self.resolved_at,
        }
    }

    /// The milestones after the incident moves to `status` at `at`: reaching a stage meets its
    /// milestone (keeping the first time it was met); going back to investigating un-meets
    /// containment and resolution, so their clocks run again against the original deadline.
    pub fn after_move(mut self, status: IncidentStatus, at: DateTime<Utc>) -> Self {
        for milestone in Milestone::ALL {
            let slot = self.slot(milestone);
            if status.rank() >= milestone.met_by().rank() {
                slot.get_or_insert(at);
            } else {
                *slot = None;
            }
        }
        self
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClockState {
    /// Not met, deadline ahead.
    Running,
    /// Not met, deadline passed.
    Overdue,
    Met,
    /// Met after the deadline.
    MetLate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaClock {
    pub milestone: Milestone,
    #[serde(with = "chrono::serde::ts_microseconds")]
    pub due_at: DateTime<Utc>,
    #[serde(with = "chrono::serde::ts_microseconds_option")]
    pub met_at: Option<DateTime<Utc>>,
    pub state: ClockState,
}

impl IncidentStatus {
    /// Position on the forward path, `new` being 0.
    pub fn rank(self) -> usize {
        IncidentStatus::ALL
            .iter()
            .position(|s| *s == self)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 1, hour, minute, 0).unwrap()
    }

    #[test]
    fn a_task_is_due_at_containment_then_resolution_to_the_minute_and_never_once_resolved() {
        let policy = SlaPolicy::default();
        let detected = at(8, 0) + TimeDelta::seconds(42);
        let mut reached = Reached::default();
        assert_eq!(
            policy.default_task_due(Severity::Sev1, detected, &reached),
            Some(at(12, 0)),
            "four hours to contain, seconds dropped"
        );
        reached.contained_at = Some(at(9, 0));
        assert_eq!(
            policy.default_task_due(Severity::Sev1, detected, &reached),
            Some(at(8, 0) + TimeDelta::hours(24))
        );
        reached.resolved_at = Some(at(10, 0));
        assert_eq!(
            policy.default_task_due(Severity::Sev1, detected, &reached),
            None
        );
    }

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
    fn clocks_run_go_overdue_and_record_whether_they_were_met_in_time() {
        let policy = SlaPolicy::default();
        let detected = at(8, 0);
        let reached = Reached {
            triaged_at: Some(at(8, 30)),
            ..Reached::default()
        };
        let clocks = policy.clocks(Severity::Sev1, detected, &reached, at(13, 0));
        let states: Vec<_> = clocks.iter().map(|c| c.state).collect();
        assert_eq!(
            states,
            [
                ClockState::MetLate,
                ClockState::Overdue,
                ClockState::Running
            ]
        );
        assert_eq!(clocks[1].due_at, at(12, 0));
        let on_time = Reached {
            triaged_at: Some(at(8, 10)),
            ..Reached::default()
        };
        let clocks = policy.clocks(Severity::Sev1, detected, &on_time, at(9, 0));
        assert_eq!(clocks[0].state, ClockState::Met);
        assert_eq!(clocks[1].state, ClockState::Running);
    }

    #[test]
    fn the_next_deadline_is_the_earliest_unmet_one() {
        let policy = SlaPolicy::default();
        let detected = at(8, 0);
        let none = Reached::default();
        assert_eq!(
            policy.next_deadline(Severity::Sev1, detected, &none),
            Some(at(8, 15))
        );
        let triaged = none.after_move(IncidentStatus::Triaged, at(8, 5));
        assert_eq!(
            policy.next_deadline(Severity::Sev1, detected, &triaged),
            Some(at(12, 0))
        );
        let closed = IncidentStatus::ALL
            .into_iter()
            .fold(none, |r, s| r.after_move(s, at(9, 0)));
        assert_eq!(
            policy.next_deadline(Severity::Sev1, detected, &closed),
            None
        );
    }

    #[test]
    fn moves_meet_milestones_once_and_reopening_unmeets_the_later_ones() {
        let r = Reached::default()
            .after_move(IncidentStatus::Triaged, at(8, 0))
            .after_move(IncidentStatus::Investigating, at(8, 30))
            .after_move(IncidentStatus::Contained, at(9, 0))
            .after_move(IncidentStatus::Eradicated, at(10, 0));
        assert_eq!(r.triaged_at, Some(at(8, 0)));
        assert_eq!(r.contained_at, Some(at(9, 0)));
        assert_eq!(r.resolved_at, None);
        let reopened = r.after_move(IncidentStatus::Investigating, at(11, 0));
        assert_eq!(reopened.triaged_at, Some(at(8, 0)));
        assert_eq!(reopened.contained_at, None);
        let resolved = reopened
            .after_move(IncidentStatus::Contained, at(12, 0))
            .after_move(IncidentStatus::Resolved, at(13, 0));
        assert_eq!(resolved.contained_at, Some(at(12, 0)));
        assert_eq!(resolved.resolved_at, Some(at(13, 0)));
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
