//! `aws.protocols#awsJson1_0` and `aws.protocols#awsJson1_1`: every request is `POST /` with
//! `X-Amz-Target: <service shape name>.<operation name>` and the whole input as a JSON object
//! (`{}` for an empty one) of type `application/x-amz-json-1.0` / `1.1`; the HTTP binding
//! traits and `jsonName` mean nothing here (lowering put every member in the body under its
//! member name). Responses are read by [`super::response`] with the JSON codec; error codes come
//! from `X-Amzn-Errortype` or the body's `__type` / `code`, namespace and `:` suffix stripped
//! (`smithy_rt::protocol::AWS_JSON_1_0`).

use proc_macro2::TokenStream;
use quote::quote;

use super::{document, finish_request, input_path, Codec, Protocol};
use crate::emit::{ident, Ctx};
use crate::ir::{Member, Operation};

/// An awsJson protocol version.
pub struct AwsJson {
    /// `1.0` or `1.1`.
    version: &'static str,
}

/// awsJson1_0.
pub const AWS_JSON_1_0: AwsJson = AwsJson { version: "1.0" };
/// awsJson1_1.
pub const AWS_JSON_1_1: AwsJson = AwsJson { version: "1.1" };

impl Protocol for AwsJson {
    fn codec(&self) -> Codec {
        Codec::Json
    }

    fn runtime_rules(&self) -> TokenStream {
        match self.version {
            "1.0" => quote!(::smithy_rt::protocol::AWS_JSON_1_0),
            _ => quote!(::smithy_rt::protocol::AWS_JSON_1_1),
        }
    }

    fn request(&self, ctx: &Ctx, op: &Operation) -> TokenStream {
        let names = ctx.names.operation(&op.id);
        let f = ident(&names.ser_request);
        let input = input_path(ctx, op);
        let shape = ctx.shape(&op.input);
        let members: Vec<&Member> = ctx.members_of(&op.input).iter().collect();
        // The whole input is the body; an input without members is `{}`.
        let body = if members.is_empty() {
            quote!(request.body = ::std::vec::Vec::from(*b"{}");)
        } else {
            document::body_object(ctx, Codec::Json, shape, &members)
        };
        let target = format!("{}.{}", ctx.ir.service.name, op.name);
        let content_type = format!("application/x-amz-json-{}", self.version);
        let finish = finish_request(op);
        // A service that moved from awsQuery answers with its awsQuery error codes when asked.
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
                let mut request = ::smithy_rt::http::HttpRequest::new("POST", "/");
                request.headers.insert("content-type", #content_type);
                request.headers.insert("x-amz-target", #target);
                #query_mode
                #body
                #finish
                ::std::result::Result::Ok(request)
            }
        }
    }
}
