//! Signing in and out: the password step, the second factor, enrolment, and the session's
//! life in between. Unknown addresses and wrong passwords get the same answer after the same
//! work, and every failure counts against the account and the address.

use crate::access::principal::Principal;
use crate::access::session::keys;
use crate::audit::record as audit;
use crate::entities::{tenant, user};
use crate::identity::{passwords, session_store::USER_ID, totp};
use crate::people::throttle;
use crate::state::AppState;
use chrono::{DateTime, Duration, Utc};
use contract::error::{AppError, from_session_error, internal};
use domain::FieldError;
use domain::access::ThrottlePolicy;
use domain::audit::{AuditAction, AuditObject};
use domain::credentials::SignInAttempt;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use serde_json::json;
use tower_sessions::Session;

/// How long a correct password waits for its second factor.
const PENDING_FOR: Duration = Duration::minutes(10);
/// The secret being enrolled, kept in the session until a code confirms it.
const ENROLLING_SECRET: &str = "enrolling_secret";

/// Where a correct password leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Next {
    SignedIn,
    SecondFactor,
    Enrolment,
}

/// The password step.
pub async fn with_password(
    state: &AppState,
    session: &Session,
    attempt: &SignInAttempt,
    source: &str,
) -> Result<Next, AppError> {
    let now = state.clock.now();
    let account = throttle::account_key(attempt.email.as_str());
    let address = throttle::address_key(source);
    let conn = state.db.conn();
    throttle::check(conn, &[account.clone(), address.clone()], now).await?;
    let user = user::Entity::find()
        .filter(user::Column::Email.eq(attempt.email.as_str()))
        .one(conn)
        .await?;
    let matches = passwords::verify(
        attempt.password().map(str::to_owned),
        user.as_ref().map(|u| u.password_hash.clone()),
    )
    .await?;
    let user = match user {
        Some(u) if matches && !u.disabled => u,
        _ => {
            let txn = state.db.begin_write().await?;
            throttle::record_failure(&txn, &[account], &ThrottlePolicy::SIGN_IN, now).await?;
            throttle::record_failure(&txn, &[address], &ThrottlePolicy::SIGN_IN_ADDRESS, now)
                .await?;
            txn.commit().await?;
            return Err(AppError::invalid(vec![FieldError::new(
                "password",
                domain::credentials::SIGN_IN_FAILED,
            )]));
        }
    };
    let txn = state.db.begin_write().await?;
    throttle::clear(&txn, &account).await?;
    txn.commit().await?;
    let role = user.role;
    let tenant = tenant::Entity::find_by_id(user.tenant_id)
        .one(conn)
        .await?
        .ok_or_else(|| internal("user without tenant"))?;
    let needs_second_factor =
        role.always_needs_mfa() || tenant.mfa_required || user.totp_secret.is_some();
    if !needs_second_factor {
        complete(state, session, &user, source).await?;
        return Ok(Next::SignedIn);
    }
    session.cycle_id().await.map_err(from_session_error)?;
    session.clear().await;
    session
        .insert(keys::PENDING_USER_ID, user.id)
        .await
        .map_err(from_session_error)?;
    session
        .insert(keys::PENDING_SINCE, now)
        .await
        .map_err(from_session_error)?;
    Ok(if user.totp_secret.is_some() {
        Next::SecondFactor
    } else {
        Next::Enrolment
    })
}

/// The user who gave the right password in this session and still owes a second factor.
pub async fn pending_user(state: &AppState, session: &Session) -> Result<user::Model, AppError> {
    let id = session
        .get::<i64>(keys::PENDING_USER_ID)
        .await
        .map_err(from_session_error)?;
    let since = session
        .get::<DateTime<Utc>>(keys::PENDING_SINCE)
        .await
        .map_err(from_session_error)?;
    let (Some(id), Some(since)) = (id, since) else {
        return Err(AppError::Unauthenticated);
    };
    if state.clock.now() - since > PENDING_FOR {
        session.flush().await.map_err(from_session_error)?;
        return Err(AppError::Unauthenticated);
    }
    user::Entity::find_by_id(id)
        .one(state.db.conn())
        .await?
        .filter(|u| !u.disabled)
        .ok_or(AppError::Unauthenticated)
}

/// Checks a code against `secret`, throttled per account; on success stores the step so the
/// code cannot be used again.
async fn check_code(
    state: &AppState,
    user: &user::Model,
    secret: &str,
    code: &str,
) -> Result<(), AppError> {
    let now = state.clock.now();
    let key = throttle::second_factor_key(user.id);
    throttle::check(state.db.conn(), std::slice::from_ref(&key), now).await?;
    let step = domain::credentials::parse_totp_code(code)
        .and_then(|code| totp::verify(secret, &code, now.timestamp(), user.totp_last_step));
    let txn = state.db.begin_write().await?;
    let Some(step) = step else {
        throttle::record_failure(&txn, &[key], &ThrottlePolicy::SECOND_FACTOR, now).await?;
        txn.commit().await?;
        return Err(AppError::invalid(vec![FieldError::new(
            "code",
            domain::credentials::CODE_REFUSED,
        )]));
    };
    // Only a step later than the stored one is written: two requests racing with one code
    // cannot both succeed.
    let updated = user::Entity::update_many()
        .col_expr(
            user::Column::TotpLastStep,
            sea_orm::sea_query::Expr::value(step),
        )
        .filter(user::Column::Id.eq(user.id))
        .filter(
            sea_orm::Condition::any()
                .add(user::Column::TotpLastStep.is_null())
                .add(user::Column::TotpLastStep.lt(step)),
        )
        .exec(&txn)
        .await?;
    throttle::clear(&txn, &key).await?;
    txn.commit().await?;
    if updated.rows_affected == 1 {
        Ok(())
    } else {
        Err(AppError::invalid(vec![FieldError::new(
            "code",
            domain::credentials::CODE_REFUSED,
        )]))
    }
}

/// The second-factor step.
pub async fn with_code(
    state: &AppState,
    session: &Session,
    code: &str,
    source: &str,
) -> Result<(), AppError> {
    let user = pending_user(state, session).await?;
    let secret = user.totp_secret.clone().ok_or(AppError::Unauthenticated)?;
    check_code(state, &user, &secret, code).await?;
    complete(state, session, &user, source).await
}

/// The secret being enrolled in this session, made on first use.
pub async fn enrolling_secret(session: &Session) -> Result<String, AppError> {
    if let Some(secret) = session
        .get::<String>(ENROLLING_SECRET)
        .await
        .map_err(from_session_error)?
    {
        return Ok(secret);
    }
    let secret = totp::new_secret()?;
    session
        .insert(ENROLLING_SECRET, secret.clone())
        .await
        .map_err(from_session_error)?;
    Ok(secret)
}

/// Confirms enrolment with a code from the new secret, stores it, and signs the user in.
pub async fn confirm_enrolment(
    state: &AppState,
    session: &Session,
    user: &user::Model,
    code: &str,
    source: &str,
) -> Result<(), AppError> {
    let secret = session
        .get::<String>(ENROLLING_SECRET)
        .await
        .map_err(from_session_error)?
        .ok_or(AppError::BadRequest)?;
    let fresh = user::Model {
        totp_last_step: None,
        ..user.clone()
    };
    check_code(state, &fresh, &secret, code).await?;
    let txn = state.db.begin_write().await?;
    let mut row = user::Entity::find_by_id(user.id)
        .one(&txn)
        .await?
        .ok_or(AppError::Unauthenticated)?
        .into_active_model();
    row.totp_secret = Set(Some(secret));
    row.update(&txn).await?;
    let who = Principal::anonymous(source);
    audit::record_as(
        &txn,
        &user.email,
        &who,
        audit::AuditEvent {
            tenant_id: user.tenant_id,
            action: AuditAction::UserSecondFactorEnrolled,
            object: AuditObject::User(user.id),
            detail: json!({}),
        },
        state.clock.now(),
    )
    .await?;
    txn.commit().await?;
    session
        .remove_value(ENROLLING_SECRET)
        .await
        .map_err(from_session_error)?;
    let user = user::Entity::find_by_id(user.id)
        .one(state.db.conn())
        .await?
        .ok_or(AppError::Unauthenticated)?;
    complete(state, session, &user, source).await
}

/// A new session id with the user in it, and the sign-in in the audit log.
async fn complete(
    state: &AppState,
    session: &Session,
    user: &user::Model,
    source: &str,
) -> Result<(), AppError> {
    let now = state.clock.now();
    session.cycle_id().await.map_err(from_session_error)?;
    session.clear().await;
    session
        .insert(USER_ID, user.id)
        .await
        .map_err(from_session_error)?;
    session
        .insert(keys::EPOCH, user.session_epoch)
        .await
        .map_err(from_session_error)?;
    session
        .insert(keys::SIGNED_IN_AT, now)
        .await
        .map_err(from_session_error)?;
    session
        .insert(keys::LAST_SEEN, now)
        .await
        .map_err(from_session_error)?;
    let txn = state.db.begin_write().await?;
    audit::record_as(
        &txn,
        &user.email,
        &Principal::anonymous(source),
        audit::AuditEvent {
            tenant_id: user.tenant_id,
            action: AuditAction::UserSignedIn,
            object: AuditObject::User(user.id),
            detail: json!({}),
        },
        now,
    )
    .await?;
    txn.commit().await?;
    Ok(())
}

/// Ends the session on the server, so that its cookie is worthless from now on.
pub async fn sign_out(
    state: &AppState,
    session: &Session,
    who: &Principal,
) -> Result<(), AppError> {
    if let Some(user) = who.signed_in() {
        let txn = state.db.begin_write().await?;
        audit::record(
            &txn,
            who,
            audit::AuditEvent {
                tenant_id: user.tenant_id,
                action: AuditAction::UserSignedOut,
                object: AuditObject::User(user.user_id),
                detail: json!({}),
            },
            state.clock.now(),
        )
        .await?;
        txn.commit().await?;
    }
    session.flush().await.map_err(from_session_error)?;
    Ok(())
}
