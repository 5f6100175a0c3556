//! `/incidents`: every incident the reader may see, newest first, fifty to a page.

use crate::api::list_incidents;
use crate::components::{ErrorNotice, OwnerBadge, RelativeTime, SeverityBadge, StatusBadge};
use crate::model::IncidentPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn IncidentListPage() -> impl IntoView {
    let query = use_query_map();
    let before = move || {
        query
            .read()
            .get("before")
            .and_then(|v| v.parse::<i64>().ok())
    };
    let page = Resource::new(before, list_incidents);
    // After a change that handed an incident to the other side, the person lands here.
    let handed_over = query.with_untracked(|q| {
        q.get("handed_over")
            .and_then(|k| domain::IncidentKey::parse(&k))
            .map(|k| k.to_string())
    });
    view! {
        <Title text="Incidents · Tandem"/>
        <div class="page-heading">
            <h1>"Incidents"</h1>
            <a class="button button-primary" href="/incidents/new">"Open an incident"</a>
        </div>
        {handed_over.map(|key| view! {
            <p class="notice" role="status">
                {format!("{key} is recorded. Triage gave it to the other side, who now own it; it is no longer shown to you.")}
            </p>
        })}
        <Suspense fallback=|| view! { <p class="muted">"Loading incidents…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <IncidentTable page paged=before().is_some()/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn IncidentTable(page: IncidentPage, paged: bool) -> impl IntoView {
    if page.rows.is_empty() {
        return view! {
            <section class="empty-state">
                <h2>"No incidents"</h2>
                <p>"Nothing has been reported here. When something goes wrong, open an incident and Tandem keeps both sides on one timeline."</p>
                <a class="button" href="/incidents/new">"Open an incident"</a>
            </section>
        }
        .into_any();
    }
    let now = page.as_of;
    let rows = page
        .rows
        .into_iter()
        .map(|row| {
            let href = format!("/incidents/{}", row.key);
            view! {
                <tr>
                    <td class="key"><a href=href>{row.key.clone()}</a></td>
                    <td class="title">{row.title}</td>
                    <td>{row.tenant_name}</td>
                    <td><OwnerBadge owner=row.owner/></td>
                    <td><SeverityBadge severity=row.severity/></td>
                    <td><StatusBadge status=row.status/></td>
                    <td class="time"><RelativeTime at=row.detected_at now/></td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data-table incident-table">
                <caption class="visually-hidden">"Incidents, newest first"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Key"</th>
                        <th scope="col">"Title"</th>
                        <th scope="col">"Affected"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">"Severity"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Detected"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav class="pager" aria-label="Pages">
            {paged.then(|| view! { <a href="/incidents">"Newest incidents"</a> })}
            {page.next_cursor.map(|cursor| view! {
                <a rel="next" href=format!("/incidents?before={cursor}")>"Older incidents"</a>
            })}
        </nav>
    }
    .into_any()
}
