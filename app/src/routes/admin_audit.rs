//! `/admin/audit`: an admin reviews their tenant's audit log (the platform admin the
//! platform's), filtered by actor, action and dates, exports it as CSV, and downloads a signed
//! checkpoint of it.

use crate::api::list_audit;
use crate::components::ErrorNotice;
use contract::dto::AuditPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[derive(Clone, PartialEq, Default)]
struct Filter {
    actor: String,
    action: String,
    from: String,
    to: String,
    before: Option<i64>,
}

impl Filter {
    fn query(&self) -> String {
        let enc = |v: &str| -> String {
            v.bytes()
                .map(|b| match b {
                    b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                        (b as char).to_string()
                    }
                    other => format!("%{other:02X}"),
                })
                .collect()
        };
        format!(
            "actor={}&action={}&from={}&to={}",
            enc(&self.actor),
            enc(&self.action),
            enc(&self.from),
            enc(&self.to)
        )
    }
}

#[component]
pub fn AdminAuditPage() -> impl IntoView {
    let query = use_query_map();
    let filter = move || {
        query.with(|q| Filter {
            actor: q.get("actor").unwrap_or_default(),
            action: q.get("action").unwrap_or_default(),
            from: q.get("from").unwrap_or_default(),
            to: q.get("to").unwrap_or_default(),
            before: q.get("before").and_then(|b| b.parse().ok()),
        })
    };
    let page = Resource::new(filter, |f| {
        list_audit(f.actor, f.action, f.from, f.to, f.before)
    });
    view! {
        <Title text="Audit log · Tandem"/>
        <div class="page-heading"><h1>"Audit log"</h1></div>
        {move || {
            let f = filter();
            view! {
                <form method="get" action="/admin/audit" class="filters" aria-label="Filter the audit log">
                    <div class="field"><label for="actor">"Actor"</label><input id="actor" name="actor" type="text" value=f.actor.clone()/></div>
                    <div class="field"><label for="action">"Action"</label><input id="action" name="action" type="text" value=f.action.clone() placeholder="grant."/></div>
                    <div class="field"><label for="from">"From"</label><input id="from" name="from" type="date" value=f.from.clone()/></div>
                    <div class="field"><label for="to">"To"</label><input id="to" name="to" type="date" value=f.to.clone()/></div>
                    <div class="form-actions">
                        <button type="submit" class="button">"Filter"</button>
                        <a class="button" href=format!("/admin/audit.csv?{}", f.query()) rel="external" download>"Export CSV"</a>
                        // The whole view, whatever the filters: it proves later what the log held.
                        <a class="button" href="/admin/audit/checkpoint.json" rel="external" download>"Download a signed checkpoint"</a>
                    </div>
                </form>
            }
        }}
        <Suspense fallback=|| view! { <p class="muted">"Loading the audit log…"</p> }>
            {move || Suspend::new(async move {
                let f = filter();
                match page.await {
                    Ok(page) => view! { <AuditTable page filter=f/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn AuditTable(page: AuditPage, filter: Filter) -> impl IntoView {
    if page.rows.is_empty() {
        return view! { <section class="empty-state"><h2>"No entries"</h2><p>"Nothing matches these filters."</p></section> }.into_any();
    }
    let rows = page
        .rows
        .into_iter()
        .map(|r| {
            let reads = r
                .reads_summary()
                .map(|summary| view! { <div class="muted">{summary}</div> });
            view! {
                <tr>
                    <td class="time">{r.occurred_at}</td>
                    <td>{r.actor}</td>
                    <td><code>{r.action}</code></td>
                    <td>{r.object}</td>
                    <td class="detail"><code>{r.detail}</code>{reads}</td>
                    <td>{r.source}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <p>{format!("Entries of {}, newest first.", page.tenant_name)}</p>
        <div class="table-scroll">
            <table class="data-table audit-table">
                <caption class="visually-hidden">"Audit log entries"</caption>
                <thead><tr>
                    <th scope="col">"When (UTC)"</th><th scope="col">"Actor"</th><th scope="col">"Action"</th>
                    <th scope="col">"Object"</th><th scope="col">"Detail"</th><th scope="col">"From"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <nav class="pager" aria-label="Pages">
            {page.next_cursor.map(|c| view! {
                <a rel="next" href=format!("/admin/audit?{}&before={c}", filter.query())>"Older entries"</a>
            })}
        </nav>
    }
    .into_any()
}
