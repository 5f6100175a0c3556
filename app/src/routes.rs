//! Pages, one module per route.

mod access_grants;
mod account;
mod admin_audit;
mod admin_tenants;
mod admin_tokens;
mod admin_users;
mod incident;
mod incident_list;
mod model_page;
mod new_incident;
mod not_found;
mod sign_in;

pub use access_grants::AccessGrantsPage;
pub use account::AccountPage;
pub use admin_audit::AdminAuditPage;
pub use admin_tenants::AdminTenantsPage;
pub use admin_tokens::AdminTokensPage;
pub use admin_users::AdminUsersPage;
pub use incident::IncidentPage;
pub use incident_list::IncidentListPage;
pub use model_page::ModelPage;
pub use new_incident::NewIncidentPage;
pub use not_found::NotFoundPage;
pub use sign_in::{EnrolPage, SecondFactorPage, SignInPage};
