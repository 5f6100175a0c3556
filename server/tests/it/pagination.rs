use crate::helpers::{ACME_ANALYST, TestApp};
use app::model::IncidentPage;

#[tokio::test]
async fn the_list_pages_by_keyset_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    for n in 0..55 {
        app.open_incident_as(&analyst, "ACME", &format!("Generated incident {n}"))
            .await;
    }

    let first: IncidentPage = app
        .get_as(&analyst, "/api/incidents/list")
        .await
        .json()
        .await
        .unwrap();
    let cursor = first.next_cursor.expect("a second page");
    let second: IncidentPage = app
        .get_as(&analyst, &format!("/api/incidents/list?before={cursor}"))
        .await
        .json()
        .await
        .unwrap();

    // The analyst sees Acme's 2 demo incidents and the 55 new ones.
    assert_eq!(first.rows.len(), 50);
    assert_eq!(second.rows.len(), 7);
    assert_eq!(second.next_cursor, None);
    assert_eq!(first.rows[0].key, "ACME-57");
    assert_eq!(second.rows.last().unwrap().key, "ACME-1");
    let mut keys: Vec<_> = first
        .rows
        .iter()
        .chain(&second.rows)
        .map(|r| r.key.clone())
        .collect();
    let total = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), total, "a row appeared on both pages");

    let (_, html) = app
        .get_html_as(&analyst, &format!("/incidents?before={cursor}"))
        .await;
    assert!(html.contains("ACME-1") && !html.contains("ACME-57"));
    assert!(html.contains("Newest incidents"));
}

#[tokio::test]
async fn an_empty_list_says_so() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let (status, html) = app.get_html_as(&analyst, "/incidents?before=1").await;
    assert_eq!(status, 200);
    assert!(html.contains("No incidents"));
}
