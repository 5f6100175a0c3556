//! `/account`: the signed-in user changes their password (every session of theirs ends).

use crate::api::ChangePassword;
use crate::components::{FormAlert, field_message};
use crate::returned_error::{form_error, from_query, rederived};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

#[component]
pub fn AccountPage() -> impl IntoView {
    let change = ServerAction::<ChangePassword>::new();
    let returned = use_query_map()
        .with_untracked(|q| from_query(q, ChangePassword::PATH))
        .map(|e| rederived(e, |_| Vec::new()));
    let error = form_error(change, returned);
    view! {
        <Title text="Account · Tandem"/>
        <div class="page-heading"><h1>"Account"</h1></div>
        <section class="panel">
            <h2>"Change your password"</h2>
            <p class="muted">"Every session of yours ends, this one too; sign in again with the new password."</p>
            <ActionForm action=change attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <div class="field">
                    <label for="current-password">"Current password"</label>
                    <input id="current-password" name="current_password" type="password" autocomplete="current-password" aria-describedby="current-password-error"/>
                    <p class="field-error" id="current-password-error">{field_message(error, "current_password")}</p>
                </div>
                <div class="field">
                    <label for="new-password">"New password"</label>
                    <input id="new-password" name="new_password" type="password" autocomplete="new-password" aria-describedby="new-password-error"/>
                    <p class="hint">"At least 12 characters."</p>
                    <p class="field-error" id="new-password-error">{field_message(error, "new_password")}</p>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button button-primary">"Change password"</button>
                </div>
            </ActionForm>
        </section>
    }
}
