//! The intermediate representation that `lower` produces and `name`/`emit` only read.
//!
//! Everything a generator needs is decided here, once, typed: the service and the protocol it
//! is generated for, every data shape of the selected operations' closure (members carry their
//! wire name and body timestamp format for that protocol, and their typed default), each
//! operation resolved ([`operation::Operation`]: where every member goes on the wire, the parsed
//! URI pattern and host prefix, paginator paths, checksum and compression needs, endpoint
//! context parameters), each modeled error ([`operation::ErrorInfo`]), which shapes the body
//! codecs must write and read, the lowered endpoint rule set and the protocol test cases.
//! No raw trait JSON is kept: an emitter cannot read one.

pub mod endpoints;
pub mod operation;
pub mod protocol_tests;

use std::collections::{BTreeMap, BTreeSet};

pub use operation::{
    Binding, ErrorInfo, HostPrefix, HttpRoute, Location, Operation, Paginator, PathStep, Payload,
    PayloadKind, TemplatePart, UriPart,
};

/// An absolute shape id, `namespace#Name`.
pub type ShapeId = String;

/// The service, the selected operations and every shape they reach, resolved for one protocol.
#[derive(Debug, Clone)]
pub struct Ir {
    pub service: Service,
    pub protocol: ProtocolInfo,
    /// Sorted by operation name.
    pub operations: Vec<Operation>,
    /// The closure of the selected operations (inputs, outputs, errors and everything their
    /// members reach), prelude shapes included.
    pub shapes: BTreeMap<ShapeId, Shape>,
    /// Every error structure of the selected operations.
    pub errors: BTreeMap<ShapeId, ErrorInfo>,
    /// Structures, unions and enums reached as members (emitted in `types`), sorted.
    pub types: BTreeSet<ShapeId>,
    /// Shapes the request body codec writes (reached from body-bound input members).
    pub serialized: BTreeSet<ShapeId>,
    /// Shapes the response body codec reads (reached from body-bound output and error members).
    pub deserialized: BTreeSet<ShapeId>,
    /// The lowered endpoint rule set, when the service has one.
    pub endpoints: Option<endpoints::RuleSet>,
    /// The model's protocol compliance cases for the selected operations, when asked for.
    pub protocol_tests: Vec<protocol_tests::Case>,
}

impl Ir {
    /// The shape a member or operation refers to. Lowering guarantees every target exists.
    pub fn shape(&self, id: &str) -> &Shape {
        self.shapes
            .get(id)
            .unwrap_or_else(|| panic!("internal invariant: {id} is in the shape closure"))
    }

    /// The operation with shape id `id`.
    pub fn operation(&self, id: &str) -> &Operation {
        self.operations
            .iter()
            .find(|o| o.id == id)
            .unwrap_or_else(|| panic!("internal invariant: operation {id} is selected"))
    }

    /// The resolved description of error structure `id`.
    pub fn error(&self, id: &str) -> &ErrorInfo {
        self.errors
            .get(id)
            .unwrap_or_else(|| panic!("internal invariant: {id} is a modeled error"))
    }

    /// Operation input and output structures (emitted in their operation module).
    pub fn is_io(&self, id: &str) -> bool {
        self.operations
            .iter()
            .any(|o| o.input == id || o.output == id)
    }

    /// Operation input structures (every member optional until `build()`).
    pub fn is_input(&self, id: &str) -> bool {
        self.operations.iter().any(|o| o.input == id)
    }
}

#[derive(Debug, Clone)]
pub struct Service {
    pub id: ShapeId,
    pub name: String,
    /// `aws.api#service` sdkId, else the shape name.
    pub sdk_id: String,
    pub version: Option<String>,
    pub title: Option<String>,
    pub docs: Option<String>,
    /// `aws.auth#sigv4` signing name.
    pub sigv4_name: Option<String>,
    /// The service's `rename` map: shape id → the name to use instead of its own.
    pub renames: BTreeMap<ShapeId, String>,
}

/// The protocols the generator writes, in the order it prefers them when a service lists
/// several (see [`Protocol::PREFERENCE`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Protocol {
    RestJson1,
    AwsJson1_0,
    AwsJson1_1,
    RpcV2Cbor,
}

impl Protocol {
    /// When a service lists several protocols, the first of these it lists is generated:
    /// the binary RPC protocol first (smallest messages, cheapest codec), then the JSON RPC
    /// protocols, then restJson1. `--protocol` overrides the choice.
    pub const PREFERENCE: [Protocol; 4] = [
        Protocol::RpcV2Cbor,
        Protocol::AwsJson1_0,
        Protocol::AwsJson1_1,
        Protocol::RestJson1,
    ];

    /// The protocol trait's shape id.
    pub fn trait_id(self) -> &'static str {
        match self {
            Protocol::RestJson1 => "aws.protocols#restJson1",
            Protocol::AwsJson1_0 => "aws.protocols#awsJson1_0",
            Protocol::AwsJson1_1 => "aws.protocols#awsJson1_1",
            Protocol::RpcV2Cbor => "smithy.protocols#rpcv2Cbor",
        }
    }

    /// The protocol for a trait id or its short name (`awsJson1_0`).
    pub fn from_name(name: &str) -> Option<Protocol> {
        Protocol::PREFERENCE
            .into_iter()
            .find(|p| p.trait_id() == name || p.trait_id().rsplit('#').next() == Some(name))
    }

    /// Whether members are bound to HTTP locations by the `http*` traits (otherwise every
    /// input and output member is in the body).
    pub fn uses_http_bindings(self) -> bool {
        matches!(self, Protocol::RestJson1)
    }
}

impl std::fmt::Display for Protocol {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.trait_id())
    }
}

/// The protocol a crate is generated for, with the modifiers that change its wire behaviour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProtocolInfo {
    pub protocol: Protocol,
    /// `aws.protocols#awsQueryCompatible`: the service moved from awsQuery and still answers
    /// with its awsQuery error codes (`x-amzn-query-error`).
    pub query_compatible: bool,
}

#[derive(Debug, Clone)]
pub struct Shape {
    pub id: ShapeId,
    /// The part after `#`.
    pub name: String,
    pub kind: Kind,
    pub traits: Traits,
}

// `Map` holds two members inline; the IR is built once per run, so boxing buys nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Kind {
    Blob,
    Boolean,
    String,
    Byte,
    Short,
    Integer,
    Long,
    Float,
    Double,
    BigInteger,
    BigDecimal,
    Timestamp,
    Document,
    Enum(Vec<EnumValue>),
    IntEnum(Vec<IntEnumValue>),
    List(Member),
    Map {
        key: Member,
        value: Member,
    },
    Structure(Vec<Member>),
    Union(Vec<Member>),
    /// `smithy.api#Unit`.
    Unit,
}

impl Kind {
    /// Name of the Smithy shape type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Kind::Blob => "blob",
            Kind::Boolean => "boolean",
            Kind::String => "string",
            Kind::Byte => "byte",
            Kind::Short => "short",
            Kind::Integer => "integer",
            Kind::Long => "long",
            Kind::Float => "float",
            Kind::Double => "double",
            Kind::BigInteger => "bigInteger",
            Kind::BigDecimal => "bigDecimal",
            Kind::Timestamp => "timestamp",
            Kind::Document => "document",
            Kind::Enum(_) => "enum",
            Kind::IntEnum(_) => "intEnum",
            Kind::List(_) => "list",
            Kind::Map { .. } => "map",
            Kind::Structure(_) => "structure",
            Kind::Union(_) => "union",
            Kind::Unit => "unit",
        }
    }

    /// Booleans and numbers: `Copy` in Rust, written as plain text in URIs and headers.
    pub fn is_number_or_bool(&self) -> bool {
        matches!(
            self,
            Kind::Boolean
                | Kind::Byte
                | Kind::Short
                | Kind::Integer
                | Kind::IntEnum(_)
                | Kind::Long
                | Kind::Float
                | Kind::Double
        )
    }

    /// Values an HTTP label, query parameter or header can carry as text.
    pub fn is_scalar(&self) -> bool {
        self.is_number_or_bool() || matches!(self, Kind::String | Kind::Enum(_) | Kind::Timestamp)
    }

    /// Members of an aggregate, in model order.
    pub fn members(&self) -> Vec<&Member> {
        match self {
            Kind::List(m) => vec![m],
            Kind::Map { key, value } => vec![key, value],
            Kind::Structure(ms) | Kind::Union(ms) => ms.iter().collect(),
            _ => Vec::new(),
        }
    }

    /// Mutable members of an aggregate, in model order.
    pub fn members_mut(&mut self) -> Vec<&mut Member> {
        match self {
            Kind::List(m) => vec![m],
            Kind::Map { key, value } => vec![key, value],
            Kind::Structure(ms) | Kind::Union(ms) => ms.iter_mut().collect(),
            _ => Vec::new(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct EnumValue {
    /// The member name (`DEFAULT`), from which the Rust variant is named.
    pub name: String,
    /// The wire value (`default`).
    pub value: String,
    pub docs: Option<String>,
}

#[derive(Debug, Clone)]
pub struct IntEnumValue {
    pub name: String,
    pub value: i32,
    pub docs: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Member {
    /// The member name as in the model.
    pub name: String,
    pub target: ShapeId,
    pub traits: Traits,
    /// Set by lowering when the member closes a cycle of structures/unions.
    pub boxed: bool,
    /// The key of this member in a body of the service's protocol (`jsonName` in restJson1,
    /// the member name otherwise).
    pub wire_name: String,
    /// How a timestamp member is written in a body: its `@timestampFormat` (on the member,
    /// else on its target), else the protocol's default.
    pub timestamp_format: TimestampFormat,
    /// The member's `@default` (else its target's), typed; `None` when absent or `null`.
    pub default: Option<DefaultValue>,
}

/// A `@default` value, checked against the member's target type by lowering.
#[derive(Debug, Clone, PartialEq)]
pub enum DefaultValue {
    String(String),
    Bool(bool),
    /// byte, short, integer, long, intEnum.
    Int(i64),
    /// float, double.
    Float(f64),
    /// Epoch seconds.
    Timestamp(i64),
    /// Decoded from the model's base64.
    Blob(Vec<u8>),
    Document(serde_json::Value),
    /// The only default a list may have.
    EmptyList,
    /// The only default a map may have.
    EmptyMap,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    EpochSeconds,
    DateTime,
    HttpDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorFault {
    Client,
    Server,
}

/// `@deprecated`: the item is emitted with `#[deprecated]`, as in the AWS SDKs.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Deprecated {
    pub message: Option<String>,
    pub since: Option<String>,
}

/// The `@paginated` trait as written (the operation's, merged with the service's by
/// lowering into a resolved [`Paginator`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Paginated {
    pub input_token: Option<String>,
    pub output_token: Option<String>,
    pub items: Option<String>,
    pub page_size: Option<String>,
}

/// The `@http` trait as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Http {
    pub method: String,
    pub uri: String,
    pub code: u16,
}

/// The traits of a shape, member or operation, typed. Traits the generator does not act on are
/// checked for form where it matters and dropped; the binding traits (`http*`, `jsonName`,
/// `timestampFormat`, `mediaType`, `hostLabel`, ...) are read by lowering, which resolves them
/// into [`Operation`] bindings and [`Member`] wire names: emitters read the resolved values.
#[derive(Debug, Clone, Default)]
pub struct Traits {
    pub docs: Option<String>,
    /// `@deprecated`.
    pub deprecated: Option<Deprecated>,
    pub required: bool,
    pub default: Option<serde_json::Value>,
    pub client_optional: bool,
    pub json_name: Option<String>,
    pub timestamp_format: Option<TimestampFormat>,
    pub idempotency_token: bool,
    pub error: Option<ErrorFault>,
    /// `@httpError` status code.
    pub http_error: Option<u16>,
    pub http: Option<Http>,
    pub http_label: bool,
    pub http_query: Option<String>,
    pub http_query_params: bool,
    pub http_header: Option<String>,
    pub http_prefix_headers: Option<String>,
    pub http_payload: bool,
    pub http_response_code: bool,
    pub http_checksum_required: bool,
    pub host_label: bool,
    pub media_type: Option<String>,
    /// `@endpoint` `hostPrefix`.
    pub host_prefix: Option<String>,
    pub sensitive: bool,
    pub enum_value: Option<serde_json::Value>,
    pub paginated: Option<Paginated>,
    /// `Some(throttling)` when the shape has `@retryable`.
    pub retryable: Option<bool>,
    /// `@requestCompression` encodings, in preference order (e.g. `["gzip"]`).
    pub request_compression: Option<Vec<String>>,
    /// `aws.protocols#awsQueryError`: the awsQuery error code and HTTP status.
    pub aws_query_error: Option<(String, u16)>,
    /// `smithy.rules#contextParam` name (on an input member).
    pub context_param: Option<String>,
    pub input: bool,
    pub output: bool,
    pub sparse: bool,
    pub streaming: bool,
    /// Trait ids present on the shape that the generator refuses to generate around (they
    /// change behaviour it does not implement), e.g. `aws.protocols#httpChecksum`.
    pub unsupported: Vec<String>,
}
