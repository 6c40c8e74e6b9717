//! The fixture crates generated from `models/fixtures/*.json`, used as a program would:
//! Rust-hostile names, every value kind on the wire, recursion, sparse collections,
//! timestamps, defaults, required members, error correction and redaction.

use fixture_naming::types::{Kind, Option as OptionShape, String as StringShape};
use fixture_shapes::operation::echo::{EchoError, EchoOutput};
use fixture_shapes::primitives::{Blob, DateTime, Document};
use fixture_shapes::types::{Level, Tree};
use integration_tests::{json, json_response};
use serde_json::json as j;
use smithy_rt::test_util::{block_on, CaptureConnector};

fn naming_client(
    responses: Vec<smithy_rt::http::HttpResponse>,
) -> (fixture_naming::Client, CaptureConnector) {
    let conn = CaptureConnector::new(responses);
    let conf = fixture_naming::Config::builder()
        .http_client(conn.clone())
        .endpoint_url("http://localhost")
        // One canned response per call: retries are tested in the runtime.
        .retry_config(fixture_naming::config::RetryConfig::disabled())
        .build();
    (fixture_naming::Client::from_conf(conf), conn)
}

fn shapes_client(
    responses: Vec<smithy_rt::http::HttpResponse>,
) -> (fixture_shapes::Client, CaptureConnector) {
    let conn = CaptureConnector::new(responses);
    let conf = fixture_shapes::Config::builder()
        .http_client(conn.clone())
        .endpoint_url("http://localhost")
        // One canned response per call: retries are tested in the runtime.
        .retry_config(fixture_shapes::config::RetryConfig::disabled())
        .build();
    (fixture_shapes::Client::from_conf(conf), conn)
}

#[test]
fn rust_hostile_names_map_to_valid_identifiers_and_keep_wire_names() {
    let (client, conn) = naming_client(vec![json_response(
        200,
        r#"{"kind":"self","async":"a","option":{"some":"s","none":true}}"#,
    )]);
    let out = block_on(
        client
            .put_thing()
            .r#type("t")
            .self_("s")
            .r#match(3)
            .build_value(true)
            .option(OptionShape::builder().some("x").build())
            .string(
                StringShape::builder()
                    .value("v")
                    .build()
                    .expect("value is set"),
            )
            .kind(Kind::SelfValue)
            .send(),
    )
    .unwrap();
    assert_eq!(
        json(&conn.requests()[0].body),
        j!({"type": "t", "self": "s", "match": 3, "build": true, "option": {"some": "x"}, "string": {"value": "v"}, "kind": "self"})
    );
    assert_eq!(out.kind(), Some(&Kind::SelfValue));
    assert_eq!(out.r#async(), Some("a"));
    assert_eq!(out.option().unwrap().none(), Some(true));
    assert_eq!(
        Kind::from("unknown"),
        Kind::UnknownValue,
        "a value named Unknown does not clash with the catch-all"
    );
    assert_eq!(Kind::PlainValue.as_str(), "plain-value");
}

#[test]
fn required_member_of_a_plain_structure_makes_build_fallible() {
    let err = StringShape::builder().build().unwrap_err();
    assert!(err.to_string().contains("value"), "{err}");
}

#[test]
fn modeled_error_with_capitalised_message() {
    let (client, _) = naming_client(vec![json_response(
        503,
        r#"{"__type":"ThingFault","Message":"down","type":"maintenance"}"#,
    )]);
    let err = block_on(client.put_thing().r#type("t").send())
        .unwrap_err()
        .into_service_error();
    match err {
        fixture_naming::operation::put_thing::PutThingError::ThingFault(f) => {
            assert_eq!(f.message(), Some("down"));
            assert_eq!(f.r#type(), Some("maintenance"));
            assert_eq!(f.to_string(), "ThingFault: down");
        }
        other => panic!("{other:?}"),
    }
}

fn tree() -> Tree {
    let leaf = |l: &str| Tree::builder().label(l).tags("leaf").build().unwrap();
    Tree::builder()
        .label("root")
        .left(leaf("l"))
        .right(
            Tree::builder()
                .label("r")
                .left(leaf("rl"))
                .tags("inner")
                .build()
                .unwrap(),
        )
        .children(leaf("c1"))
        .weight(5)
        .tags("root")
        .build()
        .unwrap()
}

#[test]
fn every_value_kind_round_trips_through_the_wire() {
    let sent_tree = tree();
    let (client, conn) = shapes_client(vec![json_response(200, "{}")]);
    block_on(
        client
            .echo()
            .renamed("r")
            .byte(-8)
            .short(300)
            .long(1 << 40)
            .float(1.5)
            .double(f64::NAN)
            .flag(true)
            .epoch(DateTime::from_secs_and_nanos(1_515_531_081, 123_000_000))
            .date_time(DateTime::from_secs(0))
            .http_date(DateTime::from_secs(1_398_796_238))
            .data(Blob::new(b"hi".to_vec()))
            .doc(Document::String("d".into()))
            .sparse(Some("a".to_string()))
            .sparse(None)
            .sparse_map("x", None)
            .matrix(std::collections::HashMap::from([(
                "k".to_string(),
                vec![1i64, 2],
            )]))
            .tree(sent_tree.clone())
            .secret("hunter2")
            .level(Level::High)
            .dates(DateTime::from_secs(1))
            .token("tok")
            .send(),
    )
    .unwrap();
    let body = json(&conn.requests()[0].body);
    let expected = j!({
        "Renamed-On-The-Wire": "r",
        "byte": -8, "short": 300, "long": 1099511627776i64, "float": 1.5, "double": "NaN", "flag": true,
        "epoch": 1515531081.123, "dateTime": "1970-01-01T00:00:00Z", "httpDate": "Tue, 29 Apr 2014 18:30:38 GMT",
        "data": "aGk=", "doc": "d",
        "sparse": ["a", null], "sparseMap": {"x": null}, "matrix": [{"k": [1, 2]}],
        "tree": {
            "label": "root",
            "left": {"label": "l", "weight": 1, "tags": ["leaf"]},
            "right": {"label": "r", "left": {"label": "rl", "weight": 1, "tags": ["leaf"]}, "weight": 1, "tags": ["inner"]},
            "children": [{"label": "c1", "weight": 1, "tags": ["leaf"]}],
            "weight": 5, "tags": ["root"]
        },
        "secret": "hunter2", "level": "high", "dates": ["1970-01-01T00:00:01Z"], "token": "tok"
    });
    assert_eq!(body, expected);

    // The same document comes back as the output, with every member read.
    let mut out_body = expected.clone();
    out_body["id"] = j!("id-1");
    out_body["count"] = j!(7);
    let (client, _) = shapes_client(vec![json_response(200, &out_body.to_string())]);
    let out: EchoOutput = block_on(client.echo().send()).unwrap();
    assert_eq!(out.renamed(), Some("r"));
    assert_eq!(
        (out.byte(), out.short(), out.long()),
        (Some(-8), Some(300), Some(1 << 40))
    );
    assert_eq!(out.float(), Some(1.5));
    assert!(out.double().unwrap().is_nan());
    assert_eq!(out.epoch().unwrap().subsec_nanos(), 123_000_000);
    assert_eq!(out.http_date(), Some(&DateTime::from_secs(1_398_796_238)));
    assert_eq!(out.data().unwrap().as_ref(), b"hi");
    assert_eq!(out.sparse(), [Some("a".to_string()), None]);
    assert_eq!(out.sparse_map().unwrap()["x"], None);
    assert_eq!(out.matrix()[0]["k"], [1, 2]);
    assert_eq!(
        out.tree(),
        Some(&sent_tree),
        "recursive structure round-trips"
    );
    assert_eq!(
        out.tree().unwrap().right().unwrap().left().unwrap().label(),
        "rl"
    );
    assert_eq!(out.level(), Some(&Level::High));
    assert_eq!(out.count(), 7);
    assert_eq!(out.id(), "id-1");
}

#[test]
fn defaults_and_error_correction_in_outputs() {
    let (client, _) = shapes_client(vec![json_response(200, r#"{"tree":{"label":"x"}}"#)]);
    let out = block_on(client.echo().send()).unwrap();
    assert_eq!(out.count(), 0, "@default applies when absent");
    assert_eq!(
        out.id(),
        "",
        "a missing required string is corrected to empty"
    );
    let tree = out.tree().unwrap();
    assert_eq!(tree.weight(), 1);
    assert!(
        tree.tags().is_empty(),
        "a missing required list is corrected to empty"
    );
}

#[test]
fn wrong_types_in_nested_members_are_located_errors() {
    let (client, _) = shapes_client(vec![json_response(
        200,
        r#"{"tree":{"label":"x","left":{"label":7}}}"#,
    )]);
    let err = block_on(client.echo().send()).unwrap_err();
    let text = fixture_shapes::error::DisplayErrorContext(&err).to_string();
    assert!(text.contains("$.tree.left.label"), "{text}");
    let (client, _) = shapes_client(vec![json_response(200, r#"{"byte": 300}"#)]);
    assert!(
        block_on(client.echo().send()).is_err(),
        "out of range for i8"
    );
}

#[test]
fn sensitive_members_are_redacted_in_debug() {
    let (client, conn) = shapes_client(vec![json_response(200, r#"{"secret":"hunter2"}"#)]);
    let builder = client.echo().secret("hunter2");
    assert!(!format!("{builder:?}").contains("hunter2"));
    let out = block_on(builder.send()).unwrap();
    let debug = format!("{out:?}");
    assert!(!debug.contains("hunter2"), "{debug}");
    assert!(debug.contains("*** Sensitive Data Redacted ***"));
    assert_eq!(out.secret(), Some("hunter2"), "the value itself is intact");
    assert!(
        String::from_utf8_lossy(&conn.requests()[0].body).contains("hunter2"),
        "and sent on the wire"
    );
}

#[test]
fn unit_input_sends_no_body_and_unit_output_accepts_any_object() {
    let (client, conn) = shapes_client(vec![json_response(200, r#"{"ignored":1}"#)]);
    block_on(client.ping().send()).unwrap();
    let req = &conn.requests()[0];
    assert_eq!(req.method, "GET");
    assert!(req.body.is_empty());
    assert!(!req.headers.contains("content-type"));
}

#[test]
fn retryable_error_and_generated_idempotency_token() {
    let (client, conn) = shapes_client(vec![json_response(
        400,
        r#"{"code":"Invalid","message":"bad","field":"level"}"#,
    )]);
    let err = block_on(client.echo().send())
        .unwrap_err()
        .into_service_error();
    assert!(
        matches!(err, EchoError::Invalid(ref e) if e.field() == Some("level")),
        "{err:?}"
    );
    let token = json(&conn.requests()[0].body)["token"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(token.len(), 36);
}
