//! The database going away and coming back, on PostgreSQL reached through a proxy this test can
//! cut: requests are answered 503 within seconds, `/readyz` fails, and service resumes without
//! a restart. (SQLite is a file in the process; the PostgreSQL pass of the suite runs this.)

use crate::helpers::incidents::{detail, note, post};
use crate::helpers::{ACME_ANALYST, TestApp, postgres_url};
use reqwest::Url;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::AbortHandle;

/// A TCP proxy to the database that can drop every connection and refuse new ones.
struct Proxy {
    addr: SocketAddr,
    open: Arc<AtomicBool>,
    links: Arc<Mutex<Vec<AbortHandle>>>,
}

impl Proxy {
    async fn start(upstream: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let open = Arc::new(AtomicBool::new(true));
        let links = Arc::new(Mutex::new(Vec::new()));
        let (accepting, tracked) = (open.clone(), links.clone());
        tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                if !accepting.load(Ordering::SeqCst) {
                    continue; // dropped: the connection is refused
                }
                let upstream = upstream.clone();
                let link = tokio::spawn(async move {
                    if let Ok(mut server) = TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                    }
                });
                tracked.lock().unwrap().push(link.abort_handle());
            }
        });
        Self { addr, open, links }
    }

    fn cut(&self) {
        self.open.store(false, Ordering::SeqCst);
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    fn restore(&self) {
        self.open.store(true, Ordering::SeqCst);
    }
}

#[tokio::test]
async fn when_the_database_goes_away_requests_get_503_quickly_and_service_resumes_by_itself() {
    let Some(admin_url) = postgres_url() else {
        eprintln!("runs in the PostgreSQL pass (TANDEM_TEST_POSTGRES_URL)");
        return;
    };
    let server = Url::parse(&admin_url).unwrap();
    let upstream = format!(
        "{}:{}",
        server.host_str().unwrap(),
        server.port().unwrap_or(5432)
    );
    let proxy = Proxy::start(upstream).await;
    let proxy_addr = proxy.addr;
    let app = TestApp::spawn_with(|url| {
        let mut url = Url::parse(url).unwrap();
        url.set_host(Some(&proxy_addr.ip().to_string())).unwrap();
        url.set_port(Some(proxy_addr.port())).unwrap();
        url.to_string()
    })
    .await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    assert_eq!(
        app.get_as(&analyst, "/incidents").await.status().as_u16(),
        200
    );

    proxy.cut();
    for path in ["/incidents", "/incidents/ACME-1", "/readyz"] {
        let started = Instant::now();
        let response = app.get_as(&analyst, path).await;
        let status = response.status().as_u16();
        let body = response.text().await.unwrap();
        assert_eq!(status, 503, "{path}: {body}");
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{path} took {:?}",
            started.elapsed()
        );
        assert!(
            !body.to_lowercase().contains("sqlx") && !body.contains("tandem:tandem"),
            "{body}"
        );
    }
    // A write is refused the same way.
    let started = Instant::now();
    let lost = [
        ("key", "ACME-1"),
        ("body", "Written while the database was away"),
        ("visibility", "shared"),
    ];
    let (status, _) = post(&app, &analyst, "/api/timeline/note", &lost).await;
    assert_eq!(status, 503, "a write during the outage");
    assert!(started.elapsed() < Duration::from_secs(5));

    proxy.restore();
    let started = Instant::now();
    loop {
        if app.get("/readyz").await.status().as_u16() == 200
            && app.get_as(&analyst, "/incidents").await.status().as_u16() == 200
        {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(15),
            "service did not resume"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Writes resume too, and the refused one was not written after all.
    note(
        &app,
        &analyst,
        "ACME-1",
        "Written after it came back",
        "shared",
    )
    .await;
    let page = detail(&app, &analyst, "ACME-1").await;
    let bodies: Vec<&str> = page
        .timeline
        .entries
        .iter()
        .map(|e| e.body_html.as_str())
        .collect();
    assert!(
        bodies
            .iter()
            .any(|b| b.contains("Written after it came back"))
    );
    assert!(
        !bodies
            .iter()
            .any(|b| b.contains("while the database was away"))
    );
}
