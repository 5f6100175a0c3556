//! Triage as a new incident gets it: what the reporter left open is filled from the words of
//! the title and description, and before opening the reporter is asked to confirm when the
//! decision would take the incident out of their own side's sight.

use super::{Decision, Facts, Owner, ResponsibilityModel, Side, suggest, triage};
use crate::FieldError;

/// The facts with what the words suggest for what was left open, the decision they give, and
/// the words that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Opening {
    pub facts: Facts,
    pub decision: Decision,
    pub suggested_from: Vec<String>,
}

/// Triage for a new incident: with no area chosen, the area (and, when none were ticked, the
/// flags) come from the words of `text`; with no layer chosen, the layer does.
pub fn triage_opening(model: &ResponsibilityModel, mut facts: Facts, text: &str) -> Opening {
    let suggestion = suggest(model, text);
    let mut words = Vec::new();
    if facts.area.is_none() {
        if let Some((area, matched)) = suggestion.area {
            facts.area = Some(area);
            words.extend(matched);
        }
        if facts.flags.is_empty() {
            for (flag, matched) in suggestion.flags {
                facts.flags.insert(flag);
                words.extend(matched);
            }
        }
    }
    if let (None, Some((layer, matched))) = (facts.layer, suggestion.layer) {
        facts.layer = Some(layer);
        words.extend(matched);
    }
    words.sort();
    words.dedup();
    Opening {
        decision: triage(model, &facts),
        facts,
        suggested_from: words,
    }
}

/// The form field a reporter ticks to open an incident that leaves their side's sight.
pub const CONFIRM_HANDOVER: &str = "confirm_handover";

/// Whether an incident owned by `owner` is out of the sight of its reporter's side: a tenant
/// does not see a platform-owned incident, and platform staff see a tenant-owned one only
/// under an access grant.
pub fn leaves_reporter(reporter: Side, owner: Owner) -> bool {
    matches!(
        (reporter, owner),
        (Side::Tenant, Owner::Platform) | (Side::Platform, Owner::Tenant)
    )
}

/// The question to the reporter when opening would hand the incident away and they have not
/// confirmed it yet.
pub fn handover_question(reporter: Side, owner: Owner, confirmed: bool) -> Option<FieldError> {
    if confirmed || !leaves_reporter(reporter, owner) {
        return None;
    }
    let message = match reporter {
        Side::Tenant => {
            "Triage gives this incident to the platform alone: once it is open, your tenant will no longer see it. Tick “Open it anyway” to go on, or change the facts."
        }
        Side::Platform => {
            "Triage gives this incident to the tenant alone: once it is open, you will see it only under an access grant. Tick “Open it anyway” to go on, or change the facts."
        }
    };
    Some(FieldError::new(CONFIRM_HANDOVER, message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_an_owner_of_the_other_side_alone_takes_an_incident_away() {
        assert!(leaves_reporter(Side::Tenant, Owner::Platform));
        assert!(leaves_reporter(Side::Platform, Owner::Tenant));
        for (side, owner) in [
            (Side::Tenant, Owner::Tenant),
            (Side::Tenant, Owner::Shared),
            (Side::Platform, Owner::Platform),
            (Side::Platform, Owner::Shared),
        ] {
            assert!(!leaves_reporter(side, owner), "{side:?} {owner:?}");
        }
    }

    #[test]
    fn the_question_is_asked_until_it_is_confirmed() {
        let asked = handover_question(Side::Tenant, Owner::Platform, false).unwrap();
        assert_eq!(asked.field, CONFIRM_HANDOVER);
        assert!(asked.message.contains("no longer see it"));
        assert_eq!(handover_question(Side::Tenant, Owner::Platform, true), None);
        assert_eq!(handover_question(Side::Tenant, Owner::Shared, false), None);
    }
}
