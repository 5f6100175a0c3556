//! The incident page's timeline: the note form, filters by kind and visibility, and the
//! entries newest first, a hundred to a page.

use super::forms::{Forms, returned_for};
use crate::api::AddNote;
use crate::components::{FormAlert, RelativeTime, textarea_text};
use crate::returned_error::{form_error, rederived};
use chrono::{DateTime, Utc};
use contract::dto::{IncidentDetail, TIMELINE_KINDS, TimelineEntryView, percent_encode};
use contract::error::AppError;
use domain::access::Role;
use domain::note::{BODY_MAX_CHARS, EntryVisibility, RawNote};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;

#[component]
pub fn Timeline(
    incident: IncidentDetail,
    forms: Forms,
    returned: Option<(String, AppError)>,
) -> impl IntoView {
    let now = incident.as_of;
    let query = use_query_map();
    let (kind, visibility, paged) = query.with_untracked(|q| {
        (
            q.get("kind").unwrap_or_default(),
            q.get("visibility").unwrap_or_default(),
            q.get("before").is_some(),
        )
    });
    let base = format!("/incidents/{}", incident.key);
    let filter_query = [("kind", &kind), ("visibility", &visibility)]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", percent_encode(v)))
        .collect::<Vec<_>>()
        .join("&");
    let with_query = |extra: Option<String>| {
        let parts: Vec<String> = [Some(filter_query.clone()), extra]
            .into_iter()
            .flatten()
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            base.clone()
        } else {
            format!("{base}?{}#timeline-heading", parts.join("&"))
        }
    };
    let older = incident
        .timeline
        .next_cursor
        .map(|cursor| with_query(Some(format!("before={cursor}"))));
    let newest = paged.then(|| with_query(None));
    let kinds = TIMELINE_KINDS
        .iter()
        .map(|(code, label)| view! { <option value=*code selected=kind == *code>{*label}</option> })
        .collect_view();
    let visibilities = incident
        .readable_visibilities
        .iter()
        .map(|v| view! { <option value=v.code() selected=visibility == v.code()>{v.label()}</option> })
        .collect_view();
    let entries = if incident.timeline.entries.is_empty() {
        view! { <p class="muted">"No entries match these filters."</p> }.into_any()
    } else {
        let items = incident
            .timeline
            .entries
            .into_iter()
            .map(|entry| view! { <Entry entry now/> })
            .collect_view();
        view! { <ol class="timeline">{items}</ol> }.into_any()
    };
    let writable = incident.note_visibilities.clone();
    view! {
        <section aria-labelledby="timeline-heading" class="timeline-section">
            <h2 id="timeline-heading">"Timeline"</h2>
            {(!writable.is_empty()).then(|| view! {
                <NoteForm key=incident.key.clone() form_key=incident.form_key.clone() writable action=forms.note now
                    returned=returned_for(&returned, AddNote::PATH)/>
            })}
            <form class="filters timeline-filters" method="get" action=base.clone() aria-label="Filter the timeline">
                <div class="field">
                    <label for="timeline-kind">"Kind"</label>
                    <select id="timeline-kind" name="kind"><option value="">"All kinds"</option>{kinds}</select>
                </div>
                <div class="field">
                    <label for="timeline-visibility">"Visibility"</label>
                    <select id="timeline-visibility" name="visibility"><option value="">"All I can see"</option>{visibilities}</select>
                </div>
                <div class="filter-actions">
                    <button type="submit" class="button">"Filter timeline"</button>
                </div>
            </form>
            {entries}
            <nav class="pager" aria-label="Timeline pages">
                {newest.map(|href| view! { <a href=href>"Newest entries"</a> })}
                {older.map(|href| view! { <a rel="next" href=href>"Older entries"</a> })}
            </nav>
        </section>
    }
}

#[component]
fn Entry(entry: TimelineEntryView, now: DateTime<Utc>) -> impl IntoView {
    let visibility_class = format!("badge visibility visibility-{}", entry.visibility.code());
    let visibility_label = entry.visibility.label();
    // Notes can record something that happened before it was written down.
    let recorded_later = (entry.recorded_at - entry.occurred_at).num_minutes() >= 1;
    view! {
        <li class="timeline-entry" id=format!("entry-{}", entry.id)>
            <div class="timeline-meta">
                <RelativeTime at=entry.occurred_at now/>
                <span class="author">{entry.author}</span>
                <span class="badge kind">{entry.kind.code()}</span>
                <span class=visibility_class>{visibility_label}</span>
                {recorded_later.then(|| view! {
                    <span class="muted">"recorded "<RelativeTime at=entry.recorded_at now/></span>
                })}
            </div>
            <div class="prose" inner_html=entry.body_html></div>
        </li>
    }
}

#[component]
fn NoteForm(
    key: String,
    /// With the count of saves below, the idempotency key of each submission.
    form_key: String,
    writable: Vec<EntryVisibility>,
    action: ServerAction<AddNote>,
    now: DateTime<Utc>,
    returned: Option<AppError>,
) -> impl IntoView {
    // A role of the reader's side, so the browser can apply the server's rules again.
    let role = if writable.contains(&EntryVisibility::PlatformInternal) {
        Role::PlatformResponder
    } else {
        Role::TenantResponder
    };
    let returned = returned.map(|e| {
        rederived(e, |typed| {
            let get = |name: &str| typed.get(name).cloned().unwrap_or_default();
            RawNote {
                body: get("body"),
                visibility: get("visibility"),
                occurred_at: get("occurred_at"),
            }
            .parse(role, now)
            .err()
            .unwrap_or_default()
        })
    });
    let error = form_error(action, returned.clone());
    let typed = |field: &str| {
        returned
            .as_ref()
            .and_then(|e| e.submitted(field))
            .unwrap_or_default()
    };
    let (chosen, body, occurred_at) = (typed("visibility"), typed("body"), typed("occurred_at"));
    let options = writable
        .iter()
        .map(|v| view! { <option value=v.code() selected=chosen == v.code()>{v.label()}</option> })
        .collect_view();
    let message =
        move |field: &'static str| move || error.get().and_then(|e| e.field_message(field));
    let form = NodeRef::<leptos::html::Form>::new();
    let saved = RwSignal::new(0_u32);
    Effect::new(move |_| {
        if let Some(Ok(())) = action.value().get()
            && let Some(form) = form.get_untracked()
        {
            form.reset();
            saved.update(|n| *n += 1);
        }
    });
    view! {
        <ActionForm action node_ref=form attr:class="form note-form" attr:novalidate=true>
            <FormAlert error/>
            <input type="hidden" name="key" value=key/>
            <input type="hidden" name="idempotency_key" value=move || format!("{form_key}-note-{}", saved.get())/>
            <div class="field">
                <label for="note-body">"Note (Markdown)"</label>
                <textarea id="note-body" name="body" rows="4" required
                    maxlength=BODY_MAX_CHARS.to_string() aria-describedby="note-body-error">{textarea_text(body)}</textarea>
                <p class="field-error" id="note-body-error">{message("body")}</p>
            </div>
            <div class="field">
                <label for="note-visibility">"Who can read it"</label>
                <select id="note-visibility" name="visibility" aria-describedby="note-visibility-error">{options}</select>
                <p class="field-error" id="note-visibility-error">{message("visibility")}</p>
            </div>
            <div class="field">
                <label for="note-occurred">"When it happened (UTC, empty for now)"</label>
                <input id="note-occurred" name="occurred_at" type="datetime-local" value=occurred_at
                    aria-describedby="note-occurred-error"/>
                <p class="field-error" id="note-occurred-error">{message("occurred_at")}</p>
            </div>
            <button type="submit" class="button button-primary">"Add note"</button>
        </ActionForm>
    }
}
