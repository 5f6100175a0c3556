//! Triage through the form: the model's decision with its reasons, suggestions from the words,
//! missing and unknown facts, overrides and re-triage.

use crate::helpers::incidents::{stored, with_facts};
use crate::helpers::{
    ACME_ANALYST, GLOBEX_ANALYST, PLATFORM_RESPONDER, TestApp, incident_form, location,
};
use contract::error::AppError;
use domain::responsibility::Owner;

#[tokio::test]
async fn an_incident_about_a_tenant_admin_without_mfa_is_triaged_to_the_tenant_with_reasons() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let form = with_facts(
        "Tenant admin signs in without MFA",
        "ACME",
        &[
            ("area", "privileged-access"),
            ("layer", "tenant"),
            ("tenants_affected", "one"),
            ("flags[tenant-mfa]", "on"),
        ],
    );
    let response = app
        .browser_post_as(&analyst, "/api/incidents/create", "/incidents/new", &form)
        .await;
    assert_eq!(location(&response), "/incidents/ACME-3");

    let row = stored(&app, 3, "ACME").await;
    assert_eq!(row.owner.code(), "tenant");
    assert_eq!(row.lead.code(), "tenant");
    let (_, html) = app.get_html_as(&analyst, "/incidents/ACME-3").await;
    assert!(
        html.contains(r#"class="badge owner owner-tenant">tenant<"#),
        "owner badge"
    );
    assert!(html.contains(
        "Privileged Access Management (PAM) is split, and this happened in the tenant layer"
    ));
    assert!(
        html.contains(r#"href="/model#duty-tenant-authentication-mfa""#),
        "reason links its model row"
    );
    assert!(
        html.contains("Check the tenant&#x27;s authentication settings")
            || html.contains("Check the tenant's authentication settings")
    );
    assert!(
        html.contains("Triaged to <strong>tenant</strong> ownership"),
        "triage is on the timeline"
    );
}

#[tokio::test]
async fn an_expired_platform_tls_certificate_is_triaged_to_the_platform() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let form = with_facts(
        "Expired TLS certificate on the login service",
        "PLT",
        &[
            ("area", "infrastructure"),
            ("layer", "platform"),
            ("tenants_affected", "all"),
        ],
    );
    app.browser_post_as(&responder, "/api/incidents/create", "/incidents/new", &form)
        .await;
    let row = stored(&app, 3, "PLT").await;
    assert_eq!(
        (row.owner.code(), row.lead.code()),
        ("platform", "platform")
    );
}

#[tokio::test]
async fn a_left_open_area_is_suggested_from_the_words_and_the_words_are_shown() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let form = with_facts(
        "Tenant admin account without MFA",
        "ACME",
        &[("layer", "tenant"), ("tenants_affected", "one")],
    );
    app.browser_post_as(&analyst, "/api/incidents/create", "/incidents/new", &form)
        .await;

    let row = stored(&app, 3, "ACME").await;
    assert_eq!(row.area.as_deref(), Some("privileged-access"));
    assert!(row.flags.contains("tenant-mfa"), "{}", row.flags);
    assert_eq!(row.owner.code(), "tenant");
    let (_, html) = app.get_html_as(&analyst, "/incidents/ACME-3").await;
    assert!(
        html.contains("suggested from the words: admin account, mfa"),
        "matched words shown"
    );
}

#[tokio::test]
async fn missing_facts_are_asked_for_on_the_page() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    app.browser_post_as(
        &analyst,
        "/api/incidents/create",
        "/incidents/new",
        &incident_form("Something odd happened", "SEV4", "ACME", ""),
    )
    .await;
    let row = stored(&app, 3, "ACME").await;
    assert_eq!(row.owner.code(), "shared");
    let (_, html) = app.get_html_as(&analyst, "/incidents/ACME-3").await;
    assert!(html.contains("Which responsibility area is this about?"));
    assert!(html.contains("Did it happen in the platform layer or inside a tenant?"));
}

#[tokio::test]
async fn unknown_facts_are_field_errors_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let before = app.count("incidents").await;
    let form = with_facts(
        "Valid title here",
        "ACME",
        &[
            ("area", "weather"),
            ("layer", "sideways"),
            ("flags[made-up]", "on"),
        ],
    );
    let response = app.post_as(&analyst, "/api/incidents/create", &form).await;
    assert_eq!(response.status().as_u16(), 422);
    let error: AppError = response.json().await.unwrap();
    for field in ["area", "layer", "flags"] {
        assert!(error.field_message(field).is_some(), "{field}");
    }
    assert_eq!(error.submitted("flags[made-up]").as_deref(), Some("on"));
    assert_eq!(app.count("incidents").await, before);
}

#[tokio::test]
async fn changing_the_facts_triages_again_and_a_stale_save_is_a_conflict() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let row = stored(&app, 1, "ACME").await;
    assert_eq!(row.owner.code(), "tenant");
    let entries = app.count("timeline_entries").await;
    let version = row.version.to_string();
    let facts = [
        ("key", "ACME-1"),
        ("version", version.as_str()),
        ("area", "privileged-access"),
        ("layer", "tenant"),
        ("tenants_affected", "one"),
        ("flags[privileged-platform-access]", "on"),
    ];

    let saved = app.post_as(&analyst, "/api/incidents/facts", &facts).await;
    let stale = app.post_as(&analyst, "/api/incidents/facts", &facts).await;

    assert_eq!(saved.status().as_u16(), 200);
    assert_eq!(stale.status().as_u16(), 409);
    let row = stored(&app, 1, "ACME").await;
    assert_eq!((row.owner.code(), row.version), ("shared", 2));
    assert_eq!(
        app.count("timeline_entries").await,
        entries + 1,
        "one entry for the one save"
    );
    let (_, html) = app.get_html_as(&analyst, "/incidents/ACME-1").await;
    assert!(html.contains("Facts changed; re-triaged to <strong>shared</strong>"));
}

#[tokio::test]
async fn an_override_needs_a_written_reason_leaves_a_trace_and_hides_the_incident_from_the_tenant()
{
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let tenant = app.sign_in(GLOBEX_ANALYST).await;
    let row = stored(&app, 2, "GLOBEX").await;
    assert_eq!(row.owner.code(), "shared");
    assert_eq!(
        app.get_as(&tenant, "/incidents/GLOBEX-2")
            .await
            .status()
            .as_u16(),
        200
    );
    let version = row.version.to_string();
    let short = [
        ("key", "GLOBEX-2"),
        ("version", version.as_str()),
        ("owner", "platform"),
        ("reason", "because"),
    ];
    let refused = app
        .post_as(&responder, "/api/incidents/override", &short)
        .await;
    assert_eq!(refused.status().as_u16(), 422);
    assert_eq!(stored(&app, 2, "GLOBEX").await.version, row.version);

    let reason = "The break-glass session ran on the platform's support tooling, not Globex's.";
    let full = [
        ("key", "GLOBEX-2"),
        ("version", version.as_str()),
        ("owner", "platform"),
        ("reason", reason),
    ];
    let accepted = app
        .browser_post_as(
            &responder,
            "/api/incidents/override",
            "/incidents/GLOBEX-2",
            &full,
        )
        .await;

    assert_eq!(location(&accepted), "/incidents/GLOBEX-2");
    let row = stored(&app, 2, "GLOBEX").await;
    assert_eq!(
        (row.owner.code(), row.override_owner.map(Owner::code)),
        ("shared", Some("platform"))
    );
    let (_, page) = app.get_html_as(&responder, "/incidents/GLOBEX-2").await;
    assert!(page.contains(
        "Ownership overridden to <strong>platform</strong> (triage decided <strong>shared</strong>)"
    ));
    assert!(page.contains("support tooling"));
    let (_, list) = app.get_html_as(&responder, "/incidents").await;
    let row_html = &list[list.find("/incidents/GLOBEX-2").unwrap()..];
    assert!(
        row_html[..row_html.find("</tr>").unwrap()].contains("owner-platform"),
        "list shows the override"
    );
    assert_eq!(
        app.get_as(&tenant, "/incidents/GLOBEX-2")
            .await
            .status()
            .as_u16(),
        404,
        "the tenant loses sight of a platform-owned incident on its next request"
    );
    let (_, list) = app.get_html_as(&tenant, "/incidents").await;
    assert!(!list.contains("GLOBEX-2"));
}

#[tokio::test]
async fn the_model_page_shows_every_area_and_duty_with_an_anchor() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let model = server::model_file::load(None).unwrap();
    let (status, html) = app.get_html_as(&analyst, "/model").await;
    assert_eq!(status, 200);
    for area in &model.areas {
        assert!(
            html.contains(&format!(r#"id="area-{}""#, area.id)),
            "{}",
            area.id
        );
    }
    for duty in &model.duties {
        assert!(
            html.contains(&format!(r#"id="duty-{}""#, duty.id)),
            "{}",
            duty.id
        );
    }
    assert!(html.contains(&model.version));
}

#[tokio::test]
async fn an_owner_or_decision_smuggled_into_the_form_is_ignored() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let form = with_facts(
        "Tenant admin without MFA again",
        "ACME",
        &[
            ("area", "privileged-access"),
            ("layer", "tenant"),
            ("tenants_affected", "one"),
            ("owner", "platform"),
            ("override_owner", "platform"),
            ("decision", r#"{"owner":"platform"}"#),
            ("version", "99"),
            ("tenant_id", "1"),
        ],
    );
    let response = app
        .browser_post_as(&analyst, "/api/incidents/create", "/incidents/new", &form)
        .await;
    assert_eq!(location(&response), "/incidents/ACME-3");
    let row = stored(&app, 3, "ACME").await;
    assert_eq!(
        (row.owner.code(), row.override_owner, row.version),
        ("tenant", None, 1)
    );
}
