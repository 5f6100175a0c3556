//! `TestApp`: a running Tandem with demo data on its own database, and a client for it.

use app::backend::{Database, services::demo};
use reqwest::{Client, Response, header, redirect::Policy};
use sea_orm::{ConnectionTrait, Statement};
use server::{Config, config::LogFormat, serve};
use std::{net::SocketAddr, path::PathBuf};

/// Incidents in the demo data every test starts from; each opening also writes a creation
/// and a triage entry to the timeline.
pub const SEEDED: i64 = demo::INCIDENT_COUNT as i64;
pub const ENTRIES_PER_OPENING: i64 = 2;

pub struct TestApp {
    pub addr: SocketAddr,
    /// The database URL the server uses, for running `tandem` commands against it.
    pub database_url: String,
    pub client: Client,
    pub db: Database,
    cleanup: Cleanup,
}

enum Cleanup {
    SqliteDir(PathBuf),
    PostgresDatabase { admin_url: String, name: String },
}

impl TestApp {
    /// Starts Tandem on a fresh database seeded with the demo data.
    pub async fn spawn() -> Self {
        Self::spawn_with(str::to_owned).await
    }

    /// Like [`TestApp::spawn`], with the database URL the server gets rewritten by `route`
    /// (to reach the database through a proxy, say).
    pub async fn spawn_with(route: impl FnOnce(&str) -> String) -> Self {
        let (database_url, cleanup) = fresh_database().await;
        let config = Config {
            database_url: route(&database_url),
            site_addr: "127.0.0.1:0".parse().unwrap(),
            site_root: PathBuf::from("target/site"),
            operator_name: "Coherent".to_owned(),
            log_format: LogFormat::Text,
            model_file: None,
            shutdown_grace_secs: 5,
        };
        let db = serve::open_database(&config).await.expect("database opens");
        let database_url = config.database_url.clone();
        let model = server::model_file::load(None).expect("shipped model loads");
        demo::seed(&db, &model, &config.operator_name, chrono::Utc::now())
            .await
            .expect("demo seeds");
        let state = serve::app_state(&config, db.clone(), model);
        let listener = tokio::net::TcpListener::bind(config.site_addr)
            .await
            .unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let app = server::build_router(state)
                .into_make_service_with_connect_info::<std::net::SocketAddr>();
            axum::serve(listener, app).await.unwrap();
        });
        let client = Client::builder().redirect(Policy::none()).build().unwrap();
        Self {
            addr,
            database_url,
            client,
            db,
            cleanup,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_html(&self, path: &str) -> (u16, String) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.text().await.unwrap())
    }

    /// Posts a form the way a browser without JavaScript does: same-origin, HTML accepted,
    /// coming from `referer`.
    pub async fn post_form_as_browser(
        &self,
        path: &str,
        referer: &str,
        form: &[(&str, &str)],
    ) -> Response {
        self.client
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

    /// Posts a form the way the hydrated page does: same-origin, expecting data back.
    pub async fn post_form_as_script(&self, path: &str, form: &[(&str, &str)]) -> Response {
        self.client
            .post(self.url(path))
            .header(header::ACCEPT, "application/json")
            .header(header::ORIGIN, format!("http://{}", self.addr))
            .header("sec-fetch-site", "same-origin")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    /// Opens an incident through the form endpoint and returns its key.
    pub async fn open_incident(&self, tenant: &str, title: &str) -> String {
        let response = self
            .post_form_as_browser(
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

    pub async fn count(&self, table: &str) -> i64 {
        let backend = self.db.conn().get_database_backend();
        let row = self
            .db
            .conn()
            .query_one(Statement::from_string(
                backend,
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        match &self.cleanup {
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
