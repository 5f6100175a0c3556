//! Who may reach what: the checked-in access table against what the router registers, anonymous
//! callers, one tenant calling with another's ids, lists that stay within a tenant, tenant admins
//! and platform functions, and forms that try to choose their own role or tenant.

use crate::helpers::{
    ACME_ADMIN, ACME_ANALYST, ACME_VIEWER, GLOBEX_ADMIN, GLOBEX_ANALYST, PLATFORM_ADMIN,
    PLATFORM_RESPONDER, TestApp, incident_form, location,
};
use app::error::AppError;
use app::model::{AuditPage, GrantsPage, IncidentFormOptions, IncidentPage, UsersPage};
use leptos::server_fn::axum::server_fn_paths;
use reqwest::{Client, Method, Response};
use server::access_table::{self, Access, ROUTES, SERVER_FUNCTIONS};
use std::collections::BTreeSet;

/// Routes the router adds by hand, read from its source so that a new one cannot be missed.
fn hand_written_routes() -> BTreeSet<String> {
    include_str!("../../src/router.rs")
        .split(".route(\"")
        .skip(1)
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
        let path = pattern.replace("{key}", "ACME-1");
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

/// A request in the cross-tenant matrix.
struct Attempt {
    what: String,
    method: Method,
    path: String,
    form: Vec<(String, String)>,
    /// Refused with 403 by a role check that comes before looking the object up, for callers
    /// whose role never allows this.
    role_checked_first: bool,
}

impl Attempt {
    fn get(path: String) -> Self {
        Self {
            what: format!("GET {path}"),
            method: Method::GET,
            path,
            form: Vec::new(),
            role_checked_first: false,
        }
    }

    fn post(path: &str, form: &[(&str, &str)]) -> Self {
        Self {
            what: format!("POST {path} {form:?}"),
            method: Method::POST,
            path: path.to_owned(),
            form: form
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect(),
            role_checked_first: false,
        }
    }

    fn role_checked_first(mut self) -> Self {
        self.role_checked_first = true;
        self
    }

    async fn send(&self, app: &TestApp, client: &Client) -> Response {
        if self.method == Method::GET {
            app.get_as(client, &self.path).await
        } else {
            let form: Vec<(&str, &str)> = self
                .form
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            app.post_as(client, &self.path, &form).await
        }
    }
}

/// Everything that takes an incident key, aimed at `key`.
fn incident_attempts(key: &str) -> Vec<Attempt> {
    vec![
        Attempt::get(format!("/api/incidents/get?key={key}")),
        Attempt::get(format!("/incidents/{key}")),
        Attempt::post(
            "/api/incidents/facts",
            &[
                ("key", key),
                ("version", "1"),
                ("area", "infrastructure"),
                ("layer", "platform"),
                ("tenants_affected", "all"),
            ],
        ),
        Attempt::post(
            "/api/incidents/override",
            &[
                ("key", key),
                ("version", "1"),
                ("owner", "platform"),
                ("reason", "Moving this somewhere else entirely."),
            ],
        )
        .role_checked_first(),
        Attempt::post(
            "/api/incidents/move",
            &[("key", key), ("version", "1"), ("to", "triaged")],
        ),
        Attempt::post(
            "/api/incidents/severity",
            &[("key", key), ("version", "1"), ("severity", "SEV1")],
        ),
        Attempt::post(
            "/api/tasks/add",
            &[
                ("key", key),
                ("workstream", "tenant"),
                ("title", "Sneak in a task"),
            ],
        ),
        Attempt::post(
            "/api/tasks/add",
            &[
                ("key", key),
                ("workstream", "platform"),
                ("title", "Sneak in a task"),
            ],
        ),
        Attempt::post(
            "/api/timeline/note",
            &[
                ("key", key),
                ("body", "Sneaked in."),
                ("visibility", "shared"),
            ],
        ),
        Attempt::get(format!("/api/live/incidents/{key}")),
    ]
}

#[tokio::test]
async fn one_tenant_calling_with_another_tenants_ids_gets_not_found_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let acme = app.sign_in(ACME_ANALYST).await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    // A shared Acme incident besides the tenant-owned demo ones, and an Acme grant request.
    let shared = app
        .open_incident_as(&acme, "ACME", "Shared Acme incident")
        .await;
    let grant = app
        .request_grant(&responder, "ACME", "ACME-1")
        .await
        .to_string();
    let viewer = app.user(ACME_VIEWER).await.id.to_string();

    let mut acme_ids: Vec<Attempt> = ["ACME-1", "ACME-2", shared.as_str()]
        .into_iter()
        .flat_map(incident_attempts)
        .collect();
    for (role, disabled) in [("tenant_admin", ""), ("tenant_viewer", "on")] {
        acme_ids.push(
            Attempt::post(
                "/api/admin/users/update",
                &[("id", &viewer), ("role", role), ("disabled", disabled)],
            )
            .role_checked_first(),
        );
    }
    for decision in ["approve", "deny", "revoke"] {
        acme_ids.push(Attempt::post(
            "/api/grants/decide",
            &[("id", &grant), ("decision", decision)],
        ));
    }
    let globex_ids = incident_attempts("GLOBEX-2");
    let platform_ids: Vec<Attempt> = ["PLT-1", "PLT-2"]
        .into_iter()
        .flat_map(incident_attempts)
        .collect();

    let matrix = [
        (GLOBEX_ANALYST, &acme_ids),
        (GLOBEX_ADMIN, &acme_ids),
        (ACME_ANALYST, &globex_ids),
        (ACME_ADMIN, &globex_ids),
        (ACME_ANALYST, &platform_ids),
        (ACME_ADMIN, &platform_ids),
        (GLOBEX_ADMIN, &platform_ids),
    ];
    let mut callers = std::collections::HashMap::new();
    for (email, _) in &matrix {
        if !callers.contains_key(email) {
            callers.insert(*email, app.sign_in(email).await);
        }
    }
    let before = app.snapshot().await;
    for (email, attempts) in matrix {
        let client = &callers[email];
        let is_admin = email.starts_with("admin@");
        for attempt in attempts.iter() {
            let status = attempt.send(&app, client).await.status().as_u16();
            let forbidden_first = attempt.role_checked_first
                && !(is_admin && attempt.path == "/api/admin/users/update");
            assert!(
                status == 404 || (forbidden_first && status == 403),
                "{email}: {} answered {status}",
                attempt.what
            );
        }
    }
    assert_eq!(
        app.snapshot().await,
        before,
        "a refused call changed something"
    );
}

#[tokio::test]
async fn lists_forms_and_exports_never_include_another_tenants_rows() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    app.request_grant(&responder, "ACME", "").await;
    app.request_grant(&responder, "GLOBEX", "").await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let globex_admin = app.sign_in(GLOBEX_ADMIN).await;
    let foreign = [
        "GLOBEX",
        "Globex",
        "globex",
        "PLT-",
        "SAML",
        "TLS certificate",
        "kernel",
    ];
    let clean = |what: &str, text: &str| {
        for marker in foreign {
            assert!(!text.contains(marker), "{what} shows {marker:?}: {text}");
        }
    };

    for client in [&analyst, &admin] {
        let page: IncidentPage = app
            .get_as(client, "/api/incidents/list")
            .await
            .json()
            .await
            .unwrap();
        let keys: Vec<_> = page.rows.iter().map(|r| r.key.as_str()).collect();
        assert_eq!(keys, ["ACME-2", "ACME-1"]);
        let (_, html) = app.get_html_as(client, "/incidents").await;
        clean("the incident list", &html);
        let form: IncidentFormOptions = app
            .get_as(client, "/api/incidents/form")
            .await
            .json()
            .await
            .unwrap();
        let tenants: Vec<_> = form.tenants.iter().map(|t| t.key.as_str()).collect();
        assert_eq!(tenants, ["ACME"]);
    }

    let users: UsersPage = app
        .get_as(&admin, "/api/admin/users")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(users.users.len(), 3);
    assert!(
        users
            .users
            .iter()
            .all(|u| u.email.ends_with("@acme.example"))
    );
    let audit: AuditPage = app
        .get_as(&admin, "/api/audit/list")
        .await
        .json()
        .await
        .unwrap();
    assert!(!audit.rows.is_empty());
    clean("the audit log", &format!("{:?}", audit.rows));
    let csv = app.get_as(&admin, "/admin/audit.csv").await;
    assert_eq!(csv.status().as_u16(), 200);
    clean("the audit export", &csv.text().await.unwrap());
    let grants: GrantsPage = app
        .get_as(&admin, "/api/grants/list")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(grants.rows.len(), 1);
    assert!(grants.rows.iter().all(|g| g.tenant_name == "Acme Bank"));
    let grants: GrantsPage = app
        .get_as(&globex_admin, "/api/grants/list")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(grants.rows.len(), 1);
    assert!(grants.rows.iter().all(|g| g.tenant_name == "Globex Health"));
    let none: GrantsPage = app
        .get_as(&analyst, "/api/grants/list")
        .await
        .json()
        .await
        .unwrap();
    assert!(none.rows.is_empty(), "a responder sees no grants");
}

#[tokio::test]
async fn tenant_admins_cannot_call_platform_functions() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let before = app.snapshot().await;
    let attempts: [(&str, &[(&str, &str)]); 4] = [
        (
            "/api/admin/tenants/create",
            &[
                ("key", "INITECH"),
                ("name", "Initech"),
                ("admin_email", "admin@initech.example"),
                ("admin_name", "Ian Initech"),
                ("admin_password", "a new and long password"),
            ],
        ),
        (
            "/api/grants/request",
            &[
                ("tenant", "ACME"),
                ("reason", "Granting myself access."),
                ("minutes", "60"),
            ],
        ),
        (
            "/api/grants/request",
            &[
                ("tenant", "GLOBEX"),
                ("reason", "Breaking the glass."),
                ("minutes", "60"),
                ("break_glass", "on"),
            ],
        ),
        (
            "/api/incidents/override",
            &[
                ("key", "ACME-1"),
                ("version", "1"),
                ("owner", "platform"),
                ("reason", "Not our problem, the platform's."),
            ],
        ),
    ];
    for (path, form) in attempts {
        let response = app.post_as(&admin, path, form).await;
        assert_eq!(response.status().as_u16(), 403, "{path} {form:?}");
    }
    let tenants = app.get_as(&admin, "/api/admin/tenants").await;
    assert_eq!(tenants.status().as_u16(), 403);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn platform_staff_cannot_approve_their_own_grant_and_only_the_platform_admin_breaks_glass() {
    let app = TestApp::spawn().await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let platform_admin = app.sign_in(PLATFORM_ADMIN).await;
    let grant = app.request_grant(&responder, "ACME", "").await.to_string();
    let before = app.snapshot().await;

    for client in [&responder, &platform_admin] {
        let response = app
            .post_as(
                client,
                "/api/grants/decide",
                &[("id", &grant), ("decision", "approve")],
            )
            .await;
        assert_eq!(response.status().as_u16(), 403);
    }
    let glass = app
        .post_as(
            &responder,
            "/api/grants/request",
            &[
                ("tenant", "ACME"),
                ("reason", "Breaking the glass without the role."),
                ("minutes", "60"),
                ("break_glass", "on"),
            ],
        )
        .await;
    assert_eq!(glass.status().as_u16(), 403);
    let tenant = app
        .post_as(
            &responder,
            "/api/admin/tenants/create",
            &[
                ("key", "INITECH"),
                ("name", "Initech"),
                ("admin_email", "admin@initech.example"),
                ("admin_name", "Ian Initech"),
                ("admin_password", "a new and long password"),
            ],
        )
        .await;
    assert_eq!(tenant.status().as_u16(), 403);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn a_viewer_reads_but_cannot_open_or_change_incidents() {
    let app = TestApp::spawn().await;
    let viewer = app.sign_in(ACME_VIEWER).await;
    let before = app.snapshot().await;
    assert_eq!(
        app.get_as(&viewer, "/incidents/ACME-1")
            .await
            .status()
            .as_u16(),
        200
    );
    let open = app
        .post_as(
            &viewer,
            "/api/incidents/create",
            &incident_form("Viewer's incident", "SEV3", "ACME", ""),
        )
        .await;
    assert_eq!(open.status().as_u16(), 403);
    let facts = app
        .post_as(
            &viewer,
            "/api/incidents/facts",
            &[
                ("key", "ACME-1"),
                ("version", "1"),
                ("area", "infrastructure"),
            ],
        )
        .await;
    assert_eq!(facts.status().as_u16(), 403);
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn a_tenant_user_cannot_open_an_incident_for_another_tenant() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let before = app.snapshot().await;
    for tenant in ["GLOBEX", "PLT"] {
        let response = app
            .post_as(
                &analyst,
                "/api/incidents/create",
                &incident_form("Planted in another tenant", "SEV1", tenant, ""),
            )
            .await;
        assert_eq!(response.status().as_u16(), 422, "{tenant}");
        let error: AppError = response.json().await.unwrap();
        assert!(error.field_message("tenant").is_some(), "{tenant}");
    }
    assert_eq!(app.snapshot().await, before);
}

#[tokio::test]
async fn no_form_can_choose_a_role_of_the_other_side_or_another_tenant() {
    let app = TestApp::spawn().await;
    let admin = app.sign_in(ACME_ADMIN).await;
    let platform_admin = app.sign_in(PLATFORM_ADMIN).await;
    let globex = app.user(GLOBEX_ADMIN).await.tenant_id.to_string();
    let before = app.snapshot().await;

    for (client, role) in [
        (&admin, "platform_admin"),
        (&admin, "platform_responder"),
        (&admin, "owner"),
        (&platform_admin, "tenant_admin"),
    ] {
        let response = app
            .post_as(
                client,
                "/api/admin/users/create",
                &[
                    ("email", "climber@acme.example"),
                    ("display_name", "Climber"),
                    ("role", role),
                    ("password", "a new and long password"),
                ],
            )
            .await;
        assert_eq!(response.status().as_u16(), 422, "{role}");
        let error: AppError = response.json().await.unwrap();
        assert!(error.field_message("role").is_some(), "{role}");
    }
    let viewer = app.user(ACME_VIEWER).await.id.to_string();
    let promote = app
        .post_as(
            &admin,
            "/api/admin/users/update",
            &[("id", &viewer), ("role", "platform_admin")],
        )
        .await;
    assert_eq!(promote.status().as_u16(), 422);
    assert_eq!(app.snapshot().await, before);

    let created = app
        .post_as(
            &admin,
            "/api/admin/users/create",
            &[
                ("email", "placed@acme.example"),
                ("display_name", "Placed"),
                ("role", "tenant_viewer"),
                ("password", "a new and long password"),
                ("tenant_id", &globex),
                ("tenant", "GLOBEX"),
                ("id", "1"),
                ("disabled", "true"),
            ],
        )
        .await;
    assert_eq!(created.status().as_u16(), 200);
    let placed = app.user("placed@acme.example").await;
    let acme = app.user(ACME_ADMIN).await.tenant_id;
    assert_eq!(
        (placed.tenant_id, placed.role.as_str(), placed.disabled),
        (acme, "tenant_viewer", false)
    );
    assert_ne!(placed.id, 1);
}
