//! Measures the bare axum ceiling with every load shape the scenarios use.

use crate::{
    fanout::{self, FanOut},
    load::{self, Load, Outcome, Request},
    process::Server,
    scenarios,
    settings::Settings,
};
use std::path::Path;

pub struct Ceiling {
    /// Throughput by method.
    pub throughput: Vec<(&'static str, Outcome)>,
    /// Latency by method and rate.
    pub latency: Vec<(&'static str, u32, Outcome)>,
    /// The same fan-out as Tandem's, to bare event streams.
    pub fan_out: FanOut,
}

impl Ceiling {
    pub fn throughput(&self, method: &str) -> Option<&Outcome> {
        self.throughput
            .iter()
            .find(|(m, _)| *m == method)
            .map(|(_, o)| o)
    }

    pub fn latency(&self, method: &str, rate: u32) -> Option<&Outcome> {
        self.latency
            .iter()
            .find(|(m, r, _)| *m == method && *r == rate)
            .map(|(_, _, o)| o)
    }
}

pub async fn measure(
    oha: &str,
    settings: &Settings,
    port: u16,
    work: &Path,
) -> anyhow::Result<Ceiling> {
    let me = std::env::current_exe()?;
    let base = format!("http://127.0.0.1:{port}");
    let addr = format!("127.0.0.1:{port}");
    let server = Server::start(
        &me,
        &["ceiling", "--addr", &addr],
        &[],
        &base,
        "/",
        &work.join("ceiling.log"),
    )
    .await?;
    let get = Request {
        method: "GET",
        url: format!("{base}/"),
        headers: Vec::new(),
        form: None,
    };
    // A form body the size of the scenarios' posts, with the same headers.
    let post = scenarios::post(
        &base,
        "/",
        Some("tandem_session=0123456789abcdef0123456789abcdef"),
        "key=GENAA-2&visibility=shared&body=Checked+the+gateway+logs+for+the+window.",
    );
    let mut throughputs = Vec::new();
    let mut latencies = Vec::new();
    for request in [&get, &post] {
        eprintln!("[ceiling] {}", request.method);
        let (throughput, latency) =
            scenarios::both_loads(oha, request, settings, settings.rate).await?;
        throughputs.push((request.method, throughput));
        latencies.push((request.method, settings.rate, latency));
    }
    for rate in [settings.rate / 2, settings.sign_in_rate] {
        let latency = load::run(
            oha,
            &post,
            Load::Open {
                per_second: rate,
                connections: settings.connections,
                duration: settings.duration,
            },
        )
        .await?;
        latencies.push(("POST", rate, latency));
    }
    eprintln!("[ceiling] live-stream fan-out to {}", settings.subscribers);
    let fan_out = fanout::run(&base, "", "CEILING-1", settings.subscribers, settings.notes).await?;
    server.stop().await?;
    Ok(Ceiling {
        throughput: throughputs,
        latency: latencies,
        fan_out,
    })
}
