//! `/incidents`: the incidents the reader may see, filtered, searched and sorted, fifty to a
//! page, updating live while open.

use crate::api::list_incidents;
use crate::components::{Deadline, FormAlert};
use crate::components::{
    ErrorNotice, OwnerBadge, RelativeTime, SeverityBadge, StatusBadge, live_updates,
};
use contract::dto::{IncidentFilter, IncidentPage};
use contract::error::AppError;
use domain::responsibility::Owner;
use domain::{IncidentStatus, Severity};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn IncidentListPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        query.with(|q| {
            let get = |name: &str| q.get(name).unwrap_or_default();
            IncidentFilter {
                owner: get("owner"),
                status: get("status"),
                severity: get("severity"),
                tenant: get("tenant"),
                area: get("area"),
                overdue: get("overdue"),
                q: get("q"),
                sort: get("sort"),
            }
        })
    };
    let cursor = move || query.with(|q| q.get("after").unwrap_or_default());
    let changes = live_updates(|| "/api/live/incidents".to_owned());
    let page = Resource::new(
        move || (filter(), cursor(), changes.get()),
        |(filter, cursor, _)| list_incidents(filter, cursor),
    );
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
                let filter = filter();
                let paged = !cursor().is_empty();
                match page.await {
                    Ok(page) => view! {
                        <Filters filter=filter.clone() page=page.clone() error=None/>
                        <IncidentTable page filter paged/>
                    }
                    .into_any(),
                    Err(error @ AppError::Invalid { .. }) => view! {
                        <Filters filter page=IncidentPage::default() error=Some(error)/>
                    }
                    .into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The filter form: a plain GET form, so it works the same with and without JavaScript.
#[component]
fn Filters(filter: IncidentFilter, page: IncidentPage, error: Option<AppError>) -> impl IntoView {
    let error = Signal::stored(error);
    let choice = |value: String, label: String, current: &str| {
        let selected = value == current;
        view! { <option value=value selected=selected>{label}</option> }
    };
    let owners = [Owner::Platform, Owner::Tenant, Owner::Shared]
        .into_iter()
        .map(|o| choice(o.code().to_owned(), o.code().to_owned(), &filter.owner))
        .collect_view();
    let statuses = IncidentStatus::ALL
        .into_iter()
        .map(|s| choice(s.code().to_owned(), s.code().to_owned(), &filter.status))
        .collect_view();
    let severities = Severity::ALL
        .into_iter()
        .map(|s| {
            let label = format!("{} ({})", s.code(), s.meaning());
            choice(s.code().to_owned(), label, &filter.severity)
        })
        .collect_view();
    let show_tenants = page.tenants.len() > 1;
    let tenants = page
        .tenants
        .iter()
        .map(|t| choice(t.key.clone(), t.name.clone(), &filter.tenant))
        .collect_view();
    let areas = page
        .areas
        .iter()
        .map(|(id, name)| choice(id.clone(), name.clone(), &filter.area))
        .collect_view();
    let sorts = [
        ("newest", "Newest first"),
        ("oldest", "Oldest first"),
        ("severity", "Most severe first"),
        ("due", "Next SLA deadline (open only)"),
    ]
    .into_iter()
    .map(|(v, l)| choice(v.to_owned(), l.to_owned(), &filter.sort))
    .collect_view();
    let overdue = matches!(filter.overdue.as_str(), "yes" | "on");
    view! {
        <form class="filters" method="get" action="/incidents" role="search" aria-label="Filter incidents">
            <FormAlert error/>
            <div class="field field-search">
                <label for="filter-q">"Search"</label>
                <input id="filter-q" type="search" name="q" value=filter.q.clone() maxlength="200"
                    placeholder="Words in the title or description"/>
            </div>
            <div class="field">
                <label for="filter-owner">"Owner"</label>
                <select id="filter-owner" name="owner"><option value="">"Any"</option>{owners}</select>
            </div>
            <div class="field">
                <label for="filter-status">"Status"</label>
                <select id="filter-status" name="status"><option value="">"Any"</option>{statuses}</select>
            </div>
            <div class="field">
                <label for="filter-severity">"Severity"</label>
                <select id="filter-severity" name="severity"><option value="">"Any"</option>{severities}</select>
            </div>
            {show_tenants.then(|| view! {
                <div class="field">
                    <label for="filter-tenant">"Tenant"</label>
                    <select id="filter-tenant" name="tenant"><option value="">"Any"</option>{tenants}</select>
                </div>
            })}
            <div class="field">
                <label for="filter-area">"Area"</label>
                <select id="filter-area" name="area"><option value="">"Any"</option>{areas}</select>
            </div>
            <div class="field">
                <label for="filter-sort">"Order"</label>
                <select id="filter-sort" name="sort">{sorts}</select>
            </div>
            <div class="field field-check">
                <input id="filter-overdue" type="checkbox" name="overdue" value="yes" checked=overdue/>
                <label for="filter-overdue">"Overdue only"</label>
            </div>
            <div class="filter-actions">
                <button type="submit" class="button">"Apply filters"</button>
                <a href="/incidents">"Clear"</a>
            </div>
        </form>
    }
}

#[component]
fn IncidentTable(page: IncidentPage, filter: IncidentFilter, paged: bool) -> impl IntoView {
    let filtered = filter != IncidentFilter::default();
    if page.rows.is_empty() {
        let (heading, text) = if filtered {
            (
                "No incidents match",
                "Nothing you can see matches these filters. Clear them to see every incident.",
            )
        } else {
            (
                "No incidents",
                "Nothing has been reported here. When something goes wrong, open an incident and Tandem keeps both sides on one timeline.",
            )
        };
        return view! {
            <section class="empty-state">
                <h2>{heading}</h2>
                <p>{text}</p>
                <a class="button" href="/incidents/new">"Open an incident"</a>
            </section>
        }
        .into_any();
    }
    let now = page.as_of;
    let count = match (page.total, page.more_than_total) {
        (n, true) => format!("More than {n} incidents"),
        (1, false) => "1 incident".to_owned(),
        (n, false) => format!("{n} incidents"),
    };
    let rows = page
        .rows
        .into_iter()
        .map(|row| {
            let href = format!("/incidents/{}", row.key);
            let class = if row.overdue { "overdue" } else { "" };
            view! {
                <tr class=class>
                    <td class="key"><a href=href>{row.key.clone()}</a></td>
                    <td class="title">{row.title}</td>
                    <td>{row.tenant_name}</td>
                    <td><OwnerBadge owner=row.owner/></td>
                    <td><SeverityBadge severity=row.severity/></td>
                    <td><StatusBadge status=row.status/></td>
                    <td class="time">
                        {match row.next_due_at {
                            Some(at) => view! { <Deadline at now/> }.into_any(),
                            None => view! { <span class="muted">"—"</span> }.into_any(),
                        }}
                    </td>
                    <td class="time"><RelativeTime at=row.detected_at now/></td>
                </tr>
            }
        })
        .collect_view();
    let query = filter.query();
    let first = if query.is_empty() {
        "/incidents".to_owned()
    } else {
        format!("/incidents?{query}")
    };
    let next = page.next_cursor.map(|cursor| {
        let separator = if query.is_empty() { "" } else { "&" };
        format!(
            "/incidents?{query}{separator}after={}",
            contract::dto::percent_encode(&cursor)
        )
    });
    view! {
        <p class="result-count" role="status">{count}</p>
        <div class="table-scroll">
            <table class="data-table incident-table">
                <caption class="visually-hidden">"Incidents"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Key"</th>
                        <th scope="col">"Title"</th>
                        <th scope="col">"Affected"</th>
                        <th scope="col">"Owner"</th>
                        <th scope="col">"Severity"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Next deadline"</th>
                        <th scope="col">"Detected"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav class="pager" aria-label="Pages">
            {paged.then(|| view! { <a href=first>"First page"</a> })}
            {next.map(|href| view! { <a rel="next" href=href>"Next page"</a> })}
        </nav>
    }
    .into_any()
}
