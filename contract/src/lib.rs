//! What Tandem's server and its pages exchange: the one error type a client may see, and the
//! shapes of the data each page shows. No I/O here; with `ssr`, the mappings from the server's
//! own errors (database, sessions) into the client-facing ones.

#[cfg(feature = "server-fn")]
pub mod codec;
pub mod dto;
pub mod error;

pub use error::AppError;
