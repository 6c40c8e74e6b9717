//! Operation and error resolution: where each member travels for the protocol.
//!
//! In: the checked [`Draft`] with members resolved, the raw operation traits (for the
//! endpoint context parameters), the paginators. Out: one [`Operation`] per selected operation
//! and one [`ErrorInfo`] per error structure, or located errors:
//!
//! - REST protocols bind each top-level member by its `http*` trait (a response has no URI,
//!   so label and query traits on output members mean the body); the `@http` URI pattern is
//!   parsed once, here, and every `{label}` must have an `@httpLabel` input member and every
//!   such member a label; bound members must have a type their location can carry; at most
//!   one member is the `@httpPayload`, and then no member is left for the body.
//! - RPC protocols put every member in the body.
//! - Each binding gets its location's timestamp format: the member's (or target's)
//!   `@timestampFormat`, else `date-time` in the URI and query, `http-date` in headers.
//! - The `@endpoint` host prefix is parsed and each label tied to a string `@hostLabel` input
//!   member.

use std::collections::BTreeMap;

use super::paginated::Paginators;
use super::{customizations, Draft, OpDef, Raw};
use crate::error::Error;
use crate::ir::{
    Binding, ErrorInfo, HostPrefix, HttpRoute, Kind, Location, Member, Operation, Payload,
    PayloadKind, Protocol, Shape, ShapeId, TemplatePart, TimestampFormat, UriPart,
};

/// The resolved operations and errors.
pub(super) struct Resolved {
    pub operations: Vec<Operation>,
    pub errors: BTreeMap<ShapeId, ErrorInfo>,
}

pub(super) fn resolve(
    draft: &Draft,
    raw: &BTreeMap<ShapeId, Raw>,
    paginators: &Paginators,
    errors: &mut Vec<Error>,
) -> Resolved {
    let mut operations = Vec::new();
    for op in &draft.operations {
        if let Some(resolved) = operation(draft, op, raw.get(&op.id), paginators, errors) {
            operations.push(resolved);
        }
    }
    let mut error_infos = BTreeMap::new();
    for id in draft.operations.iter().flat_map(|o| o.errors.iter()) {
        if !error_infos.contains_key(id) {
            error_infos.insert(id.clone(), error(draft, draft.shape(id), errors));
        }
    }
    Resolved {
        operations,
        errors: error_infos,
    }
}

fn invalid(location: impl Into<String>, message: impl Into<String>) -> Error {
    Error::Model {
        location: location.into(),
        message: message.into(),
    }
}

fn members_of(shape: &Shape) -> &[Member] {
    match &shape.kind {
        Kind::Structure(ms) | Kind::Union(ms) => ms,
        _ => &[],
    }
}

fn operation(
    draft: &Draft,
    op: &OpDef,
    raw: Option<&Raw>,
    paginators: &Paginators,
    errors: &mut Vec<Error>,
) -> Option<Operation> {
    let protocol = draft.protocol.protocol;
    let input = draft.shape(&op.input);
    let output = draft.shape(&op.output);
    let before = errors.len();
    let (http, request) = if protocol.uses_http_bindings() {
        let Some(h) = &op.traits.http else {
            errors.push(Error::Unsupported {
                location: op.id.clone(),
                feature: format!(
                    "operation without the smithy.api#http trait ({protocol} needs it)"
                ),
            });
            return None;
        };
        let route = route(op, input, &h.method, &h.uri, h.code, errors);
        let mut request: Vec<Binding> = members_of(input)
            .iter()
            .map(|m| http_binding(draft, input, m, true, errors))
            .collect();
        for b in &mut request {
            if let Location::Label { greedy } = &mut b.location {
                *greedy = route.iter().flat_map(|r| &r.path).any(
                    |p| matches!(p, UriPart::Label { member, greedy: true } if *member == b.member),
                );
            }
        }
        (route, request)
    } else {
        (None, body_bindings(input))
    };
    let response = if protocol.uses_http_bindings() {
        members_of(output)
            .iter()
            .map(|m| http_binding(draft, output, m, false, errors))
            .collect()
    } else {
        body_bindings(output)
    };
    check_payload(input, &request, errors);
    check_payload(output, &response, errors);
    let host_prefix = host_prefix(draft, op, input, errors);
    let endpoint_params = super::context_params::resolve(draft, input, raw, &op.id, errors);
    if errors.len() > before {
        return None;
    }
    Some(Operation {
        id: op.id.clone(),
        name: op.name.clone(),
        docs: op.traits.docs.clone(),
        deprecated: op.traits.deprecated.clone(),
        input: op.input.clone(),
        output: op.output.clone(),
        unit_input: op.unit_input,
        errors: op.errors.clone(),
        http,
        request,
        response,
        host_prefix,
        idempotency_token: members_of(input)
            .iter()
            .find(|m| m.traits.idempotency_token)
            .map(|m| m.name.clone()),
        paginator: paginators.get(&op.id).cloned(),
        checksum_required: op.traits.http_checksum_required,
        request_compression: op.traits.request_compression.clone().unwrap_or_default(),
        endpoint_params,
        customizations: {
            let mut c = customizations::for_operation(&draft.service, &op.name);
            // Only a string member of this input can name the endpoint.
            c.endpoint_member = c.endpoint_member.filter(|name| {
                members_of(input)
                    .iter()
                    .any(|m| &m.name == name && matches!(draft.shape(&m.target).kind, Kind::String))
            });
            c
        },
    })
}

fn error(draft: &Draft, shape: &Shape, errors: &mut Vec<Error>) -> ErrorInfo {
    let response = if draft.protocol.protocol.uses_http_bindings() {
        members_of(shape)
            .iter()
            .map(|m| http_binding(draft, shape, m, false, errors))
            .collect()
    } else {
        body_bindings(shape)
    };
    check_payload(shape, &response, errors);
    ErrorInfo {
        shape: shape.id.clone(),
        code: shape.name.clone(),
        query_code: draft
            .protocol
            .query_compatible
            .then(|| {
                shape
                    .traits
                    .aws_query_error
                    .as_ref()
                    .map(|(c, _)| c.clone())
            })
            .flatten(),
        fault: shape.traits.error.unwrap_or(crate::ir::ErrorFault::Client),
        http_status: shape.traits.http_error,
        retryable: shape.traits.retryable,
        response,
        message_member: members_of(shape)
            .iter()
            .find(|m| m.name.eq_ignore_ascii_case("message"))
            .map(|m| m.name.clone()),
    }
}

/// Every member in the body (RPC protocols).
fn body_bindings(shape: &Shape) -> Vec<Binding> {
    members_of(shape)
        .iter()
        .map(|m| Binding {
            member: m.name.clone(),
            location: Location::Body,
            timestamp_format: m.timestamp_format,
        })
        .collect()
}

/// The `@http` URI pattern parsed, with each label checked against the input's members.
fn route(
    op: &OpDef,
    input: &Shape,
    method: &str,
    uri: &str,
    code: u16,
    errors: &mut Vec<Error>,
) -> Option<HttpRoute> {
    let (path, query) = match uri.split_once('?') {
        Some((p, q)) => (p, Some(q.to_string())),
        None => (uri, None),
    };
    let members = members_of(input);
    let mut parts = Vec::new();
    let mut labels = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            errors.push(invalid(
                &op.id,
                format!("URI pattern `{uri}` has an unclosed `{{`"),
            ));
            return None;
        };
        if open > 0 {
            parts.push(UriPart::Literal(rest[..open].to_string()));
        }
        let label = &rest[open + 1..close];
        let (name, greedy) = match label.strip_suffix('+') {
            Some(name) => (name, true),
            None => (label, false),
        };
        if !members
            .iter()
            .any(|m| m.name == name && m.traits.http_label)
        {
            errors.push(invalid(
                &op.id,
                format!(
                    "URI label `{{{name}}}` has no @httpLabel member in {}",
                    input.id
                ),
            ));
        }
        labels.push(name.to_string());
        parts.push(UriPart::Label {
            member: name.to_string(),
            greedy,
        });
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(UriPart::Literal(rest.to_string()));
    }
    for m in members {
        if m.traits.http_label && !labels.contains(&m.name) {
            errors.push(invalid(
                format!("{}${}", input.id, m.name),
                format!("@httpLabel member is not a label of the URI `{uri}`"),
            ));
        }
    }
    let mut reserved_query: Vec<String> = query
        .iter()
        .flat_map(|q| q.split('&'))
        .map(|pair| pair.split('=').next().unwrap_or_default().to_string())
        .filter(|k| !k.is_empty())
        .collect();
    reserved_query.extend(members.iter().filter_map(|m| m.traits.http_query.clone()));
    Some(HttpRoute {
        method: method.to_string(),
        path: parts,
        query,
        reserved_query,
        code,
    })
}

/// The timestamp format of a member (or of the elements of a list member) in a location
/// whose default is `default`.
fn location_format(draft: &Draft, m: &Member, default: TimestampFormat) -> TimestampFormat {
    let target = draft.shape(&m.target);
    let (member, target) = match &target.kind {
        Kind::List(item) => (item, draft.shape(&item.target)),
        _ => (m, target),
    };
    member
        .traits
        .timestamp_format
        .or(target.traits.timestamp_format)
        .unwrap_or(default)
}

fn scalar_or_list(draft: &Draft, target: &Shape, allow_blob: bool) -> bool {
    let ok = |k: &Kind| k.is_scalar() || allow_blob && matches!(k, Kind::Blob);
    match &target.kind {
        Kind::List(item) => ok(&draft.shape(&item.target).kind),
        k => ok(k),
    }
}

/// The REST binding of a top-level member of `shape` (`request`: an operation input).
fn http_binding(
    draft: &Draft,
    shape: &Shape,
    m: &Member,
    request: bool,
    errors: &mut Vec<Error>,
) -> Binding {
    let target = draft.shape(&m.target);
    let t = &m.traits;
    let location_id = format!("{}${}", shape.id, m.name);
    let mut bad = |what: &str| {
        errors.push(invalid(
            location_id.clone(),
            format!(
                "{what} cannot bind a {} ({})",
                target.kind.type_name(),
                m.target
            ),
        ))
    };
    let (location, default_format) = if t.http_label && request {
        if !target.kind.is_scalar() {
            bad("@httpLabel");
        }
        (Location::Label { greedy: false }, TimestampFormat::DateTime)
    } else if let (Some(q), true) = (&t.http_query, request) {
        if !scalar_or_list(draft, target, false) {
            bad("@httpQuery");
        }
        (
            Location::Query { name: q.clone() },
            TimestampFormat::DateTime,
        )
    } else if t.http_query_params && request {
        let ok = match &target.kind {
            Kind::Map { value, .. } => {
                let v = draft.shape(&value.target);
                matches!(v.kind, Kind::String | Kind::Enum(_))
                    || matches!(&v.kind, Kind::List(i) if matches!(draft.shape(&i.target).kind, Kind::String | Kind::Enum(_)))
            }
            _ => false,
        };
        if !ok {
            bad("@httpQueryParams");
        }
        (Location::QueryParams, TimestampFormat::DateTime)
    } else if let Some(h) = &t.http_header {
        if !scalar_or_list(draft, target, true) {
            bad("@httpHeader");
        }
        let base64 = matches!(target.kind, Kind::String) && target.traits.media_type.is_some();
        (
            Location::Header {
                name: h.clone(),
                base64,
            },
            TimestampFormat::HttpDate,
        )
    } else if let Some(p) = &t.http_prefix_headers {
        let ok = matches!(&target.kind, Kind::Map { value, .. } if matches!(draft.shape(&value.target).kind, Kind::String));
        if !ok {
            bad("@httpPrefixHeaders");
        }
        (
            Location::PrefixHeaders { prefix: p.clone() },
            TimestampFormat::HttpDate,
        )
    } else if t.http_payload {
        let media_type = target.traits.media_type.clone();
        let (kind, content_type) = match &target.kind {
            Kind::Blob => (
                PayloadKind::Blob {
                    streaming: target.traits.streaming,
                },
                media_type.unwrap_or_else(|| "application/octet-stream".into()),
            ),
            Kind::String => (
                PayloadKind::String,
                media_type.unwrap_or_else(|| "text/plain".into()),
            ),
            Kind::Enum(_) => (
                PayloadKind::Enum,
                media_type.unwrap_or_else(|| "text/plain".into()),
            ),
            Kind::Structure(_) => (PayloadKind::Structure, document_media_type(draft)),
            Kind::Union(_) => (PayloadKind::Union, document_media_type(draft)),
            Kind::Document => (PayloadKind::Document, document_media_type(draft)),
            _ => {
                bad("@httpPayload");
                (PayloadKind::Blob { streaming: false }, String::new())
            }
        };
        (
            Location::Payload(Payload { kind, content_type }),
            m.timestamp_format,
        )
    } else if t.http_response_code && !request {
        if !matches!(target.kind, Kind::Integer) {
            bad("@httpResponseCode");
        }
        (Location::ResponseCode, m.timestamp_format)
    } else {
        (Location::Body, m.timestamp_format)
    };
    let timestamp_format = match location {
        Location::Body | Location::Payload(_) | Location::ResponseCode => m.timestamp_format,
        _ => location_format(draft, m, default_format),
    };
    Binding {
        member: m.name.clone(),
        location,
        timestamp_format,
    }
}

/// The media type of a document payload of the protocol.
fn document_media_type(draft: &Draft) -> String {
    match draft.protocol.protocol {
        Protocol::RestJson1 => "application/json".into(),
        Protocol::AwsJson1_0 => "application/x-amz-json-1.0".into(),
        Protocol::AwsJson1_1 => "application/x-amz-json-1.1".into(),
        Protocol::RpcV2Cbor => "application/cbor".into(),
    }
}

/// At most one `@httpPayload` member, and then no member left for the body.
fn check_payload(shape: &Shape, bindings: &[Binding], errors: &mut Vec<Error>) {
    let payloads: Vec<&Binding> = bindings
        .iter()
        .filter(|b| matches!(b.location, Location::Payload(_)))
        .collect();
    if payloads.len() > 1 {
        errors.push(invalid(&shape.id, "more than one member has @httpPayload"));
    }
    if let Some(p) = payloads.first() {
        if bindings.iter().any(|b| b.location == Location::Body) {
            errors.push(invalid(
                format!("{}${}", shape.id, p.member),
                "@httpPayload member next to members bound to the body",
            ));
        }
    }
}

/// The `@endpoint` host prefix: every `{label}` names a string `@hostLabel` input member.
fn host_prefix(
    draft: &Draft,
    op: &OpDef,
    input: &Shape,
    errors: &mut Vec<Error>,
) -> Option<HostPrefix> {
    let prefix = op.traits.host_prefix.as_deref()?;
    let mut parts = Vec::new();
    let mut rest = prefix;
    let mut ok = true;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            errors.push(invalid(
                &op.id,
                format!("hostPrefix `{prefix}` has an unclosed `{{`"),
            ));
            return None;
        };
        if open > 0 {
            parts.push(TemplatePart::Literal(rest[..open].to_string()));
        }
        let label = &rest[open + 1..close];
        let found = members_of(input).iter().any(|m| {
            m.name == label
                && m.traits.host_label
                && matches!(draft.shape(&m.target).kind, Kind::String)
        });
        if !found {
            ok = false;
            errors.push(invalid(
                &op.id,
                format!(
                    "hostPrefix label `{{{label}}}` has no string @hostLabel member in {}",
                    input.id
                ),
            ));
        }
        parts.push(TemplatePart::Label(label.to_string()));
        rest = &rest[close + 1..];
    }
    if !rest.is_empty() {
        parts.push(TemplatePart::Literal(rest.to_string()));
    }
    ok.then_some(HostPrefix { parts })
}
