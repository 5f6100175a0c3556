use crate::helpers::{
    ACME_ANALYST, GLOBEX_ANALYST, PLATFORM_RESPONDER, SEEDED, TestApp, incident_form, location,
};
use contract::error::AppError;

#[tokio::test]
async fn validation_errors_name_each_field_and_write_nothing() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let before = (
        app.count("incidents").await,
        app.count("timeline_entries").await,
    );

    let response = app
        .post_as(
            &analyst,
            "/api/incidents/create",
            &incident_form("  ", "SEV9", "ACME", ""),
        )
        .await;

    assert_eq!(response.status().as_u16(), 422);
    let error: AppError = response.json().await.unwrap();
    assert!(error.field_message("title").is_some());
    assert!(error.field_message("severity").is_some());
    assert_eq!(error.field_message("tenant"), None);
    assert_eq!(error.submitted("severity").as_deref(), Some("SEV9"));
    assert_eq!(
        before,
        (
            app.count("incidents").await,
            app.count("timeline_entries").await
        )
    );
}

#[tokio::test]
async fn without_javascript_a_refused_form_comes_back_with_messages_and_what_was_typed() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(GLOBEX_ANALYST).await;
    let long_title = "x".repeat(201);
    let form = incident_form(&long_title, "SEV2", "GLOBEX", "");

    let response = app
        .browser_post_as(&analyst, "/api/incidents/create", "/incidents/new", &form)
        .await;

    assert_eq!(response.status().as_u16(), 302);
    let back = location(&response);
    assert!(
        back.contains("/incidents/new?") && back.contains("__err="),
        "{back}"
    );
    let path = back.trim_start_matches(&format!("http://{}", app.addr));
    let (status, html) = app.get_html_as(&analyst, path).await;
    assert_eq!(status, 200);
    assert!(html.contains("Keep the title to 200 characters or fewer (it has 201)."));
    assert!(html.contains(&long_title), "the title typed is kept");
    assert!(
        html.contains("Seen at **02:00 UTC** by the on-call engineer."),
        "the description is kept"
    );
    assert!(
        html.contains(r#"value="GLOBEX" selected"#),
        "the tenant choice is kept"
    );
    assert_eq!(app.count("incidents").await, SEEDED);
}

#[tokio::test]
async fn an_unknown_tenant_is_a_field_error() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let response = app
        .post_as(
            &analyst,
            "/api/incidents/create",
            &incident_form("Valid title", "SEV1", "NOPE", ""),
        )
        .await;
    assert_eq!(response.status().as_u16(), 422);
    let error: AppError = response.json().await.unwrap();
    assert!(error.field_message("tenant").is_some());
}

#[tokio::test]
async fn an_oversized_description_is_refused_with_its_field() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let description = "y".repeat(20_001);
    let mut form = incident_form("Valid title", "SEV1", "ACME", "");
    form[1].1 = &description;
    let response = app.post_as(&analyst, "/api/incidents/create", &form).await;
    assert_eq!(response.status().as_u16(), 422);
    let error: AppError = response.json().await.unwrap();
    assert!(error.field_message("description").is_some());
    assert_eq!(app.count("incidents").await, SEEDED);
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_with_413() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let huge = "z".repeat(200 * 1024);
    let mut form = incident_form("Valid title", "SEV1", "ACME", "");
    form[1].1 = &huge;
    let response = app.post_as(&analyst, "/api/incidents/create", &form).await;
    assert_eq!(response.status().as_u16(), 413);
    assert_eq!(app.count("incidents").await, SEEDED);
}

#[tokio::test]
async fn malformed_bodies_are_refused_with_400_and_no_internal_detail() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let bodies: [&[u8]; 4] = [b"title=only-a-title", b"%%%", b"\xff\xfe\x00", b""];
    for body in bodies {
        let response = analyst
            .post(app.url("/api/incidents/create"))
            .header("content-type", "application/x-www-form-urlencoded")
            .header("accept", "application/json")
            .body(body.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 400, "body {body:?}");
        let text = response.text().await.unwrap();
        assert!(text.contains("BadRequest"), "{text}");
        assert!(
            !text.to_lowercase().contains("missing"),
            "internal detail leaked: {text}"
        );
    }
    assert_eq!(app.count("incidents").await, SEEDED);
}

#[tokio::test]
async fn unknown_and_malformed_incident_keys_answer_404() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    for path in [
        "/incidents/ACME-999",
        "/incidents/NOPE-1",
        "/incidents/ACME-0",
        "/incidents/%3Cscript%3E",
        "/no/such/page",
    ] {
        let (status, html) = app.get_html_as(&analyst, path).await;
        assert_eq!(status, 404, "{path}");
        assert!(html.contains("Not found"), "{path}");
    }
}

#[tokio::test]
async fn changes_to_an_incident_that_does_not_exist_answer_404_and_write_nothing() {
    let app = TestApp::spawn().await;
    let callers = [
        app.sign_in(ACME_ANALYST).await,
        app.sign_in(PLATFORM_RESPONDER).await,
    ];
    let before = app.snapshot().await;
    for key in ["ACME-999", "PLT-999", "NOPE-1"] {
        let changes: [(&str, Vec<(&str, &str)>); 5] = [
            (
                "/api/incidents/move",
                vec![("key", key), ("version", "1"), ("to", "triaged")],
            ),
            (
                "/api/incidents/severity",
                vec![("key", key), ("version", "1"), ("severity", "SEV1")],
            ),
            (
                "/api/tasks/add",
                vec![
                    ("key", key),
                    ("workstream", "platform"),
                    ("title", "Check the logs"),
                ],
            ),
            (
                "/api/timeline/note",
                vec![
                    ("key", key),
                    ("body", "Still looking."),
                    ("visibility", "shared"),
                ],
            ),
            (
                "/api/incidents/facts",
                vec![
                    ("key", key),
                    ("version", "1"),
                    ("area", "infrastructure"),
                    ("layer", "platform"),
                    ("tenants_affected", "all"),
                ],
            ),
        ];
        for caller in &callers {
            for (path, form) in &changes {
                let status = app.post_as(caller, path, form).await.status().as_u16();
                assert_eq!(status, 404, "{path} for {key}");
            }
        }
    }
    assert_eq!(
        app.snapshot().await,
        before,
        "a refused change wrote something"
    );
}

#[tokio::test]
async fn an_idempotency_key_of_the_wrong_shape_is_refused() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let long_key = "k".repeat(65);
    let response = app
        .post_as(
            &analyst,
            "/api/incidents/create",
            &incident_form("Valid title", "SEV1", "ACME", &long_key),
        )
        .await;
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(app.count("incidents").await, SEEDED);
}
