//! The CBOR decoder and writer against `ciborium`, an independent implementation.
//!
//! 1. Random values encoded by ciborium (which picks the smallest lossless float, so half and
//!    single precision are exercised) decode with ours to the same value.
//! 2. Random values written by our writer decode with ciborium to the same value.
//! 3. Each of those encodings with one to three random corruptions (a byte changed to a random
//!    or an interesting value, removed, inserted, a range duplicated, or the input cut short):
//!    both decoders must agree on accept/reject, and on the value when both accept.
//!
//! Where the two legitimately differ, the comparison is limited to the shared subset:
//! - map keys that are not text strings: ciborium accepts any key, we reject (Smithy keys are
//!   text); a case where ciborium's value has a non-text key must be rejected by us;
//! - nested indefinite-length chunks inside an indefinite string (`7f 7f .. ff ff`): ciborium
//!   accepts them, RFC 8949 (3.2.3) says they are not well-formed and we reject them;
//! - simple values below 32 in the two-byte form (`f8 15`): ciborium reads them as the
//!   one-byte value (`true`), RFC 8949 (3.3) says they are not well-formed and we reject them;
//! - bignum tags 2 and 3: ciborium turns them into integers (and rejects big ones), we skip
//!   the tag and keep the byte string; cases whose bytes contain `0xc2` or `0xc3` are not
//!   compared when the decoders disagree;
//! - tags other than 1: ciborium keeps them, we skip them; ciborium's value is compared with
//!   those tags removed;
//! - duplicate keys: ciborium keeps every entry, we keep the last; ciborium's entries are
//!   folded last-wins before comparing;
//! - nesting: ciborium allows 256 levels, we allow 128; generated values stay far below.
//!
//! The run is seeded, so a failure reproduces; `CBOR_DIFF_CASES` sets the count (default
//! 3 000 values per direction, each with 10 corruptions).

use ciborium::value::{Integer as CInteger, Value as C};

use super::{parse_value, Map, Value, ValueWriter};
use crate::primitives::{Blob, DateTime, TimestampFormat};

/// SplitMix64: a small deterministic generator for reproducible cases.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn cases() -> usize {
    std::env::var("CBOR_DIFF_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000)
}

const INTEGERS: &[i128] = &[
    0,
    1,
    23,
    24,
    255,
    256,
    65_535,
    65_536,
    4_294_967_295,
    4_294_967_296,
    i64::MAX as i128,
    u64::MAX as i128,
    -1,
    -24,
    -25,
    -256,
    -257,
    -65_537,
    i64::MIN as i128,
    i64::MIN as i128 - 1,
    -(1 << 64),
];

const FLOATS: &[f64] = &[
    0.0,
    -0.0,
    1.0,
    1.5,
    65504.0,
    5.960_464_477_539_063e-8,
    0.000_061_035_156_25,
    100_000.0,
    3.402_823_466_385_288_6e38,
    1.1,
    1e300,
    f64::MAX,
    f64::MIN_POSITIVE,
    5e-324,
    f64::INFINITY,
    f64::NEG_INFINITY,
    f64::NAN,
];

/// A random integer; `wide` allows the values below `i64::MIN` that only CBOR can hold.
fn integer(rng: &mut Rng, wide: bool) -> i128 {
    loop {
        let v = match rng.below(4) {
            0 => INTEGERS[rng.below(INTEGERS.len())],
            1 => i128::from(rng.next() >> (rng.below(64))),
            2 => -1 - i128::from(rng.next() >> (rng.below(64))),
            _ => i128::from(rng.below(30) as u64) - 5,
        };
        if wide || v >= i128::from(i64::MIN) {
            return v;
        }
    }
}

fn float(rng: &mut Rng) -> f64 {
    match rng.below(5) {
        0 => FLOATS[rng.below(FLOATS.len())],
        1 => f64::from_bits(rng.next()),
        // Exactly representable as f32, and often as f16.
        2 => f64::from(f32::from_bits(rng.next() as u32)),
        3 => f64::from(rng.below(2048) as u32) * f64::powi(2.0, rng.below(40) as i32 - 30),
        _ => (rng.next() % 1_000_000) as f64 / 1000.0,
    }
}

fn text(rng: &mut Rng) -> String {
    const PIECES: &[&str] = &[
        "a",
        "b",
        "z",
        "key",
        " ",
        "\"",
        "\\",
        "\0",
        "\u{7f}",
        "é",
        "ü",
        "水",
        "😀",
        "\u{10151}",
        "\u{fffd}",
        "__type",
        "message",
    ];
    (0..rng.below(6))
        .map(|_| PIECES[rng.below(PIECES.len())])
        .collect()
}

/// A random value in our model: no tags but tag 1, map keys unique (a `Map`).
fn value(rng: &mut Rng, depth: usize, wide: bool) -> Value {
    let kinds = if depth >= 5 { 7 } else { 9 };
    match rng.below(kinds) {
        0 => Value::Null,
        1 => Value::Bool(rng.below(2) == 1),
        2 => Value::Integer(integer(rng, wide)),
        3 => Value::Float(float(rng)),
        4 => Value::Bytes((0..rng.below(30)).map(|_| rng.next() as u8).collect()),
        5 => Value::Text(text(rng)),
        6 => Value::Tag(
            1,
            Box::new(if rng.below(2) == 0 {
                Value::Integer(integer(rng, false))
            } else {
                Value::Float(float(rng))
            }),
        ),
        7 => Value::Array(
            (0..rng.below(6))
                .map(|_| value(rng, depth + 1, wide))
                .collect(),
        ),
        _ => Value::Map(
            (0..rng.below(6))
                .map(|_| (text(rng), value(rng, depth + 1, wide)))
                .collect(),
        ),
    }
}

fn to_ciborium(value: &Value) -> C {
    match value {
        Value::Null => C::Null,
        Value::Bool(b) => C::Bool(*b),
        Value::Integer(v) => C::Integer(CInteger::try_from(*v).expect("CBOR integer range")),
        Value::Float(v) => C::Float(*v),
        Value::Bytes(b) => C::Bytes(b.clone()),
        Value::Text(s) => C::Text(s.clone()),
        Value::Array(items) => C::Array(items.iter().map(to_ciborium).collect()),
        Value::Map(map) => C::Map(
            map.iter()
                .map(|(k, v)| (C::Text(k.clone()), to_ciborium(v)))
                .collect(),
        ),
        Value::Tag(tag, inner) => C::Tag(*tag, Box::new(to_ciborium(inner))),
    }
}

/// Why a ciborium value has no equivalent in our model.
#[derive(Debug, PartialEq)]
enum Unshared {
    NonTextKey,
}

/// ciborium's value in our model: tags other than 1 removed, map entries folded last-wins.
fn from_ciborium(value: &C) -> Result<Value, Unshared> {
    Ok(match value {
        C::Null => Value::Null,
        C::Bool(b) => Value::Bool(*b),
        C::Integer(v) => Value::Integer(i128::from(*v)),
        C::Float(v) => Value::Float(*v),
        C::Bytes(b) => Value::Bytes(b.clone()),
        C::Text(s) => Value::Text(s.clone()),
        C::Array(items) => Value::Array(items.iter().map(from_ciborium).collect::<Result<_, _>>()?),
        C::Map(entries) => {
            let mut map = Map::new();
            for (k, v) in entries {
                let Value::Text(key) = from_ciborium(k)? else {
                    return Err(Unshared::NonTextKey);
                };
                map.insert(key, from_ciborium(v)?);
            }
            Value::Map(map)
        }
        C::Tag(1, inner) => Value::Tag(1, Box::new(from_ciborium(inner)?)),
        C::Tag(_, inner) => from_ciborium(inner)?,
        other => panic!("ciborium value {other:?} is not in the data model"),
    })
}

/// Equality with floats compared by bits (NaNs by NaN-ness).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Float(x), Value::Float(y)) => {
            (x.is_nan() && y.is_nan()) || x.to_bits() == y.to_bits()
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same(a, b))
        }
        (Value::Map(x), Value::Map(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, a), (kb, b))| ka == kb && same(a, b))
        }
        (Value::Tag(t, x), Value::Tag(u, y)) => t == u && same(x, y),
        _ => a == b,
    }
}

fn ciborium_encode(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    ciborium::ser::into_writer(&to_ciborium(value), &mut out).expect("ciborium encodes");
    out
}

/// ciborium's reading of `bytes` as exactly one item.
fn ciborium_decode(bytes: &[u8]) -> Result<C, String> {
    let mut reader = bytes;
    let value: C = ciborium::de::from_reader(&mut reader).map_err(|e| format!("{e:?}"))?;
    if reader.is_empty() {
        Ok(value)
    } else {
        Err(format!("{} trailing bytes", reader.len()))
    }
}

/// Writes `value` with our writer. Integers must fit `i64` or `u64`; a tag-1 item holds an
/// `i64` integer (floats in tag 1 are checked separately, through `DateTime`).
fn write(w: ValueWriter<'_>, value: &Value) {
    match value {
        Value::Null => w.null(),
        Value::Bool(b) => w.boolean(*b),
        Value::Integer(v) => match (i64::try_from(*v), u64::try_from(*v)) {
            (Ok(v), _) => w.number_i64(v),
            (_, Ok(v)) => w.number_u64(v),
            _ => panic!("{v} is beyond the writer's range"),
        },
        // An f64 that is exactly an f32 goes through `number_f32` half of the time.
        Value::Float(v)
            if f64::from(*v as f32).to_bits() == v.to_bits() && v.to_bits() % 2 == 0 =>
        {
            w.number_f32(*v as f32)
        }
        Value::Float(v) => w.number_f64(*v),
        Value::Bytes(b) => w.blob(&Blob::new(b.clone())),
        Value::Text(s) => w.string(s),
        Value::Array(items) => {
            let mut array = w.start_array();
            for item in items {
                write(array.value(), item);
            }
            array.finish();
        }
        Value::Map(map) => {
            let mut object = w.start_object();
            for (key, item) in map {
                write(object.key(key), item);
            }
            object.finish();
        }
        Value::Tag(1, inner) => match inner.as_ref() {
            // `writable` keeps whole seconds that a double holds exactly.
            Value::Float(secs) => {
                w.timestamp(
                    &DateTime::from_secs(*secs as i64),
                    TimestampFormat::EpochSeconds,
                );
            }
            other => panic!("tag 1 around {other:?}"),
        },
        Value::Tag(..) => panic!("only tag 1 is written"),
    }
}

/// `value` with every tag-1 float replaced by an integer, for the writer.
fn writable(value: Value) -> Value {
    match value {
        // Timestamps are written as doubles: keep whole seconds a double holds exactly.
        Value::Tag(1, inner) => {
            let secs = match *inner {
                // `+ 0.0` turns -0 into 0, which whole seconds write.
                Value::Float(f) if f.is_finite() => f.trunc().clamp(-1e15, 1e15) + 0.0,
                Value::Integer(v) => v.clamp(-1_000_000_000_000_000, 1_000_000_000_000_000) as f64,
                _ => 0.0,
            };
            Value::Tag(1, Box::new(Value::Float(secs)))
        }
        Value::Array(items) => Value::Array(items.into_iter().map(writable).collect()),
        Value::Map(map) => Value::Map(map.into_iter().map(|(k, v)| (k, writable(v))).collect()),
        other => other,
    }
}

fn our_encode(value: &Value) -> Vec<u8> {
    let mut out = Vec::new();
    write(ValueWriter::new(&mut out), value);
    out
}

#[test]
fn ciborium_encodes_we_decode() {
    let mut rng = Rng(0x5eed_cb01);
    for case in 0..cases() {
        let value = value(&mut rng, 0, true);
        let bytes = ciborium_encode(&value);
        let decoded = parse_value(&bytes).unwrap_or_else(|e| panic!("case {case}: {e}"));
        assert!(
            same(&decoded, &value),
            "case {case}: {bytes:02x?}\nours   {decoded:?}\nwanted {value:?}"
        );
    }
}

#[test]
fn we_encode_ciborium_decodes() {
    let mut rng = Rng(0x5eed_cb02);
    for case in 0..cases() {
        let value = writable(value(&mut rng, 0, false));
        let bytes = our_encode(&value);
        let theirs = ciborium_decode(&bytes).unwrap_or_else(|e| panic!("case {case}: {e}"));
        let theirs = from_ciborium(&theirs).expect("text keys");
        assert!(
            same(&theirs, &value),
            "case {case}: {bytes:02x?}\ntheirs {theirs:?}\nwanted {value:?}"
        );
        // And the round trip through our own decoder.
        let ours = parse_value(&bytes).unwrap_or_else(|e| panic!("case {case}: {e}"));
        assert!(same(&ours, &value), "case {case}: {ours:?}");
    }
}

#[test]
fn timestamps_with_fractions_decode_in_ciborium() {
    let mut rng = Rng(0x5eed_cb03);
    for _ in 0..cases() {
        let secs = (rng.next() % 8_000_000_000) as i64 - 4_000_000_000;
        let nanos = (rng.next() % 1_000_000_000) as u32;
        let dt = DateTime::from_secs_and_nanos(secs, nanos);
        let mut out = Vec::new();
        ValueWriter::new(&mut out).timestamp(&dt, TimestampFormat::EpochSeconds);
        let expected = C::Float(dt.as_secs_f64());
        assert_eq!(
            ciborium_decode(&out),
            Ok(C::Tag(1, Box::new(expected))),
            "{dt:?}"
        );
    }
}

const INTERESTING: &[u8] = &[
    0x00, 0x17, 0x18, 0x1b, 0x1c, 0x1f, 0x20, 0x3b, 0x40, 0x5b, 0x5f, 0x60, 0x7b, 0x7f, 0x80, 0x9b,
    0x9f, 0xa0, 0xbb, 0xbf, 0xc1, 0xc2, 0xd8, 0xf4, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfc, 0xff, 0xc3,
    0xed, 0xf0,
];

fn corrupt(rng: &mut Rng, bytes: &mut Vec<u8>) {
    for _ in 0..=rng.below(3) {
        let len = bytes.len();
        let at = if len == 0 { 0 } else { rng.below(len) };
        match rng.below(7) {
            0 if len > 0 => bytes[at] = rng.next() as u8,
            1 if len > 0 => bytes[at] = INTERESTING[rng.below(INTERESTING.len())],
            2 if len > 0 => {
                bytes.remove(at);
            }
            3 => bytes.insert(at, INTERESTING[rng.below(INTERESTING.len())]),
            4 => bytes.insert(at, rng.next() as u8),
            5 if len > 0 => {
                let end = (at + 1 + rng.below(8)).min(len);
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            _ => bytes.truncate(at),
        }
    }
}

/// Has an indefinite-length string a nested indefinite-length chunk? (Checked only to
/// explain a disagreement, so a byte scan for `5f`/`7f` twice in a row suffices.)
fn has_nested_indefinite_chunk(bytes: &[u8]) -> bool {
    bytes
        .windows(2)
        .any(|w| matches!(w, [0x5f, 0x5f] | [0x7f, 0x7f]))
}

fn compare(bytes: &[u8], stats: &mut Stats) -> Result<(), String> {
    let ours = parse_value(bytes);
    let theirs = ciborium_decode(bytes);
    match (&ours, &theirs) {
        (Ok(ours), Ok(theirs)) => {
            stats.both_accept += 1;
            match from_ciborium(theirs) {
                Ok(theirs) if same(ours, &theirs) => Ok(()),
                Ok(theirs) if bytes.iter().any(|b| matches!(b, 0xc2 | 0xc3)) => {
                    let _ = theirs;
                    stats.bignum += 1;
                    Ok(())
                }
                Ok(theirs) => Err(format!("values differ: ours {ours:?}, theirs {theirs:?}")),
                Err(Unshared::NonTextKey) => Err(format!("we accepted a non-text key: {ours:?}")),
            }
        }
        (Err(_), Err(_)) => {
            stats.both_reject += 1;
            Ok(())
        }
        (Err(e), Ok(theirs)) => match from_ciborium(theirs) {
            Err(Unshared::NonTextKey) if e.message().contains("map key must be a text string") => {
                stats.non_text_key += 1;
                Ok(())
            }
            _ if e.message().contains("a chunk of an indefinite-length")
                && has_nested_indefinite_chunk(bytes) =>
            {
                stats.nested_chunk += 1;
                Ok(())
            }
            _ if e.message().contains("must use the one-byte form") => {
                stats.two_byte_simple += 1;
                Ok(())
            }
            _ if bytes.iter().any(|b| matches!(b, 0xc2 | 0xc3)) => {
                stats.bignum += 1;
                Ok(())
            }
            _ => Err(format!("we reject ({e}), ciborium accepts {theirs:?}")),
        },
        (Ok(ours), Err(e)) if bytes.iter().any(|b| matches!(b, 0xc2 | 0xc3)) => {
            let _ = (ours, e);
            stats.bignum += 1;
            Ok(())
        }
        (Ok(ours), Err(e)) => Err(format!("we accept {ours:?}, ciborium rejects: {e}")),
    }
}

#[derive(Debug, Default)]
struct Stats {
    both_accept: usize,
    both_reject: usize,
    non_text_key: usize,
    nested_chunk: usize,
    two_byte_simple: usize,
    bignum: usize,
}

#[test]
fn corrupted_inputs_agree() {
    let mut rng = Rng(0x5eed_cb04);
    let mut stats = Stats::default();
    let mut failures = Vec::new();
    for case in 0..cases() {
        let wide = value(&mut rng, 0, true);
        let narrow = writable(value(&mut rng, 0, false));
        let encodings = [ciborium_encode(&wide), our_encode(&narrow)];
        for encoding in encodings.iter().filter(|e| !e.is_empty()) {
            for _ in 0..5 {
                let mut bytes = encoding.clone();
                corrupt(&mut rng, &mut bytes);
                if let Err(why) = compare(&bytes, &mut stats) {
                    failures.push(format!("case {case}: {bytes:02x?}: {why}"));
                }
            }
        }
    }
    eprintln!("corrupted inputs: {stats:?}");
    assert!(
        failures.is_empty(),
        "{} disagreements ({stats:?}), first: {:#?}",
        failures.len(),
        &failures[..failures.len().min(10)]
    );
    // Corruption must produce both kinds of input, or the test proves little.
    assert!(
        stats.both_accept > cases() && stats.both_reject > cases(),
        "{stats:?}"
    );
}

#[test]
fn known_differences_are_what_the_docs_say() {
    // Non-text key: ciborium accepts.
    let bytes = [0xa1, 0x01, 0x02];
    assert!(ciborium_decode(&bytes).is_ok());
    assert!(parse_value(&bytes).is_err());
    // Nested indefinite chunk: ciborium accepts.
    let bytes = [0x7f, 0x7f, 0x61, b'a', 0xff, 0xff];
    assert!(ciborium_decode(&bytes).is_ok());
    assert!(parse_value(&bytes).is_err());
    // Bignum: ciborium reads an integer, we keep the bytes.
    let bytes = [0xc2, 0x41, 0x05];
    assert_eq!(ciborium_decode(&bytes), Ok(C::Integer(5.into())));
    assert_eq!(parse_value(&bytes), Ok(Value::Bytes(vec![5])));
    // A character split between chunks: both reject.
    let bytes = [0x7f, 0x61, 0xc3, 0x61, 0xbc, 0xff];
    assert!(ciborium_decode(&bytes).is_err());
    assert!(parse_value(&bytes).is_err());
    // Two-byte simple value below 32: ciborium accepts.
    let bytes = [0xf8, 0x15];
    assert_eq!(ciborium_decode(&bytes), Ok(C::Bool(true)));
    assert!(parse_value(&bytes).is_err());
}
