//! Checks on the operation closure that decide whether Rust code can honestly be generated
//! for it; each problem is a located error.
//!
//! In: the lowered draft (targets resolved, recursive members boxed). Out: errors for
//! - `rename` values that are not Smithy identifiers (member names and shape ids are checked
//!   as the shapes are collected, with [`member_names`] and [`is_shape_id`]): names become Rust
//!   identifiers, and the naming phase must never see a name it cannot convert;
//! - **cycles that cannot be boxed**. Boxing breaks a cycle of structures and unions by putting
//!   one member on the heap, but two kinds of cycle have no Rust type at all:
//!   - a list or map that contains itself with no structure or union in between
//!     (`list A { member: A }` is `Vec<Vec<Vec<…>>>`, an infinite type: lists and maps are not
//!     named types here, so there is nothing to box). Smithy rejects these too.
//!   - a structure or union every value of which must contain another value of itself, through
//!     `@required` members (`structure Node { @required next: Node }`): the boxed type compiles,
//!     but no finite value exists, so no builder could succeed and no response could be read.
//!     Smithy's recursion validator rejects required-member cycles as well.
//!
//!   (A mixin cycle is the third kind; [`super::mixins`] reports it.)
//! - lists and maps nested deeper than [`MAX_COLLECTION_DEPTH`]: the type would be written as
//!   that many nested generics, which the generated crate's compiler (and `syn`, here) parses
//!   recursively;
//! - `@default` values whose form does not fit the target (a string default for an integer, a
//!   non-empty list, 300 for a byte), which would otherwise become wrong or uncompilable code;
//! - enums with two members of the same wire value;
//! - structures marked `@input`/`@output` that are also used elsewhere (Smithy allows them only
//!   as the input or output of one operation; the generated code names them after it).
//!
//! Every walk here keeps its own stack or work list: deep but valid shape graphs (a chain of ten
//! thousand structures) cost linear time and no call-stack depth.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::Value;

use super::model_error;
use super::Draft as Ir;
use crate::error::Error;
use crate::ir::{Kind, Member, Shape};

/// The deepest nesting of lists and maps generated (`Vec<HashMap<String, Vec<…>>>`).
pub const MAX_COLLECTION_DEPTH: usize = 32;

/// Runs every check over the closure of `ir`.
pub(super) fn check(ir: &Ir, errors: &mut Vec<Error>) {
    identifiers(ir, errors);
    collection_cycles(ir, errors);
    uninhabited(ir, errors);
    defaults(ir, errors);
    enum_values(ir, errors);
    io_reuse(ir, errors);
}

/// Member fields the shape's type does not have (`member` on a structure, `members` on a list,
/// `key` on a list): an error rather than silently ignored. Simple types are checked where they
/// are typed ("cannot have members").
pub(super) fn misplaced_members(id: &str, r: &super::Raw, errors: &mut Vec<Error>) {
    let kind = r.def.kind.as_str();
    let present = [
        ("members", !r.members.is_empty() || r.def.members.is_some()),
        ("member", r.def.member.is_some()),
        ("key", r.def.key.is_some()),
        ("value", r.def.value.is_some()),
    ];
    let (allowed, says): (&[&str], &str) = match kind {
        "structure" | "union" | "enum" | "intEnum" => (&["members"], "`members`"),
        "list" | "set" => (&["member"], "one `member`"),
        "map" => (&["key", "value"], "`key` and `value`"),
        _ => return,
    };
    for (field, _) in present.iter().filter(|(f, p)| *p && !allowed.contains(f)) {
        errors.push(model_error(
            id,
            format!("a {kind} shape has {says}, not `{field}`"),
        ));
    }
}

/// A Smithy identifier: `_*[A-Za-z][A-Za-z0-9_]*`.
pub fn is_identifier(s: &str) -> bool {
    let rest = s.trim_start_matches('_');
    rest.starts_with(|c: char| c.is_ascii_alphabetic())
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A shape id: `namespace#Name`, the namespace being identifiers joined by `.`.
pub fn is_shape_id(id: &str) -> bool {
    match id.split_once('#') {
        Some((ns, name)) => ns.split('.').all(is_identifier) && is_identifier(name),
        None => false,
    }
}

/// Member names (of every shape, enums included) must be identifiers.
pub(super) fn member_names<'a>(
    shape: &str,
    names: impl IntoIterator<Item = &'a str>,
    errors: &mut Vec<Error>,
) {
    for name in names {
        if !is_identifier(name) {
            errors.push(model_error(
                format!("{shape}${name}"),
                "member name is not a Smithy identifier (letters, digits and `_`, starting with \
                 a letter, or with `_` followed by a letter)",
            ));
        }
    }
}

/// "a" or "an" before a shape type name.
pub(super) fn article(word: &str) -> &'static str {
    match word.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u') => "an",
        _ => "a",
    }
}

fn identifiers(ir: &Ir, errors: &mut Vec<Error>) {
    for (id, to) in &ir.service.renames {
        if !is_identifier(to) {
            errors.push(model_error(
                &ir.service.id,
                format!("`rename` of {id} to \"{to}\": not a Smithy identifier"),
            ));
        }
    }
}

/// The list/map a collection holds directly, when it is itself a list or map.
fn collection_children<'a>(ir: &'a Ir, shape: &'a Shape) -> Vec<&'a Member> {
    let members: Vec<&Member> = match &shape.kind {
        Kind::List(m) => vec![m],
        Kind::Map { value, .. } => vec![value],
        _ => return Vec::new(),
    };
    members
        .into_iter()
        .filter(|m| {
            ir.shapes
                .get(&m.target)
                .is_some_and(|t| matches!(t.kind, Kind::List(_) | Kind::Map { .. }))
        })
        .collect()
}

/// Collection-only cycles (an infinite Rust type), and nesting deeper than the limit.
fn collection_cycles(ir: &Ir, errors: &mut Vec<Error>) {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        InProgress,
        Done(usize),
        OnCycle,
    }
    let mut state: BTreeMap<&str, State> = BTreeMap::new();
    let mut too_deep = BTreeSet::new();
    for root in ir.shapes.values() {
        let collection = matches!(root.kind, Kind::List(_) | Kind::Map { .. });
        if !collection || state.contains_key(root.id.as_str()) {
            continue;
        }
        // Post-order walk; each frame is a shape and the position of its next child.
        let mut frames: Vec<(&Shape, usize)> = vec![(root, 0)];
        state.insert(&root.id, State::InProgress);
        while let Some(&(shape, next)) = frames.last() {
            let children = collection_children(ir, shape);
            if let Some(m) = children.get(next) {
                if let Some(top) = frames.last_mut() {
                    top.1 += 1;
                }
                let child = &ir.shapes[&m.target];
                match state.get(child.id.as_str()) {
                    None => {
                        state.insert(&child.id, State::InProgress);
                        frames.push((child, 0));
                    }
                    Some(State::InProgress) => {
                        let start = frames
                            .iter()
                            .position(|(s, _)| s.id == child.id)
                            .unwrap_or(0);
                        let path: Vec<String> = frames[start..]
                            .iter()
                            .map(|(s, _)| format!("{}${}", s.id, collection_member(s)))
                            .collect();
                        for (s, _) in &frames[start..] {
                            state.insert(&s.id, State::OnCycle);
                        }
                        errors.push(model_error(
                            &child.id,
                            format!(
                                "{} {} contains itself through {} -> {} with no structure or \
                                 union in between; no Rust type can express that (lists and \
                                 maps are not named types), and Smithy does not allow it: put \
                                 a structure on the path",
                                child.kind.type_name(),
                                child.id,
                                path.join(" -> "),
                                child.id
                            ),
                        ));
                    }
                    Some(_) => {}
                }
                continue;
            }
            frames.pop();
            if state.get(shape.id.as_str()) == Some(&State::OnCycle) {
                continue;
            }
            let depth = 1 + children
                .iter()
                .map(|m| match state.get(m.target.as_str()) {
                    Some(State::Done(d)) => *d,
                    _ => 0,
                })
                .max()
                .unwrap_or(0);
            state.insert(&shape.id, State::Done(depth));
            if depth > MAX_COLLECTION_DEPTH {
                too_deep.insert(shape.id.clone());
            }
        }
    }
    // Report the outermost too-deep collections only (those no other one holds).
    let held: BTreeSet<&str> = ir
        .shapes
        .values()
        .flat_map(|s| collection_children(ir, s))
        .map(|m| m.target.as_str())
        .collect();
    for id in &too_deep {
        if !held.contains(id.as_str()) {
            errors.push(Error::Unsupported {
                location: id.clone(),
                feature: format!(
                    "lists and maps nested more than {MAX_COLLECTION_DEPTH} deep (put a \
                     structure between them)"
                ),
            });
        }
    }
}

fn collection_member(shape: &Shape) -> &'static str {
    match shape.kind {
        Kind::Map { .. } => "value",
        _ => "member",
    }
}

/// Whether a member must be present in every value of its structure.
fn is_required(m: &Member) -> bool {
    m.traits.required && m.traits.default.as_ref().is_none_or(Value::is_null)
}

/// Structures and unions with no finite value (see the module docs). Horn-clause propagation:
/// a structure has a value once every required member's target has one; a union once any
/// member's target has one.
fn uninhabited(ir: &Ir, errors: &mut Vec<Error>) {
    let is_aggregate = |id: &str| {
        ir.shapes
            .get(id)
            .is_some_and(|s| matches!(s.kind, Kind::Structure(_) | Kind::Union(_)))
    };
    // For each aggregate: how many more of its needs must be met; `dependents[t]` are the
    // aggregates waiting on `t`.
    let mut waiting: BTreeMap<&str, usize> = BTreeMap::new();
    let mut dependents: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut ready: VecDeque<&str> = VecDeque::new();
    for shape in ir.shapes.values() {
        let (needs, union) = match &shape.kind {
            Kind::Structure(ms) => (
                ms.iter()
                    .filter(|m| is_required(m) && is_aggregate(&m.target))
                    .collect::<Vec<_>>(),
                false,
            ),
            Kind::Union(ms) => {
                if ms.iter().any(|m| !is_aggregate(&m.target)) {
                    (Vec::new(), true)
                } else {
                    (ms.iter().collect(), true)
                }
            }
            _ => continue,
        };
        if needs.is_empty() {
            ready.push_back(&shape.id);
            continue;
        }
        waiting.insert(&shape.id, if union { 1 } else { needs.len() });
        for m in needs {
            dependents.entry(&m.target).or_default().push(&shape.id);
        }
    }
    while let Some(id) = ready.pop_front() {
        for &d in dependents.get(id).into_iter().flatten() {
            if let Some(n) = waiting.get_mut(d) {
                *n -= 1;
                if *n == 0 {
                    waiting.remove(d);
                    ready.push_back(d);
                }
            }
        }
    }
    for &id in waiting.keys() {
        let shape = &ir.shapes[id];
        let message = match &shape.kind {
            Kind::Union(_) => format!(
                "no finite value of this union exists: each of its members ({}) needs a value \
                 of a shape that has none, so the cycle cannot be broken by boxing; give it a \
                 member that does not lead back to it",
                union_members(shape)
            ),
            _ => format!(
                "no finite value of this {} exists: its required members {} lead back to it, \
                 so the cycle cannot be broken by boxing; make one of those members optional",
                shape.kind.type_name(),
                required_chain(ir, shape, &waiting)
            ),
        };
        errors.push(model_error(id, message));
    }
}

fn union_members(shape: &Shape) -> String {
    let members: Vec<String> = shape
        .kind
        .members()
        .iter()
        .map(|m| format!("{} -> {}", m.name, m.target))
        .collect();
    members.join(", ")
}

/// `A$x -> B$y -> A`: required members from `shape` through shapes with no finite value.
fn required_chain(ir: &Ir, shape: &Shape, stuck: &BTreeMap<&str, usize>) -> String {
    let mut parts = Vec::new();
    let mut seen = BTreeSet::new();
    let mut current = shape;
    while seen.insert(current.id.as_str()) {
        let next = match &current.kind {
            Kind::Structure(ms) => ms
                .iter()
                .find(|m| is_required(m) && stuck.contains_key(m.target.as_str())),
            Kind::Union(ms) => ms.iter().find(|m| stuck.contains_key(m.target.as_str())),
            _ => None,
        };
        let Some(m) = next else { break };
        parts.push(format!("{}${}", current.id, m.name));
        current = &ir.shapes[&m.target];
    }
    parts.push(current.id.clone());
    parts.join(" -> ")
}

/// `@default` values must have the form of their target.
fn defaults(ir: &Ir, errors: &mut Vec<Error>) {
    for shape in ir.shapes.values() {
        let members: &[Member] = match &shape.kind {
            Kind::Structure(ms) | Kind::Union(ms) => ms,
            _ => continue,
        };
        for m in members {
            let Some(target) = ir.shapes.get(&m.target) else {
                continue;
            };
            let (value, whose) = match (&m.traits.default, &target.traits.default) {
                (Some(v), _) => (v, "its"),
                (None, Some(v)) => (v, "its target's"),
                (None, None) => continue,
            };
            if value.is_null() {
                continue;
            }
            let location = format!("{}${}", shape.id, m.name);
            if let Err(problem) = default_fits(target, value) {
                errors.push(model_error(
                    location,
                    format!(
                        "{whose} @default {} does not fit the {} {}: {problem}",
                        short(value),
                        target.kind.type_name(),
                        target.id
                    ),
                ));
            }
        }
    }
}

fn default_fits(target: &Shape, value: &Value) -> Result<(), String> {
    let int = |min: i64, max: i64| match value.as_i64() {
        Some(n) if (min..=max).contains(&n) => Ok(()),
        Some(_) => Err(format!("must be between {min} and {max}")),
        None => Err("must be an integer".to_string()),
    };
    match &target.kind {
        Kind::String | Kind::Blob => value
            .is_string()
            .then_some(())
            .ok_or_else(|| "must be a string".into()),
        Kind::Enum(values) => match value.as_str() {
            Some(s) if values.iter().any(|v| v.value == s) => Ok(()),
            Some(_) => Err("must be one of the enum's values".into()),
            None => Err("must be a string".into()),
        },
        Kind::IntEnum(values) => match value.as_i64() {
            Some(n) if values.iter().any(|v| i64::from(v.value) == n) => Ok(()),
            Some(_) => Err("must be one of the intEnum's values".into()),
            None => Err("must be an integer".into()),
        },
        Kind::Boolean => value
            .is_boolean()
            .then_some(())
            .ok_or_else(|| "must be a boolean".into()),
        Kind::Byte => int(i8::MIN.into(), i8::MAX.into()),
        Kind::Short => int(i16::MIN.into(), i16::MAX.into()),
        Kind::Integer => int(i32::MIN.into(), i32::MAX.into()),
        Kind::Long => int(i64::MIN, i64::MAX),
        Kind::Float | Kind::Double | Kind::BigInteger | Kind::BigDecimal => value
            .is_number()
            .then_some(())
            .ok_or_else(|| "must be a number".into()),
        Kind::Timestamp => value
            .as_f64()
            .filter(|n| n.is_finite() && n.abs() < 1e15)
            .map(|_| ())
            .ok_or_else(|| "must be a number of epoch seconds".into()),
        Kind::Document => Ok(()),
        Kind::List(_) => (value.as_array().is_some_and(Vec::is_empty))
            .then_some(())
            .ok_or_else(|| "a list default must be the empty list []".into()),
        Kind::Map { .. } => (value.as_object().is_some_and(|o| o.is_empty()))
            .then_some(())
            .ok_or_else(|| "a map default must be the empty object {}".into()),
        Kind::Structure(_) | Kind::Union(_) | Kind::Unit => {
            Err("structures and unions cannot have a default".into())
        }
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    match s.char_indices().nth(40) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s,
    }
}

/// Two members of one enum with the same wire value would make two match arms for one string.
fn enum_values(ir: &Ir, errors: &mut Vec<Error>) {
    for shape in ir.shapes.values() {
        let Kind::Enum(values) = &shape.kind else {
            continue;
        };
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for v in values {
            if let Some(first) = seen.insert(&v.value, &v.name) {
                errors.push(model_error(
                    format!("{}${}", shape.id, v.name),
                    format!(
                        "enum value \"{}\" is also the value of member {first}",
                        v.value
                    ),
                ));
            }
        }
    }
}

/// `@input`/`@output` structures belong to one operation and are not member targets.
fn io_reuse(ir: &Ir, errors: &mut Vec<Error>) {
    let mut uses: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for op in &ir.operations {
        uses.entry(&op.input)
            .or_default()
            .push(format!("the input of {}", op.id));
        uses.entry(&op.output)
            .or_default()
            .push(format!("the output of {}", op.id));
        for e in &op.errors {
            uses.entry(e)
                .or_default()
                .push(format!("an error of {}", op.id));
        }
    }
    for shape in ir.shapes.values() {
        for m in shape.kind.members() {
            uses.entry(&m.target)
                .or_default()
                .push(format!("the target of {}${}", shape.id, m.name));
        }
    }
    for shape in ir.shapes.values() {
        let marker = match (shape.traits.input, shape.traits.output) {
            (true, _) => "@input",
            (_, true) => "@output",
            _ => continue,
        };
        let used = uses
            .get(shape.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if used.len() > 1 {
            errors.push(model_error(
                &shape.id,
                format!(
                    "a structure marked {marker} may only be used once, as the {} of one \
                     operation, but it is {}",
                    &marker[1..],
                    used.join(" and ")
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_follow_the_smithy_grammar() {
        for ok in ["a", "A1", "_a", "__a_1", "fooBar", "foo_bar"] {
            assert!(is_identifier(ok), "{ok}");
        }
        for bad in [
            "", "_", "__", "_1", "1a", "a-b", "a b", "日本", "a.b", "a$b",
        ] {
            assert!(!is_identifier(bad), "{bad}");
        }
        assert!(is_shape_id("com.example#Foo"));
        for bad in ["Foo", "#Foo", "a#", "a..b#C", "a#B#C", "a#B$c", "a-b#C"] {
            assert!(!is_shape_id(bad), "{bad}");
        }
    }
}
