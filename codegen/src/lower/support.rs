//! What the emitters support today, checked over the operation closure so that an
//! unsupported feature is a located error and never wrong code.

use crate::error::Error;
use crate::ir::{Ir, Kind};

pub fn check(ir: &Ir, errors: &mut Vec<Error>) {
    let unsupported = |location: String, feature: &str| Error::Unsupported {
        location,
        feature: feature.to_string(),
    };
    match ir.service.protocol.as_deref() {
        Some("aws.protocols#restJson1") => {}
        Some(other) => errors.push(unsupported(
            ir.service.id.clone(),
            &format!("protocol {other} (only aws.protocols#restJson1 is generated)"),
        )),
        None => errors.push(unsupported(
            ir.service.id.clone(),
            "service without a protocol trait (only aws.protocols#restJson1 is generated)",
        )),
    }
    for op in &ir.operations {
        if op.http.uri.contains('{') {
            errors.push(unsupported(
                op.id.clone(),
                &format!("URI labels in `{}` (httpLabel bindings)", op.http.uri),
            ));
        }
    }
    for shape in ir.shapes.values() {
        match &shape.kind {
            Kind::BigInteger | Kind::BigDecimal => errors.push(unsupported(
                shape.id.clone(),
                &format!("{} shapes", shape.kind.type_name()),
            )),
            Kind::Union(_) => errors.push(unsupported(shape.id.clone(), "union shapes")),
            Kind::Blob if shape.traits.streaming => {
                errors.push(unsupported(shape.id.clone(), "streaming blobs"))
            }
            _ => {}
        }
        if matches!(shape.kind, Kind::Enum(_) | Kind::IntEnum(_)) {
            continue;
        }
        for m in shape.kind.members() {
            let t = &m.traits;
            let binding = if t.http_label {
                Some("httpLabel binding")
            } else if t.http_query.is_some() {
                Some("httpQuery binding")
            } else if t.http_query_params {
                Some("httpQueryParams binding")
            } else if t.http_header.is_some() {
                Some("httpHeader binding")
            } else if t.http_prefix_headers.is_some() {
                Some("httpPrefixHeaders binding")
            } else if t.http_payload {
                Some("httpPayload binding")
            } else if t.http_response_code {
                Some("httpResponseCode binding")
            } else {
                None
            };
            if let Some(feature) = binding {
                errors.push(unsupported(format!("{}${}", shape.id, m.name), feature));
            }
        }
    }
}
