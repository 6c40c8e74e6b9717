//! Error metadata: the code, message and request id that a service error carries on the wire.
//!
//! In: values parsed from an error response (see [`crate::json::parse_error_metadata`]).
//! Out: an immutable [`ErrorMetadata`] that generated error types expose through
//! [`ProvideErrorMetadata`](super::ProvideErrorMetadata).

use std::collections::BTreeMap;
use std::fmt;

/// The code, message, request id and protocol-specific extras of a service error.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ErrorMetadata {
    pub(crate) code: Option<String>,
    pub(crate) message: Option<String>,
    pub(crate) request_id: Option<String>,
    pub(crate) extras: BTreeMap<&'static str, String>,
}

/// Metadata with nothing set, for errors that have none.
pub(crate) static EMPTY_ERROR_METADATA: ErrorMetadata = ErrorMetadata {
    code: None,
    message: None,
    request_id: None,
    extras: BTreeMap::new(),
};

impl ErrorMetadata {
    /// A builder with nothing set.
    pub fn builder() -> ErrorMetadataBuilder {
        ErrorMetadataBuilder::default()
    }

    /// The error code, e.g. `ResourceNotFoundException`.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The human-readable message.
    pub fn message(&self) -> Option<&str> {
        self.message.as_deref()
    }

    /// The request id the service assigned.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// A protocol-specific extra value set with [`ErrorMetadataBuilder::custom`].
    pub fn extra(&self, key: &str) -> Option<&str> {
        self.extras.get(key).map(String::as_str)
    }

    /// Converts back into a builder, e.g. to add a field.
    pub fn into_builder(self) -> ErrorMetadataBuilder {
        ErrorMetadataBuilder { inner: self }
    }
}

impl fmt::Display for ErrorMetadata {
    /// `Error { code: "X", message: "y", request_id: "z" }`, listing only the fields that are set.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("Error");
        if let Some(code) = &self.code {
            out.field("code", code);
        }
        if let Some(message) = &self.message {
            out.field("message", message);
        }
        if let Some(request_id) = &self.request_id {
            out.field("request_id", request_id);
        }
        for (key, value) in &self.extras {
            out.field(key, value);
        }
        out.finish()
    }
}

impl std::error::Error for ErrorMetadata {}

/// Builds an [`ErrorMetadata`].
#[derive(Debug, Clone, Default)]
pub struct ErrorMetadataBuilder {
    inner: ErrorMetadata,
}

impl ErrorMetadataBuilder {
    /// Sets the error code.
    pub fn code(mut self, code: impl Into<String>) -> Self {
        self.inner.code = Some(code.into());
        self
    }

    /// Sets the message.
    pub fn message(mut self, message: impl Into<String>) -> Self {
        self.inner.message = Some(message.into());
        self
    }

    /// Sets the request id.
    pub fn request_id(mut self, request_id: impl Into<String>) -> Self {
        self.inner.request_id = Some(request_id.into());
        self
    }

    /// Sets a protocol-specific extra value.
    pub fn custom(mut self, key: &'static str, value: impl Into<String>) -> Self {
        self.inner.extras.insert(key, value.into());
        self
    }

    /// The code set so far, if any.
    pub fn get_code(&self) -> Option<&str> {
        self.inner.code()
    }

    /// The message set so far, if any.
    pub fn get_message(&self) -> Option<&str> {
        self.inner.message()
    }

    /// Finishes the metadata.
    pub fn build(self) -> ErrorMetadata {
        self.inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_sets_fields() {
        let meta = ErrorMetadata::builder()
            .code("Throttling")
            .message("slow down")
            .request_id("req-1")
            .custom("retry_after", "5")
            .build();
        assert_eq!(meta.code(), Some("Throttling"));
        assert_eq!(meta.message(), Some("slow down"));
        assert_eq!(meta.request_id(), Some("req-1"));
        assert_eq!(meta.extra("retry_after"), Some("5"));
        assert_eq!(meta.extra("nope"), None);
    }

    #[test]
    fn display_lists_only_set_fields() {
        let meta = ErrorMetadata::builder()
            .code("X")
            .message("y")
            .request_id("z")
            .build();
        assert_eq!(
            meta.to_string(),
            r#"Error { code: "X", message: "y", request_id: "z" }"#
        );
        let meta = ErrorMetadata::builder().message("only").build();
        assert_eq!(meta.to_string(), r#"Error { message: "only" }"#);
        assert_eq!(ErrorMetadata::default().to_string(), "Error");
        assert_eq!(EMPTY_ERROR_METADATA, ErrorMetadata::default());
    }

    #[test]
    fn into_builder_round_trips() {
        let meta = ErrorMetadata::builder().code("A").build();
        let builder = meta.clone().into_builder();
        assert_eq!(builder.get_code(), Some("A"));
        assert_eq!(builder.get_message(), None);
        assert_eq!(builder.message("m").build().message(), Some("m"));
    }
}
