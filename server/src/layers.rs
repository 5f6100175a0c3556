//! What every request passes through: the cross-site refusal, the request log, the sign-in
//! gate that resolves the principal, the status mapping of server function errors, and the
//! caching headers.

pub mod caching;
pub mod cross_site;
pub mod request_log;
pub mod server_fn_status;
pub mod sign_in_gate;
