//! [`SdkError`]: the error every generated operation returns.
//!
//! In: a failure at one stage of a call (constructing the request, waiting, dispatching, reading
//! the response, or a modeled service error). Out: one enum that says which stage failed, keeps
//! the raw response where there was one, and converts into the operation's own error type with
//! [`SdkError::into_service_error`]. Mirrors `aws-smithy-runtime-api`'s `SdkError`.

use std::error::Error;
use std::fmt;

use super::metadata::EMPTY_ERROR_METADATA;
use super::{CreateUnhandledError, ErrorMetadata, ProvideErrorMetadata, RequestId};
use crate::connector::ConnectorError;
use crate::http::HttpResponse;
use crate::BoxError;

/// The request could not be built or sent (bad input, missing configuration).
#[derive(Debug)]
pub struct ConstructionFailure {
    source: BoxError,
}

/// The request timed out.
#[derive(Debug)]
pub struct TimeoutError {
    source: BoxError,
}

/// The connector could not get a response.
#[derive(Debug)]
pub struct DispatchFailure {
    source: ConnectorError,
}

impl DispatchFailure {
    /// The connector's error.
    pub fn as_connector_error(&self) -> Option<&ConnectorError> {
        Some(&self.source)
    }

    /// Whether the connector reported a timeout.
    pub fn is_timeout(&self) -> bool {
        self.source.is_timeout()
    }

    /// Whether the connector reported an I/O failure.
    pub fn is_io(&self) -> bool {
        self.source.is_io()
    }
}

/// A response arrived but could not be understood (e.g. malformed JSON).
#[derive(Debug)]
pub struct ResponseError<R> {
    source: BoxError,
    raw: R,
}

impl<R> ResponseError<R> {
    /// The raw response.
    pub fn raw(&self) -> &R {
        &self.raw
    }

    /// Takes the raw response.
    pub fn into_raw(self) -> R {
        self.raw
    }
}

/// The service returned an error, parsed into the operation's error type `E`.
#[derive(Debug)]
pub struct ServiceError<E, R> {
    source: E,
    raw: R,
}

impl<E, R> ServiceError<E, R> {
    /// The modeled error.
    pub fn err(&self) -> &E {
        &self.source
    }

    /// Takes the modeled error.
    pub fn into_err(self) -> E {
        self.source
    }

    /// The raw response.
    pub fn raw(&self) -> &R {
        &self.raw
    }

    /// Takes the raw response.
    pub fn into_raw(self) -> R {
        self.raw
    }
}

/// The error returned by every generated operation. `E` is the operation's error type, `R` the
/// raw response type.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E, R = HttpResponse> {
    /// The request could not be built or sent (bad input, missing configuration).
    ConstructionFailure(ConstructionFailure),
    /// The request timed out.
    TimeoutError(TimeoutError),
    /// The connector could not get a response.
    DispatchFailure(DispatchFailure),
    /// A response arrived but could not be understood.
    ResponseError(ResponseError<R>),
    /// The service returned an error.
    ServiceError(ServiceError<E, R>),
}

impl<E, R> SdkError<E, R> {
    /// The request could not be built.
    pub fn construction_failure(source: impl Into<BoxError>) -> Self {
        Self::ConstructionFailure(ConstructionFailure {
            source: source.into(),
        })
    }

    /// The request timed out.
    pub fn timeout_error(source: impl Into<BoxError>) -> Self {
        Self::TimeoutError(TimeoutError {
            source: source.into(),
        })
    }

    /// The connector failed.
    pub fn dispatch_failure(source: ConnectorError) -> Self {
        Self::DispatchFailure(DispatchFailure { source })
    }

    /// The response could not be understood.
    pub fn response_error(source: impl Into<BoxError>, raw: R) -> Self {
        Self::ResponseError(ResponseError {
            source: source.into(),
            raw,
        })
    }

    /// The service returned a (parsed) error.
    pub fn service_error(err: E, raw: R) -> Self {
        Self::ServiceError(ServiceError { source: err, raw })
    }

    /// The service error, if this is one.
    pub fn as_service_error(&self) -> Option<&E> {
        match self {
            Self::ServiceError(context) => Some(&context.source),
            _ => None,
        }
    }

    /// The raw response, for the variants that have one.
    pub fn raw_response(&self) -> Option<&R> {
        match self {
            Self::ResponseError(context) => Some(&context.raw),
            Self::ServiceError(context) => Some(&context.raw),
            _ => None,
        }
    }

    /// Converts the service error with `f`, leaving every other variant as it is.
    pub fn map_service_error<E2>(self, f: impl FnOnce(E) -> E2) -> SdkError<E2, R> {
        match self {
            Self::ConstructionFailure(context) => SdkError::ConstructionFailure(context),
            Self::TimeoutError(context) => SdkError::TimeoutError(context),
            Self::DispatchFailure(context) => SdkError::DispatchFailure(context),
            Self::ResponseError(context) => SdkError::ResponseError(context),
            Self::ServiceError(context) => SdkError::ServiceError(ServiceError {
                source: f(context.source),
                raw: context.raw,
            }),
        }
    }
}

impl<E, R> SdkError<E, R>
where
    E: Error + Send + Sync + 'static,
    R: fmt::Debug + Send + Sync + 'static,
{
    /// The operation's error: the service error itself, or every other variant wrapped with
    /// [`CreateUnhandledError`] so that callers can match on one type.
    pub fn into_service_error(self) -> E
    where
        E: CreateUnhandledError,
    {
        match self {
            Self::ServiceError(context) => context.source,
            other => E::create_unhandled_error(Box::new(other), None),
        }
    }

    /// The underlying error of whichever variant this is.
    ///
    /// Always `Ok` today; the `Err` case returns `self` for variants added later that carry no
    /// source.
    pub fn into_source(self) -> Result<BoxError, Self> {
        match self {
            Self::ConstructionFailure(context) => Ok(context.source),
            Self::TimeoutError(context) => Ok(context.source),
            Self::DispatchFailure(context) => Ok(Box::new(context.source)),
            Self::ResponseError(context) => Ok(context.source),
            Self::ServiceError(context) => Ok(Box::new(context.source)),
        }
    }
}

impl<E, R> fmt::Display for SdkError<E, R> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::ConstructionFailure(_) => "failed to construct request",
            Self::TimeoutError(_) => "request has timed out",
            Self::DispatchFailure(_) => "dispatch failure",
            Self::ResponseError(_) => "response error",
            Self::ServiceError(_) => "service error",
        })
    }
}

impl<E, R> Error for SdkError<E, R>
where
    E: Error + 'static,
    R: fmt::Debug,
{
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        match self {
            Self::ConstructionFailure(context) => Some(context.source.as_ref()),
            Self::TimeoutError(context) => Some(context.source.as_ref()),
            Self::DispatchFailure(context) => Some(&context.source),
            Self::ResponseError(context) => Some(context.source.as_ref()),
            Self::ServiceError(context) => Some(&context.source),
        }
    }
}

impl<E: ProvideErrorMetadata, R> ProvideErrorMetadata for SdkError<E, R> {
    /// The service error's metadata; empty metadata for the other variants.
    fn meta(&self) -> &ErrorMetadata {
        match self {
            Self::ServiceError(context) => context.source.meta(),
            _ => &EMPTY_ERROR_METADATA,
        }
    }
}

impl<E: ProvideErrorMetadata> RequestId for SdkError<E, HttpResponse> {
    /// The service error's request id, else the request id header of the raw response.
    fn request_id(&self) -> Option<&str> {
        match self {
            Self::ServiceError(context) => context
                .source
                .meta()
                .request_id()
                .or_else(|| context.raw.request_id()),
            Self::ResponseError(context) => context.raw.request_id(),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{DisplayErrorContext, Unhandled};

    /// Shaped like a generated operation error.
    #[derive(Debug)]
    enum OpError {
        NotFound(ErrorMetadata),
        Unhandled(Unhandled),
    }

    impl fmt::Display for OpError {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            match self {
                Self::NotFound(_) => f.write_str("not found"),
                Self::Unhandled(u) => fmt::Display::fmt(u, f),
            }
        }
    }

    impl Error for OpError {
        fn source(&self) -> Option<&(dyn Error + 'static)> {
            match self {
                Self::NotFound(_) => None,
                Self::Unhandled(u) => u.source(),
            }
        }
    }

    impl ProvideErrorMetadata for OpError {
        fn meta(&self) -> &ErrorMetadata {
            match self {
                Self::NotFound(m) => m,
                Self::Unhandled(u) => u.meta(),
            }
        }
    }

    impl CreateUnhandledError for OpError {
        fn create_unhandled_error(source: BoxError, meta: Option<ErrorMetadata>) -> Self {
            Self::Unhandled(Unhandled::new(source, meta.unwrap_or_default()))
        }
    }

    fn not_found() -> SdkError<OpError> {
        let meta = ErrorMetadata::builder()
            .code("NotFound")
            .message("no such thing")
            .build();
        SdkError::service_error(
            OpError::NotFound(meta),
            HttpResponse::new(404, "{}").with_header("x-amzn-requestid", "hdr-id"),
        )
    }

    #[test]
    fn service_error_accessors() {
        let err = not_found();
        assert!(matches!(err.as_service_error(), Some(OpError::NotFound(_))));
        assert_eq!(err.raw_response().map(|r| r.status), Some(404));
        assert_eq!(err.code(), Some("NotFound"));
        assert_eq!(err.message(), Some("no such thing"));
        assert_eq!(err.to_string(), "service error");
        assert_eq!(
            DisplayErrorContext(&err).to_string(),
            "service error: not found"
        );
        assert!(matches!(err.into_service_error(), OpError::NotFound(_)));

        let SdkError::ServiceError(context) = not_found() else {
            panic!("expected a service error")
        };
        assert_eq!(context.err().code(), Some("NotFound"));
        assert_eq!(context.raw().status, 404);
        assert_eq!(context.into_raw().status, 404);
    }

    #[test]
    fn non_service_errors_become_unhandled() {
        let err: SdkError<OpError> = SdkError::construction_failure("no endpoint");
        assert!(err.as_service_error().is_none());
        assert!(err.raw_response().is_none());
        assert_eq!(err.code(), None);
        let converted = err.into_service_error();
        let OpError::Unhandled(unhandled) = &converted else {
            panic!("expected unhandled")
        };
        assert_eq!(unhandled.meta(), &ErrorMetadata::default());
        assert_eq!(
            DisplayErrorContext(&converted).to_string(),
            "unhandled error: failed to construct request: no endpoint"
        );
    }

    #[test]
    fn display_and_source_per_variant() {
        let cases: Vec<(SdkError<OpError>, &str)> = vec![
            (
                SdkError::construction_failure("a"),
                "failed to construct request: a",
            ),
            (SdkError::timeout_error("b"), "request has timed out: b"),
            (
                SdkError::dispatch_failure(ConnectorError::io("c".into())),
                "dispatch failure: connector I/O error: c",
            ),
            (
                SdkError::response_error("d", HttpResponse::new(200, "x")),
                "response error: d",
            ),
        ];
        for (err, expected) in cases {
            assert_eq!(DisplayErrorContext(&err).to_string(), expected);
            assert!(err.source().is_some());
            assert!(!format!("{err:?}").is_empty());
        }
    }

    #[test]
    fn dispatch_failure_accessors() {
        let err: SdkError<OpError> =
            SdkError::dispatch_failure(ConnectorError::timeout("slow".into()));
        let SdkError::DispatchFailure(context) = &err else {
            panic!("expected a dispatch failure")
        };
        assert!(context.is_timeout() && !context.is_io());
        assert!(context.as_connector_error().is_some());
    }

    #[test]
    fn into_source_returns_inner_error() {
        let err: SdkError<OpError> = SdkError::timeout_error("late");
        assert_eq!(
            err.into_source().map(|e| e.to_string()).ok().as_deref(),
            Some("late")
        );
        let source = not_found().into_source().ok().map(|e| e.to_string());
        assert_eq!(source.as_deref(), Some("not found"));
    }

    #[test]
    fn map_service_error_keeps_raw() {
        let mapped = not_found().map_service_error(|e| e.to_string());
        assert_eq!(
            mapped.as_service_error().map(String::as_str),
            Some("not found")
        );
        assert_eq!(mapped.raw_response().map(|r| r.status), Some(404));
        let other: SdkError<OpError> = SdkError::timeout_error("t");
        assert!(matches!(
            other.map_service_error(|e| e.to_string()),
            SdkError::TimeoutError(_)
        ));
    }

    #[test]
    fn response_error_keeps_raw() {
        let err: SdkError<OpError> =
            SdkError::response_error("bad json", HttpResponse::new(200, "{"));
        let SdkError::ResponseError(context) = err else {
            panic!("expected a response error")
        };
        assert_eq!(context.raw().body(), b"{");
        assert_eq!(context.into_raw().status, 200);
    }

    #[test]
    fn request_id_prefers_metadata_then_header() {
        assert_eq!(not_found().request_id(), Some("hdr-id"));
        let meta = ErrorMetadata::builder().request_id("meta-id").build();
        let err: SdkError<OpError> = SdkError::service_error(
            OpError::NotFound(meta),
            HttpResponse::new(404, "").with_header("x-amzn-requestid", "hdr-id"),
        );
        assert_eq!(err.request_id(), Some("meta-id"));
        let err: SdkError<OpError> = SdkError::response_error(
            "x",
            HttpResponse::new(500, "").with_header("x-amz-request-id", "raw"),
        );
        assert_eq!(err.request_id(), Some("raw"));
        let err: SdkError<OpError> = SdkError::timeout_error("t");
        assert_eq!(err.request_id(), None);
    }

    #[test]
    fn sdk_error_is_send_sync_and_boxable() {
        fn assert_send_sync<T: Send + Sync + 'static>() {}
        assert_send_sync::<SdkError<OpError>>();
        let boxed: BoxError = Box::new(not_found());
        assert_eq!(boxed.to_string(), "service error");
    }
}
