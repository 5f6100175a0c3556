//! The bar at the top of every page: who is signed in, on which side, the grants they hold,
//! and (for a tenant) any break-glass access running in their tenant.

use crate::api::{SignOut, current_user};
use crate::components::RelativeTime;
use contract::dto::Me;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

#[component]
pub fn AppHeader() -> impl IntoView {
    let path = use_location().pathname;
    let me = Resource::new(move || path.get(), |_| current_user());
    view! {
        <header class="app-header">
            <a class="brand" href="/incidents">"Tandem"</a>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match me.await {
                        Ok(Some(me)) => view! { <SignedInBar me/> }.into_any(),
                        _ => ().into_any(),
                    }
                })}
            </Suspense>
        </header>
    }
}

#[component]
fn SignedInBar(me: Me) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let platform = me.side == "platform";
    let now = me.as_of;
    let grants = me
        .grants
        .iter()
        .map(|g| {
            view! { <li>"Access to "{g.tenant_name.clone()}" until "<RelativeTime at=g.ends_at now/></li> }
        })
        .collect_view();
    let break_glass = me
        .break_glass_now
        .iter()
        .map(|g| {
            view! {
                <p class="notice notice-warning" role="alert">
                    "Break-glass access to your tenant by "{g.requester.clone()}": “"{g.reason.clone()}"”. "
                    <a href="/access">"Review access"</a>
                </p>
            }
        })
        .collect_view();
    view! {
        <nav aria-label="Main">
            <ul>
                <li><a href="/incidents">"Incidents"</a></li>
                {me.can_respond.then(|| view! { <li><a href="/incidents/new">"Open an incident"</a></li> })}
                <li><a href="/model">"Responsibility model"</a></li>
                {(platform || me.is_admin).then(|| view! { <li><a href="/access">"Access grants"</a></li> })}
                {me.is_admin.then(|| view! {
                    <li><a href="/admin/users">"Users"</a></li>
                    <li><a href="/admin/audit">"Audit log"</a></li>
                    <li><a href="/admin/tokens">"API tokens"</a></li>
                })}
                {(me.role == "platform_admin").then(|| view! { <li><a href="/admin/tenants">"Tenants"</a></li> })}
            </ul>
        </nav>
        <div class="identity" data-testid="identity">
            <span class="identity-name">{me.display_name.clone()}</span>
            <span class="identity-role">{format!("{} · {}", me.role_label, me.tenant_name)}</span>
            <span class=if platform { "side-badge side-platform" } else { "side-badge side-tenant" }>
                {if platform { "Platform side" } else { "Tenant side" }}
            </span>
            <a href="/account">"Account"</a>
            <ActionForm action=sign_out attr:class="inline-form">
                <button type="submit" class="button button-small">"Sign out"</button>
            </ActionForm>
        </div>
        {(!me.grants.is_empty()).then(|| view! {
            <ul class="active-grants" aria-label="Active access grants">{grants}</ul>
        })}
        {break_glass}
    }
}
