//! The crate skeleton and the client: `lib.rs`, `client.rs` (one method per operation),
//! `config`, `error`, `primitives`, and per operation its module (input, output, error enum,
//! the send path) and `builders` (input/output builders and the fluent builder).

use proc_macro2::TokenStream;
use quote::quote;

use super::shapes::Role;
use super::{builders, docs, errors, ident, lit, shapes, Ctx};
use crate::ir::Operation;

/// `src/lib.rs`.
pub fn lib_rs(ctx: &Ctx) -> TokenStream {
    let service = &ctx.ir.service;
    let title = service
        .title
        .clone()
        .unwrap_or_else(|| service.name.clone());
    let intro = format!(
        "Rust client for {title} (`{}`), generated from its Smithy model.\n\nOperations: {}.",
        service.id,
        ctx.ir
            .operations
            .iter()
            .map(|o| format!(
                "[`{}`](Client::{})",
                o.name,
                ctx.names.operation(&o.id).module
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let client_context = ctx
        .ir
        .endpoints
        .as_ref()
        .map(|r| r.client_context.as_slice())
        .unwrap_or_default();
    let intro = match client_context {
        [] => intro,
        params => format!(
            "{intro}\n\nClient context parameters ({}): set on the config builder through \
             [`config::BuilderExt`], which `use {}::config::BuilderExt as _;` brings into scope.",
            params
                .iter()
                .map(|p| format!(
                    "[`{}`](config::BuilderExt::{})",
                    p.name,
                    ctx.names.client_context(&p.name).method
                ))
                .collect::<Vec<_>>()
                .join(", "),
            crate::name::crate_ident(&ctx.crate_name)
        ),
    };
    let intro = match super::first_call::crate_docs(ctx) {
        Some(example) => format!("{intro}\n\n{example}"),
        None => intro,
    };
    let intro = inner_doc_lines(&intro);
    let service_docs = service
        .docs
        .as_deref()
        .map(|d| inner_doc_lines(&format!("\n{}", crate::docs::html_to_markdown(d))));
    let endpoint = ctx.ir.endpoints.as_ref().map(|_| {
        quote! {
            #[rustfmt::skip]
            pub mod endpoint;
        }
    });
    let protocol_tests = ctx.protocol_tests.then(|| {
        quote! {
            #[cfg(test)]
            #[rustfmt::skip]
            mod protocol_tests;
        }
    });
    quote! {
        #intro
        #service_docs
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        // The crate's own code reads and writes what the model marks `@deprecated`; users of
        // those items still get the warning.
        #![allow(deprecated)]
        #![allow(clippy::too_many_arguments, clippy::large_enum_variant, clippy::result_large_err, clippy::module_inception, clippy::type_complexity, clippy::single_match)]

        // Generated modules are formatted by prettyplease at generation time; rustfmt would
        // reformat them and make `regenerate --check` report every file as stale.
        #[rustfmt::skip]
        pub mod client;
        #[rustfmt::skip]
        pub mod config;
        #endpoint
        #[rustfmt::skip]
        pub mod error;
        #[rustfmt::skip]
        pub mod operation;
        #[rustfmt::skip]
        pub mod primitives;
        #[rustfmt::skip]
        pub mod types;

        #[rustfmt::skip]
        mod error_meta;
        #[rustfmt::skip]
        mod protocol_serde;
        #protocol_tests

        pub use client::Client;
        pub use config::Config;
        pub use error_meta::Error;
    }
}

fn inner_doc_lines(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote!(#( #![doc = #lines] )*)
}

/// `src/client.rs`.
pub fn client_rs(ctx: &Ctx) -> TokenStream {
    let methods = ctx.ir.operations.iter().map(|op| {
        let names = ctx.names.operation(&op.id);
        let method = ident(&names.module);
        let module = ident(&names.module);
        let fluent = ident(&names.fluent);
        let doc = docs(op.docs.as_deref(), &format!("the `{}` operation", op.name));
        let doc = {
            let deprecated = super::deprecated_attr(op.deprecated.as_ref());
            quote!(#doc #deprecated)
        };
        let how = format!(
            " Constructs a fluent builder for the [`{}`]({}) operation; set the input members on it and call `send()`.",
            op.name,
            format_args!("crate::operation::{}::builders::{}", names.module, names.fluent)
        );
        quote! {
            #[doc = #how]
            #[doc = ""]
            #doc
            pub fn #method(&self) -> crate::operation::#module::builders::#fluent {
                crate::operation::#module::builders::#fluent::new(self.handle.clone())
            }
        }
    });
    quote! {
        #![doc = " The client: one method per operation, each returning a fluent builder."]
        #[doc = " Client for the service: one method per operation."]
        #[doc = ""]
        #[doc = " Cloning is cheap (the configuration is shared)."]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct Client {
            handle: ::std::sync::Arc<Handle>,
        }

        #[derive(::std::fmt::Debug)]
        pub(crate) struct Handle {
            pub(crate) conf: crate::Config,
        }

        impl Client {
            #[doc = " Creates a client from a service configuration."]
            pub fn from_conf(conf: crate::Config) -> Self {
                Self { handle: ::std::sync::Arc::new(Handle { conf }) }
            }
            #[doc = " Creates a client from the shared configuration `aws-config` loads (feature `aws-config`),"]
            #[doc = " e.g. `Client::new(&aws_config::load_from_env().await)`."]
            #[cfg(feature = "aws-config")]
            pub fn new(sdk_config: &crate::config::SdkConfig) -> Self {
                Self::from_conf(crate::Config::from_sdk_config(sdk_config))
            }
            #[doc = " Returns the client's configuration."]
            pub fn config(&self) -> &crate::Config {
                &self.handle.conf
            }
            #(#methods)*
        }
    }
}

/// `src/error.rs`, `src/primitives.rs`: re-exports of the runtime.
pub fn error_rs() -> TokenStream {
    quote! {
        #![doc = " Errors shared by all operations."]
        pub use ::smithy_rt::connector::ConnectorError;
        pub use ::smithy_rt::error::{
            BoxError, BuildError, DisplayErrorContext, ErrorMetadata, ProvideErrorMetadata, RequestId, SdkError,
            UnknownVariantError,
        };
    }
}

pub fn primitives_rs() -> TokenStream {
    quote! {
        #![doc = " Primitive types used in the service's shapes."]
        pub use ::smithy_rt::primitives::{Blob, ByteStream, DateTime, DateTimeFormat, Document, TimestampFormat};
    }
}

/// `src/error_meta.rs`: the crate-wide `Error`.
pub fn error_meta_rs(ctx: &Ctx) -> TokenStream {
    errors::service_error(ctx)
}

/// `src/operation.rs`.
pub fn operation_rs(ctx: &Ctx) -> TokenStream {
    let mods = ctx.ir.operations.iter().map(|op| {
        let m = ident(&ctx.names.operation(&op.id).module);
        let doc = format!(" Types for the `{}` operation.", op.name);
        quote!(#[doc = #doc] pub mod #m;)
    });
    quote! {
        #![doc = " Operation modules: input, output and error types, and fluent builders."]
        pub use ::smithy_rt::error::RequestId;
        #(#mods)*
    }
}

/// `src/operation/<op>.rs`: input, output, error enum and the send path.
pub fn operation_module(ctx: &Ctx, op: &Operation) -> TokenStream {
    let names = ctx.names.operation(&op.id);
    let module = ident(&names.module);
    let input = ident(&names.input);
    let output = ident(&names.output);
    let error = ident(&names.error);
    let input_shape = ctx.shape(&op.input);
    let output_shape = ctx.shape(&op.output);
    let input_builder = ident(&names.input_builder);
    let output_builder = ident(&names.output_builder);
    let input_def = shapes::structure(
        ctx,
        input_shape,
        &input,
        &quote!(crate::operation::#module::builders::#input_builder),
        Role::Input,
    );
    let output_def = shapes::structure(
        ctx,
        output_shape,
        &output,
        &quote!(crate::operation::#module::builders::#output_builder),
        Role::Output,
    );
    let error_def = errors::operation_error(ctx, op);
    let ser = ident(&names.ser_request);
    let de = ident(&names.de_output);
    let op_name = lit(&op.name);
    let service = lit(&ctx.ir.service.sdk_id);
    let token = op.idempotency_token.as_deref().map(|member| {
        let m = ctx
            .members_of(&op.input)
            .iter()
            .find(|m| m.name == member)
            .expect("lowering names an input member");
        let f = ident(&ctx.member_names(input_shape, m).field);
        quote! {
            if input.#f.is_none() {
                input.#f = ::std::option::Option::Some(conf.idempotency_token_provider().make_idempotency_token());
            }
        }
    });
    // A customization: the endpoint of this call comes from an input member.
    let endpoint_member = op.customizations.endpoint_member.as_deref().map(|member| {
        let m = ctx
            .members_of(&op.input)
            .iter()
            .find(|m| m.name == member)
            .expect("lowering names an input member");
        let f = ident(&ctx.member_names(input_shape, m).field);
        let value = if ctx.is_optional(input_shape, m) {
            quote!(input.#f.as_deref())
        } else {
            quote!(::std::option::Option::Some(input.#f.as_str()))
        };
        quote! {
            let conf = match #value {
                ::std::option::Option::Some(url) if !url.is_empty() => ::std::borrow::Cow::Owned(
                    crate::config::Builder::default().endpoint_url(url).override_config(&conf),
                ),
                _ => conf,
            };
        }
    });
    let mutable = if token.is_some() {
        quote!(mut)
    } else {
        quote!()
    };
    let signing_name = match &ctx.ir.service.sigv4_name {
        Some(n) => quote!(::std::option::Option::Some(#n)),
        None => quote!(::std::option::Option::None),
    };
    // With a rule set, the call's endpoint comes from it, with this operation's parameters.
    let (endpoint_params_fn, resolver, resolve_endpoint) = match ctx.ir.endpoints {
        Some(_) => (
            Some(super::endpoints::context::endpoint_params_fn(ctx, op)),
            Some(quote! {
                let resolve_endpoint = |built_ins: &::smithy_rt::endpoint::EndpointParams<'_>| {
                    crate::endpoint::resolve_endpoint(&endpoint_params(&input, built_ins))
                };
            }),
            quote!(::std::option::Option::Some(&resolve_endpoint)),
        ),
        None => (None, None, quote!(::std::option::Option::None)),
    };
    // The codes the retry loop sees for the operation's `@retryable` errors (an awsQuery
    // compatible service may answer with either code).
    let retryable_by = |throttling: bool| -> Vec<proc_macro2::Literal> {
        op.errors
            .iter()
            .map(|e| ctx.ir.error(e))
            .filter(|e| e.retryable == Some(throttling))
            .flat_map(|e| std::iter::once(&e.code).chain(e.query_code.iter()))
            .map(|code| lit(code))
            .collect()
    };
    let invoke = match op.host_prefix {
        Some(_) => {
            let prefix_fn = ident(&names.host_prefix);
            quote! {
                let host_prefix = crate::protocol_serde::#prefix_fn(&input).map_err(::smithy_rt::error::SdkError::construction_failure)?;
                #resolver
                let response = ::smithy_rt::client::invoke_with(&conf, &OPERATION, #resolve_endpoint, request, &host_prefix, customizations).await?;
            }
        }
        None => quote! {
            #resolver
            let response = ::smithy_rt::client::invoke_with(&conf, &OPERATION, #resolve_endpoint, request, "", customizations).await?;
        },
    };
    let retryable = retryable_by(false);
    let throttling = retryable_by(true);
    let compression = &op.request_compression;
    let modeled_errors = op.errors.iter().flat_map(|e| {
        let info = ctx.ir.error(e);
        let variant = ident(ctx.names.type_name(e));
        let de = ident(ctx.names.error_deserializer(e));
        let error = error.clone();
        std::iter::once(&info.code)
            .chain(info.query_code.iter().filter(|q| **q != info.code))
            .map(move |code| {
                quote! {
                    ::smithy_rt::protocol::ModeledError {
                        code: #code,
                        parse: |response, meta| crate::protocol_serde::#de(response, meta).map(#error::#variant),
                    },
                }
            })
    });
    let paginator = op.paginator.as_ref().map(|_| {
        quote! {
            #[doc = " Paginators: a stream of this operation's pages (and of their items)."]
            pub mod paginator;
        }
    });
    quote! {
        #input_def
        #output_def
        impl ::smithy_rt::error::RequestId for #output {
            fn request_id(&self) -> ::std::option::Option<&str> {
                self._request_id.as_deref()
            }
        }
        #error_def

        pub(crate) const OPERATION: ::smithy_rt::client::OperationInfo = ::smithy_rt::client::OperationInfo {
            service: #service,
            operation: #op_name,
            signing_name: #signing_name,
            retryable_errors: &[#(#retryable),*],
            throttling_errors: &[#(#throttling),*],
            request_compression: &[#(#compression),*],
            protocol: &crate::protocol_serde::PROTOCOL,
        };

        #endpoint_params_fn

        /// The operation's modeled errors, by the error code that identifies each.
        const ERRORS: &[::smithy_rt::protocol::ModeledError<#error>] = &[#(#modeled_errors)*];

        /// The output of a response, or the operation's error.
        pub(crate) fn parse_response(
            response: ::smithy_rt::http::HttpResponse,
        ) -> ::std::result::Result<#output, ::smithy_rt::error::SdkError<#error>> {
            ::smithy_rt::protocol::parse_response(response, &crate::protocol_serde::PROTOCOL, crate::protocol_serde::#de, ERRORS)
        }

        pub(crate) async fn send(
            handle: &crate::client::Handle,
            #mutable input: #input,
            customizations: &::smithy_rt::client::Customizations,
        ) -> ::std::result::Result<#output, ::smithy_rt::error::SdkError<#error>> {
            let conf = customizations.config(&handle.conf);
            #endpoint_member
            #token
            let request = crate::protocol_serde::#ser(&input).map_err(::smithy_rt::error::SdkError::construction_failure)?;
            #invoke
            parse_response(response)
        }

        #[doc = " Builders: the input and output builders and the fluent builder of this operation."]
        pub mod builders;
        #paginator
    }
}

/// `src/operation/<op>/builders.rs`: input and output builders and the fluent builder.
pub fn operation_builders(ctx: &Ctx, op: &Operation) -> TokenStream {
    let names = ctx.names.operation(&op.id);
    let module = ident(&names.module);
    let input = ident(&names.input);
    let output = ident(&names.output);
    let error = ident(&names.error);
    let fluent = ident(&names.fluent);
    let input_shape = ctx.shape(&op.input);
    let output_shape = ctx.shape(&op.output);
    let input_builder = ident(&names.input_builder);
    let output_builder = ident(&names.output_builder);
    let input_b = builders::builder(
        ctx,
        input_shape,
        &input_builder,
        &quote!(crate::operation::#module::#input),
        Role::Input,
    );
    let output_b = builders::builder(
        ctx,
        output_shape,
        &output_builder,
        &quote!(crate::operation::#module::#output),
        Role::Output,
    );
    let result = quote!(::std::result::Result<crate::operation::#module::#output, ::smithy_rt::error::SdkError<crate::operation::#module::#error>>);
    let delegates = ctx
        .members_of(&op.input)
        .iter()
        .map(|m| fluent_setters(ctx, op, m));
    let fluent_doc = format!(" Fluent builder constructing a request to `{}`.", op.name);
    let into_paginator = super::paginators::into_paginator(ctx, op);
    let op_docs = docs(op.docs.as_deref(), &format!("the `{}` operation", op.name));
    quote! {
        #input_b
        #output_b

        impl #input_builder {
            #[doc = " Sends a request with this input using the given client."]
            pub async fn send_with(self, client: &crate::Client) -> #result {
                let mut fluent_builder = client.#module();
                fluent_builder.inner = self;
                fluent_builder.send().await
            }
        }

        impl ::smithy_rt::client::CustomizableSend for #fluent {
            type Output = crate::operation::#module::#output;
            type Error = crate::operation::#module::#error;
            async fn send_customized(self, customizations: ::smithy_rt::client::Customizations) -> #result {
                let input = self.inner.build().map_err(::smithy_rt::error::SdkError::construction_failure)?;
                crate::operation::#module::send(&self.handle, input, &customizations).await
            }
        }

        #[doc = #fluent_doc]
        #[doc = ""]
        #op_docs
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #fluent {
            handle: ::std::sync::Arc<crate::client::Handle>,
            inner: #input_builder,
        }

        impl #fluent {
            pub(crate) fn new(handle: ::std::sync::Arc<crate::client::Handle>) -> Self {
                Self { handle, inner: ::std::default::Default::default() }
            }
            #[doc = " Access the input builder of this operation."]
            pub fn as_input(&self) -> &#input_builder {
                &self.inner
            }
            #[doc = " Sends the request and returns the response."]
            #[doc = ""]
            #[doc = " A missing required member fails with `SdkError::ConstructionFailure` before anything is sent;"]
            #[doc = " a modeled error returned by the service is available through `into_service_error()`."]
            pub async fn send(self) -> #result {
                ::smithy_rt::client::CustomizableSend::send_customized(self, ::std::default::Default::default()).await
            }
            #[doc = " Customizes this call: a config override for this call only and changes to the request"]
            #[doc = " before it is signed; then `send()`."]
            pub fn customize(self) -> ::smithy_rt::client::CustomizableOperation<Self> {
                ::smithy_rt::client::CustomizableOperation::new(self)
            }
            #into_paginator
            #(#delegates)*
        }
    }
}

fn fluent_setters(ctx: &Ctx, op: &Operation, m: &crate::ir::Member) -> TokenStream {
    let builders::Setters {
        docs,
        member_docs,
        name,
        set,
        get,
        params,
        args,
        field_type: t,
        ..
    } = builders::describe_setters(ctx, ctx.shape(&op.input), m);
    quote! {
        #docs
        pub fn #name(mut self, #params) -> Self {
            self.inner = self.inner.#name(#args);
            self
        }
        #member_docs
        pub fn #set(mut self, input: ::std::option::Option<#t>) -> Self {
            self.inner = self.inner.#set(input);
            self
        }
        #member_docs
        pub fn #get(&self) -> &::std::option::Option<#t> {
            self.inner.#get()
        }
    }
}

/// `src/types.rs` and friends: structures and enums reached as members, error structures.
pub fn types_rs(ctx: &Ctx) -> (TokenStream, TokenStream, TokenStream, TokenStream) {
    let mut types = Vec::new();
    let mut type_builders = Vec::new();
    for id in &ctx.ir.types {
        let shape = ctx.shape(id);
        match &shape.kind {
            crate::ir::Kind::Enum(_) => types.push(shapes::string_enum(ctx, shape)),
            crate::ir::Kind::Union(_) => types.push(shapes::union(ctx, shape)),
            crate::ir::Kind::Structure(_) => {
                let name = ident(ctx.names.type_name(id));
                let b = ident(ctx.names.builder(id));
                types.push(shapes::structure(
                    ctx,
                    shape,
                    &name,
                    &quote!(crate::types::builders::#b),
                    Role::Plain,
                ));
                type_builders.push(builders::builder(
                    ctx,
                    shape,
                    &b,
                    &quote!(crate::types::#name),
                    Role::Plain,
                ));
            }
            _ => {}
        }
    }
    let mut errs = Vec::new();
    let mut err_builders = Vec::new();
    for id in ctx.ir.errors.keys() {
        let shape = ctx.shape(id);
        let name = ident(ctx.names.type_name(id));
        let b = ident(ctx.names.builder(id));
        errs.push(shapes::structure(
            ctx,
            shape,
            &name,
            &quote!(crate::types::error::builders::#b),
            Role::Error,
        ));
        errs.push(errors::error_impls(ctx, shape));
        err_builders.push(builders::builder(
            ctx,
            shape,
            &b,
            &quote!(crate::types::error::#name),
            Role::Error,
        ));
    }
    let types = quote! {
        #![doc = " Data structures used by operation inputs and outputs."]
        #(#types)*
        #[doc = " Builders for the data structures in this module."]
        pub mod builders;
        #[doc = " Error types that the service can return."]
        pub mod error;
    };
    let type_builders = quote! {
        #![doc = " Builders for the data structures in [`types`](crate::types)."]
        #(#type_builders)*
    };
    let errs = quote! {
        #![doc = " Error types that the service can return."]
        #(#errs)*
        #[doc = " Builders for the error types in this module."]
        pub mod builders;
    };
    let err_builders = quote! {
        #![doc = " Builders for the error types in [`types::error`](crate::types::error)."]
        #(#err_builders)*
    };
    (types, type_builders, errs, err_builders)
}
