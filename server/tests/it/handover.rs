//! Opening an incident that triage would take out of the reporter's side's sight asks the
//! reporter to confirm first; nothing is written until they do.

use crate::helpers::incidents::with_facts;
use crate::helpers::{ACME_ANALYST, PLATFORM_RESPONDER, TestApp, location};

const PLATFORM_FAULT: [(&str, &str); 2] = [("area", "infrastructure"), ("layer", "platform")];

#[tokio::test]
async fn a_tenant_opening_a_platform_fault_is_asked_to_confirm_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let (incidents, audits) = (
        app.count("incidents").await,
        app.count("audit_entries").await,
    );
    let form = with_facts(
        "Expired TLS certificate on the API gateway",
        "ACME",
        &PLATFORM_FAULT,
    );

    let asked = app.post_as(&analyst, "/api/incidents/create", &form).await;

    assert_eq!(asked.status().as_u16(), 422);
    let error: contract::error::AppError =
        serde_json::from_str(&asked.text().await.unwrap()).unwrap();
    let question = error.field_message("confirm_handover").unwrap();
    assert!(
        question.contains("your tenant will no longer see it"),
        "{question}"
    );
    assert_eq!(
        error.submitted("title").as_deref(),
        Some("Expired TLS certificate on the API gateway")
    );
    assert_eq!(app.count("incidents").await, incidents);
    assert_eq!(app.count("audit_entries").await, audits);
}

#[tokio::test]
async fn a_confirmed_handover_opens_the_incident_and_lands_on_the_list() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let incidents = app.count("incidents").await;
    let mut form = with_facts(
        "Expired TLS certificate on the API gateway",
        "ACME",
        &PLATFORM_FAULT,
    );
    form.push(("confirm_handover", "yes"));

    let opened = app
        .browser_post_as(&analyst, "/api/incidents/create", "/incidents/new", &form)
        .await;

    assert_eq!(opened.status().as_u16(), 302);
    assert!(
        location(&opened).starts_with("/incidents?handed_over=ACME-"),
        "{}",
        location(&opened)
    );
    assert_eq!(app.count("incidents").await, incidents + 1);
}

#[tokio::test]
async fn no_question_is_asked_when_the_reporters_side_keeps_the_incident() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let tenant_fault = [
        ("area", "privileged-access"),
        ("layer", "tenant"),
        ("flags[tenant-mfa]", "on"),
    ];

    let own = app
        .browser_post_as(
            &analyst,
            "/api/incidents/create",
            "/incidents/new",
            &with_facts("Admin without MFA", "ACME", &tenant_fault),
        )
        .await;
    let platform = app
        .browser_post_as(
            &responder,
            "/api/incidents/create",
            "/incidents/new",
            &with_facts("Expired TLS certificate", "PLT", &PLATFORM_FAULT),
        )
        .await;
    let staff_to_tenant = app
        .post_as(
            &responder,
            "/api/incidents/create",
            &with_facts("Admin without MFA at Acme", "ACME", &tenant_fault),
        )
        .await;

    assert!(
        location(&own).starts_with("/incidents/ACME-"),
        "{}",
        location(&own)
    );
    assert!(
        location(&platform).starts_with("/incidents/PLT-"),
        "{}",
        location(&platform)
    );
    assert_eq!(
        staff_to_tenant.status().as_u16(),
        422,
        "platform staff lose a tenant-owned incident too"
    );
}
