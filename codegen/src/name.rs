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
//! - a client context parameter (`smithy.rules#clientContextParams`) gets config methods named
//!   after it in snake case (`ForcePathStyle` → `force_path_style`, `set_force_path_style`),
//!   with a `_param` suffix when that is a method the runtime's config `Builder` or `Config`
//!   already has (see [`CONFIG_METHODS`]; `Region` → `region_param`);
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
    /// The snake-case stem without `r#`.
    pub stem: String,
    /// The builders' `set_<stem>` (replace the value).
    pub set: String,
    /// The builders' `get_<stem>` (read the value).
    pub get: String,
    /// A union's `as_<stem>` (the variant's value or `Err(self)`).
    pub as_fn: String,
    /// A union's `is_<stem>`.
    pub is_fn: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationNames {
    /// `update_infrastructure_configuration`: module and client method.
    pub module: String,
    pub input: String,
    pub output: String,
    pub input_builder: String,
    pub output_builder: String,
    pub error: String,
    pub fluent: String,
    /// `protocol_serde::ser_<module>_request`: the request of an input.
    pub ser_request: String,
    /// `protocol_serde::de_<module>_output`: the output of a success response.
    pub de_output: String,
    /// `protocol_serde::host_prefix_<module>`, for operations with a host prefix.
    pub host_prefix: String,
    /// `<Op>Paginator` and `<Op>PaginatorItems`, in `operation::<op>::paginator` (emitted only
    /// for `@paginated` operations).
    pub paginator: String,
    pub paginator_items: String,
}

/// All identifiers of one run.
#[derive(Debug, Clone, Default)]
pub struct Names {
    types: BTreeMap<ShapeId, String>,
    builders: BTreeMap<ShapeId, String>,
    members: BTreeMap<(ShapeId, String), MemberNames>,
    variants: BTreeMap<(ShapeId, String), String>,
    operations: BTreeMap<ShapeId, OperationNames>,
    /// `is_<error>` of the error enums.
    error_checks: BTreeMap<ShapeId, String>,
    /// `ser_<shape>` body serializers.
    serializers: BTreeMap<ShapeId, String>,
    /// `de_<shape>` body deserializers.
    deserializers: BTreeMap<ShapeId, String>,
    /// `de_<error>_error` error deserializers.
    error_deserializers: BTreeMap<ShapeId, String>,
    /// The `#[test]` of each protocol test case, in `Ir::protocol_tests` order.
    protocol_tests: Vec<String>,
    /// The config methods of each client context parameter, by rule-set parameter name.
    client_context: BTreeMap<String, ClientContextNames>,
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
    /// The config methods of the client context parameter `param` (a rule-set name).
    pub fn client_context(&self, param: &str) -> &ClientContextNames {
        self.client_context.get(param).unwrap_or_else(|| {
            panic!("internal invariant: client context parameter {param} is named")
        })
    }
    pub fn operation(&self, id: &str) -> &OperationNames {
        self.operations
            .get(id)
            .unwrap_or_else(|| panic!("internal invariant: {id} is named"))
    }
    /// The builder type of a structure in `types` or `types::error`.
    pub fn builder(&self, id: &str) -> &str {
        lookup(&self.builders, id, "builder")
    }
    /// `is_<error>` on the error enums that hold error `id`.
    pub fn error_check(&self, id: &str) -> &str {
        lookup(&self.error_checks, id, "error check")
    }
    /// The body serializer of structure or union `id`.
    pub fn serializer(&self, id: &str) -> &str {
        lookup(&self.serializers, id, "serializer")
    }
    /// The body deserializer of structure, union, list or map `id`.
    pub fn deserializer(&self, id: &str) -> &str {
        lookup(&self.deserializers, id, "deserializer")
    }
    /// The deserializer of error structure `id`.
    pub fn error_deserializer(&self, id: &str) -> &str {
        lookup(&self.error_deserializers, id, "error deserializer")
    }
    /// The `#[test]` of protocol test case `index` of `Ir::protocol_tests`.
    pub fn protocol_test(&self, index: usize) -> &str {
        &self.protocol_tests[index]
    }
}

fn lookup<'a>(map: &'a BTreeMap<ShapeId, String>, id: &str, what: &str) -> &'a str {
    map.get(id)
        .map(String::as_str)
        .unwrap_or_else(|| panic!("internal invariant: {id} has a {what} name"))
}

/// The generated functions of `protocol_serde.rs` share one namespace; each name is claimed in
/// a fixed order (operations, then serializers, deserializers and error deserializers by shape
/// id), and a name claimed before gets the first free `_2`, `_3`, ... suffix, so two shapes
/// whose names differ only in case or `_` (or a shape named like an operation's function, as in
/// Glacier's `DescribeVaultOutput`) still get a function each.
#[derive(Default)]
struct Functions(BTreeSet<String>);

impl Functions {
    fn claim(&mut self, wanted: String) -> String {
        if self.0.insert(wanted.clone()) {
            return wanted;
        }
        let mut n = 2;
        loop {
            let candidate = format!("{wanted}_{n}");
            if self.0.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
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
    MemberNames {
        set: format!("set_{stem}"),
        get: format!("get_{stem}"),
        as_fn: format!("as_{stem}"),
        is_fn: format!("is_{stem}"),
        field,
        stem,
    }
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

/// Methods of the runtime's `smithy_rt::config::Builder` and `Config` (inherent, and those of
/// the std traits they implement), which the generated config extension traits must neither
/// shadow nor be shadowed by. A unit test keeps the list in step with `runtime/src/config*`.
pub const CONFIG_METHODS: &[&str] = &[
    // Config and Builder (both have most settings: the builder's setter, the config's getter).
    "account_id_endpoint_mode",
    "behavior_version",
    "build",
    "builder",
    "client_context_param",
    "client_context_params",
    "client_skew",
    "credentials_provider",
    "disable_request_compression",
    "endpoint_url",
    "from_env",
    "from_sdk_config",
    "get_client_context_param",
    "http_client",
    "idempotency_token_provider",
    "max_response_body_size",
    "new",
    "override_config",
    "rate_limiter",
    "region",
    "request_min_compression_size_bytes",
    "retry_config",
    "retry_jitter",
    "set_account_id_endpoint_mode",
    "set_behavior_version",
    "set_client_context_param",
    "set_credentials_provider",
    "set_disable_request_compression",
    "set_endpoint_url",
    "set_http_client",
    "set_idempotency_token_provider",
    "set_max_response_body_size",
    "set_region",
    "set_request_min_compression_size_bytes",
    "set_retry_config",
    "set_sleep_impl",
    "set_timeout_config",
    "set_use_dual_stack",
    "set_use_fips",
    "sleep_impl",
    "then",
    "timeout_config",
    "to_builder",
    "token_bucket",
    "use_dual_stack",
    "use_fips",
    // std traits (`Clone`, `Debug`, `From`/`Into`, `ToOwned`, `Borrow`, `Any`).
    "borrow",
    "borrow_mut",
    "clone",
    "clone_from",
    "fmt",
    "into",
    "to_owned",
    "try_into",
    "type_id",
];

/// Rust names of one client context parameter's methods in the generated `config` module.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientContextNames {
    /// `force_path_style`: the builder's setter (`fn force_path_style(self, bool) -> Self`)
    /// and the config's getter; may be raw (`r#type`).
    pub method: String,
    /// `set_force_path_style`: the builder's setter of an `Option`.
    pub set: String,
}

/// The config methods of the client context parameter `param` (a rule-set name): its
/// snake-case name, escaped like a field, with a `_param` suffix when that name or its
/// `set_` form is one of [`CONFIG_METHODS`].
pub fn client_context_names(param: &str) -> ClientContextNames {
    let mut names = field_name(param);
    if CONFIG_METHODS.contains(&names.stem.as_str()) || CONFIG_METHODS.contains(&names.set.as_str())
    {
        names = field_name(&format!("{}_param", names.stem));
    }
    ClientContextNames {
        method: names.field,
        set: names.set,
    }
}

/// The Rust name of the generated crate's library (`fixture-endpoints` → `fixture_endpoints`),
/// for doc examples that `use` it.
pub fn crate_ident(package: &str) -> String {
    package.replace('-', "_")
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

/// Names every shape, member, operation and generated function of `ir`, reporting collisions
/// of public names and resolving those of private functions.
pub fn name(ir: &Ir) -> Result<Names, Vec<Error>> {
    let _span = tracing::debug_span!("name").entered();
    let mut names = Names::default();
    let mut errors = Vec::new();

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
        let is_error = ir.errors.contains_key(&shape.id);
        if !ir.is_io(&shape.id) || is_error {
            if let Some(other) = taken.insert(n.clone(), &shape.id) {
                errors.push(Error::Model {
                    location: shape.id.clone(),
                    message: format!("Rust type name `{n}` is also the name of {other}; add a `rename` on the service"),
                });
            }
        }
        if is_error && n == "Unhandled" {
            errors.push(Error::Model {
                location: shape.id.clone(),
                message: "an error named `Unhandled` would clash with the `Unhandled` variant \
                          that every error enum keeps for unmodeled errors; give it another name \
                          with the service's `rename`"
                    .into(),
            });
        }
        if is_error {
            names
                .error_checks
                .insert(shape.id.clone(), format!("is_{}", n.to_snake_case()));
        }
        if matches!(shape.kind, Kind::Structure(_)) {
            names
                .builders
                .insert(shape.id.clone(), format!("{n}Builder"));
        }
        names.types.insert(shape.id.clone(), n);
    }

    let mut functions = Functions::default();
    let mut modules: BTreeMap<String, &str> = BTreeMap::new();
    for op in &ir.operations {
        let n = type_name(&op.name);
        let module = operation_module(&op.name);
        if let Some(first) = modules.insert(module.clone(), &op.id) {
            errors.push(Error::Model {
                location: op.id.clone(),
                message: format!(
                    "Rust module name `{module}` is also the module of operation {first}; give \
                     one of them another name with the service's `rename`"
                ),
            });
        }
        let o = OperationNames {
            input: format!("{n}Input"),
            output: format!("{n}Output"),
            input_builder: format!("{n}InputBuilder"),
            output_builder: format!("{n}OutputBuilder"),
            error: format!("{n}Error"),
            fluent: format!("{n}FluentBuilder"),
            paginator: format!("{n}Paginator"),
            paginator_items: format!("{n}PaginatorItems"),
            ser_request: functions.claim(format!("ser_{module}_request")),
            de_output: functions.claim(format!("de_{module}_output")),
            host_prefix: functions.claim(format!("host_prefix_{module}")),
            module,
        };
        names.operations.insert(op.id.clone(), o);
    }
    for id in &ir.serialized {
        let shape = ir.shape(id);
        if matches!(shape.kind, Kind::Structure(_) | Kind::Union(_)) && ir.types.contains(id) {
            let f = functions.claim(format!("ser_{}", fn_stem(ir, &names, id)));
            names.serializers.insert(id.clone(), f);
        }
    }
    for id in &ir.deserialized {
        let kind = &ir.shape(id).kind;
        let emitted = matches!(kind, Kind::List(_) | Kind::Map { .. })
            || matches!(kind, Kind::Structure(_) | Kind::Union(_)) && ir.types.contains(id);
        if emitted {
            let f = functions.claim(format!("de_{}", fn_stem(ir, &names, id)));
            names.deserializers.insert(id.clone(), f);
        }
    }
    for id in ir.errors.keys() {
        let f = functions.claim(format!("de_{}_error", fn_stem(ir, &names, id)));
        names.error_deserializers.insert(id.clone(), f);
    }

    let mut tests: BTreeMap<String, &str> = BTreeMap::new();
    for case in &ir.protocol_tests {
        let test = protocol_test_name(&case.id, case.kind);
        if let Some(other) = tests.insert(test.clone(), &case.id) {
            errors.push(Error::Model {
                location: case.error.clone().unwrap_or_else(|| case.operation.clone()),
                message: format!(
                    "protocol test `{}` and `{other}` would both be the test `{test}`",
                    case.id
                ),
            });
        }
        names.protocol_tests.push(test);
    }

    let client_context = ir.endpoints.iter().flat_map(|r| &r.client_context);
    let mut seen: BTreeMap<String, &str> = BTreeMap::new();
    for param in client_context {
        let n = client_context_names(&param.name);
        for method in [&n.method, &n.set] {
            if let Some(other) = seen.insert(method.clone(), &param.name) {
                errors.push(Error::Model {
                    location: format!("{} clientContextParams.{}", ir.service.id, param.name),
                    message: format!(
                        "Rust name `{method}` of its config methods collides with the one \
                         generated for client context parameter `{other}`"
                    ),
                });
            }
        }
        names.client_context.insert(param.name.clone(), n);
    }

    for shape in ir.shapes.values() {
        match &shape.kind {
            Kind::Structure(members) | Kind::Union(members) => {
                let mut seen: BTreeMap<String, &str> = BTreeMap::new();
                for m in members {
                    let mn = field_name(&m.name);
                    for method in [mn.stem.clone(), mn.set.clone(), mn.get.clone()] {
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

/// The `snake_case` stem that per-shape functions are named from (`de_s3_logs`): the shape name
/// of operation inputs and outputs, the type name of named types, the shape name (or the
/// service's `rename`) of lists and maps.
fn fn_stem(ir: &Ir, names: &Names, id: &str) -> String {
    let s = ir.shape(id);
    let base = if ir.is_io(id) {
        s.name.clone()
    } else {
        match s.kind {
            Kind::Structure(_) | Kind::Union(_) | Kind::Enum(_) => names.type_name(id).to_string(),
            _ => match ir.service.renames.get(id) {
                Some(renamed) => renamed.clone(),
                None => s.name.clone(),
            },
        }
    };
    base.to_snake_case()
}

/// The `#[test]` function of a protocol test case: the case id in snake case and the kind
/// (`_request`, `_response`, `_error`), since a request and a response case often share an id.
pub fn protocol_test_name(id: &str, kind: crate::ir::protocol_tests::CaseKind) -> String {
    format!("{}_{}", id.to_snake_case(), kind.as_str())
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
    fn client_context_methods_avoid_the_configs_own() {
        let n = client_context_names("ForcePathStyle");
        assert_eq!(n.method, "force_path_style");
        assert_eq!(n.set, "set_force_path_style");
        assert_eq!(client_context_names("Region").method, "region_param");
        assert_eq!(client_context_names("Region").set, "set_region_param");
        assert_eq!(client_context_names("Clone").method, "clone_param");
        assert_eq!(client_context_names("type").method, "r#type");
        assert_eq!(client_context_names("type").set, "set_type");
        assert_eq!(
            crate_ident("fixture-client-context-params"),
            "fixture_client_context_params"
        );
    }

    /// [`CONFIG_METHODS`] lists every method of the runtime's `Config` and `Builder`: each
    /// `pub fn` in their `impl` blocks in `runtime/src/config.rs` (and its `aws_config` and
    /// `env` modules) and each `name / set_name` pair its `setters!` macro makes.
    #[test]
    fn config_methods_match_the_runtime() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
        let mut missing = Vec::new();
        for file in ["config.rs", "config/aws_config.rs", "config/env.rs"] {
            let text = std::fs::read_to_string(dir.join(file)).expect("the runtime's config");
            // The tests at the end have helpers of their own.
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            let mut in_impl = false;
            for line in text.lines() {
                if line.starts_with("impl Config {") || line.starts_with("impl Builder {") {
                    in_impl = true;
                } else if line == "}" {
                    in_impl = false;
                }
                let line = line.trim();
                let mut found = Vec::new();
                if !in_impl {
                    continue;
                }
                if let Some(rest) = line.strip_prefix("pub fn ") {
                    found.push(rest.split(['(', '<']).next().unwrap_or_default());
                } else if let Some((name, rest)) = line.split_once(" / ") {
                    if let Some((set, _)) = rest.split_once(':') {
                        found.extend([name, set]);
                    }
                }
                for name in found {
                    let in_macro = name.starts_with('$');
                    if !in_macro && !CONFIG_METHODS.contains(&name) {
                        missing.push(format!("{file}: {name}"));
                    }
                }
            }
        }
        assert_eq!(missing, Vec::<String>::new(), "add these to CONFIG_METHODS");
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
