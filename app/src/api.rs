//! Server functions: each is a public endpoint that authenticates, parses, calls one service
//! and returns a DTO. They stay thin; the work happens in `backend::services`.

pub mod incidents;
pub mod model;
pub mod ownership;

pub use incidents::*;
pub use model::*;
pub use ownership::*;
