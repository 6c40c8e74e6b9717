//! Standard retry mode, as the AWS SDKs define it ("Retry behavior", AWS SDKs and Tools
//! reference guide; `aws-smithy-runtime`'s standard strategy).
//!
//! In: the outcome of one attempt (a response's status and error code, or a connector error)
//! and the operation's modeled `@retryable` error codes. Out: whether to retry and what kind
//! of failure it was ([`classify_response`], [`classify_connector_error`]), how long to wait
//! ([`backoff`]), and whether the client's retry quota allows it ([`TokenBucket`]).
//!
//! What is retried:
//! - no response at all: connection refused / reset / closed, and timeouts
//!   ([`ErrorKind::TransientError`]);
//! - error codes of the operation's `@retryable(throttling: true)` errors and the standard
//!   [`THROTTLING_ERRORS`] ([`ErrorKind::ThrottlingError`]);
//! - error codes of the operation's other `@retryable` errors ([`ErrorKind::ServerError`]) and
//!   the standard [`TRANSIENT_ERRORS`] ([`ErrorKind::TransientError`]);
//! - HTTP 500, 502, 503 and 504 whatever the code ([`ErrorKind::ServerError`]).
//!
//! Nothing else is retried: no other 4xx, and in particular **not a 429 whose error code is
//! not a throttling code** (the status alone does not say the request is safe to repeat).
//!
//! Backoff is `jitter * min(max_backoff, initial_backoff * 2^(attempt - 1))` with `jitter`
//! uniform in `[0, 1)` ("full jitter"), 1 s and 20 s by default, where `attempt` is the attempt
//! that just failed. The retry quota starts at 500 tokens; a retry costs 5, or 10 after a
//! timeout or connection failure; when the bucket cannot pay, the failure is returned as it
//! is. A successful call refunds the cost of its last retry, or adds 1 when it needed none.

mod rate_limiter;
mod token_bucket;

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::client::OperationInfo;
use crate::config::RetryConfig;
use crate::connector::{ConnectorError, ConnectorErrorKind};

pub use rate_limiter::ClientRateLimiter;
pub use token_bucket::TokenBucket;

/// AWS error codes that mean "throttled": always retried.
pub const THROTTLING_ERRORS: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];

/// AWS error codes that mean a transient failure: always retried.
pub const TRANSIENT_ERRORS: &[&str] = &["RequestTimeout", "RequestTimeoutException"];

/// HTTP statuses retried whatever the error code.
pub const TRANSIENT_STATUS_CODES: &[u16] = &[500, 502, 503, 504];

/// Why an attempt is worth retrying. Named like `aws_smithy_types::retry::ErrorKind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// No response: a timeout or a connection failure, or a `RequestTimeout` code. Costs
    /// [`TokenBucket::TIMEOUT_RETRY_COST`].
    TransientError,
    /// The service throttled the request.
    ThrottlingError,
    /// The service failed (5xx, or a modeled `@retryable` error).
    ServerError,
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::TransientError => "transient error",
            Self::ThrottlingError => "throttling error",
            Self::ServerError => "server error",
        })
    }
}

/// Classifies a response: `None` means "do not retry" (success, or a non-retryable error).
/// `code` is the error code parsed from the response ([`crate::json::parse_error_metadata`]).
pub fn classify_response(status: u16, code: Option<&str>, op: &OperationInfo) -> Option<ErrorKind> {
    if (200..300).contains(&status) {
        return None;
    }
    if let Some(code) = code {
        if op.throttling_errors.contains(&code) || THROTTLING_ERRORS.contains(&code) {
            return Some(ErrorKind::ThrottlingError);
        }
        if op.retryable_errors.contains(&code) {
            return Some(ErrorKind::ServerError);
        }
        if TRANSIENT_ERRORS.contains(&code) {
            return Some(ErrorKind::TransientError);
        }
    }
    // A 429 lands here when its code is not a throttling code, and is not retried.
    TRANSIENT_STATUS_CODES
        .contains(&status)
        .then_some(ErrorKind::ServerError)
}

/// Classifies a connector failure: timeouts and I/O failures are transient; anything else
/// (a malformed request, a refused oversize body) is not retried.
pub fn classify_connector_error(error: &ConnectorError) -> Option<ErrorKind> {
    match error.kind() {
        ConnectorErrorKind::Io | ConnectorErrorKind::Timeout => Some(ErrorKind::TransientError),
        _ => None,
    }
}

/// The delay before the attempt after `failed_attempt` (1 for the first attempt):
/// `jitter * min(max_backoff, initial_backoff * 2^(failed_attempt - 1))`. `jitter` is clamped
/// to `[0, 1]`.
pub fn backoff(config: &RetryConfig, failed_attempt: u32, jitter: f64) -> Duration {
    let exponent = failed_attempt.saturating_sub(1).min(62);
    let uncapped = config
        .initial_backoff()
        .checked_mul(1u32.checked_shl(exponent).unwrap_or(u32::MAX))
        .unwrap_or(Duration::MAX);
    let capped = uncapped.min(config.max_backoff());
    let jitter = if jitter.is_nan() {
        0.0
    } else {
        jitter.clamp(0.0, 1.0)
    };
    capped.mul_f64(jitter)
}

/// The source of the random backoff factor in `[0, 1)`. Replace it in tests to make backoff
/// deterministic.
#[derive(Clone)]
pub struct Jitter(Arc<dyn Fn() -> f64 + Send + Sync>);

impl Jitter {
    /// Uniform random values (the default).
    pub fn random() -> Self {
        Self(Arc::new(random_unit))
    }

    /// Always `value` (clamped to `[0, 1]` when used).
    pub fn fixed(value: f64) -> Self {
        Self(Arc::new(move || value))
    }

    /// Values from `f`.
    pub fn from_fn(f: impl Fn() -> f64 + Send + Sync + 'static) -> Self {
        Self(Arc::new(f))
    }

    /// The next factor.
    pub fn next(&self) -> f64 {
        (self.0)()
    }
}

impl Default for Jitter {
    fn default() -> Self {
        Self::random()
    }
}

impl fmt::Debug for Jitter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Jitter")
    }
}

/// A uniform value in `[0, 1)`.
fn random_unit() -> f64 {
    crate::rand::unit_f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    const OP: OperationInfo = OperationInfo {
        service: "svc",
        operation: "Op",
        signing_name: None,
        retryable_errors: &["ModeledRetryable"],
        throttling_errors: &["ModeledThrottle"],
        request_compression: &[],
        protocol: &crate::protocol::REST_JSON_1,
    };

    #[test]
    fn classification_table() {
        use ErrorKind::*;
        let cases: &[(u16, Option<&str>, Option<ErrorKind>)] = &[
            (200, None, None),
            (200, Some("ThrottlingException"), None),
            (204, None, None),
            (400, None, None),
            (400, Some("ValidationException"), None),
            (400, Some("ThrottlingException"), Some(ThrottlingError)),
            (400, Some("RequestLimitExceeded"), Some(ThrottlingError)),
            (400, Some("ModeledThrottle"), Some(ThrottlingError)),
            (400, Some("ModeledRetryable"), Some(ServerError)),
            (408, Some("RequestTimeout"), Some(TransientError)),
            (400, Some("RequestTimeoutException"), Some(TransientError)),
            (403, Some("AccessDeniedException"), None),
            (404, None, None),
            (429, None, None),
            (429, Some("CallRateLimitExceededException"), None),
            (429, Some("TooManyRequestsException"), Some(ThrottlingError)),
            (429, Some("ThrottlingException"), Some(ThrottlingError)),
            (500, None, Some(ServerError)),
            (500, Some("InternalFailure"), Some(ServerError)),
            (501, None, None),
            (502, None, Some(ServerError)),
            (503, Some("ServiceUnavailableException"), Some(ServerError)),
            (503, Some("SlowDown"), Some(ThrottlingError)),
            (504, None, Some(ServerError)),
            (505, None, None),
        ];
        for &(status, code, expected) in cases {
            assert_eq!(
                classify_response(status, code, &OP),
                expected,
                "{status} {code:?}"
            );
        }
        for code in THROTTLING_ERRORS {
            assert_eq!(
                classify_response(400, Some(code), &OP),
                Some(ThrottlingError),
                "{code}"
            );
        }
    }

    #[test]
    fn connector_errors() {
        assert_eq!(
            classify_connector_error(&ConnectorError::timeout("t".into())),
            Some(ErrorKind::TransientError)
        );
        assert_eq!(
            classify_connector_error(&ConnectorError::io("refused".into())),
            Some(ErrorKind::TransientError)
        );
        assert_eq!(
            classify_connector_error(&ConnectorError::other("too big".into())),
            None
        );
    }

    #[test]
    fn backoff_sequence() {
        let config = RetryConfig::standard();
        let full: Vec<_> = (1..=7).map(|a| backoff(&config, a, 1.0)).collect();
        let secs = |s: u64| Duration::from_secs(s);
        assert_eq!(
            full,
            [
                secs(1),
                secs(2),
                secs(4),
                secs(8),
                secs(16),
                secs(20),
                secs(20)
            ]
        );
        assert_eq!(backoff(&config, 2, 0.5), Duration::from_secs(1));
        assert_eq!(backoff(&config, 1, 0.0), Duration::ZERO);
        assert_eq!(backoff(&config, 1, f64::NAN), Duration::ZERO);
        assert_eq!(backoff(&config, 1, 7.0), secs(1), "jitter is clamped");
        assert_eq!(backoff(&config, u32::MAX, 1.0), secs(20), "no overflow");
        let small = RetryConfig::standard()
            .with_initial_backoff(Duration::from_millis(10))
            .with_max_backoff(Duration::from_millis(25));
        assert_eq!(backoff(&small, 3, 1.0), Duration::from_millis(25));
    }

    #[test]
    fn jitter_sources() {
        assert_eq!(Jitter::fixed(0.25).next(), 0.25);
        assert_eq!(Jitter::from_fn(|| 0.75).next(), 0.75);
        for _ in 0..100 {
            let r = Jitter::random().next();
            assert!((0.0..1.0).contains(&r), "{r}");
        }
        assert_eq!(format!("{:?}", Jitter::default()), "Jitter");
    }
}
