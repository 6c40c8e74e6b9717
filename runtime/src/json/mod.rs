//! restJson1 body helpers.
//!
//! In: response bodies as bytes, and values that generated serializers want to write. Out:
//! - [`parse_body`]: the body as a [`Value`] (empty body = empty object), read by the strict
//!   parser in `parse` (line and column on errors, nesting bounded);
//! - [`de`]: typed readers that take a value and its [`JsonPath`] and report mismatches as a
//!   [`DeserializeError`] naming the path, e.g. `$.clientToken: expected a string, found a number`;
//! - [`ObjectWriter`], [`ArrayWriter`], [`ValueWriter`]: a streaming writer that appends JSON
//!   text to a `String` without building a tree first;
//! - [`parse_error_metadata`]: the error code, message and request id of an error response.

pub mod de;
mod error_meta;
mod parse;
pub mod ser;
mod value;

use std::fmt;

pub use parse::{SyntaxError, MAX_DEPTH};
pub use value::{Map, Number, Value};

pub use error_meta::{error_code, parse_error_metadata, sanitize_error_code};
pub use ser::{ArrayWriter, JsonWriter, ObjectWriter, ValueWriter};

/// Where a value sits in a JSON document: `$`, `$.logging.s3Logs`, `$.tags[3]`.
///
/// A path is a chain of borrowed links, so building one per member costs nothing; it is only
/// rendered to text when an error is reported.
#[derive(Debug, Clone, Copy)]
pub struct JsonPath<'a> {
    step: Step<'a>,
}

#[derive(Debug, Clone, Copy)]
enum Step<'a> {
    Root,
    Key(&'a JsonPath<'a>, &'a str),
    Index(&'a JsonPath<'a>, usize),
}

impl<'a> JsonPath<'a> {
    /// The document root, `$`.
    pub fn root() -> Self {
        Self { step: Step::Root }
    }

    /// The member `key` of the object at this path.
    pub fn key<'b>(&'b self, key: &'b str) -> JsonPath<'b>
    where
        'a: 'b,
    {
        JsonPath {
            step: Step::Key(self, key),
        }
    }

    /// The element `index` of the array at this path.
    pub fn index<'b>(&'b self, index: usize) -> JsonPath<'b>
    where
        'a: 'b,
    {
        JsonPath {
            step: Step::Index(self, index),
        }
    }
}

impl Default for JsonPath<'_> {
    fn default() -> Self {
        Self::root()
    }
}

impl fmt::Display for JsonPath<'_> {
    /// Keys made of letters, digits and `_` print as `.key`; any other key prints quoted,
    /// as `["a key"]`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.step {
            Step::Root => f.write_str("$"),
            Step::Key(parent, key) => {
                fmt::Display::fmt(parent, f)?;
                if !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                    write!(f, ".{key}")
                } else {
                    let mut quoted = String::with_capacity(key.len() + 2);
                    ser::write_escaped_string(&mut quoted, key);
                    write!(f, "[{quoted}]")
                }
            }
            Step::Index(parent, index) => {
                fmt::Display::fmt(parent, f)?;
                write!(f, "[{index}]")
            }
        }
    }
}

/// A JSON body that does not match the shape the model describes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeserializeError {
    path: String,
    message: String,
}

impl DeserializeError {
    /// An error at `path`.
    pub fn new(path: &JsonPath<'_>, message: impl Into<String>) -> Self {
        Self {
            path: path.to_string(),
            message: message.into(),
        }
    }

    /// An error at a location outside the JSON body, e.g. ``header `x-amz-meta` ``.
    pub fn at(location: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            path: location.into(),
            message: message.into(),
        }
    }

    /// The rendered path, e.g. `$.tags[3]`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What was wrong there.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for DeserializeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

impl std::error::Error for DeserializeError {}

/// Parses a response body that should hold a JSON object.
///
/// An empty or all-whitespace body is an empty object (operations with no output members may
/// send nothing). Invalid JSON and a top-level value other than an object are errors at `$`.
pub fn parse_body(body: &[u8]) -> Result<Value, DeserializeError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Object(Map::new()));
    }
    let value = parse_value(body)?;
    if !value.is_object() {
        return Err(DeserializeError::new(
            &JsonPath::root(),
            format!("expected an object, found {}", value.describe()),
        ));
    }
    Ok(value)
}

/// Parses a body that holds any JSON value (a `document` payload).
pub fn parse_value(body: &[u8]) -> Result<Value, DeserializeError> {
    parse::parse(body)
        .map_err(|e| DeserializeError::new(&JsonPath::root(), format!("invalid JSON: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_render_only_when_asked() {
        let root = JsonPath::root();
        assert_eq!(root.to_string(), "$");
        let logging = root.key("logging");
        let s3 = logging.key("s3Logs");
        assert_eq!(s3.to_string(), "$.logging.s3Logs");
        let tags = root.key("tags");
        assert_eq!(tags.index(3).to_string(), "$.tags[3]");
        assert_eq!(tags.index(0).key("a b").to_string(), r#"$.tags[0]["a b"]"#);
        assert_eq!(root.key("").to_string(), r#"$[""]"#);
        assert_eq!(root.key("q\"").to_string(), r#"$["q\""]"#);
        assert_eq!(JsonPath::default().to_string(), "$");
    }

    #[test]
    fn paths_nest_through_helper_functions() {
        fn deeper(path: &JsonPath<'_>, depth: usize) -> String {
            if depth == 0 {
                return path.to_string();
            }
            deeper(&path.index(depth), depth - 1)
        }
        assert_eq!(deeper(&JsonPath::root().key("m"), 2), "$.m[2][1]");
    }

    #[test]
    fn deserialize_error_text() {
        let root = JsonPath::root();
        let e = DeserializeError::new(
            &root.key("clientToken"),
            "expected a string, found a number",
        );
        assert_eq!(
            e.to_string(),
            "$.clientToken: expected a string, found a number"
        );
        assert_eq!(e.path(), "$.clientToken");
        assert_eq!(e.message(), "expected a string, found a number");
    }

    #[test]
    fn parse_body_cases() {
        assert_eq!(
            parse_body(b"").ok(),
            Some(Value::Object(Default::default()))
        );
        assert_eq!(
            parse_body(b" \n\t ").ok(),
            Some(Value::Object(Default::default()))
        );
        assert_eq!(
            parse_body(br#"{"a":1}"#).ok(),
            Some(Value::Object(Map::from([(
                "a".to_owned(),
                Value::from(1_u64)
            )])))
        );

        let err = parse_body(b"{\n  \"a\": }").expect_err("invalid");
        assert_eq!(err.path(), "$");
        assert!(err.message().contains("line 2 column"), "{err}");

        let err = parse_body(b"[1]").expect_err("array");
        assert_eq!(err.to_string(), "$: expected an object, found an array");
        let err = parse_body(b"null").expect_err("null");
        assert_eq!(err.to_string(), "$: expected an object, found null");
        assert!(parse_body(b"\xff\xfe").is_err());
        assert!(parse_body(b"{} trailing").is_err());
    }
}
