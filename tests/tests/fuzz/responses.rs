//! What the response fuzzers (`fuzz_responses_aws_json`, `fuzz_responses_cbor`) share: the
//! three-valued [`Fit`] of the independent model, the error-code rules both protocols follow
//! ([`sanitize`], [`query_error`]), random statuses and header-name casing, and [`check`], which
//! compares a call's result with what the case expects.

#![allow(dead_code)]

use std::fmt::Debug;

use smithy_rt::error::{DisplayErrorContext, ProvideErrorMetadata, RequestId, SdkError};

use super::fuzz::Rng;

/// The outcomes [`check`] counts (indexes of the fuzzers' outcome counters).
pub const OK: usize = 0;
pub const MODELED: usize = 1;
pub const UNHANDLED: usize = 2;
pub const RESPONSE_ERROR: usize = 3;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    Yes,
    No,
    /// The case cannot tell (random bytes, mutations): only the invariants are checked.
    Unsure,
}

impl Fit {
    pub fn of(b: bool) -> Fit {
        if b {
            Fit::Yes
        } else {
            Fit::No
        }
    }

    pub fn and(self, other: Fit) -> Fit {
        match (self, other) {
            (Fit::No, _) | (_, Fit::No) => Fit::No,
            (Fit::Unsure, _) | (_, Fit::Unsure) => Fit::Unsure,
            _ => Fit::Yes,
        }
    }

    pub fn all(items: impl IntoIterator<Item = Fit>) -> Fit {
        items.into_iter().fold(Fit::Yes, Fit::and)
    }
}

/// An error code reduced to the shape name: up to the first `:`, after the last `#`, trimmed.
pub fn sanitize(raw: &str) -> &str {
    let before_colon = raw.split(':').next().unwrap_or(raw);
    before_colon
        .rsplit('#')
        .next()
        .unwrap_or(before_colon)
        .trim()
}

/// The first value of header `name` (names compare ASCII-case-insensitively).
pub fn first<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// The code and fault of a well-formed `x-amzn-query-error` header.
pub fn query_error(headers: &[(String, String)]) -> Option<(&str, &str)> {
    let (code, fault) = first(headers, "x-amzn-query-error")?.split_once(';')?;
    let code = code.trim();
    (!code.is_empty()).then(|| (code, fault.trim()))
}

/// What the call must give back, as far as the case knows.
#[derive(Debug)]
pub struct Expect {
    pub status: u16,
    /// For a 2xx status: whether the response is read as the output.
    pub output: Fit,
    /// For other statuses: the error code (`None` inside: no code), when known.
    pub code: Option<Option<String>>,
    /// Whether the body fits the modeled error the code names (if it names one).
    pub error_fit: Fit,
    /// The message of an error response, when known.
    pub message: Option<Option<String>>,
    /// The awsQuery fault, when the query header gave the code.
    pub fault: Option<String>,
    pub request_id: Option<String>,
}

pub fn status(rng: &mut Rng) -> u16 {
    match rng.below(10) {
        0..=3 => 200,
        4 => *rng.pick(&[201, 202, 204, 206, 299]),
        5 => *rng.pick(&[400, 403, 404, 409, 413, 429]),
        6 => *rng.pick(&[500, 502, 503, 504]),
        7 => *rng.pick(&[0, 1, 100, 199, 300, 301, 304, 399, 600, 999]),
        _ => rng.next_u64() as u16,
    }
}

/// A header name with its letters in random case.
pub fn any_case(rng: &mut Rng, name: &str) -> String {
    name.chars()
        .map(|c| {
            if rng.chance(1, 3) {
                c.to_ascii_uppercase()
            } else {
                c
            }
        })
        .collect()
}

/// Checks what came back against the invariants and the model; returns the outcome's index.
pub fn check<O, E>(
    result: Result<O, SdkError<E>>,
    errors: &[(&'static str, &'static str)],
    want: &Expect,
    variant: fn(&E) -> &'static str,
) -> Result<usize, String>
where
    O: Debug + RequestId,
    E: std::error::Error + ProvideErrorMetadata + RequestId + 'static,
{
    let status = want.status;
    let success = (200..300).contains(&status);
    let err = match result {
        Ok(out) => {
            if !success {
                return Err(format!("Ok for status {status}"));
            }
            if want.output == Fit::No {
                return Err(format!(
                    "Ok for a response that does not fit the output: {out:?}"
                ));
            }
            let _ = format!("{out:?}");
            if out.request_id() != want.request_id.as_deref() {
                return Err(format!(
                    "request id {:?}, sent {:?}",
                    out.request_id(),
                    want.request_id
                ));
            }
            return Ok(OK);
        }
        Err(err) => err,
    };
    // Everything a caller might print or ask must work.
    let context = format!("{}", DisplayErrorContext(&err));
    let _ = format!("{err} {err:?}");
    let _ = (err.code(), err.message(), err.request_id());
    match &err {
        SdkError::ServiceError(service) => {
            if success {
                return Err(format!("ServiceError for status {status}: {context}"));
            }
            if service.raw().status != status {
                return Err(format!("raw status {}", service.raw().status));
            }
            let e = service.err();
            let _ = format!("{e} {e:?} {:?}", e.meta());
            let got = variant(e);
            if got == "?" {
                return Err(format!("an error variant the test does not know: {e:?}"));
            }
            if got != "Unhandled"
                && !errors
                    .iter()
                    .any(|(c, v)| *v == got && Some(*c) == e.code())
            {
                return Err(format!(
                    "{got} for code {:?}, which does not name it",
                    e.code()
                ));
            }
            if let Some(code) = &want.code {
                if e.code() != code.as_deref() {
                    return Err(format!("code {:?}, expected {code:?}", e.code()));
                }
                let named = code
                    .as_deref()
                    .and_then(|c| errors.iter().find(|(m, _)| *m == c))
                    .map(|(_, v)| *v);
                let right = match (named, want.error_fit) {
                    (None, _) | (Some(_), Fit::No) => got == "Unhandled",
                    (Some(v), Fit::Yes) => got == v,
                    (Some(v), Fit::Unsure) => got == v || got == "Unhandled",
                };
                if !right {
                    return Err(format!(
                        "{got} for code {code:?} (modeled: {named:?}, body fits: {:?}): {context}",
                        want.error_fit
                    ));
                }
            }
            if let Some(message) = &want.message {
                if e.message() != message.as_deref() {
                    return Err(format!("message {:?}, expected {message:?}", e.message()));
                }
            }
            if let Some(fault) = &want.fault {
                if e.meta().extra("type") != Some(fault.as_str()) {
                    return Err(format!(
                        "fault {:?}, expected {fault:?}",
                        e.meta().extra("type")
                    ));
                }
            }
            if e.request_id() != want.request_id.as_deref() {
                return Err(format!(
                    "request id {:?}, sent {:?}",
                    e.request_id(),
                    want.request_id
                ));
            }
            Ok(if got == "Unhandled" {
                UNHANDLED
            } else {
                MODELED
            })
        }
        SdkError::ResponseError(response) => {
            if !success {
                return Err(format!("ResponseError for status {status}: {context}"));
            }
            if want.output == Fit::Yes {
                return Err(format!(
                    "ResponseError for a response that fits the output: {context}"
                ));
            }
            if response.raw().status != status {
                return Err(format!("raw status {}", response.raw().status));
            }
            Ok(RESPONSE_ERROR)
        }
        _ => Err(format!("a response arrived, but got {context} / {err:?}")),
    }
}
