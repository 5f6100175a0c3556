//! `/admin/tenants`: the platform admin's list of tenants, and a new customer tenant with its
//! first admin.

use crate::api::{CreateTenant, list_tenants};
use crate::components::{ErrorNotice, FormAlert, field_message};
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
                <div class="field">
                    <label for="tenant-key">"Key"</label>
                    <input id="tenant-key" name="key" type="text" value=key placeholder="INITECH" aria-describedby="tenant-key-error"/>
                    <p class="field-error" id="tenant-key-error">{field_message(error, "key")}</p>
                </div>
                <div class="field">
                    <label for="tenant-name">"Name"</label>
                    <input id="tenant-name" name="name" type="text" value=name aria-describedby="tenant-name-error"/>
                    <p class="field-error" id="tenant-name-error">{field_message(error, "name")}</p>
                </div>
                <div class="field">
                    <label for="admin-email">"First admin's e-mail"</label>
                    <input id="admin-email" name="admin_email" type="email" value=admin_email aria-describedby="admin-email-error"/>
                    <p class="field-error" id="admin-email-error">{field_message(error, "admin_email")}</p>
                </div>
                <div class="field">
                    <label for="admin-name">"First admin's name"</label>
                    <input id="admin-name" name="admin_name" type="text" value=admin_name aria-describedby="admin-name-error"/>
                    <p class="field-error" id="admin-name-error">{field_message(error, "admin_name")}</p>
                </div>
                <div class="field">
                    <label for="admin-password">"First admin's initial password"</label>
                    <input id="admin-password" name="admin_password" type="password" autocomplete="new-password" aria-describedby="admin-password-error"/>
                    <p class="field-error" id="admin-password-error">{field_message(error, "admin_password")}</p>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button button-primary">"Add tenant"</button>
                </div>
            </ActionForm>
        </section>
    }
}
