//! HTTP bindings, for the REST protocols: writing the members an operation input binds to the
//! URI (labels, query), headers and payload, and reading those an output or error binds to
//! headers, the status code and the payload.
//!
//! In: an operation's resolved route and bindings (or an output's / error's). Out: statements
//! that the protocol module places in its request function, and the response statements that
//! [`super::response`] places in its readers. Encoding rules (label and query escaping,
//! header lists, numbers as text) live in `smithy_rt::bindings`. The body document itself is
//! [`super::document`].

use proc_macro2::TokenStream;
use quote::quote;

use super::document::Codec;
use crate::emit::{ident, lit, Ctx};
use crate::ir::{
    Binding, Kind, Location, Member, Operation, PayloadKind, Shape, TemplatePart, TimestampFormat,
    UriPart,
};

/// The member of `shape` a binding names (lowering resolved it).
fn member<'a>(ctx: &Ctx<'a>, shape: &Shape, name: &str) -> &'a Member {
    ctx.members_of(&shape.id)
        .iter()
        .find(|m| m.name == name)
        .unwrap_or_else(|| panic!("internal invariant: {}${name} is bound", shape.id))
}

/// An expression turning `value` (a reference to a scalar of shape `target`) into a `String`
/// for a label, query value or header, in timestamp format `format`; `base64` for a header
/// string with a media type.
fn to_text(
    ctx: &Ctx,
    target: &str,
    value: TokenStream,
    format: TimestampFormat,
    base64: bool,
) -> TokenStream {
    let shape = ctx.shape(target);
    match &shape.kind {
        Kind::String if base64 => {
            quote!(::smithy_rt::primitives::base64_encode(#value.as_bytes()))
        }
        Kind::String => quote!(::std::string::ToString::to_string(#value)),
        Kind::Enum(_) => quote!(::std::string::ToString::to_string(#value.as_str())),
        Kind::Boolean
        | Kind::Byte
        | Kind::Short
        | Kind::Integer
        | Kind::IntEnum(_)
        | Kind::Long => {
            quote!(::std::string::ToString::to_string(#value))
        }
        Kind::Float => quote!(::smithy_rt::bindings::fmt_f32(*#value)),
        Kind::Double => quote!(::smithy_rt::bindings::fmt_f64(*#value)),
        Kind::Timestamp => {
            let format = ctx.timestamp_format(format);
            quote!(#value.fmt(#format).map_err(|e| ::smithy_rt::error::BuildError::other(::std::boxed::Box::new(e)))?)
        }
        Kind::Blob => quote!(::smithy_rt::primitives::base64_encode(#value.as_ref())),
        _ => unreachable!("lowering only accepts scalars in HTTP bindings"),
    }
}

/// The target of the elements when `m` targets a list, else `m`'s own target.
fn scalar_target<'a>(ctx: &Ctx<'a>, m: &'a Member) -> (&'a str, bool) {
    match &ctx.shape(&m.target).kind {
        Kind::List(item) => (&item.target, true),
        _ => (&m.target, false),
    }
}

/// Statements pushing `value` (a reference to a scalar, or a list of scalars, one `key=item`
/// pair each, of shape `target`) to the query writer `query` under `key`.
fn push_query(
    ctx: &Ctx,
    target: &str,
    key: &TokenStream,
    value: TokenStream,
    format: TimestampFormat,
) -> TokenStream {
    match &ctx.shape(target).kind {
        Kind::List(item) => {
            let text = to_text(ctx, &item.target, quote!(item), format, false);
            quote!(for item in #value { query.push(#key, &#text); })
        }
        _ => {
            let text = to_text(ctx, target, value, format, false);
            quote!(query.push(#key, &#text);)
        }
    }
}

/// `let mut uri = ...;`: the route's path with its labels filled in, its literal query and the
/// query parameters of the input.
pub fn uri(ctx: &Ctx, op: &Operation) -> TokenStream {
    let route = op
        .http
        .as_ref()
        .expect("internal invariant: REST operations have a route");
    let shape = ctx.shape(&op.input);
    let field = |m: &Member| ident(&ctx.member_names(shape, m).field);
    let optional = |m: &Member| ctx.is_optional(shape, m);
    let custom = &op.customizations;
    let path_stmts = route.path.iter().map(|part| match part {
        UriPart::Literal(text) => match text.chars().collect::<Vec<_>>().as_slice() {
            [c] => quote!(uri.push(#c);),
            _ => quote!(uri.push_str(#text);),
        },
        UriPart::Label { member: name, greedy } => {
            let m = member(ctx, shape, name);
            let binding = op.request_binding(name).expect("a label is bound");
            let f = field(m);
            let names = ctx.member_names(shape, m);
            let stem = lit(&names.stem);
            let detail = lit(&format!(
                "{} is bound to the URI and cannot be unset or empty",
                names.stem
            ));
            let missing = quote!(::smithy_rt::error::BuildError::missing_field(#stem, #detail));
            let text = to_text(ctx, &m.target, quote!(value), binding.timestamp_format, false);
            let encode = if *greedy {
                quote!(encode_greedy_label)
            } else {
                quote!(encode_label)
            };
            let default = custom
                .label_defaults
                .iter()
                .find(|(member, _)| member == name)
                .map(|(_, value)| value.as_str());
            if let Some(default) = default {
                // A customization fills an empty or unset label in.
                let text = if optional(m) {
                    quote! {
                        match &input.#f {
                            ::std::option::Option::Some(value) => #text,
                            ::std::option::Option::None => ::std::string::String::new(),
                        }
                    }
                } else {
                    quote!({ let value = &input.#f; #text })
                };
                return quote! {
                    {
                        let text: ::std::string::String = #text;
                        let text = if text.is_empty() { ::std::string::String::from(#default) } else { text };
                        uri.push_str(&::smithy_rt::bindings::#encode(&text));
                    }
                };
            }
            let value = if optional(m) {
                quote!(let ::std::option::Option::Some(value) = &input.#f else { return ::std::result::Result::Err(#missing); };)
            } else {
                quote!(let value = &input.#f;)
            };
            quote! {
                {
                    #value
                    let text: ::std::string::String = #text;
                    if text.is_empty() {
                        return ::std::result::Result::Err(#missing);
                    }
                    uri.push_str(&::smithy_rt::bindings::#encode(&text));
                }
            }
        }
    });
    let literal_query = route.query.as_ref().map(|q| {
        let q = format!("?{q}");
        quote!(uri.push_str(#q);)
    });
    let mut query_stmts = Vec::new();
    for b in &op.request {
        let m = member(ctx, shape, &b.member);
        let stmt = match &b.location {
            Location::Query { name } => push_query(
                ctx,
                &m.target,
                &quote!(#name),
                quote!(value),
                b.timestamp_format,
            ),
            Location::QueryParams => {
                let Kind::Map { value, .. } = &ctx.shape(&m.target).kind else {
                    unreachable!("lowering checks httpQueryParams targets a map")
                };
                let push = push_query(
                    ctx,
                    &value.target,
                    &quote!(k.as_str()),
                    quote!(v),
                    b.timestamp_format,
                );
                let reserved = &route.reserved_query;
                let skip = if reserved.is_empty() {
                    quote!()
                } else {
                    quote!(if [#(#reserved),*].contains(&k.as_str()) { continue; })
                };
                quote!(for (k, v) in value { #skip #push })
            }
            _ => continue,
        };
        let f = field(m);
        query_stmts.push(if optional(m) {
            quote!(if let ::std::option::Option::Some(value) = &input.#f { #stmt })
        } else {
            quote!({ let value = &input.#f; #stmt })
        });
    }
    let query = (!query_stmts.is_empty()).then(|| {
        quote! {
            {
                let mut query = ::smithy_rt::bindings::QueryWriter::new(&mut uri);
                #(#query_stmts)*
            }
        }
    });
    quote! {
        let mut uri = ::std::string::String::new();
        #(#path_stmts)*
        #literal_query
        #query
    }
}

/// Statements setting the headers the input binds on `request`.
pub fn headers(ctx: &Ctx, op: &Operation) -> TokenStream {
    let shape = ctx.shape(&op.input);
    let stmts = op.request.iter().filter_map(|b| {
        let m = member(ctx, shape, &b.member);
        let stmt = match &b.location {
            Location::Header { name, base64 } => match scalar_target(ctx, m) {
                (item, true) => {
                    let text = to_text(ctx, item, quote!(item), b.timestamp_format, *base64);
                    let is_date = matches!(ctx.shape(item).kind, Kind::Timestamp);
                    let quoted = if is_date {
                        quote!(items.push(#text);)
                    } else {
                        quote!(items.push(::smithy_rt::bindings::quote_header_item(&#text).into_owned());)
                    };
                    quote! {
                        let mut items: ::std::vec::Vec<::std::string::String> = ::std::vec::Vec::new();
                        for item in value {
                            #quoted
                        }
                        request.headers.insert(#name, items.join(", "));
                    }
                }
                (target, false) => {
                    let text = to_text(ctx, target, quote!(value), b.timestamp_format, *base64);
                    quote!(request.headers.insert(#name, #text);)
                }
            },
            Location::PrefixHeaders { prefix } => quote! {
                for (k, v) in value {
                    request.headers.insert(::std::format!("{}{}", #prefix, k), v.clone());
                }
            },
            _ => return None,
        };
        let f = ident(&ctx.member_names(shape, m).field);
        Some(if ctx.is_optional(shape, m) {
            quote!(if let ::std::option::Option::Some(value) = &input.#f { #stmt })
        } else {
            quote!({ let value = &input.#f; #stmt })
        })
    });
    quote!(#(#stmts)*)
}

/// The statements writing the `@httpPayload` member as the whole body, when the input has one.
pub fn payload(ctx: &Ctx, codec: Codec, op: &Operation) -> Option<TokenStream> {
    let shape = ctx.shape(&op.input);
    let (b, payload) = op.request.iter().find_map(|b| match &b.location {
        Location::Payload(p) => Some((b, p)),
        _ => None,
    })?;
    let m = member(ctx, shape, &b.member);
    let f = ident(&ctx.member_names(shape, m).field);
    let content_type = &payload.content_type;
    let module = codec.module();
    let buffer = codec.buffer();
    let write = match payload.kind {
        PayloadKind::Blob { .. } => quote!(request.body = value.as_ref().to_vec();),
        PayloadKind::String => quote!(request.body = value.as_bytes().to_vec();),
        PayloadKind::Enum => quote!(request.body = value.as_str().as_bytes().to_vec();),
        PayloadKind::Structure | PayloadKind::Union => {
            let ser = ident(ctx.names.serializer(&m.target));
            let bytes = codec.into_bytes(quote!(body));
            quote! {
                let mut body = #buffer;
                let mut object = #module::ObjectWriter::new(&mut body);
                crate::protocol_serde::#ser(&mut object, value)?;
                object.finish();
                request.body = #bytes;
            }
        }
        PayloadKind::Document => {
            let bytes = codec.into_bytes(quote!(body));
            quote! {
                let mut body = #buffer;
                #module::ValueWriter::new(&mut body).document(value);
                request.body = #bytes;
            }
        }
    };
    // A structure payload that is unset is still sent as an empty document; an unset union
    // payload sends no body at all.
    let unset = (payload.kind == PayloadKind::Structure).then(|| {
        let bytes = codec.into_bytes(quote!(body));
        quote! {
            else {
                request.headers.insert("content-type", #content_type);
                let mut body = #buffer;
                #module::ObjectWriter::new(&mut body).finish();
                request.body = #bytes;
            }
        }
    });
    let write = quote! {
        request.headers.insert_if_absent("content-type", #content_type);
        #write
    };
    Some(if ctx.is_streaming(m) {
        // An empty stream is no payload: no body and no content type.
        quote!({ let value = &input.#f; if !value.is_empty() { #write } })
    } else if ctx.is_optional(shape, m) {
        quote!(if let ::std::option::Option::Some(value) = &input.#f { #write } #unset)
    } else {
        quote!({ let value = &input.#f; #write })
    })
}

/// `host_prefix_<op>` for an operation with the `@endpoint` trait: its `hostPrefix` with each
/// `{label}` replaced by the `@hostLabel` member's value, which must be a non-empty run of
/// letters, digits, `-` and `.` (it becomes part of the host name). Any protocol.
pub fn host_prefix_fn(ctx: &Ctx, op: &Operation) -> Option<TokenStream> {
    let prefix = op.host_prefix.as_ref()?;
    let names = ctx.names.operation(&op.id);
    let f = ident(&names.host_prefix);
    let module = ident(&names.module);
    let input_ty = ident(&names.input);
    let shape = ctx.shape(&op.input);
    let parts = prefix.parts.iter().map(|part| match part {
        TemplatePart::Literal(text) => quote!(prefix.push_str(#text);),
        TemplatePart::Label(name) => {
            let m = member(ctx, shape, name);
            let member_names = ctx.member_names(shape, m);
            let field = ident(&member_names.field);
            let stem = lit(&member_names.stem);
            let detail = lit(&format!(
                "{} is part of the host name and must be non-empty letters, digits, `-` and `.`",
                member_names.stem
            ));
            let value = if ctx.is_optional(shape, m) {
                quote!(input.#field.as_deref().unwrap_or_default())
            } else {
                quote!(input.#field.as_str())
            };
            quote! {
                let value: &str = #value;
                if value.is_empty() || !value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.') {
                    return ::std::result::Result::Err(::smithy_rt::error::BuildError::invalid_field(#stem, #detail));
                }
                prefix.push_str(value);
            }
        }
    });
    Some(quote! {
        pub(crate) fn #f(
            input: &crate::operation::#module::#input_ty,
        ) -> ::std::result::Result<::std::string::String, ::smithy_rt::error::BuildError> {
            let mut prefix = ::std::string::String::new();
            #(#parts)*
            ::std::result::Result::Ok(prefix)
        }
    })
}

/// Statements that set the members of `shape` bound outside the body on `builder` from
/// `response`.
pub fn read_response_bindings(
    ctx: &Ctx,
    codec: Codec,
    shape: &Shape,
    bindings: &[Binding],
) -> TokenStream {
    let stmts: Vec<TokenStream> = bindings
        .iter()
        .filter_map(|b| {
            let m = member(ctx, shape, &b.member);
            let set = ident(&ctx.member_names(shape, m).set);
            let value = match &b.location {
                Location::Header { name, base64 } => read_header(ctx, m, b, name, *base64),
                Location::PrefixHeaders { prefix } => prefix_headers(ctx, m, prefix),
                Location::ResponseCode => quote!(::std::option::Option::Some(
                    ::std::convert::Into::into(response.status)
                )),
                Location::Payload(p) => read_payload(ctx, codec, m, p.kind),
                _ => return None,
            };
            let value = if m.boxed {
                quote!(#value.map(::std::boxed::Box::new))
            } else {
                value
            };
            Some(quote!(builder = builder.#set(#value);))
        })
        .collect();
    if stmts.is_empty() {
        return quote!();
    }
    quote! {
        #[allow(unused_variables)]
        let headers = ::smithy_rt::bindings::HeaderReader::new(&response.headers);
        #(#stmts)*
    }
}

/// An expression of type `Option<T>` (with `?` for parse errors) reading a header member.
fn read_header(ctx: &Ctx, m: &Member, b: &Binding, name: &str, base64: bool) -> TokenStream {
    let (target_id, list) = scalar_target(ctx, m);
    let shape = ctx.shape(target_id);
    let format = ctx.timestamp_format(b.timestamp_format);
    let parse = |ty: TokenStream, what: &str| {
        if list {
            quote!(headers.parse_list::<#ty>(#name, #what)?)
        } else {
            quote!(headers.parse::<#ty>(#name, #what)?)
        }
    };
    match (&shape.kind, list) {
        (Kind::String, false) if base64 => quote!(headers.base64_string(#name)?),
        (Kind::String, false) => quote!(headers.string(#name)),
        (Kind::String, true) => quote!(headers.string_list(#name)),
        (Kind::Enum(_), false) => {
            let t = ctx.type_path(target_id);
            quote!(headers.string(#name).map(|s| #t::from(s.as_str())))
        }
        (Kind::Enum(_), true) => {
            let t = ctx.type_path(target_id);
            quote!(headers.string_list(#name).map(|v| v.iter().map(|s| #t::from(s.as_str())).collect()))
        }
        (Kind::Boolean, _) => parse(quote!(bool), "a boolean"),
        (Kind::Byte, _) => parse(quote!(i8), "an 8-bit integer"),
        (Kind::Short, _) => parse(quote!(i16), "a 16-bit integer"),
        (Kind::Integer | Kind::IntEnum(_), _) => parse(quote!(i32), "an integer"),
        (Kind::Long, _) => parse(quote!(i64), "a 64-bit integer"),
        (Kind::Double, false) => quote!(headers.f64(#name)?),
        (Kind::Double, true) => quote!(headers.f64_list(#name)?),
        (Kind::Float, false) => quote!(headers.f64(#name)?.map(|v| v as f32)),
        (Kind::Float, true) => {
            quote!(headers.f64_list(#name)?.map(|v| v.into_iter().map(|v| v as f32).collect()))
        }
        (Kind::Timestamp, false) => quote!(headers.timestamp(#name, #format)?),
        (Kind::Timestamp, true) => quote!(headers.timestamp_list(#name, #format)?),
        _ => unreachable!("lowering only accepts scalars and lists of scalars in headers"),
    }
}

/// An expression of type `Option<T>` reading the `@httpPayload` member from the body.
fn read_payload(ctx: &Ctx, codec: Codec, m: &Member, kind: PayloadKind) -> TokenStream {
    let module = codec.module();
    match kind {
        PayloadKind::Blob { streaming: true } => quote! {
            ::std::option::Option::Some(::smithy_rt::primitives::ByteStream::new(response.body.clone()))
        },
        PayloadKind::Blob { streaming: false } => quote! {
            (!response.body.is_empty()).then(|| ::smithy_rt::primitives::Blob::new(response.body.clone()))
        },
        PayloadKind::String => quote! {
            match ::std::string::String::from_utf8(response.body.clone()) {
                ::std::result::Result::Ok(s) if s.is_empty() => ::std::option::Option::None,
                ::std::result::Result::Ok(s) => ::std::option::Option::Some(s),
                ::std::result::Result::Err(_) => {
                    return ::std::result::Result::Err(::smithy_rt::json::DeserializeError::at("body", "payload is not UTF-8"));
                }
            }
        },
        PayloadKind::Enum => {
            let t = ctx.type_path(&m.target);
            quote! {
                match ::std::str::from_utf8(&response.body) {
                    ::std::result::Result::Ok("") => ::std::option::Option::None,
                    ::std::result::Result::Ok(s) => ::std::option::Option::Some(#t::from(s)),
                    ::std::result::Result::Err(_) => {
                        return ::std::result::Result::Err(::smithy_rt::json::DeserializeError::at("body", "payload is not UTF-8"));
                    }
                }
            }
        }
        PayloadKind::Document => quote! {
            if response.body.iter().all(u8::is_ascii_whitespace) {
                ::std::option::Option::None
            } else {
                #module::de::document(&#module::parse_value(&response.body)?, path)?
            }
        },
        // An empty body is an unset structure or union.
        PayloadKind::Structure | PayloadKind::Union => {
            let de = ident(ctx.names.deserializer(&m.target));
            quote! {
                if response.body.iter().all(u8::is_ascii_whitespace) {
                    ::std::option::Option::None
                } else {
                    crate::protocol_serde::#de(&#module::parse_body(&response.body)?, path)?
                }
            }
        }
    }
}

/// The `@httpPrefixHeaders` map of a response (keys converted when the map's key is an enum).
fn prefix_headers(ctx: &Ctx, m: &Member, prefix: &str) -> TokenStream {
    let read = quote!(headers.prefixed(#prefix));
    match &ctx.shape(&m.target).kind {
        Kind::Map { key, .. } if matches!(ctx.shape(&key.target).kind, Kind::Enum(_)) => {
            let k = ctx.value_type(&key.target);
            quote! {
                #read.map(|map| map.into_iter().map(|(k, v)| (#k::from(k.as_str()), v)).collect())
            }
        }
        _ => read,
    }
}
