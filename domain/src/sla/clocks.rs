//! Clock computation: deadlines, the default task due date, each milestone's clock state and
//! the next deadline of an incident.

use super::{Milestone, Reached, SlaPolicy};
use crate::Severity;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

impl SlaPolicy {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::IncidentStatus;
    use chrono::{TimeDelta, TimeZone};

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
}
