//! `/incidents/new`: open an incident. The form works as a plain HTML form post; with
//! JavaScript it submits in place. Either way a refused submission comes back with each
//! problem next to its field and everything that was typed still there.

mod rules;
mod suggestion;

use rules::{FormContext, form_rules, kind_of};
use suggestion::SuggestionPreview;

use crate::api::{CreateIncident, new_incident_form};
use crate::components::{
    ErrorNotice, FactsFields, Field, described_by, invalid, submitted_facts, textarea_text,
};
use crate::returned_error::{form_error, from_query, rederived};
use contract::dto::IncidentFormOptions;
use contract::error::AppError;
use domain::TenantKind;
use domain::responsibility::TenantsAffected;
use domain::responsibility::opening::CONFIRM_HANDOVER;
use domain::{IncidentDescription, IncidentTitle, Severity};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn NewIncidentPage() -> impl IntoView {
    let create = ServerAction::<CreateIncident>::new();
    let form = Resource::new(|| (), |_| new_incident_form());
    // After a form post without JavaScript, the server redirects back here with its error in
    // the query string.
    let returned = use_query_map().with_untracked(|q| from_query(q, CreateIncident::PATH));
    view! {
        <Title text="Open an incident · Tandem"/>
        <div class="page-heading">
            <h1>"Open an incident"</h1>
        </div>
        <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
            {move || {
                let returned = returned.clone();
                Suspend::new(async move {
                    match form.await {
                        Ok(options) => view! { <IncidentForm create options returned/> }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

#[component]
fn IncidentForm(
    create: ServerAction<CreateIncident>,
    options: IncidentFormOptions,
    returned: Option<AppError>,
) -> impl IntoView {
    let model = options.model;
    let kinds: Vec<(String, TenantKind)> = options
        .tenants
        .iter()
        .map(|t| (t.key.clone(), kind_of(t.is_platform)))
        .collect();
    let context = FormContext {
        reporter: options.reporter_side,
        kinds: kinds.clone(),
    };
    let initial = returned.map(|e| rederived(e, |typed| form_rules(&model, &context, typed)));
    let error = form_error(create, initial.clone());
    let facts = submitted_facts(initial.as_ref());
    let typed = move |field: &str| {
        initial
            .as_ref()
            .and_then(|e| e.submitted(field))
            .unwrap_or_default()
    };
    let (title, description, severity, tenant) = (
        typed("title"),
        typed("description"),
        typed("severity"),
        typed("tenant"),
    );
    // Someone who may open incidents for one tenant only (a tenant's own people) need not pick it.
    let tenant = match &options.tenants[..] {
        [only] if tenant.is_empty() => only.key.clone(),
        _ => tenant,
    };
    let (chosen_tenant, set_chosen_tenant) = signal(tenant.clone());
    // What the choice in "Who is affected" says about how many tenants are; the same rule the
    // server applies when "Tenants affected" is left open.
    let implied_scope = Signal::derive(move || {
        let chosen = chosen_tenant.get();
        kinds
            .iter()
            .find(|(key, _)| *key == chosen)
            .and_then(|(_, kind)| TenantsAffected::implied_by(*kind))
    });
    let message =
        move |field: &'static str| move || error.get().and_then(|e| e.field_message(field));
    let is_invalid = move |field: &'static str| move || message(field)().is_some().to_string();
    let pending = create.pending();
    let (title_text, set_title_text) = signal(title.clone());
    let (description_text, set_description_text) = signal(description.clone());
    let tenants = options
        .tenants
        .into_iter()
        .map(|t| {
            let label = if t.is_platform {
                format!("{} (platform-wide)", t.name)
            } else {
                t.name
            };
            let selected = t.key == tenant;
            view! { <option value=t.key selected=selected>{label}</option> }
        })
        .collect_view();
    let severities = Severity::ALL
        .into_iter()
        .map(|s| {
            let selected = s.code() == severity;
            view! { <option value=s.code() selected=selected>{format!("{} · {}", s.code(), s.meaning())}</option> }
        })
        .collect_view();
    view! {
        <ActionForm action=create attr:class="form" attr:novalidate=true>
            {move || error.get().map(|e| view! {
                <div class="notice notice-error" role="alert" id="form-error">
                    <p>{e.to_string()}</p>
                </div>
            })}
            <input type="hidden" name="idempotency_key" value=options.idempotency_key/>
            <div class="field">
                <label for="title">"Title"</label>
                <input id="title" name="title" type="text" value=title required
                    on:input=move |ev| set_title_text.set(event_target_value(&ev))
                    maxlength=IncidentTitle::MAX_CHARS.to_string()
                    aria-invalid=is_invalid("title") aria-describedby="title-hint title-error"/>
                <p class="hint" id="title-hint">"One line that says what is wrong, e.g. “Expired TLS certificate on the API gateway”."</p>
                <p class="field-error" id="title-error">{message("title")}</p>
            </div>
            <Field id="tenant" label="Who is affected" field="tenant" error>
                <select id="tenant" name="tenant" required
                    aria-invalid=invalid(error, "tenant") aria-describedby=described_by("tenant", false)
                    on:change=move |ev| set_chosen_tenant.set(event_target_value(&ev))>
                    <option value="">"Choose who is affected…"</option>
                    {tenants}
                </select>
            </Field>
            <div class="field">
                <label for="severity">"Severity"</label>
                <select id="severity" name="severity" required
                    aria-invalid=is_invalid("severity") aria-describedby="severity-error">
                    <option value="">"Choose a severity…"</option>
                    {severities}
                </select>
                <p class="field-error" id="severity-error">{message("severity")}</p>
            </div>
            <div class="field">
                <label for="description">"Description"</label>
                <textarea id="description" name="description" rows="8"
                    maxlength=IncidentDescription::MAX_CHARS.to_string()
                    aria-invalid=is_invalid("description") aria-describedby="description-hint description-error"
                    on:input=move |ev| set_description_text.set(event_target_value(&ev))>
                    {textarea_text(description)}
                </textarea>
                <p class="hint" id="description-hint">"What happened, when, and what you have seen so far. Markdown is supported."</p>
                <p class="field-error" id="description-error">{message("description")}</p>
            </div>
            <SuggestionPreview model=model.clone() text=Signal::derive(move || format!("{}\n{}", title_text.get(), description_text.get()))/>
            <FactsFields model initial=facts error unknown_area="Suggest from the text" implied_scope/>
            {move || message(CONFIRM_HANDOVER)().map(|question| view! {
                <div class="notice notice-warning" role="alert" id="handover">
                    <p id="handover-question">{question}</p>
                    <p class="confirm-line">
                        <input type="checkbox" id=CONFIRM_HANDOVER name=CONFIRM_HANDOVER value="yes"
                            aria-describedby="handover-question"/>
                        <label for=CONFIRM_HANDOVER>"Open it anyway"</label>
                    </p>
                </div>
            })}
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Opening…" } else { "Open incident" }}
                </button>
                <a class="button" href="/incidents">"Cancel"</a>
            </div>
        </ActionForm>
    }
}
