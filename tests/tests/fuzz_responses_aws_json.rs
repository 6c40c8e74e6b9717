//! Fuzzing the response path of the awsJson1_0 clients: DynamoDB `GetItem` and `Query`
//! (AttributeValue unions, maps, lists, nested) and SQS `ReceiveMessage` and `GetQueueUrl`
//! (awsJson1_0 + awsQueryCompatible), answered by the in-memory connector with hostile
//! responses.
//!
//! Each case builds one response: a status anywhere in `0..=65535` (mostly real ones), a header
//! set (request ids, content types, `Date` and `Age` for clock skew, `X-Amzn-Errortype` that
//! agrees or conflicts with the body's `code` and `__type` or is garbage, `x-amzn-query-error`
//! well-formed (`Code;Sender`) and malformed, sent to both services), and a body: random bytes,
//! invalid UTF-8, random JSON, the output or a modeled error with members of the wrong JSON
//! type, `__type` that is not a string (number, object, array, null) or carries a namespace
//! (`aws.dynamodb#X`) or a `:http://...` suffix, unions with zero or two members set, strings of
//! megabytes, JSON nested 10 000 levels deep or right at the parser's limit. A quarter of the
//! cases use standard or adaptive retries (with an instant sleep), so the retry loop reads the error code of
//! every attempt too.
//!
//! What must hold: no panic; the call returns within [`LIMIT`]; the result is `Ok` only for a
//! 2xx status, a `ServiceError` only for a non-2xx status, a `ResponseError` only for a 2xx
//! status whose body does not fit the output, and never a construction, dispatch or timeout
//! failure; `Display`, `Debug`, `code()`, `message()` and `request_id()` of whatever came back
//! work. Beyond that, where the case knows the body it sent (a JSON value it built), an
//! independent model of the rules decides what must come back: a 2xx body that fits the output
//! is `Ok` and one that does not is a `ResponseError`; an error's code is the first non-empty
//! of the query header's code (SQS only), `X-Amzn-Errortype`, the body's `code` and `__type`
//! (namespace and `:` suffix cut off); it is the modeled error that code names when the body
//! fits that error, else `Unhandled`; the message and request id are the ones sent.
//!
//! Default: 2 000 cases in release builds, 500 in debug builds; `FUZZ_CASES=1000000 cargo test
//! --release -p integration-tests --test fuzz_responses_aws_json -- --nocapture` for a long run
//! (see `fuzz/mod.rs`).

mod fuzz;
#[path = "fuzz/responses.rs"]
mod responses;

use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use dynamodb::operation::get_item::GetItemError;
use dynamodb::operation::query::QueryError;
use dynamodb::types::AttributeValue;
use serde_json::{json, Map, Value};
use smithy_rt::config::{Config, Credentials, Region, RetryConfig};
use smithy_rt::error::{ProvideErrorMetadata, SdkError};
use smithy_rt::http::HttpResponse;
use smithy_rt::test_util::{block_on, CaptureConnector, InstantSleep};
use sqs::operation::get_queue_url::GetQueueUrlError;
use sqs::operation::receive_message::ReceiveMessageError;

use fuzz::{Case, Rng};
use responses::{any_case, check, first, query_error, sanitize, status, Expect, Fit};

const LIMIT: Duration = Duration::from_secs(5);

/// The runtime's JSON nesting limit (`smithy_rt::json::MAX_DEPTH`): a body nested deeper does
/// not parse.
const MAX_DEPTH: usize = smithy_rt::json::MAX_DEPTH;

// ---------------------------------------------------------------------------------------------
// The shapes the responses are read into, as far as the deserializers look at them.

/// A member's type in the model, as the generated deserializer reads it from JSON.
#[derive(Debug, Clone, Copy)]
enum Shape {
    Str,
    /// An `i32`: an integral number in range (`1.0` included).
    Int,
    /// An `f64`: any number, or `"NaN"`, `"Infinity"`, `"-Infinity"`.
    Double,
    /// A base64 string.
    Blob,
    Bool,
    List(&'static Shape),
    Map(&'static Shape),
    /// Members by JSON name; others are ignored.
    Struct(&'static [(&'static str, Shape)]),
    /// DynamoDB's AttributeValue, the recursive union [`ATTRIBUTE_VALUE`]: exactly one member
    /// set (`__type` and null members aside); an unknown member is fine.
    Attr,
}

use Shape::{Attr, Blob, Bool, Double, Int, List, Str, Struct};

const ATTRIBUTE_VALUE: &[(&str, Shape)] = &[
    ("S", Str),
    ("N", Str),
    ("B", Blob),
    ("SS", List(&Str)),
    ("NS", List(&Str)),
    ("BS", List(&Blob)),
    ("M", Shape::Map(&Attr)),
    ("L", List(&Attr)),
    ("NULL", Bool),
    ("BOOL", Bool),
];
/// The members of [`ATTRIBUTE_VALUE`] that do not recurse.
const ATTRIBUTE_LEAVES: &[(&str, Shape)] = &[
    ("S", Str),
    ("N", Str),
    ("B", Blob),
    ("SS", List(&Str)),
    ("NS", List(&Str)),
    ("BS", List(&Blob)),
    ("NULL", Bool),
    ("BOOL", Bool),
];
const ITEM: Shape = Shape::Map(&Attr);
const CAPACITY: Shape = Struct(&[
    ("ReadCapacityUnits", Double),
    ("WriteCapacityUnits", Double),
    ("CapacityUnits", Double),
]);
const CONSUMED_CAPACITY: Shape = Struct(&[
    ("TableName", Str),
    ("CapacityUnits", Double),
    ("ReadCapacityUnits", Double),
    ("WriteCapacityUnits", Double),
    ("Table", CAPACITY),
    ("LocalSecondaryIndexes", Shape::Map(&CAPACITY)),
    ("GlobalSecondaryIndexes", Shape::Map(&CAPACITY)),
]);
const GET_ITEM_OUTPUT: Shape = Struct(&[("Item", ITEM), ("ConsumedCapacity", CONSUMED_CAPACITY)]);
const QUERY_OUTPUT: Shape = Struct(&[
    ("Items", List(&ITEM)),
    ("Count", Int),
    ("ScannedCount", Int),
    ("LastEvaluatedKey", ITEM),
    ("ConsumedCapacity", CONSUMED_CAPACITY),
]);
const THROTTLING_REASONS: Shape = List(&Struct(&[("reason", Str), ("resource", Str)]));
const MESSAGE_ONLY: Shape = Struct(&[("message", Str)]);

const MESSAGE_ATTRIBUTE_VALUE: Shape = Struct(&[
    ("StringValue", Str),
    ("BinaryValue", Blob),
    ("StringListValues", List(&Str)),
    ("BinaryListValues", List(&Blob)),
    ("DataType", Str),
]);
const MESSAGE: Shape = Struct(&[
    ("MessageId", Str),
    ("ReceiptHandle", Str),
    ("MD5OfBody", Str),
    ("Body", Str),
    ("Attributes", Shape::Map(&Str)),
    ("MD5OfMessageAttributes", Str),
    ("MessageAttributes", Shape::Map(&MESSAGE_ATTRIBUTE_VALUE)),
]);
const RECEIVE_MESSAGE_OUTPUT: Shape = Struct(&[("Messages", List(&MESSAGE))]);
const GET_QUEUE_URL_OUTPUT: Shape = Struct(&[("QueueUrl", Str)]);

/// A modeled error of an operation: an error code that names it, its variant, and its body.
type Modeled = (&'static str, &'static str, Shape);

const DYNAMODB_READ_ERRORS: &[Modeled] = &[
    ("InternalServerError", "InternalServerError", MESSAGE_ONLY),
    (
        "InvalidEndpointException",
        "InvalidEndpointException",
        Struct(&[("Message", Str)]),
    ),
    (
        "ProvisionedThroughputExceededException",
        "ProvisionedThroughputExceededException",
        Struct(&[("message", Str), ("ThrottlingReasons", THROTTLING_REASONS)]),
    ),
    (
        "RequestLimitExceeded",
        "RequestLimitExceeded",
        Struct(&[("message", Str), ("ThrottlingReasons", THROTTLING_REASONS)]),
    ),
    (
        "ResourceNotFoundException",
        "ResourceNotFoundException",
        MESSAGE_ONLY,
    ),
    (
        "ThrottlingException",
        "ThrottlingException",
        Struct(&[("message", Str), ("throttlingReasons", THROTTLING_REASONS)]),
    ),
];

const RECEIVE_MESSAGE_ERRORS: &[Modeled] = &[
    ("InvalidAddress", "InvalidAddress", MESSAGE_ONLY),
    ("InvalidSecurity", "InvalidSecurity", MESSAGE_ONLY),
    ("KmsAccessDenied", "KmsAccessDenied", MESSAGE_ONLY),
    ("KMS.AccessDeniedException", "KmsAccessDenied", MESSAGE_ONLY),
    ("KmsDisabled", "KmsDisabled", MESSAGE_ONLY),
    ("KMS.DisabledException", "KmsDisabled", MESSAGE_ONLY),
    ("KmsInvalidKeyUsage", "KmsInvalidKeyUsage", MESSAGE_ONLY),
    (
        "KMS.InvalidKeyUsageException",
        "KmsInvalidKeyUsage",
        MESSAGE_ONLY,
    ),
    ("KmsInvalidState", "KmsInvalidState", MESSAGE_ONLY),
    ("KMS.InvalidStateException", "KmsInvalidState", MESSAGE_ONLY),
    ("KmsNotFound", "KmsNotFound", MESSAGE_ONLY),
    ("KMS.NotFoundException", "KmsNotFound", MESSAGE_ONLY),
    ("KmsOptInRequired", "KmsOptInRequired", MESSAGE_ONLY),
    ("KMS.OptInRequired", "KmsOptInRequired", MESSAGE_ONLY),
    ("KmsThrottled", "KmsThrottled", MESSAGE_ONLY),
    ("KMS.ThrottlingException", "KmsThrottled", MESSAGE_ONLY),
    ("OverLimit", "OverLimit", MESSAGE_ONLY),
    ("QueueDoesNotExist", "QueueDoesNotExist", MESSAGE_ONLY),
    (
        "AWS.SimpleQueueService.NonExistentQueue",
        "QueueDoesNotExist",
        MESSAGE_ONLY,
    ),
    ("RequestThrottled", "RequestThrottled", MESSAGE_ONLY),
    ("UnsupportedOperation", "UnsupportedOperation", MESSAGE_ONLY),
    (
        "AWS.SimpleQueueService.UnsupportedOperation",
        "UnsupportedOperation",
        MESSAGE_ONLY,
    ),
];

const GET_QUEUE_URL_ERRORS: &[Modeled] = &[
    ("InvalidAddress", "InvalidAddress", MESSAGE_ONLY),
    ("InvalidSecurity", "InvalidSecurity", MESSAGE_ONLY),
    ("QueueDoesNotExist", "QueueDoesNotExist", MESSAGE_ONLY),
    (
        "AWS.SimpleQueueService.NonExistentQueue",
        "QueueDoesNotExist",
        MESSAGE_ONLY,
    ),
    ("RequestThrottled", "RequestThrottled", MESSAGE_ONLY),
    ("UnsupportedOperation", "UnsupportedOperation", MESSAGE_ONLY),
    (
        "AWS.SimpleQueueService.UnsupportedOperation",
        "UnsupportedOperation",
        MESSAGE_ONLY,
    ),
];

/// One operation under test.
struct Target {
    name: &'static str,
    output: Shape,
    errors: &'static [Modeled],
    /// `aws.protocols#awsQueryCompatible`: `x-amzn-query-error` gives the code.
    query_compatible: bool,
    /// Names the output and error bodies use, for random JSON.
    keys: &'static [&'static str],
}

impl Target {
    /// The modeled errors as (code, variant) pairs, for [`check`].
    fn codes(&self) -> Vec<(&'static str, &'static str)> {
        self.errors.iter().map(|(c, v, _)| (*c, *v)).collect()
    }
}

const TARGETS: [Target; 4] = [
    Target {
        name: "dynamodb GetItem",
        output: GET_ITEM_OUTPUT,
        errors: DYNAMODB_READ_ERRORS,
        query_compatible: false,
        keys: &[
            "Item",
            "ConsumedCapacity",
            "S",
            "M",
            "L",
            "ThrottlingReasons",
        ],
    },
    Target {
        name: "dynamodb Query",
        output: QUERY_OUTPUT,
        errors: DYNAMODB_READ_ERRORS,
        query_compatible: false,
        keys: &["Items", "Count", "ScannedCount", "LastEvaluatedKey", "N"],
    },
    Target {
        name: "sqs ReceiveMessage",
        output: RECEIVE_MESSAGE_OUTPUT,
        errors: RECEIVE_MESSAGE_ERRORS,
        query_compatible: true,
        keys: &["Messages", "Body", "MessageAttributes", "Attributes"],
    },
    Target {
        name: "sqs GetQueueUrl",
        output: GET_QUEUE_URL_OUTPUT,
        errors: GET_QUEUE_URL_ERRORS,
        query_compatible: true,
        keys: &["QueueUrl"],
    },
];

// ---------------------------------------------------------------------------------------------
// The independent model: does a JSON value fit a shape?

/// The runtime's base64 rules: the standard alphabet, `=` padding only to complete the last
/// group of four, or no padding at all.
fn base64_fits(text: &str) -> bool {
    let bytes = text.as_bytes();
    let unpadded = bytes
        .strip_suffix(b"==")
        .or_else(|| bytes.strip_suffix(b"="))
        .unwrap_or(bytes);
    let padded = unpadded.len() != bytes.len();
    if (padded && !bytes.len().is_multiple_of(4)) || unpadded.len() % 4 == 1 {
        return false;
    }
    unpadded
        .iter()
        .all(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/')
}

fn int_fits(value: &Value) -> bool {
    if let Some(v) = value.as_i64() {
        return i32::try_from(v).is_ok();
    }
    if value.as_u64().is_some() {
        return false;
    }
    match value.as_f64() {
        Some(f) => f.fract() == 0.0 && (-2_147_483_648.0..=2_147_483_647.0).contains(&f),
        None => false,
    }
}

/// Whether `value` (the member's value, `null` meaning absent) is read as `shape` without
/// error.
fn fits(value: &Value, shape: Shape) -> Fit {
    if value.is_null() {
        return Fit::Yes;
    }
    match shape {
        Str => Fit::of(value.is_string()),
        Int => Fit::of(int_fits(value)),
        Double => Fit::of(
            value.is_number() || matches!(value.as_str(), Some("NaN" | "Infinity" | "-Infinity")),
        ),
        Blob => Fit::of(value.as_str().is_some_and(base64_fits)),
        Bool => Fit::of(value.is_boolean()),
        List(item) => match value.as_array() {
            Some(items) => Fit::all(items.iter().map(|v| fits(v, *item))),
            None => Fit::No,
        },
        Shape::Map(item) => match value.as_object() {
            Some(map) => Fit::all(map.values().map(|v| fits(v, *item))),
            None => Fit::No,
        },
        Struct(members) => match value.as_object() {
            Some(map) => Fit::all(
                members
                    .iter()
                    .filter_map(|(name, shape)| map.get(*name).map(|v| fits(v, *shape))),
            ),
            None => Fit::No,
        },
        Attr => union_fits(value, ATTRIBUTE_VALUE),
    }
}

fn union_fits(value: &Value, members: &[(&str, Shape)]) -> Fit {
    let Some(map) = value.as_object() else {
        return Fit::No;
    };
    let set: Vec<(&String, &Value)> = map
        .iter()
        .filter(|(k, v)| k.as_str() != "__type" && !v.is_null())
        .collect();
    match set.as_slice() {
        [(key, value)] => match members.iter().find(|(name, _)| name == key) {
            Some((_, shape)) => fits(value, *shape),
            // An unknown member is the `Unknown` variant.
            None => Fit::Yes,
        },
        _ => Fit::No,
    }
}

/// The number of arrays and objects nested in `value`, itself included.
fn depth(value: &Value) -> usize {
    match value {
        Value::Array(items) => 1 + items.iter().map(depth).max().unwrap_or(0),
        Value::Object(map) => 1 + map.values().map(depth).max().unwrap_or(0),
        _ => 0,
    }
}

/// What the runtime's JSON parser makes of a body, as far as the case knows.
#[derive(Debug, Clone)]
enum Parsed {
    /// This value (an empty or whitespace body is an empty object).
    Json(Value),
    /// Valid JSON, but not an object.
    NotObject,
    /// Not JSON (syntax, invalid UTF-8, nesting beyond the limit).
    Invalid,
    /// The case cannot tell.
    Unknown,
}

impl Parsed {
    /// A value the case built and serialised with serde_json.
    fn of(value: Value) -> Parsed {
        if depth(&value) > MAX_DEPTH {
            Parsed::Invalid
        } else {
            Parsed::Json(value)
        }
    }

    /// Whether the body is read as `shape` (the whole body must be an object).
    fn fits(&self, shape: Shape) -> Fit {
        match self {
            Parsed::Json(v @ Value::Object(_)) => fits(v, shape),
            Parsed::Json(_) | Parsed::NotObject | Parsed::Invalid => Fit::No,
            Parsed::Unknown => Fit::Unsure,
        }
    }

    /// The body's object members, for the error metadata: `Some(None)` when there are none.
    fn object(&self) -> Option<Option<&Map<String, Value>>> {
        match self {
            Parsed::Json(v) => Some(v.as_object()),
            Parsed::NotObject | Parsed::Invalid => Some(None),
            Parsed::Unknown => None,
        }
    }
}

fn expect(target: &Target, status: u16, headers: &[(String, String)], body: &Parsed) -> Expect {
    let request_id = first(headers, "x-amzn-requestid")
        .or_else(|| first(headers, "x-amz-request-id"))
        .map(str::to_owned);
    let object = body.object();
    let field = |name: &str| -> Option<Option<&str>> {
        object.map(|o| o.and_then(|o| o.get(name)).and_then(Value::as_str))
    };
    let query = query_error(headers).filter(|_| target.query_compatible);
    let code: Option<Option<String>> = if let Some((code, _)) = query {
        Some(Some(code.to_owned()))
    } else {
        let header = first(headers, "x-amzn-errortype")
            .map(sanitize)
            .filter(|c| !c.is_empty());
        match header {
            Some(code) => Some(Some(code.to_owned())),
            None => match (field("code"), field("__type")) {
                (Some(code), Some(kind)) => Some(
                    [code, kind]
                        .into_iter()
                        .flatten()
                        .map(sanitize)
                        .find(|c| !c.is_empty())
                        .map(str::to_owned),
                ),
                _ => None,
            },
        }
    };
    let error_fit = match &code {
        Some(Some(code)) => match target.errors.iter().find(|(c, _, _)| c == code) {
            Some((_, _, shape)) => body.fits(*shape),
            None => Fit::Yes,
        },
        _ => Fit::Unsure,
    };
    let message = match (field("message"), field("Message"), field("errorMessage")) {
        (Some(a), Some(b), Some(c)) => Some(a.or(b).or(c).map(str::to_owned)),
        _ => None,
    };
    Expect {
        status,
        output: body.fits(target.output),
        code,
        error_fit,
        message,
        fault: query.map(|(_, fault)| fault.to_owned()),
        request_id,
    }
}

// ---------------------------------------------------------------------------------------------
// Generating values.

fn random_string(rng: &mut Rng) -> String {
    match rng.below(7) {
        0 => String::new(),
        1 => "\u{0}\u{1f}\"\\\u{7f}\u{2028}𝄞é".into(),
        2 => {
            let n = rng.range(1, 64);
            String::from_utf8_lossy(&rng.bytes(n)).into_owned()
        }
        3 => "a".repeat(rng.range(1, 1000)),
        4 => rng
            .pick(&[
                "NaN",
                "Infinity",
                "-Infinity",
                "true",
                "null",
                "0",
                "__type",
            ])
            .to_string(),
        _ => format!("value-{}", rng.next_u64()),
    }
}

fn base64(bytes: &[u8], pad: bool) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
        if pad {
            for _ in chunk.len()..3 {
                out.push('=');
            }
        }
    }
    out
}

/// Generates values of a shape: mostly valid, each node replaced by a value of another kind
/// with probability `mutate` per mille.
struct Gen<'r> {
    rng: &'r mut Rng,
    mutate: usize,
    /// Strings of megabytes allowed (at most one per body).
    huge: bool,
    /// Long lists allowed (at most one per body, so that bodies stay below a few megabytes).
    long: bool,
}

impl Gen<'_> {
    fn value(&mut self, shape: Shape, depth: usize) -> Value {
        if self.rng.below(1000) < self.mutate {
            return self.wrong(shape);
        }
        if self.rng.chance(1, 30) {
            return Value::Null;
        }
        let rng = &mut *self.rng;
        match shape {
            Str => {
                if self.huge && rng.chance(1, 4) {
                    self.huge = false;
                    let n = rng.range(100_000, 3_000_000);
                    json!("é".repeat(n / 2))
                } else {
                    json!(random_string(rng))
                }
            }
            Int => match rng.below(8) {
                0 => json!(0),
                1 => json!(i32::MAX),
                2 => json!(i32::MIN),
                3 => json!(7.0),
                4 => json!(-1e3),
                _ => json!(rng.next_u64() as i32),
            },
            Double => match rng.below(10) {
                0 => json!(*rng.pick(&["NaN", "Infinity", "-Infinity"])),
                1 => json!(*rng.pick(&[0.0, -0.0, 1e308, f64::MIN, 5e-324, 1e-300])),
                2 => json!(u64::MAX),
                3 => json!(i64::MIN),
                4 => json!(rng.next_u64() as i64),
                _ => json!((rng.next_u64() % 1_000_000) as f64 / 7.0),
            },
            Blob => {
                let n = rng.below(20);
                let pad = rng.chance(3, 4);
                json!(base64(&rng.bytes(n), pad))
            }
            Bool => json!(rng.chance(1, 2)),
            List(item) => {
                let n = if self.long && rng.chance(1, 50) {
                    self.long = false;
                    rng.range(100, 2000)
                } else {
                    rng.below(4)
                };
                Value::Array((0..n).map(|_| self.value(*item, depth + 1)).collect())
            }
            Shape::Map(item) => {
                let mut map = Map::new();
                for _ in 0..rng.below(4) {
                    let key = random_string(self.rng);
                    let v = self.value(*item, depth + 1);
                    map.insert(key, v);
                }
                Value::Object(map)
            }
            Struct(members) => {
                let mut map = Map::new();
                for (name, shape) in members {
                    if self.rng.chance(2, 3) {
                        let v = self.value(*shape, depth + 1);
                        map.insert(name.to_string(), v);
                    }
                }
                if self.rng.chance(1, 5) {
                    let key = random_string(self.rng);
                    let v = random_json(self.rng, &[], 3);
                    map.insert(key, v);
                }
                Value::Object(map)
            }
            Attr => {
                let members = if depth > 8 {
                    ATTRIBUTE_LEAVES
                } else {
                    ATTRIBUTE_VALUE
                };
                self.union(members, depth)
            }
        }
    }

    fn union(&mut self, members: &'static [(&'static str, Shape)], depth: usize) -> Value {
        let mut map = Map::new();
        if self.rng.chance(1, 12) {
            // An unknown member alone: the `Unknown` variant.
            let v = random_json(self.rng, &[], 2);
            map.insert("Zz".into(), if v.is_null() { json!(1) } else { v });
        } else {
            let (name, shape) = *self.rng.pick(members);
            let mut v = self.value(shape, depth + 1);
            if v.is_null() && self.rng.chance(1, 2) {
                v = self.wrong(shape);
            }
            map.insert(name.to_string(), v);
        }
        if self.rng.chance(1, 10) {
            let t = type_field(self.rng, "AttributeValue");
            map.insert("__type".into(), t);
        }
        if self.rng.chance(1, 10) {
            let (name, _) = *self.rng.pick(members);
            map.entry(name.to_string()).or_insert(Value::Null);
        }
        Value::Object(map)
    }

    /// A value of another kind than `shape` (or an invalid one of the same kind).
    fn wrong(&mut self, shape: Shape) -> Value {
        let rng = &mut *self.rng;
        match shape {
            Str => rng
                .pick(&[
                    json!(42),
                    json!(-1.5e300),
                    json!(true),
                    json!(["a", 1]),
                    json!({"nested": {"deeper": []}}),
                ])
                .clone(),
            Int => rng
                .pick(&[
                    json!("5"),
                    json!(true),
                    json!(1.5),
                    json!(1e20),
                    json!(2_147_483_648_u64),
                    json!(-2_147_483_649_i64),
                    json!(18_446_744_073_709_551_616.0),
                    json!(u64::MAX),
                    json!([]),
                    json!({}),
                ])
                .clone(),
            Double => rng
                .pick(&[
                    json!("5"),
                    json!("nan"),
                    json!("inf"),
                    json!(""),
                    json!(false),
                    json!([1.0]),
                    json!({}),
                ])
                .clone(),
            Blob => rng
                .pick(&[
                    json!(5),
                    json!(true),
                    json!("a"),
                    json!("!!!!"),
                    json!("ab=c"),
                    json!("===="),
                    json!("QUJD="),
                    json!("é"),
                    json!("YWJj-_"),
                    json!([]),
                    json!({}),
                ])
                .clone(),
            Bool => rng
                .pick(&[json!(0), json!(1), json!("true"), json!([]), json!({})])
                .clone(),
            List(_) => rng
                .pick(&[json!({}), json!("a"), json!(1), json!(true)])
                .clone(),
            Shape::Map(_) | Struct(_) => rng
                .pick(&[json!([]), json!("a"), json!(1), json!(false), json!([{}])])
                .clone(),
            Attr => rng
                .pick(&[
                    json!({}),
                    json!({"S": null}),
                    json!({"__type": "x"}),
                    json!({"S": "a", "N": "1"}),
                    json!({"S": "a", "BOOL": true}),
                    json!({"M": {}, "L": []}),
                    json!({"S": "a", "Zz": 1}),
                    json!({"NULL": true, "BOOL": false}),
                    json!([]),
                    json!("S"),
                    json!(1),
                ])
                .clone(),
        }
    }
}

fn random_json(rng: &mut Rng, keys: &[&str], depth: usize) -> Value {
    let leaf = depth == 0 || rng.chance(1, 3);
    match rng.below(if leaf { 5 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(1, 2)),
        2 => json!(*rng.pick(&[0.0, -1.0, 1e308, -1e-308, 3.5, 9007199254740993.0])),
        3 => json!(rng.next_u64()),
        4 => json!(random_string(rng)),
        5 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_json(rng, keys, depth - 1))
                .collect(),
        ),
        _ => {
            let mut m = Map::new();
            for _ in 0..rng.below(5) {
                let key = if !keys.is_empty() && rng.chance(1, 3) {
                    rng.pick(keys).to_string()
                } else if rng.chance(1, 2) {
                    rng.pick(&["message", "Message", "code", "__type", "errorMessage"])
                        .to_string()
                } else {
                    random_string(rng)
                };
                m.insert(key, random_json(rng, keys, depth - 1));
            }
            Value::Object(m)
        }
    }
}

/// Every error code of every target, to send to the wrong one too.
fn any_code(rng: &mut Rng, target: &Target) -> &'static str {
    let errors = if rng.chance(4, 5) {
        target.errors
    } else {
        TARGETS[rng.below(TARGETS.len())].errors
    };
    rng.pick(errors).0
}

/// A code as a header or body field would carry it: plain or decorated.
fn decorate(rng: &mut Rng, code: &str) -> String {
    match rng.below(12) {
        0..=3 => code.to_string(),
        4 => format!(
            "{}#{code}",
            rng.pick(&[
                "com.amazonaws.dynamodb.v20120810",
                "aws.dynamodb",
                "com.amazonaws.sqs",
                "a#b",
            ])
        ),
        5 => format!("{code}:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
        6 => format!("aws.dynamodb#{code}:http://internal.amazon.com/"),
        7 => format!("  {code}\t"),
        8 => code.to_lowercase(),
        9 => format!("{code}#"),
        10 => format!("#{code}:"),
        _ => format!("{code}\u{0}"),
    }
}

/// An error code: right, wrong, decorated, or junk.
fn error_code(rng: &mut Rng, target: &Target) -> String {
    match rng.below(10) {
        0..=6 => {
            let code = any_code(rng, target);
            decorate(rng, code)
        }
        7 => rng
            .pick(&["", ":", "#", "##", " ", "Unknown", "é", "\u{a0}"])
            .to_string(),
        8 => {
            let n = rng.range(1, 40);
            String::from_utf8_lossy(&rng.bytes(n)).into_owned()
        }
        _ => "x".repeat(rng.range(1, 100_000)),
    }
}

/// A value for `__type` or `code` in a body: mostly a (decorated) code string, sometimes not a
/// string at all.
fn type_field(rng: &mut Rng, code: &str) -> Value {
    match rng.below(10) {
        0 => json!(42),
        1 => json!({"name": code}),
        2 => json!([code]),
        3 => Value::Null,
        4 => json!(true),
        _ => json!(decorate(rng, code)),
    }
}

fn query_header(rng: &mut Rng, target: &Target) -> String {
    let code = if rng.chance(3, 4) {
        any_code(rng, target).to_string()
    } else {
        error_code(rng, target)
    };
    let fault = rng.pick(&["Sender", "Receiver", "", "x"]);
    match rng.below(10) {
        0..=3 => format!("{code};Sender"),
        4 => format!("{code};{fault}"),
        5 => code,
        6 => format!(";{fault}"),
        7 => format!(" {code} ; {fault} "),
        8 => format!("{code};Sender;extra"),
        _ => random_string(rng),
    }
}

fn headers(rng: &mut Rng, target: &Target) -> Vec<(String, String)> {
    let mut headers = Vec::new();
    for _ in 0..rng.below(7) {
        let (name, value) = match rng.below(13) {
            0 | 1 => ("x-amzn-errortype", error_code(rng, target)),
            2 | 3 => ("x-amzn-query-error", query_header(rng, target)),
            4 => ("x-amzn-requestid", random_string(rng)),
            5 => ("x-amz-request-id", random_string(rng)),
            6 => (
                "content-type",
                rng.pick(&[
                    "application/x-amz-json-1.0",
                    "application/json",
                    "text/html",
                    "",
                    "application/cbor",
                ])
                .to_string(),
            ),
            7 => (
                "date",
                rng.pick(&[
                    "Thu, 01 Jan 2026 00:05:01 GMT",
                    "Mon, 01 Jan 1900 00:00:00 GMT",
                    "Fri, 31 Dec 9999 23:59:59 GMT",
                    "Sat, 01 Jan 0000 00:00:00 GMT",
                    "Thu, 01 Jan 1970 00:00:00 GMT",
                    "not a date",
                    "",
                ])
                .to_string(),
            ),
            8 => (
                "age",
                if rng.chance(1, 2) {
                    random_string(rng)
                } else {
                    rng.pick(&["0", "99999999999999999999", "-1"]).to_string()
                },
            ),
            9 => ("x-amz-crc32", rng.next_u64().to_string()),
            10 => ("retry-after", random_string(rng)),
            _ if rng.chance(1, 2) => (
                "content-length",
                rng.pick(&[
                    "0",
                    "-1",
                    "99999999999999999999",
                    "abc",
                    "9223372036854775807",
                ])
                .to_string(),
            ),
            _ => {
                let name = random_string(rng);
                headers.push((name, random_string(rng)));
                continue;
            }
        };
        headers.push((any_case(rng, name), value));
    }
    headers
}

/// A body that fits `shape` or nearly: mostly valid, with wrong members by the case's rate.
fn shaped(g: &mut Gen<'_>, shape: Shape) -> Value {
    let mut v = g.value(shape, 0);
    if !v.is_object() && g.rng.chance(3, 4) {
        v = json!({});
    }
    v
}

/// Adds error fields (`__type`, `code`, a message) to an object body.
fn add_error_fields(rng: &mut Rng, target: &Target, value: &mut Value) {
    let Value::Object(map) = value else { return };
    let code = any_code(rng, target);
    if rng.chance(2, 3) {
        map.insert("__type".into(), type_field(rng, code));
    }
    if rng.chance(1, 4) {
        let other = if rng.chance(1, 2) {
            code
        } else {
            any_code(rng, target)
        };
        map.insert("code".into(), type_field(rng, other));
    }
    for name in ["message", "Message", "errorMessage"] {
        if rng.chance(1, 4) {
            let v = if rng.chance(1, 4) {
                json!(7)
            } else {
                json!(random_string(rng))
            };
            map.insert(name.into(), v);
        }
    }
}

/// A body, a description, and what the runtime's parser makes of it.
fn body(rng: &mut Rng, target: &Target) -> (Vec<u8>, String, Parsed) {
    let mutate = *rng.pick(&[0, 0, 0, 0, 30, 30, 30, 200, 200, 500]);
    match rng.below(20) {
        0 | 1 => {
            let n = rng.range(0, 4096);
            let parsed = if n == 0 {
                Parsed::Json(json!({}))
            } else {
                Parsed::Unknown
            };
            (rng.bytes(n), format!("{n} random bytes"), parsed)
        }
        2 => {
            // Valid JSON structure with invalid UTF-8 inside a string.
            let key = rng.pick(target.keys);
            let mut b = format!(r#"{{"{key}":""#).into_bytes();
            // A byte that starts no UTF-8 sequence (a continuation byte, an overlong or
            // out-of-range lead), then more high bytes.
            b.push(*rng.pick(&[0x80, 0x9f, 0xbf, 0xc0, 0xc1, 0xf5, 0xf8, 0xfe, 0xff]));
            let n = rng.range(0, 16);
            b.extend(rng.bytes(n).into_iter().map(|x| x | 0x80));
            b.extend_from_slice(br#"","message":"m","__type":"InternalServerError"}"#);
            (b, "invalid UTF-8 in a string".into(), Parsed::Invalid)
        }
        3 | 4 => {
            let v = random_json(rng, target.keys, 5);
            let text = v.to_string();
            let desc = format!("random JSON {}", short(&text));
            (text.into_bytes(), desc, Parsed::of(v))
        }
        5..=9 => {
            let mut g = Gen {
                rng: &mut *rng,
                mutate,
                huge: false,
                long: true,
            };
            let mut v = shaped(&mut g, target.output);
            if rng.chance(1, 4) {
                add_error_fields(rng, target, &mut v);
            }
            let text = v.to_string();
            let desc = format!("output (mutate {mutate}‰) {}", short(&text));
            (text.into_bytes(), desc, Parsed::of(v))
        }
        10..=13 => {
            let errors = if rng.chance(5, 6) {
                target.errors
            } else {
                TARGETS[rng.below(TARGETS.len())].errors
            };
            let (_, _, shape) = *rng.pick(errors);
            let mut g = Gen {
                rng: &mut *rng,
                mutate,
                huge: false,
                long: true,
            };
            let mut v = shaped(&mut g, shape);
            add_error_fields(rng, target, &mut v);
            let text = v.to_string();
            let desc = format!("error body (mutate {mutate}‰) {}", short(&text));
            (text.into_bytes(), desc, Parsed::of(v))
        }
        14 => {
            let depth = rng.range(MAX_DEPTH + 1, 10_000);
            let (open, close) = if rng.chance(1, 2) {
                ("[", "]")
            } else {
                ("{\"a\":", "}")
            };
            let nested = format!("{}1{}", open.repeat(depth), close.repeat(depth));
            let b = match rng.below(3) {
                0 => nested,
                1 => format!(r#"{{"__type":"InternalServerError","message":{nested}}}"#),
                _ => format!(r#"{{"{}":{nested}}}"#, rng.pick(target.keys)),
            };
            (
                b.into_bytes(),
                format!("JSON nested {depth} deep"),
                Parsed::Invalid,
            )
        }
        15 => {
            // Nesting right at the parser's limit, through the shapes (AttributeValue L and M
            // for DynamoDB) or an ignored member.
            let levels = rng.range(55, 70);
            let mut v = json!({"S": "leaf"});
            for _ in 0..levels {
                v = if rng.chance(1, 2) {
                    json!({ "L": [v] })
                } else {
                    json!({ "M": { "k": v } })
                };
            }
            let v = match target.name {
                "dynamodb GetItem" => json!({ "Item": { "a": v } }),
                "dynamodb Query" => json!({ "Items": [{ "a": v }] }),
                _ => json!({ "QueueUrl": "u", "x": v }),
            };
            let text = v.to_string();
            let desc = format!("JSON {} deep through AttributeValue", depth(&v));
            (text.into_bytes(), desc, Parsed::of(v))
        }
        16 => {
            let mut g = Gen {
                rng: &mut *rng,
                mutate,
                huge: false,
                long: true,
            };
            let mut v = shaped(&mut g, target.output);
            add_error_fields(rng, target, &mut v);
            let text = v.to_string();
            let cut = rng.below(text.len() + 1);
            let parsed = if cut == 0 {
                Parsed::Json(json!({}))
            } else if cut == text.len() {
                Parsed::of(v)
            } else {
                // A proper prefix of compact JSON is never JSON.
                Parsed::Invalid
            };
            (
                text.as_bytes()[..cut].to_vec(),
                format!("JSON truncated at {cut} of {}", text.len()),
                parsed,
            )
        }
        17 => {
            let (text, parsed) = rng
                .pick(&[
                    ("", Parsed::Json(json!({}))),
                    (" ", Parsed::Json(json!({}))),
                    ("\n\t\r ", Parsed::Json(json!({}))),
                    ("{}", Parsed::Json(json!({}))),
                    (" {} ", Parsed::Json(json!({}))),
                    ("null", Parsed::NotObject),
                    ("[]", Parsed::NotObject),
                    ("\"s\"", Parsed::NotObject),
                    ("0", Parsed::NotObject),
                    ("true", Parsed::NotObject),
                    ("{}{}", Parsed::Invalid),
                    ("{} x", Parsed::Invalid),
                    ("{,}", Parsed::Invalid),
                    ("{\"a\":1,}", Parsed::Invalid),
                    ("{'a':1}", Parsed::Invalid),
                    ("\u{feff}{}", Parsed::Unknown),
                    ("{\"__type\":\"\\ud800\"}", Parsed::Unknown),
                    ("{\"Count\":1e400}", Parsed::Unknown),
                    ("{\"Count\":-0}", Parsed::Unknown),
                    // Escapes are decoded before a code is matched.
                    (
                        r#"{"__type":"\u0051ueueDoesNotExist","message":"\ud83d\ude00\/"}"#,
                        Parsed::Json(json!({"__type": "QueueDoesNotExist", "message": "😀/"})),
                    ),
                    (
                        r#"{"code":"Resource\u004eotFoundException","Message":"\u00e9\n"}"#,
                        Parsed::Json(
                            json!({"code": "ResourceNotFoundException", "Message": "é\n"}),
                        ),
                    ),
                    (
                        r#"{"QueueUrl":"\ud83d\ude00","Item":{"k":{"S":"\u0000"}}}"#,
                        Parsed::Json(json!({"QueueUrl": "😀", "Item": {"k": {"S": "\u{0}"}}})),
                    ),
                ])
                .clone();
            (text.as_bytes().to_vec(), format!("body {text:?}"), parsed)
        }
        18 => {
            // Duplicate members (which one wins is the parser's choice), or whitespace around
            // a valid body.
            let mut g = Gen {
                rng: &mut *rng,
                mutate,
                huge: false,
                long: true,
            };
            let v = shaped(&mut g, target.output);
            let text = v.to_string();
            if rng.chance(1, 2) && text.len() > 2 {
                let inner = &text[1..text.len() - 1];
                let b = format!(
                    "{{{inner}{}\"__type\":1,\"__type\":\"ResourceNotFoundException\",{inner}}}",
                    if inner.is_empty() { "" } else { "," }
                );
                (b.into_bytes(), "duplicate members".into(), Parsed::Unknown)
            } else {
                let b = format!(" \n\t{text}\r\n ");
                let desc = format!("whitespace around {}", short(&text));
                (b.into_bytes(), desc, Parsed::of(v))
            }
        }
        _ => {
            let mut g = Gen {
                rng: &mut *rng,
                mutate: mutate / 10,
                huge: true,
                long: true,
            };
            let v = if g.rng.chance(1, 2) {
                shaped(&mut g, target.output)
            } else {
                let (_, _, shape) = *g.rng.pick(target.errors);
                let mut v = shaped(&mut g, shape);
                add_error_fields(rng, target, &mut v);
                v
            };
            let text = v.to_string();
            let desc = format!("big body of {} bytes", text.len());
            (text.into_bytes(), desc, Parsed::of(v))
        }
    }
}

fn short(s: &str) -> String {
    match s.char_indices().nth(160) {
        Some((i, _)) => format!("{}… ({} bytes)", &s[..i], s.len()),
        None => s.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Calling and checking.

/// Outcomes per target: `Ok`, modeled service error, unhandled service error, response error.
static OUTCOMES: [[AtomicU64; 4]; 4] = [const { [const { AtomicU64::new(0) }; 4] }; 4];
/// Cases whose expected result the model decided (as opposed to checking invariants only).
static DECIDED: AtomicU64 = AtomicU64::new(0);
/// Cases that were answered more than once (retried).
static RETRIED: AtomicU64 = AtomicU64::new(0);

/// A config answered by `connector`; `retry` `None` turns retries off.
fn config(connector: &CaptureConnector, endpoint: &str, retry: Option<RetryConfig>) -> Config {
    let builder = Config::builder()
        .http_client(connector.clone())
        .endpoint_url(endpoint)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            "test-secret",
            None,
            None,
            "fuzz",
        ));
    match retry {
        Some(retry) => builder
            .retry_config(retry)
            .sleep_impl(InstantSleep::new())
            .build(),
        None => builder.retry_config(RetryConfig::disabled()).build(),
    }
}

#[allow(deprecated)]
fn get_item_variant(e: &GetItemError) -> &'static str {
    use GetItemError as E;
    match e {
        E::InternalServerError(_) => "InternalServerError",
        E::InvalidEndpointException(_) => "InvalidEndpointException",
        E::ProvisionedThroughputExceededException(_) => "ProvisionedThroughputExceededException",
        E::RequestLimitExceeded(_) => "RequestLimitExceeded",
        E::ResourceNotFoundException(_) => "ResourceNotFoundException",
        E::ThrottlingException(_) => "ThrottlingException",
        E::Unhandled(_) => "Unhandled",
        _ => "?",
    }
}

#[allow(deprecated)]
fn query_variant(e: &QueryError) -> &'static str {
    use QueryError as E;
    match e {
        E::InternalServerError(_) => "InternalServerError",
        E::InvalidEndpointException(_) => "InvalidEndpointException",
        E::ProvisionedThroughputExceededException(_) => "ProvisionedThroughputExceededException",
        E::RequestLimitExceeded(_) => "RequestLimitExceeded",
        E::ResourceNotFoundException(_) => "ResourceNotFoundException",
        E::ThrottlingException(_) => "ThrottlingException",
        E::Unhandled(_) => "Unhandled",
        _ => "?",
    }
}

#[allow(deprecated)]
fn receive_message_variant(e: &ReceiveMessageError) -> &'static str {
    use ReceiveMessageError as E;
    match e {
        E::InvalidAddress(_) => "InvalidAddress",
        E::InvalidSecurity(_) => "InvalidSecurity",
        E::KmsAccessDenied(_) => "KmsAccessDenied",
        E::KmsDisabled(_) => "KmsDisabled",
        E::KmsInvalidKeyUsage(_) => "KmsInvalidKeyUsage",
        E::KmsInvalidState(_) => "KmsInvalidState",
        E::KmsNotFound(_) => "KmsNotFound",
        E::KmsOptInRequired(_) => "KmsOptInRequired",
        E::KmsThrottled(_) => "KmsThrottled",
        E::OverLimit(_) => "OverLimit",
        E::QueueDoesNotExist(_) => "QueueDoesNotExist",
        E::RequestThrottled(_) => "RequestThrottled",
        E::UnsupportedOperation(_) => "UnsupportedOperation",
        E::Unhandled(_) => "Unhandled",
        _ => "?",
    }
}

#[allow(deprecated)]
fn get_queue_url_variant(e: &GetQueueUrlError) -> &'static str {
    use GetQueueUrlError as E;
    match e {
        E::InvalidAddress(_) => "InvalidAddress",
        E::InvalidSecurity(_) => "InvalidSecurity",
        E::QueueDoesNotExist(_) => "QueueDoesNotExist",
        E::RequestThrottled(_) => "RequestThrottled",
        E::UnsupportedOperation(_) => "UnsupportedOperation",
        E::Unhandled(_) => "Unhandled",
        _ => "?",
    }
}

/// Sends target `index`'s request through a client answered by `connector`.
fn call(
    index: usize,
    connector: &CaptureConnector,
    retry: Option<RetryConfig>,
    want: &Expect,
) -> Result<usize, String> {
    let target = &TARGETS[index];
    match index {
        0 => {
            let conf = config(connector, "https://dynamodb.test.invalid", retry.clone());
            let client = dynamodb::Client::from_conf(conf);
            let result = block_on(
                client
                    .get_item()
                    .table_name("t")
                    .key("pk", AttributeValue::S("a".into()))
                    .send(),
            );
            check(result, &target.codes(), want, get_item_variant)
        }
        1 => {
            let conf = config(connector, "https://dynamodb.test.invalid", retry.clone());
            let client = dynamodb::Client::from_conf(conf);
            let result = block_on(
                client
                    .query()
                    .table_name("t")
                    .key_condition_expression("pk = :v")
                    .expression_attribute_values(":v", AttributeValue::S("a".into()))
                    .send(),
            );
            check(result, &target.codes(), want, query_variant)
        }
        2 => {
            let conf = config(connector, "https://sqs.test.invalid", retry.clone());
            let client = sqs::Client::from_conf(conf);
            let result = block_on(
                client
                    .receive_message()
                    .queue_url("https://sqs.test.invalid/123456789012/q")
                    .max_number_of_messages(10)
                    .send(),
            );
            check(result, &target.codes(), want, receive_message_variant)
        }
        _ => {
            let conf = config(connector, "https://sqs.test.invalid", retry.clone());
            let client = sqs::Client::from_conf(conf);
            let result = block_on(client.get_queue_url().queue_name("q").send());
            check(result, &target.codes(), want, get_queue_url_variant)
        }
    }
}

fn run_case(case: &Case) -> Result<(), String> {
    let mut rng = Rng::new(case.seed);
    let index = rng.below(TARGETS.len());
    let target = &TARGETS[index];
    let status = status(&mut rng);
    let headers = headers(&mut rng, target);
    let (body, body_desc, parsed) = body(&mut rng, target);
    let retry = match rng.below(8) {
        0 => Some(RetryConfig::standard()),
        1 => Some(RetryConfig::adaptive()),
        _ => None,
    };
    let shown: Vec<String> = headers
        .iter()
        .map(|(n, v)| format!("{n}: {}", short(&format!("{v:?}"))))
        .collect();
    case.describe(format!(
        "{}, status {status}, {}headers [{}], {body_desc}",
        target.name,
        match &retry {
            Some(r) => format!("{:?} retries, ", r.mode()),
            None => String::new(),
        },
        shown.join("; ")
    ));
    let want = expect(target, status, &headers, &parsed);
    let decided = if (200..300).contains(&status) {
        want.output != Fit::Unsure
    } else {
        want.code.is_some() && want.error_fit != Fit::Unsure
    };
    let mut response = HttpResponse::new(status, body);
    for (name, value) in &headers {
        response = response.with_header(name.clone(), value.clone());
    }
    let attempts = retry.as_ref().map_or(1, |r| r.max_attempts() as usize);
    let connector = CaptureConnector::new(vec![response; attempts]);
    let outcome = call(index, &connector, retry, &want)?;
    let sent = connector.requests().len();
    if sent == 0 || sent > attempts {
        return Err(format!("{sent} requests for {attempts} allowed attempt(s)"));
    }
    if sent > 1 {
        RETRIED.fetch_add(1, Ordering::Relaxed);
    }
    if decided {
        DECIDED.fetch_add(1, Ordering::Relaxed);
    }
    OUTCOMES[index][outcome].fetch_add(1, Ordering::Relaxed);
    Ok(())
}

#[test]
fn hostile_responses_give_ok_or_a_typed_error() {
    let cases = fuzz::case_count(2_000, 500);
    let report = fuzz::run("fuzz_responses_aws_json", cases, LIMIT, run_case);
    for (target, counts) in TARGETS.iter().zip(&OUTCOMES) {
        let seen: Vec<u64> = counts.iter().map(|c| c.load(Ordering::Relaxed)).collect();
        eprintln!(
            "fuzz_responses_aws_json {:<20} {} Ok, {} modeled service errors, {} unhandled \
             service errors, {} response errors",
            target.name, seen[0], seen[1], seen[2], seen[3]
        );
    }
    eprintln!(
        "fuzz_responses_aws_json: {} cases with the result decided by the model, {} retried",
        DECIDED.load(Ordering::Relaxed),
        RETRIED.load(Ordering::Relaxed)
    );
    if let Some(peak) = peak_memory_mib() {
        eprintln!("fuzz_responses_aws_json: peak resident memory {peak} MiB");
        // A length or size claim must not be what sizes an allocation.
        assert!(peak < 2048, "peak resident memory {peak} MiB");
    }
    report.assert_clean();
}

/// The process's peak resident set (`VmHWM`), where `/proc` tells it.
fn peak_memory_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

// ---------------------------------------------------------------------------------------------
// Fixed cases: the hostile inputs named in the module docs, each with its expected result.

#[allow(clippy::result_large_err)]
fn dynamodb_get_item(
    response: HttpResponse,
) -> Result<dynamodb::operation::get_item::GetItemOutput, SdkError<GetItemError>> {
    let connector = CaptureConnector::new(vec![response]);
    let client =
        dynamodb::Client::from_conf(config(&connector, "https://dynamodb.test.invalid", None));
    block_on(
        client
            .get_item()
            .table_name("t")
            .key("pk", AttributeValue::S("a".into()))
            .send(),
    )
}

#[test]
fn type_fields_that_are_not_strings_give_no_code() {
    for body in [
        r#"{"__type":42,"message":"m"}"#,
        r#"{"__type":{"name":"ResourceNotFoundException"}}"#,
        r#"{"__type":["ResourceNotFoundException"]}"#,
        r#"{"__type":null}"#,
        r#"{"__type":"aws.dynamodb#"}"#,
    ] {
        let err = dynamodb_get_item(HttpResponse::new(400, body)).expect_err("400");
        let e = err.into_service_error();
        assert_eq!(e.code(), None, "{body}");
        assert_eq!(get_item_variant(&e), "Unhandled", "{body}");
    }
    for (body, code) in [
        (
            r#"{"__type":"com.amazonaws.dynamodb.v20120810#ResourceNotFoundException"}"#,
            "ResourceNotFoundException",
        ),
        (
            r#"{"__type":"aws.dynamodb#ThrottlingException:http://internal.amazon.com/"}"#,
            "ThrottlingException",
        ),
        (
            r#"{"__type":42,"code":"InternalServerError"}"#,
            "InternalServerError",
        ),
    ] {
        let err = dynamodb_get_item(HttpResponse::new(400, body)).expect_err("400");
        let e = err.into_service_error();
        assert_eq!(e.code(), Some(code), "{body}");
        assert_eq!(get_item_variant(&e), code, "{body}");
    }
}

#[test]
fn unions_need_exactly_one_member() {
    for (item, ok) in [
        (r#"{"a":{"S":"x"}}"#, true),
        (r#"{"a":{"S":"x","__type":"AttributeValue"}}"#, true),
        (r#"{"a":{"S":"x","N":null}}"#, true),
        (r#"{"a":{"Zz":1}}"#, true),
        (r#"{"a":{}}"#, false),
        (r#"{"a":{"S":null}}"#, false),
        (r#"{"a":{"S":"x","N":"1"}}"#, false),
        (r#"{"a":{"S":"x","Zz":1}}"#, false),
        (r#"{"a":{"S":1}}"#, false),
        (r#"{"a":{"B":"!!!!"}}"#, false),
    ] {
        let body = format!(r#"{{"Item":{item}}}"#);
        let result = dynamodb_get_item(HttpResponse::new(200, body.clone()));
        match result {
            Ok(out) if ok => {
                assert_eq!(out.item().map(|i| i.len()), Some(1), "{body}");
            }
            Err(SdkError::ResponseError(_)) if !ok => {}
            other => panic!("{body}: {other:?}"),
        }
    }
}

#[test]
fn deep_and_huge_bodies_fail_fast() {
    let deep = format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_member = format!(
        r#"{{"Item":{{"a":{}{{"S":"x"}}{}}}}}"#,
        r#"{"L":["#.repeat(10_000),
        "]}".repeat(10_000)
    );
    let huge = format!(r#"{{"Item":{{"a":{{"S":"{}"}}}}}}"#, "x".repeat(8 << 20));
    for (body, ok) in [(deep, false), (deep_member, false), (huge, true)] {
        let began = Instant::now();
        let result = dynamodb_get_item(HttpResponse::new(200, body));
        assert!(began.elapsed() < LIMIT, "took {:?}", began.elapsed());
        match result {
            Ok(_) if ok => {}
            Err(SdkError::ResponseError(_)) if !ok => {}
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn query_error_header_names_sqs_errors_only() {
    const SQS_BODY: &str = r#"{"__type":"com.amazonaws.sqs#QueueDoesNotExist","message":"m"}"#;
    let response = HttpResponse::new(400, SQS_BODY).with_header(
        "x-amzn-query-error",
        "AWS.SimpleQueueService.NonExistentQueue;Sender",
    );
    let connector = CaptureConnector::new(vec![response]);
    let client = sqs::Client::from_conf(config(&connector, "https://sqs.test.invalid", None));
    let e = block_on(client.get_queue_url().queue_name("q").send())
        .expect_err("400")
        .into_service_error();
    assert_eq!(get_queue_url_variant(&e), "QueueDoesNotExist");
    assert_eq!(e.code(), Some("AWS.SimpleQueueService.NonExistentQueue"));
    assert_eq!(e.meta().extra("type"), Some("Sender"));
    assert_eq!(e.message(), Some("m"));
    // A malformed header is ignored: the body's code stands.
    for header in ["AWS.SimpleQueueService.NonExistentQueue", ";Sender", " ; "] {
        let response = HttpResponse::new(400, SQS_BODY).with_header("x-amzn-query-error", header);
        let connector = CaptureConnector::new(vec![response]);
        let client = sqs::Client::from_conf(config(&connector, "https://sqs.test.invalid", None));
        let e = block_on(client.get_queue_url().queue_name("q").send())
            .expect_err("400")
            .into_service_error();
        assert_eq!(e.code(), Some("QueueDoesNotExist"), "{header:?}");
        assert_eq!(get_queue_url_variant(&e), "QueueDoesNotExist");
    }
    // DynamoDB is not awsQueryCompatible: the header means nothing there.
    let response = HttpResponse::new(400, r#"{"__type":"ResourceNotFoundException"}"#)
        .with_header("x-amzn-query-error", "ThrottlingException;Sender");
    let e = dynamodb_get_item(response)
        .expect_err("400")
        .into_service_error();
    assert_eq!(e.code(), Some("ResourceNotFoundException"));
    assert_eq!(get_item_variant(&e), "ResourceNotFoundException");
}
