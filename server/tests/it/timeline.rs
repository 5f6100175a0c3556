//! The timeline: notes read only by the sides their visibility names, filters, and paging a
//! long timeline.

use crate::helpers::incidents::{detail, post, shared_acme_incident};
use crate::helpers::{ACME_ANALYST, ACME_VIEWER, PLATFORM_ADMIN, PLATFORM_RESPONDER, TestApp};
use contract::dto::{IncidentDetail, TimelinePage};
use domain::responsibility::Side;

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
            let visibility = entry.visibility;
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

/// The timeline alone, as an open page fetches it after a note: the same entries as the
/// incident's page of it, for each side, through the same gate.
#[tokio::test]
async fn the_timeline_alone_is_what_the_incident_shows_of_it_and_no_more() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let key = shared_acme_incident(&app, &analyst).await;
    for (client, body, visibility) in [
        (
            &responder,
            "PLATFORM-SECRET gateway logs pulled",
            "platform-internal",
        ),
        (
            &analyst,
            "TENANT-SECRET our teller reset",
            "tenant-internal",
        ),
        (&analyst, "Shared finding", "shared"),
    ] {
        let form = [
            ("key", key.as_str()),
            ("body", body),
            ("visibility", visibility),
            ("occurred_at", ""),
        ];
        assert_eq!(post(&app, client, "/api/timeline/note", &form).await.0, 200);
    }
    for client in [&analyst, &responder] {
        let whole = detail(&app, client, &key).await;
        let alone: TimelinePage = app
            .get_as(client, &format!("/api/incidents/timeline?key={key}"))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(
            alone.entries.iter().map(|e| e.id).collect::<Vec<_>>(),
            whole
                .timeline
                .entries
                .iter()
                .map(|e| e.id)
                .collect::<Vec<_>>()
        );
        assert!(alone.entries.len() >= 4, "{alone:?}");
    }
    let notes: TimelinePage = app
        .get_as(
            &analyst,
            &format!("/api/incidents/timeline?key={key}&kind=note"),
        )
        .await
        .json()
        .await
        .unwrap();
    let bodies: Vec<_> = notes.entries.iter().map(|e| e.body_html.as_str()).collect();
    assert_eq!(bodies.len(), 2, "{bodies:?}");
    assert!(bodies.iter().all(|b| !b.contains("PLATFORM-SECRET")));
    let path = |query: &str| format!("/api/incidents/timeline?key={key}{query}");
    for (query, status) in [("&kind=nonsense", 400), ("&visibility=everyone", 400)] {
        let response = app.get_as(&analyst, &path(query)).await;
        assert_eq!(response.status().as_u16(), status, "{query}");
    }
    let unknown = app
        .get_as(&analyst, "/api/incidents/timeline?key=ACME-99999")
        .await;
    assert_eq!(unknown.status().as_u16(), 404);
    assert_eq!(app.get(&path("")).await.status().as_u16(), 401);
}
