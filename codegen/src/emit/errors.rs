//! Errors: modeled error structures (`types::error`), the error enum of each operation and
//! the crate-wide `Error` enum, with `ProvideErrorMetadata`, `RequestId`, `Display` and
//! `std::error::Error` as in the reference SDK.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{docs, ident, lit, Ctx};
use crate::ir::{Operation, Shape};

/// The member that carries an error's message (lowering found it: `message`, any case).
pub fn message_member<'a>(ctx: &Ctx<'a>, shape: &Shape) -> Option<&'a crate::ir::Member> {
    let name = ctx.ir.error(&shape.id).message_member.as_deref()?;
    ctx.members_of(&shape.id).iter().find(|m| m.name == name)
}

/// The trait impls of a modeled error structure (the struct itself comes from `shapes`).
pub fn error_impls(ctx: &Ctx, shape: &Shape) -> TokenStream {
    let name = ident(ctx.names.type_name(&shape.id));
    let name_lit = lit(&name.to_string());
    let message = message_member(ctx, shape).map(|m| {
        let f = ident(&ctx.member_names(shape, m).field);
        let optional = ctx.is_optional(shape, m);
        let display = if optional {
            quote! {
                if let ::std::option::Option::Some(message) = &self.#f {
                    ::std::write!(f, ": {}", message)?;
                }
            }
        } else {
            quote!(::std::write!(f, ": {}", &self.#f)?;)
        };
        (f, display)
    });
    let display = message.as_ref().map(|(_, d)| d.clone());
    quote! {
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::write!(f, #name_lit)?;
                #display
                ::std::result::Result::Ok(())
            }
        }
        impl ::std::error::Error for #name {}
        impl ::smithy_rt::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &::smithy_rt::error::ErrorMetadata {
                &self.meta
            }
        }
        impl ::smithy_rt::error::RequestId for #name {
            fn request_id(&self) -> ::std::option::Option<&str> {
                self.meta.request_id()
            }
        }
    }
}

/// The error enum of one operation.
pub fn operation_error(ctx: &Ctx, op: &Operation) -> TokenStream {
    let names = ctx.names.operation(&op.id);
    let doc = format!(" Error type for the `{}` operation.", op.name);
    enum_of_errors(ctx, &ident(&names.error), &doc, &op.errors)
}

/// The crate-wide `Error`: every modeled error of the selected operations, and `From` each
/// operation error (and `SdkError` of it) so `?` works across operations.
pub fn service_error(ctx: &Ctx) -> TokenStream {
    let all: Vec<String> = ctx.ir.errors.keys().cloned().collect();
    let name = format_ident!("Error");
    let doc = " All possible error types for this service.";
    let base = enum_of_errors(ctx, &name, doc, &all);
    let conversions = ctx.ir.operations.iter().map(|op| {
        let names = ctx.names.operation(&op.id);
        let module = ident(&names.module);
        let op_error = ident(&names.error);
        let path = quote!(crate::operation::#module::#op_error);
        let arms = op.errors.iter().map(|e| {
            let v = ident(ctx.names.type_name(e));
            quote!(#path::#v(inner) => Error::#v(inner),)
        });
        quote! {
            #[allow(deprecated)]
            impl ::std::convert::From<#path> for Error {
                fn from(err: #path) -> Self {
                    match err {
                        #(#arms)*
                        #path::Unhandled(inner) => Error::Unhandled(inner),
                    }
                }
            }
            #[allow(deprecated)]
            impl<R> ::std::convert::From<::smithy_rt::error::SdkError<#path, R>> for Error
            where
                R: ::std::fmt::Debug + ::std::marker::Send + ::std::marker::Sync + 'static,
            {
                fn from(err: ::smithy_rt::error::SdkError<#path, R>) -> Self {
                    match err {
                        ::smithy_rt::error::SdkError::ServiceError(context) => Self::from(context.into_err()),
                        _ => Error::Unhandled(::smithy_rt::error::Unhandled::new(
                            ::std::boxed::Box::new(err),
                            ::std::default::Default::default(),
                        )),
                    }
                }
            }
        }
    });
    quote! {
        #base
        #(#conversions)*
        #[allow(deprecated)]
        impl ::std::convert::From<::smithy_rt::error::BuildError> for Error {
            #[doc = " A builder's error (`?` on a fallible `build()` in a function returning this `Error`), as `Unhandled`."]
            fn from(err: ::smithy_rt::error::BuildError) -> Self {
                Error::Unhandled(::smithy_rt::error::Unhandled::new(
                    ::std::boxed::Box::new(err),
                    ::std::default::Default::default(),
                ))
            }
        }
    }
}

fn enum_of_errors(ctx: &Ctx, name: &syn::Ident, doc: &str, errors: &[String]) -> TokenStream {
    let variants: Vec<_> = errors
        .iter()
        .map(|e| ident(ctx.names.type_name(e)))
        .collect();
    let paths: Vec<_> = errors.iter().map(|e| ctx.type_path(e)).collect();
    let variant_docs = errors.iter().map(|e| {
        let traits = &ctx.shape(e).traits;
        let doc = docs(traits.docs.as_deref(), "this error");
        let deprecated = super::deprecated(traits);
        quote!(#doc #deprecated)
    });
    let is_fns = errors.iter().map(|e| {
        let v = ident(ctx.names.type_name(e));
        let f = ident(ctx.names.error_check(e));
        let doc = format!(" Returns `true` if the error kind is `{name}::{v}`.");
        quote! {
            #[doc = #doc]
            pub fn #f(&self) -> bool {
                ::std::matches!(self, Self::#v(_))
            }
        }
    });
    let unhandled_note = "Matching `Unhandled` directly is not forwards compatible. Instead, match using a variable wildcard pattern and check `.code()`.";
    quote! {
        #[doc = #doc]
        #[non_exhaustive]
        #[derive(::std::fmt::Debug)]
        pub enum #name {
            #( #variant_docs #variants(#paths), )*
            #[doc = " An unexpected error occurred (e.g., invalid JSON returned by the service or an unknown error code)."]
            #[deprecated(note = #unhandled_note)]
            Unhandled(::smithy_rt::error::Unhandled),
        }
        #[allow(deprecated)]
        impl #name {
            #[doc = " Creates the `Unhandled` variant from any error type."]
            pub fn unhandled(err: impl ::std::convert::Into<::smithy_rt::error::BoxError>) -> Self {
                Self::Unhandled(::smithy_rt::error::Unhandled::new(err.into(), ::std::default::Default::default()))
            }
            #[doc = " Creates the `Unhandled` variant from error metadata."]
            pub fn generic(err: ::smithy_rt::error::ErrorMetadata) -> Self {
                Self::Unhandled(::smithy_rt::error::Unhandled::new(::std::boxed::Box::new(err.clone()), err))
            }
            #[doc = " Returns error metadata, which includes the error code, message, request ID, and potentially additional information."]
            pub fn meta(&self) -> &::smithy_rt::error::ErrorMetadata {
                match self {
                    #( Self::#variants(e) => ::smithy_rt::error::ProvideErrorMetadata::meta(e), )*
                    Self::Unhandled(e) => e.meta(),
                }
            }
            #(#is_fns)*
        }
        #[allow(deprecated)]
        impl ::std::error::Error for #name {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    #( Self::#variants(inner) => ::std::option::Option::Some(inner), )*
                    Self::Unhandled(inner) => ::std::option::Option::Some(inner.source_error()),
                }
            }
        }
        #[allow(deprecated)]
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    #( Self::#variants(inner) => inner.fmt(f), )*
                    Self::Unhandled(_) => {
                        f.write_str("unhandled error")?;
                        if let ::std::option::Option::Some(code) = ::smithy_rt::error::ProvideErrorMetadata::code(self) {
                            ::std::write!(f, " ({})", code)?;
                        }
                        if let ::std::option::Option::Some(message) = ::smithy_rt::error::ProvideErrorMetadata::message(self) {
                            ::std::write!(f, ": {}", message)?;
                        }
                        ::std::result::Result::Ok(())
                    }
                }
            }
        }
        impl ::smithy_rt::error::ProvideErrorMetadata for #name {
            fn meta(&self) -> &::smithy_rt::error::ErrorMetadata {
                #name::meta(self)
            }
        }
        impl ::smithy_rt::error::RequestId for #name {
            fn request_id(&self) -> ::std::option::Option<&str> {
                self.meta().request_id()
            }
        }
        #[allow(deprecated)]
        impl ::smithy_rt::error::CreateUnhandledError for #name {
            fn create_unhandled_error(
                source: ::smithy_rt::error::BoxError,
                meta: ::std::option::Option<::smithy_rt::error::ErrorMetadata>,
            ) -> Self {
                Self::Unhandled(::smithy_rt::error::Unhandled::new(source, meta.unwrap_or_default()))
            }
        }
    }
}
