//! Recursive shapes: a structure or union that can reach itself through structure/union
//! members alone would have infinite size, so one member on each such cycle is boxed.
//! Lists and maps already put their elements on the heap and break cycles by themselves.

use std::collections::{BTreeMap, BTreeSet};

use crate::ir::{Kind, Shape, ShapeId};

/// Marks members to box until no unboxed struct/union-only cycle remains. Shapes and members
/// are visited in sorted/model order, so the choice is deterministic.
pub fn box_recursive_members(shapes: &mut BTreeMap<ShapeId, Shape>) {
    let ids: Vec<ShapeId> = shapes.keys().cloned().collect();
    for id in ids {
        let count = shapes[&id].kind.members().len();
        for i in 0..count {
            let target = {
                let m = shapes[&id].kind.members()[i];
                if m.boxed || !is_aggregate(shapes, &m.target) {
                    continue;
                }
                m.target.clone()
            };
            if reaches(shapes, &target, &id) {
                if let Kind::Structure(ms) | Kind::Union(ms) =
                    &mut shapes.get_mut(&id).expect("shape exists").kind
                {
                    ms[i].boxed = true;
                }
            }
        }
    }
}

fn is_aggregate(shapes: &BTreeMap<ShapeId, Shape>, id: &str) -> bool {
    shapes
        .get(id)
        .is_some_and(|s| matches!(s.kind, Kind::Structure(_) | Kind::Union(_)))
}

/// Whether `from` reaches `to` through unboxed structure/union members.
fn reaches(shapes: &BTreeMap<ShapeId, Shape>, from: &str, to: &str) -> bool {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_string()];
    while let Some(id) = stack.pop() {
        if id == to {
            return true;
        }
        if !seen.insert(id.clone()) {
            continue;
        }
        if let Some(Shape {
            kind: Kind::Structure(ms) | Kind::Union(ms),
            ..
        }) = shapes.get(&id)
        {
            for m in ms {
                if !m.boxed && is_aggregate(shapes, &m.target) {
                    stack.push(m.target.clone());
                }
            }
        }
    }
    false
}
