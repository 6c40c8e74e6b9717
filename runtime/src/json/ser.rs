//! A streaming JSON writer for generated serializers.
//!
//! In: values pushed one at a time through [`ObjectWriter`], [`ArrayWriter`] and
//! [`ValueWriter`]. Out: JSON text appended to a `String`. Each [`ValueWriter`] writes exactly
//! one value and is consumed doing so; objects and arrays handle commas themselves and are
//! closed with `finish`. As long as every writer that is handed out is used and every object
//! and array is finished, the text is valid JSON.
//!
//! ```
//! use smithy_rt::json::ObjectWriter;
//!
//! let mut out = String::new();
//! let mut object = ObjectWriter::new(&mut out);
//! object.key("name").string("a \"quoted\" name");
//! let mut tags = object.key("tags").start_array();
//! tags.value().number_i64(1);
//! tags.value().null();
//! tags.finish();
//! object.finish();
//! assert_eq!(out, r#"{"name":"a \"quoted\" name","tags":[1,null]}"#);
//! ```

use std::fmt::Write as _;

use crate::primitives::{base64_encode, Blob, DateTime, Document, Number, TimestampFormat};

/// Appends `text` as a quoted JSON string. Quote, backslash and every control character are
/// escaped; everything else is written as is (JSON text is UTF-8).
pub(crate) fn write_escaped_string(out: &mut String, text: &str) {
    out.push('"');
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0c => "\\f",
            0x00..=0x1f => "",
            _ => continue,
        };
        // Every escaped byte is ASCII, so `i` is a char boundary.
        out.push_str(&text[start..i]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{byte:04x}");
        } else {
            out.push_str(escape);
        }
        start = i + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

/// An owned buffer for a JSON document: a convenience over passing a `&mut String` around.
#[derive(Debug, Clone, Default)]
pub struct JsonWriter {
    out: String,
}

impl JsonWriter {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// A writer for the (single) top-level value.
    pub fn value(&mut self) -> ValueWriter<'_> {
        ValueWriter::new(&mut self.out)
    }

    /// Starts the top-level object.
    pub fn start_object(&mut self) -> ObjectWriter<'_> {
        ObjectWriter::new(&mut self.out)
    }

    /// The text written so far.
    pub fn as_str(&self) -> &str {
        &self.out
    }

    /// Takes the text.
    pub fn into_string(self) -> String {
        self.out
    }
}

/// Writes the members of one JSON object. Created by [`ObjectWriter::new`] or
/// [`ValueWriter::start_object`]; writes `{` at once and `}` on [`finish`](Self::finish).
#[derive(Debug)]
#[must_use = "an object must be closed with `finish`"]
pub struct ObjectWriter<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> ObjectWriter<'a> {
    /// Writes `{` to `out` and returns a writer for the members.
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        Self { out, empty: true }
    }

    /// Writes the member name `key` (escaped) and returns the writer for its value.
    pub fn key(&mut self, key: &str) -> ValueWriter<'_> {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        write_escaped_string(self.out, key);
        self.out.push(':');
        ValueWriter::new(self.out)
    }

    /// Writes `}`.
    pub fn finish(self) {
        self.out.push('}');
    }
}

/// Writes the elements of one JSON array. Created by [`ArrayWriter::new`] or
/// [`ValueWriter::start_array`]; writes `[` at once and `]` on [`finish`](Self::finish).
#[derive(Debug)]
#[must_use = "an array must be closed with `finish`"]
pub struct ArrayWriter<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> ArrayWriter<'a> {
    /// Writes `[` to `out` and returns a writer for the elements.
    pub fn new(out: &'a mut String) -> Self {
        out.push('[');
        Self { out, empty: true }
    }

    /// Returns the writer for the next element.
    pub fn value(&mut self) -> ValueWriter<'_> {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        ValueWriter::new(self.out)
    }

    /// Writes `]`.
    pub fn finish(self) {
        self.out.push(']');
    }
}

/// Writes exactly one JSON value; every method consumes the writer.
#[derive(Debug)]
#[must_use = "a key or array slot needs a value"]
pub struct ValueWriter<'a> {
    out: &'a mut String,
}

impl<'a> ValueWriter<'a> {
    /// A writer that appends one value to `out`.
    pub fn new(out: &'a mut String) -> Self {
        Self { out }
    }

    /// A string, escaped.
    pub fn string(self, value: &str) {
        write_escaped_string(self.out, value);
    }

    /// `true` or `false`.
    pub fn boolean(self, value: bool) {
        self.out.push_str(if value { "true" } else { "false" });
    }

    /// A signed integer.
    pub fn number_i64(self, value: i64) {
        let _ = write!(self.out, "{value}");
    }

    /// An unsigned integer.
    pub fn number_u64(self, value: u64) {
        let _ = write!(self.out, "{value}");
    }

    /// A double: finite values as the shortest text that reads back to the same `f64`;
    /// NaN and the infinities as the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    pub fn number_f64(self, value: f64) {
        if value.is_finite() {
            // `Debug` is the shortest round-trip form and uses an exponent for very large or
            // small magnitudes (`1e300`), which is valid JSON.
            let _ = write!(self.out, "{value:?}");
        } else {
            self.non_finite(value.is_nan(), value > 0.0);
        }
    }

    /// A float, written with `f32`'s own shortest text (`0.1`, not `0.10000000149011612`).
    pub fn number_f32(self, value: f32) {
        if value.is_finite() {
            let _ = write!(self.out, "{value:?}");
        } else {
            self.non_finite(value.is_nan(), value > 0.0);
        }
    }

    fn non_finite(self, nan: bool, positive: bool) {
        self.out.push_str(match (nan, positive) {
            (true, _) => "\"NaN\"",
            (false, true) => "\"Infinity\"",
            (false, false) => "\"-Infinity\"",
        });
    }

    /// `null`.
    pub fn null(self) {
        self.out.push_str("null");
    }

    /// Starts an object in this slot.
    pub fn start_object(self) -> ObjectWriter<'a> {
        ObjectWriter::new(self.out)
    }

    /// Starts an array in this slot.
    pub fn start_array(self) -> ArrayWriter<'a> {
        ArrayWriter::new(self.out)
    }

    /// A timestamp: epoch-seconds as a number with a fraction only when there are
    /// sub-second nanoseconds (`1515531081.123`); date-time and http-date as strings.
    ///
    /// Years beyond `0..=9999`, which the text formats cannot express, are written in the
    /// expanded form (`+10000`-style digits) rather than failing.
    pub fn timestamp(self, value: &DateTime, format: TimestampFormat) {
        let text = value.fmt_lenient(format);
        match format {
            TimestampFormat::EpochSeconds => self.out.push_str(&text),
            TimestampFormat::DateTime | TimestampFormat::HttpDate => self.string(&text),
        }
    }

    /// A blob as a base64 string.
    pub fn blob(self, value: &Blob) {
        self.string(&base64_encode(value.as_ref()));
    }

    /// A document, with object members sorted by name so the output is deterministic.
    pub fn document(self, value: &Document) {
        match value {
            Document::Object(map) => {
                let mut entries: Vec<_> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                let mut object = self.start_object();
                for (key, item) in entries {
                    object.key(key).document(item);
                }
                object.finish();
            }
            Document::Array(items) => {
                let mut array = self.start_array();
                for item in items {
                    array.value().document(item);
                }
                array.finish();
            }
            Document::Number(Number::PosInt(v)) => self.number_u64(*v),
            Document::Number(Number::NegInt(v)) => self.number_i64(*v),
            Document::Number(Number::Float(v)) => self.number_f64(*v),
            Document::String(s) => self.string(s),
            Document::Bool(b) => self.boolean(*b),
            Document::Null => self.null(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn write(f: impl FnOnce(ValueWriter<'_>)) -> String {
        let mut out = String::new();
        f(ValueWriter::new(&mut out));
        out
    }

    fn reparse(text: &str) -> Value {
        serde_json::from_str(text).unwrap_or_else(|e| panic!("invalid JSON {text:?}: {e}"))
    }

    #[test]
    fn nested_structure_and_commas() {
        let mut out = String::new();
        let mut object = ObjectWriter::new(&mut out);
        object.key("a").number_i64(-1);
        object.key("b").start_object().finish();
        let mut list = object.key("c").start_array();
        list.value().boolean(true);
        let mut inner = list.value().start_object();
        inner.key("x").null();
        inner.key("y").number_u64(u64::MAX);
        inner.finish();
        list.value().start_array().finish();
        list.finish();
        object.finish();
        assert_eq!(
            out,
            r#"{"a":-1,"b":{},"c":[true,{"x":null,"y":18446744073709551615},[]]}"#
        );
        reparse(&out);
        assert_eq!(write(|w| w.start_object().finish()), "{}");
    }

    #[test]
    fn string_escaping_round_trips() {
        let mut tricky: String = (0u8..0x20).map(char::from).collect();
        tricky.push_str("\"\\/ \u{7f} é 日本 😀 \u{2028}\u{2029} end");
        for text in [tricky.as_str(), "", "plain", "\"", "\\", "\u{0}"] {
            let written = write(|w| w.string(text));
            assert_eq!(
                reparse(&written),
                Value::String(text.to_owned()),
                "{written}"
            );
        }
        assert_eq!(write(|w| w.string("a\u{1}\n\"")), r#""a\u0001\n\"""#);
        assert_eq!(
            write(|w| w.string("\u{1f}\u{8}\u{c}\r\t")),
            r#""\u001f\b\f\r\t""#
        );

        let mut out = String::new();
        let mut object = ObjectWriter::new(&mut out);
        object.key(&tricky).string("v");
        object.finish();
        assert_eq!(reparse(&out)[tricky.as_str()], json!("v"));
    }

    #[test]
    fn float_text_round_trips() {
        for v in [
            0.0,
            -0.0,
            1.0,
            0.1,
            -2.5,
            1e300,
            -1e-300,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            123_456_789.123_456_79,
            1e16,
            1e15,
        ] {
            let text = write(|w| w.number_f64(v));
            // Validity through serde_json; exactness through std's correctly rounded parser
            // (serde_json's default float parsing may be one ulp off).
            assert!(reparse(&text).is_number(), "{text}");
            let back: f64 = text.parse().unwrap_or(f64::NAN);
            assert_eq!(back.to_bits(), v.to_bits(), "{v} wrote {text}");
        }
        assert_eq!(write(|w| w.number_f64(0.1)), "0.1");
        assert_eq!(write(|w| w.number_f64(f64::NAN)), r#""NaN""#);
        assert_eq!(write(|w| w.number_f64(f64::INFINITY)), r#""Infinity""#);
        assert_eq!(write(|w| w.number_f64(f64::NEG_INFINITY)), r#""-Infinity""#);
        assert_eq!(write(|w| w.number_f32(0.1)), "0.1");
        assert_eq!(write(|w| w.number_f32(f32::NAN)), r#""NaN""#);
        assert_eq!(write(|w| w.number_f32(f32::NEG_INFINITY)), r#""-Infinity""#);
        for v in [f32::MAX, f32::MIN_POSITIVE, 1e-45_f32, 3.4e38_f32] {
            let text = write(|w| w.number_f32(v));
            assert!(reparse(&text).is_number(), "{text}");
            let back: f32 = text.parse().unwrap_or(f32::NAN);
            assert_eq!(back.to_bits(), v.to_bits(), "{v} wrote {text}");
        }
    }

    #[test]
    fn integers() {
        assert_eq!(write(|w| w.number_i64(i64::MIN)), "-9223372036854775808");
        assert_eq!(reparse(&write(|w| w.number_i64(i64::MIN))), json!(i64::MIN));
        assert_eq!(write(|w| w.number_u64(0)), "0");
    }

    #[test]
    fn timestamps() {
        let dt = DateTime::from_secs_and_nanos(1515531081, 123_000_000);
        assert_eq!(
            write(|w| w.timestamp(&dt, TimestampFormat::EpochSeconds)),
            "1515531081.123"
        );
        assert_eq!(
            write(|w| w.timestamp(
                &DateTime::from_secs(1515531081),
                TimestampFormat::EpochSeconds
            )),
            "1515531081"
        );
        assert_eq!(
            write(|w| w.timestamp(
                &DateTime::from_secs_and_nanos(-2, 500_000_000),
                TimestampFormat::EpochSeconds
            )),
            "-1.5"
        );
        assert_eq!(
            write(|w| w.timestamp(&dt, TimestampFormat::DateTime)),
            r#""2018-01-09T20:51:21.123Z""#
        );
        assert_eq!(
            write(|w| w.timestamp(&dt, TimestampFormat::HttpDate)),
            r#""Tue, 09 Jan 2018 20:51:21 GMT""#
        );
        let far = DateTime::from_secs(i64::MAX);
        for format in [
            TimestampFormat::EpochSeconds,
            TimestampFormat::DateTime,
            TimestampFormat::HttpDate,
        ] {
            reparse(&write(|w| w.timestamp(&far, format)));
        }
    }

    #[test]
    fn blobs_and_documents() {
        assert_eq!(write(|w| w.blob(&Blob::new("hi"))), r#""aGk=""#);
        let doc = Document::Object(
            [
                ("z".to_owned(), Document::from(-1_i64)),
                (
                    "a".to_owned(),
                    Document::Array(vec![
                        Document::Null,
                        Document::from(1.5),
                        Document::from(true),
                    ]),
                ),
                ("m".to_owned(), Document::from("s")),
                ("n".to_owned(), Document::from(f64::NAN)),
                ("p".to_owned(), Document::from(7_u64)),
            ]
            .into_iter()
            .collect(),
        );
        let text = write(|w| w.document(&doc));
        assert_eq!(
            text,
            r#"{"a":[null,1.5,true],"m":"s","n":"NaN","p":7,"z":-1}"#
        );
    }

    #[test]
    fn json_writer_owns_its_buffer() {
        let mut writer = JsonWriter::new();
        let mut object = writer.start_object();
        object.key("k").string("v");
        object.finish();
        assert_eq!(writer.as_str(), r#"{"k":"v"}"#);
        assert_eq!(writer.into_string(), r#"{"k":"v"}"#);
        let mut writer = JsonWriter::new();
        writer.value().number_i64(3);
        assert_eq!(writer.into_string(), "3");
    }
}
