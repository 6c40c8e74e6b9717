//! Error code, message and request id of a restJson1 error response.
//!
//! In: the response headers and body bytes. Out: an [`ErrorMetadataBuilder`] with whatever
//! could be found; a missing, empty or unparsable body just means less information.
//!
//! - code: header `x-amzn-errortype`, else body field `code`, else body field `__type`,
//!   sanitised by [`sanitize_error_code`];
//! - message: body field `message`, else `Message`, else `errorMessage`;
//! - request id: header `x-amzn-requestid`, else `x-amz-request-id`.

use super::Value;
use crate::error::{ErrorMetadata, ErrorMetadataBuilder};
use crate::http::Headers;

/// Reduces a raw error type to the shape name: drops everything from the first `:` (a URI
/// some services append) and everything up to the last `#` (the namespace), then trims.
///
/// `aws.protocoltests.restjson#FooError:http://internal.amazon.com/...` becomes `FooError`.
pub fn sanitize_error_code(raw: &str) -> &str {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    let after_hash = before_colon.rsplit('#').next().unwrap_or(before_colon);
    after_hash.trim()
}

/// The string member `name` of a parsed body that is an object.
fn body_field<'v>(parsed: Option<&'v Value>, name: &str) -> Option<&'v str> {
    parsed
        .and_then(Value::as_object)
        .and_then(|object| object.get(name))
        .and_then(Value::as_str)
}

/// The first non-empty sanitised code among the header and the body's `code` and `__type`.
fn code_of<'a>(header: Option<&'a str>, parsed: Option<&'a Value>) -> Option<&'a str> {
    [
        header,
        body_field(parsed, "code"),
        body_field(parsed, "__type"),
    ]
    .into_iter()
    .flatten()
    .map(sanitize_error_code)
    .find(|code| !code.is_empty())
}

/// Only the error code of an error response, as [`parse_error_metadata`] finds it; the body is
/// parsed only when the `x-amzn-errortype` header does not give the code (the retry loop asks
/// this of every failed attempt).
pub fn error_code(headers: &Headers, body: &[u8]) -> Option<String> {
    let header = headers.get("x-amzn-errortype");
    if let Some(code) = code_of(header, None) {
        return Some(code.to_owned());
    }
    let parsed = super::parse_value(body).ok();
    code_of(header, parsed.as_ref()).map(str::to_owned)
}

/// Reads the error metadata of a restJson1 error response. Never fails.
pub fn parse_error_metadata(headers: &Headers, body: &[u8]) -> ErrorMetadataBuilder {
    let parsed = super::parse_value(body).ok();
    let body_field = |name: &str| body_field(parsed.as_ref(), name);

    let mut builder = ErrorMetadata::builder();
    if let Some(code) = code_of(headers.get("x-amzn-errortype"), parsed.as_ref()) {
        builder = builder.code(code);
    }
    let message = body_field("message")
        .or_else(|| body_field("Message"))
        .or_else(|| body_field("errorMessage"));
    if let Some(message) = message {
        builder = builder.message(message);
    }
    if let Some(request_id) = crate::error::request_id_header(headers) {
        builder = builder.request_id(request_id);
    }
    builder
}

#[cfg(test)]
mod tests {
    use super::*;

    const URI_SUFFIX: &str = ":http://internal.amazon.com/coral/com.amazon.coral.validate/";

    #[test]
    fn sanitize_examples() {
        assert_eq!(sanitize_error_code("FooError"), "FooError");
        assert_eq!(
            sanitize_error_code(&format!("FooError{URI_SUFFIX}")),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code("aws.protocoltests.restjson#FooError"),
            "FooError"
        );
        assert_eq!(
            sanitize_error_code(&format!("aws.protocoltests.restjson#FooError{URI_SUFFIX}")),
            "FooError"
        );
        assert_eq!(sanitize_error_code("  FooError  "), "FooError");
        assert_eq!(sanitize_error_code("a#b#FooError"), "FooError");
        assert_eq!(sanitize_error_code(""), "");
        assert_eq!(sanitize_error_code(":"), "");
        assert_eq!(sanitize_error_code("#"), "");
    }

    fn headers(pairs: &[(&str, &str)]) -> Headers {
        pairs.iter().copied().collect()
    }

    #[test]
    fn code_from_header_wins_over_body() {
        let meta = parse_error_metadata(
            &headers(&[("X-Amzn-Errortype", &format!("FooError{URI_SUFFIX}"))]),
            br#"{"code": "BodyCode", "__type": "TypeCode", "message": "hi"}"#,
        )
        .build();
        assert_eq!(meta.code(), Some("FooError"));
        assert_eq!(meta.message(), Some("hi"));
    }

    #[test]
    fn code_field_wins_over_type_field() {
        let meta = parse_error_metadata(
            &Headers::new(),
            br#"{"__type": "ns#TypeCode", "code": "ns#CodeField"}"#,
        )
        .build();
        assert_eq!(meta.code(), Some("CodeField"));
        let meta = parse_error_metadata(
            &Headers::new(),
            br#"{"__type": "aws.protocoltests.restjson#FooError:http://x/"}"#,
        )
        .build();
        assert_eq!(meta.code(), Some("FooError"));
    }

    #[test]
    fn empty_codes_fall_through() {
        let meta = parse_error_metadata(
            &headers(&[("x-amzn-errortype", " ")]),
            br#"{"code": "", "__type": "Real"}"#,
        )
        .build();
        assert_eq!(meta.code(), Some("Real"));
    }

    #[test]
    fn message_field_order() {
        let parse = |body: &[u8]| parse_error_metadata(&Headers::new(), body).build();
        assert_eq!(
            parse(br#"{"message":"a","Message":"b","errorMessage":"c"}"#).message(),
            Some("a")
        );
        assert_eq!(
            parse(br#"{"Message":"b","errorMessage":"c"}"#).message(),
            Some("b")
        );
        assert_eq!(parse(br#"{"errorMessage":"c"}"#).message(), Some("c"));
        assert_eq!(
            parse(br#"{"message": 5, "Message": "b"}"#).message(),
            Some("b")
        );
    }

    #[test]
    fn request_id_headers() {
        let meta = parse_error_metadata(&headers(&[("x-amzn-RequestId", "abc")]), b"").build();
        assert_eq!(meta.request_id(), Some("abc"));
        let meta = parse_error_metadata(&headers(&[("x-amz-request-id", "def")]), b"").build();
        assert_eq!(meta.request_id(), Some("def"));
    }

    #[test]
    fn bad_bodies_give_header_only_metadata() {
        let h = headers(&[("x-amzn-errortype", "Throttled"), ("x-amzn-requestid", "r")]);
        for body in [
            b"".as_slice(),
            b"   ",
            b"not json",
            b"{\"code\":",
            b"[1,2]",
            b"\"str\"",
            b"null",
            b"\xff\xfe\x00",
            br#"{"code": 7, "message": {"nested": true}}"#,
        ] {
            let meta = parse_error_metadata(&h, body).build();
            assert_eq!(meta.code(), Some("Throttled"));
            assert_eq!(meta.request_id(), Some("r"));
            assert_eq!(meta.message(), None);
        }
        let meta = parse_error_metadata(&Headers::new(), b"garbage").build();
        assert_eq!(meta, ErrorMetadata::default());
    }
}
