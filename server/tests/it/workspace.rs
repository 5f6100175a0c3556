//! Working an incident: lifecycle moves, severity and SLA deadlines, and conflicts from stale
//! saves.

use crate::helpers::incidents::{detail, entries_of_kind, move_to, post, shared_acme_incident};
use crate::helpers::{ACME_ADMIN, ACME_ANALYST, ACME_VIEWER, PLATFORM_RESPONDER, TestApp};
use contract::dto::IncidentDetail;
use contract::error::AppError;
use domain::responsibility::Owner;
use domain::sla::ClockState;
use domain::{IncidentStatus, Severity};

#[tokio::test]
async fn the_owning_side_moves_an_incident_step_by_step_and_each_move_is_recorded() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    // ACME-1 is tenant-owned.
    let before = detail(&app, &analyst, "ACME-1").await;
    assert_eq!(before.status, IncidentStatus::New);
    assert_eq!(before.ownership.owner, Owner::Tenant);
    assert_eq!(before.moves.len(), 1);
    assert_eq!(before.moves[0].to, IncidentStatus::Triaged);
    assert_eq!(before.moves[0].refusal, None);

    // Skipping a stage is refused with the reason on the status field, and nothing changes.
    let version = before.version.to_string();
    let (status, error) = post(
        &app,
        &analyst,
        "/api/incidents/move",
        &[
            ("key", "ACME-1"),
            ("version", &version),
            ("to", "contained"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        error.unwrap().field_message("status").as_deref(),
        Some("From new the incident moves on to triaged; it cannot go to contained directly.")
    );

    assert_eq!(
        move_to(&app, &analyst, "ACME-1", before.version, "triaged").await,
        200
    );
    let triaged = detail(&app, &analyst, "ACME-1").await;
    assert_eq!(triaged.status, IncidentStatus::Triaged);
    assert_eq!(triaged.version, before.version + 1);
    // The demo incident was detected hours ago: triage came too late for its SLA.
    let met = triaged.sla[0].met_at.expect("triage met");
    assert!(met > before.as_of && met <= triaged.as_of);
    assert_eq!(triaged.sla[0].state, ClockState::MetLate);
    assert_eq!(entries_of_kind(&triaged, "status"), 1);
    assert!(
        triaged.timeline.entries[0]
            .body_html
            .contains("<strong>new</strong> to <strong>triaged</strong>")
    );
    assert_eq!(
        move_to(&app, &analyst, "ACME-1", triaged.version, "investigating").await,
        200
    );

    // The platform cannot move a tenant-owned incident even with a grant.
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    assert_eq!(
        move_to(&app, &responder, "ACME-1", triaged.version + 1, "contained").await,
        404
    );
    let grant = app.request_grant(&responder, "ACME", "ACME-1").await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let grant = grant.to_string();
    let form = [("id", grant.as_str()), ("decision", "approve")];
    assert_eq!(post(&app, &admin, "/api/grants/decide", &form).await.0, 200);
    let (status, error) = post(
        &app,
        &responder,
        "/api/incidents/move",
        &[
            ("key", "ACME-1"),
            ("version", &(triaged.version + 1).to_string()),
            ("to", "contained"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(
        error.unwrap().field_message("status").as_deref(),
        Some("This incident is tenant-owned: the tenant side moves it.")
    );

    // A viewer reads but does not move.
    let viewer = app.sign_in(ACME_VIEWER).await;
    assert_eq!(
        move_to(&app, &viewer, "ACME-1", triaged.version + 1, "contained").await,
        403
    );
    let seen = detail(&app, &viewer, "ACME-1").await;
    assert!(seen.moves.iter().all(|m| m.refusal.is_some()));
    assert!(seen.note_visibilities.is_empty());
    assert!(!seen.can_edit_tenant_tasks && !seen.can_edit_platform_tasks);
}

#[tokio::test]
async fn severity_changes_move_the_sla_deadlines_and_overdue_incidents_are_marked() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let key = shared_acme_incident(&app, &analyst).await;
    let sev2 = detail(&app, &analyst, &key).await;
    assert_eq!(sev2.severity, Severity::Sev2);
    let detected = sev2.detected_at;
    assert_eq!(sev2.sla[0].due_at, detected + chrono::Duration::hours(1));

    let version = sev2.version.to_string();
    let form = [
        ("key", key.as_str()),
        ("version", &version),
        ("severity", "SEV1"),
    ];
    assert_eq!(
        post(&app, &analyst, "/api/incidents/severity", &form)
            .await
            .0,
        200
    );
    let sev1 = detail(&app, &analyst, &key).await;
    assert_eq!(sev1.severity, Severity::Sev1);
    assert_eq!(sev1.sla[0].due_at, detected + chrono::Duration::minutes(15));
    assert_eq!(entries_of_kind(&sev1, "severity"), 1);
    let (status, error) = post(
        &app,
        &analyst,
        "/api/incidents/severity",
        &[
            ("key", &key),
            ("version", &sev1.version.to_string()),
            ("severity", "SEV9"),
        ],
    )
    .await;
    assert_eq!(status, 422);
    assert!(error.unwrap().field_message("severity").is_some());

    // Twenty minutes later the SEV1 triage clock has run out.
    app.clock.advance(chrono::Duration::minutes(20));
    let late = detail(&app, &analyst, &key).await;
    assert_eq!(late.sla[0].state, ClockState::Overdue);
    let list: contract::dto::IncidentPage = app
        .get_as(&analyst, "/api/incidents/list?filter[overdue]=yes")
        .await
        .json()
        .await
        .unwrap();
    let keys: Vec<&str> = list.rows.iter().map(|r| r.key.as_str()).collect();
    assert!(keys.contains(&key.as_str()), "{keys:?}");
    assert!(list.rows.iter().all(|r| r.overdue));
    let (_, html) = app
        .get_html_as(&analyst, &format!("/incidents/{key}"))
        .await;
    assert!(html.contains("overdue by 5 min"), "the page says how late");
}

#[tokio::test]
async fn two_saves_from_the_same_version_make_one_change_and_the_loser_sees_what_changed() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let seen = detail(&app, &analyst, "ACME-2").await;
    let entries = app.count("timeline_entries").await;
    let version = seen.version.to_string();
    let first = [
        ("key", "ACME-2"),
        ("version", version.as_str()),
        ("to", "triaged"),
    ];
    let second = [
        ("key", "ACME-2"),
        ("version", version.as_str()),
        ("severity", "SEV1"),
    ];
    let (a, b) = tokio::join!(
        post(&app, &analyst, "/api/incidents/move", &first),
        post(&app, &admin, "/api/incidents/severity", &second),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort();
    assert_eq!(statuses, [200, 409], "one wins, the other is told");
    assert_eq!(app.count("timeline_entries").await, entries + 1);
    let loser = if a.0 == 409 { a.1 } else { b.1 };
    assert_eq!(
        loser,
        Some(AppError::Conflict {
            since_version: Some(seen.version)
        })
    );

    // The refused person's page shows the current state and the change they missed.
    let current: IncidentDetail = app
        .get_as(
            &admin,
            &format!("/api/incidents/get?key=ACME-2&since={}", seen.version),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(current.version, seen.version + 1);
    assert_eq!(current.changes_since.len(), 1);
    assert_eq!(
        current.changes_since[0].author,
        if a.0 == 200 {
            "Ari Acme-Analyst"
        } else {
            "Ada Acme-Admin"
        }
    );
}

#[tokio::test]
async fn without_javascript_a_stale_save_comes_back_to_the_page_with_what_changed() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let seen = detail(&app, &analyst, "ACME-2").await;
    assert_eq!(
        move_to(&app, &analyst, "ACME-2", seen.version, "triaged").await,
        200
    );
    let stale = seen.version.to_string();
    let response = app
        .browser_post_as(
            &analyst,
            "/api/incidents/severity",
            "/incidents/ACME-2",
            &[("key", "ACME-2"), ("version", &stale), ("severity", "SEV1")],
        )
        .await;
    assert_eq!(response.status().as_u16(), 302);
    let back = crate::helpers::location(&response);
    let back = back.trim_start_matches(&format!("http://{}", app.addr));
    assert!(back.starts_with("/incidents/ACME-2?"), "{back}");
    let (status, html) = app.get_html_as(&analyst, back).await;
    assert_eq!(status, 200);
    assert!(html.contains("Changed since you loaded the page"));
    assert!(html.contains("Status changed from <strong>new</strong> to <strong>triaged</strong>"));
    assert!(html.contains("nothing was saved"));
    assert_eq!(
        detail(&app, &analyst, "ACME-2").await.severity,
        seen.severity
    );
}
