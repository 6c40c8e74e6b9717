//! A CBOR decoder (RFC 8949) producing [`Value`].
//!
//! In: bytes that should hold exactly one CBOR data item. Out: the value, or a
//! [`DeserializeError`] at the path of the item being read (`$.member[3]`) whose message gives
//! the byte offset: `invalid CBOR at byte 17: text string is not valid UTF-8`.
//!
//! Accepted: all eight major types; definite- and indefinite-length byte strings, text strings,
//! arrays and maps; tags (tag 1 is kept as [`Value::Tag`], every other tag is skipped and its
//! content read in its place); `false`, `true`, `null`, `undefined` (read as null); half-,
//! single- and double-precision floats. Rejected, each with the offset of the offending byte:
//! truncated input; the reserved additional-information values 28-30; an indefinite length on
//! an integer or a tag; a break (`0xff`) where an item is expected; a chunk of an
//! indefinite-length string that is not a definite-length string of the same major type; text
//! that is not UTF-8 (each chunk on its own, since RFC 8949 forbids splitting a character
//! between chunks); a map key that is not a text string (tags around the key are skipped
//! first); unassigned simple values and the two-byte form of simple values below 32; bytes
//! after the item.
//!
//! Hostile input is bounded: a length or count is checked against the remaining input before
//! anything is allocated (every element takes at least one byte, every map entry two), and
//! preallocation is further capped at [`PREALLOCATE`] elements; arrays, maps and tag-1 items
//! nest at most [`MAX_DEPTH`] deep (skipped tags are read in a loop and do not recurse). A
//! repeated map key keeps its last value.

use super::{Map, Value, MAX_DEPTH};
use crate::json::{DeserializeError, JsonPath};

/// The most elements a definite-length array reserves room for before reading them, so that
/// nested length claims cannot multiply memory beyond the input's size.
const PREALLOCATE: usize = 1024;

/// The break byte that ends an indefinite-length item.
const BREAK: u8 = 0xff;

/// Decodes `input` as exactly one CBOR data item.
pub(super) fn decode(input: &[u8]) -> Result<Value, DeserializeError> {
    let mut decoder = Decoder { input, pos: 0 };
    let root = JsonPath::root();
    let value = decoder.value(&root, 0)?;
    if decoder.pos < input.len() {
        let extra = input.len() - decoder.pos;
        return Err(decoder.error(
            &root,
            decoder.pos,
            format!("{extra} trailing byte(s) after the item"),
        ));
    }
    Ok(value)
}

/// An item's initial byte and argument.
#[derive(Debug, Clone, Copy)]
struct Header {
    /// Offset of the initial byte.
    start: usize,
    major: u8,
    /// The additional information (low five bits of the initial byte).
    info: u8,
    /// The argument; `None` for additional information 31 (indefinite length, or break).
    arg: Option<u64>,
}

struct Decoder<'a> {
    input: &'a [u8],
    pos: usize,
}

/// What an item of `major` is, without an article.
fn major_noun(major: u8) -> &'static str {
    match major {
        0 => "unsigned integer",
        1 => "negative integer",
        2 => "byte string",
        3 => "text string",
        4 => "array",
        5 => "map",
        6 => "tag",
        _ => "simple value or float",
    }
}

/// What an item of `major` is, with an article: `an unsigned integer`, `a map`.
fn major_name(major: u8) -> String {
    let noun = major_noun(major);
    let article = if noun.starts_with(['a', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {noun}")
}

/// IEEE 754 binary16 to `f64`, exactly: subnormals, infinities and NaN (sign and payload
/// kept) included.
fn f16_to_f64(bits: u16) -> f64 {
    let negative = bits & 0x8000 != 0;
    let exponent = i32::from((bits >> 10) & 0x1f);
    let mantissa = bits & 0x03ff;
    let magnitude = match exponent {
        // Subnormal (and zero): mantissa * 2^-24.
        0 => f64::from(mantissa) * f64::powi(2.0, -24),
        31 if mantissa == 0 => f64::INFINITY,
        31 => {
            // The ten payload bits become the top of f64's 52, so the quiet bit stays the
            // quiet bit.
            let bits = (u64::from(negative) << 63) | (0x7ff << 52) | (u64::from(mantissa) << 42);
            return f64::from_bits(bits);
        }
        // Normal: (1024 + mantissa) * 2^(exponent - 25).
        _ => f64::from(mantissa + 1024) * f64::powi(2.0, exponent - 25),
    };
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

impl<'a> Decoder<'a> {
    fn error(&self, path: &JsonPath<'_>, offset: usize, message: String) -> DeserializeError {
        DeserializeError::new(path, format!("invalid CBOR at byte {offset}: {message}"))
    }

    fn remaining(&self) -> usize {
        self.input.len() - self.pos
    }

    fn peek(&self) -> Option<u8> {
        self.input.get(self.pos).copied()
    }

    /// The next `n` bytes; a shortfall is a truncation error at `start` (the item's initial
    /// byte).
    fn take(
        &mut self,
        path: &JsonPath<'_>,
        start: usize,
        n: usize,
    ) -> Result<&'a [u8], DeserializeError> {
        let remaining = self.remaining();
        if n > remaining {
            return Err(self.error(
                path,
                start,
                format!("unexpected end of input: the item needs {n} more byte(s), only {remaining} remain"),
            ));
        }
        let bytes = &self.input[self.pos..self.pos + n];
        self.pos += n;
        Ok(bytes)
    }

    fn header(&mut self, path: &JsonPath<'_>) -> Result<Header, DeserializeError> {
        let start = self.pos;
        let Some(initial) = self.peek() else {
            return Err(self.error(
                path,
                start,
                "unexpected end of input, expected an item".to_owned(),
            ));
        };
        self.pos += 1;
        let major = initial >> 5;
        let info = initial & 0x1f;
        let arg = match info {
            0..=23 => Some(u64::from(info)),
            24..=27 => {
                let width = 1usize << (info - 24);
                let bytes = self.take(path, start, width)?;
                Some(bytes.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
            }
            28..=30 => {
                return Err(self.error(
                    path,
                    start,
                    format!(
                    "reserved additional information value {info} (initial byte 0x{initial:02x})"
                ),
                ))
            }
            _ => None,
        };
        Ok(Header {
            start,
            major,
            info,
            arg,
        })
    }

    /// One item; `depth` is the number of arrays, maps and tag-1 items around it.
    fn value(&mut self, path: &JsonPath<'_>, depth: usize) -> Result<Value, DeserializeError> {
        loop {
            let header = self.header(path)?;
            let arg = match (header.major, header.arg) {
                (7, None) => {
                    return Err(self.error(
                        path,
                        header.start,
                        "unexpected break (0xff) where an item is expected".to_owned(),
                    ))
                }
                (0 | 1 | 6, None) => {
                    return Err(self.error(
                        path,
                        header.start,
                        format!(
                            "indefinite length (additional information 31) is not allowed for {}",
                            major_name(header.major)
                        ),
                    ))
                }
                (_, arg) => arg,
            };
            return match header.major {
                0 => Ok(Value::Integer(i128::from(arg.unwrap_or_default()))),
                1 => Ok(Value::Integer(-1 - i128::from(arg.unwrap_or_default()))),
                2 => self.byte_string(path, header).map(Value::Bytes),
                3 => self.text_string(path, header).map(Value::Text),
                4 => self.array(path, header, depth + 1),
                5 => self.map(path, header, depth + 1),
                6 => match arg {
                    Some(1) => {
                        self.check_depth(path, header, depth + 1)?;
                        let inner = self.value(path, depth + 1)?;
                        Ok(Value::Tag(1, Box::new(inner)))
                    }
                    // Any other tag: read its content in its place.
                    _ => continue,
                },
                _ => self.simple(path, header),
            };
        }
    }

    fn check_depth(
        &self,
        path: &JsonPath<'_>,
        header: Header,
        depth: usize,
    ) -> Result<(), DeserializeError> {
        if depth > MAX_DEPTH {
            return Err(self.error(
                path,
                header.start,
                format!("arrays, maps and tags nest more than {MAX_DEPTH} deep"),
            ));
        }
        Ok(())
    }

    fn simple(&mut self, path: &JsonPath<'_>, header: Header) -> Result<Value, DeserializeError> {
        let arg = header.arg.unwrap_or_default();
        match header.info {
            20 => Ok(Value::Bool(false)),
            21 => Ok(Value::Bool(true)),
            22 | 23 => Ok(Value::Null),
            24 if arg < 32 => Err(self.error(
                path,
                header.start,
                format!("simple value {arg} must use the one-byte form"),
            )),
            // Both casts are exact: the argument has exactly 16, 32 or 64 bits.
            25 => Ok(Value::Float(f16_to_f64(arg as u16))),
            26 => Ok(Value::Float(f64::from(f32::from_bits(arg as u32)))),
            27 => Ok(Value::Float(f64::from_bits(arg))),
            _ => Err(self.error(
                path,
                header.start,
                format!("unassigned simple value {arg} is not supported"),
            )),
        }
    }

    /// The content of a definite-length string whose header claims `len` bytes.
    fn definite(
        &mut self,
        path: &JsonPath<'_>,
        header: Header,
        len: u64,
    ) -> Result<&'a [u8], DeserializeError> {
        let remaining = self.remaining();
        if len > remaining as u64 {
            return Err(self.error(
                path,
                header.start,
                format!(
                    "{} claims {len} bytes, only {remaining} remain",
                    major_name(header.major)
                ),
            ));
        }
        // `len` is at most `remaining`, so it fits `usize`.
        self.take(path, header.start, len as usize)
    }

    /// The header of the next chunk of an indefinite-length string of `major`, or `None` at
    /// its break.
    fn chunk(
        &mut self,
        path: &JsonPath<'_>,
        major: u8,
    ) -> Result<Option<(Header, u64)>, DeserializeError> {
        if self.peek() == Some(BREAK) {
            self.pos += 1;
            return Ok(None);
        }
        let chunk = self.header(path)?;
        match chunk.arg {
            Some(len) if chunk.major == major => Ok(Some((chunk, len))),
            _ => {
                let kind = major_noun(major);
                let found = match (chunk.major, chunk.arg) {
                    (2..=5, None) => format!("an indefinite-length {}", major_noun(chunk.major)),
                    _ => major_name(chunk.major),
                };
                Err(self.error(
                    path,
                    chunk.start,
                    format!("a chunk of an indefinite-length {kind} must be a definite-length {kind}, found {found}"),
                ))
            }
        }
    }

    fn byte_string(
        &mut self,
        path: &JsonPath<'_>,
        header: Header,
    ) -> Result<Vec<u8>, DeserializeError> {
        if let Some(len) = header.arg {
            return self.definite(path, header, len).map(<[u8]>::to_vec);
        }
        let mut out = Vec::new();
        while let Some((chunk, len)) = self.chunk(path, 2)? {
            out.extend_from_slice(self.definite(path, chunk, len)?);
        }
        Ok(out)
    }

    fn utf8(&self, path: &JsonPath<'_>, bytes: &'a [u8]) -> Result<&'a str, DeserializeError> {
        std::str::from_utf8(bytes).map_err(|e| {
            // The content ends at `pos`.
            let offset = self.pos - bytes.len() + e.valid_up_to();
            self.error(path, offset, "text string is not valid UTF-8".to_owned())
        })
    }

    fn text_string(
        &mut self,
        path: &JsonPath<'_>,
        header: Header,
    ) -> Result<String, DeserializeError> {
        if let Some(len) = header.arg {
            let bytes = self.definite(path, header, len)?;
            return self.utf8(path, bytes).map(str::to_owned);
        }
        let mut out = String::new();
        while let Some((chunk, len)) = self.chunk(path, 3)? {
            let bytes = self.definite(path, chunk, len)?;
            out.push_str(self.utf8(path, bytes)?);
        }
        Ok(out)
    }

    fn array(
        &mut self,
        path: &JsonPath<'_>,
        header: Header,
        depth: usize,
    ) -> Result<Value, DeserializeError> {
        self.check_depth(path, header, depth)?;
        let Some(count) = header.arg else {
            let mut items = Vec::new();
            while self.peek() != Some(BREAK) {
                let item = self.value(&path.index(items.len()), depth)?;
                items.push(item);
            }
            self.pos += 1;
            return Ok(Value::Array(items));
        };
        let remaining = self.remaining();
        if count > remaining as u64 {
            return Err(self.error(
                path,
                header.start,
                format!("array claims {count} elements, only {remaining} bytes remain"),
            ));
        }
        // `count` is at most `remaining`, so it fits `usize`.
        let count = count as usize;
        let mut items = Vec::with_capacity(count.min(PREALLOCATE));
        for i in 0..count {
            items.push(self.value(&path.index(i), depth)?);
        }
        Ok(Value::Array(items))
    }

    fn map(
        &mut self,
        path: &JsonPath<'_>,
        header: Header,
        depth: usize,
    ) -> Result<Value, DeserializeError> {
        self.check_depth(path, header, depth)?;
        let mut map = Map::new();
        let Some(count) = header.arg else {
            while self.peek() != Some(BREAK) {
                self.entry(path, &mut map, depth)?;
            }
            self.pos += 1;
            return Ok(Value::Map(map));
        };
        let remaining = self.remaining();
        if count > remaining as u64 / 2 {
            return Err(self.error(
                path,
                header.start,
                format!("map claims {count} entries, only {remaining} bytes remain"),
            ));
        }
        for _ in 0..count {
            self.entry(path, &mut map, depth)?;
        }
        Ok(Value::Map(map))
    }

    /// One key and value of the map at `path`.
    fn entry(
        &mut self,
        path: &JsonPath<'_>,
        map: &mut Map,
        depth: usize,
    ) -> Result<(), DeserializeError> {
        let key_start = self.pos;
        let key = match self.value(path, depth)? {
            Value::Text(key) => key,
            other => {
                return Err(self.error(
                    path,
                    key_start,
                    format!("map key must be a text string, found {}", other.describe()),
                ))
            }
        };
        let value = self.value(&path.key(&key), depth)?;
        map.insert(key, value);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes from hex, spaces allowed.
    pub(crate) fn hex(text: &str) -> Vec<u8> {
        let digits: Vec<u8> = text.bytes().filter(|b| !b.is_ascii_whitespace()).collect();
        digits
            .chunks(2)
            .map(|pair| {
                u8::from_str_radix(std::str::from_utf8(pair).unwrap_or("zz"), 16)
                    .unwrap_or_else(|_| panic!("bad hex {text}"))
            })
            .collect()
    }

    fn decode_hex(text: &str) -> Result<Value, DeserializeError> {
        decode(&hex(text))
    }

    fn ok(text: &str) -> Value {
        decode_hex(text).unwrap_or_else(|e| panic!("{text}: {e}"))
    }

    fn err(text: &str) -> String {
        match decode_hex(text) {
            Ok(v) => panic!("{text} decoded to {v:?}"),
            Err(e) => e.to_string(),
        }
    }

    fn int(v: i128) -> Value {
        Value::Integer(v)
    }

    fn text(s: &str) -> Value {
        Value::from(s)
    }

    fn array(items: Vec<Value>) -> Value {
        Value::Array(items)
    }

    fn map(entries: &[(&str, Value)]) -> Value {
        Value::Map(
            entries
                .iter()
                .map(|(k, v)| ((*k).to_owned(), v.clone()))
                .collect(),
        )
    }

    /// Floats compare by bits so -0.0 and NaN are checked exactly.
    fn float(text: &str, expected: f64) {
        match ok(text) {
            Value::Float(v) if expected.is_nan() => assert!(v.is_nan(), "{text}: {v}"),
            Value::Float(v) => assert_eq!(v.to_bits(), expected.to_bits(), "{text}: {v}"),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn rfc8949_appendix_a_integers() {
        let cases: &[(&str, i128)] = &[
            ("00", 0),
            ("01", 1),
            ("0a", 10),
            ("17", 23),
            ("1818", 24),
            ("1819", 25),
            ("1864", 100),
            ("1903e8", 1000),
            ("1a000f4240", 1_000_000),
            ("1b000000e8d4a51000", 1_000_000_000_000),
            ("1bffffffffffffffff", 18_446_744_073_709_551_615),
            ("3bffffffffffffffff", -18_446_744_073_709_551_616),
            ("20", -1),
            ("29", -10),
            ("3863", -100),
            ("3903e7", -1000),
        ];
        for (h, v) in cases {
            assert_eq!(ok(h), int(*v), "{h}");
        }
        // Bignums (tags 2 and 3) are not interpreted: the tag is skipped, the bytes kept.
        assert_eq!(
            ok("c249010000000000000000"),
            Value::Bytes(hex("010000000000000000"))
        );
        assert_eq!(
            ok("c349010000000000000000"),
            Value::Bytes(hex("010000000000000000"))
        );
    }

    #[test]
    fn rfc8949_appendix_a_floats() {
        float("f90000", 0.0);
        float("f98000", -0.0);
        float("f93c00", 1.0);
        float("fb3ff199999999999a", 1.1);
        float("f93e00", 1.5);
        float("f97bff", 65504.0);
        float("fa47c35000", 100_000.0);
        float("fa7f7fffff", 3.4028234663852886e38);
        float("fb7e37e43c8800759c", 1.0e300);
        float("f90001", 5.960464477539063e-8);
        float("f90400", 0.00006103515625);
        float("f9c400", -4.0);
        float("fbc010666666666666", -4.1);
        float("f97c00", f64::INFINITY);
        float("f97e00", f64::NAN);
        float("f9fc00", f64::NEG_INFINITY);
        float("fa7f800000", f64::INFINITY);
        float("fa7fc00000", f64::NAN);
        float("faff800000", f64::NEG_INFINITY);
        float("fb7ff0000000000000", f64::INFINITY);
        float("fb7ff8000000000000", f64::NAN);
        float("fbfff0000000000000", f64::NEG_INFINITY);
    }

    #[test]
    fn half_precision_conversion_is_exact() {
        // Largest subnormal, smallest normal, a negative subnormal.
        assert_eq!(f16_to_f64(0x03ff), 1023.0 * f64::powi(2.0, -24));
        assert_eq!(f16_to_f64(0x0400), f64::powi(2.0, -14));
        assert_eq!(f16_to_f64(0x8001), -f64::powi(2.0, -24));
        assert_eq!(f16_to_f64(0x3555), 0.333_251_953_125);
        assert!(f16_to_f64(0xfe00).is_nan() && f16_to_f64(0xfe00).is_sign_negative());
        // Every finite half value round-trips through f32 (which holds them all exactly).
        for bits in 0..=u16::MAX {
            let v = f16_to_f64(bits);
            let exponent = (bits >> 10) & 0x1f;
            if exponent == 31 {
                assert!(v.is_infinite() || v.is_nan());
                assert_eq!(v.is_nan(), bits & 0x3ff != 0);
            } else {
                assert!(v.is_finite());
                assert_eq!(v.is_sign_negative(), bits & 0x8000 != 0);
                assert_eq!(f64::from(v as f32), v);
            }
        }
    }

    #[test]
    fn rfc8949_appendix_a_simple_values_and_tags() {
        assert_eq!(ok("f4"), Value::Bool(false));
        assert_eq!(ok("f5"), Value::Bool(true));
        assert_eq!(ok("f6"), Value::Null);
        assert_eq!(ok("f7"), Value::Null);
        // simple(16), simple(255): well-formed but unassigned, and not supported.
        assert!(err("f0").contains("unassigned simple value 16"));
        assert!(err("f8ff").contains("unassigned simple value 255"));
        // Tag 0 (date-time string): skipped.
        assert_eq!(
            ok("c074323031332d30332d32315432303a30343a30305a"),
            text("2013-03-21T20:04:00Z")
        );
        assert_eq!(
            ok("c11a514b67b0"),
            Value::Tag(1, Box::new(int(1_363_896_240)))
        );
        assert_eq!(
            ok("c1fb41d452d9ec200000"),
            Value::Tag(1, Box::new(Value::Float(1_363_896_240.5)))
        );
        assert_eq!(ok("d74401020304"), Value::Bytes(vec![1, 2, 3, 4]));
        assert_eq!(ok("d818456449455446"), Value::Bytes(hex("6449455446")));
        assert_eq!(
            ok("d82076687474703a2f2f7777772e6578616d706c652e636f6d"),
            text("http://www.example.com")
        );
        // Nested unknown tags are all skipped; tags may wrap a map key.
        assert_eq!(ok("d820d821d82201"), int(1));
        assert_eq!(ok("a1d82061610c"), map(&[("a", int(12))]));
    }

    #[test]
    fn rfc8949_appendix_a_strings() {
        assert_eq!(ok("40"), Value::Bytes(vec![]));
        assert_eq!(ok("4401020304"), Value::Bytes(vec![1, 2, 3, 4]));
        assert_eq!(ok("60"), text(""));
        assert_eq!(ok("6161"), text("a"));
        assert_eq!(ok("6449455446"), text("IETF"));
        assert_eq!(ok("62225c"), text("\"\\"));
        assert_eq!(ok("62c3bc"), text("\u{00fc}"));
        assert_eq!(ok("63e6b0b4"), text("\u{6c34}"));
        assert_eq!(ok("64f0908591"), text("\u{10151}"));
        // Indefinite-length strings.
        assert_eq!(ok("5f42010243030405ff"), Value::Bytes(vec![1, 2, 3, 4, 5]));
        assert_eq!(ok("7f657374726561646d696e67ff"), text("streaming"));
        assert_eq!(ok("5fff"), Value::Bytes(vec![]));
        assert_eq!(ok("7f6060ff"), text(""));
    }

    #[test]
    fn rfc8949_appendix_a_arrays_and_maps() {
        assert_eq!(ok("80"), array(vec![]));
        assert_eq!(ok("83010203"), array(vec![int(1), int(2), int(3)]));
        let nested = array(vec![
            int(1),
            array(vec![int(2), int(3)]),
            array(vec![int(4), int(5)]),
        ]);
        assert_eq!(ok("8301820203820405"), nested);
        let long = array((1..=25).map(int).collect());
        assert_eq!(
            ok("98190102030405060708090a0b0c0d0e0f101112131415161718181819"),
            long
        );
        assert_eq!(ok("a0"), map(&[]));
        // {1: 2, 3: 4} has integer keys: see `map_keys_must_be_text`.
        let ab = map(&[("a", int(1)), ("b", array(vec![int(2), int(3)]))]);
        assert_eq!(ok("a26161016162820203"), ab);
        assert_eq!(
            ok("826161a161626163"),
            array(vec![text("a"), map(&[("b", text("c"))])])
        );
        assert_eq!(
            ok("a56161614161626142616361436164614461656145"),
            map(&[
                ("a", text("A")),
                ("b", text("B")),
                ("c", text("C")),
                ("d", text("D")),
                ("e", text("E")),
            ])
        );
        // Indefinite-length arrays and maps, alone and mixed with definite ones.
        assert_eq!(ok("9fff"), array(vec![]));
        for h in [
            "9f018202039f0405ffff",
            "9f01820203820405ff",
            "83018202039f0405ff",
            "83019f0203ff820405",
        ] {
            assert_eq!(ok(h), nested, "{h}");
        }
        assert_eq!(
            ok("9f0102030405060708090a0b0c0d0e0f101112131415161718181819ff"),
            long
        );
        assert_eq!(ok("bf61610161629f0203ffff"), ab);
        assert_eq!(
            ok("826161bf61626163ff"),
            array(vec![text("a"), map(&[("b", text("c"))])])
        );
        assert_eq!(
            ok("bf6346756ef563416d7421ff"),
            map(&[("Fun", Value::Bool(true)), ("Amt", int(-2))])
        );
    }

    #[test]
    fn duplicate_keys_keep_the_last_value() {
        assert_eq!(ok("a2616101616102"), map(&[("a", int(2))]));
        assert_eq!(ok("bf616101616102ff"), map(&[("a", int(2))]));
    }

    #[test]
    fn errors_name_offset_and_path() {
        assert_eq!(
            err(""),
            "$: invalid CBOR at byte 0: unexpected end of input, expected an item"
        );
        assert_eq!(
            err("1a0000"),
            "$: invalid CBOR at byte 0: unexpected end of input: the item needs 4 more byte(s), only 2 remain"
        );
        assert_eq!(
            err("a161619f0102"),
            "$.a[2]: invalid CBOR at byte 6: unexpected end of input, expected an item"
        );
        assert_eq!(
            err("a26161806163"),
            "$.c: invalid CBOR at byte 6: unexpected end of input, expected an item"
        );
        assert_eq!(
            err("a16161830102ff"),
            "$.a[2]: invalid CBOR at byte 6: unexpected break (0xff) where an item is expected"
        );
        assert_eq!(
            err("0001"),
            "$: invalid CBOR at byte 1: 1 trailing byte(s) after the item"
        );
        assert_eq!(
            err("ff"),
            "$: invalid CBOR at byte 0: unexpected break (0xff) where an item is expected"
        );
        // A break after a map key, where the value belongs.
        assert!(err("bf6161ff").starts_with("$.a: invalid CBOR at byte 3: unexpected break"));
        // Unterminated indefinite items.
        assert!(err("9f01").contains("at byte 2: unexpected end of input"));
        assert!(err("bf").contains("at byte 1: unexpected end of input"));
        assert!(err("5f4100").contains("at byte 3: unexpected end of input"));
        assert!(err("7f").contains("at byte 1: unexpected end of input"));
        assert!(err("c1").contains("at byte 1: unexpected end of input"));
    }

    #[test]
    fn reserved_and_indefinite_where_not_allowed() {
        for (i, initial) in [
            0x1c_u8, 0x1d, 0x1e, 0x3c, 0x5d, 0x7e, 0x9c, 0xbd, 0xde, 0xfc, 0xfe,
        ]
        .into_iter()
        .enumerate()
        {
            let mut input = vec![0x9f; i];
            input.push(initial);
            let e = decode(&input).expect_err("reserved").to_string();
            let info = initial & 0x1f;
            assert!(
                e.contains(&format!(
                    "at byte {i}: reserved additional information value {info} (initial byte 0x{initial:02x})"
                )),
                "{e}"
            );
        }
        assert!(err("1f").contains("at byte 0: indefinite length (additional information 31) is not allowed for an unsigned integer"));
        assert!(err("3f").contains("not allowed for a negative integer"));
        assert!(err("df01").contains("not allowed for a tag"));
        assert!(err("f818").contains("at byte 0: simple value 24 must use the one-byte form"));
        assert!(err("f800").contains("simple value 0 must use the one-byte form"));
    }

    #[test]
    fn indefinite_string_chunks_must_match() {
        assert_eq!(
            err("5f6161ff"),
            "$: invalid CBOR at byte 1: a chunk of an indefinite-length byte string must be a definite-length byte string, found a text string"
        );
        assert_eq!(
            err("7f4161ff"),
            "$: invalid CBOR at byte 1: a chunk of an indefinite-length text string must be a definite-length text string, found a byte string"
        );
        assert_eq!(
            err("7f7f6161ffff"),
            "$: invalid CBOR at byte 1: a chunk of an indefinite-length text string must be a definite-length text string, found an indefinite-length text string"
        );
        assert!(err("5f01ff").contains("found an unsigned integer"));
        assert!(err("5ff6ff").contains("found a simple value or float"));
        // A chunk's length claim is checked like any string's.
        assert!(err("5f5affffffff")
            .contains("at byte 1: a byte string claims 4294967295 bytes, only 0 remain"));
    }

    #[test]
    fn text_must_be_utf8() {
        assert_eq!(
            err("a161616362ff63"),
            "$.a: invalid CBOR at byte 5: text string is not valid UTF-8"
        );
        assert!(err("62c328").contains("at byte 1: text string is not valid UTF-8"));
        // Surrogates encoded in UTF-8 are not UTF-8.
        assert!(err("63eda080").contains("not valid UTF-8"));
        // A character split between two chunks: each chunk must be UTF-8 on its own.
        assert!(err("7f61c361bcff").contains("at byte 2: text string is not valid UTF-8"));
        // Keys too.
        assert!(
            err("a161ff01").contains("$: invalid CBOR at byte 2: text string is not valid UTF-8")
        );
        // Invalid UTF-8 in a byte string is fine.
        assert_eq!(ok("42c328"), Value::Bytes(vec![0xc3, 0x28]));
    }

    #[test]
    fn map_keys_must_be_text() {
        assert_eq!(
            err("a201020304"),
            "$: invalid CBOR at byte 1: map key must be a text string, found an integer"
        );
        assert_eq!(
            err("a16161a1410102"),
            "$.a: invalid CBOR at byte 4: map key must be a text string, found a byte string"
        );
        assert_eq!(
            err("82a0bff6f6ff"),
            "$[1]: invalid CBOR at byte 3: map key must be a text string, found null"
        );
        assert!(err("a1c1006161").contains("found a timestamp (tag 1)"));
        assert!(err("a1800102").contains("found an array"));
    }

    #[test]
    fn huge_length_claims_fail_before_allocating() {
        // 2^63 bytes, elements, entries.
        assert_eq!(
            err("5b8000000000000000"),
            "$: invalid CBOR at byte 0: a byte string claims 9223372036854775808 bytes, only 0 remain"
        );
        assert_eq!(
            err("7b800000000000000041"),
            "$: invalid CBOR at byte 0: a text string claims 9223372036854775808 bytes, only 1 remain"
        );
        assert_eq!(
            err("9b8000000000000000"),
            "$: invalid CBOR at byte 0: array claims 9223372036854775808 elements, only 0 bytes remain"
        );
        assert_eq!(
            err("bb80000000000000000000"),
            "$: invalid CBOR at byte 0: map claims 9223372036854775808 entries, only 2 bytes remain"
        );
        assert!(err("9bffffffffffffffff").contains("claims 18446744073709551615 elements"));
        // Exactly enough bytes for a claim is fine; one short is not.
        assert_eq!(ok("83000000"), array(vec![int(0); 3]));
        assert!(err("830000").contains("at byte 0: array claims 3 elements, only 2 bytes remain"));
        assert_eq!(
            err("82001901"),
            "$[1]: invalid CBOR at byte 2: unexpected end of input: the item needs 2 more byte(s), only 1 remain"
        );
        assert!(err("a1616100a1").contains("trailing"));
        assert!(err("a2616100").contains("map claims 2 entries, only 3 bytes remain"));
        // Nested claims each within the remaining input, but never fulfilled.
        let mut nested = Vec::new();
        for _ in 0..MAX_DEPTH {
            nested.extend_from_slice(&hex("9a00010000"));
        }
        nested.resize(70_000, 0x9a);
        assert!(decode(&nested).is_err());
    }

    #[test]
    fn nesting_is_bounded() {
        let mut ok_depth = vec![0x81; MAX_DEPTH - 1];
        ok_depth.push(0x80);
        assert!(decode(&ok_depth).is_ok());
        let mut too_deep = vec![0x81; MAX_DEPTH];
        too_deep.push(0x80);
        let e = decode(&too_deep).expect_err("too deep").to_string();
        assert!(
            e.contains(&format!(
                "at byte {MAX_DEPTH}: arrays, maps and tags nest more than {MAX_DEPTH} deep"
            )),
            "{e}"
        );
        assert!(e.starts_with("$[0][0]"), "{e}");
        for unit in [
            &[0x81_u8][..],
            &[0x9f],
            &[0xa1, 0x61, 0x61],
            &[0xbf, 0x60],
            &[0xc1],
        ] {
            let mut deep = unit.repeat(100_000);
            deep.push(0x00);
            let e = decode(&deep).expect_err("deep").to_string();
            assert!(e.contains("nest more than 128 deep"), "{e}");
        }
        // Skipped tags do not recurse, so a long chain of them is fine.
        let mut tags = [0xd8, 0x20].repeat(100_000);
        tags.push(0x07);
        assert_eq!(decode(&tags), Ok(int(7)));
    }
}
