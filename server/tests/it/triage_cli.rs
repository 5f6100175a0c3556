//! `tandem triage --facts` and the incident page reach, and show, the same decision.

use crate::helpers::incidents::{stored, with_facts};
use crate::helpers::{ACME_ANALYST, PLATFORM_RESPONDER, TestApp, location};
use domain::responsibility::{Decision, Owner, Side};

/// What `tandem triage --facts` prints for `facts` (JSON).
fn cli_decision(facts: &str) -> Decision {
    let file = std::env::temp_dir().join(format!("tandem-facts-{}.json", uuid::Uuid::new_v4()));
    std::fs::write(&file, facts).unwrap();
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tandem"))
        .args(["triage", "--facts"])
        .arg(&file)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&file);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// The text of a page as a reader sees it: the entities the renderer writes, decoded.
fn as_text(html: &str) -> String {
    html.replace("&#x27;", "'")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Facts as the CLI reads them and as the form sends them, who opens the incident, and the
/// owner and lead both must reach.
struct SameFacts<'a> {
    json: &'a str,
    form: &'a [(&'a str, &'a str)],
    tenant: &'a str,
    opener: &'a reqwest::Client,
    expected: (Owner, Side),
}

#[tokio::test]
async fn the_cli_and_the_page_reach_the_same_decision() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    let responder = app.sign_in(PLATFORM_RESPONDER).await;
    let cases = [
        SameFacts {
            json: r#"{"area": "privileged-access", "layer": "tenant", "tenants_affected": "several", "flags": ["tenant-mfa"]}"#,
            form: &[
                ("area", "privileged-access"),
                ("layer", "tenant"),
                ("tenants_affected", "several"),
                ("flags[tenant-mfa]", "on"),
            ],
            tenant: "ACME",
            opener: &analyst,
            expected: (Owner::Shared, Side::Tenant),
        },
        SameFacts {
            json: r#"{"area": "infrastructure", "layer": "platform", "tenants_affected": "all", "flags": ["platform-availability", "platform-patching"]}"#,
            form: &[
                ("area", "infrastructure"),
                ("layer", "platform"),
                ("tenants_affected", "all"),
                ("flags[platform-availability]", "on"),
                ("flags[platform-patching]", "on"),
            ],
            tenant: "PLT",
            opener: &responder,
            expected: (Owner::Platform, Side::Platform),
        },
        // Facts still missing: the CLI and the page both ask for them. Platform-wide, since one
        // customer chosen in "Who is affected" would answer how many tenants are.
        SameFacts {
            json: r#"{"area": "compliance"}"#,
            form: &[("area", "compliance")],
            tenant: "PLT",
            opener: &responder,
            expected: (Owner::Shared, Side::Platform),
        },
    ];
    for SameFacts {
        json: facts,
        form: fields,
        tenant,
        opener: client,
        expected,
    } in cases
    {
        let from_cli = cli_decision(facts);
        assert_eq!((from_cli.owner, from_cli.lead), expected, "{facts}");
        let form = with_facts("Decided twice", tenant, fields);
        let opened = app
            .browser_post_as(client, "/api/incidents/create", "/incidents/new", &form)
            .await;
        let key = location(&opened)
            .trim_start_matches("/incidents/")
            .to_owned();
        let (prefix, number) = key.split_once('-').unwrap();
        let stored = stored(&app, number.parse().unwrap(), prefix).await;
        let from_app: Decision = serde_json::from_str(&stored.decision).unwrap();
        assert_eq!(from_cli, from_app, "{facts}");

        // The page shows that decision: owner, lead, every reason with its row, every question.
        let (status, html) = app.get_html_as(client, &format!("/incidents/{key}")).await;
        assert_eq!(status, 200, "{key}");
        let page = as_text(&html);
        let summary = &page[page.find(r#"class="ownership-summary""#).unwrap()..];
        let owner = format!(r#"owner-{0}">{0}<"#, from_cli.owner.code());
        let lead = format!(
            r#"Lead: <span class="badge owner owner-{0}">{0}<"#,
            from_cli.lead.code()
        );
        assert!(summary.contains(&owner), "{facts}: owner not shown");
        assert!(summary.contains(&lead), "{facts}: lead not shown");
        assert!(page.contains(&from_cli.lead_reason), "{facts}: lead reason");
        for reason in &from_cli.reasons {
            assert!(
                page.contains(&reason.sentence),
                "{facts}: {}",
                reason.sentence
            );
            let anchor = match &reason.row {
                domain::responsibility::RowRef::Area(id) => format!("/model#area-{id}"),
                domain::responsibility::RowRef::Duty(id) => format!("/model#duty-{id}"),
            };
            assert!(
                page.contains(&format!(r#"href="{anchor}""#)),
                "{facts}: {anchor}"
            );
        }
        for missing in &from_cli.missing {
            assert!(page.contains(missing.question()), "{facts}: {missing:?}");
        }
        assert!(page.contains(&format!("model {}", from_cli.model_version)));
    }
}
