//! The `tandem` server: configuration, command line, HTTP router and start-up, as a library so
//! that integration tests drive the very router the binary serves.

pub mod access_table;
pub mod audit_export;
pub mod cli;
pub mod commands;
pub mod config;
pub mod cross_site;
pub mod health;
pub mod live;
pub mod model_file;
pub mod request_log;
pub mod router;
pub mod serve;
pub mod server_fn_status;
pub mod sign_in_gate;
pub mod telemetry;

pub use config::Config;
pub use router::build_router;
