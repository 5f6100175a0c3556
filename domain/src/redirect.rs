//! Where a sign-in may send its user next.

/// Where to go after signing in: a local path only, never another site (`//host`, `/\host`),
/// never a path with control characters or backslashes (header splitting), and never back to
/// the sign-in page; anything else goes to the incident list.
pub fn safe_next(next: &str) -> &str {
    let local = next.starts_with('/')
        && !next.starts_with("//")
        && !next.starts_with("/\\")
        && !next.chars().any(|c| c.is_control() || c == '\\');
    if local && !next.starts_with("/login") {
        next
    } else {
        "/incidents"
    }
}

#[cfg(test)]
mod tests {
    use super::safe_next;

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next("/incidents/ACME-3"), "/incidents/ACME-3");
        assert_eq!(
            safe_next("/admin/audit?action=grant."),
            "/admin/audit?action=grant."
        );
        for hostile in [
            "https://evil.example/",
            "//evil.example",
            "/\\evil.example",
            "",
            "incidents",
            "/login?next=/x",
            "/a\r\nSet-Cookie: x",
        ] {
            assert_eq!(safe_next(hostile), "/incidents", "{hostile:?}");
        }
    }
}
