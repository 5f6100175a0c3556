//! The rules the server applies to the new-incident form, run again in the page to re-derive
//! the messages a form post without JavaScript comes back with (the URL carries only what was
//! typed): the fields, the facts, and the question asked before opening an incident that triage
//! would take from the reporter's side.

use crate::returned_error::keys_under;
use domain::responsibility::opening::CONFIRM_HANDOVER;
use domain::responsibility::{Facts, ResponsibilityModel, Side, handover_question, triage_opening};
use domain::{FieldError, NewIncident, RawNewIncident, TenantKind};
use std::collections::BTreeMap;

/// The kind of tenant an option of "Who is affected" names.
pub fn kind_of(is_platform: bool) -> TenantKind {
    if is_platform {
        TenantKind::Platform
    } else {
        TenantKind::Customer
    }
}

/// What the form's rules need besides what was typed: who reports, and which tenant each
/// choice of "Who is affected" is.
pub struct FormContext {
    pub reporter: Option<Side>,
    pub kinds: Vec<(String, TenantKind)>,
}

/// The rules the server applies to this form, for re-deriving messages returned in the URL.
pub fn form_rules(
    model: &ResponsibilityModel,
    context: &FormContext,
    typed: &BTreeMap<String, String>,
) -> Vec<FieldError> {
    let get = |name: &str| typed.get(name).cloned().unwrap_or_default();
    let raw = RawNewIncident {
        title: get("title"),
        description: get("description"),
        severity: get("severity"),
        tenant: get("tenant"),
    };
    let facts = Facts::parse_form(
        model,
        &get("area"),
        &get("layer"),
        &get("tenants_affected"),
        keys_under(typed, "flags"),
    );
    let new = NewIncident::parse(&raw);
    match (new, facts) {
        (Ok(new), Ok(facts)) => handover(model, context, &new, facts, &get(CONFIRM_HANDOVER))
            .into_iter()
            .collect(),
        (new, facts) => {
            let mut errors = new.err().unwrap_or_default();
            errors.extend(facts.err().unwrap_or_default());
            errors
        }
    }
}

/// The question the server asks before opening an incident triage would take from the
/// reporter's side (see `domain::responsibility::opening`).
fn handover(
    model: &ResponsibilityModel,
    context: &FormContext,
    new: &NewIncident,
    facts: Facts,
    confirmed: &str,
) -> Option<FieldError> {
    let reporter = context.reporter?;
    let kind = context
        .kinds
        .iter()
        .find(|(key, _)| key == new.tenant.as_str())
        .map(|(_, kind)| *kind)?;
    let text = format!("{}\n{}", new.title.as_str(), new.description.as_str());
    let opening = triage_opening(model, facts.with_affected_tenant(kind), &text);
    handover_question(reporter, opening.decision.owner, confirmed == "yes")
}
