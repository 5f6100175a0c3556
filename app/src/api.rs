//! Server functions: each is a public endpoint that authenticates, parses, calls one service
//! and returns a DTO. They stay thin; the work happens in the `backend` crate.

pub mod admin;
pub mod audit;
pub mod auth;
#[cfg(feature = "ssr")]
pub mod context;
pub mod grants;
pub mod incidents;
pub mod model;
pub mod ownership;
pub mod tokens;
pub mod workspace;

pub use admin::*;
pub use audit::*;
pub use auth::*;
pub use grants::*;
pub use incidents::*;
pub use model::*;
pub use ownership::*;
pub use tokens::*;
pub use workspace::*;
