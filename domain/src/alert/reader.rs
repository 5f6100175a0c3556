//! Reading a JSON value field by field, keeping every problem against the path of its field
//! (`alerts[3].labels.severity`), so that one answer names all that is wrong.

use crate::FieldError;
use chrono::{DateTime, NaiveDateTime, Utc};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// How a problem names the body as a whole: the root of a JSON Path, as the REST API's other
/// endpoints do.
pub const WHOLE_BODY: &str = "$";

/// The problems found so far.
#[derive(Debug, Default)]
pub struct Reader {
    pub errors: Vec<FieldError>,
}

impl Reader {
    pub fn fail(&mut self, path: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(path, message));
    }

    /// Keeps the value, or files the message against `path`.
    pub fn check<T>(&mut self, path: &str, result: Result<T, String>) -> Option<T> {
        result.map_err(|message| self.fail(path, message)).ok()
    }

    /// A required object.
    pub fn object<'v>(
        &mut self,
        value: Option<&'v Value>,
        path: &str,
    ) -> Option<&'v Map<String, Value>> {
        match value {
            Some(Value::Object(map)) => Some(map),
            None | Some(Value::Null) => {
                self.fail(path, "Required: an object.");
                None
            }
            Some(_) => {
                self.fail(path, "Must be an object.");
                None
            }
        }
    }

    /// A required string.
    pub fn string<'v>(&mut self, value: Option<&'v Value>, path: &str) -> Option<&'v str> {
        match value {
            None | Some(Value::Null) => {
                self.fail(path, "Required: a string.");
                None
            }
            other => self.optional_string(other, path),
        }
    }

    /// A string that may be left out (or null).
    pub fn optional_string<'v>(&mut self, value: Option<&'v Value>, path: &str) -> Option<&'v str> {
        match value {
            None | Some(Value::Null) => None,
            Some(Value::String(text)) => Some(text),
            Some(_) => {
                self.fail(path, "Must be a string.");
                None
            }
        }
    }

    /// A required string that must be one of a few codes.
    pub fn code<T>(
        &mut self,
        value: Option<&Value>,
        path: &str,
        parse: impl Fn(&str) -> Option<T>,
        expected: &str,
    ) -> Option<T> {
        let raw = self.string(value, path)?;
        let parsed = parse(raw);
        if parsed.is_none() {
            self.fail(path, format!("{raw:?} is not one of {expected}."));
        }
        parsed
    }

    /// An object whose every value is a string (Alertmanager's labels and annotations);
    /// an absent one is empty.
    pub fn string_map(&mut self, value: Option<&Value>, path: &str) -> BTreeMap<String, String> {
        let mut strings = BTreeMap::new();
        let map = match value {
            None | Some(Value::Null) => return strings,
            Some(Value::Object(map)) => map,
            Some(_) => {
                self.fail(path, "Must be an object of strings.");
                return strings;
            }
        };
        for (name, value) in map {
            match value {
                Value::String(text) => {
                    strings.insert(name.clone(), text.clone());
                }
                _ => self.fail(&format!("{path}.{name}"), "Must be a string."),
            }
        }
        strings
    }

    /// A time as RFC 3339 (`2026-12-08T09:52:26.739Z`), or as PagerDuty's own examples write
    /// it, with the offset's colon left out (`2015-07-17T08:42:58.315+0000`).
    pub fn time(
        &mut self,
        value: Option<&Value>,
        path: &str,
        required: bool,
    ) -> Option<DateTime<Utc>> {
        let raw = if required {
            self.string(value, path)?
        } else {
            self.optional_string(value, path)?
        };
        let parsed = DateTime::parse_from_rfc3339(raw)
            .or_else(|_| DateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f%z"))
            .map(|t| t.with_timezone(&Utc))
            .or_else(|_| {
                NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M:%S%.f").map(|t| t.and_utc())
            });
        match parsed {
            Ok(time) => Some(time),
            Err(_) => {
                self.fail(path, format!("{raw:?} is not a time (RFC 3339)."));
                None
            }
        }
    }

    /// The result: the value when nothing was wrong, else every problem.
    pub fn finish<T>(self, value: Option<T>) -> Result<T, Vec<FieldError>> {
        match value {
            Some(value) if self.errors.is_empty() => Ok(value),
            _ if self.errors.is_empty() => Err(vec![FieldError::new(
                WHOLE_BODY,
                "The body cannot be read as this request.",
            )]),
            _ => Err(self.errors),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn each_wrong_field_is_named_by_its_path() {
        let body = json!({"a": 1, "m": {"x": "y", "n": 2}, "t": "yesterday"});
        let mut r = Reader::default();
        assert_eq!(r.string(body.get("a"), "a"), None);
        assert_eq!(r.string(body.get("b"), "b"), None);
        let map = r.string_map(body.get("m"), "m");
        assert_eq!(map.len(), 1);
        assert_eq!(r.time(body.get("t"), "t", true), None);
        let fields: Vec<_> = r.errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["a", "b", "m.n", "t"]);
    }

    #[test]
    fn times_in_rfc_3339_and_in_pagerdutys_examples_are_read() {
        let mut r = Reader::default();
        for raw in [
            "2018-08-03T09:52:26.739266876+02:00",
            "0001-01-01T00:00:00Z",
            "2015-07-17T08:42:58.315+0000",
        ] {
            assert!(r.time(Some(&json!(raw)), "t", true).is_some(), "{raw}");
        }
        assert!(r.errors.is_empty());
    }
}
