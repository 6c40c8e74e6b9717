//! What the emitters support today, checked over the operation closure so that an
//! unsupported feature is a located error and never wrong code.
//!
//! In: the checked draft and the operations to check (the service-level checks run when the
//! list is empty too). Out: [`Error::Unsupported`] for big numbers, event streams, documents
//! in rpcv2Cbor, streaming blobs outside an operation's `@httpPayload`, and traits whose
//! behaviour the client would have to implement (see [`traits::UNSUPPORTED`](super::traits::UNSUPPORTED)).

use super::{Draft, OpDef};
use crate::error::Error;
use crate::ir::{Kind, Protocol, Shape};

pub(crate) fn check(draft: &Draft, operations: &[OpDef], errors: &mut Vec<Error>) {
    for op in operations {
        for id in &op.traits.unsupported {
            errors.push(unsupported(&op.id, id.rsplit('#').next().unwrap_or(id)));
        }
    }
    let top_level = |id: &str| {
        operations
            .iter()
            .any(|op| op.input == id || op.output == id)
    };
    let rest = draft.protocol.protocol.uses_http_bindings();
    for shape in draft.shapes.values() {
        match &shape.kind {
            Kind::BigInteger | Kind::BigDecimal => errors.push(unsupported(
                &shape.id,
                &format!("{} shapes", shape.kind.type_name()),
            )),
            Kind::Union(_) if shape.traits.streaming => {
                errors.push(unsupported(&shape.id, "event streams"))
            }
            Kind::Document if draft.protocol.protocol == Protocol::RpcV2Cbor => {
                errors.push(unsupported(
                    &shape.id,
                    "document shapes in rpcv2Cbor (the protocol has none)",
                ))
            }
            _ => {}
        }
        for id in &shape.traits.unsupported {
            errors.push(unsupported(&shape.id, id.rsplit('#').next().unwrap_or(id)));
        }
        check_streaming_members(draft, shape, top_level(&shape.id) && rest, errors);
    }
}

/// A `@streaming` blob is supported as the `@httpPayload` of an operation input or output
/// of a REST protocol (held in memory as a `ByteStream`), nowhere else.
fn check_streaming_members(draft: &Draft, shape: &Shape, top_level: bool, errors: &mut Vec<Error>) {
    for m in shape.kind.members() {
        let target = draft.shape(&m.target);
        if !(target.traits.streaming && matches!(target.kind, Kind::Blob)) {
            continue;
        }
        if !(top_level && m.traits.http_payload) {
            errors.push(unsupported(
                &format!("{}${}", shape.id, m.name),
                &format!(
                    "streaming blob {} outside the @httpPayload of an operation input or output",
                    m.target
                ),
            ));
        }
    }
}

fn unsupported(location: &str, feature: &str) -> Error {
    Error::Unsupported {
        location: location.to_string(),
        feature: feature.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::Kind;

    #[test]
    fn scalars() {
        assert!(Kind::Timestamp.is_scalar());
        assert!(!Kind::Blob.is_scalar());
        assert!(!Kind::Document.is_scalar());
    }
}
