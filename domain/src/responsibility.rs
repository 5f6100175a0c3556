//! The shared responsibility model as data, and triage: who owns an incident, and why.

pub mod facts;
pub mod model;
pub mod suggest;
pub mod triage;

pub use facts::{Facts, Layer, TenantsAffected};
pub use model::{Area, AreaOwner, Duty, Flag, ModelError, ResponsibilityModel, Side};
pub use suggest::{Suggestion, suggest};
pub use triage::{Decision, InitialTask, MissingFact, Owner, Reason, RowRef, triage};
