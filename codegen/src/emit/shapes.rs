//! Structures (fields, accessors, `Debug` with redaction) and string enums (`Unknown`
//! variant, `as_str`, `From<&str>`, `values()`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, lit, Ctx, REDACTED};
use crate::ir::{Kind, Member, Shape};

/// What a structure is used as; it decides the extra fields the reference SDK has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Plain,
    Input,
    /// Operation output: carries the request id of the response.
    Output,
    /// Modeled error: carries the error metadata.
    Error,
}

/// The struct definition of `shape` named `name`, its accessors and `builder()`.
pub fn structure(
    ctx: &Ctx,
    shape: &Shape,
    name: &syn::Ident,
    builder: &TokenStream,
    role: Role,
) -> TokenStream {
    let members = ctx.members_of(&shape.id);
    let doc = docs(shape.traits.docs.as_deref(), &format!("`{name}`"));
    let deprecated = super::deprecated(&shape.traits);
    let fields = members.iter().map(|m| {
        let f = ident(&ctx.member_names(shape, m).field);
        let ty = field_type(ctx, shape, m);
        let doc = docs(m.traits.docs.as_deref(), "this member");
        let deprecated = super::deprecated(&m.traits);
        quote!(#doc #deprecated pub #f: #ty,)
    });
    let extra = match role {
        Role::Error => quote!(pub(crate) meta: ::smithy_rt::error::ErrorMetadata,),
        Role::Output => {
            quote!(pub(crate) _request_id: ::std::option::Option<::std::string::String>,)
        }
        Role::Plain | Role::Input => quote!(),
    };
    let accessors = members.iter().map(|m| accessor(ctx, shape, m));
    let sensitive = members.iter().any(|m| ctx.is_sensitive(m));
    let derive_debug = if sensitive {
        quote!()
    } else {
        quote!(::std::fmt::Debug,)
    };
    let debug_impl = if sensitive {
        debug_impl(ctx, shape, name, members, &role_extra_debug(role))
    } else {
        quote!()
    };
    quote! {
        #doc
        #deprecated
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, #derive_debug)]
        pub struct #name {
            #(#fields)*
            #extra
        }
        impl #name {
            #(#accessors)*
        }
        impl #name {
            #[doc = " Creates a new builder-style object to manufacture this value."]
            pub fn builder() -> #builder {
                ::std::default::Default::default()
            }
        }
        #debug_impl
    }
}

fn role_extra_debug(role: Role) -> TokenStream {
    match role {
        Role::Error => quote!(formatter.field("meta", &self.meta);),
        Role::Output => quote!(formatter.field("_request_id", &self._request_id);),
        Role::Plain | Role::Input => quote!(),
    }
}

/// `Option<T>` or `T` for a member's field.
pub fn field_type(ctx: &Ctx, shape: &Shape, m: &Member) -> TokenStream {
    let t = ctx.field_type(m);
    if ctx.is_optional(shape, m) {
        quote!(::std::option::Option<#t>)
    } else {
        t
    }
}

fn accessor(ctx: &Ctx, shape: &Shape, m: &Member) -> TokenStream {
    let f = ident(&ctx.member_names(shape, m).field);
    let doc = docs(m.traits.docs.as_deref(), "this member");
    let target = ctx.shape(&m.target);
    let optional = ctx.is_optional(shape, m);
    let value = ctx.value_type(&m.target);
    let (ret, body, note) = match (&target.kind, optional) {
        (Kind::String, true) => (
            quote!(::std::option::Option<&str>),
            quote!(self.#f.as_deref()),
            None,
        ),
        (Kind::String, false) => (quote!(&str), quote!(&self.#f), None),
        (Kind::List(_), true) => {
            let item = list_item_type(ctx, target);
            let note = " If no value was sent for this field, a default will be set. If you want to determine if no value was sent, use `.FIELD.is_none()`.".replace("FIELD", &f.to_string());
            (
                quote!(&[#item]),
                quote!(self.#f.as_deref().unwrap_or_default()),
                Some(note),
            )
        }
        (Kind::List(_), false) => {
            let item = list_item_type(ctx, target);
            (quote!(&[#item]), quote!(&self.#f), None)
        }
        _ if ctx.is_copy(&m.target) && optional => {
            (quote!(::std::option::Option<#value>), quote!(self.#f), None)
        }
        _ if ctx.is_copy(&m.target) => (quote!(#value), quote!(self.#f), None),
        _ if m.boxed && optional => (
            quote!(::std::option::Option<&#value>),
            quote!(self.#f.as_deref()),
            None,
        ),
        _ if optional => (
            quote!(::std::option::Option<&#value>),
            quote!(self.#f.as_ref()),
            None,
        ),
        _ => (quote!(&#value), quote!(&self.#f), None),
    };
    let note = note.map(|n| quote!(#[doc = ""] #[doc = #n]));
    let deprecated = super::deprecated(&m.traits);
    quote! {
        #doc
        #note
        #deprecated
        pub fn #f(&self) -> #ret {
            #body
        }
    }
}

/// The element type of a list shape (`Option<T>` when sparse).
pub fn list_item_type(ctx: &Ctx, list: &Shape) -> TokenStream {
    let Kind::List(m) = &list.kind else {
        unreachable!("list_item_type on a list")
    };
    ctx.element_type(list, m)
}

/// A `Debug` impl that prints `@sensitive` members as a redaction marker.
pub fn debug_impl(
    ctx: &Ctx,
    shape: &Shape,
    name: &syn::Ident,
    members: &[Member],
    extra: &TokenStream,
) -> TokenStream {
    let name_lit = lit(&name.to_string());
    let fields = members.iter().map(|m| {
        let f = ident(&ctx.member_names(shape, m).field);
        let key = lit(f.to_string().trim_start_matches("r#"));
        if ctx.is_sensitive(m) {
            quote!(formatter.field(#key, &#REDACTED);)
        } else {
            quote!(formatter.field(#key, &self.#f);)
        }
    });
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut formatter = f.debug_struct(#name_lit);
                #(#fields)*
                #extra
                formatter.finish()
            }
        }
    }
}

/// A string enum with an `Unknown` variant that keeps unrecognised wire values.
pub fn string_enum(ctx: &Ctx, shape: &Shape) -> TokenStream {
    let Kind::Enum(values) = &shape.kind else {
        unreachable!("string_enum on an enum")
    };
    let name = ident(ctx.names.type_name(&shape.id));
    let doc = docs(shape.traits.docs.as_deref(), &format!("`{name}`"));
    let doc = {
        let deprecated = super::deprecated(&shape.traits);
        quote!(#doc #deprecated)
    };
    let mut sorted: Vec<_> = values.iter().collect();
    sorted.sort_by(|a, b| {
        ctx.names
            .variant(&shape.id, &a.name)
            .cmp(ctx.names.variant(&shape.id, &b.name))
    });
    let variants: Vec<_> = sorted
        .iter()
        .map(|v| ident(ctx.names.variant(&shape.id, &v.name)))
        .collect();
    let wire: Vec<_> = sorted.iter().map(|v| lit(&v.value)).collect();
    let variant_docs = sorted
        .iter()
        .map(|v| docs(v.docs.as_deref(), &format!("the value `{}`", v.value)));
    let unknown_note = " Don't directly match on `Unknown`. See the docs on this enum for the correct way to handle unknown variants.";
    let doc_match = format!(
        " When matching on `{name}`, match a variable wildcard for values this version of the crate does not know, \
         and use `.as_str()` to inspect them: a value added to the service later arrives as an unknown variant that \
         keeps its wire string, and a future version of the crate may turn it into a named variant."
    );
    let sealed = quote!(::smithy_rt::primitives::sealed_enum_unknown::UnknownVariantValue);
    quote! {
        #doc
        #[doc = ""]
        #[doc = #doc_match]
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::cmp::Eq, ::std::cmp::Ord, ::std::cmp::PartialEq, ::std::cmp::PartialOrd, ::std::fmt::Debug, ::std::hash::Hash)]
        pub enum #name {
            #( #variant_docs #variants, )*
            #[doc = " A value this version of the crate does not know; it keeps the wire string."]
            #[deprecated(note = #unknown_note)]
            Unknown(#sealed),
        }
        impl ::std::convert::From<&str> for #name {
            fn from(s: &str) -> Self {
                match s {
                    #( #wire => #name::#variants, )*
                    #[allow(deprecated)]
                    other => #name::Unknown(#sealed::new(other)),
                }
            }
        }
        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;
            fn from_str(s: &str) -> ::std::result::Result<Self, <Self as ::std::str::FromStr>::Err> {
                ::std::result::Result::Ok(#name::from(s))
            }
        }
        impl #name {
            #[doc = " Returns the wire value of this enum."]
            pub fn as_str(&self) -> &str {
                match self {
                    #( #name::#variants => #wire, )*
                    #[allow(deprecated)]
                    #name::Unknown(value) => value.as_str(),
                }
            }
            #[doc = " Returns all the known wire values of this enum."]
            pub const fn values() -> &'static [&'static str] {
                &[#(#wire),*]
            }
            #[doc = " Parses the wire value, refusing values this version of the crate does not know."]
            pub fn try_parse(value: &str) -> ::std::result::Result<Self, ::smithy_rt::error::UnknownVariantError> {
                match Self::from(value) {
                    #[allow(deprecated)]
                    Self::Unknown(_) => ::std::result::Result::Err(::smithy_rt::error::UnknownVariantError::new(value)),
                    known => ::std::result::Result::Ok(known),
                }
            }
        }
        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// A union: one variant per member (`smithy.api#Unit` members carry no data) and `Unknown` for
/// a member this version of the crate does not know, with `as_*`/`is_*` helpers.
pub fn union(ctx: &Ctx, shape: &Shape) -> TokenStream {
    let Kind::Union(members) = &shape.kind else {
        unreachable!("union on a union")
    };
    let name = ident(ctx.names.type_name(&shape.id));
    let doc = docs(shape.traits.docs.as_deref(), &format!("`{name}`"));
    let doc = {
        let deprecated = super::deprecated(&shape.traits);
        quote!(#doc #deprecated)
    };
    let variants = members.iter().map(|m| {
        let v = ident(ctx.names.variant(&shape.id, &m.name));
        let doc = docs(m.traits.docs.as_deref(), "this variant");
        let doc = {
            let deprecated = super::deprecated(&m.traits);
            quote!(#doc #deprecated)
        };
        if m.target == crate::lower::prelude::UNIT {
            quote!(#doc #v,)
        } else {
            let t = ctx.field_type(m);
            quote!(#doc #v(#t),)
        }
    });
    let helpers = members.iter().map(|m| {
        let v = ident(ctx.names.variant(&shape.id, &m.name));
        let member_names = ctx.member_names(shape, m);
        let as_fn = ident(&member_names.as_fn);
        let is_fn = ident(&member_names.is_fn);
        let as_doc = format!(" Returns the value of the [`{v}`](Self::{v}) variant, or `Err(self)` for any other variant.");
        let is_doc = format!(" Returns `true` if this is a [`{v}`](Self::{v}).");
        let as_impl = if m.target == crate::lower::prelude::UNIT {
            quote! {
                pub fn #as_fn(&self) -> ::std::result::Result<(), &Self> {
                    if let #name::#v = &self { ::std::result::Result::Ok(()) } else { ::std::result::Result::Err(self) }
                }
            }
        } else {
            let t = ctx.value_type(&m.target);
            quote! {
                pub fn #as_fn(&self) -> ::std::result::Result<&#t, &Self> {
                    if let #name::#v(val) = &self { ::std::result::Result::Ok(val) } else { ::std::result::Result::Err(self) }
                }
            }
        };
        quote! {
            #[doc = #as_doc]
            #as_impl
            #[doc = #is_doc]
            pub fn #is_fn(&self) -> bool {
                self.#as_fn().is_ok()
            }
        }
    });
    let sensitive = members.iter().any(|m| ctx.is_sensitive(m));
    let derive_debug = if sensitive {
        quote!()
    } else {
        quote!(::std::fmt::Debug,)
    };
    let debug_impl = sensitive.then(|| {
        let arms = members.iter().map(|m| {
            let v = ident(ctx.names.variant(&shape.id, &m.name));
            let v_lit = lit(&v.to_string());
            match (m.target == crate::lower::prelude::UNIT, ctx.is_sensitive(m)) {
                (true, _) => quote!(#name::#v => f.write_str(#v_lit),),
                (false, true) => {
                    quote!(#name::#v(_) => f.debug_tuple(#v_lit).field(&#REDACTED).finish(),)
                }
                (false, false) => {
                    quote!(#name::#v(val) => f.debug_tuple(#v_lit).field(val).finish(),)
                }
            }
        });
        quote! {
            impl ::std::fmt::Debug for #name {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    match self {
                        #(#arms)*
                        #name::Unknown => f.write_str("Unknown"),
                    }
                }
            }
        }
    });
    quote! {
        #doc
        #[non_exhaustive]
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, #derive_debug)]
        pub enum #name {
            #(#variants)*
            #[doc = " A variant this version of the crate does not know (the service added it later)."]
            #[doc = " It cannot be sent; match it with a wildcard."]
            #[non_exhaustive]
            Unknown,
        }
        impl #name {
            #(#helpers)*
            #[doc = " Returns `true` if this is the [`Unknown`](Self::Unknown) variant."]
            pub fn is_unknown(&self) -> bool {
                ::std::matches!(self, Self::Unknown)
            }
        }
        #debug_impl
    }
}
