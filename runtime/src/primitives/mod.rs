//! Smithy's simple types that have no direct Rust equivalent.
//!
//! In: values from deserializers or user code. Out: [`DateTime`] with the three wire formats
//! ([`TimestampFormat`]), [`Blob`] with base64, [`ByteStream`] for streaming payloads,
//! [`Document`] for open content, and
//! [`sealed_enum_unknown::UnknownVariantValue`] for enum values the model does not list.

mod blob;
mod byte_stream;
mod datetime;
mod document;

use std::fmt;

pub use blob::{base64_decode, base64_encode, Base64DecodeError, Blob};
pub use byte_stream::{AggregatedBytes, ByteStream};
pub use datetime::{ConversionError, DateTime, DateTimeFormatError, DateTimeParseError};
pub use document::{Document, Number};

/// How a timestamp is written on the wire (Smithy's `@timestampFormat`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    /// Seconds since the Unix epoch, possibly fractional: `1515531081.123`.
    EpochSeconds,
    /// RFC 3339 in UTC: `2019-12-16T23:48:18Z`.
    DateTime,
    /// IMF-fixdate (RFC 7231): `Tue, 29 Apr 2014 18:30:38 GMT`.
    HttpDate,
}

/// The name the AWS SDKs give [`TimestampFormat`] (`DateTime::fmt(DateTimeFormat::DateTime)`).
pub type DateTimeFormat = TimestampFormat;

impl fmt::Display for TimestampFormat {
    /// The Smithy name: `epoch-seconds`, `date-time` or `http-date`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimestampFormat::EpochSeconds => "epoch-seconds",
            TimestampFormat::DateTime => "date-time",
            TimestampFormat::HttpDate => "http-date",
        })
    }
}

/// Storage for enum values that the model does not list.
///
/// Generated enums carry an `Unknown(UnknownVariantValue)` variant so that a newer service can
/// send values an older client has never heard of. The type lives in its own module so that
/// user code is steered towards matching on the string (`as_str()`) instead of the variant.
pub mod sealed_enum_unknown {
    use std::fmt;

    /// An enum value that matched no known variant.
    #[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub struct UnknownVariantValue(pub(crate) String);

    impl UnknownVariantValue {
        /// Wraps the unrecognised value.
        pub fn new(value: impl Into<String>) -> Self {
            Self(value.into())
        }

        /// The value as it appeared on the wire.
        pub fn as_str(&self) -> &str {
            &self.0
        }
    }

    impl fmt::Display for UnknownVariantValue {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(&self.0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sealed_enum_unknown::UnknownVariantValue;
    use super::*;

    #[test]
    fn timestamp_format_names() {
        assert_eq!(TimestampFormat::EpochSeconds.to_string(), "epoch-seconds");
        assert_eq!(TimestampFormat::DateTime.to_string(), "date-time");
        assert_eq!(TimestampFormat::HttpDate.to_string(), "http-date");
    }

    #[test]
    fn unknown_variant_value() {
        let v = UnknownVariantValue::new("NEW_THING");
        assert_eq!(v.as_str(), "NEW_THING");
        assert_eq!(v.to_string(), "NEW_THING");
        assert!(UnknownVariantValue::new("A") < UnknownVariantValue::new("B"));
    }
}
