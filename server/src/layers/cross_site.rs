//! Refuses state-changing requests sent by another site with the victim's cookies (CSRF).
//!
//! Browsers label requests with `Sec-Fetch-Site`, send `Origin` on POSTs, and usually a
//! `Referer`; a write is accepted only when the first of these present says it comes from this
//! site. Clients that send none of them (curl, integrations) carry no browser cookies, so they are
//! let through to be authenticated later. A `text/plain` body is never a form this site posts, but
//! it is the one body a foreign page can send without asking, so it is refused whatever the
//! headers say.

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
    if safe {
        return next.run(request).await;
    }
    if !is_same_site(request.headers()) {
        tracing::warn!(method = %request.method(), path = %request.uri().path(), "cross-site write refused");
        return (
            StatusCode::FORBIDDEN,
            "Cross-site requests are not accepted.",
        )
            .into_response();
    }
    if is_plain_text(request.headers()) {
        tracing::warn!(method = %request.method(), path = %request.uri().path(), "text/plain write refused");
        return (
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send the form as application/x-www-form-urlencoded.",
        )
            .into_response();
    }
    next.run(request).await
}

fn is_plain_text(headers: &HeaderMap) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|mime| mime.trim().eq_ignore_ascii_case("text/plain"))
}

fn is_same_site(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        return matches!(site.to_str(), Ok("same-origin" | "none"));
    }
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let from = headers
        .get(header::ORIGIN)
        .or_else(|| headers.get(header::REFERER));
    match from {
        None => true,
        Some(from) => {
            let from_host = from
                .to_str()
                .ok()
                .and_then(|o| o.split_once("://"))
                .map(|(_, rest)| rest.split(['/', '?', '#']).next().unwrap_or(rest));
            matches!((from_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{is_plain_text, is_same_site};
    use axum::http::HeaderMap;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (k, v) in pairs {
            map.insert(*k, v.parse().unwrap());
        }
        map
    }

    const HOST: (&str, &str) = ("host", "127.0.0.1:3000");

    #[test]
    fn fetch_metadata_decides_when_present() {
        assert!(is_same_site(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!is_same_site(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(!is_same_site(&headers(&[("sec-fetch-site", "same-site")])));
        assert!(!is_same_site(&headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://127.0.0.1:3000"),
            HOST,
        ])));
    }

    #[test]
    fn otherwise_the_origin_must_match_the_host() {
        assert!(is_same_site(&headers(&[
            ("origin", "http://127.0.0.1:3000"),
            HOST
        ])));
        assert!(!is_same_site(&headers(&[
            ("origin", "https://evil.example"),
            HOST
        ])));
        assert!(!is_same_site(&headers(&[("origin", "null"), HOST])));
        assert!(!is_same_site(&headers(&[
            ("origin", "https://evil.example"),
            ("referer", "http://127.0.0.1:3000/incidents"),
            HOST,
        ])));
        assert!(is_same_site(&headers(&[])));
    }

    #[test]
    fn without_an_origin_the_referer_must_match_the_host() {
        assert!(is_same_site(&headers(&[
            ("referer", "http://127.0.0.1:3000/incidents/new?x=1"),
            HOST,
        ])));
        for foreign in [
            "https://evil.example/page",
            "https://127.0.0.1:3000.evil.example/",
            "https://evil.example/?next=http://127.0.0.1:3000",
            "not a url",
        ] {
            assert!(
                !is_same_site(&headers(&[("referer", foreign), HOST])),
                "{foreign}"
            );
        }
    }

    #[test]
    fn plain_text_bodies_are_recognised_with_or_without_parameters() {
        assert!(is_plain_text(&headers(&[("content-type", "text/plain")])));
        assert!(is_plain_text(&headers(&[(
            "content-type",
            "Text/Plain; charset=utf-8"
        )])));
        assert!(!is_plain_text(&headers(&[(
            "content-type",
            "application/x-www-form-urlencoded"
        )])));
        assert!(!is_plain_text(&headers(&[])));
    }
}
