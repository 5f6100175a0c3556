use crate::helpers::TestApp;

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
    let response = app.get("/incidents").await;
    let headers = response.headers();
    assert!(headers.contains_key("x-request-id"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");
    assert_eq!(headers["x-frame-options"], "DENY");
}
