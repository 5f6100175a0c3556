use crate::helpers::{ACME_ANALYST, TestApp};
use contract::dto::IncidentPage;

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
        .get_as(&analyst, &format!("/api/incidents/list?cursor={cursor}"))
        .await
        .json()
        .await
        .unwrap();

    // The analyst sees Acme's 2 demo incidents and the 55 new ones.
    assert_eq!(first.rows.len(), 50);
    assert_eq!((first.total, second.total), (57, 57));
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
        .get_html_as(&analyst, &format!("/incidents?after={cursor}"))
        .await;
    // The second page as HTML: its own seven rows, none of the first page's.
    for row in &second.rows {
        assert!(
            html.contains(&format!("/incidents/{}\"", row.key)),
            "{} missing",
            row.key
        );
    }
    for row in &first.rows {
        assert!(
            !html.contains(&format!("/incidents/{}\"", row.key)),
            "{} repeated",
            row.key
        );
    }
    assert!(html.contains("First page"));
}

#[tokio::test]
async fn an_empty_list_says_so() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let (status, html) = app.get_html_as(&analyst, "/incidents?after=1").await;
    assert_eq!(status, 200);
    assert!(html.contains("No incidents"));
}

async fn list(app: &TestApp, client: &reqwest::Client, query: &str) -> IncidentPage {
    let response = app
        .get_as(client, &format!("/api/incidents/list?{query}"))
        .await;
    assert_eq!(response.status().as_u16(), 200, "{query}");
    response.json().await.unwrap()
}

fn keys(page: &IncidentPage) -> Vec<String> {
    page.rows.iter().map(|r| r.key.clone()).collect()
}

#[tokio::test]
async fn filters_search_and_counts_never_reach_past_what_the_reader_may_see() {
    use crate::helpers::{GLOBEX_ANALYST, PLATFORM_RESPONDER};
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let globex = app.sign_in(GLOBEX_ANALYST).await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let marked = app
        .open_incident_as(&analyst, "ACME", "Zebracorn 100%_done export leak")
        .await;

    // Search finds words in titles, any letter case, with % and _ taken literally.
    let found = list(&app, &analyst, "filter[q]=ZEBRACORN").await;
    assert_eq!(keys(&found), [marked.as_str()]);
    assert_eq!(found.total, 1);
    assert_eq!(
        keys(&list(&app, &analyst, "filter[q]=100%25_done").await),
        [marked.as_str()]
    );
    assert!(
        list(&app, &analyst, "filter[q]=100%25%25")
            .await
            .rows
            .is_empty()
    );
    // Globex searching for Acme's words finds nothing, and its counts say so.
    let other = list(&app, &globex, "filter[q]=zebracorn").await;
    assert!(other.rows.is_empty() && other.total == 0);
    let everything = list(&app, &globex, "").await;
    assert!(everything.rows.iter().all(|r| r.key.starts_with("GLOBEX-")));
    assert_eq!(everything.total as usize, everything.rows.len());
    assert!(everything.tenants.iter().all(|t| t.key == "GLOBEX"));
    // A tenant filter naming another tenant gives nothing rather than its rows.
    assert!(
        list(&app, &globex, "filter[tenant]=ACME")
            .await
            .rows
            .is_empty()
    );

    // Platform staff: owner filter, and the tenant-owned Acme incidents stay out without a grant.
    let platform = list(&app, &responder, "filter[owner]=platform").await;
    assert!(!platform.rows.is_empty());
    assert!(
        platform
            .rows
            .iter()
            .all(|r| r.owner == domain::responsibility::Owner::Platform)
    );
    let acme = list(&app, &responder, "filter[tenant]=ACME").await;
    assert_eq!(
        keys(&acme),
        [marked.as_str()],
        "only the shared Acme incident"
    );
    let sev = list(&app, &responder, "filter[severity]=SEV2&filter[status]=new").await;
    assert!(
        sev.rows
            .iter()
            .all(|r| r.severity == domain::Severity::Sev2)
    );

    // A filter value that names nothing is a field error, not an empty list.
    let response = app
        .get_as(&analyst, "/api/incidents/list?filter[status]=sleeping")
        .await;
    assert_eq!(response.status().as_u16(), 422);
    let response = app
        .get_as(&analyst, "/api/incidents/list?cursor=garbage")
        .await;
    assert_eq!(response.status().as_u16(), 400);
    // The page's form works without JavaScript: a plain GET with the same names.
    let (status, html) = app
        .get_html_as(&analyst, "/incidents?q=zebracorn&sort=severity")
        .await;
    assert_eq!(status, 200);
    assert!(html.contains(&marked) && html.contains("1 incident"));
    assert!(!html.contains("ACME-1\""), "{html}");
}

#[tokio::test]
async fn sorted_lists_page_by_keyset_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    for n in 0..70 {
        let severity = ["SEV1", "SEV2", "SEV3", "SEV4"][n % 4];
        let form = crate::helpers::incident_form("Sorted incident", severity, "ACME", "");
        let response = app
            .browser_post_as(&analyst, "/api/incidents/create", "/incidents/new", &form)
            .await;
        assert_eq!(response.status().as_u16(), 302);
    }
    for sort in ["severity", "due", "oldest", "newest"] {
        let mut rows = Vec::new();
        let mut cursor = String::new();
        let mut total;
        loop {
            let page = list(
                &app,
                &analyst,
                &format!("filter[sort]={sort}&cursor={cursor}"),
            )
            .await;
            total = page.total;
            rows.extend(page.rows);
            match page.next_cursor {
                Some(next) => cursor = contract::dto::percent_encode(&next),
                None => break,
            }
        }
        assert_eq!(rows.len() as u64, total, "{sort}");
        let mut unique: Vec<_> = rows.iter().map(|r| r.key.clone()).collect();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), rows.len(), "{sort}: a row appeared twice");
        let number = |key: &str| key.rsplit('-').next().unwrap().parse::<i64>().unwrap();
        for pair in rows.windows(2) {
            let (a, b) = (&pair[0], &pair[1]);
            let ordered = match sort {
                "severity" => (a.severity, -number(&a.key)) <= (b.severity, -number(&b.key)),
                "due" => (a.next_due_at, number(&a.key)) <= (b.next_due_at, number(&b.key)),
                "oldest" => number(&a.key) < number(&b.key),
                _ => number(&a.key) > number(&b.key),
            };
            assert!(ordered, "{sort}: {} before {}", a.key, b.key);
        }
    }
}

#[tokio::test]
async fn counts_stop_at_a_thousand_and_say_so() {
    use crate::helpers::{PLATFORM_RESPONDER, SEEDED};
    use backend::events::EventBus;
    use backend::fixtures::generate;
    use backend::incidents::workspace::Workspace;
    let app = TestApp::spawn().await;
    let model = server::model_file::load(None).unwrap();
    let (events, sla) = (EventBus::new(&app.db), domain::sla::SlaPolicy::default());
    let ws = Workspace {
        db: &app.db,
        events: &events,
        model: &model,
        sla: &sla,
    };
    let volume = generate::Volume {
        tenants: 1,
        incidents: 1_500,
        timeline_entries: 4_000,
        long_timeline: 150,
    };
    let made = generate::generate(ws, "Coherent", volume, app.clock.now())
        .await
        .unwrap();
    assert_eq!(
        (made.incidents, made.timeline_entries, made.tasks),
        (1_500, 4_000, 3_000)
    );
    assert_eq!(app.count("incidents").await, SEEDED + 1_500);
    assert!(
        generate::generate(ws, "Coherent", volume, app.clock.now())
            .await
            .is_err(),
        "only once"
    );

    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let all = list(&app, &responder, "").await;
    assert_eq!((all.total, all.more_than_total), (1_000, true));
    let (_, html) = app.get_html_as(&responder, "/incidents").await;
    assert!(html.contains("More than 1000 incidents"));
    let tenant = app.sign_in("analyst@genaa.example").await;
    let own = list(&app, &tenant, "").await;
    assert!(!own.more_than_total && own.total > 0 && own.total < 1_000);
    assert!(own.rows.iter().all(|r| r.key.starts_with("GENAA-")));
    let long = crate::helpers::incidents::detail(&app, &tenant, &made.long_timeline_key).await;
    assert!(
        long.timeline.next_cursor.is_some(),
        "{} has a long timeline",
        made.long_timeline_key
    );
}
