//! HTTP bindings of restJson1 members outside the JSON body.
//!
//! In: member values the generated serializers already turned into text, or response headers.
//! Out: percent-encoded URI labels and query strings, header values (lists quoted and joined),
//! and the reverse for responses (header lists split, scalars parsed) with located errors.
//! Generated code calls these instead of re-emitting encoding rules into every crate.

use std::borrow::Cow;

use crate::http::Headers;
use crate::json::DeserializeError;
use crate::primitives::{DateTime, TimestampFormat};

fn encode(s: &str, keep_slash: bool) -> String {
    crate::percent::encode(s.as_bytes(), keep_slash)
}

/// A URI label value (`{name}`): every reserved character, `/` included, is encoded.
pub fn encode_label(value: &str) -> String {
    encode(value, false)
}

/// A greedy URI label value (`{name+}`): segments are encoded, `/` between them is kept.
pub fn encode_greedy_label(value: &str) -> String {
    encode(value, true)
}

/// A query string key or value.
pub fn encode_query(value: &str) -> String {
    encode(value, false)
}

/// Appends `key=value` pairs to a URI, starting the query with `?` or continuing it with `&`.
#[derive(Debug)]
pub struct QueryWriter<'a> {
    uri: &'a mut String,
    started: bool,
}

impl<'a> QueryWriter<'a> {
    /// A writer appending to `uri` (which may already contain a literal query).
    pub fn new(uri: &'a mut String) -> Self {
        let started = uri.contains('?');
        Self { uri, started }
    }

    fn separator(&mut self) {
        self.uri.push(if self.started { '&' } else { '?' });
        self.started = true;
    }

    /// Appends `key=value`, both percent-encoded.
    pub fn push(&mut self, key: &str, value: &str) {
        self.separator();
        self.uri.push_str(&encode_query(key));
        self.uri.push('=');
        self.uri.push_str(&encode_query(value));
    }

    /// Appends a key without a value (a literal `?flag` in the model's URI).
    pub fn push_key(&mut self, key: &str) {
        self.separator();
        self.uri.push_str(&encode_query(key));
    }
}

/// Text of a double for a label, query or header: `NaN`, `Infinity`, `-Infinity`, or the
/// shortest round-trip decimal.
pub fn fmt_f64(value: f64) -> String {
    if value.is_nan() {
        "NaN".into()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.into()
    } else {
        value.to_string()
    }
}

/// Text of a float (see [`fmt_f64`]).
pub fn fmt_f32(value: f32) -> String {
    if value.is_finite() {
        value.to_string()
    } else {
        fmt_f64(value.into())
    }
}

/// One item of a header list: quoted (with `"` and `\` escaped) when it contains a comma or a
/// double quote, so that [`split_header_list`] gives it back.
pub fn quote_header_item(value: &str) -> Cow<'_, str> {
    if value.contains([',', '"']) {
        Cow::Owned(format!(
            "\"{}\"",
            value.replace('\\', "\\\\").replace('"', "\\\"")
        ))
    } else {
        Cow::Borrowed(value)
    }
}

/// Splits a comma-separated header list, honouring quoted items and trimming whitespace.
pub fn split_header_list(value: &str) -> Vec<String> {
    let mut items = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut was_quoted = false;
    let mut chars = value.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' if quoted => quoted = false,
            '"' if current.trim().is_empty() => {
                current.clear();
                quoted = true;
                was_quoted = true;
            }
            '\\' if quoted => {
                if let Some(next) = chars.next() {
                    current.push(next);
                }
            }
            ',' if !quoted => {
                items.push(finish_item(&current, was_quoted));
                current.clear();
                was_quoted = false;
            }
            c => current.push(c),
        }
    }
    if !current.trim().is_empty() || was_quoted || !items.is_empty() {
        items.push(finish_item(&current, was_quoted));
    }
    items
}

fn finish_item(item: &str, was_quoted: bool) -> String {
    if was_quoted {
        item.to_string()
    } else {
        item.trim().to_string()
    }
}

/// Splits an `http-date` header list: each date itself contains one comma
/// (`Mon, 16 Dec 2019 23:48:18 GMT, Tue, ...`), so items are pairs of comma-separated parts.
pub fn split_http_date_list(value: &str) -> Vec<String> {
    let parts: Vec<&str> = value.split(',').map(str::trim).collect();
    parts.chunks(2).map(|pair| pair.join(", ")).collect()
}

/// Where a response value was read, for error messages.
fn header_location(name: &str) -> String {
    format!("header `{name}`")
}

/// Reads scalar values out of response headers.
#[derive(Debug, Clone, Copy)]
pub struct HeaderReader<'a> {
    headers: &'a Headers,
}

impl<'a> HeaderReader<'a> {
    /// A reader over `headers`.
    pub fn new(headers: &'a Headers) -> Self {
        Self { headers }
    }

    /// All values of a header joined by `, ` (repeated headers form one list), if present.
    fn joined(&self, name: &str) -> Option<String> {
        let values: Vec<&str> = self.headers.get_all(name).collect();
        if values.is_empty() {
            None
        } else {
            Some(values.join(", "))
        }
    }

    /// A string header.
    pub fn string(&self, name: &str) -> Option<String> {
        self.joined(name)
    }

    /// A header parsed with `FromStr` (integers and booleans), with a located error.
    pub fn parse<T: std::str::FromStr>(
        &self,
        name: &str,
        type_name: &str,
    ) -> Result<Option<T>, DeserializeError> {
        match self.joined(name) {
            None => Ok(None),
            Some(v) => parse_scalar(v.trim(), type_name)
                .map(Some)
                .map_err(|m| DeserializeError::at(header_location(name), m)),
        }
    }

    /// A header list of scalars.
    pub fn parse_list<T: std::str::FromStr>(
        &self,
        name: &str,
        type_name: &str,
    ) -> Result<Option<Vec<T>>, DeserializeError> {
        match self.joined(name) {
            None => Ok(None),
            Some(v) => split_header_list(&v)
                .iter()
                .map(|item| {
                    parse_scalar(item, type_name)
                        .map_err(|m| DeserializeError::at(header_location(name), m))
                })
                .collect::<Result<Vec<T>, _>>()
                .map(Some),
        }
    }

    /// A list of strings.
    pub fn string_list(&self, name: &str) -> Option<Vec<String>> {
        self.joined(name).map(|v| split_header_list(&v))
    }

    /// A floating point header (`NaN`, `Infinity`, `-Infinity` included).
    pub fn f64(&self, name: &str) -> Result<Option<f64>, DeserializeError> {
        match self.joined(name) {
            None => Ok(None),
            Some(v) => parse_f64(v.trim())
                .map(Some)
                .map_err(|m| DeserializeError::at(header_location(name), m)),
        }
    }

    /// A list of floating point values.
    pub fn f64_list(&self, name: &str) -> Result<Option<Vec<f64>>, DeserializeError> {
        match self.joined(name) {
            None => Ok(None),
            Some(v) => split_header_list(&v)
                .iter()
                .map(|item| {
                    parse_f64(item).map_err(|m| DeserializeError::at(header_location(name), m))
                })
                .collect::<Result<Vec<_>, _>>()
                .map(Some),
        }
    }

    /// A timestamp header in `format`.
    pub fn timestamp(
        &self,
        name: &str,
        format: TimestampFormat,
    ) -> Result<Option<DateTime>, DeserializeError> {
        match self.joined(name) {
            None => Ok(None),
            Some(v) => DateTime::from_str(v.trim(), format)
                .map(Some)
                .map_err(|e| DeserializeError::at(header_location(name), e.to_string())),
        }
    }

    /// A list of timestamps in `format`.
    pub fn timestamp_list(
        &self,
        name: &str,
        format: TimestampFormat,
    ) -> Result<Option<Vec<DateTime>>, DeserializeError> {
        let Some(v) = self.joined(name) else {
            return Ok(None);
        };
        let items = match format {
            TimestampFormat::HttpDate => split_http_date_list(&v),
            _ => split_header_list(&v),
        };
        items
            .iter()
            .map(|item| {
                DateTime::from_str(item, format)
                    .map_err(|e| DeserializeError::at(header_location(name), e.to_string()))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some)
    }

    /// A header whose value is base64 (`@mediaType` strings, blobs), decoded as UTF-8 text.
    pub fn base64_string(&self, name: &str) -> Result<Option<String>, DeserializeError> {
        match self.joined(name) {
            None => Ok(None),
            Some(v) => {
                let bytes = crate::primitives::base64_decode(v.trim())
                    .map_err(|e| DeserializeError::at(header_location(name), e.to_string()))?;
                String::from_utf8(bytes).map(Some).map_err(|_| {
                    DeserializeError::at(header_location(name), "base64 value is not UTF-8")
                })
            }
        }
    }

    /// Every header whose name starts with `prefix` (case-insensitively), keyed by the rest of
    /// the name as received.
    pub fn prefixed(&self, prefix: &str) -> Option<std::collections::HashMap<String, String>> {
        let mut map = std::collections::HashMap::new();
        for (name, value) in self.headers.iter() {
            if name.len() >= prefix.len()
                && name.is_char_boundary(prefix.len())
                && name[..prefix.len()].eq_ignore_ascii_case(prefix)
            {
                let key = name[prefix.len()..].to_string();
                map.entry(key)
                    .and_modify(|v: &mut String| {
                        v.push_str(", ");
                        v.push_str(value);
                    })
                    .or_insert_with(|| value.to_string());
            }
        }
        if map.is_empty() && !prefix.is_empty() {
            None
        } else {
            Some(map)
        }
    }
}

fn parse_scalar<T: std::str::FromStr>(text: &str, type_name: &str) -> Result<T, String> {
    text.parse::<T>()
        .map_err(|_| format!("expected {type_name}, found `{}`", truncate(text)))
}

fn parse_f64(text: &str) -> Result<f64, String> {
    match text {
        "NaN" => Ok(f64::NAN),
        "Infinity" => Ok(f64::INFINITY),
        "-Infinity" => Ok(f64::NEG_INFINITY),
        t => t
            .parse()
            .map_err(|_| format!("expected a number, found `{}`", truncate(t))),
    }
}

fn truncate(s: &str) -> &str {
    match s.char_indices().nth(64) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_query_are_percent_encoded() {
        assert_eq!(encode_label("a b/c%"), "a%20b%2Fc%25");
        assert_eq!(encode_greedy_label("a b/c"), "a%20b/c");
        let mut uri = "/path".to_string();
        let mut q = QueryWriter::new(&mut uri);
        q.push("k", "v 1&2");
        q.push_key("flag");
        assert_eq!(uri, "/path?k=v%201%262&flag");
        let mut uri = "/path?x-id=Get".to_string();
        QueryWriter::new(&mut uri).push("a", "b");
        assert_eq!(uri, "/path?x-id=Get&a=b");
    }

    #[test]
    fn header_lists_round_trip() {
        let items = ["plain", "with,comma", "with\"quote", " spaced "];
        let joined: Vec<_> = items
            .iter()
            .map(|i| quote_header_item(i).into_owned())
            .collect();
        let header = joined.join(", ");
        let back = split_header_list(&header);
        assert_eq!(back, ["plain", "with,comma", "with\"quote", "spaced"]);
        assert_eq!(split_header_list("a,b , c"), ["a", "b", "c"]);
        assert_eq!(
            split_header_list("\"b,c\", \"\\\"def\\\"\", a"),
            ["b,c", "\"def\"", "a"]
        );
        assert!(split_header_list("").is_empty());
        assert_eq!(
            split_http_date_list("Mon, 16 Dec 2019 23:48:18 GMT, Tue, 17 Dec 2019 23:48:18 GMT"),
            [
                "Mon, 16 Dec 2019 23:48:18 GMT",
                "Tue, 17 Dec 2019 23:48:18 GMT"
            ]
        );
    }

    #[test]
    fn header_reader_reports_locations() {
        let mut h = Headers::new();
        h.insert("X-Int", "12");
        h.insert("X-Bad", "twelve");
        h.insert("X-Float", "NaN");
        h.insert("X-Meta-A", "1");
        h.insert("x-meta-b", "2");
        let r = HeaderReader::new(&h);
        assert_eq!(r.parse::<i32>("x-int", "an integer").unwrap(), Some(12));
        let err = r.parse::<i32>("x-bad", "an integer").unwrap_err();
        assert_eq!(
            err.to_string(),
            "header `x-bad`: expected an integer, found `twelve`"
        );
        assert!(r.f64("x-float").unwrap().unwrap().is_nan());
        assert_eq!(r.parse::<i32>("x-missing", "an integer").unwrap(), None);
        let m = r.prefixed("x-meta-").unwrap();
        assert_eq!(m.len(), 2);
        assert_eq!(m["A"], "1");
    }

    #[test]
    fn floats_have_their_special_values() {
        assert_eq!(fmt_f64(f64::NAN), "NaN");
        assert_eq!(fmt_f64(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(fmt_f64(1.5), "1.5");
        assert_eq!(fmt_f32(f32::INFINITY), "Infinity");
    }
}
