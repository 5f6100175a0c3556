//! `/admin/tokens`: the API tokens of an admin's tenant (the platform's, for a platform admin):
//! each with its scopes, its last use and a way to revoke it, the form for a new one, and the
//! new token's secret, shown this once.

mod token_form;

use crate::api::{CreateToken, RevokeToken, list_tokens};
use crate::components::{ErrorNotice, FormAlert, RelativeTime};
use crate::returned_error::{form_error, from_query, rederived};
use chrono::{DateTime, Utc};
use contract::dto::{NewSecret, TokenRow, TokensPage};
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use token_form::NewTokenForm;

#[component]
pub fn AdminTokensPage() -> impl IntoView {
    let create = ServerAction::<CreateToken>::new();
    let revoke = ServerAction::<RevokeToken>::new();
    let page = Resource::new(
        move || (create.version().get(), revoke.version().get()),
        |_| list_tokens(),
    );
    view! {
        <Title text="API tokens · Tandem"/>
        <div class="page-heading"><h1>"API tokens"</h1></div>
        <Suspense fallback=|| view! { <p class="muted">"Loading tokens…"</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <TokensView page create revoke/> }.into_any(),
                    Err(error) => view! { <ErrorNotice error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TokensView(
    page: TokensPage,
    create: ServerAction<CreateToken>,
    revoke: ServerAction<RevokeToken>,
) -> impl IntoView {
    // A plain form post brings the secret in the page; a script gets it in the action's answer.
    let from_page = page.new_secret.clone();
    let secret = move || {
        create
            .value()
            .get()
            .and_then(Result::ok)
            .flatten()
            .or_else(|| from_page.clone())
            .map(|secret| view! { <SecretBox secret/> })
    };
    let returned = use_query_map()
        .with_untracked(|q| from_query(q, RevokeToken::PATH))
        .map(|e| rederived(e, |_| Vec::new()));
    let revoke_error = form_error(revoke, returned);
    let now = page.as_of;
    let empty = page.tokens.is_empty();
    let rows = page
        .tokens
        .into_iter()
        .map(|token| view! { <TokenLine token now revoke/> })
        .collect_view();
    view! {
        <p>{format!(
            "Tokens let scripts and integrations use the API (/api/v1) for {}, each acting with the role you give it and only within its scopes.",
            page.tenant_name
        )}</p>
        {secret}
        <FormAlert error=revoke_error/>
        {if empty {
            view! { <section class="empty-state"><h2>"No API tokens"</h2><p>"Tokens you create appear here."</p></section> }.into_any()
        } else {
            view! {
                <div class="table-scroll">
                    <table class="data-table tokens-table">
                        <caption class="visually-hidden">"API tokens, newest first"</caption>
                        <thead><tr>
                            <th scope="col">"Name"</th><th scope="col">"Role"</th>
                            <th scope="col">"Scopes"</th><th scope="col">"Created by"</th>
                            <th scope="col">"Created"</th><th scope="col">"Expires"</th>
                            <th scope="col">"Last used"</th><th scope="col">"Status"</th>
                            <th scope="col">"Actions"</th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }.into_any()
        }}
        <NewTokenForm create roles=page.roles/>
    }
}

/// The new token's secret, in a box that says it will not be shown again.
#[component]
fn SecretBox(secret: NewSecret) -> impl IntoView {
    view! {
        <section class="notice notice-secret" role="status" aria-labelledby="new-secret-heading">
            <h2 id="new-secret-heading">{format!("Secret of the token “{}”", secret.name)}</h2>
            <p><strong>"Copy it now: it is shown only this once."</strong>
                " Tandem keeps only a fingerprint of it, so a lost secret means a new token."</p>
            <p><code class="secret" data-testid="new-token-secret">{secret.secret}</code></p>
            <p class="muted">"Click the secret to select all of it, copy it, and keep it in your integration's secret store. Send it as "
                <code>"Authorization: Bearer tdm_…"</code>"."</p>
        </section>
    }
}

#[component]
fn TokenLine(
    token: TokenRow,
    now: DateTime<Utc>,
    revoke: ServerAction<RevokeToken>,
) -> impl IntoView {
    let status = match token.revoked_at {
        Some(at) => {
            view! { "Revoked"<br/><span class="muted"><RelativeTime at now/></span> }.into_any()
        }
        None if token.expires_at <= now => "Expired".into_any(),
        None => "Active".into_any(),
    };
    let last_used = match token.last_used_at {
        Some(at) => view! {
            <RelativeTime at now/>
            <br/><span class="muted">{format!("from {}", token.last_used_from.clone().unwrap_or_default())}</span>
        }
        .into_any(),
        None => view! { <span class="muted">"Never"</span> }.into_any(),
    };
    let scopes = token
        .scopes
        .iter()
        .map(|s| view! { <li><code>{s.code()}</code></li> })
        .collect_view();
    let active = token.is_active(now);
    let (id, name) = (token.id.to_string(), token.name.clone());
    let row = id.clone();
    view! {
        <tr data-token=row>
            <td>{token.name.clone()}</td>
            <td>{token.role.label()}</td>
            <td><ul class="scope-list">{scopes}</ul></td>
            <td>{token.created_by.clone()}</td>
            <td class="time"><RelativeTime at=token.created_at now/></td>
            <td class="time"><RelativeTime at=token.expires_at now/></td>
            <td class="time">{last_used}</td>
            <td class="token-status">{status}</td>
            <td>
                {active.then(|| view! {
                    <ActionForm action=revoke attr:class="inline-form">
                        <input type="hidden" name="id" value=id/>
                        <button type="submit" class="button button-small">
                            "Revoke"<span class="visually-hidden">{format!(" {name}")}</span>
                        </button>
                    </ActionForm>
                })}
            </td>
        </tr>
    }
    // Erased: the row's full type is too deep for the release wasm build to lay out.
    .into_any()
}
