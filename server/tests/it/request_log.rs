//! The real binary's JSON log under its default filter: each request a person makes is one
//! line carrying the request id its response header showed, and successful health probes are
//! left out.

use std::io::Read;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// `tandem serve` on a fresh SQLite file, logging JSON to a pipe; killed when dropped.
struct Server {
    child: Child,
    addr: String,
    dir: std::path::PathBuf,
}

impl Server {
    async fn start() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let addr = format!("127.0.0.1:{port}");
        let dir = std::env::temp_dir().join(format!("tandem-log-{}", uuid::Uuid::new_v4()));
        let child = Command::new(env!("CARGO_BIN_EXE_tandem"))
            .arg("serve")
            .env(
                "DATABASE_URL",
                format!("sqlite://{}/t.db?mode=rwc", dir.display()),
            )
            .env("LEPTOS_SITE_ADDR", &addr)
            .env("TANDEM_LOG_FORMAT", "json")
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let server = Self { child, addr, dir };
        let started = Instant::now();
        while !reqwest::get(server.url("/readyz"))
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "server did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        server
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Stops the server and returns every JSON line it logged, wherever it wrote them.
    fn stop(mut self) -> Vec<serde_json::Value> {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let mut text = String::new();
        for mut pipe in [
            self.child
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn Read>),
            self.child
                .stderr
                .take()
                .map(|p| Box::new(p) as Box<dyn Read>),
        ]
        .into_iter()
        .flatten()
        {
            pipe.read_to_string(&mut text).unwrap();
            text.push('\n');
        }
        text.lines()
            .filter_map(|line| serde_json::from_str(line).ok())
            .collect()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The request lines among `logs`, as (request id, method, path, status).
fn request_lines(logs: &[serde_json::Value]) -> Vec<(String, String, String, u64)> {
    logs.iter()
        .filter(|line| line["message"] == "request answered")
        .map(|line| {
            let span = &line["span"];
            assert_eq!(line["level"], "INFO", "{line}");
            assert!(line["latency"].is_string(), "no latency: {line}");
            (
                span["request_id"].as_str().unwrap_or_default().to_owned(),
                span["method"].as_str().unwrap_or_default().to_owned(),
                span["path"].as_str().unwrap_or_default().to_owned(),
                line["status"].as_u64().unwrap_or_default(),
            )
        })
        .collect()
}

#[tokio::test]
async fn each_request_logs_one_line_with_the_request_id_its_response_carries() {
    let server = Server::start().await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let mut answered = Vec::new();
    for path in ["/login", "/no/such/page"] {
        let response = client.get(server.url(path)).send().await.unwrap();
        let id = response.headers()["x-request-id"]
            .to_str()
            .unwrap()
            .to_owned();
        answered.push((
            id,
            "GET".to_owned(),
            path.to_owned(),
            u64::from(response.status().as_u16()),
        ));
    }
    assert_ne!(answered[0].0, answered[1].0, "request ids repeat");
    assert_eq!(
        client
            .get(server.url("/healthz"))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        200
    );

    let logged = request_lines(&server.stop());

    assert_eq!(
        logged, answered,
        "one line per request, in order, and none for the successful probes"
    );
}
