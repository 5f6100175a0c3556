//! Tenants kept apart: one tenant calling with another's ids gets "not found" and changes
//! nothing, and lists, forms and exports stay within what the caller may see.

use crate::helpers::{
    ACME_ADMIN, ACME_ANALYST, ACME_VIEWER, GLOBEX_ADMIN, GLOBEX_ANALYST, PLATFORM_RESPONDER,
    TestApp,
};
use contract::dto::{AuditPage, GrantsPage, IncidentFormOptions, IncidentPage, UsersPage};
use reqwest::{Client, Method, Response};

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
        Attempt::get(format!("/api/incidents/timeline?key={key}")),
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
    app.api_token(Some("ACME"), "tenant_viewer", "incidents:read")
        .await;
    let token = crate::tokens::support::stored(&app).await[0].id.to_string();
    acme_ids
        .push(Attempt::post("/api/admin/tokens/revoke", &[("id", &token)]).role_checked_first());
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
                && !(is_admin && attempt.path.starts_with("/api/admin/"));
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
