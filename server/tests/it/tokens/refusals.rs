//! Who may not manage tokens, and what is refused: no role beyond the creator's or of the other
//! side, nothing for responders and viewers, nothing of another tenant's, and bad input named
//! by its field with nothing written.

use super::support::{CREATE, create, created, form, list, listed, pairs, revoke, stored};
use crate::helpers::accounts::error_of;
use crate::helpers::{
    ACME_ADMIN, ACME_ANALYST, ACME_VIEWER, GLOBEX_ADMIN, PLATFORM_ADMIN, PLATFORM_RESPONDER,
    TestApp,
};
use domain::access::Role;

#[tokio::test]
async fn no_admin_gives_a_token_a_role_of_the_other_side_or_a_scope_that_does_not_exist() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let platform_admin = app.sign_in(PLATFORM_ADMIN).await;
    let before = app.snapshot().await;
    let attempts = [
        (&admin, "platform_admin", "incidents:read", "role"),
        (&admin, "platform_responder", "incidents:read", "role"),
        (&platform_admin, "tenant_admin", "incidents:read", "role"),
        (&platform_admin, "tenant_viewer", "incidents:read", "role"),
        (&admin, "tenant_admin", "incidents:read,admin:all", "scopes"),
        (&admin, "tenant_admin", "tokens:write", "scopes"),
    ];

    for (client, role, scopes, field) in attempts {
        let response = create(&app, client, &form("Climber", role, scopes, "")).await;
        assert_eq!(response.status().as_u16(), 422, "{role} {scopes}");
        let error = error_of(response).await;
        assert!(
            error.field_message(field).is_some(),
            "{role} {scopes}: {error:?}"
        );
    }

    assert_eq!(app.snapshot().await, before);
    let offered = |page: contract::dto::TokensPage| page.roles;
    assert_eq!(
        offered(listed(&app, &admin).await),
        [Role::TenantAdmin, Role::TenantResponder, Role::TenantViewer]
    );
    assert_eq!(
        offered(listed(&app, &platform_admin).await),
        [Role::PlatformAdmin, Role::PlatformResponder]
    );
}

#[tokio::test]
async fn responders_and_viewers_neither_see_create_nor_revoke_tokens() {
    let app = TestApp::spawn().await;
    app.api_token(Some("ACME"), "tenant_viewer", "incidents:read")
        .await;
    let id = stored(&app).await[0].id;
    let mut callers = Vec::new();
    for email in [ACME_ANALYST, ACME_VIEWER, PLATFORM_RESPONDER] {
        callers.push((email, app.sign_in(email).await));
    }
    let before = app.snapshot().await;

    for (email, client) in &callers {
        let (seen, _) = list(&app, client).await;
        let made = create(
            &app,
            client,
            &form("Mine", "tenant_viewer", "incidents:read", ""),
        )
        .await;
        let revoked = revoke(&app, client, id).await;
        let (page, html) = app.get_html_as(client, "/admin/tokens").await;

        assert_eq!(
            (seen, made.status().as_u16(), revoked, page),
            (403, 403, 403, 403),
            "{email}"
        );
        assert!(html.contains("Your role does not allow this."), "{email}");
        assert!(!html.contains("tenant_viewer test token"), "{email}");
    }
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn another_tenants_admin_neither_sees_nor_revokes_a_tenants_tokens() {
    let app = TestApp::spawn().await;
    let secret = app
        .api_token(Some("ACME"), "tenant_viewer", "incidents:read")
        .await;
    app.api_token(None, "platform_responder", "incidents:read")
        .await;
    let tokens = stored(&app).await;
    let (acme_token, platform_token) = (tokens[0].id, tokens[1].id);
    let globex = app.sign_in(GLOBEX_ADMIN).await;
    let platform = app.sign_in(PLATFORM_ADMIN).await;
    let acme = app.sign_in(ACME_ADMIN).await;
    let before = app.snapshot().await;

    let callers = [
        (GLOBEX_ADMIN, &globex, acme_token),
        (PLATFORM_ADMIN, &platform, acme_token),
        (ACME_ADMIN, &acme, platform_token),
        (GLOBEX_ADMIN, &globex, i64::from(i32::MAX)),
    ];
    for (email, client, id) in callers {
        let page = listed(&app, client).await;
        let revoked = revoke(&app, client, id).await;
        let (_, html) = app.get_html_as(client, "/admin/tokens").await;

        assert!(page.tokens.iter().all(|t| t.id != id), "{email} lists {id}");
        assert_eq!(revoked, 404, "{email} revoking {id}");
        let foreign = if id == platform_token {
            "platform_responder test token"
        } else {
            "tenant_viewer test token"
        };
        assert!(!html.contains(foreign), "{email} sees {foreign}");
    }

    assert_eq!(app.snapshot().await, before);
    let read = app.api_get("/api/v1/incidents", &secret).await;
    assert_eq!(read.status().as_u16(), 200, "the token still works");
}

#[tokio::test]
async fn a_platform_admins_tokens_are_the_platforms() {
    let app = TestApp::spawn().await;
    let platform_admin = app.sign_in(PLATFORM_ADMIN).await;
    let acme_admin = app.sign_in(ACME_ADMIN).await;
    let platform = app.user(PLATFORM_ADMIN).await.tenant_id;

    let made = created(
        &app,
        &platform_admin,
        "platform_responder",
        "incidents:read",
    )
    .await;

    assert_eq!(stored(&app).await[0].tenant_id, platform);
    let page = listed(&app, &platform_admin).await;
    assert!(page.tokens.iter().any(|t| t.id == made.token_id));
    assert!(listed(&app, &acme_admin).await.tokens.is_empty());
    let read = app.api_get("/api/v1/incidents", &made.secret).await;
    assert_eq!(read.status().as_u16(), 200);
}

#[tokio::test]
async fn bad_input_names_its_field_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let before = app.snapshot().await;
    let long = "n".repeat(81);
    let cases = [
        ("", "tenant_viewer", "incidents:read", "", "name"),
        ("   ", "tenant_viewer", "incidents:read", "", "name"),
        (long.as_str(), "tenant_viewer", "incidents:read", "", "name"),
        ("Two\nlines", "tenant_viewer", "incidents:read", "", "name"),
        ("Exporter", "root", "incidents:read", "", "role"),
        ("Exporter", "tenant_viewer", "", "", "scopes"),
        (
            "Exporter",
            "tenant_viewer",
            "incidents:delete",
            "",
            "scopes",
        ),
        (
            "Exporter",
            "tenant_viewer",
            "incidents:read",
            "400d",
            "expires",
        ),
        (
            "Exporter",
            "tenant_viewer",
            "incidents:read",
            "366d",
            "expires",
        ),
        (
            "Exporter",
            "tenant_viewer",
            "incidents:read",
            "soon",
            "expires",
        ),
    ];

    for (name, role, scopes, expires, field) in cases {
        let fields = form(name, role, scopes, expires);
        let response = create(&app, &admin, &fields).await;
        let status = response.status().as_u16();
        let error = error_of(response).await;
        assert_eq!(status, 422, "{field}: {name:?} {role} {scopes} {expires}");
        assert!(error.field_message(field).is_some(), "{field}: {error:?}");
    }
    let id = app
        .post_as(&admin, super::support::REVOKE, &[("id", "first")])
        .await;
    assert_eq!(id.status().as_u16(), 400);

    assert_eq!(app.snapshot().await, before, "nothing half-written");
}

#[tokio::test]
async fn a_refused_plain_post_comes_back_with_the_message_and_what_was_typed() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let fields = form(
        "Nightly export",
        "tenant_responder",
        "incidents:read",
        "400d",
    );

    let response = app
        .browser_post_as(&admin, CREATE, "/admin/tokens", &pairs(&fields))
        .await;

    assert_eq!(response.status().as_u16(), 302);
    let back = reqwest::Url::parse(&crate::helpers::location(&response)).unwrap();
    assert_eq!(back.path(), "/admin/tokens");
    let (status, html) = app
        .get_html_as(&admin, &format!("/admin/tokens?{}", back.query().unwrap()))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains("at most a year (365d)"), "the message");
    assert!(html.contains("value=\"Nightly export\""), "the name typed");
    assert!(html.contains("value=\"400d\""), "the lifetime typed");
    assert!(stored(&app).await.is_empty());
}
