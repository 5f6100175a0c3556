//! Refuses state-changing requests sent by another site with the victim's cookies (CSRF).
//!
//! Browsers label every request with `Sec-Fetch-Site` and send `Origin` on every POST; a write
//! is accepted only when they say it comes from this site. Clients that send neither (curl,
//! integrations) carry no browser cookies, so they are let through to be authenticated later.

use axum::{
    extract::Request,
    http::{HeaderMap, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if safe || is_same_site(request.headers()) {
        next.run(request).await
    } else {
        tracing::warn!(method = %request.method(), path = %request.uri().path(), "cross-site write refused");
        (
            StatusCode::FORBIDDEN,
            "Cross-site requests are not accepted.",
        )
            .into_response()
    }
}

fn is_same_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    match headers.get(header::ORIGIN) {
        None => true,
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
            let origin_host = origin
                .to_str()
                .ok()
                .and_then(|o| o.split_once("://"))
                .map(|(_, authority)| authority);
            matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::is_same_site;
    use axum::http::HeaderMap;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, v.parse().unwrap());
        }
        map
    }

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(is_same_site(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!is_same_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!is_same_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!is_same_site(&headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ])));
    }

    #[test]
    fn otherwise_the_origin_must_match_the_host() {
        let same = [
            ("origin", "http://127.0.0.1:3000"),
            ("host", "127.0.0.1:3000"),
        ];
        assert!(is_same_site(&headers(&same)));
        let other = [
            ("origin", "https://evil.example"),
            ("host", "127.0.0.1:3000"),
        ];
        assert!(!is_same_site(&headers(&other)));
        assert!(!is_same_site(&headers(&[
            ("origin", "null"),
            ("host", "127.0.0.1:3000")
        ])));
        assert!(is_same_site(&headers(&[])));
    }
}
