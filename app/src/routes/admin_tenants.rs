//! `/admin/tenants`: the platform admin's list of tenants, and a new customer tenant with its
//! first admin.

use crate::api::{CreateTenant, list_tenants};
use crate::components::{ErrorNotice, FormAlert, TextField};
use crate::returned_error::{form_error, from_query, rederived};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminTenantsPage() -> impl IntoView {
    let create = ServerAction::<CreateTenant>::new();
    let tenants = Resource::new(move || create.version().get(), |_| list_tenants());
    let returned = use_query_map()
        .with_untracked(|q| from_query(q, CreateTenant::PATH))
        .map(|e| rederived(e, |_| Vec::new()));
    let typed = |f: &str| {
        returned
            .as_ref()
            .and_then(|e| e.submitted(f))
            .unwrap_or_default()
    };
    let (key, name, admin_email, admin_name) = (
        typed("key"),
        typed("name"),
        typed("admin_email"),
        typed("admin_name"),
    );
    let error = form_error(create, returned);
    view! {
        <Title text="Tenants · Tandem"/>
        <div class="page-heading"><h1>"Tenants"</h1></div>
        <Suspense fallback=|| view! { <p class="muted">"Loading tenants…"</p> }>
            {move || Suspend::new(async move {
                match tenants.await {
                    Ok(rows) => view! {
                        <div class="table-scroll">
                            <table class="data-table">
                                <caption class="visually-hidden">"Tenants"</caption>
                                <thead><tr><th scope="col">"Key"</th><th scope="col">"Name"</th><th scope="col">"Users"</th><th scope="col">"Second factor"</th></tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|t| view! {
                                        <tr>
                                            <td class="key">{t.key}</td>
                                            <td>{t.name}{t.is_platform.then_some(" (platform)")}</td>
                                            <td>{t.users}</td>
                                            <td>{if t.is_platform || t.mfa_required { "Required" } else { "Optional" }}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
        <section class="panel">
            <h2>"Add a customer tenant"</h2>
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <TextField id="tenant-key" name="key" label="Key" error value=key placeholder="INITECH"/>
                <TextField id="tenant-name" name="name" label="Name" error value=name/>
                <TextField id="admin-email" name="admin_email" label="First admin's e-mail" error value=admin_email kind="email"/>
                <TextField id="admin-name" name="admin_name" label="First admin's name" error value=admin_name/>
                <TextField id="admin-password" name="admin_password" label="First admin's initial password" error
                    kind="password" autocomplete="new-password"/>
                <div class="form-actions">
                    <button type="submit" class="button button-primary">"Add tenant"</button>
                </div>
            </ActionForm>
        </section>
    }
}
