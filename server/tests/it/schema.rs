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

/// Tables that belong to no tenant, and why.
const NOT_TENANT_OWNED: [&str; 6] = [
    "tenants",          // the tenants themselves
    "sessions",         // keyed by user; the user row carries the tenant
    "login_throttle",   // keyed by account or address, before anyone is known
    "audit_chain",      // the single head row of the audit chain
    "settings",         // the server's own settings, such as the SLA targets deadlines follow
    "seaql_migrations", // the migration tool's bookkeeping
];

async fn strings(app: &TestApp, sql: &str) -> Vec<String> {
    let backend = app.db.conn().get_database_backend();
    app.db
        .conn()
        .query_all(Statement::from_string(backend, sql.to_owned()))
        .await
        .unwrap()
        .into_iter()
        .map(|row| row.try_get_by_index::<String>(0).unwrap())
        .collect()
}

/// Every table but the few above carries `tenant_id NOT NULL` with a foreign key to `tenants`,
/// read from the database's own catalogue, so a new table cannot forget it.
#[tokio::test]
async fn every_tenant_owned_table_has_a_required_tenant_with_a_foreign_key() {
    let app = TestApp::spawn().await;
    let sqlite = app.db.conn().get_database_backend() == sea_orm::DbBackend::Sqlite;
    let tables = if sqlite {
        strings(
            &app,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )
        .await
    } else {
        strings(&app, "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'").await
    };
    assert!(tables.iter().any(|t| t == "users"), "{tables:?}");
    for table in tables
        .iter()
        .filter(|t| !NOT_TENANT_OWNED.contains(&t.as_str()))
    {
        let (not_null, foreign_keys) = if sqlite {
            (
                scalar(&app, &format!("SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = 'tenant_id' AND \"notnull\" = 1")).await,
                scalar(&app, &format!("SELECT COUNT(*) FROM pragma_foreign_key_list('{table}') WHERE \"from\" = 'tenant_id' AND \"table\" = 'tenants'")).await,
            )
        } else {
            (
                scalar(&app, &format!("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '{table}' AND column_name = 'tenant_id' AND is_nullable = 'NO'")).await,
                scalar(&app, &format!(
                    "SELECT COUNT(*) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
                     JOIN pg_class r ON r.oid = c.confrelid JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] \
                     WHERE c.contype = 'f' AND t.relname = '{table}' AND r.relname = 'tenants' AND a.attname = 'tenant_id' AND array_length(c.conkey, 1) = 1"
                )).await,
            )
        };
        assert_eq!(not_null, 1, "{table}.tenant_id must exist and be NOT NULL");
        assert_eq!(foreign_keys, 1, "{table}.tenant_id must reference tenants");
    }
}

#[tokio::test]
async fn an_access_grant_cannot_name_another_tenants_incident() {
    let app = TestApp::spawn().await;
    let acme_incident = scalar(&app, "SELECT i.id FROM incidents i JOIN tenants t ON t.id = i.tenant_id WHERE t.key = 'ACME' AND i.number = 1").await;
    let globex = scalar(&app, "SELECT id FROM tenants WHERE key = 'GLOBEX'").await;
    let requester = scalar(
        &app,
        "SELECT id FROM users WHERE email = 'responder@platform.example'",
    )
    .await;
    let sql = format!(
        "INSERT INTO access_grants (tenant_id, incident_id, requested_by, requester_name, reason, duration_minutes, \
         break_glass, status, requested_at) VALUES ({globex}, {acme_incident}, {requester}, 'x', 'planted grant', 60, \
         false, 'requested', '2026-11-29T00:00:00Z')"
    );
    assert!(
        app.db.conn().execute_unprepared(&sql).await.is_err(),
        "a cross-tenant grant was accepted"
    );
}

#[tokio::test]
async fn the_database_refuses_to_edit_or_delete_timeline_entries() {
    let app = TestApp::spawn().await;
    let conn = app.db.conn();
    let entries = app.count("timeline_entries").await;
    let update = conn
        .execute_unprepared("UPDATE timeline_entries SET body = 'rewritten' WHERE id = 1")
        .await;
    let delete = conn
        .execute_unprepared("DELETE FROM timeline_entries WHERE id = 1")
        .await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    assert_eq!(app.count("timeline_entries").await, entries);
}

/// A stored code the program does not know (a hand edit, a downgrade) is a database error: the
/// reader gets a plain 500 that names neither the column nor the code, and nothing is guessed.
#[tokio::test]
async fn an_unknown_stored_code_is_a_plain_server_error_not_a_guess() {
    use crate::helpers::{ACME_ANALYST, incidents::detail};
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let key = app.open_incident_as(&analyst, "ACME", "Odd exports").await;
    let number: i64 = key.trim_start_matches("ACME-").parse().unwrap();
    assert_eq!(detail(&app, &analyst, &key).await.key, key);

    let sql = format!(
        "UPDATE incidents SET status = 'smouldering' WHERE number = {number} \
         AND tenant_id = (SELECT id FROM tenants WHERE key = 'ACME')"
    );
    app.db.conn().execute_unprepared(&sql).await.unwrap();

    let response = app
        .get_as(&analyst, &format!("/api/incidents/get?key={key}"))
        .await;
    assert_eq!(response.status().as_u16(), 500);
    let body = response.text().await.unwrap();
    for leaked in ["smouldering", "IncidentStatus", "stored"] {
        assert!(
            !body.contains(leaked),
            "{leaked:?} reached the client: {body}"
        );
    }
}
