//! [`Value`]: a decoded CBOR item, as generated deserializers and the error-metadata reader
//! see it.
//!
//! In: bytes through [`super::parse_value`] / [`super::parse_body`], or values built by hand.
//! Out: the tree, with the whole CBOR integer range kept exact (`-2^64 ..= 2^64 - 1`), floats of
//! every precision widened to `f64` (NaN and the infinities kept), and maps as a sorted map
//! from text keys (a repeated key keeps its last value, as in [`crate::json::Value`]). Of the
//! tags only tag 1 (epoch-seconds timestamp) survives decoding; other tags are dropped and
//! their content kept.

use std::collections::BTreeMap;

/// A CBOR map: text keys to values, sorted by key.
pub type Map = BTreeMap<String, Value>;

/// A CBOR data item.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// `null`, and also `undefined` (simple value 23), which Smithy treats the same.
    #[default]
    Null,
    /// `false` or `true`.
    Bool(bool),
    /// An integer (major types 0 and 1): `-2^64 ..= 2^64 - 1`.
    Integer(i128),
    /// A half-, single- or double-precision float, widened to `f64`.
    Float(f64),
    /// A byte string (definite or the concatenated chunks of an indefinite one).
    Bytes(Vec<u8>),
    /// A text string (valid UTF-8).
    Text(String),
    /// An array.
    Array(Vec<Value>),
    /// A map with text keys.
    Map(Map),
    /// A tagged item. The decoder keeps only tag 1 (epoch-seconds timestamp); every other
    /// tag is skipped and its content decoded in its place.
    Tag(u64, Box<Value>),
}

static NULL: Value = Value::Null;

impl Value {
    /// The member `key` if this is a map that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_map().and_then(|map| map.get(key))
    }

    /// Whether this is `null` (or `undefined`).
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is a map.
    pub fn is_map(&self) -> bool {
        matches!(self, Value::Map(_))
    }

    /// The text, if this is a text string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::Text(s) => Some(s),
            _ => None,
        }
    }

    /// The bytes, if this is a byte string.
    pub fn as_bytes(&self) -> Option<&[u8]> {
        match self {
            Value::Bytes(b) => Some(b),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The integer as `u64`, if it is a non-negative integer that fits.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Integer(v) => u64::try_from(*v).ok(),
            _ => None,
        }
    }

    /// The integer as `i64`, if it is an integer in `i64`'s range.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Integer(v) => i64::try_from(*v).ok(),
            _ => None,
        }
    }

    /// The number as `f64`: a float as is, an integer rounded to the nearest `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Integer(v) => Some(*v as f64),
            Value::Float(v) => Some(*v),
            _ => None,
        }
    }

    /// The array, if this is one.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The map, if this is one.
    pub fn as_map(&self) -> Option<&Map> {
        match self {
            Value::Map(map) => Some(map),
            _ => None,
        }
    }

    /// What kind of item this is, for messages: `null`, `a text string`, `a map`, ...
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Integer(_) => "an integer",
            Value::Float(_) => "a float",
            Value::Bytes(_) => "a byte string",
            Value::Text(_) => "a text string",
            Value::Array(_) => "an array",
            Value::Map(_) => "a map",
            Value::Tag(1, _) => "a timestamp (tag 1)",
            Value::Tag(..) => "a tagged item",
        }
    }
}

/// `value["key"]`: the member, or `null` when this is not a map or has no such member.
impl std::ops::Index<&str> for Value {
    type Output = Value;
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

/// `value[i]`: the element, or `null` when this is not an array or is too short.
impl std::ops::Index<usize> for Value {
    type Output = Value;
    fn index(&self, index: usize) -> &Value {
        self.as_array()
            .and_then(|items| items.get(index))
            .unwrap_or(&NULL)
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Self {
        Value::Bool(value)
    }
}

impl From<u64> for Value {
    fn from(value: u64) -> Self {
        Value::Integer(i128::from(value))
    }
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Value::Integer(i128::from(value))
    }
}

impl From<i32> for Value {
    fn from(value: i32) -> Self {
        Value::Integer(i128::from(value))
    }
}

/// Every `f64`, NaN and the infinities included (CBOR can hold them).
impl From<f64> for Value {
    fn from(value: f64) -> Self {
        Value::Float(value)
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value::Text(value.to_owned())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Value::Text(value)
    }
}

impl From<Vec<u8>> for Value {
    fn from(value: Vec<u8>) -> Self {
        Value::Bytes(value)
    }
}

impl From<Vec<Value>> for Value {
    fn from(value: Vec<Value>) -> Self {
        Value::Array(value)
    }
}

impl From<Map> for Value {
    fn from(value: Map) -> Self {
        Value::Map(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors_and_indexing() {
        let value = Value::Map(Map::from([
            ("s".to_owned(), Value::from("x")),
            (
                "a".to_owned(),
                Value::from(vec![Value::from(1_u64), Value::from(-2_i64)]),
            ),
            ("b".to_owned(), Value::from(true)),
            ("y".to_owned(), Value::from(vec![1_u8, 2])),
            ("f".to_owned(), Value::from(1.5)),
            ("n".to_owned(), Value::Integer(-(1_i128 << 64))),
        ]));
        assert!(value.is_map());
        assert_eq!(value.get("s").and_then(Value::as_str), Some("x"));
        assert_eq!(value["s"].as_str(), Some("x"));
        assert_eq!(value["a"][0].as_u64(), Some(1));
        assert_eq!(value["a"][1].as_i64(), Some(-2));
        assert_eq!(value["a"][1].as_u64(), None);
        assert_eq!(value["a"][1].as_f64(), Some(-2.0));
        assert!(value["a"][2].is_null());
        assert!(value["missing"]["deeper"].is_null());
        assert_eq!(value["b"].as_bool(), Some(true));
        assert_eq!(value["y"].as_bytes(), Some([1_u8, 2].as_slice()));
        assert_eq!(value["f"].as_f64(), Some(1.5));
        assert_eq!(value["n"].as_i64(), None);
        assert_eq!(value["n"].as_f64(), Some(-18_446_744_073_709_551_616.0));
        assert_eq!(value["a"].as_array().map(Vec::len), Some(2));
        assert_eq!(value.as_map().map(Map::len), Some(6));
        assert!(value.as_str().is_none() && value.as_bytes().is_none());
        assert!(Value::default().is_null());
        assert!(Value::from(f64::NAN).as_f64().is_some_and(f64::is_nan));
        assert_eq!(Value::from(7_i32), Value::Integer(7));
        assert_eq!(Value::from(String::from("t")), Value::from("t"));
    }

    #[test]
    fn descriptions() {
        let cases = [
            (Value::Null, "null"),
            (Value::Bool(true), "a boolean"),
            (Value::Integer(1), "an integer"),
            (Value::Float(1.0), "a float"),
            (Value::Bytes(vec![]), "a byte string"),
            (Value::Text(String::new()), "a text string"),
            (Value::Array(vec![]), "an array"),
            (Value::Map(Map::new()), "a map"),
            (
                Value::Tag(1, Box::new(Value::Integer(0))),
                "a timestamp (tag 1)",
            ),
            (Value::Tag(32, Box::new(Value::Null)), "a tagged item"),
        ];
        for (value, text) in cases {
            assert_eq!(value.describe(), text);
        }
    }
}
