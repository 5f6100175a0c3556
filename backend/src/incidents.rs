//! Incidents: opening one (`open`), the unit of work every later change goes through
//! (`change`, with the row helpers in `workspace`), the changes themselves (`lifecycle`,
//! `ownership`, triage as stored in `triage`), the stored deadlines kept in step with the SLA
//! targets (`deadlines`), and the two read models (`list`, `page`).

pub mod change;
pub mod deadlines;
pub mod lifecycle;
pub mod list;
pub mod open;
pub mod ownership;
pub mod page;
pub mod triage;
pub mod workspace;
