//! Idempotency tokens.
//!
//! In: random bits (see `crate::rand`). Out: an RFC 4122 version-4 UUID string for members
//! marked `@idempotencyToken` that the caller left unset, through the config's
//! [`IdempotencyTokenProvider`] (random by default, fixed for tests).

use std::fmt::Write as _;

/// A random version-4 UUID, lower case and hyphenated:
/// `xxxxxxxx-xxxx-4xxx-Yxxx-xxxxxxxxxxxx` with `Y` one of `8`, `9`, `a`, `b`.
pub fn uuid_v4() -> String {
    let mut bytes = [0u8; 16];
    crate::rand::fill(&mut bytes);
    format_v4(bytes)
}

/// Where a client's idempotency tokens come from: fresh random UUIDs (the default), or a fixed
/// value for tests that need a predictable request.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IdempotencyTokenProvider {
    fixed: Option<String>,
}

impl IdempotencyTokenProvider {
    /// A fresh [`uuid_v4`] for every call.
    pub fn random() -> Self {
        Self::default()
    }

    /// The same token every time.
    pub fn fixed(token: impl Into<String>) -> Self {
        Self {
            fixed: Some(token.into()),
        }
    }

    /// The next token.
    pub fn make_idempotency_token(&self) -> String {
        match &self.fixed {
            Some(token) => token.clone(),
            None => uuid_v4(),
        }
    }
}

/// Sets the version and variant bits and formats the UUID.
fn format_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut out = String::with_capacity(36);
    for (i, byte) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            out.push('-');
        }
        let _ = write!(out, "{byte:02x}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn assert_v4_shape(uuid: &str) {
        assert_eq!(uuid.len(), 36, "{uuid}");
        for (i, c) in uuid.chars().enumerate() {
            match i {
                8 | 13 | 18 | 23 => assert_eq!(c, '-', "{uuid}"),
                14 => assert_eq!(c, '4', "{uuid}"),
                19 => assert!(matches!(c, '8' | '9' | 'a' | 'b'), "{uuid}"),
                _ => assert!(c.is_ascii_hexdigit() && !c.is_ascii_uppercase(), "{uuid}"),
            }
        }
    }

    #[test]
    fn uuids_have_the_v4_shape_and_differ() {
        let uuids: HashSet<String> = (0..100).map(|_| uuid_v4()).collect();
        assert_eq!(uuids.len(), 100);
        uuids.iter().for_each(|u| assert_v4_shape(u));
    }

    #[test]
    fn providers() {
        let fixed = IdempotencyTokenProvider::fixed("t");
        assert_eq!(fixed.make_idempotency_token(), "t");
        assert_eq!(fixed.make_idempotency_token(), "t");
        let random = IdempotencyTokenProvider::random();
        assert_ne!(
            random.make_idempotency_token(),
            random.make_idempotency_token()
        );
    }

    #[test]
    fn format_sets_version_and_variant() {
        assert_eq!(format_v4([0; 16]), "00000000-0000-4000-8000-000000000000");
        assert_eq!(
            format_v4([0xff; 16]),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
    }
}
