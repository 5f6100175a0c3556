use crate::helpers::{ENTRIES_PER_OPENING, TestApp, incident_form, location};

#[tokio::test]
async fn the_demo_data_lists_incidents_of_both_tenants_and_the_platform_newest_first() {
    let app = TestApp::spawn().await;
    let (status, html) = app.get_html("/incidents").await;
    assert_eq!(status, 200);
    for key in ["ACME-1", "ACME-2", "GLOBEX-1", "PLT-1", "PLT-2"] {
        assert!(html.contains(&format!("/incidents/{key}")), "{key} missing");
    }
    assert!(
        html.contains("Coherent (platform-wide)"),
        "platform incidents say so"
    );
    let newest = html.find("PLT-2").unwrap();
    let oldest = html.find("ACME-1").unwrap();
    assert!(newest < oldest, "list is not newest first");
}

#[tokio::test]
async fn a_form_post_without_javascript_opens_the_incident_and_lands_on_its_page() {
    let app = TestApp::spawn().await;
    let form = incident_form("Tenant admin without MFA", "SEV2", "ACME", "");

    let response = app
        .post_form_as_browser("/api/incidents/create", "/incidents/new", &form)
        .await;

    assert_eq!(response.status().as_u16(), 302);
    assert_eq!(location(&response), "/incidents/ACME-3");
    let (status, html) = app.get_html("/incidents/ACME-3").await;
    assert_eq!(status, 200);
    assert!(html.contains("Tenant admin without MFA"));
    assert!(html.contains("Acme Bank"));
    assert!(
        html.contains("<strong>02:00 UTC</strong>"),
        "description is rendered as Markdown"
    );
    assert!(html.contains("Incident opened with severity <strong>SEV2</strong>"));
    let (_, list) = app.get_html("/incidents").await;
    assert!(
        list.find("ACME-3").unwrap() < list.find("PLT-2").unwrap(),
        "new incident is first"
    );
}

#[tokio::test]
async fn opening_writes_the_incident_and_its_first_timeline_entry_together() {
    let app = TestApp::spawn().await;
    let (incidents, entries) = (
        app.count("incidents").await,
        app.count("timeline_entries").await,
    );

    app.open_incident("GLOBEX", "Identity federation outage")
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
    assert_eq!(
        app.open_incident("GLOBEX", "Second Globex incident").await,
        "GLOBEX-3"
    );
    assert_eq!(
        app.open_incident("PLT", "Third platform incident").await,
        "PLT-3"
    );
    assert_eq!(
        app.open_incident("ACME", "Third Acme incident").await,
        "ACME-3"
    );
    assert_eq!(
        app.open_incident("GLOBEX", "Third Globex incident").await,
        "GLOBEX-4"
    );
}

#[tokio::test]
async fn the_same_submission_twice_opens_one_incident() {
    let app = TestApp::spawn().await;
    let before = app.count("incidents").await;
    let form = incident_form(
        "Double-clicked incident",
        "SEV3",
        "ACME",
        "b7c9a0de-1111-4e2a-9d64-0f3e5a7c2b11",
    );

    let first = app
        .post_form_as_browser("/api/incidents/create", "/incidents/new", &form)
        .await;
    let second = app
        .post_form_as_browser("/api/incidents/create", "/incidents/new", &form)
        .await;

    assert_eq!(location(&first), "/incidents/ACME-3");
    assert_eq!(location(&second), "/incidents/ACME-3");
    assert_eq!(app.count("incidents").await, before + 1);
}

#[tokio::test]
async fn the_hydrated_form_gets_the_redirect_as_a_header_rather_than_a_302() {
    let app = TestApp::spawn().await;
    let form = incident_form("Opened from the live page", "SEV4", "PLT", "");

    let response = app
        .post_form_as_script("/api/incidents/create", &form)
        .await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(location(&response), "/incidents/PLT-3");
}

#[tokio::test]
async fn incident_keys_in_urls_are_case_insensitive() {
    let app = TestApp::spawn().await;
    let (status, html) = app.get_html("/incidents/acme-1").await;
    assert_eq!(status, 200);
    assert!(html.contains("ACME-1"));
}
