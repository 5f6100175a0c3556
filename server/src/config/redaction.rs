//! Database URLs as they may be shown in logs and error messages: without their passwords,
//! whether written as the URL's userinfo or as a `password` query parameter (which sqlx and
//! libpq accept too).

/// Shown in place of a password.
const HIDDEN: &str = "***";

/// `postgres://user:secret@host/db?password=other` → `postgres://user:***@host/db?password=***`.
pub fn redact_url(url: &str) -> String {
    let without_userinfo = redact_userinfo(url);
    match without_userinfo.split_once('?') {
        Some((base, query)) => format!("{base}?{}", redact_query(query)),
        None => without_userinfo,
    }
}

/// The userinfo ends at the last `@` before the query, and the query starts at the first `?`
/// after an `@`: an unescaped `@`, `?` or `/` in a password is hidden with the rest of it.
fn redact_userinfo(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_owned();
    };
    let Some(first_at) = rest.find('@') else {
        return url.to_owned();
    };
    let query_start = rest[first_at..]
        .find('?')
        .map_or(rest.len(), |i| first_at + i);
    let (before_query, query) = rest.split_at(query_start);
    let Some((credentials, host)) = before_query.rsplit_once('@') else {
        return url.to_owned();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:{HIDDEN}@{host}{query}"),
        None => url.to_owned(),
    }
}

/// Hides the value of every parameter named `password`, in any case; keeps the others.
fn redact_query(query: &str) -> String {
    query
        .split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, _)) if name.eq_ignore_ascii_case("password") => {
                format!("{name}={HIDDEN}")
            }
            _ => pair.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::redact_url;

    #[test]
    fn a_password_in_the_userinfo_is_hidden() {
        assert_eq!(
            redact_url("postgres://tandem:s3cr3t@db:5432/tandem"),
            "postgres://tandem:***@db:5432/tandem"
        );
        for unescaped in ["p@ss", "pa?ss", "pa/ss"] {
            assert_eq!(
                redact_url(&format!(
                    "postgres://tandem:{unescaped}@db/tandem?sslmode=require"
                )),
                "postgres://tandem:***@db/tandem?sslmode=require"
            );
        }
    }

    #[test]
    fn a_password_query_parameter_is_hidden_whatever_its_case() {
        assert_eq!(
            redact_url("postgres://tandem@db/tandem?sslmode=require&password=s3cr3t"),
            "postgres://tandem@db/tandem?sslmode=require&password=***"
        );
        assert_eq!(
            redact_url("postgres://db/tandem?PassWord=s3cr3t&application_name=tandem"),
            "postgres://db/tandem?PassWord=***&application_name=tandem"
        );
        assert_eq!(
            redact_url("postgres://tandem:one@db/tandem?password=two@three"),
            "postgres://tandem:***@db/tandem?password=***"
        );
    }

    #[test]
    fn urls_without_a_password_are_shown_as_they_are() {
        for url in [
            "sqlite://data/tandem.db?mode=rwc",
            "postgres://tandem@db/tandem?sslmode=require",
            "postgres://db/tandem?passwords_are_elsewhere=1",
        ] {
            assert_eq!(redact_url(url), url);
        }
    }
}
