//! The facts triage decides from, as form fields: area, layer, scope and flags.

use super::{Field, described_by, invalid};
use crate::returned_error::keys_under;
use contract::error::AppError;
use domain::responsibility::{Facts, Layer, ResponsibilityModel, TenantsAffected};
use leptos::prelude::*;

/// `unknown_area` labels the empty area choice ("suggest from the text" on a new incident,
/// "not known yet" when editing).
#[component]
pub fn FactsFields(
    model: ResponsibilityModel,
    initial: Facts,
    error: Signal<Option<AppError>>,
    unknown_area: &'static str,
    /// The scope another answer of the form implies, shown until the person picks one.
    #[prop(optional)]
    implied_scope: Option<Signal<Option<TenantsAffected>>>,
) -> impl IntoView {
    let message =
        move |field: &'static str| move || error.get().and_then(|e| e.field_message(field));
    // `None` until the person picks a scope (a refused form's pick counts); `Some("")` is their
    // "Not known yet".
    let picked = RwSignal::new(initial.tenants_affected.map(|t| t.code().to_owned()));
    let shown_scope = move || {
        picked.get().unwrap_or_else(|| {
            implied_scope
                .and_then(|s| s.get())
                .map(|t| t.code().to_owned())
                .unwrap_or_default()
        })
    };
    // What the page shows before (and without) JavaScript, as `selected` options; once
    // hydrated, the select's value follows `shown_scope`.
    let scope_at_first = untrack(shown_scope);
    let areas = model
        .areas
        .iter()
        .map(|a| {
            let selected = initial.area.as_deref() == Some(a.id.as_str());
            view! { <option value=a.id.clone() selected=selected>{a.name.clone()}</option> }
        })
        .collect_view();
    let layers = Layer::ALL
        .into_iter()
        .map(|l| {
            let label = match l {
                Layer::Platform => "The platform layer",
                Layer::Tenant => "Inside a tenant",
            };
            view! { <option value=l.code() selected=initial.layer == Some(l)>{label}</option> }
        })
        .collect_view();
    let scopes = TenantsAffected::ALL
        .into_iter()
        .map(|t| {
            let label = match t {
                TenantsAffected::None => "No tenant",
                TenantsAffected::One => "One tenant",
                TenantsAffected::Several => "Several tenants",
                TenantsAffected::All => "All tenants",
            };
            view! { <option value=t.code() selected=t.code() == scope_at_first>{label}</option> }
        })
        .collect_view();
    let flags = model
        .flags
        .iter()
        .map(|f| {
            let id = format!("flag-{}", f.id);
            let checked = initial.flags.contains(&f.id);
            view! {
                <li>
                    <input type="checkbox" id=id.clone() name=format!("flags[{}]", f.id) value="on" checked=checked/>
                    <label for=id>{f.label.clone()}</label>
                </li>
            }
        })
        .collect_view();
    let scope_hint = implied_scope.is_some().then_some(
        "One customer chosen in “Who is affected” counts as one tenant unless you say how many here.",
    );
    view! {
        <fieldset class="fieldset">
            <legend>"Facts for triage"</legend>
            <div class="field-row">
                <Field id="area" label="Responsibility area" field="area" error>
                    <select id="area" name="area" aria-invalid=invalid(error, "area")
                        aria-describedby=described_by("area", false)>
                        <option value="">{unknown_area}</option>
                        {areas}
                    </select>
                </Field>
                <Field id="layer" label="Where it happened" field="layer" error>
                    <select id="layer" name="layer" aria-invalid=invalid(error, "layer")
                        aria-describedby=described_by("layer", false)>
                        <option value="">"Not known yet"</option>
                        {layers}
                    </select>
                </Field>
                <Field id="tenants_affected" label="Tenants affected" field="tenants_affected" error hint=scope_hint>
                    <select id="tenants_affected" name="tenants_affected"
                        aria-invalid=invalid(error, "tenants_affected")
                        aria-describedby=described_by("tenants_affected", scope_hint.is_some())
                        prop:value=shown_scope
                        on:change=move |ev| picked.set(Some(event_target_value(&ev)))>
                        <option value="">"Not known yet"</option>
                        {scopes}
                    </select>
                </Field>
            </div>
            <fieldset class="checkboxes">
                <legend>"What it involves"</legend>
                <ul>{flags}</ul>
                <p class="field-error">{message("flags")}</p>
            </fieldset>
        </fieldset>
    }
}

/// Facts as a person last submitted them, read back from a refused form.
pub fn submitted_facts(error: Option<&AppError>) -> Facts {
    let Some(AppError::Invalid { submitted, .. }) = error else {
        return Facts::default();
    };
    let get = |name: &str| submitted.get(name).filter(|v| !v.is_empty()).cloned();
    Facts {
        area: get("area"),
        layer: get("layer").and_then(|l| Layer::parse(&l)),
        tenants_affected: get("tenants_affected").and_then(|t| TenantsAffected::parse(&t)),
        flags: keys_under(submitted, "flags").into_iter().collect(),
    }
}
