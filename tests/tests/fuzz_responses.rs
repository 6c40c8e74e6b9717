//! Fuzzing the response path of the generated client: UpdateInfrastructureConfiguration answered
//! by the in-memory connector with hostile responses.
//!
//! Each case builds one response: a status anywhere in `0..=65535` (mostly around the real
//! ones), a header set (request ids, content types, `Date` and `Age` for clock skew,
//! `x-amzn-errortype` that agrees or conflicts with the body's `code` and `__type`, or is
//! garbage), and a body: random bytes, invalid UTF-8,
//! random JSON, the output or a modeled error with every member given a value of the wrong type
//! or a string of megabytes, or JSON nested 10 000 levels deep. The client sends the request
//! and reads the response.
//!
//! What must hold: no panic; the call returns within [`LIMIT`]; the result is `Ok` only for a
//! 2xx status, a `ServiceError` only for a non-2xx status, a `ResponseError` only for a 2xx
//! status whose body does not fit the output, and never a construction, dispatch or timeout
//! failure (a response was there); `Display`, `Debug`, `code()`, `message()` and
//! `request_id()` of whatever came back work.
//!
//! Default: 2 000 cases in release builds, 500 in debug builds; `FUZZ_CASES=100000 cargo test
//! --release -p integration-tests --test fuzz_responses` for a long run (see `fuzz/mod.rs`).

mod fuzz;

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use imagebuilder::error::{ProvideErrorMetadata, SdkError};
use imagebuilder::operation::update_infrastructure_configuration::UpdateInfrastructureConfigurationError as OpError;
use imagebuilder::operation::RequestId;
use integration_tests::{imagebuilder_client, ARN, ERRORS};
use serde_json::{json, Map, Value};
use smithy_rt::http::HttpResponse;
use smithy_rt::test_util::block_on;

use fuzz::{Case, Rng};

const LIMIT: Duration = Duration::from_secs(5);

/// Outcomes seen: `Ok`, `ServiceError` with a modeled error, `ServiceError` unhandled,
/// `ResponseError` (printed with the case count, to show the cases reach every path).
static OUTCOMES: [AtomicU64; 4] = [const { AtomicU64::new(0) }; 4];

fn count(outcome: usize) {
    OUTCOMES[outcome].fetch_add(1, Ordering::Relaxed);
}

const OUTPUT_MEMBERS: &[&str] = &["requestId", "clientToken", "infrastructureConfigurationArn"];

fn status(rng: &mut Rng) -> u16 {
    match rng.below(10) {
        0..=3 => 200,
        4 => *rng.pick(&[201, 202, 204, 206, 299]),
        5 => *rng.pick(&[400, 403, 404, 409, 429]),
        6 => *rng.pick(&[500, 502, 503, 504]),
        7 => *rng.pick(&[0, 1, 100, 199, 300, 301, 304, 399, 600, 999]),
        _ => rng.next_u64() as u16,
    }
}

/// An error code as a header or body field would carry it: right, wrong, decorated, or junk.
fn error_code(rng: &mut Rng) -> String {
    let name = rng.pick(ERRORS).0;
    match rng.below(8) {
        0 | 1 => name.to_string(),
        2 => format!("com.amazonaws.imagebuilder#{name}"),
        3 => format!("{name}:http://internal.amazon.com/coral/com.amazon.coral.validate/"),
        4 => format!("  {name}  "),
        5 => rng
            .pick(&[
                "",
                ":",
                "#",
                "##",
                "Unknown",
                "clientexception",
                "ClientException\0",
                "é",
            ])
            .to_string(),
        6 => {
            let n = rng.range(1, 40);
            String::from_utf8_lossy(&rng.bytes(n)).into_owned()
        }
        _ => "x".repeat(rng.range(1, 100_000)),
    }
}

fn random_string(rng: &mut Rng) -> String {
    match rng.below(6) {
        0 => String::new(),
        1 => "\u{0}\u{1f}\"\\\u{7f}\u{2028}𝄞é".into(),
        2 => {
            let n = rng.range(1, 64);
            String::from_utf8_lossy(&rng.bytes(n)).into_owned()
        }
        3 => "a".repeat(rng.range(1, 1000)),
        _ => format!("value-{}", rng.next_u64()),
    }
}

fn random_json(rng: &mut Rng, depth: usize) -> Value {
    let leaf = depth > 4 || rng.chance(1, 3);
    match rng.below(if leaf { 5 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(1, 2)),
        2 => json!(*rng.pick(&[0.0, -1.0, 1e308, -1e-308, 3.5, 9007199254740993.0])),
        3 => json!(rng.next_u64()),
        4 => json!(random_string(rng)),
        5 => Value::Array(
            (0..rng.below(4))
                .map(|_| random_json(rng, depth + 1))
                .collect(),
        ),
        _ => {
            let mut m = Map::new();
            for _ in 0..rng.below(5) {
                let key = if rng.chance(1, 2) {
                    rng.pick(&[
                        "message",
                        "Message",
                        "code",
                        "__type",
                        "requestId",
                        "clientToken",
                        "infrastructureConfigurationArn",
                        "errorMessage",
                    ])
                    .to_string()
                } else {
                    random_string(rng)
                };
                m.insert(key, random_json(rng, depth + 1));
            }
            Value::Object(m)
        }
    }
}

/// A value of a type other than string for a string member (or a string, sometimes).
fn wrong_value(rng: &mut Rng) -> Value {
    match rng.below(8) {
        0 => json!(42),
        1 => json!(-1.5e300),
        2 => json!(true),
        3 => json!(null),
        4 => json!(["a", 1]),
        5 => json!({"nested": {"deeper": []}}),
        6 => json!("x".repeat(rng.range(1_000_000, 4_000_000))),
        _ => json!(random_string(rng)),
    }
}

/// A body shaped like the output or an error, with wrong member types.
fn shaped_body(rng: &mut Rng) -> Value {
    let mut m = Map::new();
    let members: &[&str] = if rng.chance(1, 2) {
        OUTPUT_MEMBERS
    } else {
        &["message", "Message", "errorMessage"]
    };
    for name in members {
        if rng.chance(2, 3) {
            let v = if rng.chance(1, 2) {
                wrong_value(rng)
            } else {
                json!(random_string(rng))
            };
            m.insert(name.to_string(), v);
        }
    }
    if rng.chance(1, 2) {
        m.insert("code".into(), json!(error_code(rng)));
    }
    if rng.chance(1, 2) {
        m.insert("__type".into(), json!(error_code(rng)));
    }
    if rng.chance(1, 4) {
        m.insert("code".into(), wrong_value(rng));
    }
    Value::Object(m)
}

fn body(rng: &mut Rng) -> (Vec<u8>, String) {
    match rng.below(10) {
        0 => {
            let n = rng.range(0, 4096);
            (rng.bytes(n), format!("{n} random bytes"))
        }
        1 => {
            // Valid JSON structure with invalid UTF-8 inside a string.
            let mut b = br#"{"infrastructureConfigurationArn":""#.to_vec();
            let n = rng.range(1, 16);
            b.extend(rng.bytes(n).into_iter().map(|x| x | 0x80));
            b.extend_from_slice(br#"","message":"m"}"#);
            (b, "invalid UTF-8 in a string".into())
        }
        2 | 3 => {
            let v = random_json(rng, 0);
            (v.to_string().into_bytes(), "random JSON".into())
        }
        4..=6 => {
            let v = shaped_body(rng);
            let text = v.to_string();
            let shown = if text.len() > 200 {
                format!("shaped JSON of {} bytes", text.len())
            } else {
                format!("shaped JSON {text}")
            };
            (text.into_bytes(), shown)
        }
        7 => {
            let depth = rng.range(100, 10_000);
            let (open, close) = if rng.chance(1, 2) {
                ("[", "]")
            } else {
                ("{\"a\":", "}")
            };
            let nested = format!("{}1{}", open.repeat(depth), close.repeat(depth));
            let b = if rng.chance(1, 2) {
                nested
            } else {
                format!(r#"{{"infrastructureConfigurationArn":"a","message":{nested}}}"#)
            };
            (b.into_bytes(), format!("JSON nested {depth} deep"))
        }
        8 => {
            let text = shaped_body(rng).to_string();
            let cut = rng.below(text.len() + 1);
            (
                text.as_bytes()[..cut].to_vec(),
                format!("JSON truncated at {cut}"),
            )
        }
        _ => {
            let v = rng.pick(&[
                "", " ", "\n\t", "null", "[]", "{}", "\"s\"", "0", "{}{}", "{} x",
            ]);
            (v.as_bytes().to_vec(), format!("body {v:?}"))
        }
    }
}

fn response(rng: &mut Rng) -> (HttpResponse, String) {
    let status = status(rng);
    let (body, body_desc) = body(rng);
    let mut response = HttpResponse::new(status, body);
    let mut headers = Vec::new();
    for _ in 0..rng.below(6) {
        let (name, value) = match rng.below(10) {
            8 => (
                "date".to_string(),
                rng.pick(&[
                    "Thu, 01 Jan 2026 00:05:01 GMT",
                    "Mon, 01 Jan 1900 00:00:00 GMT",
                    "Fri, 31 Dec 9999 23:59:59 GMT",
                    "Thu, 01 Jan 1970 00:00:00 GMT",
                    "not a date",
                    "",
                ])
                .to_string(),
            ),
            9 => ("age".to_string(), random_string(rng)),
            0 => ("x-amzn-errortype".to_string(), error_code(rng)),
            1 => ("X-Amzn-ErrorType".to_string(), error_code(rng)),
            2 => ("x-amzn-requestid".to_string(), random_string(rng)),
            3 => ("x-amz-request-id".to_string(), random_string(rng)),
            4 => (
                "content-type".to_string(),
                rng.pick(&[
                    "application/json",
                    "text/html",
                    "",
                    "application/x-amz-json-1.1",
                ])
                .to_string(),
            ),
            5 => (
                "content-length".to_string(),
                rng.pick(&["0", "-1", "99999999999999999999", "abc"])
                    .to_string(),
            ),
            6 => (random_string(rng), random_string(rng)),
            _ => ("retry-after".to_string(), random_string(rng)),
        };
        headers.push(format!("{name}: {}", short(&value)));
        response = response.with_header(name, value);
    }
    let desc = format!(
        "status {status}, headers [{}], {body_desc}",
        headers.join("; ")
    );
    (response, desc)
}

fn short(s: &str) -> String {
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}… ({} bytes)", &s[..i], s.len()),
        None => format!("{s:?}"),
    }
}

fn run_case(case: &Case) -> Result<(), String> {
    let mut rng = Rng::new(case.seed);
    let (response, desc) = response(&mut rng);
    let status = response.status;
    let success = (200..300).contains(&status);
    case.describe(desc);
    let (client, _connector) = imagebuilder_client(vec![response]);
    let result = block_on(
        client
            .update_infrastructure_configuration()
            .infrastructure_configuration_arn(ARN)
            .instance_profile_name("role")
            .send(),
    );
    match result {
        Ok(out) => {
            if !success {
                return Err(format!("Ok for status {status}"));
            }
            let _ = format!("{out:?}");
            let _ = (out.request_id(), out.infrastructure_configuration_arn());
            count(0);
            Ok(())
        }
        Err(err) => {
            // Everything a caller might print or ask must work.
            let _ = format!(
                "{err} {err:?} {}",
                smithy_rt::error::DisplayErrorContext(&err)
            );
            match &err {
                SdkError::ServiceError(_) if success => {
                    return Err(format!("ServiceError for status {status}"));
                }
                SdkError::ResponseError(_) if !success => {
                    return Err(format!("ResponseError for status {status}"));
                }
                SdkError::ServiceError(_) | SdkError::ResponseError(_) => {}
                other => return Err(format!("a response arrived, but got {other:?}")),
            }
            if let Some(service) = err.as_service_error() {
                let _ = (
                    service.code(),
                    service.message(),
                    service.request_id(),
                    service.meta(),
                );
                let _ = format!("{service} {service:?}");
            }
            let response_error = matches!(err, SdkError::ResponseError(_));
            let service: OpError = err.into_service_error();
            let _ = format!("{service}");
            #[allow(deprecated)]
            let unhandled = matches!(service, OpError::Unhandled(_));
            count(match (response_error, unhandled) {
                (true, _) => 3,
                (false, true) => 2,
                (false, false) => 1,
            });
            Ok(())
        }
    }
}

#[test]
fn hostile_responses_give_ok_or_a_typed_error() {
    let cases = fuzz::case_count(2_000, 500);
    let report = fuzz::run("fuzz_responses", cases, LIMIT, run_case);
    let seen: Vec<u64> = OUTCOMES.iter().map(|c| c.load(Ordering::Relaxed)).collect();
    eprintln!(
        "fuzz_responses outcomes: {} Ok, {} modeled service errors, {} unhandled service errors, \
         {} response errors",
        seen[0], seen[1], seen[2], seen[3]
    );
    report.assert_clean();
}

/// The error code sources disagree: the header wins, then `code`, then `__type`; a code that
/// names a modeled error with a body of the wrong shape is still that error's code.
#[test]
fn conflicting_error_codes_resolve_in_a_fixed_order() {
    let cases = [
        (
            Some("ResourceInUseException"),
            r#"{"code":"ClientException","__type":"ServiceException","message":"m"}"#,
            "ResourceInUseException",
        ),
        (
            None,
            r#"{"code":"ClientException","__type":"ServiceException"}"#,
            "ClientException",
        ),
        (
            None,
            r#"{"__type":"com.amazonaws.imagebuilder#ServiceException:http://x"}"#,
            "ServiceException",
        ),
        (Some(""), r#"{"code":"ClientException"}"#, "ClientException"),
    ];
    for (header, body, code) in cases {
        let mut response = HttpResponse::new(400, body.as_bytes().to_vec());
        if let Some(h) = header {
            response = response.with_header("x-amzn-errortype", h);
        }
        let (client, _) = imagebuilder_client(vec![response]);
        let err = block_on(
            client
                .update_infrastructure_configuration()
                .infrastructure_configuration_arn("arn")
                .instance_profile_name("role")
                .send(),
        )
        .expect_err("400");
        let service = err.into_service_error();
        assert_eq!(service.code(), Some(code), "{header:?} {body}");
    }
    // A modeled code with a message of the wrong type: the error is unhandled, keeping the code.
    let response = HttpResponse::new(409, br#"{"message":42}"#.to_vec())
        .with_header("x-amzn-errortype", "ResourceInUseException");
    let (client, _) = imagebuilder_client(vec![response]);
    let err = block_on(
        client
            .update_infrastructure_configuration()
            .infrastructure_configuration_arn("arn")
            .instance_profile_name("role")
            .send(),
    )
    .expect_err("409");
    let service = err.into_service_error();
    assert_eq!(service.code(), Some("ResourceInUseException"));
    assert!(
        !service.is_resource_in_use_exception(),
        "a body that does not fit is not reported as the modeled error: {service:?}"
    );
}
