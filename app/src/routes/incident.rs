//! `/incidents/{key}`: one incident, as a page of sections — progress (status, severity, SLA
//! clocks), ownership, both workstreams' tasks and the timeline — that share its forms.

mod forms;
mod ownership;
mod page;
mod progress;
mod tasks;
mod timeline;

pub use page::IncidentPage;
