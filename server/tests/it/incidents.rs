use crate::helpers::{
    ACME_ANALYST, ENTRIES_PER_OPENING, PLATFORM_RESPONDER, TestApp, incident_form, location,
};

#[tokio::test]
async fn each_side_lists_the_incidents_it_sees_newest_first() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let (status, html) = app.get_html_as(&analyst, "/incidents").await;
    assert_eq!(status, 200);
    for key in ["ACME-1", "ACME-2"] {
        assert!(html.contains(&format!("/incidents/{key}")), "{key} missing");
    }
    assert!(
        html.find("ACME-2").unwrap() < html.find("ACME-1").unwrap(),
        "list is not newest first"
    );

    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let (status, html) = app.get_html_as(&responder, "/incidents").await;
    assert_eq!(status, 200);
    for key in ["PLT-1", "PLT-2", "GLOBEX-2"] {
        assert!(html.contains(&format!("/incidents/{key}")), "{key} missing");
    }
    assert!(
        html.contains("Coherent (platform-wide)"),
        "platform incidents say so"
    );
    let newest = html.find("GLOBEX-2").unwrap();
    let oldest = html.find("PLT-1").unwrap();
    assert!(newest < oldest, "list is not newest first");
}

#[tokio::test]
async fn a_form_post_without_javascript_opens_the_incident_and_lands_on_its_page() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let form = incident_form("Tenant admin without MFA", "SEV2", "ACME", "");

    let response = app
        .browser_post_as(&analyst, "/api/incidents/create", "/incidents/new", &form)
        .await;

    assert_eq!(response.status().as_u16(), 302);
    assert_eq!(location(&response), "/incidents/ACME-3");
    let (status, html) = app.get_html_as(&analyst, "/incidents/ACME-3").await;
    assert_eq!(status, 200);
    assert!(html.contains("Tenant admin without MFA"));
    assert!(html.contains("Acme Bank"));
    assert!(
        html.contains("<strong>02:00 UTC</strong>"),
        "description is rendered as Markdown"
    );
    assert!(html.contains("Incident opened with severity <strong>SEV2</strong>"));
    let (_, list) = app.get_html_as(&analyst, "/incidents").await;
    assert!(
        list.find("ACME-3").unwrap() < list.find("ACME-2").unwrap(),
        "new incident is first"
    );
}

#[tokio::test]
async fn opening_writes_the_incident_and_its_first_timeline_entry_together() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let (incidents, entries) = (
        app.count("incidents").await,
        app.count("timeline_entries").await,
    );

    app.open_incident_as(&responder, "GLOBEX", "Identity federation outage")
        .await;

    assert_eq!(app.count("incidents").await, incidents + 1);
    assert_eq!(
        app.count("timeline_entries").await,
        entries + ENTRIES_PER_OPENING
    );
}

#[tokio::test]
async fn keys_are_numbered_per_tenant_and_the_platform_has_its_own_sequence() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    for (tenant, title, key) in [
        ("GLOBEX", "Second Globex incident", "GLOBEX-3"),
        ("PLT", "Third platform incident", "PLT-3"),
        ("ACME", "Third Acme incident", "ACME-3"),
        ("GLOBEX", "Third Globex incident", "GLOBEX-4"),
    ] {
        assert_eq!(app.open_incident_as(&responder, tenant, title).await, key);
    }
}

#[tokio::test]
async fn the_same_submission_twice_opens_one_incident() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let before = app.count("incidents").await;
    let form = incident_form(
        "Double-clicked incident",
        "SEV3",
        "ACME",
        "b7c9a0de-1111-4e2a-9d64-0f3e5a7c2b11",
    );

    let first = app
        .browser_post_as(&analyst, "/api/incidents/create", "/incidents/new", &form)
        .await;
    let second = app
        .browser_post_as(&analyst, "/api/incidents/create", "/incidents/new", &form)
        .await;

    assert_eq!(location(&first), "/incidents/ACME-3");
    assert_eq!(location(&second), "/incidents/ACME-3");
    assert_eq!(app.count("incidents").await, before + 1);
}

#[tokio::test]
async fn the_same_submission_sent_five_times_at_once_opens_one_incident_with_one_record() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let (incidents, entries, audits, tasks) = (
        app.count("incidents").await,
        app.count("timeline_entries").await,
        app.count("audit_entries").await,
        app.count("tasks").await,
    );
    let form = incident_form(
        "Retried while the first was on its way",
        "SEV3",
        "ACME",
        "0d4c2f8e-2222-4b1a-8e37-6a9d1c3b5f20",
    );

    let sent = (0..5).map(|_| app.post_as(&analyst, "/api/incidents/create", &form));
    let answers = futures_util::future::join_all(sent).await;

    for answer in &answers {
        assert_eq!(answer.status().as_u16(), 200);
        assert_eq!(location(answer), "/incidents/ACME-3");
    }
    assert_eq!(app.count("incidents").await, incidents + 1);
    assert_eq!(
        app.count("timeline_entries").await,
        entries + ENTRIES_PER_OPENING
    );
    // One opening, its triage decision, and one entry per task it seeded.
    let seeded = app.count("tasks").await - tasks;
    assert!(seeded > 0);
    assert_eq!(app.count("audit_entries").await, audits + 2 + seeded);
}

#[tokio::test]
async fn the_hydrated_form_gets_the_redirect_as_a_header_rather_than_a_302() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let form = incident_form("Opened from the live page", "SEV4", "PLT", "");

    let response = app
        .post_as(&responder, "/api/incidents/create", &form)
        .await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(location(&response), "/incidents/PLT-3");
}

#[tokio::test]
async fn incident_keys_in_urls_are_case_insensitive() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let (status, html) = app.get_html_as(&analyst, "/incidents/acme-1").await;
    assert_eq!(status, 200);
    assert!(html.contains("ACME-1"));
}
