//! Signing checkpoints: an HMAC-SHA256 under the operator's audit key over every field of a
//! checkpoint, so that one kept outside the database cannot be edited, and one handed to a
//! tenant's admin cannot be forged, by anyone without the key.

use super::checkpoint::{Checkpoint, CheckpointMismatch, FORMAT};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::fmt;

/// The shortest audit key accepted: 32 bytes, as many as the HMAC's output.
pub const MIN_KEY_BYTES: usize = 32;

/// The secret a checkpoint is signed with. Never shown: `Debug` hides it.
#[derive(Clone)]
pub struct AuditKey(String);

impl AuditKey {
    /// A key of at least [`MIN_KEY_BYTES`] bytes; `None` when shorter.
    pub fn parse(secret: &str) -> Option<Self> {
        (secret.len() >= MIN_KEY_BYTES).then(|| Self(secret.to_owned()))
    }

    fn mac(&self, text: &str) -> Option<Hmac<Sha256>> {
        // HMAC takes keys of any length, so this never fails.
        let mut mac = Hmac::<Sha256>::new_from_slice(self.0.as_bytes()).ok()?;
        mac.update(text.as_bytes());
        Some(mac)
    }
}

impl fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuditKey(***)")
    }
}

/// Whether a checkpoint that matched was signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signature {
    Valid,
    /// Unsigned, and no key is set to demand a signature.
    Absent,
}

impl Checkpoint {
    /// Signed with `key` when there is one; left unsigned otherwise.
    pub fn signed(mut self, key: Option<&AuditKey>) -> Self {
        self.hmac = key
            .and_then(|k| k.mac(&self.canonical()))
            .map(|mac| super::hex(&mac.finalize().into_bytes()));
        self
    }

    /// Checks the format and the signature: a signed checkpoint needs the key to check it, and
    /// once a key is set an unsigned one is refused (stripping the HMAC would pass otherwise).
    pub fn check_signature(&self, key: Option<&AuditKey>) -> Result<Signature, CheckpointMismatch> {
        if self.format != FORMAT {
            return Err(CheckpointMismatch::Format(self.format.clone()));
        }
        match (&self.hmac, key) {
            (None, None) => Ok(Signature::Absent),
            (None, Some(_)) => Err(CheckpointMismatch::Unsigned),
            (Some(_), None) => Err(CheckpointMismatch::KeyMissing),
            (Some(hmac), Some(key)) => {
                let genuine = unhex(hmac).is_some_and(|tag| {
                    key.mac(&self.canonical())
                        .is_some_and(|mac| mac.verify_slice(&tag).is_ok())
                });
                if genuine {
                    Ok(Signature::Valid)
                } else {
                    Err(CheckpointMismatch::BadSignature)
                }
            }
        }
    }
}

/// The HMAC as bytes, for `verify_slice`, which compares in constant time.
fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) {
        return None;
    }
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(text.get(i..i + 2)?, 16).ok())
        .collect()
}
