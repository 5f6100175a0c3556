//! The one error type every server function returns. Its variants are what a client may see;
//! causes stay on the server, in the log, under the correlation id shown to the person.

use domain::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// Some fields need correcting; `submitted` carries what was typed so nothing is lost.
    #[error("Please correct the fields marked below.")]
    Invalid {
        fields: Vec<FieldError>,
        submitted: BTreeMap<String, String>,
    },
    /// The request itself could not be read (malformed body, missing field).
    #[error("The request could not be understood. Reload the page and try again.")]
    BadRequest,
    /// Absent, or not visible to the caller: the two are deliberately indistinguishable.
    #[error("Not found.")]
    NotFound,
    /// Saved from a stale copy: nothing was written. For an incident, `since_version` is the
    /// version the person saw, so the page can show what changed after it.
    #[error(
        "Someone else changed this in the meantime; nothing was saved. The page now shows the current state."
    )]
    Conflict { since_version: Option<i64> },
    /// No signed-in user, or their session ended.
    #[error("Please sign in to continue.")]
    Unauthenticated,
    /// Signed in and able to see the object, but not allowed to do this to it.
    #[error("Your role does not allow this.")]
    Forbidden,
    /// Too many attempts; the message says when to try again.
    #[error("Too many attempts. Wait {retry_after_secs} seconds and try again.")]
    Throttled { retry_after_secs: i64 },
    #[error(
        "Tandem cannot reach its database right now; try again shortly (reference {correlation_id})."
    )]
    Unavailable { correlation_id: String },
    #[error("Something went wrong on our side (reference {correlation_id}).")]
    Internal { correlation_id: String },
    /// The browser could not reach the server at all.
    #[error("Tandem could not be reached. Check your connection and try again.")]
    Unreachable,
}

impl AppError {
    /// The HTTP status this error is answered with.
    pub fn status_code(&self) -> u16 {
        match self {
            Self::Invalid { .. } => 422,
            Self::BadRequest => 400,
            Self::NotFound => 404,
            Self::Conflict { .. } => 409,
            Self::Unauthenticated => 401,
            Self::Forbidden => 403,
            Self::Throttled { .. } => 429,
            Self::Unavailable { .. } | Self::Unreachable => 503,
            Self::Internal { .. } => 500,
        }
    }

    /// A validation error for `fields`; [`AppError::keeping`] adds what was typed.
    pub fn invalid(fields: Vec<FieldError>) -> Self {
        Self::Invalid {
            fields,
            submitted: BTreeMap::new(),
        }
    }

    /// Attaches the submitted form to a validation error, so the form can be shown again
    /// with everything that was typed (also after a form post without JavaScript).
    /// `form` is a struct of strings, or a tuple of them; a nested map of strings (ticked
    /// checkboxes) is kept as `name[key]`.
    pub fn keeping(self, form: &impl Serialize) -> Self {
        match self {
            Self::Invalid { fields, .. } => {
                let mut submitted = BTreeMap::new();
                if let Ok(value) = serde_json::to_value(form) {
                    flatten_form(&value, &mut submitted);
                }
                Self::Invalid { fields, submitted }
            }
            other => other,
        }
    }

    /// The message for one field, when this is a validation error.
    pub fn field_message(&self, field: &str) -> Option<String> {
        match self {
            Self::Invalid { fields, .. } => {
                domain::field_error::message_for(fields, field).map(str::to_owned)
            }
            _ => None,
        }
    }

    /// What was typed into `field`, when this is a validation error.
    pub fn submitted(&self, field: &str) -> Option<String> {
        match self {
            Self::Invalid { submitted, .. } => submitted.get(field).cloned(),
            _ => None,
        }
    }
}

#[cfg(feature = "server-fn")]
impl server_fn::error::FromServerFnError for AppError {
    type Encoder = crate::codec::JsonTextEncoding;

    fn from_server_fn_error(value: server_fn::error::ServerFnErrorErr) -> Self {
        use server_fn::error::ServerFnErrorErr;
        match value {
            ServerFnErrorErr::Args(_)
            | ServerFnErrorErr::MissingArg(_)
            | ServerFnErrorErr::Deserialization(_)
            | ServerFnErrorErr::UnsupportedRequestMethod(_) => Self::BadRequest,
            ServerFnErrorErr::Request(_) => Self::Unreachable,
            other => internal(other),
        }
    }
}

fn flatten_form(value: &serde_json::Value, into: &mut BTreeMap<String, String>) {
    use serde_json::Value;
    match value {
        Value::Array(parts) => parts.iter().for_each(|part| flatten_form(part, into)),
        Value::Object(fields) => {
            for (name, field) in fields {
                match field {
                    Value::String(text) => {
                        into.insert(name.clone(), text.clone());
                    }
                    Value::Object(entries) => {
                        for (key, entry) in entries {
                            if let Value::String(text) = entry {
                                into.insert(format!("{name}[{key}]"), text.clone());
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

/// Combines two parses of one form, reporting the field errors of both.
pub fn both<A, B>(
    a: Result<A, Vec<FieldError>>,
    b: Result<B, Vec<FieldError>>,
) -> Result<(A, B), AppError> {
    match (a, b) {
        (Ok(a), Ok(b)) => Ok((a, b)),
        (a, b) => {
            let mut fields = a.err().unwrap_or_default();
            fields.extend(b.err().unwrap_or_default());
            Err(AppError::invalid(fields))
        }
    }
}

/// Logs `cause` (on the server) and returns a generic error that names the log line.
pub fn internal(cause: impl std::fmt::Display) -> AppError {
    let correlation_id = new_correlation_id();
    #[cfg(feature = "ssr")]
    tracing::error!(%correlation_id, %cause, "internal error");
    #[cfg(not(feature = "ssr"))]
    let _ = cause;
    AppError::Internal { correlation_id }
}

pub fn new_correlation_id() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_owned()
}

#[cfg(feature = "ssr")]
impl From<sea_orm::DbErr> for AppError {
    fn from(error: sea_orm::DbErr) -> Self {
        if database_unreachable(&error) {
            let correlation_id = new_correlation_id();
            tracing::warn!(%correlation_id, cause = %error, "database unavailable");
            Self::Unavailable { correlation_id }
        } else {
            internal(error)
        }
    }
}

/// The session store's errors: the database being away is `Unavailable` like anywhere else.
#[cfg(feature = "ssr")]
pub fn from_session_error(error: tower_sessions::session::Error) -> AppError {
    use tower_sessions::{session::Error, session_store::Error as Store};
    match error {
        Error::Store(Store::Backend(cause)) if cause == UNREACHABLE => {
            let correlation_id = new_correlation_id();
            tracing::warn!(%correlation_id, "database unavailable (sessions)");
            AppError::Unavailable { correlation_id }
        }
        other => internal(other),
    }
}

/// What the session store reports when the database cannot be reached.
#[cfg(feature = "ssr")]
pub const UNREACHABLE: &str = "database unreachable";

/// Whether `error` says the database could not be reached (no connection to be had, or the
/// connection broke), as opposed to a query that failed on a working connection.
#[cfg(feature = "ssr")]
pub fn database_unreachable(error: &sea_orm::DbErr) -> bool {
    use sea_orm::{DbErr, RuntimeErr, sqlx::Error as Sqlx};
    match error {
        DbErr::ConnectionAcquire(_) | DbErr::Conn(_) => true,
        DbErr::Exec(RuntimeErr::SqlxError(e)) | DbErr::Query(RuntimeErr::SqlxError(e)) => matches!(
            e,
            Sqlx::Io(_) | Sqlx::PoolTimedOut | Sqlx::PoolClosed | Sqlx::WorkerCrashed
        ),
        _ => false,
    }
}
