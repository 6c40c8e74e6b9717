//! Emit: IR + names → one `TokenStream` per generated Rust file.
//!
//! One module per concern: `shapes` (structures and enums), `builders`, `errors`, `ser` and
//! `de` (restJson1), `client` (client, fluent builders, crate skeleton), `paginators`,
//! `endpoints` (the endpoint resolver compiled from the rule set, with its tests). The shared [`Ctx`]
//! answers type questions (Rust type of a member, whether a field is optional, where a type
//! lives) so every emitter agrees. Only `quote!` and `format_ident!` write code here.

pub mod builders;
pub mod client;
pub mod de;
pub mod endpoints;
pub mod errors;
pub mod http;
pub mod paginators;
pub mod protocol_tests;
pub mod ser;
pub mod shapes;

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Ir, Kind, Member, Shape, ShapeId, TimestampFormat};
use crate::name::{MemberNames, Names};

/// The redaction text for `@sensitive` values, as the reference SDKs print it.
pub const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// Read-only context shared by the emitters.
pub struct Ctx<'a> {
    pub ir: &'a Ir,
    pub names: &'a Names,
    /// Operation input and output structures (emitted in their operation module).
    pub io: BTreeSet<ShapeId>,
    /// Operation input structures.
    pub inputs: BTreeSet<ShapeId>,
    /// Structures and enums emitted in `types` (reached as members), sorted.
    pub types: BTreeSet<ShapeId>,
    /// Error structures (emitted in `types::error`).
    pub errors: BTreeSet<ShapeId>,
    /// Shapes whose values are serialized (reached from inputs).
    pub serialized: BTreeSet<ShapeId>,
    /// Shapes whose values are deserialized (reached from outputs and errors).
    pub deserialized: BTreeSet<ShapeId>,
    /// The lowered endpoint rule set, when the service has one (see [`Ctx::with_endpoints`]).
    pub endpoints: Option<&'a crate::ir::endpoints::RuleSet>,
    /// Whether to emit the model's protocol compliance tests (see [`Ctx::with_protocol_tests`]).
    pub protocol_tests: bool,
}

impl<'a> Ctx<'a> {
    pub fn new(ir: &'a Ir, names: &'a Names) -> Self {
        let io: BTreeSet<ShapeId> = ir
            .operations
            .iter()
            .flat_map(|o| [o.input.clone(), o.output.clone()])
            .collect();
        let inputs: BTreeSet<ShapeId> = ir.operations.iter().map(|o| o.input.clone()).collect();
        let errors: BTreeSet<ShapeId> = ir
            .operations
            .iter()
            .flat_map(|o| o.errors.iter().cloned())
            .collect();
        let mut types = BTreeSet::new();
        for shape in ir.shapes.values() {
            for m in shape.kind.members() {
                let t = ir.shape(&m.target);
                if matches!(t.kind, Kind::Structure(_) | Kind::Union(_) | Kind::Enum(_))
                    && !errors.contains(&t.id)
                {
                    types.insert(t.id.clone());
                }
            }
        }
        // What the JSON (de)serializers must handle: the body and payload members of the
        // top-level shapes, and everything those reach. Members bound to the URI, query or
        // headers are written and read by the `http` emitter instead.
        let reach = |roots: Vec<&ShapeId>| {
            let mut seen = BTreeSet::new();
            let mut stack: Vec<ShapeId> = Vec::new();
            for root in roots {
                let in_json = |m: &&Member| {
                    matches!(
                        http::binding(m, None),
                        http::Binding::Body | http::Binding::Payload
                    )
                };
                stack.extend(
                    ir.shape(root)
                        .kind
                        .members()
                        .into_iter()
                        .filter(in_json)
                        .map(|m| m.target.clone()),
                );
            }
            while let Some(id) = stack.pop() {
                if !seen.insert(id.clone()) {
                    continue;
                }
                let s = ir.shape(&id);
                stack.extend(s.kind.members().into_iter().map(|m| m.target.clone()));
            }
            seen
        };
        let serialized = reach(ir.operations.iter().map(|o| &o.input).collect());
        let deserialized = reach(
            ir.operations
                .iter()
                .flat_map(|o| std::iter::once(&o.output).chain(o.errors.iter()))
                .collect(),
        );
        Ctx {
            ir,
            names,
            io,
            inputs,
            types,
            errors,
            serialized,
            deserialized,
            endpoints: None,
            protocol_tests: false,
        }
    }

    /// The context that also emits `src/protocol_tests.rs` (see [`protocol_tests`]).
    pub fn with_protocol_tests(self, protocol_tests: bool) -> Self {
        Ctx {
            protocol_tests,
            ..self
        }
    }

    /// The context with the service's lowered endpoint rule set (emits `src/endpoint.rs`).
    pub fn with_endpoints(self, endpoints: Option<&'a crate::ir::endpoints::RuleSet>) -> Self {
        Ctx { endpoints, ..self }
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
        if self.errors.contains(id) {
            quote!(crate::types::error::#name)
        } else {
            quote!(crate::types::#name)
        }
    }

    /// Path of the builder of a structure in `types` / `types::error`.
    pub fn builder_path(&self, id: &str) -> TokenStream {
        let name = format_ident!("{}Builder", self.names.type_name(id));
        if self.errors.contains(id) {
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
            Kind::Map { value, .. } => {
                let v = self.element_type(shape, value);
                quote!(::std::collections::HashMap<::std::string::String, #v>)
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
        if self.inputs.contains(&container.id) || self.errors.contains(&container.id) {
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

    /// A member's `@default` (on the member, else its target) when it is not `null`.
    pub fn default_value<'m>(&self, m: &'m Member) -> Option<&'m serde_json::Value>
    where
        'a: 'm,
    {
        let t = self.shape(&m.target);
        let d = m
            .traits
            .default
            .as_ref()
            .or(t.traits.default.as_ref())
            .filter(|v| !v.is_null());
        // The reference ignores defaults it cannot express as a value (documents, blobs).
        d.filter(|_| {
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

    /// The timestamp format of a member in a JSON body.
    pub fn timestamp_format(&self, m: &Member) -> TokenStream {
        self.timestamp_format_or(m, TimestampFormat::EpochSeconds)
    }

    /// The timestamp format of a member: its `@timestampFormat`, else its target's, else
    /// `default` (the protocol's for where the member is bound), as a runtime path.
    pub fn timestamp_format_or(&self, m: &Member, default: TimestampFormat) -> TokenStream {
        let f = m
            .traits
            .timestamp_format
            .or(self.shape(&m.target).traits.timestamp_format)
            .unwrap_or(default);
        match f {
            TimestampFormat::EpochSeconds => {
                quote!(::smithy_rt::primitives::TimestampFormat::EpochSeconds)
            }
            TimestampFormat::DateTime => quote!(::smithy_rt::primitives::TimestampFormat::DateTime),
            TimestampFormat::HttpDate => quote!(::smithy_rt::primitives::TimestampFormat::HttpDate),
        }
    }

    /// The JSON key of a member.
    pub fn wire_name<'m>(&self, m: &'m Member) -> &'m str {
        m.traits.json_name.as_deref().unwrap_or(&m.name)
    }

    /// Whether the type is `Copy` (accessors return it by value).
    pub fn is_copy(&self, id: &str) -> bool {
        self.shape(id).kind.is_number_or_bool()
    }

    /// `snake_case` stem used to name per-shape functions (`de_s3_logs`).
    pub fn fn_stem(&self, id: &str) -> String {
        let s = self.shape(id);
        let base = match self.io.contains(id) {
            true => s.name.clone(),
            false => self.names_type_or_shape(id),
        };
        heck::ToSnakeCase::to_snake_case(base.as_str())
    }

    fn names_type_or_shape(&self, id: &str) -> String {
        match self.shape(id).kind {
            Kind::Structure(_) | Kind::Union(_) | Kind::Enum(_) => {
                self.names.type_name(id).to_string()
            }
            // Lists and maps are not Rust types, but the service's `rename` names them too.
            _ => match self.ir.service.renames.get(id) {
                Some(renamed) => renamed.clone(),
                None => self.shape(id).name.clone(),
            },
        }
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
    files.insert("src/config.rs".into(), client::config_rs());
    files.insert("src/error.rs".into(), client::error_rs());
    files.insert("src/error_meta.rs".into(), client::error_meta_rs(ctx));
    files.insert("src/primitives.rs".into(), client::primitives_rs());
    files.insert("src/operation.rs".into(), client::operation_rs(ctx));
    if let Some(rule_set) = ctx.endpoints {
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
        client::protocol_serde_rs(ctx),
    );
    if ctx.protocol_tests {
        files.insert(
            "src/protocol_tests.rs".into(),
            protocol_tests::protocol_tests_rs(ctx),
        );
    }
    files
}
