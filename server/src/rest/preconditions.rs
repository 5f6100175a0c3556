//! The request headers that make API writes safe to retry and to race: `If-Match` carries the
//! version a change was made from (required, so that no change overwrites one its client never
//! saw), and `Idempotency-Key` names a create so that a retry creates nothing new. A create's
//! key is kept with a digest of its request, bound to the token, so that a key reused for
//! another request, or by another token, is refused instead of answered with someone else's
//! result.

use super::caller::Caller;
use super::problem::Problem;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use backend::submission::{KEY_FIELD, Submission};
use serde::Serialize;
use sha2::{Digest, Sha256};

/// The longest idempotency key accepted: the column the keys share with the forms' keys.
const KEY_MAX: usize = 64;

/// The version named by `If-Match: "N"`; 428 without the header, 422 when it is not one
/// quoted version.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfMatch(pub i64);

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let raw = parts
            .headers
            .get("if-match")
            .ok_or_else(Problem::version_required)?;
        raw.to_str()
            .ok()
            .and_then(|v| v.trim().strip_prefix('"')?.strip_suffix('"')?.parse().ok())
            .filter(|version: &i64| *version > 0)
            .map(Self)
            .ok_or_else(|| {
                Problem::field(
                    "If-Match",
                    "Send one version as read from `ETag`, quoted: `If-Match: \"3\"`.",
                )
            })
    }
}

/// The client's `Idempotency-Key`, when it sent one: 1 to 64 visible ASCII characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let Some(raw) = parts.headers.get(KEY_FIELD) else {
            return Ok(Self(None));
        };
        let key = raw.to_str().map(str::trim).unwrap_or_default();
        let valid =
            !key.is_empty() && key.len() <= KEY_MAX && key.bytes().all(|b| b.is_ascii_graphic());
        if valid {
            Ok(Self(Some(key.to_owned())))
        } else {
            Err(Problem::field(
                KEY_FIELD,
                format!("Send 1 to {KEY_MAX} visible ASCII characters, such as a UUID."),
            ))
        }
    }
}

/// A create's key and the digest of what it asks for, as kept beside what it creates.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keyed {
    key: String,
    digest: String,
}

impl Keyed {
    /// The submission of `request` (parsed, then written out again, so that spacing and the
    /// order of fields do not matter) to `what` (e.g. `POST /incidents`) by `caller`.
    pub fn of(
        key: &IdempotencyKey,
        caller: &Caller,
        what: &str,
        request: &impl Serialize,
    ) -> Result<Option<Self>, Problem> {
        let Some(key) = &key.0 else {
            return Ok(None);
        };
        let canonical = serde_json::to_string(request).map_err(|error| {
            Problem::from(contract::error::internal(format!(
                "a request did not serialise: {error}"
            )))
        })?;
        let mut hasher = Sha256::new();
        for part in [&caller.token_id.to_string(), what, &canonical] {
            hasher.update(part.as_bytes());
            hasher.update(b"\n");
        }
        Ok(Some(Self {
            key: key.clone(),
            digest: format!("{:x}", hasher.finalize()),
        }))
    }

    pub fn submission(this: Option<&Self>) -> Option<Submission<'_>> {
        this.map(|k| Submission {
            key: &k.key,
            digest: Some(&k.digest),
        })
    }
}
