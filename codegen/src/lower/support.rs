//! What the emitters support today, checked over the operation closure so that an
//! unsupported feature is a located error and never wrong code. HTTP bindings are also
//! validated here (labels match the URI pattern, bound members have bindable types), since
//! the emitters rely on it.

use crate::error::Error;
use crate::ir::{Ir, Kind, Member, Operation, Shape};

/// Operation traits whose behaviour the generated client would have to implement.
const UNSUPPORTED_OPERATION_TRAITS: &[(&str, &str)] =
    &[("aws.protocols#httpChecksum", "httpChecksum")];

pub fn check(ir: &Ir, errors: &mut Vec<Error>) {
    match ir.service.protocol.as_deref() {
        Some("aws.protocols#restJson1") => {}
        Some(other) => errors.push(unsupported(
            &ir.service.id,
            &format!("protocol {other} (only aws.protocols#restJson1 is generated)"),
        )),
        None => errors.push(unsupported(
            &ir.service.id,
            "service without a protocol trait (only aws.protocols#restJson1 is generated)",
        )),
    }
    for op in &ir.operations {
        check_operation(ir, op, errors);
    }
    for shape in ir.shapes.values() {
        match &shape.kind {
            Kind::BigInteger | Kind::BigDecimal => errors.push(unsupported(
                &shape.id,
                &format!("{} shapes", shape.kind.type_name()),
            )),
            Kind::Union(_) if shape.traits.streaming => {
                errors.push(unsupported(&shape.id, "event streams"))
            }
            _ => {}
        }
        check_streaming_members(ir, shape, errors);
    }
}

/// A `@streaming` blob is supported as the `@httpPayload` of an operation input or output
/// (held in memory as a `ByteStream`), nowhere else.
fn check_streaming_members(ir: &Ir, shape: &Shape, errors: &mut Vec<Error>) {
    let top_level = ir
        .operations
        .iter()
        .any(|op| op.input == shape.id || op.output == shape.id);
    for m in shape.kind.members() {
        let target = ir.shape(&m.target);
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

fn invalid(location: String, message: String) -> Error {
    Error::Model { location, message }
}

fn check_operation(ir: &Ir, op: &Operation, errors: &mut Vec<Error>) {
    for (id, what) in UNSUPPORTED_OPERATION_TRAITS {
        if op.traits.other.contains_key(*id) {
            errors.push(unsupported(&op.id, what));
        }
    }
    let input = ir.shape(&op.input);
    let input_members = input.kind.members();
    check_host_prefix(ir, op, errors);
    let path = op.http.uri.split('?').next().unwrap_or_default();
    // Every `{label}` needs an @httpLabel member and every @httpLabel member a `{label}`.
    let mut labels = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            errors.push(invalid(
                op.id.clone(),
                format!("URI pattern `{}` has an unclosed `{{`", op.http.uri),
            ));
            break;
        };
        labels.push(
            rest[open + 1..open + close]
                .trim_end_matches('+')
                .to_string(),
        );
        rest = &rest[open + close + 1..];
    }
    for label in &labels {
        if !input_members
            .iter()
            .any(|m| &m.name == label && m.traits.http_label)
        {
            errors.push(invalid(
                op.id.clone(),
                format!(
                    "URI label `{{{label}}}` has no @httpLabel member in {}",
                    input.id
                ),
            ));
        }
    }
    for m in &input_members {
        let location = format!("{}${}", input.id, m.name);
        if m.traits.http_label && !labels.contains(&m.name) {
            errors.push(invalid(
                location.clone(),
                format!(
                    "@httpLabel member is not a label of the URI `{}`",
                    op.http.uri
                ),
            ));
        }
        check_binding(ir, m, &location, true, errors);
    }
    for id in std::iter::once(&op.output).chain(op.errors.iter()) {
        let shape = ir.shape(id);
        for m in shape.kind.members() {
            check_binding(ir, m, &format!("{}${}", shape.id, m.name), false, errors);
        }
    }
    for id in std::iter::once(&op.input)
        .chain(std::iter::once(&op.output))
        .chain(op.errors.iter())
    {
        check_payload(ir.shape(id), errors);
    }
}

/// The `hostPrefix` of an operation's `@endpoint` trait, when it has one.
pub fn host_prefix(op: &Operation) -> Option<&str> {
    op.traits
        .other
        .get("smithy.api#endpoint")?
        .get("hostPrefix")?
        .as_str()
}

/// Every `{label}` of the host prefix names a string input member with `@hostLabel`.
fn check_host_prefix(ir: &Ir, op: &Operation, errors: &mut Vec<Error>) {
    let Some(prefix) = host_prefix(op) else {
        if op.traits.other.contains_key("smithy.api#endpoint") {
            errors.push(invalid(
                op.id.clone(),
                "the endpoint trait needs a string `hostPrefix`".into(),
            ));
        }
        return;
    };
    let input = ir.shape(&op.input);
    let mut rest = prefix;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            errors.push(invalid(
                op.id.clone(),
                format!("hostPrefix `{prefix}` has an unclosed `{{`"),
            ));
            return;
        };
        let label = &rest[open + 1..open + close];
        let ok = input.kind.members().iter().any(|m| {
            m.name == label
                && m.traits.other.contains_key("smithy.api#hostLabel")
                && matches!(ir.shape(&m.target).kind, Kind::String)
        });
        if !ok {
            errors.push(invalid(
                op.id.clone(),
                format!(
                    "hostPrefix label `{{{label}}}` has no string @hostLabel member in {}",
                    input.id
                ),
            ));
        }
        rest = &rest[open + close + 1..];
    }
}

fn scalar_or_list(ir: &Ir, target: &Shape, allow_blob: bool) -> bool {
    let ok = |k: &Kind| k.is_scalar() || allow_blob && matches!(k, Kind::Blob);
    match &target.kind {
        Kind::List(item) => ok(&ir.shape(&item.target).kind),
        k => ok(k),
    }
}

fn check_binding(ir: &Ir, m: &Member, location: &str, request: bool, errors: &mut Vec<Error>) {
    let target = ir.shape(&m.target);
    let t = &m.traits;
    let bad = |what: &str| {
        invalid(
            location.to_string(),
            format!(
                "{what} cannot bind a {} ({})",
                target.kind.type_name(),
                m.target
            ),
        )
    };
    if t.http_label && request && !target.kind.is_scalar() {
        errors.push(bad("@httpLabel"));
    }
    if t.http_query.is_some() && request && !scalar_or_list(ir, target, false) {
        errors.push(bad("@httpQuery"));
    }
    if t.http_query_params && request {
        let ok = match &target.kind {
            Kind::Map { value, .. } => {
                let v = ir.shape(&value.target);
                matches!(v.kind, Kind::String | Kind::Enum(_))
                    || matches!(&v.kind, Kind::List(i) if matches!(ir.shape(&i.target).kind, Kind::String | Kind::Enum(_)))
            }
            _ => false,
        };
        if !ok {
            errors.push(bad("@httpQueryParams"));
        }
    }
    if t.http_header.is_some() && !scalar_or_list(ir, target, true) {
        errors.push(bad("@httpHeader"));
    }
    if t.http_prefix_headers.is_some() {
        let ok = matches!(&target.kind, Kind::Map { value, .. } if matches!(ir.shape(&value.target).kind, Kind::String));
        if !ok {
            errors.push(bad("@httpPrefixHeaders"));
        }
    }
    if t.http_payload
        && !matches!(
            target.kind,
            Kind::Blob
                | Kind::String
                | Kind::Enum(_)
                | Kind::Structure(_)
                | Kind::Union(_)
                | Kind::Document
        )
    {
        errors.push(bad("@httpPayload"));
    }
    if t.http_response_code && !request && !matches!(target.kind, Kind::Integer) {
        errors.push(bad("@httpResponseCode"));
    }
}

fn check_payload(shape: &Shape, errors: &mut Vec<Error>) {
    let members = shape.kind.members();
    let payloads: Vec<&&Member> = members.iter().filter(|m| m.traits.http_payload).collect();
    if payloads.len() > 1 {
        errors.push(invalid(
            shape.id.clone(),
            "more than one member has @httpPayload".into(),
        ));
    }
    if let Some(p) = payloads.first() {
        let body = members.iter().any(|m| {
            let t = &m.traits;
            !(t.http_payload
                || t.http_label
                || t.http_query.is_some()
                || t.http_query_params
                || t.http_header.is_some()
                || t.http_prefix_headers.is_some()
                || t.http_response_code)
        });
        if body {
            errors.push(invalid(
                format!("{}${}", shape.id, p.name),
                "@httpPayload member next to members bound to the body".into(),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars() {
        assert!(Kind::Timestamp.is_scalar());
        assert!(!Kind::Blob.is_scalar());
        assert!(!Kind::Document.is_scalar());
    }
}
