//! Working an incident: lifecycle moves, severity and SLA deadlines, both workstreams' tasks,
//! notes with their three visibilities, and conflicts from stale saves.

use crate::helpers::{
    ACME_ADMIN, ACME_ANALYST, ACME_VIEWER, GLOBEX_ANALYST, PLATFORM_ADMIN, PLATFORM_RESPONDER,
    TestApp,
};
use app::error::AppError;
use app::model::{IncidentDetail, TaskView};
use domain::note::EntryVisibility;
use domain::responsibility::{Owner, Side};
use domain::sla::ClockState;
use domain::task::TaskStatus;
use domain::{IncidentStatus, Severity};
use reqwest::Client;

/// The incident page's data as `client` gets it.
pub async fn detail(app: &TestApp, client: &Client, key: &str) -> IncidentDetail {
    let response = app
        .get_as(client, &format!("/api/incidents/get?key={key}"))
        .await;
    assert_eq!(response.status().as_u16(), 200, "read {key}");
    response.json().await.unwrap()
}

/// Posts `form` to `path` as `client`, the way the hydrated page does; returns the status and
/// the error, if any.
pub async fn post(
    app: &TestApp,
    client: &Client,
    path: &str,
    form: &[(&str, &str)],
) -> (u16, Option<AppError>) {
    let response = app.post_as(client, path, form).await;
    let status = response.status().as_u16();
    let body = response.text().await.unwrap();
    (status, serde_json::from_str(&body).ok())
}

async fn move_to(app: &TestApp, client: &Client, key: &str, version: i64, to: &str) -> u16 {
    let version = version.to_string();
    let form = [("key", key), ("version", version.as_str()), ("to", to)];
    post(app, client, "/api/incidents/move", &form).await.0
}

fn entries_of_kind(incident: &IncidentDetail, kind: &str) -> usize {
    incident
        .timeline
        .entries
        .iter()
        .filter(|e| e.kind == kind)
        .count()
}

/// A shared Acme incident (no facts: triage involves both sides), opened by Acme's analyst.
async fn shared_acme_incident(app: &TestApp, analyst: &Client) -> String {
    let key = app
        .open_incident_as(analyst, "ACME", "Something odd in the payment exports")
        .await;
    assert_eq!(
        detail(app, analyst, &key).await.ownership.owner,
        Owner::Shared
    );
    key
}

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
    let list: app::model::IncidentPage = app
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
        let (id, version) = (task.id.to_string(), task.version.to_string());
        let form = [
            ("key", "ACME-1"),
            ("task", id.as_str()),
            ("version", version.as_str()),
            ("title", task.title.as_str()),
            ("status", "done"),
        ];
        assert_eq!(
            post(&app, &analyst, "/api/tasks/update", &form).await.0,
            200
        );
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
async fn notes_are_read_only_by_the_sides_their_visibility_names() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let key = shared_acme_incident(&app, &analyst).await;
    let note = |client: &'static str, body: &'static str, visibility: &'static str| {
        let key = key.clone();
        let app = &app;
        let client = if client == "platform" {
            &responder
        } else {
            &analyst
        };
        async move {
            let form = [
                ("key", key.as_str()),
                ("body", body),
                ("visibility", visibility),
                ("occurred_at", ""),
            ];
            post(app, client, "/api/timeline/note", &form).await
        }
    };
    assert_eq!(
        note(
            "platform",
            "PLATFORM-SECRET gateway logs pulled",
            "platform-internal"
        )
        .await
        .0,
        200
    );
    assert_eq!(
        note("platform", "We are looking at the gateway", "shared")
            .await
            .0,
        200
    );
    assert_eq!(
        note(
            "tenant",
            "TENANT-SECRET our teller reset",
            "tenant-internal"
        )
        .await
        .0,
        200
    );
    let (status, error) = note(
        "tenant",
        "Sneaking into the platform's notes",
        "platform-internal",
    )
    .await;
    assert_eq!(status, 422);
    assert!(error.unwrap().field_message("visibility").is_some());
    let (status, _) = note("tenant", "   ", "shared").await;
    assert_eq!(status, 422);

    let tenant_view = detail(&app, &analyst, &key).await;
    let platform_view = detail(&app, &responder, &key).await;
    let bodies = |d: &IncidentDetail| {
        d.timeline
            .entries
            .iter()
            .map(|e| e.body_html.clone())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(!bodies(&tenant_view).contains("PLATFORM-SECRET"));
    assert!(bodies(&tenant_view).contains("TENANT-SECRET"));
    assert!(bodies(&tenant_view).contains("looking at the gateway"));
    assert!(!bodies(&platform_view).contains("TENANT-SECRET"));
    assert!(bodies(&platform_view).contains("PLATFORM-SECRET"));
    for (view, side) in [
        (&tenant_view, Side::Tenant),
        (&platform_view, Side::Platform),
    ] {
        for entry in &view.timeline.entries {
            let visibility = EntryVisibility::parse(&entry.visibility).unwrap();
            assert!(visibility.readable_by(side), "{side:?} got {entry:?}");
        }
    }
    // Asking for the other side's entries by filter returns nothing rather than them.
    let filtered = app
        .get_as(
            &analyst,
            &format!("/api/incidents/get?key={key}&visibility=platform-internal"),
        )
        .await
        .json::<IncidentDetail>()
        .await
        .unwrap();
    assert!(filtered.timeline.entries.is_empty());
    let notes = app
        .get_as(
            &responder,
            &format!("/api/incidents/get?key={key}&kind=note"),
        )
        .await
        .json::<IncidentDetail>()
        .await
        .unwrap();
    assert_eq!(notes.timeline.entries.len(), 2);
    // The rendered page holds the same, and only that.
    let (_, html) = app
        .get_html_as(&analyst, &format!("/incidents/{key}"))
        .await;
    assert!(html.contains("TENANT-SECRET") && !html.contains("PLATFORM-SECRET"));

    // A note can say when something happened, but not in the future.
    let form = [
        ("key", key.as_str()),
        ("body", "Alert fired"),
        ("visibility", "shared"),
        ("occurred_at", "2000-01-01T09:15"),
    ];
    assert_eq!(
        post(&app, &analyst, "/api/timeline/note", &form).await.0,
        200
    );
    let form = [
        ("key", key.as_str()),
        ("body", "Tomorrow"),
        ("visibility", "shared"),
        ("occurred_at", "2999-01-01T09:15"),
    ];
    let (status, error) = post(&app, &analyst, "/api/timeline/note", &form).await;
    assert_eq!(status, 422);
    assert!(error.unwrap().field_message("occurred_at").is_some());
    // A viewer writes nothing.
    let viewer = app.sign_in(ACME_VIEWER).await;
    let form = [
        ("key", key.as_str()),
        ("body", "Hello"),
        ("visibility", "shared"),
    ];
    assert_eq!(
        post(&app, &viewer, "/api/timeline/note", &form).await.0,
        403
    );
}

#[tokio::test]
async fn a_long_timeline_pages_by_keyset_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(PLATFORM_ADMIN).await;
    for n in 0..230 {
        let body = format!("Entry number {n}");
        let form = [
            ("key", "PLT-1"),
            ("body", body.as_str()),
            ("visibility", "platform-internal"),
        ];
        assert_eq!(post(&app, &admin, "/api/timeline/note", &form).await.0, 200);
    }
    let mut seen = Vec::new();
    let mut before: Option<i64> = None;
    loop {
        let path = match before {
            Some(b) => format!("/api/incidents/get?key=PLT-1&kind=note&before={b}"),
            None => "/api/incidents/get?key=PLT-1&kind=note".to_owned(),
        };
        let page: IncidentDetail = app.get_as(&admin, &path).await.json().await.unwrap();
        seen.extend(page.timeline.entries.iter().map(|e| e.id));
        match page.timeline.next_cursor {
            Some(cursor) => before = Some(cursor),
            None => break,
        }
    }
    assert_eq!(seen.len(), 230);
    let mut sorted = seen.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!(sorted, seen, "newest first, each once");
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
        let (id, version) = (task.id.to_string(), task.version.to_string());
        let form = [
            ("key", key.as_str()),
            ("task", id.as_str()),
            ("version", version.as_str()),
            ("title", task.title.as_str()),
            ("status", "done"),
        ];
        assert_eq!(
            post(&app, &analyst, "/api/tasks/update", &form).await.0,
            200
        );
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
