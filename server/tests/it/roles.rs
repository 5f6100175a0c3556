//! What each role may do: tenant admins and platform functions, grants, viewers, and forms that
//! try to choose their own role or tenant.

use crate::helpers::{
    ACME_ADMIN, ACME_ANALYST, ACME_VIEWER, GLOBEX_ADMIN, PLATFORM_ADMIN, PLATFORM_RESPONDER,
    TestApp, incident_form,
};
use contract::error::AppError;

#[tokio::test]
async fn tenant_admins_cannot_call_platform_functions() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let before = app.snapshot().await;
    let attempts: [(&str, &[(&str, &str)]); 4] = [
        (
            "/api/admin/tenants/create",
            &[
                ("key", "INITECH"),
                ("name", "Initech"),
                ("admin_email", "admin@initech.example"),
                ("admin_name", "Ian Initech"),
                ("admin_password", "a new and long password"),
            ],
        ),
        (
            "/api/grants/request",
            &[
                ("tenant", "ACME"),
                ("reason", "Granting myself access."),
                ("minutes", "60"),
            ],
        ),
        (
            "/api/grants/request",
            &[
                ("tenant", "GLOBEX"),
                ("reason", "Breaking the glass."),
                ("minutes", "60"),
                ("break_glass", "on"),
            ],
        ),
        (
            "/api/incidents/override",
            &[
                ("key", "ACME-1"),
                ("version", "1"),
                ("owner", "platform"),
                ("reason", "Not our problem, the platform's."),
            ],
        ),
    ];
    for (path, form) in attempts {
        let response = app.post_as(&admin, path, form).await;
        assert_eq!(response.status().as_u16(), 403, "{path} {form:?}");
    }
    let tenants = app.get_as(&admin, "/api/admin/tenants").await;
    assert_eq!(tenants.status().as_u16(), 403);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn platform_staff_cannot_approve_their_own_grant_and_only_the_platform_admin_breaks_glass() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let platform_admin = app.sign_in(PLATFORM_ADMIN).await;
    let grant = app.request_grant(&responder, "ACME", "").await.to_string();
    let before = app.snapshot().await;

    for client in [&responder, &platform_admin] {
        let response = app
            .post_as(
                client,
                "/api/grants/decide",
                &[("id", &grant), ("decision", "approve")],
            )
            .await;
        assert_eq!(response.status().as_u16(), 403);
    }
    let refused: [(&str, &[(&str, &str)]); 2] = [
        (
            "/api/grants/request",
            &[
                ("tenant", "ACME"),
                ("reason", "Breaking the glass without the role."),
                ("minutes", "60"),
                ("break_glass", "on"),
            ],
        ),
        (
            "/api/admin/tenants/create",
            &[
                ("key", "INITECH"),
                ("name", "Initech"),
                ("admin_email", "admin@initech.example"),
                ("admin_name", "Ian Initech"),
                ("admin_password", "a new and long password"),
            ],
        ),
    ];
    for (path, form) in refused {
        let response = app.post_as(&responder, path, form).await;
        assert_eq!(response.status().as_u16(), 403, "{path}");
    }
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn a_viewer_reads_but_cannot_open_or_change_incidents() {
    let app = TestApp::spawn().await;
    let viewer = app.sign_in(ACME_VIEWER).await;
    let before = app.snapshot().await;
    assert_eq!(
        app.get_as(&viewer, "/incidents/ACME-1")
            .await
            .status()
            .as_u16(),
        200
    );
    let open = app
        .post_as(
            &viewer,
            "/api/incidents/create",
            &incident_form("Viewer's incident", "SEV3", "ACME", ""),
        )
        .await;
    assert_eq!(open.status().as_u16(), 403);
    let facts = app
        .post_as(
            &viewer,
            "/api/incidents/facts",
            &[
                ("key", "ACME-1"),
                ("version", "1"),
                ("area", "infrastructure"),
            ],
        )
        .await;
    assert_eq!(facts.status().as_u16(), 403);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn a_tenant_user_cannot_open_an_incident_for_another_tenant() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let before = app.snapshot().await;
    for tenant in ["GLOBEX", "PLT"] {
        let response = app
            .post_as(
                &analyst,
                "/api/incidents/create",
                &incident_form("Planted in another tenant", "SEV1", tenant, ""),
            )
            .await;
        assert_eq!(response.status().as_u16(), 422, "{tenant}");
        let error: AppError = response.json().await.unwrap();
        assert!(error.field_message("tenant").is_some(), "{tenant}");
    }
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn no_form_can_choose_a_role_of_the_other_side_or_another_tenant() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let platform_admin = app.sign_in(PLATFORM_ADMIN).await;
    let globex = app.user(GLOBEX_ADMIN).await.tenant_id.to_string();
    let before = app.snapshot().await;

    for (client, role) in [
        (&admin, "platform_admin"),
        (&admin, "platform_responder"),
        (&admin, "owner"),
        (&platform_admin, "tenant_admin"),
    ] {
        let response = app
            .post_as(
                client,
                "/api/admin/users/create",
                &[
                    ("email", "climber@acme.example"),
                    ("display_name", "Climber"),
                    ("role", role),
                    ("password", "a new and long password"),
                ],
            )
            .await;
        assert_eq!(response.status().as_u16(), 422, "{role}");
        let error: AppError = response.json().await.unwrap();
        assert!(error.field_message("role").is_some(), "{role}");
    }
    let viewer = app.user(ACME_VIEWER).await.id.to_string();
    let promote = app
        .post_as(
            &admin,
            "/api/admin/users/update",
            &[("id", &viewer), ("role", "platform_admin")],
        )
        .await;
    assert_eq!(promote.status().as_u16(), 422);
    assert_eq!(app.snapshot().await, before);

    let created = app
        .post_as(
            &admin,
            "/api/admin/users/create",
            &[
                ("email", "placed@acme.example"),
                ("display_name", "Placed"),
                ("role", "tenant_viewer"),
                ("password", "a new and long password"),
                ("tenant_id", &globex),
                ("tenant", "GLOBEX"),
                ("id", "1"),
                ("disabled", "true"),
            ],
        )
        .await;
    assert_eq!(created.status().as_u16(), 200);
    let placed = app.user("placed@acme.example").await;
    let acme = app.user(ACME_ADMIN).await.tenant_id;
    assert_eq!(
        (placed.tenant_id, placed.role.code(), placed.disabled),
        (acme, "tenant_viewer", false)
    );
    assert_ne!(placed.id, 1);
}
