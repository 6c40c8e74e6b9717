//! restJson1 deserializers: operation responses (output or typed error), and one function
//! per structure, list and map that reads a JSON value. Unknown keys are skipped, `null` is
//! "not set", a wrong JSON type is a located `DeserializeError`, never a panic.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::shapes::Role;
use super::{builders, http, ident, lit, Ctx};
use crate::ir::{Kind, Member, Operation, Shape};

/// An expression of type `Result<Option<T>, DeserializeError>` reading `value` at `path`.
fn read(ctx: &Ctx, m: &Member, value: TokenStream, path: TokenStream) -> TokenStream {
    let shape = ctx.shape(&m.target);
    let de = quote!(::smithy_rt::json::de);
    let e = match &shape.kind {
        Kind::String => quote!(#de::string(#value, #path)),
        Kind::Enum(_) => {
            let t = ctx.type_path(&m.target);
            quote!(#de::string(#value, #path).map(|v| v.map(|s| #t::from(s.as_str()))))
        }
        Kind::Boolean => quote!(#de::boolean(#value, #path)),
        Kind::Byte => quote!(#de::i8(#value, #path)),
        Kind::Short => quote!(#de::i16(#value, #path)),
        Kind::Integer | Kind::IntEnum(_) => quote!(#de::i32(#value, #path)),
        Kind::Long => quote!(#de::i64(#value, #path)),
        Kind::Float => quote!(#de::f32(#value, #path)),
        Kind::Double => quote!(#de::f64(#value, #path)),
        Kind::Timestamp => {
            let format = ctx.timestamp_format(m);
            quote!(#de::timestamp(#value, #path, #format))
        }
        Kind::Blob => quote!(#de::blob(#value, #path)),
        Kind::Document => quote!(#de::document(#value, #path)),
        Kind::Structure(_) | Kind::Union(_) | Kind::List(_) | Kind::Map { .. } => {
            let f = format_ident!("de_{}", ctx.fn_stem(&m.target));
            quote!(crate::protocol_serde::#f(#value, #path))
        }
        Kind::BigInteger | Kind::BigDecimal | Kind::Unit => {
            unreachable!(
                "lowering rejects {} before emission",
                shape.kind.type_name()
            )
        }
    };
    if m.boxed {
        quote!(#e.map(|v| v.map(::std::boxed::Box::new)))
    } else {
        e
    }
}

/// Statements that fill `builder` from the JSON object `object` at `path`: every member, or
/// with `only_body` the members an operation's output or error binds to the JSON body.
fn fill_builder(ctx: &Ctx, shape: &Shape, only_body: bool) -> TokenStream {
    let members: Vec<&Member> = ctx
        .members_of(&shape.id)
        .iter()
        .filter(|m| !only_body || http::binding(m, None) == http::Binding::Body)
        .collect();
    let arms = members.iter().map(|m| {
        let set = ident(&format!("set_{}", ctx.member_names(shape, m).stem));
        let key = lit(ctx.wire_name(m));
        let read = read(ctx, m, quote!(value), quote!(&path.key(#key)));
        quote!(#key => builder = builder.#set(#read?),)
    });
    if members.is_empty() {
        return quote!(let _ = object;);
    }
    quote! {
        for (key, value) in object {
            match key.as_str() {
                #(#arms)*
                _ => {}
            }
        }
    }
}

/// Client error correction: a required member the response left out gets its type's zero
/// value, as the Smithy specification asks of clients (structures cannot be corrected and make
/// `build()` fail). A missing blob or document member with a `@default` gets the default (the
/// builder fills every other default).
fn corrections(ctx: &Ctx, shape: &Shape) -> TokenStream {
    let defaults = ctx.members_of(&shape.id).iter().filter_map(|m| {
        let default = builders::wire_only_default(ctx, shape, m)?;
        let f = ident(&ctx.member_names(shape, m).field);
        Some(quote! {
            if builder.#f.is_none() {
                builder.#f = ::std::option::Option::Some(#default);
            }
        })
    });
    let defaults: Vec<TokenStream> = defaults.collect();
    let stmts = ctx
        .members_of(&shape.id)
        .iter()
        .filter(|m| ctx.must_be_set(shape, m))
        .filter_map(|m| {
            let f = ident(&ctx.member_names(shape, m).field);
            let zero = zero_value(ctx, m)?;
            Some(quote! {
                if builder.#f.is_none() {
                    builder.#f = ::std::option::Option::Some(#zero);
                }
            })
        });
    quote!(#(#stmts)* #(#defaults)*)
}

/// Statements reading the body members of a top-level output or error from `response`,
/// parsing the body only when some member lives there.
fn read_body(ctx: &Ctx, shape: &Shape) -> TokenStream {
    if http::body_members(ctx, shape, None).is_empty() {
        return quote!();
    }
    let fill = fill_builder(ctx, shape, true);
    quote! {
        let root = ::smithy_rt::json::parse_body(&response.body)?;
        if let ::std::option::Option::Some(object) = ::smithy_rt::json::de::object(&root, path)? {
            #fill
        }
    }
}

fn zero_value(ctx: &Ctx, m: &Member) -> Option<TokenStream> {
    let t = ctx.value_type(&m.target);
    let z = match &ctx.shape(&m.target).kind {
        Kind::String => quote!(::std::string::String::new()),
        Kind::Boolean => quote!(false),
        Kind::Byte | Kind::Short | Kind::Integer | Kind::IntEnum(_) | Kind::Long => quote!(0),
        Kind::Float | Kind::Double => quote!(0.0),
        Kind::Timestamp => quote!(::smithy_rt::primitives::DateTime::from_secs(0)),
        Kind::Blob => quote!(::smithy_rt::primitives::Blob::new(::std::vec::Vec::new())),
        Kind::Document => quote!(::smithy_rt::primitives::Document::Null),
        Kind::Enum(_) => quote!(#t::from("")),
        Kind::List(_) => quote!(::std::vec::Vec::new()),
        Kind::Map { .. } => quote!(::std::collections::HashMap::new()),
        _ => return None,
    };
    Some(if m.boxed {
        quote!(::std::boxed::Box::new(#z))
    } else {
        z
    })
}

/// `builder.build()` as a `Result<T, DeserializeError>`, or as a
/// `Result<Option<T>, DeserializeError>` when `some` is set.
fn finish(ctx: &Ctx, shape: &Shape, role: Role, some: bool) -> TokenStream {
    match (builders::build_is_fallible(ctx, shape, role), some) {
        (true, false) => quote!(builder
            .build()
            .map_err(|e| ::smithy_rt::json::DeserializeError::new(path, e.to_string()))),
        (true, true) => quote! {
            builder
                .build()
                .map(::std::option::Option::Some)
                .map_err(|e| ::smithy_rt::json::DeserializeError::new(path, e.to_string()))
        },
        (false, false) => quote!(::std::result::Result::Ok(builder.build())),
        (false, true) => quote!(::std::result::Result::Ok(::std::option::Option::Some(
            builder.build()
        ))),
    }
}

/// `de_<stem>` for a structure, list or map reached from outputs or errors.
pub fn shape_fn(ctx: &Ctx, shape: &Shape) -> TokenStream {
    let f = format_ident!("de_{}", ctx.fn_stem(&shape.id));
    let t = ctx.value_type(&shape.id);
    let sig = quote! {
        pub(crate) fn #f(
            value: &::smithy_rt::json::Value,
            path: &::smithy_rt::json::JsonPath<'_>,
        ) -> ::std::result::Result<::std::option::Option<#t>, ::smithy_rt::json::DeserializeError>
    };
    match &shape.kind {
        Kind::Structure(_) => {
            let builder = ctx.builder_path(&shape.id);
            let fill = fill_builder(ctx, shape, false);
            let corrections = corrections(ctx, shape);
            let finish = finish(ctx, shape, Role::Plain, true);
            quote! {
                #sig {
                    let ::std::option::Option::Some(object) = ::smithy_rt::json::de::object(value, path)? else {
                        return ::std::result::Result::Ok(::std::option::Option::None);
                    };
                    #[allow(unused_mut)]
                    let mut builder = #builder::default();
                    #fill
                    #corrections
                    #finish
                }
            }
        }
        Kind::Union(members) => {
            let t = ctx.type_path(&shape.id);
            // A union of unit members only never reads the member's value.
            let value = if members
                .iter()
                .all(|m| m.target == crate::lower::prelude::UNIT)
            {
                format_ident!("_value")
            } else {
                format_ident!("value")
            };
            let arms = members.iter().map(|m| {
                let v = ident(ctx.names.variant(&shape.id, &m.name));
                let key = lit(ctx.wire_name(m));
                if m.target == crate::lower::prelude::UNIT {
                    quote!(#key => #t::#v,)
                } else {
                    let read = read(ctx, m, quote!(value), quote!(&path.key(#key)));
                    quote! {
                        #key => match #read? {
                            ::std::option::Option::Some(v) => #t::#v(v),
                            ::std::option::Option::None => {
                                return ::std::result::Result::Err(::smithy_rt::json::DeserializeError::new(&path.key(#key), "a union member cannot be null"));
                            }
                        },
                    }
                }
            });
            quote! {
                #sig {
                    let ::std::option::Option::Some(object) = ::smithy_rt::json::de::object(value, path)? else {
                        return ::std::result::Result::Ok(::std::option::Option::None);
                    };
                    let mut set = object.iter().filter(|(k, v)| k.as_str() != "__type" && !v.is_null());
                    let (::std::option::Option::Some((key, #value)), ::std::option::Option::None) = (set.next(), set.next()) else {
                        return ::std::result::Result::Err(::smithy_rt::json::DeserializeError::new(path, "a union must have exactly one member set"));
                    };
                    let variant = match key.as_str() {
                        #(#arms)*
                        _ => #t::Unknown,
                    };
                    ::std::result::Result::Ok(::std::option::Option::Some(variant))
                }
            }
        }
        Kind::List(item) => {
            let read = read(ctx, item, quote!(item), quote!(&path.index(i)));
            let push = if shape.traits.sparse {
                quote!(items.push(v);)
            } else {
                quote!(if let ::std::option::Option::Some(v) = v {
                    items.push(v);
                })
            };
            quote! {
                #sig {
                    let ::std::option::Option::Some(array) = ::smithy_rt::json::de::array(value, path)? else {
                        return ::std::result::Result::Ok(::std::option::Option::None);
                    };
                    let mut items = ::std::vec::Vec::with_capacity(array.len());
                    for (i, item) in array.iter().enumerate() {
                        let v = #read?;
                        #push
                    }
                    ::std::result::Result::Ok(::std::option::Option::Some(items))
                }
            }
        }
        Kind::Map { value: item, .. } => {
            let read = read(ctx, item, quote!(item), quote!(&path.key(key)));
            let insert = if shape.traits.sparse {
                quote!(map.insert(key.clone(), v);)
            } else {
                quote!(if let ::std::option::Option::Some(v) = v {
                    map.insert(key.clone(), v);
                })
            };
            quote! {
                #sig {
                    let ::std::option::Option::Some(object) = ::smithy_rt::json::de::object(value, path)? else {
                        return ::std::result::Result::Ok(::std::option::Option::None);
                    };
                    let mut map = ::std::collections::HashMap::with_capacity(object.len());
                    for (key, item) in object {
                        let v = #read?;
                        #insert
                    }
                    ::std::result::Result::Ok(::std::option::Option::Some(map))
                }
            }
        }
        _ => unreachable!("shape_fn is called for aggregates"),
    }
}

/// `de_<stem>_error`: a modeled error from a response and its parsed metadata.
pub fn error_fn(ctx: &Ctx, shape: &Shape) -> TokenStream {
    let f = format_ident!("de_{}_error", ctx.fn_stem(&shape.id));
    let t = ctx.type_path(&shape.id);
    let builder = ctx.builder_path(&shape.id);
    let bindings = http::read_response_bindings(ctx, shape);
    let body = read_body(ctx, shape);
    let corrections = corrections(ctx, shape);
    let message = super::errors::message_member(ctx, shape)
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

/// `de_<op>_response`: the output for a 2xx status, else the operation's typed error.
pub fn response_fn(ctx: &Ctx, op: &Operation) -> TokenStream {
    let names = ctx.names.operation(&op.id);
    let f = format_ident!("de_{}_response", names.module);
    let output_fn = format_ident!("de_{}_output", names.module);
    let error_fn = format_ident!("de_{}_error_response", names.module);
    let module = ident(&names.module);
    let output_ty = ident(&names.output);
    let error_ty = ident(&names.error);
    let output_path = quote!(crate::operation::#module::#output_ty);
    let error_path = quote!(crate::operation::#module::#error_ty);
    let builder_ty = format_ident!("{}Builder", names.output);
    let shape = ctx.shape(&op.output);
    let bindings = http::read_response_bindings(ctx, shape);
    let body = read_body(ctx, shape);
    let corrections = corrections(ctx, shape);
    let finish = finish(ctx, shape, Role::Output, false);
    let arms = op.errors.iter().map(|e| {
        let code = lit(&ctx.shape(e).name);
        let variant = ident(ctx.names.type_name(e));
        let de = format_ident!("de_{}_error", ctx.fn_stem(e));
        quote! {
            ::std::option::Option::Some(#code) => ::smithy_rt::error::modeled_error(
                crate::protocol_serde::#de(&response, meta.clone()),
                #error_path::#variant,
                meta,
            ),
        }
    });
    let error_match = if op.errors.is_empty() {
        quote!(let error = #error_path::generic(meta);)
    } else {
        quote! {
            let code = meta.code().map(::std::string::ToString::to_string);
            let error = match code.as_deref() {
                #(#arms)*
                _ => #error_path::generic(meta),
            };
        }
    };
    quote! {
        pub(crate) fn #f(
            response: ::smithy_rt::http::HttpResponse,
        ) -> ::std::result::Result<#output_path, ::smithy_rt::error::SdkError<#error_path>> {
            if !(200..300).contains(&response.status) {
                return ::std::result::Result::Err(#error_fn(response));
            }
            match #output_fn(&response) {
                ::std::result::Result::Ok(output) => ::std::result::Result::Ok(output),
                ::std::result::Result::Err(err) => ::std::result::Result::Err(::smithy_rt::error::SdkError::response_error(err, response)),
            }
        }

        fn #output_fn(
            response: &::smithy_rt::http::HttpResponse,
        ) -> ::std::result::Result<#output_path, ::smithy_rt::json::DeserializeError> {
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

        fn #error_fn(response: ::smithy_rt::http::HttpResponse) -> ::smithy_rt::error::SdkError<#error_path> {
            let meta = ::smithy_rt::json::parse_error_metadata(&response.headers, &response.body).build();
            #error_match
            ::smithy_rt::error::SdkError::service_error(error, response)
        }
    }
}
