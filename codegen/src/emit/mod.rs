//! Emit: IR + names → one `TokenStream` per generated Rust file.
//!
//! One module per concern, none of which knows a protocol: `shapes` (structures and enums),
//! `builders`, `errors`, `client` (client, fluent builders, crate skeleton, the send path),
//! `config` (the configuration re-exports and the client context parameters' setters),
//! `paginators`, `endpoints` (the endpoint resolver compiled from the rule set, with its
//! tests), `protocol_tests` (the model's compliance cases as tests). The wire code of
//! `src/protocol_serde.rs` comes from the service's protocol module ([`crate::protocol`]).
//! The shared [`Ctx`] answers type questions (Rust type of a member, whether a field is
//! optional, where a type lives) so every emitter agrees. Emitters read the resolved IR and the
//! names; they decide no model semantics. Only `quote!` and `format_ident!` write code here.

pub mod builders;
pub mod client;
pub mod config;
pub mod endpoints;
pub mod errors;
pub mod first_call;
pub mod paginators;
pub mod protocol_tests;
pub mod shapes;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::ir::{DefaultValue, Ir, Kind, Member, Shape, ShapeId, TimestampFormat};
use crate::name::{MemberNames, Names};

/// The redaction text for `@sensitive` values, as the reference SDKs print it.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// Read-only context shared by the emitters.
pub struct Ctx<'a> {
    pub ir: &'a Ir,
    pub names: &'a Names,
    /// Operation input and output structures (emitted in their operation module).
    io: BTreeSet<ShapeId>,
    /// Operation input structures.
    inputs: BTreeSet<ShapeId>,
    /// Whether to emit the model's protocol compliance tests (see [`Ctx::with_protocol_tests`]).
    pub protocol_tests: bool,
    /// The generated crate's package name, for doc examples (see [`Ctx::with_crate_name`]).
    pub crate_name: String,
}

impl<'a> Ctx<'a> {
    pub fn new(ir: &'a Ir, names: &'a Names) -> Self {
        Ctx {
            ir,
            names,
            io: ir
                .operations
                .iter()
                .flat_map(|o| [o.input.clone(), o.output.clone()])
                .collect(),
            inputs: ir.operations.iter().map(|o| o.input.clone()).collect(),
            protocol_tests: false,
            crate_name: crate::package_name(&ir.service.sdk_id),
        }
    }

    /// The context of a crate with package name `crate_name` (default: from the sdkId).
    pub fn with_crate_name(self, crate_name: &str) -> Self {
        Ctx {
            crate_name: crate_name.to_string(),
            ..self
        }
    }

    /// The context that also emits `src/protocol_tests.rs` (see [`protocol_tests`]).
    pub fn with_protocol_tests(self, protocol_tests: bool) -> Self {
        Ctx {
            protocol_tests,
            ..self
        }
    }

    /// Whether `id` is an operation input or output (emitted in its operation's module).
    pub fn is_io(&self, id: &str) -> bool {
        self.io.contains(id)
    }

    /// Whether `id` is a modeled error structure (emitted in `types::error`).
    pub fn is_error(&self, id: &str) -> bool {
        self.ir.errors.contains_key(id)
    }

    pub fn shape(&self, id: &str) -> &'a Shape {
        self.ir.shape(id)
    }

    pub fn member_names(&self, shape: &Shape, m: &Member) -> &'a MemberNames {
        self.names.member(&shape.id, &m.name)
    }

    /// Path of a named type in `types` or `types::error`.
    pub fn type_path(&self, id: &str) -> TokenStream {
        let name = ident(self.names.type_name(id));
        if self.is_error(id) {
            quote!(crate::types::error::#name)
        } else {
            quote!(crate::types::#name)
        }
    }

    /// Path of the builder of a structure in `types` / `types::error`.
    pub fn builder_path(&self, id: &str) -> TokenStream {
        let name = ident(self.names.builder(id));
        if self.is_error(id) {
            quote!(crate::types::error::builders::#name)
        } else {
            quote!(crate::types::builders::#name)
        }
    }

    /// The element type of a list, or the value type of a map: `Option<T>` when the
    /// collection is `@sparse`.
    pub fn element_type(&self, collection: &Shape, m: &Member) -> TokenStream {
        let t = self.value_type(&m.target);
        if collection.traits.sparse {
            quote!(::std::option::Option<#t>)
        } else {
            t
        }
    }

    /// The Rust type of a value of shape `id` (no `Option`, no `Box`).
    pub fn value_type(&self, id: &str) -> TokenStream {
        let shape = self.shape(id);
        match &shape.kind {
            Kind::Blob if shape.traits.streaming => quote!(::smithy_rt::primitives::ByteStream),
            Kind::Blob => quote!(::smithy_rt::primitives::Blob),
            Kind::Boolean => quote!(bool),
            Kind::String => quote!(::std::string::String),
            Kind::Byte => quote!(i8),
            Kind::Short => quote!(i16),
            Kind::Integer | Kind::IntEnum(_) => quote!(i32),
            Kind::Long => quote!(i64),
            Kind::Float => quote!(f32),
            Kind::Double => quote!(f64),
            Kind::Timestamp => quote!(::smithy_rt::primitives::DateTime),
            Kind::Document => quote!(::smithy_rt::primitives::Document),
            Kind::Enum(_) | Kind::Structure(_) | Kind::Union(_) => self.type_path(id),
            Kind::List(m) => {
                let item = self.element_type(shape, m);
                quote!(::std::vec::Vec<#item>)
            }
            Kind::Map { key, value } => {
                // An enum key is the enum (`HashMap<QueueAttributeName, String>`), as in the
                // AWS SDKs; its unknown values still round-trip through `Unknown`.
                let k = self.value_type(&key.target);
                let v = self.element_type(shape, value);
                quote!(::std::collections::HashMap<#k, #v>)
            }
            Kind::BigInteger | Kind::BigDecimal | Kind::Unit => {
                unreachable!(
                    "lowering rejects {} before emission",
                    shape.kind.type_name()
                )
            }
        }
    }

    /// The field type of a member without the `Option` (boxed when recursive).
    pub fn field_type(&self, m: &Member) -> TokenStream {
        let t = self.value_type(&m.target);
        if m.boxed {
            quote!(::std::boxed::Box<#t>)
        } else {
            t
        }
    }

    /// Whether a member's field is an `Option`. Operation inputs keep every member optional
    /// (validation happens in `build()`); elsewhere a required or defaulted member is not. A
    /// streaming payload never is: unset, it is an empty [`ByteStream`] (as in the reference).
    ///
    /// [`ByteStream`]: https://docs.rs/aws-smithy-types/latest/aws_smithy_types/byte_stream/struct.ByteStream.html
    pub fn is_optional(&self, container: &Shape, m: &Member) -> bool {
        if self.is_streaming(m) {
            return false;
        }
        if self.inputs.contains(&container.id) || self.is_error(&container.id) {
            return true;
        }
        if m.traits.client_optional || matches!(container.kind, Kind::Union(_)) {
            return true;
        }
        !(m.traits.required || self.default_value(m).is_some())
    }

    /// Whether `build()` must have a value for `m`: a non-optional member with no default
    /// that is not a (possibly empty) stream. The builder refuses to build without it, and the
    /// deserializer fills it in with a zero value when the service leaves it out.
    pub fn must_be_set(&self, shape: &Shape, m: &Member) -> bool {
        !self.is_optional(shape, m) && self.default_value(m).is_none() && !self.is_streaming(m)
    }

    /// Whether the member is a `@streaming` blob (a `ByteStream` field, empty by default).
    pub fn is_streaming(&self, m: &Member) -> bool {
        let t = self.shape(&m.target);
        t.traits.streaming && matches!(t.kind, Kind::Blob)
    }

    /// A member's `@default` when its field can carry it: the reference SDK leaves fields of
    /// documents, blobs, structures and unions optional whatever their default says.
    pub fn default_value<'m>(&self, m: &'m Member) -> Option<&'m DefaultValue>
    where
        'a: 'm,
    {
        let t = self.shape(&m.target);
        m.default.as_ref().filter(|_| {
            !matches!(
                t.kind,
                Kind::Document | Kind::Blob | Kind::Structure(_) | Kind::Union(_)
            )
        })
    }

    /// Whether values of this member must be redacted in `Debug`.
    pub fn is_sensitive(&self, m: &Member) -> bool {
        if m.traits.sensitive {
            return true;
        }
        let t = self.shape(&m.target);
        t.traits.sensitive
            || t.kind.members().iter().any(|inner| {
                matches!(t.kind, Kind::List(_) | Kind::Map { .. })
                    && self.shape(&inner.target).traits.sensitive
            })
    }

    /// A setter parameter for a value of shape `target` whose Rust type is `ty`: strings take
    /// `impl Into<String>` (as the reference SDK's setters do), everything else its own type.
    /// Returns the parameter type and the expression that turns `input` into `ty`.
    pub fn setter_param(
        &self,
        ty: &TokenStream,
        target: &str,
        input: &Ident,
    ) -> (TokenStream, TokenStream) {
        if matches!(self.shape(target).kind, Kind::String)
            && ty.to_string() == quote!(::std::string::String).to_string()
        {
            (
                quote!(impl ::std::convert::Into<#ty>),
                quote!(#input.into()),
            )
        } else {
            (ty.clone(), quote!(#input))
        }
    }

    /// A timestamp format as a runtime path.
    pub fn timestamp_format(&self, format: TimestampFormat) -> TokenStream {
        match format {
            TimestampFormat::EpochSeconds => {
                quote!(::smithy_rt::primitives::TimestampFormat::EpochSeconds)
            }
            TimestampFormat::DateTime => quote!(::smithy_rt::primitives::TimestampFormat::DateTime),
            TimestampFormat::HttpDate => quote!(::smithy_rt::primitives::TimestampFormat::HttpDate),
        }
    }

    /// Whether the type is `Copy` (accessors return it by value).
    pub fn is_copy(&self, id: &str) -> bool {
        self.shape(id).kind.is_number_or_bool()
    }

    /// Structures whose fields are named by members, in `types` order.
    pub fn members_of(&self, id: &str) -> &'a [Member] {
        match &self.shape(id).kind {
            Kind::Structure(ms) | Kind::Union(ms) => ms,
            _ => &[],
        }
    }
}

/// An identifier from generated-name text, raw when it starts with `r#`.
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[deprecated]` for an item whose shape, member or operation has `@deprecated` (with its
/// message and version), else nothing.
pub fn deprecated(traits: &crate::ir::Traits) -> TokenStream {
    deprecated_attr(traits.deprecated.as_ref())
}

/// `#[deprecated(..)]` from a `@deprecated` value, else nothing.
pub fn deprecated_attr(deprecated: Option<&crate::ir::Deprecated>) -> TokenStream {
    let Some(d) = deprecated else {
        return quote!();
    };
    let note = d.message.as_deref().map(|m| quote!(note = #m));
    let since = d.since.as_deref().map(|s| quote!(since = #s));
    match (note, since) {
        (None, None) => quote!(#[deprecated]),
        (Some(n), None) => quote!(#[deprecated(#n)]),
        (None, Some(s)) => quote!(#[deprecated(#s)]),
        (Some(n), Some(s)) => quote!(#[deprecated(#s, #n)]),
    }
}

/// `#[doc = "..."]` lines from model HTML (or a sentence saying there is none).
pub fn docs(html: Option<&str>, what: &str) -> TokenStream {
    let text = crate::docs::doc_or_missing(html, what);
    doc_lines(&text)
}

/// `#[doc = "..."]` attributes from Markdown text, one per line.
pub fn doc_lines(text: &str) -> TokenStream {
    let lines = text.lines().map(|l| {
        if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        }
    });
    quote!(#( #[doc = #lines] )*)
}

/// A literal `&str` token.
pub fn lit(s: &str) -> proc_macro2::Literal {
    proc_macro2::Literal::string(s)
}

/// Per-file token streams, keyed by path, built by the emitters.
pub type Emitted = BTreeMap<String, TokenStream>;

/// Every generated Rust file of the crate, keyed by path relative to the crate root.
pub fn emit(ctx: &Ctx) -> Emitted {
    let mut files = Emitted::new();
    files.insert("src/lib.rs".into(), client::lib_rs(ctx));
    files.insert("src/client.rs".into(), client::client_rs(ctx));
    files.insert("src/config.rs".into(), config::config_rs(ctx));
    files.insert("src/error.rs".into(), client::error_rs());
    files.insert("src/error_meta.rs".into(), client::error_meta_rs(ctx));
    files.insert("src/primitives.rs".into(), client::primitives_rs());
    files.insert("src/operation.rs".into(), client::operation_rs(ctx));
    if let Some(rule_set) = &ctx.ir.endpoints {
        files.insert(
            "src/endpoint.rs".into(),
            endpoints::endpoint_rs(ctx, rule_set),
        );
    }
    for op in &ctx.ir.operations {
        let m = &ctx.names.operation(&op.id).module;
        files.insert(
            format!("src/operation/{m}.rs"),
            client::operation_module(ctx, op),
        );
        files.insert(
            format!("src/operation/{m}/builders.rs"),
            client::operation_builders(ctx, op),
        );
        if let Some(paginator) = paginators::paginator_rs(ctx, op) {
            files.insert(format!("src/operation/{m}/paginator.rs"), paginator);
        }
    }
    let (types, type_builders, errors, error_builders) = client::types_rs(ctx);
    files.insert("src/types.rs".into(), types);
    files.insert("src/types/builders.rs".into(), type_builders);
    files.insert("src/types/error.rs".into(), errors);
    files.insert("src/types/error/builders.rs".into(), error_builders);
    files.insert(
        "src/protocol_serde.rs".into(),
        crate::protocol::protocol_serde_rs(ctx),
    );
    if ctx.protocol_tests {
        files.insert(
            "src/protocol_tests.rs".into(),
            protocol_tests::protocol_tests_rs(ctx),
        );
    }
    files
}
