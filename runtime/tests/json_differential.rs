//! The runtime's JSON parser against `serde_json` on generated and corrupted documents.
//!
//! Every input is parsed by both. They must agree on whether it is JSON, and when it is, on the
//! value (numbers compared as integers when both are, else as `f64` within one part in 10^15,
//! since serde_json's default float parsing may be one ulp off). Inputs: random documents
//! (all value kinds, escapes, unicode, big and small numbers), then each with one corruption
//! (a byte changed, removed, inserted or duplicated, or the text cut short). The run is
//! seeded, so a failure reproduces; `JSON_DIFF_CASES` sets the count (default 20 000).

use smithy_rt::json::{parse_value, Number, Value};

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

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

fn document(rng: &mut Rng, depth: usize, out: &mut String) {
    let kind = if depth > 6 {
        rng.below(4)
    } else {
        rng.below(6)
    };
    match kind {
        0 => out.push_str(rng.pick(&["null", "true", "false"])),
        1 => number(rng, out),
        2 | 3 => string(rng, out),
        4 => {
            out.push('[');
            for i in 0..rng.below(5) {
                if i > 0 {
                    out.push_str(rng.pick(&[",", ", ", " ,\n"]));
                }
                document(rng, depth + 1, out);
            }
            out.push(']');
        }
        _ => {
            out.push('{');
            for i in 0..rng.below(5) {
                if i > 0 {
                    out.push(',');
                }
                string(rng, out);
                out.push_str(rng.pick(&[":", " : ", ":\t"]));
                document(rng, depth + 1, out);
            }
            out.push('}');
        }
    }
}

fn number(rng: &mut Rng, out: &mut String) {
    let text = match rng.below(8) {
        0 => rng
            .pick(&[
                "0", "-0", "1", "-1", "0.0", "1e0", "1E+2", "2e-3", "-0.5e-1",
            ])
            .to_owned(),
        1 => rng
            .pick(&[
                "9223372036854775807",
                "-9223372036854775808",
                "-9223372036854775809",
                "18446744073709551615",
                "18446744073709551616",
                "123456789012345678901234567890",
                "1e308",
                "1.7976931348623157e308",
                "5e-324",
                "1e-400",
                "1e400",
                "-1e400",
            ])
            .to_owned(),
        2 => format!("{}", rng.next() as i64),
        3 => format!("{}", rng.next()),
        4 => format!("{:?}", f64::from_bits(rng.next())),
        5 => format!("{}.{}", rng.below(1000), rng.below(1_000_000)),
        6 => format!("{}e{}", rng.below(100), rng.below(700) as i64 - 350),
        _ => format!(
            "-{}.{:03}E-{}",
            rng.below(10),
            rng.below(1000),
            rng.below(30)
        ),
    };
    out.push_str(&text);
}

fn string(rng: &mut Rng, out: &mut String) {
    out.push('"');
    for _ in 0..rng.below(8) {
        out.push_str(rng.pick(&[
            "a",
            "key",
            " ",
            "é",
            "日本",
            "😀",
            "\\\"",
            "\\\\",
            "\\/",
            "\\b",
            "\\f",
            "\\n",
            "\\r",
            "\\t",
            "\\u0041",
            "\\u00e9",
            "\\ud83d\\ude00",
            "\\u0000",
            "\\u001f",
            "\\uDBFF\\uDFFF",
        ]));
    }
    out.push('"');
}

fn corrupt(rng: &mut Rng, text: &mut Vec<u8>) {
    if text.is_empty() {
        return;
    }
    let at = rng.below(text.len());
    const BYTES: &[u8] = b"{}[],:\"\\ -+.eE0123456789tfnu\x00\x1f\x7f\xc3\xa9\xff\xed\xa0\x80";
    match rng.below(5) {
        0 => text[at] = BYTES[rng.below(BYTES.len())],
        1 => {
            text.remove(at);
        }
        2 => text.insert(at, BYTES[rng.below(BYTES.len())]),
        3 => {
            let byte = text[at];
            text.insert(at, byte);
        }
        _ => text.truncate(at),
    }
}

fn same(ours: &Value, theirs: &serde_json::Value) -> bool {
    match (ours, theirs) {
        (Value::Null, serde_json::Value::Null) => true,
        (Value::Bool(a), serde_json::Value::Bool(b)) => a == b,
        (Value::String(a), serde_json::Value::String(b)) => a == b,
        (Value::Number(a), serde_json::Value::Number(b)) => match (a, b.as_u64(), b.as_i64()) {
            (Number::PosInt(a), Some(b), _) => *a == b,
            (Number::NegInt(a), _, Some(b)) => *a == b,
            (a, _, _) => {
                let (a, b) = (a.to_f64_lossy(), b.as_f64().unwrap_or(f64::NAN));
                a == b || ((a - b) / b).abs() < 1e-15
            }
        },
        (Value::Array(a), serde_json::Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| same(a, b))
        }
        (Value::Object(a), serde_json::Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.get(k).is_some_and(|w| same(v, w)))
        }
        _ => false,
    }
}

fn check(text: &[u8], findings: &mut Vec<String>) {
    let ours = parse_value(text);
    let theirs = serde_json::from_slice::<serde_json::Value>(text);
    let verdict = match (&ours, &theirs) {
        (Ok(a), Ok(b)) if same(a, b) => return,
        (Ok(a), Ok(b)) => format!("values differ: ours {a}, serde_json {b}"),
        (Err(_), Err(_)) => return,
        (Ok(a), Err(e)) => format!("only ours accepts it ({a}); serde_json: {e}"),
        (Err(e), Ok(_)) => format!("only serde_json accepts it; ours: {e}"),
    };
    findings.push(format!("{:?}: {verdict}", String::from_utf8_lossy(text)));
}

#[test]
fn agrees_with_serde_json() {
    let cases: usize = std::env::var("JSON_DIFF_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let mut rng = Rng(0x005e_ed0f_1503);
    let mut findings = Vec::new();
    let (mut valid, mut invalid) = (0, 0);
    for _ in 0..cases {
        let mut text = String::new();
        document(&mut rng, 0, &mut text);
        check(text.as_bytes(), &mut findings);
        let mut bytes = text.into_bytes();
        corrupt(&mut rng, &mut bytes);
        if parse_value(&bytes).is_ok() {
            valid += 1;
        } else {
            invalid += 1;
        }
        check(&bytes, &mut findings);
    }
    println!("json differential: {cases} documents, corrupted: {valid} still valid, {invalid} invalid; {} findings", findings.len());
    assert!(
        findings.is_empty(),
        "{} disagreements, first ones:\n{}",
        findings.len(),
        findings[..findings.len().min(10)].join("\n")
    );
}

#[test]
fn agrees_on_nesting_up_to_the_limit() {
    // serde_json stops at 128 levels, ours after 128 (`MAX_DEPTH`): the one depth where they
    // differ is left out.
    let mut findings = Vec::new();
    for depth in [1, 64, 127, 129, 200] {
        check(
            format!("{}{}", "[".repeat(depth), "]".repeat(depth)).as_bytes(),
            &mut findings,
        );
        check(
            format!("{}1{}", "{\"k\":".repeat(depth), "}".repeat(depth)).as_bytes(),
            &mut findings,
        );
    }
    assert!(findings.is_empty(), "{findings:#?}");
}
