//! What the REST API tests share: JSON requests with a token, answers read whole, the newest
//! audit entries, and the OpenAPI document served by the app as a checker of real answers
//! against its own schemas.

use crate::helpers::TestApp;
use backend::entities::audit_entry;
use reqwest::header::HeaderMap;
use reqwest::{Method, Response};
use sea_orm::{EntityTrait, QueryOrder, QuerySelect};
use serde_json::{Value, json};

/// A whole answer: status, headers and the JSON body (`null` when there is none).
#[derive(Debug)]
pub struct Answer {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Answer {
    pub async fn of(response: Response) -> Self {
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let text = response.text().await.unwrap();
        let body = serde_json::from_str(&text).unwrap_or(Value::Null);
        Self {
            status,
            headers,
            body,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The fields a 422 problem names.
    pub fn fields(&self) -> Vec<String> {
        self.body["errors"]
            .as_array()
            .map(|errors| {
                errors
                    .iter()
                    .map(|e| e["field"].as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Asserts a problem answer with `status` naming `field`.
    #[track_caller]
    pub fn assert_problem(&self, status: u16, field: Option<&str>) {
        assert_eq!(self.status, status, "{self:?}");
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{self:?}"
        );
        assert_eq!(self.body["status"], status, "{self:?}");
        if let Some(field) = field {
            assert!(
                self.fields().iter().any(|f| f == field),
                "expected {field}: {self:?}"
            );
        }
    }
}

impl TestApp {
    /// `method path` with `token` (none when empty), a JSON `body` (none when `Null`) and
    /// extra `headers`.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: &Value,
        headers: &[(&str, &str)],
    ) -> Answer {
        // An empty token sends no `Authorization` at all.
        let mut request = match token {
            "" => self.client.request(method, self.url(path)),
            token => self.api(method, path, token),
        };
        if !body.is_null() {
            request = request.json(body);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        Answer::of(request.send().await.unwrap()).await
    }

    /// `GET path` with `token`, read whole.
    pub async fn read(&self, path: &str, token: &str) -> Answer {
        self.call(Method::GET, path, token, &Value::Null, &[]).await
    }

    /// The `count` newest audit entries, newest first, as (actor, action).
    pub async fn newest_audit(&self, count: u64) -> Vec<(String, String)> {
        audit_entry::Entity::find()
            .order_by_desc(audit_entry::Column::Id)
            .limit(count)
            .all(self.db.conn())
            .await
            .unwrap()
            .into_iter()
            .map(|e| (e.actor, e.action))
            .collect()
    }

    /// [`TestApp::snapshot`] with its lines in order and without the tokens' own rows, which
    /// record each use of a token by design (and which PostgreSQL may then list in another
    /// order).
    pub async fn stored_state(&self) -> Vec<String> {
        let mut lines: Vec<String> = self
            .snapshot()
            .await
            .lines()
            .filter(|l| !l.starts_with("token "))
            .map(str::to_owned)
            .collect();
        lines.sort();
        lines
    }

    /// Rows in the tables an API write adds to.
    pub async fn written_rows(&self) -> [i64; 4] {
        [
            self.count("incidents").await,
            self.count("tasks").await,
            self.count("timeline_entries").await,
            self.count("audit_entries").await,
        ]
    }
}

/// The audit name of a token made by `TestApp::api_token` for `role`, without its id.
pub fn token_audit_suffix(role: &str) -> String {
    format!("({role} test token)")
}

/// The name the timeline gives a token made by `TestApp::api_token` for `role`.
pub fn token_display_name(role: &str) -> String {
    format!("{role} test token (API token)")
}

/// A valid new incident for `tenant` (none: the token's own).
pub fn new_incident(title: &str, tenant: Option<&str>) -> Value {
    let mut body = json!({
        "title": title,
        "description": "Seen by the **SIEM** at 02:00 UTC.",
        "severity": "SEV3",
    });
    if let Some(tenant) = tenant {
        body["tenant"] = json!(tenant);
    }
    body
}

/// The OpenAPI document the app serves, to check answers against its schemas.
pub struct Document(pub Value);

impl Document {
    pub async fn of(app: &TestApp) -> Self {
        let document: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
        Self(document)
    }

    /// Asserts that `answer` to `method path` (the documented path, with `{key}`) is one the
    /// document describes: its status and media type are listed, and its body validates
    /// against the schema given for them, with no property the schema does not name.
    #[track_caller]
    pub fn check(&self, method: &str, path: &str, answer: &Answer) {
        let media = answer.header("content-type").unwrap_or_default();
        let media = media.split(';').next().unwrap_or_default().trim();
        let responses = &self.0["paths"][path][method]["responses"];
        let content = &responses[answer.status.to_string()]["content"][media];
        assert!(
            content.is_object(),
            "{method} {path} documents no {} {media} answer: {responses}",
            answer.status
        );
        let mut schema = content["schema"].clone();
        schema["components"] = strict(self.0["components"].clone());
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .build(&schema)
            .unwrap();
        let errors: Vec<String> = validator
            .iter_errors(&answer.body)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{method} {path} {}: {errors:?}\n{}",
            answer.status,
            answer.body
        );
    }
}

/// The components with every object schema closed, so that an answer carrying a property the
/// document does not describe fails validation too.
fn strict(mut components: Value) -> Value {
    if let Some(schemas) = components["schemas"].as_object_mut() {
        for schema in schemas.values_mut() {
            close(schema);
        }
    }
    components
}

fn close(schema: &mut Value) {
    if let Some(object) = schema.as_object_mut() {
        if object.contains_key("properties") && !object.contains_key("additionalProperties") {
            object.insert("additionalProperties".to_owned(), Value::Bool(false));
        }
        for value in object.values_mut() {
            close(value);
        }
    } else if let Some(items) = schema.as_array_mut() {
        for item in items {
            close(item);
        }
    }
}
