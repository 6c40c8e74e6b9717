//! `aws.protocols#restJson1`: members bound by the HTTP binding traits (see [`super::http`]),
//! the rest of the input as a JSON object in the body (`application/json`; no body when no
//! member is left for it), responses read by [`super::response`] with the JSON codec; error
//! codes from `X-Amzn-Errortype` or the body (`smithy_rt::protocol::REST_JSON_1`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{document, finish_request, http, input_path, Codec, Protocol};
use crate::emit::{ident, lit, Ctx};
use crate::ir::{Location, Member, Operation};

/// The restJson1 protocol.
pub struct RestJson1;

impl Protocol for RestJson1 {
    fn codec(&self) -> Codec {
        Codec::Json
    }

    fn runtime_rules(&self) -> TokenStream {
        quote!(::smithy_rt::protocol::REST_JSON_1)
    }

    fn request(&self, ctx: &Ctx, op: &Operation) -> TokenStream {
        let names = ctx.names.operation(&op.id);
        let f = ident(&names.ser_request);
        let input = input_path(ctx, op);
        let route = op
            .http
            .as_ref()
            .expect("internal invariant: REST operations have a route");
        let method = lit(&route.method);
        let uri = http::uri(ctx, op);
        let headers = http::headers(ctx, op);
        let body = http::payload(ctx, Codec::Json, op).unwrap_or_else(|| body(ctx, op));
        let finish = finish_request(op);
        quote! {
            #[allow(unused_variables)]
            pub(crate) fn #f(
                input: &#input,
            ) -> ::std::result::Result<::smithy_rt::http::HttpRequest, ::smithy_rt::error::BuildError> {
                #uri
                #[allow(unused_mut)]
                let mut request = ::smithy_rt::http::HttpRequest::new(#method, uri);
                #headers
                #body
                #finish
                ::std::result::Result::Ok(request)
            }
        }
    }
}

/// The JSON object of the body members, or no body when there are none.
fn body(ctx: &Ctx, op: &Operation) -> TokenStream {
    let shape = ctx.shape(&op.input);
    let members: Vec<&Member> = ctx
        .members_of(&op.input)
        .iter()
        .filter(|m| {
            op.request_binding(&m.name)
                .is_some_and(|b| b.location == Location::Body)
        })
        .collect();
    if members.is_empty() {
        return quote!();
    }
    let body = document::body_object(ctx, Codec::Json, shape, &members);
    quote! {
        request.headers.insert("content-type", "application/json");
        #body
    }
}
