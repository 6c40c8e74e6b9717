//! The intermediate representation that `lower` produces and `name`/`emit` consume: resolved,
//! validated shapes with typed traits, the selected operations and their shape closure.

pub mod endpoints;

use std::collections::BTreeMap;

use serde_json::Value;

/// An absolute shape id, `namespace#Name`.
pub type ShapeId = String;

/// The service, the selected operations and every shape they reach.
#[derive(Debug, Clone)]
pub struct Ir {
    pub service: Service,
    /// Sorted by operation name.
    pub operations: Vec<Operation>,
    /// The closure of the selected operations (inputs, outputs, errors and everything their
    /// members reach), prelude shapes included.
    pub shapes: BTreeMap<ShapeId, Shape>,
}

impl Ir {
    /// The shape a member or operation refers to. Lowering guarantees every target exists.
    pub fn shape(&self, id: &str) -> &Shape {
        self.shapes
            .get(id)
            .unwrap_or_else(|| panic!("internal invariant: {id} is in the shape closure"))
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
    pub protocol: Option<String>,
    pub endpoint_rule_set: Option<Value>,
    pub endpoint_tests: Option<Value>,
    /// The service's `rename` map: shape id → the name to use instead of its own.
    pub renames: BTreeMap<ShapeId, String>,
}

#[derive(Debug, Clone)]
pub struct Operation {
    pub id: ShapeId,
    pub name: String,
    /// Input structure (a synthetic empty structure when the model says `smithy.api#Unit`).
    pub input: ShapeId,
    pub output: ShapeId,
    /// Error structures, sorted by shape name.
    pub errors: Vec<ShapeId>,
    pub http: Http,
    pub traits: Traits,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Http {
    pub method: String,
    pub uri: String,
    pub code: u16,
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
    /// The member name as in the model (also the wire name unless `jsonName` says otherwise).
    pub name: String,
    pub target: ShapeId,
    pub traits: Traits,
    /// Set by lowering when the member closes a cycle of structures/unions.
    pub boxed: bool,
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

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Paginated {
    pub input_token: Option<String>,
    pub output_token: Option<String>,
    pub items: Option<String>,
    pub page_size: Option<String>,
}

/// The traits codegen reads, typed; everything else stays as JSON in `other`.
#[derive(Debug, Clone, Default)]
pub struct Traits {
    pub docs: Option<String>,
    pub required: bool,
    pub default: Option<Value>,
    pub client_optional: bool,
    pub json_name: Option<String>,
    pub timestamp_format: Option<TimestampFormat>,
    pub idempotency_token: bool,
    pub error: Option<ErrorFault>,
    pub http: Option<Http>,
    pub http_label: bool,
    pub http_query: Option<String>,
    pub http_query_params: bool,
    pub http_header: Option<String>,
    pub http_prefix_headers: Option<String>,
    pub http_payload: bool,
    pub http_response_code: bool,
    pub sensitive: bool,
    pub enum_value: Option<Value>,
    pub paginated: Option<Paginated>,
    /// `Some(throttling)` when the shape has `@retryable`.
    pub retryable: Option<bool>,
    /// `@requestCompression` encodings, in preference order (e.g. `["gzip"]`).
    pub request_compression: Option<Vec<String>>,
    pub input: bool,
    pub output: bool,
    pub sparse: bool,
    pub streaming: bool,
    pub other: std::collections::BTreeMap<String, Value>,
}
