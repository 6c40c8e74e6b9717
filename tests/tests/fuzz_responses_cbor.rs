//! Fuzzing the response path of the rpcv2Cbor client (`fixture-rpcv2-cbor`, an
//! awsQueryCompatible service): `PutSamples` (modeled errors `InvalidSample` and `Throttled`,
//! the latter also by its awsQuery code `Throttling`), `ListSeries` and `Ping` (no output: the
//! body is not read), answered by the in-memory connector with hostile responses.
//!
//! Each case builds one response: a status anywhere in `0..=65535` (mostly real ones), a header
//! set (`smithy-protocol` right, missing, wrong or repeated; request ids; content types;
//! `x-amzn-query-error` well-formed and malformed; `X-Amzn-Errortype`, which rpcv2Cbor ignores),
//! and a body: random bytes; random CBOR; the real output or a modeled error, mostly valid, with
//! members of every wrong major type, tags other than 1 (skipped) and tag 1 where it does not
//! belong, half, single and double floats, integers in every width, indefinite-length strings,
//! arrays and maps, `__type` that is not a text string; length prefixes claiming 2^63 bytes or
//! items; indefinite arrays nested 100 000 deep, and nesting right at the decoder's limit;
//! truncated bodies and bytes after the item; malformed fragments (reserved additional
//! information, chunks of the wrong type, invalid UTF-8, non-text map keys, unassigned simple
//! values); JSON instead of CBOR; and valid bodies (some written by `smithy_rt::cbor`'s own
//! writers) with random bytes flipped, inserted or deleted. A quarter of the cases use standard
//! or adaptive retries (with an instant sleep), so the retry loop reads the error code of
//! every attempt too.
//!
//! What must hold: no panic; the call returns within [`LIMIT`] (a length claim must fail fast,
//! not allocate what it claims); the result is `Ok` only for a 2xx status, a `ServiceError`
//! only for a non-2xx status, a `ResponseError` only for a 2xx status whose body does not fit
//! (or lacks `smithy-protocol: rpc-v2-cbor`), and never a construction, dispatch or timeout
//! failure; `Display`, `Debug`, `code()`, `message()` and `request_id()` of whatever came back
//! work. Where the case built the body as a CBOR tree, an independent model of RFC 8949 and of
//! the protocol's rules decides what must come back: a 2xx body that fits the output is `Ok`
//! and one that does not is a `ResponseError`; an error's code is the query header's code,
//! else the body's `__type` text (namespace and `:` suffix cut off); it is the modeled error
//! that code names when the body fits that error, else `Unhandled`; the message and request id
//! are the ones sent.
//!
//! Default: 2 000 cases in release builds, 500 in debug builds; `FUZZ_CASES=1000000 cargo test
//! --release -p integration-tests --test fuzz_responses_cbor -- --nocapture` for a long run
//! (see `fuzz/mod.rs`).

mod fuzz;
#[path = "fuzz/responses.rs"]
mod responses;

use std::collections::BTreeMap;
use std::fmt::Debug;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use fixture_rpcv2_cbor::operation::list_series::ListSeriesError;
use fixture_rpcv2_cbor::operation::ping::PingError;
use fixture_rpcv2_cbor::operation::put_samples::PutSamplesError;
use fixture_rpcv2_cbor::primitives::DateTime;
use fixture_rpcv2_cbor::types::Sample;
use smithy_rt::cbor::{ArrayWriter, ObjectWriter, ValueWriter};
use smithy_rt::config::{Config, Credentials, Region, RetryConfig};
use smithy_rt::error::{ProvideErrorMetadata, SdkError};
use smithy_rt::http::HttpResponse;
use smithy_rt::primitives::{Blob, TimestampFormat};
use smithy_rt::test_util::{block_on, CaptureConnector, InstantSleep};

use fuzz::{Case, Rng};
use responses::{any_case, check, first, query_error, sanitize, status, Expect, Fit};

const LIMIT: Duration = Duration::from_secs(5);

/// The decoder's nesting limit (arrays, maps and tag-1 items): a body nested deeper does not
/// decode.
const MAX_DEPTH: usize = smithy_rt::cbor::MAX_DEPTH;

// ---------------------------------------------------------------------------------------------
// The shapes the responses are read into.

/// A member's type in the model, as the generated deserializer reads it from CBOR.
#[derive(Debug, Clone, Copy)]
enum Shape {
    /// A text string.
    Str,
    /// An `i32`: an integer in range (a float is refused, even `1.0`).
    Int,
    /// An `i64`.
    Long,
    /// An `f64`: any float or integer.
    Double,
    /// Epoch seconds (integer or float), tag 1 around them or bare.
    Timestamp,
    List(&'static Shape),
    /// Members by name; others are ignored.
    Struct(&'static [(&'static str, Shape)]),
}

use Shape::{Double, Int, List, Long, Str, Struct, Timestamp};

const SAMPLE: Shape = Struct(&[("at", Timestamp), ("value", Double), ("count", Long)]);
const PUT_SAMPLES_OUTPUT: Shape = Struct(&[
    ("accepted", Int),
    ("storedAt", Timestamp),
    ("rejected", List(&SAMPLE)),
]);
const LIST_SERIES_OUTPUT: Shape = Struct(&[("series", List(&Str)), ("nextToken", Str)]);
const MESSAGE_ONLY: Shape = Struct(&[("message", Str)]);
const INVALID_SAMPLE: Shape = Struct(&[("message", Str), ("index", Int)]);

/// A modeled error of an operation: an error code that names it, its variant, and its body.
type Modeled = (&'static str, &'static str, Shape);

const PUT_SAMPLES_ERRORS: &[Modeled] = &[
    ("InvalidSample", "InvalidSample", INVALID_SAMPLE),
    ("Throttled", "Throttled", MESSAGE_ONLY),
    ("Throttling", "Throttled", MESSAGE_ONLY),
];

/// One operation under test.
struct Target {
    name: &'static str,
    /// `None`: the output has no members and the body is not read.
    output: Option<Shape>,
    errors: &'static [Modeled],
}

impl Target {
    /// The modeled errors as (code, variant) pairs, for [`check`].
    fn codes(&self) -> Vec<(&'static str, &'static str)> {
        self.errors.iter().map(|(c, v, _)| (*c, *v)).collect()
    }
}

const TARGETS: [Target; 3] = [
    Target {
        name: "PutSamples",
        output: Some(PUT_SAMPLES_OUTPUT),
        errors: PUT_SAMPLES_ERRORS,
    },
    Target {
        name: "ListSeries",
        output: Some(LIST_SERIES_OUTPUT),
        errors: &[],
    },
    Target {
        name: "Ping",
        output: None,
        errors: &[],
    },
];

/// Names the bodies use, for random maps.
const KEYS: &[&str] = &[
    "accepted",
    "storedAt",
    "rejected",
    "at",
    "value",
    "count",
    "series",
    "nextToken",
    "message",
    "Message",
    "index",
    "__type",
];

/// Every error code the service knows, and a few it does not.
const CODES: &[&str] = &[
    "InvalidSample",
    "Throttled",
    "Throttling",
    "ThrottlingException",
    "InternalFailure",
    "ValidationException",
];

// ---------------------------------------------------------------------------------------------
// CBOR as a tree the case builds, encodes in one of its valid forms, and models.

/// A CBOR data item (RFC 8949), including the ill-formed and invalid kinds the decoder must
/// refuse.
#[derive(Debug, Clone)]
enum C {
    Uint(u64),
    /// The negative integer `-1 - n`.
    Nint(u64),
    Bytes(Vec<u8>),
    Text(String),
    /// A text string whose bytes are not UTF-8.
    BadText(Vec<u8>),
    Array(Vec<C>),
    Map(Vec<(C, C)>),
    Tag(u64, Box<C>),
    Bool(bool),
    Null,
    Undefined,
    /// A half-precision float, by its bits.
    Half(u16),
    Single(f32),
    Double(f64),
    /// An unassigned simple value (anything but 20..=23), refused.
    Simple(u8),
    /// Bytes spliced in as they are (a malformed fragment), refused.
    Raw(Vec<u8>),
}

fn text(s: &str) -> C {
    C::Text(s.to_owned())
}

fn map(entries: Vec<(&str, C)>) -> C {
    C::Map(entries.into_iter().map(|(k, v)| (text(k), v)).collect())
}

/// Appends the initial byte of `major` with `arg`, in the smallest encoding or (when `wide`)
/// a longer one, which RFC 8949 allows.
fn head(out: &mut Vec<u8>, major: u8, arg: u64, wide: u8) {
    let major = major << 5;
    let width = match arg {
        0..=23 => 0,
        24..=0xff => 1,
        0x100..=0xffff => 2,
        0x1_0000..=0xffff_ffff => 3,
        _ => 4,
    }
    .max(wide.min(4));
    match width {
        0 => out.push(major | arg as u8),
        1 => out.extend_from_slice(&[major | 24, arg as u8]),
        2 => {
            out.push(major | 25);
            out.extend_from_slice(&(arg as u16).to_be_bytes());
        }
        3 => {
            out.push(major | 26);
            out.extend_from_slice(&(arg as u32).to_be_bytes());
        }
        _ => {
            out.push(major | 27);
            out.extend_from_slice(&arg.to_be_bytes());
        }
    }
}

/// Encodes `c` with random (valid) encoding choices: argument widths, definite or indefinite
/// lengths, string chunks.
fn encode(c: &C, rng: &mut Rng, out: &mut Vec<u8>) {
    let wide = if rng.chance(1, 10) {
        rng.range(1, 4) as u8
    } else {
        0
    };
    let indefinite = rng.chance(1, 4);
    match c {
        C::Uint(v) => head(out, 0, *v, wide),
        C::Nint(v) => head(out, 1, *v, wide),
        C::Bytes(b) => string(out, rng, 2, b, false, indefinite, wide),
        C::Text(s) => string(out, rng, 3, s.as_bytes(), true, indefinite, wide),
        C::BadText(b) => string(out, rng, 3, b, false, false, wide),
        C::Array(items) => {
            if indefinite {
                out.push(0x9f);
            } else {
                head(out, 4, items.len() as u64, wide);
            }
            for item in items {
                encode(item, rng, out);
            }
            if indefinite {
                out.push(0xff);
            }
        }
        C::Map(entries) => {
            if indefinite {
                out.push(0xbf);
            } else {
                head(out, 5, entries.len() as u64, wide);
            }
            for (k, v) in entries {
                encode(k, rng, out);
                encode(v, rng, out);
            }
            if indefinite {
                out.push(0xff);
            }
        }
        C::Tag(tag, inner) => {
            head(out, 6, *tag, wide);
            encode(inner, rng, out);
        }
        C::Bool(false) => out.push(0xf4),
        C::Bool(true) => out.push(0xf5),
        C::Null => out.push(0xf6),
        C::Undefined => out.push(0xf7),
        C::Half(bits) => {
            out.push(0xf9);
            out.extend_from_slice(&bits.to_be_bytes());
        }
        C::Single(v) => {
            out.push(0xfa);
            out.extend_from_slice(&v.to_bits().to_be_bytes());
        }
        C::Double(v) => {
            out.push(0xfb);
            out.extend_from_slice(&v.to_bits().to_be_bytes());
        }
        C::Simple(v) if *v < 24 => out.push(0xe0 | v),
        C::Simple(v) => out.extend_from_slice(&[0xf8, *v]),
        C::Raw(bytes) => out.extend_from_slice(bytes),
    }
}

/// A byte or text string, definite or in definite-length chunks (text split only at character
/// boundaries).
fn string(
    out: &mut Vec<u8>,
    rng: &mut Rng,
    major: u8,
    bytes: &[u8],
    utf8: bool,
    indefinite: bool,
    wide: u8,
) {
    if !indefinite {
        head(out, major, bytes.len() as u64, wide);
        out.extend_from_slice(bytes);
        return;
    }
    out.push((major << 5) | 31);
    let mut rest = bytes;
    loop {
        let mut n = rng.below(rest.len() + 2).min(rest.len());
        if utf8 {
            while n < rest.len() && (rest[n] & 0xc0) == 0x80 {
                n += 1;
            }
        }
        head(out, major, n as u64, 0);
        out.extend_from_slice(&rest[..n]);
        rest = &rest[n..];
        if rest.is_empty() && rng.chance(1, 2) {
            break;
        }
    }
    out.push(0xff);
}

/// Writes `c` with the runtime's own writers; `false` (and nothing useful written) for what
/// they cannot express.
fn write_runtime(c: &C, w: ValueWriter<'_>) -> bool {
    match c {
        C::Uint(v) => w.number_u64(*v),
        C::Nint(v) => match i64::try_from(*v) {
            Ok(n) => w.number_i64(-1 - n),
            Err(_) => return false,
        },
        C::Bytes(b) => w.blob(&Blob::new(b.clone())),
        C::Text(s) => w.string(s),
        C::Array(items) => {
            let mut array: ArrayWriter<'_> = w.start_array();
            let mut ok = true;
            for item in items {
                ok &= write_runtime(item, array.value());
            }
            array.finish();
            return ok;
        }
        C::Map(entries) => {
            let mut object: ObjectWriter<'_> = w.start_object();
            let mut ok = true;
            for (k, v) in entries {
                match k {
                    C::Text(key) => ok &= write_runtime(v, object.key(key)),
                    _ => ok = false,
                }
            }
            object.finish();
            return ok;
        }
        C::Tag(1, inner) => match inner.as_ref() {
            C::Double(v) => match DateTime::from_secs_f64(*v) {
                Some(t) if t.as_secs_f64().to_bits() == v.to_bits() => {
                    w.timestamp(&t, TimestampFormat::EpochSeconds)
                }
                _ => return false,
            },
            _ => return false,
        },
        C::Bool(b) => w.boolean(*b),
        C::Null => w.null(),
        C::Single(v) => w.number_f32(*v),
        C::Double(v) => w.number_f64(*v),
        _ => return false,
    }
    true
}

/// A decoded item as the decoder must give it: tags other than 1 gone, `undefined` as null,
/// floats of every width as `f64`, a repeated map key keeping its last value.
#[derive(Debug, Clone, PartialEq)]
enum Sem {
    Int(i128),
    Float(f64),
    Bytes,
    Text(String),
    Array(Vec<Sem>),
    Map(BTreeMap<String, Sem>),
    /// Tag 1 (a timestamp) around an item.
    Tag1(Box<Sem>),
    Bool,
    Null,
}

fn f16_to_f64(bits: u16) -> f64 {
    let sign = if bits & 0x8000 != 0 { -1.0 } else { 1.0 };
    let exponent = i32::from((bits >> 10) & 0x1f);
    let mantissa = f64::from(bits & 0x3ff);
    match exponent {
        0 => sign * mantissa * f64::powi(2.0, -24),
        31 if mantissa == 0.0 => sign * f64::INFINITY,
        31 => f64::NAN,
        _ => sign * (1024.0 + mantissa) * f64::powi(2.0, exponent - 25),
    }
}

/// Decodes the tree the way RFC 8949 and the runtime's documented rules say: `None` when the
/// decoder must refuse it (`depth` counts the arrays, maps and tag-1 items around `c`).
fn sem(c: &C, depth: usize) -> Option<Sem> {
    Some(match c {
        C::Uint(v) => Sem::Int(i128::from(*v)),
        C::Nint(v) => Sem::Int(-1 - i128::from(*v)),
        C::Bytes(_) => Sem::Bytes,
        C::Text(s) => Sem::Text(s.clone()),
        C::BadText(_) | C::Simple(_) | C::Raw(_) => return None,
        C::Array(items) => {
            if depth + 1 > MAX_DEPTH {
                return None;
            }
            Sem::Array(
                items
                    .iter()
                    .map(|i| sem(i, depth + 1))
                    .collect::<Option<_>>()?,
            )
        }
        C::Map(entries) => {
            if depth + 1 > MAX_DEPTH {
                return None;
            }
            let mut out = BTreeMap::new();
            for (k, v) in entries {
                let mut key = k;
                while let C::Tag(tag, inner) = key {
                    if *tag == 1 {
                        return None;
                    }
                    key = inner;
                }
                let C::Text(key) = key else { return None };
                out.insert(key.clone(), sem(v, depth + 1)?);
            }
            Sem::Map(out)
        }
        C::Tag(1, inner) => {
            if depth + 1 > MAX_DEPTH {
                return None;
            }
            Sem::Tag1(Box::new(sem(inner, depth + 1)?))
        }
        C::Tag(_, inner) => return sem(inner, depth),
        C::Bool(_) => Sem::Bool,
        C::Null | C::Undefined => Sem::Null,
        C::Half(bits) => Sem::Float(f16_to_f64(*bits)),
        C::Single(v) => Sem::Float(f64::from(*v)),
        C::Double(v) => Sem::Float(*v),
    })
}

// ---------------------------------------------------------------------------------------------
// The independent model: does a decoded item fit a shape?

fn timestamp_fits(value: &Sem) -> Fit {
    match value {
        Sem::Int(v) => Fit::of(i64::try_from(*v).is_ok()),
        Sem::Float(v) if !v.is_finite() => Fit::No,
        Sem::Float(v) if v.abs() < 9.0e18 => Fit::Yes,
        // Near and beyond i64 seconds: the exact bound is the runtime's to choose.
        Sem::Float(_) => Fit::Unsure,
        _ => Fit::No,
    }
}

/// Whether `value` (null meaning absent) is read as `shape` without error.
fn fits(value: &Sem, shape: Shape) -> Fit {
    if *value == Sem::Null {
        return Fit::Yes;
    }
    match shape {
        Str => Fit::of(matches!(value, Sem::Text(_))),
        Int => Fit::of(matches!(value, Sem::Int(v) if i32::try_from(*v).is_ok())),
        Long => Fit::of(matches!(value, Sem::Int(v) if i64::try_from(*v).is_ok())),
        Double => Fit::of(matches!(value, Sem::Int(_) | Sem::Float(_))),
        Timestamp => match value {
            Sem::Tag1(inner) => timestamp_fits(inner),
            other => timestamp_fits(other),
        },
        List(item) => match value {
            Sem::Array(items) => Fit::all(items.iter().map(|v| fits(v, *item))),
            _ => Fit::No,
        },
        Struct(members) => match value {
            Sem::Map(map) => Fit::all(
                members
                    .iter()
                    .filter_map(|(name, shape)| map.get(*name).map(|v| fits(v, *shape))),
            ),
            _ => Fit::No,
        },
    }
}

/// What the decoder makes of a body, as far as the case knows.
#[derive(Debug, Clone)]
enum Parsed {
    /// This item (an empty body is an empty map).
    Item(Sem),
    /// Not one well-formed, valid item (or too deep).
    Invalid,
    Unknown,
}

impl Parsed {
    fn of(c: &C) -> Parsed {
        match sem(c, 0) {
            Some(s) => Parsed::Item(s),
            None => Parsed::Invalid,
        }
    }

    fn empty() -> Parsed {
        Parsed::Item(Sem::Map(BTreeMap::new()))
    }

    fn fits(&self, shape: Shape) -> Fit {
        match self {
            Parsed::Item(v @ Sem::Map(_)) => fits(v, shape),
            Parsed::Item(_) | Parsed::Invalid => Fit::No,
            Parsed::Unknown => Fit::Unsure,
        }
    }

    /// The text member `name` of the body, for the error metadata (`Some(None)`: none).
    fn text(&self, name: &str) -> Option<Option<&str>> {
        match self {
            Parsed::Item(Sem::Map(map)) => Some(match map.get(name) {
                Some(Sem::Text(s)) => Some(s.as_str()),
                _ => None,
            }),
            Parsed::Item(_) | Parsed::Invalid => Some(None),
            Parsed::Unknown => None,
        }
    }
}

fn expect(target: &Target, status: u16, headers: &[(String, String)], body: &Parsed) -> Expect {
    let request_id = first(headers, "x-amzn-requestid")
        .or_else(|| first(headers, "x-amz-request-id"))
        .map(str::to_owned);
    let query = query_error(headers);
    let code = match query {
        Some((code, _)) => Some(Some(code.to_owned())),
        None => body
            .text("__type")
            .map(|t| t.map(sanitize).filter(|c| !c.is_empty()).map(str::to_owned)),
    };
    let error_fit = match &code {
        Some(Some(code)) => match target.errors.iter().find(|(c, _, _)| c == code) {
            Some((_, _, shape)) => body.fits(*shape),
            None => Fit::Yes,
        },
        _ => Fit::Unsure,
    };
    let message = match (body.text("message"), body.text("Message")) {
        (Some(a), Some(b)) => Some(a.or(b).map(str::to_owned)),
        _ => None,
    };
    let protocol_ok = first(headers, "smithy-protocol").map(str::trim) == Some("rpc-v2-cbor");
    let output = match target.output {
        _ if !protocol_ok => Fit::No,
        None => Fit::Yes,
        Some(shape) => body.fits(shape),
    };
    Expect {
        status,
        output,
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
                "true",
                "null",
                "0",
                "__type",
                "rpc-v2-cbor",
            ])
            .to_string(),
        _ => format!("value-{}", rng.next_u64()),
    }
}

/// An integer of any size as CBOR.
fn int(v: i128) -> C {
    if v >= 0 {
        C::Uint(v as u64)
    } else {
        C::Nint((-1 - v) as u64)
    }
}

/// A float in one of the three widths (half only where it is exact enough to matter little).
fn float(rng: &mut Rng, v: f64) -> C {
    match rng.below(4) {
        0 => C::Single(v as f32),
        1 if v.is_nan() => C::Half(0x7e00),
        1 if v == f64::INFINITY => C::Half(0x7c00),
        1 if v == f64::NEG_INFINITY => C::Half(0xfc00),
        1 if v == 0.0 => C::Half(if v.is_sign_negative() { 0x8000 } else { 0 }),
        1 => C::Half(rng.next_u64() as u16),
        _ => C::Double(v),
    }
}

/// Wraps `c` in tags other than 1 (which the decoder skips) now and then.
fn skipped_tags(rng: &mut Rng, mut c: C) -> C {
    while rng.chance(1, 20) {
        let tag = *rng.pick(&[0, 2, 24, 32, 55799, u64::MAX]);
        c = C::Tag(tag, Box::new(c));
    }
    c
}

/// Generates values of a shape: mostly valid, each node replaced by an item of another kind
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
    fn value(&mut self, shape: Shape) -> C {
        if self.rng.below(1000) < self.mutate {
            return self.wrong(shape);
        }
        if self.rng.chance(1, 30) {
            return if self.rng.chance(1, 2) {
                C::Null
            } else {
                C::Undefined
            };
        }
        let c = match shape {
            Str => {
                if self.huge && self.rng.chance(1, 4) {
                    self.huge = false;
                    let n = self.rng.range(100_000, 3_000_000);
                    C::Text("é".repeat(n / 2))
                } else {
                    C::Text(random_string(self.rng))
                }
            }
            Int => int(match self.rng.below(6) {
                0 => 0,
                1 => i128::from(i32::MAX),
                2 => i128::from(i32::MIN),
                3 => -1,
                _ => i128::from(self.rng.next_u64() as i32),
            }),
            Long => int(match self.rng.below(6) {
                0 => 0,
                1 => i128::from(i64::MAX),
                2 => i128::from(i64::MIN),
                3 => i128::from(u32::MAX) + 1,
                _ => i128::from(self.rng.next_u64() as i64),
            }),
            Double => match self.rng.below(8) {
                0 => int(i128::from(self.rng.next_u64())),
                1 => int(-(1 << 64)),
                2 => {
                    let v = *self.rng.pick(&[f64::NAN, f64::INFINITY, f64::NEG_INFINITY]);
                    float(self.rng, v)
                }
                3 => {
                    let v = *self
                        .rng
                        .pick(&[0.0, -0.0, f64::MAX, f64::MIN_POSITIVE, 5e-324]);
                    float(self.rng, v)
                }
                _ => {
                    let v = (self.rng.next_u64() % 1_000_000) as f64 / 7.0;
                    float(self.rng, v)
                }
            },
            Timestamp => {
                let seconds = match self.rng.below(8) {
                    0 => int(i128::from(self.rng.next_u64() as i64)),
                    1 => int(*self
                        .rng
                        .pick(&[0, -1, i128::from(i64::MAX), i128::from(i64::MIN)])),
                    2 => float(self.rng, 1_700_000_000.5),
                    3 => C::Double(*self.rng.pick(&[
                        -0.0,
                        1e-9,
                        -2.5,
                        9.0e15,
                        -8.9e18,
                        253402300800.0,
                    ])),
                    _ => C::Double((self.rng.next_u64() % 4_000_000_000) as f64 / 3.0),
                };
                match self.rng.below(10) {
                    0 => seconds,
                    1 => C::Tag(1, Box::new(C::Tag(55799, Box::new(seconds)))),
                    _ => C::Tag(1, Box::new(seconds)),
                }
            }
            List(item) => {
                let n = if self.long && self.rng.chance(1, 50) {
                    self.long = false;
                    self.rng.range(100, 2000)
                } else {
                    self.rng.below(4)
                };
                C::Array((0..n).map(|_| self.value(*item)).collect())
            }
            Struct(members) => {
                let mut entries = Vec::new();
                for (name, shape) in members {
                    if self.rng.chance(2, 3) {
                        let v = self.value(*shape);
                        entries.push((text(name), v));
                    }
                }
                if self.rng.chance(1, 5) {
                    let key = random_string(self.rng);
                    let v = random_cbor(self.rng, 3);
                    entries.push((C::Text(key), v));
                }
                if self.rng.chance(1, 10) && !entries.is_empty() {
                    // A repeated key: the last value counts.
                    let i = self.rng.below(entries.len());
                    let again = entries[i].clone();
                    entries.push(again);
                }
                if self.rng.chance(1, 20) && !entries.is_empty() {
                    let i = self.rng.below(entries.len());
                    let key = std::mem::replace(&mut entries[i].0, C::Null);
                    entries[i].0 = C::Tag(24, Box::new(key));
                }
                shuffle(self.rng, &mut entries);
                C::Map(entries)
            }
        };
        skipped_tags(self.rng, c)
    }

    /// An item of another kind than `shape` (or an invalid one of the same kind).
    fn wrong(&mut self, shape: Shape) -> C {
        let rng = &mut *self.rng;
        let candidates: Vec<C> = match shape {
            Str => vec![
                C::Bytes(b"abc".to_vec()),
                C::Uint(1),
                C::Tag(1, Box::new(text("x"))),
                C::Array(vec![text("a")]),
                map(vec![]),
                C::Bool(true),
                C::Double(1.5),
            ],
            Int => vec![
                C::Double(1.0),
                C::Half(0x3c00),
                C::Uint(1 << 31),
                C::Nint(1 << 31),
                C::Uint(u64::MAX),
                C::Nint(u64::MAX),
                text("5"),
                C::Tag(1, Box::new(C::Uint(5))),
                C::Bool(false),
            ],
            Long => vec![
                C::Uint(u64::MAX),
                C::Nint(u64::MAX),
                C::Uint(1 << 63),
                C::Double(1.0),
                text("5"),
                C::Bytes(vec![1]),
            ],
            Double => vec![
                text("NaN"),
                C::Bool(true),
                C::Tag(1, Box::new(C::Double(1.0))),
                C::Bytes(vec![0; 8]),
                C::Array(vec![]),
            ],
            Timestamp => vec![
                text("2020-01-01T00:00:00Z"),
                C::Tag(1, Box::new(text("2020-01-01T00:00:00Z"))),
                C::Tag(1, Box::new(C::Tag(1, Box::new(C::Uint(0))))),
                C::Tag(1, Box::new(C::Double(f64::NAN))),
                C::Tag(1, Box::new(C::Half(0x7c00))),
                C::Tag(1, Box::new(C::Uint(u64::MAX))),
                C::Tag(1, Box::new(C::Nint(u64::MAX))),
                C::Tag(1, Box::new(C::Double(1e300))),
                C::Tag(1, Box::new(C::Bytes(vec![]))),
                C::Bytes(vec![]),
                C::Array(vec![C::Uint(0)]),
                C::Bool(true),
            ],
            List(_) => vec![map(vec![]), text("a"), C::Uint(0), C::Bytes(vec![])],
            Struct(_) => vec![
                C::Array(vec![]),
                text("a"),
                C::Uint(0),
                C::Bool(false),
                C::Tag(1, Box::new(map(vec![]))),
            ],
        };
        let c = rng.pick(&candidates).clone();
        if rng.chance(1, 10) {
            // Or something no decoder may accept.
            let simple = *rng.pick(&[0, 19, 24, 31, 32, 255]);
            let raw = malformed(rng);
            return rng
                .pick(&[
                    C::BadText(vec![0xc3, 0x28]),
                    C::BadText(vec![0xff]),
                    C::Simple(simple),
                    C::Map(vec![(C::Uint(1), C::Uint(2))]),
                    C::Map(vec![(C::Tag(1, Box::new(text("a"))), C::Uint(2))]),
                    C::Raw(raw),
                ])
                .clone();
        }
        skipped_tags(rng, c)
    }
}

fn shuffle<T>(rng: &mut Rng, items: &mut [T]) {
    for i in (1..items.len()).rev() {
        items.swap(i, rng.below(i + 1));
    }
}

/// A fragment that is not one well-formed, valid item.
fn malformed(rng: &mut Rng) -> Vec<u8> {
    let fragments: [&[u8]; 24] = [
        &[0x7f, 0x41, 0x61, 0xff], // a byte-string chunk in a text string
        &[0x5f, 0x61, 0x61, 0xff], // a text chunk in a byte string
        &[0x7f, 0x7f, 0xff, 0xff], // an indefinite chunk
        &[0x7f, 0x61, 0xc3, 0x61, 0xa9, 0xff], // "é" split between chunks
        &[0x1c],                   // reserved additional information
        &[0x3d],
        &[0x5e],
        &[0x1f], // indefinite integer
        &[0x3f],
        &[0xdf, 0x00], // indefinite tag
        &[0xff],       // a break where an item belongs
        &[0xf8, 0x00], // two-byte simple value below 32
        &[0xf8, 0x1f],
        &[0xe0],
        &[0xfc],
        &[0x62, 0xff, 0xfe],                                     // invalid UTF-8
        &[0xa1, 0x01, 0x02],                                     // an integer key
        &[0xa1, 0x40, 0x02],                                     // a byte-string key
        &[0xa1, 0xc1, 0x61, 0x61, 0x00],                         // a tag-1 key
        &[0xbf, 0x61, 0x61],                                     // a map without its break
        &[0x82, 0x01],                                           // an array one item short
        &[0xbf, 0x61, 0x61, 0xff],                               // a key without a value
        &[0x5b, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff], // 2^63 bytes claimed
        &[0x9b, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00], // 2^32 items claimed
    ];
    rng.pick(&fragments).to_vec()
}

fn random_cbor(rng: &mut Rng, depth: usize) -> C {
    let leaf = depth == 0 || rng.chance(1, 3);
    match rng.below(if leaf { 10 } else { 12 }) {
        0 => C::Null,
        1 => C::Undefined,
        2 => C::Bool(rng.chance(1, 2)),
        3 => int(i128::from(rng.next_u64()) * if rng.chance(1, 2) { 1 } else { -1 }),
        4 => {
            let v = *rng.pick(&[0.0, -1.0, 1e308, 1.5, f64::NAN, f64::INFINITY]);
            float(rng, v)
        }
        5 | 6 => C::Text(random_string(rng)),
        7 => {
            let n = rng.below(40);
            C::Bytes(rng.bytes(n))
        }
        8 => C::Tag(
            *rng.pick(&[1, 0, 55799, 2]),
            Box::new(if depth == 0 {
                C::Uint(0)
            } else {
                random_cbor(rng, depth - 1)
            }),
        ),
        9 => C::Uint(rng.next_u64() >> rng.below(64)),
        10 => C::Array(
            (0..rng.below(4))
                .map(|_| random_cbor(rng, depth - 1))
                .collect(),
        ),
        _ => {
            let mut entries = Vec::new();
            for _ in 0..rng.below(5) {
                let key = if rng.chance(1, 2) {
                    rng.pick(KEYS).to_string()
                } else {
                    random_string(rng)
                };
                entries.push((C::Text(key), random_cbor(rng, depth - 1)));
            }
            C::Map(entries)
        }
    }
}

/// A code as the body's `__type` or a header would carry it: plain or decorated.
fn decorate(rng: &mut Rng, code: &str) -> String {
    match rng.below(11) {
        0..=3 => code.to_string(),
        4 => format!("example.telemetry#{code}"),
        5 => format!("{code}:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
        6 => format!("smithy.protocoltests.rpcv2Cbor#{code}:http://x/"),
        7 => format!("  {code}\t"),
        8 => code.to_lowercase(),
        9 => format!("{code}#"),
        _ => format!("{code}\u{0}"),
    }
}

/// A code, mostly one that names a modeled error.
fn some_code(rng: &mut Rng) -> &'static str {
    let codes: &[&'static str] = if rng.chance(3, 4) {
        &["InvalidSample", "Throttled", "Throttling"]
    } else {
        CODES
    };
    codes[rng.below(codes.len())]
}

fn error_code(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=6 => {
            let code = some_code(rng);
            decorate(rng, code)
        }
        7 => rng
            .pick(&["", ":", "#", "##", " ", "Unknown", "é"])
            .to_string(),
        8 => {
            let n = rng.range(1, 40);
            String::from_utf8_lossy(&rng.bytes(n)).into_owned()
        }
        _ => "x".repeat(rng.range(1, 100_000)),
    }
}

/// A value for `__type`: mostly a (decorated) code as a text string, sometimes another kind
/// (bytes, a number, a map, an array, null, tag 1), sometimes inside a skipped tag.
fn type_field(rng: &mut Rng) -> C {
    let code = some_code(rng);
    let code = decorate(rng, code);
    match rng.below(16) {
        0 => C::Bytes(code.into_bytes()),
        1 => C::Uint(42),
        2 => map(vec![("name", C::Text(code))]),
        3 => C::Array(vec![C::Text(code)]),
        4 => C::Null,
        5 => C::Tag(1, Box::new(C::Text(code))),
        6 => C::Tag(55799, Box::new(C::Text(code))),
        7 => C::Text(error_code(rng)),
        _ => C::Text(code),
    }
}

fn query_header(rng: &mut Rng) -> String {
    let code = if rng.chance(3, 4) {
        some_code(rng).to_string()
    } else {
        error_code(rng)
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

fn headers(rng: &mut Rng) -> Vec<(String, String)> {
    let mut headers = Vec::new();
    // Mostly the header a response must carry, first.
    if rng.chance(9, 10) {
        let value = match rng.below(20) {
            0 => " rpc-v2-cbor\t",
            1 => "rpc-v2-json",
            2 => "RPC-V2-CBOR",
            3 => "",
            4 => "rpc-v2-cbor, rpc-v2-cbor",
            _ => "rpc-v2-cbor",
        };
        headers.push((any_case(rng, "smithy-protocol"), value.to_string()));
    }
    for _ in 0..rng.below(6) {
        let (name, value) = match rng.below(12) {
            0 | 1 => ("x-amzn-query-error", query_header(rng)),
            2 => ("x-amzn-errortype", error_code(rng)),
            3 => ("x-amzn-requestid", random_string(rng)),
            4 => ("x-amz-request-id", random_string(rng)),
            5 => (
                "content-type",
                rng.pick(&["application/cbor", "application/json", "text/html", ""])
                    .to_string(),
            ),
            6 => (
                "date",
                rng.pick(&[
                    "Thu, 01 Jan 2026 00:05:01 GMT",
                    "Fri, 31 Dec 9999 23:59:59 GMT",
                    "Sat, 01 Jan 0000 00:00:00 GMT",
                    "not a date",
                ])
                .to_string(),
            ),
            7 => (
                "smithy-protocol",
                rng.pick(&["rpc-v2-cbor", "rpc-v2-json", "x"]).to_string(),
            ),
            8 => (
                "age",
                if rng.chance(1, 2) {
                    random_string(rng)
                } else {
                    rng.pick(&["0", "99999999999999999999", "-1"]).to_string()
                },
            ),
            9 => ("retry-after", random_string(rng)),
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
fn shaped(g: &mut Gen<'_>, shape: Shape) -> C {
    let c = g.value(shape);
    match c {
        C::Map(_) => c,
        _ if g.rng.chance(3, 4) => map(vec![]),
        _ => c,
    }
}

/// Adds error members (`__type`, a message) to a map body.
fn add_error_fields(rng: &mut Rng, c: &mut C) {
    let C::Map(entries) = c else { return };
    if rng.chance(3, 4) {
        entries.push((text("__type"), type_field(rng)));
    }
    for name in ["message", "Message"] {
        if rng.chance(1, 3) {
            let v = if rng.chance(1, 4) {
                C::Uint(7)
            } else {
                C::Text(random_string(rng))
            };
            entries.push((text(name), v));
        }
    }
    shuffle(rng, entries);
}

/// The tree's bytes: by the runtime's writers when asked and they can, else by [`encode`].
fn bytes_of(rng: &mut Rng, c: &C, runtime: bool) -> (Vec<u8>, &'static str) {
    if runtime {
        let mut out = Vec::new();
        if write_runtime(c, ValueWriter::new(&mut out)) {
            return (out, "smithy_rt::cbor writers");
        }
    }
    let mut out = Vec::new();
    encode(c, rng, &mut out);
    (out, "encoded")
}

fn hex(bytes: &[u8]) -> String {
    let shown: String = bytes.iter().take(96).map(|b| format!("{b:02x}")).collect();
    if bytes.len() > 96 {
        format!("{shown}… ({} bytes)", bytes.len())
    } else {
        shown
    }
}

/// A valid-looking body for `target`: its output or one of its errors, by the case's rate.
fn some_body(rng: &mut Rng, target: &Target, mutate: usize, huge: bool) -> C {
    let mut g = Gen {
        rng: &mut *rng,
        mutate,
        huge,
        long: true,
    };
    let output = target.output.unwrap_or(PUT_SAMPLES_OUTPUT);
    let error = g.rng.chance(1, 2);
    let mut c = if error {
        let (_, _, shape) = *g.rng.pick(PUT_SAMPLES_ERRORS);
        shaped(&mut g, shape)
    } else {
        shaped(&mut g, output)
    };
    if error || rng.chance(1, 4) {
        add_error_fields(rng, &mut c);
    }
    c
}

/// A body, a description, and what the decoder makes of it.
fn body(rng: &mut Rng, target: &Target) -> (Vec<u8>, String, Parsed) {
    let mutate = *rng.pick(&[0, 0, 0, 0, 30, 30, 30, 200, 200, 500]);
    let runtime = rng.chance(1, 3);
    match rng.below(20) {
        0 | 1 => {
            let n = rng.range(0, 4096);
            let b = rng.bytes(n);
            let parsed = if n == 0 {
                Parsed::empty()
            } else {
                Parsed::Unknown
            };
            let desc = format!("random bytes {}", hex(&b));
            (b, desc, parsed)
        }
        2 | 3 => {
            let c = random_cbor(rng, 5);
            let (b, how) = bytes_of(rng, &c, runtime);
            (
                b.clone(),
                format!("random CBOR ({how}) {}", hex(&b)),
                Parsed::of(&c),
            )
        }
        4..=11 => {
            let c = some_body(rng, target, mutate, false);
            let (b, how) = bytes_of(rng, &c, runtime);
            let desc = format!("shaped (mutate {mutate}‰, {how}) {}", hex(&b));
            (b, desc, Parsed::of(&c))
        }
        12 => {
            // A length or count claiming far more than the body holds.
            let major = *rng.pick(&[0x40_u8, 0x60, 0x80, 0xa0]);
            let mut claim = vec![major | 27];
            let lengths: [[u8; 8]; 4] = [
                [0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
                [0xff; 8],
                [0x80, 0, 0, 0, 0, 0, 0, 0],
                [0, 0, 0, 1, 0, 0, 0, 0],
            ];
            let length: &[u8; 8] = rng.pick(&lengths);
            claim.extend_from_slice(length);
            match rng.below(6) {
                0 => claim = vec![major | 26, 0xff, 0xff, 0xff, 0xff],
                1 => {
                    // Mid-size claims (up to 2^28), nested: nothing may be reserved by them.
                    let n = rng.range(1 << 16, 1 << 28) as u32;
                    let mut one = vec![major | 26];
                    one.extend_from_slice(&n.to_be_bytes());
                    let nested = if major == 0x80 || major == 0xa0 {
                        rng.range(1, 100)
                    } else {
                        1
                    };
                    claim = Vec::new();
                    for _ in 0..nested {
                        claim.extend_from_slice(&one);
                        if major == 0xa0 {
                            claim.extend_from_slice(&[0x61, b'k']);
                        }
                    }
                }
                _ => {}
            }
            let n = rng.below(64);
            claim.extend(rng.bytes(n));
            let b = if rng.chance(1, 2) {
                claim
            } else {
                let mut b = vec![0xbf, 0x66];
                b.extend_from_slice(b"series");
                b.extend(claim);
                b.push(0xff);
                b
            };
            let desc = format!("length claim {}", hex(&b));
            (b, desc, Parsed::Invalid)
        }
        13 => {
            // Nesting far beyond the limit.
            let units: [&[u8]; 6] = [
                &[0x9f],
                &[0x81],
                &[0xbf, 0x61, 0x61],
                &[0xa1, 0x61, 0x61],
                &[0xc1],
                &[0xc1, 0x9f],
            ];
            let unit = *rng.pick(&units);
            let n = rng.range(MAX_DEPTH + 1, 100_000);
            let mut b = if rng.chance(1, 2) {
                vec![0xbf, 0x61, b'x']
            } else {
                Vec::new()
            };
            b.extend(unit.repeat(n));
            b.push(0x00);
            let desc = format!("{} nested {n} times", hex(unit));
            (b, desc, Parsed::Invalid)
        }
        14 => {
            // Nesting right at the limit, through arrays, maps and tag 1 in an ignored member
            // (or the rejected samples' timestamps).
            let levels = rng.range(MAX_DEPTH - 6, MAX_DEPTH + 2);
            let mut c = C::Uint(1);
            for _ in 0..levels {
                c = match rng.below(4) {
                    0 => C::Array(vec![c]),
                    1 => map(vec![("k", c)]),
                    2 => C::Tag(1, Box::new(c)),
                    _ => C::Tag(55799, Box::new(C::Array(vec![c]))),
                };
            }
            let c = map(vec![("ignored", c), ("series", C::Array(vec![]))]);
            let (b, how) = bytes_of(rng, &c, false);
            let desc = format!("nested {levels} levels ({how})");
            (b, desc, Parsed::of(&c))
        }
        15 => {
            // Truncated, or with bytes after the item.
            let c = some_body(rng, target, mutate, false);
            let (mut b, how) = bytes_of(rng, &c, runtime);
            if rng.chance(1, 2) {
                let cut = rng.below(b.len());
                b.truncate(cut);
                let parsed = if cut == 0 {
                    Parsed::empty()
                } else {
                    // CBOR is prefix-free: a proper prefix of an item is not an item.
                    Parsed::Invalid
                };
                let desc = format!("truncated at {cut} ({how}) {}", hex(&b));
                (b, desc, parsed)
            } else {
                let n = rng.range(1, 4);
                b.extend(rng.bytes(n));
                let desc = format!("{n} byte(s) after the item ({how}) {}", hex(&b));
                (b, desc, Parsed::Invalid)
            }
        }
        16 | 17 => {
            // A valid body with a few bytes flipped, inserted or deleted.
            let c = some_body(rng, target, 0, false);
            let (mut b, how) = bytes_of(rng, &c, runtime);
            let mut what = Vec::new();
            for _ in 0..rng.range(1, 4) {
                let at = rng.below(b.len() + 1);
                match rng.below(3) {
                    0 if at < b.len() => {
                        let bit = 1 << rng.below(8);
                        b[at] ^= bit;
                        what.push(format!("flip {bit:#04x} at {at}"));
                    }
                    1 if at < b.len() => {
                        b.remove(at);
                        what.push(format!("delete at {at}"));
                    }
                    _ => {
                        let x = rng.next_u64() as u8;
                        b.insert(at, x);
                        what.push(format!("insert {x:#04x} at {at}"));
                    }
                }
            }
            let desc = format!("mutated ({how}; {}) {}", what.join(", "), hex(&b));
            (b, desc, Parsed::Unknown)
        }
        18 => {
            let (b, parsed): (&[u8], Parsed) = match rng.below(16) {
                0 => (&[0xa0], Parsed::empty()),
                1 => (&[0xbf, 0xff], Parsed::empty()),
                2 => (&[0xd9, 0xd9, 0xf7, 0xa0], Parsed::empty()),
                3 => (&[0xf6], Parsed::Item(Sem::Null)),
                4 => (&[0xf7], Parsed::Item(Sem::Null)),
                5 => (&[0x80], Parsed::Item(Sem::Array(vec![]))),
                6 => (&[0x60], Parsed::Item(Sem::Text(String::new()))),
                7 => (
                    &[0xc1, 0xa0],
                    Parsed::Item(Sem::Tag1(Box::new(Sem::Map(BTreeMap::new())))),
                ),
                8 => (b"{}", Parsed::Invalid),
                9 => (br#"{"__type":"InvalidSample"}"#, Parsed::Invalid),
                10 => (b" ", Parsed::Invalid),
                11 => (&[0xa0, 0xa0], Parsed::Invalid),
                12 => (&[0x00, 0xff], Parsed::Invalid),
                _ => {
                    let m = malformed(rng);
                    let mut b = vec![0xbf, 0x61, b'x'];
                    b.extend(m);
                    b.push(0xff);
                    let desc = format!("malformed member {}", hex(&b));
                    return (b, desc, Parsed::Invalid);
                }
            };
            (b.to_vec(), format!("body {}", hex(b)), parsed)
        }
        _ => {
            // Big: strings of megabytes, long arrays, a long chain of skipped tags.
            let c = some_body(rng, target, mutate / 10, true);
            let (mut b, how) = bytes_of(rng, &c, runtime);
            if rng.chance(1, 3) {
                let n = rng.range(1000, 100_000);
                let mut tagged = [0xd8, 0x20].repeat(n);
                tagged.extend(b);
                b = tagged;
            }
            let desc = format!("big body ({how}) of {} bytes", b.len());
            (b, desc, Parsed::of(&c))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Calling and checking.

/// Outcomes per target: `Ok`, modeled service error, unhandled service error, response error.
static OUTCOMES: [[AtomicU64; 4]; 3] = [const { [const { AtomicU64::new(0) }; 4] }; 3];
/// Cases whose expected result the model decided (as opposed to checking invariants only).
static DECIDED: AtomicU64 = AtomicU64::new(0);
/// Cases that were answered more than once (retried).
static RETRIED: AtomicU64 = AtomicU64::new(0);

/// A config answered by `connector`; `retry` `None` turns retries off.
fn config(connector: &CaptureConnector, retry: Option<RetryConfig>) -> Config {
    let builder = Config::builder()
        .http_client(connector.clone())
        .endpoint_url("http://telemetry.test.invalid")
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
fn put_samples_variant(e: &PutSamplesError) -> &'static str {
    match e {
        PutSamplesError::InvalidSample(_) => "InvalidSample",
        PutSamplesError::Throttled(_) => "Throttled",
        PutSamplesError::Unhandled(_) => "Unhandled",
        _ => "?",
    }
}

#[allow(deprecated)]
fn list_series_variant(e: &ListSeriesError) -> &'static str {
    match e {
        ListSeriesError::Unhandled(_) => "Unhandled",
        _ => "?",
    }
}

#[allow(deprecated)]
fn ping_variant(e: &PingError) -> &'static str {
    match e {
        PingError::Unhandled(_) => "Unhandled",
        _ => "?",
    }
}

fn sample() -> Sample {
    Sample::builder()
        .at(DateTime::from_secs(0))
        .value(1.0)
        .build()
        .expect("required members set")
}

/// Sends target `index`'s request through a client answered by `connector`.
fn call(
    index: usize,
    connector: &CaptureConnector,
    retry: Option<RetryConfig>,
    want: &Expect,
) -> Result<usize, String> {
    let target = &TARGETS[index];
    let client = fixture_rpcv2_cbor::Client::from_conf(config(connector, retry));
    match index {
        0 => {
            let result = block_on(client.put_samples().series("s").samples(sample()).send());
            check(result, &target.codes(), want, put_samples_variant)
        }
        1 => {
            let result = block_on(client.list_series().prefix("x").send());
            check(result, &target.codes(), want, list_series_variant)
        }
        _ => {
            let result = block_on(client.ping().send());
            check(result, &target.codes(), want, ping_variant)
        }
    }
}

fn run_case(case: &Case) -> Result<(), String> {
    let mut rng = Rng::new(case.seed);
    let index = match rng.below(8) {
        0..=4 => 0,
        5 | 6 => 1,
        _ => 2,
    };
    let target = &TARGETS[index];
    let status = status(&mut rng);
    let headers = headers(&mut rng);
    let (body, body_desc, parsed) = body(&mut rng, target);
    let retry = match rng.below(8) {
        0 => Some(RetryConfig::standard()),
        1 => Some(RetryConfig::adaptive()),
        _ => None,
    };
    let shown: Vec<String> = headers
        .iter()
        .map(|(n, v)| {
            let v = format!("{v:?}");
            match v.char_indices().nth(60) {
                Some((i, _)) => format!("{n}: {}… ({} bytes)", &v[..i], v.len()),
                None => format!("{n}: {v}"),
            }
        })
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
    let report = fuzz::run("fuzz_responses_cbor", cases, LIMIT, run_case);
    for (target, counts) in TARGETS.iter().zip(&OUTCOMES) {
        let seen: Vec<u64> = counts.iter().map(|c| c.load(Ordering::Relaxed)).collect();
        eprintln!(
            "fuzz_responses_cbor {:<10} {} Ok, {} modeled service errors, {} unhandled service \
             errors, {} response errors",
            target.name, seen[0], seen[1], seen[2], seen[3]
        );
    }
    eprintln!(
        "fuzz_responses_cbor: {} cases with the result decided by the model, {} retried",
        DECIDED.load(Ordering::Relaxed),
        RETRIED.load(Ordering::Relaxed)
    );
    if let Some(peak) = peak_memory_mib() {
        eprintln!("fuzz_responses_cbor: peak resident memory {peak} MiB");
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
fn put_samples(response: HttpResponse) -> Result<(), SdkError<PutSamplesError>> {
    let connector = CaptureConnector::new(vec![response]);
    let client = fixture_rpcv2_cbor::Client::from_conf(config(&connector, None));
    block_on(client.put_samples().series("s").samples(sample()).send()).map(|_| ())
}

fn cbor(status: u16, body: Vec<u8>) -> HttpResponse {
    HttpResponse::new(status, body).with_header("smithy-protocol", "rpc-v2-cbor")
}

#[test]
fn length_claims_and_deep_nesting_fail_fast() {
    let mut bodies = Vec::new();
    for major in [0x5b, 0x7b, 0x9b, 0xbb] {
        let mut claim = vec![major, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
        bodies.push(claim.clone());
        let mut member = vec![0xbf, 0x68];
        member.extend_from_slice(b"rejected");
        member.append(&mut claim);
        member.push(0xff);
        bodies.push(member);
    }
    let mut deep = vec![0x9f; 100_000];
    deep.push(0x00);
    bodies.push(deep);
    let mut deep_member = vec![0xbf, 0x68];
    deep_member.extend_from_slice(b"rejected");
    deep_member.extend([0x9f].repeat(100_000));
    bodies.push(deep_member);
    for body in bodies {
        let shown = hex(&body);
        let began = Instant::now();
        let err = put_samples(cbor(200, body.clone())).expect_err(&shown);
        assert!(
            began.elapsed() < Duration::from_secs(1),
            "{shown} took {:?}",
            began.elapsed()
        );
        assert!(
            matches!(err, SdkError::ResponseError(_)),
            "{shown}: {err:?}"
        );
        // As an error body it gives no code.
        let e = put_samples(cbor(400, body))
            .expect_err(&shown)
            .into_service_error();
        assert_eq!(e.code(), None, "{shown}");
        assert_eq!(put_samples_variant(&e), "Unhandled");
    }
}

#[test]
fn type_that_is_not_text_gives_no_code() {
    let kinds = vec![
        C::Uint(42),
        C::Bytes(b"InvalidSample".to_vec()),
        map(vec![("name", text("InvalidSample"))]),
        C::Array(vec![text("InvalidSample")]),
        C::Null,
        C::Tag(1, Box::new(text("InvalidSample"))),
        text("example.telemetry#"),
    ];
    let mut rng = Rng::new(7);
    for kind in kinds {
        let c = map(vec![("__type", kind.clone()), ("message", text("m"))]);
        let mut body = Vec::new();
        encode(&c, &mut rng, &mut body);
        let e = put_samples(cbor(400, body))
            .expect_err("400")
            .into_service_error();
        assert_eq!(e.code(), None, "{kind:?}");
        assert_eq!(e.message(), Some("m"), "{kind:?}");
        assert_eq!(put_samples_variant(&e), "Unhandled", "{kind:?}");
    }
    // A skipped tag around the text, an indefinite-length text, a namespace and a suffix.
    for body in [
        vec![
            0xa1, 0x66, b'_', b'_', b't', b'y', b'p', b'e', 0xd9, 0xd9, 0xf7, 0x69, b'T', b'h',
            b'r', b'o', b't', b't', b'l', b'e', b'd',
        ],
        vec![
            0xbf, 0x66, b'_', b'_', b't', b'y', b'p', b'e', 0x7f, 0x64, b'T', b'h', b'r', b'o',
            0x65, b't', b't', b'l', b'e', b'd', 0xff, 0xff,
        ],
    ] {
        let e = put_samples(cbor(400, body))
            .expect_err("400")
            .into_service_error();
        assert_eq!(e.code(), Some("Throttled"));
        assert!(e.is_throttled(), "{e:?}");
    }
    let c = map(vec![(
        "__type",
        text("example.telemetry#InvalidSample:http://internal.amazon.com/"),
    )]);
    let mut body = Vec::new();
    encode(&c, &mut rng, &mut body);
    let e = put_samples(cbor(400, body))
        .expect_err("400")
        .into_service_error();
    assert!(e.is_invalid_sample(), "{e:?}");
}

#[test]
fn the_protocol_header_and_trailing_bytes_are_checked() {
    let ok = vec![
        0xbf, 0x68, b'a', b'c', b'c', b'e', b'p', b't', b'e', b'd', 0x01, 0xff,
    ];
    assert!(put_samples(cbor(200, ok.clone())).is_ok());
    for response in [
        HttpResponse::new(200, ok.clone()),
        HttpResponse::new(200, ok.clone()).with_header("smithy-protocol", "rpc-v2-json"),
        cbor(200, [ok.clone(), vec![0x00]].concat()),
        cbor(200, ok[..ok.len() - 1].to_vec()),
    ] {
        let err = put_samples(response).expect_err("refused");
        assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    }
}
