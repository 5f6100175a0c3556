//! The new-incident form's own answers feed triage: a tenant's person finds their tenant already
//! chosen, one customer chosen in "Who is affected" counts as one tenant affected, and the layer
//! left open is suggested from the words.

use crate::helpers::incidents::{stored, with_facts};
use crate::helpers::{ACME_ANALYST, PLATFORM_RESPONDER, TestApp, incident_form, location};
use domain::responsibility::{Decision, Layer, MissingFact, Owner, TenantsAffected};

#[tokio::test]
async fn an_mfa_incident_left_to_the_suggestion_is_the_tenants_with_nothing_left_to_ask() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    // Area, layer, scope and flags all left open, as a reporter who only types would.
    let form = incident_form(
        "MFA was never enabled for tenant administrators",
        "SEV2",
        "ACME",
        "",
    );

    let response = app
        .browser_post_as(&analyst, "/api/incidents/create", "/incidents/new", &form)
        .await;

    assert_eq!(location(&response), "/incidents/ACME-3");
    let row = stored(&app, 3, "ACME").await;
    assert_eq!(row.area.as_deref(), Some("privileged-access"));
    assert_eq!(row.layer, Some(Layer::Tenant));
    assert_eq!(row.tenants_affected, Some(TenantsAffected::One));
    assert_eq!(row.owner, Owner::Tenant);
    let decision: Decision = serde_json::from_str(&row.decision).unwrap();
    assert_eq!(decision.missing, []);
    let (_, html) = app.get_html_as(&analyst, "/incidents/ACME-3").await;
    assert!(
        html.contains("suggested from the words: administrators, mfa, tenant administrators."),
        "the words behind the area, layer and flag are shown"
    );
    assert!(html.contains("this happened in the tenant layer"));
    assert!(
        !html.contains("Still needed to be sure"),
        "no question left"
    );
}

#[tokio::test]
async fn one_customer_chosen_counts_as_one_tenant_affected_and_the_platform_itself_does_not() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let facts = [("area", "infrastructure")];
    for (tenant, scope) in [("GLOBEX", ""), ("PLT", ""), ("ACME", "several")] {
        let mut form = with_facts("Second incident of the day", tenant, &facts);
        form.push(("tenants_affected", scope));
        let response = app
            .browser_post_as(&responder, "/api/incidents/create", "/incidents/new", &form)
            .await;
        assert_eq!(response.status().as_u16(), 302, "{tenant}");
    }

    let globex = stored(&app, 3, "GLOBEX").await;
    assert_eq!(globex.tenants_affected, Some(TenantsAffected::One));
    let decision: Decision = serde_json::from_str(&globex.decision).unwrap();
    assert!(!decision.missing.contains(&MissingFact::TenantsAffected));
    let platform_wide = stored(&app, 3, "PLT").await;
    assert_eq!(
        platform_wide.tenants_affected, None,
        "a platform-wide incident may touch any number of tenants: still asked"
    );
    let decision: Decision = serde_json::from_str(&platform_wide.decision).unwrap();
    assert!(decision.missing.contains(&MissingFact::TenantsAffected));
    assert_eq!(
        stored(&app, 3, "ACME").await.tenants_affected,
        Some(TenantsAffected::Several),
        "the reporter's own answer wins"
    );
}

#[tokio::test]
async fn a_tenants_person_finds_their_tenant_and_one_tenant_affected_already_chosen() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;

    let (status, html) = app.get_html_as(&analyst, "/incidents/new").await;
    assert_eq!(status, 200);
    assert!(
        html.contains(r#"<option value="ACME" selected"#),
        "their only tenant is chosen without JavaScript"
    );
    assert!(
        html.contains(r#"<option value="one" selected"#),
        "and so is one tenant affected"
    );

    let (_, html) = app.get_html_as(&responder, "/incidents/new").await;
    for choice in ["PLT", "ACME", "GLOBEX", "one"] {
        assert!(
            html.contains(&format!(r#"<option value="{choice}">"#)),
            "platform staff choose for themselves: {choice}"
        );
    }
}
