//! The timeline through `/api/v1/incidents/{key}/timeline` with API tokens: paging and
//! filtering what the token's side may read, and writing notes with their visibility (with
//! `Idempotency-Key`).

use crate::api_support::{Answer, token_audit_suffix, token_display_name};
use crate::helpers::TestApp;
use crate::helpers::api::ALL_SCOPES;
use chrono::{TimeDelta, Utc};
use reqwest::Method;
use serde_json::{Value, json};

const RESPONDER: &str = "tenant_responder";
const TIMELINE: &str = "/api/v1/incidents/ACME-1/timeline";

async fn acme_responder(app: &TestApp) -> String {
    app.api_token(Some("ACME"), RESPONDER, ALL_SCOPES).await
}

async fn note(app: &TestApp, token: &str, body: &Value, headers: &[(&str, &str)]) -> Answer {
    app.call(Method::POST, TIMELINE, token, body, headers).await
}

fn ids(page: &Answer) -> Vec<i64> {
    page.body["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_token_writes_a_note_with_its_visibility_attributed_to_the_token() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let when = "2026-01-05T08:30:00Z";

    let written = note(
        &app,
        &token,
        &json!({"body": "Blocked the **sender**.", "visibility": "tenant-internal", "occurred_at": when}),
        &[],
    )
    .await;

    assert_eq!(written.status, 201, "{written:?}");
    let location = written.header("location").unwrap().to_owned();
    assert_eq!(location, format!("{TIMELINE}/{}", written.body["id"]));
    assert_eq!(written.body["kind"], "note");
    assert_eq!(written.body["visibility"], "tenant-internal");
    assert_eq!(written.body["occurred_at"], when);
    assert!(
        written.body["body_html"]
            .as_str()
            .unwrap()
            .contains("<strong>sender</strong>")
    );
    assert_eq!(written.body["author"], token_display_name(RESPONDER));
    assert_eq!(app.read(&location, &token).await.body, written.body);
    let (actor, action) = app.newest_audit(1).await.remove(0);
    assert_eq!(action, "timeline.note_added");
    assert!(actor.ends_with(&token_audit_suffix(RESPONDER)), "{actor}");
}

#[tokio::test]
async fn a_note_the_tokens_side_may_not_write_or_dated_in_the_future_is_422_and_nothing_is_written()
{
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let viewer = app
        .api_token(Some("ACME"), "tenant_viewer", ALL_SCOPES)
        .await;
    let future = (Utc::now() + TimeDelta::days(2)).to_rfc3339();
    let before = app.stored_state().await;

    for (body, field) in [
        (
            json!({"body": "x", "visibility": "platform-internal"}),
            "visibility",
        ),
        (json!({"body": "x", "visibility": "everyone"}), "visibility"),
        (json!({"body": "", "visibility": "shared"}), "body"),
        (
            json!({"body": "x", "visibility": "shared", "occurred_at": future}),
            "occurred_at",
        ),
        (
            json!({"body": "x", "visibility": "shared", "occurred_at": "yesterday"}),
            "occurred_at",
        ),
        (
            json!({"body": "x", "visibility": "shared", "author": "someone"}),
            "author",
        ),
    ] {
        note(&app, &token, &body, &[])
            .await
            .assert_problem(422, Some(field));
    }
    let read_only = note(
        &app,
        &viewer,
        &json!({"body": "x", "visibility": "shared"}),
        &[],
    )
    .await;
    read_only.assert_problem(403, None);
    assert_eq!(app.stored_state().await, before);
}

#[tokio::test]
async fn the_same_idempotency_key_and_body_write_one_note_and_another_body_is_422() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let key = [("Idempotency-Key", "note-0001")];
    let body = json!({"body": "Contained.", "visibility": "shared"});
    let entries = app.count("timeline_entries").await;

    let first = note(&app, &token, &body, &key).await;
    let rows = app.written_rows().await;
    let again = note(&app, &token, &body, &key).await;
    let other = note(
        &app,
        &token,
        &json!({"body": "Other.", "visibility": "shared"}),
        &key,
    )
    .await;
    let as_task = app
        .call(
            Method::POST,
            "/api/v1/incidents/ACME-1/tasks",
            &token,
            &json!({"workstream": "tenant", "title": "Contained."}),
            &key,
        )
        .await;

    assert_eq!(first.status, 201, "{first:?}");
    assert_eq!(again.status, 201);
    assert_eq!(again.body, first.body);
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    other.assert_problem(422, Some("Idempotency-Key"));
    as_task.assert_problem(422, Some("Idempotency-Key"));
    assert_eq!(app.count("timeline_entries").await, entries + 1);
    assert_eq!(app.written_rows().await, rows);
}

#[tokio::test]
async fn a_token_pages_the_timeline_back_with_next_cursor_and_filters_it() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    for n in 0..101 {
        let body = json!({"body": format!("Note {n}"), "visibility": "shared"});
        assert_eq!(note(&app, &token, &body, &[]).await.status, 201);
    }

    let first = app.read(TIMELINE, &token).await;
    let cursor = first.body["next_cursor"].as_i64().unwrap();
    let second = app
        .read(&format!("{TIMELINE}?before={cursor}"), &token)
        .await;
    let notes = app.read(&format!("{TIMELINE}?kind=note"), &token).await;
    let shared = app
        .read(
            &format!("{TIMELINE}?visibility=shared&kind=created"),
            &token,
        )
        .await;

    let (first_ids, second_ids) = (ids(&first), ids(&second));
    assert_eq!(first_ids.len(), 100);
    assert!(second_ids.iter().all(|id| *id < cursor));
    assert!(!second_ids.is_empty());
    assert!(first_ids.windows(2).all(|w| w[0] > w[1]), "newest first");
    for entry in notes.body["items"].as_array().unwrap() {
        assert_eq!(entry["kind"], "note");
    }
    assert_eq!(ids(&shared).len(), 1);
    assert_eq!(shared.body["items"][0]["kind"], "created");
}

#[tokio::test]
async fn unknown_filters_and_a_cursor_that_is_no_id_are_422_naming_them() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;

    for (query, field) in [
        ("kind=gossip", "kind"),
        ("visibility=everyone", "visibility"),
        ("before=yesterday", "before"),
    ] {
        let answer = app.read(&format!("{TIMELINE}?{query}"), &token).await;
        answer.assert_problem(422, Some(field));
    }
}

#[tokio::test]
async fn the_other_sides_internal_notes_are_neither_listed_nor_readable_by_id() {
    let app = TestApp::spawn().await;
    let acme = acme_responder(&app).await;
    let platform = app.api_token(None, "platform_responder", ALL_SCOPES).await;
    let opened = app
        .call(
            Method::POST,
            "/api/v1/incidents",
            &acme,
            &json!({"title": "Something odd in the payment exports", "description": "Odd.", "severity": "SEV3"}),
            &[],
        )
        .await;
    let key = opened.body["key"].as_str().unwrap().to_owned();
    assert_eq!(opened.body["ownership"]["owner"], "shared", "{opened:?}");
    let path = format!("/api/v1/incidents/{key}/timeline");
    let internal = app
        .call(
            Method::POST,
            &path,
            &platform,
            &json!({"body": "Our side only.", "visibility": "platform-internal"}),
            &[],
        )
        .await;
    assert_eq!(internal.status, 201, "{internal:?}");
    let id = internal.body["id"].as_i64().unwrap();

    let listed = app.read(&path, &acme).await;
    let by_id = app.read(&format!("{path}/{id}"), &acme).await;
    let own = app.read(&format!("{path}/{id}"), &platform).await;

    assert!(!ids(&listed).contains(&id));
    by_id.assert_problem(404, None);
    assert_eq!(own.status, 200);
}
