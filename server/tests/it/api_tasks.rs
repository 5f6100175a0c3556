//! Remediation tasks through `/api/v1/incidents/{key}/tasks` with API tokens: listing and
//! reading them, adding one to the token's own workstream (with `Idempotency-Key`), changing one
//! (with `If-Match`), and what bad input gets.

use crate::api_support::{Answer, token_audit_suffix, token_display_name};
use crate::helpers::api::ALL_SCOPES;
use crate::helpers::{ACME_ANALYST, GLOBEX_ANALYST, TestApp};
use reqwest::Method;
use serde_json::{Value, json};

const RESPONDER: &str = "tenant_responder";
const TASKS: &str = "/api/v1/incidents/ACME-1/tasks";

async fn acme_responder(app: &TestApp) -> String {
    app.api_token(Some("ACME"), RESPONDER, ALL_SCOPES).await
}

async fn add(app: &TestApp, token: &str, body: &Value, headers: &[(&str, &str)]) -> Answer {
    app.call(Method::POST, TASKS, token, body, headers).await
}

fn new_task(title: &str) -> Value {
    json!({"workstream": "tenant", "title": title})
}

#[tokio::test]
async fn a_token_lists_an_incidents_tasks_and_reads_each_with_its_version_as_etag() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_viewer", "incidents:read")
        .await;

    let list = app.read(TASKS, &token).await;

    assert_eq!(list.status, 200, "{list:?}");
    let items = list.body["items"].as_array().unwrap();
    assert!(!items.is_empty(), "triage seeded the playbook's tasks");
    for task in items {
        let one = app.read(&format!("{TASKS}/{}", task["id"]), &token).await;
        assert_eq!(one.status, 200);
        assert_eq!(&one.body, task);
        assert_eq!(
            one.header("etag"),
            Some(format!("\"{}\"", task["version"]).as_str())
        );
    }
}

#[tokio::test]
async fn a_tenant_token_adds_a_task_to_its_workstream_attributed_to_the_token() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let analyst = app.user(ACME_ANALYST).await.id;
    let body = json!({
        "workstream": "tenant",
        "title": "Rotate the admin password",
        "assignee_id": analyst,
        "due_at": "2030-01-02T03:04:05Z",
    });

    let added = add(&app, &token, &body, &[]).await;

    assert_eq!(added.status, 201, "{added:?}");
    let id = added.body["id"].as_i64().unwrap();
    assert_eq!(
        added.header("location"),
        Some(format!("{TASKS}/{id}").as_str())
    );
    assert_eq!(added.header("etag"), Some("\"1\""));
    assert_eq!(added.body["assignee_id"], analyst);
    assert_eq!(added.body["due_at"], "2030-01-02T03:04:05Z");
    assert_eq!(added.body["status"], "todo");
    let (actor, action) = app.newest_audit(1).await.remove(0);
    assert_eq!(action, "task.added");
    assert!(actor.ends_with(&token_audit_suffix(RESPONDER)), "{actor}");
    let entries = app
        .read("/api/v1/incidents/ACME-1/timeline?kind=task", &token)
        .await;
    assert_eq!(
        entries.body["items"][0]["author"],
        token_display_name(RESPONDER)
    );
}

#[tokio::test]
async fn a_tenant_token_may_not_add_to_the_platforms_workstream_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let before = app.stored_state().await;

    let answer = add(
        &app,
        &token,
        &json!({"workstream": "platform", "title": "Not ours"}),
        &[],
    )
    .await;

    answer.assert_problem(403, None);
    assert_eq!(app.stored_state().await, before);
}

#[tokio::test]
async fn the_same_idempotency_key_and_body_add_one_task_and_another_body_is_422() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let key = [("Idempotency-Key", "task-7f3a")];
    let tasks = app.count("tasks").await;

    let first = add(&app, &token, &new_task("Disable the account"), &key).await;
    let rows = app.written_rows().await;
    let again = add(&app, &token, &new_task("Disable the account"), &key).await;
    let other = add(&app, &token, &new_task("Something else"), &key).await;

    assert_eq!(first.status, 201, "{first:?}");
    assert_eq!(again.status, 201);
    assert_eq!(again.body, first.body);
    assert_eq!(again.header("location"), first.header("location"));
    assert_eq!(again.header("idempotent-replayed"), Some("true"));
    other.assert_problem(422, Some("Idempotency-Key"));
    assert_eq!(app.count("tasks").await, tasks + 1);
    assert_eq!(app.written_rows().await, rows);
}

#[tokio::test]
async fn a_task_change_needs_if_match_and_a_stale_one_is_412_with_the_current_task() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let task = add(&app, &token, &new_task("Review sign-ins"), &[])
        .await
        .body;
    let path = format!("{TASKS}/{}", task["id"]);
    let change = json!({"status": "in_progress"});
    let before = app.stored_state().await;

    let missing = app.call(Method::PATCH, &path, &token, &change, &[]).await;
    let stale = app
        .call(
            Method::PATCH,
            &path,
            &token,
            &change,
            &[("If-Match", "\"2\"")],
        )
        .await;

    missing.assert_problem(428, None);
    stale.assert_problem(412, None);
    assert_eq!(stale.body["current"], task);
    assert_eq!(app.stored_state().await, before);
}

#[tokio::test]
async fn a_task_change_keeps_what_it_leaves_out_and_null_clears_the_assignee() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let analyst = app.user(ACME_ANALYST).await.id;
    let body = json!({"workstream": "tenant", "title": "Check MFA", "assignee_id": analyst});
    let task = add(&app, &token, &body, &[]).await.body;
    let path = format!("{TASKS}/{}", task["id"]);

    let waiting = app
        .call(
            Method::PATCH,
            &path,
            &token,
            &json!({"status": "waiting", "waiting_note": "The platform's logs"}),
            &[("If-Match", "\"1\"")],
        )
        .await;
    let cleared = app
        .call(
            Method::PATCH,
            &path,
            &token,
            &json!({"assignee_id": null}),
            &[("If-Match", "\"2\"")],
        )
        .await;

    assert_eq!(waiting.status, 200, "{waiting:?}");
    assert_eq!(waiting.header("etag"), Some("\"2\""));
    assert_eq!(waiting.body["title"], "Check MFA");
    assert_eq!(waiting.body["assignee_id"], analyst);
    assert_eq!(waiting.body["waiting_note"], "The platform's logs");
    assert_eq!(cleared.status, 200, "{cleared:?}");
    assert_eq!(cleared.body["assignee_id"], Value::Null);
    assert_eq!(cleared.body["status"], "waiting");
    assert_eq!(cleared.body["version"], 3);
    let (actor, action) = app.newest_audit(1).await.remove(0);
    assert_eq!(action, "task.updated");
    assert!(actor.ends_with(&token_audit_suffix(RESPONDER)), "{actor}");
}

#[tokio::test]
async fn bad_task_input_is_422_naming_the_field_as_the_api_spells_it() {
    let app = TestApp::spawn().await;
    let token = acme_responder(&app).await;
    let outsider = app.user(GLOBEX_ANALYST).await.id;
    let task = add(&app, &token, &new_task("Existing"), &[]).await.body;
    let path = format!("{TASKS}/{}", task["id"]);
    let before = app.stored_state().await;
    let with = |field: &str, value: Value| {
        let mut body = new_task("Bad");
        body[field] = value;
        body
    };

    for (body, field) in [
        (with("workstream", json!("moon")), "workstream"),
        (with("title", json!("")), "title"),
        (with("status", json!("blocked")), "status"),
        (with("due_at", json!("tomorrow")), "due_at"),
        (with("assignee_id", json!("x")), "assignee_id"),
        (with("assignee_id", json!(outsider)), "assignee_id"),
        (with("version", json!(1)), "version"),
    ] {
        add(&app, &token, &body, &[])
            .await
            .assert_problem(422, Some(field));
    }
    let waiting = app
        .call(
            Method::PATCH,
            &path,
            &token,
            &json!({"status": "waiting"}),
            &[("If-Match", "\"1\"")],
        )
        .await;
    waiting.assert_problem(422, Some("waiting_note"));
    assert_eq!(app.stored_state().await, before);
}
