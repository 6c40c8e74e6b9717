//! The `fixture-rpcv2-cbor` client (an rpcv2Cbor, awsQueryCompatible service) through the
//! runtime's whole call path, against canned CBOR responses: the request on the wire (route,
//! headers, the CBOR body decoded here), a request without a body for `smithy.api#Unit`
//! input, CBOR outputs with nested lists, timestamps and defaults, paginators, typed errors by
//! `__type` and by the awsQuery code, throttling retried, and responses that are not rpcv2Cbor
//! refused with a clear error.

use fixture_rpcv2_cbor::config::{Region, RetryConfig};
use fixture_rpcv2_cbor::error::{ProvideErrorMetadata, SdkError};
use fixture_rpcv2_cbor::operation::put_samples::PutSamplesError;
use fixture_rpcv2_cbor::primitives::{Blob, DateTime};
use fixture_rpcv2_cbor::types::{Sample, Unit};
use fixture_rpcv2_cbor::{Client, Config};
use smithy_rt::cbor::{self, ObjectWriter, Value};
use smithy_rt::http::{HttpRequest, HttpResponse};
use smithy_rt::primitives::TimestampFormat;
use smithy_rt::test_util::{block_on, CaptureConnector, InstantSleep};

fn telemetry(responses: Vec<HttpResponse>, retry: RetryConfig) -> (Client, CaptureConnector) {
    let conn = CaptureConnector::new(responses);
    let conf = Config::builder()
        .http_client(conn.clone())
        .endpoint_url("http://localhost")
        .region(Region::new("us-east-1"))
        .retry_config(retry)
        .sleep_impl(InstantSleep::new())
        .build();
    (Client::from_conf(conf), conn)
}

/// An rpcv2Cbor response: the `smithy-protocol` header and a CBOR map written by `fill`.
fn cbor_response(status: u16, fill: impl FnOnce(&mut ObjectWriter<'_>)) -> HttpResponse {
    let mut body = Vec::new();
    let mut object = ObjectWriter::new(&mut body);
    fill(&mut object);
    object.finish();
    HttpResponse::new(status, body)
        .with_header("smithy-protocol", "rpc-v2-cbor")
        .with_header("content-type", "application/cbor")
        .with_header("x-amzn-requestid", "req-1")
}

fn error_response(code: &str, message: &str) -> HttpResponse {
    cbor_response(400, |o| {
        o.key("__type").string(code);
        o.key("message").string(message);
    })
}

fn body(request: &HttpRequest) -> Value {
    cbor::parse_value(&request.body).expect("the request body is CBOR")
}

fn sample(secs: i64, value: f64) -> Sample {
    Sample::builder()
        .at(DateTime::from_secs(secs))
        .value(value)
        .build()
        .expect("required members set")
}

#[test]
fn a_request_is_a_cbor_map_posted_to_the_operation_route() {
    let (client, conn) = telemetry(
        vec![cbor_response(200, |o| {
            o.key("accepted").number_i64(2);
            o.key("storedAt").timestamp(
                &DateTime::from_secs_and_nanos(1_700_000_000, 500_000_000),
                TimestampFormat::EpochSeconds,
            );
            let mut rejected = o.key("rejected").start_array();
            let mut s = rejected.value().start_object();
            s.key("at")
                .timestamp(&DateTime::from_secs(10), TimestampFormat::EpochSeconds);
            s.key("value").number_f64(-1.5);
            s.key("unknownMember").boolean(true);
            s.finish();
            rejected.finish();
        })],
        RetryConfig::disabled(),
    );
    let output = block_on(
        client
            .put_samples()
            .series("cpu")
            .samples(sample(1, 0.25))
            .samples(sample(2, f64::INFINITY))
            .labels("host", "a")
            .attachment(Blob::new(b"\x00\xff".to_vec()))
            .unit(Unit::Seconds)
            .send(),
    )
    .unwrap();
    assert_eq!(output.accepted(), 2);
    assert_eq!(
        output.stored_at(),
        Some(&DateTime::from_secs_and_nanos(1_700_000_000, 500_000_000))
    );
    assert_eq!(output.rejected(), [sample(10, -1.5)]);

    let request = conn.last_request().unwrap();
    assert_eq!(request.method, "POST");
    assert_eq!(
        request.uri,
        "http://localhost/service/Telemetry/operation/PutSamples"
    );
    assert_eq!(request.headers.get("smithy-protocol"), Some("rpc-v2-cbor"));
    assert_eq!(
        request.headers.get("content-type"),
        Some("application/cbor")
    );
    assert_eq!(request.headers.get("accept"), Some("application/cbor"));
    assert_eq!(request.headers.get("x-amzn-query-mode"), Some("true"));
    assert_eq!(request.headers.get("x-amz-target"), None);
    let sent = body(&request);
    assert_eq!(sent.get("series"), Some(&Value::Text("cpu".into())));
    assert_eq!(sent.get("unit"), Some(&Value::Text("Seconds".into())));
    assert_eq!(sent.get("attachment"), Some(&Value::Bytes(vec![0, 255])));
    assert_eq!(
        sent.get("labels").and_then(|l| l.get("host")),
        Some(&Value::Text("a".into()))
    );
    let samples = sent.get("samples").and_then(Value::as_array).unwrap();
    assert_eq!(samples.len(), 2);
    assert_eq!(
        samples[0].get("at"),
        Some(&Value::Tag(1, Box::new(Value::Float(1.0))))
    );
    assert_eq!(samples[1].get("value"), Some(&Value::Float(f64::INFINITY)));
    assert_eq!(samples[0].get("count"), None, "unset members are left out");
}

#[test]
fn unit_input_sends_no_body_and_an_empty_output_may_have_none() {
    let empty = HttpResponse::new(200, Vec::new()).with_header("smithy-protocol", "rpc-v2-cbor");
    let (client, conn) = telemetry(vec![empty], RetryConfig::disabled());
    block_on(client.ping().send()).unwrap();
    let request = conn.last_request().unwrap();
    assert_eq!(
        request.uri,
        "http://localhost/service/Telemetry/operation/Ping"
    );
    assert!(request.body.is_empty());
    assert_eq!(request.headers.get("content-type"), None);
    assert_eq!(request.headers.get("smithy-protocol"), Some("rpc-v2-cbor"));
}

#[test]
fn a_missing_required_member_takes_its_default() {
    let (client, _) = telemetry(vec![cbor_response(200, |_| {})], RetryConfig::disabled());
    let output = block_on(
        client
            .put_samples()
            .series("s")
            .samples(sample(0, 1.0))
            .send(),
    )
    .unwrap();
    assert_eq!(output.accepted(), 0);
    assert!(output.rejected().is_empty());
}

#[test]
fn pages_follow_the_token() {
    let page = |names: &[&str], next: Option<&str>| {
        let names: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        let next = next.map(str::to_owned);
        cbor_response(200, move |o| {
            let mut series = o.key("series").start_array();
            for name in &names {
                series.value().string(name);
            }
            series.finish();
            if let Some(next) = &next {
                o.key("nextToken").string(next);
            }
        })
    };
    let (client, conn) = telemetry(
        vec![page(&["a", "b"], Some("t1")), page(&["c"], None)],
        RetryConfig::disabled(),
    );
    let names = block_on(
        client
            .list_series()
            .prefix("x")
            .into_paginator()
            .page_size(2)
            .items()
            .send()
            .try_collect(),
    )
    .unwrap();
    assert_eq!(names, ["a", "b", "c"]);
    let sent: Vec<Value> = conn.requests().iter().map(body).collect();
    assert_eq!(sent[0].get("nextToken"), None);
    assert_eq!(sent[1].get("nextToken"), Some(&Value::Text("t1".into())));
    assert!(sent
        .iter()
        .all(|b| b.get("maxResults") == Some(&Value::Integer(2))));
}

#[test]
fn errors_are_typed_by_type_or_by_their_query_code() {
    let invalid = cbor_response(400, |o| {
        o.key("__type").string("example.telemetry#InvalidSample");
        o.key("message").string("bad sample");
        o.key("index").number_i64(3);
    });
    let (client, _) = telemetry(vec![invalid], RetryConfig::disabled());
    let err = block_on(
        client
            .put_samples()
            .series("s")
            .samples(sample(0, 1.0))
            .send(),
    )
    .unwrap_err();
    let SdkError::ServiceError(e) = &err else {
        panic!("expected a service error, got {err:?}")
    };
    let PutSamplesError::InvalidSample(invalid) = e.err() else {
        panic!("expected InvalidSample, got {:?}", e.err())
    };
    assert_eq!(invalid.index(), Some(3));
    assert_eq!(invalid.message(), Some("bad sample"));

    // The awsQuery code in `x-amzn-query-error` names the error, and is the code callers see.
    let throttled = error_response("example.telemetry#Throttled", "slow down")
        .with_header("x-amzn-query-error", "Throttling;Sender");
    let (client, _) = telemetry(vec![throttled], RetryConfig::disabled());
    let err = block_on(
        client
            .put_samples()
            .series("s")
            .samples(sample(0, 1.0))
            .send(),
    )
    .unwrap_err();
    let e = err.into_service_error();
    assert!(e.is_throttled(), "{e:?}");
    assert_eq!(e.code(), Some("Throttling"));

    // An unknown code is unhandled, with its metadata.
    let (client, _) = telemetry(vec![error_response("Other", "m")], RetryConfig::disabled());
    let e = block_on(
        client
            .put_samples()
            .series("s")
            .samples(sample(0, 1.0))
            .send(),
    )
    .unwrap_err()
    .into_service_error();
    assert!(!e.is_invalid_sample() && !e.is_throttled(), "{e:?}");
    assert_eq!(e.code(), Some("Other"));
    assert_eq!(e.message(), Some("m"));
}

#[test]
fn throttling_is_retried() {
    let (client, conn) = telemetry(
        vec![
            error_response("Throttled", "slow down"),
            cbor_response(200, |o| o.key("accepted").number_i64(1)),
        ],
        RetryConfig::standard(),
    );
    let output = block_on(
        client
            .put_samples()
            .series("s")
            .samples(sample(0, 1.0))
            .send(),
    )
    .unwrap();
    assert_eq!(output.accepted(), 1);
    assert_eq!(conn.requests().len(), 2);
}

#[test]
fn a_response_that_is_not_rpcv2cbor_is_refused() {
    let json =
        HttpResponse::new(200, b"{}".to_vec()).with_header("content-type", "application/json");
    let broken =
        HttpResponse::new(200, vec![0xbf, 0x61]).with_header("smithy-protocol", "rpc-v2-cbor");
    let list = HttpResponse::new(200, vec![0x80]).with_header("smithy-protocol", "rpc-v2-cbor");
    for (response, wanted) in [
        (json, "smithy-protocol"),
        (broken, "invalid CBOR at byte 1"),
        (list, "expected a map"),
    ] {
        let (client, _) = telemetry(vec![response], RetryConfig::disabled());
        let err = block_on(
            client
                .put_samples()
                .series("s")
                .samples(sample(0, 1.0))
                .send(),
        )
        .unwrap_err();
        assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
        let text = format!("{}", smithy_rt::error::DisplayErrorContext(&err));
        assert!(text.contains(wanted), "{wanted}: {text}");
    }
}
