//! Hashing for SigV4: SHA-256, HMAC-SHA256, lower-case hex, and the signing-key chain.
//!
//! In: bytes, keys and the credential-scope parts. Out: digests as raw bytes or lower-case
//! hex. Thin wrappers over the `hmac-sha256` crate (pure Rust, no dependencies, so a build
//! without the HTTPS transport compiles no C and no generic crypto framework), so the rest of
//! the module never touches its types.

// Lower-case hex and SHA-256 hex are shared with the request checksums.
pub(super) use crate::checksum::{hex, sha256_hex};

/// HMAC-SHA256 of `data` under `key`.
pub(super) fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    hmac_sha256::HMAC::mac(data, key)
}

/// The last signing key derived, with what it was derived from.
struct CachedKey {
    secret: String,
    date: String,
    region: String,
    service: String,
    key: [u8; 32],
}

/// One key per process: a client signs request after request with the same credentials,
/// day, region and service, and the derivation is four HMACs (a third of a request's
/// hashing). A different key replaces it.
static LAST_KEY: std::sync::Mutex<Option<CachedKey>> = std::sync::Mutex::new(None);

/// [`derive_signing_key`], remembered for the next request with the same inputs.
pub(super) fn signing_key(secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let mut last = LAST_KEY
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(c) = last.as_ref() {
        if c.secret == secret && c.date == date && c.region == region && c.service == service {
            return c.key;
        }
    }
    let key = derive_signing_key(secret, date, region, service);
    *last = Some(CachedKey {
        secret: secret.to_owned(),
        date: date.to_owned(),
        region: region.to_owned(),
        service: service.to_owned(),
        key,
    });
    key
}

/// The SigV4 signing key: `HMAC("AWS4" + secret, date)`, then chained through region, service
/// and the terminator `aws4_request`.
fn derive_signing_key(secret: &str, date: &str, region: &str, service: &str) -> [u8; 32] {
    let mut seed = Vec::with_capacity(4 + secret.len());
    seed.extend_from_slice(b"AWS4");
    seed.extend_from_slice(secret.as_bytes());
    let k_date = hmac_sha256(&seed, date.as_bytes());
    let k_region = hmac_sha256(&k_date, region.as_bytes());
    let k_service = hmac_sha256(&k_region, service.as_bytes());
    hmac_sha256(&k_service, b"aws4_request")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_is_lower_case_and_padded() {
        assert_eq!(hex(&[]), "");
        assert_eq!(hex(&[0x00, 0x0f, 0xa0, 0xff]), "000fa0ff");
    }

    #[test]
    fn sha256_of_known_inputs() {
        assert_eq!(
            sha256_hex(b""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn hmac_matches_rfc_4231() {
        // RFC 4231, test case 2.
        assert_eq!(
            hex(&hmac_sha256(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        // Test case 6: a key longer than the block size is hashed first.
        assert_eq!(
            hex(&hmac_sha256(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn signing_key_matches_the_aws_documentation_example() {
        // The worked example in the AWS SigV4 documentation ("derive a signing key").
        let key = signing_key(
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            "20150830",
            "us-east-1",
            "iam",
        );
        assert_eq!(
            hex(&key),
            "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9"
        );
    }

    #[test]
    fn the_remembered_key_is_the_derived_one_for_any_change_of_input() {
        let inputs = [
            ("secret-a", "20150830", "us-east-1", "iam"),
            ("secret-a", "20150830", "us-east-1", "iam"),
            ("secret-b", "20150830", "us-east-1", "iam"),
            ("secret-b", "20150831", "us-east-1", "iam"),
            ("secret-b", "20150831", "eu-west-1", "iam"),
            ("secret-b", "20150831", "eu-west-1", "sts"),
            ("secret-a", "20150830", "us-east-1", "iam"),
        ];
        for (secret, date, region, service) in inputs {
            assert_eq!(
                signing_key(secret, date, region, service),
                derive_signing_key(secret, date, region, service),
                "{secret} {date} {region} {service}"
            );
        }
    }
}
