//! The tasks triage seeds are changes like any other: each has its `task.added` audit entry,
//! written with the incident's opening or re-triage.

use crate::helpers::incidents::{detail, post, shared_acme_incident};
use crate::helpers::{ACME_ANALYST, TestApp};
use backend::entities::audit_entry;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::collections::BTreeSet;

async fn audited_tasks(app: &TestApp, key: &str) -> Vec<audit_entry::Model> {
    audit_entry::Entity::find()
        .filter(audit_entry::Column::Action.eq("task.added"))
        .filter(audit_entry::Column::Object.starts_with(format!("{key}/task:")))
        .order_by_asc(audit_entry::Column::Id)
        .all(app.db.conn())
        .await
        .unwrap()
}

#[tokio::test]
async fn every_task_triage_seeds_at_opening_has_its_audit_entry() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;

    let key = shared_acme_incident(&app, &analyst).await;

    let tasks = detail(&app, &analyst, &key).await.tasks;
    assert!(tasks.len() >= 2, "both sides' playbooks: {tasks:?}");
    let audited = audited_tasks(&app, &key).await;
    let objects: BTreeSet<String> = audited.iter().map(|e| e.object.clone()).collect();
    let expected: BTreeSet<String> = tasks
        .iter()
        .map(|t| format!("{key}/task:{}", t.id))
        .collect();
    assert_eq!(objects, expected);
    assert_eq!(audited.len(), tasks.len(), "one entry per task");
    for entry in &audited {
        let detail: serde_json::Value = serde_json::from_str(&entry.detail).unwrap();
        assert_eq!(detail["seeded_from_triage"], true, "{detail}");
        assert_eq!(entry.actor, ACME_ANALYST);
    }
}

#[tokio::test]
async fn tasks_a_re_triage_adds_are_audited_and_the_others_are_not_audited_again() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let key = shared_acme_incident(&app, &analyst).await;
    let before = detail(&app, &analyst, &key).await;
    let audited_before = audited_tasks(&app, &key).await.len();

    let version = before.version.to_string();
    let form = [
        ("key", key.as_str()),
        ("version", version.as_str()),
        ("area", "privileged-access"),
        ("layer", "tenant"),
        ("tenants_affected", "one"),
        ("flags[tenant-mfa]", "on"),
    ];
    let (status, error) = post(&app, &analyst, "/api/incidents/facts", &form).await;
    assert_eq!(status, 200, "{error:?}");

    let after = detail(&app, &analyst, &key).await;
    let added = after.tasks.len() - before.tasks.len();
    assert!(added > 0, "the MFA duty adds its task");
    assert_eq!(
        audited_tasks(&app, &key).await.len(),
        audited_before + added
    );
}
