//! Every restJson1 HTTP binding through the `fixture-bindings` crate: URI labels (greedy and
//! not), literal and member query parameters, headers (scalars, lists, timestamps, prefix
//! headers), payloads (blob, string, structure, union), response codes, and header-bound
//! error members.

use fixture_bindings::primitives::{Blob, DateTime};
use fixture_bindings::types::{Mode, ObjectInfo, Shape, Square};
use integration_tests::json;
use smithy_rt::http::HttpResponse;
use smithy_rt::test_util::{block_on, CaptureConnector};

fn client(responses: Vec<HttpResponse>) -> (fixture_bindings::Client, CaptureConnector) {
    let conn = CaptureConnector::new(responses);
    let conf = fixture_bindings::Config::builder()
        .http_client(conn.clone())
        .endpoint_url("http://localhost")
        .retry_config(fixture_bindings::config::RetryConfig::disabled())
        .build();
    (fixture_bindings::Client::from_conf(conf), conn)
}

#[test]
fn request_bindings_land_in_uri_query_headers_and_payload() {
    let (client, conn) = client(vec![HttpResponse::new(201, Vec::new())]);
    block_on(
        client
            .put_object()
            .bucket("my bucket")
            .key("dir/file name.txt")
            .version(3)
            .tags("a&b")
            .tags("c")
            .since(DateTime::from_secs(1_576_540_098))
            .params("extra", "1")
            .params("version", "ignored: httpQuery wins")
            .count(7)
            .flags("plain")
            .flags("with,comma")
            .dates(DateTime::from_secs(1_576_540_098))
            .dates(DateTime::from_secs(0))
            .when(DateTime::from_secs(1_576_540_098))
            .ratio(f64::NAN)
            .enabled(true)
            .mode(Mode::Safe)
            .meta_value("Owner", "me")
            .data(Blob::new(b"\x00\x01raw".to_vec()))
            .send(),
    )
    .unwrap();
    let req = &conn.requests()[0];
    assert_eq!(req.method, "PUT");
    let (path, query) = req
        .uri
        .strip_prefix("http://localhost")
        .unwrap()
        .split_once('?')
        .unwrap();
    assert_eq!(
        path, "/buckets/my%20bucket/objects/dir/file%20name.txt",
        "greedy label keeps `/`"
    );
    let mut params: Vec<&str> = query.split('&').collect();
    params.sort();
    assert_eq!(
        params,
        [
            "extra=1",
            "since=2019-12-16T23%3A48%3A18Z",
            "tag=a%26b",
            "tag=c",
            "version=3",
            "x-id=PutObject"
        ]
    );
    let h = &req.headers;
    assert_eq!(h.get("x-count"), Some("7"));
    assert_eq!(h.get("x-flags"), Some("plain, \"with,comma\""));
    assert_eq!(
        h.get("x-dates"),
        Some("Mon, 16 Dec 2019 23:48:18 GMT, Thu, 01 Jan 1970 00:00:00 GMT")
    );
    assert_eq!(h.get("x-when"), Some("Mon, 16 Dec 2019 23:48:18 GMT"));
    assert_eq!(h.get("x-ratio"), Some("NaN"));
    assert_eq!(h.get("x-enabled"), Some("true"));
    assert_eq!(h.get("x-mode"), Some("safe"));
    assert_eq!(h.get("x-meta-owner"), Some("me"));
    assert_eq!(h.get("content-type"), Some("application/octet-stream"));
    assert_eq!(req.body, b"\x00\x01raw");
}

#[test]
fn empty_label_is_refused_before_sending() {
    let (client, conn) = client(vec![]);
    let err = block_on(client.put_object().bucket("").key("k").send()).unwrap_err();
    let text = fixture_bindings::error::DisplayErrorContext(&err).to_string();
    assert!(text.contains("bucket"), "{text}");
    assert!(conn.requests().is_empty());
}

#[test]
fn response_bindings_are_read_from_status_headers_and_payload() {
    let response = HttpResponse::new(
        201,
        br#"{"etag":"abc","shape":{"square":{"side":4}}}"#.to_vec(),
    )
    .with_header("X-Count", "12")
    .with_header("X-Flags", "a, \"b,c\"")
    .with_header(
        "X-Dates",
        "Mon, 16 Dec 2019 23:48:18 GMT, Thu, 01 Jan 1970 00:00:00 GMT",
    )
    .with_header("X-Ratio", "-Infinity")
    .with_header("X-Enabled", "false")
    .with_header("X-Mode", "turbo")
    .with_header("X-Meta-Owner", "me")
    .with_header("X-Meta-Team", "us");
    let (client, _) = client(vec![response]);
    let out = block_on(client.put_object().bucket("b").key("k").send()).unwrap();
    assert_eq!(out.status(), Some(201));
    assert_eq!(out.count(), Some(12));
    assert_eq!(out.flags(), ["a", "b,c"]);
    assert_eq!(
        out.dates(),
        [DateTime::from_secs(1_576_540_098), DateTime::from_secs(0)]
    );
    assert_eq!(out.ratio(), Some(f64::NEG_INFINITY));
    assert_eq!(out.enabled(), Some(false));
    assert_eq!(
        out.mode().map(Mode::as_str),
        Some("turbo"),
        "unknown enum values are kept"
    );
    assert_eq!(out.meta_value().unwrap()["Owner"], "me");
    assert_eq!(out.meta_value().unwrap().len(), 2);
    let object: &ObjectInfo = out.object().unwrap();
    assert_eq!(object.etag(), Some("abc"));
    assert_eq!(object.shape().unwrap().as_square().unwrap().side(), 4);
}

#[test]
fn bad_header_values_are_located_response_errors() {
    let (client, _) = client(vec![
        HttpResponse::new(201, Vec::new()).with_header("X-Count", "twelve")
    ]);
    let err = block_on(client.put_object().bucket("b").key("k").send()).unwrap_err();
    let text = fixture_bindings::error::DisplayErrorContext(&err).to_string();
    assert!(text.contains("header `X-Count`"), "{text}");
}

#[test]
fn string_payload_and_numeric_label() {
    let (client, conn) = client(vec![
        HttpResponse::new(200, b"hello".to_vec()).with_header("content-type", "text/plain")
    ]);
    let out = block_on(client.get_text().id(-42).send()).unwrap();
    assert_eq!(conn.requests()[0].uri, "http://localhost/text/-42");
    assert!(conn.requests()[0].body.is_empty());
    assert_eq!(out.text(), Some("hello"));
    assert_eq!(out.content_type(), Some("text/plain"));
}

#[test]
fn union_payload_round_trips_every_variant() {
    let (client, conn) = client(vec![HttpResponse::new(200, Vec::new()); 4]);
    block_on(client.put_shape().shape(Shape::Circle(1.5)).send()).unwrap();
    block_on(
        client
            .put_shape()
            .shape(Shape::Square(Square::builder().side(2).build().unwrap()))
            .send(),
    )
    .unwrap();
    block_on(client.put_shape().shape(Shape::None).send()).unwrap();
    block_on(client.put_shape().send()).unwrap();
    let requests = conn.requests();
    let bodies: Vec<serde_json::Value> = requests[..3].iter().map(|r| json(&r.body)).collect();
    assert_eq!(bodies[0], serde_json::json!({"circle": 1.5}));
    assert_eq!(bodies[1], serde_json::json!({"square": {"side": 2}}));
    assert_eq!(bodies[2], serde_json::json!({"none": {}}));
    // As the restJson1 protocol test RestJsonHttpPayloadWithUnsetUnion asks.
    assert!(
        requests[3].body.is_empty(),
        "an unset union payload sends no body"
    );
}

#[test]
fn unions_in_responses_accept_unknown_members_and_reject_ambiguity() {
    let response = |body: &str| HttpResponse::new(201, body.as_bytes().to_vec());
    let (client, _) = client(vec![
        response(r#"{"shape":{"hexagon":6}}"#),
        response(r#"{"shape":{"circle":1,"none":{}}}"#),
        response(r#"{"shape":{"__type":"x","none":{}}}"#),
    ]);
    let out = block_on(client.put_object().bucket("b").key("k").send()).unwrap();
    assert!(out.object().unwrap().shape().unwrap().is_unknown());
    assert!(
        block_on(client.put_object().bucket("b").key("k").send()).is_err(),
        "two members set"
    );
    let out = block_on(client.put_object().bucket("b").key("k").send()).unwrap();
    assert!(out.object().unwrap().shape().unwrap().is_none());
}

#[test]
fn error_members_bound_to_headers() {
    let response = HttpResponse::new(409, br#"{"message":"taken"}"#.to_vec())
        .with_header("x-amzn-errortype", "Conflict")
        .with_header("X-Holder", "someone");
    let (client, _) = client(vec![response]);
    let err = block_on(client.get_text().id(1).send())
        .unwrap_err()
        .into_service_error();
    match err {
        fixture_bindings::operation::get_text::GetTextError::Conflict(c) => {
            assert_eq!(c.holder(), Some("someone"));
            assert_eq!(c.message(), Some("taken"));
        }
        other => panic!("{other:?}"),
    }
}
