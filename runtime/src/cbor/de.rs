//! Typed readers for CBOR values, used by generated deserializers. Same signatures as
//! [`crate::json::de`].
//!
//! In: a [`Value`] and the [`JsonPath`] where it sits. Out: `Ok(None)` for CBOR `null` or
//! `undefined` (an absent or null member), `Ok(Some(..))` for a value of the expected kind, or
//! a [`DeserializeError`] that names the path and what was found.
//!
//! Integers must be CBOR integers within the target type's range: a float is an error even
//! when its value is integral (`1.0`), since rpcv2Cbor sends integers as integers. Floats
//! accept both floats (of any precision, NaN and the infinities included) and integers.
//! Timestamps are tag 1 around an integer or a float (epoch seconds), or the bare number.
//! Smithy documents cannot be sent over rpcv2Cbor, so [`document`] fails on anything but null.

use super::{DeserializeError, JsonPath, Map, Value};
use crate::primitives::{Blob, DateTime, Document, TimestampFormat};

fn mismatch(path: &JsonPath<'_>, expected: &str, found: &Value) -> DeserializeError {
    DeserializeError::new(
        path,
        format!("expected {expected}, found {}", found.describe()),
    )
}

/// A map (a structure, union or map shape).
pub fn object<'v>(
    value: &'v Value,
    path: &JsonPath<'_>,
) -> Result<Option<&'v Map>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::Map(map) => Ok(Some(map)),
        other => Err(mismatch(path, "a map", other)),
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

/// A string (a CBOR text string).
pub fn string(value: &Value, path: &JsonPath<'_>) -> Result<Option<String>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::Text(s) => Ok(Some(s.clone())),
        other => Err(mismatch(path, "a text string", other)),
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

fn integer<T: TryFrom<i128>>(
    value: &Value,
    path: &JsonPath<'_>,
    type_name: &str,
) -> Result<Option<T>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::Integer(v) => T::try_from(*v).map(Some).map_err(|_| {
            DeserializeError::new(path, format!("integer {v} is out of range for {type_name}"))
        }),
        Value::Float(v) => Err(DeserializeError::new(
            path,
            format!("expected an integer ({type_name}), found the float {v:?}"),
        )),
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
        Value::Float(v) => Ok(Some(*v)),
        // Integers beyond 2^53 round to the nearest f64.
        Value::Integer(v) => Ok(Some(*v as f64)),
        other => Err(mismatch(path, &format!("a number ({type_name})"), other)),
    }
}

/// A float (`f32`). Finite numbers beyond `f32`'s range are an error; others round to the
/// nearest `f32`.
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

/// A timestamp: tag 1 around epoch seconds (an integer, or a float with a fraction), or the
/// bare number. rpcv2Cbor always uses epoch seconds, so `format` is ignored.
pub fn timestamp(
    value: &Value,
    path: &JsonPath<'_>,
    format: TimestampFormat,
) -> Result<Option<DateTime>, DeserializeError> {
    let _ = format;
    let seconds = match value {
        Value::Null => return Ok(None),
        Value::Tag(1, inner) => inner.as_ref(),
        other => other,
    };
    let out_of_range = |number: String| {
        DeserializeError::new(
            path,
            format!("epoch seconds {number} are out of range for a timestamp"),
        )
    };
    match seconds {
        Value::Integer(v) => i64::try_from(*v)
            .map(|v| Some(DateTime::from_secs(v)))
            .map_err(|_| out_of_range(v.to_string())),
        // The float's shortest text is read as an exact decimal, so 1515531081.123 keeps
        // exactly 123 ms instead of the nearest binary fraction (as the JSON reader does).
        Value::Float(v) => DateTime::from_str(&format!("{v:?}"), TimestampFormat::EpochSeconds)
            .ok()
            .or_else(|| DateTime::from_secs_f64(*v))
            .map(Some)
            .ok_or_else(|| out_of_range(format!("{v:?}"))),
        other => Err(mismatch(
            path,
            "an epoch-seconds timestamp (tag 1 with an integer or a float)",
            other,
        )),
    }
}

/// A blob (a CBOR byte string).
pub fn blob(value: &Value, path: &JsonPath<'_>) -> Result<Option<Blob>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        Value::Bytes(bytes) => Ok(Some(Blob::new(bytes.clone()))),
        other => Err(mismatch(path, "a byte string", other)),
    }
}

/// A document: not supported by rpcv2Cbor. Null (an unset member) is `Ok(None)`; any other
/// value is an error saying so.
pub fn document(value: &Value, path: &JsonPath<'_>) -> Result<Option<Document>, DeserializeError> {
    match value {
        Value::Null => Ok(None),
        other => Err(DeserializeError::new(
            path,
            format!(
                "Smithy documents are not supported by the rpcv2Cbor protocol (found {})",
                other.describe()
            ),
        )),
    }
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

    fn tag1(inner: Value) -> Value {
        Value::Tag(1, Box::new(inner))
    }

    #[test]
    fn null_is_none_everywhere() {
        let null = Value::Null;
        let p = root();
        assert_eq!(object(&null, &p), Ok(None));
        assert_eq!(array(&null, &p), Ok(None));
        assert_eq!(string(&null, &p), Ok(None));
        assert_eq!(boolean(&null, &p), Ok(None));
        assert_eq!(i8(&null, &p), Ok(None));
        assert_eq!(i16(&null, &p), Ok(None));
        assert_eq!(i32(&null, &p), Ok(None));
        assert_eq!(i64(&null, &p), Ok(None));
        assert_eq!(f32(&null, &p), Ok(None));
        assert_eq!(f64(&null, &p), Ok(None));
        assert_eq!(timestamp(&null, &p, TimestampFormat::DateTime), Ok(None));
        assert_eq!(blob(&null, &p), Ok(None));
        assert_eq!(document(&null, &p), Ok(None));
    }

    #[test]
    fn mismatches_name_path_and_kinds() {
        // {"clientToken": 5, "tags": ["a", 7]}
        let body = super::super::parse_body(&[
            0xa2, 0x6b, b'c', b'l', b'i', b'e', b'n', b't', b'T', b'o', b'k', b'e', b'n', 0x05,
            0x64, b't', b'a', b'g', b's', 0x82, 0x61, b'a', 0x07,
        ])
        .expect("valid");
        let root = root();
        let token = root.key("clientToken");
        assert_eq!(
            err_text(string(&body["clientToken"], &token)),
            "$.clientToken: expected a text string, found an integer"
        );
        let tags = root.key("tags");
        assert_eq!(
            err_text(string(&body["tags"][1], &tags.index(1))),
            "$.tags[1]: expected a text string, found an integer"
        );
        assert_eq!(
            err_text(object(&body["tags"], &tags)),
            "$.tags: expected a map, found an array"
        );
        assert_eq!(
            err_text(array(&body, &root)),
            "$: expected an array, found a map"
        );
        assert_eq!(
            err_text(boolean(&Value::from("true"), &root)),
            "$: expected a boolean, found a text string"
        );
        assert_eq!(
            err_text(i32(&Value::Bool(true), &root)),
            "$: expected an integer (i32), found a boolean"
        );
        assert_eq!(
            err_text(i64(&tag1(Value::Integer(1)), &root)),
            "$: expected an integer (i64), found a timestamp (tag 1)"
        );
        assert_eq!(
            err_text(f64(&Value::Array(vec![]), &root)),
            "$: expected a number (f64), found an array"
        );
        assert_eq!(
            err_text(f32(&Value::from("NaN"), &root)),
            "$: expected a number (f32), found a text string"
        );
        assert_eq!(
            err_text(blob(&Value::from("aGk="), &root)),
            "$: expected a byte string, found a text string"
        );
        assert_eq!(
            err_text(string(&Value::Bytes(b"x".to_vec()), &root)),
            "$: expected a text string, found a byte string"
        );
    }

    #[test]
    fn matching_kinds() {
        let p = root();
        let body = Value::Map(Map::from([
            (
                "o".to_owned(),
                Value::Map(Map::from([("k".to_owned(), Value::Integer(1))])),
            ),
            (
                "a".to_owned(),
                Value::Array(vec![Value::Integer(1), Value::Integer(2)]),
            ),
            ("s".to_owned(), Value::from("x")),
            ("b".to_owned(), Value::Bool(false)),
            ("y".to_owned(), Value::Bytes(b"hi".to_vec())),
        ]));
        let object = object(&body["o"], &p).ok().flatten();
        assert_eq!(object.map(Map::len), Some(1));
        // The shape generated code iterates with.
        for (key, value) in object.into_iter().flatten() {
            assert_eq!((key.as_str(), value), ("k", &Value::Integer(1)));
        }
        // The union shape: exactly one non-null member other than `__type`.
        let object = super::object(&body, &p).ok().flatten().expect("a map");
        let mut set = object
            .iter()
            .filter(|(k, v)| k.as_str() != "__type" && !v.is_null());
        assert_eq!(set.next().map(|(k, _)| k.as_str()), Some("a"));
        assert_eq!(array(&body["a"], &p).ok().flatten().map(Vec::len), Some(2));
        assert_eq!(string(&body["s"], &p), Ok(Some("x".to_owned())));
        assert_eq!(boolean(&body["b"], &p), Ok(Some(false)));
        assert_eq!(blob(&body["y"], &p), Ok(Some(Blob::new("hi"))));
        assert_eq!(string(&body["missing"], &p), Ok(None));
    }

    #[test]
    fn integer_ranges_and_no_floats() {
        let p = root();
        let int = Value::Integer;
        assert_eq!(i8(&int(127), &p), Ok(Some(127)));
        assert_eq!(i8(&int(-128), &p), Ok(Some(-128)));
        assert_eq!(
            err_text(i8(&int(128), &p)),
            "$: integer 128 is out of range for i8"
        );
        assert_eq!(
            err_text(i8(&int(-129), &p)),
            "$: integer -129 is out of range for i8"
        );
        assert_eq!(i16(&int(-32768), &p), Ok(Some(-32768)));
        assert!(i16(&int(32768), &p).is_err());
        assert_eq!(i32(&int(2_147_483_647), &p), Ok(Some(i32::MAX)));
        assert!(err_text(i32(&int(2_147_483_648), &p)).contains("out of range for i32"));
        assert_eq!(i64(&int(i128::from(i64::MIN)), &p), Ok(Some(i64::MIN)));
        assert_eq!(i64(&int(i128::from(i64::MAX)), &p), Ok(Some(i64::MAX)));
        assert!(err_text(i64(&int(i128::from(u64::MAX)), &p)).contains("out of range for i64"));
        assert!(err_text(i64(&int(-(1 << 64)), &p)).contains("out of range for i64"));
        assert_eq!(
            err_text(i32(&Value::Float(3.0), &p)),
            "$: expected an integer (i32), found the float 3.0"
        );
        assert_eq!(
            err_text(i8(&Value::Float(-0.5), &p)),
            "$: expected an integer (i8), found the float -0.5"
        );
        assert!(err_text(i64(&Value::Float(f64::NAN), &p)).contains("found the float NaN"));
    }

    #[test]
    fn floats_accept_integers_and_specials() {
        let p = root();
        assert_eq!(f64(&Value::Float(1.5), &p), Ok(Some(1.5)));
        assert_eq!(f64(&Value::Integer(-3), &p), Ok(Some(-3.0)));
        assert_eq!(
            f64(&Value::Integer(-(1 << 64)), &p),
            Ok(Some(-18_446_744_073_709_551_616.0))
        );
        assert!(f64(&Value::Float(f64::NAN), &p)
            .ok()
            .flatten()
            .is_some_and(f64::is_nan));
        assert_eq!(
            f64(&Value::Float(f64::NEG_INFINITY), &p),
            Ok(Some(f64::NEG_INFINITY))
        );
        assert_eq!(
            f32(&Value::Float(f64::from(0.1_f32)), &p),
            Ok(Some(0.1_f32))
        );
        assert_eq!(f32(&Value::Integer(16_777_217), &p), Ok(Some(16_777_216.0)));
        assert_eq!(
            f32(&Value::Float(f64::INFINITY), &p),
            Ok(Some(f32::INFINITY))
        );
        assert!(f32(&Value::Float(f64::NAN), &p)
            .ok()
            .flatten()
            .is_some_and(f32::is_nan));
        assert_eq!(
            err_text(f32(&Value::Float(1e39), &p)),
            "$: number 1000000000000000000000000000000000000000 is out of range for f32"
        );
    }

    #[test]
    fn timestamps() {
        let p = root();
        for format in [
            TimestampFormat::EpochSeconds,
            TimestampFormat::DateTime,
            TimestampFormat::HttpDate,
        ] {
            let ts = |v: Value| timestamp(&v, &p, format);
            assert_eq!(
                ts(tag1(Value::Integer(1_515_531_081))),
                Ok(Some(DateTime::from_secs(1_515_531_081)))
            );
            assert_eq!(
                ts(Value::Integer(1_515_531_081)),
                Ok(Some(DateTime::from_secs(1_515_531_081)))
            );
            assert_eq!(
                ts(tag1(Value::Float(1_515_531_081.123))),
                Ok(Some(DateTime::from_secs_and_nanos(
                    1_515_531_081,
                    123_000_000
                )))
            );
            assert_eq!(
                ts(Value::Float(-1.5)),
                Ok(Some(DateTime::from_secs_and_nanos(-2, 500_000_000)))
            );
            assert_eq!(
                ts(tag1(Value::Float(1e-7))),
                Ok(Some(DateTime::from_secs_and_nanos(0, 100)))
            );
        }
        let ts = |v: Value| timestamp(&v, &p, TimestampFormat::EpochSeconds);
        assert_eq!(
            err_text(ts(tag1(Value::Float(1e300)))),
            "$: epoch seconds 1e300 are out of range for a timestamp"
        );
        assert!(err_text(ts(Value::Float(f64::NAN))).contains("NaN are out of range"));
        assert!(err_text(ts(Value::Float(f64::INFINITY))).contains("out of range"));
        assert_eq!(
            err_text(ts(tag1(Value::Integer(i128::from(u64::MAX))))),
            "$: epoch seconds 18446744073709551615 are out of range for a timestamp"
        );
        assert_eq!(
            err_text(ts(tag1(Value::from("2019-12-16T23:48:18Z")))),
            "$: expected an epoch-seconds timestamp (tag 1 with an integer or a float), found a text string"
        );
        assert!(err_text(ts(Value::from("1515531081"))).contains("found a text string"));
        assert!(err_text(ts(tag1(Value::Null))).contains("found null"));
        assert!(err_text(ts(tag1(tag1(Value::Integer(0))))).contains("found a timestamp"));
    }

    #[test]
    fn documents_are_not_supported() {
        let p = root();
        assert_eq!(
            err_text(document(&Value::Map(Map::new()), &p.key("doc"))),
            "$.doc: Smithy documents are not supported by the rpcv2Cbor protocol (found a map)"
        );
        assert!(document(&Value::Integer(1), &p).is_err());
    }
}
