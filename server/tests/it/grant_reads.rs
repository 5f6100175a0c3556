//! Reads under a grant are told to the tenant once per visit: the reads one person makes of one
//! incident under one grant without a pause longer than the window are one audit entry that
//! counts them, so the tenant's review is not buried under page views.

use crate::helpers::{ACME_ADMIN, ACME_ANALYST, PLATFORM_RESPONDER, TestApp, incidents::note};
use chrono::Duration;
use contract::dto::{AuditPage, AuditRow};
use domain::access::READ_REPEAT_WINDOW;
use reqwest::Client;
use sea_orm::{ConnectionTrait, Statement};
use std::sync::Arc;

const READ: &str = "incident.read_under_grant";

/// The tenant's read-under-grant entries as its admin reviews them, newest first.
async fn read_entries(app: &TestApp, admin: &Client) -> Vec<AuditRow> {
    let page: AuditPage = app
        .get_as(admin, &format!("/api/audit/list?action={READ}"))
        .await
        .json()
        .await
        .unwrap();
    assert!(page.rows.iter().all(|r| r.action == READ));
    page.rows
}

fn count_of(row: &AuditRow) -> i64 {
    row.reads.map_or(0, |r| r.count)
}

async fn read(app: &TestApp, client: &Client, key: &str) {
    let response = app
        .get_as(client, &format!("/api/incidents/get?key={key}"))
        .await;
    assert_eq!(response.status().as_u16(), 200, "reading {key}");
}

/// Asks for a grant as the responder and has the tenant's admin approve it.
async fn approved_grant(app: &TestApp, responder: &Client, admin: &Client, incident: &str) -> i64 {
    let grant = app.request_grant(responder, "ACME", incident).await;
    decide(app, admin, grant, "approve").await;
    grant
}

async fn decide(app: &TestApp, admin: &Client, grant: i64, decision: &str) {
    let id = grant.to_string();
    let response = app
        .post_as(
            admin,
            "/api/grants/decide",
            &[("id", id.as_str()), ("decision", decision)],
        )
        .await;
    assert_eq!(response.status().as_u16(), 200, "{decision} grant {grant}");
}

#[tokio::test]
async fn reads_of_an_incident_within_minutes_are_one_entry_that_counts_them() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let admin = app.sign_in(ACME_ADMIN).await;
    approved_grant(&app, &responder, &admin, "ACME-1").await;

    read(&app, &responder, "ACME-1").await;
    app.clock.advance(Duration::minutes(2));
    read(&app, &responder, "ACME-1").await;
    app.clock.advance(Duration::minutes(2));
    read(&app, &responder, "ACME-1").await;

    let entries = read_entries(&app, &admin).await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].actor, PLATFORM_RESPONDER);
    assert_eq!(count_of(&entries[0]), 3);
    let summary = entries[0].reads_summary().unwrap();
    assert!(summary.starts_with("read 3 times, last "), "{summary}");
    let (status, html) = app
        .get_html_as(&admin, &format!("/admin/audit?action={READ}"))
        .await;
    assert_eq!(status, 200);
    assert!(html.contains(&summary), "the review page shows {summary:?}");
    let csv = app
        .get_as(&admin, &format!("/admin/audit.csv?action={READ}"))
        .await
        .text()
        .await
        .unwrap();
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().ends_with(",reads,last_read_at"));
    let row = lines.next().unwrap();
    assert!(
        row.contains(",\"3\",\""),
        "the export gives the count: {row}"
    );
    assert_eq!(lines.next(), None);
}

#[tokio::test]
async fn a_read_after_a_longer_pause_than_the_window_is_a_new_entry() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let admin = app.sign_in(ACME_ADMIN).await;
    approved_grant(&app, &responder, &admin, "ACME-1").await;
    read(&app, &responder, "ACME-1").await;
    read(&app, &responder, "ACME-1").await;

    app.clock.advance(READ_REPEAT_WINDOW + Duration::seconds(1));
    read(&app, &responder, "ACME-1").await;

    let entries = read_entries(&app, &admin).await;
    let counts: Vec<i64> = entries.iter().map(count_of).collect();
    assert_eq!(counts, [1, 2], "newest first: {entries:?}");
}

#[tokio::test]
async fn another_incident_or_another_grant_gets_its_own_entry() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let tenant_wide = approved_grant(&app, &responder, &admin, "").await;
    read(&app, &responder, "ACME-1").await;
    read(&app, &responder, "ACME-2").await;
    read(&app, &responder, "ACME-1").await;
    decide(&app, &admin, tenant_wide, "revoke").await;
    approved_grant(&app, &responder, &admin, "ACME-1").await;
    read(&app, &responder, "ACME-1").await;

    let entries = read_entries(&app, &admin).await;
    let seen: Vec<(&str, i64)> = entries
        .iter()
        .map(|e| (e.object.as_str(), count_of(e)))
        .collect();
    assert_eq!(
        seen,
        [("ACME-1", 1), ("ACME-2", 1), ("ACME-1", 2)],
        "newest first"
    );
}

/// Reads racing each other, and the tenant's notes on the incident racing them, all succeed;
/// the reads still make one entry.
#[tokio::test]
async fn simultaneous_reads_under_a_grant_are_one_entry() {
    let app = Arc::new(TestApp::spawn().await);
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let admin = app.sign_in(ACME_ADMIN).await;
    approved_grant(&app, &responder, &admin, "ACME-1").await;

    let mut tasks = Vec::new();
    for n in 0..8 {
        let (app, responder, analyst) = (app.clone(), responder.clone(), analyst.clone());
        tasks.push(tokio::spawn(async move {
            read(&app, &responder, "ACME-1").await;
            if n % 2 == 0 {
                note(&app, &analyst, "ACME-1", &format!("Note {n}"), "shared").await;
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }

    let entries = read_entries(&app, &admin).await;
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(count_of(&entries[0]), 8);
}

/// A visit's row names its grant, incident and entry each with its own tenant, so it cannot
/// join one tenant's entry to another tenant's grant.
#[tokio::test]
async fn a_counted_visit_cannot_join_two_tenants() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let admin = app.sign_in(ACME_ADMIN).await;
    approved_grant(&app, &responder, &admin, "ACME-1").await;
    read(&app, &responder, "ACME-1").await;
    let conn = app.db.conn();
    let scalar = |sql: &str| {
        let statement = Statement::from_string(conn.get_database_backend(), sql.to_owned());
        async move {
            let row = conn.query_one(statement).await.unwrap().unwrap();
            row.try_get_by_index::<i64>(0).unwrap()
        }
    };
    let globex = scalar("SELECT id FROM tenants WHERE key = 'GLOBEX'").await;
    let globex_entry = scalar(&format!(
        "SELECT MAX(id) FROM audit_entries WHERE tenant_id = {globex}"
    ))
    .await;
    let visits = app.count("grant_reads").await;

    let insert = |tenant: &str, entry: i64| {
        format!(
            "INSERT INTO grant_reads (tenant_id, grant_id, incident_id, reader_id, audit_entry_id, \
             first_at, last_at, reads) SELECT {tenant}, grant_id, incident_id, reader_id, \
             {entry}, first_at, last_at, 1 FROM grant_reads"
        )
    };
    for tenant in ["tenant_id".to_owned(), globex.to_string()] {
        let sql = insert(&tenant, globex_entry);
        assert!(conn.execute_unprepared(&sql).await.is_err(), "{sql}");
    }
    assert_eq!(app.count("grant_reads").await, visits);
    // The same row on an entry of its own tenant is accepted: the keys, not the shape, refused.
    let approval = scalar("SELECT MAX(id) FROM audit_entries WHERE action = 'grant.approved'");
    let sql = insert("tenant_id", approval.await);
    conn.execute_unprepared(&sql).await.unwrap();
    assert_eq!(app.count("grant_reads").await, visits + 1);
}
