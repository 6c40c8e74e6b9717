//! [`Value`]: a parsed JSON document, as generated deserializers, the endpoint resolver and
//! the error-metadata reader see it.
//!
//! In: text through [`super::parse_value`] / [`super::parse_body`], or values built by hand.
//! Out: the tree, with integers kept exact ([`Number`]) and objects as a sorted map (a repeated
//! key keeps its last value). `Display` writes compact JSON text.

use std::collections::BTreeMap;
use std::fmt;

pub use crate::primitives::Number;

/// A JSON object: member names to values, sorted by name.
pub type Map = BTreeMap<String, Value>;

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number: a non-negative or negative integer that fits 64 bits, or a finite float.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

static NULL: Value = Value::Null;

impl Value {
    /// The member `key` if this is an object that has it.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|map| map.get(key))
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// Whether this is an object.
    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
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

    /// The number, if this is one.
    pub fn as_number(&self) -> Option<Number> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The number as `u64`, if it is a non-negative integer.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(Number::PosInt(v)) => Some(*v),
            _ => None,
        }
    }

    /// The number as `i64`, if it is an integer in `i64`'s range.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(Number::PosInt(v)) => i64::try_from(*v).ok(),
            Value::Number(Number::NegInt(v)) => Some(*v),
            _ => None,
        }
    }

    /// The number as `f64` (integers beyond 2^53 round).
    pub fn as_f64(&self) -> Option<f64> {
        self.as_number().map(Number::to_f64_lossy)
    }

    /// The array, if this is one.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    /// What kind of value this is, for messages: `null`, `a string`, `an object`, ...
    pub fn describe(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// `value["key"]`: the member, or `null` when this is not an object or has no such member.
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

impl fmt::Display for Number {
    /// Integers as they are; floats as the shortest text that reads back to the same `f64`
    /// (`1.5`, `1.0`, `1e300`). NaN and the infinities, which JSON cannot hold, as `NaN`,
    /// `inf`, `-inf`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::PosInt(v) => write!(f, "{v}"),
            Number::NegInt(v) => write!(f, "{v}"),
            Number::Float(v) => write!(f, "{v:?}"),
        }
    }
}

impl fmt::Display for Value {
    /// Compact JSON text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_value(&mut out, self);
        f.write_str(&out)
    }
}

fn write_value(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(Number::Float(v)) if !v.is_finite() => out.push_str("null"),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => super::ser::write_escaped_string(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(map) => {
            out.push('{');
            for (i, (key, item)) in map.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                super::ser::write_escaped_string(out, key);
                out.push(':');
                write_value(out, item);
            }
            out.push('}');
        }
    }
}

impl From<bool> for Value {
    fn from(value: bool) -> Self {
        Value::Bool(value)
    }
}

impl From<u64> for Value {
    fn from(value: u64) -> Self {
        Value::Number(Number::PosInt(value))
    }
}

impl From<i64> for Value {
    fn from(value: i64) -> Self {
        Value::Number(match u64::try_from(value) {
            Ok(v) => Number::PosInt(v),
            Err(_) => Number::NegInt(value),
        })
    }
}

impl From<i32> for Value {
    fn from(value: i32) -> Self {
        Value::from(i64::from(value))
    }
}

/// Finite values become numbers; NaN and the infinities, which JSON cannot hold, `null`.
impl From<f64> for Value {
    fn from(value: f64) -> Self {
        if value.is_finite() {
            Value::Number(Number::Float(value))
        } else {
            Value::Null
        }
    }
}

impl From<&str> for Value {
    fn from(value: &str) -> Self {
        Value::String(value.to_owned())
    }
}

impl From<String> for Value {
    fn from(value: String) -> Self {
        Value::String(value)
    }
}

impl From<Vec<Value>> for Value {
    fn from(value: Vec<Value>) -> Self {
        Value::Array(value)
    }
}

impl From<Map> for Value {
    fn from(value: Map) -> Self {
        Value::Object(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessors_and_indexing() {
        let value = Value::Object(Map::from([
            ("s".to_owned(), Value::from("x")),
            (
                "a".to_owned(),
                Value::from(vec![Value::from(1_u64), Value::from(-2_i64)]),
            ),
            ("b".to_owned(), Value::from(true)),
            ("f".to_owned(), Value::from(1.5)),
        ]));
        assert_eq!(value["s"].as_str(), Some("x"));
        assert_eq!(value["a"][0].as_u64(), Some(1));
        assert_eq!(value["a"][1].as_i64(), Some(-2));
        assert_eq!(value["a"][1].as_u64(), None);
        assert_eq!(value["a"][5], Value::Null);
        assert_eq!(value["missing"]["deeper"], Value::Null);
        assert_eq!(value["b"].as_bool(), Some(true));
        assert_eq!(value["f"].as_f64(), Some(1.5));
        assert_eq!(value.get("s").map(Value::describe), Some("a string"));
        assert!(value.is_object() && !value.is_null());
        assert_eq!(Value::from(u64::MAX).as_i64(), None);
        assert_eq!(Value::from(f64::NAN), Value::Null);
        assert_eq!(Value::from(7_i32), Value::from(7_u64));
    }

    #[test]
    fn display_is_compact_json() {
        let value = Value::Object(Map::from([
            ("b".to_owned(), Value::from("q\"\n")),
            (
                "a".to_owned(),
                Value::from(vec![
                    Value::Null,
                    Value::from(false),
                    Value::from(-3_i64),
                    Value::from(0.5),
                    Value::from(1e300),
                    Value::from(2.0),
                ]),
            ),
            ("c".to_owned(), Value::Object(Map::new())),
        ]));
        assert_eq!(
            value.to_string(),
            r#"{"a":[null,false,-3,0.5,1e300,2.0],"b":"q\"\n","c":{}}"#
        );
        assert_eq!(Number::Float(f64::INFINITY).to_string(), "inf");
    }
}
