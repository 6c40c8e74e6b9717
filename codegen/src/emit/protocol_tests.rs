//! Protocol compliance tests: the lowered `smithy.test` cases of the IR → `#[test]`s in
//! `src/protocol_tests.rs`, compiled only under `cfg(test)`.
//!
//! - A request case builds the operation input from the case's params, sends it through the
//!   client with a capturing connector, and checks the captured request with
//!   `smithy_rt::protocol_test::assert_request` (method, path, query, headers, body).
//! - A response case builds the response from its code, headers and body, parses it with the
//!   operation's `parse_response` and compares the output with the value built from params.
//! - An error case does the same and expects the error's variant of the operation error; it is
//!   emitted once, for the first generated operation that can return the error.
//!
//! Values come from [`value`]: a typed case value in, a Rust expression of the shape's type
//! out. Parsed values compare with `smithy_rt::protocol_test::ProtocolEq` (`NaN` equals
//! `NaN`; the request id of outputs and the metadata of errors are not compared), implemented
//! here for every generated type.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::builders::build_is_fallible;
use super::shapes::Role;
use super::{ident, lit, Ctx};
use crate::ir::protocol_tests::{
    CannedResponse, Case, CaseKind, Check, ExpectedRequest, Float, Value,
};
use crate::ir::{Kind, Shape};

/// The token that the tests' idempotency token provider hands out.
pub const IDEMPOTENCY_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// `src/protocol_tests.rs`.
pub fn protocol_tests_rs(ctx: &Ctx) -> TokenStream {
    let tests: Vec<TokenStream> = ctx
        .ir
        .protocol_tests
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let body = match &case.check {
                Check::Request(expected) => request_test(ctx, case, expected),
                Check::Response(response) => response_test(ctx, case, response),
            };
            test_fn(ctx, i, case, body)
        })
        .collect();
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

fn option_str(v: Option<&str>) -> TokenStream {
    match v {
        Some(s) => quote!(::std::option::Option::Some(#s)),
        None => quote!(::std::option::Option::None),
    }
}

fn test_fn(ctx: &Ctx, index: usize, case: &Case, body: TokenStream) -> TokenStream {
    let name = ident(ctx.names.protocol_test(index));
    let doc = format!(" `{}` ({}).", case.id, case.kind.as_str());
    let docs = case.docs.as_deref().map(|d| {
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

fn request_test(ctx: &Ctx, case: &Case, expected: &ExpectedRequest) -> TokenStream {
    let op = ctx.ir.operation(&case.operation);
    let names = ctx.names.operation(&op.id);
    let module = ident(&names.module);
    let input_ty = ident(&names.input);
    let setters = members_setters(ctx, &case.params);
    let endpoint = match &expected.host {
        Some(host) => format!("https://{host}"),
        None => "http://localhost".to_string(),
    };
    let method = &expected.method;
    let uri = &expected.uri;
    let resolved_host = option_str(expected.resolved_host.as_deref());
    let query = &expected.query_params;
    let forbid_query = &expected.forbid_query_params;
    let require_query = &expected.require_query_params;
    let headers = expected.headers.iter().map(|(k, v)| quote!((#k, #v)));
    let forbid_headers = &expected.forbid_headers;
    let require_headers = &expected.require_headers;
    let body = option_str(expected.body.as_deref());
    let media_type = option_str(expected.body_media_type.as_deref());
    quote! {
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
    }
}

/// `let response = ...;` from a canned response.
fn canned_response(response: &CannedResponse) -> TokenStream {
    let code = response.code;
    let body = Literal::byte_string(&response.body);
    let headers = response
        .headers
        .iter()
        .map(|(k, v)| quote!(.with_header(#k, #v)));
    quote! {
        let response = ::smithy_rt::http::HttpResponse::new(#code, #body.to_vec()) #(#headers)*;
    }
}

fn response_test(ctx: &Ctx, case: &Case, response: &CannedResponse) -> TokenStream {
    let op = ctx.ir.operation(&case.operation);
    let names = ctx.names.operation(&op.id);
    let module = ident(&names.module);
    let response = canned_response(response);
    match (case.kind, &case.error) {
        (CaseKind::Error, Some(error)) => {
            let error = ctx.shape(error);
            let error_enum = ident(&names.error);
            let variant = ident(ctx.names.type_name(&error.id));
            let path = ctx.type_path(&error.id);
            let setters = members_setters(ctx, &case.params);
            let unwrap = build_is_fallible(ctx, error, Role::Error).then(|| quote!(.unwrap()));
            let expected_variant = lit(&format!("{}::{}", names.error, variant));
            quote! {
                #response
                let error = match crate::operation::#module::parse_response(response) {
                    ::std::result::Result::Ok(output) => panic!("expected an error, parsed {:?}", output),
                    ::std::result::Result::Err(e) => e.into_service_error(),
                };
                let crate::operation::#module::#error_enum::#variant(actual) = error else {
                    panic!("expected {}, parsed {:?}", #expected_variant, error);
                };
                let expected = #path::builder() #setters .build() #unwrap;
                ::smithy_rt::protocol_test::assert_protocol_eq(&actual, &expected);
            }
        }
        _ => {
            let output_ty = ident(&names.output);
            let output = ctx.shape(&op.output);
            let setters = members_setters(ctx, &case.params);
            let unwrap = build_is_fallible(ctx, output, Role::Output).then(|| quote!(.unwrap()));
            quote! {
                #response
                let actual = match crate::operation::#module::parse_response(response) {
                    ::std::result::Result::Ok(output) => output,
                    ::std::result::Result::Err(e) => panic!("the response did not parse: {}", ::smithy_rt::error::DisplayErrorContext(&e)),
                };
                let expected = crate::operation::#module::#output_ty::builder() #setters .build() #unwrap;
                ::smithy_rt::protocol_test::assert_protocol_eq(&actual, &expected);
            }
        }
    }
}

/// `.set_x(Some(..))` calls for the members a structure value sets.
pub(crate) fn members_setters(ctx: &Ctx, v: &Value) -> TokenStream {
    let Value::Structure { shape, members } = v else {
        unreachable!("lowering types case params as structures")
    };
    let shape = ctx.shape(shape);
    let calls = members.iter().map(|(name, v)| {
        let m = member(ctx, shape, name);
        let set = ident(&ctx.member_names(shape, m).set);
        let mut e = value(ctx, &m.target, v);
        if m.boxed {
            e = quote!(::std::boxed::Box::new(#e));
        }
        quote!(.#set(::std::option::Option::Some(#e)))
    });
    quote!(#(#calls)*)
}

fn member<'a>(ctx: &Ctx<'a>, shape: &Shape, name: &str) -> &'a crate::ir::Member {
    ctx.members_of(&shape.id)
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("internal invariant: lowering checked {}${name}", shape.id))
}

/// A Rust expression of the type of shape `target` holding the typed value `v`.
pub fn value(ctx: &Ctx, target: &str, v: &Value) -> TokenStream {
    let shape = ctx.shape(target);
    match v {
        Value::String(s) => quote!(::std::string::String::from(#s)),
        Value::Enum(s) => {
            let t = ctx.type_path(target);
            quote!(#t::from(#s))
        }
        Value::Bool(b) => quote!(#b),
        Value::Int(i) => int_literal(*i),
        Value::Float(f) => {
            let ty = match shape.kind {
                Kind::Float => quote!(f32),
                _ => quote!(f64),
            };
            match f {
                Float::Finite(x) => {
                    let l = match shape.kind {
                        Kind::Float => Literal::f32_suffixed((*x as f32).abs()),
                        _ => Literal::f64_suffixed(x.abs()),
                    };
                    if *x < 0.0 {
                        quote!(-#l)
                    } else {
                        quote!(#l)
                    }
                }
                Float::NaN => quote!(::std::primitive::#ty::NAN),
                Float::Infinity => quote!(::std::primitive::#ty::INFINITY),
                Float::NegInfinity => quote!(::std::primitive::#ty::NEG_INFINITY),
            }
        }
        Value::Timestamp { secs, nanos: 0 } => {
            let secs = int_literal(*secs);
            quote!(::smithy_rt::primitives::DateTime::from_secs(#secs))
        }
        Value::Timestamp { secs, nanos } => {
            let secs = int_literal(*secs);
            quote!(::smithy_rt::primitives::DateTime::from_secs_and_nanos(#secs, #nanos))
        }
        Value::Blob { bytes, streaming } => {
            let bytes = Literal::byte_string(bytes);
            if *streaming {
                quote!(::smithy_rt::primitives::ByteStream::new(#bytes.to_vec()))
            } else {
                quote!(::smithy_rt::primitives::Blob::new(#bytes.to_vec()))
            }
        }
        Value::Document(v) => super::builders::document_expr(v),
        Value::List(items) => {
            let Kind::List(item) = &shape.kind else {
                unreachable!("lowering typed a list value against a list")
            };
            let sparse = shape.traits.sparse;
            let items = items
                .iter()
                .map(|i| element(ctx, &item.target, i.as_ref(), sparse));
            quote!(::std::vec![#(#items),*])
        }
        Value::Map(entries) if entries.is_empty() => quote!(::std::collections::HashMap::new()),
        Value::Map(entries) => {
            let Kind::Map { key, value: item } = &shape.kind else {
                unreachable!("lowering typed a map value against a map")
            };
            let sparse = shape.traits.sparse;
            let key = ctx.value_type(&key.target);
            let entries = entries.iter().map(|(k, v)| {
                let v = element(ctx, &item.target, v.as_ref(), sparse);
                quote!((#key::from(#k), #v))
            });
            quote!(::std::collections::HashMap::from([#(#entries),*]))
        }
        Value::Structure { .. } => {
            let builder = ctx.builder_path(target);
            let setters = members_setters(ctx, v);
            let unwrap = build_is_fallible(ctx, shape, Role::Plain).then(|| quote!(.unwrap()));
            quote!(#builder::default() #setters .build() #unwrap)
        }
        Value::Union {
            member: name,
            value: inner,
            ..
        } => {
            let t = ctx.type_path(target);
            let m = member(ctx, shape, name);
            let variant = ident(ctx.names.variant(&shape.id, &m.name));
            match inner {
                None => quote!(#t::#variant),
                Some(inner) => {
                    let mut e = value(ctx, &m.target, inner);
                    if m.boxed {
                        e = quote!(::std::boxed::Box::new(#e));
                    }
                    quote!(#t::#variant(#e))
                }
            }
        }
    }
}

/// A list element or map value: `Some(..)`/`None` in sparse collections.
fn element(ctx: &Ctx, target: &str, v: Option<&Value>, sparse: bool) -> TokenStream {
    match (v, sparse) {
        (None, _) => quote!(::std::option::Option::None),
        (Some(v), true) => {
            let e = value(ctx, target, v);
            quote!(::std::option::Option::Some(#e))
        }
        (Some(v), false) => value(ctx, target, v),
    }
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
    for id in ctx.ir.types.iter().chain(ctx.ir.errors.keys()) {
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
