//! `/access`: access grants. Platform staff ask a tenant for time-boxed access (platform
//! admins may break glass); a tenant's admin approves, denies or revokes.

use crate::api::{DecideGrant, RequestGrant, list_grants};
use crate::components::{ErrorNotice, FormAlert, RelativeTime, field_message, textarea_text};
use crate::returned_error::{form_error, from_query, rederived};
use contract::dto::{GrantRow, GrantsPage};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccessGrantsPage() -> impl IntoView {
    let request = ServerAction::<RequestGrant>::new();
    let decide = ServerAction::<DecideGrant>::new();
    let page = Resource::new(
        move || (request.version().get(), decide.version().get()),
        |_| list_grants(),
    );
    view! {
        <Title text="Access grants · Tandem"/>
        <div class="page-heading"><h1>"Access grants"</h1></div>
        <Suspense fallback=|| view! { <p class="muted">"Loading grants…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <GrantsView page request decide/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn GrantsView(
    page: GrantsPage,
    request: ServerAction<RequestGrant>,
    decide: ServerAction<DecideGrant>,
) -> impl IntoView {
    let decide_error = form_error(decide, None);
    let now = page.as_of;
    let rows = page
        .rows
        .iter()
        .cloned()
        .map(|g| view! { <GrantLine grant=g now decide/> })
        .collect_view();
    let empty = page.rows.is_empty();
    view! {
        {page.can_request.then(|| view! { <RequestForm request page=page.clone()/> })}
        <FormAlert error=decide_error/>
        {if empty {
            view! { <section class="empty-state"><h2>"No access grants"</h2><p>"Requests and grants appear here."</p></section> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="data-table grants-table">
                        <caption class="visually-hidden">"Access grants, newest first"</caption>
                        <thead><tr>
                            <th scope="col">"Tenant"</th><th scope="col">"Requested by"</th>
                            <th scope="col">"Reason"</th><th scope="col">"Duration"</th>
                            <th scope="col">"Status"</th><th scope="col">"Actions"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
    }
}

#[component]
fn GrantLine(
    grant: GrantRow,
    now: chrono::DateTime<chrono::Utc>,
    decide: ServerAction<DecideGrant>,
) -> impl IntoView {
    let id = grant.id.to_string();
    let button = move |decision: &'static str, label: &'static str| {
        let id = id.clone();
        view! {
            <ActionForm action=decide attr:class="inline-form">
                <input type="hidden" name="id" value=id/>
                <input type="hidden" name="decision" value=decision/>
                <button type="submit" class="button button-small">{label}</button>
            </ActionForm>
        }
        .into_any()
    };
    let scope = grant.incident_key.clone().map_or_else(
        || "all tenant-owned incidents".to_owned(),
        |k| format!("incident {k}"),
    );
    view! {
        <tr data-grant=grant.id.to_string()>
            <td>{grant.tenant_name.clone()}<br/><span class="muted">{scope}</span></td>
            <td>{grant.requester.clone()}<br/><RelativeTime at=grant.requested_at now/></td>
            <td class="reason">{grant.reason.clone()}{grant.break_glass.then(|| view! { <strong>" (break-glass)"</strong> })}</td>
            <td>{format!("{} min", grant.minutes)}</td>
            <td class="grant-status">
                {grant.status.clone()}
                {grant.expires_at.filter(|_| grant.status == "approved").map(|end| view! {
                    <br/><span class="muted">"ends "<RelativeTime at=end now/></span>
                })}
            </td>
            <td>
                {grant.can_decide.then(|| view! { {button("approve", "Approve")}{button("deny", "Deny")} })}
                {grant.can_revoke.then(|| button("revoke", "Revoke"))}
            </td>
        </tr>
    }
    // Erased: the row's full type is too deep for the release wasm build to lay out.
    .into_any()
}

#[component]
fn RequestForm(request: ServerAction<RequestGrant>, page: GrantsPage) -> impl IntoView {
    let returned = use_query_map()
        .with_untracked(|q| from_query(q, RequestGrant::PATH))
        .map(|e| {
            rederived(e, |typed| {
                let get = |f: &str| typed.get(f).cloned().unwrap_or_default();
                domain::access::GrantRequest::parse(&get("reason"), &get("minutes"))
                    .err()
                    .unwrap_or_default()
            })
        });
    let typed = |f: &str| {
        returned
            .as_ref()
            .and_then(|e| e.submitted(f))
            .unwrap_or_default()
    };
    let (tenant, incident, reason) = (typed("tenant"), typed("incident"), typed("reason"));
    let error = form_error(request, returned);
    let tenants = page
        .tenants
        .into_iter()
        .map(|t| {
            let selected = t.key == tenant;
            view! { <option value=t.key selected=selected>{t.name}</option> }
        })
        .collect_view();
    let durations = [
        (30, "30 minutes"),
        (60, "1 hour"),
        (120, "2 hours"),
        (240, "4 hours"),
        (480, "8 hours"),
    ]
    .into_iter()
    .map(|(m, label)| view! { <option value=m.to_string() selected=m == 60>{label}</option> })
    .collect_view();
    view! {
        <section class="panel">
            <h2>"Ask a tenant for access"</h2>
            <p class="muted">"Tenant-owned incidents are the tenant's. Their admin decides; every read under the grant is recorded in their audit log."</p>
            <ActionForm action=request attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <div class="field">
                    <label for="grant-tenant">"Tenant"</label>
                    <select id="grant-tenant" name="tenant" aria-describedby="grant-tenant-error">
                        <option value="">"Choose a tenant…"</option>
                        {tenants}
                    </select>
                    <p class="field-error" id="grant-tenant-error">{field_message(error, "tenant")}</p>
                </div>
                <div class="field">
                    <label for="grant-incident">"Incident key (optional)"</label>
                    <input id="grant-incident" name="incident" type="text" value=incident placeholder="ACME-3" aria-describedby="grant-incident-error"/>
                    <p class="hint">"Leave empty to ask for all of the tenant's tenant-owned incidents."</p>
                    <p class="field-error" id="grant-incident-error">{field_message(error, "incident")}</p>
                </div>
                <div class="field">
                    <label for="grant-reason">"Reason"</label>
                    <textarea id="grant-reason" name="reason" rows="3" aria-describedby="grant-reason-error">{textarea_text(reason)}</textarea>
                    <p class="field-error" id="grant-reason-error">{field_message(error, "reason")}</p>
                </div>
                <div class="field">
                    <label for="grant-minutes">"For how long"</label>
                    <select id="grant-minutes" name="minutes" aria-describedby="grant-minutes-error">{durations}</select>
                    <p class="field-error" id="grant-minutes-error">{field_message(error, "minutes")}</p>
                </div>
                {page.can_break_glass.then(|| view! {
                    <div class="field">
                        <label for="break-glass">
                            <input type="checkbox" id="break-glass" name="break_glass"/>
                            " Break glass: take access now without approval (the tenant is told at once)"
                        </label>
                    </div>
                })}
                <div class="form-actions">
                    <button type="submit" class="button button-primary">"Request access"</button>
                </div>
            </ActionForm>
        </section>
    }
}
