//! Tandem's Leptos application: the pages both sides use, their components, the server
//! functions they call and, behind the `ssr` feature, the backend those functions reach.

pub mod api;
pub mod components;
pub mod error;
pub mod model;
pub mod returned_error;
pub mod routes;
mod shell;

#[cfg(feature = "ssr")]
pub mod backend;

pub use shell::{App, shell};
