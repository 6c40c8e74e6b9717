//! `src/config.rs`: the runtime's configuration re-exported, and for a service with client
//! context parameters (`RuleSet::client_context`) two extension traits of the runtime's types:
//! `BuilderExt` on `smithy_rt::config::Builder` (a typed setter and an `Option` setter per
//! parameter, as the AWS SDKs' `config::Builder::force_path_style`) and `ConfigExt` on
//! `smithy_rt::config::Config` (a getter per parameter). Both store the value by rule-set
//! parameter name in the runtime's `ClientContextParams`, which every call hands to the
//! endpoint rules (see `endpoints`: `Params::from_built_ins`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{doc_lines, ident, Ctx};
use crate::ir::endpoints::{ClientContextParam, Literal, Ty};

/// `src/config.rs`.
pub fn config_rs(ctx: &Ctx) -> TokenStream {
    let client_context = ctx
        .ir
        .endpoints
        .as_ref()
        .map(|r| r.client_context.as_slice())
        .unwrap_or_default();
    let traits = (!client_context.is_empty()).then(|| client_context_traits(ctx, client_context));
    quote! {
        #![doc = " Configuration of the client: region, credentials, endpoint, retries, timeouts and HTTP connector."]
        pub use ::smithy_rt::config::{
            load_from_env, BehaviorVersion, Builder, Config, Credentials, CredentialsCache, IdempotencyTokenProvider,
            ProvideCredentials, Region, RetryConfig, RetryMode, SharedCredentialsProvider, TimeoutConfig,
        };
        pub use ::smithy_rt::connector::{HttpConnector, SharedHttpConnector};
        /// Retry settings, where the AWS SDKs keep them.
        pub mod retry {
            pub use ::smithy_rt::config::{RetryConfig, RetryMode};
        }
        /// Timeout settings, where the AWS SDKs keep them.
        pub mod timeout {
            pub use ::smithy_rt::config::{TimeoutConfig, TimeoutConfigBuilder};
        }
        /// The HTTP request and response types of the connector and of `customize()`.
        pub mod http {
            pub use ::smithy_rt::http::{HttpRequest, HttpResponse, StatusCode};
        }
        #[cfg(feature = "aws-config")]
        pub use ::smithy_rt::config::SdkConfig;
        #traits
    }
}

/// `BuilderExt` and `ConfigExt` with their implementations.
fn client_context_traits(ctx: &Ctx, params: &[ClientContextParam]) -> TokenStream {
    let service = &ctx.ir.service.id;
    let first = ident(&ctx.names.client_context(&params[0].name).method);
    let krate = ident(&crate::name::crate_ident(&ctx.crate_name));
    let value = match params[0].ty {
        Ty::Bool => "true",
        _ => "\"example\"",
    };
    // A doc example is documentation text; its names are the generated identifiers.
    let builder_docs = doc_lines(&format!(
        "The client context parameters of `{service}`: settings on the config [`Builder`] that \
         its endpoint rules read. An operation that binds the same parameter overrides them.\n\n\
         Bring the trait into scope to call them (and [`ConfigExt`] to read them back):\n\n\
         ```\n\
         use {krate}::config::{{BuilderExt as _, Config, ConfigExt as _}};\n\n\
         let config = Config::builder().{first}({value}).build();\n\
         assert_eq!(config.{first}(), Some({value}));\n\
         ```"
    ));
    let setters = params.iter().map(|p| setter_decl(ctx, p));
    let setter_impls = params.iter().map(|p| setter_impl(ctx, p));
    let getters = params.iter().map(|p| getter_decl(ctx, p));
    let getter_impls = params.iter().map(|p| getter_impl(ctx, p));
    let config_docs = format!(
        " The client context parameters of `{service}` set on a [`Config`] (see [`BuilderExt`])."
    );
    quote! {
        #builder_docs
        pub trait BuilderExt {
            #(#setters)*
        }

        impl BuilderExt for ::smithy_rt::config::Builder {
            #(#setter_impls)*
        }

        #[doc = #config_docs]
        pub trait ConfigExt {
            #(#getters)*
        }

        impl ConfigExt for ::smithy_rt::config::Config {
            #(#getter_impls)*
        }
    }
}

/// The value type a setter takes (`bool`, `impl Into<String>`) and the one its `Option`
/// setter and the getter use (`bool`, `String`/`&str`).
fn value_type(p: &ClientContextParam) -> TokenStream {
    match p.ty {
        Ty::Bool => quote!(bool),
        _ => quote!(impl ::std::convert::Into<::std::string::String>),
    }
}

fn option_type(p: &ClientContextParam) -> TokenStream {
    match p.ty {
        Ty::Bool => quote!(::std::option::Option<bool>),
        _ => quote!(::std::option::Option<::std::string::String>),
    }
}

fn setter_decl(ctx: &Ctx, p: &ClientContextParam) -> TokenStream {
    let names = ctx.names.client_context(&p.name);
    let method = ident(&names.method);
    let set = ident(&names.set);
    let value = value_type(p);
    let option = option_type(p);
    let text = match p.docs.as_deref() {
        Some(d) => crate::docs::html_to_markdown(d),
        None => "Not documented in the model.".to_string(),
    };
    let default = ctx
        .ir
        .endpoints
        .iter()
        .flat_map(|r| &r.params)
        .find(|param| param.name == p.name)
        .and_then(|param| param.default.as_ref());
    let unset = match default {
        Some(Literal::Bool(b)) => format!("unset, the endpoint rules use their default `{b}`"),
        Some(Literal::Str(s)) => format!("unset, the endpoint rules use their default `{s:?}`"),
        _ => "unset by default".to_string(),
    };
    let docs = doc_lines(&format!(
        "{text}\n\nSets the endpoint rules' client context parameter `{}` ({unset}).",
        p.name
    ));
    let set_docs = format!(
        " Sets or clears [`{}`](BuilderExt::{}).",
        names.method, names.method
    );
    quote! {
        #docs
        fn #method(self, value: #value) -> Self;
        #[doc = #set_docs]
        fn #set(&mut self, value: #option) -> &mut Self;
    }
}

fn setter_impl(ctx: &Ctx, p: &ClientContextParam) -> TokenStream {
    let names = ctx.names.client_context(&p.name);
    let method = ident(&names.method);
    let set = ident(&names.set);
    let value = value_type(p);
    let option = option_type(p);
    let name = &p.name;
    let into = match p.ty {
        Ty::Bool => quote!(value),
        _ => quote!(::std::convert::Into::<::std::string::String>::into(value)),
    };
    quote! {
        fn #method(self, value: #value) -> Self {
            ::smithy_rt::config::Builder::client_context_param(self, #name, #into)
        }
        fn #set(&mut self, value: #option) -> &mut Self {
            let value = value.map(::smithy_rt::config::ClientContextValue::from);
            ::smithy_rt::config::Builder::set_client_context_param(self, #name, value)
        }
    }
}

fn getter_type(p: &ClientContextParam) -> TokenStream {
    match p.ty {
        Ty::Bool => quote!(::std::option::Option<bool>),
        _ => quote!(::std::option::Option<&str>),
    }
}

fn getter_decl(ctx: &Ctx, p: &ClientContextParam) -> TokenStream {
    let method = &ctx.names.client_context(&p.name).method;
    let docs = format!(
        " The client context parameter `{}`, when set (see [`BuilderExt::{method}`]).",
        p.name
    );
    let method = ident(method);
    let ty = getter_type(p);
    quote! {
        #[doc = #docs]
        fn #method(&self) -> #ty;
    }
}

fn getter_impl(ctx: &Ctx, p: &ClientContextParam) -> TokenStream {
    let method = ident(&ctx.names.client_context(&p.name).method);
    let ty = getter_type(p);
    let name = &p.name;
    let get = match p.ty {
        Ty::Bool => quote!(get_bool),
        _ => quote!(get_str),
    };
    quote! {
        fn #method(&self) -> #ty {
            ::smithy_rt::config::Config::client_context_params(self).#get(#name)
        }
    }
}
