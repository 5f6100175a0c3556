//! API tokens made at `/admin/tokens`: a tenant admin's token works on the API until it is
//! revoked, its secret is shown once (in the answer with JavaScript, through the session for
//! one page load without) and only its SHA-256 is stored; creating and revoking are audited.
//! Who may do what, and bad input, are in `refusals`.

mod refusals;
pub mod support;

use crate::helpers::{ACME_ADMIN, TestApp, location};
use chrono::TimeDelta;
use domain::access::{ApiScope, Role};
use sha2::{Digest, Sha256};
use support::{
    CREATE, audited, created, form, listed, pairs, revoke, sessions, shown_secret, stored,
};

#[tokio::test]
async fn a_tenant_admins_token_reads_incidents_until_it_is_revoked_and_both_are_audited() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let acme = app.user(ACME_ADMIN).await.tenant_id;

    let made = created(
        &app,
        &admin,
        "tenant_responder",
        "incidents:read,alerts:write",
    )
    .await;
    let read = app.api_get("/api/v1/incidents", &made.secret).await;

    assert!(made.secret.starts_with("tdm_"), "{}", made.secret);
    assert_eq!(read.status().as_u16(), 200);
    let page = listed(&app, &admin).await;
    let row = page.tokens.iter().find(|t| t.id == made.token_id).unwrap();
    assert_eq!(
        (row.name.as_str(), row.role, row.created_by.as_str()),
        ("Alertmanager", Role::TenantResponder, ACME_ADMIN)
    );
    assert_eq!(row.scopes, [ApiScope::IncidentsRead, ApiScope::AlertsWrite]);
    assert_eq!(row.expires_at - row.created_at, TimeDelta::days(30));
    assert!(row.last_used_at.is_some(), "the read is noted");
    assert_eq!(row.last_used_from.as_deref(), Some("127.0.0.1"));
    assert!(row.is_active(page.as_of));
    assert_eq!(
        page.new_secret, None,
        "a script's secret never waits in the session"
    );
    assert!(!sessions(&app).await.contains(&made.secret));

    let revoked = revoke(&app, &admin, made.token_id).await;
    let after = app.api_get("/api/v1/incidents", &made.secret).await;

    assert_eq!(revoked, 200);
    assert_eq!(
        after.status().as_u16(),
        401,
        "revoking stops the token at once"
    );
    let page = listed(&app, &admin).await;
    let row = page.tokens.iter().find(|t| t.id == made.token_id).unwrap();
    assert!(row.revoked_at.is_some() && !row.is_active(page.as_of));
    let (_, html) = app.get_html_as(&admin, "/admin/tokens").await;
    assert!(html.contains("Revoked"), "the page says so");
    let object = format!("token:{}", made.token_id);
    for action in ["token.created", "token.revoked"] {
        let entries = audited(&app, action).await;
        assert_eq!(entries.len(), 1, "{action}");
        let entry = &entries[0];
        assert_eq!(
            (entry.actor.as_str(), entry.object.as_str(), entry.tenant_id),
            (ACME_ADMIN, object.as_str(), acme),
            "{action}"
        );
        assert!(!entry.detail.contains(&made.secret), "{action}");
    }
}

#[tokio::test]
async fn the_list_shows_each_token_without_its_secret_or_its_hash() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let made = created(&app, &admin, "tenant_viewer", "incidents:read").await;
    let hash = stored(&app).await[0].secret_hash.clone();

    let (_, data) = support::list(&app, &admin).await;
    let (_, html) = app.get_html_as(&admin, "/admin/tokens").await;

    for (what, text) in [("the page's data", &data), ("the page", &html)] {
        assert!(text.contains("Alertmanager"), "{what} lists the token");
        assert!(!text.contains(&made.secret[4..]), "{what} shows the secret");
        assert!(!text.contains(&hash), "{what} shows the hash");
    }
    assert!(html.contains("incidents:read") && html.contains("Tenant viewer"));
    assert!(html.contains("Never"), "not used yet");
}

#[tokio::test]
async fn only_the_sha256_of_the_secret_is_stored() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ACME_ADMIN).await;

    let made = created(&app, &admin, "tenant_viewer", "incidents:read").await;

    let rows = stored(&app).await;
    assert_eq!(rows.len(), 1);
    let expected: String = Sha256::digest(made.secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(rows[0].secret_hash, expected);
    let row = format!("{:?}", rows[0]);
    assert!(!row.contains(&made.secret[4..]), "{row}");
}

#[tokio::test]
async fn without_javascript_the_secret_is_shown_on_the_next_page_load_only() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let fields = form("Nightly export", "tenant_viewer", "incidents:read", "");

    let response = app
        .browser_post_as(&admin, CREATE, "/admin/tokens", &pairs(&fields))
        .await;

    assert_eq!(response.status().as_u16(), 302);
    assert_eq!(location(&response), "/admin/tokens", "never in the URL");
    assert!(!response.text().await.unwrap().contains("tdm_"));
    assert!(
        !sessions(&app).await.contains("tdm_"),
        "sealed while it waits in the session store"
    );
    let (status, html) = app.get_html_as(&admin, "/admin/tokens").await;
    assert_eq!(status, 200);
    let secret = shown_secret(&html).expect("the page shows the new secret");
    assert!(secret.starts_with("tdm_"), "{secret}");
    assert!(html.contains("shown only this once"));
    let read = app.api_get("/api/v1/incidents", &secret).await;
    assert_eq!(read.status().as_u16(), 200);
    assert!(
        !sessions(&app).await.contains(&secret),
        "taken out of the session"
    );
    let (_, again) = app.get_html_as(&admin, "/admin/tokens").await;
    assert_eq!(shown_secret(&again), None, "shown once");
    assert!(!again.contains(&secret));
    let token = &stored(&app).await[0];
    assert_eq!(token.expires_at - token.created_at, TimeDelta::days(90));
}

#[tokio::test]
async fn without_javascript_a_revoke_returns_to_the_page_showing_the_token_revoked() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let made = created(&app, &admin, "tenant_viewer", "incidents:read").await;
    let id = made.token_id.to_string();
    let button = format!("name=\"id\" value=\"{id}\"");
    let (_, before) = app.get_html_as(&admin, "/admin/tokens").await;
    assert!(
        before.contains(&button),
        "an active token has a revoke button"
    );

    let response = app
        .browser_post_as(&admin, support::REVOKE, "/admin/tokens", &[("id", &id)])
        .await;

    assert_eq!(response.status().as_u16(), 302);
    assert_eq!(location(&response), "/admin/tokens");
    assert!(stored(&app).await[0].revoked_at.is_some());
    let (_, html) = app.get_html_as(&admin, "/admin/tokens").await;
    assert!(html.contains("Revoked"));
    assert!(
        !html.contains(&button),
        "no revoke button for a revoked token"
    );
    let read = app.api_get("/api/v1/incidents", &made.secret).await;
    assert_eq!(read.status().as_u16(), 401);
}
