//! Triage as stored on an incident: decide from the facts (suggesting what was left to
//! suggest), write the decision onto the row, and describe it for the timeline.

use crate::entities::incident;
use contract::dto::{OverrideView, OwnershipView};
use contract::error::{AppError, internal};
use domain::responsibility::{Decision, Facts, ResponsibilityModel, triage, triage_opening};
use sea_orm::Set;

/// A decision and the facts it was made from.
pub struct Triaged {
    pub facts: Facts,
    pub decision: Decision,
    pub suggested_from: Vec<String>,
}

/// Triage for a new incident, filling what the reporter left open from the words of `text`
/// (see `domain::responsibility::triage_opening`); the words that matched are kept, to be shown
/// beside what they decided.
pub fn decide_with_suggestion(model: &ResponsibilityModel, facts: Facts, text: &str) -> Triaged {
    let opening = triage_opening(model, facts, text);
    Triaged {
        facts: opening.facts,
        decision: opening.decision,
        suggested_from: opening.suggested_from,
    }
}

pub fn decide(model: &ResponsibilityModel, facts: Facts) -> Triaged {
    Triaged {
        decision: triage(model, &facts),
        facts,
        suggested_from: Vec::new(),
    }
}

/// Writes the facts and decision onto an incident being inserted or updated.
pub fn apply(row: &mut incident::ActiveModel, triaged: &Triaged) -> Result<(), AppError> {
    row.area = Set(triaged.facts.area.clone());
    row.layer = Set(triaged.facts.layer);
    row.tenants_affected = Set(triaged.facts.tenants_affected);
    row.flags = Set(to_json(&triaged.facts.flags)?);
    row.suggested_from = Set(if triaged.suggested_from.is_empty() {
        None
    } else {
        Some(to_json(&triaged.suggested_from)?)
    });
    row.owner = Set(triaged.decision.owner);
    let overridden = row.override_owner.try_as_ref().copied().flatten();
    row.effective_owner = Set(overridden.unwrap_or(triaged.decision.owner));
    row.lead = Set(triaged.decision.lead);
    row.decision = Set(to_json(&triaged.decision)?);
    row.model_version = Set(triaged.decision.model_version.clone());
    Ok(())
}

/// The stored ownership of an incident, as shown on its page.
pub fn ownership(row: &incident::Model) -> Result<OwnershipView, AppError> {
    let decision: Decision = serde_json::from_str(&row.decision).map_err(internal)?;
    let facts = Facts {
        area: row.area.clone(),
        layer: row.layer,
        tenants_affected: row.tenants_affected,
        flags: serde_json::from_str(&row.flags).map_err(internal)?,
    };
    let suggested_from = match &row.suggested_from {
        Some(words) => serde_json::from_str(words).map_err(internal)?,
        None => Vec::new(),
    };
    let override_ = match (&row.override_owner, &row.override_reason) {
        (Some(owner), Some(reason)) => Some(OverrideView {
            owner: *owner,
            reason: reason.clone(),
            by: row.overridden_by.clone().unwrap_or_default(),
        }),
        _ => None,
    };
    Ok(OwnershipView {
        owner: override_.as_ref().map_or(decision.owner, |o| o.owner),
        decision,
        facts,
        suggested_from,
        override_,
    })
}

/// A timeline entry in Markdown: the outcome, then each reason (each names its row).
pub fn describe(triaged: &Triaged, opening: &str) -> String {
    let d = &triaged.decision;
    let mut text = format!(
        "{opening} **{}** ownership, **{}** leading (model {}).\n\n",
        d.owner.code(),
        d.lead.code(),
        d.model_version
    );
    for reason in &d.reasons {
        text.push_str(&format!("- {}\n", reason.sentence));
    }
    if !triaged.suggested_from.is_empty() {
        text.push_str(&format!(
            "\nSuggested from the words: {}.\n",
            triaged.suggested_from.join(", ")
        ));
    }
    for missing in &d.missing {
        text.push_str(&format!("\nStill needed: {}\n", missing.question()));
    }
    text
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, AppError> {
    serde_json::to_string(value).map_err(internal)
}
