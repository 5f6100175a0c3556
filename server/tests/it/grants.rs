//! Access grants: platform staff read a tenant's own incidents only with the tenant's approval,
//! only that tenant's, only until the grant ends, and the tenant sees every read.

use crate::helpers::{
    ACME_ADMIN, ACME_ANALYST, GLOBEX_ADMIN, PLATFORM_ADMIN, PLATFORM_RESPONDER, TestApp,
};
use chrono::Duration;
use contract::dto::{AuditPage, GrantsPage, Me};
use reqwest::Client;

async fn status(app: &TestApp, client: &Client, path: &str) -> u16 {
    app.get_as(client, path).await.status().as_u16()
}

async fn decide(app: &TestApp, client: &Client, grant: i64, decision: &str) -> u16 {
    let id = grant.to_string();
    app.post_as(
        client,
        "/api/grants/decide",
        &[("id", id.as_str()), ("decision", decision)],
    )
    .await
    .status()
    .as_u16()
}

async fn audit_actions(app: &TestApp, admin: &Client) -> Vec<(String, String)> {
    let page: AuditPage = app
        .get_as(admin, "/api/audit/list")
        .await
        .json()
        .await
        .unwrap();
    page.rows.into_iter().map(|r| (r.actor, r.action)).collect()
}

#[tokio::test]
async fn a_responder_reads_a_tenant_owned_incident_only_under_an_approved_grant_until_it_ends() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let acme_admin = app.sign_in(ACME_ADMIN).await;
    let one = "/api/incidents/get?key=ACME-1";
    assert_eq!(status(&app, &responder, one).await, 404);
    assert_eq!(status(&app, &responder, "/incidents/ACME-1").await, 404);

    let grant = app.request_grant(&responder, "ACME", "ACME-1").await;
    assert_eq!(
        status(&app, &responder, one).await,
        404,
        "a request is not access"
    );
    let pending: GrantsPage = app
        .get_as(&acme_admin, "/api/grants/list")
        .await
        .json()
        .await
        .unwrap();
    assert!(pending.rows.iter().any(|g| g.id == grant && g.can_decide));
    assert_eq!(decide(&app, &acme_admin, grant, "approve").await, 200);

    assert_eq!(status(&app, &responder, one).await, 200);
    assert_eq!(status(&app, &responder, "/incidents/ACME-1").await, 200);
    assert_eq!(
        status(&app, &responder, "/api/incidents/get?key=ACME-2").await,
        404,
        "the grant names one incident"
    );
    assert_eq!(
        status(&app, &responder, "/api/incidents/get?key=GLOBEX-1").await,
        404,
        "and one tenant"
    );
    let reads = app.get_as(
        &acme_admin,
        "/api/audit/list?action=incident.read_under_grant",
    );
    let log: AuditPage = reads.await.json().await.unwrap();
    let reads: i64 = log
        .rows
        .iter()
        .filter_map(|r| r.reads.map(|v| v.count))
        .sum();
    assert!(reads >= 2, "each read is counted for the tenant");
    assert!(log.rows.iter().all(|r| r.actor == PLATFORM_RESPONDER));

    // Staying active (sessions end after 30 idle minutes) while the hour runs out.
    for _ in 0..2 {
        app.clock.advance(Duration::minutes(20));
        assert_eq!(status(&app, &responder, one).await, 200);
    }
    app.clock.advance(Duration::minutes(21));

    assert_eq!(status(&app, &responder, one).await, 404);
    assert_eq!(status(&app, &responder, "/incidents/ACME-1").await, 404);
    let me: Option<Me> = app
        .get_as(&responder, "/api/auth/me")
        .await
        .json()
        .await
        .unwrap();
    assert!(me.unwrap().grants.is_empty());
}

#[tokio::test]
async fn a_tenant_wide_grant_lists_the_tenants_incidents_and_revoking_it_ends_access() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let acme_admin = app.sign_in(ACME_ADMIN).await;
    let grant = app.request_grant(&responder, "ACME", "").await;
    assert_eq!(decide(&app, &acme_admin, grant, "approve").await, 200);

    let (_, list) = app.get_html_as(&responder, "/incidents").await;
    assert!(list.contains("ACME-1") && list.contains("ACME-2"));
    assert!(!list.contains("GLOBEX-1"), "only the granted tenant");

    assert_eq!(decide(&app, &acme_admin, grant, "revoke").await, 200);
    assert_eq!(
        status(&app, &responder, "/api/incidents/get?key=ACME-2").await,
        404
    );
    let (_, list) = app.get_html_as(&responder, "/incidents").await;
    assert!(!list.contains("ACME-1"));
}

#[tokio::test]
async fn a_denied_grant_gives_nothing_and_cannot_be_approved_afterwards() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let acme_admin = app.sign_in(ACME_ADMIN).await;
    let grant = app.request_grant(&responder, "ACME", "ACME-1").await;

    assert_eq!(decide(&app, &acme_admin, grant, "deny").await, 200);

    assert_eq!(
        status(&app, &responder, "/api/incidents/get?key=ACME-1").await,
        404
    );
    assert_eq!(decide(&app, &acme_admin, grant, "approve").await, 422);
    assert_eq!(
        status(&app, &responder, "/api/incidents/get?key=ACME-1").await,
        404
    );
}

#[tokio::test]
async fn another_tenants_admin_and_the_tenants_responders_cannot_decide_a_grant() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let globex_admin = app.sign_in(GLOBEX_ADMIN).await;
    let acme_analyst = app.sign_in(ACME_ANALYST).await;
    let grant = app.request_grant(&responder, "ACME", "ACME-1").await;
    let before = app.snapshot().await;

    assert_eq!(decide(&app, &globex_admin, grant, "approve").await, 404);
    assert_eq!(decide(&app, &acme_analyst, grant, "approve").await, 404);

    assert_eq!(app.snapshot().await, before);
    assert_eq!(
        status(&app, &responder, "/api/incidents/get?key=ACME-1").await,
        404
    );
}

#[tokio::test]
async fn break_glass_by_the_platform_admin_opens_the_tenant_at_once_and_the_tenant_is_told() {
    let app = TestApp::spawn().await;
    let platform_admin = app.sign_in(PLATFORM_ADMIN).await;
    let acme_admin = app.sign_in(ACME_ADMIN).await;
    assert_eq!(
        status(&app, &platform_admin, "/api/incidents/get?key=ACME-2").await,
        404
    );

    let response = app
        .post_as(
            &platform_admin,
            "/api/grants/request",
            &[
                ("tenant", "ACME"),
                (
                    "reason",
                    "Active intrusion; the tenant's admins cannot be reached.",
                ),
                ("minutes", "30"),
                ("break_glass", "on"),
            ],
        )
        .await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        status(&app, &platform_admin, "/api/incidents/get?key=ACME-2").await,
        200
    );
    assert_eq!(
        status(&app, &platform_admin, "/api/incidents/get?key=GLOBEX-1").await,
        404
    );
    let me: Option<Me> = app
        .get_as(&acme_admin, "/api/auth/me")
        .await
        .json()
        .await
        .unwrap();
    let told = me.unwrap().break_glass_now;
    assert_eq!(told.len(), 1);
    assert!(told[0].break_glass);
    let actions = audit_actions(&app, &acme_admin).await;
    assert!(actions.contains(&(PLATFORM_ADMIN.to_owned(), "grant.break_glass".to_owned())));
    assert!(actions.contains(&(
        PLATFORM_ADMIN.to_owned(),
        "incident.read_under_grant".to_owned()
    )));
}

#[tokio::test]
async fn each_step_of_a_grant_for_an_incident_shows_on_its_timeline() {
    use crate::helpers::incidents::detail;
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let acme_admin = app.sign_in(ACME_ADMIN).await;
    let grant = app.request_grant(&responder, "ACME", "ACME-1").await;
    assert_eq!(decide(&app, &acme_admin, grant, "approve").await, 200);
    assert_eq!(decide(&app, &acme_admin, grant, "revoke").await, 200);
    // A grant for the whole tenant belongs to no incident's timeline.
    let entries = app.count("timeline_entries").await;
    app.request_grant(&responder, "ACME", "").await;
    assert_eq!(app.count("timeline_entries").await, entries);

    let seen = detail(&app, &acme_admin, "ACME-1").await;
    let steps: Vec<String> = seen
        .timeline
        .entries
        .iter()
        .filter(|e| e.kind.code() == "grant")
        .map(|e| e.body_html.clone())
        .collect();
    assert_eq!(steps.len(), 3, "{steps:?}");
    assert!(steps[2].contains("asked Acme Bank for access to this incident for 60 minutes"));
    assert!(steps[2].contains("Investigating the incident together with the tenant."));
    assert!(steps[1].contains("approved Rory Responder"));
    assert!(steps[0].contains("revoked Rory Responder"));
    assert!(
        seen.timeline
            .entries
            .iter()
            .filter(|e| e.kind.code() == "grant")
            .all(|e| e.visibility.code() == "shared")
    );
}
