//! A streaming CBOR writer for generated serializers, with the same API as
//! [`crate::json::ser`].
//!
//! In: values pushed one at a time through [`ObjectWriter`], [`ArrayWriter`] and
//! [`ValueWriter`]. Out: CBOR appended to a `Vec<u8>`. Each [`ValueWriter`] writes exactly one
//! item and is consumed doing so; maps and arrays are closed with `finish`. As long as every
//! writer that is handed out is used and every map and array is finished, the bytes are one
//! well-formed CBOR item.
//!
//! Encoding choices (all valid for rpcv2Cbor):
//! - maps and arrays are indefinite-length (`0xbf ... 0xff`, `0x9f ... 0xff`), since a
//!   streaming writer does not know their size up front; strings are definite-length;
//! - integers and lengths use the smallest encoding;
//! - `f64` is always written as a double (`0xfb`) and `f32` as a single (`0xfa`), NaN and the
//!   infinities included, so the precision on the wire is the precision of the shape;
//! - timestamps are tag 1 around epoch seconds as a double, as the rpcv2Cbor specification
//!   asks (a reader accepts an integer too).
//!
//! ```
//! use smithy_rt::cbor::ObjectWriter;
//!
//! let mut out = Vec::new();
//! let mut object = ObjectWriter::new(&mut out);
//! object.key("n").number_i64(-1);
//! let mut tags = object.key("t").start_array();
//! tags.value().boolean(true);
//! tags.value().null();
//! tags.finish();
//! object.finish();
//! assert_eq!(out, [0xbf, 0x61, b'n', 0x20, 0x61, b't', 0x9f, 0xf5, 0xf6, 0xff, 0xff]);
//! ```

use crate::primitives::{Blob, DateTime, Document, Number, TimestampFormat};

const MAJOR_UNSIGNED: u8 = 0;
const MAJOR_NEGATIVE: u8 = 1;
const MAJOR_BYTES: u8 = 2;
const MAJOR_TEXT: u8 = 3;
const START_ARRAY: u8 = 0x9f;
const START_MAP: u8 = 0xbf;
const BREAK: u8 = 0xff;
const EPOCH_TAG: u8 = 0xc1;

/// Appends the initial byte of `major` with `arg` in its smallest encoding.
fn write_header(out: &mut Vec<u8>, major: u8, arg: u64) {
    let major = major << 5;
    // Each cast below is exact: the branch bounds `arg`.
    if arg < 24 {
        out.push(major | arg as u8);
    } else if arg <= u64::from(u8::MAX) {
        out.extend_from_slice(&[major | 24, arg as u8]);
    } else if arg <= u64::from(u16::MAX) {
        out.push(major | 25);
        out.extend_from_slice(&(arg as u16).to_be_bytes());
    } else if arg <= u64::from(u32::MAX) {
        out.push(major | 26);
        out.extend_from_slice(&(arg as u32).to_be_bytes());
    } else {
        out.push(major | 27);
        out.extend_from_slice(&arg.to_be_bytes());
    }
}

fn write_text(out: &mut Vec<u8>, text: &str) {
    write_header(out, MAJOR_TEXT, text.len() as u64);
    out.extend_from_slice(text.as_bytes());
}

/// An owned buffer for a CBOR body: a convenience over passing a `&mut Vec<u8>` around.
#[derive(Debug, Clone, Default)]
pub struct CborWriter {
    out: Vec<u8>,
}

impl CborWriter {
    /// An empty buffer.
    pub fn new() -> Self {
        Self::default()
    }

    /// A writer for the (single) top-level item.
    pub fn value(&mut self) -> ValueWriter<'_> {
        ValueWriter::new(&mut self.out)
    }

    /// Starts the top-level map.
    pub fn start_object(&mut self) -> ObjectWriter<'_> {
        ObjectWriter::new(&mut self.out)
    }

    /// The bytes written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.out
    }

    /// Takes the bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.out
    }
}

/// Writes the entries of one CBOR map. Created by [`ObjectWriter::new`] or
/// [`ValueWriter::start_object`]; writes `0xbf` (indefinite-length map) at once and the break
/// `0xff` on [`finish`](Self::finish).
#[derive(Debug)]
#[must_use = "a map must be closed with `finish`"]
pub struct ObjectWriter<'a> {
    out: &'a mut Vec<u8>,
}

impl<'a> ObjectWriter<'a> {
    /// Writes `0xbf` to `out` and returns a writer for the entries.
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        out.push(START_MAP);
        Self { out }
    }

    /// Writes the key `key` as a text string and returns the writer for its value.
    pub fn key(&mut self, key: &str) -> ValueWriter<'_> {
        write_text(self.out, key);
        ValueWriter::new(self.out)
    }

    /// Writes the break that ends the map.
    pub fn finish(self) {
        self.out.push(BREAK);
    }
}

/// Writes the elements of one CBOR array. Created by [`ArrayWriter::new`] or
/// [`ValueWriter::start_array`]; writes `0x9f` (indefinite-length array) at once and the break
/// `0xff` on [`finish`](Self::finish).
#[derive(Debug)]
#[must_use = "an array must be closed with `finish`"]
pub struct ArrayWriter<'a> {
    out: &'a mut Vec<u8>,
}

impl<'a> ArrayWriter<'a> {
    /// Writes `0x9f` to `out` and returns a writer for the elements.
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        out.push(START_ARRAY);
        Self { out }
    }

    /// Returns the writer for the next element.
    pub fn value(&mut self) -> ValueWriter<'_> {
        ValueWriter::new(self.out)
    }

    /// Writes the break that ends the array.
    pub fn finish(self) {
        self.out.push(BREAK);
    }
}

/// Writes exactly one CBOR item; every method consumes the writer.
#[derive(Debug)]
#[must_use = "a key or array slot needs a value"]
pub struct ValueWriter<'a> {
    out: &'a mut Vec<u8>,
}

impl<'a> ValueWriter<'a> {
    /// A writer that appends one item to `out`.
    pub fn new(out: &'a mut Vec<u8>) -> Self {
        Self { out }
    }

    /// A text string.
    pub fn string(self, value: &str) {
        write_text(self.out, value);
    }

    /// `true` (`0xf5`) or `false` (`0xf4`).
    pub fn boolean(self, value: bool) {
        self.out.push(if value { 0xf5 } else { 0xf4 });
    }

    /// A signed integer, in the smallest encoding.
    pub fn number_i64(self, value: i64) {
        match u64::try_from(value) {
            Ok(v) => write_header(self.out, MAJOR_UNSIGNED, v),
            // A negative integer n is written as -1 - n, which is !n for two's complement.
            Err(_) => write_header(self.out, MAJOR_NEGATIVE, !value as u64),
        }
    }

    /// An unsigned integer, in the smallest encoding.
    pub fn number_u64(self, value: u64) {
        write_header(self.out, MAJOR_UNSIGNED, value);
    }

    /// A double-precision float (`0xfb`), NaN and the infinities included.
    pub fn number_f64(self, value: f64) {
        self.out.push(0xfb);
        self.out.extend_from_slice(&value.to_bits().to_be_bytes());
    }

    /// A single-precision float (`0xfa`), NaN and the infinities included.
    pub fn number_f32(self, value: f32) {
        self.out.push(0xfa);
        self.out.extend_from_slice(&value.to_bits().to_be_bytes());
    }

    /// `null` (`0xf6`).
    pub fn null(self) {
        self.out.push(0xf6);
    }

    /// Starts a map in this slot.
    pub fn start_object(self) -> ObjectWriter<'a> {
        ObjectWriter::new(self.out)
    }

    /// Starts an array in this slot.
    pub fn start_array(self) -> ArrayWriter<'a> {
        ArrayWriter::new(self.out)
    }

    /// A timestamp: tag 1 around epoch seconds as a double. rpcv2Cbor always uses epoch
    /// seconds, so `format` is ignored.
    pub fn timestamp(self, value: &DateTime, format: TimestampFormat) {
        let _ = format;
        self.out.push(EPOCH_TAG);
        self.number_f64(value.as_secs_f64());
    }

    /// A blob as a byte string.
    pub fn blob(self, value: &Blob) {
        let bytes = value.as_ref();
        write_header(self.out, MAJOR_BYTES, bytes.len() as u64);
        self.out.extend_from_slice(bytes);
    }

    /// A document, as the equivalent CBOR item (maps with their keys sorted, so the output is
    /// deterministic). rpcv2Cbor does not support documents and a writer cannot fail, so this
    /// writes the plain data model rather than refusing.
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
    use super::super::{parse_value, Map, Value};
    use super::*;

    fn write(f: impl FnOnce(ValueWriter<'_>)) -> Vec<u8> {
        let mut out = Vec::new();
        f(ValueWriter::new(&mut out));
        out
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn integers_use_the_smallest_encoding() {
        let cases: &[(i64, &str)] = &[
            (0, "00"),
            (23, "17"),
            (24, "1818"),
            (255, "18ff"),
            (256, "190100"),
            (65535, "19ffff"),
            (65536, "1a00010000"),
            (4_294_967_295, "1affffffff"),
            (4_294_967_296, "1b0000000100000000"),
            (i64::MAX, "1b7fffffffffffffff"),
            (-1, "20"),
            (-24, "37"),
            (-25, "3818"),
            (-256, "38ff"),
            (-257, "390100"),
            (-65537, "3a00010000"),
            (i64::MIN, "3b7fffffffffffffff"),
        ];
        for (v, expected) in cases {
            let bytes = write(|w| w.number_i64(*v));
            assert_eq!(hex(&bytes), *expected, "{v}");
            assert_eq!(parse_value(&bytes), Ok(Value::Integer(i128::from(*v))));
        }
        assert_eq!(
            hex(&write(|w| w.number_u64(u64::MAX))),
            "1bffffffffffffffff"
        );
        assert_eq!(hex(&write(|w| w.number_u64(1000))), "1903e8");
    }

    #[test]
    fn floats_keep_their_precision() {
        assert_eq!(hex(&write(|w| w.number_f64(1.1))), "fb3ff199999999999a");
        assert_eq!(hex(&write(|w| w.number_f64(1.0))), "fb3ff0000000000000");
        assert_eq!(hex(&write(|w| w.number_f32(100_000.0))), "fa47c35000");
        assert_eq!(hex(&write(|w| w.number_f32(f32::INFINITY))), "fa7f800000");
        assert_eq!(
            hex(&write(|w| w.number_f64(f64::NAN))),
            "fb7ff8000000000000"
        );
        for v in [
            0.0,
            -0.0,
            0.1,
            f64::MAX,
            f64::MIN_POSITIVE,
            5e-324,
            f64::NEG_INFINITY,
        ] {
            let back = parse_value(&write(|w| w.number_f64(v)));
            assert_eq!(
                back.ok().and_then(|v| v.as_f64()).map(f64::to_bits),
                Some(v.to_bits())
            );
        }
        let back = parse_value(&write(|w| w.number_f32(0.1))).ok();
        assert_eq!(back.and_then(|v| v.as_f64()), Some(f64::from(0.1_f32)));
    }

    #[test]
    fn strings_blobs_and_simple_values() {
        assert_eq!(hex(&write(|w| w.string(""))), "60");
        assert_eq!(hex(&write(|w| w.string("IETF"))), "6449455446");
        assert_eq!(hex(&write(|w| w.string("\u{6c34}"))), "63e6b0b4");
        let long = "x".repeat(300);
        let bytes = write(|w| w.string(&long));
        assert_eq!(hex(&bytes[..3]), "79012c");
        assert_eq!(parse_value(&bytes), Ok(Value::Text(long)));
        assert_eq!(
            hex(&write(|w| w.blob(&Blob::new(vec![1, 2, 3, 4])))),
            "4401020304"
        );
        assert_eq!(hex(&write(|w| w.blob(&Blob::new(vec![])))), "40");
        assert_eq!(hex(&write(|w| w.boolean(true))), "f5");
        assert_eq!(hex(&write(|w| w.boolean(false))), "f4");
        assert_eq!(hex(&write(|w| w.null())), "f6");
    }

    #[test]
    fn maps_and_arrays_are_indefinite() {
        let mut out = Vec::new();
        let mut object = ObjectWriter::new(&mut out);
        object.key("a").number_i64(1);
        object.key("b").start_object().finish();
        let mut list = object.key("c").start_array();
        list.value().boolean(true);
        let mut inner = list.value().start_object();
        inner.key("x").null();
        inner.finish();
        list.value().start_array().finish();
        list.finish();
        object.finish();
        assert_eq!(hex(&out), "bf6161016162bfff61639ff5bf6178f6ff9fffffff");
        let expected = Value::Map(Map::from([
            ("a".to_owned(), Value::Integer(1)),
            ("b".to_owned(), Value::Map(Map::new())),
            (
                "c".to_owned(),
                Value::Array(vec![
                    Value::Bool(true),
                    Value::Map(Map::from([("x".to_owned(), Value::Null)])),
                    Value::Array(vec![]),
                ]),
            ),
        ]));
        assert_eq!(parse_value(&out), Ok(expected));
        assert_eq!(hex(&write(|w| w.start_array().finish())), "9fff");
    }

    #[test]
    fn timestamps_are_tagged_epoch_seconds() {
        for format in [
            TimestampFormat::EpochSeconds,
            TimestampFormat::DateTime,
            TimestampFormat::HttpDate,
        ] {
            let whole = write(|w| w.timestamp(&DateTime::from_secs(1_363_896_240), format));
            assert_eq!(hex(&whole), "c1fb41d452d9ec000000");
            let frac = write(|w| {
                w.timestamp(
                    &DateTime::from_secs_and_nanos(1_363_896_240, 500_000_000),
                    format,
                )
            });
            assert_eq!(hex(&frac), "c1fb41d452d9ec200000");
        }
        let negative = write(|w| {
            w.timestamp(
                &DateTime::from_secs_and_nanos(-2, 500_000_000),
                TimestampFormat::EpochSeconds,
            )
        });
        assert_eq!(hex(&negative), "c1fbbff8000000000000");
        let value = parse_value(&negative).expect("valid");
        assert_eq!(
            super::super::de::timestamp(
                &value,
                &super::super::JsonPath::root(),
                TimestampFormat::EpochSeconds
            ),
            Ok(Some(DateTime::from_secs_and_nanos(-2, 500_000_000)))
        );
        let min = write(|w| w.timestamp(&DateTime::from_secs(i64::MIN), TimestampFormat::DateTime));
        assert_eq!(hex(&min), "c1fbc3e0000000000000");
    }

    #[test]
    fn documents_write_the_data_model() {
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
                ("p".to_owned(), Document::from(7_u64)),
            ]
            .into_iter()
            .collect(),
        );
        let bytes = write(|w| w.document(&doc));
        assert_eq!(
            hex(&bytes),
            "bf61619ff6fb3ff8000000000000f5ff616d6173617007617a20ff"
        );
    }

    #[test]
    fn cbor_writer_owns_its_buffer() {
        let mut writer = CborWriter::new();
        let mut object = writer.start_object();
        object.key("k").string("v");
        object.finish();
        assert_eq!(writer.as_bytes(), [0xbf, 0x61, b'k', 0x61, b'v', 0xff]);
        assert_eq!(writer.into_bytes(), [0xbf, 0x61, b'k', 0x61, b'v', 0xff]);
        let mut writer = CborWriter::new();
        writer.value().number_i64(3);
        assert_eq!(writer.into_bytes(), [0x03]);
    }
}
