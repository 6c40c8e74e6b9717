//! Builders: one per structure, with `x(..)` setters taking `impl Into`, list setters that
//! append, map setters that insert, `set_x` that replaces, `get_x` that reads, and `build()`
//! that returns `Result<_, BuildError>` where something can be missing.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::shapes::{debug_impl, list_item_type, Role};
use super::{ident, lit, Ctx};
use crate::ir::{DefaultValue, Kind, Member, Shape};

/// Whether `build()` can fail: operation inputs always return a `Result` (as the reference
/// SDK's inputs do, so programs written against it compile); other shapes only when a
/// non-optional member has no default.
pub fn build_is_fallible(ctx: &Ctx, shape: &Shape, role: Role) -> bool {
    role == Role::Input
        || ctx
            .members_of(&shape.id)
            .iter()
            .any(|m| ctx.must_be_set(shape, m))
}

/// The builder of `shape` for the struct at `target` (a path), named `name`.
pub fn builder(
    ctx: &Ctx,
    shape: &Shape,
    name: &syn::Ident,
    target: &TokenStream,
    role: Role,
) -> TokenStream {
    let members = ctx.members_of(&shape.id);
    let fields = members.iter().map(|m| {
        let f = ident(&ctx.member_names(shape, m).field);
        let t = ctx.field_type(m);
        quote!(pub(crate) #f: ::std::option::Option<#t>,)
    });
    let (extra_field, extra_methods, extra_init, extra_debug) = match role {
        Role::Error => (
            quote!(meta: ::std::option::Option<::smithy_rt::error::ErrorMetadata>,),
            quote! {
                #[doc = " Sets error metadata."]
                pub fn meta(mut self, meta: ::smithy_rt::error::ErrorMetadata) -> Self {
                    self.meta = ::std::option::Option::Some(meta);
                    self
                }
                #[doc = " Sets error metadata."]
                pub fn set_meta(&mut self, meta: ::std::option::Option<::smithy_rt::error::ErrorMetadata>) -> &mut Self {
                    self.meta = meta;
                    self
                }
            },
            quote!(meta: self.meta.unwrap_or_default(),),
            quote!(formatter.field("meta", &self.meta);),
        ),
        Role::Output => (
            quote!(_request_id: ::std::option::Option<::std::string::String>,),
            quote! {
                pub(crate) fn _request_id(mut self, request_id: impl ::std::convert::Into<::std::string::String>) -> Self {
                    self._request_id = ::std::option::Option::Some(request_id.into());
                    self
                }
            },
            quote!(_request_id: self._request_id,),
            quote!(formatter.field("_request_id", &self._request_id);),
        ),
        Role::Plain | Role::Input => (quote!(), quote!(), quote!(), quote!()),
    };
    let setters = members.iter().map(|m| setters(ctx, shape, m));
    let build = build_fn(ctx, shape, target, role, &extra_init);
    let sensitive = members.iter().any(|m| ctx.is_sensitive(m));
    let derive_debug = if sensitive {
        quote!()
    } else {
        quote!(::std::fmt::Debug,)
    };
    let debug = if sensitive {
        debug_impl(ctx, shape, name, members, &extra_debug)
    } else {
        quote!()
    };
    let doc = format!(
        " A builder for [`{}`]({}).",
        target.to_string().rsplit(' ').next().unwrap_or_default(),
        target.to_string().replace(' ', "")
    );
    quote! {
        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::cmp::PartialEq, ::std::default::Default, #derive_debug)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
            #extra_field
        }
        impl #name {
            #(#setters)*
            #extra_methods
            #build
        }
        #debug
    }
}

/// The setters of one member, described once for the builder and the fluent builder that
/// delegates to it, so both always agree on names, parameters and docs.
pub struct Setters {
    /// Doc attributes of the primary setter.
    pub docs: TokenStream,
    /// Doc attributes of `set_*` and `get_*`.
    pub member_docs: TokenStream,
    pub name: syn::Ident,
    pub set: syn::Ident,
    pub get: syn::Ident,
    /// The primary setter's parameters (`input: T` or `k: .., v: ..`).
    pub params: TokenStream,
    /// The same parameters as call arguments (`input` or `k, v`).
    pub args: TokenStream,
    /// The builder's body of the primary setter (updates `self.<field>`).
    pub body: TokenStream,
    /// The field type without the `Option`.
    pub field_type: TokenStream,
}

pub fn describe_setters(ctx: &Ctx, shape: &Shape, m: &Member) -> Setters {
    let names = ctx.member_names(shape, m);
    let f = ident(&names.field);
    let set = ident(&names.set);
    let get = ident(&names.get);
    let target = ctx.shape(&m.target);
    let doc = super::docs(m.traits.docs.as_deref(), "this member");
    let input = format_ident!("input");
    let (docs, params, args, body) = match &target.kind {
        Kind::List(item_member) => {
            let item = list_item_type(ctx, target);
            let (param, expr) = ctx.setter_param(&item, &item_member.target, &input);
            let note = format!(" Appends an item to `{}`. To override the contents of this collection use [`{set}`](Self::{set}).", names.stem);
            (
                quote!(#[doc = #note] #[doc = ""] #doc),
                quote!(input: #param),
                quote!(input),
                quote! {
                    let mut v = self.#f.unwrap_or_default();
                    v.push(#expr);
                    self.#f = ::std::option::Option::Some(v);
                },
            )
        }
        Kind::Map { key, value } => {
            let v = ctx.element_type(target, value);
            let (param, expr) = ctx.setter_param(&v, &value.target, &format_ident!("v"));
            let (key_param, key_expr) = match ctx.shape(&key.target).kind {
                Kind::Enum(_) => (ctx.value_type(&key.target), quote!(k)),
                _ => (
                    quote!(impl ::std::convert::Into<::std::string::String>),
                    quote!(k.into()),
                ),
            };
            let note = format!(" Adds a key-value pair to `{}`. To override the contents of this collection use [`{set}`](Self::{set}).", names.stem);
            (
                quote!(#[doc = #note] #[doc = ""] #doc),
                quote!(k: #key_param, v: #param),
                quote!(k, v),
                quote! {
                    let mut hash_map = self.#f.unwrap_or_default();
                    hash_map.insert(#key_expr, #expr);
                    self.#f = ::std::option::Option::Some(hash_map);
                },
            )
        }
        _ => {
            let value = ctx.value_type(&m.target);
            let (param, expr) = ctx.setter_param(&value, &m.target, &input);
            let wrap = if m.boxed {
                quote!(::std::boxed::Box::new(#expr))
            } else {
                expr
            };
            let required = !ctx.is_optional(shape, m) && !ctx.is_streaming(m)
                || m.traits.required && !m.traits.idempotency_token;
            let required =
                required.then(|| quote!(#[doc = ""] #[doc = " This field is required."]));
            (
                quote!(#doc #required),
                quote!(input: #param),
                quote!(input),
                quote!(self.#f = ::std::option::Option::Some(#wrap);),
            )
        }
    };
    let deprecated = super::deprecated(&m.traits);
    Setters {
        docs: quote!(#docs #deprecated),
        member_docs: quote!(#doc #deprecated),
        name: f,
        set,
        get,
        params,
        args,
        body,
        field_type: ctx.field_type(m),
    }
}

fn setters(ctx: &Ctx, shape: &Shape, m: &Member) -> TokenStream {
    let Setters {
        docs,
        member_docs,
        name,
        set,
        get,
        params,
        body,
        field_type: t,
        ..
    } = describe_setters(ctx, shape, m);
    quote! {
        #docs
        pub fn #name(mut self, #params) -> Self {
            #body
            self
        }
        #member_docs
        pub fn #set(mut self, input: ::std::option::Option<#t>) -> Self {
            self.#name = input;
            self
        }
        #member_docs
        pub fn #get(&self) -> &::std::option::Option<#t> {
            &self.#name
        }
    }
}

fn build_fn(
    ctx: &Ctx,
    shape: &Shape,
    target: &TokenStream,
    role: Role,
    extra_init: &TokenStream,
) -> TokenStream {
    let members = ctx.members_of(&shape.id);
    let fallible = build_is_fallible(ctx, shape, role);
    let type_name = target
        .to_string()
        .rsplit(' ')
        .next()
        .unwrap_or_default()
        .to_string();
    let mut checks = Vec::new();
    let inits = members.iter().map(|m| {
        let names = ctx.member_names(shape, m);
        let f = ident(&names.field);
        let field_lit = lit(&names.stem);
        let detail = lit(&format!(
            "{} was not specified but it is required when building {type_name}",
            names.stem
        ));
        let missing = quote!(::smithy_rt::error::BuildError::missing_field(#field_lit, #detail));
        if ctx.is_optional(shape, m) {
            if role == Role::Input && m.traits.required && !m.traits.idempotency_token {
                checks.push(quote! {
                    if self.#f.is_none() {
                        return ::std::result::Result::Err(#missing);
                    }
                });
            }
            quote!(#f: self.#f,)
        } else if ctx.is_streaming(m) {
            quote!(#f: self.#f.unwrap_or_default(),)
        } else if let Some(d) = ctx.default_value(m) {
            let cheap = ctx.is_copy(&m.target) && !m.boxed;
            let d = default_expr(ctx, m, d);
            let empty_collection =
                matches!(ctx.shape(&m.target).kind, Kind::List(_) | Kind::Map { .. });
            if cheap {
                quote!(#f: self.#f.unwrap_or(#d),)
            } else if empty_collection && !m.boxed {
                quote!(#f: self.#f.unwrap_or_default(),)
            } else {
                quote!(#f: self.#f.unwrap_or_else(|| #d),)
            }
        } else {
            quote!(#f: self.#f.ok_or_else(|| #missing)?,)
        }
    });
    let inits: Vec<_> = inits.collect();
    let doc = format!(
        " Consumes the builder and constructs a [`{type_name}`]({}).",
        target.to_string().replace(' ', "")
    );
    if fallible {
        let errors_doc = " Returns an error naming the member when a required member is not set.";
        quote! {
            #[doc = #doc]
            #[doc = #errors_doc]
            pub fn build(self) -> ::std::result::Result<#target, ::smithy_rt::error::BuildError> {
                #(#checks)*
                ::std::result::Result::Ok(#target {
                    #(#inits)*
                    #extra_init
                })
            }
        }
    } else {
        quote! {
            #[doc = #doc]
            pub fn build(self) -> #target {
                #target {
                    #(#inits)*
                    #extra_init
                }
            }
        }
    }
}

/// A Rust expression for a member's typed `@default`.
pub fn default_expr(ctx: &Ctx, m: &Member, value: &DefaultValue) -> TokenStream {
    let target = ctx.shape(&m.target);
    let t = ctx.value_type(&m.target);
    let e = match (&target.kind, value) {
        (Kind::Enum(_), DefaultValue::String(s)) => quote!(#t::from(#s)),
        (_, DefaultValue::String(s)) => quote!(::std::string::String::from(#s)),
        (_, DefaultValue::Bool(b)) => quote!(#b),
        (_, DefaultValue::Int(n)) => {
            let n = proc_macro2::Literal::i64_unsuffixed(*n);
            quote!(#n)
        }
        (_, DefaultValue::Float(f)) => {
            let n = proc_macro2::Literal::f64_unsuffixed(*f);
            quote!(#n)
        }
        (_, DefaultValue::Timestamp(secs)) => {
            let n = proc_macro2::Literal::i64_unsuffixed(*secs);
            quote!(::smithy_rt::primitives::DateTime::from_secs(#n))
        }
        (_, DefaultValue::Blob(bytes)) => {
            let bytes = proc_macro2::Literal::byte_string(bytes);
            quote!(::smithy_rt::primitives::Blob::new(#bytes.to_vec()))
        }
        (_, DefaultValue::Document(v)) => document_expr(v),
        (_, DefaultValue::EmptyList) => quote!(::std::vec::Vec::new()),
        (_, DefaultValue::EmptyMap) => quote!(::std::collections::HashMap::new()),
    };
    if m.boxed {
        quote!(::std::boxed::Box::new(#e))
    } else {
        e
    }
}

/// The `@default` of a blob or document member that its field cannot carry (the field stays
/// an `Option`, as in the reference SDK; see [`Ctx::default_value`]) but the wire format still
/// needs: serializers write it for an unset member and deserializers fill it in when the
/// member is missing. `None` for top-level inputs (whose defaults are left to the service),
/// errors, and `@clientOptional` members.
pub fn wire_only_default(ctx: &Ctx, shape: &Shape, m: &Member) -> Option<TokenStream> {
    let t = ctx.shape(&m.target);
    if !matches!(t.kind, Kind::Blob | Kind::Document)
        || ctx.ir.is_input(&shape.id)
        || ctx.is_error(&shape.id)
        || m.traits.client_optional
    {
        return None;
    }
    Some(default_expr(ctx, m, m.default.as_ref()?))
}

/// A `Document` expression for a JSON value.
pub fn document_expr(v: &serde_json::Value) -> TokenStream {
    use serde_json::Value;
    let doc = quote!(::smithy_rt::primitives::Document);
    match v {
        Value::Null => quote!(#doc::Null),
        Value::Bool(b) => quote!(#doc::Bool(#b)),
        Value::String(s) => quote!(#doc::String(::std::string::String::from(#s))),
        Value::Number(n) => {
            let number = quote!(::smithy_rt::primitives::Number);
            if let Some(u) = n.as_u64() {
                let u = proc_macro2::Literal::u64_suffixed(u);
                quote!(#doc::Number(#number::PosInt(#u)))
            } else if let Some(i) = n.as_i64() {
                let i = proc_macro2::Literal::u64_unsuffixed(i.unsigned_abs());
                quote!(#doc::Number(#number::NegInt(-#i)))
            } else {
                let f = n.as_f64().unwrap_or_default();
                let l = proc_macro2::Literal::f64_suffixed(f.abs());
                let f = if f < 0.0 { quote!(-#l) } else { quote!(#l) };
                quote!(#doc::Number(#number::Float(#f)))
            }
        }
        Value::Array(items) => {
            let items = items.iter().map(document_expr);
            quote!(#doc::Array(::std::vec![#(#items),*]))
        }
        Value::Object(entries) => {
            let entries = entries.iter().map(|(k, v)| {
                let v = document_expr(v);
                quote!((::std::string::String::from(#k), #v))
            });
            quote!(#doc::Object(::std::collections::HashMap::from([#(#entries),*])))
        }
    }
}
