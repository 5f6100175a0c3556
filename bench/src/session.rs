//! Signing in as a generated tenant's analyst, the way a browser's hydrated form does, to get a
//! session cookie the load driver can send.

use anyhow::{Context, bail};
use reqwest::header::SET_COOKIE;

pub const SESSION_COOKIE: &str = "tandem_session";
/// The password `tandem generate` gives every account.
pub const PASSWORD: &str = "tandem-demo-password";
/// An analyst of the first generated tenant, GENAA.
pub const ANALYST: &str = "analyst@genaa.example";

/// The headers a same-origin form post from Tandem's own pages carries.
pub fn same_origin(base: &str) -> Vec<(String, String)> {
    vec![
        ("Origin".into(), base.into()),
        ("Sec-Fetch-Site".into(), "same-origin".into()),
        ("Accept".into(), "application/json".into()),
    ]
}

/// The form body of a sign-in.
pub fn sign_in_form(email: &str) -> String {
    format!("email={}&password={PASSWORD}", email.replace('@', "%40"))
}

/// Signs `email` in and returns the `Cookie` header value of its new session.
pub async fn sign_in(client: &reqwest::Client, base: &str, email: &str) -> anyhow::Result<String> {
    let mut request = client
        .post(format!("{base}/api/auth/sign-in"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .body(sign_in_form(email));
    for (name, value) in same_origin(base) {
        request = request.header(name, value);
    }
    let response = request.send().await.context("cannot reach the sign-in")?;
    let status = response.status();
    let cookie = response
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| session_cookie(v).map(str::to_owned));
    match cookie {
        Some(cookie) if status.is_success() => Ok(cookie),
        _ => bail!("signing in {email} answered {status} without a session"),
    }
}

/// `tandem_session=VALUE` from a `Set-Cookie` header, without its attributes.
fn session_cookie(set_cookie: &str) -> Option<&str> {
    let pair = set_cookie.split(';').next()?.trim();
    pair.strip_prefix(SESSION_COOKIE)?
        .strip_prefix('=')
        .filter(|value| !value.is_empty())
        .map(|_| pair)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_session_pair_from_a_set_cookie_header() {
        assert_eq!(
            session_cookie("tandem_session=abc123; HttpOnly; SameSite=Lax; Path=/"),
            Some("tandem_session=abc123")
        );
        assert_eq!(session_cookie("tandem_session=; Max-Age=0"), None);
        assert_eq!(session_cookie("other=abc"), None);
    }

    #[test]
    fn encodes_the_address_in_the_sign_in_form() {
        assert_eq!(
            sign_in_form("analyst@genaa.example"),
            "email=analyst%40genaa.example&password=tandem-demo-password"
        );
    }
}
