//! The built-in HTTP client, signing and retries against a real HTTP/1.1 server on loopback.
//!
//! The server is a few lines of tokio: it accepts at most as many connections as its script has
//! steps, reads one request per connection, records it, and acts out the step (answer, stall,
//! or hang up). Every read and wait is bounded, and the task dies with the test's runtime.

#![cfg(feature = "default-https-client")]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use smithy_rt::client::{invoke, OperationInfo};
use smithy_rt::config::{Config, Credentials, Region, RetryConfig, TimeoutConfig};
use smithy_rt::error::DisplayErrorContext;
use smithy_rt::http::{HttpRequest, HttpResponse};
use smithy_rt::retry::Jitter;
use smithy_rt::test_util::InstantSleep;
use smithy_rt::SdkError;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const OP: OperationInfo = OperationInfo {
    service: "imagebuilder",
    operation: "UpdateThing",
    signing_name: Some("imagebuilder"),
    retryable_errors: &[],
    throttling_errors: &[],
    request_compression: &[],
    protocol: &smithy_rt::protocol::REST_JSON_1,
};
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const TOKEN: &str = "IQoJb3JpZ2luX2VjEXAMPLESESSION";
const BODY: &str = r#"{"clientToken":"4b0c5c5e-0000-4000-8000-000000000000"}"#;

/// What the server does with one connection.
#[derive(Clone)]
enum Step {
    /// Answers with this status, extra header lines and body.
    Respond(u16, &'static str, String),
    /// Reads the request and then says nothing for a while.
    Stall,
    /// Reads the request and closes the connection without answering.
    Close,
    /// Sends a 200 head announcing `total` body bytes, then the body in `chunks` pieces with
    /// `pause` between them, then says nothing for 5 s.
    Dribble {
        total: usize,
        chunks: usize,
        pause: Duration,
    },
}

/// One request as the server read it.
#[derive(Debug, Clone)]
struct Received {
    head: String,
    body: Vec<u8>,
}

impl Received {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().skip(1).find_map(|line| {
            let (n, v) = line.split_once(':')?;
            n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }
}

/// Starts the server; returns its base URL and the log of requests.
async fn serve(script: Vec<Step>) -> (String, Arc<Mutex<Vec<Received>>>) {
    let listener = TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind loopback");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    let log = Arc::new(Mutex::new(Vec::new()));
    let received = Arc::clone(&log);
    tokio::spawn(async move {
        for step in script {
            let Ok(Ok((stream, _))) =
                tokio::time::timeout(Duration::from_secs(10), listener.accept()).await
            else {
                return;
            };
            let received = Arc::clone(&received);
            tokio::spawn(handle(stream, step, received));
        }
    });
    (url, log)
}

async fn handle(mut stream: TcpStream, step: Step, log: Arc<Mutex<Vec<Received>>>) {
    let Some(request) = read_request(&mut stream).await else {
        return;
    };
    log.lock().expect("log").push(request);
    match step {
        Step::Respond(status, headers, body) => {
            let head = format!(
                "HTTP/1.1 {status} X\r\ncontent-length: {}\r\nconnection: close\r\n{headers}\r\n",
                body.len()
            );
            let _ = stream.write_all(head.as_bytes()).await;
            let _ = stream.write_all(body.as_bytes()).await;
            let _ = stream.shutdown().await;
        }
        Step::Stall => tokio::time::sleep(Duration::from_secs(5)).await,
        Step::Close => drop(stream),
        Step::Dribble {
            total,
            chunks,
            pause,
        } => {
            let head = format!("HTTP/1.1 200 OK\r\ncontent-length: {total}\r\n\r\n");
            let _ = stream.write_all(head.as_bytes()).await;
            for _ in 0..chunks {
                let _ = stream.write_all(b"x").await;
                let _ = stream.flush().await;
                tokio::time::sleep(pause).await;
            }
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    }
}

/// Reads a request head and a `content-length` body, within 5 seconds and 1 MiB.
async fn read_request(stream: &mut TcpStream) -> Option<Received> {
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    let read = async {
        loop {
            if let Some(end) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&buf[..end]).into_owned();
                let length = head
                    .lines()
                    .find_map(|l| {
                        let (n, v) = l.split_once(':')?;
                        n.eq_ignore_ascii_case("content-length")
                            .then(|| v.trim().parse().ok())?
                    })
                    .unwrap_or(0usize);
                if buf.len() >= end + 4 + length {
                    let body = buf[end + 4..end + 4 + length].to_vec();
                    return Some(Received { head, body });
                }
            }
            if buf.len() > 1 << 20 {
                return None;
            }
            let n = stream.read(&mut chunk).await.ok()?;
            if n == 0 {
                return None;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
    };
    tokio::time::timeout(Duration::from_secs(5), read)
        .await
        .ok()
        .flatten()
}

/// A config against `url` with signing credentials, instant recorded backoff and fixed
/// jitter. The built-in HTTP client is used (no `http_client` is set).
fn config(url: &str, sleep: &InstantSleep) -> Config {
    config_builder(url, sleep).build()
}

fn config_builder(url: &str, sleep: &InstantSleep) -> smithy_rt::config::Builder {
    Config::builder()
        .endpoint_url(url)
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new(
            "AKIDEXAMPLE",
            SECRET,
            Some(TOKEN.to_owned()),
            None,
            "test",
        ))
        .sleep_impl(sleep.clone())
        .retry_jitter(Jitter::fixed(0.5))
}

#[derive(Debug)]
struct OpError;

impl std::fmt::Display for OpError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("op error")
    }
}

impl std::error::Error for OpError {}

async fn call(config: &Config) -> Result<HttpResponse, SdkError<OpError>> {
    let mut request = HttpRequest::new("POST", "/things/1?mode=x");
    request.headers.insert("content-type", "application/json");
    request.body = BODY.as_bytes().to_vec();
    invoke::<OpError>(config, &OP, request).await
}

fn requests(log: &Arc<Mutex<Vec<Received>>>) -> Vec<Received> {
    log.lock().expect("log").clone()
}

fn ok(body: &str) -> Step {
    Step::Respond(200, "content-type: application/json\r\n", body.to_owned())
}

fn error(status: u16, code: &str) -> Step {
    Step::Respond(
        status,
        "content-type: application/json\r\nx-amzn-requestid: req-1\r\n",
        format!(r#"{{"__type":"{code}","message":"nope"}}"#),
    )
}

#[tokio::test]
async fn signed_request_headers_are_sent() {
    let (url, log) = serve(vec![ok(r#"{"a":1}"#)]).await;
    let response = call(&config(&url, &InstantSleep::new()))
        .await
        .expect("200");
    assert_eq!(response.status, 200);
    assert_eq!(response.body, br#"{"a":1}"#);
    assert_eq!(
        response.headers.get("content-type"),
        Some("application/json")
    );

    let sent = requests(&log);
    assert_eq!(sent.len(), 1);
    let r = &sent[0];
    assert!(
        r.head.starts_with("POST /things/1?mode=x HTTP/1.1"),
        "{}",
        r.head
    );
    assert_eq!(r.body, BODY.as_bytes());
    let authorization = r.header("authorization").expect("authorization");
    assert!(
        authorization.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
        "{authorization}"
    );
    assert!(
        authorization.contains("/us-east-1/imagebuilder/aws4_request"),
        "{authorization}"
    );
    assert!(authorization.contains("SignedHeaders=") && authorization.contains("Signature="));
    assert_eq!(r.header("x-amz-security-token"), Some(TOKEN));
    assert!(r
        .header("x-amz-date")
        .is_some_and(|d| d.len() == 16 && d.ends_with('Z')));
    assert_eq!(r.header("amz-sdk-invocation-id").map(str::len), Some(36));
    assert_eq!(r.header("amz-sdk-request"), Some("attempt=1; max=3"));
    let agent = format!("smithy-rt/{} imagebuilder", env!("CARGO_PKG_VERSION"));
    assert_eq!(r.header("user-agent"), Some(agent.as_str()));
    assert_eq!(r.header("x-amz-user-agent"), Some(agent.as_str()));
    assert_eq!(r.header("host"), Some(url.trim_start_matches("http://")));
    assert_eq!(
        r.header("content-length"),
        Some(BODY.len().to_string().as_str())
    );
    assert!(!r.head.contains(SECRET));
}

#[tokio::test]
async fn a_503_is_retried_with_the_same_body() {
    let (url, log) = serve(vec![error(503, "ServiceUnavailableException"), ok("{}")]).await;
    let sleep = InstantSleep::new();
    let config = config(&url, &sleep);
    let response = call(&config).await.expect("retried");
    assert_eq!(response.status, 200);
    let sent = requests(&log);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[0].body, sent[1].body);
    assert_eq!(
        sent[0].header("amz-sdk-invocation-id"),
        sent[1].header("amz-sdk-invocation-id")
    );
    assert_eq!(sent[1].header("amz-sdk-request"), Some("attempt=2; max=3"));
    assert!(
        sent[1].header("authorization").is_some(),
        "every attempt is signed"
    );
    assert_eq!(sleep.logs(), [Duration::from_millis(500)]);
}

#[tokio::test]
async fn a_400_is_not_retried() {
    let (url, log) = serve(vec![error(400, "ValidationException"), ok("{}")]).await;
    let response = call(&config(&url, &InstantSleep::new()))
        .await
        .expect("raw 400");
    assert_eq!(response.status, 400);
    assert_eq!(response.headers.get("x-amzn-requestid"), Some("req-1"));
    assert_eq!(requests(&log).len(), 1);
}

#[tokio::test]
async fn a_429_is_retried_only_with_a_throttling_code() {
    let (url, log) = serve(vec![error(429, "CallRateLimitExceededException"), ok("{}")]).await;
    let response = call(&config(&url, &InstantSleep::new()))
        .await
        .expect("raw 429");
    assert_eq!(
        response.status, 429,
        "a 429 without a throttling code is final"
    );
    assert_eq!(requests(&log).len(), 1);

    let (url, log) = serve(vec![error(429, "ThrottlingException"), ok("{}")]).await;
    let response = call(&config(&url, &InstantSleep::new()))
        .await
        .expect("retried");
    assert_eq!(response.status, 200);
    assert_eq!(requests(&log).len(), 2);
}

#[tokio::test]
async fn a_stalled_server_is_a_timeout_error() {
    let (url, log) = serve(vec![Step::Stall, Step::Stall]).await;
    // Real (tokio) timers here: the attempt timeout must actually elapse.
    let config = Config::builder()
        .endpoint_url(url)
        .retry_config(
            RetryConfig::standard()
                .with_max_attempts(2)
                .with_initial_backoff(Duration::from_millis(1)),
        )
        .timeout_config(
            TimeoutConfig::builder()
                .operation_attempt_timeout(Duration::from_millis(200))
                .build(),
        )
        .build();
    let unsigned = OperationInfo {
        signing_name: None,
        ..OP
    };
    let err = invoke::<OpError>(&config, &unsigned, HttpRequest::new("GET", "/slow"))
        .await
        .expect_err("stalled");
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    let text = DisplayErrorContext(&err).to_string();
    assert!(text.contains("attempt 2 did not complete within"), "{text}");
    assert_eq!(requests(&log).len(), 2, "the timeout was retried once");
}

#[tokio::test]
async fn a_closed_connection_is_a_dispatch_failure() {
    let (url, log) = serve(vec![Step::Close, Step::Close, Step::Close]).await;
    let sleep = InstantSleep::new();
    let config = config(&url, &sleep);
    let err = call(&config).await.expect_err("hung up");
    let SdkError::DispatchFailure(failure) = &err else {
        panic!("expected a dispatch failure, got {err:?}")
    };
    assert!(failure.is_io() && !failure.is_timeout(), "{err:?}");
    assert_eq!(requests(&log).len(), 3, "retried up to max attempts");
    assert_eq!(
        sleep.logs(),
        [Duration::from_millis(500), Duration::from_secs(1)]
    );
    assert_eq!(
        config.token_bucket().available(),
        500 - 2 * 10,
        "timeout-class cost"
    );
}

#[tokio::test]
async fn a_refused_connection_is_a_dispatch_failure() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    drop(listener);
    let err = call(&config(&url, &InstantSleep::new()))
        .await
        .expect_err("refused");
    let SdkError::DispatchFailure(failure) = &err else {
        panic!("expected a dispatch failure, got {err:?}")
    };
    assert!(failure.is_io(), "{err:?}");
}

#[tokio::test]
async fn an_oversize_body_is_refused() {
    let big = "x".repeat(4096);
    let (url, log) = serve(vec![ok(&big), ok(&big)]).await;
    let config = config_builder(&url, &InstantSleep::new())
        .max_response_body_size(1024)
        .build();
    let err = call(&config).await.expect_err("too big");
    assert!(matches!(err, SdkError::DispatchFailure(_)), "{err:?}");
    let text = DisplayErrorContext(&err).to_string();
    assert!(text.contains("exceeds the limit of 1024 bytes"), "{text}");
    assert_eq!(requests(&log).len(), 1, "not retried");
}

#[tokio::test]
async fn an_oversize_chunked_body_is_refused_while_reading() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(async move {
        let Ok(Ok((mut stream, _))) =
            tokio::time::timeout(Duration::from_secs(10), listener.accept()).await
        else {
            return;
        };
        if read_request(&mut stream).await.is_none() {
            return;
        }
        let _ = stream
            .write_all(b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n")
            .await;
        // Bounded: 64 chunks of 1 KiB, far past the 2 KiB limit.
        for _ in 0..64 {
            let chunk = format!("400\r\n{}\r\n", "y".repeat(1024));
            if stream.write_all(chunk.as_bytes()).await.is_err() {
                return;
            }
        }
        let _ = stream.write_all(b"0\r\n\r\n").await;
    });
    let config = Config::builder()
        .endpoint_url(url)
        .max_response_body_size(2048)
        .build();
    let unsigned = OperationInfo {
        signing_name: None,
        ..OP
    };
    let err = invoke::<OpError>(&config, &unsigned, HttpRequest::new("GET", "/"))
        .await
        .expect_err("too big");
    let text = DisplayErrorContext(&err).to_string();
    assert!(text.contains("exceeds the limit of 2048 bytes"), "{text}");
}

#[tokio::test]
async fn a_stalled_response_body_is_a_retried_timeout() {
    // 3 of 10 announced bytes arrive, then nothing: both attempts fail after the grace period.
    let stall = Step::Dribble {
        total: 10,
        chunks: 3,
        pause: Duration::from_millis(10),
    };
    let (url, log) = serve(vec![stall.clone(), stall]).await;
    let client = smithy_rt::connector::https::HttpsClient::builder()
        .stalled_body_timeout(Duration::from_millis(300))
        .build();
    let config = config_builder(&url, &InstantSleep::new())
        .http_client(client)
        .retry_config(RetryConfig::standard().with_max_attempts(2))
        .build();
    let err = call(&config).await.expect_err("stalled body");
    assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
    let text = DisplayErrorContext(&err).to_string();
    assert!(
        text.contains("the response body stalled: no data for 300ms after 3 bytes"),
        "{text}"
    );
    assert_eq!(requests(&log).len(), 2, "the stall was retried once");
}

#[tokio::test]
async fn a_slow_body_that_keeps_coming_is_read() {
    // 5 bytes, 100 ms apart: slower than the whole grace period in total, never stalled.
    let (url, _log) = serve(vec![Step::Dribble {
        total: 5,
        chunks: 5,
        pause: Duration::from_millis(100),
    }])
    .await;
    let client = smithy_rt::connector::https::HttpsClient::builder()
        .stalled_body_timeout(Duration::from_millis(300))
        .build();
    let config = config_builder(&url, &InstantSleep::new())
        .http_client(client)
        .build();
    let response = call(&config).await.expect("read");
    assert_eq!(response.body(), b"xxxxx");
}
