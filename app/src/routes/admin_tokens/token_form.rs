//! The form for a new token: its name, the role it acts with (the admin's own or a lesser one),
//! its scopes with what each allows, and how long it lasts.

use crate::api::CreateToken;
use crate::components::{Field, FormAlert, TextField, described_by, field_message, invalid};
use crate::returned_error::{form_error, from_query, keys_under, rederived};
use contract::error::AppError;
use domain::FieldError;
use domain::access::{ApiScope, RawTokenRequest, Role, Side};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_router::hooks::use_query_map;
use std::collections::BTreeMap;

#[component]
pub fn NewTokenForm(create: ServerAction<CreateToken>, roles: Vec<Role>) -> impl IntoView {
    let returned = use_query_map()
        .with_untracked(|q| from_query(q, CreateToken::PATH))
        .map(|e| {
            let roles = roles.clone();
            rederived(e, move |submitted| recheck(submitted, &roles))
        });
    let error = form_error(create, returned);
    // What was typed before a refusal: from the URL after a plain post, from the action's
    // answer when a script posted (the list reloads after every post, rebuilding this form).
    let last = error.get_untracked();
    let submitted = match &last {
        Some(AppError::Invalid { submitted, .. }) => submitted.clone(),
        _ => BTreeMap::new(),
    };
    let typed = |f: &str| submitted.get(f).cloned().unwrap_or_default();
    let (name, expires) = (typed("name"), typed("expires"));
    let ticked = known_scopes(&submitted);
    // Least privilege unless the person chose otherwise: the lowest role offered.
    let chosen = Some(typed("role"))
        .filter(|r| !r.is_empty())
        .or_else(|| roles.last().map(|r| r.code().to_owned()))
        .unwrap_or_default();
    let options = roles
        .iter()
        .map(|role| {
            let selected = role.code() == chosen;
            view! { <option value=role.code() selected=selected>{role.label()}</option> }
        })
        .collect_view();
    let scopes = ApiScope::ALL
        .into_iter()
        .map(|scope| {
            let id = format!("scope-{}", scope.code().replace(':', "-"));
            let checked = ticked.iter().any(|t| t == scope.code());
            view! {
                <li>
                    <input type="checkbox" id=id.clone() name=format!("scopes[{}]", scope.code())
                        value="on" checked=checked aria-describedby="token-scopes-error"/>
                    <label for=id><code>{scope.code()}</code>{format!(" — {}", scope.meaning())}</label>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="panel">
            <h2>"Create a token"</h2>
            <p class="muted">"The token acts with the role you choose, never more than yours, and only within the scopes you tick."</p>
            <ActionForm action=create attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <TextField id="token-name" name="name" label="Name" error value=name
                    hint="What uses it, such as “Alertmanager”; at most 80 characters." required=true/>
                <Field id="token-role" label="Acts as role" field="role" error>
                    <select id="token-role" name="role" aria-invalid=invalid(error, "role")
                        aria-describedby=described_by("token-role", false)>{options}</select>
                </Field>
                <fieldset class="checkboxes">
                    <legend>"Scopes"</legend>
                    <ul>{scopes}</ul>
                    <p class="field-error" id="token-scopes-error">{field_message(error, "scopes")}</p>
                </fieldset>
                <TextField id="token-expires" name="expires" label="Expires after" error
                    value=expires hint="e.g. 30d; at most 365d; empty for 90 days"/>
                <div class="form-actions">
                    <button type="submit" class="button button-primary">"Create token"</button>
                </div>
            </ActionForm>
        </section>
    }
}

/// The ticked scopes that exist: a crafted link's other words never reach the page.
fn known_scopes(submitted: &BTreeMap<String, String>) -> Vec<String> {
    keys_under(submitted, "scopes")
        .into_iter()
        .filter(|code| ApiScope::parse(code).is_some())
        .collect()
}

/// The messages the server gives for `submitted`, worked out again from what was typed, for
/// an admin who may give the `roles` offered.
fn recheck(submitted: &BTreeMap<String, String>, roles: &[Role]) -> Vec<FieldError> {
    let get = |f: &str| submitted.get(f).cloned().unwrap_or_default();
    let raw = RawTokenRequest {
        name: get("name"),
        role: get("role"),
        scopes: known_scopes(submitted).join(","),
        expires: get("expires"),
    };
    let side = roles.first().map_or(Side::Tenant, |r| r.side());
    let creator = roles.iter().copied().find(|r| r.is_admin());
    raw.parse(side, creator).err().unwrap_or_default()
}
