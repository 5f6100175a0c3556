use crate::helpers::{ACME_ANALYST, TestApp};

#[tokio::test]
async fn healthz_answers_ok() {
    let app = TestApp::spawn().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn readyz_answers_ready_when_the_database_responds() {
    let app = TestApp::spawn().await;
    let response = app.get("/readyz").await;
    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn readyz_answers_503_within_seconds_when_the_database_is_gone() {
    let app = TestApp::spawn().await;
    app.db.conn().clone().close().await.unwrap();
    let started = std::time::Instant::now();
    let response = app.get("/readyz").await;
    assert_eq!(response.status().as_u16(), 503);
    assert!(
        started.elapsed().as_secs() < 5,
        "took {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn every_response_carries_a_request_id_and_security_headers() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    // A page, the redirect to sign in, and a refused server function call.
    for (client, path) in [
        (&analyst, "/incidents"),
        (&app.client, "/incidents"),
        (&app.client, "/api/incidents/list"),
    ] {
        let response = app.get_as(client, path).await;
        let headers = response.headers();
        assert!(headers.contains_key("x-request-id"), "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff");
        assert_eq!(headers["referrer-policy"], "same-origin");
        assert_eq!(headers["x-frame-options"], "DENY");
    }
}

#[tokio::test]
async fn pages_carry_a_nonce_csp_that_matches_their_hydration_script() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    for (client, path) in [
        (&analyst, "/incidents"),
        (&analyst, "/incidents/new"),
        (&analyst, "/incidents/ACME-1"),
        (&analyst, "/model"),
        (&analyst, "/no/such/page"),
        (&app.client, "/login"),
    ] {
        let response = app.get_as(client, path).await;
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        let html = response.text().await.unwrap();
        for directive in [
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ] {
            assert!(policy.contains(directive), "{path}: {policy}");
        }
        assert!(!policy.contains("unsafe-inline"), "{path}: {policy}");
        let nonce = policy
            .split("'nonce-")
            .nth(1)
            .and_then(|rest| rest.split('\'').next())
            .unwrap();
        assert!(nonce.len() >= 16, "{path}: {policy}");
        assert!(
            html.contains(&format!("nonce=\"{nonce}\"")),
            "{path}: hydration script lacks the nonce"
        );
    }
}

#[tokio::test]
async fn other_responses_carry_a_csp_that_allows_nothing() {
    let app = TestApp::spawn().await;
    for path in ["/healthz", "/readyz", "/api/incidents/list", "/api/model"] {
        let response = app.get(path).await;
        let policy = response.headers()["content-security-policy"]
            .to_str()
            .unwrap();
        assert!(policy.starts_with("default-src 'none'"), "{path}: {policy}");
    }
}

#[tokio::test]
async fn two_page_views_get_different_nonces() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let nonce = |policy: &str| policy.split("'nonce-").nth(1).map(str::to_owned);
    let first = app.get_as(&analyst, "/incidents").await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    let second = app.get_as(&analyst, "/incidents").await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(nonce(&first).is_some());
    assert_ne!(nonce(&first), nonce(&second));
}
