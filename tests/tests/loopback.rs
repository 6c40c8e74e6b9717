//! The generated Image Builder client end to end against a real HTTP/1.1 server on 127.0.0.1:
//! the built-in HTTP client, the request on the wire, a SigV4 signature recomputed here
//! independently of the runtime, every modeled error, standard-mode retries, timeouts, broken
//! connections, broken response bodies and the idempotency token.
//!
//! Each test starts its own [`Server`] (`loopback/server.rs`) on an ephemeral port with a script
//! of replies, and stops it when the server is dropped. Signatures are checked by `sigv4`
//! (`loopback/sigv4.rs`). Every call is bounded ([`bounded`]), so a bug fails a test instead
//! of hanging it.

#[path = "loopback/server.rs"]
mod server;
#[path = "loopback/sigv4.rs"]
mod sigv4;

use std::future::Future;
use std::time::{Duration, Instant};

use imagebuilder::config::{Credentials, Region, RetryConfig, TimeoutConfig};
use imagebuilder::error::{ProvideErrorMetadata, RequestId, SdkError};
use imagebuilder::operation::update_infrastructure_configuration::builders::UpdateInfrastructureConfigurationFluentBuilder;
use imagebuilder::operation::update_infrastructure_configuration::{
    UpdateInfrastructureConfigurationError, UpdateInfrastructureConfigurationOutput,
};
use imagebuilder::types::{InstanceMetadataOptions, Logging, Placement, S3Logs, TenancyType};
use imagebuilder::Client;
use integration_tests::{variant_name, ARN, ERRORS};
use serde_json::json;
use smithy_rt::retry::Jitter;
use smithy_rt::test_util::InstantSleep;
use tokio::net::TcpListener;

use server::{Received, Reply, Server, STALL};

const AKID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLESESSION";
/// The fixed backoff factor of the retrying clients.
const JITTER: f64 = 0.5;
/// Longest any call in this file may take before the test fails instead of hanging.
const CALL_LIMIT: Duration = Duration::from_secs(10);

// ---------------------------------------------------------------------------------------------
// Canned replies, clients and calls
// ---------------------------------------------------------------------------------------------

/// A 200 with a JSON body.
fn ok(body: &str) -> Reply {
    Reply::Respond(
        200,
        "content-type: application/json\r\nx-amzn-requestid: req-ok\r\n".into(),
        body.into(),
    )
}

/// An error response as Image Builder sends it: the code in `x-amzn-errortype`.
fn error_reply(status: u16, code: &str) -> Reply {
    Reply::Respond(
        status,
        format!(
            "content-type: application/json\r\nx-amzn-requestid: req-{code}\r\n\
             x-amzn-errortype: {code}:http://internal.amazon.com/coral/com.amazonaws.imagebuilder/\r\n"
        ),
        format!(r#"{{"message":"{code} happened"}}"#),
    )
}

/// Region, credentials with a session token, and the server as the endpoint. No
/// `http_client`: the runtime's built-in client does the HTTP.
fn config(url: &str) -> imagebuilder::config::Builder {
    imagebuilder::Config::builder()
        .endpoint_url(url)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            AKID,
            SECRET,
            Some(SESSION_TOKEN.to_owned()),
            None,
            "loopback",
        ))
}

/// Standard retries (3 attempts) whose backoff is recorded by `sleep` instead of waited for,
/// with a fixed jitter. No attempt timeout: `InstantSleep` would fire it at once.
fn retrying_client(url: &str, sleep: &InstantSleep) -> Client {
    Client::from_conf(
        config(url)
            .sleep_impl(sleep.clone())
            .retry_jitter(Jitter::fixed(JITTER))
            .build(),
    )
}

/// One attempt per call, under a 2 second attempt timeout (real timers).
fn single_attempt_client(url: &str) -> Client {
    single_attempt_client_with_timeout(url, Duration::from_secs(2))
}

fn single_attempt_client_with_timeout(url: &str, attempt_timeout: Duration) -> Client {
    Client::from_conf(
        config(url)
            .retry_config(RetryConfig::disabled())
            .timeout_config(
                TimeoutConfig::builder()
                    .connect_timeout(Duration::from_secs(2))
                    .operation_attempt_timeout(attempt_timeout)
                    .build(),
            )
            .build(),
    )
}

/// Awaits `call`, failing the test if it takes longer than [`CALL_LIMIT`].
async fn bounded<F: Future>(call: F) -> F::Output {
    tokio::time::timeout(CALL_LIMIT, call)
        .await
        .expect("the call finished in time")
}

type CallResult = Result<
    UpdateInfrastructureConfigurationOutput,
    SdkError<UpdateInfrastructureConfigurationError>,
>;

/// The two required members; the client token is left for the client to generate.
fn minimal(client: &Client) -> UpdateInfrastructureConfigurationFluentBuilder {
    client
        .update_infrastructure_configuration()
        .infrastructure_configuration_arn(ARN)
        .instance_profile_name("ImageBuilderRole")
}

async fn send(builder: UpdateInfrastructureConfigurationFluentBuilder) -> CallResult {
    bounded(builder.send()).await
}

/// All 14 input members set.
fn full_request(client: &Client) -> UpdateInfrastructureConfigurationFluentBuilder {
    minimal(client)
        .description("build hosts")
        .instance_types("t3.micro")
        .instance_types("m5.large")
        .security_group_ids("sg-1")
        .security_group_ids("sg-2")
        .subnet_id("subnet-1")
        .logging(
            Logging::builder()
                .s3_logs(
                    S3Logs::builder()
                        .s3_bucket_name("logs")
                        .s3_key_prefix("ib/")
                        .build(),
                )
                .build(),
        )
        .key_pair("kp")
        .terminate_instance_on_failure(false)
        .sns_topic_arn("arn:aws:sns:us-east-1:123456789012:topic")
        .resource_tags("team", "images")
        .resource_tags("cost-center", "42")
        .instance_metadata_options(
            InstanceMetadataOptions::builder()
                .http_tokens("required")
                .http_put_response_hop_limit(2)
                .build(),
        )
        .placement(
            Placement::builder()
                .availability_zone("us-east-1a")
                .tenancy(TenancyType::Host)
                .host_id("h-1")
                .host_resource_group_arn("arn:aws:resource-groups:us-east-1:123456789012:group/g")
                .build(),
        )
        .client_token("token-1")
}

fn is_uuid_v4(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, c)| match i {
            8 | 13 | 18 | 23 => *c == b'-',
            _ => c.is_ascii_digit() || (b'a'..=b'f').contains(c),
        })
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

/// Seconds since the Unix epoch of an `x-amz-date` (`YYYYMMDDTHHMMSSZ`), by the civil-date
/// algorithm of H. Hinnant's "chrono-Compatible Low-Level Date Algorithms".
fn amz_date_to_unix(date: &str) -> i64 {
    let n = |range: std::ops::Range<usize>| date[range].parse::<i64>().expect("digits");
    let (month, day) = (n(4..6), n(6..8));
    let year = if month <= 2 { n(0..4) - 1 } else { n(0..4) };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    days * 86_400 + n(9..11) * 3600 + n(11..13) * 60 + n(13..15)
}

#[test]
fn amz_date_arithmetic() {
    assert_eq!(amz_date_to_unix("19700101T000000Z"), 0);
    assert_eq!(amz_date_to_unix("20000301T000000Z"), 951_868_800);
    assert_eq!(amz_date_to_unix("20240229T235959Z"), 1_709_251_199);
}

/// The standard-mode delay after failed attempt `n`:
/// `jitter * min(max_backoff = 20 s, initial_backoff = 1 s * 2^(n - 1))`.
fn standard_backoff(failed_attempt: u32) -> Duration {
    Duration::from_secs(1 << (failed_attempt - 1))
        .min(Duration::from_secs(20))
        .mul_f64(JITTER)
}

/// What every attempt of one retried call has in common, and what differs.
fn assert_attempts_of_one_call(sent: &[Received]) {
    let first = &sent[0];
    let invocation_id = first
        .header("amz-sdk-invocation-id")
        .expect("invocation id");
    assert!(is_uuid_v4(invocation_id), "{invocation_id}");
    for (i, attempt) in sent.iter().enumerate() {
        assert_eq!(
            attempt.body,
            first.body,
            "attempt {} has the same body",
            i + 1
        );
        assert_eq!(attempt.client_token(), first.client_token());
        assert_eq!(attempt.header("amz-sdk-invocation-id"), Some(invocation_id));
        assert_eq!(
            attempt.header("amz-sdk-request"),
            Some(format!("attempt={}; max=3", i + 1).as_str())
        );
        // Each attempt is signed afresh (the date may differ); each signature must hold.
        sigv4::assert_signed(attempt, SECRET);
    }
}

// ---------------------------------------------------------------------------------------------
// 1, 2: the request on the wire and its signature
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn every_input_member_and_header_reaches_the_server() {
    let server = Server::start(vec![ok(
        r#"{"requestId":"r-1","clientToken":"token-1","infrastructureConfigurationArn":"arn:x"}"#,
    )])
    .await;
    let sleep = InstantSleep::new();
    let out = send(full_request(&retrying_client(&server.url, &sleep)))
        .await
        .expect("200");
    assert_eq!(out.request_id(), Some("r-1"));
    assert_eq!(out.client_token(), Some("token-1"));
    assert_eq!(out.infrastructure_configuration_arn(), Some("arn:x"));
    assert_eq!(RequestId::request_id(&out), Some("req-ok"));

    let sent = server.requests();
    assert_eq!(sent.len(), 1);
    let r = &sent[0];
    assert_eq!(r.method, "PUT");
    assert_eq!(r.target, "/UpdateInfrastructureConfiguration");
    assert_eq!(r.header("content-type"), Some("application/json"));
    assert_eq!(
        r.header("content-length"),
        Some(r.body.len().to_string().as_str())
    );
    assert_eq!(
        r.header("host"),
        Some(server.url.trim_start_matches("http://"))
    );
    let amz_date = r.header("x-amz-date").expect("x-amz-date");
    assert!(
        amz_date.len() == 16
            && amz_date.as_bytes()[8] == b'T'
            && amz_date.ends_with('Z')
            && amz_date[..8].bytes().all(|b| b.is_ascii_digit()),
        "{amz_date}"
    );
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("after 1970")
        .as_secs() as i64;
    assert!(
        (now - amz_date_to_unix(amz_date)).abs() < 300,
        "{amz_date} is the current UTC time"
    );
    let auth = sigv4::parse(r.header("authorization").expect("authorization"));
    assert_eq!(
        auth.credential,
        format!(
            "{AKID}/{}/us-east-1/imagebuilder/aws4_request",
            &amz_date[..8]
        )
    );
    assert_eq!(
        auth.signed_headers,
        "amz-sdk-invocation-id;amz-sdk-request;content-length;content-type;host;x-amz-date;\
         x-amz-security-token;x-amz-user-agent"
    );
    assert_eq!(auth.signature.len(), 64);
    assert!(is_uuid_v4(
        r.header("amz-sdk-invocation-id").expect("invocation id")
    ));
    assert_eq!(r.header("amz-sdk-request"), Some("attempt=1; max=3"));
    assert!(r.header("user-agent").is_some_and(|v| !v.is_empty()));
    assert!(r.header("x-amz-user-agent").is_some_and(|v| !v.is_empty()));
    assert_eq!(r.header("x-amz-security-token"), Some(SESSION_TOKEN));
    let head_text = format!("{:?}", r.headers);
    assert!(!head_text.contains(SECRET), "the secret never travels");

    assert!(
        !r.body.contains(&b'\n') && !r.body.starts_with(b" "),
        "compact JSON"
    );
    assert_eq!(
        r.json(),
        json!({
            "infrastructureConfigurationArn": ARN,
            "description": "build hosts",
            "instanceTypes": ["t3.micro", "m5.large"],
            "instanceProfileName": "ImageBuilderRole",
            "securityGroupIds": ["sg-1", "sg-2"],
            "subnetId": "subnet-1",
            "logging": {"s3Logs": {"s3BucketName": "logs", "s3KeyPrefix": "ib/"}},
            "keyPair": "kp",
            "terminateInstanceOnFailure": false,
            "snsTopicArn": "arn:aws:sns:us-east-1:123456789012:topic",
            "resourceTags": {"team": "images", "cost-center": "42"},
            "instanceMetadataOptions": {"httpTokens": "required", "httpPutResponseHopLimit": 2},
            "placement": {
                "availabilityZone": "us-east-1a",
                "tenancy": "host",
                "hostId": "h-1",
                "hostResourceGroupArn": "arn:aws:resource-groups:us-east-1:123456789012:group/g"
            },
            "clientToken": "token-1"
        })
    );
    assert_eq!(r.json().as_object().map(|o| o.len()), Some(14));
    assert!(sleep.logs().is_empty(), "no backoff on success");
}

#[tokio::test]
async fn the_signature_matches_an_independent_sigv4_implementation() {
    let server = Server::start(vec![ok("{}")]).await;
    send(full_request(&retrying_client(
        &server.url,
        &InstantSleep::new(),
    )))
    .await
    .expect("200");
    let sent = server.requests();
    sigv4::assert_signed(&sent[0], SECRET);

    // The check is not vacuous: another body, header value or secret changes the signature.
    let received = sigv4::parse(sent[0].header("authorization").unwrap()).signature;
    let mut body = sent[0].clone();
    body.body.push(b' ');
    assert_ne!(sigv4::expected_signature(&body, SECRET), received);
    let mut header = sent[0].clone();
    for (name, value) in &mut header.headers {
        if name == "amz-sdk-request" {
            *value = "attempt=2; max=3".into();
        }
    }
    assert_ne!(sigv4::expected_signature(&header, SECRET), received);
    assert_ne!(
        sigv4::expected_signature(&sent[0], "other-secret"),
        received
    );
}

#[tokio::test]
async fn without_a_session_token_none_is_sent_or_signed() {
    let server = Server::start(vec![ok("{}")]).await;
    let config = config(&server.url)
        .credentials_provider(Credentials::new(AKID, SECRET, None, None, "static"))
        .build();
    send(minimal(&Client::from_conf(config)))
        .await
        .expect("200");
    let r = &server.requests()[0];
    assert_eq!(r.header("x-amz-security-token"), None);
    let auth = sigv4::parse(r.header("authorization").unwrap());
    assert!(!auth.signed_headers.contains("x-amz-security-token"));
    sigv4::assert_signed(r, SECRET);
}

// ---------------------------------------------------------------------------------------------
// 3: modeled and unknown errors
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn every_modeled_error_and_an_unknown_code() {
    let mut script: Vec<Reply> = ERRORS
        .iter()
        .map(|(code, status)| error_reply(*status, code))
        .collect();
    script.push(error_reply(400, "BrandNewException"));
    let server = Server::start(script).await;
    let client = single_attempt_client(&server.url);

    let unknown = [("BrandNewException", 400)];
    for (code, status) in ERRORS.iter().chain(&unknown) {
        let err = send(minimal(&client)).await.expect_err(code);
        let SdkError::ServiceError(service) = &err else {
            panic!("{code}: expected a service error, got {err:?}")
        };
        let raw = service.raw();
        assert_eq!(raw.status(), *status, "{code}");
        assert!(
            raw.headers()
                .get("x-amzn-errortype")
                .is_some_and(|v| v.starts_with(&format!("{code}:"))),
            "{code}: raw headers"
        );
        assert_eq!(
            raw.body(),
            format!(r#"{{"message":"{code} happened"}}"#).as_bytes()
        );
        let request_id = format!("req-{code}");
        assert_eq!(err.request_id(), Some(request_id.as_str()));

        let e = err.into_service_error();
        let expected_variant = if *code == "BrandNewException" {
            "Unhandled"
        } else {
            code
        };
        assert_eq!(variant_name(&e), expected_variant);
        assert_eq!(e.code(), Some(*code));
        assert_eq!(e.message(), Some(format!("{code} happened").as_str()));
        assert_eq!(e.request_id(), Some(request_id.as_str()));
    }
    assert_eq!(server.requests().len(), ERRORS.len() + 1, "nothing retried");
}

// ---------------------------------------------------------------------------------------------
// 4, 7: standard retries and the idempotency token
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn two_503s_then_success_after_three_attempts() {
    let server = Server::start(vec![
        error_reply(503, "ServiceUnavailableException"),
        error_reply(503, "ServiceUnavailableException"),
        ok(r#"{"infrastructureConfigurationArn":"arn:done"}"#),
    ])
    .await;
    let sleep = InstantSleep::new();
    let out = send(minimal(&retrying_client(&server.url, &sleep)))
        .await
        .expect("third attempt succeeds");
    assert_eq!(out.infrastructure_configuration_arn(), Some("arn:done"));
    let sent = server.requests();
    assert_eq!(sent.len(), 3);
    assert_attempts_of_one_call(&sent);
    assert_eq!(
        sleep.logs(),
        [standard_backoff(1), standard_backoff(2)],
        "0.5 s then 1 s"
    );
}

#[tokio::test]
async fn three_503s_are_a_service_error_after_three_attempts() {
    let server = Server::start(vec![
        error_reply(503, "ServiceUnavailableException"),
        error_reply(503, "ServiceUnavailableException"),
        error_reply(503, "ServiceUnavailableException"),
        ok("{}"),
    ])
    .await;
    let sleep = InstantSleep::new();
    let err = send(minimal(&retrying_client(&server.url, &sleep)))
        .await
        .expect_err("503 x 3");
    assert!(matches!(err, SdkError::ServiceError(_)), "{err:?}");
    assert_eq!(err.raw_response().map(|r| r.status().as_u16()), Some(503));
    assert!(err.into_service_error().is_service_unavailable_exception());
    let sent = server.requests();
    assert_eq!(sent.len(), 3, "max attempts, the 200 is never asked for");
    assert_attempts_of_one_call(&sent);
    assert_eq!(sleep.logs(), [standard_backoff(1), standard_backoff(2)]);
}

#[tokio::test]
async fn a_429_with_a_standard_throttling_code_is_retried() {
    let server = Server::start(vec![error_reply(429, "ThrottlingException"), ok("{}")]).await;
    let sleep = InstantSleep::new();
    send(minimal(&retrying_client(&server.url, &sleep)))
        .await
        .expect("retried");
    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    assert_attempts_of_one_call(&sent);
    assert_eq!(sleep.logs(), [standard_backoff(1)]);
}

#[tokio::test]
async fn a_429_call_rate_limit_exceeded_is_not_retried() {
    // Standard retry mode (the AWS SDKs' "standard" strategy as aws-smithy-runtime and the
    // JavaScript v3 SDK implement it) retries an error response only when its code is a
    // standard throttling code (`ThrottlingException`, `TooManyRequestsException`, ...), a
    // transient code, a modeled `@retryable` error, or its status is 500/502/503/504. The
    // status 429 alone is not a reason to retry. Image Builder's
    // `CallRateLimitExceededException` is none of these: it is not on the throttling list and
    // the model does not mark it `@retryable`, so it is returned after one attempt, and the
    // caller decides. (Some SDKs, e.g. Java v2, also treat any 429 as throttling.)
    let server = Server::start(vec![
        error_reply(429, "CallRateLimitExceededException"),
        ok("{}"),
    ])
    .await;
    let sleep = InstantSleep::new();
    let err = send(minimal(&retrying_client(&server.url, &sleep)))
        .await
        .expect_err("not retried");
    assert!(err
        .into_service_error()
        .is_call_rate_limit_exceeded_exception());
    assert_eq!(server.requests().len(), 1);
    assert!(sleep.logs().is_empty());
}

#[tokio::test]
async fn a_400_client_exception_is_not_retried() {
    let server = Server::start(vec![error_reply(400, "ClientException"), ok("{}")]).await;
    let sleep = InstantSleep::new();
    let err = send(minimal(&retrying_client(&server.url, &sleep)))
        .await
        .expect_err("not retried");
    assert!(err.into_service_error().is_client_exception());
    assert_eq!(server.requests().len(), 1);
    assert!(sleep.logs().is_empty());
}

#[tokio::test]
async fn an_unset_client_token_is_a_uuid_v4_kept_across_retries() {
    let server = Server::start(vec![
        error_reply(500, "ServiceException"),
        ok("{}"),
        ok("{}"),
    ])
    .await;
    let client = retrying_client(&server.url, &InstantSleep::new());
    send(minimal(&client)).await.expect("retried");
    send(minimal(&client)).await.expect("second call");
    let sent = server.requests();
    assert_eq!(sent.len(), 3);
    let token = sent[0].client_token();
    assert!(is_uuid_v4(&token), "{token}");
    assert_eq!(sent[1].client_token(), token, "the retry repeats the token");
    assert_attempts_of_one_call(&sent[..2]);
    assert_ne!(sent[2].client_token(), token, "a new call gets a new token");
    assert_ne!(
        sent[2].header("amz-sdk-invocation-id"),
        sent[0].header("amz-sdk-invocation-id"),
        "and a new invocation id"
    );
}

#[tokio::test]
async fn an_explicit_client_token_is_sent_as_given_on_every_attempt() {
    let server = Server::start(vec![error_reply(502, "BadGateway"), ok("{}")]).await;
    let client = retrying_client(&server.url, &InstantSleep::new());
    send(minimal(&client).client_token("my-token-\u{e9}"))
        .await
        .expect("retried");
    let sent = server.requests();
    assert_eq!(sent.len(), 2);
    for r in &sent {
        assert_eq!(r.client_token(), "my-token-\u{e9}");
    }
    assert_attempts_of_one_call(&sent);
}

// ---------------------------------------------------------------------------------------------
// 5: no usable connection
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_stalled_server_is_a_timeout_error() {
    let server = Server::start(vec![Reply::Stall, Reply::Stall]).await;
    let client = single_attempt_client_with_timeout(&server.url, Duration::from_millis(300));
    let start = Instant::now();
    let err = send(minimal(&client)).await.expect_err("stalled");
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert!(start.elapsed() < STALL, "the timeout fired, not the server");
    assert!(err.raw_response().is_none());
    assert_eq!(server.requests().len(), 1, "retries are disabled");
}

#[tokio::test]
async fn a_server_that_hangs_up_is_a_dispatch_failure() {
    let server = Server::start(vec![Reply::Close, Reply::HangUp, ok("{}")]).await;
    let client = single_attempt_client(&server.url);
    for case in ["after reading the request", "at once"] {
        let err = send(minimal(&client)).await.expect_err(case);
        let SdkError::DispatchFailure(failure) = &err else {
            panic!("{case}: expected a dispatch failure, got {err:?}")
        };
        assert!(failure.is_io() && !failure.is_timeout(), "{case}: {err:?}");
        assert!(err.raw_response().is_none());
    }
    assert_eq!(
        server.requests().len(),
        1,
        "only the first request was read"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_dispatch_failure() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    drop(listener);
    let err = send(minimal(&single_attempt_client(&url)))
        .await
        .expect_err("refused");
    let SdkError::DispatchFailure(failure) = &err else {
        panic!("expected a dispatch failure, got {err:?}")
    };
    assert!(failure.is_io(), "{err:?}");
}

// ---------------------------------------------------------------------------------------------
// 6: broken response bodies
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn an_unreadable_200_body_is_a_response_error_with_the_raw_response() {
    let bodies = [r#"{"requestId":"ab"#, "<html>", r#"{"requestId":5}"#];
    let server = Server::start(bodies.iter().map(|b| ok(b)).collect()).await;
    let client = single_attempt_client(&server.url);
    for body in bodies {
        let err = send(minimal(&client)).await.expect_err(body);
        let SdkError::ResponseError(response_error) = &err else {
            panic!("{body}: expected a response error, got {err:?}")
        };
        let raw = response_error.raw();
        assert_eq!(raw.status(), 200, "{body}");
        assert_eq!(raw.body(), body.as_bytes());
        assert_eq!(raw.headers().get("x-amzn-requestid"), Some("req-ok"));
        assert_eq!(err.request_id(), Some("req-ok"), "{body}");
    }
}

#[tokio::test]
async fn a_body_shorter_than_its_content_length_is_an_error_not_a_hang() {
    const SHORT: &str = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                         content-length: 100\r\n\r\n{\"requestId\":";
    let server = Server::start(vec![Reply::Raw(SHORT), Reply::RawThenStall(SHORT)]).await;
    let client = single_attempt_client_with_timeout(&server.url, Duration::from_millis(500));

    // The server closes after the short body: the connection broke mid-response.
    let err = send(minimal(&client)).await.expect_err("closed early");
    let SdkError::DispatchFailure(failure) = &err else {
        panic!("expected a dispatch failure, got {err:?}")
    };
    assert!(failure.is_io(), "{err:?}");

    // The server keeps the connection open: the attempt timeout ends the wait.
    let start = Instant::now();
    let err = send(minimal(&client)).await.expect_err("stalled body");
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    assert!(start.elapsed() < STALL);
    assert_eq!(server.requests().len(), 2);
}

// ---------------------------------------------------------------------------------------------
// The example program's logic
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn the_example_updates_and_explains_errors() {
    use example_update_infrastructure_configuration::{
        explain, update_infrastructure_configuration,
    };
    let server = Server::start(vec![
        ok(r#"{"infrastructureConfigurationArn":"arn:done"}"#),
        error_reply(400, "ResourceInUseException"),
        error_reply(400, "BrandNewException"),
    ])
    .await;
    let client = single_attempt_client(&server.url);
    let types = ["t3.micro".to_owned()];

    let out = bounded(update_infrastructure_configuration(
        &client, ARN, "role", &types,
    ))
    .await
    .expect("200");
    assert_eq!(out.infrastructure_configuration_arn(), Some("arn:done"));
    let body = server.requests()[0].json();
    assert_eq!(body["instanceTypes"], json!(["t3.micro"]));
    assert!(is_uuid_v4(body["clientToken"].as_str().unwrap()));

    let err = bounded(update_infrastructure_configuration(
        &client,
        ARN,
        "role",
        &[],
    ))
    .await
    .expect_err("in use");
    assert_eq!(
        explain(&err),
        "the infrastructure configuration is in use, try again later: \
         ResourceInUseException happened"
    );
    assert!(server.requests()[1].json().get("instanceTypes").is_none());

    let err = bounded(update_infrastructure_configuration(
        &client,
        ARN,
        "role",
        &[],
    ))
    .await
    .expect_err("unknown");
    assert_eq!(
        explain(&err),
        "BrandNewException: BrandNewException happened"
    );
}
