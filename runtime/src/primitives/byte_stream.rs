//! [`ByteStream`]: the value of a `@streaming` blob member (an `@httpPayload` of an operation
//! input or output).
//!
//! In: bytes from user code (requests) or a response body. Out: the same bytes. This runtime
//! sends and receives whole bodies (see [`crate::http`]), so a stream is an in-memory buffer;
//! the API follows the AWS SDK's `ByteStream` where it can (`from_static`, `collect().await`,
//! `into_bytes()`), so code written against the reference compiles.

use std::convert::Infallible;
use std::fmt;

use super::Blob;

/// The body of a streaming blob member, held in memory.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct ByteStream {
    bytes: Vec<u8>,
}

impl ByteStream {
    /// A stream of `bytes`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self {
            bytes: bytes.into(),
        }
    }

    /// A stream of static bytes.
    pub fn from_static(bytes: &'static [u8]) -> Self {
        Self::new(bytes)
    }

    /// Reads the whole stream. It is in memory already, so this never fails; the `Result`
    /// keeps the reference SDK's signature.
    pub async fn collect(self) -> Result<AggregatedBytes, Infallible> {
        Ok(AggregatedBytes(self.bytes))
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.bytes
    }

    /// Takes the bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.bytes
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the stream is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl fmt::Debug for ByteStream {
    /// The length only: bodies can be large and binary.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ByteStream({} bytes)", self.bytes.len())
    }
}

impl AsRef<[u8]> for ByteStream {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

impl From<Vec<u8>> for ByteStream {
    fn from(bytes: Vec<u8>) -> Self {
        Self::new(bytes)
    }
}

impl From<&'static [u8]> for ByteStream {
    fn from(bytes: &'static [u8]) -> Self {
        Self::from_static(bytes)
    }
}

impl From<String> for ByteStream {
    fn from(text: String) -> Self {
        Self::new(text.into_bytes())
    }
}

impl From<&'static str> for ByteStream {
    fn from(text: &'static str) -> Self {
        Self::from_static(text.as_bytes())
    }
}

impl From<Blob> for ByteStream {
    fn from(blob: Blob) -> Self {
        Self::new(blob.into_inner())
    }
}

/// A whole stream, read ([`ByteStream::collect`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AggregatedBytes(Vec<u8>);

impl AggregatedBytes {
    /// Takes the bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// A copy of the bytes.
    pub fn to_vec(&self) -> Vec<u8> {
        self.0.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_and_collects_its_bytes() {
        let stream = ByteStream::from("blobby blob blob");
        assert_eq!(stream.len(), 16);
        assert_eq!(format!("{stream:?}"), "ByteStream(16 bytes)");
        assert_eq!(stream.as_ref(), b"blobby blob blob");
        let bytes = crate::test_util::block_on(stream.clone().collect()).unwrap();
        assert_eq!(bytes.into_bytes(), b"blobby blob blob");
        assert!(ByteStream::default().is_empty());
        assert_eq!(
            ByteStream::from(Blob::new("x")),
            ByteStream::from_static(b"x")
        );
    }
}
