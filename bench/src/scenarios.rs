//! The six scenarios against one database: list page, incident page, opening an incident,
//! adding to the timeline, signing in, and live-stream fan-out — with cold start and memory.

use crate::{
    api,
    fanout::{self, FanOut},
    generated::Generated,
    load::{self, Load, Outcome, Request},
    process::{self, Memory, Server},
    session,
    settings::Settings,
};
use anyhow::{Context, bail};
use std::{
    path::{Path, PathBuf},
    time::Duration,
};

/// An incident of GENAA with a short timeline (the generator names the long one).
const INCIDENT: &str = "GENAA-2";

pub struct Backend {
    pub name: &'static str,
    pub database_url: String,
}

pub struct Scenario {
    pub name: &'static str,
    pub method: &'static str,
    pub rate: u32,
    pub throughput: Outcome,
    pub latency: Outcome,
    /// The p99 this scenario must stay under at its rate, if there is a target.
    pub p99_target: Option<Duration>,
    /// The server's memory right after this scenario.
    pub memory: Memory,
}

pub struct Figures {
    pub backend: &'static str,
    pub generated: Generated,
    pub generated_in: Duration,
    pub starts: Vec<Duration>,
    pub idle: Memory,
    pub after_load: Memory,
    pub scenarios: Vec<Scenario>,
    pub fan_out: FanOut,
}

pub struct Paths<'a> {
    pub tandem: &'a Path,
    pub site_root: &'a Path,
    pub work: &'a Path,
    pub oha: &'a str,
}

pub async fn measure(
    paths: &Paths<'_>,
    backend: &Backend,
    settings: &Settings,
    port: u16,
) -> anyhow::Result<Figures> {
    let env = vec![
        ("DATABASE_URL", backend.database_url.clone()),
        ("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}")),
        ("LEPTOS_SITE_ROOT", paths.site_root.display().to_string()),
        // Alert intake is measured, not the per-token rate that protects it in production.
        ("TANDEM_ALERT_RATE", "1000000".to_owned()),
        ("TANDEM_ALERT_BURST", "1000000".to_owned()),
    ];
    eprintln!("[{}] generating data", backend.name);
    let generate: Vec<String> = std::iter::once("generate".to_owned())
        .chain(settings.generate_args())
        .collect();
    let generate: Vec<&str> = generate.iter().map(String::as_str).collect();
    let mut logged = env.clone();
    logged.push(("TANDEM_LOG_FORMAT", "json".to_owned()));
    logged.push(("RUST_LOG", "info".to_owned()));
    let (generated_in, log) = process::timed(paths.tandem, &generate, &logged).await?;
    let generated = Generated::from_log(&log)?;
    let token = api::token(paths.tandem, &env).await?;

    let base = format!("http://127.0.0.1:{port}");
    let log = |n: usize| -> PathBuf { paths.work.join(format!("{}-serve-{n}.log", backend.name)) };
    let mut starts = Vec::new();
    let mut server = None;
    for n in 0..settings.starts {
        if let Some(running) = server.take() {
            Server::stop(running).await?;
        }
        eprintln!("[{}] cold start {}", backend.name, n + 1);
        let started =
            Server::start(paths.tandem, &["serve"], &env, &base, "/readyz", &log(n)).await?;
        starts.push(started.started_in);
        server = Some(started);
    }
    let server = server.context("no start was measured")?;

    let client = reqwest::Client::new();
    let cookie = session::sign_in(&client, &base, session::ANALYST).await?;
    let list = get(
        &base,
        "/incidents?status=investigating&severity=SEV2",
        &cookie,
    );
    let detail = get(&base, &format!("/incidents/{INCIDENT}"), &cookie);
    for (request, expect) in [(&list, "GENAA-"), (&detail, INCIDENT)] {
        warm(&client, request, expect).await?;
    }
    warm(
        &client,
        &get(
            &base,
            &format!("/incidents/{}", generated.long_timeline),
            &cookie,
        ),
        &generated.long_timeline,
    )
    .await?;
    let rest_list = api::list(&base, &token);
    api::check(&client, &rest_list, "GENAA-").await?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let idle = server.memory()?;

    let open = post(
        &base,
        "/api/incidents/create",
        Some(&cookie),
        "title=Tenant+admin+account+without+MFA&description=An+administrator+of+the+tenant+signs+in+without+a+second+factor.&severity=SEV3&tenant=GENAA&idempotency_key=",
    );
    let append = post(
        &base,
        "/api/timeline/note",
        Some(&cookie),
        &format!("key={INCIDENT}&visibility=shared&body=Checked+the+gateway+logs+for+the+window."),
    );
    let sign_in = post(
        &base,
        "/api/auth/sign-in",
        None,
        &session::sign_in_form(session::ANALYST),
    );
    let intake = api::intake(&base, &token);
    // The first storm notification opens the incidents every later one adds to.
    api::check(&client, &intake, "\"opened\"").await?;
    let pages = Some(Duration::from_millis(50));
    let plan = [
        (
            "incident list page, tenant analyst, filtered",
            list,
            settings.rate,
            pages,
        ),
        (
            "REST incident list, tenant token, filtered",
            rest_list,
            settings.rate,
            pages,
        ),
        ("incident page", detail, settings.rate, pages),
        // Incidents are opened far more rarely than pages are read: half the page rate.
        (
            "open an incident (triage included)",
            open,
            settings.rate / 2,
            Some(Duration::from_millis(100)),
        ),
        ("add a timeline note", append, settings.rate, None),
        // Half the page rate: 100 notifications of 20 alerts, 2,000 alerts a second.
        (api::INTAKE, intake, settings.rate / 2, None),
        ("sign in (argon2id)", sign_in, settings.sign_in_rate, None),
    ];
    let mut scenarios = Vec::new();
    for (name, request, rate, p99_target) in plan {
        eprintln!("[{}] {name}", backend.name);
        let (throughput, latency) = both_loads(paths.oha, &request, settings, rate).await?;
        scenarios.push(Scenario {
            name,
            method: request.method,
            rate,
            throughput,
            latency,
            p99_target,
            memory: server.memory()?,
        });
    }
    eprintln!(
        "[{}] live-stream fan-out to {} subscribers",
        backend.name, settings.subscribers
    );
    let fan_out = fanout::run(
        &base,
        &cookie,
        INCIDENT,
        settings.subscribers,
        settings.notes,
    )
    .await?;
    let after_load = server.memory()?;
    server.stop().await?;
    Ok(Figures {
        backend: backend.name,
        generated,
        generated_in,
        starts,
        idle,
        after_load,
        scenarios,
        fan_out,
    })
}

/// Throughput at fixed concurrency, then latency at a fixed rate, for one request.
pub async fn both_loads(
    oha: &str,
    request: &Request,
    settings: &Settings,
    rate: u32,
) -> anyhow::Result<(Outcome, Outcome)> {
    let throughput = load::run(
        oha,
        request,
        Load::Closed {
            connections: settings.connections,
            duration: settings.duration,
        },
    )
    .await?;
    let latency = load::run(
        oha,
        request,
        Load::Open {
            per_second: rate,
            connections: settings.connections,
            duration: settings.duration,
        },
    )
    .await?;
    Ok((throughput, latency))
}

fn get(base: &str, path: &str, cookie: &str) -> Request {
    Request {
        method: "GET",
        url: format!("{base}{path}"),
        headers: vec![("Cookie".into(), cookie.into())],
        form: None,
    }
}

pub fn post(base: &str, path: &str, cookie: Option<&str>, form: &str) -> Request {
    let mut headers = session::same_origin(base);
    if let Some(cookie) = cookie {
        headers.push(("Cookie".into(), cookie.into()));
    }
    Request {
        method: "POST",
        url: format!("{base}{path}"),
        headers,
        form: Some(form.to_owned()),
    }
}

/// Requests a page once, checking that it is the page meant and not a sign-in redirect.
async fn warm(client: &reqwest::Client, request: &Request, expect: &str) -> anyhow::Result<()> {
    let mut builder = client.get(&request.url);
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let response = builder.send().await?;
    let status = response.status();
    let body = response.text().await?;
    if !status.is_success() || !body.contains(expect) {
        bail!("{} answered {status} without {expect:?}", request.url);
    }
    Ok(())
}
