//! The server side of the application: database access, services and the request context.
//! Compiled only with the `ssr` feature; pages reach it through server functions.

pub mod db;
pub mod entities;
pub mod markdown;
pub mod principal;
pub mod services;
pub mod state;

pub use db::Database;
pub use principal::Principal;
pub use state::AppState;
