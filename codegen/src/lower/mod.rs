//! Lower: the parsed JSON AST → a validated, resolved [`Ir`] for the selected operations.
//!
//! This is the one phase that fails on model content, and the one that decides what the model
//! means; later phases only read its result. In order:
//!
//! 1. `model`: apply `apply` statements, flatten mixins (`mixins`), add the prelude shapes the
//!    model references without defining, read traits into typed values (`traits`), resolve and
//!    check every target, find the service and the operations bound to it (through resources);
//! 2. `protocol`: the protocol to generate, from the service's traits (or the `protocol`
//!    option);
//! 3. select the operations, compute their closure, normalise `Unit` inputs/outputs into empty
//!    structures, box recursive members (`boxing`), check what cannot become Rust
//!    (`validate`) and what the emitters do not support (`support`; with `skip_unsupported`
//!    such operations are dropped and reported instead);
//! 4. resolve for the protocol: member wire names, timestamp formats and typed defaults
//!    (`members`), each operation's bindings, parsed URI pattern and host prefix and each
//!    error's (`bindings`), paginators (`paginated`), customizations (`customizations`), which
//!    shapes the body codecs write and read;
//! 5. the endpoint rule set (`endpoints`) and, when asked, the protocol test cases
//!    (`protocol_tests`).
//!
//! Every step collects all of its problems before the run fails.

mod bindings;
mod boxing;
mod context_params;
pub mod customizations;
pub mod endpoints;
mod members;
mod mixins;
mod model;
pub mod paginated;
pub(crate) mod prelude;
mod protocol;
pub mod protocol_tests;
pub mod support;
pub mod traits;
mod validate;

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde_json::Value;

use crate::error::{Error, Errors};
use crate::ir::protocol_tests::CaseKind;
use crate::ir::{Ir, Kind, ProtocolInfo, Service, Shape, ShapeId, Traits};
use crate::parse::{self, MemberDef};
use crate::OperationSelection;

/// What to lower.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub operations: &'a OperationSelection,
    /// The service by shape id, when the model defines several.
    pub service: Option<&'a str>,
    /// The protocol to generate (a trait id or its name, `awsJson1_0`), instead of the one the
    /// service's traits select.
    pub protocol: Option<&'a str>,
    /// The text of `partitions.json`, needed when the endpoint rules call `aws.partition`.
    pub partitions: Option<&'a str>,
    /// Lower the endpoint rule set (on by default; off for callers that only look at shapes
    /// and operations and have no partition table at hand).
    pub endpoints: bool,
    /// Lower the model's protocol test cases too.
    pub protocol_tests: bool,
    /// Drop operations that use a feature the emitters do not support (reported in
    /// [`Lowered::skipped`]) instead of failing.
    pub skip_unsupported: bool,
}

impl<'a> Options<'a> {
    /// Defaults: the one service of the model, its own protocol, no partition table, no tests,
    /// unsupported features are errors.
    pub fn new(operations: &'a OperationSelection) -> Self {
        Options {
            operations,
            service: None,
            protocol: None,
            partitions: None,
            endpoints: true,
            protocol_tests: false,
            skip_unsupported: false,
        }
    }
}

/// An operation left out because the emitters do not support something it uses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    pub operation: String,
    /// The problems, joined by `; `.
    pub reason: String,
    /// Its protocol test cases (and those of errors no generated operation returns), by id.
    pub cases: Vec<(String, CaseKind)>,
}

/// The result of lowering.
#[derive(Debug, Clone)]
pub struct Lowered {
    pub ir: Ir,
    pub skipped: Vec<Skipped>,
}

/// A shape after `apply` and mixins, before typing.
#[derive(Debug, Clone)]
pub(crate) struct Raw {
    def: parse::Shape,
    traits: Vec<(String, Value)>,
    members: Vec<(String, MemberDef)>,
}

impl Raw {
    /// The value of trait `id` as written.
    pub(crate) fn raw_trait(&self, id: &str) -> Option<&Value> {
        self.traits.iter().find(|(k, _)| k == id).map(|(_, v)| v)
    }
}

/// An operation as the model defines it, before it is resolved for the protocol.
#[derive(Debug, Clone)]
pub(crate) struct OpDef {
    pub id: ShapeId,
    pub name: String,
    pub input: ShapeId,
    pub output: ShapeId,
    pub unit_input: bool,
    /// Error structures, sorted by shape name.
    pub errors: Vec<ShapeId>,
    pub traits: Traits,
}

/// The selected operations and their closure, checked but not yet resolved.
#[derive(Debug, Clone)]
pub(crate) struct Draft {
    pub service: Service,
    pub protocol: ProtocolInfo,
    pub operations: Vec<OpDef>,
    pub shapes: BTreeMap<ShapeId, Shape>,
}

impl Draft {
    pub fn shape(&self, id: &str) -> &Shape {
        self.shapes
            .get(id)
            .unwrap_or_else(|| panic!("internal invariant: {id} is in the shape closure"))
    }
}

/// Lowers a parsed model. All problems found are returned together.
pub fn lower(model: parse::Model, options: &Options<'_>) -> Result<Lowered, Errors> {
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

    let raw = model::collect(model.shapes, &mut errors);
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
                if let Some(shape) = model::to_shape(id, r, &mut errors) {
                    shapes.insert(id.clone(), shape);
                }
            }
        }
    }
    model::check_member_targets(&mut shapes, &others, &mut errors);

    let Some((service_id, service)) = model::find_service(&others, options.service, &mut errors)
    else {
        return Err(Errors(errors));
    };
    let service_raw = &others[&service_id];
    let protocol = protocol::select(service_raw, &service_id, options.protocol, &mut errors);
    let bound = model::bound_operations(&service_id, &others, &mut errors);
    let mut operations = Vec::new();
    for op_id in &bound {
        if let Some(op) = model::to_operation(op_id, &others[op_id], &shapes, &mut errors) {
            operations.push(op);
        }
    }
    let Some(protocol) = protocol else {
        return Err(Errors(errors));
    };
    if !errors.is_empty() {
        return Err(Errors(errors));
    }

    let selected = select(&operations, options.operations)?;
    let mut draft = Draft {
        service,
        protocol,
        operations: selected,
        shapes: BTreeMap::new(),
    };
    add_synthetic_units(&mut draft, &mut shapes);
    draft.shapes = closure(&draft.operations, &shapes);
    boxing::box_recursive_members(&mut draft.shapes);
    validate::check(&draft, &mut errors);
    // The service's @paginated gives defaults (read and checked with its other traits above).
    let paginated_defaults = service_raw
        .raw_trait("smithy.api#paginated")
        .and_then(traits::paginated);
    let paginators = paginated::resolve(&draft, paginated_defaults.as_ref(), &mut errors);
    if !errors.is_empty() {
        return Err(Errors(errors));
    }

    let skipped = if options.skip_unsupported {
        drop_unsupported(&mut draft, &raw)?
    } else {
        check_supported(&draft)?;
        Vec::new()
    };

    members::resolve(&mut draft, &mut errors);
    let resolved = bindings::resolve(&draft, &raw, &paginators, &mut errors);
    let endpoints = if options.endpoints {
        endpoints::lower(
            &draft.service,
            service_raw,
            &resolved.operations,
            options.partitions,
        )
        .unwrap_or_else(|e| {
            errors.extend(e);
            None
        })
    } else {
        None
    };
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    let (types, serialized, deserialized) = members::codec_sets(&draft, &resolved);
    let mut ir = Ir {
        service: draft.service,
        protocol: draft.protocol,
        operations: resolved.operations,
        shapes: draft.shapes,
        errors: resolved.errors,
        types,
        serialized,
        deserialized,
        endpoints,
        protocol_tests: Vec::new(),
    };
    if let Some(tests) = service_raw
        .raw_trait("smithy.rules#endpointTests")
        .filter(|_| ir.endpoints.is_some())
    {
        let inputs = endpoints::cases::operation_inputs(&ir, tests, &mut errors);
        if let Some(rule_set) = &mut ir.endpoints {
            for (case, inputs) in rule_set.tests.iter_mut().zip(inputs) {
                case.operation_inputs = inputs;
            }
        }
    }
    if options.protocol_tests {
        ir.protocol_tests = protocol_tests::lower(&ir, &raw, &mut errors);
    }
    if !errors.is_empty() {
        return Err(Errors(errors));
    }
    Ok(Lowered { ir, skipped })
}

/// Rejects what the emitters do not support yet (see [`support`]), naming each location.
fn check_supported(draft: &Draft) -> Result<(), Errors> {
    let mut errors = Vec::new();
    support::check(draft, &draft.operations, &mut errors);
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Errors(errors))
    }
}

/// The support check per operation: operations that use an unsupported feature are dropped
/// (with the reasons and their protocol test cases) instead of failing the run; the shape
/// closure is recomputed for the rest.
fn drop_unsupported(
    draft: &mut Draft,
    raw: &BTreeMap<ShapeId, Raw>,
) -> Result<Vec<Skipped>, Errors> {
    let mut skipped = Vec::new();
    let mut kept = Vec::new();
    for op in std::mem::take(&mut draft.operations) {
        let mut errors = Vec::new();
        let one = Draft {
            service: draft.service.clone(),
            protocol: draft.protocol,
            shapes: closure(std::slice::from_ref(&op), &draft.shapes),
            operations: Vec::new(),
        };
        support::check(&one, std::slice::from_ref(&op), &mut errors);
        if errors.is_empty() {
            kept.push(op);
        } else {
            let reasons: Vec<String> = errors.iter().map(ToString::to_string).collect();
            skipped.push((op, reasons.join("; ")));
        }
    }
    let kept_errors: BTreeSet<&ShapeId> = kept.iter().flat_map(|o| o.errors.iter()).collect();
    let mut reported_errors = BTreeSet::new();
    let skipped = skipped
        .iter()
        .map(|(op, reason)| {
            let op_raw = &raw[&op.id];
            let mut cases = protocol_tests::case_ids(op_raw, CaseKind::Request);
            cases.extend(protocol_tests::case_ids(op_raw, CaseKind::Response));
            for e in &op.errors {
                if !kept_errors.contains(e) && reported_errors.insert(e.clone()) {
                    if let Some(raw) = raw.get(e) {
                        cases.extend(protocol_tests::case_ids(raw, CaseKind::Error));
                    }
                }
            }
            Skipped {
                operation: op.name.clone(),
                reason: reason.clone(),
                cases,
            }
        })
        .collect();
    draft.shapes = closure(&kept, &draft.shapes);
    draft.operations = kept;
    Ok(skipped)
}

fn model_error(location: impl Into<String>, message: impl Into<String>) -> Error {
    Error::Model {
        location: location.into(),
        message: message.into(),
    }
}

fn select(operations: &[OpDef], selection: &OperationSelection) -> Result<Vec<OpDef>, Errors> {
    let mut ops: Vec<OpDef> = match selection {
        OperationSelection::All => operations.to_vec(),
        OperationSelection::Named(names) => {
            let mut picked: Vec<OpDef> = Vec::new();
            let mut errors = Vec::new();
            for name in names {
                match operations.iter().find(|o| o.name == *name || o.id == *name) {
                    Some(op) if !picked.iter().any(|p| p.id == op.id) => picked.push(op.clone()),
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
fn add_synthetic_units(draft: &mut Draft, shapes: &mut BTreeMap<ShapeId, Shape>) {
    for op in &mut draft.operations {
        for (slot, suffix, is_input) in [
            (&mut op.input, "Input", true),
            (&mut op.output, "Output", false),
        ] {
            if *slot == prelude::UNIT {
                let name = format!("{}{suffix}", op.name);
                let id = format!("smithy.synthetic#{name}");
                let traits = Traits {
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
fn closure(operations: &[OpDef], shapes: &BTreeMap<ShapeId, Shape>) -> BTreeMap<ShapeId, Shape> {
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
