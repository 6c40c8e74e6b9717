//! Paginators, as the AWS SDKs generate them, for each operation whose `@paginated` trait (merged
//! with the service's defaults by lowering) names an input and an output token.
//!
//! In: such an operation. Out: `src/operation/<op>/paginator.rs` with `<Op>Paginator` (a
//! stream of pages, with `page_size` when the trait names a page size member) and, when the
//! trait names `items`, `<Op>PaginatorItems` (a stream of the items of every page); and the
//! fluent builder's `into_paginator`. The streams themselves are the runtime's
//! `smithy_rt::pagination`; the module adds three small accessors: the input token field of
//! the input builder, the output token of a page and the item collection of a page, following
//! dotted paths (`page.nextToken`) through structure members.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, Ctx};
use crate::ir::{Kind, Member, Operation, PathStep, Shape};

/// The fluent builder's `into_paginator`, for paginated operations.
pub fn into_paginator(ctx: &Ctx, op: &Operation) -> Option<TokenStream> {
    op.paginator.as_ref()?;
    let names = ctx.names.operation(&op.id);
    let module = ident(&names.module);
    let paginator = ident(&names.paginator);
    let link = format!(
        " Paginators are used by calling [`send().await`](crate::operation::{}::paginator::{}::send), which returns a",
        names.module, names.paginator
    );
    Some(quote! {
        #[doc = " Creates a paginator for this request."]
        #[doc = ""]
        #[doc = #link]
        #[doc = " [`PaginationStream`](smithy_rt::pagination::PaginationStream) of pages."]
        pub fn into_paginator(self) -> crate::operation::#module::paginator::#paginator {
            crate::operation::#module::paginator::#paginator::new(self.handle, self.inner)
        }
    })
}

/// `src/operation/<op>/paginator.rs`, for paginated operations.
pub fn paginator_rs(ctx: &Ctx, op: &Operation) -> Option<TokenStream> {
    let p = op.paginator.as_ref()?;
    let names = ctx.names.operation(&op.id);
    let module = ident(&names.module);
    let input_builder = ident(&names.input_builder);
    let output = ident(&names.output);
    let error = ident(&names.error);
    let paginator = ident(&names.paginator);
    let builder_path = quote!(crate::operation::#module::builders::#input_builder);
    let output_path = quote!(crate::operation::#module::#output);
    let error_path = quote!(::smithy_rt::error::SdkError<crate::operation::#module::#error>);
    let input_token = input_field(ctx, op, &p.input_token)?;
    let token_type = {
        let m = ctx
            .members_of(&op.input)
            .iter()
            .find(|m| m.name == p.input_token)?;
        ctx.value_type(&m.target)
    };
    let output_token = output_token(ctx, op, &p.output_token);
    let page_size = p.page_size.as_deref().map(|m| page_size(ctx, op, m));
    let (items_method, items_rest) = match &p.items {
        Some(path) => {
            let (method, rest) = items(ctx, op, path);
            (Some(method), Some(rest))
        }
        None => (None, None),
    };
    let module_doc = format!(
        " Paginators for this operation, made by [`into_paginator`](crate::operation::{}::builders::{}::into_paginator).",
        names.module, names.fluent
    );
    let doc = format!(" Paginator for the [`{}`](crate::operation::{}) operation: a stream of pages, each request sending the token the previous page returned.", op.name, names.module);
    Some(quote! {
        #![doc = #module_doc]

        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #paginator {
            handle: ::std::sync::Arc<crate::client::Handle>,
            builder: #builder_path,
            stop_on_duplicate_token: bool,
        }

        impl #paginator {
            pub(crate) fn new(handle: ::std::sync::Arc<crate::client::Handle>, builder: #builder_path) -> Self {
                Self { handle, builder, stop_on_duplicate_token: true }
            }
            #page_size
            #[doc = " Whether to stop when the service returns the token that was just sent (default `true`),"]
            #[doc = " rather than request the same page again."]
            pub fn stop_on_duplicate_token(mut self, stop_on_duplicate_token: bool) -> Self {
                self.stop_on_duplicate_token = stop_on_duplicate_token;
                self
            }
            #[doc = " The stream of pages. Each `next().await` sends one request; the stream ends after a page"]
            #[doc = " without a next token (or repeating the token sent), or after yielding an error."]
            pub fn send(self) -> ::smithy_rt::pagination::PaginationStream<::std::result::Result<#output_path, #error_path>> {
                let handle = self.handle;
                ::smithy_rt::pagination::token_pages(
                    self.builder,
                    input_token,
                    output_token,
                    self.stop_on_duplicate_token,
                    move |builder: #builder_path| {
                        let handle = ::std::sync::Arc::clone(&handle);
                        async move {
                            let input = builder.build().map_err(::smithy_rt::error::SdkError::construction_failure)?;
                            crate::operation::#module::send(&handle, input, &::std::default::Default::default()).await
                        }
                    },
                )
            }
            #items_method
        }

        fn input_token(builder: &mut #builder_path) -> &mut ::std::option::Option<#token_type> {
            &mut builder.#input_token
        }

        #output_token
        #items_rest
    })
}

/// The field of a top-level input member (lowering checked that it exists).
fn input_field(ctx: &Ctx, op: &Operation, member: &str) -> Option<proc_macro2::Ident> {
    let input = ctx.shape(&op.input);
    let m = ctx
        .members_of(&op.input)
        .iter()
        .find(|m| m.name == member)?;
    Some(ident(&ctx.member_names(input, m).field))
}

fn page_size(ctx: &Ctx, op: &Operation, member: &str) -> TokenStream {
    let input = ctx.shape(&op.input);
    let m = ctx
        .members_of(&op.input)
        .iter()
        .find(|m| m.name == member)
        .unwrap_or_else(|| panic!("internal invariant: lowering checked pageSize `{member}`"));
    let field = ident(&ctx.member_names(input, m).field);
    let ty = ctx.value_type(&m.target);
    let doc = format!(" Sets the page size (the `{member}` member of every request).");
    quote! {
        #[doc = #doc]
        pub fn page_size(mut self, limit: #ty) -> Self {
            self.builder.#field = ::std::option::Option::Some(limit);
            self
        }
    }
}

/// The structures and members along a resolved output path.
fn steps<'a>(ctx: &Ctx<'a>, path: &[PathStep]) -> Vec<(&'a Shape, &'a Member)> {
    path.iter()
        .map(|step| {
            let container = ctx.shape(&step.container);
            let m = ctx
                .members_of(&step.container)
                .iter()
                .find(|m| m.name == step.member)
                .unwrap_or_else(|| panic!("internal invariant: lowering resolved {step:?}"));
            (container, m)
        })
        .collect()
}

/// A value on the way down a path: a place (`output.page`) or an `Option` of one.
enum Step {
    Place(TokenStream),
    Optional(TokenStream),
}

/// `fn output_token(output: &Output) -> Option<&T>`: borrows down the path.
fn output_token(ctx: &Ctx, op: &Operation, path: &[PathStep]) -> TokenStream {
    let steps = steps(ctx, path);
    let (last, inner) = steps.split_last().expect("a path has a segment");
    let mut at = Step::Place(quote!(output));
    for (container, m) in inner {
        let f = ident(&ctx.member_names(container, m).field);
        at = match (at, ctx.is_optional(container, m)) {
            (Step::Place(e), true) => Step::Optional(quote!(#e.#f.as_ref())),
            (Step::Place(e), false) => Step::Place(quote!(#e.#f)),
            (Step::Optional(o), true) => Step::Optional(quote!(#o.and_then(|v| v.#f.as_ref()))),
            (Step::Optional(o), false) => Step::Optional(quote!(#o.map(|v| &v.#f))),
        };
    }
    let (container, m) = last;
    let f = ident(&ctx.member_names(container, m).field);
    let token = match (at, ctx.is_optional(container, m)) {
        (Step::Place(e), true) => quote!(#e.#f.as_ref()),
        (Step::Place(e), false) => quote!(::std::option::Option::Some(&#e.#f)),
        (Step::Optional(o), true) => quote!(#o.and_then(|v| v.#f.as_ref())),
        (Step::Optional(o), false) => quote!(#o.map(|v| &v.#f)),
    };
    let ty = ctx.value_type(&m.target);
    let output = ident(&ctx.names.operation(&op.id).output);
    let module = ident(&ctx.names.operation(&op.id).module);
    quote! {
        fn output_token(output: &crate::operation::#module::#output) -> ::std::option::Option<&#ty> {
            #token
        }
    }
}

/// `items()` on the paginator, and the items paginator with its `page_items` accessor, which
/// moves the collection out of a page (an absent one is empty).
fn items(ctx: &Ctx, op: &Operation, path: &[PathStep]) -> (TokenStream, TokenStream) {
    let names = ctx.names.operation(&op.id);
    let module = ident(&names.module);
    let output = ident(&names.output);
    let error = ident(&names.error);
    let paginator = ident(&names.paginator);
    let paginator_items = ident(&names.paginator_items);
    let steps = steps(ctx, path);
    let dotted = path
        .iter()
        .map(|s| s.member.as_str())
        .collect::<Vec<_>>()
        .join(".");
    let mut at = Step::Place(quote!(output));
    for (container, m) in &steps {
        let f = ident(&ctx.member_names(container, m).field);
        at = match (at, ctx.is_optional(container, m)) {
            (Step::Place(e), true) => Step::Optional(quote!(#e.#f)),
            (Step::Place(e), false) => Step::Place(quote!(#e.#f)),
            (Step::Optional(o), true) => Step::Optional(quote!(#o.and_then(|v| v.#f))),
            (Step::Optional(o), false) => Step::Optional(quote!(#o.map(|v| v.#f))),
        };
    }
    let collection = match at {
        Step::Place(e) => e,
        Step::Optional(o) => quote!(#o.unwrap_or_default()),
    };
    let target = steps
        .last()
        .expect("a path has a segment")
        .1
        .target
        .as_str();
    let collection_type = ctx.value_type(target);
    let item_type = item_type(ctx, target);
    let method = quote! {
        #[doc = " A stream of the items of every page, in order, instead of the pages."]
        pub fn items(self) -> #paginator_items {
            #paginator_items(self)
        }
    };
    let doc = format!(" The items of every page of the [`{}`](crate::operation::{}) paginator (`{dotted}`), created with [`items()`]({}::items).", op.name, names.module, names.paginator);
    let error_path = quote!(::smithy_rt::error::SdkError<crate::operation::#module::#error>);
    let rest = quote! {
        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        pub struct #paginator_items(#paginator);

        impl #paginator_items {
            #[doc = " The stream of items: each page is requested when the items before it are used up;"]
            #[doc = " the stream ends with the pages, or after yielding an error."]
            pub fn send(self) -> ::smithy_rt::pagination::PaginationStream<::std::result::Result<#item_type, #error_path>> {
                self.0.send().items(page_items)
            }
        }

        fn page_items(output: crate::operation::#module::#output) -> #collection_type {
            #collection
        }
    };
    (method, rest)
}

/// The element a list or map collection iterates over (a map gives key-value pairs).
fn item_type(ctx: &Ctx, collection: &str) -> TokenStream {
    let shape = ctx.shape(collection);
    match &shape.kind {
        Kind::List(m) => ctx.element_type(shape, m),
        Kind::Map { key, value } => {
            let k = ctx.value_type(&key.target);
            let v = ctx.element_type(shape, value);
            quote!((#k, #v))
        }
        _ => unreachable!("lowering checked that items targets a list or map"),
    }
}
