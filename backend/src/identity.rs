//! Credentials and sessions: password hashes, second factors, the session store.

mod hash_memory;
pub mod passwords;
pub mod session_store;
pub mod totp;
