//! A resolved operation and a resolved modeled error: what lowering decided about where every
//! member travels for the service's protocol, so that emitters only read.
//!
//! For a REST protocol a top-level member may be bound to the URI, the query string, a header,
//! the payload or the status code; for an RPC protocol every member is in the body. Each
//! [`Binding`] names the member and its [`Location`], with the wire name and the timestamp
//! format that location uses. URI patterns and host prefixes are parsed into parts; paginator
//! paths are resolved into steps through structure members.

use super::endpoints::Literal;
use super::{ShapeId, TimestampFormat};

#[derive(Debug, Clone)]
pub struct Operation {
    pub id: ShapeId,
    pub name: String,
    pub docs: Option<String>,
    /// `@deprecated` on the operation.
    pub deprecated: Option<super::Deprecated>,
    /// Input structure (a synthetic empty structure when the model says `smithy.api#Unit`).
    pub input: ShapeId,
    pub output: ShapeId,
    /// Whether the model's input is `smithy.api#Unit` (some RPC protocols then send no body).
    pub unit_input: bool,
    /// Error structures, sorted by shape name.
    pub errors: Vec<ShapeId>,
    /// The HTTP route of a REST protocol; `None` for RPC protocols (their route is fixed).
    pub http: Option<HttpRoute>,
    /// Where each input member goes, in member order.
    pub request: Vec<Binding>,
    /// Where each output member comes from, in member order.
    pub response: Vec<Binding>,
    /// `@endpoint` `hostPrefix`, parsed.
    pub host_prefix: Option<HostPrefix>,
    /// The input member with `@idempotencyToken`.
    pub idempotency_token: Option<String>,
    pub paginator: Option<Paginator>,
    /// `@httpChecksumRequired`: send the body's `Content-MD5`.
    pub checksum_required: bool,
    /// `@requestCompression` encodings, in preference order.
    pub request_compression: Vec<String>,
    /// Endpoint rule parameters this operation sets (static values and input members).
    pub endpoint_params: Vec<EndpointParamBinding>,
    /// What the AWS SDKs add for this operation beyond the model (see
    /// `lower::customizations`).
    pub customizations: Customizations,
}

impl Operation {
    /// The binding of input member `member`.
    pub fn request_binding(&self, member: &str) -> Option<&Binding> {
        self.request.iter().find(|b| b.member == member)
    }
}

/// Where one top-level member travels.
#[derive(Debug, Clone, PartialEq)]
pub struct Binding {
    /// The member name.
    pub member: String,
    pub location: Location,
    /// The format of a timestamp (or list of timestamps) in this location.
    pub timestamp_format: TimestampFormat,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Location {
    /// A `{label}` of the URI (request only).
    Label { greedy: bool },
    /// A query parameter (request only).
    Query { name: String },
    /// `@httpQueryParams`: a map of query parameters (request only).
    QueryParams,
    /// A header; `base64` for a string with `@mediaType` (sent base64-encoded).
    Header { name: String, base64: bool },
    /// `@httpPrefixHeaders`: a map of headers with this name prefix.
    PrefixHeaders { prefix: String },
    /// `@httpPayload`: the whole body.
    Payload(Payload),
    /// `@httpResponseCode` (response only).
    ResponseCode,
    /// A member of the body document, under its [`super::Member::wire_name`].
    Body,
}

/// An `@httpPayload` member.
#[derive(Debug, Clone, PartialEq)]
pub struct Payload {
    pub kind: PayloadKind,
    /// The `Content-Type` a request with this payload carries.
    pub content_type: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PayloadKind {
    /// Raw bytes; `streaming` for a `@streaming` blob (a `ByteStream`).
    Blob {
        streaming: bool,
    },
    String,
    Enum,
    /// A document of the protocol's codec (a structure is sent as `{}` when unset).
    Structure,
    Union,
    Document,
}

/// The `@http` trait, with the URI pattern parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpRoute {
    pub method: String,
    /// The path part of the pattern.
    pub path: Vec<UriPart>,
    /// A literal query string in the pattern (`/x?list-type=2` → `list-type=2`).
    pub query: Option<String>,
    /// Literal query parameter names (explicit `@httpQuery` names are added by lowering), which
    /// `@httpQueryParams` entries must not repeat.
    pub reserved_query: Vec<String>,
    /// The success status code.
    pub code: u16,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UriPart {
    Literal(String),
    /// A label bound to the input member of that name.
    Label {
        member: String,
        greedy: bool,
    },
}

/// An `@endpoint` host prefix: literals and `{label}`s of `@hostLabel` input members.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostPrefix {
    pub parts: Vec<TemplatePart>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePart {
    Literal(String),
    /// The input member of that name.
    Label(String),
}

/// A resolved `@paginated` trait (the service's defaults merged in).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paginator {
    /// The input member that carries the token.
    pub input_token: String,
    /// From the output down to the token.
    pub output_token: Vec<PathStep>,
    /// From the output down to the list or map of items.
    pub items: Option<Vec<PathStep>>,
    /// The input member that sets the page size.
    pub page_size: Option<String>,
}

/// One step of a member path: the member `member` of structure `container`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathStep {
    pub container: ShapeId,
    pub member: String,
}

/// One endpoint rule parameter that an operation binds.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointParamBinding {
    /// The rule-set parameter name.
    pub param: String,
    pub value: EndpointParamValue,
}

#[derive(Debug, Clone, PartialEq)]
pub enum EndpointParamValue {
    /// `smithy.rules#staticContextParams`.
    Static(Literal),
    /// `smithy.rules#contextParam` on this input member (a string, enum or boolean member).
    Member { member: String, leaf: PathLeaf },
    /// `smithy.rules#operationContextParams`: a path from the input.
    Path {
        path: OperationPath,
        /// Whether the path yields a list of strings (a projection, `keys`, a multi-select);
        /// otherwise at most one value, of type `leaf`.
        list: bool,
        leaf: PathLeaf,
    },
}

/// What the end of an operation context path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathLeaf {
    /// A string or enum member (or map keys).
    Str,
    Bool,
}

/// A path expression of `operationContextParams` (the JMESPath subset Smithy allows), resolved
/// against the input's shapes. It is evaluated on a current value, starting with the input;
/// a member that is not set yields nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OperationPath {
    /// The member `step.member` of the current value (a structure `step.container`).
    Field {
        step: PathStep,
        then: Box<OperationPath>,
    },
    /// `[*]` (or `[]`) over a list: the rest of the path for each element, flattened.
    Each {
        list: ShapeId,
        then: Box<OperationPath>,
    },
    /// `keys(...)` of a map: its keys.
    Keys,
    /// `[a, b]` (flattened by a following `[]`): each path on the current value, in order.
    MultiSelect(Vec<OperationPath>),
    /// The current value (a string, enum or boolean).
    Here,
}

/// What an operation's request needs from the AWS SDK customizations table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Customizations {
    /// Headers every request carries (name, value), unless the request already has them.
    pub headers: Vec<(String, String)>,
    /// URI labels (by member name) sent as this value when empty or unset.
    pub label_defaults: Vec<(String, String)>,
    /// Whether to send the payload's SHA-256 and SHA-256 tree hash headers.
    pub glacier_checksums: bool,
    /// An input member whose value, when set and non-empty, is the endpoint of the call.
    pub endpoint_member: Option<String>,
}

/// A modeled error, resolved.
#[derive(Debug, Clone)]
pub struct ErrorInfo {
    pub shape: ShapeId,
    /// The error code that identifies it on the wire (its shape name).
    pub code: String,
    /// `aws.protocols#awsQueryError` code, for an `awsQueryCompatible` service.
    pub query_code: Option<String>,
    pub fault: super::ErrorFault,
    /// `@httpError`.
    pub http_status: Option<u16>,
    /// `Some(throttling)` when it is `@retryable`.
    pub retryable: Option<bool>,
    /// Where each member comes from, in member order.
    pub response: Vec<Binding>,
    /// The member that carries the message (`message`, any case).
    pub message_member: Option<String>,
}
