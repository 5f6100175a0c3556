//! Credentials: password hashes, throttling of wrong passwords without telling accounts apart,
//! odd input, and the second factor (RFC 6238 steps, single use, throttled).

use crate::helpers::accounts::{error_of, signed_in_status};
use crate::helpers::{
    ACME_ADMIN, ACME_ANALYST, ACME_VIEWER, PLATFORM_RESPONDER, TestApp, browser, location,
};
use backend::fixtures::demo::DEMO_PASSWORD;
use chrono::Duration;
use contract::error::AppError;
use reqwest::Client;

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
    // The fastest of four tries each, so that a pause of the machine does not decide.
    for _ in 0..4 {
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

    for pair in answers.chunks(2) {
        assert_eq!(pair[0], pair[1]);
    }
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
