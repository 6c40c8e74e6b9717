//! Readers of one element's text as a Smithy value, used by generated deserializers.
//!
//! In: an [`Element`] and the [`JsonPath`] where it sits. Out: the value, or a
//! [`DeserializeError`] at that path naming the element and the text found (cut to 64
//! characters), e.g. ``$.MaxKeys: expected an integer (i32) in `<MaxKeys>`, found "ten"``.
//! XML has no null: an absent member is an absent element, which the caller sees before
//! calling a reader.
//!
//! XML white space around a value is trimmed for every type but strings. Integers are
//! decimal with an optional leading `-` (no `+`, no fraction, no exponent) within the target
//! type's range. Floats are decimal numbers (`1`, `-0.5`, `1.5E10`) or `NaN`, `Infinity`,
//! `-Infinity`; finite text beyond the type's range is an error. Blobs are base64, with white
//! space anywhere ignored (encoders may wrap lines).

use super::{DeserializeError, Element, JsonPath};
use crate::primitives::{base64_decode, Blob, DateTime, TimestampFormat};

use super::lex::shorten;

/// XML's white space.
fn trim(text: &str) -> &str {
    text.trim_matches([' ', '\t', '\n', '\r'])
}

fn invalid(element: &Element, path: &JsonPath<'_>, expected: &str, text: &str) -> DeserializeError {
    DeserializeError::new(
        path,
        format!(
            "expected {expected} in `<{}>`, found {:?}",
            shorten(element.qualified_name()),
            shorten(text)
        ),
    )
}

/// A string: the element's text as it is, white space included.
pub fn string(element: &Element, path: &JsonPath<'_>) -> Result<String, DeserializeError> {
    let _ = path;
    Ok(element.text().into_owned())
}

/// A boolean: `true` or `false`.
pub fn boolean(element: &Element, path: &JsonPath<'_>) -> Result<bool, DeserializeError> {
    let text = element.text();
    match trim(&text) {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(invalid(
            element,
            path,
            "a boolean (`true` or `false`)",
            &text,
        )),
    }
}

fn integer<T: std::str::FromStr>(
    element: &Element,
    path: &JsonPath<'_>,
    type_name: &str,
) -> Result<T, DeserializeError> {
    let text = element.text();
    let trimmed = trim(&text);
    let digits = trimmed.strip_prefix('-').unwrap_or(trimmed);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid(
            element,
            path,
            &format!("an integer ({type_name})"),
            &text,
        ));
    }
    // The text is a valid decimal integer, so the only possible failure is the range.
    trimmed.parse().map_err(|_| {
        DeserializeError::new(
            path,
            format!(
                "integer {} in `<{}>` is out of range for {type_name}",
                shorten(trimmed),
                shorten(element.qualified_name())
            ),
        )
    })
}

/// A byte (`i8`).
pub fn i8(element: &Element, path: &JsonPath<'_>) -> Result<i8, DeserializeError> {
    integer(element, path, "i8")
}

/// A short (`i16`).
pub fn i16(element: &Element, path: &JsonPath<'_>) -> Result<i16, DeserializeError> {
    integer(element, path, "i16")
}

/// An integer (`i32`).
pub fn i32(element: &Element, path: &JsonPath<'_>) -> Result<i32, DeserializeError> {
    integer(element, path, "i32")
}

/// A long (`i64`).
pub fn i64(element: &Element, path: &JsonPath<'_>) -> Result<i64, DeserializeError> {
    integer(element, path, "i64")
}

/// Whether `text` is a decimal number: `-`? digits (`.` digits?)? or `.` digits, then an
/// optional exponent `e`/`E` `+`/`-`? digits.
fn is_decimal(text: &str) -> bool {
    let bytes = text.strip_prefix('-').unwrap_or(text).as_bytes();
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let whole = digits(0);
    let mut i = whole;
    let mut fraction = 0;
    if bytes.get(i) == Some(&b'.') {
        fraction = digits(i + 1);
        i += 1 + fraction;
    }
    if whole + fraction == 0 {
        return false;
    }
    if matches!(bytes.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(bytes.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exponent = digits(i);
        if exponent == 0 {
            return false;
        }
        i += exponent;
    }
    i == bytes.len()
}

/// A float of type `T` (`f32` or `f64`, parsed directly so that it is rounded once).
fn float<T>(element: &Element, path: &JsonPath<'_>, type_name: &str) -> Result<T, DeserializeError>
where
    T: std::str::FromStr + Copy + Into<f64>,
{
    let text = element.text();
    let trimmed = trim(&text);
    let value: Option<T> = match trimmed {
        "NaN" | "Infinity" | "-Infinity" => trimmed.parse().ok(),
        _ if is_decimal(trimmed) => trimmed.parse().ok(),
        _ => None,
    };
    let Some(value) = value else {
        return Err(invalid(
            element,
            path,
            &format!("a number ({type_name}, or `NaN`, `Infinity`, `-Infinity`)"),
            &text,
        ));
    };
    if value.into().is_infinite() && !trimmed.ends_with("Infinity") {
        return Err(DeserializeError::new(
            path,
            format!(
                "number {} in `<{}>` is out of range for {type_name}",
                shorten(trimmed),
                shorten(element.qualified_name())
            ),
        ));
    }
    Ok(value)
}

/// A float (`f32`).
pub fn f32(element: &Element, path: &JsonPath<'_>) -> Result<f32, DeserializeError> {
    float(element, path, "f32")
}

/// A double (`f64`).
pub fn f64(element: &Element, path: &JsonPath<'_>) -> Result<f64, DeserializeError> {
    float(element, path, "f64")
}

/// A timestamp in `format` (the member's `@timestampFormat`, or the protocol's default,
/// date-time for the XML protocols).
pub fn timestamp(
    element: &Element,
    path: &JsonPath<'_>,
    format: TimestampFormat,
) -> Result<DateTime, DeserializeError> {
    let text = element.text();
    DateTime::from_str(trim(&text), format).map_err(|e| {
        DeserializeError::new(
            path,
            format!("in `<{}>`: {e}", shorten(element.qualified_name())),
        )
    })
}

/// A blob, as base64 text (white space anywhere ignored).
pub fn blob(element: &Element, path: &JsonPath<'_>) -> Result<Blob, DeserializeError> {
    let text = element.text();
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r');
    let decoded = if text.contains(is_space) {
        let compact: String = text.chars().filter(|c| !is_space(*c)).collect();
        base64_decode(&compact)
    } else {
        base64_decode(&text)
    };
    decoded.map(Blob::new).map_err(|e| {
        DeserializeError::new(
            path,
            format!(
                "{e} in `<{}>`: {:?}",
                shorten(element.qualified_name()),
                shorten(&text)
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::xml::parse_document;

    /// `<v>text</v>`, with `text` written as is.
    fn el(text: &str) -> Element {
        parse_document(format!("<v>{text}</v>").as_bytes()).expect("valid")
    }

    fn err<T: std::fmt::Debug>(result: Result<T, DeserializeError>) -> String {
        result.expect_err("should fail").to_string()
    }

    #[test]
    fn strings_keep_their_text() {
        let root = JsonPath::root();
        assert_eq!(string(&el(" a &amp; b "), &root).as_deref(), Ok(" a & b "));
        assert_eq!(string(&el(""), &root).as_deref(), Ok(""));
        assert_eq!(string(&el("<![CDATA[x]]>y"), &root).as_deref(), Ok("xy"));
    }

    #[test]
    fn booleans() {
        let p = JsonPath::root();
        assert_eq!(boolean(&el("true"), &p), Ok(true));
        assert_eq!(boolean(&el("\n  false\t"), &p), Ok(false));
        assert_eq!(
            err(boolean(&el("True"), &p.key("Flag"))),
            "$.Flag: expected a boolean (`true` or `false`) in `<v>`, found \"True\""
        );
        for bad in ["", "1", "yes", "tru e"] {
            assert!(boolean(&el(bad), &p).is_err(), "{bad}");
        }
    }

    #[test]
    fn integers() {
        let p = JsonPath::root();
        assert_eq!(i8(&el("-128"), &p), Ok(-128));
        assert_eq!(i8(&el("127"), &p), Ok(127));
        assert_eq!(i16(&el(" 007 "), &p), Ok(7));
        assert_eq!(i32(&el("\r\n-2147483648\n"), &p), Ok(i32::MIN));
        assert_eq!(i64(&el("9223372036854775807"), &p), Ok(i64::MAX));
        assert_eq!(i64(&el("-0"), &p), Ok(0));
        assert_eq!(
            err(i8(&el("128"), &p.key("n"))),
            "$.n: integer 128 in `<v>` is out of range for i8"
        );
        assert_eq!(
            err(i64(&el("99999999999999999999"), &p)),
            "$: integer 99999999999999999999 in `<v>` is out of range for i64"
        );
        assert_eq!(
            err(i32(&el("ten"), &p.key("MaxKeys"))),
            "$.MaxKeys: expected an integer (i32) in `<v>`, found \"ten\""
        );
        for bad in ["", "-", "+1", "1.0", "1e3", "0x10", "1 2", "١"] {
            assert!(
                err(i32(&el(bad), &p)).contains("expected an integer (i32)"),
                "{bad}"
            );
        }
        // Huge digit runs are an error, not a panic; the message stays short.
        let message = err(i64(&el(&"9".repeat(100_000)), &p));
        assert!(
            message.contains("out of range") && message.len() < 200,
            "{message}"
        );
    }

    #[test]
    fn floats() {
        let p = JsonPath::root();
        assert_eq!(f64(&el("1.5"), &p), Ok(1.5));
        assert_eq!(f64(&el(" -0.25E2 "), &p), Ok(-25.0));
        assert_eq!(f64(&el("1e-400"), &p), Ok(0.0));
        assert_eq!(f64(&el(".5"), &p), Ok(0.5));
        assert_eq!(f64(&el("5."), &p), Ok(5.0));
        assert_eq!(f64(&el("Infinity"), &p), Ok(f64::INFINITY));
        assert_eq!(f64(&el("-Infinity"), &p), Ok(f64::NEG_INFINITY));
        assert!(f64(&el("NaN"), &p).unwrap().is_nan());
        assert!(f32(&el("NaN"), &p).unwrap().is_nan());
        assert_eq!(f32(&el("0.1"), &p), Ok(0.1_f32));
        // Rounded once, straight to f32.
        assert_eq!(f32(&el("16777217"), &p), Ok(16_777_216.0));
        assert_eq!(f32(&el("3.4028235e38"), &p), Ok(f32::MAX));
        assert_eq!(
            err(f32(&el("1e39"), &p.key("x"))),
            "$.x: number 1e39 in `<v>` is out of range for f32"
        );
        assert!(err(f64(&el("1e309"), &p)).contains("out of range for f64"));
        for bad in [
            "",
            "nan",
            "inf",
            "infinity",
            "+1",
            "1e",
            "e5",
            ".",
            "-",
            "1.2.3",
            "0x1p3",
            "1_000",
            "- 1",
            "+Infinity",
        ] {
            assert!(
                err(f64(&el(bad), &p)).contains("expected a number (f64"),
                "{bad}"
            );
        }
    }

    #[test]
    fn timestamps() {
        let p = JsonPath::root();
        assert_eq!(
            timestamp(&el(" 2019-12-16T23:48:18Z "), &p, TimestampFormat::DateTime),
            Ok(DateTime::from_secs(1_576_540_098))
        );
        assert_eq!(
            timestamp(&el("1576540098.5"), &p, TimestampFormat::EpochSeconds),
            Ok(DateTime::from_secs_and_nanos(1_576_540_098, 500_000_000))
        );
        assert_eq!(
            timestamp(
                &el("Mon, 16 Dec 2019 23:48:18 GMT"),
                &p,
                TimestampFormat::HttpDate
            ),
            Ok(DateTime::from_secs(1_576_540_098))
        );
        let message = err(timestamp(
            &el("yesterday"),
            &p.key("Created"),
            TimestampFormat::DateTime,
        ));
        assert!(
            message.starts_with("$.Created: in `<v>`: invalid date-time timestamp `yesterday`"),
            "{message}"
        );
    }

    #[test]
    fn blobs() {
        let p = JsonPath::root();
        assert_eq!(blob(&el("aGVsbG8="), &p), Ok(Blob::new(b"hello".to_vec())));
        assert_eq!(
            blob(&el("\n  aGVs\n  bG8=\n"), &p),
            Ok(Blob::new(b"hello".to_vec()))
        );
        assert_eq!(blob(&el(""), &p), Ok(Blob::new(Vec::new())));
        let message = err(blob(&el("a*b="), &p.key("Data")));
        assert_eq!(
            message,
            "$.Data: invalid base64: invalid character in `<v>`: \"a*b=\""
        );
    }

    #[test]
    fn long_text_is_cut_in_messages() {
        let p = JsonPath::root();
        let long = format!("{}!", "x".repeat(10_000));
        for message in [
            err(boolean(&el(&long), &p)),
            err(i32(&el(&long), &p)),
            err(f64(&el(&long), &p)),
            err(blob(&el(&long), &p)),
            err(timestamp(&el(&long), &p, TimestampFormat::DateTime)),
        ] {
            assert!(message.len() < 300, "{message}");
            assert!(
                message.contains(&format!("{}...", "x".repeat(64))),
                "{message}"
            );
        }
    }
}
