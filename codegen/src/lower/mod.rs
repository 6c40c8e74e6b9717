//! Lower: the parsed JSON AST → a validated [`Ir`] for the selected operations.
//!
//! This is the one phase that fails on model content. It applies `apply` statements, flattens
//! mixins, adds the prelude shapes the model references without defining, reads traits into
//! typed values, resolves and checks every target, binds operations to the service (through
//! resources), computes the closure of the selected operations, normalises `Unit`
//! inputs/outputs into empty structures, boxes recursive members and merges the service's
//! `@paginated` defaults into the operations' (see [`paginated`]); [`check_supported`]
//! then rejects features the emitters do not support yet. It collects every problem before
//! returning.

mod boxing;
pub mod customizations;
pub mod endpoints;
mod mixins;
pub mod paginated;
pub(crate) mod prelude;
pub mod support;
pub mod traits;
mod validate;

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::Value;

use crate::error::{Error, Errors};
use crate::ir::{EnumValue, IntEnumValue, Ir, Kind, Member, Operation, Service, Shape, ShapeId};
use crate::parse::{self, Entries, MemberDef};
use crate::OperationSelection;

/// A shape after `apply` and mixins, before typing.
#[derive(Debug, Clone)]
struct Raw {
    def: parse::Shape,
    traits: Vec<(String, Value)>,
    members: Vec<(String, MemberDef)>,
}

/// Lowers a parsed model for `selection`. All problems found are returned together.
pub fn lower(model: parse::Model, selection: &OperationSelection) -> Result<Ir, Errors> {
    lower_service(model, selection, None)
}

/// [`lower`] for the service with shape id `service`; `None` accepts a model with exactly one
/// service.
pub fn lower_service(
    model: parse::Model,
    selection: &OperationSelection,
    service: Option<&str>,
) -> Result<Ir, Errors> {
    let _span = tracing::debug_span!("lower").entered();
    let mut errors = Vec::new();
    if model.smithy != "2.0" && model.smithy != "2" {
        errors.push(Error::Model {
            location: "$.smithy".into(),
            message: format!(
                "unsupported Smithy IDL version \"{}\"; this generator reads 2.0",
                model.smithy
            ),
        });
        return Err(Errors(errors));
    }

    let raw = collect(model.shapes, &mut errors);
    let raw = mixins::flatten(raw, &mut errors);

    // Type every data shape; keep services, operations and resources aside.
    let mut shapes: BTreeMap<ShapeId, Shape> = BTreeMap::new();
    let mut others: BTreeMap<ShapeId, Raw> = BTreeMap::new();
    for (id, r) in &raw {
        match r.def.kind.as_str() {
            "service" | "operation" | "resource" => {
                others.insert(id.clone(), r.clone());
            }
            _ => {
                if let Some(shape) = to_shape(id, r, &mut errors) {
                    shapes.insert(id.clone(), shape);
                }
            }
        }
    }
    check_member_targets(&mut shapes, &others, &mut errors);

    let service = match find_service(&others, service, &mut errors) {
        Some(s) => s,
        None => return Err(Errors(errors)),
    };
    let bound = bound_operations(&service.0, &others, &mut errors);
    let mut operations = Vec::new();
    for op_id in &bound {
        if let Some(op) = to_operation(op_id, &others[op_id], &shapes, &mut errors) {
            operations.push(op);
        }
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }

    let selected = select(&operations, selection)?;
    let mut ir = Ir {
        service: service.1,
        operations: selected,
        shapes: BTreeMap::new(),
    };
    add_synthetic_units(&mut ir, &mut shapes);
    ir.shapes = closure(&ir.operations, &shapes);
    boxing::box_recursive_members(&mut ir.shapes);
    validate::check(&ir, &mut errors);
    // The service's @paginated gives defaults (read and checked with its other traits above).
    let paginated_defaults = others[&ir.service.id]
        .traits
        .iter()
        .find(|(k, _)| k == "smithy.api#paginated")
        .and_then(|(_, v)| traits::paginated(v));
    paginated::resolve(&mut ir, paginated_defaults.as_ref(), &mut errors);
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    Ok(ir)
}

/// Rejects what the emitters do not support yet (see [`support`]), naming each location.
pub fn check_supported(ir: &Ir) -> Result<(), Errors> {
    let mut errors = Vec::new();
    support::check(ir, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Errors(errors))
    }
}

/// An operation left out because the emitters do not support something it uses: the operation
/// name and the problems, joined by `; `.
pub type Skipped = (String, String);

/// The support check per operation: operations that use an unsupported feature are dropped
/// (with the reasons) instead of failing the run; the shape closure is recomputed for the
/// rest. Service-level problems (an unsupported protocol) still fail.
pub fn drop_unsupported(mut ir: Ir) -> Result<(Ir, Vec<Skipped>), Errors> {
    let service_only = Ir {
        service: ir.service.clone(),
        operations: Vec::new(),
        shapes: BTreeMap::new(),
    };
    check_supported(&service_only)?;
    let mut skipped = Vec::new();
    let mut kept = Vec::new();
    for op in std::mem::take(&mut ir.operations) {
        let one = Ir {
            service: ir.service.clone(),
            shapes: closure(std::slice::from_ref(&op), &ir.shapes),
            operations: vec![op.clone()],
        };
        let mut errors = Vec::new();
        support::check(&one, &mut errors);
        if errors.is_empty() {
            kept.push(op);
        } else {
            let reasons: Vec<String> = errors.iter().map(ToString::to_string).collect();
            skipped.push((op.name.clone(), reasons.join("; ")));
        }
    }
    ir.shapes = closure(&kept, &ir.shapes);
    ir.operations = kept;
    Ok((ir, skipped))
}

fn model_error(location: impl Into<String>, message: impl Into<String>) -> Error {
    Error::Model {
        location: location.into(),
        message: message.into(),
    }
}

/// Shapes by id with duplicates reported and `apply` statements merged in.
fn collect(shapes: Entries<parse::Shape>, errors: &mut Vec<Error>) -> BTreeMap<ShapeId, Raw> {
    for dup in shapes.duplicates() {
        errors.push(model_error(dup, "shape is defined more than once"));
    }
    let mut raw = BTreeMap::new();
    let mut applies = Vec::new();
    for (id, def) in shapes.0 {
        let shape_part = match (def.kind.as_str(), id.split_once('$')) {
            ("apply", Some((shape, member))) if !member.is_empty() => shape,
            _ => id.as_str(),
        };
        if !valid_shape_id(shape_part) {
            errors.push(model_error(
                &id,
                "not an absolute shape id (`namespace#Name`, each part made of letters, digits \
                 and `_`)",
            ));
            continue;
        }
        if def.kind == "apply" {
            applies.push((id, def.traits));
            continue;
        }
        if let Some(members) = &def.members {
            for dup in members.duplicates() {
                errors.push(model_error(
                    format!("{id}${dup}"),
                    "member is defined more than once",
                ));
            }
            validate::member_names(&id, members.iter().map(|(name, _)| name), errors);
        }
        let members = def.members.clone().map(|m| m.0).unwrap_or_default();
        let traits = def.traits.0.clone();
        raw.entry(id).or_insert(Raw {
            def,
            traits,
            members,
        });
    }
    for (target, traits) in applies {
        let (shape_id, member) = match target.split_once('$') {
            Some((s, m)) => (s, Some(m)),
            None => (target.as_str(), None),
        };
        let Some(r) = raw.get_mut(shape_id) else {
            errors.push(model_error(
                &target,
                "`apply` targets a shape that is not defined",
            ));
            continue;
        };
        let slot = match member {
            None => &mut r.traits,
            Some(m) => match r.members.iter_mut().find(|(n, _)| n == m) {
                Some((_, def)) => &mut def.traits.0,
                None => {
                    errors.push(model_error(
                        &target,
                        "`apply` targets a member that is not defined",
                    ));
                    continue;
                }
            },
        };
        for (k, v) in traits.0 {
            match slot.iter_mut().find(|(n, _)| *n == k) {
                Some(existing) => existing.1 = v,
                None => slot.push((k, v)),
            }
        }
    }
    raw
}

fn valid_shape_id(id: &str) -> bool {
    validate::is_shape_id(id)
}

fn local_name(id: &str) -> &str {
    id.rsplit_once('#').map(|(_, n)| n).unwrap_or(id)
}

/// Types one data shape. Unknown shape types and malformed aggregates are errors.
fn to_shape(id: &str, r: &Raw, errors: &mut Vec<Error>) -> Option<Shape> {
    let traits = traits::read(r.traits.iter().map(|(k, v)| (k.as_str(), v)), id, errors);
    let member = |name: &str, def: &MemberDef, errors: &mut Vec<Error>| Member {
        name: name.to_string(),
        target: def.target.clone(),
        traits: traits::read(def.traits.iter(), &format!("{id}${name}"), errors),
        boxed: false,
    };
    let need = |field: &str, m: &Option<MemberDef>, errors: &mut Vec<Error>| {
        if m.is_none() {
            errors.push(model_error(
                id,
                format!("{} shape has no `{field}` member", r.def.kind),
            ));
        }
    };
    let no_members = |errors: &mut Vec<Error>| {
        if !r.members.is_empty()
            || r.def.member.is_some()
            || r.def.key.is_some()
            || r.def.value.is_some()
        {
            errors.push(model_error(
                id,
                format!(
                    "{} {} shape cannot have members",
                    validate::article(&r.def.kind),
                    r.def.kind
                ),
            ));
        }
    };
    validate::misplaced_members(id, r, errors);
    let kind = match r.def.kind.as_str() {
        simple @ ("blob" | "boolean" | "string" | "byte" | "short" | "integer" | "long"
        | "float" | "double" | "bigInteger" | "bigDecimal" | "timestamp" | "document") => {
            no_members(errors);
            simple_kind(simple)
        }
        "enum" => {
            let mut values = Vec::new();
            for (name, def) in &r.members {
                let m = member(name, def, errors);
                let value = match &m.traits.enum_value {
                    None => name.clone(),
                    Some(Value::String(s)) => s.clone(),
                    Some(_) => {
                        errors.push(model_error(
                            format!("{id}${name}"),
                            "enum value must be a string",
                        ));
                        continue;
                    }
                };
                values.push(EnumValue {
                    name: name.clone(),
                    value,
                    docs: m.traits.docs,
                });
            }
            Kind::Enum(values)
        }
        "intEnum" => {
            let mut values = Vec::new();
            for (name, def) in &r.members {
                let m = member(name, def, errors);
                match m
                    .traits
                    .enum_value
                    .as_ref()
                    .and_then(Value::as_i64)
                    .and_then(|v| i32::try_from(v).ok())
                {
                    Some(value) => values.push(IntEnumValue {
                        name: name.clone(),
                        value,
                        docs: m.traits.docs,
                    }),
                    None => errors.push(model_error(
                        format!("{id}${name}"),
                        "intEnum member needs an integer @enumValue",
                    )),
                }
            }
            Kind::IntEnum(values)
        }
        "list" | "set" => {
            need("member", &r.def.member, errors);
            Kind::List(member("member", r.def.member.as_ref()?, errors))
        }
        "map" => {
            need("key", &r.def.key, errors);
            need("value", &r.def.value, errors);
            let key = member("key", r.def.key.as_ref()?, errors);
            let value = member("value", r.def.value.as_ref()?, errors);
            Kind::Map { key, value }
        }
        "structure" | "union" => {
            let members = r
                .members
                .iter()
                .map(|(n, d)| member(n, d, errors))
                .collect();
            if r.def.kind == "structure" {
                Kind::Structure(members)
            } else {
                Kind::Union(members)
            }
        }
        other => {
            errors.push(model_error(id, format!("unknown shape type \"{other}\"")));
            return None;
        }
    };
    Some(Shape {
        id: id.to_string(),
        name: local_name(id).to_string(),
        kind,
        traits,
    })
}

fn simple_kind(name: &str) -> Kind {
    match name {
        "blob" => Kind::Blob,
        "boolean" => Kind::Boolean,
        "string" => Kind::String,
        "byte" => Kind::Byte,
        "short" => Kind::Short,
        "integer" => Kind::Integer,
        "long" => Kind::Long,
        "float" => Kind::Float,
        "double" => Kind::Double,
        "bigInteger" => Kind::BigInteger,
        "bigDecimal" => Kind::BigDecimal,
        "timestamp" => Kind::Timestamp,
        _ => Kind::Document,
    }
}

/// Every member target must be a defined data shape or a prelude shape; prelude shapes that
/// are referenced are added to `shapes`. Map keys must be strings.
fn check_member_targets(
    shapes: &mut BTreeMap<ShapeId, Shape>,
    others: &BTreeMap<ShapeId, Raw>,
    errors: &mut Vec<Error>,
) {
    let mut needed_prelude = BTreeSet::new();
    for shape in shapes.values() {
        for m in shape.kind.members() {
            let location = format!("{}${}", shape.id, m.name);
            if shapes.contains_key(&m.target) {
                continue;
            }
            if prelude::shape(&m.target).is_some() {
                needed_prelude.insert(m.target.clone());
            } else if let Some(o) = others.get(&m.target) {
                errors.push(model_error(
                    location,
                    format!(
                        "target {} is not a data shape (its type is {})",
                        m.target, o.def.kind
                    ),
                ));
            } else {
                errors.push(model_error(
                    location,
                    format!("target {} is not defined", m.target),
                ));
            }
        }
    }
    for id in needed_prelude {
        if let Some(s) = prelude::shape(&id) {
            shapes.insert(id, s);
        }
    }
    for shape in shapes.values() {
        if let Kind::Map { key, .. } = &shape.kind {
            if let Some(k) = shapes.get(&key.target) {
                if !matches!(k.kind, Kind::String | Kind::Enum(_)) {
                    errors.push(model_error(
                        format!("{}$key", shape.id),
                        format!(
                            "map key {} is a {}, but map keys must be strings",
                            key.target,
                            k.kind.type_name()
                        ),
                    ));
                }
            }
        }
        for m in shape.kind.members() {
            if m.target == prelude::UNIT && !matches!(shape.kind, Kind::Union(_)) {
                errors.push(model_error(
                    format!("{}${}", shape.id, m.name),
                    "only union members may target smithy.api#Unit",
                ));
            }
        }
    }
}

fn find_service(
    others: &BTreeMap<ShapeId, Raw>,
    wanted: Option<&str>,
    errors: &mut Vec<Error>,
) -> Option<(ShapeId, Service)> {
    let services: Vec<_> = others
        .iter()
        .filter(|(_, r)| r.def.kind == "service")
        .collect();
    let ids = || {
        services
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let (id, r) = match (wanted, services.as_slice()) {
        (Some(wanted), _) => match services.iter().find(|(id, _)| id.as_str() == wanted) {
            Some(found) => *found,
            None => {
                errors.push(Error::Settings(format!(
                    "service `{wanted}` is not defined; the model defines: {}",
                    ids()
                )));
                return None;
            }
        },
        (None, [one]) => *one,
        (None, []) => {
            errors.push(Error::Settings("the model defines no service shape".into()));
            return None;
        }
        (None, many) => {
            errors.push(Error::Settings(format!(
                "the model defines {} services ({}); choose one with the `service` setting",
                many.len(),
                ids()
            )));
            return None;
        }
    };
    let t = traits::read(r.traits.iter().map(|(k, v)| (k.as_str(), v)), id, errors);
    let aws = t.other.get("aws.api#service");
    let str_of = |v: Option<&Value>, k: &str| {
        v.and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .map(String::from)
    };
    let protocol = [
        "aws.protocols#restJson1",
        "aws.protocols#awsJson1_0",
        "aws.protocols#awsJson1_1",
        "aws.protocols#restXml",
        "aws.protocols#awsQuery",
        "aws.protocols#ec2Query",
        "smithy.protocols#rpcv2Cbor",
    ]
    .into_iter()
    .find(|p| t.other.contains_key(*p))
    .map(String::from);
    let service = Service {
        id: id.clone(),
        name: local_name(id).to_string(),
        sdk_id: str_of(aws, "sdkId").unwrap_or_else(|| local_name(id).to_string()),
        version: r.def.version.clone(),
        title: t
            .other
            .get("smithy.api#title")
            .and_then(Value::as_str)
            .map(String::from),
        docs: t.docs.clone(),
        sigv4_name: str_of(t.other.get("aws.auth#sigv4"), "name"),
        protocol,
        endpoint_rule_set: t.other.get("smithy.rules#endpointRuleSet").cloned(),
        endpoint_tests: t.other.get("smithy.rules#endpointTests").cloned(),
        renames: r
            .def
            .rename
            .iter()
            .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
            .collect(),
    };
    Some((id.clone(), service))
}

/// Operations bound to the service directly or through (nested) resources, sorted.
fn bound_operations(
    service: &str,
    others: &BTreeMap<ShapeId, Raw>,
    errors: &mut Vec<Error>,
) -> BTreeSet<ShapeId> {
    let mut ops = BTreeSet::new();
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from([service.to_string()]);
    while let Some(id) = queue.pop_front() {
        if !seen.insert(id.clone()) {
            continue;
        }
        let r = &others[&id];
        let d = &r.def;
        let lifecycle = [&d.create, &d.put, &d.read, &d.update, &d.delete, &d.list];
        let op_refs = d
            .operations
            .iter()
            .chain(d.collection_operations.iter())
            .chain(lifecycle.into_iter().flatten());
        for t in op_refs {
            match others.get(&t.target).map(|o| o.def.kind.as_str()) {
                Some("operation") => {
                    ops.insert(t.target.clone());
                }
                Some(kind) => errors.push(model_error(
                    &id,
                    format!("binds {} as an operation, but it is a {kind}", t.target),
                )),
                None => errors.push(model_error(
                    &id,
                    format!("binds operation {} which is not defined", t.target),
                )),
            }
        }
        for t in &d.resources {
            match others.get(&t.target).map(|o| o.def.kind.as_str()) {
                Some("resource") => queue.push_back(t.target.clone()),
                Some(kind) => errors.push(model_error(
                    &id,
                    format!("binds {} as a resource, but it is a {kind}", t.target),
                )),
                None => errors.push(model_error(
                    &id,
                    format!("binds resource {} which is not defined", t.target),
                )),
            }
        }
    }
    ops
}

fn to_operation(
    id: &str,
    r: &Raw,
    shapes: &BTreeMap<ShapeId, Shape>,
    errors: &mut Vec<Error>,
) -> Option<Operation> {
    let traits = traits::read(r.traits.iter().map(|(k, v)| (k.as_str(), v)), id, errors);
    let before = errors.len();
    let mut io = |which: &str, t: &Option<parse::Target>| -> ShapeId {
        let target = t
            .as_ref()
            .map(|t| t.target.clone())
            .unwrap_or_else(|| prelude::UNIT.to_string());
        if target != prelude::UNIT {
            match shapes.get(&target) {
                Some(s) if matches!(s.kind, Kind::Structure(_)) => {}
                Some(s) => errors.push(model_error(
                    id,
                    format!(
                        "{which} {target} is a {}, not a structure",
                        s.kind.type_name()
                    ),
                )),
                None => errors.push(model_error(id, format!("{which} {target} is not defined"))),
            }
        }
        target
    };
    let input = io("input", &r.def.input);
    let output = io("output", &r.def.output);
    let mut op_errors = Vec::new();
    for e in &r.def.errors {
        match shapes.get(&e.target) {
            Some(s) if matches!(s.kind, Kind::Structure(_)) && s.traits.error.is_some() => {
                op_errors.push(e.target.clone())
            }
            Some(_) => errors.push(model_error(
                id,
                format!(
                    "error {} is not a structure with the @error trait",
                    e.target
                ),
            )),
            None => errors.push(model_error(
                id,
                format!("error {} is not defined", e.target),
            )),
        }
    }
    op_errors.sort_by(|a, b| local_name(a).cmp(local_name(b)).then(a.cmp(b)));
    op_errors.dedup();
    let http = match &traits.http {
        Some(h) => h.clone(),
        // A malformed @http trait was reported when the traits were read.
        None if r.traits.iter().any(|(k, _)| k == "smithy.api#http") => return None,
        None => {
            errors.push(Error::Unsupported {
                location: id.to_string(),
                feature: "operation without the smithy.api#http trait (restJson1 needs it)".into(),
            });
            return None;
        }
    };
    if errors.len() > before {
        return None;
    }
    Some(Operation {
        id: id.to_string(),
        name: local_name(id).to_string(),
        input,
        output,
        errors: op_errors,
        http,
        traits,
    })
}

fn select(
    operations: &[Operation],
    selection: &OperationSelection,
) -> Result<Vec<Operation>, Errors> {
    let mut ops: Vec<Operation> = match selection {
        OperationSelection::All => operations.to_vec(),
        OperationSelection::Named(names) => {
            let mut picked = Vec::new();
            let mut errors = Vec::new();
            for name in names {
                match operations.iter().find(|o| o.name == *name || o.id == *name) {
                    Some(op) if !picked.iter().any(|p: &Operation| p.id == op.id) => {
                        picked.push(op.clone())
                    }
                    Some(_) => {}
                    None => {
                        let known: Vec<_> = operations.iter().map(|o| o.name.as_str()).collect();
                        errors.push(Error::Settings(format!(
                            "unknown operation `{name}`; the service has: {}",
                            known.join(", ")
                        )));
                    }
                }
            }
            if !errors.is_empty() {
                return Err(Errors(errors));
            }
            picked
        }
    };
    ops.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(ops)
}

/// Operations with `Unit` input or output get synthetic empty structures of their own.
fn add_synthetic_units(ir: &mut Ir, shapes: &mut BTreeMap<ShapeId, Shape>) {
    for op in &mut ir.operations {
        for (slot, suffix, is_input) in [
            (&mut op.input, "Input", true),
            (&mut op.output, "Output", false),
        ] {
            if *slot == prelude::UNIT {
                let name = format!("{}{suffix}", op.name);
                let id = format!("smithy.synthetic#{name}");
                let traits = crate::ir::Traits {
                    input: is_input,
                    output: !is_input,
                    ..Default::default()
                };
                shapes.insert(
                    id.clone(),
                    Shape {
                        id: id.clone(),
                        name,
                        kind: Kind::Structure(Vec::new()),
                        traits,
                    },
                );
                *slot = id;
            }
        }
    }
}

/// Every shape reachable from the operations' inputs, outputs and errors.
fn closure(
    operations: &[Operation],
    shapes: &BTreeMap<ShapeId, Shape>,
) -> BTreeMap<ShapeId, Shape> {
    let mut out = BTreeMap::new();
    let mut queue: VecDeque<ShapeId> = operations
        .iter()
        .flat_map(|o| {
            [o.input.clone(), o.output.clone()]
                .into_iter()
                .chain(o.errors.iter().cloned())
        })
        .collect();
    while let Some(id) = queue.pop_front() {
        if out.contains_key(&id) {
            continue;
        }
        let Some(shape) = shapes.get(&id) else {
            continue;
        };
        for m in shape.kind.members() {
            queue.push_back(m.target.clone());
        }
        out.insert(id, shape.clone());
    }
    out
}

#[cfg(test)]
mod tests;
