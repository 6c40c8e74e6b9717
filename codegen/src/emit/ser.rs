//! restJson1 JSON serializers: one function per structure or union that writes its members
//! into a JSON object. Unset members are omitted; keys are wire names (`jsonName` when
//! present), never Rust identifiers. Serializers return `Result` because a union holding a
//! variant this crate does not know cannot be written.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::http::{binding, Binding};
use super::{ident, lit, Ctx};
use crate::ir::{Kind, Member, Shape};

/// `ser_<stem>` for a structure or union in `types`.
pub fn shape_fn(ctx: &Ctx, shape: &Shape) -> TokenStream {
    let f = format_ident!("ser_{}", ctx.fn_stem(&shape.id));
    let t = ctx.type_path(&shape.id);
    let body = match &shape.kind {
        Kind::Union(members) => union_body(ctx, shape, members),
        _ => {
            let members = members(ctx, shape, false, None);
            quote! {
                #members
                ::std::result::Result::Ok(())
            }
        }
    };
    quote! {
        pub(crate) fn #f(
            object: &mut ::smithy_rt::json::ObjectWriter<'_>,
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
        let key = lit(ctx.wire_name(m));
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

/// Statements writing the members of `input` (of `shape`'s type) into `object`; with
/// `only_body`, only the members bound to the JSON body of an operation whose URI is `uri`.
pub fn members(ctx: &Ctx, shape: &Shape, only_body: bool, uri: Option<&str>) -> TokenStream {
    let stmts = ctx
        .members_of(&shape.id)
        .iter()
        .filter(|m| !only_body || binding(m, uri) == Binding::Body)
        .map(|m| {
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
            if let Some(default) = super::builders::wire_only_default(ctx, shape, m) {
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
            let format = ctx.timestamp_format(m);
            quote!(#writer.timestamp(#value, #format);)
        }
        Kind::Blob => quote!(#writer.blob(#value);),
        Kind::Document => quote!(#writer.document(#value);),
        Kind::Structure(_) | Kind::Union(_) => {
            let f = format_ident!("ser_{}", ctx.fn_stem(target));
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
        Kind::BigInteger | Kind::BigDecimal | Kind::Unit => {
            unreachable!(
                "lowering rejects {} before emission",
                shape.kind.type_name()
            )
        }
    }
}
