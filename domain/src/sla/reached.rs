//! Milestones and when an incident reached them, as it moves between statuses.

use crate::IncidentStatus;
use chrono::{DateTime, Utc};
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
}
