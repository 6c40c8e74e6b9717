//! [`Blob`] (opaque bytes) and the base64 codec that carries blobs in JSON and headers.
//!
//! In: bytes, or base64 text in the standard alphabet (RFC 4648 section 4). Out: padded base64
//! text, or the decoded bytes; malformed text is a [`Base64DecodeError`], never a panic.
//! Decoding also accepts text whose padding was left off.

use std::fmt;

/// Opaque binary data.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Self(bytes.into())
    }

    /// Takes the bytes.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Blob> for Vec<u8> {
    fn from(blob: Blob) -> Self {
        blob.into_inner()
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Self(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Self(bytes.to_vec())
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Encodes bytes as padded standard base64.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b0 = chunk[0];
        let b1 = chunk.get(1).copied().unwrap_or(0);
        let b2 = chunk.get(2).copied().unwrap_or(0);
        let sextets = [
            b0 >> 2,
            (b0 & 0x03) << 4 | b1 >> 4,
            (b1 & 0x0f) << 2 | b2 >> 6,
            b2 & 0x3f,
        ];
        // A chunk of n bytes yields n + 1 significant characters.
        for (i, sextet) in sextets.into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[usize::from(sextet)]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Decodes standard base64. Padding is optional, but when present it must be correct.
pub fn base64_decode(text: &str) -> Result<Vec<u8>, Base64DecodeError> {
    let bytes = text.as_bytes();
    let unpadded = match bytes {
        [rest @ .., b'=', b'='] => rest,
        [rest @ .., b'='] => rest,
        _ => bytes,
    };
    let padded = unpadded.len() != bytes.len();
    if padded && !bytes.len().is_multiple_of(4) {
        return Err(Base64DecodeError::new(
            "padding does not complete a 4-character group",
        ));
    }
    if unpadded.len() % 4 == 1 {
        return Err(Base64DecodeError::new("length is not valid for base64"));
    }
    let mut out = Vec::with_capacity(unpadded.len() / 4 * 3 + 2);
    for group in unpadded.chunks(4) {
        let mut value: u32 = 0;
        for (i, &byte) in group.iter().enumerate() {
            let sextet = decode_char(byte).ok_or_else(|| {
                Base64DecodeError::new(if byte == b'=' {
                    "'=' padding is only allowed at the end"
                } else {
                    "invalid character"
                })
            })?;
            value |= u32::from(sextet) << (18 - 6 * i);
        }
        let [_, b0, b1, b2] = value.to_be_bytes();
        // A group of n characters carries n - 1 bytes.
        out.extend_from_slice(&[b0, b1, b2][..group.len() - 1]);
    }
    Ok(out)
}

fn decode_char(byte: u8) -> Option<u8> {
    match byte {
        b'A'..=b'Z' => Some(byte - b'A'),
        b'a'..=b'z' => Some(byte - b'a' + 26),
        b'0'..=b'9' => Some(byte - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Text that is not valid base64.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Base64DecodeError {
    reason: &'static str,
}

impl Base64DecodeError {
    fn new(reason: &'static str) -> Self {
        Self { reason }
    }
}

impl fmt::Display for Base64DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid base64: {}", self.reason)
    }
}

impl std::error::Error for Base64DecodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc4648_vectors() {
        for (plain, encoded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64_encode(plain.as_bytes()), encoded);
            assert_eq!(base64_decode(encoded).as_deref(), Ok(plain.as_bytes()));
        }
    }

    #[test]
    fn all_byte_values_round_trip() {
        let bytes: Vec<u8> = (0..=255).collect();
        for len in 0..bytes.len() {
            let encoded = base64_encode(&bytes[..len]);
            assert_eq!(encoded.len() % 4, 0);
            assert_eq!(base64_decode(&encoded).as_deref(), Ok(&bytes[..len]));
        }
        assert_eq!(base64_encode(&[0xfb, 0xff]), "+/8=");
    }

    #[test]
    fn unpadded_input_is_accepted() {
        assert_eq!(base64_decode("Zg").as_deref(), Ok(b"f".as_slice()));
        assert_eq!(base64_decode("Zm8").as_deref(), Ok(b"fo".as_slice()));
    }

    #[test]
    fn malformed_input_is_an_error() {
        for text in [
            "Z", "Zg=", "Zg===", "=", "==", "Zm9v!A==", "Zg==Zg==", "Z=g=", "Zm9v\n", "ÿÿÿÿ",
            "Zm9vY",
        ] {
            let err = base64_decode(text).expect_err(text);
            assert!(err.to_string().starts_with("invalid base64: "), "{err}");
        }
    }

    #[test]
    fn arbitrary_text_never_panics_and_valid_text_round_trips() {
        const CHARS: &[u8] = b"AZaz09+/=-_ \n";
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..20_000 {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1);
            let len = (state >> 60) as usize;
            let text: String = (0..len)
                .map(|i| char::from(CHARS[((state >> (i * 4 % 56)) as usize) % CHARS.len()]))
                .collect();
            if let Ok(bytes) = base64_decode(&text) {
                assert_eq!(base64_decode(&base64_encode(&bytes)), Ok(bytes), "{text}");
            }
        }
    }

    #[test]
    fn blob_conversions() {
        let blob = Blob::new("hi");
        assert_eq!(blob.as_ref(), b"hi");
        assert_eq!(Blob::from(b"hi".as_slice()), blob);
        assert_eq!(Blob::from(b"hi".to_vec()).into_inner(), b"hi");
    }
}
