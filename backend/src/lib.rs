//! Tandem's server side, without Leptos: entities, identity, the access rules applied to the
//! principal, audit, live notices and the use cases, arranged by resource. The pages reach it through server
//! functions; the command line, tests and other entry points call it directly.

pub mod access;
pub mod alerts;
pub mod audit;
pub mod clock;
pub mod constraint;
pub mod db;
pub mod entities;
pub mod events;
pub mod fixtures;
pub mod grants;
pub mod identity;
pub mod incidents;
pub mod markdown;
pub mod people;
pub mod response;
pub mod state;
pub mod submission;
pub mod tasks;
pub mod timeline;
pub mod tokens;

pub use access::Principal;
pub use clock::{Clock, OffsetClock, SystemClock};
pub use db::Database;
pub use state::AppState;
