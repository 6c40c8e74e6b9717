//! The Smithy prelude: shapes in `smithy.api` that models reference without defining.

use serde_json::Value;

use crate::ir::{Kind, Shape, Traits};

pub const UNIT: &str = "smithy.api#Unit";

/// The prelude shape with this id, if there is one.
pub fn shape(id: &str) -> Option<Shape> {
    let name = id.strip_prefix("smithy.api#")?;
    let (kind, default) = match name {
        "String" => (Kind::String, None),
        "Blob" => (Kind::Blob, None),
        "BigInteger" => (Kind::BigInteger, None),
        "BigDecimal" => (Kind::BigDecimal, None),
        "Timestamp" => (Kind::Timestamp, None),
        "Document" => (Kind::Document, None),
        "Boolean" => (Kind::Boolean, None),
        "Byte" => (Kind::Byte, None),
        "Short" => (Kind::Short, None),
        "Integer" => (Kind::Integer, None),
        "Long" => (Kind::Long, None),
        "Float" => (Kind::Float, None),
        "Double" => (Kind::Double, None),
        "PrimitiveBoolean" => (Kind::Boolean, Some(Value::Bool(false))),
        "PrimitiveByte" => (Kind::Byte, Some(Value::from(0))),
        "PrimitiveShort" => (Kind::Short, Some(Value::from(0))),
        "PrimitiveInteger" => (Kind::Integer, Some(Value::from(0))),
        "PrimitiveLong" => (Kind::Long, Some(Value::from(0))),
        "PrimitiveFloat" => (Kind::Float, Some(Value::from(0))),
        "PrimitiveDouble" => (Kind::Double, Some(Value::from(0))),
        "Unit" => (Kind::Unit, None),
        _ => return None,
    };
    Some(Shape {
        id: id.to_string(),
        name: name.to_string(),
        kind,
        traits: Traits {
            default,
            ..Default::default()
        },
    })
}
