//! The shared responsibility model as data, and triage: who owns an incident, and why.

pub mod facts;
pub mod layer_words;
pub mod model;
pub mod opening;
pub mod suggest;
pub mod triage;

pub use facts::{Facts, Layer, TenantsAffected};
pub use layer_words::LayerWords;
pub use model::{Area, AreaOwner, Duty, Flag, ModelError, ResponsibilityModel, Side};
pub use opening::{Opening, handover_question, leaves_reporter, triage_opening};
pub use suggest::{Suggestion, suggest};
pub use triage::{Decision, InitialTask, MissingFact, Owner, Reason, RowRef, triage};
