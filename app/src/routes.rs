//! Pages, one module per route.

mod incident_detail;
mod incident_list;
mod new_incident;
mod not_found;

pub use incident_detail::IncidentPage;
pub use incident_list::IncidentListPage;
pub use new_incident::NewIncidentPage;
pub use not_found::NotFoundPage;
