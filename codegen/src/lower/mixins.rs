//! Mixins: copies mixin members and traits into the shapes that use them, mixins first.
//!
//! In: the shapes by id after `apply`. Out: the same shapes with their mixins flattened in and
//! the mixin shapes themselves removed (they are not generated). Problems (an undefined mixin,
//! a target without `@mixin`, a member defined by two mixins, a mixin cycle, mixins that would
//! expand the model beyond a memory budget) are located errors. The walk keeps its own stack,
//! so a chain of mixins thousands deep cannot overflow the thread's stack.

use std::collections::BTreeMap;

use serde_json::Value;

use super::{model_error, Raw};
use crate::error::Error;
use crate::ir::ShapeId;
use crate::parse::MemberDef;

const MIXIN: &str = "smithy.api#mixin";

/// The fewest flattened members allowed before [`flatten`] gives up (see there).
const MIN_MEMBER_BUDGET: usize = 1_000_000;

fn is_mixin(r: &Raw) -> bool {
    r.traits.iter().any(|(k, _)| k == MIXIN)
}

/// Flattens every shape's mixins (see the module docs).
pub(super) fn flatten(
    raw: BTreeMap<ShapeId, Raw>,
    errors: &mut Vec<Error>,
) -> BTreeMap<ShapeId, Raw> {
    let mut done: BTreeMap<ShapeId, Raw> = BTreeMap::new();
    // Each flattened shape holds copies of its mixins' members, so a chain of n mixins that add
    // a member each expands to n²/2 members: stop at a budget instead of exhausting memory.
    let written: usize = raw.values().map(|r| r.members.len()).sum();
    let budget = MIN_MEMBER_BUDGET.max(written.saturating_mul(4));
    let mut total = 0usize;
    for root in raw.keys() {
        // Depth-first, post-order: a shape is combined once all its mixins are done. Each
        // frame is a shape on the current path and the index of its next mixin to visit.
        let mut path: Vec<(&str, usize)> = vec![(root.as_str(), 0)];
        while let Some(top) = path.last_mut() {
            let id: &str = top.0;
            if done.contains_key(id) {
                path.pop();
                continue;
            }
            let r = &raw[id];
            if let Some(mixin) = r.def.mixins.get(top.1) {
                top.1 += 1;
                let target = mixin.target.as_str();
                let Some((target, m)) = raw.get_key_value(target) else {
                    continue;
                };
                if !is_mixin(m) || done.contains_key(target.as_str()) {
                    continue;
                }
                if path.iter().any(|(p, _)| *p == target) {
                    let chain: Vec<&str> = path.iter().map(|(p, _)| *p).collect();
                    errors.push(model_error(
                        target.as_str(),
                        format!("mixin cycle: {} -> {target}", chain.join(" -> ")),
                    ));
                    continue;
                }
                path.push((target.as_str(), 0));
                continue;
            }
            let out = combine(id, r, &raw, &done, errors);
            total = total.saturating_add(out.members.len());
            if total > budget {
                errors.push(model_error(
                    id,
                    format!(
                        "mixins expand the model to more than {budget} members (four times the \
                         members it writes, or at least {MIN_MEMBER_BUDGET}); flattening stopped here"
                    ),
                ));
                return BTreeMap::new();
            }
            done.insert(id.to_string(), out);
            path.pop();
        }
    }
    done.retain(|_, r| !is_mixin(r));
    done
}

/// `r` with the (already flattened) members and traits of its mixins, its own last.
fn combine(
    id: &str,
    r: &Raw,
    raw: &BTreeMap<ShapeId, Raw>,
    done: &BTreeMap<ShapeId, Raw>,
    errors: &mut Vec<Error>,
) -> Raw {
    let mut out = r.clone();
    if r.def.mixins.is_empty() {
        return out;
    }
    let mut members: Vec<(String, MemberDef)> = Vec::new();
    let mut traits: Vec<(String, Value)> = Vec::new();
    for mixin in &r.def.mixins {
        let Some(m) = raw.get(&mixin.target) else {
            errors.push(model_error(
                id,
                format!("mixin {} is not defined", mixin.target),
            ));
            continue;
        };
        if !is_mixin(m) {
            errors.push(model_error(
                id,
                format!(
                    "{} is used as a mixin but has no @mixin trait",
                    mixin.target
                ),
            ));
            continue;
        }
        // Absent only when the mixin is on a cycle (reported where it was found).
        let Some(flat) = done.get(&mixin.target) else {
            continue;
        };
        let local: Vec<String> = flat
            .traits
            .iter()
            .find(|(k, _)| k == MIXIN)
            .and_then(|(_, v)| v.get("localTraits"))
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect()
            })
            .unwrap_or_default();
        for (k, v) in &flat.traits {
            if k != MIXIN && !local.contains(k) {
                upsert(&mut traits, k, v.clone());
            }
        }
        for (name, def) in &flat.members {
            if members.iter().any(|(n, _)| n == name) {
                errors.push(model_error(
                    format!("{id}${name}"),
                    "member is defined by more than one mixin",
                ));
            } else {
                members.push((name.clone(), def.clone()));
            }
        }
    }
    for (name, def) in &r.members {
        match members.iter_mut().find(|(n, _)| n == name) {
            Some((_, inherited)) => {
                for (k, v) in &def.traits.0 {
                    upsert(&mut inherited.traits.0, k, v.clone());
                }
            }
            None => members.push((name.clone(), def.clone())),
        }
    }
    for (k, v) in &r.traits {
        upsert(&mut traits, k, v.clone());
    }
    out.members = members;
    out.traits = traits;
    out
}

fn upsert(list: &mut Vec<(String, Value)>, key: &str, value: Value) {
    match list.iter_mut().find(|(k, _)| k == key) {
        Some(e) => e.1 = value,
        None => list.push((key.to_string(), value)),
    }
}
