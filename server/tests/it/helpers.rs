//! `TestApp`: a running Tandem with demo data on its own database, and a client for it.
//! Signing in as the demo accounts is in `accounts`, what a test reads back from the
//! database in `database`.

pub mod accounts;
pub mod api;
pub mod binary;
mod database;
pub mod incidents;

use backend::{Database, OffsetClock, fixtures::demo};
use reqwest::{Client, Response, header, redirect::Policy};
use sea_orm::ConnectionTrait;
use server::{Config, config::LogFormat, serve};
use std::{net::SocketAddr, path::PathBuf, sync::Arc};

/// Incidents in the demo data every test starts from; each opening also writes a creation
/// and a triage entry to the timeline.
pub const SEEDED: i64 = demo::INCIDENT_COUNT as i64;
pub const ENTRIES_PER_OPENING: i64 = 2;

/// How long a test waits for any one answer: a hung request fails its test instead of the run.
pub const REQUEST_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Demo accounts by role.
pub const PLATFORM_ADMIN: &str = "admin@platform.example";
pub const PLATFORM_RESPONDER: &str = "responder@platform.example";
pub const ACME_ADMIN: &str = "admin@acme.example";
pub const ACME_ANALYST: &str = "analyst@acme.example";
pub const ACME_VIEWER: &str = "viewer@acme.example";
pub const GLOBEX_ADMIN: &str = "admin@globex.example";
pub const GLOBEX_ANALYST: &str = "analyst@globex.example";

pub struct TestApp {
    pub addr: SocketAddr,
    /// The database URL the server uses, for running `tandem` commands against it.
    pub database_url: String,
    /// A client without a session (and without a cookie store): an anonymous caller.
    pub client: Client,
    pub db: Database,
    /// The server's clock; tests move it forward to expire sessions and grants.
    pub clock: Arc<OffsetClock>,
    cleanup: Cleanup,
}

enum Cleanup {
    /// Another test app owns the database.
    Nothing,
    SqliteDir(PathBuf),
    PostgresDatabase {
        admin_url: String,
        name: String,
    },
}

impl TestApp {
    /// Starts Tandem on a fresh database seeded with the demo data.
    pub async fn spawn() -> Self {
        Self::spawn_with(str::to_owned).await
    }

    /// Like [`TestApp::spawn`], with the database URL the server gets rewritten by `route`
    /// (to reach the database through a proxy, say).
    pub async fn spawn_with(route: impl FnOnce(&str) -> String) -> Self {
        Self::start(route, |_| {}).await
    }

    /// Like [`TestApp::spawn`], with the configuration changed by `configure` first.
    pub async fn spawn_configured(configure: impl FnOnce(&mut Config)) -> Self {
        Self::start(str::to_owned, configure).await
    }

    async fn start(
        route: impl FnOnce(&str) -> String,
        configure: impl FnOnce(&mut Config),
    ) -> Self {
        // `TANDEM_TEST_LOG=debug` (any filter) shows the server's log with a failing test.
        if let Ok(filter) = std::env::var("TANDEM_TEST_LOG") {
            let _ = tracing_subscriber::fmt()
                .with_env_filter(tracing_subscriber::EnvFilter::new(filter))
                .with_test_writer()
                .try_init();
        }
        let (database_url, cleanup) = fresh_database().await;
        let mut config = test_config(route(&database_url));
        configure(&mut config);
        let clock = Arc::new(OffsetClock::default());
        Self::serve(config, clock, cleanup, true).await
    }

    /// A second Tandem server on this one's database and clock, as a second instance behind a
    /// load balancer would be.
    pub async fn spawn_sibling(&self) -> Self {
        let config = test_config(self.database_url.clone());
        Self::serve(config, self.clock.clone(), Cleanup::Nothing, false).await
    }

    async fn serve(config: Config, clock: Arc<OffsetClock>, cleanup: Cleanup, seed: bool) -> Self {
        let db = serve::open_database(&config).await.expect("database opens");
        let database_url = config.database_url.clone();
        let model = server::model_file::load(None).expect("shipped model loads");
        let state = serve::app_state_with_clock(&config, db.clone(), model, clock.clone());
        if seed {
            demo::seed(state.workspace(), &config.operator_name, clock.now())
                .await
                .expect("demo seeds");
        }
        state
            .events
            .listen(&db)
            .await
            .expect("change notices are heard");
        let leptos_options = serve::leptos_options(&config);
        let listener = tokio::net::TcpListener::bind(config.site_addr)
            .await
            .unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let app = server::build_router(state, leptos_options)
                .into_make_service_with_connect_info::<std::net::SocketAddr>();
            axum::serve(listener, app).await.unwrap();
        });
        let client = Client::builder()
            .redirect(Policy::none())
            .timeout(REQUEST_TIMEOUT)
            .build()
            .unwrap();
        Self {
            addr,
            database_url,
            client,
            db,
            clock,
            cleanup,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.get_as(&self.client, path).await
    }

    pub async fn get_html(&self, path: &str) -> (u16, String) {
        self.get_html_as(&self.client, path).await
    }

    pub async fn get_as(&self, client: &Client, path: &str) -> Response {
        client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_html_as(&self, client: &Client, path: &str) -> (u16, String) {
        let response = self.get_as(client, path).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// Posts a form the way the hydrated page does: same-origin, expecting data back.
    pub async fn post_form_as_script(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.post_as(&self.client, path, form).await
    }

    /// Posts a form as `client` the way a browser without JavaScript does: same-origin, HTML
    /// accepted, coming from `referer`.
    pub async fn browser_post_as(
        &self,
        client: &Client,
        path: &str,
        referer: &str,
        form: &[(&str, &str)],
    ) -> Response {
        client
            .post(self.url(path))
            .header(header::ACCEPT, "text/html,application/xhtml+xml")
            .header(header::REFERER, self.url(referer))
            .header(header::ORIGIN, format!("http://{}", self.addr))
            .header("sec-fetch-site", "same-origin")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// [`TestApp::post_form_as_script`] with `client`'s cookies.
    pub async fn post_as(&self, client: &Client, path: &str, form: &[(&str, &str)]) -> Response {
        client
            .post(self.url(path))
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, format!("http://{}", self.addr))
            .header("sec-fetch-site", "same-origin")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Opens an incident through the form endpoint as `client` and returns its key.
    pub async fn open_incident_as(&self, client: &Client, tenant: &str, title: &str) -> String {
        let response = self
            .browser_post_as(
                client,
                "/api/incidents/create",
                "/incidents/new",
                &incident_form(title, "SEV2", tenant, ""),
            )
            .await;
        assert_eq!(response.status().as_u16(), 302, "open {title:?}");
        location(&response)
            .trim_start_matches("/incidents/")
            .to_owned()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::Nothing => {}
            Cleanup::SqliteDir(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::PostgresDatabase { admin_url, name } => {
                // The server task still holds connections; dropping the database is best-effort
                // and done with FORCE from a separate thread so the test's runtime is not blocked.
                let (admin_url, name) = (admin_url.clone(), name.clone());
                let _ = std::thread::spawn(move || {
                    let runtime = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build();
                    if let Ok(runtime) = runtime {
                        runtime.block_on(async {
                            if let Ok(admin) = sea_orm::Database::connect(&admin_url).await {
                                let sql =
                                    format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                                let _ = admin.execute_unprepared(&sql).await;
                            }
                        });
                    }
                })
                .join();
            }
        }
    }
}

/// The configuration every test server starts from, on `database_url`.
fn test_config(database_url: String) -> Config {
    Config {
        database_url,
        site_addr: "127.0.0.1:0".parse().unwrap(),
        site_root: PathBuf::from("target/site"),
        operator_name: "Coherent".to_owned(),
        log_format: LogFormat::Text,
        model_file: None,
        shutdown_grace_secs: 5,
        session_idle_minutes: 30,
        session_lifetime_hours: 12,
        secure_cookies: false,
        sla_sev1: "15m,4h,24h".to_owned(),
        sla_sev2: "1h,24h,3d".to_owned(),
        sla_sev3: "4h,3d,14d".to_owned(),
        sla_sev4: "1d,14d,30d".to_owned(),
        audit_key: None,
        alert_rate: 50,
        alert_burst: 100,
    }
}

/// The PostgreSQL server the tests use, when they use one.
pub fn postgres_url() -> Option<String> {
    std::env::var("TANDEM_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
}

async fn fresh_database() -> (String, Cleanup) {
    let id = uuid::Uuid::new_v4().simple().to_string();
    match std::env::var("TANDEM_TEST_POSTGRES_URL") {
        Ok(admin_url) if !admin_url.is_empty() => {
            let name = format!("tandem_test_{id}");
            let admin = sea_orm::Database::connect(&admin_url)
                .await
                .expect("PostgreSQL reachable");
            admin
                .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                .await
                .unwrap();
            let (base, _) = admin_url.rsplit_once('/').expect("URL names a database");
            (
                format!("{base}/{name}"),
                Cleanup::PostgresDatabase { admin_url, name },
            )
        }
        _ => {
            let dir = std::env::temp_dir().join(format!("tandem-test-{id}"));
            let url = format!("sqlite://{}/tandem.db?mode=rwc", dir.display());
            (url, Cleanup::SqliteDir(dir))
        }
    }
}

/// A client with its own cookie jar that does not follow redirects, like a fresh browser.
pub fn browser() -> Client {
    Client::builder()
        .redirect(Policy::none())
        .timeout(REQUEST_TIMEOUT)
        .cookie_store(true)
        .build()
        .unwrap()
}

pub fn incident_form<'a>(
    title: &'a str,
    severity: &'a str,
    tenant: &'a str,
    key: &'a str,
) -> Vec<(&'a str, &'a str)> {
    vec![
        ("title", title),
        (
            "description",
            "Seen at **02:00 UTC** by the on-call engineer.",
        ),
        ("severity", severity),
        ("tenant", tenant),
        ("idempotency_key", key),
    ]
}

pub fn location(response: &Response) -> String {
    response
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned()
}
