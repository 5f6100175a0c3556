//! The server side of the application: database access, services and the request context.
//! Compiled only with the `ssr` feature; pages reach it through server functions.

pub mod clock;
pub mod db;
pub mod entities;
pub mod events;
pub mod identity;
pub mod markdown;
pub mod principal;
pub mod services;
pub mod state;

pub use clock::{Clock, OffsetClock, SystemClock};
pub use db::Database;
pub use principal::Principal;
pub use state::AppState;
