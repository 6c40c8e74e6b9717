//! Protocol compliance test cases (`smithy.test#httpRequestTests` and `httpResponseTests`),
//! lowered: each case located at its operation (and error), its parameters typed against the
//! shapes they describe, its expected request or canned response decoded. A case that does
//! not fit the model is a located lowering error, so the emitted tests never panic on the
//! model's account.

use super::ShapeId;

/// What a test case checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CaseKind {
    /// `httpRequestTests` on an operation.
    Request,
    /// `httpResponseTests` on an operation.
    Response,
    /// `httpResponseTests` on an error structure.
    Error,
}

impl CaseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::Request => "request",
            CaseKind::Response => "response",
            CaseKind::Error => "error",
        }
    }
}

/// One client test case.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// The case's `id`.
    pub id: String,
    pub kind: CaseKind,
    /// The operation the case runs through; for an error case, the first operation (by name)
    /// that can return the error.
    pub operation: ShapeId,
    /// The error structure of an error case.
    pub error: Option<ShapeId>,
    pub docs: Option<String>,
    /// The input (request cases), output (response cases) or error (error cases) value.
    pub params: Value,
    pub check: Check,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Check {
    Request(Box<ExpectedRequest>),
    Response(CannedResponse),
}

/// What the request a case sends must look like.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExpectedRequest {
    pub method: String,
    pub uri: String,
    /// The endpoint host the client is configured with (`https://{host}`), when given.
    pub host: Option<String>,
    pub resolved_host: Option<String>,
    pub query_params: Vec<String>,
    pub forbid_query_params: Vec<String>,
    pub require_query_params: Vec<String>,
    pub headers: Vec<(String, String)>,
    pub forbid_headers: Vec<String>,
    pub require_headers: Vec<String>,
    /// The body as the case writes it (base64 for binary media types).
    pub body: Option<String>,
    pub body_media_type: Option<String>,
}

/// The response a case parses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CannedResponse {
    pub code: u16,
    pub headers: Vec<(String, String)>,
    /// The body bytes (decoded from base64 for binary media types).
    pub body: Vec<u8>,
}

/// A parameter value, typed by the shape it was checked against.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Bool(bool),
    /// byte, short, integer, long, intEnum.
    Int(i64),
    Float(Float),
    String(String),
    Enum(String),
    Timestamp {
        secs: i64,
        nanos: u32,
    },
    Blob {
        bytes: Vec<u8>,
        streaming: bool,
    },
    Document(serde_json::Value),
    /// Elements; `None` only in a `@sparse` list.
    List(Vec<Option<Value>>),
    /// Entries in case order; `None` only in a `@sparse` map.
    Map(Vec<(String, Option<Value>)>),
    /// The structure `shape` with these members set (member name, value), in case order.
    Structure {
        shape: ShapeId,
        members: Vec<(String, Value)>,
    },
    /// The union `shape` with member `member` set (`None` for a unit member).
    Union {
        shape: ShapeId,
        member: String,
        value: Option<Box<Value>>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Float {
    Finite(f64),
    NaN,
    Infinity,
    NegInfinity,
}
