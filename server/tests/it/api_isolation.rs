//! Tenants kept apart on the REST API: every `/api/v1` route that takes an incident, called by
//! tokens of two tenants and of the platform against incidents each does not see, answers 404
//! exactly as for an incident that does not exist and changes nothing; another incident's task
//! is not reached through one's own; and every route refuses a request without a usable token
//! with 401.

use crate::api_support::Answer;
use crate::helpers::TestApp;
use crate::helpers::api::ALL_SCOPES;
use crate::helpers::incidents::stored;
use backend::Principal;
use backend::entities::{api_token, task, timeline_entry};
use backend::tokens::manage::{self, TokenTenant};
use chrono::TimeDelta;
use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{Value, json};

/// One request of the matrix.
struct Attempt {
    method: Method,
    path: String,
    body: Value,
}

impl Attempt {
    fn new(method: Method, path: String, body: Value) -> Self {
        Self { method, path, body }
    }

    async fn send(&self, app: &TestApp, token: &str) -> Answer {
        let headers = [("If-Match", "\"1\""), ("Idempotency-Key", "matrix")];
        app.call(self.method.clone(), &self.path, token, &self.body, &headers)
            .await
    }
}

/// Every route that takes an incident, aimed at incident `number` of `tenant`, with bodies a
/// caller of `side` (`tenant` or `platform`) could send for an incident it sees.
async fn attempts(app: &TestApp, tenant: &str, number: i64, side: &str) -> Vec<Attempt> {
    let incident = stored(app, number, tenant).await;
    let conn = app.db.conn();
    let task = task::Entity::find()
        .filter(task::Column::IncidentId.eq(incident.id))
        .one(conn)
        .await
        .unwrap()
        .map_or(1, |t| t.id);
    let entry = timeline_entry::Entity::find()
        .filter(timeline_entry::Column::IncidentId.eq(incident.id))
        .one(conn)
        .await
        .unwrap()
        .unwrap()
        .id;
    let at = format!("/api/v1/incidents/{tenant}-{number}");
    vec![
        Attempt::new(Method::GET, at.clone(), Value::Null),
        Attempt::new(
            Method::PATCH,
            format!("{at}/facts"),
            json!({"area": "infrastructure", "layer": "platform", "tenants_affected": "all"}),
        ),
        Attempt::new(
            Method::PUT,
            format!("{at}/severity"),
            json!({"severity": "SEV4"}),
        ),
        Attempt::new(
            Method::POST,
            format!("{at}/status"),
            json!({"status": "triaged"}),
        ),
        Attempt::new(Method::GET, format!("{at}/tasks"), Value::Null),
        Attempt::new(
            Method::POST,
            format!("{at}/tasks"),
            json!({"workstream": side, "title": "Sneak in a task"}),
        ),
        Attempt::new(Method::GET, format!("{at}/tasks/{task}"), Value::Null),
        Attempt::new(
            Method::PATCH,
            format!("{at}/tasks/{task}"),
            json!({"title": "Renamed from outside"}),
        ),
        Attempt::new(Method::GET, format!("{at}/timeline"), Value::Null),
        Attempt::new(
            Method::POST,
            format!("{at}/timeline"),
            json!({"body": "Sneaked in.", "visibility": "shared"}),
        ),
        Attempt::new(Method::GET, format!("{at}/timeline/{entry}"), Value::Null),
    ]
}

#[tokio::test]
async fn tokens_of_two_tenants_and_the_platform_get_404_on_every_route_of_incidents_they_do_not_see()
 {
    let app = TestApp::spawn().await;
    let acme = app
        .api_token(Some("ACME"), "tenant_responder", ALL_SCOPES)
        .await;
    let globex = app
        .api_token(Some("GLOBEX"), "tenant_responder", ALL_SCOPES)
        .await;
    let platform = app.api_token(None, "platform_responder", ALL_SCOPES).await;
    let callers = [
        ("ACME", &acme, "tenant"),
        ("GLOBEX", &globex, "tenant"),
        ("PLT", &platform, "platform"),
    ];
    // ACME-1 and GLOBEX-1 are their tenants' own; PLT-1 is the platform's alone.
    let incidents = [
        ("ACME", "tenant"),
        ("GLOBEX", "tenant"),
        ("PLT", "platform"),
    ];
    for (tenant, owner) in incidents {
        let token = callers.iter().find(|c| c.0 == tenant).unwrap().1;
        let seen = app
            .read(&format!("/api/v1/incidents/{tenant}-1"), token)
            .await;
        assert_eq!(seen.body["ownership"]["owner"], owner, "{seen:?}");
    }
    let missing = app.read("/api/v1/incidents/ACME-999", &acme).await;
    missing.assert_problem(404, None);
    let before = app.stored_state().await;
    let rows = app.written_rows().await;

    let mut refused = 0;
    for (caller, token, side) in callers {
        for (tenant, _) in incidents {
            let own = caller == tenant;
            for attempt in attempts(&app, tenant, 1, side).await {
                if own {
                    // The owner reads the same routes, so the matrix aims at real objects.
                    if attempt.method == Method::GET {
                        let answer = attempt.send(&app, token).await;
                        assert_eq!(answer.status, 200, "{caller}: GET {}", attempt.path);
                    }
                    continue;
                }
                let answer = attempt.send(&app, token).await;
                let what = format!("{caller}: {} {}", attempt.method, attempt.path);
                assert_eq!(answer.status, 404, "{what}: {answer:?}");
                assert_eq!(answer.body, missing.body, "{what}");
                refused += 1;
            }
        }
    }

    assert_eq!(refused, 6 * 11);
    assert_eq!(
        app.stored_state().await,
        before,
        "a refused call changed something"
    );
    assert_eq!(app.written_rows().await, rows);
}

#[tokio::test]
async fn every_route_refuses_missing_malformed_expired_and_revoked_tokens_with_401() {
    let app = TestApp::spawn().await;
    let expired = app
        .api_token(Some("ACME"), "tenant_responder", ALL_SCOPES)
        .await;
    app.clock.advance(TimeDelta::days(91));
    let revoked = app
        .api_token(Some("ACME"), "tenant_responder", ALL_SCOPES)
        .await;
    let newest = api_token::Entity::find()
        .order_by_desc(api_token::Column::Id)
        .one(app.db.conn())
        .await
        .unwrap()
        .unwrap();
    let acme = TokenTenant::Tenant(domain::TenantKey::parse("ACME").unwrap());
    let (cli, now) = (Principal::command_line(), app.clock.now());
    manage::revoke(&app.db, &cli, Some(&acme), newest.id, now)
        .await
        .unwrap();
    let mut routes = attempts(&app, "ACME", 1, "tenant").await;
    routes.push(Attempt::new(
        Method::GET,
        "/api/v1/incidents".to_owned(),
        Value::Null,
    ));
    routes.push(Attempt::new(
        Method::POST,
        "/api/v1/incidents".to_owned(),
        json!({"title": "x", "description": "y", "severity": "SEV3"}),
    ));
    let before = app.stored_state().await;

    for token in ["", "tdm_malformed", expired.as_str(), revoked.as_str()] {
        for attempt in &routes {
            let answer = attempt.send(&app, token).await;
            let what = format!("{token:?}: {} {}", attempt.method, attempt.path);
            assert_eq!(answer.status, 401, "{what}");
            assert_eq!(answer.header("www-authenticate"), Some("Bearer"), "{what}");
            answer.assert_problem(401, None);
        }
    }
    assert_eq!(app.stored_state().await, before);
}

const ACME_TASKS: &str = "/api/v1/incidents/ACME-1/tasks";

#[tokio::test]
async fn an_unknown_task_and_another_incidents_task_are_404_like_each_other() {
    let app = TestApp::spawn().await;
    let token = app
        .api_token(Some("ACME"), "tenant_responder", ALL_SCOPES)
        .await;
    let globex = app
        .api_token(Some("GLOBEX"), "tenant_responder", "incidents:read")
        .await;
    let foreign = app
        .read("/api/v1/incidents/GLOBEX-1/tasks", &globex)
        .await
        .body["items"][0]["id"]
        .as_i64()
        .unwrap();
    let before = app.stored_state().await;

    let unknown = app.read(&format!("{ACME_TASKS}/999999"), &token).await;
    let not_a_number = app.read(&format!("{ACME_TASKS}/first"), &token).await;
    let other = app.read(&format!("{ACME_TASKS}/{foreign}"), &token).await;
    let change = app
        .call(
            Method::PATCH,
            &format!("{ACME_TASKS}/{foreign}"),
            &token,
            &json!({"status": "done"}),
            &[("If-Match", "\"1\"")],
        )
        .await;

    for answer in [&unknown, &not_a_number, &other, &change] {
        answer.assert_problem(404, None);
        assert_eq!(answer.body, unknown.body);
    }
    assert_eq!(app.stored_state().await, before);
}
