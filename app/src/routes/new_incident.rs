//! `/incidents/new`: open an incident. The form works as a plain HTML form post; with
//! JavaScript it submits in place. Either way a refused submission comes back with each
//! problem next to its field and everything that was typed still there.

use crate::api::{CreateIncident, new_incident_form};
use crate::components::{ErrorNotice, FactsFields, submitted_facts, textarea_text};
use crate::returned_error::{form_error, from_query, keys_under, rederived};
use contract::dto::IncidentFormOptions;
use contract::error::AppError;
use domain::responsibility::{ResponsibilityModel, suggest};
use domain::{FieldError, NewIncident, RawNewIncident, responsibility::Facts};
use domain::{IncidentDescription, IncidentTitle, Severity};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use std::collections::BTreeMap;

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
    let initial = returned.map(|e| rederived(e, |typed| form_rules(&model, typed)));
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
    let message =
        move |field: &'static str| move || error.get().and_then(|e| e.field_message(field));
    let invalid = move |field: &'static str| move || message(field)().is_some().to_string();
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
                    aria-invalid=invalid("title") aria-describedby="title-hint title-error"/>
                <p class="hint" id="title-hint">"One line that says what is wrong, e.g. “Expired TLS certificate on the API gateway”."</p>
                <p class="field-error" id="title-error">{message("title")}</p>
            </div>
            <div class="field">
                <label for="tenant">"Who is affected"</label>
                <select id="tenant" name="tenant" required
                    aria-invalid=invalid("tenant") aria-describedby="tenant-error">
                    <option value="">"Choose who is affected…"</option>
                    {tenants}
                </select>
                <p class="field-error" id="tenant-error">{message("tenant")}</p>
            </div>
            <div class="field">
                <label for="severity">"Severity"</label>
                <select id="severity" name="severity" required
                    aria-invalid=invalid("severity") aria-describedby="severity-error">
                    <option value="">"Choose a severity…"</option>
                    {severities}
                </select>
                <p class="field-error" id="severity-error">{message("severity")}</p>
            </div>
            <div class="field">
                <label for="description">"Description"</label>
                <textarea id="description" name="description" rows="8"
                    maxlength=IncidentDescription::MAX_CHARS.to_string()
                    aria-invalid=invalid("description") aria-describedby="description-hint description-error"
                    on:input=move |ev| set_description_text.set(event_target_value(&ev))>
                    {textarea_text(description)}
                </textarea>
                <p class="hint" id="description-hint">"What happened, when, and what you have seen so far. Markdown is supported."</p>
                <p class="field-error" id="description-error">{message("description")}</p>
            </div>
            <SuggestionPreview model=model.clone() text=Signal::derive(move || format!("{}\n{}", title_text.get(), description_text.get()))/>
            <FactsFields model initial=facts error unknown_area="Suggest from the text"/>
            <div class="form-actions">
                <button type="submit" class="button button-primary" disabled=move || pending.get()>
                    {move || if pending.get() { "Opening…" } else { "Open incident" }}
                </button>
                <a class="button" href="/incidents">"Cancel"</a>
            </div>
        </ActionForm>
    }
}

/// What Tandem would suggest from the words typed so far, updated as they change.
#[component]
fn SuggestionPreview(model: ResponsibilityModel, text: Signal<String>) -> impl IntoView {
    let suggestion = move || {
        let found = suggest(&model, &text.get());
        let area = found
            .area
            .and_then(|(id, words)| model.area(&id).map(|a| (a.name.clone(), words)));
        let flags: Vec<_> = found
            .flags
            .into_iter()
            .filter_map(|(id, words)| model.flag(&id).map(|f| (f.label.clone(), words)))
            .collect();
        (area.is_some() || !flags.is_empty()).then(|| view! {
            <div class="suggestion" aria-live="polite">
                <p><strong>"Suggested from your words"</strong>" (used when the area is left on “Suggest from the text”):"</p>
                <ul>
                    {area.map(|(name, words)| view! {
                        <li>"Area: "<strong>{name}</strong>" — matched “"{words.join("”, “")}"”"</li>
                    })}
                    {flags.into_iter().map(|(label, words)| view! {
                        <li>"Flag: "<strong>{label}</strong>" — matched “"{words.join("”, “")}"”"</li>
                    }).collect_view()}
                </ul>
            </div>
        })
    };
    view! { <div class="suggestion-slot">{suggestion}</div> }
}

/// The rules the server applies to this form, for re-deriving messages returned in the URL.
fn form_rules(model: &ResponsibilityModel, typed: &BTreeMap<String, String>) -> Vec<FieldError> {
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
    let mut errors = NewIncident::parse(&raw).err().unwrap_or_default();
    errors.extend(facts.err().unwrap_or_default());
    errors
}
