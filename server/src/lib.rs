//! The `tandem` server: configuration, command line, HTTP router and start-up, as a library so
//! that integration tests drive the very router the binary serves.

pub mod access_table;
pub mod cli;
pub mod commands;
pub mod config;
pub mod handlers;
pub mod layers;
pub mod model_file;
pub mod rest;
pub mod router;
pub mod serve;
pub mod telemetry;

pub use config::Config;
pub use router::build_router;
