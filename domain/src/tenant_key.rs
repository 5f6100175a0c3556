//! The short uppercase key of a tenant (or of the platform), the prefix of its incident keys.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Two to ten ASCII letters, stored in upper case: `ACME`, `GLOBEX`, `PLT`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TenantKey(String);

impl TenantKey {
    pub const MIN_LEN: usize = 2;
    pub const MAX_LEN: usize = 10;

    pub fn parse(raw: &str) -> Result<Self, String> {
        let key = raw.trim();
        let len_ok = (Self::MIN_LEN..=Self::MAX_LEN).contains(&key.len());
        if len_ok && key.bytes().all(|b| b.is_ascii_alphabetic()) {
            Ok(Self(key.to_ascii_uppercase()))
        } else {
            Err(format!(
                "A tenant key is {} to {} letters, such as ACME.",
                Self::MIN_LEN,
                Self::MAX_LEN
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for TenantKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_accepted_and_upper_cased() {
        assert_eq!(
            TenantKey::parse(" acme ").map(|k| k.0),
            Ok("ACME".to_owned())
        );
        assert!(TenantKey::parse("PLT").is_ok());
    }

    #[test]
    fn keys_of_the_wrong_shape_are_refused() {
        for raw in ["", "A", "ABCDEFGHIJK", "AC-ME", "AC1", "ÄCME", "AC\0"] {
            assert!(TenantKey::parse(raw).is_err(), "{raw:?} was accepted");
        }
    }
}
