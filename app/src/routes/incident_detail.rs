//! `/incidents/{key}`: one incident and its timeline.

use crate::api::get_incident;
use crate::components::{ErrorNotice, RelativeTime, SeverityBadge, StatusBadge};
use crate::model::IncidentDetail;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn IncidentPage() -> impl IntoView {
    let params = use_params_map();
    let key = move || params.read().get("key").unwrap_or_default();
    let incident = Resource::new(key, get_incident);
    view! {
        <Suspense fallback=|| view! { <p class="muted">"Loading incident…"</p> }>
            {move || Suspend::new(async move {
                match incident.await {
                    Ok(incident) => view! { <IncidentView incident/> }.into_any(),
                    Err(error) => view! {
                        <Title text="Not available · Tandem"/>
                        <ErrorNotice error/>
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn IncidentView(incident: IncidentDetail) -> impl IntoView {
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
                <div><dt>"Detected"</dt><dd><RelativeTime at=incident.detected_at now/></dd></div>
                <div><dt>"Reported by"</dt><dd>{incident.reporter}</dd></div>
            </dl>
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
