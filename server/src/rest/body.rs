//! Reading a JSON request body as the API promises: a body that is not JSON is refused with
//! 415, one that cannot be read as the request (bad syntax, a wrong type, an unknown field) with
//! a 422 naming the field, and one over the size limit with 413, each as problem details.
//! Unknown fields are refused rather than ignored, so that a client that believes it can set
//! `owner` or `version` learns at once that it cannot.

use super::problem::{PROBLEM_JSON, Problem};
use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;

/// How problems name the body as a whole (a JSON Path to its root), rather than one field.
pub const WHOLE_BODY: &str = "$";

/// A JSON request body of type `T`, whose fields are the request's only accepted ones.
#[derive(Debug, Clone)]
pub struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !is_json(&request) {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "Unsupported Media Type",
                "Send the body as `Content-Type: application/json`.".to_owned(),
            ));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                let status = rejection.status();
                Problem::new(status, title_of(status), rejection.body_text())
            })?;
        parse(&bytes).map(ApiJson)
    }
}

/// For a field of a change that may be left out (keep it) or `null` (clear it): a field that is
/// there, `null` or not, is `Some`. Use with `#[serde(default, deserialize_with = "present")]`.
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: serde::Deserialize<'de>,
{
    <Option<T> as serde::Deserialize>::deserialize(deserializer).map(Some)
}

/// `bytes` as a `T`, or a 422 naming where it went wrong.
pub fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, Problem> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| Problem::field(WHOLE_BODY, format!("The body is not valid JSON: {e}.")))?;
    // serde would read an array into a struct field by field, in order.
    if !value.is_object() {
        return Err(Problem::field(WHOLE_BODY, "Send a JSON object."));
    }
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let message = error.inner().to_string();
        let (field, message) = named(&path, &message);
        Problem::field(&field, message)
    })
}

/// The field a deserialisation error is about, and its message. serde names a missing or
/// unknown field only in its message, against the object that lacks or has it.
fn named(path: &str, message: &str) -> (String, String) {
    let parent = if path == "." { "" } else { path };
    for (start, says) in [
        ("unknown field `", "This request does not take this field."),
        ("missing field `", "This field is required."),
    ] {
        if let Some(name) = message
            .strip_prefix(start)
            .and_then(|rest| rest.split('`').next())
        {
            // An unknown field's path already ends with it; a missing one's is its object's.
            let field = match parent {
                "" => name.to_owned(),
                parent if parent == name || parent.ends_with(&format!(".{name}")) => {
                    parent.to_owned()
                }
                parent => format!("{parent}.{name}"),
            };
            return (field, says.to_owned());
        }
    }
    let field = if parent.is_empty() {
        WHOLE_BODY.to_owned()
    } else {
        parent.to_owned()
    };
    (field, upper_first(message))
}

fn upper_first(message: &str) -> String {
    let mut chars = message.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}

/// `application/json`, or a `+json` type, with any parameters.
fn is_json(request: &Request) -> bool {
    request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|mime| mime.trim().to_ascii_lowercase())
        .is_some_and(|mime| mime == "application/json" || mime.ends_with("+json"))
}

fn title_of(status: StatusCode) -> &'static str {
    status.canonical_reason().unwrap_or("Error")
}

/// Answers the errors the router and the body limit make themselves (a method the path does
/// not take, a body over the limit) as problem details too, like every other API error.
pub async fn as_problem(response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == PROBLEM_JSON.as_bytes());
    let ours = matches!(
        status,
        StatusCode::METHOD_NOT_ALLOWED | StatusCode::PAYLOAD_TOO_LARGE
    );
    if is_problem || !ours {
        return response;
    }
    let detail = match status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            format!(
                "The body is over the limit of {} bytes.",
                super::MAX_BODY_BYTES
            )
        }
        _ => "This path does not take this method; see `Allow`.".to_owned(),
    };
    let allow = response.headers().get(header::ALLOW).cloned();
    let mut problem = Problem::new(status, title_of(status), detail).into_response();
    if let Some(allow) = allow {
        problem.headers_mut().insert(header::ALLOW, allow);
    }
    problem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Sample {
        #[serde(default)]
        title: String,
        #[serde(default)]
        flags: Vec<String>,
        count: i64,
    }

    fn field_of(body: &str) -> String {
        let problem = parse::<Sample>(body.as_bytes()).err().map(|p| p.0);
        problem
            .and_then(|p| p.errors.first().map(|e| e.field.clone()))
            .unwrap_or_default()
    }

    #[test]
    fn each_kind_of_bad_body_names_its_field() {
        assert_eq!(field_of(r#"{"count": 1, "owner": "x"}"#), "owner");
        assert_eq!(field_of(r#"{"title": "t"}"#), "count");
        assert_eq!(field_of(r#"{"count": "one"}"#), "count");
        assert_eq!(field_of(r#"{"count": 1, "flags": ["a", 2]}"#), "flags[1]");
        assert_eq!(field_of(r#"{"count": 1,"#), WHOLE_BODY);
        assert_eq!(field_of("[]"), WHOLE_BODY);
        assert!(parse::<Sample>(br#"{"count": 1}"#).is_ok());
    }
}
