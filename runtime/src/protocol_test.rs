//! Assertions for generated protocol compliance tests (the `smithy.test` traits).
//!
//! In: a request a client sent (or a value it parsed) and what a test case expects. Out:
//! a panic listing every mismatch, or nothing. The rules follow the Smithy specification of
//! `httpRequestTests`:
//!
//! - the method compares exactly, the path exactly (percent-encoding matters);
//! - each expected query parameter `k=v` must be present (compared after percent-decoding);
//!   forbidden keys must be absent and required keys present;
//! - each expected header must be present with that value (names compare case-insensitively,
//!   repeated headers are joined with `, `); forbidden headers absent, required present;
//! - a JSON body (`bodyMediaType` `application/json`) compares as a JSON value (numbers by
//!   value, object keys in any order); any other body compares byte for byte; an absent
//!   expected body is not checked, an empty one must be empty.
//!
//! [`ProtocolEq`] compares parsed values as the tests need: like `PartialEq`, except that
//! `NaN` equals `NaN`.

use std::collections::HashMap;

use crate::http::{Headers, HttpRequest};
use crate::primitives::{Blob, ByteStream, DateTime, Document};

/// What a request test expects. Empty slices and `None` check nothing.
#[derive(Debug, Clone, Copy, Default)]
pub struct ExpectedRequest<'a> {
    /// The HTTP method.
    pub method: &'a str,
    /// The path, percent-encoded as on the wire, without the query string.
    pub uri: &'a str,
    /// The host (with any port) the request must be sent to.
    pub resolved_host: Option<&'a str>,
    /// `key=value` (or bare `key`) entries that must be in the query string.
    pub query_params: &'a [&'a str],
    /// Query keys that must not be present.
    pub forbid_query_params: &'a [&'a str],
    /// Query keys that must be present, with any value.
    pub require_query_params: &'a [&'a str],
    /// Headers that must be present with these values.
    pub headers: &'a [(&'a str, &'a str)],
    /// Headers that must not be present.
    pub forbid_headers: &'a [&'a str],
    /// Headers that must be present, with any value.
    pub require_headers: &'a [&'a str],
    /// The expected body; `None` does not check it.
    pub body: Option<&'a str>,
    /// The body's media type (`application/json` compares as JSON).
    pub body_media_type: Option<&'a str>,
}

/// Panics with every way `request` differs from `expected`.
pub fn assert_request(request: &HttpRequest, expected: &ExpectedRequest<'_>) {
    let problems = check_request(request, expected);
    if !problems.is_empty() {
        panic!(
            "the request does not match the protocol test:\n  - {}\nrequest: {} {}\nheaders: {:?}\nbody: {}",
            problems.join("\n  - "),
            request.method,
            request.uri,
            request.headers.iter().collect::<Vec<_>>(),
            String::from_utf8_lossy(&request.body)
        );
    }
}

/// Every way `request` differs from `expected`, one sentence each.
pub fn check_request(request: &HttpRequest, expected: &ExpectedRequest<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    if request.method != expected.method {
        problems.push(format!(
            "method: expected {}, sent {}",
            expected.method, request.method
        ));
    }
    let (host, path, query) = split_uri(&request.uri);
    if path != expected.uri {
        problems.push(format!("path: expected {}, sent {path}", expected.uri));
    }
    if let Some(resolved) = expected.resolved_host {
        if host != resolved {
            problems.push(format!("host: expected {resolved}, sent {host}"));
        }
    }
    problems.extend(check_query(query, expected));
    problems.extend(check_headers(
        &request.headers,
        expected.headers,
        expected.forbid_headers,
        expected.require_headers,
    ));
    if let Some(body) = expected.body {
        if let Err(problem) = check_body(&request.body, body, expected.body_media_type) {
            problems.push(problem);
        }
    }
    problems
}

/// `(authority, path, query)` of an absolute or origin-form URI; the path is `/` when empty.
fn split_uri(uri: &str) -> (&str, &str, &str) {
    let (authority, rest) = match uri.split_once("://") {
        Some((_, rest)) => {
            let end = rest.find(['/', '?']).unwrap_or(rest.len());
            (&rest[..end], &rest[end..])
        }
        None => ("", uri),
    };
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    (authority, if path.is_empty() { "/" } else { path }, query)
}

/// Percent-decodes `text` (`%XX` only; `+` stays a plus). Invalid escapes stay as they are.
pub fn percent_decode(text: &str) -> String {
    String::from_utf8_lossy(&crate::percent::decode(text)).into_owned()
}

/// `(key, value)` pairs of a query string, decoded; a bare key has no value.
fn query_pairs(query: &str) -> Vec<(String, Option<String>)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (percent_decode(k), Some(percent_decode(v))),
            None => (percent_decode(p), None),
        })
        .collect()
}

fn check_query(query: &str, expected: &ExpectedRequest<'_>) -> Vec<String> {
    let actual = query_pairs(query);
    let mut problems = Vec::new();
    for param in expected.query_params {
        let wanted = query_pairs(param);
        for pair in wanted {
            if !actual.contains(&pair) {
                problems.push(format!(
                    "query: expected `{param}`, sent `{query}` (decoded {actual:?})"
                ));
            }
        }
    }
    for key in expected.forbid_query_params {
        if actual.iter().any(|(k, _)| k == key) {
            problems.push(format!("query: `{key}` is forbidden, sent `{query}`"));
        }
    }
    for key in expected.require_query_params {
        if !actual.iter().any(|(k, _)| k == key) {
            problems.push(format!("query: `{key}` is required, sent `{query}`"));
        }
    }
    problems
}

/// Checks headers as a request test does (also used for responses a test builds).
pub fn check_headers(
    headers: &Headers,
    expected: &[(&str, &str)],
    forbid: &[&str],
    require: &[&str],
) -> Vec<String> {
    let mut problems = Vec::new();
    for (name, value) in expected {
        let values: Vec<&str> = headers.get_all(name).collect();
        if values.is_empty() {
            problems.push(format!("header `{name}`: expected `{value}`, not sent"));
        } else if values.join(", ") != *value {
            problems.push(format!(
                "header `{name}`: expected `{value}`, sent `{}`",
                values.join(", ")
            ));
        }
    }
    for name in forbid {
        if let Some(value) = headers.get(name) {
            problems.push(format!("header `{name}` is forbidden, sent `{value}`"));
        }
    }
    for name in require {
        if !headers.contains(name) {
            problems.push(format!("header `{name}` is required, not sent"));
        }
    }
    problems
}

/// Compares a body with the expected text: as JSON for a JSON media type, as CBOR for
/// `application/cbor` (the text is then base64), else exactly.
pub fn check_body(actual: &[u8], expected: &str, media_type: Option<&str>) -> Result<(), String> {
    let is_json = media_type.is_some_and(|m| m.starts_with("application/json"));
    if media_type == Some("application/cbor") && !expected.trim().is_empty() {
        let bytes = crate::primitives::base64_decode(expected.trim())
            .map_err(|e| format!("body: the test's expected CBOR is not base64: {e}"))?;
        let want = crate::cbor::parse_value(&bytes)
            .map_err(|e| format!("body: the test's expected CBOR does not parse: {e}"))?;
        let got = crate::cbor::parse_value(actual)
            .map_err(|e| format!("body: expected CBOR {want:?}, sent {actual:02x?} ({e})"))?;
        if cbor_eq(&want, &got) {
            Ok(())
        } else {
            Err(format!("body: expected CBOR {want:?}, sent {got:?}"))
        }
    } else if is_json && !expected.trim().is_empty() {
        let want = crate::json::parse_value(expected.as_bytes())
            .map_err(|e| format!("body: the test's expected JSON does not parse: {e}"))?;
        let got = crate::json::parse_value(actual).map_err(|e| {
            format!(
                "body: expected JSON {expected}, sent `{}` ({e})",
                String::from_utf8_lossy(actual)
            )
        })?;
        if json_eq(&want, &got) {
            Ok(())
        } else {
            Err(format!("body: expected JSON {want}, sent {got}"))
        }
    } else if actual == expected.as_bytes() {
        Ok(())
    } else {
        Err(format!(
            "body: expected `{expected}`, sent `{}`",
            String::from_utf8_lossy(actual)
        ))
    }
}

/// JSON equality with numbers compared by value (`1` equals `1.0`) and objects unordered.
pub fn json_eq(a: &crate::json::Value, b: &crate::json::Value) -> bool {
    use crate::json::{Number, Value};
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x, y) {
            (Number::PosInt(x), Number::PosInt(y)) => x == y,
            (Number::NegInt(x), Number::NegInt(y)) => x == y,
            _ => x.to_f64_lossy() == y.to_f64_lossy(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| json_eq(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| json_eq(v, w)))
        }
        _ => a == b,
    }
}

/// CBOR equality of decoded items: maps unordered (as decoded), floats compared by value
/// whatever their width on the wire, `NaN` equal to `NaN`; an integer never equals a float,
/// except as the seconds of a timestamp (tag 1).
pub fn cbor_eq(a: &crate::cbor::Value, b: &crate::cbor::Value) -> bool {
    use crate::cbor::Value;
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => x == y || (x.is_nan() && y.is_nan()),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| cbor_eq(x, y))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| cbor_eq(v, w)))
        }
        // A timestamp is its instant, written as an integer or a float (the suites do both).
        (Value::Tag(1, x), Value::Tag(1, y)) => match (x.as_ref(), y.as_ref()) {
            (Value::Integer(i), Value::Float(f)) | (Value::Float(f), Value::Integer(i)) => {
                *i as f64 == *f
            }
            _ => cbor_eq(x, y),
        },
        (Value::Tag(t, x), Value::Tag(u, y)) => t == u && cbor_eq(x, y),
        _ => a == b,
    }
}

/// Equality for the values a response test compares: `PartialEq`, except that floating point
/// `NaN` equals `NaN`. Generated test modules implement it for the crate's own types.
pub trait ProtocolEq {
    /// Whether `self` and `other` hold the same value.
    fn protocol_eq(&self, other: &Self) -> bool;
}

macro_rules! by_partial_eq {
    ($($t:ty),*) => {
        $(impl ProtocolEq for $t {
            fn protocol_eq(&self, other: &Self) -> bool {
                self == other
            }
        })*
    };
}

by_partial_eq!(bool, i8, i16, i32, i64, String, Blob, ByteStream, DateTime, Document);

impl ProtocolEq for f32 {
    fn protocol_eq(&self, other: &Self) -> bool {
        self == other || self.is_nan() && other.is_nan()
    }
}

impl ProtocolEq for f64 {
    fn protocol_eq(&self, other: &Self) -> bool {
        self == other || self.is_nan() && other.is_nan()
    }
}

impl<T: ProtocolEq + ?Sized> ProtocolEq for Box<T> {
    fn protocol_eq(&self, other: &Self) -> bool {
        (**self).protocol_eq(other)
    }
}

impl<T: ProtocolEq> ProtocolEq for Option<T> {
    fn protocol_eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Some(a), Some(b)) => a.protocol_eq(b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl<T: ProtocolEq> ProtocolEq for Vec<T> {
    fn protocol_eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other).all(|(a, b)| a.protocol_eq(b))
    }
}

/// Any key type: string keys, and the enums that key some maps.
impl<K: Eq + std::hash::Hash, T: ProtocolEq> ProtocolEq for HashMap<K, T> {
    fn protocol_eq(&self, other: &Self) -> bool {
        self.len() == other.len()
            && self
                .iter()
                .all(|(k, v)| other.get(k).is_some_and(|w| v.protocol_eq(w)))
    }
}

/// Panics unless `actual` and `expected` are [`ProtocolEq`], printing both.
pub fn assert_protocol_eq<T: ProtocolEq + std::fmt::Debug>(actual: &T, expected: &T) {
    if !actual.protocol_eq(expected) {
        panic!("the parsed value does not match the protocol test:\n  parsed:   {actual:?}\n  expected: {expected:?}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(uri: &str) -> HttpRequest {
        let mut r = HttpRequest::new("POST", uri);
        r.headers.append("Content-Type", "application/json");
        r.headers.append("X-List", "a");
        r.headers.append("x-list", "b");
        r.body = br#"{"b":[1,2.0],"a":"x"}"#.to_vec();
        r
    }

    #[test]
    fn a_matching_request_has_no_problems() {
        let expected = ExpectedRequest {
            method: "POST",
            uri: "/a%20b/c",
            resolved_host: Some("example.com"),
            query_params: &["k=a%20b", "flag"],
            forbid_query_params: &["other"],
            require_query_params: &["k"],
            headers: &[("content-type", "application/json"), ("X-List", "a, b")],
            forbid_headers: &["X-Missing"],
            require_headers: &["x-list"],
            body: Some("{\"a\": \"x\", \"b\": [1.0, 2]}"),
            body_media_type: Some("application/json"),
        };
        let r = request("https://example.com/a%20b/c?k=a%20b&flag");
        assert_eq!(check_request(&r, &expected), Vec::<String>::new());
    }

    #[test]
    fn every_mismatch_is_reported() {
        let expected = ExpectedRequest {
            method: "GET",
            uri: "/a/c",
            query_params: &["k=v"],
            forbid_query_params: &["flag"],
            require_query_params: &["z"],
            headers: &[("X-List", "a")],
            forbid_headers: &["content-type"],
            require_headers: &["x-other"],
            body: Some("plain"),
            ..Default::default()
        };
        let problems = check_request(&request("http://h/a%20b/c?flag"), &expected);
        assert_eq!(problems.len(), 9, "{problems:#?}");
    }

    #[test]
    fn uris_and_decoding() {
        assert_eq!(split_uri("http://h:1/p?q=1"), ("h:1", "/p", "q=1"));
        assert_eq!(split_uri("http://h?q"), ("h", "/", "q"));
        assert_eq!(split_uri("/p"), ("", "/p", ""));
        assert_eq!(percent_decode("a%20b%2x+%F0%9F%98%B9"), "a b%2x+😹");
    }

    #[test]
    fn bodies() {
        assert!(check_body(b"", "", Some("application/json")).is_ok());
        assert!(check_body(b"{}", "", Some("application/json")).is_err());
        assert!(check_body(b"abc", "abc", None).is_ok());
        assert!(check_body(b"{\"a\":1}", "{\"a\":2}", Some("application/json")).is_err());
    }

    #[test]
    fn cbor_bodies() {
        let cbor = Some("application/cbor");
        // {"a": [1.5, NaN]} written indefinite-length with doubles, expected definite with
        // a half and a single float.
        let sent = [
            0xbf, 0x61, b'a', 0x9f, 0xfb, 0x3f, 0xf8, 0, 0, 0, 0, 0, 0, 0xfb, 0x7f, 0xf8, 0, 0, 0,
            0, 0, 0, 0xff, 0xff,
        ];
        let expected = [
            0xa1, 0x61, b'a', 0x82, 0xf9, 0x3e, 0x00, 0xfa, 0x7f, 0xc0, 0, 0,
        ];
        let expected = crate::primitives::base64_encode(&expected);
        assert_eq!(check_body(&sent, &expected, cbor), Ok(()));
        // An integer is not a float, a missing key is a difference.
        let one = crate::primitives::base64_encode(&[0xa1, 0x61, b'a', 0x01]);
        let one_float = [0xa1, 0x61, b'a', 0xf9, 0x3c, 0x00];
        assert!(check_body(&one_float, &one, cbor).is_err());
        assert!(check_body(&[0xa0], &one, cbor).is_err());
        assert!(check_body(&[0xa1], &one, cbor).is_err());
        assert!(check_body(&[0xa0], "not base64!", cbor).is_err());
        // Timestamp seconds compare by value.
        let secs = crate::primitives::base64_encode(&[0xc1, 0x00]);
        assert_eq!(check_body(&[0xc1, 0xf9, 0x00, 0x00], &secs, cbor), Ok(()));
        assert!(check_body(&[0xc1, 0xf9, 0x3c, 0x00], &secs, cbor).is_err());
        assert_eq!(check_body(b"", "", cbor), Ok(()));
    }

    #[test]
    fn nan_equals_nan() {
        assert!(f64::NAN.protocol_eq(&f64::NAN));
        assert!(!1.0f32.protocol_eq(&f32::NAN));
        assert!(Some(vec![f32::NAN]).protocol_eq(&Some(vec![f32::NAN])));
        let m: HashMap<String, f64> = [("a".to_string(), f64::NAN)].into();
        assert!(m.protocol_eq(&m.clone()));
    }
}
