//! Member resolution for the protocol, and the shapes each body codec handles.
//!
//! In: the checked [`Draft`] (defaults already validated for form by `validate`). Out: every
//! member's [`Member::wire_name`] (`jsonName` counts in restJson1 only; the RPC protocols use
//! the member name), its body [`Member::timestamp_format`] (the member's `@timestampFormat`,
//! else its target's, else the protocol's default), and its typed [`Member::default`]; then
//! ([`codec_sets`]) the shapes emitted in `types` and the shapes the request and response body
//! codecs must write and read.

use std::collections::BTreeSet;

use serde_json::Value;

use super::bindings::Resolved;
use super::Draft;
use crate::error::Error;
use crate::ir::{DefaultValue, Kind, Location, Protocol, Shape, ShapeId, TimestampFormat};

/// The timestamp format of a body member without `@timestampFormat`.
pub(super) fn body_timestamp_default(protocol: Protocol) -> TimestampFormat {
    match protocol {
        // rpcv2Cbor writes timestamps as tagged epoch seconds whatever the trait says.
        Protocol::RestJson1 | Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RpcV2Cbor => {
            TimestampFormat::EpochSeconds
        }
    }
}

/// Sets the wire name, body timestamp format and typed default of every member.
pub(super) fn resolve(draft: &mut Draft, errors: &mut Vec<Error>) {
    let protocol = draft.protocol.protocol;
    let targets: std::collections::BTreeMap<ShapeId, Shape> = draft
        .shapes
        .iter()
        .map(|(id, s)| (id.clone(), s.clone()))
        .collect();
    for shape in draft.shapes.values_mut() {
        let shape_id = shape.id.clone();
        for m in shape.kind.members_mut() {
            let Some(target) = targets.get(&m.target) else {
                continue;
            };
            m.wire_name = match (protocol, &m.traits.json_name) {
                (Protocol::RestJson1, Some(json_name)) => json_name.clone(),
                _ => m.name.clone(),
            };
            m.timestamp_format = m
                .traits
                .timestamp_format
                .or(target.traits.timestamp_format)
                .unwrap_or(body_timestamp_default(protocol));
            let written = m
                .traits
                .default
                .as_ref()
                .or(target.traits.default.as_ref())
                .filter(|v| !v.is_null());
            m.default = match written {
                Some(v) => match typed_default(target, v) {
                    Ok(d) => d,
                    Err(problem) => {
                        errors.push(Error::Model {
                            location: format!("{shape_id}${}", m.name),
                            message: problem,
                        });
                        None
                    }
                },
                None => None,
            };
        }
    }
}

/// A `@default` value as the target type says (its form was checked by `validate`).
fn typed_default(target: &Shape, v: &Value) -> Result<Option<DefaultValue>, String> {
    Ok(Some(match (&target.kind, v) {
        (Kind::String | Kind::Enum(_), Value::String(s)) => DefaultValue::String(s.clone()),
        (Kind::Boolean, Value::Bool(b)) => DefaultValue::Bool(*b),
        (
            Kind::Byte | Kind::Short | Kind::Integer | Kind::IntEnum(_) | Kind::Long,
            Value::Number(n),
        ) => match n.as_i64() {
            Some(i) => DefaultValue::Int(i),
            None => return Ok(None),
        },
        (Kind::Float | Kind::Double, Value::Number(n)) => match n.as_f64() {
            Some(f) => DefaultValue::Float(f),
            None => return Ok(None),
        },
        (Kind::Timestamp, Value::Number(n)) => match n.as_f64() {
            Some(f) => DefaultValue::Timestamp(f as i64),
            None => return Ok(None),
        },
        (Kind::Blob, Value::String(s)) => match base64_decode(s) {
            Some(bytes) => DefaultValue::Blob(bytes),
            None => {
                return Err(format!(
                    "the @default of a blob must be base64, found {:?}",
                    s.chars().take(40).collect::<String>()
                ))
            }
        },
        (Kind::Document, v) => DefaultValue::Document(v.clone()),
        (Kind::List(_), _) => DefaultValue::EmptyList,
        (Kind::Map { .. }, _) => DefaultValue::EmptyMap,
        // BigInteger / BigDecimal are refused by the support check.
        _ => return Ok(None),
    }))
}

/// Standard base64 (padding optional) to bytes; `None` when the text is not base64.
pub(crate) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let digit = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let text = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for chunk in text.as_bytes().chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= digit(c)? << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        match chunk.len() {
            4 => out.extend_from_slice(&bytes[1..4]),
            3 => out.extend_from_slice(&bytes[1..3]),
            2 => out.push(bytes[1]),
            _ => return None,
        }
    }
    Some(out)
}

/// The shapes emitted in `types` (structures, unions and enums reached as members, errors
/// excepted), the shapes the request body codec writes and those the response body codec reads.
pub(super) fn codec_sets(
    draft: &Draft,
    resolved: &Resolved,
) -> (BTreeSet<ShapeId>, BTreeSet<ShapeId>, BTreeSet<ShapeId>) {
    let mut types = BTreeSet::new();
    for shape in draft.shapes.values() {
        for m in shape.kind.members() {
            let t = draft.shape(&m.target);
            if matches!(t.kind, Kind::Structure(_) | Kind::Union(_) | Kind::Enum(_))
                && !resolved.errors.contains_key(&t.id)
            {
                types.insert(t.id.clone());
            }
        }
    }
    // Body and payload members of the top-level shapes, and everything those reach. Members
    // bound to the URI, query or headers are written and read by the binding code instead.
    let reach = |roots: Vec<(&ShapeId, &[crate::ir::Binding])>| {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<ShapeId> = Vec::new();
        for (root, bindings) in roots {
            let members = draft.shape(root).kind.members();
            for b in bindings {
                if matches!(b.location, Location::Body | Location::Payload(_)) {
                    if let Some(m) = members.iter().find(|m| m.name == b.member) {
                        stack.push(m.target.clone());
                    }
                }
            }
        }
        while let Some(id) = stack.pop() {
            if !seen.insert(id.clone()) {
                continue;
            }
            let s = draft.shape(&id);
            stack.extend(s.kind.members().into_iter().map(|m| m.target.clone()));
        }
        seen
    };
    let serialized = reach(
        resolved
            .operations
            .iter()
            .map(|o| (&o.input, o.request.as_slice()))
            .collect(),
    );
    let deserialized = reach(
        resolved
            .operations
            .iter()
            .map(|o| (&o.output, o.response.as_slice()))
            .chain(
                resolved
                    .errors
                    .values()
                    .map(|e| (&e.shape, e.response.as_slice())),
            )
            .collect(),
    );
    (types, serialized, deserialized)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_defaults_decode() {
        assert_eq!(base64_decode("YWJj").as_deref(), Some(b"abc".as_slice()));
        assert_eq!(base64_decode("YWI=").as_deref(), Some(b"ab".as_slice()));
        assert_eq!(base64_decode("YQ==").as_deref(), Some(b"a".as_slice()));
        assert_eq!(base64_decode("").as_deref(), Some(b"".as_slice()));
        assert_eq!(base64_decode("Y"), None);
        assert_eq!(base64_decode("Y*"), None);
    }
}
