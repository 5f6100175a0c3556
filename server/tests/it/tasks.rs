//! Remediation tasks: seeded from triage, each side editing its own workstream, waiting on the
//! other side, stale saves, and open tasks holding an incident open.

use crate::helpers::incidents::{
    detail, entries_of_kind, finish_task, move_to, post, shared_acme_incident,
};
use crate::helpers::{ACME_ANALYST, ACME_VIEWER, GLOBEX_ANALYST, PLATFORM_RESPONDER, TestApp};
use contract::dto::TaskView;
use domain::IncidentStatus;
use domain::responsibility::{Owner, Side};
use domain::sla::ClockState;
use domain::task::TaskStatus;

#[tokio::test]
async fn triage_seeds_both_workstreams_and_each_side_edits_only_its_own() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    // GLOBEX-2 names duties of both sides; ACME's shared incident has the playbook of both too.
    let key = shared_acme_incident(&app, &analyst).await;
    let seeded = detail(&app, &analyst, &key).await;
    // Due dates from the SLA fall on whole minutes, as forms show and send them back.
    assert!(seeded.tasks.iter().all(|t| {
        use chrono::Timelike;
        t.due_at
            .is_some_and(|d| d.second() == 0 && d.nanosecond() == 0)
    }));
    let sides: Vec<Side> = seeded.tasks.iter().map(|t| t.workstream).collect();
    assert!(
        sides.contains(&Side::Platform) && sides.contains(&Side::Tenant),
        "{sides:?}"
    );
    assert!(
        seeded
            .tasks
            .iter()
            .all(|t| t.status == TaskStatus::Todo && t.due_at.is_some())
    );
    assert!(seeded.can_edit_tenant_tasks && !seeded.can_edit_platform_tasks);
    assert!(seeded.platform_assignees.is_empty());
    let analyst_id = app.user(ACME_ANALYST).await.id;
    assert!(seeded.tenant_assignees.iter().any(|a| a.id == analyst_id));
    let viewer_id = app.user(ACME_VIEWER).await.id;
    assert!(!seeded.tenant_assignees.iter().any(|a| a.id == viewer_id));

    // The analyst adds a tenant task for themselves; the platform's workstream is not theirs.
    let (app, analyst, responder) = (&app, &analyst, &responder);
    let me = analyst_id.to_string();
    let add = |workstream: &'static str, assignee: String| {
        let key = key.clone();
        async move {
            let form = [
                ("key", key.as_str()),
                ("workstream", workstream),
                ("title", "Export the IdP sign-in log"),
                ("assignee", assignee.as_str()),
                ("due", ""),
            ];
            let client = if workstream == "tenant" {
                analyst
            } else {
                responder
            };
            post(app, client, "/api/tasks/add", &form).await
        }
    };
    assert_eq!(add("tenant", me.clone()).await.0, 200);
    let form = [
        ("key", key.as_str()),
        ("workstream", "platform"),
        ("title", "Not mine"),
    ];
    assert_eq!(post(app, analyst, "/api/tasks/add", &form).await.0, 403);
    // Someone of the other side cannot be the assignee.
    let (status, error) = add("platform", me.clone()).await;
    assert_eq!(status, 422);
    assert_eq!(
        error.unwrap().field_message("assignee").as_deref(),
        Some("Choose someone from the platform side.")
    );
    let responder_id = app.user(PLATFORM_RESPONDER).await.id.to_string();
    assert_eq!(add("platform", responder_id).await.0, 200);

    let now = detail(app, responder, &key).await;
    let mine: Vec<&TaskView> = now
        .tasks
        .iter()
        .filter(|t| t.title == "Export the IdP sign-in log")
        .collect();
    assert_eq!(mine.len(), 2);
    let tenant_task = mine.iter().find(|t| t.workstream == Side::Tenant).unwrap();
    assert_eq!(
        tenant_task.assignee_name.as_deref(),
        Some("Ari Acme-Analyst")
    );
    assert!(
        !tenant_task.can_edit,
        "the platform reads the tenant's workstream only"
    );
    assert_eq!(entries_of_kind(&now, "task"), 2);

    // Waiting on the other side needs a note; with one it is saved and shown to both sides.
    let (id, version) = (tenant_task.id.to_string(), tenant_task.version.to_string());
    let update = |status: &'static str, note: &'static str, version: String| {
        let (key, id) = (key.clone(), id.clone());
        async move {
            let form = [
                ("key", key.as_str()),
                ("task", id.as_str()),
                ("version", version.as_str()),
                ("title", "Export the IdP sign-in log"),
                ("status", status),
                ("assignee", ""),
                ("due", ""),
                ("waiting_note", note),
            ];
            post(app, analyst, "/api/tasks/update", &form).await
        }
    };
    let (status, error) = update("waiting", "", version.clone()).await;
    assert_eq!(status, 422);
    assert!(error.unwrap().field_message("waiting_note").is_some());
    assert_eq!(
        update(
            "waiting",
            "The platform's gateway logs for 02:00",
            version.clone()
        )
        .await
        .0,
        200
    );
    // The same stale version again is a conflict and writes nothing.
    let before = app.snapshot().await;
    assert_eq!(update("done", "", version).await.0, 409);
    assert_eq!(app.snapshot().await, before);
    let seen = detail(app, responder, &key).await;
    let task = seen.tasks.iter().find(|t| t.id == tenant_task.id).unwrap();
    assert_eq!(task.status, TaskStatus::Waiting);
    assert_eq!(
        task.waiting_note.as_deref(),
        Some("The platform's gateway logs for 02:00")
    );
    assert_eq!(task.assignee_name, None);
    assert!(
        seen.timeline.entries[0]
            .body_html
            .contains("waiting on the other side")
    );

    // The platform's responder cannot touch the tenant's task.
    let form = [
        ("key", key.as_str()),
        ("task", id.as_str()),
        ("version", "2"),
        ("title", "Taken over"),
        ("status", "done"),
    ];
    assert_eq!(
        post(app, responder, "/api/tasks/update", &form).await.0,
        403
    );
    // Nor can another tenant, who does not see the incident at all.
    let globex = app.sign_in(GLOBEX_ANALYST).await;
    assert_eq!(post(app, &globex, "/api/tasks/update", &form).await.0, 404);
}

#[tokio::test]
async fn an_incident_is_not_resolved_while_tasks_are_open() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let mut incident = detail(&app, &analyst, "ACME-1").await;
    for to in [
        "triaged",
        "investigating",
        "contained",
        "eradicated",
        "recovered",
    ] {
        assert_eq!(
            move_to(&app, &analyst, "ACME-1", incident.version, to).await,
            200,
            "{to}"
        );
        incident = detail(&app, &analyst, "ACME-1").await;
    }
    let open = incident.tasks.iter().filter(|t| t.status.is_open()).count();
    assert!(open > 0);
    let resolve = incident
        .moves
        .iter()
        .find(|m| m.to == IncidentStatus::Resolved)
        .unwrap();
    assert!(resolve.refusal.as_deref().unwrap().contains("still open"));
    assert_eq!(
        move_to(&app, &analyst, "ACME-1", incident.version, "resolved").await,
        422
    );

    for task in incident.tasks.iter().filter(|t| t.status.is_open()) {
        finish_task(&app, &analyst, "ACME-1", task).await;
    }
    let incident = detail(&app, &analyst, "ACME-1").await;
    assert_eq!(
        move_to(&app, &analyst, "ACME-1", incident.version, "resolved").await,
        200
    );
    let resolved = detail(&app, &analyst, "ACME-1").await;
    assert!(
        resolved
            .sla
            .iter()
            .all(|c| matches!(c.state, ClockState::Met | ClockState::MetLate))
    );
}

#[tokio::test]
async fn tasks_of_a_side_that_no_longer_owns_the_incident_do_not_hold_it_open() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let key = shared_acme_incident(&app, &analyst).await;
    let seen = detail(&app, &analyst, &key).await;
    assert!(seen.tasks.iter().any(|t| t.workstream == Side::Platform));
    // New facts make it the tenant's alone; the platform's tasks stay, but are not the tenant's
    // to finish.
    let version = seen.version.to_string();
    let facts = [
        ("key", key.as_str()),
        ("version", version.as_str()),
        ("area", "privileged-access"),
        ("layer", "tenant"),
        ("tenants_affected", "one"),
        ("flags[tenant-mfa]", "on"),
    ];
    assert_eq!(
        post(&app, &analyst, "/api/incidents/facts", &facts).await.0,
        200
    );
    let mut incident = detail(&app, &analyst, &key).await;
    assert_eq!(incident.ownership.owner, Owner::Tenant);
    for task in incident
        .tasks
        .iter()
        .filter(|t| t.workstream == Side::Tenant)
    {
        finish_task(&app, &analyst, &key, task).await;
    }
    for to in [
        "triaged",
        "investigating",
        "contained",
        "eradicated",
        "recovered",
        "resolved",
    ] {
        assert_eq!(
            move_to(&app, &analyst, &key, incident.version, to).await,
            200,
            "{to}"
        );
        incident = detail(&app, &analyst, &key).await;
    }
    assert_eq!(incident.status, IncidentStatus::Resolved);
    assert!(
        incident
            .tasks
            .iter()
            .any(|t| t.workstream == Side::Platform && t.status.is_open())
    );
}
