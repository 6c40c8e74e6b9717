//! The built-in HTTP client (feature `default-https-client`, on by default).
//!
//! In: an [`HttpRequest`] with an absolute `https://` or `http://` URI. Out: the whole
//! [`HttpResponse`], or a [`ConnectorError`]: connection refused / reset / closed and TLS
//! failures are [`ConnectorError::io`], an exceeded connect timeout is
//! [`ConnectorError::timeout`], and a response body larger than the configured limit is
//! [`ConnectorError::other`] (never read past the limit).
//!
//! The stack is deliberately small: hyper 1 with hyper-util's pooling client, HTTP/1.1 only,
//! rustls with the `ring` provider (no C toolchain beyond `cc`, no cmake) and the webpki root
//! certificates (no platform certificate store). It needs a tokio runtime to run in.

use std::error::Error as StdError;
use std::fmt;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector as TcpConnector;
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;

use super::{BoxFuture, ConnectorError, HttpConnector};
use crate::config::DEFAULT_MAX_RESPONSE_BODY_SIZE;
use crate::http::{Headers, HttpRequest, HttpResponse};
use crate::BoxError;

type Connector = ConnectTimeout<hyper_rustls::HttpsConnector<TcpConnector>>;

/// hyper + rustls (ring) + webpki roots, HTTP/1.1, with connection pooling.
#[derive(Clone)]
pub struct HttpsClient {
    client: Client<Connector, Full<Bytes>>,
    max_response_body_size: usize,
    connect_timeout: Option<Duration>,
    stalled_body_timeout: Option<Duration>,
}

/// The default of [`HttpsClientBuilder::stalled_body_timeout`]: 20 s, the grace period of the
/// AWS SDKs' stalled-stream protection.
pub const DEFAULT_STALLED_BODY_TIMEOUT: Duration = Duration::from_secs(20);

impl HttpsClient {
    /// A client with the defaults: 3.1 s connect timeout, 64 MiB body limit, a response body
    /// that stalls for 20 s fails.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// A builder for a client.
    pub fn builder() -> HttpsClientBuilder {
        HttpsClientBuilder {
            connect_timeout: Some(crate::config::DEFAULT_CONNECT_TIMEOUT),
            max_response_body_size: DEFAULT_MAX_RESPONSE_BODY_SIZE,
            stalled_body_timeout: Some(DEFAULT_STALLED_BODY_TIMEOUT),
        }
    }
}

impl Default for HttpsClient {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for HttpsClient {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpsClient")
            .field("connect_timeout", &self.connect_timeout)
            .field("max_response_body_size", &self.max_response_body_size)
            .field("stalled_body_timeout", &self.stalled_body_timeout)
            .finish_non_exhaustive()
    }
}

/// Builds an [`HttpsClient`].
#[derive(Debug, Clone)]
pub struct HttpsClientBuilder {
    connect_timeout: Option<Duration>,
    max_response_body_size: usize,
    stalled_body_timeout: Option<Duration>,
}

impl HttpsClientBuilder {
    /// Limits DNS resolution, TCP connect and the TLS handshake together.
    pub fn connect_timeout(self, timeout: Duration) -> Self {
        self.set_connect_timeout(Some(timeout))
    }

    /// Sets or clears the connect timeout.
    pub fn set_connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The largest response body read; a larger one fails the call.
    pub fn max_response_body_size(mut self, limit: usize) -> Self {
        self.max_response_body_size = limit;
        self
    }

    /// Fails a call whose response body delivers no data for this long once the headers have
    /// arrived (default [`DEFAULT_STALLED_BODY_TIMEOUT`]), as the AWS SDKs' stalled-stream
    /// protection does; the failure is a timeout, so it is retried. Waiting for the response
    /// headers is not limited here (set `operation_attempt_timeout` for that).
    pub fn stalled_body_timeout(self, timeout: Duration) -> Self {
        self.set_stalled_body_timeout(Some(timeout))
    }

    /// Sets or clears (no limit) the stalled-body timeout.
    pub fn set_stalled_body_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.stalled_body_timeout = timeout;
        self
    }

    /// Finishes the client. No runtime is needed until the first request.
    pub fn build(self) -> HttpsClient {
        let mut tcp = TcpConnector::new();
        tcp.enforce_http(false);
        tcp.set_nodelay(true);
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(provider)
            // The ring provider supports the safe default protocol versions; failing here is
            // a broken build, not bad input.
            .expect("the ring provider supports TLS 1.2 and 1.3")
            .https_or_http()
            .enable_http1()
            .wrap_connector(tcp);
        let connector = ConnectTimeout {
            inner: https,
            timeout: self.connect_timeout,
        };
        let client = Client::builder(TokioExecutor::new())
            .pool_idle_timeout(Duration::from_secs(90))
            .build(connector);
        HttpsClient {
            client,
            max_response_body_size: self.max_response_body_size,
            connect_timeout: self.connect_timeout,
            stalled_body_timeout: self.stalled_body_timeout,
        }
    }
}

impl HttpConnector for HttpsClient {
    fn call(
        &self,
        request: HttpRequest,
    ) -> BoxFuture<'static, Result<HttpResponse, ConnectorError>> {
        let client = self.client.clone();
        let limit = self.max_response_body_size;
        let stall = self.stalled_body_timeout;
        Box::pin(async move {
            if tokio::runtime::Handle::try_current().is_err() {
                return Err(ConnectorError::other(
                    "the built-in HTTPS client must run inside a tokio runtime; run the call \
                     on tokio or set `http_client` on the config builder"
                        .into(),
                ));
            }
            let request = to_hyper_request(request)?;
            let response = client.request(request).await.map_err(map_error)?;
            let (parts, body) = response.into_parts();
            let mut headers = Headers::new();
            for (name, value) in &parts.headers {
                headers.append(
                    name.as_str(),
                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                );
            }
            let declared = headers
                .get("content-length")
                .and_then(|v| v.trim().parse::<u64>().ok());
            if declared.is_some_and(|n| n > limit as u64) {
                return Err(too_large(limit));
            }
            let body = read_limited(body, limit, stall).await?;
            Ok(HttpResponse {
                status: parts.status.as_u16(),
                headers,
                body,
            })
        })
    }
}

/// Converts to hyper's request type; a header that HTTP cannot carry is an error.
fn to_hyper_request(request: HttpRequest) -> Result<http::Request<Full<Bytes>>, ConnectorError> {
    let invalid = |what: &str, e: &dyn fmt::Display| {
        ConnectorError::other(format!("invalid request {what}: {e}").into())
    };
    let method =
        http::Method::from_bytes(request.method.as_bytes()).map_err(|e| invalid("method", &e))?;
    let mut builder = http::Request::builder()
        .method(method)
        .uri(request.uri.as_str());
    for (name, value) in request.headers.iter() {
        let name = http::HeaderName::from_bytes(name.as_bytes())
            .map_err(|e| invalid(&format!("header name `{name}`"), &e))?;
        let value = http::HeaderValue::from_str(value)
            .map_err(|e| invalid(&format!("value of header `{name}`"), &e))?;
        builder = builder.header(name, value);
    }
    builder
        .body(Full::new(Bytes::from(request.body)))
        .map_err(|e| invalid("URI", &e))
}

/// Reads the body, failing as soon as it passes `limit` bytes, or when no frame arrives for
/// `stall`.
async fn read_limited(
    mut body: hyper::body::Incoming,
    limit: usize,
    stall: Option<Duration>,
) -> Result<Vec<u8>, ConnectorError> {
    let mut out = Vec::new();
    loop {
        let next = match stall {
            Some(stall) => match tokio::time::timeout(stall, body.frame()).await {
                Ok(next) => next,
                Err(_) => {
                    return Err(ConnectorError::timeout(
                        format!(
                            "the response body stalled: no data for {stall:?} after {} bytes",
                            out.len()
                        )
                        .into(),
                    ))
                }
            },
            None => body.frame().await,
        };
        let Some(frame) = next else { break };
        let frame = frame.map_err(|e| map_error_chain(Box::new(e)))?;
        if let Ok(data) = frame.into_data() {
            if out.len() + data.len() > limit {
                return Err(too_large(limit));
            }
            out.extend_from_slice(&data);
        }
    }
    Ok(out)
}

fn too_large(limit: usize) -> ConnectorError {
    ConnectorError::body_too_large(limit)
}

/// Maps hyper-util's error to a connector error by looking through its source chain.
fn map_error(error: hyper_util::client::legacy::Error) -> ConnectorError {
    let is_connect = error.is_connect();
    let mapped = map_error_chain(Box::new(error));
    if is_connect && mapped.kind() == super::ConnectorErrorKind::Other {
        ConnectorError::io(mapped.into_source())
    } else {
        mapped
    }
}

/// Timeouts (ours or the OS's) become `timeout`; closed, reset or refused connections and any
/// other I/O failure become `io`; everything else `other`.
fn map_error_chain(error: BoxError) -> ConnectorError {
    let mut timeout = false;
    let mut io = false;
    let mut next: Option<&(dyn StdError + 'static)> = Some(error.as_ref());
    while let Some(e) = next {
        if e.is::<ConnectTimedOut>() {
            timeout = true;
        } else if let Some(h) = e.downcast_ref::<hyper::Error>() {
            timeout |= h.is_timeout();
            io |= h.is_incomplete_message() || h.is_closed() || h.is_canceled();
        } else if let Some(e) = e.downcast_ref::<std::io::Error>() {
            timeout |= e.kind() == std::io::ErrorKind::TimedOut;
            io = true;
        }
        next = e.source();
    }
    if timeout {
        ConnectorError::timeout(error)
    } else if io {
        ConnectorError::io(error)
    } else {
        ConnectorError::other(error)
    }
}

/// Connecting (DNS, TCP and TLS) took longer than the connect timeout.
#[derive(Debug)]
struct ConnectTimedOut(Duration);

impl fmt::Display for ConnectTimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "connecting took longer than {:?}", self.0)
    }
}

impl StdError for ConnectTimedOut {}

/// Puts a time limit on a connector's whole `call` (a `tower_service::Service<Uri>`).
#[derive(Clone)]
struct ConnectTimeout<C> {
    inner: C,
    timeout: Option<Duration>,
}

impl<C> tower_service::Service<http::Uri> for ConnectTimeout<C>
where
    C: tower_service::Service<http::Uri>,
    C::Error: Into<BoxError>,
    C::Future: Send + 'static,
{
    type Response = C::Response;
    type Error = BoxError;
    type Future = BoxFuture<'static, Result<C::Response, BoxError>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), BoxError>> {
        self.inner.poll_ready(cx).map_err(Into::into)
    }

    fn call(&mut self, uri: http::Uri) -> Self::Future {
        let connecting = self.inner.call(uri);
        let limit = self.timeout;
        Box::pin(async move {
            match limit {
                None => connecting.await.map_err(Into::into),
                Some(limit) => match tokio::time::timeout(limit, connecting).await {
                    Ok(result) => result.map_err(Into::into),
                    Err(_) => Err(Box::new(ConnectTimedOut(limit)) as BoxError),
                },
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_conversion() {
        let mut request = HttpRequest::new("POST", "https://example.com/Op?x=1");
        request.headers.insert("content-type", "application/json");
        request.body = b"{}".to_vec();
        let converted = to_hyper_request(request).expect("valid");
        assert_eq!(converted.method(), http::Method::POST);
        assert_eq!(converted.uri().path(), "/Op");
        assert_eq!(converted.headers()["content-type"], "application/json");

        let mut bad = HttpRequest::new("GET", "https://example.com/");
        bad.headers.insert("x-bad", "line\nbreak");
        let err = to_hyper_request(bad).expect_err("newline in a header");
        assert_eq!(err.kind(), super::super::ConnectorErrorKind::Other);
        assert!(
            crate::error::DisplayErrorContext(&err)
                .to_string()
                .contains("x-bad"),
            "{err:?}"
        );
    }

    #[test]
    fn error_chain_mapping() {
        let timed_out = map_error_chain(Box::new(ConnectTimedOut(Duration::from_secs(1))));
        assert!(timed_out.is_timeout());
        let refused = std::io::Error::from(std::io::ErrorKind::ConnectionRefused);
        assert!(map_error_chain(Box::new(refused)).is_io());
        let os_timeout = std::io::Error::from(std::io::ErrorKind::TimedOut);
        assert!(map_error_chain(Box::new(os_timeout)).is_timeout());
        let other = map_error_chain("weird".into());
        assert!(!other.is_io() && !other.is_timeout());
    }

    #[test]
    fn outside_tokio_is_a_clear_error() {
        let client = HttpsClient::new();
        let err =
            crate::test_util::block_on(client.call(HttpRequest::new("GET", "http://127.0.0.1:9/")))
                .expect_err("no runtime");
        assert!(
            crate::error::DisplayErrorContext(&err)
                .to_string()
                .contains("tokio runtime"),
            "{err:?}"
        );
        assert!(format!("{client:?}").contains("HttpsClient"));
    }
}
