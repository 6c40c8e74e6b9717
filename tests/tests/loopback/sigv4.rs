//! A second, minimal SigV4 implementation written from the AWS documentation ("Create a signed
//! AWS API request"), sharing no code with `smithy_rt::sigv4`. It covers the requests this
//! client sends: a path without a query string and a fully buffered body.
//!
//! In: a request as the server read it and the secret key. Out: the expected signature, and
//! [`assert_signed`], which compares it with the one in the request's `Authorization`.

use crate::server::Received;
use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn hmac(key: &[u8], data: &str) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("any key length");
    mac.update(data.as_bytes());
    mac.finalize().into_bytes().to_vec()
}

/// RFC 3986 percent-encoding of everything but the unreserved characters.
fn uri_encode(segment: &str) -> String {
    segment
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The parts of an `Authorization: AWS4-HMAC-SHA256 ...` header.
pub struct Authorization<'a> {
    pub credential: &'a str,
    pub signed_headers: &'a str,
    pub signature: &'a str,
}

/// Splits an `Authorization` header into its three fields, in the order SigV4 writes them.
pub fn parse(header: &str) -> Authorization<'_> {
    let rest = header
        .strip_prefix("AWS4-HMAC-SHA256 ")
        .unwrap_or_else(|| panic!("algorithm: {header}"));
    let mut fields = rest.split(", ").map(|f| f.split_once('=').expect("k=v"));
    let mut next = |name: &str| {
        let (key, value) = fields.next().unwrap_or_else(|| panic!("{name}: {header}"));
        assert_eq!(key, name, "{header}");
        value
    };
    Authorization {
        credential: next("Credential"),
        signed_headers: next("SignedHeaders"),
        signature: next("Signature"),
    }
}

/// The signature of `request` over the headers its `Authorization` lists, computed from
/// scratch.
pub fn expected_signature(request: &Received, secret: &str) -> String {
    let auth = parse(request.header("authorization").expect("authorization"));
    let (_akid, scope) = auth.credential.split_once('/').expect("akid/scope");
    let mut scope_parts = scope.split('/');
    let (date, region, service) = (
        scope_parts.next().expect("date"),
        scope_parts.next().expect("region"),
        scope_parts.next().expect("service"),
    );
    let amz_date = request.header("x-amz-date").expect("x-amz-date");

    assert!(!request.target.contains('?'), "no query string expected");
    // Every service but S3 encodes each segment of the path as sent once more.
    let canonical_uri: Vec<String> = request.target.split('/').map(uri_encode).collect();
    let mut canonical_headers = String::new();
    for name in auth.signed_headers.split(';') {
        // Lower-case names (the server already lower-cased them), trimmed values with
        // inner runs of spaces collapsed, repeated headers joined with commas.
        let values: Vec<String> = request
            .headers
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        assert!(!values.is_empty(), "signed header `{name}` was not sent");
        canonical_headers.push_str(&format!("{name}:{}\n", values.join(",")));
    }
    let canonical_request = [
        request.method.as_str(),
        &canonical_uri.join("/"),
        "",
        &canonical_headers,
        auth.signed_headers,
        &hex(&Sha256::digest(&request.body)),
    ]
    .join("\n");
    let string_to_sign = [
        "AWS4-HMAC-SHA256",
        amz_date,
        scope,
        &hex(&Sha256::digest(canonical_request.as_bytes())),
    ]
    .join("\n");

    let k_date = hmac(format!("AWS4{secret}").as_bytes(), date);
    let k_region = hmac(&k_date, region);
    let k_service = hmac(&k_region, service);
    let k_signing = hmac(&k_service, "aws4_request");
    hex(&hmac(&k_signing, &string_to_sign))
}

/// The request's signature is the one computed here, and the signed headers are listed
/// sorted, once each.
pub fn assert_signed(request: &Received, secret: &str) {
    let header = request.header("authorization").expect("authorization");
    let auth = parse(header);
    let names: Vec<&str> = auth.signed_headers.split(';').collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(names, sorted, "SignedHeaders is sorted and unique");
    assert_eq!(
        auth.signature,
        expected_signature(request, secret),
        "signature of {header}"
    );
}
