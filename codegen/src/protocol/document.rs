//! Body documents: the codec-level serializers and deserializers of the JSON-like protocols.
//!
//! In: a structure, union, list or map that the request body codec writes or the response
//! body codec reads, and the [`Codec`] of the service's protocol (JSON for restJson1 and
//! awsJson, CBOR for rpcv2Cbor: the runtime's two codecs have the same API, so the code is the
//! same but for the module path and the buffer type). Out: one `ser_<shape>` function per
//! structure or union that writes its members into an object, and one `de_<shape>` function
//! per structure, union, list and map that reads one. Keys are the members' resolved wire
//! names, never Rust identifiers; unset members are omitted; unknown keys are skipped, `null`
//! is "not set", a wrong type is a located `DeserializeError`, never a panic. Serializers
//! return `Result` because a union holding a variant this crate does not know cannot be
//! written.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::emit::shapes::Role;
use crate::emit::{builders, ident, lit, Ctx};
use crate::ir::{Kind, Member, Shape};

/// The body codec of a protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Codec {
    /// `smithy_rt::json`, into a `String`.
    Json,
    /// `smithy_rt::cbor`, into a `Vec<u8>`.
    Cbor,
}

impl Codec {
    /// The runtime module of the codec.
    pub fn module(self) -> TokenStream {
        match self {
            Codec::Json => quote!(::smithy_rt::json),
            Codec::Cbor => quote!(::smithy_rt::cbor),
        }
    }

    /// A new, empty output buffer.
    pub fn buffer(self) -> TokenStream {
        match self {
            Codec::Json => quote!(::std::string::String::new()),
            Codec::Cbor => quote!(::std::vec::Vec::new()),
        }
    }

    /// The buffer `body` as the request's body bytes.
    pub fn into_bytes(self, body: TokenStream) -> TokenStream {
        match self {
            Codec::Json => quote!(#body.into_bytes()),
            Codec::Cbor => quote!(#body),
        }
    }
}

/// `ser_<stem>` for a structure or union in `types`.
pub fn serializer(ctx: &Ctx, codec: Codec, shape: &Shape) -> TokenStream {
    let f = ident(ctx.names.serializer(&shape.id));
    let t = ctx.type_path(&shape.id);
    let m = codec.module();
    let body = match &shape.kind {
        Kind::Union(members) => union_body(ctx, shape, members),
        _ => {
            let all: Vec<&Member> = ctx.members_of(&shape.id).iter().collect();
            let members = members(ctx, shape, &all);
            quote! {
                #members
                ::std::result::Result::Ok(())
            }
        }
    };
    quote! {
        pub(crate) fn #f(
            object: &mut #m::ObjectWriter<'_>,
            input: &#t,
        ) -> ::std::result::Result<(), ::smithy_rt::error::BuildError> {
            #body
        }
    }
}

fn union_body(ctx: &Ctx, shape: &Shape, members: &[Member]) -> TokenStream {
    let t = ctx.type_path(&shape.id);
    let arms = members.iter().map(|m| {
        let v = ident(ctx.names.variant(&shape.id, &m.name));
        let key = lit(&m.wire_name);
        if m.target == crate::lower::prelude::UNIT {
            quote!(#t::#v => object.key(#key).start_object().finish(),)
        } else {
            let write = write_value(
                ctx,
                m,
                &m.target,
                quote!(object.key(#key)),
                quote!(value),
                1,
            );
            quote!(#t::#v(value) => { #write })
        }
    });
    let what = lit(&format!(
        "{} holds a variant this version of the crate does not know; it cannot be serialized",
        ctx.names.type_name(&shape.id)
    ));
    quote! {
        match input {
            #(#arms)*
            #t::Unknown => {
                return ::std::result::Result::Err(::smithy_rt::error::BuildError::other(#what.into()));
            }
        }
        ::std::result::Result::Ok(())
    }
}

/// Statements writing `members` of `input` (of `shape`'s type) into `object`.
pub fn members(ctx: &Ctx, shape: &Shape, members: &[&Member]) -> TokenStream {
    let stmts = members.iter().map(|m| {
        let f = ident(&ctx.member_names(shape, m).field);
        let key = lit(&m.wire_name);
        let write = write_value(
            ctx,
            m,
            &m.target,
            quote!(object.key(#key)),
            quote!(value),
            1,
        );
        if let Some(default) = builders::wire_only_default(ctx, shape, m) {
            quote! {
                {
                    let default_value;
                    let value = match &input.#f {
                        ::std::option::Option::Some(value) => value,
                        ::std::option::Option::None => {
                            default_value = #default;
                            &default_value
                        }
                    };
                    #write
                }
            }
        } else if ctx.is_optional(shape, m) {
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

/// Statements that write `members` of `input` (of `shape`'s type) as the request's body: one
/// object in the codec's format, empty (`{}`) when `members` is.
pub fn body_object(ctx: &Ctx, codec: Codec, shape: &Shape, members: &[&Member]) -> TokenStream {
    let module = codec.module();
    let buffer = codec.buffer();
    let bytes = codec.into_bytes(quote!(body));
    // An object without members is never written to.
    let object = if members.is_empty() {
        quote!(object)
    } else {
        quote!(mut object)
    };
    let members = self::members(ctx, shape, members);
    quote! {
        let mut body = #buffer;
        let #object = #module::ObjectWriter::new(&mut body);
        #members
        object.finish();
        request.body = #bytes;
    }
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
        Kind::Float => quote!(#writer.number_f32(*#value);),
        Kind::Double => quote!(#writer.number_f64(*#value);),
        Kind::Timestamp => {
            let format = ctx.timestamp_format(m.timestamp_format);
            quote!(#writer.timestamp(#value, #format);)
        }
        Kind::Blob => quote!(#writer.blob(#value);),
        Kind::Document => quote!(#writer.document(#value);),
        Kind::Structure(_) | Kind::Union(_) => {
            let f = ident(ctx.names.serializer(target));
            let object = format_ident!("object_{}", depth);
            quote! {
                let mut #object = #writer.start_object();
                crate::protocol_serde::#f(&mut #object, #value)?;
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
            // `as_str` of a `String` or of an enum key.
            let inner = write_value(
                ctx,
                item,
                &item.target,
                quote!(#object.key(#key.as_str())),
                quote!(#element),
                depth + 1,
            );
            let inner = if shape.traits.sparse {
                quote! {
                    match #element {
                        ::std::option::Option::Some(#element) => { #inner }
                        ::std::option::Option::None => #object.key(#key.as_str()).null(),
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
        Kind::BigInteger | Kind::BigDecimal | Kind::Unit => {
            unreachable!(
                "lowering rejects {} before emission",
                shape.kind.type_name()
            )
        }
    }
}

/// An expression of type `Result<Option<T>, DeserializeError>` reading `value` at `path`.
fn read(ctx: &Ctx, codec: Codec, m: &Member, value: TokenStream, path: TokenStream) -> TokenStream {
    let shape = ctx.shape(&m.target);
    let module = codec.module();
    let de = quote!(#module::de);
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
            let format = ctx.timestamp_format(m.timestamp_format);
            quote!(#de::timestamp(#value, #path, #format))
        }
        Kind::Blob => quote!(#de::blob(#value, #path)),
        Kind::Document => quote!(#de::document(#value, #path)),
        Kind::Structure(_) | Kind::Union(_) | Kind::List(_) | Kind::Map { .. } => {
            let f = ident(ctx.names.deserializer(&m.target));
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

/// Statements that fill `builder` from the object `object` at `path` with `members` of `shape`.
pub fn fill_builder(ctx: &Ctx, codec: Codec, shape: &Shape, members: &[&Member]) -> TokenStream {
    let arms = members.iter().map(|m| {
        let set = ident(&ctx.member_names(shape, m).set);
        let key = lit(&m.wire_name);
        let read = read(ctx, codec, m, quote!(value), quote!(&path.key(#key)));
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
pub fn corrections(ctx: &Ctx, shape: &Shape) -> TokenStream {
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
    // A default the field cannot carry is filled in before the zero values, which it overrides.
    quote!(#(#defaults)* #(#stmts)*)
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
pub fn finish(ctx: &Ctx, shape: &Shape, role: Role, some: bool) -> TokenStream {
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
pub fn deserializer(ctx: &Ctx, codec: Codec, shape: &Shape) -> TokenStream {
    let f = ident(ctx.names.deserializer(&shape.id));
    let t = ctx.value_type(&shape.id);
    let module = codec.module();
    let sig = quote! {
        pub(crate) fn #f(
            value: &#module::Value,
            path: &::smithy_rt::json::JsonPath<'_>,
        ) -> ::std::result::Result<::std::option::Option<#t>, ::smithy_rt::json::DeserializeError>
    };
    match &shape.kind {
        Kind::Structure(_) => {
            let builder = ctx.builder_path(&shape.id);
            let all: Vec<&Member> = ctx.members_of(&shape.id).iter().collect();
            let fill = fill_builder(ctx, codec, shape, &all);
            let corrections = corrections(ctx, shape);
            let finish = finish(ctx, shape, Role::Plain, true);
            quote! {
                #sig {
                    let ::std::option::Option::Some(object) = #module::de::object(value, path)? else {
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
                let key = lit(&m.wire_name);
                if m.target == crate::lower::prelude::UNIT {
                    quote!(#key => #t::#v,)
                } else {
                    let read = read(ctx, codec, m, quote!(value), quote!(&path.key(#key)));
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
                    let ::std::option::Option::Some(object) = #module::de::object(value, path)? else {
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
            let read = read(ctx, codec, item, quote!(item), quote!(&path.index(i)));
            let push = if shape.traits.sparse {
                quote!(items.push(v);)
            } else {
                quote!(if let ::std::option::Option::Some(v) = v {
                    items.push(v);
                })
            };
            quote! {
                #sig {
                    let ::std::option::Option::Some(array) = #module::de::array(value, path)? else {
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
        Kind::Map { key, value: item } => {
            let read = read(ctx, codec, item, quote!(item), quote!(&path.key(key)));
            // A `String` key, or an enum key parsed from its wire value.
            let k = ctx.value_type(&key.target);
            let insert = if shape.traits.sparse {
                quote!(map.insert(#k::from(key.as_str()), v);)
            } else {
                quote!(if let ::std::option::Option::Some(v) = v {
                    map.insert(#k::from(key.as_str()), v);
                })
            };
            quote! {
                #sig {
                    let ::std::option::Option::Some(object) = #module::de::object(value, path)? else {
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
