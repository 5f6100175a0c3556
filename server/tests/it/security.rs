use crate::helpers::{SEEDED, TestApp, incident_form};

#[tokio::test]
async fn cross_site_form_posts_are_refused_and_write_nothing() {
    let app = TestApp::spawn().await;
    let form = incident_form("Forged incident", "SEV1", "ACME", "");
    let attempts = [
        (
            "sec-fetch-site",
            "cross-site",
            "application/x-www-form-urlencoded",
        ),
        (
            "origin",
            "https://evil.example",
            "application/x-www-form-urlencoded",
        ),
        ("origin", "https://evil.example", "text/plain"),
        (
            "origin",
            "https://evil.example",
            "multipart/form-data; boundary=x",
        ),
        ("origin", "null", "application/x-www-form-urlencoded"),
    ];
    for (header, value, content_type) in attempts {
        let response = app
            .client
            .post(app.url("/api/incidents/create"))
            .header(header, value)
            .header("content-type", content_type)
            .body(serde_urlencoded_body(&form))
            .send()
            .await
            .unwrap();
        assert_eq!(
            response.status().as_u16(),
            403,
            "{header}: {value} ({content_type})"
        );
    }
    assert_eq!(app.count("incidents").await, SEEDED);
}

#[tokio::test]
async fn the_create_endpoint_does_not_answer_get() {
    let app = TestApp::spawn().await;
    let response = app
        .get(
            "/api/incidents/create?title=x&description=&severity=SEV1&tenant=ACME&idempotency_key=",
        )
        .await;
    assert!(response.status().is_client_error(), "{}", response.status());
    assert_eq!(app.count("incidents").await, SEEDED);
}

#[tokio::test]
async fn markup_in_titles_and_descriptions_is_never_rendered_as_html() {
    let app = TestApp::spawn().await;
    let title = r#"<img src=x onerror=alert(1)></textarea></title><script>alert(2)</script>"#;
    let mut form = incident_form(title, "SEV2", "ACME", "");
    form[1].1 = "<script>alert(3)</script>\n\n[x](javascript:alert(4))\n\n<svg onload=alert(5)>";
    let response = app
        .post_form_as_browser("/api/incidents/create", "/incidents/new", &form)
        .await;
    assert_eq!(response.status().as_u16(), 302);

    for path in ["/incidents/ACME-3", "/incidents"] {
        let (_, html) = app.get_html(path).await;
        for payload in [
            "<img src=x",
            "<script>alert",
            "href=\"javascript:",
            "<svg onload",
        ] {
            assert!(!html.contains(payload), "{payload} rendered on {path}");
        }
        assert!(
            html.contains("&lt;img src=x onerror=alert(1)&gt;"),
            "title shown as text on {path}"
        );
    }
}

fn serde_urlencoded_body(form: &[(&str, &str)]) -> String {
    form.iter()
        .map(|(k, v)| format!("{k}={}", v.replace(' ', "+")))
        .collect::<Vec<_>>()
        .join("&")
}
