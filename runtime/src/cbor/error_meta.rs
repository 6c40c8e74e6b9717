//! Error code, message and request id of an rpcv2Cbor error response.
//!
//! In: the response headers and body bytes. Out: an [`ErrorMetadataBuilder`] with whatever
//! could be found; a missing, empty or undecodable body just means less information.
//!
//! - code: body field `__type` (a text string), sanitised by [`sanitize_error_code`] (the
//!   rpcv2Cbor protocol puts the error type only there; no header is consulted);
//! - message: body field `message`, else `Message`;
//! - request id: header `x-amzn-requestid`, else `x-amz-request-id`.

use super::Value;
use crate::error::{ErrorMetadata, ErrorMetadataBuilder};
use crate::http::Headers;
use crate::json::sanitize_error_code;

/// The text member `name` of a decoded body that is a map.
fn body_field<'v>(parsed: Option<&'v Value>, name: &str) -> Option<&'v str> {
    parsed
        .and_then(|value| value.get(name))
        .and_then(Value::as_str)
}

/// The sanitised, non-empty `__type` of a decoded body.
fn code_of(parsed: Option<&Value>) -> Option<&str> {
    body_field(parsed, "__type")
        .map(sanitize_error_code)
        .filter(|code| !code.is_empty())
}

/// Only the error code of an error response, as [`parse_error_metadata`] finds it (the retry
/// loop asks this of every failed attempt). `headers` is taken for the same signature as
/// [`crate::json::error_code`]; rpcv2Cbor carries the code only in the body.
pub fn error_code(headers: &Headers, body: &[u8]) -> Option<String> {
    let _ = headers;
    let parsed = super::parse_value(body).ok();
    code_of(parsed.as_ref()).map(str::to_owned)
}

/// Reads the error metadata of an rpcv2Cbor error response. Never fails.
pub fn parse_error_metadata(headers: &Headers, body: &[u8]) -> ErrorMetadataBuilder {
    let parsed = super::parse_value(body).ok();
    let body_field = |name: &str| body_field(parsed.as_ref(), name);

    let mut builder = ErrorMetadata::builder();
    if let Some(code) = code_of(parsed.as_ref()) {
        builder = builder.code(code);
    }
    if let Some(message) = body_field("message").or_else(|| body_field("Message")) {
        builder = builder.message(message);
    }
    if let Some(request_id) = crate::error::request_id_header(headers) {
        builder = builder.request_id(request_id);
    }
    builder
}

#[cfg(test)]
mod tests {
    use super::super::ObjectWriter;
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Headers {
        pairs.iter().copied().collect()
    }

    /// A map of text members.
    fn body(members: &[(&str, &str)]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut object = ObjectWriter::new(&mut out);
        for (key, value) in members {
            object.key(key).string(value);
        }
        object.finish();
        out
    }

    #[test]
    fn code_and_message_from_the_body() {
        let meta = parse_error_metadata(
            &headers(&[("x-amzn-requestid", "req-1")]),
            &body(&[
                ("__type", "smithy.protocoltests.rpcv2Cbor#ComplexError"),
                ("message", "boom"),
            ]),
        )
        .build();
        assert_eq!(meta.code(), Some("ComplexError"));
        assert_eq!(meta.message(), Some("boom"));
        assert_eq!(meta.request_id(), Some("req-1"));
        let suffixed = body(&[("__type", "ns#FooError:http://internal.amazon.com/x/")]);
        assert_eq!(
            error_code(&Headers::new(), &suffixed),
            Some("FooError".to_owned())
        );
        assert_eq!(
            parse_error_metadata(&Headers::new(), &body(&[("Message", "b")]))
                .build()
                .message(),
            Some("b")
        );
        assert_eq!(
            parse_error_metadata(
                &Headers::new(),
                &body(&[("message", "a"), ("Message", "b")])
            )
            .build()
            .message(),
            Some("a")
        );
    }

    #[test]
    fn header_does_not_give_the_code() {
        let h = headers(&[
            ("x-amzn-errortype", "HeaderCode"),
            ("x-amz-request-id", "r"),
        ]);
        let meta = parse_error_metadata(&h, &body(&[("__type", "BodyCode")])).build();
        assert_eq!(meta.code(), Some("BodyCode"));
        assert_eq!(meta.request_id(), Some("r"));
        assert_eq!(error_code(&h, b""), None);
    }

    #[test]
    fn bad_bodies_give_no_code() {
        let h = headers(&[("x-amzn-requestid", "r")]);
        let mut wrong_types = Vec::new();
        let mut object = ObjectWriter::new(&mut wrong_types);
        object.key("__type").number_i64(7);
        object.key("message").start_object().finish();
        object.finish();
        let mut bytes_type = Vec::new();
        let mut object = ObjectWriter::new(&mut bytes_type);
        object
            .key("__type")
            .blob(&crate::primitives::Blob::new("FooError"));
        object.finish();
        for body in [
            b"".as_slice(),
            b"not cbor",
            b"{\"__type\": \"FooError\"}",
            &[0xbf],
            &[0x81, 0x01],
            &[0x63, b'a', b'b', b'c'],
            &[0xf6],
            &[0xff, 0xfe, 0x00],
            &[0x7f, 0x61, 0xc3, 0xff],
            &wrong_types,
            &bytes_type,
            &body(&[("__type", "")]),
            &body(&[("__type", "ns#")]),
        ] {
            assert_eq!(error_code(&h, body), None);
            let meta = parse_error_metadata(&h, body).build();
            assert_eq!(meta.code(), None);
            assert_eq!(meta.message(), None);
            assert_eq!(meta.request_id(), Some("r"));
        }
        let meta = parse_error_metadata(&Headers::new(), b"garbage").build();
        assert_eq!(meta, ErrorMetadata::default());
    }
}
