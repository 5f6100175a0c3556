//! Tandem's server side, without Leptos: entities, identity, the access rules applied to the
//! principal, audit, live notices and the use cases. The pages reach it through server
//! functions; the command line, tests and other entry points call it directly.

pub mod access;
pub mod clock;
pub mod constraint;
pub mod db;
pub mod entities;
pub mod events;
pub mod identity;
pub mod markdown;
pub mod response;
pub mod services;
pub mod state;

pub use access::Principal;
pub use clock::{Clock, OffsetClock, SystemClock};
pub use db::Database;
pub use state::AppState;
