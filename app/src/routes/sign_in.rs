//! `/login`, `/login/second-factor`, `/login/enrol`: signing in, with the second factor or its
//! enrolment when the account needs one. Plain forms: they work without JavaScript.

use crate::api::{
    CODE_REFUSED, ConfirmEnrolment, SIGN_IN_FAILED, SecondFactor, SignIn, get_enrolment,
};
use crate::components::{ErrorNotice, FormAlert, field_message};
use crate::returned_error::{CHECK_FIELD, form_error, from_query, rederived};
use contract::error::AppError;
use domain::FieldError;
use domain::credentials::SignInAttempt;
use leptos::prelude::*;
use leptos::server_fn::ServerFn;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

fn next_from_query() -> String {
    use_query_map().with_untracked(|q| q.get("next").unwrap_or_default())
}

/// An error returned in the URL, with messages re-derived here rather than trusted.
fn returned<F>(path: &str, rules: F) -> Option<AppError>
where
    F: Fn(&std::collections::BTreeMap<String, String>) -> Vec<FieldError>,
{
    use_query_map()
        .with_untracked(|q| from_query(q, path))
        .map(|e| rederived(e, rules))
}

#[component]
pub fn SignInPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let initial = returned(SignIn::PATH, |typed| {
        let email = typed.get("email").cloned().unwrap_or_default();
        SignInAttempt::parse(&email, "x").err().unwrap_or_default()
    })
    .map(|e| match e {
        // The only password message the server sends is the one refusal; show ours.
        AppError::Invalid {
            mut fields,
            submitted,
        } => {
            for f in &mut fields {
                if f.field == "password" && f.message == CHECK_FIELD {
                    f.message = SIGN_IN_FAILED.to_owned();
                }
            }
            AppError::Invalid { fields, submitted }
        }
        other => other,
    });
    let email = initial
        .as_ref()
        .and_then(|e| e.submitted("email"))
        .unwrap_or_default();
    let error = form_error(action, initial);
    let notice = use_query_map().with_untracked(|q| {
        if q.get("signed_out").is_some() {
            Some("You are signed out.")
        } else if q.get("password_changed").is_some() {
            Some("Your password is changed. Sign in with the new one.")
        } else {
            None
        }
    });
    let pending = action.pending();
    view! {
        <Title text="Sign in · Tandem"/>
        <div class="auth-card">
            <h1>"Sign in to Tandem"</h1>
            {notice.map(|n| view! { <p class="notice" role="status">{n}</p> })}
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <input type="hidden" name="next" value=next_from_query()/>
                <div class="field">
                    <label for="email">"E-mail"</label>
                    <input id="email" name="email" type="email" autocomplete="username" required
                        value=email aria-describedby="email-error"/>
                    <p class="field-error" id="email-error">{field_message(error, "email")}</p>
                </div>
                <div class="field">
                    <label for="password">"Password"</label>
                    <input id="password" name="password" type="password" autocomplete="current-password"
                        required aria-describedby="password-error"/>
                    <p class="field-error" id="password-error">{field_message(error, "password")}</p>
                </div>
                <div class="form-actions">
                    <button type="submit" class="button button-primary" disabled=move || pending.get()>
                        "Sign in"
                    </button>
                </div>
            </ActionForm>
        </div>
    }
}

/// A code cannot be checked here; the one message the server sends for it is ours to show.
fn code_rules(_typed: &std::collections::BTreeMap<String, String>) -> Vec<FieldError> {
    Vec::new()
}

fn with_code_message(error: Option<AppError>) -> Option<AppError> {
    error.map(|e| match e {
        AppError::Invalid {
            mut fields,
            submitted,
        } => {
            for f in &mut fields {
                if f.field == "code" && f.message == CHECK_FIELD {
                    f.message = CODE_REFUSED.to_owned();
                }
            }
            AppError::Invalid { fields, submitted }
        }
        other => other,
    })
}

#[component]
pub fn SecondFactorPage() -> impl IntoView {
    let action = ServerAction::<SecondFactor>::new();
    let error = form_error(
        action,
        with_code_message(returned(SecondFactor::PATH, code_rules)),
    );
    let pending = action.pending();
    view! {
        <Title text="Second factor · Tandem"/>
        <div class="auth-card">
            <h1>"Enter your code"</h1>
            <p>"Open your authenticator app and enter the six-digit code for Tandem."</p>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <input type="hidden" name="next" value=next_from_query()/>
                <CodeField error/>
                <div class="form-actions">
                    <button type="submit" class="button button-primary" disabled=move || pending.get()>
                        "Verify"
                    </button>
                    <a class="button" href="/login">"Start again"</a>
                </div>
            </ActionForm>
        </div>
    }
}

#[component]
fn CodeField(error: Signal<Option<AppError>>) -> impl IntoView {
    view! {
        <div class="field">
            <label for="code">"Code"</label>
            <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code"
                pattern="[0-9 ]*" maxlength="7" required aria-describedby="code-error"/>
            <p class="field-error" id="code-error">{field_message(error, "code")}</p>
        </div>
    }
}

#[component]
pub fn EnrolPage() -> impl IntoView {
    let action = ServerAction::<ConfirmEnrolment>::new();
    let error = form_error(
        action,
        with_code_message(returned(ConfirmEnrolment::PATH, code_rules)),
    );
    let enrolment = Resource::new(|| (), |_| get_enrolment());
    let pending = action.pending();
    view! {
        <Title text="Set up a second factor · Tandem"/>
        <div class="auth-card">
            <h1>"Set up your second factor"</h1>
            <Suspense fallback=|| view! { <p class="muted">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match enrolment.await {
                        Ok(e) => view! {
                            <p>"Your account needs a second factor. Scan this code with an authenticator app, or type the key in, then enter the code it shows."</p>
                            <div class="qr" role="img" aria-label="QR code for your authenticator app" inner_html=e.qr_svg></div>
                            <p>"Key for "{e.email}": "<code class="secret">{e.secret}</code></p>
                        }.into_any(),
                        Err(AppError::Unauthenticated) => view! {
                            <p class="notice">"Your sign-in expired. "<a href="/login">"Sign in again"</a></p>
                        }.into_any(),
                        Err(error) => view! { <ErrorNotice error/> }.into_any(),
                    }
                })}
            </Suspense>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <FormAlert error/>
                <input type="hidden" name="next" value=next_from_query()/>
                <CodeField error/>
                <div class="form-actions">
                    <button type="submit" class="button button-primary" disabled=move || pending.get()>
                        "Confirm and sign in"
                    </button>
                </div>
            </ActionForm>
        </div>
    }
}
