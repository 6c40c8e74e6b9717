//! Expressions of the rules language → Rust expressions: `&str` / `String` strings, `bool`s,
//! the runtime's records, and endpoint property values.
//!
//! Strings stay borrowed where they can (parameters, literals, record fields) and are owned
//! where a function makes them (`substring`, `uriEncode`, templates); [`Val`] says which, so a
//! caller asks for `&str` ([`as_str`]) or `String` ([`to_string`]) without needless copies.
//! Boolean expressions are written the way clippy wants them (`x`, `!x`, `a != b`), and
//! parentheses appear only where precedence needs them.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::Scope;
use crate::emit::ident;
use crate::ir::endpoints::{Expr, Func, PathPart, Property, TemplatePart, Ty};

pub(super) fn property(p: &Property, scope: &Scope) -> TokenStream {
    match p {
        Property::Str(e) => {
            let s = to_string(expr(e, scope));
            quote!(::smithy_rt::endpoint::Value::String(#s))
        }
        Property::Bool(b) => quote!(::smithy_rt::endpoint::Value::Bool(#b)),
        Property::Number(n) => number(n),
        Property::Array(items) => {
            let items = items.iter().map(|p| property(p, scope));
            quote!(::smithy_rt::endpoint::Value::Array(::std::vec::Vec::from([#(#items),*])))
        }
        Property::Object(fields) => {
            let entries = fields.iter().map(|(k, v)| {
                let v = property(v, scope);
                quote!((::std::string::String::from(#k), #v))
            });
            quote! {
                ::smithy_rt::endpoint::Value::Object(::std::iter::FromIterator::from_iter([#(#entries),*]))
            }
        }
    }
}

pub(super) fn number(n: &serde_json::Number) -> TokenStream {
    let n = if let Some(u) = n.as_u64() {
        proc_macro2::Literal::u64_suffixed(u)
    } else if let Some(i) = n.as_i64() {
        proc_macro2::Literal::i64_suffixed(i)
    } else {
        proc_macro2::Literal::f64_suffixed(n.as_f64().unwrap_or_default())
    };
    quote!(::smithy_rt::endpoint::Value::from(#n))
}

/// How tightly an emitted expression binds, to parenthesize only where needed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Prec {
    /// Paths, literals, calls, method calls, fields.
    Atom,
    /// `!x`
    Unary,
    /// `a == b`
    Compare,
}

/// An emitted expression: its tokens, how tightly they bind, and, for a string, whether it is
/// an owned `String` (else `&str`).
pub(super) struct Val {
    pub(super) tokens: TokenStream,
    prec: Prec,
    pub(super) owned: bool,
}

fn atom(tokens: TokenStream) -> Val {
    Val {
        tokens,
        prec: Prec::Atom,
        owned: false,
    }
}

fn owned(tokens: TokenStream) -> Val {
    Val {
        tokens,
        prec: Prec::Atom,
        owned: true,
    }
}

fn paren(v: Val, max: Prec) -> TokenStream {
    let t = v.tokens;
    if v.prec > max {
        quote!((#t))
    } else {
        t
    }
}

/// A string value as `&str`.
pub(super) fn as_str(v: Val) -> TokenStream {
    if v.owned {
        let t = paren(v, Prec::Atom);
        quote!(#t.as_str())
    } else {
        v.tokens
    }
}

/// A string value as `String`.
pub(super) fn to_string(v: Val) -> TokenStream {
    if v.owned {
        v.tokens
    } else {
        let t = v.tokens;
        quote!(::std::string::String::from(#t))
    }
}

pub(super) fn is_some(v: Val) -> TokenStream {
    let t = paren(v, Prec::Atom);
    quote!(#t.is_some())
}

pub(super) fn expr(e: &Expr, scope: &Scope) -> Val {
    match e {
        Expr::Str(s) => atom(quote!(#s)),
        Expr::Bool(b) => atom(quote!(#b)),
        Expr::Int(n) => {
            let n = proc_macro2::Literal::usize_unsuffixed(*n);
            atom(quote!(#n))
        }
        Expr::Template(parts) => template(parts, scope),
        Expr::Ref(local) => {
            let l = ident(&local.local);
            Val {
                tokens: quote!(#l),
                prec: Prec::Atom,
                owned: local.ty == Ty::Str && scope.owned.contains(&local.local),
            }
        }
        Expr::GetAttr { target, path, .. } => get_attr(&ident(&target.local), &target.ty, path),
        Expr::Call { func, args } => call(*func, args, e, scope),
    }
}

fn template(parts: &[TemplatePart], scope: &Scope) -> Val {
    if let [TemplatePart::Value(value)] = parts {
        return expr(value, scope);
    }
    // `[&str; N].concat()` rather than `format!`: prettyplease lays out an array, not macro
    // arguments.
    let pieces = parts.iter().map(|part| match part {
        TemplatePart::Text(text) => quote!(#text),
        TemplatePart::Value(value) => as_str(expr(value, scope)),
    });
    owned(quote!([#(#pieces),*].concat()))
}

fn get_attr(target: &proc_macro2::Ident, ty: &Ty, path: &[PathPart]) -> Val {
    let mut tokens = quote!(#target);
    let mut ty = ty.clone();
    let mut record = ty.clone();
    for part in path {
        match part {
            PathPart::Field { name, field } => {
                let f = format_ident!("{}", field);
                tokens = quote!(#tokens.#f);
                record = ty.clone();
                ty = ty.attribute(name).map_or(Ty::Str, |(_, t)| t);
            }
            PathPart::Index(0) => {
                tokens = quote!(#tokens.first().map(::std::string::String::as_str));
                record = Ty::StrArray;
                ty = Ty::Optional(Box::new(Ty::Str));
            }
            PathPart::Index(i) => {
                let i = proc_macro2::Literal::usize_unsuffixed(*i);
                tokens = quote!(#tokens.get(#i).map(::std::string::String::as_str));
                record = Ty::StrArray;
                ty = Ty::Optional(Box::new(Ty::Str));
            }
        }
    }
    match (&ty, &record) {
        // `Url` and `Arn` hold `String`s; the partition output holds `&str`s.
        (Ty::Str, Ty::Url | Ty::Arn) => tokens = quote!(#tokens.as_str()),
        (Ty::StrArray, _) => tokens = quote!(#tokens.as_slice()),
        _ => {}
    }
    atom(tokens)
}

fn call(func: Func, args: &[Expr], e: &Expr, scope: &Scope) -> Val {
    let str_arg = |i: usize| as_str(expr(&args[i], scope));
    let arg = |i: usize| expr(&args[i], scope).tokens;
    match func {
        Func::IsSet | Func::Not | Func::BooleanEquals | Func::StringEquals => {
            boolean(e, false, scope)
        }
        Func::Substring => {
            let (s, start, stop, reverse) = (str_arg(0), arg(1), arg(2), arg(3));
            owned(quote!(::smithy_rt::endpoint::substring(#s, #start, #stop, #reverse)))
        }
        Func::UriEncode => {
            let s = str_arg(0);
            owned(quote!(::smithy_rt::endpoint::uri_encode(#s)))
        }
        Func::ParseUrl => {
            let s = str_arg(0);
            atom(quote!(::smithy_rt::endpoint::parse_url(#s)))
        }
        Func::IsValidHostLabel => {
            let (s, subdomains) = (str_arg(0), arg(1));
            atom(quote!(::smithy_rt::endpoint::is_valid_host_label(#s, #subdomains)))
        }
        Func::AwsPartition => {
            let s = str_arg(0);
            atom(quote!(::smithy_rt::endpoint::aws::partition(#s, self::partitions())))
        }
        Func::AwsParseArn => {
            let s = str_arg(0);
            atom(quote!(::smithy_rt::endpoint::aws::parse_arn(#s)))
        }
        Func::AwsIsVirtualHostableS3Bucket => {
            let (s, subdomains) = (str_arg(0), arg(1));
            atom(quote!(::smithy_rt::endpoint::aws::is_virtual_hostable_s3_bucket(#s, #subdomains)))
        }
    }
}

/// A boolean expression, negated when `negate`, written without `== true`, `!(a == b)` or
/// `!!x` (which clippy rejects).
pub(super) fn boolean(e: &Expr, negate: bool, scope: &Scope) -> Val {
    match e {
        Expr::Bool(b) => atom(if b ^ negate {
            quote!(true)
        } else {
            quote!(false)
        }),
        Expr::Call { func, args } => match (func, args.as_slice()) {
            (Func::Not, [x]) => boolean(x, !negate, scope),
            (Func::IsSet, [x]) if x.ty().is_optional() => {
                let x = paren(expr(x, scope), Prec::Atom);
                atom(if negate {
                    quote!(#x.is_none())
                } else {
                    quote!(#x.is_some())
                })
            }
            (Func::IsSet, [_]) => atom(if negate { quote!(false) } else { quote!(true) }),
            (Func::BooleanEquals, [Expr::Bool(b), other] | [other, Expr::Bool(b)]) => {
                boolean(other, negate ^ !b, scope)
            }
            (Func::BooleanEquals, [a, b]) => {
                let a = paren(expr(a, scope), Prec::Unary);
                let b = paren(expr(b, scope), Prec::Unary);
                compare(a, b, negate)
            }
            (Func::StringEquals, [a, b]) => {
                compare(as_str(expr(a, scope)), as_str(expr(b, scope)), negate)
            }
            _ => not(expr(e, scope), negate),
        },
        _ => not(expr(e, scope), negate),
    }
}

fn compare(a: TokenStream, b: TokenStream, negate: bool) -> Val {
    let tokens = if negate {
        quote!(#a != #b)
    } else {
        quote!(#a == #b)
    };
    Val {
        tokens,
        prec: Prec::Compare,
        owned: false,
    }
}

fn not(v: Val, negate: bool) -> Val {
    if !negate {
        return v;
    }
    let t = paren(v, Prec::Unary);
    Val {
        tokens: quote!(!#t),
        prec: Prec::Unary,
        owned: false,
    }
}
