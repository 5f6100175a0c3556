//! A task or note form submitted twice (a double click, a retry after a lost answer) adds one
//! task or one note, with one timeline entry and one audit entry; another submission of the same
//! page's form adds another.

use crate::helpers::incidents::{detail, post, shared_acme_incident};
use crate::helpers::{ACME_ANALYST, TestApp};

/// What one incident's changes have left: timeline entries, tasks and audit entries.
async fn totals(app: &TestApp) -> (i64, i64, i64) {
    (
        app.count("timeline_entries").await,
        app.count("tasks").await,
        app.count("audit_entries").await,
    )
}

#[tokio::test]
async fn the_same_task_submission_sent_twice_at_once_adds_one_task() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let key = shared_acme_incident(&app, &analyst).await;
    let page = detail(&app, &analyst, &key).await;
    let submission = format!("{}-tenant-0", page.form_key);
    let form = [
        ("key", key.as_str()),
        ("workstream", "tenant"),
        ("title", "Rotate the exported keys"),
        ("idempotency_key", submission.as_str()),
    ];
    let (entries, tasks, audits) = totals(&app).await;

    let (first, second) = tokio::join!(
        post(&app, &analyst, "/api/tasks/add", &form),
        post(&app, &analyst, "/api/tasks/add", &form)
    );

    assert_eq!((first.0, second.0), (200, 200), "{first:?} {second:?}");
    assert_eq!(totals(&app).await, (entries + 1, tasks + 1, audits + 1));
    let titles: Vec<String> = detail(&app, &analyst, &key)
        .await
        .tasks
        .into_iter()
        .map(|t| t.title)
        .filter(|t| t == "Rotate the exported keys")
        .collect();
    assert_eq!(titles.len(), 1);

    let next = format!("{}-tenant-1", page.form_key);
    let again = [
        ("key", key.as_str()),
        ("workstream", "tenant"),
        ("title", "Rotate the exported keys"),
        ("idempotency_key", next.as_str()),
    ];
    assert_eq!(post(&app, &analyst, "/api/tasks/add", &again).await.0, 200);
    assert_eq!(totals(&app).await, (entries + 2, tasks + 2, audits + 2));
}

#[tokio::test]
async fn the_same_note_submission_sent_twice_writes_one_note() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let key = shared_acme_incident(&app, &analyst).await;
    let page = detail(&app, &analyst, &key).await;
    let submission = format!("{}-note-0", page.form_key);
    let form = [
        ("key", key.as_str()),
        ("body", "Exports paused while we look."),
        ("visibility", "shared"),
        ("idempotency_key", submission.as_str()),
    ];
    let (entries, tasks, audits) = totals(&app).await;

    let (first, second) = tokio::join!(
        post(&app, &analyst, "/api/timeline/note", &form),
        post(&app, &analyst, "/api/timeline/note", &form)
    );
    let third = post(&app, &analyst, "/api/timeline/note", &form).await;

    assert_eq!((first.0, second.0, third.0), (200, 200, 200));
    assert_eq!(totals(&app).await, (entries + 1, tasks, audits + 1));
}

#[tokio::test]
async fn a_malformed_submission_key_is_refused_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let key = shared_acme_incident(&app, &analyst).await;
    let long = "k".repeat(65);
    let (entries, tasks, audits) = totals(&app).await;

    for bad in [long.as_str(), "with space", "tab\there"] {
        let form = [
            ("key", key.as_str()),
            ("body", "Should not land."),
            ("visibility", "shared"),
            ("idempotency_key", bad),
        ];
        assert_eq!(
            post(&app, &analyst, "/api/timeline/note", &form).await.0,
            400,
            "{bad:?}"
        );
    }

    assert_eq!(totals(&app).await, (entries, tasks, audits));
}

#[tokio::test]
async fn every_read_of_the_incident_page_gives_its_forms_a_fresh_key() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let key = shared_acme_incident(&app, &analyst).await;

    let first = detail(&app, &analyst, &key).await.form_key;
    let second = detail(&app, &analyst, &key).await.form_key;

    assert_ne!(first, second);
    let (_, html) = app
        .get_html_as(&analyst, &format!("/incidents/{key}"))
        .await;
    assert!(
        html.contains("name=\"idempotency_key\""),
        "the task and note forms carry their key"
    );
}
