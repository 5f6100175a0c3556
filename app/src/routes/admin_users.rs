//! `/admin/users`: an admin's users (a tenant's, or the platform's staff): create, change role,
//! disable, and for a tenant the second-factor requirement.

use crate::api::{CreateUser, SetMfaPolicy, UpdateUser, list_users};
use crate::components::{ErrorNotice, Field, FormAlert, TextField, described_by};
use crate::returned_error::{form_error, from_query, rederived};
use contract::dto::{UserRow, UsersPage};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AdminUsersPage() -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    let update = ServerAction::<UpdateUser>::new();
    let policy = ServerAction::<SetMfaPolicy>::new();
    let page = Resource::new(
        move || {
            (
                create.version().get(),
                update.version().get(),
                policy.version().get(),
            )
        },
        |_| list_users(),
    );
    view! {
        <Title text="Users · Tandem"/>
        <div class="page-heading"><h1>"Users"</h1></div>
        <Suspense fallback=|| view! { <p class="muted">"Loading users…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <UsersView page create update policy/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn UsersView(
    page: UsersPage,
    create: ServerAction<CreateUser>,
    update: ServerAction<UpdateUser>,
    policy: ServerAction<SetMfaPolicy>,
) -> impl IntoView {
    let update_error = form_error(update, None);
    let roles = page.roles.clone();
    let rows = page
        .users
        .into_iter()
        .map(|u| view! { <UserLine user=u roles=roles.clone() me=page.me update/> })
        .collect_view();
    let tenant_side = page.side == "tenant";
    view! {
        <p>{format!("People of {}.", page.tenant_name)}</p>
        <FormAlert error=update_error/>
        <div class="table-scroll">
            <table class="data-table">
                <caption class="visually-hidden">"Users"</caption>
                <thead><tr>
                    <th scope="col">"Name"</th><th scope="col">"E-mail"</th>
                    <th scope="col">"Second factor"</th><th scope="col">"Role and status"</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {tenant_side.then(|| view! { <MfaPolicyForm policy required=page.mfa_required/> })}
        <NewUserForm create roles=page.roles/>
    }
}

#[component]
fn UserLine(
    user: UserRow,
    roles: Vec<(String, String)>,
    me: i64,
    update: ServerAction<UpdateUser>,
) -> impl IntoView {
    let options = roles
        .into_iter()
        .map(|(code, label)| {
            let selected = code == user.role;
            view! { <option value=code selected=selected>{label}</option> }
        })
        .collect_view();
    let id = user.id;
    let role_id = format!("role-{id}");
    let disabled_id = format!("disabled-{id}");
    let is_me = id == me;
    let (role_for, disabled_for) = (role_id.clone(), disabled_id.clone());
    let email = user.email.clone();
    view! {
        <tr>
            <td>{user.display_name.clone()}{is_me.then_some(" (you)")}</td>
            <td>{user.email.clone()}</td>
            <td>{if user.second_factor { "Enrolled" } else { "Not enrolled" }}</td>
            <td>
                <ActionForm action=update attr:class="inline-form">
                    <input type="hidden" name="id" value=id.to_string()/>
                    <label for=role_for class="visually-hidden">{format!("Role of {email}")}</label>
                    <select id=role_id name="role" disabled=is_me>{options}</select>
                    <label for=disabled_for>
                        <input type="checkbox" id=disabled_id name="disabled" checked=user.disabled disabled=is_me/>
                        " Disabled"
                    </label>
                    {(!is_me).then(|| view! {
                        <button type="submit" class="button button-small">{format!("Save {}", user.email)}</button>
                    })}
                </ActionForm>
            </td>
        </tr>
    }
}

#[component]
fn MfaPolicyForm(policy: ServerAction<SetMfaPolicy>, required: bool) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>"Second factor"</h2>
            <ActionForm action=policy attr:class="form">
                <label for="required">
                    <input type="checkbox" id="required" name="required" checked=required/>
                    " Require a second factor (TOTP) for everyone in this tenant"
                </label>
                <div class="form-actions">
                    <button type="submit" class="button">"Save second-factor policy"</button>
                </div>
            </ActionForm>
        </section>
    }
}

#[component]
fn NewUserForm(create: ServerAction<CreateUser>, roles: Vec<(String, String)>) -> impl IntoView {
    let returned = use_query_map()
        .with_untracked(|q| from_query(q, CreateUser::PATH))
        .map(|e| rederived(e, |_| Vec::new()));
    let typed = |f: &str| {
        returned
            .as_ref()
            .and_then(|e| e.submitted(f))
            .unwrap_or_default()
    };
    let (email, name, chosen) = (typed("email"), typed("display_name"), typed("role"));
    let error = form_error(create, returned);
    let options = roles
        .into_iter()
        .map(|(code, label)| {
            let selected = code == chosen;
            view! { <option value=code selected=selected>{label}</option> }
        })
        .collect_view();
    view! {
        <section class="panel">
            <h2>"Add a user"</h2>
            <p class="muted">"Give them the initial password over a separate channel; they can change it under Account."</p>
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <TextField id="new-email" name="email" label="E-mail" error value=email kind="email" required=true/>
                <TextField id="new-name" name="display_name" label="Name" error value=name required=true/>
                <Field id="new-role" label="Role" field="role" error>
                    <select id="new-role" name="role" aria-describedby=described_by("new-role", false)>{options}</select>
                </Field>
                <TextField id="new-password" name="password" label="Initial password" error
                    kind="password" autocomplete="new-password" required=true/>
                <div class="form-actions">
                    <button type="submit" class="button button-primary">"Add user"</button>
                </div>
            </ActionForm>
        </section>
    }
}
