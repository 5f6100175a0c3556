use crate::helpers::{
    ACME_ADMIN, ENTRIES_PER_OPENING, PLATFORM_ADMIN, PLATFORM_RESPONDER, SEEDED, TestApp,
    incident_form,
};
use contract::error::AppError;

#[tokio::test]
async fn concurrent_openers_each_get_their_own_key_and_nothing_is_lost() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let tasks: Vec<_> = (0..30)
        .map(|n| {
            let app = app.clone();
            let responder = responder.clone();
            tokio::spawn(async move {
                let title = format!("Concurrent incident {n}");
                let form = incident_form(
                    &title,
                    "SEV3",
                    if n % 2 == 0 { "ACME" } else { "GLOBEX" },
                    "",
                );
                app.post_as(&responder, "/api/incidents/create", &form)
                    .await
                    .status()
                    .as_u16()
            })
        })
        .collect();
    for task in tasks {
        assert_eq!(task.await.unwrap(), 200);
    }
    assert_eq!(app.count("incidents").await, SEEDED + 30);
    assert_eq!(
        app.count("timeline_entries").await,
        (SEEDED + 30) * ENTRIES_PER_OPENING
    );
    let verified = backend::audit::record::verify_all(app.db.conn())
        .await
        .unwrap();
    assert_eq!(
        verified,
        Ok(app.count("audit_entries").await as usize),
        "the audit chain did not fork"
    );
    let (_, html) = app.get_html_as(&responder, "/incidents").await;
    assert!(html.contains("ACME-17") && html.contains("GLOBEX-17"));
}

/// Fifty writers on two sides append notes to five incidents at once: every append is answered
/// 200 (no "database is locked"), each incident's timeline shows every note once, and the audit
/// chain, written in the same transactions, did not fork.
#[tokio::test]
async fn fifty_concurrent_writers_append_to_timelines_without_errors_gaps_or_loss() {
    use crate::helpers::incidents::{detail, post, shared_acme_incident};
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let analyst = app.sign_in(crate::helpers::ACME_ANALYST).await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let mut keys = Vec::new();
    for _ in 0..5 {
        keys.push(shared_acme_incident(&app, &analyst).await);
    }
    let entries_before = app.count("timeline_entries").await;
    let writers: Vec<_> = (0..50)
        .map(|n| {
            let (app, key) = (app.clone(), keys[n % 5].clone());
            let client = if n % 2 == 0 { &responder } else { &analyst }.clone();
            tokio::spawn(async move {
                let body = format!("Concurrent note {n}");
                let form = [
                    ("key", key.as_str()),
                    ("body", &body),
                    ("visibility", "shared"),
                ];
                post(&app, &client, "/api/timeline/note", &form).await
            })
        })
        .collect();
    for writer in writers {
        let (status, error) = writer.await.unwrap();
        assert_eq!(status, 200, "{error:?}");
    }
    assert_eq!(app.count("timeline_entries").await, entries_before + 50);
    for (i, key) in keys.iter().enumerate() {
        let incident = detail(&app, &analyst, key).await;
        let mut notes: Vec<usize> = incident
            .timeline
            .entries
            .iter()
            .filter(|e| e.kind.code() == "note")
            .map(|e| {
                let text = e.body_html.trim_start_matches("<p>").trim_end();
                let text = text
                    .trim_end_matches("</p>")
                    .trim_start_matches("Concurrent note ");
                text.parse().unwrap()
            })
            .collect();
        notes.sort_unstable();
        let expected: Vec<usize> = (0..50).filter(|n| n % 5 == i).collect();
        assert_eq!(notes, expected, "the notes on {key}");
    }
    let verified = backend::audit::record::verify_all(app.db.conn())
        .await
        .unwrap();
    assert_eq!(verified, Ok(app.count("audit_entries").await as usize));
}

/// Eight forms submitted at once, each built by `form(n)`: exactly one succeeds and every other
/// is refused as a field error on `field` (never a 500), whatever order the database saw them in.
async fn racing_creates(
    app: &std::sync::Arc<TestApp>,
    as_email: &str,
    path: &'static str,
    form: impl Fn(usize) -> Vec<(&'static str, String)>,
    field: &str,
) {
    let client = app.sign_in(as_email).await;
    let requests: Vec<_> = (0..8)
        .map(|n| {
            let (app, client, form) = (app.clone(), client.clone(), form(n));
            tokio::spawn(async move {
                let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
                let response = app.post_as(&client, path, &form).await;
                let status = response.status().as_u16();
                (status, response.text().await.unwrap())
            })
        })
        .collect();
    let mut created = 0;
    for request in requests {
        let (status, body) = request.await.unwrap();
        match status {
            200 => created += 1,
            422 => {
                let error: AppError = serde_json::from_str(&body).unwrap();
                assert!(error.field_message(field).is_some(), "{body}");
            }
            other => panic!("{path} answered {other}: {body}"),
        }
    }
    assert_eq!(created, 1, "{path}");
}

#[tokio::test]
async fn racing_creates_of_one_address_make_one_user_and_field_errors() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let users = app.count("users").await;
    let form = |n: usize| {
        vec![
            ("email", "racing@acme.example".to_owned()),
            ("display_name", format!("Racer {n}")),
            ("role", "tenant_responder".to_owned()),
            ("password", "a freshly chosen passphrase".to_owned()),
        ]
    };
    racing_creates(&app, ACME_ADMIN, "/api/admin/users/create", form, "email").await;
    assert_eq!(app.count("users").await, users + 1);
}

#[tokio::test]
async fn racing_creates_of_one_tenant_key_make_one_tenant_and_field_errors() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let (tenants, users) = (app.count("tenants").await, app.count("users").await);
    let form = |n: usize| {
        vec![
            ("key", "INITECH".to_owned()),
            ("name", format!("Initech {n}")),
            ("admin_email", format!("admin{n}@initech.example")),
            ("admin_name", "Ian Initech".to_owned()),
            ("admin_password", "a new and long password".to_owned()),
        ]
    };
    racing_creates(
        &app,
        PLATFORM_ADMIN,
        "/api/admin/tenants/create",
        form,
        "key",
    )
    .await;
    // The refused ones left neither a tenant nor its first admin behind.
    assert_eq!(app.count("tenants").await, tenants + 1);
    assert_eq!(app.count("users").await, users + 1);
}
