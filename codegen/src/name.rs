//! Name: the only module that makes Rust identifiers from model names.
//!
//! In: the [`Ir`]. Out: [`Names`], a table from shapes, members, enum values and operations
//! to Rust identifiers, with the wire names left in the IR beside them. Rules:
//! - case conversion by heck (`s3BucketName` → `s3_bucket_name`, `TenancyType` stays);
//! - Rust keywords become raw identifiers (`type` → `r#type`), except the ones that cannot be
//!   raw (`self`, `super`, `crate`) and `extern`, which get a `_` suffix; `Self` as a type or
//!   variant name becomes `SelfValue`;
//! - names the generated API reserves get a documented rename: members `build`, `send`,
//!   `builder`, `meta`, `customize`, `as_input`, `config_override` and `into_paginator` become
//!   `<name>_value` (they would shadow the builder's and fluent builder's own methods), an
//!   enum value named `Unknown` becomes `UnknownValue` (the variant that keeps unknown wire
//!   values);
//! - an operation's module and client method are its name in snake case, with a `_` suffix
//!   when that is a keyword or one of the client's own methods (`Type` → `type_`, `Config` →
//!   `config_`);
//! - operation inputs and outputs are `<Operation>Input` / `<Operation>Output`, the operation
//!   error is `<Operation>Error` and its paginators `<Operation>Paginator` /
//!   `<Operation>PaginatorItems`;
//! - two model names that map to the same Rust name in one scope are an error, never a merge.

use std::collections::{BTreeMap, BTreeSet};

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::error::Error;
use crate::ir::{Ir, Kind, ShapeId};

/// Strict and reserved keywords of Rust 2021 (and `gen`, reserved in 2024).
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "gen",
];

/// Keywords that cannot be raw identifiers (plus `extern`, by house style).
const NOT_RAW: &[&str] = &["self", "super", "crate", "extern"];

/// Member names the generated builders and fluent builders use for their own methods.
pub const RESERVED_MEMBERS: &[&str] = &[
    "build",
    "send",
    "builder",
    "meta",
    "customize",
    "as_input",
    "config_override",
    "into_paginator",
];

/// Rust names of one member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MemberNames {
    /// Field, accessor and setter name; may be raw (`r#type`).
    pub field: String,
    /// The snake-case stem without `r#`, for `set_*`/`get_*`/`is_*`.
    pub stem: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationNames {
    /// `update_infrastructure_configuration`: module and client method.
    pub module: String,
    pub input: String,
    pub output: String,
    pub error: String,
    pub fluent: String,
    /// `<Op>Paginator` and `<Op>PaginatorItems`, in `operation::<op>::paginator` (emitted only
    /// for `@paginated` operations).
    pub paginator: String,
    pub paginator_items: String,
}

/// All identifiers of one run.
#[derive(Debug, Clone, Default)]
pub struct Names {
    types: BTreeMap<ShapeId, String>,
    members: BTreeMap<(ShapeId, String), MemberNames>,
    variants: BTreeMap<(ShapeId, String), String>,
    operations: BTreeMap<ShapeId, OperationNames>,
}

impl Names {
    pub fn type_name(&self, id: &str) -> &str {
        self.types
            .get(id)
            .map(String::as_str)
            .unwrap_or_else(|| panic!("internal invariant: {id} is named"))
    }
    pub fn member(&self, shape: &str, member: &str) -> &MemberNames {
        self.members
            .get(&(shape.to_string(), member.to_string()))
            .unwrap_or_else(|| panic!("internal invariant: {shape}${member} is named"))
    }
    pub fn variant(&self, shape: &str, member: &str) -> &str {
        self.variants
            .get(&(shape.to_string(), member.to_string()))
            .map(String::as_str)
            .unwrap_or_else(|| panic!("internal invariant: {shape}${member} is named"))
    }
    pub fn operation(&self, id: &str) -> &OperationNames {
        self.operations
            .get(id)
            .unwrap_or_else(|| panic!("internal invariant: {id} is named"))
    }
}

/// `snake_case` field name for a member, escaped.
pub fn field_name(member: &str) -> MemberNames {
    let stem = member.to_snake_case();
    let stem = if stem.is_empty() {
        "member".to_string()
    } else {
        stem
    };
    let stem = if RESERVED_MEMBERS.contains(&stem.as_str()) {
        format!("{stem}_value")
    } else {
        stem
    };
    let stem = if stem.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{stem}")
    } else {
        stem
    };
    let field = escape_snake(&stem);
    let stem = if NOT_RAW.contains(&stem.as_str()) {
        field.clone()
    } else {
        stem
    };
    MemberNames { field, stem }
}

fn escape_snake(s: &str) -> String {
    if NOT_RAW.contains(&s) {
        format!("{s}_")
    } else if KEYWORDS.contains(&s) {
        format!("r#{s}")
    } else {
        s.to_string()
    }
}

/// Methods the generated `Client` has besides one per operation.
pub const CLIENT_METHODS: &[&str] = &["config", "from_conf"];

/// The module (and client method) of an operation: its snake-case name, with a `_` suffix when
/// that is a keyword (`Type` → `type_`) or a method the client already has (`Config` →
/// `config_`, see [`CLIENT_METHODS`]); not a raw identifier, because the name also goes into file names and function
/// names (`ser_<module>_request`), where a raw identifier cannot.
pub fn operation_module(name: &str) -> String {
    let names = field_name(name);
    if names.field.starts_with("r#") || CLIENT_METHODS.contains(&names.stem.as_str()) {
        format!("{}_", names.stem)
    } else {
        names.stem
    }
}

/// `UpperCamelCase` type name.
pub fn type_name(name: &str) -> String {
    let n = name.to_upper_camel_case();
    match n.as_str() {
        "" => "Shape".to_string(),
        "Self" => "SelfValue".to_string(),
        _ if n.starts_with(|c: char| c.is_ascii_digit()) => format!("_{n}"),
        _ => n,
    }
}

/// Enum variant name for an enum member name.
pub fn variant_name(name: &str) -> String {
    match type_name(name).as_str() {
        "Unknown" => "UnknownValue".to_string(),
        other => other.to_string(),
    }
}

/// Names every shape, member and operation of `ir`, reporting collisions.
pub fn name(ir: &Ir) -> Result<Names, Vec<Error>> {
    let _span = tracing::debug_span!("name").entered();
    let mut names = Names::default();
    let mut errors = Vec::new();
    let io: BTreeSet<&str> = ir
        .operations
        .iter()
        .flat_map(|o| [o.input.as_str(), o.output.as_str()])
        .collect();

    // Type names share the `types` namespace (errors live in `types::error`, but the crate-wide
    // `Error` enum has one variant per error, so they must be distinct too).
    let mut taken: BTreeMap<String, &str> = BTreeMap::new();
    for shape in ir.shapes.values() {
        let named = matches!(
            shape.kind,
            Kind::Structure(_) | Kind::Union(_) | Kind::Enum(_)
        );
        if !named || shape.id.starts_with("smithy.api#") {
            continue;
        }
        let n = service_rename(ir, &shape.id).unwrap_or_else(|| type_name(&shape.name));
        if !io.contains(shape.id.as_str()) || shape.traits.error.is_some() {
            if let Some(other) = taken.insert(n.clone(), &shape.id) {
                errors.push(Error::Model {
                    location: shape.id.clone(),
                    message: format!("Rust type name `{n}` is also the name of {other}; add a `rename` on the service"),
                });
            }
        }
        names.types.insert(shape.id.clone(), n);
    }
    for op in &ir.operations {
        let n = type_name(&op.name);
        let o = OperationNames {
            module: operation_module(&op.name),
            input: format!("{n}Input"),
            output: format!("{n}Output"),
            error: format!("{n}Error"),
            fluent: format!("{n}FluentBuilder"),
            paginator: format!("{n}Paginator"),
            paginator_items: format!("{n}PaginatorItems"),
        };
        names.operations.insert(op.id.clone(), o);
    }

    for shape in ir.shapes.values() {
        match &shape.kind {
            Kind::Structure(members) | Kind::Union(members) => {
                let mut seen: BTreeMap<String, &str> = BTreeMap::new();
                for m in members {
                    let mn = field_name(&m.name);
                    let methods = [
                        mn.stem.clone(),
                        format!("set_{}", mn.stem),
                        format!("get_{}", mn.stem),
                    ];
                    for method in methods {
                        if let Some(other) = seen.insert(method.clone(), &m.name) {
                            errors.push(collision(&shape.id, &m.name, &method, other));
                        }
                    }
                    names.members.insert((shape.id.clone(), m.name.clone()), mn);
                    if matches!(shape.kind, Kind::Union(_)) {
                        names
                            .variants
                            .insert((shape.id.clone(), m.name.clone()), variant_name(&m.name));
                    }
                }
            }
            Kind::Enum(values) => {
                let mut seen: BTreeMap<String, &str> = BTreeMap::new();
                for v in values {
                    let vn = variant_name(&v.name);
                    if let Some(other) = seen.insert(vn.clone(), &v.name) {
                        errors.push(collision(&shape.id, &v.name, &vn, other));
                    }
                    names
                        .variants
                        .insert((shape.id.clone(), v.name.clone()), vn);
                }
            }
            _ => {}
        }
    }
    if errors.is_empty() {
        Ok(names)
    } else {
        Err(errors)
    }
}

/// The per-shape and per-operation functions of `protocol_serde.rs` (`ser_<shape>`,
/// `de_<shape>`, `de_<error>_error`, `ser_<op>_request`, `de_<op>_response`, ...) are named
/// from shape names in snake case, so two shapes whose names differ only in case or `_`
/// (`SecurityGroupIds` and `SecurityGroupIds_`, or one name in two namespaces), or a shape named
/// like an operation's function (`ListFooResponse` used as a member), would define one function
/// twice. That is an error naming both, never a merge; the service's `rename` resolves it.
///
/// It also refuses an error shape whose type would be named `Unhandled`: every error enum
/// keeps that variant for errors the model does not describe.
pub fn check_functions(ctx: &crate::emit::Ctx) -> Result<(), Vec<Error>> {
    let mut errors = Vec::new();
    for id in &ctx.errors {
        if ctx.names.type_name(id) == "Unhandled" {
            errors.push(Error::Model {
                location: id.clone(),
                message:
                    "an error named `Unhandled` would clash with the `Unhandled` variant that \
                          every error enum keeps for unmodeled errors; give it another name with \
                          the service's `rename`"
                        .into(),
            });
        }
    }
    let mut modules: BTreeMap<&str, &str> = BTreeMap::new();
    for op in &ctx.ir.operations {
        let m = &ctx.names.operation(&op.id).module;
        if let Some(first) = modules.insert(m, &op.id) {
            errors.push(Error::Model {
                location: op.id.clone(),
                message: format!(
                    "Rust module name `{m}` is also the module of operation {first}; give one of \
                     them another name with the service's `rename`"
                ),
            });
        }
    }
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    let mut claim = |function: String, owner: &str, location: &str| match owners.get(&function) {
        Some(first) if first != owner => errors.push(Error::Model {
            location: location.to_string(),
            message: format!(
                "the generated function `{function}` would be defined twice, for this shape \
                     and for {first}; give one of them another name with the service's `rename`"
            ),
        }),
        Some(_) => {}
        None => {
            owners.insert(function, owner.to_string());
        }
    };
    for op in &ctx.ir.operations {
        let m = &ctx.names.operation(&op.id).module;
        let owner = format!("operation {}", op.id);
        for f in [
            "ser_{}_request",
            "de_{}_response",
            "de_{}_output",
            "de_{}_error_response",
        ] {
            claim(f.replace("{}", m), &owner, &op.id);
        }
    }
    for id in &ctx.types {
        if matches!(ctx.shape(id).kind, Kind::Structure(_) | Kind::Union(_))
            && ctx.serialized.contains(id)
        {
            claim(format!("ser_{}", ctx.fn_stem(id)), id, id);
        }
    }
    for id in &ctx.deserialized {
        let kind = &ctx.shape(id).kind;
        let emitted = matches!(kind, Kind::List(_) | Kind::Map { .. })
            || matches!(kind, Kind::Structure(_) | Kind::Union(_)) && ctx.types.contains(id);
        if emitted {
            claim(format!("de_{}", ctx.fn_stem(id)), id, id);
        }
    }
    for id in &ctx.errors {
        claim(format!("de_{}_error", ctx.fn_stem(id)), id, id);
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

fn collision(shape: &str, member: &str, rust: &str, other: &str) -> Error {
    Error::Model {
        location: format!("{shape}${member}"),
        message: format!("Rust name `{rust}` collides with the one generated for member `{other}`"),
    }
}

fn service_rename(ir: &Ir, id: &str) -> Option<String> {
    ir.service.renames.get(id).map(|n| type_name(n))
}

/// The name of the generated unit test for endpoint test case `index` (1-based):
/// `test_<index>_<documentation in snake case>`, the documentation cut at a word to at most 80
/// characters of ASCII letters, digits and `_`.
pub fn endpoint_test_name(index: usize, docs: Option<&str>) -> String {
    let snake: String = docs
        .unwrap_or_default()
        .to_snake_case()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let mut stem = String::new();
    for word in snake.split('_').filter(|w| !w.is_empty()) {
        if !stem.is_empty() && stem.len() + 1 + word.len() > 80 {
            break;
        }
        if !stem.is_empty() {
            stem.push('_');
        }
        stem.push_str(word);
    }
    stem.truncate(80);
    if stem.is_empty() {
        format!("test_{index}")
    } else {
        format!("test_{index}_{stem}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_keyword_is_escaped() {
        for kw in KEYWORDS {
            let n = field_name(kw);
            let parsed: Result<syn::Ident, _> = syn::parse_str(&n.field);
            assert!(
                parsed.is_ok(),
                "{kw} -> {} must be a valid identifier",
                n.field
            );
            if NOT_RAW.contains(kw) {
                assert_eq!(n.field, format!("{kw}_"));
            } else if kw.chars().all(|c| c.is_ascii_lowercase()) {
                assert_eq!(n.field, format!("r#{kw}"), "{kw}");
                assert_eq!(n.stem, *kw);
            }
        }
    }

    #[test]
    fn operation_modules_are_never_keywords_or_client_methods() {
        assert_eq!(operation_module("UpdateThing"), "update_thing");
        for (op, module) in [
            ("Type", "type_"),
            ("Match", "match_"),
            ("Self", "self_"),
            ("Try", "try_"),
            ("Config", "config_"),
            ("FromConf", "from_conf_"),
        ] {
            assert_eq!(operation_module(op), module);
            assert!(syn::parse_str::<syn::Ident>(module).is_ok(), "{module}");
        }
    }

    #[test]
    fn case_conversion() {
        assert_eq!(field_name("s3BucketName").field, "s3_bucket_name");
        assert_eq!(
            field_name("hostResourceGroupArn").field,
            "host_resource_group_arn"
        );
        assert_eq!(field_name("type").field, "r#type");
        assert_eq!(field_name("type").stem, "type");
        assert_eq!(field_name("self").field, "self_");
        assert_eq!(field_name("build").field, "build_value");
        assert_eq!(type_name("S3Logs"), "S3Logs");
        assert_eq!(type_name("Self"), "SelfValue");
        assert_eq!(variant_name("SELF"), "SelfValue");
        assert_eq!(variant_name("DEFAULT"), "Default");
        assert_eq!(variant_name("UNKNOWN"), "UnknownValue");
    }

    #[test]
    fn endpoint_test_names() {
        assert_eq!(
            endpoint_test_name(
                1,
                Some("For region us-east-1 with FIPS enabled and DualStack enabled")
            ),
            "test_1_for_region_us_east_1_with_fips_enabled_and_dual_stack_enabled"
        );
        assert_eq!(
            endpoint_test_name(27, Some("Missing region")),
            "test_27_missing_region"
        );
        assert_eq!(endpoint_test_name(3, None), "test_3");
        assert_eq!(endpoint_test_name(4, Some("ünïcode: é!")), "test_4_ncode");
        let long = endpoint_test_name(5, Some(&"word ".repeat(40)));
        assert!(long.len() <= "test_5_".len() + 80, "{long}");
        assert!(!long.ends_with('_'), "{long}");
    }
}
