//! Fuzzing the CBOR decoder, the typed readers and the error-metadata reader.
//!
//! Inputs: random bytes (biased towards interesting initial bytes), valid encodings of random
//! values from the writer, and a corpus of hand-written items (RFC 8949 examples, indefinite
//! lengths, tags, half floats, huge length claims, deep nesting), each with up to four
//! mutations. Every input goes through `parse_value`, `parse_body`, `error_code` and
//! `parse_error_metadata`, and every node of a decoded value through every `de::` reader. None
//! may panic, each case must finish in bounded time, errors must carry a byte offset within
//! the input, and a decoded value written back by the writer must decode to itself.
//!
//! Seeded, so a failure reproduces: `FUZZ_SEED` (default fixed) and `FUZZ_CASES` (default
//! 20 000 in debug builds, 200 000 in release). The full run:
//! `FUZZ_CASES=1000000 cargo test --release -p smithy-rt --test fuzz_cbor -- --nocapture`.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use smithy_rt::cbor::{self, de, JsonPath, Value, ValueWriter};
use smithy_rt::primitives::{Blob, DateTime, TimestampFormat};
use smithy_rt::Headers;

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

    fn byte(&mut self) -> u8 {
        if self.below(3) == 0 {
            INTERESTING[self.below(INTERESTING.len())]
        } else {
            self.next() as u8
        }
    }
}

const INTERESTING: &[u8] = &[
    0x00, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x38, 0x3b, 0x3f, 0x40, 0x41,
    0x58, 0x5b, 0x5f, 0x60, 0x61, 0x78, 0x7b, 0x7f, 0x80, 0x81, 0x98, 0x9b, 0x9f, 0xa0, 0xa1, 0xb8,
    0xbb, 0xbf, 0xc0, 0xc1, 0xc2, 0xd8, 0xdb, 0xdf, 0xe0, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
    0xfb, 0xfc, 0xff, 0x7e, 0x7c, 0x80, 0xc3, 0xed, 0xf0, 0xf4,
];

/// Hand-written seeds, as hex.
const CORPUS: &[&str] = &[
    "00",
    "1bffffffffffffffff",
    "3bffffffffffffffff",
    "c249010000000000000000",
    "f93c00",
    "f97bff",
    "f90001",
    "f97c00",
    "f97e00",
    "fa7f7fffff",
    "fb7ff8000000000000",
    "f4f5f6f7",
    "c11a514b67b0",
    "c1fb41d452d9ec200000",
    "c074323031332d30332d32315432303a30343a30305a",
    "d82076687474703a2f2f7777772e6578616d706c652e636f6d",
    "5f42010243030405ff",
    "7f657374726561646d696e67ff",
    "64f0908591",
    "9f018202039f0405ffff",
    "83019f0203ff820405",
    "bf61610161629f0203ffff",
    "a56161614161626142616361436164614461656145",
    "bf6346756ef563416d7421ff",
    "a2665f5f74797065781e736d697468792e6578616d706c65234261644572726f723a687474706d6d657373616765626869",
    "bf675f5f7479706563466f6f676d65737361676562686967446f6375a16178f6ff",
    "5b8000000000000000",
    "9b8000000000000000",
    "bb8000000000000000",
    "7b7fffffffffffffff",
    "9a0001000081818181",
    "d9d9f7a0",
];

fn hex(text: &str) -> Vec<u8> {
    (0..text.len() / 2)
        .map(|i| u8::from_str_radix(&text[2 * i..2 * i + 2], 16).expect("hex"))
        .collect()
}

fn random_value(rng: &mut Rng, depth: usize, w: ValueWriter<'_>) {
    let kinds = if depth > 4 { 9 } else { 11 };
    match rng.below(kinds) {
        0 => w.null(),
        1 => w.boolean(rng.below(2) == 0),
        2 => w.number_i64(rng.next() as i64 >> rng.below(64)),
        3 => w.number_u64(rng.next() >> rng.below(64)),
        4 => w.number_f64(f64::from_bits(rng.next())),
        5 => w.number_f32(f32::from_bits(rng.next() as u32)),
        6 => w.string(["", "a", "__type", "message", "é水😀", "x y"][rng.below(6)]),
        7 => w.blob(&Blob::new(
            (0..rng.below(8))
                .map(|_| rng.next() as u8)
                .collect::<Vec<_>>(),
        )),
        8 => w.timestamp(
            &DateTime::from_secs_and_nanos(rng.next() as i64 >> 20, rng.below(2) as u32 * 5),
            TimestampFormat::EpochSeconds,
        ),
        9 => {
            let mut array = w.start_array();
            for _ in 0..rng.below(4) {
                random_value(rng, depth + 1, array.value());
            }
            array.finish();
        }
        _ => {
            let mut object = w.start_object();
            for _ in 0..rng.below(4) {
                let key = ["a", "b", "__type", "message", "Message", ""][rng.below(6)];
                random_value(rng, depth + 1, object.key(key));
            }
            object.finish();
        }
    }
}

fn mutate(rng: &mut Rng, bytes: &mut Vec<u8>) {
    for _ in 0..rng.below(5) {
        let len = bytes.len();
        let at = if len == 0 { 0 } else { rng.below(len) };
        match rng.below(7) {
            0 if len > 0 => bytes[at] = rng.byte(),
            1 if len > 0 => {
                bytes.remove(at);
            }
            2 => {
                let b = rng.byte();
                bytes.insert(at, b);
            }
            3 if len > 0 => {
                let end = (at + 1 + rng.below(16)).min(len);
                let copy = bytes[at..end].to_vec();
                bytes.splice(at..at, copy);
            }
            4 if len > 0 => bytes[at] ^= 1 << rng.below(8),
            5 => bytes.truncate(at),
            _ => {
                let b = rng.byte();
                bytes.push(b);
            }
        }
    }
}

fn input(rng: &mut Rng) -> Vec<u8> {
    let mut bytes = match rng.below(8) {
        0 | 1 => (0..rng.below(48)).map(|_| rng.byte()).collect(),
        2..=4 => {
            let mut out = Vec::new();
            random_value(rng, 0, ValueWriter::new(&mut out));
            out
        }
        5 | 6 => hex(CORPUS[rng.below(CORPUS.len())]),
        _ => {
            // Nesting around the limit, then a random tail.
            let unit: &[u8] = [
                &[0x81_u8][..],
                &[0x9f],
                &[0xa1, 0x61, 0x61],
                &[0xbf, 0x60],
                &[0xc1],
                &[0xd8, 0x20],
            ][rng.below(6)];
            let mut out = unit.repeat(120 + rng.below(20));
            out.extend((0..rng.below(8)).map(|_| rng.byte()));
            out
        }
    };
    mutate(rng, &mut bytes);
    bytes
}

/// Every reader on `value`; they may fail, but only with an error at `path`.
fn read_all(value: &Value, path: &JsonPath<'_>) {
    let at = path.to_string();
    let check = |e: cbor::DeserializeError| {
        assert_eq!(e.path(), at);
        assert!(!e.message().is_empty());
    };
    macro_rules! each {
        ($($r:expr),* $(,)?) => {
            $( if let Err(e) = $r { check(e) } )*
        };
    }
    each!(
        de::object(value, path).map(|_| ()),
        de::array(value, path).map(|_| ()),
        de::string(value, path).map(|_| ()),
        de::boolean(value, path).map(|_| ()),
        de::i8(value, path).map(|_| ()),
        de::i16(value, path).map(|_| ()),
        de::i32(value, path).map(|_| ()),
        de::i64(value, path).map(|_| ()),
        de::f32(value, path).map(|_| ()),
        de::f64(value, path).map(|_| ()),
        de::timestamp(value, path, TimestampFormat::EpochSeconds).map(|_| ()),
        de::timestamp(value, path, TimestampFormat::DateTime).map(|_| ()),
        de::timestamp(value, path, TimestampFormat::HttpDate).map(|_| ()),
        de::blob(value, path).map(|_| ()),
        de::document(value, path).map(|_| ()),
    );
    if let Ok(Some(map)) = de::object(value, path) {
        for (key, item) in map {
            read_all(item, &path.key(key));
        }
    }
    if let Ok(Some(items)) = de::array(value, path) {
        for (i, item) in items.iter().enumerate() {
            read_all(item, &path.index(i));
        }
    }
    if let Value::Tag(_, inner) = value {
        read_all(inner, path);
    }
}

/// Writes `value` back; `false` when the writer cannot express it (integers below
/// `i64::MIN`, tags other than tag 1 around an `i64`).
fn write_back(value: &Value, w: ValueWriter<'_>) -> bool {
    match value {
        Value::Null => w.null(),
        Value::Bool(b) => w.boolean(*b),
        Value::Integer(v) => match (i64::try_from(*v), u64::try_from(*v)) {
            (Ok(v), _) => w.number_i64(v),
            (_, Ok(v)) => w.number_u64(v),
            _ => {
                w.null();
                return false;
            }
        },
        Value::Float(v) => w.number_f64(*v),
        Value::Bytes(b) => w.blob(&Blob::new(b.clone())),
        Value::Text(s) => w.string(s),
        Value::Array(items) => {
            let mut array = w.start_array();
            let mut ok = true;
            for item in items {
                ok &= write_back(item, array.value());
            }
            array.finish();
            return ok;
        }
        Value::Map(map) => {
            let mut object = w.start_object();
            let mut ok = true;
            for (key, item) in map {
                ok &= write_back(item, object.key(key));
            }
            object.finish();
            return ok;
        }
        Value::Tag(1, inner) => match inner.as_i64() {
            Some(secs) => w.timestamp(&DateTime::from_secs(secs), TimestampFormat::EpochSeconds),
            None => {
                w.null();
                return false;
            }
        },
        Value::Tag(..) => {
            w.null();
            return false;
        }
    }
    true
}

/// Equality with NaNs equal to each other.
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
        // Timestamps are written back as doubles: the same instant, integer or not.
        (Value::Tag(1, x), Value::Tag(1, y)) => match (x.as_ref(), y.as_ref()) {
            (Value::Integer(i), Value::Float(f)) | (Value::Float(f), Value::Integer(i)) => {
                *i as f64 == *f
            }
            _ => same(x, y),
        },
        (Value::Tag(t, x), Value::Tag(u, y)) => t == u && same(x, y),
        _ => a == b,
    }
}

fn run_case(bytes: &[u8], headers: &Headers) -> bool {
    let parsed = cbor::parse_value(bytes);
    let body = cbor::parse_body(bytes);
    match &parsed {
        Ok(value) => {
            read_all(value, &JsonPath::root());
            let mut out = Vec::new();
            if write_back(value, ValueWriter::new(&mut out)) {
                let again = cbor::parse_value(&out).expect("written values decode");
                assert!(
                    same(&again, value),
                    "write-back changed {value:?} to {again:?}"
                );
            }
            assert_eq!(body.is_ok(), value.is_map());
        }
        Err(e) => {
            // A decode error carries an offset within the input.
            let message = e.message();
            let offset: usize = message
                .strip_prefix("invalid CBOR at byte ")
                .and_then(|rest| rest.split(':').next())
                .and_then(|n| n.parse().ok())
                .unwrap_or_else(|| panic!("no offset in {e}"));
            assert!(offset <= bytes.len(), "{e}");
            assert!(bytes.is_empty() || body.is_err());
        }
    }
    let code = cbor::error_code(headers, bytes);
    let meta = cbor::parse_error_metadata(headers, bytes).build();
    assert_eq!(meta.code(), code.as_deref());
    assert_eq!(meta.request_id(), Some("fuzz"));
    parsed.is_ok()
}

#[test]
fn fuzz_decoder_and_readers() {
    let default_cases = if cfg!(debug_assertions) {
        20_000
    } else {
        200_000
    };
    let cases: usize = std::env::var("FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default_cases);
    let seed: u64 = std::env::var("FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x00cb_0f22);
    let headers: Headers = [("x-amzn-requestid", "fuzz")].into_iter().collect();
    // A case is microseconds; a whole second means something is quadratic or worse.
    let limit = Duration::from_secs(1);

    let started = Instant::now();
    let mut accepted = 0usize;
    let mut slowest = Duration::ZERO;
    let mut rng = Rng(seed);
    for case in 0..cases {
        let bytes = input(&mut rng);
        let t = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| run_case(&bytes, &headers)));
        let elapsed = t.elapsed();
        match result {
            Ok(ok) => accepted += usize::from(ok),
            Err(_) => panic!("seed {seed} case {case} panicked on {bytes:02x?}"),
        }
        assert!(
            elapsed < limit,
            "seed {seed} case {case} took {elapsed:?} on {bytes:02x?}"
        );
        slowest = slowest.max(elapsed);
    }
    eprintln!(
        "fuzz_cbor: {cases} cases (seed {seed}) in {:?}: {accepted} decoded, slowest case {slowest:?}",
        started.elapsed()
    );
    assert!(
        accepted > cases / 20 && accepted < cases,
        "{accepted} of {cases} decoded"
    );
}

#[test]
fn large_hostile_inputs_are_bounded() {
    let headers = Headers::new();
    let started = Instant::now();
    for unit in [
        &[0x81_u8][..],
        &[0x9f],
        &[0xa1, 0x61, 0x61],
        &[0xbf, 0x60],
        &[0xc1],
    ] {
        let deep = unit.repeat(100_000);
        assert!(cbor::parse_body(&deep).is_err());
        assert_eq!(cbor::error_code(&headers, &deep), None);
    }
    // A million skipped tags, then a map.
    let mut tags = [0xd8, 0x20].repeat(1_000_000);
    tags.push(0xa0);
    assert!(cbor::parse_body(&tags).is_ok());
    // Length claims far beyond the input, at every width.
    for claim in [
        "5b8000000000000000",
        "7bffffffffffffffff",
        "9b8000000000000000",
        "bbffffffffffffffff",
        "5a7fffffff",
        "9affffffff",
    ] {
        let e = cbor::parse_value(&hex(claim)).expect_err("claim");
        assert!(e.message().contains("claims"), "{e}");
    }
    // A megabyte of one-byte elements in an indefinite array.
    let mut wide = vec![0x9f];
    wide.resize(1 << 20, 0x00);
    wide.push(0xff);
    assert_eq!(
        cbor::parse_value(&wide).map(|v| v.as_array().map(Vec::len)),
        Ok(Some((1 << 20) - 1))
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}
