//! Tandem's Leptos application: the pages both sides use, their components and the server
//! functions they call; behind the `ssr` feature those functions reach the `backend` crate.

pub mod api;
pub mod components;
pub mod returned_error;
pub mod routes;
mod shell;

pub use shell::{App, shell};
