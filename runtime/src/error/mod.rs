//! Errors shared by every generated client.
//!
//! In: failures from building inputs, dispatching requests and parsing responses. Out:
//! - [`SdkError`], what every operation's `send` returns, mirroring `aws-smithy-runtime-api`;
//! - [`ErrorMetadata`] and the traits generated error types implement ([`ProvideErrorMetadata`],
//!   [`RequestId`], [`CreateUnhandledError`]), plus [`Unhandled`] for errors the model does not
//!   name;
//! - [`BuildError`] for builders, [`UnknownVariantError`] for strict enum parsing;
//! - [`DisplayErrorContext`], which prints an error with its whole source chain.

mod metadata;
mod sdk;

use std::error::Error;
use std::fmt;

pub use crate::BoxError;
pub use metadata::{ErrorMetadata, ErrorMetadataBuilder};
pub use sdk::{
    ConstructionFailure, DispatchFailure, ResponseError, SdkError, ServiceError, TimeoutError,
};

use crate::http::HttpResponse;

/// Access to the [`ErrorMetadata`] of a service error.
pub trait ProvideErrorMetadata {
    /// The metadata.
    fn meta(&self) -> &ErrorMetadata;

    /// The error code, e.g. `ValidationException`.
    fn code(&self) -> Option<&str> {
        self.meta().code()
    }

    /// The human-readable message.
    fn message(&self) -> Option<&str> {
        self.meta().message()
    }
}

impl ProvideErrorMetadata for ErrorMetadata {
    fn meta(&self) -> &ErrorMetadata {
        self
    }
}

/// Access to the request id that the service assigned to a request.
pub trait RequestId {
    /// The request id, if the service sent one.
    fn request_id(&self) -> Option<&str>;
}

impl RequestId for ErrorMetadata {
    fn request_id(&self) -> Option<&str> {
        ErrorMetadata::request_id(self)
    }
}

/// The request id a response carries: the `x-amzn-requestid` header, else `x-amz-request-id`.
pub(crate) fn request_id_header(headers: &crate::http::Headers) -> Option<&str> {
    headers
        .get("x-amzn-requestid")
        .or_else(|| headers.get("x-amz-request-id"))
}

impl RequestId for HttpResponse {
    /// The `x-amzn-requestid` header, else `x-amz-request-id`.
    fn request_id(&self) -> Option<&str> {
        request_id_header(&self.headers)
    }
}

/// Builds the "unhandled" variant of a generated operation error: for error codes the model
/// does not list, and for non-service failures converted by [`SdkError::into_service_error`].
pub trait CreateUnhandledError {
    /// Wraps `source` with the metadata parsed from the response, if there was one.
    fn create_unhandled_error(source: BoxError, meta: Option<ErrorMetadata>) -> Self;
}

/// The typed error for a modeled error response: `variant(parsed)` when the body matched the
/// error shape, else an unhandled error holding the parse failure and the response's
/// metadata (code, message, request id). Generated error dispatch calls this once per modeled
/// error code.
pub fn modeled_error<T, E: CreateUnhandledError>(
    parsed: Result<T, impl Into<BoxError>>,
    variant: impl FnOnce(T) -> E,
    meta: ErrorMetadata,
) -> E {
    match parsed {
        Ok(error) => variant(error),
        Err(failure) => E::create_unhandled_error(failure.into(), Some(meta)),
    }
}

/// An error that the model does not describe. Generated error enums hold one in their
/// `Unhandled` variant.
#[derive(Debug)]
pub struct Unhandled {
    source: BoxError,
    meta: ErrorMetadata,
}

impl Unhandled {
    /// Wraps `source` with its metadata.
    pub fn new(source: BoxError, meta: ErrorMetadata) -> Self {
        Self { source, meta }
    }

    /// The underlying error.
    pub fn source_error(&self) -> &(dyn Error + Send + Sync + 'static) {
        self.source.as_ref()
    }

    /// The metadata parsed from the response (empty when there was none).
    pub fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

impl fmt::Display for Unhandled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.meta.code() {
            Some(code) => write!(f, "unhandled error ({code})"),
            None => f.write_str("unhandled error"),
        }
    }
}

impl Error for Unhandled {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        Some(self.source.as_ref())
    }
}

impl ProvideErrorMetadata for Unhandled {
    fn meta(&self) -> &ErrorMetadata {
        &self.meta
    }
}

/// A builder could not produce its value.
#[derive(Debug)]
pub struct BuildError {
    kind: BuildErrorKind,
}

#[derive(Debug)]
enum BuildErrorKind {
    MissingField {
        field: &'static str,
        details: &'static str,
    },
    InvalidField {
        field: &'static str,
        details: &'static str,
    },
    Other(BoxError),
}

impl BuildError {
    /// A required field was not set; `details` says what the field is for.
    pub fn missing_field(field: &'static str, details: &'static str) -> Self {
        Self {
            kind: BuildErrorKind::MissingField { field, details },
        }
    }

    /// A field was set to a value the request cannot carry; `details` says why.
    pub fn invalid_field(field: &'static str, details: &'static str) -> Self {
        Self {
            kind: BuildErrorKind::InvalidField { field, details },
        }
    }

    /// Any other failure.
    pub fn other(source: BoxError) -> Self {
        Self {
            kind: BuildErrorKind::Other(source),
        }
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            BuildErrorKind::MissingField { field, details } => {
                write!(f, "failed to build: field `{field}` was not set: {details}")
            }
            BuildErrorKind::InvalidField { field, details } => {
                write!(f, "failed to build: field `{field}` is invalid: {details}")
            }
            BuildErrorKind::Other(_) => f.write_str("failed to build"),
        }
    }
}

impl Error for BuildError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match &self.kind {
            BuildErrorKind::MissingField { .. } | BuildErrorKind::InvalidField { .. } => None,
            BuildErrorKind::Other(source) => Some(source.as_ref()),
        }
    }
}

/// A string did not match any variant of a closed enum.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVariantError {
    value: String,
}

impl UnknownVariantError {
    /// The error for `value`.
    pub fn new(value: impl Into<String>) -> Self {
        Self {
            value: value.into(),
        }
    }

    /// The value that did not match.
    pub fn value(&self) -> &str {
        &self.value
    }
}

impl fmt::Display for UnknownVariantError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown enum variant: '{}'", self.value)
    }
}

impl Error for UnknownVariantError {}

/// Displays an error followed by its whole source chain: `a: b: c`.
///
/// Most errors here keep their own `Display` short and leave detail to their source, so print
/// errors for people through this wrapper.
#[derive(Debug, Clone, Copy)]
pub struct DisplayErrorContext<E>(pub E);

impl<E: Error> fmt::Display for DisplayErrorContext<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)?;
        let mut next = self.0.source();
        while let Some(source) = next {
            write!(f, ": {source}")?;
            next = source.source();
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_error_text() {
        let e = BuildError::missing_field("name", "the image name is required");
        assert_eq!(
            e.to_string(),
            "failed to build: field `name` was not set: the image name is required"
        );
        assert!(e.source().is_none());

        let e = BuildError::invalid_field("label", "it becomes part of the host name");
        assert_eq!(
            e.to_string(),
            "failed to build: field `label` is invalid: it becomes part of the host name"
        );

        let e = BuildError::other("bad value".into());
        assert_eq!(
            DisplayErrorContext(&e).to_string(),
            "failed to build: bad value"
        );
    }

    #[test]
    fn modeled_error_or_unhandled() {
        #[derive(Debug)]
        enum OpError {
            Modeled(String),
            Unhandled(BoxError, Option<ErrorMetadata>),
        }
        impl CreateUnhandledError for OpError {
            fn create_unhandled_error(source: BoxError, meta: Option<ErrorMetadata>) -> Self {
                OpError::Unhandled(source, meta)
            }
        }
        let meta = ErrorMetadata::builder().code("Modeled").build();
        let ok: Result<String, crate::json::DeserializeError> = Ok("parsed".into());
        assert!(matches!(
            modeled_error(ok, OpError::Modeled, meta.clone()),
            OpError::Modeled(s) if s == "parsed"
        ));
        let bad: Result<String, _> = Err(crate::json::DeserializeError::new(
            &crate::json::JsonPath::root().key("message"),
            "expected a string, found a number",
        ));
        match modeled_error(bad, OpError::Modeled, meta) {
            OpError::Unhandled(source, Some(meta)) => {
                assert_eq!(
                    source.to_string(),
                    "$.message: expected a string, found a number"
                );
                assert_eq!(meta.code(), Some("Modeled"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn unknown_variant_text() {
        let e = UnknownVariantError::new("PURPLE");
        assert_eq!(e.to_string(), "unknown enum variant: 'PURPLE'");
        assert_eq!(e.value(), "PURPLE");
    }

    #[test]
    fn display_error_context_prints_chain() {
        let inner = BuildError::other("c".into());
        let unhandled = Unhandled::new(Box::new(inner), ErrorMetadata::default());
        assert_eq!(
            DisplayErrorContext(&unhandled).to_string(),
            "unhandled error: failed to build: c"
        );
        let coded = Unhandled::new("x".into(), ErrorMetadata::builder().code("Weird").build());
        assert_eq!(
            DisplayErrorContext(coded).to_string(),
            "unhandled error (Weird): x"
        );
    }

    #[test]
    fn unhandled_accessors() {
        let u = Unhandled::new(
            "boom".into(),
            ErrorMetadata::builder().code("C").message("m").build(),
        );
        assert_eq!(u.source_error().to_string(), "boom");
        assert_eq!(u.meta().code(), Some("C"));
        assert_eq!(ProvideErrorMetadata::code(&u), Some("C"));
        assert_eq!(ProvideErrorMetadata::message(&u), Some("m"));
    }

    #[test]
    fn request_id_from_metadata_and_response() {
        let meta = ErrorMetadata::builder().request_id("abc").build();
        assert_eq!(RequestId::request_id(&meta), Some("abc"));

        let resp = HttpResponse::new(500, "").with_header("X-Amzn-RequestId", "r1");
        assert_eq!(resp.request_id(), Some("r1"));
        let resp = HttpResponse::new(500, "").with_header("x-amz-request-id", "r2");
        assert_eq!(resp.request_id(), Some("r2"));
        let resp = HttpResponse::new(500, "")
            .with_header("x-amz-request-id", "r2")
            .with_header("x-amzn-requestid", "r1");
        assert_eq!(resp.request_id(), Some("r1"));
        assert_eq!(HttpResponse::new(200, "").request_id(), None);
    }
}
