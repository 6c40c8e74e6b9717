//! Endpoint resolution interface between generated resolvers and [`crate::client::invoke`],
//! and the rules language's function library the generated resolvers call.
//!
//! In: the AWS built-in parameters taken from the client configuration ([`EndpointParams`]).
//! Out: a resolved [`Endpoint`] (URL, headers, properties such as `authSchemes`), or a
//! [`ResolveEndpointError`] whose message is the rule set's error text. Generated crates supply
//! a [`ResolveEndpoint`] built from the service's `smithy.rules#endpointRuleSet`.
//!
//! The library: [`is_valid_host_label`], [`parse_url`], [`substring`] and [`uri_encode`]
//! (the standard library), and in [`aws`] the AWS functions with the partition table they read.

pub mod aws;
mod partitions;
mod pattern;
mod stdlib;

pub use crate::json::{Map, Value};
pub use stdlib::{is_valid_host_label, parse_url, substring, uri_encode, Url};

use std::collections::BTreeMap;

use crate::config::{ClientContextParams, Config};

/// The AWS built-ins an endpoint rule set reads (`AWS::Region`, `AWS::UseFIPS`,
/// `AWS::UseDualStack`, `SDK::Endpoint`, `AWS::Auth::AccountId`,
/// `AWS::Auth::AccountIdEndpointMode`) and the client context parameters, taken from the
/// client configuration and the call's credentials. A generated crate's `endpoint::Params`
/// adds the operation's context parameters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EndpointParams<'a> {
    /// `AWS::Region`.
    pub region: Option<&'a str>,
    /// `AWS::UseFIPS`.
    pub use_fips: bool,
    /// `AWS::UseDualStack`.
    pub use_dual_stack: bool,
    /// `SDK::Endpoint`: the configured `endpoint_url` override.
    pub endpoint_url: Option<&'a str>,
    /// `AWS::Auth::AccountId`: the account of the call's credentials, when they name it.
    pub account_id: Option<&'a str>,
    /// `AWS::Auth::AccountIdEndpointMode`: `preferred`, `disabled` or `required`.
    pub account_id_endpoint_mode: Option<&'a str>,
    /// The client context parameters set on the configuration (`smithy.rules#clientContextParams`),
    /// which a generated `Params::from_built_ins` reads by rule-set parameter name.
    pub client_context: Option<&'a ClientContextParams>,
}

impl<'a> EndpointParams<'a> {
    /// The parameters a call made with `config` gives its endpoint rules; `account_id` is the
    /// account of the call's credentials, when they name it. What [`crate::client::invoke`]
    /// passes to the operation's resolver.
    pub fn from_config(config: &'a Config, account_id: Option<&'a str>) -> Self {
        EndpointParams {
            region: config.region().map(AsRef::as_ref),
            use_fips: config.use_fips(),
            use_dual_stack: config.use_dual_stack(),
            endpoint_url: config.endpoint_url(),
            account_id,
            account_id_endpoint_mode: Some(config.account_id_endpoint_mode().as_str()),
            client_context: Some(config.client_context_params()),
        }
    }

    /// The boolean client context parameter `name`, when set.
    pub fn client_context_bool(&self, name: &str) -> Option<bool> {
        self.client_context?.get_bool(name)
    }

    /// The string client context parameter `name`, when set.
    pub fn client_context_str(&self, name: &str) -> Option<&'a str> {
        self.client_context?.get_str(name)
    }
}

/// A resolved endpoint.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Endpoint {
    /// The absolute URL requests go to (path and query of the request are appended).
    pub url: String,
    /// Headers the rule set asks to add.
    pub headers: BTreeMap<String, Vec<String>>,
    /// Properties such as `authSchemes` (signing name and region overrides).
    pub properties: Map,
}

/// Why no endpoint could be resolved (the rule set's own error message, or a bad parameter).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveEndpointError {
    message: String,
}

impl ResolveEndpointError {
    /// An error with this message.
    pub fn message(message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
        }
    }
    /// The message.
    pub fn as_str(&self) -> &str {
        &self.message
    }
}

impl std::fmt::Display for ResolveEndpointError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "failed to resolve the endpoint: {}", self.message)
    }
}

impl std::error::Error for ResolveEndpointError {}

/// A generated endpoint resolver for one call: the service's rule set with the operation's
/// context parameters already bound, given the built-ins.
pub type ResolveEndpoint<'a> =
    &'a (dyn Fn(&EndpointParams<'_>) -> Result<Endpoint, ResolveEndpointError> + Sync);
