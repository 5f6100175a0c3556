//! `tandem token create|list|revoke`, the real binary on a test app's database: the secret alone
//! on the last line, a table without secrets, revoking at once, and bad input refused with exit
//! code 2 naming the field (1 for what does not exist), nothing written.

use crate::helpers::{PLATFORM_ADMIN, TestApp};
use crate::tokens::support::{audited, stored};
use chrono::TimeDelta;
use domain::access::Role;
use std::process::Command;

const CLI: &str = "tandem (command line)";

/// What a `tandem` command said: its exit code, stdout and stderr.
struct Said {
    code: Option<i32>,
    out: String,
    err: String,
}

/// `tandem WORDS` (split at spaces) on the app's database, logging as it would by default.
fn tandem(app: &TestApp, words: &str) -> Said {
    let output = Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(words.split_whitespace())
        .env("DATABASE_URL", &app.database_url)
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    Said {
        code: output.status.code(),
        out: String::from_utf8_lossy(&output.stdout).into_owned(),
        err: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

/// `tandem token create --name Alertmanager OPTIONS`; asserts success, returns the last line.
fn create(app: &TestApp, options: &str) -> String {
    let said = tandem(app, &format!("token create --name Alertmanager {options}"));
    assert_eq!(said.code, Some(0), "{}{}", said.out, said.err);
    said.out.lines().last().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn create_prints_the_secret_alone_on_its_last_line_and_the_token_works() {
    let app = TestApp::spawn().await;

    let said = tandem(
        &app,
        "token create --tenant ACME --name Alertmanager --role tenant_responder \
         --scopes incidents:read,incidents:write,alerts:write --expires 30d",
    );

    assert_eq!(said.code, Some(0), "{}{}", said.out, said.err);
    let secret = said.out.lines().last().unwrap();
    let alone = secret.starts_with("tdm_") && !secret.contains(' ');
    assert!(alone, "{}", said.out);
    assert!(said.out.contains("created token"), "{}", said.out);
    assert!(said.out.contains("tenant ACME"), "{}", said.out);
    let read = app.api_get("/api/v1/incidents", secret).await;
    assert_eq!(read.status().as_u16(), 200);
    let token = &stored(&app).await[0];
    let scopes = "incidents:read,incidents:write,alerts:write";
    assert_eq!(
        (token.name.as_str(), token.role, token.scopes.as_str()),
        ("Alertmanager", Role::TenantResponder, scopes)
    );
    assert_eq!(token.expires_at - token.created_at, TimeDelta::days(30));
    assert_eq!(token.created_by, CLI);
    let created = audited(&app, "token.created").await;
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].actor, CLI);
}

#[tokio::test]
async fn list_shows_a_table_of_the_tenants_tokens_without_secrets() {
    let app = TestApp::spawn().await;
    let role = "--role tenant_viewer --scopes incidents:read";
    let first = create(&app, &format!("--tenant ACME {role}"));
    let second = create(&app, &format!("--tenant ACME {role}"));
    create(&app, &format!("--tenant GLOBEX {role}"));
    let revoked = stored(&app).await[1].id.to_string();
    let said = tandem(&app, &format!("token revoke {revoked}"));
    assert_eq!(said.code, Some(0), "{}", said.err);
    app.api_get("/api/v1/incidents", &first).await;

    let said = tandem(&app, "token list --tenant acme");

    assert_eq!(said.code, Some(0), "{}", said.err);
    let lines: Vec<&str> = said.out.lines().collect();
    assert_eq!(
        lines.len(),
        3,
        "a header and Acme's two tokens: {}",
        said.out
    );
    let columns = [
        "id",
        "name",
        "role",
        "scopes",
        "created",
        "expires",
        "last used",
        "status",
    ];
    for column in columns {
        assert!(lines[0].contains(column), "{column}: {}", lines[0]);
    }
    let newest = lines[1];
    assert!(newest.starts_with(&revoked), "newest first: {newest}");
    assert!(
        newest.ends_with("revoked") && newest.contains("never"),
        "{newest}"
    );
    let oldest = lines[2];
    assert!(oldest.ends_with("active"), "{oldest}");
    assert!(oldest.contains("from 127.0.0.1"), "its last use: {oldest}");
    for secret in [&first, &second] {
        assert!(!said.out.contains(&secret[4..]));
    }
}

#[tokio::test]
async fn revoke_stops_the_token_at_once_and_an_unknown_one_exits_1() {
    let app = TestApp::spawn().await;
    let secret = create(
        &app,
        "--tenant ACME --role tenant_viewer --scopes incidents:read",
    );
    let id = stored(&app).await[0].id;

    let said = tandem(&app, &format!("token revoke {id}"));
    let unknown = tandem(&app, "token revoke 999999");
    let nowhere = tandem(&app, "token list --tenant NOPE");

    assert_eq!(said.code, Some(0), "{}", said.err);
    let read = app.api_get("/api/v1/incidents", &secret).await;
    assert_eq!(read.status().as_u16(), 401);
    let revoked = audited(&app, "token.revoked").await;
    assert_eq!(revoked.len(), 1);
    let entry = (revoked[0].actor.as_str(), revoked[0].object.clone());
    assert_eq!(entry, (CLI, format!("token:{id}")));
    assert_eq!(unknown.code, Some(1), "{}", unknown.err);
    assert!(
        unknown.err.contains("token 999999 does not exist"),
        "{}",
        unknown.err
    );
    assert_eq!(nowhere.code, Some(1), "{}", nowhere.err);
    assert!(
        nowhere.err.contains("tenant NOPE does not exist"),
        "{}",
        nowhere.err
    );
}

#[tokio::test]
async fn bad_input_exits_2_naming_the_field_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let before = app.snapshot().await;
    let (role, scopes) = ("--role tenant_viewer", "--scopes incidents:read");
    let long = "n".repeat(81);
    let cases = [
        (format!("--tenant ACME --name= {role} {scopes}"), "name:"),
        (
            format!("--tenant ACME --name {long} {role} {scopes}"),
            "name:",
        ),
        (
            format!("--tenant ACME --name x --role platform_admin {scopes}"),
            "role:",
        ),
        (
            format!("--tenant ACME --name x {role} --scopes admin:all"),
            "scopes:",
        ),
        (
            format!("--tenant ACME --name x {role} {scopes} --expires 400d"),
            "expires:",
        ),
        (format!("--tenant A1 --name x {role} {scopes}"), "tenant:"),
        (
            format!("--tenant ACME --platform --name x {role} {scopes}"),
            "--platform",
        ),
        (format!("--name x {role} {scopes}"), "--tenant"),
    ];

    for (options, named) in cases {
        let said = tandem(&app, &format!("token create {options}"));
        assert_eq!(said.code, Some(2), "{options}: {}{}", said.out, said.err);
        assert!(
            said.err.contains(named),
            "{options} names {named}: {}",
            said.err
        );
        assert!(!said.out.contains("tdm_"), "{options}");
    }

    assert_eq!(app.snapshot().await, before, "nothing written");
}

#[tokio::test]
async fn a_platform_token_from_the_command_line_is_the_platforms() {
    let app = TestApp::spawn().await;
    let platform = app.user(PLATFORM_ADMIN).await.tenant_id;

    create(
        &app,
        "--platform --role platform_responder --scopes incidents:read",
    );

    assert_eq!(stored(&app).await[0].tenant_id, platform);
    let ours = tandem(&app, "token list --platform");
    let acme = tandem(&app, "token list --tenant ACME");
    assert!(ours.out.contains("platform_responder"), "{}", ours.out);
    assert!(acme.out.contains("has no API tokens"), "{}", acme.out);
}
