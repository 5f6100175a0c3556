//! The facts triage decides from, as form fields: area, layer, scope and flags.

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
) -> impl IntoView {
    let message =
        move |field: &'static str| move || error.get().and_then(|e| e.field_message(field));
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
            view! { <option value=t.code() selected=initial.tenants_affected == Some(t)>{label}</option> }
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
    view! {
        <fieldset class="fieldset">
            <legend>"Facts for triage"</legend>
            <div class="field-row">
                <div class="field">
                    <label for="area">"Responsibility area"</label>
                    <select id="area" name="area" aria-describedby="area-error">
                        <option value="">{unknown_area}</option>
                        {areas}
                    </select>
                    <p class="field-error" id="area-error">{message("area")}</p>
                </div>
                <div class="field">
                    <label for="layer">"Where it happened"</label>
                    <select id="layer" name="layer" aria-describedby="layer-error">
                        <option value="">"Not known yet"</option>
                        {layers}
                    </select>
                    <p class="field-error" id="layer-error">{message("layer")}</p>
                </div>
                <div class="field">
                    <label for="tenants_affected">"Tenants affected"</label>
                    <select id="tenants_affected" name="tenants_affected" aria-describedby="tenants_affected-error">
                        <option value="">"Not known yet"</option>
                        {scopes}
                    </select>
                    <p class="field-error" id="tenants_affected-error">{message("tenants_affected")}</p>
                </div>
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
