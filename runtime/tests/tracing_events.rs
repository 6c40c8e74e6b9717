//! What an operation call reports through `tracing`: a span per call and per attempt, a debug
//! event per retry decision, and never a secret. A hand-written subscriber records everything
//! as text (no subscriber crate needed).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use smithy_rt::client::{invoke, OperationInfo};
use smithy_rt::config::{Config, Credentials, Region};
use smithy_rt::http::{HttpRequest, HttpResponse};
use smithy_rt::retry::Jitter;
use smithy_rt::test_util::{block_on, CaptureConnector, InstantSleep};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLESESSION";

/// Records spans and events as `name field=value ...` lines.
#[derive(Default)]
struct Recorder {
    lines: Arc<Mutex<Vec<String>>>,
    next_id: AtomicU64,
}

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.push_str(&format!(" {}={:?}", field.name(), value));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Fields(format!("span {}", span.metadata().name()));
        span.record(&mut fields);
        self.lines.lock().expect("lines").push(fields.0);
        Id::from_u64(self.next_id.fetch_add(1, Ordering::Relaxed) + 1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut fields = Fields("record".to_owned());
        values.record(&mut fields);
        self.lines.lock().expect("lines").push(fields.0);
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(format!("event {}", event.metadata().level()));
        event.record(&mut fields);
        self.lines.lock().expect("lines").push(fields.0);
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[test]
fn spans_and_retry_events_without_secrets() {
    let op = OperationInfo {
        service: "imagebuilder",
        operation: "ListImages",
        signing_name: Some("imagebuilder"),
        retryable_errors: &[],
        throttling_errors: &[],
        request_compression: &[],
        protocol: &smithy_rt::protocol::REST_JSON_1,
    };
    let connector = CaptureConnector::new(vec![
        HttpResponse::new(503, r#"{"__type":"ServiceUnavailableException"}"#),
        HttpResponse::new(200, "{}"),
    ]);
    let config = Config::builder()
        .http_client(connector.clone())
        .endpoint_url("https://imagebuilder.us-east-1.amazonaws.com")
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            SECRET,
            Some(TOKEN.to_owned()),
            None,
            "test",
        ))
        .sleep_impl(InstantSleep::new())
        .retry_jitter(Jitter::fixed(0.0))
        .build();

    let recorder = Recorder::default();
    let lines = Arc::clone(&recorder.lines);
    tracing::subscriber::with_default(recorder, || {
        let response = block_on(invoke::<std::io::Error>(
            &config,
            &op,
            HttpRequest::new("POST", "/ListImages"),
        ))
        .expect("retried to success");
        assert_eq!(response.status, 200);
    });

    let lines = lines.lock().expect("lines").clone();
    let text = lines.join("\n");
    let id = connector.requests()[0]
        .headers
        .get("amz-sdk-invocation-id")
        .expect("id")
        .to_owned();
    assert!(
        lines.iter().any(|l| l.starts_with("span operation")
            && l.contains(r#"service="imagebuilder""#)
            && l.contains(r#"operation="ListImages""#)
            && l.contains(&id)),
        "{text}"
    );
    assert!(
        lines.iter().any(|l| l == "span attempt attempt=1"),
        "{text}"
    );
    assert!(
        lines.iter().any(|l| l == "span attempt attempt=2"),
        "{text}"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("event DEBUG")
            && l.contains("retrying")
            && l.contains("HTTP 503 ServiceUnavailableException")
            && l.contains("server error")),
        "{text}"
    );
    assert!(!text.contains(SECRET) && !text.contains(TOKEN), "{text}");
}
