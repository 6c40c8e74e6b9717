//! `smithy.rules#endpointTests` → `mod endpoint_tests`: one `#[test]` per case, which calls
//! `resolve_endpoint` with the case's parameters and checks the URL, headers and properties,
//! or the error message.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::expr::number;
use crate::emit::{doc_lines, ident};
use crate::ir::endpoints::{BuiltIn, Expectation, Literal, TestCase};

/// `mod endpoint_tests`: one `#[test]` per test case.
pub(super) fn endpoint_tests(tests: &[TestCase]) -> TokenStream {
    if tests.is_empty() {
        return quote!();
    }
    let tests = tests
        .iter()
        .enumerate()
        .map(|(i, t)| endpoint_test(i + 1, t));
    quote! {
        #[cfg(test)]
        mod endpoint_tests {
            #(#tests)*
        }
    }
}

fn endpoint_test(index: usize, test: &TestCase) -> TokenStream {
    let name = ident(&crate::name::endpoint_test_name(
        index,
        test.docs.as_deref(),
    ));
    let docs = test.docs.as_deref().map(doc_lines);
    let fields: Vec<TokenStream> = test
        .params
        .iter()
        .map(|(built_in, value)| {
            let f = format_ident!("{}", built_in.field());
            match value {
                Literal::Str(s) => quote!(#f: ::std::option::Option::Some(#s)),
                Literal::Bool(b) => quote!(#f: #b),
            }
        })
        .collect();
    let params = if fields.is_empty() {
        quote!(let params: ::smithy_rt::endpoint::EndpointParams<'_> = ::std::default::Default::default();)
    } else {
        let rest = (fields.len() < BuiltIn::ALL.len())
            .then(|| quote!(..::std::default::Default::default()));
        quote!(let params = ::smithy_rt::endpoint::EndpointParams { #(#fields,)* #rest };)
    };
    let check = match &test.expect {
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
    };
    quote! {
        #docs
        #[test]
        fn #name() {
            #params
            #check
        }
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
