//! Credentials and sessions: password hashes, second factors, the session store.

pub mod passwords;
pub mod session_store;
pub mod totp;
