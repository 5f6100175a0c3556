//! Signing in (password, then a second factor or its enrolment), signing out, changing one's
//! password, and who is signed in.

use contract::dto::{Enrolment, Me};
use contract::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

pub use domain::credentials::{CODE_REFUSED, SIGN_IN_FAILED};

#[cfg(feature = "ssr")]
use super::context::session;

/// The password step. Sends the browser on to the second factor, its enrolment, or `next`.
#[server(prefix = "/api", endpoint = "auth/sign-in", output = contract::codec::JsonText)]
pub async fn sign_in(
    email: String,
    password: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    use backend::people::sign_in;
    use domain::credentials::SignInAttempt;
    let state = super::context::state()?;
    let source = super::context::principal()?.source().to_owned();
    let session = session().await?;
    let keep = |e: AppError| {
        e.keeping(&std::collections::BTreeMap::from([
            ("email", &email),
            ("next", &next),
        ]))
    };
    let attempt =
        SignInAttempt::parse(&email, &password).map_err(|f| keep(AppError::invalid(f)))?;
    let step = sign_in::with_password(&state, &session, &attempt, &source)
        .await
        .map_err(keep)?;
    let next = domain::redirect::safe_next(&next);
    let target = match step {
        sign_in::Next::SignedIn => next.to_owned(),
        sign_in::Next::SecondFactor => format!(
            "/login/second-factor?next={}",
            contract::dto::percent_encode(next)
        ),
        sign_in::Next::Enrolment => {
            format!("/login/enrol?next={}", contract::dto::percent_encode(next))
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// The second-factor step.
#[server(prefix = "/api", endpoint = "auth/second-factor", output = contract::codec::JsonText)]
pub async fn second_factor(code: String, #[server(default)] next: String) -> Result<(), AppError> {
    use backend::people::sign_in;
    let state = super::context::state()?;
    let source = super::context::principal()?.source().to_owned();
    let session = session().await?;
    sign_in::with_code(&state, &session, &code, &source)
        .await
        .map_err(|e| e.keeping(&std::collections::BTreeMap::from([("next", &next)])))?;
    leptos_axum::redirect(domain::redirect::safe_next(&next));
    Ok(())
}

/// The secret to enrol, for someone who gave their password and has no second factor yet.
#[server(prefix = "/api", endpoint = "auth/enrolment", input = GetUrl, output = contract::codec::JsonText)]
pub async fn get_enrolment() -> Result<Enrolment, AppError> {
    use backend::identity::totp;
    use backend::people::sign_in;
    let state = super::context::state()?;
    let session = session().await?;
    let user = sign_in::pending_user(&state, &session).await?;
    if user.totp_secret.is_some() {
        return Err(AppError::BadRequest);
    }
    let secret = sign_in::enrolling_secret(&session).await?;
    let url = totp::provisioning_url(&secret, &user.email)
        .ok_or_else(|| contract::error::internal("provisioning url"))?;
    Ok(Enrolment {
        email: user.email,
        qr_svg: totp::qr_svg(&url).ok_or_else(|| contract::error::internal("qr code"))?,
        secret,
    })
}

/// Confirms enrolment with a code from the new secret and signs in.
#[server(prefix = "/api", endpoint = "auth/enrol", output = contract::codec::JsonText)]
pub async fn confirm_enrolment(
    code: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    use backend::people::sign_in;
    let state = super::context::state()?;
    let source = super::context::principal()?.source().to_owned();
    let session = session().await?;
    let user = sign_in::pending_user(&state, &session).await?;
    if user.totp_secret.is_some() {
        return Err(AppError::BadRequest);
    }
    sign_in::confirm_enrolment(&state, &session, &user, &code, &source)
        .await
        .map_err(|e| e.keeping(&std::collections::BTreeMap::from([("next", &next)])))?;
    leptos_axum::redirect(domain::redirect::safe_next(&next));
    Ok(())
}

#[server(prefix = "/api", endpoint = "auth/sign-out", output = contract::codec::JsonText)]
pub async fn sign_out() -> Result<(), AppError> {
    use backend::people::sign_in;
    let state = super::context::state()?;
    let who = super::context::principal()?;
    let session = session().await?;
    sign_in::sign_out(&state, &session, &who).await?;
    leptos_axum::redirect("/login?signed_out=1");
    Ok(())
}

/// Who is signed in, or `None`.
#[server(prefix = "/api", endpoint = "auth/me", input = GetUrl, output = contract::codec::JsonText)]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    use super::context;
    backend::people::me::current(&context::state()?, &context::principal()?).await
}

/// Changes the signed-in user's password; every session of theirs ends.
#[server(prefix = "/api", endpoint = "account/password", output = contract::codec::JsonText)]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use backend::people::users;
    let state = super::context::state()?;
    let who = super::context::principal()?;
    users::change_own_password(
        &state.db,
        &who,
        &current_password,
        &new_password,
        state.clock.now(),
    )
    .await?;
    session()
        .await?
        .flush()
        .await
        .map_err(contract::error::from_session_error)?;
    leptos_axum::redirect("/login?password_changed=1");
    Ok(())
}
