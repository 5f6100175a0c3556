//! The schema keeps tenants apart by construction: tenant-owned rows carry a non-null tenant,
//! and a child row can only hang under a parent of the same tenant.

use crate::helpers::TestApp;
use sea_orm::{ConnectionTrait, Statement};

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    let backend = app.db.conn().get_database_backend();
    let row = app
        .db
        .conn()
        .query_one(Statement::from_string(backend, sql.to_owned()))
        .await
        .unwrap()
        .unwrap();
    row.try_get_by_index::<i64>(0).unwrap()
}

#[tokio::test]
async fn a_timeline_entry_cannot_point_at_another_tenants_incident() {
    let app = TestApp::spawn().await;
    let acme_incident = scalar(&app, "SELECT i.id FROM incidents i JOIN tenants t ON t.id = i.tenant_id WHERE t.key = 'ACME' AND i.number = 1").await;
    let globex = scalar(&app, "SELECT id FROM tenants WHERE key = 'GLOBEX'").await;
    let entries = app.count("timeline_entries").await;

    let sql = format!(
        "INSERT INTO timeline_entries (tenant_id, incident_id, kind, visibility, body, author, occurred_at, recorded_at) \
         VALUES ({globex}, {acme_incident}, 'note', 'shared', 'planted', 'x', '2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z')"
    );
    let result = app.db.conn().execute_unprepared(&sql).await;

    assert!(
        result.is_err(),
        "a cross-tenant timeline entry was accepted"
    );
    assert_eq!(app.count("timeline_entries").await, entries);
}

#[tokio::test]
async fn tenant_owned_rows_need_a_tenant() {
    let app = TestApp::spawn().await;
    let missing_tenant = "INSERT INTO incidents (tenant_id, number, title, description, severity, status, detected_at, reporter, \
         created_at, updated_at) VALUES (NULL, 999, 't', '', 'SEV1', 'new', '2026-11-29T00:00:00Z', 'x', \
         '2026-11-29T00:00:00Z', '2026-11-29T00:00:00Z')";
    let unknown_tenant = missing_tenant.replace("(NULL, 999", "(987654, 999");
    assert!(
        app.db
            .conn()
            .execute_unprepared(missing_tenant)
            .await
            .is_err()
    );
    assert!(
        app.db
            .conn()
            .execute_unprepared(&unknown_tenant)
            .await
            .is_err(),
        "foreign keys are not enforced"
    );
}
