//! Errors that come back in the URL after a form post without JavaScript.
//!
//! Anyone can craft such a URL, so only what was typed is taken from it: field messages are
//! derived again from the typed values with the same rules the server applies, and nothing else
//! from the URL reaches the page as text.

use contract::error::AppError;
use domain::FieldError;
use leptos::prelude::*;
use leptos::server_fn::error::ServerFnUrlError;
use leptos_router::params::ParamsMap;
use std::collections::BTreeMap;

/// Shown for a field the server refused for a reason the browser cannot re-check (such as a
/// tenant that does not exist).
pub const CHECK_FIELD: &str = "Check this field.";

/// The error the server function at `path` sent back, if this page was redirected here with one.
pub fn from_query(query: &ParamsMap, path: &str) -> Option<AppError> {
    (query.get("__path").as_deref() == Some(path))
        .then(|| query.get("__err"))
        .flatten()
        .map(|encoded| ServerFnUrlError::<AppError>::decode_err(&encoded))
}

/// `error` with its field messages replaced by those `rules` give for the submitted values.
pub fn rederived(
    error: AppError,
    rules: impl Fn(&BTreeMap<String, String>) -> Vec<FieldError>,
) -> AppError {
    match error {
        AppError::Invalid { fields, submitted } => {
            let mut derived = rules(&submitted);
            for field in fields {
                if !derived.iter().any(|d| d.field == field.field) {
                    derived.push(FieldError::new(&field.field, CHECK_FIELD));
                }
            }
            AppError::Invalid {
                fields: derived,
                submitted,
            }
        }
        AppError::Internal { correlation_id } => AppError::Internal {
            correlation_id: plausible_reference(correlation_id),
        },
        AppError::Unavailable { correlation_id } => AppError::Unavailable {
            correlation_id: plausible_reference(correlation_id),
        },
        other => other,
    }
}

/// Errors for one form: from the action when JavaScript submitted it, else the (re-derived)
/// error the server returned in the URL after a plain form post.
pub fn form_error<A>(
    action: ServerAction<A>,
    returned: Option<AppError>,
) -> Signal<Option<AppError>>
where
    A: leptos::server_fn::ServerFn<Error = AppError> + Clone + Send + Sync + 'static,
    A::Output: Clone + Send + Sync + 'static,
{
    // Before any dispatch, the action's value is the URL's error as leptos decoded it: use the
    // re-derived one instead.
    Signal::derive(move || {
        if action.version().get() == 0 {
            return returned.clone();
        }
        match action.value().get() {
            Some(Err(e)) => Some(e),
            _ => None,
        }
    })
}

/// Typed values under `prefix[...]`, e.g. the ticked flags.
pub fn keys_under(submitted: &BTreeMap<String, String>, prefix: &str) -> Vec<String> {
    submitted
        .keys()
        .filter_map(|k| k.strip_prefix(prefix)?.strip_prefix('[')?.strip_suffix(']'))
        .map(str::to_owned)
        .collect()
}

fn plausible_reference(reference: String) -> String {
    let plausible = reference.len() == 12 && reference.bytes().all(|b| b.is_ascii_hexdigit());
    if plausible {
        reference
    } else {
        "unknown".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_from_the_url_are_replaced_by_rederived_ones() {
        let crafted = AppError::Invalid {
            fields: vec![
                FieldError::new("title", "Your session expired: call +1 555 0100"),
                FieldError::new("tenant", "Wire the ransom"),
            ],
            submitted: BTreeMap::from([("title".to_owned(), "ab".to_owned())]),
        };
        let error = rederived(crafted, |s| {
            domain::IncidentTitle::parse(s.get("title").map_or("", String::as_str))
                .err()
                .map(|m| vec![FieldError::new("title", m)])
                .unwrap_or_default()
        });
        assert_eq!(
            error.field_message("title").as_deref(),
            Some("A title needs at least 3 characters.")
        );
        assert_eq!(error.field_message("tenant").as_deref(), Some(CHECK_FIELD));
        assert_eq!(error.submitted("title").as_deref(), Some("ab"));
    }

    #[test]
    fn references_that_are_not_ours_are_not_shown() {
        let crafted = AppError::Internal {
            correlation_id: "call 555-0100".into(),
        };
        assert_eq!(
            rederived(crafted, |_| Vec::new()),
            AppError::Internal {
                correlation_id: "unknown".into()
            }
        );
    }
}
