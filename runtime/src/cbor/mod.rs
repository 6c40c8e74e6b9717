//! rpcv2Cbor body helpers: the CBOR (RFC 8949) counterpart of [`crate::json`], with the same
//! API shape so that generated code differs only in the module path and the buffer type
//! (`Vec<u8>` instead of `String`).
//!
//! In: response bodies as bytes, and values that generated serializers want to write. Out:
//! - [`parse_body`]: the body as a [`Value`] (empty body = empty map), read by the strict
//!   decoder in `decode` (byte offset and path on errors, lengths checked before allocating,
//!   nesting bounded by [`MAX_DEPTH`]);
//! - [`de`]: typed readers that take a value and its [`JsonPath`] and report mismatches as a
//!   [`DeserializeError`] naming the path, e.g. `$.clientToken: expected a text string, found
//!   an integer`;
//! - [`ObjectWriter`], [`ArrayWriter`], [`ValueWriter`], [`CborWriter`]: a streaming writer
//!   that appends CBOR to a `Vec<u8>` without building a tree first (maps and arrays are
//!   indefinite-length, strings definite);
//! - [`parse_error_metadata`]: the error code (`__type`), message and request id of an error
//!   response.
//!
//! Paths and errors are the JSON module's types ([`JsonPath`], [`DeserializeError`]): a path
//! into a CBOR body prints the same way, `$.member[3]`.

pub mod de;
mod decode;
mod error_meta;
pub mod ser;
mod value;

#[cfg(test)]
mod differential;

pub use crate::json::{DeserializeError, JsonPath, MAX_DEPTH};
pub use value::{Map, Value};

pub use error_meta::{error_code, parse_error_metadata};
pub use ser::{ArrayWriter, CborWriter, ObjectWriter, ValueWriter};

/// Parses a response body that should hold a CBOR map.
///
/// An empty body is an empty map (operations with no output members may send nothing).
/// Invalid CBOR and a top-level item other than a map are errors.
pub fn parse_body(body: &[u8]) -> Result<Value, DeserializeError> {
    if body.is_empty() {
        return Ok(Value::Map(Map::new()));
    }
    let value = parse_value(body)?;
    if !value.is_map() {
        return Err(DeserializeError::new(
            &JsonPath::root(),
            format!("expected a map, found {}", value.describe()),
        ));
    }
    Ok(value)
}

/// Parses a body that holds exactly one CBOR data item of any kind. An empty body, like
/// bytes after the item, is an error.
pub fn parse_value(body: &[u8]) -> Result<Value, DeserializeError> {
    decode::decode(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_body_cases() {
        assert_eq!(parse_body(b""), Ok(Value::Map(Map::new())));
        assert_eq!(parse_body(&[0xa0]), Ok(Value::Map(Map::new())));
        assert_eq!(parse_body(&[0xbf, 0xff]), Ok(Value::Map(Map::new())));
        assert_eq!(
            parse_body(&[0xa1, 0x61, b'a', 0x01]),
            Ok(Value::Map(Map::from([("a".to_owned(), Value::Integer(1))])))
        );
        assert_eq!(
            parse_body(&[0x81, 0x01]).map_err(|e| e.to_string()),
            Err("$: expected a map, found an array".to_owned())
        );
        assert_eq!(
            parse_body(&[0xf6]).map_err(|e| e.to_string()),
            Err("$: expected a map, found null".to_owned())
        );
        let e = parse_body(&[0xa1, 0x61, b'a']).expect_err("truncated");
        assert_eq!(e.path(), "$.a");
        assert!(e.message().starts_with("invalid CBOR at byte 3:"), "{e}");
        assert!(parse_body(&[0xa0, 0x00]).is_err());
        assert!(parse_body(b" ").is_err(), "whitespace is not CBOR");
        assert!(parse_value(b"").is_err());
        assert_eq!(parse_value(&[0x20]), Ok(Value::Integer(-1)));
    }
}
