//! restJson1 HTTP bindings: which part of the HTTP message each top-level input, output and
//! error member lives in (URI label, query, header, prefix headers, payload, status code, JSON
//! body), the request builder of each operation, and the response readers for non-body
//! bindings. The JSON body itself is `ser`/`de`; encoding rules live in `smithy_rt::bindings`.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, lit, Ctx};
use crate::ir::{Kind, Member, Operation, Shape, TimestampFormat};

/// Where a top-level member is bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Binding {
    Label { greedy: bool },
    Query(String),
    QueryParams,
    Header(String),
    PrefixHeaders(String),
    Payload,
    ResponseCode,
    Body,
}

/// The binding of a member of an operation input (`uri` is the operation's URI pattern), or
/// of an output or error structure (`uri` is `None`: a response has no URI, so label and query
/// bindings mean nothing there and the member is in the body).
pub fn binding(m: &Member, uri: Option<&str>) -> Binding {
    let t = &m.traits;
    if let (true, Some(uri)) = (t.http_label, uri) {
        let greedy = uri.contains(&format!("{{{}+}}", m.name));
        Binding::Label { greedy }
    } else if let (Some(q), Some(_)) = (&t.http_query, uri) {
        Binding::Query(q.clone())
    } else if t.http_query_params && uri.is_some() {
        Binding::QueryParams
    } else if let Some(h) = &t.http_header {
        Binding::Header(h.clone())
    } else if let Some(p) = &t.http_prefix_headers {
        Binding::PrefixHeaders(p.clone())
    } else if t.http_payload {
        Binding::Payload
    } else if t.http_response_code {
        Binding::ResponseCode
    } else {
        Binding::Body
    }
}

/// The members of a top-level structure that go in the JSON body.
pub fn body_members<'a>(ctx: &Ctx<'a>, shape: &Shape, uri: Option<&str>) -> Vec<&'a Member> {
    ctx.members_of(&shape.id)
        .iter()
        .filter(|m| binding(m, uri) == Binding::Body)
        .collect()
}

/// An expression turning `value` (a reference to a scalar of shape `target`) into a `String`
/// for a label, query value or header. `default_format` is the timestamp format of the location.
fn to_text(
    ctx: &Ctx,
    m: &Member,
    target: &str,
    value: TokenStream,
    default_format: TimestampFormat,
    in_header: bool,
) -> TokenStream {
    let shape = ctx.shape(target);
    match &shape.kind {
        Kind::String if in_header && shape.traits.other.contains_key("smithy.api#mediaType") => {
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
            let format = ctx.timestamp_format_or(m, default_format);
            quote!(#value.fmt(#format).map_err(|e| ::smithy_rt::error::BuildError::other(::std::boxed::Box::new(e)))?)
        }
        Kind::Blob => quote!(::smithy_rt::primitives::base64_encode(#value.as_ref())),
        _ => unreachable!("lowering only accepts scalars in HTTP bindings"),
    }
}

/// One piece of the model's URI pattern.
enum UriPart<'u> {
    Literal(&'u str),
    Label(&'u str),
}

fn uri_parts(path: &str) -> Vec<UriPart<'_>> {
    let mut parts = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            parts.push(UriPart::Literal(&rest[..open]));
        }
        let close = rest[open..].find('}').map_or(rest.len(), |c| open + c);
        parts.push(UriPart::Label(rest[open + 1..close].trim_end_matches('+')));
        rest = rest.get(close + 1..).unwrap_or("");
    }
    if !rest.is_empty() {
        parts.push(UriPart::Literal(rest));
    }
    parts
}

/// Statements pushing `value` (a reference to the value of member `m`: a scalar, or a list of
/// scalars, one `key=item` pair each) to the query writer `query` under `key`.
fn push_query(ctx: &Ctx, m: &Member, key: &TokenStream, value: TokenStream) -> TokenStream {
    match &ctx.shape(&m.target).kind {
        Kind::List(item) => {
            let text = to_text(
                ctx,
                item,
                &item.target,
                quote!(item),
                TimestampFormat::DateTime,
                false,
            );
            quote!(for item in #value { query.push(#key, &#text); })
        }
        _ => {
            let text = to_text(ctx, m, &m.target, value, TimestampFormat::DateTime, false);
            quote!(query.push(#key, &#text);)
        }
    }
}

/// `ser_<op>_request`: method, URI (labels, query), headers and body of an operation.
pub fn request_fn(ctx: &Ctx, op: &Operation) -> TokenStream {
    let names = ctx.names.operation(&op.id);
    let f = format_ident!("ser_{}_request", names.module);
    let module = ident(&names.module);
    let input_ty = ident(&names.input);
    let method = lit(&op.http.method);
    let shape = ctx.shape(&op.input);
    let uri_pattern = op.http.uri.as_str();
    let (path, literal_query) = match uri_pattern.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (uri_pattern, None),
    };
    let members = ctx.members_of(&shape.id);
    let field = |m: &Member| ident(&ctx.member_names(shape, m).field);
    let optional = |m: &Member| ctx.is_optional(shape, m);
    let custom = crate::lower::customizations::for_operation(&ctx.ir.service, op);

    let path_stmts = uri_parts(path).into_iter().map(|part| match part {
        UriPart::Literal(text) => match text.chars().collect::<Vec<_>>().as_slice() {
            [c] => quote!(uri.push(#c);),
            _ => quote!(uri.push_str(#text);),
        },
        UriPart::Label(name) => {
            let Some(m) = members.iter().find(|m| m.name == name) else {
                unreachable!("lowering checks that every URI label has a member");
            };
            let f = field(m);
            let stem = lit(&ctx.member_names(shape, m).stem);
            let detail = lit(&format!("{} is bound to the URI and cannot be unset or empty", ctx.member_names(shape, m).stem));
            let missing = quote!(::smithy_rt::error::BuildError::missing_field(#stem, #detail));
            let text = to_text(ctx, m, &m.target, quote!(value), TimestampFormat::DateTime, false);
            let encode = match binding(m, Some(uri_pattern)) {
                Binding::Label { greedy: true } => quote!(encode_greedy_label),
                _ => quote!(encode_label),
            };
            let default = custom
                .label_defaults
                .iter()
                .find(|(member, _)| *member == m.name)
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
    let literal_query = literal_query.map(|q| {
        let q = format!("?{q}");
        quote!(uri.push_str(#q);)
    });

    let explicit_query: Vec<String> = members
        .iter()
        .filter_map(|m| m.traits.http_query.clone())
        .collect();
    let mut query_stmts = Vec::new();
    let mut header_stmts = Vec::new();
    for m in members {
        let f = field(m);
        let target = ctx.shape(&m.target);
        let stmt = match binding(m, Some(uri_pattern)) {
            Binding::Query(name) => Some((true, push_query(ctx, m, &quote!(#name), quote!(value)))),
            Binding::QueryParams => {
                let Kind::Map { value, .. } = &target.kind else {
                    unreachable!("lowering checks httpQueryParams targets a map")
                };
                let push = push_query(ctx, value, &quote!(k), quote!(v));
                let skip = if explicit_query.is_empty() {
                    quote!()
                } else {
                    quote!(if [#(#explicit_query),*].contains(&k.as_str()) { continue; })
                };
                Some((true, quote!(for (k, v) in value { #skip #push })))
            }
            Binding::Header(name) => {
                let stmt = match &target.kind {
                    Kind::List(item) => {
                        let text = to_text(
                            ctx,
                            item,
                            &item.target,
                            quote!(item),
                            TimestampFormat::HttpDate,
                            true,
                        );
                        let is_date = matches!(ctx.shape(&item.target).kind, Kind::Timestamp);
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
                    _ => {
                        let text = to_text(
                            ctx,
                            m,
                            &m.target,
                            quote!(value),
                            TimestampFormat::HttpDate,
                            true,
                        );
                        quote!(request.headers.insert(#name, #text);)
                    }
                };
                Some((false, stmt))
            }
            Binding::PrefixHeaders(prefix) => Some((
                false,
                quote! {
                    for (k, v) in value {
                        request.headers.insert(::std::format!("{}{}", #prefix, k), v.clone());
                    }
                },
            )),
            _ => None,
        };
        if let Some((is_query, stmt)) = stmt {
            let wrapped = if optional(m) {
                quote!(if let ::std::option::Option::Some(value) = &input.#f { #stmt })
            } else {
                quote!({ let value = &input.#f; #stmt })
            };
            if is_query {
                query_stmts.push(wrapped);
            } else {
                header_stmts.push(wrapped);
            }
        }
    }
    let query = if query_stmts.is_empty() {
        quote!()
    } else {
        quote! {
            {
                let mut query = ::smithy_rt::bindings::QueryWriter::new(&mut uri);
                #(#query_stmts)*
            }
        }
    };
    let body = body(ctx, op, shape);
    let host_prefix = host_prefix_fn(ctx, op);
    // `@httpChecksumRequired`: the body's MD5, unless the caller set the header.
    let checksum = op
        .traits
        .other
        .contains_key("smithy.api#httpChecksumRequired")
        .then(|| {
            quote! {
                request.headers.insert_if_absent_with("content-md5", || ::smithy_rt::checksum::content_md5(&request.body));
            }
        });
    let custom_headers = custom.headers.iter().map(|(name, value)| {
        quote! {
            request.headers.insert_if_absent(#name, #value);
        }
    });
    let glacier_checksums = custom.glacier_checksums.then(|| {
        quote! {
            request.headers.insert_if_absent_with("x-amz-content-sha256", || ::smithy_rt::checksum::sha256_hex(&request.body));
            request.headers.insert_if_absent_with("x-amz-sha256-tree-hash", || ::smithy_rt::checksum::tree_hash_hex(&request.body));
        }
    });
    quote! {
        #[allow(unused_variables)]
        pub(crate) fn #f(
            input: &crate::operation::#module::#input_ty,
        ) -> ::std::result::Result<::smithy_rt::http::HttpRequest, ::smithy_rt::error::BuildError> {
            let mut uri = ::std::string::String::new();
            #(#path_stmts)*
            #literal_query
            #query
            #[allow(unused_mut)]
            let mut request = ::smithy_rt::http::HttpRequest::new(#method, uri);
            #(#header_stmts)*
            #(#custom_headers)*
            #body
            #checksum
            #glacier_checksums
            ::std::result::Result::Ok(request)
        }
        #host_prefix
    }
}

/// `host_prefix_<op>` for an operation with the `@endpoint` trait: its `hostPrefix` with each
/// `{label}` replaced by the `@hostLabel` member's value, which must be a non-empty run of
/// letters, digits, `-` and `.` (it becomes part of the host name).
pub fn host_prefix_fn(ctx: &Ctx, op: &Operation) -> Option<TokenStream> {
    let prefix = crate::lower::support::host_prefix(op)?;
    let names = ctx.names.operation(&op.id);
    let f = format_ident!("host_prefix_{}", names.module);
    let module = ident(&names.module);
    let input_ty = ident(&names.input);
    let shape = ctx.shape(&op.input);
    let members = ctx.members_of(&shape.id);
    let parts = uri_parts(prefix).into_iter().map(|part| match part {
        UriPart::Literal(text) => quote!(prefix.push_str(#text);),
        UriPart::Label(name) => {
            let Some(m) = members.iter().find(|m| m.name == name) else {
                unreachable!("the support check ties every host label to a member");
            };
            let field = ident(&ctx.member_names(shape, m).field);
            let stem = lit(&ctx.member_names(shape, m).stem);
            let detail = lit(&format!(
                "{} is part of the host name and must be non-empty letters, digits, `-` and `.`",
                ctx.member_names(shape, m).stem
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

/// The request body: the `@httpPayload` member, else a JSON object of the body members, else
/// nothing.
fn body(ctx: &Ctx, op: &Operation, shape: &Shape) -> TokenStream {
    let uri = Some(op.http.uri.as_str());
    let members = ctx.members_of(&shape.id);
    if let Some(m) = members.iter().find(|m| binding(m, uri) == Binding::Payload) {
        let f = ident(&ctx.member_names(shape, m).field);
        let target = ctx.shape(&m.target);
        let media_type = target
            .traits
            .other
            .get("smithy.api#mediaType")
            .and_then(|v| v.as_str());
        let (content_type, write) = match &target.kind {
            Kind::Blob => (
                media_type.unwrap_or("application/octet-stream"),
                quote!(request.body = value.as_ref().to_vec();),
            ),
            Kind::String => (
                media_type.unwrap_or("text/plain"),
                quote!(request.body = value.as_bytes().to_vec();),
            ),
            Kind::Enum(_) => (
                media_type.unwrap_or("text/plain"),
                quote!(request.body = value.as_str().as_bytes().to_vec();),
            ),
            Kind::Structure(_) | Kind::Union(_) => {
                let ser = format_ident!("ser_{}", ctx.fn_stem(&m.target));
                (
                    "application/json",
                    quote! {
                        let mut body = ::std::string::String::new();
                        let mut object = ::smithy_rt::json::ObjectWriter::new(&mut body);
                        crate::protocol_serde::#ser(&mut object, value)?;
                        object.finish();
                        request.body = body.into_bytes();
                    },
                )
            }
            Kind::Document => (
                "application/json",
                quote! {
                    let mut body = ::std::string::String::new();
                    ::smithy_rt::json::ValueWriter::new(&mut body).document(value);
                    request.body = body.into_bytes();
                },
            ),
            _ => unreachable!("lowering rejects other payload targets"),
        };
        // A structure payload that is unset is still sent as an empty JSON object; an unset
        // union payload sends no body at all.
        let unset = if matches!(target.kind, Kind::Structure(_)) {
            quote! {
                else {
                    request.headers.insert("content-type", #content_type);
                    request.body = b"{}".to_vec();
                }
            }
        } else {
            quote!()
        };
        let write = quote! {
            request.headers.insert_if_absent("content-type", #content_type);
            #write
        };
        return if ctx.is_streaming(m) {
            // An empty stream is no payload: no body and no content type.
            quote!({ let value = &input.#f; if !value.is_empty() { #write } })
        } else if ctx.is_optional(shape, m) {
            quote!(if let ::std::option::Option::Some(value) = &input.#f { #write } #unset)
        } else {
            quote!({ let value = &input.#f; #write })
        };
    }
    if body_members(ctx, shape, uri).is_empty() {
        return quote!();
    }
    let members = super::ser::members(ctx, shape, true, uri);
    quote! {
        let mut body = ::std::string::String::new();
        let mut object = ::smithy_rt::json::ObjectWriter::new(&mut body);
        #members
        object.finish();
        request.headers.insert("content-type", "application/json");
        request.body = body.into_bytes();
    }
}

/// Statements that set the non-body members of `shape` on `builder` from `response`.
pub fn read_response_bindings(ctx: &Ctx, shape: &Shape) -> TokenStream {
    let members = ctx.members_of(&shape.id);
    let stmts: Vec<TokenStream> = members
        .iter()
        .filter_map(|m| {
            let set = ident(&format!("set_{}", ctx.member_names(shape, m).stem));
            let value = match binding(m, None) {
                Binding::Header(name) => read_header(ctx, m, &name),
                Binding::PrefixHeaders(prefix) => quote!(headers.prefixed(#prefix)),
                Binding::ResponseCode => quote!(::std::option::Option::Some(
                    ::std::convert::Into::into(response.status)
                )),
                Binding::Payload => read_payload(ctx, m),
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
fn read_header(ctx: &Ctx, m: &Member, name: &str) -> TokenStream {
    let target = ctx.shape(&m.target);
    let scalar = |member: &Member, target_id: &str, list: bool| -> TokenStream {
        let shape = ctx.shape(target_id);
        let format = ctx.timestamp_format_or(member, TimestampFormat::HttpDate);
        let parse = |ty: TokenStream, what: &str| {
            if list {
                quote!(headers.parse_list::<#ty>(#name, #what)?)
            } else {
                quote!(headers.parse::<#ty>(#name, #what)?)
            }
        };
        match (&shape.kind, list) {
            (Kind::String, false) if shape.traits.other.contains_key("smithy.api#mediaType") => {
                quote!(headers.base64_string(#name)?)
            }
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
    };
    match &target.kind {
        Kind::List(item) => scalar(item, &item.target, true),
        _ => scalar(m, &m.target, false),
    }
}

/// An expression of type `Option<T>` reading the `@httpPayload` member from the body.
fn read_payload(ctx: &Ctx, m: &Member) -> TokenStream {
    let target = ctx.shape(&m.target);
    match &target.kind {
        Kind::Blob if ctx.is_streaming(m) => quote! {
            ::std::option::Option::Some(::smithy_rt::primitives::ByteStream::new(response.body.clone()))
        },
        Kind::Blob => quote! {
            (!response.body.is_empty()).then(|| ::smithy_rt::primitives::Blob::new(response.body.clone()))
        },
        Kind::String => quote! {
            match ::std::string::String::from_utf8(response.body.clone()) {
                ::std::result::Result::Ok(s) if s.is_empty() => ::std::option::Option::None,
                ::std::result::Result::Ok(s) => ::std::option::Option::Some(s),
                ::std::result::Result::Err(_) => {
                    return ::std::result::Result::Err(::smithy_rt::json::DeserializeError::at("body", "payload is not UTF-8"));
                }
            }
        },
        Kind::Enum(_) => {
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
        Kind::Document => quote! {
            if response.body.iter().all(u8::is_ascii_whitespace) {
                ::std::option::Option::None
            } else {
                ::smithy_rt::json::de::document(&::smithy_rt::json::parse_value(&response.body)?, path)?
            }
        },
        // An empty body is an unset structure or union.
        Kind::Structure(_) | Kind::Union(_) => {
            let de = format_ident!("de_{}", ctx.fn_stem(&m.target));
            quote! {
                if response.body.iter().all(u8::is_ascii_whitespace) {
                    ::std::option::Option::None
                } else {
                    crate::protocol_serde::#de(&::smithy_rt::json::parse_body(&response.body)?, path)?
                }
            }
        }
        _ => unreachable!("lowering rejects other payload targets"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_patterns_split_into_literals_and_labels() {
        let parts = uri_parts("/a/{b}/c{d+}");
        let rendered: Vec<String> = parts
            .iter()
            .map(|p| match p {
                UriPart::Literal(l) => format!("L{l}"),
                UriPart::Label(l) => format!("V{l}"),
            })
            .collect();
        assert_eq!(rendered, ["L/a/", "Vb", "L/c", "Vd"]);
    }
}
