//! `smithy.rules#endpointTests` → `mod endpoint_tests`: one `#[test]` per case, which calls
//! `resolve_endpoint` with the case's parameters and checks the URL, headers and properties,
//! or the error message; then the same for each `operationInputs` entry, with the parameters
//! the operation's `endpoint_params` makes of the input, the `builtInParams` and a config
//! that has the `clientParams` set.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::context::literal_value;
use super::expr::number;
use crate::emit::protocol_tests::members_setters;
use crate::emit::{doc_lines, ident, Ctx};
use crate::ir::endpoints::{Expectation, Literal, RuleSet, TestCase};

/// `mod endpoint_tests`: one `#[test]` per test case.
pub(super) fn endpoint_tests(ctx: &Ctx, tests: &[TestCase]) -> TokenStream {
    if tests.is_empty() {
        return quote!();
    }
    let rule_set = ctx
        .ir
        .endpoints
        .as_ref()
        .expect("tests come with a rule set");
    let tests = tests
        .iter()
        .enumerate()
        .map(|(i, t)| endpoint_test(ctx, rule_set, i + 1, t));
    quote! {
        #[cfg(test)]
        mod endpoint_tests {
            #(#tests)*
        }
    }
}

fn endpoint_test(ctx: &Ctx, rule_set: &RuleSet, index: usize, test: &TestCase) -> TokenStream {
    let name = ident(&crate::name::endpoint_test_name(
        index,
        test.docs.as_deref(),
    ));
    let docs = test.docs.as_deref().map(doc_lines);
    let fields: Vec<TokenStream> = test
        .params
        .iter()
        .map(|(param, value)| {
            let p = rule_set
                .params
                .iter()
                .find(|p| &p.name == param)
                .expect("lowering checked the test's parameters");
            let f = ident(&p.local);
            let v = literal_value(value);
            quote!(#f: ::std::option::Option::Some(#v))
        })
        .collect();
    let params = if fields.is_empty() {
        quote!(let params = super::Params::default();)
    } else {
        let rest = (fields.len() < rule_set.params.len())
            .then(|| quote!(..::std::default::Default::default()));
        quote!(let params = super::Params { #(#fields,)* #rest };)
    };
    let check = expectation(&test.expect);
    let inputs: Vec<TokenStream> = test.operation_inputs.iter().map(|input| {
        let names = ctx.names.operation(&input.operation);
        let module = ident(&names.module);
        let input_ty = ident(&names.input);
        let setters = members_setters(ctx, &input.input);
        let built_ins: Vec<TokenStream> = input
            .built_ins
            .iter()
            .map(|(b, value)| {
                let f = format_ident!("{}", b.field());
                match value {
                    Literal::Bool(v) => quote!(#f: #v),
                    Literal::Str(v) => quote!(#f: ::std::option::Option::Some(#v)),
                    Literal::StrArray(_) => unreachable!("lowering checked built-in types"),
                }
            })
            .collect();
        let message = format!("the test's {} input builds", names.input);
        // `clientParams` are set through the generated config setters, and reach the
        // parameters the way a call's configuration does.
        let (config, rest) = if input.client_params.is_empty() {
            (quote!(), quote!(..::std::default::Default::default()))
        } else {
            let setters = client_setters(ctx, &input.client_params);
            let config = quote! {
                let config = {
                    use crate::config::BuilderExt as _;
                    ::smithy_rt::config::Config::builder() #setters .build()
                };
            };
            let rest = quote! {
                ..::smithy_rt::endpoint::EndpointParams::from_config(&config, ::std::option::Option::None)
            };
            (config, rest)
        };
        quote! {
            {
                let input = crate::operation::#module::#input_ty::builder() #setters .build().expect(#message);
                #config
                let built_ins = ::smithy_rt::endpoint::EndpointParams { #(#built_ins,)* #rest };
                let params = crate::operation::#module::endpoint_params(&input, &built_ins);
                #check
            }
        }
    }).collect();
    let direct = if inputs.is_empty() {
        quote!(#params #check)
    } else {
        quote!({ #params #check })
    };
    quote! {
        #docs
        #[test]
        fn #name() {
            #direct
            #(#inputs)*
        }
    }
}

/// The config builder calls (`.force_path_style(true)`) that set a test's `clientParams`.
fn client_setters(ctx: &Ctx, values: &[(String, Literal)]) -> TokenStream {
    let calls = values.iter().map(|(name, value)| {
        let method = ident(&ctx.names.client_context(name).method);
        match value {
            Literal::Bool(v) => quote!(.#method(#v)),
            Literal::Str(v) => quote!(.#method(#v)),
            Literal::StrArray(_) => unreachable!("lowering checked client context types"),
        }
    });
    quote!(#(#calls)*)
}

/// Statements that resolve `params` and check the outcome against `expect`.
fn expectation(expect: &Expectation) -> TokenStream {
    match expect {
        Expectation::Endpoint {
            url,
            headers,
            properties,
        } => {
            let headers = headers.as_ref().map(|h| {
                let entries = h.iter().map(|(k, vs)| {
                    quote!((::std::string::String::from(#k), ::std::vec::Vec::from([#(::std::string::String::from(#vs)),*])))
                });
                quote! {
                    let expected: ::std::collections::BTreeMap<::std::string::String, ::std::vec::Vec<::std::string::String>> =
                        ::std::iter::FromIterator::from_iter([#(#entries),*]);
                    ::std::assert_eq!(endpoint.headers, expected);
                }
            });
            let properties = properties.as_ref().map(|p| {
                let expected = json(&serde_json::Value::Object(p.clone()));
                quote! {
                    ::std::assert_eq!(::smithy_rt::endpoint::Value::Object(endpoint.properties), #expected);
                }
            });
            quote! {
                let endpoint = super::resolve_endpoint(&params).expect("the rule set should resolve an endpoint");
                ::std::assert_eq!(endpoint.url, #url);
                #headers
                #properties
            }
        }
        Expectation::Error(message) => quote! {
            let error = super::resolve_endpoint(&params).expect_err("the rule set should reject these parameters");
            ::std::assert_eq!(error.as_str(), #message);
        },
    }
}

/// A JSON value as a `smithy_rt::endpoint::Value` expression (for expected properties).
fn json(v: &serde_json::Value) -> TokenStream {
    match v {
        serde_json::Value::Null => quote!(::smithy_rt::endpoint::Value::Null),
        serde_json::Value::Bool(b) => quote!(::smithy_rt::endpoint::Value::Bool(#b)),
        serde_json::Value::Number(n) => number(n),
        serde_json::Value::String(s) => {
            quote!(::smithy_rt::endpoint::Value::String(::std::string::String::from(#s)))
        }
        serde_json::Value::Array(items) => {
            let items = items.iter().map(json);
            quote!(::smithy_rt::endpoint::Value::Array(::std::vec::Vec::from([#(#items),*])))
        }
        serde_json::Value::Object(fields) => {
            let entries = fields.iter().map(|(k, v)| {
                let v = json(v);
                quote!((::std::string::String::from(#k), #v))
            });
            quote! {
                ::smithy_rt::endpoint::Value::Object(::std::iter::FromIterator::from_iter([#(#entries),*]))
            }
        }
    }
}
