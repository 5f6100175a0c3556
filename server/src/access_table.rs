//! Who may reach each route and server function. A test compares this table with what the
//! router really registers, so a new endpoint cannot ship without a line here, and checks that
//! every endpoint that is not public refuses an anonymous caller.
//!
//! - `Public`: anyone (sign-in steps, health checks).
//! - `SignedIn`: any signed-in user; what they read is scoped to what their side and tenant
//!   may see, and changes are checked against their role.
//! - `Tenant`: a tenant's admins, for their own tenant only.
//! - `Platform`: platform staff only.
//! - `PlatformWithGrant`: platform staff reading tenant-owned data under an active grant.
//! - `Token`: an API token, within its scopes, acting with its role and tenant.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Public,
    SignedIn,
    Tenant,
    Platform,
    PlatformWithGrant,
    /// An API token (`Authorization: Bearer`), within its scopes, acting with its role in its
    /// tenant; never the session cookie.
    Token,
}

/// Server functions by path.
pub const SERVER_FUNCTIONS: &[(&str, Access)] = &[
    ("/api/auth/sign-in", Access::Public),
    ("/api/auth/second-factor", Access::Public),
    ("/api/auth/enrolment", Access::Public),
    ("/api/auth/enrol", Access::Public),
    ("/api/auth/sign-out", Access::Public),
    ("/api/auth/me", Access::Public),
    ("/api/account/password", Access::SignedIn),
    ("/api/incidents/list", Access::SignedIn),
    ("/api/incidents/get", Access::PlatformWithGrant),
    ("/api/incidents/timeline", Access::PlatformWithGrant),
    ("/api/incidents/form", Access::SignedIn),
    ("/api/incidents/create", Access::SignedIn),
    ("/api/incidents/facts", Access::PlatformWithGrant),
    ("/api/incidents/override", Access::Platform),
    ("/api/incidents/move", Access::PlatformWithGrant),
    ("/api/incidents/severity", Access::PlatformWithGrant),
    ("/api/tasks/add", Access::PlatformWithGrant),
    ("/api/tasks/update", Access::PlatformWithGrant),
    ("/api/timeline/note", Access::PlatformWithGrant),
    ("/api/model", Access::SignedIn),
    ("/api/admin/users", Access::SignedIn),
    ("/api/admin/users/create", Access::SignedIn),
    ("/api/admin/users/update", Access::SignedIn),
    ("/api/admin/mfa-policy", Access::Tenant),
    ("/api/admin/tokens", Access::SignedIn),
    ("/api/admin/tokens/create", Access::SignedIn),
    ("/api/admin/tokens/revoke", Access::SignedIn),
    ("/api/admin/tenants", Access::Platform),
    ("/api/admin/tenants/create", Access::Platform),
    ("/api/grants/list", Access::SignedIn),
    ("/api/grants/request", Access::Platform),
    ("/api/grants/decide", Access::SignedIn),
    ("/api/audit/list", Access::SignedIn),
];

/// Pages and other routes by path pattern, as the router registers them.
pub const ROUTES: &[(&str, Access)] = &[
    ("/", Access::SignedIn),
    ("/login", Access::Public),
    ("/login/second-factor", Access::Public),
    ("/login/enrol", Access::Public),
    ("/incidents", Access::SignedIn),
    ("/incidents/new", Access::SignedIn),
    ("/incidents/{key}", Access::PlatformWithGrant),
    ("/model", Access::SignedIn),
    ("/account", Access::SignedIn),
    ("/access", Access::SignedIn),
    ("/admin/users", Access::SignedIn),
    ("/admin/tenants", Access::Platform),
    ("/admin/audit", Access::SignedIn),
    ("/admin/tokens", Access::SignedIn),
    ("/admin/audit.csv", Access::SignedIn),
    ("/admin/audit/checkpoint.json", Access::SignedIn),
    ("/api/live/incidents", Access::SignedIn),
    ("/api/live/incidents/{key}", Access::PlatformWithGrant),
    ("/api/v1/incidents", Access::Token),
    ("/api/v1/incidents/{key}", Access::Token),
    ("/api/v1/incidents/{key}/facts", Access::Token),
    ("/api/v1/incidents/{key}/severity", Access::Token),
    ("/api/v1/incidents/{key}/status", Access::Token),
    ("/api/v1/incidents/{key}/tasks", Access::Token),
    ("/api/v1/incidents/{key}/tasks/{id}", Access::Token),
    ("/api/v1/incidents/{key}/timeline", Access::Token),
    ("/api/v1/incidents/{key}/timeline/{id}", Access::Token),
    ("/api/v1/alerts", Access::Token),
    ("/api/v1/alerts/alertmanager", Access::Token),
    ("/api/v1/{*rest}", Access::Public),
    ("/api/v1/openapi.json", Access::Public),
    ("/api/docs", Access::Public),
    ("/healthz", Access::Public),
    ("/readyz", Access::Public),
];

pub fn server_function(path: &str) -> Option<Access> {
    SERVER_FUNCTIONS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, a)| *a)
}

pub fn route(path: &str) -> Option<Access> {
    ROUTES.iter().find(|(p, _)| *p == path).map(|(_, a)| *a)
}
