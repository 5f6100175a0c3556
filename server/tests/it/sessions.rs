//! Sessions: fresh ids at each sign-in step, cookie attributes, sign-out, idle and absolute
//! limits, and sessions ending with the account. Credentials themselves are in `credentials`.

use crate::helpers::accounts::signed_in_status;
use crate::helpers::{
    ACME_ADMIN, ACME_ANALYST, PLATFORM_RESPONDER, REQUEST_TIMEOUT, TestApp, browser, location,
};
use backend::fixtures::demo::DEMO_PASSWORD;
use chrono::Duration;
use reqwest::{Client, Response, cookie::CookieStore, cookie::Jar, header, redirect::Policy};
use std::sync::Arc;

const COOKIE: &str = "tandem_session";

/// A browser whose cookie jar the test can read.
fn browser_with_jar() -> (Client, Arc<Jar>) {
    let jar = Arc::new(Jar::default());
    let client = Client::builder()
        .redirect(Policy::none())
        .timeout(REQUEST_TIMEOUT)
        .cookie_provider(jar.clone())
        .build()
        .unwrap();
    (client, jar)
}

/// The session id the jar holds for the app, if any.
fn session_id(app: &TestApp, jar: &Jar) -> Option<String> {
    let url = app.url("/").parse().unwrap();
    let cookies = jar.cookies(&url)?;
    cookies
        .to_str()
        .unwrap()
        .split("; ")
        .find_map(|c| c.strip_prefix(&format!("{COOKIE}=")))
        .map(str::to_owned)
}

/// A client that presents `id` as its session cookie, as an attacker replaying it would.
fn replaying(app: &TestApp, id: &str) -> Client {
    let jar = Jar::default();
    jar.add_cookie_str(
        &format!("{COOKIE}={id}; Path=/"),
        &app.url("/").parse().unwrap(),
    );
    Client::builder()
        .redirect(Policy::none())
        .timeout(REQUEST_TIMEOUT)
        .cookie_provider(Arc::new(jar))
        .build()
        .unwrap()
}

/// The `Set-Cookie` header that sets the session cookie.
fn set_cookie(response: &Response) -> Option<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{COOKIE}=")))
        .map(str::to_owned)
}

#[tokio::test]
async fn signing_in_issues_a_new_session_id_and_the_pre_login_id_stops_working() {
    let app = TestApp::spawn().await;
    let (client, jar) = browser_with_jar();
    // A password step of platform staff leaves a session waiting for its second factor.
    let pending = app
        .submit_password(&client, PLATFORM_RESPONDER, DEMO_PASSWORD, "/incidents")
        .await;
    assert!(location(&pending).starts_with("/login/second-factor"));
    let before = session_id(&app, &jar).expect("a pre-login session");

    app.sign_in_with(&client, ACME_ANALYST).await;

    let after = session_id(&app, &jar).expect("a session");
    assert_ne!(before, after);
    assert_eq!(signed_in_status(&app, &client).await, 200);
    let old = replaying(&app, &before);
    assert_eq!(signed_in_status(&app, &old).await, 401);
    let code = app.next_code(PLATFORM_RESPONDER).await;
    let finished = app.submit_code(&old, &code, "/incidents").await;
    assert_eq!(
        finished.status().as_u16(),
        401,
        "the pending sign-in did not survive"
    );
}

#[tokio::test]
async fn the_second_factor_issues_yet_another_session_id() {
    let app = TestApp::spawn().await;
    let (client, jar) = browser_with_jar();
    app.submit_password(&client, PLATFORM_RESPONDER, DEMO_PASSWORD, "/incidents")
        .await;
    let pending = session_id(&app, &jar).unwrap();
    assert_eq!(
        signed_in_status(&app, &client).await,
        401,
        "a password alone does not sign platform staff in"
    );

    let code = app.next_code(PLATFORM_RESPONDER).await;
    let done = app.submit_code(&client, &code, "/incidents").await;

    assert_eq!(location(&done), "/incidents");
    let signed_in = session_id(&app, &jar).unwrap();
    assert_ne!(pending, signed_in);
    assert_eq!(signed_in_status(&app, &client).await, 200);
    assert_eq!(
        signed_in_status(&app, &replaying(&app, &pending)).await,
        401
    );
}

#[tokio::test]
async fn a_planted_session_id_is_never_adopted() {
    let app = TestApp::spawn().await;
    let planted = "AAAAAAAAAAAAAAAAAAAAAA";
    let (client, jar) = browser_with_jar();
    jar.add_cookie_str(
        &format!("{COOKIE}={planted}; Path=/"),
        &app.url("/").parse().unwrap(),
    );

    app.sign_in_with(&client, ACME_ANALYST).await;

    assert_ne!(session_id(&app, &jar).as_deref(), Some(planted));
    assert_eq!(signed_in_status(&app, &replaying(&app, planted)).await, 401);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_lax_for_the_whole_site_and_not_secure_over_http()
{
    let app = TestApp::spawn().await;
    let client = browser();
    let response = app
        .submit_password(&client, ACME_ANALYST, DEMO_PASSWORD, "/incidents")
        .await;
    let cookie = set_cookie(&response).expect("a session cookie");
    let attributes: Vec<String> = cookie
        .split(';')
        .skip(1)
        .map(|a| a.trim().to_lowercase())
        .collect();
    for wanted in ["httponly", "samesite=lax", "path=/"] {
        assert!(attributes.iter().any(|a| a == wanted), "{wanted}: {cookie}");
    }
    assert!(!attributes.iter().any(|a| a == "secure"), "{cookie}");
}

#[tokio::test]
async fn the_session_cookie_is_secure_when_configured_for_https() {
    let app = TestApp::spawn_configured(|config| config.secure_cookies = true).await;
    let response = app
        .submit_password(&browser(), ACME_ANALYST, DEMO_PASSWORD, "/incidents")
        .await;
    let cookie = set_cookie(&response).expect("a session cookie");
    assert!(
        cookie
            .split(';')
            .any(|a| a.trim().eq_ignore_ascii_case("secure")),
        "{cookie}"
    );
}

#[tokio::test]
async fn the_sign_in_form_works_without_javascript() {
    let app = TestApp::spawn().await;
    let client = browser();
    let form = [
        ("email", ACME_ANALYST),
        ("password", DEMO_PASSWORD),
        ("next", "/incidents/ACME-1"),
    ];
    let response = app
        .browser_post_as(&client, "/api/auth/sign-in", "/login", &form)
        .await;
    assert_eq!(response.status().as_u16(), 302);
    assert_eq!(location(&response), "/incidents/ACME-1");
    assert_eq!(app.get_as(&client, "/incidents/ACME-1").await.status(), 200);
}

#[tokio::test]
async fn sign_in_only_ever_sends_people_to_a_page_of_this_site() {
    let app = TestApp::spawn().await;
    for next in [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "/login",
    ] {
        let response = app
            .submit_password(&browser(), ACME_ANALYST, DEMO_PASSWORD, next)
            .await;
        assert_eq!(location(&response), "/incidents", "{next}");
    }
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server_so_a_replayed_cookie_is_refused() {
    let app = TestApp::spawn().await;
    let (client, jar) = browser_with_jar();
    app.sign_in_with(&client, ACME_ANALYST).await;
    let id = session_id(&app, &jar).unwrap();
    let sessions = app.count("sessions").await;

    let response = app.post_as(&client, "/api/auth/sign-out", &[]).await;

    assert_eq!(response.status().as_u16(), 200);
    assert!(location(&response).starts_with("/login"));
    assert_eq!(app.count("sessions").await, sessions - 1);
    let replay = replaying(&app, &id);
    assert_eq!(signed_in_status(&app, &replay).await, 401);
    let page = app.get_as(&replay, "/incidents").await;
    assert!(location(&page).starts_with("/login?next="), "{page:?}");
}

#[tokio::test]
async fn a_session_ends_after_thirty_idle_minutes_but_not_while_in_use() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    for _ in 0..3 {
        app.clock.advance(Duration::minutes(29));
        assert_eq!(signed_in_status(&app, &analyst).await, 200);
    }

    app.clock.advance(Duration::minutes(31));

    assert_eq!(signed_in_status(&app, &analyst).await, 401);
    let page = app.get_as(&analyst, "/incidents").await;
    assert!(location(&page).starts_with("/login?next="));
}

#[tokio::test]
async fn a_session_ends_twelve_hours_after_sign_in_however_active() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    // Every 20 minutes for 11 h 40 min: still signed in.
    for step in 1..36 {
        app.clock.advance(Duration::minutes(20));
        assert_eq!(
            signed_in_status(&app, &analyst).await,
            200,
            "after {} minutes",
            step * 20
        );
    }

    app.clock.advance(Duration::minutes(20));

    assert_eq!(signed_in_status(&app, &analyst).await, 401);
}

#[tokio::test]
async fn disabling_a_user_ends_their_sessions_and_stops_them_signing_in() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let id = app.user(ACME_ANALYST).await.id.to_string();

    let response = app
        .post_as(
            &admin,
            "/api/admin/users/update",
            &[
                ("id", id.as_str()),
                ("role", "tenant_responder"),
                ("disabled", "on"),
            ],
        )
        .await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(signed_in_status(&app, &analyst).await, 401);
    let again = app
        .submit_password(&browser(), ACME_ANALYST, DEMO_PASSWORD, "/incidents")
        .await;
    assert_eq!(again.status().as_u16(), 422);
    assert_eq!(signed_in_status(&app, &admin).await, 200, "others stay");
}

#[tokio::test]
async fn changing_ones_password_ends_every_session_and_only_the_new_password_works() {
    let app = TestApp::spawn().await;
    let here = app.sign_in(ACME_ANALYST).await;
    let elsewhere = app.sign_in(ACME_ANALYST).await;
    let new_password = "a much longer passphrase";

    let wrong = app
        .post_as(
            &here,
            "/api/account/password",
            &[
                ("current_password", "not my password"),
                ("new_password", new_password),
            ],
        )
        .await;
    assert_eq!(wrong.status().as_u16(), 422);
    assert_eq!(signed_in_status(&app, &elsewhere).await, 200);

    let changed = app
        .post_as(
            &here,
            "/api/account/password",
            &[
                ("current_password", DEMO_PASSWORD),
                ("new_password", new_password),
            ],
        )
        .await;

    assert_eq!(changed.status().as_u16(), 200);
    assert_eq!(signed_in_status(&app, &here).await, 401);
    assert_eq!(signed_in_status(&app, &elsewhere).await, 401);
    let old = app
        .submit_password(&browser(), ACME_ANALYST, DEMO_PASSWORD, "/incidents")
        .await;
    assert_eq!(old.status().as_u16(), 422);
    let new = app
        .submit_password(&browser(), ACME_ANALYST, new_password, "/incidents")
        .await;
    assert_eq!(new.status().as_u16(), 200);
    assert_eq!(location(&new), "/incidents");
}
