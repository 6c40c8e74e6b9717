//! Protocols: how the requests, responses and errors of one wire protocol are written. This is
//! the only part of the generator that knows a protocol; everything in [`crate::emit`] is
//! shared.
//!
//! In: the resolved IR (every member's [`Location`](crate::ir::Location) already decided by
//! lowering for the service's protocol) and the names. Out: `src/protocol_serde.rs`: the
//! runtime rules the service's responses are read with (`PROTOCOL`), and per operation its
//! request serializer (`ser_<op>_request`), per output and error its reader, per shape the
//! body codec's serializers and deserializers.
//!
//! A protocol is one module implementing [`Protocol`]: `rest_json1`, `aws_json` (1.0 and
//! 1.1), `rpcv2_cbor`. They share the body documents of [`document`] (JSON or CBOR, by
//! [`Codec`]), the HTTP bindings of [`http`] and the response readers of [`response`]. The runtime side of each
//! protocol is `smithy_rt::protocol` (error-code rules) and its codec module.

pub mod aws_json;
pub mod document;
pub mod http;
pub mod response;
pub mod rest_json1;
pub mod rpcv2_cbor;

use proc_macro2::TokenStream;
use quote::quote;

pub use document::Codec;

use crate::emit::{ident, Ctx};
use crate::ir::{Kind, Operation};

/// One wire protocol.
pub trait Protocol {
    /// The body codec.
    fn codec(&self) -> Codec;
    /// The runtime's rules for the protocol: an expression of type
    /// `smithy_rt::protocol::Protocol` (before the `awsQueryCompatible` modifier).
    fn runtime_rules(&self) -> TokenStream;
    /// `ser_<op>_request`: the HTTP request of an operation input, as a function
    /// `fn(&Input) -> Result<HttpRequest, BuildError>`.
    fn request(&self, ctx: &Ctx, op: &Operation) -> TokenStream;
}

/// The protocol module of the service's protocol.
pub fn for_ctx(ctx: &Ctx) -> &'static dyn Protocol {
    match ctx.ir.protocol.protocol {
        crate::ir::Protocol::RestJson1 => &rest_json1::RestJson1,
        crate::ir::Protocol::AwsJson1_0 => &aws_json::AWS_JSON_1_0,
        crate::ir::Protocol::AwsJson1_1 => &aws_json::AWS_JSON_1_1,
        crate::ir::Protocol::RpcV2Cbor => &rpcv2_cbor::RpcV2Cbor,
    }
}

/// Statements every protocol's request function ends with, after the body is set: the
/// `@httpChecksumRequired` MD5 and the AWS SDK customizations of the operation.
pub fn finish_request(op: &Operation) -> TokenStream {
    let checksum = op.checksum_required.then(|| {
        quote! {
            request.headers.insert_if_absent_with("content-md5", || ::smithy_rt::checksum::content_md5(&request.body));
        }
    });
    let custom = &op.customizations;
    let custom_headers = custom.headers.iter().map(|(name, value)| {
        quote! {
            request.headers.insert_if_absent(#name, #value);
        }
    });
    let glacier_checksums = custom.glacier_checksums.then(|| {
        quote! {
            request.headers.insert_if_absent_with("x-amz-content-sha256", || ::smithy_rt::checksum::sha256_hex(&request.body));
            request.headers.insert_if_absent_with("x-amz-sha256-tree-hash", || ::smithy_rt::checksum::tree_hash_hex(&request.body));
        }
    });
    quote! {
        #(#custom_headers)*
        #checksum
        #glacier_checksums
    }
}

/// `src/protocol_serde.rs`: the protocol's rules, every request serializer, response and error
/// reader, and the body codec's functions.
pub fn protocol_serde_rs(ctx: &Ctx) -> TokenStream {
    let protocol = for_ctx(ctx);
    let codec = protocol.codec();
    let rules = protocol.runtime_rules();
    let rules = if ctx.ir.protocol.query_compatible {
        quote!(#rules.query_compatible())
    } else {
        rules
    };
    let mut items = Vec::new();
    for op in &ctx.ir.operations {
        items.push(protocol.request(ctx, op));
        items.extend(http::host_prefix_fn(ctx, op));
        items.push(response::output_fn(ctx, codec, op));
    }
    for id in &ctx.ir.serialized {
        let shape = ctx.shape(id);
        if matches!(shape.kind, Kind::Structure(_) | Kind::Union(_)) && ctx.ir.types.contains(id) {
            items.push(document::serializer(ctx, codec, shape));
        }
    }
    for id in &ctx.ir.deserialized {
        let shape = ctx.shape(id);
        let aggregate = matches!(shape.kind, Kind::List(_) | Kind::Map { .. })
            || matches!(shape.kind, Kind::Structure(_) | Kind::Union(_))
                && ctx.ir.types.contains(id);
        if aggregate {
            items.push(document::deserializer(ctx, codec, shape));
        }
    }
    for id in ctx.ir.errors.keys() {
        items.push(response::error_fn(ctx, codec, ctx.shape(id)));
    }
    let doc = format!(
        " {} serializers and deserializers.",
        ctx.ir
            .protocol
            .protocol
            .trait_id()
            .rsplit('#')
            .next()
            .unwrap_or_default()
    );
    quote! {
        #![doc = #doc]

        /// The rules the service's responses are read with.
        pub(crate) const PROTOCOL: ::smithy_rt::protocol::Protocol = #rules;

        #(#items)*
    }
}

/// The `crate::operation::<op>::<Input>` path of an operation's input.
pub fn input_path(ctx: &Ctx, op: &Operation) -> TokenStream {
    let names = ctx.names.operation(&op.id);
    let module = ident(&names.module);
    let input_ty = ident(&names.input);
    quote!(crate::operation::#module::#input_ty)
}
