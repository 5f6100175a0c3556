use crate::helpers::{ACME_ANALYST, SEEDED, TestApp, incident_form};

/// Cookie-bearing posts a foreign page can make: (header, value, content type). Each must be
/// refused with 403 and write nothing.
const CROSS_SITE_ATTEMPTS: [(&str, &str, &str); 7] = [
    (
        "sec-fetch-site",
        "cross-site",
        "application/x-www-form-urlencoded",
    ),
    (
        "origin",
        "https://evil.example",
        "application/x-www-form-urlencoded",
    ),
    ("origin", "https://evil.example", "text/plain"),
    (
        "origin",
        "https://evil.example",
        "multipart/form-data; boundary=x",
    ),
    ("origin", "null", "application/x-www-form-urlencoded"),
    // No Origin at all: the Referer decides.
    (
        "referer",
        "https://evil.example/attack.html",
        "application/x-www-form-urlencoded",
    ),
    ("referer", "https://evil.example/attack.html", "text/plain"),
];

#[tokio::test]
async fn cross_site_form_posts_with_the_victims_cookie_are_refused_and_write_nothing() {
    let app = TestApp::spawn().await;
    let victim = app.sign_in(ACME_ANALYST).await;
    let form = incident_form("Forged incident", "SEV1", "ACME", "");
    for (header, value, content_type) in CROSS_SITE_ATTEMPTS {
        let response = victim
            .post(app.url("/api/incidents/create"))
            .header(header, value)
            .header("content-type", content_type)
            .body(serde_urlencoded_body(&form))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status().as_u16(),
            403,
            "{header}: {value} ({content_type})"
        );
    }
    assert_eq!(app.count("incidents").await, SEEDED);
}

/// A `text/plain` body is what a foreign page can post without a preflight; no form of this site
/// sends one, so it is refused even when nothing marks the request as cross-site.
#[tokio::test]
async fn a_plain_text_body_is_refused_on_every_form_endpoint_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let form = incident_form("Plain text incident", "SEV1", "ACME", "");
    for origin in [None, Some(app.url(""))] {
        let mut request = analyst
            .post(app.url("/api/incidents/create"))
            .header("content-type", "text/plain;charset=UTF-8")
            .body(serde_urlencoded_body(&form));
        if let Some(origin) = &origin {
            request = request.header("referer", origin.as_str());
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), 415, "referer {origin:?}");
    }
    assert_eq!(app.count("incidents").await, SEEDED);
    // The same form, sent as a form from this site, is accepted.
    let response = analyst
        .post(app.url("/api/incidents/create"))
        .header("referer", app.url("/incidents/new"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(serde_urlencoded_body(&form))
        .send()
        .await
        .unwrap();
    assert!(
        response.status().is_success() || response.status().is_redirection(),
        "{}",
        response.status()
    );
    assert_eq!(app.count("incidents").await, SEEDED + 1);
}

#[tokio::test]
async fn the_create_endpoint_does_not_answer_get() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let response = app
        .get_as(
            &analyst,
            "/api/incidents/create?title=x&description=&severity=SEV1&tenant=ACME&idempotency_key=",
        )
        .await;
    assert!(response.status().is_client_error(), "{}", response.status());
    assert_eq!(app.count("incidents").await, SEEDED);
}

#[tokio::test]
async fn markup_in_titles_and_descriptions_is_never_rendered_as_html() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let title = r#"<img src=x onerror=alert(1)></textarea></title><script>alert(2)</script>"#;
    let mut form = incident_form(title, "SEV2", "ACME", "");
    form[1].1 = "<script>alert(3)</script>\n\n[x](javascript:alert(4))\n\n<svg onload=alert(5)>";
    let response = app
        .browser_post_as(&analyst, "/api/incidents/create", "/incidents/new", &form)
        .await;
    assert_eq!(response.status().as_u16(), 302);

    for path in ["/incidents/ACME-3", "/incidents"] {
        let (_, html) = app.get_html_as(&analyst, path).await;
        for payload in [
            "<img src=x",
            "<script>alert",
            "href=\"javascript:",
            "<svg onload",
        ] {
            assert!(!html.contains(payload), "{payload} rendered on {path}");
        }
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "title shown as text on {path}"
        );
    }
}

fn serde_urlencoded_body(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(k, v)| format!("{k}={}", v.replace(' ', "+")))
        .collect::<Vec<_>>()
        .join("&")
}

#[tokio::test]
async fn a_crafted_error_link_cannot_put_its_own_words_on_the_form() {
    use app::api::CreateIncident;
    use contract::error::AppError;
    use domain::FieldError;
    use leptos::server_fn::{ServerFn, error::ServerFnUrlError};
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let crafted = AppError::Invalid {
        fields: vec![FieldError::new(
            "severity",
            "Session expired: call +1 555 0100 now",
        )],
        submitted: [("title".to_owned(), "A title that was typed".to_owned())].into(),
    };
    let url = ServerFnUrlError::new(CreateIncident::PATH, crafted)
        .to_url(&app.url("/incidents/new"))
        .unwrap();

    let (status, html) = app
        .get_html_as(
            &analyst,
            &format!("{}?{}", url.path(), url.query().unwrap()),
        )
        .await;

    assert_eq!(status, 200);
    assert!(!html.contains("555 0100"), "the crafted message is shown");
    assert!(
        html.contains("A title that was typed"),
        "what was typed is kept"
    );
    assert!(
        html.contains("Choose a severity from SEV1 to SEV4."),
        "messages are derived again"
    );
}

/// QUALITY-BAR 19 for every endpoint: each state-changing server function, posted cross-site in
/// each way a browser can, with the cookie of a user allowed to call it, is refused and
/// changes nothing; and none of them answers GET.
#[tokio::test]
async fn every_state_changing_function_refuses_cross_site_posts_and_get() {
    use crate::access::EVERY_FIELD;
    use crate::helpers::{ACME_ADMIN, PLATFORM_ADMIN};
    use leptos::server_fn::axum::server_fn_paths;
    let app = TestApp::spawn().await;
    let users = [
        app.sign_in(PLATFORM_ADMIN).await,
        app.sign_in(ACME_ADMIN).await,
    ];
    let before = app.snapshot().await;
    let body = reqwest::Url::parse_with_params("http://x/", EVERY_FIELD)
        .unwrap()
        .query()
        .unwrap_or_default()
        .to_owned();
    let writes: Vec<_> = server_fn_paths()
        .filter(|(_, method)| *method == reqwest::Method::POST)
        .map(|(path, _)| path)
        .collect();
    assert!(
        writes.len() >= 14 && writes.contains(&"/api/incidents/create"),
        "{writes:?}"
    );
    for path in &writes {
        for user in &users {
            for (header, value, content_type) in CROSS_SITE_ATTEMPTS {
                let response = user
                    .post(app.url(path))
                    .header(header, value)
                    .header("content-type", content_type)
                    .body(body.clone())
                    .send()
                    .await
                    .unwrap();
                assert_eq!(
                    response.status().as_u16(),
                    403,
                    "{path} {header}: {value} ({content_type})"
                );
            }
            let get = app.get_as(user, &format!("{path}?{body}")).await;
            assert!(
                !get.status().is_success(),
                "GET {path} answered {}",
                get.status()
            );
        }
    }
    assert_eq!(
        app.snapshot().await,
        before,
        "a refused request changed something"
    );
}

/// QUALITY-BAR 21 for the fields people type outside incidents: a user's name, a grant's
/// reason and a tenant's name are shown as text wherever they appear.
#[tokio::test]
async fn markup_in_names_and_reasons_is_shown_as_text() {
    use crate::helpers::{ACME_ADMIN, PLATFORM_ADMIN, PLATFORM_RESPONDER};
    let app = TestApp::spawn().await;
    let payload = r#"<img src=x onerror=alert(1)><script>alert(2)</script>"#;
    let escaped = "&lt;img src=x onerror=alert(1)&gt;";

    let admin = app.sign_in(ACME_ADMIN).await;
    let created = app
        .post_as(
            &admin,
            "/api/admin/users/create",
            &[
                ("email", "new@acme.example"),
                ("display_name", payload),
                ("role", "tenant_viewer"),
                ("password", "a long enough password"),
            ],
        )
        .await;
    assert_eq!(created.status().as_u16(), 200);
    let (_, html) = app.get_html_as(&admin, "/admin/users").await;
    assert!(
        !html.contains("<img src=x") && !html.contains("<script>alert"),
        "users page"
    );
    assert!(html.contains(escaped), "the name is shown as text");

    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let reason = format!("Checking {payload} for the tenant");
    let requested = app
        .post_as(
            &responder,
            "/api/grants/request",
            &[
                ("tenant", "ACME"),
                ("incident", ""),
                ("reason", &reason),
                ("minutes", "60"),
            ],
        )
        .await;
    assert_eq!(requested.status().as_u16(), 200);
    for client in [&admin, &responder] {
        let (_, html) = app.get_html_as(client, "/access").await;
        assert!(
            !html.contains("<img src=x") && !html.contains("<script>alert"),
            "access page"
        );
        assert!(html.contains(escaped), "the reason is shown as text");
    }

    let platform_admin = app.sign_in(PLATFORM_ADMIN).await;
    let tenant = app
        .post_as(
            &platform_admin,
            "/api/admin/tenants/create",
            &[
                ("key", "INITECH"),
                ("name", payload),
                ("admin_email", "admin@initech.example"),
                ("admin_name", "Ian Initech"),
                ("admin_password", "a long enough password"),
            ],
        )
        .await;
    assert_eq!(tenant.status().as_u16(), 200);
    let (_, html) = app.get_html_as(&platform_admin, "/admin/tenants").await;
    assert!(
        !html.contains("<img src=x") && !html.contains("<script>alert"),
        "tenants page"
    );
    assert!(html.contains(escaped), "the tenant name is shown as text");
}

#[tokio::test]
async fn markup_in_notes_tasks_and_waiting_notes_is_never_rendered_as_html() {
    use crate::helpers::incidents::{detail, post};
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let corpus = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(2)>",
        "</textarea><script>alert(3)</script>",
        "[click](javascript:alert(4))",
        "[click](JaVaScRiPt&#58;alert(5))",
        "<svg onload=alert(6)><script>alert(7)</script></svg>",
        "&lt;script&gt;alert(8)&lt;/script&gt;",
    ]
    .join("\n\n");
    let note = [
        ("key", "ACME-1"),
        ("body", corpus.as_str()),
        ("visibility", "shared"),
    ];
    assert_eq!(
        post(&app, &analyst, "/api/timeline/note", &note).await.0,
        200
    );
    let title = "<img src=x onerror=alert(9)> **bold** [x](javascript:alert(10))";
    let form = [
        ("key", "ACME-1"),
        ("workstream", "tenant"),
        ("title", title),
    ];
    assert_eq!(post(&app, &analyst, "/api/tasks/add", &form).await.0, 200);
    let task = detail(&app, &analyst, "ACME-1")
        .await
        .tasks
        .into_iter()
        .find(|t| t.title == title)
        .expect("the task is stored as typed");
    let (id, version) = (task.id.to_string(), task.version.to_string());
    let waiting = [
        ("key", "ACME-1"),
        ("task", id.as_str()),
        ("version", version.as_str()),
        ("title", title),
        ("status", "waiting"),
        ("waiting_note", "<script>alert(11)</script></textarea>"),
    ];
    assert_eq!(
        post(&app, &analyst, "/api/tasks/update", &waiting).await.0,
        200
    );

    let (_, html) = app.get_html_as(&analyst, "/incidents/ACME-1").await;
    for payload in [
        "<script>alert",
        "<img src=x",
        "<svg onload",
        "href=\"javascript:",
        "<strong>bold",
    ] {
        let at = html
            .find(payload)
            .map(|i| &html[i.saturating_sub(200)..(i + 200).min(html.len())]);
        assert!(at.is_none(), "{payload} rendered: {at:?}");
    }
    assert!(
        html.contains("&lt;img src=x onerror=alert(9)&gt; **bold**"),
        "the title is text"
    );
    assert!(
        html.contains("&lt;script&gt;alert(11)&lt;/script&gt;"),
        "the waiting note is text"
    );
}
