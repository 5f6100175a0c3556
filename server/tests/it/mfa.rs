//! A tenant's second-factor policy, enrolment at sign-in, and what the audit log must never
//! hold (QUALITY-BAR 26).

use crate::helpers::{ACME_ADMIN, ACME_ANALYST, TestApp, browser, location};
use backend::fixtures::demo::{DEMO_PASSWORD, DEMO_TOTP_SECRET};
use backend::identity::totp;
use contract::dto::Enrolment;
use sea_orm::EntityTrait;

/// Enrols `client` (after its password step) and returns the enrolled secret.
async fn enrol(app: &TestApp, client: &reqwest::Client) -> String {
    let enrolment: Enrolment = app
        .get_as(client, "/api/auth/enrolment")
        .await
        .json()
        .await
        .unwrap();
    assert!(
        enrolment.qr_svg.starts_with("<svg"),
        "the QR code is inline SVG"
    );
    assert_eq!(enrolment.email, ACME_ANALYST);
    app.settle_in_step();
    let code = totp::code_at(&enrolment.secret, app.clock.now().timestamp()).unwrap();
    let response = app
        .post_as(
            client,
            "/api/auth/enrol",
            &[("code", &code), ("next", "/incidents")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(location(&response), "/incidents");
    enrolment.secret
}

#[tokio::test]
async fn a_tenant_that_requires_a_second_factor_sends_its_users_through_enrolment() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let response = app
        .post_as(&admin, "/api/admin/mfa-policy", &[("required", "on")])
        .await;
    assert_eq!(response.status().as_u16(), 200);

    let analyst = browser();
    let response = app
        .submit_password(&analyst, ACME_ANALYST, DEMO_PASSWORD, "/incidents")
        .await;
    assert_eq!(location(&response), "/login/enrol?next=/incidents");
    // Half signed in is not signed in.
    let list = app.get_as(&analyst, "/api/incidents/list").await;
    assert_eq!(list.status().as_u16(), 401);

    let secret = enrol(&app, &analyst).await;
    assert_eq!(
        app.get_as(&analyst, "/api/incidents/list")
            .await
            .status()
            .as_u16(),
        200
    );
    assert_eq!(
        app.user(ACME_ANALYST).await.totp_secret.as_deref(),
        Some(secret.as_str())
    );

    // From now on the password alone is not enough.
    let again = browser();
    let response = app
        .submit_password(&again, ACME_ANALYST, DEMO_PASSWORD, "/incidents")
        .await;
    assert_eq!(location(&response), "/login/second-factor?next=/incidents");
    let wrong = app
        .post_as(
            &again,
            "/api/auth/second-factor",
            &[("code", "000000"), ("next", "/")],
        )
        .await;
    let current = totp::code_at(&secret, app.clock.now().timestamp()).unwrap();
    if current != "000000" {
        assert_eq!(wrong.status().as_u16(), 422);
    }
}

#[tokio::test]
async fn an_enrolment_needs_a_code_from_the_new_secret() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ACME_ADMIN).await;
    app.post_as(&admin, "/api/admin/mfa-policy", &[("required", "on")])
        .await;
    let analyst = browser();
    app.submit_password(&analyst, ACME_ANALYST, DEMO_PASSWORD, "/incidents")
        .await;
    let _: Enrolment = app
        .get_as(&analyst, "/api/auth/enrolment")
        .await
        .json()
        .await
        .unwrap();
    // A code from some other secret (the demo one) is refused, and nothing is stored.
    app.settle_in_step();
    let foreign = totp::code_at(DEMO_TOTP_SECRET, app.clock.now().timestamp()).unwrap();
    let response = app
        .post_as(
            &analyst,
            "/api/auth/enrol",
            &[("code", &foreign), ("next", "/")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 422);
    assert_eq!(app.user(ACME_ANALYST).await.totp_secret, None);
}

#[tokio::test]
async fn the_audit_log_never_holds_passwords_secrets_codes_or_session_ids() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ACME_ADMIN).await;
    app.post_as(&admin, "/api/admin/mfa-policy", &[("required", "on")])
        .await;
    let analyst = browser();
    let response = app
        .submit_password(&analyst, ACME_ANALYST, DEMO_PASSWORD, "/incidents")
        .await;
    let cookie = response
        .headers()
        .get_all(reqwest::header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("tandem_session="))
        .map(|c| c.split(';').next().unwrap_or_default().to_owned())
        .expect("a session cookie");
    let secret = enrol(&app, &analyst).await;
    let new_password = "a brand new passphrase";
    let response = app
        .post_as(
            &analyst,
            "/api/account/password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("new_password", new_password),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    // A wrong password attempt, too.
    app.submit_password(&browser(), ACME_ANALYST, "guessing-at-random", "/")
        .await;

    let rows = backend::entities::audit_entry::Entity::find()
        .all(app.db.conn())
        .await
        .unwrap();
    assert!(rows.iter().any(|r| r.action == "user.password_changed"));
    assert!(
        rows.iter()
            .any(|r| r.action == "user.second_factor_enrolled")
    );
    let hash = app.user(ACME_ANALYST).await.password_hash;
    let id: tower_sessions::session::Id = cookie.parse().unwrap();
    let stored_key = backend::identity::session_store::id_hash(&id);
    for row in &rows {
        let text = format!("{} {} {} {}", row.actor, row.action, row.object, row.detail);
        for secret_text in [
            DEMO_PASSWORD,
            new_password,
            "guessing-at-random",
            &secret,
            &cookie,
            &stored_key,
            &hash,
            DEMO_TOTP_SECRET,
        ] {
            assert!(
                !text.contains(secret_text),
                "audit entry {} holds a secret: {text}",
                row.id
            );
        }
    }
}
