//! Hand-written runtime for the Rust clients that `codegen` generates from Smithy models.
//!
//! In: requests built by generated operation code and responses from an [`connector::HttpConnector`].
//! Out: the shared pieces every operation needs, so they are written and tested once instead of
//! being re-emitted into every generated file:
//!
//! - [`http`]: the request, response and header types that cross the connector boundary.
//! - [`connector`]: the [`connector::HttpConnector`] trait and its error type, and (feature
//!   `default-https-client`, on by default) the built-in hyper + rustls client.
//! - [`checksum`]: `Content-MD5` for operations with `@httpChecksumRequired`.
//! - [`error`]: [`SdkError`], error metadata, build errors and the traits generated errors implement.
//! - [`json`]: restJson1 body helpers (path-aware readers, a streaming writer, error-code parsing).
//! - [`cbor`]: the rpcv2Cbor counterpart of [`json`], with the same API (a CBOR decoder, typed
//!   readers, a streaming writer, error-code parsing).
//! - [`xml`]: the XML protocols' body helpers (a strict, DTD-free parser into an element tree,
//!   typed readers of element text, a streaming writer).
//! - [`protocol`]: the rules each protocol reads responses with, and the generic dispatch of a
//!   response to an output or a modeled error.
//! - [`primitives`]: [`primitives::DateTime`], [`primitives::Blob`], [`primitives::Document`] and
//!   the storage for unknown enum values.
//! - [`idempotency`]: random UUIDs for idempotency tokens.
//! - [`config`]: the client configuration (region, credentials, endpoint, retries, timeouts,
//!   HTTP client), loadable from the environment and `~/.aws`.
//! - [`client`]: [`client::invoke`], which resolves the endpoint, sets standard headers, then
//!   signs, sends and retries the request.
//! - [`pagination`]: [`pagination::PaginationStream`], the page and item streams behind
//!   generated paginators.
//! - [`retry`]: the standard retry mode (classification, backoff, retry quota).
//! - [`sleep`]: the injectable timer behind backoff and timeouts.
//! - [`protocol_test`]: the assertions of generated protocol compliance tests.
//! - [`test_util`]: a capturing connector with canned responses, an instant recording sleep and
//!   a tiny `block_on`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// Tests write JSON values with `serde_json`'s macro; this parses that text into [`json::Value`].
#[cfg(test)]
macro_rules! json_value {
    ($($t:tt)+) => {
        crate::json::parse_value(serde_json::json!($($t)+).to_string().as_bytes())
            .expect("valid JSON")
    };
}

pub mod bindings;
pub mod cbor;
pub mod checksum;
pub mod client;
pub mod clock_skew;
#[cfg(feature = "request-compression")]
pub mod compression;
pub mod config;
pub mod connector;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod idempotency;
pub mod json;
mod orchestrator;
pub mod pagination;
mod percent;
pub mod primitives;
pub mod protocol;
pub mod protocol_test;
mod rand;
pub mod retry;
pub mod sigv4;
pub mod sleep;
pub mod test_util;
pub mod xml;

/// A boxed, thread-safe error: the currency for error sources throughout the runtime.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

pub use error::{BuildError, ErrorMetadata, ProvideErrorMetadata, RequestId, SdkError};
pub use http::{Headers, HttpRequest, HttpResponse};
