//! Response readers, for any protocol: `de_<op>_output` (the output of a 2xx response) and
//! `de_<error>_error` (a modeled error from an error response and its parsed metadata).
//!
//! In: the output or error structure with its resolved bindings, and the body [`Codec`]. Out:
//! functions that fill the structure's builder from the members bound to the HTTP message
//! (headers, prefix headers, status code, payload: see [`super::http`]) and from the body
//! document (parsed only when a member lives there), correct what the service left out, and
//! build it. Which response or error a status maps to is the runtime's
//! `smithy_rt::protocol::parse_response`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::document::{corrections, fill_builder, finish, Codec};
use super::http;
use crate::emit::shapes::Role;
use crate::emit::{errors, ident, Ctx};
use crate::ir::{Binding, Kind, Location, Member, Operation, Shape};

/// The members of `shape` bound to the body.
fn body_members<'a>(ctx: &Ctx<'a>, shape: &Shape, bindings: &[Binding]) -> Vec<&'a Member> {
    ctx.members_of(&shape.id)
        .iter()
        .filter(|m| {
            bindings
                .iter()
                .any(|b| b.member == m.name && b.location == Location::Body)
        })
        .collect()
}

/// Statements reading the body members of a top-level output or error from `response`,
/// parsing the body only when some member lives there.
fn read_body(ctx: &Ctx, codec: Codec, shape: &Shape, bindings: &[Binding]) -> TokenStream {
    let members = body_members(ctx, shape, bindings);
    if members.is_empty() {
        return quote!();
    }
    let module = codec.module();
    let fill = fill_builder(ctx, codec, shape, &members);
    quote! {
        let root = #module::parse_body(&response.body)?;
        if let ::std::option::Option::Some(object) = #module::de::object(&root, path)? {
            #fill
        }
    }
}

/// `de_<error>_error`: a modeled error from a response and its parsed metadata.
pub fn error_fn(ctx: &Ctx, codec: Codec, shape: &Shape) -> TokenStream {
    let info = ctx.ir.error(&shape.id);
    let f = ident(ctx.names.error_deserializer(&shape.id));
    let t = ctx.type_path(&shape.id);
    let builder = ctx.builder_path(&shape.id);
    let bindings = http::read_response_bindings(ctx, codec, shape, &info.response);
    let body = read_body(ctx, codec, shape, &info.response);
    let corrections = corrections(ctx, shape);
    let message = errors::message_member(ctx, shape)
        .filter(|m| matches!(ctx.shape(&m.target).kind, Kind::String))
        .map(|m| {
            let f = ident(&ctx.member_names(shape, m).field);
            quote! {
                if builder.#f.is_none() {
                    builder.#f = meta.message().map(::std::string::ToString::to_string);
                }
            }
        });
    let finish = finish(ctx, shape, Role::Error, false);
    // An error without members bound to the response never reads it.
    let response = if bindings.is_empty() && body.is_empty() {
        format_ident!("_response")
    } else {
        format_ident!("response")
    };
    quote! {
        pub(crate) fn #f(
            #response: &::smithy_rt::http::HttpResponse,
            meta: ::smithy_rt::error::ErrorMetadata,
        ) -> ::std::result::Result<#t, ::smithy_rt::json::DeserializeError> {
            #[allow(unused_variables)]
            let path = &::smithy_rt::json::JsonPath::root();
            #[allow(unused_mut)]
            let mut builder = #builder::default();
            #bindings
            #body
            #corrections
            #message
            builder = builder.meta(meta);
            #finish
        }
    }
}

/// `de_<op>_output`: the output of a 2xx response.
pub fn output_fn(ctx: &Ctx, codec: Codec, op: &Operation) -> TokenStream {
    let names = ctx.names.operation(&op.id);
    let f = ident(&names.de_output);
    let module = ident(&names.module);
    let output_ty = ident(&names.output);
    let builder_ty = ident(&names.output_builder);
    let shape = ctx.shape(&op.output);
    let bindings = http::read_response_bindings(ctx, codec, shape, &op.response);
    let body = read_body(ctx, codec, shape, &op.response);
    let corrections = corrections(ctx, shape);
    let finish = finish(ctx, shape, Role::Output, false);
    quote! {
        pub(crate) fn #f(
            response: &::smithy_rt::http::HttpResponse,
        ) -> ::std::result::Result<crate::operation::#module::#output_ty, ::smithy_rt::json::DeserializeError> {
            #[allow(unused_variables)]
            let path = &::smithy_rt::json::JsonPath::root();
            #[allow(unused_mut)]
            let mut builder = crate::operation::#module::builders::#builder_ty::default();
            #bindings
            #body
            #corrections
            if let ::std::option::Option::Some(request_id) = ::smithy_rt::error::RequestId::request_id(response) {
                builder = builder._request_id(request_id);
            }
            #finish
        }
    }
}
