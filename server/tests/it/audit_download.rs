//! `GET /admin/audit/checkpoint.json`: an admin downloads a checkpoint of their own tenant's
//! view of the audit log, signed when the server has an audit key, which `tandem audit verify
//! --checkpoint` later accepts; nobody gets another tenant's, and non-admins get none.

use crate::audit_checkpoint::support::{
    KEY, TempFile, delete_after, set_head, tandem, verify_against,
};
use crate::helpers::{
    ACME_ADMIN, ACME_ANALYST, ACME_VIEWER, GLOBEX_ADMIN, PLATFORM_ADMIN, PLATFORM_RESPONDER,
    TestApp, browser, location,
};
use backend::entities::{audit_entry, tenant};
use domain::audit_chain::checkpoint::Checkpoint;
use reqwest::Client;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

const PATH: &str = "/admin/audit/checkpoint.json";

async fn spawn_with_key() -> TestApp {
    TestApp::spawn_configured(|config| config.audit_key = Some(KEY.to_owned())).await
}

/// Downloads the checkpoint as `client`, asserting that it came as a private attachment.
async fn download(app: &TestApp, client: &Client, path: &str) -> (Checkpoint, String) {
    let response = app.get_as(client, path).await;
    assert_eq!(response.status().as_u16(), 200);
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    assert_eq!(header("content-type"), "application/json");
    assert_eq!(header("cache-control"), "no-store");
    let disposition = header("content-disposition");
    let text = response.text().await.unwrap();
    (
        serde_json::from_str(&text).unwrap(),
        disposition + "\n" + &text,
    )
}

/// Tenant `key`'s entries as the database holds them: how many, and the newest's id and hash.
async fn entries_of(app: &TestApp, key: &str) -> (u64, i64, String) {
    let conn = app.db.conn();
    let tenant = tenant::Entity::find()
        .filter(tenant::Column::Key.eq(key))
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    let query = audit_entry::Entity::find().filter(audit_entry::Column::TenantId.eq(tenant.id));
    let count = query.clone().count(conn).await.unwrap();
    let newest = query
        .order_by_desc(audit_entry::Column::Id)
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    (count, newest.id, newest.hash)
}

#[tokio::test]
async fn a_tenant_admin_downloads_a_signed_checkpoint_of_their_tenants_entries_that_verifies() {
    let app = spawn_with_key().await;
    let admin = app.sign_in(ACME_ADMIN).await;

    let (checkpoint, raw) = download(&app, &admin, PATH).await;
    let file = TempFile::with(raw.split_once('\n').unwrap().1);
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    app.open_incident_as(&responder, "GLOBEX", "Written after the download")
        .await;
    let said = verify_against(&app, &file.0, Some(KEY));

    assert!(
        raw.starts_with("attachment; filename=\"tandem-audit-checkpoint-acme-"),
        "{raw}"
    );
    assert_eq!(checkpoint.tenant.as_deref(), Some("ACME"));
    let (count, last_id, last_hash) = entries_of(&app, "ACME").await;
    assert_eq!(
        (checkpoint.entries, checkpoint.last_id, checkpoint.last_hash),
        (count, last_id, last_hash)
    );
    assert!(count < u64::try_from(app.count("audit_entries").await).unwrap());
    assert!(checkpoint.digest.is_some() && checkpoint.hmac.is_some());
    assert_eq!(said.code, Some(0), "{}{}", said.out, said.err);
    assert!(
        said.out.contains("of tenant ACME") && said.out.contains("signature valid"),
        "{}",
        said.out
    );
}

#[tokio::test]
async fn a_tenants_checkpoint_fails_once_the_log_is_rolled_back_past_its_newest_entry() {
    let app = spawn_with_key().await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let (checkpoint, raw) = download(&app, &admin, PATH).await;
    let file = TempFile::with(raw.split_once('\n').unwrap().1);
    // An older copy: everything from ACME's newest entry on is gone, the head consistent.
    let kept = audit_entry::Entity::find_by_id(checkpoint.last_id - 1)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap();
    delete_after(&app, kept.id).await;
    set_head(&app, kept.id, &kept.hash).await;

    let plain = tandem(&app, &["audit", "verify"], Some(KEY));
    let said = verify_against(&app, &file.0, Some(KEY));

    assert_eq!(plain.code, Some(0), "the older copy is a chain in itself");
    assert_eq!(said.code, Some(1), "{}{}", said.out, said.err);
    let expected = format!(
        "entry #{}, the checkpoint's newest, is no longer in the log as the tenant's",
        checkpoint.last_id
    );
    assert!(said.err.contains(&expected), "{}", said.err);
}

#[tokio::test]
async fn an_admin_of_another_tenant_gets_their_own_tenants_checkpoint_never_acmes() {
    let app = spawn_with_key().await;
    let globex_admin = app.sign_in(GLOBEX_ADMIN).await;

    let (checkpoint, _) = download(&app, &globex_admin, &format!("{PATH}?tenant=ACME")).await;

    assert_eq!(checkpoint.tenant.as_deref(), Some("GLOBEX"));
    let (count, last_id, _) = entries_of(&app, "GLOBEX").await;
    assert_eq!((checkpoint.entries, checkpoint.last_id), (count, last_id));
    assert_ne!(checkpoint.last_id, entries_of(&app, "ACME").await.1);
}

#[tokio::test]
async fn the_platform_admin_downloads_the_platforms_view_unsigned_when_no_key_is_set() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(PLATFORM_ADMIN).await;

    let (checkpoint, raw) = download(&app, &admin, PATH).await;
    let file = TempFile::with(raw.split_once('\n').unwrap().1);
    let said = verify_against(&app, &file.0, None);

    assert_eq!(checkpoint.tenant.as_deref(), Some("PLT"));
    let (count, last_id, _) = entries_of(&app, "PLT").await;
    assert_eq!((checkpoint.entries, checkpoint.last_id), (count, last_id));
    assert_eq!(checkpoint.hmac, None);
    assert_eq!(said.code, Some(0), "{}{}", said.out, said.err);
    assert!(said.out.contains("not signed"), "{}", said.out);
}

#[tokio::test]
async fn viewers_responders_and_anonymous_callers_get_no_checkpoint() {
    let app = spawn_with_key().await;
    let mut refused = Vec::new();

    for email in [ACME_VIEWER, ACME_ANALYST, PLATFORM_RESPONDER] {
        let client = app.sign_in(email).await;
        let response = app.get_as(&client, PATH).await;
        refused.push((email, response.status().as_u16()));
    }
    let anonymous = app.get_as(&browser(), PATH).await;

    assert_eq!(
        refused,
        [
            (ACME_VIEWER, 403),
            (ACME_ANALYST, 403),
            (PLATFORM_RESPONDER, 403)
        ]
    );
    assert!(anonymous.status().is_redirection());
    assert!(location(&anonymous).starts_with("/login"));
}
