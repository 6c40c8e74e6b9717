//! [`Document`]: an untyped, JSON-like value for Smithy `document` shapes.
//!
//! In: any JSON value (see [`crate::json::de::document`]) or values built by hand. Out: the same
//! tree, with numbers kept as unsigned, negative or floating ([`Number`]).

use std::collections::HashMap;

/// A protocol-agnostic open content value.
#[derive(Debug, Clone, PartialEq)]
pub enum Document {
    /// A map of names to documents.
    Object(HashMap<String, Document>),
    /// A list of documents.
    Array(Vec<Document>),
    /// A number.
    Number(Number),
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// No value.
    Null,
}

/// A document number: integers keep full 64-bit precision.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Number {
    /// A non-negative integer.
    PosInt(u64),
    /// A negative integer.
    NegInt(i64),
    /// A floating-point number.
    Float(f64),
}

impl Number {
    /// The value as `f64` (large integers may round).
    pub fn to_f64_lossy(self) -> f64 {
        match self {
            Number::PosInt(v) => v as f64,
            Number::NegInt(v) => v as f64,
            Number::Float(v) => v,
        }
    }
}

impl Document {
    /// Converts a JSON value. JSON null becomes [`Document::Null`].
    pub fn from_json(value: &crate::json::Value) -> Self {
        use crate::json::Value;
        match value {
            Value::Null => Document::Null,
            Value::Bool(b) => Document::Bool(*b),
            Value::Number(n) => Document::Number(*n),
            Value::String(s) => Document::String(s.clone()),
            Value::Array(items) => Document::Array(items.iter().map(Document::from_json).collect()),
            Value::Object(map) => Document::Object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Document::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Whether this is [`Document::Null`].
    pub fn is_null(&self) -> bool {
        matches!(self, Document::Null)
    }

    /// The string, if this is one.
    pub fn as_string(&self) -> Option<&str> {
        match self {
            Document::String(s) => Some(s),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&HashMap<String, Document>> {
        match self {
            Document::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The array, if this is one.
    pub fn as_array(&self) -> Option<&Vec<Document>> {
        match self {
            Document::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The number, if this is one.
    pub fn as_number(&self) -> Option<Number> {
        match self {
            Document::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Document::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

impl From<String> for Document {
    fn from(value: String) -> Self {
        Document::String(value)
    }
}

impl From<&str> for Document {
    fn from(value: &str) -> Self {
        Document::String(value.to_owned())
    }
}

impl From<bool> for Document {
    fn from(value: bool) -> Self {
        Document::Bool(value)
    }
}

impl From<u64> for Document {
    fn from(value: u64) -> Self {
        Document::Number(Number::PosInt(value))
    }
}

impl From<i64> for Document {
    fn from(value: i64) -> Self {
        Document::Number(match u64::try_from(value) {
            Ok(v) => Number::PosInt(v),
            Err(_) => Number::NegInt(value),
        })
    }
}

impl From<f64> for Document {
    fn from(value: f64) -> Self {
        Document::Number(Number::Float(value))
    }
}

impl From<Vec<Document>> for Document {
    fn from(value: Vec<Document>) -> Self {
        Document::Array(value)
    }
}

impl From<HashMap<String, Document>> for Document {
    fn from(value: HashMap<String, Document>) -> Self {
        Document::Object(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn from_json_keeps_number_kinds() {
        let value = crate::json::parse_value(
            br#"{"a": [1, -2, 2.5, 18446744073709551615, "s", true, null], "b": {}}"#,
        )
        .expect("valid JSON");
        let doc = Document::from_json(&value);
        let object = doc.as_object().expect("object");
        let items = object["a"].as_array().expect("array");
        assert_eq!(
            items,
            &vec![
                Document::Number(Number::PosInt(1)),
                Document::Number(Number::NegInt(-2)),
                Document::Number(Number::Float(2.5)),
                Document::Number(Number::PosInt(u64::MAX)),
                Document::String("s".into()),
                Document::Bool(true),
                Document::Null,
            ]
        );
        assert_eq!(object["b"], Document::Object(HashMap::new()));
    }

    #[test]
    fn conversions_and_accessors() {
        assert_eq!(Document::from(5_i64), Document::Number(Number::PosInt(5)));
        assert_eq!(Document::from(-5_i64), Document::Number(Number::NegInt(-5)));
        assert_eq!(Document::from("x").as_string(), Some("x"));
        assert_eq!(Document::from(true).as_bool(), Some(true));
        assert_eq!(
            Document::from(1.5).as_number().map(Number::to_f64_lossy),
            Some(1.5)
        );
        assert!(Document::Null.is_null());
        assert_eq!(Document::Null.as_string(), None);
    }
}
