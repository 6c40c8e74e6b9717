//! AWS Signature Version 4 (SigV4) request signing, in the `Authorization` header form.
//!
//! In: an [`HttpRequest`] whose `uri` is absolute (`https://host[:port]/path?query`, path and
//! query as they will be sent, i.e. already percent-encoded), and [`SigningParams`]:
//! credentials, region, signing name, time and [`SigningSettings`].
//!
//! Out: [`sign`] sets on the request `host` (only when missing: from the URI authority, without
//! a default port), `x-amz-date`, `x-amz-security-token` (when there is a session token),
//! `x-amz-content-sha256` (with [`PayloadChecksum::SetHeader`]) and `authorization`. When
//! signing fails the request is left untouched and a [`SigningError`] says why; bad input
//! never panics.
//!
//! The steps are public so that each intermediate of the AWS test suite can be checked:
//! [`canonical_request`] (what is signed, including the headers `sign` adds), then
//! [`string_to_sign`], then [`signature`].
//!
//! Signed headers: every header on the request except `authorization`, `user-agent`,
//! `x-amzn-trace-id`, `expect` and `transfer-encoding` (which the AWS SDKs leave unsigned
//! because proxies and HTTP stacks change them), plus the ones the signer sets. The payload
//! hash is always the SHA-256 of `body`. Not implemented: query-string presigning, streaming
//! (chunked) payload signing, `UNSIGNED-PAYLOAD`, and SigV4a.

mod canonical;
mod crypto;
mod date;

use std::collections::BTreeMap;
use std::fmt;
use std::time::SystemTime;

use crate::http::HttpRequest;
use canonical::{canonical_header_value, is_token, is_valid_header_value};
use date::AmzDate;

/// The algorithm name that starts the string to sign and the `Authorization` header.
const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// Headers that are never signed, as in the AWS SDKs.
const UNSIGNED_HEADERS: [&str; 5] = [
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "expect",
    "transfer-encoding",
];

const SECURITY_TOKEN: &str = "x-amz-security-token";

/// Everything [`sign`] needs besides the request. `Debug` redacts the secret key and the
/// session token.
#[derive(Clone, Copy)]
pub struct SigningParams<'a> {
    /// The access key id (`AKIDEXAMPLE`): sent in the clear in the credential.
    pub access_key_id: &'a str,
    /// The secret access key: only ever used as HMAC key material.
    pub secret_access_key: &'a str,
    /// The session token of temporary credentials, sent as `x-amz-security-token`.
    pub session_token: Option<&'a str>,
    /// The signing region, e.g. `us-east-1`.
    pub region: &'a str,
    /// The signing name of the service (`aws.auth#sigv4` `name`), e.g. `iam`.
    pub service: &'a str,
    /// The signing time; sub-second precision is dropped.
    pub time: SystemTime,
    /// How to canonicalise and which optional headers to send.
    pub settings: SigningSettings,
}

impl fmt::Debug for SigningParams<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningParams")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &Redacted)
            .field("session_token", &self.session_token.map(|_| Redacted))
            .field("region", &self.region)
            .field("service", &self.service)
            .field("time", &self.time)
            .field("settings", &self.settings)
            .finish()
    }
}

/// Prints in place of a secret.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("** redacted **")
    }
}

/// Whether to send the payload hash as `x-amz-content-sha256`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum PayloadChecksum {
    /// Send (and sign) `x-amz-content-sha256`, as the AWS SDKs do for S3.
    SetHeader,
    /// Do not send it: what the AWS SDKs do for every other service.
    #[default]
    NoHeader,
}

/// Canonicalisation switches. The defaults suit every service but S3, which wants
/// `normalize_uri_path: false`, `double_uri_encode: false` and
/// `payload_checksum: PayloadChecksum::SetHeader`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SigningSettings {
    /// Whether to send `x-amz-content-sha256`. Default: [`PayloadChecksum::NoHeader`].
    pub payload_checksum: PayloadChecksum,
    /// Remove `.`, `..` and empty segments from the path before encoding. Default: `true`.
    pub normalize_uri_path: bool,
    /// Encode the (already encoded) path again, so `%3D` is signed as `%253D`. Default: `true`.
    pub double_uri_encode: bool,
    /// Send `x-amz-security-token` without signing it (some services, e.g. IoT, require
    /// this). Default: `false`.
    pub omit_session_token: bool,
}

impl Default for SigningSettings {
    fn default() -> Self {
        Self {
            payload_checksum: PayloadChecksum::NoHeader,
            normalize_uri_path: true,
            double_uri_encode: true,
            omit_session_token: false,
        }
    }
}

/// Why a request could not be signed. Messages name the offending URI or header but never
/// print header values or secrets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SigningError {
    message: String,
}

impl SigningError {
    fn uri(uri: &str, reason: &str) -> Self {
        Self {
            message: format!("cannot sign request URI {uri:?}: {reason}"),
        }
    }

    fn header(name: &str, reason: &str) -> Self {
        Self {
            message: format!("cannot sign header {name:?}: {reason}"),
        }
    }

    fn method(method: &str) -> Self {
        Self {
            message: format!("cannot sign request: method {method:?} is not a valid token"),
        }
    }

    fn time(reason: &str) -> Self {
        Self {
            message: format!("cannot sign request: {reason}"),
        }
    }

    fn params(reason: &str) -> Self {
        Self {
            message: format!("invalid signing parameters: {reason}"),
        }
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SigningError {}

/// A canonical request: the exact text that is hashed into the string to sign.
///
/// `Display` and [`CanonicalRequest::as_str`] give the text; `Debug` hides the value of
/// `x-amz-security-token`.
#[derive(Clone, PartialEq, Eq)]
pub struct CanonicalRequest {
    text: String,
    signed_headers: String,
}

impl CanonicalRequest {
    /// The canonical request text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The `;`-joined lower-case names of the signed headers (`host;x-amz-date`).
    pub fn signed_headers(&self) -> &str {
        &self.signed_headers
    }
}

impl fmt::Display for CanonicalRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for CanonicalRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let prefix = format!("{SECURITY_TOKEN}:");
        let redacted: Vec<&str> = self
            .text
            .split('\n')
            .map(|line| {
                if line.starts_with(&prefix) {
                    "x-amz-security-token:** redacted **"
                } else {
                    line
                }
            })
            .collect();
        f.debug_struct("CanonicalRequest")
            .field("text", &redacted.join("\n"))
            .field("signed_headers", &self.signed_headers)
            .finish()
    }
}

/// Signs `request` in place: see the module docs for the headers it sets.
pub fn sign(request: &mut HttpRequest, params: &SigningParams<'_>) -> Result<(), SigningError> {
    let payload_hash = payload_hash(&request.body);
    sign_with_payload_hash(request, params, &payload_hash)
}

/// The hex SHA-256 of a body, as [`sign_with_payload_hash`] takes it.
pub fn payload_hash(body: &[u8]) -> String {
    crypto::sha256_hex(body)
}

/// [`sign`] with the body's hex SHA-256 already known (the body of every attempt of a call is
/// the same, so the retry loop hashes it once).
pub fn sign_with_payload_hash(
    request: &mut HttpRequest,
    params: &SigningParams<'_>,
    payload_hash: &str,
) -> Result<(), SigningError> {
    let prepared = prepare(request, params, payload_hash)?;
    let scope = credential_scope(&prepared.amz_date, params);
    let string_to_sign =
        build_string_to_sign(&prepared.amz_date, &scope, prepared.canonical.as_str());
    let signature = compute_signature(&string_to_sign, &prepared.amz_date, params);
    let authorization = format!(
        "{ALGORITHM} Credential={}/{scope}, SignedHeaders={}, Signature={signature}",
        params.access_key_id,
        prepared.canonical.signed_headers(),
    );
    for (name, value) in prepared.headers_to_set {
        request.headers.insert(name, value);
    }
    request.headers.insert("authorization", authorization);
    Ok(())
}

/// The canonical request that [`sign`] would sign for `request`, including the headers it
/// would add; `request` itself is not changed.
pub fn canonical_request(
    request: &HttpRequest,
    params: &SigningParams<'_>,
) -> Result<CanonicalRequest, SigningError> {
    Ok(prepare(request, params, &payload_hash(&request.body))?.canonical)
}

/// The string to sign for `canonical_request` (the text of a [`CanonicalRequest`]):
/// `AWS4-HMAC-SHA256`, the `x-amz-date` time, the credential scope and the hex SHA-256 of the
/// canonical request, one per line.
pub fn string_to_sign(
    canonical_request: &str,
    params: &SigningParams<'_>,
) -> Result<String, SigningError> {
    validate_params(params)?;
    let amz_date = AmzDate::new(params.time)?;
    let scope = credential_scope(&amz_date, params);
    Ok(build_string_to_sign(&amz_date, &scope, canonical_request))
}

/// The hex signature of `string_to_sign`, keyed by the signing key derived from the secret
/// key, the date of `params.time`, the region and the service.
pub fn signature(string_to_sign: &str, params: &SigningParams<'_>) -> Result<String, SigningError> {
    validate_params(params)?;
    let amz_date = AmzDate::new(params.time)?;
    Ok(compute_signature(string_to_sign, &amz_date, params))
}

/// What signing one request needs, computed before the request is touched.
struct Prepared {
    amz_date: AmzDate,
    canonical: CanonicalRequest,
    /// Headers `sign` sets, lower-case names, in this order.
    headers_to_set: Vec<(&'static str, String)>,
}

fn prepare(
    request: &HttpRequest,
    params: &SigningParams<'_>,
    payload_hash: &str,
) -> Result<Prepared, SigningError> {
    validate_params(params)?;
    let amz_date = AmzDate::new(params.time)?;
    if !is_token(&request.method) {
        return Err(SigningError::method(&request.method));
    }
    let uri = canonical::parse_uri(&request.uri)?;
    let settings = &params.settings;

    let mut headers_to_set: Vec<(&'static str, String)> = Vec::new();
    if !request.headers.contains("host") {
        headers_to_set.push(("host", uri.host_header()));
    }
    headers_to_set.push(("x-amz-date", amz_date.date_time().to_owned()));
    if let Some(token) = params.session_token {
        headers_to_set.push((SECURITY_TOKEN, token.to_owned()));
    }
    if settings.payload_checksum == PayloadChecksum::SetHeader {
        headers_to_set.push(("x-amz-content-sha256", payload_hash.to_owned()));
    }

    // Lower-case name to canonical values in request order; the map sorts the names.
    let mut signed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, value) in request.headers.iter() {
        if !is_token(name) {
            return Err(SigningError::header(name, "the name is not a valid token"));
        }
        if !is_valid_header_value(value) {
            return Err(SigningError::header(
                name,
                "the value contains a control character (fold multi-line values into one line)",
            ));
        }
        let name = name.to_ascii_lowercase();
        let replaced = headers_to_set.iter().any(|(set, _)| *set == name);
        if replaced || UNSIGNED_HEADERS.contains(&name.as_str()) {
            continue;
        }
        signed
            .entry(name)
            .or_default()
            .push(canonical_header_value(value));
    }
    for (name, value) in &headers_to_set {
        if *name == SECURITY_TOKEN && settings.omit_session_token {
            continue;
        }
        signed.insert((*name).to_owned(), vec![canonical_header_value(value)]);
    }

    let signed_headers = signed
        .keys()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(";");
    let mut text = String::with_capacity(256);
    text.push_str(&request.method);
    text.push('\n');
    text.push_str(&canonical::canonical_uri(
        uri.path,
        settings.normalize_uri_path,
        settings.double_uri_encode,
    ));
    text.push('\n');
    text.push_str(&canonical::canonical_query(uri.query));
    text.push('\n');
    for (name, values) in &signed {
        text.push_str(name);
        text.push(':');
        text.push_str(&values.join(","));
        text.push('\n');
    }
    text.push('\n');
    text.push_str(&signed_headers);
    text.push('\n');
    text.push_str(payload_hash);

    Ok(Prepared {
        amz_date,
        canonical: CanonicalRequest {
            text,
            signed_headers,
        },
        headers_to_set,
    })
}

/// Checks the parts that end up in the credential and headers, so a bad value is an error
/// rather than a malformed `Authorization` header.
fn validate_params(params: &SigningParams<'_>) -> Result<(), SigningError> {
    let scope_part = |what: &str, value: &str| {
        if value.is_empty() {
            Err(SigningError::params(&format!("the {what} is empty")))
        } else if value
            .bytes()
            .any(|b| b == b'/' || b == b',' || b.is_ascii_whitespace() || b.is_ascii_control())
        {
            Err(SigningError::params(&format!(
                "the {what} contains `/`, `,`, whitespace or a control character"
            )))
        } else {
            Ok(())
        }
    };
    scope_part("access key id", params.access_key_id)?;
    scope_part("region", params.region)?;
    scope_part("service name", params.service)?;
    if params.secret_access_key.is_empty() {
        return Err(SigningError::params("the secret access key is empty"));
    }
    if let Some(token) = params.session_token {
        if token.is_empty() || !is_valid_header_value(token) {
            return Err(SigningError::params(
                "the session token is empty or contains a control character",
            ));
        }
    }
    Ok(())
}

/// `20150830/us-east-1/iam/aws4_request`.
fn credential_scope(amz_date: &AmzDate, params: &SigningParams<'_>) -> String {
    format!(
        "{}/{}/{}/aws4_request",
        amz_date.date(),
        params.region,
        params.service
    )
}

fn build_string_to_sign(amz_date: &AmzDate, scope: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{}\n{scope}\n{}",
        amz_date.date_time(),
        crypto::sha256_hex(canonical_request.as_bytes())
    )
}

fn compute_signature(
    string_to_sign: &str,
    amz_date: &AmzDate,
    params: &SigningParams<'_>,
) -> String {
    let key = crypto::signing_key(
        params.secret_access_key,
        amz_date.date(),
        params.region,
        params.service,
    );
    crypto::hex(&crypto::hmac_sha256(&key, string_to_sign.as_bytes()))
}

#[cfg(test)]
mod tests;
