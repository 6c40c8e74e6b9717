//! restJson1 serializers: the HTTP request of each operation and one function per structure
//! that writes its members into a JSON object. Unset members are omitted; keys are wire names
//! (`jsonName` when present), never Rust identifiers.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, lit, Ctx};
use crate::ir::{Kind, Member, Operation, Shape};

/// `ser_<stem>` for a structure in `types`.
pub fn structure_fn(ctx: &Ctx, shape: &Shape) -> TokenStream {
    let f = format_ident!("ser_{}", ctx.fn_stem(&shape.id));
    let t = ctx.type_path(&shape.id);
    let body = members(ctx, shape);
    quote! {
        pub(crate) fn #f(object: &mut ::smithy_rt::json::ObjectWriter<'_>, input: &#t) {
            #body
        }
    }
}

/// Statements writing the members of `input` (of `shape`'s type) into `object`.
fn members(ctx: &Ctx, shape: &Shape) -> TokenStream {
    let stmts = ctx.members_of(&shape.id).iter().map(|m| {
        let f = ident(&ctx.member_names(shape, m).field);
        let key = lit(ctx.wire_name(m));
        let write = write_value(
            ctx,
            m,
            &m.target,
            quote!(object.key(#key)),
            quote!(value),
            1,
        );
        if ctx.is_optional(shape, m) {
            quote! {
                if let ::std::option::Option::Some(value) = &input.#f {
                    #write
                }
            }
        } else {
            quote! {
                {
                    let value = &input.#f;
                    #write
                }
            }
        }
    });
    quote!(#(#stmts)*)
}

/// Writes `value` (a reference to a value of shape `target`) through the `ValueWriter`
/// expression `writer`. `m` supplies member traits (timestamp format); `depth` keeps nested
/// variable names apart.
fn write_value(
    ctx: &Ctx,
    m: &Member,
    target: &str,
    writer: TokenStream,
    value: TokenStream,
    depth: usize,
) -> TokenStream {
    let shape = ctx.shape(target);
    match &shape.kind {
        Kind::String => quote!(#writer.string(#value);),
        Kind::Enum(_) => quote!(#writer.string(#value.as_str());),
        Kind::Boolean => quote!(#writer.boolean(*#value);),
        Kind::Byte | Kind::Short | Kind::Integer | Kind::IntEnum(_) | Kind::Long => {
            quote!(#writer.number_i64(::std::convert::Into::<i64>::into(*#value));)
        }
        Kind::Float | Kind::Double => {
            quote!(#writer.number_f64(::std::convert::Into::<f64>::into(*#value));)
        }
        Kind::Timestamp => {
            let format = ctx.timestamp_format(m);
            quote!(#writer.timestamp(#value, #format);)
        }
        Kind::Blob => quote!(#writer.blob(#value);),
        Kind::Document => quote!(#writer.document(#value);),
        Kind::Structure(_) => {
            let f = format_ident!("ser_{}", ctx.fn_stem(target));
            let object = format_ident!("object_{}", depth);
            quote! {
                let mut #object = #writer.start_object();
                crate::protocol_serde::#f(&mut #object, #value);
                #object.finish();
            }
        }
        Kind::List(item) => {
            let array = format_ident!("array_{}", depth);
            let element = format_ident!("item_{}", depth);
            let inner = write_value(
                ctx,
                item,
                &item.target,
                quote!(#array.value()),
                quote!(#element),
                depth + 1,
            );
            let inner = if shape.traits.sparse {
                quote! {
                    match #element {
                        ::std::option::Option::Some(#element) => { #inner }
                        ::std::option::Option::None => #array.value().null(),
                    }
                }
            } else {
                inner
            };
            quote! {
                let mut #array = #writer.start_array();
                for #element in #value {
                    #inner
                }
                #array.finish();
            }
        }
        Kind::Map { value: item, .. } => {
            let object = format_ident!("object_{}", depth);
            let key = format_ident!("key_{}", depth);
            let element = format_ident!("value_{}", depth);
            let inner = write_value(
                ctx,
                item,
                &item.target,
                quote!(#object.key(#key)),
                quote!(#element),
                depth + 1,
            );
            let inner = if shape.traits.sparse {
                quote! {
                    match #element {
                        ::std::option::Option::Some(#element) => { #inner }
                        ::std::option::Option::None => #object.key(#key).null(),
                    }
                }
            } else {
                inner
            };
            quote! {
                let mut #object = #writer.start_object();
                for (#key, #element) in #value {
                    #inner
                }
                #object.finish();
            }
        }
        Kind::Union(_) | Kind::BigInteger | Kind::BigDecimal | Kind::Unit => {
            unreachable!(
                "lowering rejects {} before emission",
                shape.kind.type_name()
            )
        }
    }
}

/// `ser_<op>_request`: the HTTP request of an operation (method, URI, JSON body).
pub fn request_fn(ctx: &Ctx, op: &Operation) -> TokenStream {
    let names = ctx.names.operation(&op.id);
    let f = format_ident!("ser_{}_request", names.module);
    let module = ident(&names.module);
    let input_ty = ident(&names.input);
    let method = lit(&op.http.method);
    let uri = lit(&op.http.uri);
    let shape = ctx.shape(&op.input);
    let body = if ctx.members_of(&shape.id).is_empty() {
        quote!(let _ = input;)
    } else {
        let members = members(ctx, shape);
        quote! {
            let mut body = ::std::string::String::new();
            let mut object = ::smithy_rt::json::ObjectWriter::new(&mut body);
            #members
            object.finish();
            request.headers.insert("content-type", "application/json");
            request.body = body.into_bytes();
        }
    };
    quote! {
        pub(crate) fn #f(
            input: &crate::operation::#module::#input_ty,
        ) -> ::std::result::Result<::smithy_rt::http::HttpRequest, ::smithy_rt::error::BuildError> {
            #[allow(unused_mut)]
            let mut request = ::smithy_rt::http::HttpRequest::new(#method, #uri);
            #body
            ::std::result::Result::Ok(request)
        }
    }
}
