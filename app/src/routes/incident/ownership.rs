//! The ownership part of the incident page: the decision and why, the initial tasks, and the
//! forms that change the facts or override the owner.

use crate::api::{OverrideOwnership, UpdateFacts};
use crate::components::{FactsFields, OwnerBadge, SideBadge, submitted_facts, textarea_text};
use crate::returned_error::{form_error, keys_under, rederived};
use contract::dto::OwnershipView;
use contract::error::AppError;
use domain::FieldError;
use domain::OverrideReason;
use domain::responsibility::{Facts, Owner};
use domain::responsibility::{ResponsibilityModel, RowRef};
use leptos::prelude::*;

#[component]
pub fn Ownership(
    key: String,
    version: i64,
    ownership: OwnershipView,
    model: ResponsibilityModel,
    update: ServerAction<UpdateFacts>,
    override_action: ServerAction<OverrideOwnership>,
    returned: Option<(String, AppError)>,
    can_edit_facts: bool,
    can_override: bool,
) -> impl IntoView {
    let decision = ownership.decision.clone();
    let returned_for = |path: &str| {
        returned
            .as_ref()
            .filter(|(p, _)| p == path)
            .map(|(_, e)| e.clone())
    };
    let facts_returned =
        returned_for(<UpdateFacts as leptos::server_fn::ServerFn>::PATH).map(|e| {
            rederived(e, |typed| {
                let get = |name: &str| typed.get(name).cloned().unwrap_or_default();
                let flags = keys_under(typed, "flags");
                Facts::parse_form(
                    &model,
                    &get("area"),
                    &get("layer"),
                    &get("tenants_affected"),
                    flags,
                )
                .err()
                .unwrap_or_default()
            })
        });
    let override_returned = returned_for(<OverrideOwnership as leptos::server_fn::ServerFn>::PATH)
        .map(|e| rederived(e, override_rules));
    let facts_error = form_error(update, facts_returned.clone());
    let override_error = form_error(override_action, override_returned.clone());
    let initial_facts = if facts_returned.is_some() {
        submitted_facts(facts_returned.as_ref())
    } else {
        ownership.facts.clone()
    };
    let reasons = decision
        .reasons
        .iter()
        .map(|r| {
            let (href, name) = match &r.row {
                RowRef::Area(id) => (format!("/model#area-{id}"), model.area(id).map(|a| a.name.clone())),
                RowRef::Duty(id) => (format!("/model#duty-{id}"), model.duty(id).map(|d| d.text.clone())),
            };
            view! {
                <li>
                    <SideBadge side=r.side/>" "{r.sentence.clone()}" "
                    <a class="row-link" href=href>{format!("Model: {}", name.unwrap_or_default())}</a>
                </li>
            }
        })
        .collect_view();
    let override_key = key.clone();
    let missing = decision
        .missing
        .iter()
        .map(|m| view! { <li>{m.question()}</li> })
        .collect_view();
    view! {
        <section aria-labelledby="ownership-heading" class="ownership">
            <h2 id="ownership-heading">"Ownership"</h2>
            <p class="ownership-summary">
                "Owner: "<OwnerBadge owner=ownership.owner/>
                " Lead: "<SideBadge side=decision.lead/>
                <span class="muted">{format!(" · model {}", decision.model_version)}</span>
            </p>
            {ownership.override_.clone().map(|o| view! {
                <div class="notice notice-override">
                    <p>
                        {format!("Overridden to {} by {} (triage decided {}). ", o.owner.code(), o.by, decision.owner.code())}
                    </p>
                    <p>"Reason: "{o.reason}</p>
                </div>
            })}
            <p>{decision.lead_reason.clone()}</p>
            <h3>"Why"</h3>
            <ul class="reasons">{reasons}</ul>
            {(!decision.missing.is_empty()).then(|| view! {
                <div class="notice"><p><strong>"Still needed to be sure:"</strong></p><ul>{missing}</ul></div>
            })}
            {(!ownership.suggested_from.is_empty()).then(|| view! {
                <p class="muted">{format!("The area, layer and flags left open were suggested from the words: {}.", ownership.suggested_from.join(", "))}</p>
            })}
            <details class="panel" open=facts_returned.is_some() hidden=!can_edit_facts>
                <summary>"Change the facts"</summary>
                <ActionForm action=update attr:class="form form-inline" attr:novalidate=true>
                    {move || facts_error.get().map(|e| view! { <div class="notice notice-error" role="alert"><p>{e.to_string()}</p></div> })}
                    <input type="hidden" name="key" value=key.clone()/>
                    <input type="hidden" name="version" value=version.to_string()/>
                    <FactsFields model=model.clone() initial=initial_facts error=facts_error unknown_area="Not known yet"/>
                    <button type="submit" class="button button-primary">"Save facts and re-triage"</button>
                </ActionForm>
            </details>
            {can_override.then(|| view! {
                <OverrideForm key=override_key version action=override_action error=override_error returned=override_returned/>
            })}
        </section>
    }
}

#[component]
fn OverrideForm(
    key: String,
    version: i64,
    action: ServerAction<OverrideOwnership>,
    error: Signal<Option<AppError>>,
    returned: Option<AppError>,
) -> impl IntoView {
    let typed = |field: &str| {
        returned
            .as_ref()
            .and_then(|e| e.submitted(field))
            .unwrap_or_default()
    };
    let (owner, reason) = (typed("owner"), typed("reason"));
    let message =
        move |field: &'static str| move || error.get().and_then(|e| e.field_message(field));
    let options = [
        ("", "Use triage's decision"),
        ("platform", "Platform"),
        ("tenant", "Tenant"),
        ("shared", "Shared"),
    ]
    .into_iter()
    .map(|(value, label)| view! { <option value=value selected=owner == value>{label}</option> })
    .collect_view();
    view! {
        <details class="panel" open=returned.is_some()>
            <summary>"Override the owner"</summary>
            <ActionForm action attr:class="form form-inline" attr:novalidate=true>
                {move || error.get().map(|e| view! { <div class="notice notice-error" role="alert"><p>{e.to_string()}</p></div> })}
                <input type="hidden" name="key" value=key/>
                <input type="hidden" name="version" value=version.to_string()/>
                <div class="field">
                    <label for="override-owner">"Owner"</label>
                    <select id="override-owner" name="owner">{options}</select>
                    <p class="field-error">{message("owner")}</p>
                </div>
                <div class="field">
                    <label for="override-reason">"Reason"</label>
                    <textarea id="override-reason" name="reason" rows="3" required
                        maxlength=OverrideReason::MAX_CHARS.to_string() aria-describedby="override-reason-error">{textarea_text(reason)}</textarea>
                    <p class="field-error" id="override-reason-error">{message("reason")}</p>
                </div>
                <button type="submit" class="button">"Override owner"</button>
            </ActionForm>
        </details>
    }
}

/// The rules the server applies to the override form.
fn override_rules(typed: &std::collections::BTreeMap<String, String>) -> Vec<FieldError> {
    let mut errors = Vec::new();
    let owner = typed.get("owner").map_or("", String::as_str);
    if !owner.is_empty() && Owner::parse(owner).is_none() {
        errors.push(FieldError::new(
            "owner",
            "Choose platform, tenant or shared.",
        ));
    }
    if let Err(message) = OverrideReason::parse(typed.get("reason").map_or("", String::as_str)) {
        errors.push(FieldError::new("reason", message));
    }
    errors
}
