//! Who may reach what: the checked-in access table against what the router registers, and
//! anonymous callers. Tenants kept apart are in `isolation`, what each role may do in `roles`.

use crate::helpers::{TestApp, incident_form, location};
use leptos::server_fn::axum::server_fn_paths;
use reqwest::{Client, Method, Response};
use server::access_table::{self, Access, ROUTES, SERVER_FUNCTIONS};
use std::collections::BTreeSet;

/// Routes the router and the REST API add by hand (and the API's document and reference page),
/// read from their source so that a new one cannot be missed.
fn hand_written_routes() -> BTreeSet<String> {
    let sources = [
        include_str!("../../src/router.rs"),
        include_str!("../../src/rest.rs"),
    ];
    let markers = [".route(\"", "SwaggerUi::new(\"", ".url(\""];
    sources
        .iter()
        .flat_map(|source| markers.iter().flat_map(move |m| source.split(m).skip(1)))
        .filter_map(|rest| rest.split('"').next())
        .map(str::to_owned)
        .collect()
}

fn difference(a: &BTreeSet<String>, b: &BTreeSet<String>) -> Vec<String> {
    a.difference(b).cloned().collect()
}

#[tokio::test]
async fn every_registered_server_function_and_route_is_in_the_access_table_and_nothing_else_is() {
    let _app = TestApp::spawn().await;
    let functions: BTreeSet<String> = server_fn_paths().map(|(p, _)| p.to_owned()).collect();
    let listed: BTreeSet<String> = SERVER_FUNCTIONS
        .iter()
        .map(|(p, _)| (*p).to_owned())
        .collect();
    assert!(functions.len() > 20, "{functions:?}");
    assert_eq!(
        difference(&functions, &listed),
        Vec::<String>::new(),
        "server functions missing from server/src/access_table.rs"
    );
    assert_eq!(
        difference(&listed, &functions),
        Vec::<String>::new(),
        "access table lines for server functions that do not exist"
    );

    // The router's own list: listing the routes again here could stall pages other tests render.
    let mut routes: BTreeSet<String> = server::router::route_list()
        .iter()
        .map(|r| r.path().to_owned())
        .collect();
    let hand_written = hand_written_routes();
    assert!(hand_written.contains("/healthz"), "{hand_written:?}");
    routes.extend(hand_written);
    let listed: BTreeSet<String> = ROUTES.iter().map(|(p, _)| (*p).to_owned()).collect();
    assert_eq!(
        difference(&routes, &listed),
        Vec::<String>::new(),
        "routes missing from server/src/access_table.rs"
    );
    assert_eq!(
        difference(&listed, &routes),
        Vec::<String>::new(),
        "access table lines for routes that do not exist"
    );
}

/// One of every field any server function takes, each valid, so that every function gets as
/// far as asking who is calling.
pub(crate) const EVERY_FIELD: &[(&str, &str)] = &[
    ("key", "ACME-1"),
    ("version", "1"),
    ("title", "A perfectly good title"),
    ("description", "Nothing to see."),
    ("severity", "SEV2"),
    ("tenant", "ACME"),
    ("idempotency_key", ""),
    ("owner", "shared"),
    ("reason", "A reason that is long enough."),
    ("current_password", "tandem-demo-password"),
    ("new_password", "a new and long password"),
    ("email", "someone@acme.example"),
    ("display_name", "Someone"),
    ("role", "tenant_viewer"),
    ("password", "a new and long password"),
    ("id", "1"),
    ("name", "Initech"),
    ("admin_email", "admin@initech.example"),
    ("admin_name", "Ian Initech"),
    ("admin_password", "a new and long password"),
    ("minutes", "60"),
    ("decision", "approve"),
    ("code", "123456"),
    ("incident", ""),
    ("to", "triaged"),
    ("workstream", "tenant"),
    ("task", "1"),
    ("status", "todo"),
    ("body", "A note about it."),
    ("visibility", "shared"),
    ("scopes[incidents:read]", "on"),
    ("expires", "30d"),
];

async fn call(app: &TestApp, client: &Client, method: &Method, path: &str) -> Response {
    if *method == Method::GET {
        let query = serde_urlencoded_pairs(EVERY_FIELD);
        app.get_as(client, &format!("{path}?{query}")).await
    } else {
        app.post_as(client, path, EVERY_FIELD).await
    }
}

fn serde_urlencoded_pairs(pairs: &[(&str, &str)]) -> String {
    reqwest::Url::parse_with_params("http://x/", pairs)
        .unwrap()
        .query()
        .unwrap_or_default()
        .to_owned()
}

#[tokio::test]
async fn every_server_function_that_is_not_public_answers_401_to_an_anonymous_caller() {
    let app = TestApp::spawn().await;
    let before = app.snapshot().await;
    let mut checked = 0;
    for (path, method) in server_fn_paths() {
        let access = access_table::server_function(path).expect("in the table");
        if access == Access::Public {
            continue;
        }
        let response = call(&app, &app.client, &method, path).await;
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert_eq!(status, 401, "{method} {path}: {body}");
        assert!(body.contains("Unauthenticated"), "{path}: {body}");
        checked += 1;
    }
    assert!(checked > 15);
    assert_eq!(
        app.snapshot().await,
        before,
        "an anonymous call changed something"
    );
}

#[tokio::test]
async fn an_anonymous_caller_learns_nothing_from_validation() {
    let app = TestApp::spawn().await;
    for tenant in ["ACME", "NOPE"] {
        let response = app
            .post_form_as_script(
                "/api/incidents/create",
                &incident_form("A perfectly good title", "SEV2", tenant, ""),
            )
            .await;
        assert_eq!(response.status().as_u16(), 401, "{tenant}");
    }
}

#[tokio::test]
async fn every_page_that_is_not_public_sends_an_anonymous_visitor_to_sign_in_and_back() {
    let app = TestApp::spawn().await;
    for (pattern, access) in ROUTES {
        let path = pattern.replace("{key}", "ACME-1").replace("{id}", "1");
        if *access == Access::Token {
            assert_token_required(&app, &path).await;
            continue;
        }
        let response = app.get(&path).await;
        let status = response.status().as_u16();
        let target = location(&response);
        if *access == Access::Public {
            assert!(
                status < 500 && !target.starts_with("/login?next="),
                "{path}: {status} {target}"
            );
        } else if path.starts_with("/api/") {
            // Event streams are not pages: like server functions, they answer 401.
            assert_eq!(status, 401, "{path} answered {status} without a user");
        } else {
            assert!(
                (300..400).contains(&status),
                "{path} answered {status} without a user"
            );
            assert_eq!(target, format!("/login?next={path}"), "{path}");
        }
    }
    let (_, html) = app.get_html("/incidents").await;
    assert!(!html.contains("ACME-1"), "the redirect carries no data");
}

/// An API route answers 401 without a token on each method it has (and 405 on the others).
async fn assert_token_required(app: &TestApp, path: &str) {
    let mut refused = 0;
    for method in [Method::GET, Method::POST, Method::PATCH, Method::PUT] {
        let response = app
            .client
            .request(method.clone(), app.url(path))
            .header("content-type", "application/json")
            .body("{}")
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        assert!(
            matches!(status, 401 | 405),
            "{method} {path} answered {status}"
        );
        if status == 401 {
            assert_eq!(
                response.headers()["www-authenticate"],
                "Bearer",
                "{method} {path}"
            );
            refused += 1;
        }
    }
    assert!(refused > 0, "{path} answers no method");
}
