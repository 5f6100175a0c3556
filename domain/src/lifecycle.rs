//! The incident lifecycle as a state machine (NIST SP 800-61): which status moves exist, who may
//! make each one, and, when a move is refused, why in words a person can act on.
//!
//! The path is new → triaged → investigating → contained → eradicated → recovered → resolved →
//! closed, one stage at a time. An incident that turns out not to be contained after all goes
//! back to investigating from any later open stage or from resolved. Closed is final.
//!
//! Who moves an incident follows its owner: the platform's people move platform-owned
//! incidents, the tenant's move tenant-owned ones, and both work a shared incident, except that
//! resolving and closing it is the lead side's call. Viewers only read. Nobody resolves an
//! incident while remediation tasks are still open.

use crate::IncidentStatus;
use crate::access::Role;
use crate::responsibility::{Owner, Side};
use serde::{Deserialize, Serialize};

/// What a move is decided on, beside the mover's role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Situation {
    pub status: IncidentStatus,
    pub owner: Owner,
    /// The side that leads the response (from triage).
    pub lead: Side,
    /// Remediation tasks not yet done, on either side.
    pub open_tasks: u32,
}

/// Why a move is refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Refusal {
    #[error("The incident is already {0}.")]
    Unchanged(IncidentStatus),
    #[error("Viewers follow the incident but do not change it.")]
    ReadOnlyRole,
    #[error("This incident is {}-owned: the {} side moves it.", .0.code(), .0.code())]
    NotYourIncident(Owner),
    #[error("A closed incident is final; open a new incident and refer to this one.")]
    Closed,
    #[error("From {from} the incident moves on to {next}{back}; it cannot go to {to} directly.", back = if from.can_reopen() { " or back to investigating" } else { "" })]
    NotNext {
        from: IncidentStatus,
        to: IncidentStatus,
        next: IncidentStatus,
    },
    #[error("On a shared incident the lead side ({lead}) decides when it is {to}.")]
    LeadDecides { lead: Side, to: IncidentStatus },
    #[error("{} still open; finish or cancel {} before resolving.", tasks_phrase(*.0), if *.0 == 1 { "it" } else { "them" })]
    TasksOpen(u32),
}

fn tasks_phrase(n: u32) -> String {
    if n == 1 {
        "1 remediation task is".to_owned()
    } else {
        format!("{n} remediation tasks are")
    }
}

impl IncidentStatus {
    /// The stage after this one on the forward path.
    pub fn next(self) -> Option<IncidentStatus> {
        let all = IncidentStatus::ALL;
        let at = all.iter().position(|s| *s == self)?;
        all.get(at + 1).copied()
    }

    /// Whether the incident can go back to investigating from here.
    fn can_reopen(self) -> bool {
        matches!(
            self,
            Self::Contained | Self::Eradicated | Self::Recovered | Self::Resolved
        )
    }
}

/// Whether someone with `role` may change an incident owned by `owner` at all (its status or
/// severity): responders of the owning side, and of both sides when it is shared.
pub fn may_change(role: Role, owner: Owner) -> Result<(), Refusal> {
    if !role.can_respond() {
        return Err(Refusal::ReadOnlyRole);
    }
    let holds = match owner {
        Owner::Platform => role.side() == Side::Platform,
        Owner::Tenant => role.side() == Side::Tenant,
        Owner::Shared => true,
    };
    if holds {
        Ok(())
    } else {
        Err(Refusal::NotYourIncident(owner))
    }
}

/// Whether someone with `role` may move the incident in `situation` to `to`.
pub fn check_move(role: Role, situation: &Situation, to: IncidentStatus) -> Result<(), Refusal> {
    let from = situation.status;
    if from == to {
        return Err(Refusal::Unchanged(to));
    }
    may_change(role, situation.owner)?;
    let side = role.side();
    if from == IncidentStatus::Closed {
        return Err(Refusal::Closed);
    }
    let forward = from.next() == Some(to);
    let reopen = to == IncidentStatus::Investigating && from.can_reopen();
    if !forward && !reopen {
        return Err(Refusal::NotNext {
            from,
            to,
            // Every status but closed has a next one, and closed was refused above.
            next: from.next().unwrap_or(IncidentStatus::Closed),
        });
    }
    let final_call = matches!(to, IncidentStatus::Resolved | IncidentStatus::Closed);
    if final_call && situation.owner == Owner::Shared && side != situation.lead {
        return Err(Refusal::LeadDecides {
            lead: situation.lead,
            to,
        });
    }
    if to == IncidentStatus::Resolved && situation.open_tasks > 0 {
        return Err(Refusal::TasksOpen(situation.open_tasks));
    }
    Ok(())
}

/// The moves a page offers from `situation`: the next stage and, where it applies, back to
/// investigating, each with whether `role` may make it and why not.
pub fn offered_moves(
    role: Role,
    situation: &Situation,
) -> Vec<(IncidentStatus, Result<(), Refusal>)> {
    let mut targets: Vec<IncidentStatus> = situation.status.next().into_iter().collect();
    if situation.status.can_reopen() {
        targets.push(IncidentStatus::Investigating);
    }
    targets
        .into_iter()
        .map(|to| (to, check_move(role, situation, to)))
        .collect()
}

/// The words on the button that makes a move.
pub fn move_label(from: IncidentStatus, to: IncidentStatus) -> String {
    if to == IncidentStatus::Investigating && from != IncidentStatus::Triaged {
        return "Reopen investigation".to_owned();
    }
    match to {
        IncidentStatus::Triaged => "Confirm triage".to_owned(),
        IncidentStatus::Investigating => "Start investigating".to_owned(),
        IncidentStatus::Contained => "Mark contained".to_owned(),
        IncidentStatus::Eradicated => "Mark eradicated".to_owned(),
        IncidentStatus::Recovered => "Mark recovered".to_owned(),
        IncidentStatus::Resolved => "Resolve".to_owned(),
        IncidentStatus::Closed => "Close".to_owned(),
        IncidentStatus::New => "Back to new".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use IncidentStatus::*;

    const FORWARD: [(IncidentStatus, IncidentStatus); 7] = [
        (New, Triaged),
        (Triaged, Investigating),
        (Investigating, Contained),
        (Contained, Eradicated),
        (Eradicated, Recovered),
        (Recovered, Resolved),
        (Resolved, Closed),
    ];
    const REOPEN_FROM: [IncidentStatus; 4] = [Contained, Eradicated, Recovered, Resolved];

    fn situation(status: IncidentStatus, owner: Owner, lead: Side) -> Situation {
        Situation {
            status,
            owner,
            lead,
            open_tasks: 0,
        }
    }

    /// The moves that exist at all, whoever makes them.
    fn exists(from: IncidentStatus, to: IncidentStatus) -> bool {
        FORWARD.contains(&(from, to)) || (to == Investigating && REOPEN_FROM.contains(&from))
    }

    #[test]
    fn every_pair_of_statuses_is_allowed_exactly_when_the_move_exists() {
        // A shared incident led by the mover's side, with no open tasks: only the graph decides.
        for role in [Role::PlatformResponder, Role::TenantResponder] {
            for from in IncidentStatus::ALL {
                for to in IncidentStatus::ALL {
                    let s = situation(from, Owner::Shared, role.side());
                    let result = check_move(role, &s, to);
                    assert_eq!(result.is_ok(), exists(from, to), "{role:?} {from} → {to}");
                    if let Err(refusal) = result {
                        let expected = if from == to {
                            Refusal::Unchanged(to)
                        } else if from == Closed {
                            Refusal::Closed
                        } else {
                            Refusal::NotNext {
                                from,
                                to,
                                next: from.next().unwrap(),
                            }
                        };
                        assert_eq!(refusal, expected, "{role:?} {from} → {to}");
                    }
                }
            }
        }
    }

    #[test]
    fn viewers_make_no_move_at_all() {
        for (from, to) in FORWARD {
            let s = situation(from, Owner::Tenant, Side::Tenant);
            assert_eq!(
                check_move(Role::TenantViewer, &s, to),
                Err(Refusal::ReadOnlyRole)
            );
        }
    }

    #[test]
    fn each_side_moves_the_incidents_it_owns_and_not_the_others() {
        let cases = [
            (Owner::Platform, Role::PlatformResponder, true),
            (Owner::Platform, Role::PlatformAdmin, true),
            (Owner::Platform, Role::TenantResponder, false),
            (Owner::Platform, Role::TenantAdmin, false),
            (Owner::Tenant, Role::TenantResponder, true),
            (Owner::Tenant, Role::TenantAdmin, true),
            (Owner::Tenant, Role::PlatformResponder, false),
            (Owner::Tenant, Role::PlatformAdmin, false),
            (Owner::Shared, Role::PlatformResponder, true),
            (Owner::Shared, Role::TenantResponder, true),
        ];
        for (owner, role, allowed) in cases {
            for (from, to) in FORWARD {
                // Lead on the mover's side so that only ownership decides.
                let s = situation(from, owner, role.side());
                let result = check_move(role, &s, to);
                if allowed {
                    assert_eq!(result, Ok(()), "{owner:?} {role:?} {from} → {to}");
                } else {
                    assert_eq!(
                        result,
                        Err(Refusal::NotYourIncident(owner)),
                        "{owner:?} {role:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn on_a_shared_incident_only_the_lead_side_resolves_and_closes() {
        for (from, to) in FORWARD {
            let led_by_platform = situation(from, Owner::Shared, Side::Platform);
            let tenant = check_move(Role::TenantResponder, &led_by_platform, to);
            if matches!(to, Resolved | Closed) {
                assert_eq!(
                    tenant,
                    Err(Refusal::LeadDecides {
                        lead: Side::Platform,
                        to
                    })
                );
            } else {
                assert_eq!(tenant, Ok(()), "{from} → {to}");
            }
            assert_eq!(
                check_move(Role::PlatformResponder, &led_by_platform, to),
                Ok(())
            );
        }
    }

    #[test]
    fn resolving_waits_for_every_task_but_other_moves_do_not() {
        let mut s = situation(Recovered, Owner::Tenant, Side::Tenant);
        s.open_tasks = 2;
        let refusal = check_move(Role::TenantResponder, &s, Resolved).unwrap_err();
        assert_eq!(refusal, Refusal::TasksOpen(2));
        assert_eq!(
            refusal.to_string(),
            "2 remediation tasks are still open; finish or cancel them before resolving."
        );
        s.open_tasks = 1;
        assert_eq!(
            check_move(Role::TenantResponder, &s, Resolved)
                .unwrap_err()
                .to_string(),
            "1 remediation task is still open; finish or cancel it before resolving."
        );
        assert_eq!(check_move(Role::TenantResponder, &s, Investigating), Ok(()));
        s.status = Investigating;
        assert_eq!(check_move(Role::TenantResponder, &s, Contained), Ok(()));
    }

    #[test]
    fn refusals_say_what_to_do_instead() {
        let s = situation(Investigating, Owner::Tenant, Side::Tenant);
        assert_eq!(
            check_move(Role::TenantResponder, &s, Resolved)
                .unwrap_err()
                .to_string(),
            "From investigating the incident moves on to contained; it cannot go to resolved directly."
        );
        let s = situation(Eradicated, Owner::Tenant, Side::Tenant);
        assert_eq!(
            check_move(Role::TenantResponder, &s, Closed)
                .unwrap_err()
                .to_string(),
            "From eradicated the incident moves on to recovered or back to investigating; it cannot go to closed directly."
        );
        let s = situation(Triaged, Owner::Platform, Side::Platform);
        assert_eq!(
            check_move(Role::TenantAdmin, &s, Investigating)
                .unwrap_err()
                .to_string(),
            "This incident is platform-owned: the platform side moves it."
        );
        let s = situation(Recovered, Owner::Shared, Side::Tenant);
        assert_eq!(
            check_move(Role::PlatformAdmin, &s, Resolved)
                .unwrap_err()
                .to_string(),
            "On a shared incident the lead side (tenant) decides when it is resolved."
        );
    }

    #[test]
    fn pages_are_offered_the_next_stage_and_reopening_with_their_verdicts() {
        let s = situation(Contained, Owner::Shared, Side::Platform);
        let offered = offered_moves(Role::TenantResponder, &s);
        assert_eq!(offered, vec![(Eradicated, Ok(())), (Investigating, Ok(()))]);
        let s = situation(Recovered, Owner::Shared, Side::Platform);
        let offered = offered_moves(Role::TenantResponder, &s);
        assert_eq!(offered[0].0, Resolved);
        assert!(offered[0].1.is_err());
        assert!(
            offered_moves(
                Role::PlatformAdmin,
                &situation(Closed, Owner::Platform, Side::Platform)
            )
            .is_empty()
        );
        assert_eq!(move_label(Contained, Investigating), "Reopen investigation");
        assert_eq!(move_label(Triaged, Investigating), "Start investigating");
    }
}
