//! Pages, one module per route.

mod incident_detail;
mod incident_list;
mod incident_ownership;
mod model_page;
mod new_incident;
mod not_found;

pub use incident_detail::IncidentPage;
pub use incident_list::IncidentListPage;
pub use model_page::ModelPage;
pub use new_incident::NewIncidentPage;
pub use not_found::NotFoundPage;
