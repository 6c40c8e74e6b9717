//! Typed readers for JSON values, used by generated deserializers.
//!
//! In: a [`Value`] and the [`JsonPath`] where it sits. Out: `Ok(None)` for JSON
//! `null` (an absent or null member), `Ok(Some(..))` for a value of the expected kind, or a
//! [`DeserializeError`] that names the path and what was found. [`document`] is the exception
//! to the null rule: a null document is `Some(Document::Null)`.
//!
//! Integers must be integral numbers within the target type's range (`1.0` is accepted, `1.5`
//! is not). Floats also accept the strings `"NaN"`, `"Infinity"` and `"-Infinity"`.

use super::{DeserializeError, JsonPath, Map, Number, Value};
use crate::primitives::{base64_decode, Blob, DateTime, Document, TimestampFormat};

fn mismatch(path: &JsonPath<'_>, expected: &str, found: &Value) -> DeserializeError {
    DeserializeError::new(
        path,
        format!("expected {expected}, found {}", found.describe()),
    )
}

/// An object.
pub fn object<'v>(
    value: &'v Value,
    path: &JsonPath<'_>,
) -> Result<Option<&'v Map>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::Object(map) => Ok(Some(map)),
        other => Err(mismatch(path, "an object", other)),
    }
}

/// An array.
pub fn array<'v>(
    value: &'v Value,
    path: &JsonPath<'_>,
) -> Result<Option<&'v Vec<Value>>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::Array(items) => Ok(Some(items)),
        other => Err(mismatch(path, "an array", other)),
    }
}

/// A string.
pub fn string(value: &Value, path: &JsonPath<'_>) -> Result<Option<String>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        other => Err(mismatch(path, "a string", other)),
    }
}

/// A boolean.
pub fn boolean(value: &Value, path: &JsonPath<'_>) -> Result<Option<bool>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(*b)),
        other => Err(mismatch(path, "a boolean", other)),
    }
}

/// Reads an integral number as `i128`, which holds every `i64` and `u64`.
fn integral(number: Number) -> Option<i128> {
    match number {
        Number::PosInt(v) => Some(i128::from(v)),
        Number::NegInt(v) => Some(i128::from(v)),
        // Integral floats (`1.0`, `1e3`); 2^64 bounds keep the cast exact and in range.
        Number::Float(f) if f.fract() == 0.0 && f.abs() < 18_446_744_073_709_551_616.0 => {
            Some(f as i128)
        }
        Number::Float(_) => None,
    }
}

fn integer<T: TryFrom<i128>>(
    value: &Value,
    path: &JsonPath<'_>,
    type_name: &str,
) -> Result<Option<T>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::Number(number) => match integral(*number) {
            Some(v) => T::try_from(v).map(Some).map_err(|_| {
                DeserializeError::new(
                    path,
                    format!("number {number} is out of range for {type_name}"),
                )
            }),
            None if number.to_f64_lossy().fract() == 0.0 => Err(DeserializeError::new(
                path,
                format!("number {number} is out of range for {type_name}"),
            )),
            None => Err(DeserializeError::new(
                path,
                format!(
                    "expected an integer ({type_name}), found the non-integral number {number}"
                ),
            )),
        },
        other => Err(mismatch(path, &format!("an integer ({type_name})"), other)),
    }
}

/// A byte (`i8`).
pub fn i8(value: &Value, path: &JsonPath<'_>) -> Result<Option<i8>, DeserializeError> {
    integer(value, path, "i8")
}

/// A short (`i16`).
pub fn i16(value: &Value, path: &JsonPath<'_>) -> Result<Option<i16>, DeserializeError> {
    integer(value, path, "i16")
}

/// An integer (`i32`).
pub fn i32(value: &Value, path: &JsonPath<'_>) -> Result<Option<i32>, DeserializeError> {
    integer(value, path, "i32")
}

/// A long (`i64`).
pub fn i64(value: &Value, path: &JsonPath<'_>) -> Result<Option<i64>, DeserializeError> {
    integer(value, path, "i64")
}

fn float(
    value: &Value,
    path: &JsonPath<'_>,
    type_name: &str,
) -> Result<Option<f64>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::Number(number) => Ok(Some(number.to_f64_lossy())),
        Value::String(s) => match s.as_str() {
            "NaN" => Ok(Some(f64::NAN)),
            "Infinity" => Ok(Some(f64::INFINITY)),
            "-Infinity" => Ok(Some(f64::NEG_INFINITY)),
            _ => Err(DeserializeError::new(
                path,
                format!(
                    "expected a number ({type_name}), found a string that is not \"NaN\", \"Infinity\" or \"-Infinity\""
                ),
            )),
        },
        other => Err(mismatch(path, &format!("a number ({type_name})"), other)),
    }
}

/// A float (`f32`). Finite numbers beyond `f32`'s range are an error.
pub fn f32(value: &Value, path: &JsonPath<'_>) -> Result<Option<f32>, DeserializeError> {
    match float(value, path, "f32")? {
        Some(v) if v.is_finite() && v.abs() > f64::from(f32::MAX) => Err(DeserializeError::new(
            path,
            format!("number {v} is out of range for f32"),
        )),
        other => Ok(other.map(|v| v as f32)),
    }
}

/// A double (`f64`).
pub fn f64(value: &Value, path: &JsonPath<'_>) -> Result<Option<f64>, DeserializeError> {
    float(value, path, "f64")
}

/// A timestamp: a number for epoch-seconds (fraction allowed), a string for date-time and
/// http-date.
pub fn timestamp(
    value: &Value,
    path: &JsonPath<'_>,
    format: TimestampFormat,
) -> Result<Option<DateTime>, DeserializeError> {
    match (value, format) {
        (Value::Null, _) => Ok(None),
        (Value::Number(number), TimestampFormat::EpochSeconds) => {
            if let Some(v) = value.as_i64() {
                return Ok(Some(DateTime::from_secs(v)));
            }
            // The number's shortest text is read as an exact decimal, so 1515531081.123 keeps
            // exactly 123 ms instead of the nearest binary fraction.
            DateTime::from_str(&number.to_string(), TimestampFormat::EpochSeconds)
                .ok()
                .or_else(|| DateTime::from_secs_f64(number.to_f64_lossy()))
                .map(Some)
                .ok_or_else(|| {
                    DeserializeError::new(
                        path,
                        format!("number {number} is out of range for a timestamp"),
                    )
                })
        }
        (Value::String(text), TimestampFormat::DateTime | TimestampFormat::HttpDate) => {
            DateTime::from_str(text, format)
                .map(Some)
                .map_err(|e| DeserializeError::new(path, e.to_string()))
        }
        (other, TimestampFormat::EpochSeconds) => {
            Err(mismatch(path, "a number (epoch-seconds timestamp)", other))
        }
        (other, _) => Err(mismatch(
            path,
            &format!("a string ({format} timestamp)"),
            other,
        )),
    }
}

/// A blob, as a base64 string.
pub fn blob(value: &Value, path: &JsonPath<'_>) -> Result<Option<Blob>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::String(text) => base64_decode(text)
            .map(|bytes| Some(Blob::new(bytes)))
            .map_err(|e| DeserializeError::new(path, e.to_string())),
        other => Err(mismatch(path, "a base64 string", other)),
    }
}

/// A document: any JSON value. JSON null is `Some(Document::Null)`, never `None`.
pub fn document(value: &Value, path: &JsonPath<'_>) -> Result<Option<Document>, DeserializeError> {
    let _ = path;
    Ok(Some(Document::from_json(value)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> JsonPath<'static> {
        JsonPath::root()
    }

    fn err_text<T: std::fmt::Debug>(result: Result<T, DeserializeError>) -> String {
        result.expect_err("should fail").to_string()
    }

    #[test]
    fn null_is_none_everywhere_but_document() {
        let null = Value::Null;
        let p = root();
        assert_eq!(object(&null, &p), Ok(None));
        assert_eq!(array(&null, &p), Ok(None));
        assert_eq!(string(&null, &p), Ok(None));
        assert_eq!(boolean(&null, &p), Ok(None));
        assert_eq!(i8(&null, &p), Ok(None));
        assert_eq!(i64(&null, &p), Ok(None));
        assert_eq!(f32(&null, &p), Ok(None));
        assert_eq!(f64(&null, &p), Ok(None));
        assert_eq!(timestamp(&null, &p, TimestampFormat::DateTime), Ok(None));
        assert_eq!(blob(&null, &p), Ok(None));
        assert_eq!(document(&null, &p), Ok(Some(Document::Null)));
    }

    #[test]
    fn mismatches_name_path_and_kinds() {
        let body = json_value!({"clientToken": 5, "tags": ["a", 7]});
        let root = root();
        let token = root.key("clientToken");
        assert_eq!(
            err_text(string(&body["clientToken"], &token)),
            "$.clientToken: expected a string, found a number"
        );
        let tags = root.key("tags");
        assert_eq!(
            err_text(string(&body["tags"][1], &tags.index(1))),
            "$.tags[1]: expected a string, found a number"
        );
        assert_eq!(
            err_text(object(&body["tags"], &tags)),
            "$.tags: expected an object, found an array"
        );
        assert_eq!(
            err_text(array(&body, &root)),
            "$: expected an array, found an object"
        );
        assert_eq!(
            err_text(boolean(&json_value!("true"), &root)),
            "$: expected a boolean, found a string"
        );
        assert_eq!(
            err_text(i32(&json_value!(true), &root)),
            "$: expected an integer (i32), found a boolean"
        );
        assert_eq!(
            err_text(f64(&json_value!([]), &root)),
            "$: expected a number (f64), found an array"
        );
        assert_eq!(
            err_text(blob(&json_value!(1), &root)),
            "$: expected a base64 string, found a number"
        );
    }

    #[test]
    fn matching_kinds() {
        let p = root();
        let body = json_value!({"o": {"k": 1}, "a": [1, 2], "s": "x", "b": false});
        assert_eq!(
            object(&body["o"], &p).ok().flatten().map(|m| m.len()),
            Some(1)
        );
        assert_eq!(array(&body["a"], &p).ok().flatten().map(Vec::len), Some(2));
        assert_eq!(string(&body["s"], &p), Ok(Some("x".to_owned())));
        assert_eq!(boolean(&body["b"], &p), Ok(Some(false)));
        // A missing member indexes as null.
        assert_eq!(string(&body["missing"], &p), Ok(None));
    }

    #[test]
    fn integer_ranges() {
        let p = root();
        assert_eq!(i8(&json_value!(127), &p), Ok(Some(127)));
        assert_eq!(i8(&json_value!(-128), &p), Ok(Some(-128)));
        assert_eq!(
            err_text(i8(&json_value!(128), &p)),
            "$: number 128 is out of range for i8"
        );
        assert_eq!(
            err_text(i8(&json_value!(-129), &p)),
            "$: number -129 is out of range for i8"
        );
        assert_eq!(i16(&json_value!(-32768), &p), Ok(Some(-32768)));
        assert!(i16(&json_value!(32768), &p).is_err());
        assert_eq!(i32(&json_value!(2147483647), &p), Ok(Some(i32::MAX)));
        assert!(err_text(i32(&json_value!(2147483648_i64), &p)).contains("out of range for i32"));
        assert_eq!(i64(&json_value!(i64::MIN), &p), Ok(Some(i64::MIN)));
        assert_eq!(i64(&json_value!(i64::MAX), &p), Ok(Some(i64::MAX)));
        assert!(err_text(i64(&json_value!(u64::MAX), &p)).contains("out of range for i64"));
        assert_eq!(i32(&json_value!(3.0), &p), Ok(Some(3)));
        let big = crate::json::parse_value(b"1e300").expect("valid");
        assert!(err_text(i64(&big, &p)).contains("out of range for i64"));
        let huge = crate::json::parse_value(b"1e400");
        assert!(huge.is_err(), "the parser rejects 1e400 itself");
        assert_eq!(
            err_text(i32(&json_value!(1.5), &p)),
            "$: expected an integer (i32), found the non-integral number 1.5"
        );
        assert!(err_text(i8(&json_value!(-0.5), &p)).contains("(i8)"));
    }

    #[test]
    fn floats_and_special_strings() {
        let p = root();
        assert_eq!(f64(&json_value!(1.5), &p), Ok(Some(1.5)));
        assert_eq!(f64(&json_value!(-3), &p), Ok(Some(-3.0)));
        assert_eq!(f64(&json_value!(u64::MAX), &p), Ok(Some(u64::MAX as f64)));
        assert!(f64(&json_value!("NaN"), &p)
            .ok()
            .flatten()
            .is_some_and(f64::is_nan));
        assert_eq!(f64(&json_value!("Infinity"), &p), Ok(Some(f64::INFINITY)));
        assert_eq!(
            f64(&json_value!("-Infinity"), &p),
            Ok(Some(f64::NEG_INFINITY))
        );
        assert!(err_text(f64(&json_value!("nan"), &p)).contains("\"NaN\""));
        assert_eq!(f32(&json_value!(0.1), &p), Ok(Some(0.1_f32)));
        assert_eq!(
            f32(&json_value!("-Infinity"), &p),
            Ok(Some(f32::NEG_INFINITY))
        );
        assert!(f32(&json_value!("NaN"), &p)
            .ok()
            .flatten()
            .is_some_and(f32::is_nan));
        assert!(err_text(f32(&json_value!(1e39), &p)).contains("out of range for f32"));
    }

    #[test]
    fn timestamps() {
        let p = root();
        let ts = |v: Value, f| timestamp(&v, &p, f);
        assert_eq!(
            ts(json_value!(1515531081), TimestampFormat::EpochSeconds),
            Ok(Some(DateTime::from_secs(1515531081)))
        );
        assert_eq!(
            ts(json_value!(1515531081.123), TimestampFormat::EpochSeconds),
            Ok(Some(DateTime::from_secs_and_nanos(1515531081, 123_000_000)))
        );
        assert_eq!(
            ts(json_value!(-1.5), TimestampFormat::EpochSeconds),
            Ok(Some(DateTime::from_secs_and_nanos(-2, 500_000_000)))
        );
        let e = err_text(ts(json_value!(1e300), TimestampFormat::EpochSeconds));
        assert!(e.ends_with("is out of range for a timestamp"), "{e}");
        assert!(ts(json_value!(u64::MAX), TimestampFormat::EpochSeconds).is_err());
        assert_eq!(
            err_text(ts(json_value!("1515531081"), TimestampFormat::EpochSeconds)),
            "$: expected a number (epoch-seconds timestamp), found a string"
        );
        assert_eq!(
            ts(
                json_value!("2019-12-16T23:48:18Z"),
                TimestampFormat::DateTime
            ),
            Ok(Some(DateTime::from_secs(1_576_540_098)))
        );
        assert_eq!(
            ts(
                json_value!("Mon, 16 Dec 2019 23:48:18 GMT"),
                TimestampFormat::HttpDate
            ),
            Ok(Some(DateTime::from_secs(1_576_540_098)))
        );
        assert_eq!(
            err_text(ts(json_value!(5), TimestampFormat::HttpDate)),
            "$: expected a string (http-date timestamp), found a number"
        );
        let e = err_text(ts(
            json_value!("2019-02-30T00:00:00Z"),
            TimestampFormat::DateTime,
        ));
        assert!(e.starts_with("$: invalid date-time timestamp"), "{e}");
    }

    #[test]
    fn blobs_and_documents() {
        let p = root();
        assert_eq!(blob(&json_value!("aGk="), &p), Ok(Some(Blob::new("hi"))));
        assert!(err_text(blob(&json_value!("a"), &p)).starts_with("$: invalid base64"));
        let doc = document(&json_value!({"a": [1, null]}), &p).ok().flatten();
        let expected = Document::Object(
            [(
                "a".to_owned(),
                Document::Array(vec![Document::from(1_u64), Document::Null]),
            )]
            .into_iter()
            .collect(),
        );
        assert_eq!(doc, Some(expected));
    }
}
