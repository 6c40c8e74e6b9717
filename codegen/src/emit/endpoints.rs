//! Endpoints: the lowered rule set ([`RuleSet`]) → `src/endpoint.rs`.
//!
//! The file holds `Params` (one field per rule-set parameter; `from_built_ins` fills the
//! built-ins and the client context parameters from the call's `EndpointParams`),
//! `resolve_endpoint` (what operations call, with the `Params` their `endpoint_params` builds
//! from those and their input: see `context`), its public wrapper `resolve`, the partition
//! table when a rule calls `aws.partition`, and one unit test per `smithy.rules#endpointTests`
//! case (and per `operationInputs` entry of a generated operation). The client context
//! parameters' setters are in `src/config.rs` (see [`crate::emit::config`]).
//!
//! The rules become straight-line Rust: every rule is an `if` (or `if let`, to bind an
//! `assign` or to prove a parameter set) around its body, conditions short-circuit with `&&`,
//! an endpoint or error body `return`s, and a tree rule whose sub-rules all miss returns the
//! "no rule matched" error. Rules after one that always matches are dead and not emitted.
//!
//! Here: the file, parameter binding and the rules. `expr`: expressions and property values.
//! `partitions`: the embedded partition table. `cases`: the unit tests.
//!
//! The partition table is embedded as Rust data (built on first use behind a `OnceLock`)
//! rather than as JSON text parsed at run time: lowering already parsed and checked
//! `partitions.json`, so the generated crate cannot fail to read it, a table change shows up
//! as a readable diff, and the runtime compiles each region pattern once.

mod cases;
pub(super) mod context;
mod expr;
mod partitions;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use self::expr::{boolean, expr, is_some, property, to_string};
use super::{doc_lines, ident, Ctx};
use crate::ir::endpoints::{
    EndpointValue, Literal, Param, ParamSource, Rule, RuleBody, RuleSet, Ty,
};

/// `src/endpoint.rs`.
pub fn endpoint_rs(ctx: &Ctx, rule_set: &RuleSet) -> TokenStream {
    let module_docs = format!(
        " Endpoint resolution for `{}`, compiled from its endpoint rule set.",
        ctx.ir.service.id
    );
    let params = params_struct(ctx, rule_set);
    let resolve_docs = doc_lines(&resolve_docs(ctx, rule_set));
    let resolver = resolver(rule_set);
    let table = rule_set
        .partitions
        .as_deref()
        .map(partitions::partition_table);
    let tests = cases::endpoint_tests(ctx, &rule_set.tests);
    quote! {
        #![doc = #module_docs]
        #![doc = ""]
        #![doc = " [`resolve`] maps the endpoint [`Params`] (region, FIPS and dual-stack flags, an endpoint override,"]
        #![doc = " and what the operation binds) to the endpoint requests are sent to; every operation calls it."]

        pub use ::smithy_rt::endpoint::{Endpoint, EndpointParams, ResolveEndpointError};

        #params

        #resolve_docs
        pub fn resolve(
            params: &Params,
        ) -> ::std::result::Result<::smithy_rt::endpoint::Endpoint, ::smithy_rt::endpoint::ResolveEndpointError> {
            resolve_endpoint(params)
        }

        #resolver
        #table
        #tests
    }
}

/// The Rust type of a parameter's field in `Params` (always optional: an unset parameter
/// takes its default in the resolver).
fn field_type(p: &Param) -> TokenStream {
    match p.declared {
        Ty::Bool => quote!(::std::option::Option<bool>),
        Ty::StrArray => {
            quote!(::std::option::Option<::std::vec::Vec<::std::string::String>>)
        }
        _ => quote!(::std::option::Option<::std::string::String>),
    }
}

/// `Params`: one field per rule-set parameter, and `from_built_ins`.
fn params_struct(ctx: &Ctx, rule_set: &RuleSet) -> TokenStream {
    let fields = rule_set.params.iter().map(|p| {
        let f = ident(&p.local);
        let ty = field_type(p);
        let docs = doc_lines(&param_docs(ctx, p));
        quote!(#docs pub #f: #ty,)
    });
    let from = rule_set.params.iter().filter_map(|p| {
        let f = ident(&p.local);
        match p.source {
            ParamSource::BuiltIn(b) => {
                let src = format_ident!("{}", b.field());
                Some(match b.ty() {
                    Ty::Bool => quote!(#f: ::std::option::Option::Some(built_ins.#src),),
                    _ => quote!(#f: built_ins.#src.map(::std::string::String::from),),
                })
            }
            ParamSource::ClientContext => {
                let name = &p.name;
                Some(match p.declared {
                    Ty::Bool => quote!(#f: built_ins.client_context_bool(#name),),
                    _ => quote! {
                        #f: built_ins.client_context_str(#name).map(::std::string::String::from),
                    },
                })
            }
            ParamSource::Operation => None,
        }
    });
    let rest = rule_set
        .params
        .iter()
        .any(|p| p.source == ParamSource::Operation)
        .then(|| quote!(..::std::default::Default::default()));
    let built_ins = match rule_set
        .params
        .iter()
        .any(|p| p.source != ParamSource::Operation)
    {
        true => quote!(built_ins),
        false => quote!(_built_ins),
    };
    let from_docs = match rule_set.client_context.is_empty() {
        true => quote! {
            #[doc = " The built-in parameters from a call's configuration and credentials; the operation's"]
            #[doc = " parameters unset."]
        },
        false => quote! {
            #[doc = " The built-in and client context parameters from a call's configuration and"]
            #[doc = " credentials; the operation's parameters unset."]
        },
    };
    quote! {
        #[doc = " The parameters of the endpoint rules. Unset parameters take the rule set's defaults."]
        #[derive(::std::fmt::Debug, ::std::clone::Clone, ::std::default::Default, ::std::cmp::PartialEq)]
        #[non_exhaustive]
        pub struct Params {
            #(#fields)*
        }

        impl Params {
            #from_docs
            pub(crate) fn from_built_ins(#built_ins: &::smithy_rt::endpoint::EndpointParams<'_>) -> Self {
                Self { #(#from)* #rest }
            }
        }
    }
}

/// One line about a parameter: its rule-set name, where it comes from, its default.
fn param_docs(ctx: &Ctx, p: &Param) -> String {
    let source = match p.source {
        ParamSource::BuiltIn(b) => format!("built-in `{}`", b.name()),
        ParamSource::ClientContext => {
            let method = &ctx.names.client_context(&p.name).method;
            format!("client context parameter, set with [`crate::config::BuilderExt::{method}`]")
        }
        ParamSource::Operation => "bound by operations".to_string(),
    };
    let status = match (&p.default, p.required) {
        (Some(Literal::Str(s)), _) => format!("default `{s:?}`"),
        (Some(Literal::Bool(b)), _) => format!("default `{b}`"),
        (Some(Literal::StrArray(items)), _) => format!("default `{items:?}`"),
        (None, true) => "required".to_string(),
        (None, false) => "optional".to_string(),
    };
    let docs = p
        .docs
        .as_deref()
        .map(|d| format!(" {d}"))
        .unwrap_or_default();
    format!("`{}` ({source}), {status}.{docs}", p.name)
}

/// The documentation of `resolve`: what it does and a line per parameter.
fn resolve_docs(ctx: &Ctx, rule_set: &RuleSet) -> String {
    let mut text = String::from(
        "Resolves the endpoint for `params` by evaluating the service's endpoint rule set.\n\n\
         Fails with the rule set's error message when the parameters are invalid (for example \
         FIPS with a custom endpoint) or a required parameter is missing.\n\nParameters:",
    );
    for p in &rule_set.params {
        text.push_str(&format!(
            "\n- [`Params::{}`]: {}",
            p.local,
            param_docs(ctx, p)
        ));
    }
    text
}

/// `resolve_endpoint`: parameter binding, then the rules.
fn resolver(rule_set: &RuleSet) -> TokenStream {
    let used = list_reads(&rule_set.rules);
    let mut bindings = Vec::new();
    for p in &rule_set.params {
        bindings.push(param_binding(p, used.contains(&p.name)));
    }
    let params = if used.is_empty() && !rule_set.params.iter().any(missing_required) {
        format_ident!("_params")
    } else {
        format_ident!("params")
    };
    let rules = rule_list(&rule_set.rules, &Scope::default(), true);
    quote! {
        #[doc = " Evaluates the endpoint rule set for `params`; operations call this."]
        pub(crate) fn resolve_endpoint(
            #params: &Params,
        ) -> ::std::result::Result<::smithy_rt::endpoint::Endpoint, ::smithy_rt::endpoint::ResolveEndpointError> {
            #(#bindings)*
            #rules
        }
    }
}

/// Whether a parameter is required, has no default, and so must be checked.
fn missing_required(p: &Param) -> bool {
    p.required && p.default.is_none()
}

/// The local of a parameter the rules read (with its default applied, or checked when
/// required), or the check of a required parameter they do not read.
fn param_binding(p: &Param, is_used: bool) -> TokenStream {
    let local = ident(&p.local);
    let field = quote!(params.#local);
    let value = match p.declared {
        Ty::Bool => quote!(#field),
        _ => quote!(#field.as_deref()),
    };
    let missing = || {
        let message = format!(
            "a value for the required endpoint parameter `{}` is missing",
            p.name
        );
        quote! {
            return ::std::result::Result::Err(::smithy_rt::endpoint::ResolveEndpointError::message(#message));
        }
    };
    match (&p.default, is_used) {
        (Some(default), true) => match default {
            Literal::Str(s) => quote!(let #local = #value.unwrap_or(#s);),
            Literal::Bool(b) => quote!(let #local = #value.unwrap_or(#b);),
            Literal::StrArray(items) => quote! {
                let default = [#(::std::string::String::from(#items)),*];
                let #local = #value.unwrap_or(&default);
            },
        },
        (None, true) if p.required => {
            let err = missing();
            quote!(let ::std::option::Option::Some(#local) = #value else { #err };)
        }
        (None, true) => quote!(let #local = #value;),
        (None, false) if p.required => {
            let err = missing();
            quote!(if #field.is_none() { #err })
        }
        (_, false) => quote!(),
    }
}

/// What the generated code knows about the locals in scope: which string locals hold an
/// owned `String` (the others are `&str`).
#[derive(Debug, Clone, Default)]
pub(super) struct Scope {
    pub(super) owned: Vec<String>,
}

impl Scope {
    fn with_owned(&self, local: &str) -> Scope {
        let mut s = self.clone();
        s.owned.push(local.to_string());
        s
    }
}

/// Statements for a list of rules. With `tail`, the list ends the function and its last
/// statement is the result expression rather than a `return`.
fn rule_list(rules: &[Rule], scope: &Scope, tail: bool) -> TokenStream {
    let mut out = Vec::new();
    for rule in rules {
        let always = rule.always_matches();
        out.push(guarded(rule, 0, scope, tail && always));
        if always {
            return quote!(#(#out)*);
        }
    }
    let err = quote! {
        ::std::result::Result::Err(::smithy_rt::endpoint::ResolveEndpointError::message(
            "no endpoint rule matched these parameters"
        ))
    };
    out.push(if tail { err } else { quote!(return #err;) });
    quote!(#(#out)*)
}

/// The conditions of `rule` from index `from` on, wrapped around its body.
fn guarded(rule: &Rule, from: usize, scope: &Scope, tail: bool) -> TokenStream {
    let conditions = &rule.conditions;
    let used_after = |i: usize, name: &str| rule_reads(rule, i + 1).iter().any(|r| r == name);
    // Plain boolean tests join one `if` with `&&`; a condition that binds a value ends it.
    let mut tests = Vec::new();
    let mut i = from;
    let mut binding = None;
    while i < conditions.len() {
        let c = &conditions[i];
        let ty = c.expr.ty();
        let binds = c.assign.as_ref().is_some_and(|l| used_after(i, &l.name));
        if c.always_holds() && !binds {
            // Nothing to test and nothing to bind (`isSet` of a value that is always set).
            i += 1;
            continue;
        }
        if let Some(narrowed) = c.narrowed() {
            if used_after(i, &narrowed.name) {
                binding = Some(i);
                break;
            }
            tests.push(boolean(&c.expr, false, scope).tokens);
        } else if binds {
            binding = Some(i);
            break;
        } else {
            // Without a binding, a condition is a test: a boolean, or whether a value is set.
            match ty {
                Ty::Bool => tests.push(boolean(&c.expr, false, scope).tokens),
                Ty::Optional(_) => tests.push(is_some(expr(&c.expr, scope))),
                _ => {}
            }
        }
        i += 1;
    }
    // Inside an `if` (or a binding's `if let`) a `let` is already scoped to this rule.
    let scoped = !tests.is_empty() || from > 0;
    let inner = match binding {
        None => body(&rule.body, scope, tail),
        Some(i) => bind(rule, i, scope, tail, scoped),
    };
    if tests.is_empty() {
        inner
    } else {
        quote!(if #(#tests)&&* { #inner })
    }
}

/// The rule-set names the emitted code of a rule list reads (rules after one that always
/// matches are not emitted).
fn list_reads(rules: &[Rule]) -> Vec<String> {
    let mut out = Vec::new();
    for rule in rules {
        out.extend(rule_reads(rule, 0));
        if rule.always_matches() {
            break;
        }
    }
    out
}

/// The rule-set names the emitted code of `rule` reads, from condition `from` on: a condition
/// that always holds is emitted only when it binds a value read after it.
fn rule_reads(rule: &Rule, from: usize) -> Vec<String> {
    let mut out = Vec::new();
    match &rule.body {
        RuleBody::Endpoint(e) => {
            e.url.refs(&mut out);
            for (_, values) in &e.headers {
                values.iter().for_each(|v| v.refs(&mut out));
            }
            for (_, p) in &e.properties {
                p.refs(&mut out);
            }
        }
        RuleBody::Error(message) => message.refs(&mut out),
        RuleBody::Tree(rules) => out.extend(list_reads(rules)),
    }
    for c in rule.conditions.iter().skip(from).rev() {
        let binds = c.assign.as_ref().is_some_and(|l| out.contains(&l.name));
        if !c.always_holds() || binds {
            c.expr.refs(&mut out);
        }
    }
    out
}

/// The binding condition `i` of `rule` around the rest of the rule; a plain `let` gets its own
/// block unless `scoped`.
fn bind(rule: &Rule, i: usize, scope: &Scope, tail: bool, scoped: bool) -> TokenStream {
    let c = &rule.conditions[i];
    if let Some(narrowed) = c.narrowed() {
        let local = ident(&narrowed.local);
        let rest = guarded(rule, i + 1, scope, tail);
        return quote!(if let ::std::option::Option::Some(#local) = #local { #rest });
    }
    let assigned = c
        .assign
        .as_ref()
        .expect("only conditions that bind reach `bind`");
    let local = ident(&assigned.local);
    let value = expr(&c.expr, scope);
    match c.expr.ty() {
        Ty::Optional(inner) => {
            let scope = match *inner == Ty::Str && value.owned {
                true => scope.with_owned(&assigned.local),
                false => scope.clone(),
            };
            let rest = guarded(rule, i + 1, &scope, tail);
            let value = value.tokens;
            quote!(if let ::std::option::Option::Some(#local) = #value { #rest })
        }
        Ty::Bool => {
            let test = boolean(&c.expr, false, scope).tokens;
            let rest = guarded(rule, i + 1, scope, tail);
            quote!(if #test { let #local = true; #rest })
        }
        ty => {
            let scope = match ty == Ty::Str && value.owned {
                true => scope.with_owned(&assigned.local),
                false => scope.clone(),
            };
            let rest = guarded(rule, i + 1, &scope, tail);
            let value = value.tokens;
            let stmts = quote!(let #local = #value; #rest);
            if scoped {
                stmts
            } else {
                quote!({ #stmts })
            }
        }
    }
}

/// A rule's body: `return` an endpoint or error, or the sub-rules.
fn body(body: &RuleBody, scope: &Scope, tail: bool) -> TokenStream {
    let value = match body {
        RuleBody::Endpoint(e) => {
            let e = endpoint(e, scope);
            quote!(::std::result::Result::Ok(#e))
        }
        RuleBody::Error(message) => {
            // `message` takes `impl Into<String>`: a `&str` or a `String`.
            let message = expr(message, scope).tokens;
            quote! {
                ::std::result::Result::Err(::smithy_rt::endpoint::ResolveEndpointError::message(#message))
            }
        }
        RuleBody::Tree(rules) => return rule_list(rules, scope, tail),
    };
    if tail {
        value
    } else {
        quote!(return #value;)
    }
}

fn endpoint(e: &EndpointValue, scope: &Scope) -> TokenStream {
    let url = to_string(expr(&e.url, scope));
    let headers = if e.headers.is_empty() {
        quote!(::std::default::Default::default())
    } else {
        let entries = e.headers.iter().map(|(name, values)| {
            let values = values.iter().map(|v| to_string(expr(v, scope)));
            quote!((::std::string::String::from(#name), ::std::vec::Vec::from([#(#values),*])))
        });
        quote!(::std::iter::FromIterator::from_iter([#(#entries),*]))
    };
    let properties = if e.properties.is_empty() {
        quote!(::std::default::Default::default())
    } else {
        let entries = e.properties.iter().map(|(k, v)| {
            let v = property(v, scope);
            quote!((::std::string::String::from(#k), #v))
        });
        quote!(::std::iter::FromIterator::from_iter([#(#entries),*]))
    };
    quote! {
        ::smithy_rt::endpoint::Endpoint { url: #url, headers: #headers, properties: #properties }
    }
}

#[cfg(test)]
mod tests;
