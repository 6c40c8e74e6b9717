//! Hand-written runtime for the Rust clients that `codegen` generates from Smithy models.
//!
//! In: requests built by generated operation code and responses from an [`connector::HttpConnector`].
//! Out: the shared pieces every operation needs, so they are written and tested once instead of
//! being re-emitted into every generated file:
//!
//! - [`http`]: the request, response and header types that cross the connector boundary.
//! - [`connector`]: the [`connector::HttpConnector`] trait and its error type.
//! - [`error`]: [`SdkError`], error metadata, build errors and the traits generated errors implement.
//! - [`json`]: restJson1 body helpers (path-aware readers, a streaming writer, error-code parsing).
//! - [`primitives`]: [`primitives::DateTime`], [`primitives::Blob`], [`primitives::Document`] and
//!   the storage for unknown enum values.
//! - [`idempotency`]: random UUIDs for idempotency tokens.
//! - [`config`]: the client configuration (HTTP client, endpoint).
//! - [`client`]: [`client::invoke`], which resolves the endpoint, sets standard headers and
//!   dispatches one request.
//! - [`test_util`]: a capturing connector with canned responses and a tiny `block_on`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod client;
pub mod config;
pub mod connector;
pub mod endpoint;
pub mod error;
pub mod http;
pub mod idempotency;
pub mod json;
pub mod primitives;
pub mod test_util;

/// A boxed, thread-safe error: the currency for error sources throughout the runtime.
pub type BoxError = Box<dyn std::error::Error + Send + Sync + 'static>;

pub use error::{BuildError, ErrorMetadata, ProvideErrorMetadata, RequestId, SdkError};
pub use http::{Headers, HttpRequest, HttpResponse};
