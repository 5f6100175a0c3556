use crate::helpers::TestApp;
use app::model::IncidentPage;

#[tokio::test]
async fn the_list_pages_by_keyset_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    for n in 0..55 {
        app.open_incident("ACME", &format!("Generated incident {n}"))
            .await;
    }

    let first: IncidentPage = app.get("/api/incidents/list").await.json().await.unwrap();
    let cursor = first.next_cursor.expect("a second page");
    let second: IncidentPage = app
        .get(&format!("/api/incidents/list?before={cursor}"))
        .await
        .json()
        .await
        .unwrap();

    assert_eq!(first.rows.len(), 50);
    assert_eq!(second.rows.len(), 11);
    assert_eq!(second.next_cursor, None);
    assert_eq!(first.rows[0].key, "ACME-57");
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

    let (_, html) = app.get_html(&format!("/incidents?before={cursor}")).await;
    assert!(html.contains("ACME-1") && !html.contains("ACME-57"));
    assert!(html.contains("Newest incidents"));
}

#[tokio::test]
async fn an_empty_list_says_so() {
    let app = TestApp::spawn().await;
    let (status, html) = app.get_html("/incidents?before=1").await;
    assert_eq!(status, 200);
    assert!(html.contains("No incidents"));
}
