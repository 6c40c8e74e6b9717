//! The seam between generated clients and an HTTP stack.
//!
//! In: an [`HttpRequest`] with an absolute URI and final headers. Out: a future of the
//! [`HttpResponse`] (any status) or a [`ConnectorError`] when no response was received at all.
//! Implement [`HttpConnector`] to plug in hyper, reqwest, ureq or a test double.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use crate::http::{HttpRequest, HttpResponse};
use crate::BoxError;

#[cfg(feature = "default-https-client")]
pub mod https;

/// A boxed, sendable future, as connectors return.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends one HTTP request and yields its response.
///
/// A response with an error status is still `Ok`: the generated code decides what a status means.
/// `Err` is for failures to get any response (connection refused, timeout, TLS, ...).
pub trait HttpConnector: Send + Sync + fmt::Debug {
    /// Sends `request`, which has an absolute URI.
    fn call(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>>;
}

/// A cheaply cloneable, shared [`HttpConnector`].
#[derive(Clone, Debug)]
pub struct SharedHttpConnector(Arc<dyn HttpConnector>);

impl SharedHttpConnector {
    /// Wraps a connector so that clients and configs can share it.
    pub fn new(connector: impl HttpConnector + 'static) -> Self {
        Self(Arc::new(connector))
    }
}

impl HttpConnector for SharedHttpConnector {
    fn call(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
        self.0.call(request)
    }
}

/// What kind of failure a [`ConnectorError`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConnectorErrorKind {
    /// An I/O failure: connection refused or reset, DNS, TLS.
    Io,
    /// The request did not complete in time.
    Timeout,
    /// Anything else.
    Other,
}

/// A failure to get a response from the connector. The underlying error is the [`source`].
///
/// [`source`]: std::error::Error::source
#[derive(Debug)]
pub struct ConnectorError {
    kind: ConnectorErrorKind,
    source: BoxError,
}

impl ConnectorError {
    /// An I/O failure.
    pub fn io(source: BoxError) -> Self {
        Self {
            kind: ConnectorErrorKind::Io,
            source,
        }
    }

    /// A timeout.
    pub fn timeout(source: BoxError) -> Self {
        Self {
            kind: ConnectorErrorKind::Timeout,
            source,
        }
    }

    /// Any other failure.
    pub fn other(source: BoxError) -> Self {
        Self {
            kind: ConnectorErrorKind::Other,
            source,
        }
    }

    /// A response body larger than `limit` bytes (the config's `max_response_body_size`); the
    /// message says how to raise the limit.
    pub fn body_too_large(limit: usize) -> Self {
        Self::other(
            format!(
                "the response body exceeds the limit of {limit} bytes; raise \
                 `max_response_body_size` on the config builder"
            )
            .into(),
        )
    }

    /// The kind of failure.
    pub fn kind(&self) -> ConnectorErrorKind {
        self.kind
    }

    /// Whether this is a timeout.
    pub fn is_timeout(&self) -> bool {
        self.kind == ConnectorErrorKind::Timeout
    }

    /// Whether this is an I/O failure.
    pub fn is_io(&self) -> bool {
        self.kind == ConnectorErrorKind::Io
    }

    /// Unwraps the underlying error.
    pub fn into_source(self) -> BoxError {
        self.source
    }
}

impl fmt::Display for ConnectorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The source is not repeated here; `DisplayErrorContext` prints the chain.
        f.write_str(match self.kind {
            ConnectorErrorKind::Io => "connector I/O error",
            ConnectorErrorKind::Timeout => "connector timed out",
            ConnectorErrorKind::Other => "connector error",
        })
    }
}

impl std::error::Error for ConnectorError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.source.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[derive(Debug)]
    struct Echo;

    impl HttpConnector for Echo {
        fn call(
            &self,
            request: HttpRequest,
        ) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
            Box::pin(async move { Ok(HttpResponse::new(200, request.body)) })
        }
    }

    #[test]
    fn shared_connector_delegates() {
        let shared = SharedHttpConnector::new(Echo);
        let clone = shared.clone();
        let mut req = HttpRequest::new("POST", "https://example.com/");
        req.body = b"hi".to_vec();
        let resp = crate::test_util::block_on(clone.call(req)).expect("echo");
        assert_eq!(resp.body(), b"hi");
        assert!(format!("{shared:?}").contains("Echo"));
    }

    #[test]
    fn error_kinds_and_source() {
        let t = ConnectorError::timeout("took too long".into());
        assert!(t.is_timeout() && !t.is_io());
        assert_eq!(t.kind(), ConnectorErrorKind::Timeout);
        assert_eq!(t.to_string(), "connector timed out");
        assert_eq!(
            t.source().map(|s| s.to_string()).as_deref(),
            Some("took too long")
        );

        let io = ConnectorError::io("refused".into());
        assert!(io.is_io() && !io.is_timeout());
        assert_eq!(io.to_string(), "connector I/O error");

        let other = ConnectorError::other("weird".into());
        assert_eq!(other.kind(), ConnectorErrorKind::Other);
        assert_eq!(other.into_source().to_string(), "weird");
    }
}
