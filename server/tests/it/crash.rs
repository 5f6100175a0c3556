//! `kill -9` while incidents are being opened (QUALITY-BAR 32): after a restart the database
//! passes its integrity check, every opening a client saw succeed is there with its audit
//! entries, nothing is half-written, and the audit chain verifies.

use crate::helpers::{ACME_ANALYST, browser, incident_form, location};
use app::backend::services::demo::DEMO_PASSWORD;
use reqwest::header;
use sea_orm::{ConnectionTrait, Database as Orm, Statement};
use std::collections::BTreeSet;
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Binary {
    database_url: String,
    addr: String,
    dir: std::path::PathBuf,
}

impl Binary {
    fn new() -> Self {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = std::env::temp_dir().join(format!("tandem-crash-{}", uuid::Uuid::new_v4()));
        Self {
            database_url: format!("sqlite://{}/t.db?mode=rwc", dir.display()),
            addr: format!("127.0.0.1:{port}"),
            dir,
        }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tandem"));
        command
            .args(args)
            .env("DATABASE_URL", &self.database_url)
            .env("LEPTOS_SITE_ADDR", &self.addr)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        command
    }

    async fn serve(&self) -> Running {
        let running = Running(self.command(&["serve"]).spawn().unwrap());
        let started = Instant::now();
        let url = format!("http://{}/readyz", self.addr);
        loop {
            if reqwest::get(&url)
                .await
                .is_ok_and(|r| r.status().is_success())
            {
                return running;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "server did not start"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

/// A running server, killed (SIGKILL) and reaped when dropped.
struct Running(Child);

impl Running {
    fn kill_9(mut self) {
        self.0.kill().unwrap();
        self.0.wait().unwrap();
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Drop for Binary {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_during_writes_loses_nothing_that_was_acknowledged_and_the_chain_verifies() {
    let binary = Binary::new();
    assert!(binary.command(&["seed-demo"]).status().unwrap().success());
    let server = binary.serve().await;

    let client = browser();
    let base = format!("http://{}", binary.addr);
    let signed_in = client
        .post(format!("{base}/api/auth/sign-in"))
        .header(header::ACCEPT, "application/json")
        .header(header::ORIGIN, &base)
        .form(&[
            ("email", ACME_ANALYST),
            ("password", DEMO_PASSWORD),
            ("next", "/incidents"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(location(&signed_in), "/incidents");

    // Sixteen writers open incidents until the process dies under them.
    let writers: Vec<_> = (0..16)
        .map(|w| {
            let client = client.clone();
            let base = base.clone();
            tokio::spawn(async move {
                let mut acknowledged = Vec::new();
                for n in 0.. {
                    let title = format!("Crash test {w}-{n}");
                    let form = incident_form(&title, "SEV3", "ACME", "");
                    let sent = client
                        .post(format!("{base}/api/incidents/create"))
                        .header(header::ACCEPT, "application/json")
                        .header(header::ORIGIN, &base)
                        .form(&form)
                        .send()
                        .await;
                    match sent {
                        Ok(r) if r.status().is_success() => {
                            acknowledged
                                .push(location(&r).trim_start_matches("/incidents/").to_owned());
                        }
                        _ => break,
                    }
                }
                acknowledged
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    server.kill_9();
    let mut acknowledged = BTreeSet::new();
    for writer in writers {
        acknowledged.extend(writer.await.unwrap());
    }
    assert!(
        acknowledged.len() > 10,
        "the writers got going before the kill: {}",
        acknowledged.len()
    );

    let db = Orm::connect(&binary.database_url).await.unwrap();
    let one = |sql: &str| Statement::from_string(db.get_database_backend(), sql.to_owned());
    let integrity = db
        .query_one(one("PRAGMA integrity_check"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(integrity.try_get_by_index::<String>(0).unwrap(), "ok");

    let keys: BTreeSet<String> = db
        .query_all(one(
            "SELECT t.key || '-' || i.number AS k FROM incidents i JOIN tenants t ON t.id = i.tenant_id \
             WHERE i.title LIKE 'Crash test %'",
        ))
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.try_get::<String>("", "k").unwrap())
        .collect();
    assert!(
        acknowledged.is_subset(&keys),
        "an acknowledged incident is missing"
    );
    // Every incident that exists was written whole: its timeline entries and audit entries too.
    for key in &keys {
        let audits = db
            .query_one(one(&format!(
                "SELECT COUNT(*) AS n FROM audit_entries WHERE object = '{key}' \
                 AND action IN ('incident.opened', 'incident.triaged')"
            )))
            .await
            .unwrap()
            .unwrap()
            .try_get::<i64>("", "n")
            .unwrap();
        assert_eq!(audits, 2, "{key} lacks its audit entries");
    }
    let orphans = db
        .query_one(one(
            "SELECT COUNT(*) AS n FROM incidents i WHERE NOT EXISTS \
             (SELECT 1 FROM timeline_entries e WHERE e.incident_id = i.id)",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get::<i64>("", "n")
        .unwrap();
    assert_eq!(orphans, 0, "an incident without its timeline");
    drop(db);

    assert!(
        binary
            .command(&["audit", "verify"])
            .status()
            .unwrap()
            .success()
    );
    let restarted = binary.serve().await;
    let ready = reqwest::get(format!("{base}/readyz")).await.unwrap();
    assert_eq!(ready.status().as_u16(), 200);
    drop(restarted);
}
