//! Protocol compliance tests: the model's `smithy.test#httpRequestTests` and
//! `smithy.test#httpResponseTests` (on operations and on error structures) → `#[test]`s in
//! `src/protocol_tests.rs`, compiled only under `cfg(test)`.
//!
//! - A request case builds the operation input from the case's `params`, sends it through the
//!   client with a capturing connector, and checks the captured request with
//!   `smithy_rt::protocol_test::assert_request` (method, path, query, headers, body).
//! - A response case builds the response from `code`, `headers` and `body`, parses it with the
//!   operation's deserializer and compares the output with the value built from `params`.
//! - An error case does the same and expects the error's variant of the operation error; it is
//!   emitted once, for the first generated operation that can return the error.
//!
//! Values come from [`value`]: a JSON node and a shape in, a Rust expression of the shape's
//! type out. Parsed values compare with `smithy_rt::protocol_test::ProtocolEq` (`NaN` equals
//! `NaN`; the request id of outputs and the metadata of errors are not compared), implemented
//! here for every generated type. Cases for servers only (`appliesTo: "server"`) are left out.

use std::collections::BTreeSet;

use heck::ToSnakeCase;
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::{Map, Value};

use super::builders::build_is_fallible;
use super::shapes::Role;
use super::{ident, lit, Ctx};
use crate::ir::{Ir, Kind, Operation, Shape, ShapeId};

/// The trait holding request test cases.
pub const REQUEST_TESTS: &str = "smithy.test#httpRequestTests";
/// The trait holding response test cases (operations and error structures).
pub const RESPONSE_TESTS: &str = "smithy.test#httpResponseTests";
/// The token that the tests' idempotency token provider hands out.
pub const IDEMPOTENCY_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// What a test case checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CaseKind {
    /// `httpRequestTests` on an operation.
    Request,
    /// `httpResponseTests` on an operation.
    Response,
    /// `httpResponseTests` on an error structure.
    Error,
}

impl CaseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::Request => "request",
            CaseKind::Response => "response",
            CaseKind::Error => "error",
        }
    }
}

/// The `#[test]` function of a case: the snake-case id and the kind (`_request`,
/// `_response`, `_error`), since a request and a response case often share an id.
pub fn test_name(id: &str, kind: CaseKind) -> String {
    format!("{}_{}", id.to_snake_case(), kind.as_str())
}

/// The cases of a test trait value that apply to clients (not `appliesTo: "server"`).
pub fn client_cases(trait_value: Option<&Value>) -> Vec<&Map<String, Value>> {
    trait_value
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
        .filter(|c| c.get("appliesTo").and_then(Value::as_str) != Some("server"))
        .collect()
}

/// One client test case of the model, located in the IR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The case's `id`.
    pub id: String,
    pub kind: CaseKind,
    /// The operation the case runs through; for an error case, the first operation (by name)
    /// that can return the error.
    pub operation: ShapeId,
    /// The error structure of an error case.
    pub error: Option<ShapeId>,
    /// The name of its `#[test]` function ([`test_name`]).
    pub test_name: String,
}

/// Every client case of the operations in `ir`, in the order the tests are emitted: per
/// operation its request cases, its response cases, then the cases of its errors not seen
/// with an earlier operation.
pub fn cases(ir: &Ir) -> Vec<Case> {
    located_cases(ir)
        .into_iter()
        .map(|(case, _)| case)
        .collect()
}

fn located_cases(ir: &Ir) -> Vec<(Case, &Map<String, Value>)> {
    let mut out = Vec::new();
    let mut errors_done = BTreeSet::new();
    let located = |kind: CaseKind, op: &Operation, error: Option<&ShapeId>, c| Case {
        id: str_field(c, "id").unwrap_or("unnamed").to_string(),
        kind,
        operation: op.id.clone(),
        error: error.cloned(),
        test_name: test_name(str_field(c, "id").unwrap_or("unnamed"), kind),
    };
    for op in &ir.operations {
        for c in client_cases(op.traits.other.get(REQUEST_TESTS)) {
            out.push((located(CaseKind::Request, op, None, c), c));
        }
        for c in client_cases(op.traits.other.get(RESPONSE_TESTS)) {
            out.push((located(CaseKind::Response, op, None, c), c));
        }
        for error in &op.errors {
            if !errors_done.insert(error) {
                continue;
            }
            for c in client_cases(ir.shape(error).traits.other.get(RESPONSE_TESTS)) {
                out.push((located(CaseKind::Error, op, Some(error), c), c));
            }
        }
    }
    out
}

/// `src/protocol_tests.rs`.
pub fn protocol_tests_rs(ctx: &Ctx) -> TokenStream {
    let mut tests = Vec::new();
    for (case, c) in located_cases(ctx.ir) {
        let op = ctx
            .ir
            .operations
            .iter()
            .find(|o| o.id == case.operation)
            .expect("cases come from the IR's operations");
        tests.push(match (&case.kind, &case.error) {
            (CaseKind::Request, _) => request_test(ctx, op, c),
            (CaseKind::Response, _) => response_test(ctx, op, c),
            (CaseKind::Error, error) => {
                let error = error.as_deref().expect("error cases name their error");
                error_test(ctx, op, ctx.shape(error), c)
            }
        });
    }
    let eq_impls = protocol_eq_impls(ctx);
    quote! {
        #![doc = " The model's protocol compliance tests (`smithy.test`) that apply to clients."]
        #![allow(unused_mut, dead_code, deprecated, clippy::match_like_matches_macro)]

        #[doc = " A client that sends through `connector` to `endpoint`, signs with test credentials and does not retry."]
        fn client(connector: &::smithy_rt::test_util::CaptureConnector, endpoint: &str) -> crate::Client {
            let config = crate::Config::builder()
                .http_client(connector.clone())
                .endpoint_url(endpoint)
                .region(crate::config::Region::new("us-east-1"))
                .credentials_provider(crate::config::Credentials::new(
                    "ASIAIOSFODNN7EXAMPLE",
                    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
                    ::std::option::Option::None,
                    ::std::option::Option::None,
                    "protocol-tests",
                ))
                .retry_config(crate::config::RetryConfig::disabled())
                .idempotency_token_provider(crate::config::IdempotencyTokenProvider::fixed(#IDEMPOTENCY_TOKEN))
                .sleep_impl(::smithy_rt::test_util::InstantSleep::new())
                .build();
            crate::Client::from_conf(config)
        }

        #(#eq_impls)*
        #(#tests)*
    }
}

fn str_field<'c>(case: &'c Map<String, Value>, key: &str) -> Option<&'c str> {
    case.get(key).and_then(Value::as_str)
}

fn str_list<'c>(case: &'c Map<String, Value>, key: &str) -> Vec<&'c str> {
    case.get(key)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect()
}

fn header_pairs(case: &Map<String, Value>) -> Vec<TokenStream> {
    case.get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            let v = v.as_str().unwrap_or_default();
            quote!((#k, #v))
        })
        .collect()
}

fn option_str(v: Option<&str>) -> TokenStream {
    match v {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    }
}

fn params(case: &Map<String, Value>) -> Value {
    case.get("params")
        .cloned()
        .unwrap_or_else(|| Value::Object(Map::new()))
}

fn test_fn(case: &Map<String, Value>, kind: CaseKind, body: TokenStream) -> TokenStream {
    let id = str_field(case, "id").unwrap_or("unnamed");
    let name = format_ident!("{}", test_name(id, kind));
    let doc = format!(" `{id}` ({}).", kind.as_str());
    let docs = str_field(case, "documentation").map(|d| {
        let lines = super::doc_lines(&format!("\n{}", d.trim()));
        quote!(#lines)
    });
    quote! {
        #[doc = #doc]
        #docs
        #[test]
        fn #name() {
            #body
        }
    }
}

fn request_test(ctx: &Ctx, op: &Operation, case: &Map<String, Value>) -> TokenStream {
    let names = ctx.names.operation(&op.id);
    let module = ident(&names.module);
    let input_ty = ident(&names.input);
    let input = ctx.shape(&op.input);
    let setters = match members_setters(ctx, input, &params(case)) {
        Ok(s) => s,
        Err(problem) => return test_fn(case, CaseKind::Request, quote!(panic!(#problem);)),
    };
    let endpoint = match str_field(case, "host") {
        Some(host) => format!("https://{host}"),
        None => "http://localhost".to_string(),
    };
    let method = str_field(case, "method").unwrap_or_default();
    let uri = str_field(case, "uri").unwrap_or_default();
    let resolved_host = option_str(str_field(case, "resolvedHost"));
    let query = str_list(case, "queryParams");
    let forbid_query = str_list(case, "forbidQueryParams");
    let require_query = str_list(case, "requireQueryParams");
    let headers = header_pairs(case);
    let forbid_headers = str_list(case, "forbidHeaders");
    let require_headers = str_list(case, "requireHeaders");
    let body = option_str(str_field(case, "body"));
    let media_type = option_str(str_field(case, "bodyMediaType"));
    let body = quote! {
        let connector = ::smithy_rt::test_util::CaptureConnector::new(::std::vec![
            ::smithy_rt::http::HttpResponse::new(200, ::std::vec::Vec::new()),
        ]);
        let client = client(&connector, #endpoint);
        let input = crate::operation::#module::#input_ty::builder() #setters;
        let result = ::smithy_rt::test_util::block_on(input.send_with(&client));
        let ::std::option::Option::Some(request) = connector.last_request() else {
            let error = result.err().map(|e| ::smithy_rt::error::DisplayErrorContext(&e).to_string());
            panic!("no request was sent: {:?}", error);
        };
        ::smithy_rt::protocol_test::assert_request(&request, &::smithy_rt::protocol_test::ExpectedRequest {
            method: #method,
            uri: #uri,
            resolved_host: #resolved_host,
            query_params: &[#(#query),*],
            forbid_query_params: &[#(#forbid_query),*],
            require_query_params: &[#(#require_query),*],
            headers: &[#(#headers),*],
            forbid_headers: &[#(#forbid_headers),*],
            require_headers: &[#(#require_headers),*],
            body: #body,
            body_media_type: #media_type,
        });
    };
    test_fn(case, CaseKind::Request, body)
}

/// `let response = ...;` from a response case's `code`, `headers` and `body`.
fn canned_response(case: &Map<String, Value>) -> TokenStream {
    let code = case.get("code").and_then(Value::as_u64).unwrap_or(200) as u16;
    let body = Literal::byte_string(str_field(case, "body").unwrap_or_default().as_bytes());
    let headers = case
        .get("headers")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(k, v)| {
            let v = v.as_str().unwrap_or_default();
            quote!(.with_header(#k, #v))
        });
    quote! {
        let response = ::smithy_rt::http::HttpResponse::new(#code, #body.to_vec()) #(#headers)*;
    }
}

fn response_test(ctx: &Ctx, op: &Operation, case: &Map<String, Value>) -> TokenStream {
    let names = ctx.names.operation(&op.id);
    let module = ident(&names.module);
    let output_ty = ident(&names.output);
    let de = format_ident!("de_{}_response", names.module);
    let output = ctx.shape(&op.output);
    let expected = match members_setters(ctx, output, &params(case)) {
        Ok(setters) => {
            let unwrap = build_is_fallible(ctx, output, Role::Output).then(|| quote!(.unwrap()));
            quote!(crate::operation::#module::#output_ty::builder() #setters .build() #unwrap)
        }
        Err(problem) => return test_fn(case, CaseKind::Response, quote!(panic!(#problem);)),
    };
    let response = canned_response(case);
    let body = quote! {
        #response
        let actual = match crate::protocol_serde::#de(response) {
            ::std::result::Result::Ok(output) => output,
            ::std::result::Result::Err(e) => panic!("the response did not parse: {}", ::smithy_rt::error::DisplayErrorContext(&e)),
        };
        let expected = #expected;
        ::smithy_rt::protocol_test::assert_protocol_eq(&actual, &expected);
    };
    test_fn(case, CaseKind::Response, body)
}

fn error_test(ctx: &Ctx, op: &Operation, error: &Shape, case: &Map<String, Value>) -> TokenStream {
    let names = ctx.names.operation(&op.id);
    let module = ident(&names.module);
    let error_enum = ident(&names.error);
    let variant = ident(ctx.names.type_name(&error.id));
    let de = format_ident!("de_{}_response", names.module);
    let path = ctx.type_path(&error.id);
    let expected = match members_setters(ctx, error, &params(case)) {
        Ok(setters) => {
            let unwrap = build_is_fallible(ctx, error, Role::Error).then(|| quote!(.unwrap()));
            quote!(#path::builder() #setters .build() #unwrap)
        }
        Err(problem) => return test_fn(case, CaseKind::Error, quote!(panic!(#problem);)),
    };
    let response = canned_response(case);
    let expected_variant = lit(&format!("{}::{}", names.error, variant));
    let body = quote! {
        #response
        let error = match crate::protocol_serde::#de(response) {
            ::std::result::Result::Ok(output) => panic!("expected an error, parsed {:?}", output),
            ::std::result::Result::Err(e) => e.into_service_error(),
        };
        let crate::operation::#module::#error_enum::#variant(actual) = error else {
            panic!("expected {}, parsed {:?}", #expected_variant, error);
        };
        let expected = #expected;
        ::smithy_rt::protocol_test::assert_protocol_eq(&actual, &expected);
    };
    test_fn(case, CaseKind::Error, body)
}

/// `.set_x(Some(..))` calls for the members of structure `shape` named in `params`.
fn members_setters(ctx: &Ctx, shape: &Shape, params: &Value) -> Result<TokenStream, String> {
    let Some(object) = params.as_object() else {
        return Err(format!(
            "the test's params for {} are not an object",
            shape.id
        ));
    };
    let mut calls = Vec::new();
    for (key, v) in object {
        if v.is_null() {
            continue;
        }
        let Some(m) = ctx.members_of(&shape.id).iter().find(|m| &m.name == key) else {
            return Err(format!("{} has no member `{key}`", shape.id));
        };
        let set = format_ident!("set_{}", ctx.member_names(shape, m).stem);
        let mut e = value(ctx, &m.target, v)?;
        if m.boxed {
            e = quote!(::std::boxed::Box::new(#e));
        }
        calls.push(quote!(.#set(::std::option::Option::Some(#e))));
    }
    Ok(quote!(#(#calls)*))
}

/// A Rust expression of the type of shape `target` holding the test value `v`.
pub fn value(ctx: &Ctx, target: &str, v: &Value) -> Result<TokenStream, String> {
    let shape = ctx.shape(target);
    let mismatch = || {
        Err(format!(
            "the test value {v} does not fit {} ({})",
            shape.id,
            shape.kind.type_name()
        ))
    };
    let e = match (&shape.kind, v) {
        (Kind::String, Value::String(s)) => quote!(::std::string::String::from(#s)),
        (Kind::Enum(_), Value::String(s)) => {
            let t = ctx.type_path(target);
            quote!(#t::from(#s))
        }
        (Kind::Boolean, Value::Bool(b)) => quote!(#b),
        (
            Kind::Byte | Kind::Short | Kind::Integer | Kind::IntEnum(_) | Kind::Long,
            Value::Number(n),
        ) => match n.as_i64() {
            Some(i) => int_literal(i),
            None => return mismatch(),
        },
        (Kind::Float | Kind::Double, _) => {
            let ty = match shape.kind {
                Kind::Float => quote!(f32),
                _ => quote!(f64),
            };
            match v {
                Value::Number(n) => {
                    let x = n.as_f64().unwrap_or_default();
                    let l = match shape.kind {
                        Kind::Float if (x as f32).is_finite() => {
                            Literal::f32_suffixed((x as f32).abs())
                        }
                        Kind::Double => Literal::f64_suffixed(x.abs()),
                        _ => return mismatch(),
                    };
                    if x < 0.0 {
                        quote!(-#l)
                    } else {
                        quote!(#l)
                    }
                }
                Value::String(s) if s == "NaN" => quote!(::std::primitive::#ty::NAN),
                Value::String(s) if s == "Infinity" => quote!(::std::primitive::#ty::INFINITY),
                Value::String(s) if s == "-Infinity" => {
                    quote!(::std::primitive::#ty::NEG_INFINITY)
                }
                _ => return mismatch(),
            }
        }
        (Kind::Timestamp, Value::Number(n)) => match epoch_parts(&n.to_string()) {
            Some((secs, 0)) => {
                let secs = int_literal(secs);
                quote!(::smithy_rt::primitives::DateTime::from_secs(#secs))
            }
            Some((secs, nanos)) => {
                let secs = int_literal(secs);
                quote!(::smithy_rt::primitives::DateTime::from_secs_and_nanos(#secs, #nanos))
            }
            None => return mismatch(),
        },
        (Kind::Timestamp, Value::String(s)) => quote! {
            ::smithy_rt::primitives::DateTime::from_str(#s, ::smithy_rt::primitives::TimestampFormat::DateTime).unwrap()
        },
        (Kind::Blob, Value::String(s)) => {
            let bytes = Literal::byte_string(s.as_bytes());
            if shape.traits.streaming {
                quote!(::smithy_rt::primitives::ByteStream::new(#bytes.to_vec()))
            } else {
                quote!(::smithy_rt::primitives::Blob::new(#bytes.to_vec()))
            }
        }
        (Kind::Document, _) => super::builders::document_expr(v),
        (Kind::List(item), Value::Array(items)) => {
            let items = items
                .iter()
                .map(|i| element(ctx, &item.target, i, shape.traits.sparse))
                .collect::<Result<Vec<_>, _>>()?;
            quote!(::std::vec![#(#items),*])
        }
        (Kind::Map { value: item, .. }, Value::Object(entries)) => {
            if entries.is_empty() {
                quote!(::std::collections::HashMap::new())
            } else {
                let entries = entries
                    .iter()
                    .map(|(k, v)| {
                        let v = element(ctx, &item.target, v, shape.traits.sparse)?;
                        Ok(quote!((::std::string::String::from(#k), #v)))
                    })
                    .collect::<Result<Vec<_>, String>>()?;
                quote!(::std::collections::HashMap::from([#(#entries),*]))
            }
        }
        (Kind::Structure(_), Value::Object(_)) => {
            let builder = ctx.builder_path(target);
            let setters = members_setters(ctx, shape, v)?;
            let unwrap = build_is_fallible(ctx, shape, Role::Plain).then(|| quote!(.unwrap()));
            quote!(#builder::default() #setters .build() #unwrap)
        }
        (Kind::Union(members), Value::Object(object)) => {
            let t = ctx.type_path(target);
            let Some((key, inner)) = object.iter().next().filter(|_| object.len() == 1) else {
                return Err(format!(
                    "the test value {v} for union {} does not set exactly one member",
                    shape.id
                ));
            };
            let Some(m) = members.iter().find(|m| &m.name == key) else {
                return Err(format!("{} has no member `{key}`", shape.id));
            };
            let variant = ident(ctx.names.variant(&shape.id, &m.name));
            if m.target == crate::lower::prelude::UNIT {
                quote!(#t::#variant)
            } else {
                let mut e = value(ctx, &m.target, inner)?;
                if m.boxed {
                    e = quote!(::std::boxed::Box::new(#e));
                }
                quote!(#t::#variant(#e))
            }
        }
        _ => return mismatch(),
    };
    Ok(e)
}

/// A list element or map value: `Some(..)`/`None` in sparse collections.
fn element(ctx: &Ctx, target: &str, v: &Value, sparse: bool) -> Result<TokenStream, String> {
    match (sparse, v) {
        (true, Value::Null) => Ok(quote!(::std::option::Option::None)),
        (true, v) => {
            let e = value(ctx, target, v)?;
            Ok(quote!(::std::option::Option::Some(#e)))
        }
        (false, v) => value(ctx, target, v),
    }
}

/// Epoch seconds written in decimal (`946845296.123`, `-1.5`) as whole seconds and a forward
/// nanosecond fraction, exactly (going through `f64` would turn `.123` into `.123000026`).
fn epoch_parts(text: &str) -> Option<(i64, u32)> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, ""));
    if whole.is_empty() || !whole.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if fraction.len() > 9 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let whole: i64 = whole.parse().ok()?;
    let nanos: u32 = format!("{fraction:0<9}").parse().ok()?;
    Some(match (negative, nanos) {
        (false, n) => (whole, n),
        (true, 0) => (-whole, 0),
        (true, n) => (-whole - 1, 1_000_000_000 - n),
    })
}

fn int_literal(i: i64) -> TokenStream {
    let l = Literal::u64_unsuffixed(i.unsigned_abs());
    if i < 0 {
        quote!(-#l)
    } else {
        quote!(#l)
    }
}

/// `ProtocolEq` for the generated types that parsed values are compared through: structures,
/// unions and enums in `types`, the errors, and operation outputs (modeled members only).
fn protocol_eq_impls(ctx: &Ctx) -> Vec<TokenStream> {
    let mut impls = Vec::new();
    let eq = quote!(::smithy_rt::protocol_test::ProtocolEq);
    let fields_eq = |shape: &Shape, path: TokenStream| {
        let fields: Vec<TokenStream> = ctx
            .members_of(&shape.id)
            .iter()
            .map(|m| {
                let f = ident(&ctx.member_names(shape, m).field);
                quote!(#eq::protocol_eq(&self.#f, &other.#f))
            })
            .collect();
        let body = if fields.is_empty() {
            quote!(let _ = other; true)
        } else {
            quote!(#(#fields)&&*)
        };
        quote! {
            impl #eq for #path {
                fn protocol_eq(&self, other: &Self) -> bool {
                    #body
                }
            }
        }
    };
    for id in ctx.types.iter().chain(ctx.errors.iter()) {
        let shape = ctx.shape(id);
        let path = ctx.type_path(id);
        match &shape.kind {
            Kind::Enum(_) => impls.push(quote! {
                impl #eq for #path {
                    fn protocol_eq(&self, other: &Self) -> bool {
                        self == other
                    }
                }
            }),
            Kind::Structure(_) => impls.push(fields_eq(shape, path)),
            Kind::Union(members) => {
                let arms = members.iter().map(|m| {
                    let v = ident(ctx.names.variant(&shape.id, &m.name));
                    if m.target == crate::lower::prelude::UNIT {
                        quote!((Self::#v, Self::#v) => true,)
                    } else {
                        quote!((Self::#v(a), Self::#v(b)) => #eq::protocol_eq(a, b),)
                    }
                });
                impls.push(quote! {
                    impl #eq for #path {
                        fn protocol_eq(&self, other: &Self) -> bool {
                            match (self, other) {
                                #(#arms)*
                                (Self::Unknown, Self::Unknown) => true,
                                _ => false,
                            }
                        }
                    }
                });
            }
            _ => {}
        }
    }
    for op in &ctx.ir.operations {
        let names = ctx.names.operation(&op.id);
        let module = ident(&names.module);
        let output = ident(&names.output);
        impls.push(fields_eq(
            ctx.shape(&op.output),
            quote!(crate::operation::#module::#output),
        ));
    }
    impls
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn test_names_carry_the_kind() {
        assert_eq!(
            test_name("RestJsonHttpPayloadTraitsWithBlob", CaseKind::Request),
            "rest_json_http_payload_traits_with_blob_request"
        );
        assert_eq!(
            test_name("RestJsonComplexErrorWithNoMessage", CaseKind::Error),
            "rest_json_complex_error_with_no_message_error"
        );
    }

    #[test]
    fn epoch_numbers_split_exactly() {
        assert_eq!(epoch_parts("946845296.123"), Some((946845296, 123_000_000)));
        assert_eq!(epoch_parts("1576540098"), Some((1576540098, 0)));
        assert_eq!(epoch_parts("-1.5"), Some((-2, 500_000_000)));
        assert_eq!(epoch_parts("-3"), Some((-3, 0)));
        assert_eq!(epoch_parts("1e10"), None);
    }

    #[test]
    fn server_cases_are_left_out() {
        let v = serde_json::json!([
            {"id": "A"},
            {"id": "B", "appliesTo": "server"},
            {"id": "C", "appliesTo": "client"}
        ]);
        let ids: Vec<_> = client_cases(Some(&v))
            .iter()
            .map(|c| c["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["A", "C"]);
    }
}
