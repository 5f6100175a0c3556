//! A request that creates something (an incident, a task, a note) under the client's
//! idempotency key, so that a retry creates nothing new. A form's key is enough on its own: only
//! the form that made it sends it again. An API client may reuse a key by mistake, so its
//! submission also carries a digest of the request, and a key seen with another digest is
//! refused rather than answered with what the first request made.

use contract::error::AppError;
use domain::FieldError;

/// What a refused reuse of a key is reported against: the API's request header.
pub const KEY_FIELD: &str = "Idempotency-Key";

/// One submission's idempotency key and, from the API, the digest of its request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Submission<'a> {
    pub key: &'a str,
    /// SHA-256 (hex) of the request; `None` for a form.
    pub digest: Option<&'a str>,
}

impl<'a> Submission<'a> {
    /// A form's submission: its key alone, when it sent one.
    pub fn form(key: Option<&'a str>) -> Option<Self> {
        key.map(|key| Self { key, digest: None })
    }

    /// The digest to store beside the key.
    pub fn stored_digest(&self) -> Option<String> {
        self.digest.map(str::to_owned)
    }

    /// Whether the row an earlier request with this key made, stored with `earlier`, answers
    /// this one: always for a form; for an API request only when it repeats that request.
    pub fn repeats(&self, earlier: Option<&str>) -> Result<(), AppError> {
        match self.digest {
            Some(digest) if earlier != Some(digest) => Err(reused()),
            _ => Ok(()),
        }
    }
}

/// The key was already used for another request.
pub fn reused() -> AppError {
    AppError::invalid(vec![FieldError::new(
        KEY_FIELD,
        "This key was already used for another request; send a new key with a new request.",
    )])
}

/// What a submission answers: what it made, or what an earlier one with its key made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Created<T> {
    pub id: T,
    /// An earlier submission with the same key made it; nothing was written this time.
    pub replayed: bool,
}

impl<T> Created<T> {
    pub fn new(id: T) -> Self {
        Self {
            id,
            replayed: false,
        }
    }

    pub fn replayed(id: T) -> Self {
        Self { id, replayed: true }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_repeats_whatever_its_key_made_and_an_api_request_only_its_own_digest() {
        let form = Submission {
            key: "k",
            digest: None,
        };
        let api = Submission {
            key: "k",
            digest: Some("abc"),
        };

        assert!(form.repeats(None).is_ok());
        assert!(form.repeats(Some("abc")).is_ok());
        assert!(api.repeats(Some("abc")).is_ok());
        assert!(api.repeats(Some("abd")).is_err());
        assert!(
            api.repeats(None).is_err(),
            "a form's row answers no API request"
        );
    }
}
