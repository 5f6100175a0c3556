//! Signing in (password, then a second factor or its enrolment), signing out, changing one's
//! password, and who is signed in.

use crate::error::AppError;
use crate::model::{Enrolment, Me};
use leptos::prelude::*;
use leptos::server_fn::codec::GetUrl;

/// The message for a refused password, the same whether or not the account exists.
pub const SIGN_IN_FAILED: &str = "The e-mail address or password is not right.";
/// The message for a refused second-factor code, wrong or already used alike.
pub const CODE_REFUSED: &str =
    "That code is not right, or it was already used. Enter the current code.";

#[cfg(feature = "ssr")]
async fn session() -> Result<tower_sessions::Session, AppError> {
    leptos_axum::extract::<tower_sessions::Session>()
        .await
        .map_err(|_| crate::error::internal("session layer missing"))
}

/// The password step. Sends the browser on to the second factor, its enrolment, or `next`.
#[server(prefix = "/api", endpoint = "auth/sign-in")]
pub async fn sign_in(
    email: String,
    password: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    use crate::backend::{principal, services::sign_in, state};
    use domain::credentials::SignInAttempt;
    let state = state::current()?;
    let source = principal::current().await?.source().to_owned();
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
    let next = sign_in::safe_next(&next);
    let target = match step {
        sign_in::Next::SignedIn => next.to_owned(),
        sign_in::Next::SecondFactor => format!(
            "/login/second-factor?next={}",
            crate::model::percent_encode(next)
        ),
        sign_in::Next::Enrolment => {
            format!("/login/enrol?next={}", crate::model::percent_encode(next))
        }
    };
    leptos_axum::redirect(&target);
    Ok(())
}

/// The second-factor step.
#[server(prefix = "/api", endpoint = "auth/second-factor")]
pub async fn second_factor(code: String, #[server(default)] next: String) -> Result<(), AppError> {
    use crate::backend::{principal, services::sign_in, state};
    let state = state::current()?;
    let source = principal::current().await?.source().to_owned();
    let session = session().await?;
    sign_in::with_code(&state, &session, &code, &source)
        .await
        .map_err(|e| e.keeping(&std::collections::BTreeMap::from([("next", &next)])))?;
    leptos_axum::redirect(sign_in::safe_next(&next));
    Ok(())
}

/// The secret to enrol, for someone who gave their password and has no second factor yet.
#[server(prefix = "/api", endpoint = "auth/enrolment", input = GetUrl)]
pub async fn get_enrolment() -> Result<Enrolment, AppError> {
    use crate::backend::identity::totp;
    use crate::backend::{services::sign_in, state};
    let state = state::current()?;
    let session = session().await?;
    let user = sign_in::pending_user(&state, &session).await?;
    if user.totp_secret.is_some() {
        return Err(AppError::BadRequest);
    }
    let secret = sign_in::enrolling_secret(&session).await?;
    let url = totp::provisioning_url(&secret, &user.email)
        .ok_or_else(|| crate::error::internal("provisioning url"))?;
    Ok(Enrolment {
        email: user.email,
        qr_svg: totp::qr_svg(&url).ok_or_else(|| crate::error::internal("qr code"))?,
        secret,
    })
}

/// Confirms enrolment with a code from the new secret and signs in.
#[server(prefix = "/api", endpoint = "auth/enrol")]
pub async fn confirm_enrolment(
    code: String,
    #[server(default)] next: String,
) -> Result<(), AppError> {
    use crate::backend::{principal, services::sign_in, state};
    let state = state::current()?;
    let source = principal::current().await?.source().to_owned();
    let session = session().await?;
    let user = sign_in::pending_user(&state, &session).await?;
    if user.totp_secret.is_some() {
        return Err(AppError::BadRequest);
    }
    sign_in::confirm_enrolment(&state, &session, &user, &code, &source)
        .await
        .map_err(|e| e.keeping(&std::collections::BTreeMap::from([("next", &next)])))?;
    leptos_axum::redirect(sign_in::safe_next(&next));
    Ok(())
}

#[server(prefix = "/api", endpoint = "auth/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::backend::{principal, services::sign_in, state};
    let state = state::current()?;
    let who = principal::current().await?;
    let session = session().await?;
    sign_in::sign_out(&state, &session, &who).await?;
    leptos_axum::redirect("/login?signed_out=1");
    Ok(())
}

/// Who is signed in, or `None`.
#[server(prefix = "/api", endpoint = "auth/me", input = GetUrl)]
pub async fn current_user() -> Result<Option<Me>, AppError> {
    use crate::backend::entities::tenant;
    use crate::backend::{principal, services::grants, state};
    use sea_orm::EntityTrait;
    let state = state::current()?;
    let who = principal::current().await?;
    let Some(user) = who.signed_in() else {
        return Ok(None);
    };
    let now = state.clock.now();
    let mut active = Vec::new();
    for (grant, end) in &user.grants {
        let name = tenant::Entity::find_by_id(grant.tenant_id)
            .one(state.db.conn())
            .await?
            .map(|t| t.name)
            .unwrap_or_default();
        active.push(crate::model::HeldGrant {
            tenant_name: name,
            ends_at: *end,
        });
    }
    Ok(Some(Me {
        email: user.email.clone(),
        display_name: user.display_name.clone(),
        role: user.role.code().to_owned(),
        role_label: user.role.label().to_owned(),
        side: user.role.side().code().to_owned(),
        tenant_name: user.tenant_name.clone(),
        is_admin: user.role.is_admin(),
        can_respond: user.role.can_respond(),
        grants: active,
        break_glass_now: grants::break_glass_now(state.db.conn(), &who, now).await?,
        as_of: now,
    }))
}

/// Changes the signed-in user's password; every session of theirs ends.
#[server(prefix = "/api", endpoint = "account/password")]
pub async fn change_password(
    current_password: String,
    new_password: String,
) -> Result<(), AppError> {
    use crate::backend::{principal, services::users, state};
    let state = state::current()?;
    let who = principal::current().await?;
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
        .map_err(crate::error::from_session_error)?;
    leptos_axum::redirect("/login?password_changed=1");
    Ok(())
}
