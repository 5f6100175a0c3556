use crate::helpers::{ENTRIES_PER_OPENING, PLATFORM_RESPONDER, SEEDED, TestApp, incident_form};

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
    let verified = app::backend::services::audit::verify_all(app.db.conn())
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
