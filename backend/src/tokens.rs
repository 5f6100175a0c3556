//! API tokens: created, listed and revoked by their tenant's admin or from the command line
//! (`manage`, with `shown_once` carrying a new secret to the page), and turned back into the
//! principal a request acts as (`authenticate`).

pub mod authenticate;
pub mod manage;
pub mod shown_once;

use sha2::{Digest, Sha256};

/// The stored form of a secret: its SHA-256, in hex.
pub fn secret_hash(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
