//! What browsers and shared caches may keep: nothing that depends on the session, the site's
//! own files with revalidation, and HTTPS pinned when cookies are secure.

use crate::helpers::{ACME_ANALYST, TestApp, browser};
use reqwest::Response;

fn header(response: &Response, name: &str) -> Vec<String> {
    response
        .headers()
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

fn assert_not_stored(response: &Response, what: &str) {
    assert_eq!(header(response, "cache-control"), ["no-store"], "{what}");
    assert!(
        header(response, "vary").iter().any(|v| v
            .split(',')
            .any(|p| p.trim().eq_ignore_ascii_case("cookie"))),
        "{what}: {:?}",
        header(response, "vary")
    );
}

#[tokio::test]
async fn nothing_that_depends_on_the_session_may_be_stored() {
    let app = TestApp::spawn().await;
    let analyst = app.sign_in(ACME_ANALYST).await;
    for path in [
        "/incidents",
        "/incidents/ACME-1",
        "/api/incidents/list",
        "/api/auth/me",
        "/admin/audit.csv",
        "/incidents/NOPE-404",
    ] {
        let response = app.get_as(&analyst, path).await;
        assert_not_stored(&response, path);
    }
    // Streams too: the headers arrive before the first event.
    let stream = app.get_as(&analyst, "/api/live/incidents").await;
    assert_not_stored(&stream, "/api/live/incidents");
    drop(stream);
    // Pages for nobody in particular still set a session cookie; refusals are per request.
    let anonymous = browser();
    assert_not_stored(&app.get_as(&anonymous, "/login").await, "/login");
    let refused = analyst
        .post(app.url("/api/incidents/create"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 403);
    assert_not_stored(&refused, "a refused post");
}

#[tokio::test]
async fn the_sites_own_files_are_kept_but_revalidated_and_https_is_pinned_only_when_cookies_are_secure()
 {
    let site = std::env::temp_dir().join(format!("tandem-site-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(site.join("pkg")).unwrap();
    std::fs::write(site.join("pkg/tandem.css"), "body{}").unwrap();
    let plain = {
        let site = site.clone();
        TestApp::spawn_configured(move |config| config.site_root = site).await
    };
    let client = browser();
    let css = plain.get_as(&client, "/pkg/tandem.css").await;
    assert_eq!(css.status().as_u16(), 200);
    assert_eq!(header(&css, "cache-control"), ["public, no-cache"]);
    assert!(header(&css, "vary").iter().all(|v| !v.contains("Cookie")));
    assert!(header(&css, "strict-transport-security").is_empty());
    assert!(
        header(
            &plain.get_as(&client, "/login").await,
            "strict-transport-security"
        )
        .is_empty()
    );

    let secure = {
        let site = site.clone();
        TestApp::spawn_configured(move |config| {
            config.site_root = site;
            config.secure_cookies = true;
        })
        .await
    };
    for path in ["/login", "/pkg/tandem.css", "/healthz"] {
        let response = secure.get_as(&client, path).await;
        assert_eq!(
            header(&response, "strict-transport-security"),
            ["max-age=31536000; includeSubDomains"],
            "{path}"
        );
    }
    std::fs::remove_dir_all(&site).unwrap();
}
