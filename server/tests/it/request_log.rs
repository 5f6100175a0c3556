//! The real binary's JSON log under its default filter: each request a person makes is one
//! line carrying the request id its response header showed, and successful health probes are
//! left out.

use crate::helpers::binary::{Binary, Running};
use std::io::Read;
use std::process::Stdio;

/// `tandem serve` on a fresh SQLite file, logging JSON to a pipe; killed when dropped.
struct Server {
    running: Running,
    binary: Binary,
}

impl Server {
    async fn start() -> Self {
        let binary = Binary::new("log");
        let mut command = binary.command(&["serve"]);
        command
            .env("TANDEM_LOG_FORMAT", "json")
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let running = binary.start(command).await;
        Self { running, binary }
    }

    fn url(&self, path: &str) -> String {
        self.binary.url(path)
    }

    /// Stops the server and returns every JSON line it logged, wherever it wrote them.
    fn stop(mut self) -> Vec<serde_json::Value> {
        let _ = self.running.0.kill();
        let _ = self.running.0.wait();
        let mut text = String::new();
        for mut pipe in [
            self.running
                .0
                .stdout
                .take()
                .map(|p| Box::new(p) as Box<dyn Read>),
            self.running
                .0
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
