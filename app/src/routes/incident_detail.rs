//! `/incidents/{key}`: one incident and its timeline.

use super::incident_ownership::{Ownership, successes};
use crate::api::{OverrideOwnership, UpdateFacts, get_incident};
use crate::components::{ErrorNotice, OwnerBadge, RelativeTime, SeverityBadge, StatusBadge};
use crate::error::AppError;
use crate::model::IncidentDetail;
use leptos::prelude::*;
use leptos::server_fn::error::ServerFnUrlError;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

#[component]
pub fn IncidentPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let update = ServerAction::<UpdateFacts>::new();
    let override_action = ServerAction::<OverrideOwnership>::new();
    // A save from either form (with JavaScript) reloads the incident, so the page shows what is
    // stored.
    let (facts_saved, override_saved) = (successes(update), successes(override_action));
    let incident = Resource::new(
        move || (key(), facts_saved.get(), override_saved.get()),
        |(key, _, _)| get_incident(key),
    );
    // A plain form post that was refused comes back with its error in the query string.
    let returned = use_query_map().with_untracked(|q| {
        let path = q.get("__path")?;
        let error = ServerFnUrlError::<AppError>::decode_err(&q.get("__err")?);
        Some((path, error))
    });
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading incident…"</p> }>
            {move || {
                let returned = returned.clone();
                Suspend::new(async move {
                match incident.await {
                    Ok(incident) => {
                        view! { <IncidentView incident update override_action returned/> }.into_any()
                    }
                    Err(error) => view! {
                        <Title text="Not available · Tandem"/>
                        <ErrorNotice error/>
                    }
                    .into_any(),
                }
            })}}
        </Suspense>
    }
}

#[component]
fn IncidentView(
    incident: IncidentDetail,
    update: ServerAction<UpdateFacts>,
    override_action: ServerAction<OverrideOwnership>,
    returned: Option<(String, AppError)>,
) -> impl IntoView {
    let now = incident.as_of;
    let timeline = incident
        .timeline
        .into_iter()
        .map(|entry| {
            let visibility_class = format!("badge visibility visibility-{}", entry.visibility);
            view! {
                <li class="timeline-entry">
                    <div class="timeline-meta">
                        <RelativeTime at=entry.occurred_at now/>
                        <span class="author">{entry.author}</span>
                        <span class="badge kind">{entry.kind}</span>
                        <span class=visibility_class>
                            {entry.visibility}
                        </span>
                    </div>
                    <div class="prose" inner_html=entry.body_html></div>
                </li>
            }
        })
        .collect_view();
    view! {
        // The key only: leptos_meta writes the title element's text unescaped on the server.
        <Title text=format!("{} · Tandem", incident.key)/>
        <article class="incident">
            <header class="incident-header">
                <p class="incident-key">{incident.key.clone()}</p>
                <h1>{incident.title}</h1>
                <div class="incident-badges">
                    <SeverityBadge severity=incident.severity/>
                    <StatusBadge status=incident.status/>
                </div>
            </header>
            <dl class="facts">
                <div><dt>"Affected"</dt><dd>{incident.tenant_name}</dd></div>
                <div><dt>"Owner"</dt><dd><OwnerBadge owner=incident.ownership.owner/></dd></div>
                <div><dt>"Detected"</dt><dd><RelativeTime at=incident.detected_at now/></dd></div>
                <div><dt>"Reported by"</dt><dd>{incident.reporter}</dd></div>
            </dl>
            <Ownership key=incident.key.clone() version=incident.version ownership=incident.ownership
                model=incident.model update override_action returned
                can_edit_facts=incident.can_edit_facts can_override=incident.can_override/>
            <section aria-labelledby="description-heading">
                <h2 id="description-heading">"Description"</h2>
                {if incident.description_html.trim().is_empty() {
                    view! { <p class="muted">"No description yet."</p> }.into_any()
                } else {
                    view! { <div class="prose" inner_html=incident.description_html></div> }.into_any()
                }}
            </section>
            <section aria-labelledby="timeline-heading">
                <h2 id="timeline-heading">"Timeline"</h2>
                <ol class="timeline">{timeline}</ol>
            </section>
        </article>
    }
}
