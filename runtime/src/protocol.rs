//! The protocol rules a response is read with, and the generic response dispatch every
//! generated operation goes through.
//!
//! In: a raw [`HttpResponse`], the service's [`Protocol`], the operation's output reader and
//! its table of [`ModeledError`]s. Out: the output, or an [`SdkError`]: a 2xx response that the
//! output reader refuses is a response error; any other status is a service error holding the
//! operation's modeled error when the response's error code names one of its errors (and that
//! error parses), else its `Unhandled` variant with the error metadata.
//!
//! A [`Protocol`] says how the error code, message and request id of an error response are
//! found (per protocol: the JSON protocols read `X-Amzn-Errortype` or the body's `__type` /
//! `code`; see [`crate::json::parse_error_metadata`]), whether the service is
//! `awsQueryCompatible` (the `x-amzn-query-error` header then gives the awsQuery error code and
//! fault), and what a response must carry to be read at all.

use crate::error::{CreateUnhandledError, ErrorMetadata, ErrorMetadataBuilder, SdkError};
use crate::http::{Headers, HttpResponse};
use crate::json::DeserializeError;

/// How one protocol's responses are interpreted.
#[derive(Debug, Clone, Copy)]
pub struct Protocol {
    /// The protocol's name, for messages (`awsJson1_0`).
    pub name: &'static str,
    /// Code, message and request id of an error response. Never fails: what cannot be found
    /// is left out.
    pub error_metadata: fn(&Headers, &[u8]) -> ErrorMetadataBuilder,
    /// Only the error code (the retry loop asks this of every failed attempt; a protocol can
    /// answer from a header without parsing the body).
    pub error_code: fn(&Headers, &[u8]) -> Option<String>,
    /// What any response must satisfy before it is read (e.g. rpcv2Cbor's `smithy-protocol`
    /// header); `Ok` for most protocols.
    pub check_response: fn(&HttpResponse) -> Result<(), DeserializeError>,
    /// `aws.protocols#awsQueryCompatible`: the `x-amzn-query-error` header, when present,
    /// gives the error code (and the fault, kept as the `type` extra).
    pub query_compatible: bool,
}

impl Protocol {
    /// This protocol for an `awsQueryCompatible` service.
    pub const fn query_compatible(self) -> Protocol {
        Protocol {
            query_compatible: true,
            ..self
        }
    }

    /// The error metadata of an error response under this protocol.
    pub fn parse_error_metadata(&self, headers: &Headers, body: &[u8]) -> ErrorMetadata {
        let mut builder = (self.error_metadata)(headers, body);
        if self.query_compatible {
            if let Some((code, fault)) = query_error(headers) {
                builder = builder.code(code).custom("type", fault);
            }
        }
        builder.build()
    }

    /// The error code of an error response under this protocol.
    pub fn error_code(&self, headers: &Headers, body: &[u8]) -> Option<String> {
        if self.query_compatible {
            if let Some((code, _)) = query_error(headers) {
                return Some(code.to_owned());
            }
        }
        (self.error_code)(headers, body)
    }
}

/// The `x-amzn-query-error` header: `Code;Fault` (fault `Sender` or `Receiver`).
fn query_error(headers: &Headers) -> Option<(&str, &str)> {
    let value = headers.get("x-amzn-query-error")?;
    let (code, fault) = value.split_once(';')?;
    let code = code.trim();
    (!code.is_empty()).then(|| (code, fault.trim()))
}

fn no_check(_: &HttpResponse) -> Result<(), DeserializeError> {
    Ok(())
}

/// `aws.protocols#restJson1`.
pub const REST_JSON_1: Protocol = Protocol {
    name: "restJson1",
    error_metadata: crate::json::parse_error_metadata,
    error_code: crate::json::error_code,
    check_response: no_check,
    query_compatible: false,
};

/// `aws.protocols#awsJson1_0`.
pub const AWS_JSON_1_0: Protocol = Protocol {
    name: "awsJson1_0",
    ..REST_JSON_1
};

/// `aws.protocols#awsJson1_1`.
pub const AWS_JSON_1_1: Protocol = Protocol {
    name: "awsJson1_1",
    ..REST_JSON_1
};

/// `smithy.protocols#rpcv2Cbor`: errors from the body's `__type`; a response must say
/// `smithy-protocol: rpc-v2-cbor`.
pub const RPC_V2_CBOR: Protocol = Protocol {
    name: "rpcv2Cbor",
    error_metadata: crate::cbor::parse_error_metadata,
    error_code: crate::cbor::error_code,
    check_response: check_rpc_v2_cbor,
    query_compatible: false,
};

/// The `smithy-protocol` header of an rpcv2Cbor response.
fn check_rpc_v2_cbor(response: &HttpResponse) -> Result<(), DeserializeError> {
    match response.headers.get("smithy-protocol") {
        Some(value) if value.trim() == "rpc-v2-cbor" => Ok(()),
        Some(value) => Err(DeserializeError::at(
            "header `smithy-protocol`",
            format!("expected `rpc-v2-cbor`, the response says `{value}`"),
        )),
        None => Err(DeserializeError::at(
            "header `smithy-protocol`",
            "missing: the response is not an rpcv2Cbor response",
        )),
    }
}

/// A modeled error of an operation: the error code that identifies it, and how to read it
/// into the operation's error type.
pub struct ModeledError<E> {
    /// The error code (the error's shape name, or its awsQuery code).
    pub code: &'static str,
    /// Reads the error from the response; the metadata is already parsed.
    pub parse: fn(&HttpResponse, ErrorMetadata) -> Result<E, DeserializeError>,
}

impl<E> std::fmt::Debug for ModeledError<E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModeledError")
            .field("code", &self.code)
            .finish()
    }
}

/// Interprets the response of one operation call: the output for a 2xx status (read by
/// `output`), else the operation's error (see the module docs).
pub fn parse_response<O, E: CreateUnhandledError>(
    response: HttpResponse,
    protocol: &Protocol,
    output: fn(&HttpResponse) -> Result<O, DeserializeError>,
    errors: &[ModeledError<E>],
) -> Result<O, SdkError<E>> {
    if !response.is_success() {
        let meta = protocol.parse_error_metadata(&response.headers, &response.body);
        let modeled = meta
            .code()
            .and_then(|code| errors.iter().find(|e| e.code == code));
        let error = match modeled {
            Some(modeled) => match (modeled.parse)(&response, meta.clone()) {
                Ok(error) => error,
                Err(failure) => E::create_unhandled_error(Box::new(failure), Some(meta)),
            },
            None => E::create_unhandled_error(Box::new(meta.clone()), Some(meta)),
        };
        return Err(SdkError::service_error(error, response));
    }
    let parsed = (protocol.check_response)(&response).and_then(|()| output(&response));
    match parsed {
        Ok(output) => Ok(output),
        Err(failure) => Err(SdkError::response_error(failure, response)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{BoxError, Unhandled};

    #[derive(Debug)]
    enum OpError {
        NotFound(String),
        Unhandled(Unhandled),
    }

    impl std::fmt::Display for OpError {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{self:?}")
        }
    }

    impl std::error::Error for OpError {}

    impl CreateUnhandledError for OpError {
        fn create_unhandled_error(source: BoxError, meta: Option<ErrorMetadata>) -> Self {
            OpError::Unhandled(Unhandled::new(source, meta.unwrap_or_default()))
        }
    }

    fn output(response: &HttpResponse) -> Result<usize, DeserializeError> {
        match response.body.as_slice() {
            b"bad" => Err(DeserializeError::at("body", "bad")),
            body => Ok(body.len()),
        }
    }

    const ERRORS: &[ModeledError<OpError>] = &[
        ModeledError {
            code: "NotFound",
            parse: |_, meta| Ok(OpError::NotFound(meta.message().unwrap_or("").to_owned())),
        },
        ModeledError {
            code: "AWS.Queue.NonExistent",
            parse: |_, _| Ok(OpError::NotFound("query".into())),
        },
        ModeledError {
            code: "Broken",
            parse: |_, _| Err(DeserializeError::at("$.x", "expected a string")),
        },
    ];

    #[allow(clippy::result_large_err)]
    fn parse(protocol: &Protocol, response: HttpResponse) -> Result<usize, SdkError<OpError>> {
        parse_response(response, protocol, output, ERRORS)
    }

    fn error_response(code: &str) -> HttpResponse {
        HttpResponse::new(
            400,
            format!(r#"{{"__type":"ns#{code}","message":"m"}}"#).into_bytes(),
        )
    }

    #[test]
    fn success_and_response_errors() {
        assert_eq!(
            parse(&AWS_JSON_1_0, HttpResponse::new(200, "abc")).unwrap(),
            3
        );
        let err = parse(&AWS_JSON_1_0, HttpResponse::new(200, "bad")).unwrap_err();
        assert!(matches!(err, SdkError::ResponseError(_)), "{err:?}");
    }

    #[test]
    fn modeled_unknown_and_unreadable_errors() {
        let err = parse(&AWS_JSON_1_0, error_response("NotFound")).unwrap_err();
        assert!(matches!(err.into_service_error(), OpError::NotFound(m) if m == "m"));
        let err = parse(&AWS_JSON_1_0, error_response("Other")).unwrap_err();
        let OpError::Unhandled(u) = err.into_service_error() else {
            panic!("expected unhandled")
        };
        assert_eq!(u.meta().code(), Some("Other"));
        let err = parse(&AWS_JSON_1_0, error_response("Broken")).unwrap_err();
        let OpError::Unhandled(u) = err.into_service_error() else {
            panic!("expected unhandled")
        };
        assert_eq!(u.meta().code(), Some("Broken"));
        assert!(u.source_error().to_string().contains("expected a string"));
    }

    #[test]
    fn rpc_v2_cbor_checks_the_protocol_header() {
        let ok = HttpResponse::new(200, "abc").with_header("smithy-protocol", "rpc-v2-cbor");
        assert_eq!(parse(&RPC_V2_CBOR, ok).unwrap(), 3);
        for response in [
            HttpResponse::new(200, "abc"),
            HttpResponse::new(200, "abc").with_header("smithy-protocol", "rpc-v2-json"),
        ] {
            let err = parse(&RPC_V2_CBOR, response).unwrap_err();
            let SdkError::ResponseError(e) = err else {
                panic!("expected a response error, got {err:?}")
            };
            assert!(format!("{e:?}").contains("smithy-protocol"), "{e:?}");
        }
        // Errors: the code from the body's `__type`.
        let mut body = Vec::new();
        let mut object = crate::cbor::ObjectWriter::new(&mut body);
        object.key("__type").string("smithy.example#NotFound");
        object.key("message").string("m");
        object.finish();
        let response = HttpResponse::new(400, body).with_header("smithy-protocol", "rpc-v2-cbor");
        let err = parse(&RPC_V2_CBOR, response).unwrap_err();
        assert!(matches!(err.into_service_error(), OpError::NotFound(m) if m == "m"));
    }

    #[test]
    fn query_compatible_error_codes() {
        let compatible = AWS_JSON_1_0.query_compatible();
        let response = error_response("QueueDoesNotExist")
            .with_header("x-amzn-query-error", "AWS.Queue.NonExistent;Sender");
        let meta = compatible.parse_error_metadata(&response.headers, &response.body);
        assert_eq!(meta.code(), Some("AWS.Queue.NonExistent"));
        assert_eq!(meta.extra("type"), Some("Sender"));
        assert_eq!(
            compatible
                .error_code(&response.headers, &response.body)
                .as_deref(),
            Some("AWS.Queue.NonExistent")
        );
        let err = parse(&compatible, response.clone()).unwrap_err();
        assert!(matches!(err.into_service_error(), OpError::NotFound(m) if m == "query"));
        // Without the modifier the header means nothing.
        let meta = AWS_JSON_1_0.parse_error_metadata(&response.headers, &response.body);
        assert_eq!(meta.code(), Some("QueueDoesNotExist"));
        // A malformed header is ignored.
        let response = error_response("NotFound").with_header("x-amzn-query-error", "NoFault");
        let meta = compatible.parse_error_metadata(&response.headers, &response.body);
        assert_eq!(meta.code(), Some("NotFound"));
    }
}
