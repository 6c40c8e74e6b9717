//! Trait JSON → typed [`Traits`]. A trait of the wrong form is an error at its location;
//! traits the generator does not act on are dropped (the few read with the model as written,
//! such as protocol tests and endpoint context parameters, are read by their lowering step).

use serde_json::Value;

use crate::error::Error;
use crate::ir::{Deprecated, ErrorFault, Http, Paginated, TimestampFormat, Traits};

/// Traits whose behaviour the generated client would have to implement and does not yet: a
/// shape or operation carrying one is refused (see `lower::support`).
pub const UNSUPPORTED: &[&str] = &["aws.protocols#httpChecksum"];

/// Reads `traits` (trait id → value) for the shape or member at `location`, appending any
/// malformed-trait problems to `errors`.
pub fn read<'a>(
    traits: impl IntoIterator<Item = (&'a str, &'a Value)>,
    location: &str,
    errors: &mut Vec<Error>,
) -> Traits {
    let mut t = Traits::default();
    for (id, value) in traits {
        let mut bad = |expected: &str| {
            errors.push(Error::Model {
                location: location.to_string(),
                message: format!("trait {id} must be {expected}, found {}", describe(value)),
            })
        };
        match id {
            "smithy.api#documentation" => match value.as_str() {
                Some(s) => t.docs = Some(s.to_string()),
                None => bad("a string"),
            },
            "smithy.api#required" => t.required = annotation(value, &mut bad),
            "smithy.api#clientOptional" => t.client_optional = annotation(value, &mut bad),
            "smithy.api#idempotencyToken" => t.idempotency_token = annotation(value, &mut bad),
            "smithy.api#httpLabel" => t.http_label = annotation(value, &mut bad),
            "smithy.api#httpPayload" => t.http_payload = annotation(value, &mut bad),
            "smithy.api#httpResponseCode" => t.http_response_code = annotation(value, &mut bad),
            "smithy.api#httpQueryParams" => t.http_query_params = annotation(value, &mut bad),
            "smithy.api#sensitive" => t.sensitive = annotation(value, &mut bad),
            "smithy.api#input" => t.input = annotation(value, &mut bad),
            "smithy.api#output" => t.output = annotation(value, &mut bad),
            "smithy.api#sparse" => t.sparse = annotation(value, &mut bad),
            "smithy.api#streaming" => t.streaming = annotation(value, &mut bad),
            "smithy.api#deprecated" => match value.as_object() {
                Some(fields) => {
                    let text = |key: &str| match fields.get(key) {
                        None => Ok(None),
                        Some(Value::String(s)) => Ok(Some(s.clone())),
                        Some(_) => Err(()),
                    };
                    match (text("message"), text("since")) {
                        (Ok(message), Ok(since)) => {
                            t.deprecated = Some(Deprecated { message, since })
                        }
                        _ => bad("an object whose `message` and `since` are strings"),
                    }
                }
                None => bad("an object"),
            },
            // Checked for form only: the client does not act on these (constraints are the
            // service's to enforce, as in the reference SDKs).
            "smithy.api#default" => t.default = Some(value.clone()),
            "smithy.api#jsonName" => match value.as_str() {
                Some(s) => t.json_name = Some(s.to_string()),
                None => bad("a string"),
            },
            "smithy.api#pattern" if !value.is_string() => bad("a string"),
            "smithy.api#httpQuery" => match value.as_str() {
                Some(s) if !s.is_empty() => t.http_query = Some(s.to_string()),
                _ => bad("a non-empty string"),
            },
            "smithy.api#httpHeader" => match value.as_str() {
                Some(s) if !s.is_empty() => t.http_header = Some(s.to_string()),
                _ => bad("a non-empty string"),
            },
            "smithy.api#httpPrefixHeaders" => match value.as_str() {
                Some(s) => t.http_prefix_headers = Some(s.to_string()),
                None => bad("a string"),
            },
            "smithy.api#timestampFormat" => match value.as_str() {
                Some("epoch-seconds") => t.timestamp_format = Some(TimestampFormat::EpochSeconds),
                Some("date-time") => t.timestamp_format = Some(TimestampFormat::DateTime),
                Some("http-date") => t.timestamp_format = Some(TimestampFormat::HttpDate),
                _ => bad("one of \"epoch-seconds\", \"date-time\", \"http-date\""),
            },
            "smithy.api#error" => match value.as_str() {
                Some("client") => t.error = Some(ErrorFault::Client),
                Some("server") => t.error = Some(ErrorFault::Server),
                _ => bad("\"client\" or \"server\""),
            },
            "smithy.api#httpError" => match value.as_u64() {
                Some(code @ 100..=599) => t.http_error = Some(code as u16),
                _ => bad("an HTTP status code (100-599)"),
            },
            "smithy.api#httpChecksumRequired" => {
                t.http_checksum_required = annotation(value, &mut bad)
            }
            "smithy.api#hostLabel" => t.host_label = annotation(value, &mut bad),
            "smithy.api#mediaType" => match value.as_str() {
                Some(s) => t.media_type = Some(s.to_string()),
                None => bad("a string"),
            },
            "smithy.api#endpoint" => match value.get("hostPrefix").and_then(Value::as_str) {
                Some(prefix) => t.host_prefix = Some(prefix.to_string()),
                None => bad("an object with a string `hostPrefix`"),
            },
            "aws.protocols#awsQueryError" => {
                let code = value.get("code").and_then(Value::as_str);
                let status = value.get("httpResponseCode").and_then(Value::as_u64);
                match (code, status) {
                    (Some(code), Some(status @ 100..=599)) if !code.is_empty() => {
                        t.aws_query_error = Some((code.to_string(), status as u16))
                    }
                    _ => bad("an object with a string `code` and an HTTP status `httpResponseCode`"),
                }
            }
            "smithy.rules#contextParam" => match value.get("name").and_then(Value::as_str) {
                Some(name) if !name.is_empty() => t.context_param = Some(name.to_string()),
                _ => bad("an object with a non-empty string `name`"),
            },
            id if UNSUPPORTED.contains(&id) => t.unsupported.push(id.to_string()),
            "smithy.api#http" => match http(value) {
                Some(h) => t.http = Some(h),
                None => bad("an object with string `method`, string `uri` starting with `/` and an optional status `code`"),
            },
            "smithy.api#enumValue" => match value {
                Value::String(_) | Value::Number(_) => t.enum_value = Some(value.clone()),
                _ => bad("a string or an integer"),
            },
            "smithy.api#length" | "smithy.api#range" if !is_bounds(value) => {
                bad("an object with optional numeric `min` and `max`")
            }
            "smithy.api#paginated" => match paginated(value) {
                Some(p) => t.paginated = Some(p),
                None => bad("an object with optional string members inputToken, outputToken, items, pageSize"),
            },
            "smithy.api#requestCompression" => match value
                .get("encodings")
                .and_then(Value::as_array)
                .and_then(|list| list.iter().map(|e| e.as_str().map(str::to_owned)).collect())
            {
                Some(encodings) => t.request_compression = Some(encodings),
                None => bad("an object with an `encodings` list of strings"),
            },
            "smithy.api#retryable" => match value {
                Value::Object(o) => match o.get("throttling") {
                    None => t.retryable = Some(false),
                    Some(Value::Bool(b)) => t.retryable = Some(*b),
                    Some(_) => bad("an object whose `throttling` is a boolean"),
                },
                _ => bad("an object"),
            },
            // Traits the generated client does not act on (documentation-only, constraints the
            // service enforces, traits read elsewhere from the model as written).
            _ => {}
        }
    }
    t
}

/// Annotation traits are `{}` in the JSON AST (`true` is tolerated as older tooling wrote it).
fn annotation(value: &Value, bad: &mut impl FnMut(&str)) -> bool {
    match value {
        Value::Object(_) | Value::Bool(true) => true,
        _ => {
            bad("an object ({})");
            false
        }
    }
}

fn http(value: &Value) -> Option<Http> {
    let o = value.as_object()?;
    let method = o.get("method")?.as_str()?.to_string();
    let uri = o.get("uri")?.as_str()?.to_string();
    if method.is_empty() || !uri.starts_with('/') {
        return None;
    }
    let code = match o.get("code") {
        None => 200,
        Some(c) => match c.as_u64()? {
            c @ 100..=599 => c as u16,
            _ => return None,
        },
    };
    Some(Http { method, uri, code })
}

/// `{"min": n, "max": n}` with both optional and numeric.
fn is_bounds(value: &Value) -> bool {
    value.as_object().is_some_and(|o| {
        ["min", "max"]
            .iter()
            .all(|k| o.get(*k).is_none_or(Value::is_number))
    })
}

pub(crate) fn paginated(value: &Value) -> Option<Paginated> {
    let o = value.as_object()?;
    let s = |k: &str| match o.get(k) {
        None => Some(None),
        Some(v) => v.as_str().map(|s| Some(s.to_string())),
    };
    Some(Paginated {
        input_token: s("inputToken")?,
        output_token: s("outputToken")?,
        items: s("items")?,
        page_size: s("pageSize")?,
    })
}

/// A short description of a JSON value, for error messages.
pub fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn read_one(id: &str, v: Value) -> (Traits, Vec<Error>) {
        let mut errors = Vec::new();
        let t = read([(id, &v)], "a#S$m", &mut errors);
        (t, errors)
    }

    #[test]
    fn deprecated() {
        let (t, errors) = read_one(
            "smithy.api#deprecated",
            json!({"message": "use Y", "since": "2024"}),
        );
        assert!(errors.is_empty());
        assert_eq!(
            t.deprecated,
            Some(Deprecated {
                message: Some("use Y".into()),
                since: Some("2024".into())
            })
        );
        assert_eq!(
            read_one("smithy.api#deprecated", json!({})).0.deprecated,
            Some(Deprecated::default())
        );
        let (_, errors) = read_one("smithy.api#deprecated", json!({"message": 1}));
        assert_eq!(
            errors[0].to_string(),
            "a#S$m: trait smithy.api#deprecated must be an object whose `message` and `since` are strings, found an object"
        );
        let attr = crate::emit::deprecated_attr(Some(&Deprecated {
            message: Some("use Y".into()),
            since: None,
        }));
        assert_eq!(
            attr.to_string(),
            quote::quote!(#[deprecated(note = "use Y")]).to_string()
        );
    }

    #[test]
    fn typed_traits() {
        assert!(read_one("smithy.api#required", json!({})).0.required);
        assert_eq!(
            read_one("smithy.api#jsonName", json!("x"))
                .0
                .json_name
                .as_deref(),
            Some("x")
        );
        let h = read_one("smithy.api#http", json!({"method":"PUT","uri":"/X"}))
            .0
            .http
            .unwrap();
        assert_eq!(
            (h.method.as_str(), h.uri.as_str(), h.code),
            ("PUT", "/X", 200)
        );
        assert_eq!(
            read_one("smithy.api#retryable", json!({"throttling": true}))
                .0
                .retryable,
            Some(true)
        );
        assert_eq!(
            read_one(
                "smithy.api#requestCompression",
                json!({"encodings": ["gzip", "br"]})
            )
            .0
            .request_compression,
            Some(vec!["gzip".to_owned(), "br".to_owned()])
        );
        assert!(read_one("aws.protocols#httpChecksum", json!({}))
            .0
            .unsupported
            .contains(&"aws.protocols#httpChecksum".to_string()));
        assert_eq!(
            read_one("smithy.api#endpoint", json!({"hostPrefix": "{x}."}))
                .0
                .host_prefix
                .as_deref(),
            Some("{x}.")
        );
    }

    #[test]
    fn wrong_forms_are_located_errors() {
        let (_, e) = read_one("smithy.api#jsonName", json!(5));
        assert_eq!(
            e[0].to_string(),
            "a#S$m: trait smithy.api#jsonName must be a string, found a number"
        );
        let (_, e) = read_one("smithy.api#requestCompression", json!({"encodings": [1]}));
        assert_eq!(
            e[0].to_string(),
            "a#S$m: trait smithy.api#requestCompression must be an object with an `encodings` list of strings, found an object"
        );
        let (_, e) = read_one("smithy.api#httpError", json!("x"));
        assert!(e[0].to_string().contains("HTTP status code"));
        let (_, e) = read_one("smithy.api#required", json!("yes"));
        assert!(e[0].to_string().contains("must be an object"));
        let (_, e) = read_one("smithy.api#timestampFormat", json!("iso"));
        assert_eq!(e.len(), 1);
    }
}
