//! The live-update streams: who hears which change, and who is refused.

use crate::helpers::incidents::{detail, note, post};
use crate::helpers::{ACME_ANALYST, GLOBEX_ANALYST, PLATFORM_RESPONDER, TestApp, postgres_url};
use futures_util::StreamExt;
use reqwest::Client;
use std::time::Duration;

/// How long a stream is given to deliver a notice before the test fails.
const WAIT: Duration = Duration::from_secs(30);

/// An open event stream, read one event at a time.
struct Stream {
    body: std::pin::Pin<Box<dyn futures_util::Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>,
    buffer: String,
}

/// One server-sent event: its name and data.
#[derive(Debug, PartialEq)]
struct Heard {
    event: String,
    incident: Option<String>,
    part: Option<String>,
}

impl Stream {
    async fn open(app: &TestApp, client: &Client, path: &str) -> Self {
        let response = client
            .get(app.url(path))
            .header("accept", "text/event-stream")
            .timeout(Duration::from_secs(600))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "{path}");
        let content_type = response.headers()["content-type"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            content_type.starts_with("text/event-stream"),
            "{content_type}"
        );
        Self {
            body: Box::pin(response.bytes_stream()),
            buffer: String::new(),
        }
    }

    /// The next event (keep-alive comments skipped), or `None` when the stream ends.
    async fn next(&mut self) -> Option<Heard> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut event = None;
                let mut data = None;
                for line in block.lines() {
                    if let Some(name) = line.strip_prefix("event:") {
                        event = Some(name.trim().to_owned());
                    } else if let Some(text) = line.strip_prefix("data:") {
                        data = Some(text.trim().to_owned());
                    }
                }
                let Some(event) = event else { continue };
                let data: serde_json::Value =
                    serde_json::from_str(data.as_deref().unwrap_or("{}")).unwrap();
                let text = |name: &str| data.get(name).and_then(|v| v.as_str()).map(str::to_owned);
                return Some(Heard {
                    event,
                    incident: text("incident"),
                    part: text("part"),
                });
            }
            let chunk = tokio::time::timeout(WAIT, self.body.next())
                .await
                .expect("the stream delivered in time")?
                .ok()?;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }

    /// Reads past everything up to and including `marker`; notices arrive in commit order, so
    /// whatever is heard next was sent after the marker.
    async fn skip_to(&mut self, marker: &Heard) {
        loop {
            match self.next().await {
                Some(heard) if &heard == marker => return,
                Some(_) => {}
                None => panic!("the stream ended before {marker:?}"),
            }
        }
    }
}

fn change(incident: &str, part: &str) -> Heard {
    Heard {
        event: "change".to_owned(),
        incident: Some(incident.to_owned()),
        part: Some(part.to_owned()),
    }
}

#[tokio::test]
async fn anonymous_clients_are_refused_and_invisible_incidents_are_not_found() {
    let app = TestApp::spawn().await;
    for path in ["/api/live/incidents", "/api/live/incidents/ACME-1"] {
        let response = app.get(path).await;
        assert_eq!(response.status().as_u16(), 401, "{path}");
    }
    let globex = app.sign_in(GLOBEX_ANALYST).await;
    for path in [
        "/api/live/incidents/ACME-1",
        "/api/live/incidents/PLT-1",
        "/api/live/incidents/NOPE-1",
        "/api/live/incidents/x",
    ] {
        let response = app.get_as(&globex, path).await;
        assert_eq!(response.status().as_u16(), 404, "{path}");
    }
}

#[tokio::test]
async fn each_subscriber_hears_only_what_its_tenant_and_side_may_see() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let globex = app.sign_in(GLOBEX_ANALYST).await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    // The list streams open first, so they hear the opening too (on PostgreSQL notices arrive
    // asynchronously, and one heard late would otherwise be mistaken for a later one).
    let mut acme_list = Stream::open(&app, &analyst, "/api/live/incidents").await;
    let mut globex_list = Stream::open(&app, &globex, "/api/live/incidents").await;
    let shared = app
        .open_incident_as(&analyst, "ACME", "Payment exports look tampered with")
        .await;
    assert_eq!(acme_list.next().await, Some(change(&shared, "incident")));
    let mut platform_incident =
        Stream::open(&app, &responder, &format!("/api/live/incidents/{shared}")).await;

    // 1. The platform's internal note; 2. the tenant's internal note; 3. a severity change
    // both sides see; 4. a change at Globex.
    note(
        &app,
        &responder,
        &shared,
        "Platform-only finding",
        "platform-internal",
    )
    .await;
    note(
        &app,
        &analyst,
        &shared,
        "Tenant-only finding",
        "tenant-internal",
    )
    .await;
    let version = detail(&app, &analyst, &shared).await.version.to_string();
    let form = [
        ("key", shared.as_str()),
        ("version", &version),
        ("severity", "SEV1"),
    ];
    assert_eq!(
        post(&app, &analyst, "/api/incidents/severity", &form)
            .await
            .0,
        200
    );
    note(&app, &globex, "GLOBEX-1", "Globex finding", "shared").await;

    // Each stream's first events are exactly the ones its reader may know of, in order.
    assert_eq!(acme_list.next().await, Some(change(&shared, "timeline")));
    assert_eq!(acme_list.next().await, Some(change(&shared, "incident")));
    // The incident stream opened after the opening; that notice may still reach it first.
    let mut first = platform_incident.next().await;
    if first == Some(change(&shared, "incident")) {
        first = platform_incident.next().await;
    }
    assert_eq!(first, Some(change(&shared, "timeline")));
    assert_eq!(
        platform_incident.next().await,
        Some(change(&shared, "incident"))
    );
    assert_eq!(
        globex_list.next().await,
        Some(change("GLOBEX-1", "timeline"))
    );

    // Acme's list stream heard nothing of Globex: the next thing it hears is Acme's again.
    note(&app, &analyst, &shared, "Shared finding", "shared").await;
    assert_eq!(acme_list.next().await, Some(change(&shared, "timeline")));
}

#[tokio::test]
async fn a_stream_ends_when_its_session_does() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let mut stream = Stream::open(&app, &analyst, "/api/live/incidents").await;
    let response = app.post_as(&analyst, "/api/auth/sign-out", &[]).await;
    assert!(response.status().is_success());
    // Past the stream's next check, the next notice finds the session gone.
    app.clock.advance(chrono::Duration::seconds(11));
    let admin = app.sign_in(crate::helpers::ACME_ADMIN).await;
    note(&app, &admin, "ACME-1", "After sign-out", "shared").await;
    assert_eq!(
        stream.next().await.map(|h| h.event),
        Some("signed-out".to_owned())
    );
    assert_eq!(stream.next().await, None, "the stream is closed");
}

#[tokio::test]
async fn two_instances_behind_one_postgresql_database_stay_in_step() {
    if postgres_url().is_none() {
        // Instances share notices through PostgreSQL; SQLite serves one process.
        return;
    }
    let first = TestApp::spawn().await;
    let second = first.spawn_sibling().await;
    let on_second = second.sign_in(ACME_ANALYST).await;
    let mut stream = Stream::open(&second, &on_second, "/api/live/incidents/ACME-1").await;
    let on_first = first.sign_in(ACME_ANALYST).await;
    note(
        &first,
        &on_first,
        "ACME-1",
        "Written through the first instance",
        "shared",
    )
    .await;
    assert_eq!(stream.next().await, Some(change("ACME-1", "timeline")));
}

#[tokio::test]
async fn a_platform_stream_hears_a_tenant_owned_incident_only_while_its_grant_lasts() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let admin = app.sign_in(crate::helpers::ACME_ADMIN).await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let shared = app
        .open_incident_as(&analyst, "ACME", "Payment exports look tampered with")
        .await;
    let form = [
        ("tenant", "ACME"),
        ("incident", "ACME-1"),
        ("reason", "Checking the gateway side of the sign-ins."),
        ("minutes", "15"),
    ];
    assert_eq!(
        post(&app, &responder, "/api/grants/request", &form).await.0,
        200
    );
    let grants: contract::dto::GrantsPage = app
        .get_as(&admin, "/api/grants/list")
        .await
        .json()
        .await
        .unwrap();
    let id = grants
        .rows
        .iter()
        .find(|g| g.incident_key.as_deref() == Some("ACME-1"))
        .unwrap()
        .id;
    let decision = [("id", id.to_string()), ("decision", "approve".to_owned())];
    let decision: Vec<(&str, &str)> = decision.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        post(&app, &admin, "/api/grants/decide", &decision).await.0,
        200
    );

    let mut stream = Stream::open(&app, &responder, "/api/live/incidents").await;
    // The grant's steps were announced before the stream opened; on PostgreSQL those notices
    // arrive asynchronously and may still reach it. A note on the shared incident marks the
    // point after which every notice is one this test caused.
    note(&app, &analyst, &shared, "Before the checks", "shared").await;
    stream.skip_to(&change(&shared, "timeline")).await;
    note(&app, &analyst, "ACME-1", "While the grant runs", "shared").await;
    assert_eq!(stream.next().await, Some(change("ACME-1", "timeline")));

    // Past the grant's end the tenant-owned incident goes quiet; the shared one is still heard.
    app.clock.advance(chrono::Duration::minutes(16));
    note(&app, &analyst, "ACME-1", "After the grant ended", "shared").await;
    note(&app, &analyst, &shared, "On the shared incident", "shared").await;
    assert_eq!(stream.next().await, Some(change(&shared, "timeline")));
}

#[tokio::test]
async fn a_quiet_stream_still_ends_soon_after_its_session() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let mut stream = Stream::open(&app, &analyst, "/api/live/incidents/ACME-1").await;
    let response = app.post_as(&analyst, "/api/auth/sign-out", &[]).await;
    assert!(response.status().is_success());
    app.clock.advance(chrono::Duration::seconds(11));
    // Nothing happens at ACME-1; the stream's own check, due ten seconds after it opened, ends it.
    assert_eq!(
        stream.next().await.map(|h| h.event),
        Some("signed-out".to_owned())
    );
    assert_eq!(stream.next().await, None, "the stream is closed");
}
