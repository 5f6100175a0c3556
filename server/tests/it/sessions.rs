//! Sessions and sign-in: fresh ids at each step, cookie attributes, sign-out, idle and absolute
//! limits, sessions ending with the account, password hashes, throttling, odd credentials and
//! the second factor.

use crate::helpers::{
    ACME_ADMIN, ACME_ANALYST, ACME_VIEWER, PLATFORM_RESPONDER, REQUEST_TIMEOUT, TestApp, browser,
    location,
};
use app::backend::services::demo::DEMO_PASSWORD;
use app::error::AppError;
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

/// The status of a request that needs a signed-in user.
async fn signed_in_status(app: &TestApp, client: &Client) -> u16 {
    app.get_as(client, "/api/incidents/list")
        .await
        .status()
        .as_u16()
}

async fn error_of(response: Response) -> AppError {
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not an AppError: {text}"))
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

/// `(m, t, p)` of an argon2id PHC string; panics on any other algorithm.
fn argon2id_params(phc: &str) -> (u32, u32, u32) {
    let parts: Vec<&str> = phc.split('$').collect();
    assert_eq!(parts.get(1), Some(&"argon2id"), "{}", parts[1]);
    let params = parts[3];
    let get = |name: &str| {
        params
            .split(',')
            .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
            .unwrap()
            .parse::<u32>()
            .unwrap()
    };
    (get("m"), get("t"), get("p"))
}

#[tokio::test]
async fn password_hashes_are_argon2id_with_at_least_19_mib_two_passes_and_one_lane() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let created = app
        .post_as(
            &admin,
            "/api/admin/users/create",
            &[
                ("email", "new.analyst@acme.example"),
                ("display_name", "New Analyst"),
                ("role", "tenant_responder"),
                ("password", "a freshly chosen passphrase"),
            ],
        )
        .await;
    assert_eq!(created.status().as_u16(), 200);

    for email in [ACME_ANALYST, "new.analyst@acme.example"] {
        let hash = app.user(email).await.password_hash;
        let (m, t, p) = argon2id_params(&hash);
        assert!(
            m >= 19 * 1024 && t >= 2 && p == 1,
            "{email}: m={m} t={t} p={p}"
        );
        assert!(!hash.contains("passphrase") && !hash.contains(DEMO_PASSWORD));
    }
}

#[tokio::test]
async fn many_wrong_passwords_lock_that_account_while_others_still_sign_in() {
    let app = TestApp::spawn().await;
    for attempt in 1..=6 {
        let response = app
            .submit_password(&browser(), ACME_VIEWER, "guessing-the-password", "/")
            .await;
        assert_eq!(response.status().as_u16(), 422, "attempt {attempt}");
    }

    let locked = app
        .submit_password(&browser(), ACME_VIEWER, DEMO_PASSWORD, "/incidents")
        .await;
    assert_eq!(locked.status().as_u16(), 429);
    assert!(matches!(
        error_of(locked).await,
        AppError::Throttled { retry_after_secs } if retry_after_secs > 0
    ));

    let other = app
        .submit_password(&browser(), ACME_ANALYST, DEMO_PASSWORD, "/incidents")
        .await;
    assert_eq!(
        other.status().as_u16(),
        200,
        "another account from the same address"
    );

    app.clock.advance(Duration::minutes(1));
    let later = app
        .submit_password(&browser(), ACME_VIEWER, DEMO_PASSWORD, "/incidents")
        .await;
    assert_eq!(later.status().as_u16(), 200, "the lock ends by itself");
}

#[tokio::test]
async fn an_unknown_address_and_a_wrong_password_get_the_same_answer_in_comparable_time() {
    let app = TestApp::spawn().await;
    let unknown = "nobody@acme.example";
    let mut answers = Vec::new();
    let mut fastest = [std::time::Duration::MAX; 2];
    for _ in 0..2 {
        for (i, email) in [unknown, ACME_ANALYST].into_iter().enumerate() {
            let started = std::time::Instant::now();
            let response = app
                .submit_password(&browser(), email, "wrong-password-here", "/incidents")
                .await;
            fastest[i] = fastest[i].min(started.elapsed());
            let status = response.status().as_u16();
            let body = response.text().await.unwrap().replace(email, "EMAIL");
            answers.push((status, body));
        }
    }

    assert_eq!(answers[0], answers[1]);
    assert_eq!(answers[2], answers[3]);
    assert_eq!(answers[0].0, 422);
    // Both hash a password: an unknown address is not answered noticeably faster.
    assert!(
        fastest[0] * 3 >= fastest[1],
        "unknown {:?} vs wrong {:?}",
        fastest[0],
        fastest[1]
    );
}

#[tokio::test]
async fn empty_blank_huge_and_nul_credentials_are_refused_without_a_server_error() {
    let app = TestApp::spawn().await;
    let long_email = format!("{}@acme.example", "a".repeat(10 * 1024));
    let long_password = "p".repeat(10 * 1024);
    let nul_password = format!("{DEMO_PASSWORD}\0");
    let cases: [(&str, &str); 9] = [
        ("", ""),
        ("", DEMO_PASSWORD),
        (ACME_ANALYST, ""),
        ("   ", "   "),
        (ACME_ANALYST, "   "),
        (&long_email, DEMO_PASSWORD),
        (ACME_ANALYST, &long_password),
        ("analyst\0@acme.example", DEMO_PASSWORD),
        (ACME_ANALYST, &nul_password),
    ];
    for (email, password) in cases {
        let client = browser();
        let response = app
            .submit_password(&client, email, password, "/incidents")
            .await;
        let status = response.status().as_u16();
        let shown = format!("{:?}", &email[..email.len().min(20)]);
        assert_eq!(status, 422, "{shown}");
        assert!(
            matches!(error_of(response).await, AppError::Invalid { .. }),
            "{shown}"
        );
        assert_eq!(signed_in_status(&app, &client).await, 401, "{shown}");
    }
    let ok = app
        .submit_password(&browser(), ACME_ANALYST, DEMO_PASSWORD, "/incidents")
        .await;
    assert_eq!(ok.status().as_u16(), 200);
}

/// A client that has passed the password step of the demo responder.
async fn awaiting_code(app: &TestApp) -> Client {
    let client = browser();
    let response = app
        .submit_password(&client, PLATFORM_RESPONDER, DEMO_PASSWORD, "/incidents")
        .await;
    assert!(location(&response).starts_with("/login/second-factor"));
    client
}

#[tokio::test]
async fn the_current_and_previous_codes_are_accepted_and_older_ones_refused() {
    let app = TestApp::spawn().await;
    let client = awaiting_code(&app).await;
    app.settle_in_step();
    let two_back = app.code_at_offset(-2);
    let one_back = app.code_at_offset(-1);
    let current = app.code_at_offset(0);

    if two_back != one_back && two_back != current {
        let refused = app.submit_code(&client, &two_back, "/incidents").await;
        assert_eq!(refused.status().as_u16(), 422);
    }
    let accepted = app.submit_code(&client, &one_back, "/incidents").await;
    assert_eq!(accepted.status().as_u16(), 200);
    assert_eq!(signed_in_status(&app, &client).await, 200);

    let second = awaiting_code(&app).await;
    let accepted = app.submit_code(&second, &current, "/incidents").await;
    assert_eq!(accepted.status().as_u16(), 200, "the current step's code");
}

#[tokio::test]
async fn a_code_that_was_used_is_refused_the_second_time() {
    let app = TestApp::spawn().await;
    app.settle_in_step();
    let code = app.code_at_offset(0);
    let first = awaiting_code(&app).await;
    assert_eq!(
        app.submit_code(&first, &code, "/incidents")
            .await
            .status()
            .as_u16(),
        200
    );

    let second = awaiting_code(&app).await;
    let replayed = app.submit_code(&second, &code, "/incidents").await;

    assert_eq!(replayed.status().as_u16(), 422);
    assert_eq!(signed_in_status(&app, &second).await, 401);
    let earlier = app.code_at_offset(-1);
    let refused = app.submit_code(&second, &earlier, "/incidents").await;
    assert_eq!(
        refused.status().as_u16(),
        422,
        "nor an earlier one after it"
    );
}

#[tokio::test]
async fn wrong_codes_are_throttled_per_account() {
    let app = TestApp::spawn().await;
    let client = awaiting_code(&app).await;
    app.settle_in_step();
    let valid = [-1, 0, 1].map(|s| app.code_at_offset(s));
    let wrong = (0..10)
        .map(|n| format!("{:06}", (123_456 + n * 111_111) % 1_000_000))
        .find(|c| !valid.contains(c))
        .unwrap();
    for attempt in 1..=4 {
        let response = app.submit_code(&client, &wrong, "/incidents").await;
        assert_eq!(response.status().as_u16(), 422, "attempt {attempt}");
    }

    let right = app.code_at_offset(0);
    let locked = app.submit_code(&client, &right, "/incidents").await;

    assert_eq!(locked.status().as_u16(), 429);
    assert_eq!(signed_in_status(&app, &client).await, 401);
    let other = app.sign_in(ACME_ANALYST).await;
    assert_eq!(signed_in_status(&app, &other).await, 200);
}
