//! One operation call, attempt by attempt: credentials, signing, retries, timeouts, tracing.
//!
//! In: the config, the operation, a request whose URI is absolute and whose standard headers
//! are set (by [`crate::client::invoke`]), and the signing scope overrides of the resolved
//! endpoint. Out: the last response (any status: the generated deserializer interprets it)
//! or an [`SdkError`].
//!
//! Per call: credentials are resolved once, one `amz-sdk-invocation-id` is drawn, and the
//! operation timeout covers everything. Per attempt: the same request (same body, so the same
//! idempotency token) gets `amz-sdk-request: attempt=N; max=M`, is signed afresh, and is sent
//! under the attempt timeout; the outcome is classified by [`crate::retry`] and, when it is
//! retryable and the retry quota allows, retried after the backoff. When retries run out, a
//! timeout is an [`SdkError::TimeoutError`] and any other connector failure an
//! [`SdkError::DispatchFailure`].

use std::time::{Duration, SystemTime};

use tracing::Instrument;

use crate::client::OperationInfo;
use crate::clock_skew::Skew;
use crate::config::{Config, Credentials, ProvideCredentials};
use crate::connector::{ConnectorError, HttpConnector, SharedHttpConnector};
use crate::error::SdkError;
use crate::http::{HttpRequest, HttpResponse};
use crate::retry;
use crate::sigv4::{self, PayloadChecksum, SigningParams, SigningSettings};
use crate::sleep::{self, AsyncSleep};

/// Signing region and name that the resolved endpoint asks for (its `authSchemes` property);
/// each `None` falls back to the config's region and the operation's signing name.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct AuthOverrides {
    pub(crate) signing_region: Option<String>,
    pub(crate) signing_name: Option<String>,
}

impl AuthOverrides {
    /// `signingRegion` / `signingName` of the first `sigv4` entry of `authSchemes`.
    pub(crate) fn from_endpoint_properties(properties: &crate::json::Map) -> Self {
        let scheme = properties
            .get("authSchemes")
            .and_then(crate::json::Value::as_array)
            .and_then(|schemes| {
                schemes
                    .iter()
                    .find(|s| s.get("name").and_then(crate::json::Value::as_str) == Some("sigv4"))
            });
        let field = |name: &str| {
            scheme
                .and_then(|s| s.get(name))
                .and_then(crate::json::Value::as_str)
                .map(str::to_owned)
        };
        Self {
            signing_region: field("signingRegion"),
            signing_name: field("signingName"),
        }
    }
}

/// What every attempt is signed with.
struct Signing {
    credentials: Credentials,
    region: String,
    name: String,
}

/// Sends `request` for `op` with retries; see the module docs.
pub(crate) async fn send<E>(
    config: &Config,
    op: &OperationInfo,
    request: HttpRequest,
    auth: AuthOverrides,
    credentials: Option<Credentials>,
) -> Result<HttpResponse, SdkError<E>> {
    let connector = config.http_client().ok_or_else(|| {
        SdkError::construction_failure(format!(
            "cannot call {}.{}: no HTTP client is configured; set `http_client` on the config \
             builder (or enable the `default-https-client` feature of smithy-rt)",
            op.service, op.operation
        ))
    })?;
    let signing = match (op.signing_name, credentials) {
        (Some(name), Some(credentials)) => {
            Some(resolve_signing(config, op, name, auth, credentials)?)
        }
        (Some(name), None) => {
            let credentials = self::credentials(config, op).await?;
            Some(resolve_signing(config, op, name, auth, credentials)?)
        }
        (None, _) => None,
    };
    let invocation_id = crate::idempotency::uuid_v4();
    let span = tracing::debug_span!(
        "operation",
        service = op.service,
        operation = op.operation,
        invocation_id = %invocation_id,
    );
    let limit = config.timeout_config().operation_timeout();
    let attempts = attempts(
        config,
        op,
        connector,
        signing.as_ref(),
        request,
        &invocation_id,
    );
    match sleep::timeout(config.sleep_impl(), limit, attempts)
        .instrument(span)
        .await
    {
        Ok(result) => result,
        Err(()) => Err(SdkError::timeout_error(format!(
            "{}.{} did not complete within the operation timeout of {:?}",
            op.service,
            op.operation,
            limit.unwrap_or_default()
        ))),
    }
}

/// Region and signing name for `credentials`, or a construction failure that says what to set.
fn resolve_signing<E>(
    config: &Config,
    op: &OperationInfo,
    name: &str,
    auth: AuthOverrides,
    credentials: Credentials,
) -> Result<Signing, SdkError<E>> {
    let region = auth
        .signing_region
        .or_else(|| config.region().map(|r| r.as_ref().to_owned()))
        .ok_or_else(|| {
            SdkError::construction_failure(format!(
                "cannot call {}.{}: no region is configured; set `region` on the config builder \
                 (e.g. `.region(Region::new(\"us-east-1\"))`) or `AWS_REGION` and use \
                 `smithy_rt::config::load_from_env()`",
                op.service, op.operation
            ))
        })?;
    Ok(Signing {
        credentials,
        region,
        name: auth.signing_name.unwrap_or_else(|| name.to_owned()),
    })
}

/// The credentials a signed call of `op` is made with (resolved once per call), or a
/// construction failure that says what to set.
pub(crate) async fn credentials<E>(
    config: &Config,
    op: &OperationInfo,
) -> Result<Credentials, SdkError<E>> {
    let provider = config.credentials_provider().ok_or_else(|| {
        SdkError::construction_failure(format!(
            "cannot call {}.{}: the operation is signed with SigV4 but no credentials provider \
             is configured; set `credentials_provider` on the config builder (e.g. \
             `.credentials_provider(Credentials::new(access_key_id, secret_access_key, None, \
             None, \"static\"))`) or load them from the environment and `~/.aws` with \
             `smithy_rt::config::load_from_env()`",
            op.service, op.operation
        ))
    })?;
    provider
        .provide_credentials()
        .await
        .map_err(SdkError::construction_failure)
}

/// The attempt loop.
async fn attempts<E>(
    config: &Config,
    op: &OperationInfo,
    connector: &SharedHttpConnector,
    signing: Option<&Signing>,
    request: HttpRequest,
    invocation_id: &str,
) -> Result<HttpResponse, SdkError<E>> {
    let max = config.retry_config().max_attempts();
    let bucket = config.token_bucket();
    let limiter = (config.retry_config().mode() == crate::config::RetryMode::Adaptive)
        .then(|| config.rate_limiter());
    let mut last_retry_cost = None;
    let mut attempt = 1;
    // The clock offset learned from responses of this client; see `clock_skew`.
    let client_skew = config.client_skew();
    // Every attempt sends the same body: hash it once for all signatures.
    let payload_hash = signing.map(|_| sigv4::payload_hash(&request.body));
    loop {
        if let Some(limiter) = limiter {
            let wait = limiter.acquire(monotonic_secs());
            if !wait.is_zero() {
                tracing::debug!(
                    attempt,
                    ?wait,
                    "adaptive retry mode: waiting for a send token"
                );
                config.sleep_impl().sleep(wait).await;
            }
        }
        let sent = SystemTime::now();
        let outcome = attempt_once(
            config,
            connector,
            signing.zip(payload_hash.as_deref()),
            &request,
            invocation_id,
            (attempt, max),
            client_skew.get().apply(sent),
        )
        .instrument(tracing::debug_span!("attempt", attempt))
        .await?;
        let measured = match &outcome {
            Ok(response) => Skew::measure(&response.headers, sent, SystemTime::now()),
            Err(_) => None,
        };
        if let Some(measured) = measured {
            client_skew.set(measured);
        }
        let kind = match &outcome {
            Ok(response) if response.is_success() => None,
            Ok(response) => {
                let code = op.protocol.error_code(&response.headers, &response.body);
                let code = code.as_deref();
                let reason = || response_reason(response.status, code);
                match (
                    retry::classify_response(response.status, code, op),
                    measured,
                ) {
                    (Some(kind), _) => Some((kind, reason())),
                    // Signed with a skewed clock: retried, signed with the measured offset.
                    (None, Some(m)) if m.explains(code) => Some((
                        retry::ErrorKind::ServerError,
                        format!("{}, clock skew of {} ms", reason(), m.as_millis()),
                    )),
                    (None, _) => None,
                }
            }
            Err(error) => retry::classify_connector_error(error)
                .map(|kind| (kind, crate::error::DisplayErrorContext(error).to_string())),
        };
        if let Some(limiter) = limiter {
            let throttled = matches!(kind, Some((retry::ErrorKind::ThrottlingError, _)));
            limiter.update(monotonic_secs(), throttled);
        }
        let Some((kind, reason)) = kind else {
            if matches!(&outcome, Ok(r) if r.is_success()) {
                bucket.refund(last_retry_cost.unwrap_or(retry::TokenBucket::NO_RETRY_INCREMENT));
            }
            return finish(outcome);
        };
        if attempt >= max {
            tracing::debug!(attempt, %kind, reason, "not retrying: no attempts left");
            return finish(outcome);
        }
        let Some(cost) = bucket.try_acquire(kind) else {
            tracing::debug!(
                attempt,
                %kind,
                reason,
                available = bucket.available(),
                "not retrying: the retry quota is exhausted"
            );
            return finish(outcome);
        };
        last_retry_cost = Some(cost);
        let delay = retry::backoff(config.retry_config(), attempt, config.retry_jitter().next());
        tracing::debug!(attempt, %kind, reason, ?delay, "retrying");
        if !delay.is_zero() {
            config.sleep_impl().sleep(delay).await;
        }
        attempt += 1;
    }
}

/// One attempt: headers, signature, dispatch under the attempt timeout. The outer `Err` is a
/// signing failure (not retried); the inner result is what the connector produced.
async fn attempt_once<E>(
    config: &Config,
    connector: &SharedHttpConnector,
    signing: Option<(&Signing, &str)>,
    request: &HttpRequest,
    invocation_id: &str,
    (attempt, max): (u32, u32),
    signing_time: SystemTime,
) -> Result<Result<HttpResponse, ConnectorError>, SdkError<E>> {
    let mut request = request.clone();
    request
        .headers
        .insert("amz-sdk-invocation-id", invocation_id);
    request
        .headers
        .insert("amz-sdk-request", format!("attempt={attempt}; max={max}"));
    if let Some((signing, payload_hash)) = signing {
        let params = SigningParams {
            access_key_id: signing.credentials.access_key_id(),
            secret_access_key: signing.credentials.secret_access_key(),
            session_token: signing.credentials.session_token(),
            region: &signing.region,
            service: &signing.name,
            time: signing_time,
            settings: SigningSettings {
                payload_checksum: PayloadChecksum::NoHeader,
                ..SigningSettings::default()
            },
        };
        sigv4::sign_with_payload_hash(&mut request, &params, payload_hash)
            .map_err(SdkError::construction_failure)?;
    }
    let limit = config.timeout_config().operation_attempt_timeout();
    let result = match sleep::timeout(config.sleep_impl(), limit, connector.call(request)).await {
        Ok(result) => result,
        Err(()) => Err(attempt_timed_out(attempt, limit.unwrap_or_default())),
    };
    // The built-in client stops reading at the limit; any other connector (a test double, a
    // user's own) is held to the same limit once it has answered.
    let max = config.max_response_body_size();
    Ok(result.and_then(|response| {
        if response.body.len() > max {
            Err(ConnectorError::body_too_large(max))
        } else {
            Ok(response)
        }
    }))
}

/// Seconds on a monotonic clock (since the first call in this process), for the rate limiter.
fn monotonic_secs() -> f64 {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_secs_f64()
}

fn attempt_timed_out(attempt: u32, limit: Duration) -> ConnectorError {
    ConnectorError::timeout(
        format!("attempt {attempt} did not complete within the attempt timeout of {limit:?}")
            .into(),
    )
}

fn response_reason(status: u16, code: Option<&str>) -> String {
    match code {
        Some(code) => format!("HTTP {status} {code}"),
        None => format!("HTTP {status}"),
    }
}

/// The final outcome as the caller sees it.
fn finish<E>(outcome: Result<HttpResponse, ConnectorError>) -> Result<HttpResponse, SdkError<E>> {
    match outcome {
        Ok(response) => Ok(response),
        Err(error) if error.is_timeout() => Err(SdkError::timeout_error(error)),
        Err(error) => Err(SdkError::dispatch_failure(error)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Region, RetryConfig, TimeoutConfig};
    use crate::error::DisplayErrorContext;
    use crate::retry::{Jitter, TokenBucket};
    use crate::test_util::{block_on, CaptureConnector, InstantSleep};

    const SIGNED: OperationInfo = OperationInfo {
        service: "imagebuilder",
        operation: "ListImages",
        signing_name: Some("imagebuilder"),
        retryable_errors: &["ModeledRetryable"],
        throttling_errors: &[],
        request_compression: &[],
        protocol: &crate::protocol::REST_JSON_1,
    };
    const UNSIGNED: OperationInfo = OperationInfo {
        signing_name: None,
        ..SIGNED
    };
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    #[derive(Debug)]
    struct Unit;

    impl std::fmt::Display for Unit {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("unit")
        }
    }

    impl std::error::Error for Unit {}

    fn request() -> HttpRequest {
        let mut request = HttpRequest::new(
            "POST",
            "https://imagebuilder.us-east-1.amazonaws.com/ListImages",
        );
        request
            .headers
            .insert("host", "imagebuilder.us-east-1.amazonaws.com");
        request.headers.insert("content-type", "application/json");
        request.body = br#"{"clientToken":"tok-1"}"#.to_vec();
        request
    }

    /// A signed config with instant, recorded backoff and jitter fixed at one half.
    fn config(connector: &CaptureConnector, sleep: &InstantSleep) -> Config {
        Config::builder()
            .http_client(connector.clone())
            .region(Region::new("us-east-1"))
            .credentials_provider(Credentials::new(
                "AKIDEXAMPLE",
                SECRET,
                Some("session-token".to_owned()),
                None,
                "test",
            ))
            .sleep_impl(sleep.clone())
            .retry_jitter(Jitter::fixed(0.5))
            .build()
    }

    fn run(
        config: &Config,
        op: &OperationInfo,
        auth: AuthOverrides,
    ) -> Result<HttpResponse, SdkError<Unit>> {
        block_on(send::<Unit>(config, op, request(), auth, None))
    }

    fn error(status: u16, code: &str) -> HttpResponse {
        HttpResponse::new(status, format!(r#"{{"__type":"{code}","message":"m"}}"#))
    }

    #[test]
    fn retries_a_503_with_the_same_body_and_invocation_id() {
        let connector = CaptureConnector::new(vec![
            error(503, "ServiceUnavailableException"),
            HttpResponse::new(200, "{}"),
        ]);
        let sleep = InstantSleep::new();
        let config = config(&connector, &sleep);
        let response = run(&config, &SIGNED, AuthOverrides::default()).expect("retried");
        assert_eq!(response.status, 200);

        let sent = connector.requests();
        assert_eq!(sent.len(), 2);
        assert_eq!(
            sent[0].body, sent[1].body,
            "the same body, so the same idempotency token"
        );
        let id = sent[0]
            .headers
            .get("amz-sdk-invocation-id")
            .expect("invocation id");
        assert_eq!(id.len(), 36);
        assert_eq!(sent[1].headers.get("amz-sdk-invocation-id"), Some(id));
        assert_eq!(
            sent[0].headers.get("amz-sdk-request"),
            Some("attempt=1; max=3")
        );
        assert_eq!(
            sent[1].headers.get("amz-sdk-request"),
            Some("attempt=2; max=3")
        );
        for sent in &sent {
            let auth = sent.headers.get("authorization").expect("signed");
            assert!(
                auth.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"),
                "{auth}"
            );
            assert!(
                auth.contains("/us-east-1/imagebuilder/aws4_request"),
                "{auth}"
            );
            assert!(
                auth.contains("amz-sdk-request"),
                "attempt header is signed: {auth}"
            );
            assert!(sent.headers.contains("x-amz-date"));
            assert_eq!(
                sent.headers.get("x-amz-security-token"),
                Some("session-token")
            );
            assert!(!sent.headers.contains("x-amz-content-sha256"));
        }
        assert_eq!(sleep.logs(), [Duration::from_millis(500)], "0.5 * 1 s");
        assert_eq!(
            config.token_bucket().available(),
            500,
            "the retry cost is refunded"
        );
    }

    #[test]
    fn backoff_sequence_then_the_last_response() {
        let connector =
            CaptureConnector::new((0..5).map(|_| error(500, "InternalFailure")).collect());
        let sleep = InstantSleep::new();
        let config = config(&connector, &sleep)
            .to_builder()
            .retry_config(RetryConfig::standard().with_max_attempts(5))
            .retry_jitter(Jitter::fixed(1.0))
            .build();
        let response = run(&config, &SIGNED, AuthOverrides::default()).expect("raw 500");
        assert_eq!(response.status, 500);
        assert_eq!(connector.requests().len(), 5);
        let secs = Duration::from_secs;
        assert_eq!(sleep.logs(), [secs(1), secs(2), secs(4), secs(8)]);
        assert_eq!(
            config.token_bucket().available(),
            500 - 4 * 5,
            "no refund on failure"
        );
    }

    #[test]
    fn adaptive_mode_rate_limits_after_throttling() {
        let throttled = || error(400, "ThrottlingException");
        let connector = CaptureConnector::new(vec![
            HttpResponse::new(200, "{}"),
            throttled(),
            HttpResponse::new(200, "{}"),
        ]);
        let sleep = InstantSleep::new();
        let config = config_for_mode(&connector, &sleep, RetryConfig::adaptive());
        // Before any throttling the limiter lets calls through without waiting.
        run(&config, &SIGNED, AuthOverrides::default()).expect("first call");
        assert!(sleep.logs().is_empty());
        assert!(!config.rate_limiter().is_enabled());
        // A throttling error engages it: the retry waits for its backoff (0.5 * 1 s) and then
        // for a send token from a bucket refilling at the minimum 0.5 tokens per second.
        let response = run(&config, &SIGNED, AuthOverrides::default()).expect("retried");
        assert_eq!(response.status, 200);
        assert!(config.rate_limiter().is_enabled());
        let logs = sleep.logs();
        assert_eq!(logs.len(), 2, "{logs:?}");
        assert_eq!(logs[0], Duration::from_millis(500));
        assert!(
            logs[1] > Duration::from_millis(1900) && logs[1] <= Duration::from_secs(2),
            "{logs:?}"
        );

        // Standard mode never waits for the limiter.
        let connector = CaptureConnector::new(vec![throttled(), HttpResponse::new(200, "{}")]);
        let sleep = InstantSleep::new();
        let standard = config_for_mode(&connector, &sleep, RetryConfig::standard());
        run(&standard, &SIGNED, AuthOverrides::default()).expect("retried");
        assert_eq!(sleep.logs(), [Duration::from_millis(500)]);
        assert!(!standard.rate_limiter().is_enabled());
    }

    fn config_for_mode(
        connector: &CaptureConnector,
        sleep: &InstantSleep,
        retry: RetryConfig,
    ) -> Config {
        config(connector, sleep)
            .to_builder()
            .retry_config(retry)
            .build()
    }

    /// Seconds between the request's `x-amz-date` and this machine's clock now.
    fn signed_ahead_by(request: &HttpRequest) -> i64 {
        let d = request.headers.get("x-amz-date").expect("signed");
        let iso = format!(
            "{}-{}-{}T{}:{}:{}Z",
            &d[0..4],
            &d[4..6],
            &d[6..8],
            &d[9..11],
            &d[11..13],
            &d[13..15]
        );
        let signed = crate::primitives::DateTime::from_str(
            &iso,
            crate::primitives::TimestampFormat::DateTime,
        )
        .expect("x-amz-date");
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .expect("after 1970")
            .as_secs() as i64;
        signed.secs() - now
    }

    /// An error response whose `Date` says the service's clock is `ahead` seconds ahead.
    fn skewed(status: u16, code: &str, ahead: i64) -> HttpResponse {
        let now = SystemTime::now()
            .duration_since(SystemTime::UNIX_EPOCH)
            .expect("after 1970")
            .as_secs() as i64;
        let date = crate::primitives::DateTime::from_secs(now + ahead)
            .fmt(crate::primitives::TimestampFormat::HttpDate)
            .expect("formats");
        error(status, code).with_header("Date", date)
    }

    #[test]
    fn clock_skew_errors_are_retried_with_the_corrected_time() {
        let connector = CaptureConnector::new(vec![
            skewed(403, "InvalidSignatureException", 600),
            HttpResponse::new(200, "{}"),
            HttpResponse::new(200, "{}"),
        ]);
        let sleep = InstantSleep::new();
        let config = config(&connector, &sleep);
        run(&config, &SIGNED, AuthOverrides::default()).expect("retried");
        let skew = config.client_skew().get().as_millis();
        assert!((595_000..=605_000).contains(&skew), "{skew}");
        // A later call keeps signing with the learned offset.
        run(&config, &SIGNED, AuthOverrides::default()).expect("second call");
        let sent = connector.requests();
        assert_eq!(sent.len(), 3);
        assert!(
            signed_ahead_by(&sent[0]).abs() <= 2,
            "first attempt: local time"
        );
        for later in &sent[1..] {
            let ahead = signed_ahead_by(later);
            assert!((597..=603).contains(&ahead), "signed {ahead} s ahead");
        }
    }

    #[test]
    fn small_skew_or_other_codes_are_not_clock_skew_errors() {
        for response in [
            skewed(403, "InvalidSignatureException", 120),
            skewed(400, "ValidationException", 600),
        ] {
            let connector = CaptureConnector::new(vec![response]);
            let config = config(&connector, &InstantSleep::new());
            let response = run(&config, &SIGNED, AuthOverrides::default()).expect("raw error");
            assert!(response.status >= 400);
            assert_eq!(connector.requests().len(), 1, "not retried");
            // The offset is still learned from the response.
            assert!(config.client_skew().get().as_millis() > 100_000);
        }
    }

    #[test]
    fn non_retryable_answers_are_returned_at_once() {
        for (response, why) in [
            (error(400, "ValidationException"), "a 400"),
            (
                error(429, "CallRateLimitExceededException"),
                "a 429 without a throttling code",
            ),
            (HttpResponse::new(404, ""), "a 404 without a body"),
            (HttpResponse::new(501, ""), "a 501"),
        ] {
            let connector = CaptureConnector::new(vec![response, HttpResponse::new(200, "")]);
            let sleep = InstantSleep::new();
            let status = run(
                &config(&connector, &sleep),
                &SIGNED,
                AuthOverrides::default(),
            )
            .expect("raw response")
            .status;
            assert_ne!(status, 200, "{why}");
            assert_eq!(connector.requests().len(), 1, "{why} is not retried");
            assert!(sleep.logs().is_empty());
        }
    }

    #[test]
    fn throttling_and_modeled_codes_are_retried() {
        for first in [
            error(429, "ThrottlingException"),
            error(400, "com.amazon#ModeledRetryable"),
            HttpResponse::new(400, "{}").with_header("x-amzn-errortype", "SlowDown:http://x"),
            error(408, "RequestTimeout"),
        ] {
            let connector = CaptureConnector::new(vec![first, HttpResponse::new(200, "")]);
            let response = run(
                &config(&connector, &InstantSleep::new()),
                &SIGNED,
                AuthOverrides::default(),
            )
            .expect("retried");
            assert_eq!(response.status, 200);
            assert_eq!(connector.requests().len(), 2);
        }
    }

    #[test]
    fn disabled_retries_make_one_attempt() {
        let connector = CaptureConnector::new(vec![error(503, "Unavailable")]);
        let config = config(&connector, &InstantSleep::new())
            .to_builder()
            .retry_config(RetryConfig::disabled())
            .build();
        let response = run(&config, &SIGNED, AuthOverrides::default()).expect("raw");
        assert_eq!(response.status, 503);
        assert_eq!(
            connector.requests()[0].headers.get("amz-sdk-request"),
            Some("attempt=1; max=1")
        );
    }

    #[test]
    fn token_bucket_exhaustion_stops_retries() {
        let connector = CaptureConnector::new(vec![]);
        let sleep = InstantSleep::new();
        let config = config(&connector, &sleep);
        // An empty queue is an `other` connector error: not retried. Feed 503s instead: each
        // failing call retries twice at 5 tokens, so 50 calls drain the 500 tokens.
        for _ in 0..50 {
            for _ in 0..3 {
                connector.push_response(error(503, "Unavailable"));
            }
            run(&config, &UNSIGNED, AuthOverrides::default()).expect("raw 503");
        }
        assert_eq!(config.token_bucket().available(), 0);
        assert_eq!(connector.requests().len(), 150);
        connector.push_response(error(503, "Unavailable"));
        connector.push_response(HttpResponse::new(200, ""));
        let response = run(&config, &UNSIGNED, AuthOverrides::default()).expect("raw 503");
        assert_eq!(
            response.status, 503,
            "no quota left: the failure is returned"
        );
        assert_eq!(connector.requests().len(), 151);
        let response = run(&config, &UNSIGNED, AuthOverrides::default()).expect("ok");
        assert_eq!(response.status, 200);
        assert_eq!(
            config.token_bucket().available(),
            TokenBucket::NO_RETRY_INCREMENT,
            "a first-attempt success adds one token"
        );
    }

    /// Fails with the error `make` builds, every time.
    #[derive(Debug)]
    struct Failing(
        fn() -> ConnectorError,
        std::sync::Arc<std::sync::atomic::AtomicU32>,
    );

    impl HttpConnector for Failing {
        fn call(
            &self,
            _: HttpRequest,
        ) -> crate::connector::BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
            self.1.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
            let error = (self.0)();
            Box::pin(async move { Err(error) })
        }
    }

    #[test]
    fn connector_failures_after_retries() {
        let calls = std::sync::Arc::new(std::sync::atomic::AtomicU32::new(0));
        let sleep = InstantSleep::new();
        let config = |f: fn() -> ConnectorError| {
            Config::builder()
                .http_client(Failing(f, calls.clone()))
                .sleep_impl(sleep.clone())
                .build()
        };
        let err = run(
            &config(|| ConnectorError::timeout("slow".into())),
            &UNSIGNED,
            AuthOverrides::default(),
        )
        .expect_err("timeout");
        assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
        let err = run(
            &config(|| ConnectorError::io("reset".into())),
            &UNSIGNED,
            AuthOverrides::default(),
        )
        .expect_err("io");
        let SdkError::DispatchFailure(failure) = &err else {
            panic!("expected a dispatch failure, got {err:?}")
        };
        assert!(failure.is_io() && !failure.is_timeout());
        assert_eq!(
            calls.load(std::sync::atomic::Ordering::SeqCst),
            6,
            "3 attempts each"
        );
        let err = run(
            &config(|| ConnectorError::other("bad".into())),
            &UNSIGNED,
            AuthOverrides::default(),
        )
        .expect_err("other");
        assert!(matches!(err, SdkError::DispatchFailure(_)));
        assert_eq!(
            calls.load(std::sync::atomic::Ordering::SeqCst),
            7,
            "not retried"
        );
    }

    #[test]
    fn attempt_and_operation_timeouts() {
        /// Never answers.
        #[derive(Debug)]
        struct Stalled;

        impl HttpConnector for Stalled {
            fn call(
                &self,
                _: HttpRequest,
            ) -> crate::connector::BoxFuture<'static, Result<HttpResponse, ConnectorError>>
            {
                Box::pin(std::future::pending())
            }
        }

        let base = Config::builder()
            .http_client(Stalled)
            .sleep_impl(crate::sleep::ThreadSleep)
            .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)));
        let attempt = base
            .clone()
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_attempt_timeout(Duration::from_millis(20))
                    .build(),
            )
            .build();
        let err = run(&attempt, &UNSIGNED, AuthOverrides::default()).expect_err("stalled");
        assert!(matches!(err, SdkError::TimeoutError(_)), "{err:?}");
        let text = DisplayErrorContext(&err).to_string();
        assert!(text.contains("attempt 3 did not complete"), "{text}");

        let operation = base
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_timeout(Duration::from_millis(20))
                    .build(),
            )
            .build();
        let err = run(&operation, &UNSIGNED, AuthOverrides::default()).expect_err("stalled");
        let text = DisplayErrorContext(&err).to_string();
        assert!(
            text.contains("ListImages did not complete within the operation timeout"),
            "{text}"
        );
    }

    #[test]
    fn missing_region_or_credentials_is_a_construction_failure() {
        let connector = CaptureConnector::new(vec![]);
        let no_creds = Config::builder()
            .http_client(connector.clone())
            .region(Region::new("us-east-1"))
            .build();
        let err = run(&no_creds, &SIGNED, AuthOverrides::default()).expect_err("no credentials");
        assert!(matches!(err, SdkError::ConstructionFailure(_)));
        let text = DisplayErrorContext(&err).to_string();
        assert!(
            text.contains("no credentials provider is configured"),
            "{text}"
        );
        assert!(text.contains("credentials_provider"), "{text}");

        let no_region = Config::builder()
            .http_client(connector.clone())
            .credentials_provider(Credentials::from_keys("A", SECRET, None))
            .build();
        let err = run(&no_region, &SIGNED, AuthOverrides::default()).expect_err("no region");
        let text = DisplayErrorContext(&err).to_string();
        assert!(text.contains("no region is configured"), "{text}");
        assert!(!text.contains(SECRET));
        assert!(connector.requests().is_empty());

        connector.push_response(HttpResponse::new(200, ""));
        run(&no_creds, &UNSIGNED, AuthOverrides::default()).expect("unsigned needs neither");
        assert!(!connector.requests()[0].headers.contains("authorization"));
    }

    /// A rule set whose endpoint asks for another signing region and name.
    fn gov_resolver(
        _: &crate::endpoint::EndpointParams<'_>,
    ) -> Result<crate::endpoint::Endpoint, crate::endpoint::ResolveEndpointError> {
        let properties = json_value!({
            "authSchemes": [{"name": "sigv4", "signingRegion": "us-gov-east-1", "signingName": "ib"}]
        });
        Ok(crate::endpoint::Endpoint {
            url: "https://ib.us-gov-east-1.example".into(),
            properties: properties.as_object().cloned().unwrap_or_default(),
            ..Default::default()
        })
    }

    #[test]
    fn invoke_signs_with_the_resolved_endpoints_auth_scheme() {
        let connector = CaptureConnector::new(vec![HttpResponse::new(200, "")]);
        let config = config(&connector, &InstantSleep::new());
        block_on(crate::client::invoke_with::<Unit>(
            &config,
            &SIGNED,
            Some(&gov_resolver),
            HttpRequest::new("GET", "/x"),
            "",
            &Default::default(),
        ))
        .expect("sent");
        let sent = connector.last_request().expect("sent");
        assert_eq!(sent.uri, "https://ib.us-gov-east-1.example/x");
        let header = sent.headers.get("authorization").expect("signed");
        assert!(
            header.contains("/us-gov-east-1/ib/aws4_request"),
            "{header}"
        );
    }

    #[test]
    fn endpoint_auth_scheme_overrides_the_scope() {
        let connector = CaptureConnector::new(vec![HttpResponse::new(200, "")]);
        let config = config(&connector, &InstantSleep::new());
        let auth = AuthOverrides {
            signing_region: Some("us-gov-west-1".into()),
            signing_name: Some("other".into()),
        };
        run(&config, &SIGNED, auth).expect("ok");
        let sent = connector.last_request().expect("sent");
        let header = sent.headers.get("authorization").expect("signed");
        assert!(
            header.contains("/us-gov-west-1/other/aws4_request"),
            "{header}"
        );
    }

    #[test]
    fn auth_scheme_overrides() {
        let properties = json_value!({
            "authSchemes": [
                {"name": "sigv4a", "signingName": "a", "signingRegionSet": ["*"]},
                {"name": "sigv4", "signingName": "execute-api", "signingRegion": "us-gov-west-1"}
            ]
        });
        let overrides = AuthOverrides::from_endpoint_properties(properties.as_object().unwrap());
        assert_eq!(overrides.signing_name.as_deref(), Some("execute-api"));
        assert_eq!(overrides.signing_region.as_deref(), Some("us-gov-west-1"));

        let none = json_value!({"authSchemes": [{"name": "sigv4"}], "other": 1});
        assert_eq!(
            AuthOverrides::from_endpoint_properties(none.as_object().unwrap()),
            AuthOverrides::default()
        );
        assert_eq!(
            AuthOverrides::from_endpoint_properties(&crate::json::Map::new()),
            AuthOverrides::default()
        );
    }
}
