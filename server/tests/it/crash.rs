//! `kill -9` while incidents are being opened (QUALITY-BAR 32): after a restart the database
//! passes its integrity check, every opening a client saw succeed is there with its audit
//! entries, nothing is half-written, and the audit chain verifies.

use crate::helpers::binary::Binary;
use crate::helpers::{ACME_ANALYST, browser, incident_form, location};
use backend::fixtures::demo::DEMO_PASSWORD;
use reqwest::header;
use sea_orm::{ConnectionTrait, Database as Orm, Statement};
use std::collections::BTreeSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_during_writes_loses_nothing_that_was_acknowledged_and_the_chain_verifies() {
    let binary = Binary::new("crash");
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
                        // Only the process dying may stop a writer: a refusal is a failure.
                        Ok(r) => return Err(format!("writer {w} was answered {}", r.status())),
                        Err(_) => break,
                    }
                }
                Ok(acknowledged)
            })
        })
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(1_500)).await;
    server.kill_9();
    let mut acknowledged = BTreeSet::new();
    for writer in writers {
        acknowledged.extend(writer.await.unwrap().unwrap());
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
