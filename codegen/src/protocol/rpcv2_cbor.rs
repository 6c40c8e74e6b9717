//! `smithy.protocols#rpcv2Cbor`: every request is `POST /service/<service shape
//! name>/operation/<operation name>` with `smithy-protocol: rpc-v2-cbor` and `Accept:
//! application/cbor`, the whole input as one CBOR map (`application/cbor`); an operation whose
//! input is `smithy.api#Unit` sends no body and no `Content-Type`. The HTTP binding traits mean
//! nothing here (lowering put every member in the body under its member name). Responses are
//! read by [`super::response`] with the CBOR codec once the runtime has checked their
//! `smithy-protocol` header; error codes come from the body's `__type`
//! (`smithy_rt::protocol::RPC_V2_CBOR`). With `awsQueryCompatible` the request also asks for
//! the awsQuery error codes.

use proc_macro2::TokenStream;
use quote::quote;

use super::{document, finish_request, input_path, Codec, Protocol};
use crate::emit::{ident, lit, Ctx};
use crate::ir::{Member, Operation};

/// The rpcv2Cbor protocol.
pub struct RpcV2Cbor;

impl Protocol for RpcV2Cbor {
    fn codec(&self) -> Codec {
        Codec::Cbor
    }

    fn runtime_rules(&self) -> TokenStream {
        quote!(::smithy_rt::protocol::RPC_V2_CBOR)
    }

    fn request(&self, ctx: &Ctx, op: &Operation) -> TokenStream {
        let names = ctx.names.operation(&op.id);
        let f = ident(&names.ser_request);
        let input = input_path(ctx, op);
        let uri = lit(&format!(
            "/service/{}/operation/{}",
            ctx.ir.service.name, op.name
        ));
        let body = (!op.unit_input).then(|| {
            let shape = ctx.shape(&op.input);
            let members: Vec<&Member> = ctx.members_of(&op.input).iter().collect();
            let body = document::body_object(ctx, Codec::Cbor, shape, &members);
            quote! {
                request.headers.insert("content-type", "application/cbor");
                #body
            }
        });
        let finish = finish_request(op);
        let query_mode = ctx
            .ir
            .protocol
            .query_compatible
            .then(|| quote!(request.headers.insert("x-amzn-query-mode", "true");));
        quote! {
            #[allow(unused_variables)]
            pub(crate) fn #f(
                input: &#input,
            ) -> ::std::result::Result<::smithy_rt::http::HttpRequest, ::smithy_rt::error::BuildError> {
                let mut request = ::smithy_rt::http::HttpRequest::new("POST", #uri);
                request.headers.insert("smithy-protocol", "rpc-v2-cbor");
                request.headers.insert("accept", "application/cbor");
                #query_mode
                #body
                #finish
                ::std::result::Result::Ok(request)
            }
        }
    }
}
