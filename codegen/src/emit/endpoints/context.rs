//! An operation's `endpoint_params`: the endpoint `Params` of one call, made of the built-ins
//! and client context parameters (configuration and credentials) and what the operation binds
//! (`staticContextParams`, `contextParam` members, `operationContextParams` paths over the
//! input). What the operation binds wins over the client's value, and a static value over a
//! member's; a member or path that yields nothing leaves a client context parameter as the
//! client set it.
//!
//! A single-valued path is an `Option` chain (`and_then` through optional members, `map`
//! through required ones); a list-valued one (projections, `keys`, multi-select lists) is
//! loops that push every string it reaches, in path order. Unset members yield nothing, and
//! an empty list leaves the parameter unset.

use proc_macro2::TokenStream;
use quote::quote;

use crate::emit::{ident, Ctx};
use crate::ir::endpoints::{Literal, ParamSource};
use crate::ir::operation::{EndpointParamValue, OperationPath, PathStep};
use crate::ir::{Kind, Operation};

/// `pub(crate) fn endpoint_params(input, built_ins) -> crate::endpoint::Params` for `op`.
pub(crate) fn endpoint_params_fn(ctx: &Ctx, op: &Operation) -> TokenStream {
    let rule_set = ctx
        .ir
        .endpoints
        .as_ref()
        .expect("only services with a rule set have endpoint_params");
    let names = ctx.names.operation(&op.id);
    let input_ty = ident(&names.input);
    // Smithy's precedence: `staticContextParams` over `contextParam` and
    // `operationContextParams` over the client's values; the static values are assigned last.
    let (fixed, bound): (Vec<_>, Vec<_>) = op
        .endpoint_params
        .iter()
        .partition(|b| matches!(b.value, EndpointParamValue::Static(_)));
    let assignments: Vec<TokenStream> = bound
        .into_iter()
        .chain(fixed)
        .map(|binding| {
            let param = rule_set
                .params
                .iter()
                .find(|p| p.name == binding.param)
                .expect("lowering checked that the rule set has every bound parameter");
            let field = ident(&param.local);
            let value = match &binding.value {
                EndpointParamValue::Static(literal) => {
                    let v = literal_value(literal);
                    quote!(::std::option::Option::Some(#v))
                }
                EndpointParamValue::Member { member, .. } => {
                    let path = OperationPath::Field {
                        step: PathStep {
                            container: op.input.clone(),
                            member: member.clone(),
                        },
                        then: Box::new(OperationPath::Here),
                    };
                    single(ctx, &path)
                }
                EndpointParamValue::Path {
                    path, list: false, ..
                } => single(ctx, path),
                EndpointParamValue::Path {
                    path, list: true, ..
                } => {
                    let pushes = list(ctx, path, &quote!(input), &op.input, false);
                    quote! {{
                        let mut out = ::std::vec::Vec::new();
                        #pushes
                        (!out.is_empty()).then_some(out)
                    }}
                }
            };
            let is_static = matches!(binding.value, EndpointParamValue::Static(_));
            if param.source == ParamSource::ClientContext && !is_static {
                // An unset member or path leaves the client's value.
                quote! {
                    if let ::std::option::Option::Some(value) = #value {
                        params.#field = ::std::option::Option::Some(value);
                    }
                }
            } else {
                quote!(params.#field = #value;)
            }
        })
        .collect();
    let (input, body) = if assignments.is_empty() {
        (
            quote!(_input),
            quote!(crate::endpoint::Params::from_built_ins(built_ins)),
        )
    } else {
        (
            quote!(input),
            quote! {
                let mut params = crate::endpoint::Params::from_built_ins(built_ins);
                #(#assignments)*
                params
            },
        )
    };
    quote! {
        #[doc = " The endpoint parameters of a call: the built-ins, and what this operation binds from its input."]
        pub(crate) fn endpoint_params(
            #input: &#input_ty,
            built_ins: &::smithy_rt::endpoint::EndpointParams<'_>,
        ) -> crate::endpoint::Params {
            #body
        }
    }
}

/// A literal as the value of a `Params` field (without the `Some`).
pub(crate) fn literal_value(literal: &Literal) -> TokenStream {
    match literal {
        Literal::Str(s) => quote!(::std::string::String::from(#s)),
        Literal::Bool(b) => quote!(#b),
        Literal::StrArray(items) => {
            quote!(::std::vec::Vec::from([#(::std::string::String::from(#items)),*]))
        }
    }
}

/// The owned parameter value of the current value `v` (a reference to a string, an enum or a
/// boolean).
fn leaf(ctx: &Ctx, target: &str, v: &TokenStream) -> TokenStream {
    match &ctx.shape(target).kind {
        Kind::Boolean => quote!(*#v),
        Kind::Enum(_) => quote!(::std::string::String::from(#v.as_str())),
        _ => quote!(#v.clone()),
    }
}

/// A member step on `v`: the access (`&v.field`, or `v.field.as_ref()` for an optional field),
/// whether the field is optional, the member's target, and the field's name.
fn step_access(
    ctx: &Ctx,
    step: &PathStep,
    v: &TokenStream,
) -> (TokenStream, bool, String, proc_macro2::Ident) {
    let container = ctx.shape(&step.container);
    let m = ctx
        .members_of(&step.container)
        .iter()
        .find(|m| m.name == step.member)
        .expect("lowering resolved the path's members");
    let f = ident(&ctx.member_names(container, m).field);
    let optional = ctx.is_optional(container, m);
    let access = if optional {
        quote!(#v.#f.as_ref())
    } else {
        quote!(&#v.#f)
    };
    (access, optional, m.target.clone(), f)
}

/// A single-valued path as an `Option<T>` expression over `input`.
fn single(ctx: &Ctx, path: &OperationPath) -> TokenStream {
    let mut chain: Option<TokenStream> = None;
    let mut current = path;
    loop {
        let OperationPath::Field { step, then } = current else {
            unreachable!("lowering marks paths with projections, keys or multi-selects as lists")
        };
        chain = Some(match chain {
            None => {
                let (access, optional, ..) = step_access(ctx, step, &quote!(input));
                if optional {
                    access
                } else {
                    quote!(::std::option::Option::Some(#access))
                }
            }
            Some(chain) => {
                let (access, optional, ..) = step_access(ctx, step, &quote!(v));
                if optional {
                    quote!(#chain.and_then(|v| #access))
                } else {
                    quote!(#chain.map(|v| #access))
                }
            }
        });
        if matches!(**then, OperationPath::Here) {
            let (_, optional, target, f) = step_access(ctx, step, &quote!(v));
            let kind = &ctx.shape(&target).kind;
            if std::ptr::eq(current, path) && optional && !matches!(kind, Kind::Enum(_)) {
                // An optional string or boolean member of the input: the field as it is.
                return match kind {
                    Kind::Boolean => quote!(input.#f),
                    _ => quote!(input.#f.clone()),
                };
            }
            let chain = chain.expect("set above");
            return match &ctx.shape(&target).kind {
                Kind::Boolean => quote!(#chain.copied()),
                Kind::Enum(_) => quote!(#chain.map(|v| ::std::string::String::from(v.as_str()))),
                _ => quote!(#chain.cloned()),
            };
        }
        current = then;
    }
}

/// Statements that push every value `path` reaches from `v` (of shape `shape`) onto `out`.
/// `v` is a reference, or with `place` a place expression (a required member's field).
fn list(ctx: &Ctx, path: &OperationPath, v: &TokenStream, shape: &str, place: bool) -> TokenStream {
    match path {
        OperationPath::Field { step, then } => {
            let (access, optional, target, f) = step_access(ctx, step, v);
            if optional {
                let rest = list(ctx, then, &quote!(v), &target, false);
                quote!(if let ::std::option::Option::Some(v) = #access { #rest })
            } else {
                list(ctx, then, &quote!(#v.#f), &target, true)
            }
        }
        OperationPath::Each { list: id, then } => {
            let list_shape = ctx.shape(id);
            let Kind::List(element) = &list_shape.kind else {
                unreachable!("lowering checked `[*]` applies to a list")
            };
            let rest = list(ctx, then, &quote!(v), &element.target, false);
            if list_shape.traits.sparse {
                quote!(for v in #v.iter().flatten() { #rest })
            } else {
                quote!(for v in #v.iter() { #rest })
            }
        }
        OperationPath::Keys => match &ctx.shape(shape).kind {
            Kind::Map { key, .. } if matches!(ctx.shape(&key.target).kind, Kind::Enum(_)) => {
                quote!(out.extend(#v.keys().map(|k| ::std::string::String::from(k.as_str())));)
            }
            _ => quote!(out.extend(#v.keys().cloned());),
        },
        OperationPath::MultiSelect(items) => {
            let items = items.iter().map(|item| list(ctx, item, v, shape, place));
            quote!(#(#items)*)
        }
        OperationPath::Here => {
            let value = match (&ctx.shape(shape).kind, place) {
                (Kind::Boolean, true) => quote!(#v),
                _ => leaf(ctx, shape, v),
            };
            quote!(out.push(#value);)
        }
    }
}
