//! Recursive shapes: a structure or union that can reach itself through structure/union
//! members alone would have infinite size, so one member on each such cycle is boxed.
//! Lists and maps already put their elements on the heap and break cycles by themselves.
//!
//! A member closes such a cycle exactly when its target is in the same strongly connected
//! component as its container (over the members not boxed yet), so the components are computed
//! with Tarjan's algorithm (an explicit stack: a chain of ten thousand structures neither
//! overflows the call stack nor costs a quadratic search) and recomputed after each box that
//! can split one.

use std::collections::BTreeMap;

use crate::ir::{Kind, Shape, ShapeId};

/// Marks members to box until no unboxed struct/union-only cycle remains. Shapes and members
/// are visited in sorted/model order, so the choice is deterministic: each member that still
/// closes a cycle when it is visited is boxed.
pub fn box_recursive_members(shapes: &mut BTreeMap<ShapeId, Shape>) {
    let mut component = components(shapes);
    let ids: Vec<ShapeId> = shapes.keys().cloned().collect();
    for id in ids {
        let count = aggregate_members(&shapes[&id]).len();
        for i in 0..count {
            let m = &aggregate_members(&shapes[&id])[i];
            let Some(own) = component.get(&id) else {
                break;
            };
            if m.boxed || component.get(&m.target) != Some(own) {
                continue;
            }
            let self_reference = m.target == id;
            if let Kind::Structure(ms) | Kind::Union(ms) =
                &mut shapes.get_mut(&id).expect("shape exists").kind
            {
                ms[i].boxed = true;
            }
            // Dropping a self-reference never changes the components.
            if !self_reference {
                component = components(shapes);
            }
        }
    }
}

fn aggregate_members(shape: &Shape) -> &[crate::ir::Member] {
    match &shape.kind {
        Kind::Structure(ms) | Kind::Union(ms) => ms,
        _ => &[],
    }
}

fn is_aggregate(shapes: &BTreeMap<ShapeId, Shape>, id: &str) -> bool {
    shapes
        .get(id)
        .is_some_and(|s| matches!(s.kind, Kind::Structure(_) | Kind::Union(_)))
}

/// The strongly connected component of every structure and union, over the unboxed member
/// edges between them (Tarjan, iterative).
fn components(shapes: &BTreeMap<ShapeId, Shape>) -> BTreeMap<ShapeId, usize> {
    let nodes: Vec<&ShapeId> = shapes
        .keys()
        .filter(|id| is_aggregate(shapes, id))
        .collect();
    let index_of: BTreeMap<&str, usize> = nodes
        .iter()
        .enumerate()
        .map(|(i, id)| (id.as_str(), i))
        .collect();
    let edges: Vec<Vec<usize>> = nodes
        .iter()
        .map(|id| {
            aggregate_members(&shapes[*id])
                .iter()
                .filter(|m| !m.boxed)
                .filter_map(|m| index_of.get(m.target.as_str()).copied())
                .collect()
        })
        .collect();
    let mut t = Tarjan::new(nodes.len());
    for root in 0..nodes.len() {
        if t.index[root] != UNSEEN {
            continue;
        }
        // Each call frame is a node and the position of its next edge.
        let mut calls = vec![(root, 0)];
        t.visit(root);
        while let Some(&(v, e)) = calls.last() {
            if let Some(&w) = edges[v].get(e) {
                if let Some(top) = calls.last_mut() {
                    top.1 += 1;
                }
                if t.index[w] == UNSEEN {
                    t.visit(w);
                    calls.push((w, 0));
                } else if t.on_stack[w] {
                    t.low[v] = t.low[v].min(t.index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(u, _)) = calls.last() {
                t.low[u] = t.low[u].min(t.low[v]);
            }
            if t.low[v] == t.index[v] {
                t.close_component(v);
            }
        }
    }
    let component = t.component;
    nodes
        .into_iter()
        .enumerate()
        .map(|(i, id)| (id.clone(), component[i]))
        .collect()
}

const UNSEEN: usize = usize::MAX;

/// Tarjan's bookkeeping, per node.
struct Tarjan {
    index: Vec<usize>,
    low: Vec<usize>,
    on_stack: Vec<bool>,
    stack: Vec<usize>,
    component: Vec<usize>,
    next_index: usize,
    next_component: usize,
}

impl Tarjan {
    fn new(n: usize) -> Self {
        Tarjan {
            index: vec![UNSEEN; n],
            low: vec![0; n],
            on_stack: vec![false; n],
            stack: Vec::new(),
            component: vec![0; n],
            next_index: 0,
            next_component: 0,
        }
    }

    fn visit(&mut self, v: usize) {
        self.index[v] = self.next_index;
        self.low[v] = self.next_index;
        self.next_index += 1;
        self.stack.push(v);
        self.on_stack[v] = true;
    }

    /// Pops the component whose root is `v`.
    fn close_component(&mut self, v: usize) {
        while let Some(w) = self.stack.pop() {
            self.on_stack[w] = false;
            self.component[w] = self.next_component;
            if w == v {
                break;
            }
        }
        self.next_component += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Member, Traits};

    fn structure(id: &str, targets: &[&str]) -> (ShapeId, Shape) {
        let members = targets
            .iter()
            .enumerate()
            .map(|(i, t)| Member {
                name: format!("m{i}"),
                target: t.to_string(),
                traits: Traits::default(),
                boxed: false,
                wire_name: format!("m{i}"),
                timestamp_format: crate::ir::TimestampFormat::EpochSeconds,
                default: None,
            })
            .collect();
        (
            id.to_string(),
            Shape {
                id: id.to_string(),
                name: id.to_string(),
                kind: Kind::Structure(members),
                traits: Traits::default(),
            },
        )
    }

    fn boxed(shapes: &BTreeMap<ShapeId, Shape>) -> Vec<String> {
        shapes
            .values()
            .flat_map(|s| {
                aggregate_members(s)
                    .iter()
                    .filter(|m| m.boxed)
                    .map(|m| format!("{}.{}", s.id, m.name))
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn one_member_per_cycle_in_sorted_order() {
        // a <-> b, c -> c twice, d -> a (not on a cycle), e -> f -> g -> e.
        let mut shapes: BTreeMap<_, _> = [
            structure("a", &["b"]),
            structure("b", &["a"]),
            structure("c", &["c", "c"]),
            structure("d", &["a"]),
            structure("e", &["f"]),
            structure("f", &["g"]),
            structure("g", &["e"]),
        ]
        .into_iter()
        .collect();
        box_recursive_members(&mut shapes);
        assert_eq!(boxed(&shapes), ["a.m0", "c.m0", "c.m1", "e.m0"]);
    }

    #[test]
    fn two_cycles_through_one_shape_box_twice() {
        // a -> b -> a and a -> c -> a: boxing a.m0 leaves a -> c -> a.
        let mut shapes: BTreeMap<_, _> = [
            structure("a", &["b", "c"]),
            structure("b", &["a"]),
            structure("c", &["a"]),
        ]
        .into_iter()
        .collect();
        box_recursive_members(&mut shapes);
        assert_eq!(boxed(&shapes), ["a.m0", "a.m1"]);
    }
}
