//! Reading the model: the parsed JSON AST → typed data shapes, the service and its bound
//! operations, before any selection.
//!
//! In: the parsed shapes. Out: [`Raw`] shapes (after `apply`; mixins are flattened by
//! `mixins`), typed [`Shape`]s with every member target checked, the [`Service`] with its raw
//! traits, and one [`OpDef`] per operation bound to it. Problems go to `errors`.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::Value;

use super::{model_error, prelude, traits, validate, OpDef, Raw};
use crate::error::Error;
use crate::ir::{EnumValue, IntEnumValue, Kind, Member, Service, Shape, ShapeId, TimestampFormat};
use crate::parse::{self, Entries, MemberDef};

/// Shapes by id with duplicates reported and `apply` statements merged in.
pub(super) fn collect(
    shapes: Entries<parse::Shape>,
    errors: &mut Vec<Error>,
) -> BTreeMap<ShapeId, Raw> {
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

pub(super) fn local_name(id: &str) -> &str {
    id.rsplit_once('#').map(|(_, n)| n).unwrap_or(id)
}

/// Types one data shape. Unknown shape types and malformed aggregates are errors.
pub(super) fn to_shape(id: &str, r: &Raw, errors: &mut Vec<Error>) -> Option<Shape> {
    let traits = traits::read(r.traits.iter().map(|(k, v)| (k.as_str(), v)), id, errors);
    let member = |name: &str, def: &MemberDef, errors: &mut Vec<Error>| Member {
        name: name.to_string(),
        target: def.target.clone(),
        traits: traits::read(def.traits.iter(), &format!("{id}${name}"), errors),
        boxed: false,
        // Resolved for the service's protocol once it is known (see `members`).
        wire_name: name.to_string(),
        timestamp_format: TimestampFormat::EpochSeconds,
        default: None,
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
pub(super) fn check_member_targets(
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

pub(super) fn find_service(
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
    let raw = |key: &str| r.traits.iter().find(|(k, _)| k == key).map(|(_, v)| v);
    let str_of = |v: Option<&Value>, k: &str| {
        v.and_then(|v| v.get(k))
            .and_then(Value::as_str)
            .map(String::from)
    };
    let service = Service {
        id: id.clone(),
        name: local_name(id).to_string(),
        sdk_id: str_of(raw("aws.api#service"), "sdkId")
            .unwrap_or_else(|| local_name(id).to_string()),
        version: r.def.version.clone(),
        title: raw("smithy.api#title")
            .and_then(Value::as_str)
            .map(String::from),
        docs: t.docs.clone(),
        sigv4_name: str_of(raw("aws.auth#sigv4"), "name"),
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
pub(super) fn bound_operations(
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

pub(super) fn to_operation(
    id: &str,
    r: &Raw,
    shapes: &BTreeMap<ShapeId, Shape>,
    errors: &mut Vec<Error>,
) -> Option<OpDef> {
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
    if errors.len() > before {
        return None;
    }
    Some(OpDef {
        id: id.to_string(),
        name: local_name(id).to_string(),
        unit_input: input == prelude::UNIT,
        input,
        output,
        errors: op_errors,
        traits,
    })
}
