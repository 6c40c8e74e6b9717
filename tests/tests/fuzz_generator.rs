//! Mutation fuzzing of the whole generator (`codegen::generate`) from the real Image Builder
//! model.
//!
//! Each case starts from the pinned model as a `serde_json::Value`, applies one to four random
//! mutations (delete, duplicate, rename, retarget and retype shapes, members and traits; give
//! traits values of the wrong form; change the `smithy` version, mixins, `apply`, operation
//! bindings; rename shapes and members to Rust-hostile names), sometimes damages the text
//! itself (truncation, garbage, duplicate keys, deep nesting), then runs the pipeline for all
//! operations, for UpdateInfrastructureConfiguration, or for a random subset of the operations
//! the unmutated model supports. Mutations aim at the shapes UpdateInfrastructureConfiguration
//! reaches two times in three, so that many mutated models get all the way through emission.
//!
//! Documentation strings grown by a mutation stay under 16 KB: output grows with the size of a
//! doc times the places it is printed (an error's doc is printed in every operation's error
//! enum), which is linear but slow; `large_models.rs` covers the size of the input.
//!
//! What must hold: no panic; no case slower than [`LIMIT`]; a rejected model reports located
//! problems and never an internal generator error; an accepted model's `.rs` files parse with
//! `syn`, and no file defines the same item, field, variant or inherent method twice (the cheap
//! half of "the code compiles": a name collision the naming phase missed).
//!
//! Default: 2 000 cases in release builds, 200 in debug builds (`cargo test --workspace`);
//! `FUZZ_CASES=100000 cargo test --release -p integration-tests --test fuzz_generator` for a
//! long run. See `fuzz/mod.rs` for `FUZZ_SEED` and replaying a finding.

mod fuzz;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;
use std::time::Duration;

use codegen::{Error, OperationSelection, Settings};
use serde_json::{json, Map, Value};

use fuzz::{Case, Rng};

/// The slowest a single case may be.
const LIMIT: Duration = Duration::from_secs(5);

const NS: &str = "com.amazonaws.imagebuilder#";
const TARGET_OP: &str = "UpdateInfrastructureConfiguration";

/// The unmutated model and what the mutations pick from.
struct Base {
    model: Value,
    /// What `cargo xtask regenerate` would use (partition table included).
    settings: Settings,
    /// Shapes UpdateInfrastructureConfiguration reaches (input, output, errors, members).
    hot: Vec<String>,
    /// Every operation of the unmutated model, and those that generate on their own.
    operations: Vec<String>,
    supported: Vec<String>,
}

/// The [`Base`], built once for all the tests here: building it loads the model once per
/// operation.
static BASE: OnceLock<Base> = OnceLock::new();

fn base() -> &'static Base {
    BASE.get_or_init(load_base)
}

fn load_base() -> Base {
    let args = Default::default();
    let path = xtask::regenerate::model_path(&args).expect("the pinned model is provisioned");
    let text = std::fs::read_to_string(&path).expect("model is readable");
    let settings = xtask::regenerate::model_settings(&args, &xtask::workspace_root(), &text)
        .expect("settings (and the partition table) for the pinned model");
    let model: Value = serde_json::from_str(&text).expect("model is JSON");
    let shapes = model["shapes"].as_object().expect("shapes");
    let mut hot = BTreeSet::new();
    let op = &shapes[&format!("{NS}{TARGET_OP}")];
    let mut stack: Vec<String> = ["input", "output"]
        .iter()
        .filter_map(|k| op[*k]["target"].as_str().map(String::from))
        .chain(
            op["errors"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|e| e["target"].as_str().map(String::from)),
        )
        .collect();
    while let Some(id) = stack.pop() {
        let Some(shape) = shapes.get(&id) else {
            continue;
        };
        if !hot.insert(id) {
            continue;
        }
        for t in member_targets(shape) {
            stack.push(t);
        }
    }
    let operations: Vec<String> = shapes
        .iter()
        .filter(|(_, s)| s["type"] == "operation")
        .map(|(id, _)| id.trim_start_matches(NS).to_string())
        .collect();
    let supported = operations
        .iter()
        .filter(|op| {
            // Lowering refuses an operation that uses a feature the emitters do not support.
            codegen::load(&text, &OperationSelection::Named(vec![op.to_string()])).is_ok()
        })
        .cloned()
        .collect();
    Base {
        model,
        settings,
        hot: hot.into_iter().collect(),
        operations,
        supported,
    }
}

fn member_targets(shape: &Value) -> Vec<String> {
    let mut out = Vec::new();
    if let Some(ms) = shape["members"].as_object() {
        out.extend(
            ms.values()
                .filter_map(|m| m["target"].as_str().map(String::from)),
        );
    }
    for k in ["member", "key", "value"] {
        if let Some(t) = shape[k]["target"].as_str() {
            out.push(t.to_string());
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Mutations
// ---------------------------------------------------------------------------------------------

const SHAPE_TYPES: &[&str] = &[
    "blob",
    "boolean",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
    "document",
    "enum",
    "intEnum",
    "list",
    "set",
    "map",
    "structure",
    "union",
    "service",
    "operation",
    "resource",
    "apply",
    "spaceship",
    "",
    "Structure",
];

const PRELUDE: &[&str] = &[
    "smithy.api#String",
    "smithy.api#Unit",
    "smithy.api#Integer",
    "smithy.api#PrimitiveBoolean",
    "smithy.api#PrimitiveLong",
    "smithy.api#BigInteger",
    "smithy.api#BigDecimal",
    "smithy.api#Document",
    "smithy.api#Timestamp",
    "smithy.api#Blob",
    "smithy.api#Nope",
];

/// Names that stress the naming phase: Rust keywords, names the generated API reserves,
/// std type names, case and separator variants, non-identifiers.
const HOSTILE_NAMES: &[&str] = &[
    "type",
    "self",
    "Self",
    "super",
    "crate",
    "extern",
    "match",
    "async",
    "gen",
    "try",
    "r#type",
    "build",
    "send",
    "builder",
    "meta",
    "customize",
    "as_input",
    "set_foo",
    "get_foo",
    "foo",
    "Foo",
    "FOO",
    "foo_bar",
    "fooBar",
    "FooBar",
    "Unknown",
    "UNKNOWN",
    "Unhandled",
    "Error",
    "Option",
    "Result",
    "String",
    "Vec",
    "Box",
    "Client",
    "Config",
    "Builders",
    "_",
    "__",
    "_1",
    "1abc",
    "a-b",
    "a b",
    "a.b",
    "a#b",
    "a$b",
    "",
    "Ünïcödé",
    "日本",
    "message",
    "Message",
    "code",
    "__type",
];

const TRAITS: &[&str] = &[
    "smithy.api#documentation",
    "smithy.api#required",
    "smithy.api#default",
    "smithy.api#clientOptional",
    "smithy.api#jsonName",
    "smithy.api#timestampFormat",
    "smithy.api#idempotencyToken",
    "smithy.api#error",
    "smithy.api#httpError",
    "smithy.api#http",
    "smithy.api#httpLabel",
    "smithy.api#httpQuery",
    "smithy.api#httpHeader",
    "smithy.api#httpPayload",
    "smithy.api#httpResponseCode",
    "smithy.api#httpPrefixHeaders",
    "smithy.api#httpQueryParams",
    "smithy.api#sensitive",
    "smithy.api#enumValue",
    "smithy.api#length",
    "smithy.api#range",
    "smithy.api#pattern",
    "smithy.api#paginated",
    "smithy.api#retryable",
    "smithy.api#input",
    "smithy.api#output",
    "smithy.api#sparse",
    "smithy.api#streaming",
    "smithy.api#deprecated",
    "smithy.api#mixin",
    "smithy.api#title",
    "aws.api#service",
    "aws.auth#sigv4",
    "aws.protocols#restJson1",
    "smithy.rules#endpointRuleSet",
    "x.custom#anything",
];

/// A random JSON value of a random form, sometimes a plausible one for a trait.
fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 9 } else { 12 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(1, 2)),
        2 => json!(rng.next_u64() as i64 % 2000 - 1000),
        3 => json!(*rng.pick(&[0.5, -1.0e300, 1.0e300, 3.0, -0.0, 1.0e-300])),
        4 => json!(*rng.pick(&[u64::MAX as f64, i64::MIN as f64, 65536.0, 300.0, 128.0])),
        5 => json!(*rng.pick(HOSTILE_NAMES)),
        6 => json!(*rng.pick(&[
            "epoch-seconds",
            "date-time",
            "http-date",
            "client",
            "server",
            "/",
            "/x/{y}",
            "/{",
            "PUT",
            "",
            "x\"y\\z\n",
            "<p>a <b>b</p>",
            "\u{0}",
            "1985-04-12T23:20:50.52Z",
        ])),
        7 => json!({}),
        8 => json!([]),
        9 => {
            let n = rng.below(3);
            Value::Array((0..n).map(|_| random_value(rng, depth + 1)).collect())
        }
        10 => {
            json!({"method": random_value(rng, depth + 1), "uri": random_value(rng, depth + 1), "code": random_value(rng, depth + 1)})
        }
        _ => {
            let mut m = Map::new();
            for _ in 0..rng.below(3) {
                let k = rng
                    .pick(&[
                        "min",
                        "max",
                        "throttling",
                        "inputToken",
                        "items",
                        "localTraits",
                        "sdkId",
                        "name",
                    ])
                    .to_string();
                m.insert(k, random_value(rng, depth + 1));
            }
            Value::Object(m)
        }
    }
}

/// A target for a member or operation binding.
fn random_target(rng: &mut Rng, shapes: &Map<String, Value>) -> String {
    match rng.below(6) {
        0 | 1 => random_key(rng, shapes),
        2 => rng.pick(PRELUDE).to_string(),
        3 => format!("{NS}{}", rng.pick(HOSTILE_NAMES)),
        4 => rng
            .pick(&["", "nohash", "a#b$c", "#", "x#", "#y", "smithy.api#Unit"])
            .to_string(),
        _ => format!("{NS}{TARGET_OP}"),
    }
}

fn random_key(rng: &mut Rng, shapes: &Map<String, Value>) -> String {
    if shapes.is_empty() {
        return format!("{NS}Empty");
    }
    let i = rng.below(shapes.len());
    shapes.keys().nth(i).cloned().unwrap_or_default()
}

/// A shape to mutate: one UpdateInfrastructureConfiguration reaches two times in three.
fn pick_shape(rng: &mut Rng, base: &Base, shapes: &Map<String, Value>) -> Option<String> {
    if rng.chance(2, 3) {
        let id = rng.pick(&base.hot);
        if shapes.contains_key(id) {
            return Some(id.clone());
        }
    }
    (!shapes.is_empty()).then(|| random_key(rng, shapes))
}

/// The traits object of a shape or of one of its members (created if absent).
fn some_traits<'a>(
    rng: &mut Rng,
    shape: &'a mut Value,
) -> Option<(&'a mut Map<String, Value>, String)> {
    let member = shape
        .get("members")
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty() && rng.chance(2, 3))
        .map(|m| {
            m.keys()
                .nth(rng.below(m.len()))
                .cloned()
                .unwrap_or_default()
        });
    let (holder, place) = match member {
        Some(name) => (&mut shape["members"][&name], format!("${name}")),
        None => (shape, String::new()),
    };
    let holder = holder.as_object_mut()?;
    let traits = holder
        .entry("traits")
        .or_insert_with(|| json!({}))
        .as_object_mut()?;
    Some((traits, place))
}

/// Renames shape `from` to `to` and every reference to it.
fn rename_shape(model: &mut Value, from: &str, to: &str) {
    fn walk(v: &mut Value, from: &str, to: &str) {
        match v {
            Value::String(s) if s == from => *s = to.to_string(),
            Value::Array(a) => a.iter_mut().for_each(|x| walk(x, from, to)),
            Value::Object(o) => o.values_mut().for_each(|x| walk(x, from, to)),
            _ => {}
        }
    }
    let shapes = model["shapes"].as_object_mut().expect("shapes");
    if let Some(s) = shapes.remove(from) {
        shapes.insert(to.to_string(), s);
    }
    walk(&mut model["shapes"], from, to);
}

/// Applies one value-level mutation; returns what it did.
fn mutate(rng: &mut Rng, base: &Base, model: &mut Value) -> String {
    let Some(shapes) = model.get_mut("shapes").and_then(Value::as_object_mut) else {
        model["shapes"] = json!({});
        return "reset shapes".into();
    };
    let Some(id) = pick_shape(rng, base, shapes) else {
        return "nothing to mutate".into();
    };
    match rng.below(22) {
        0 => {
            shapes.remove(&id);
            format!("delete shape {id}")
        }
        1 => {
            // A copy under another id, then referenced from a hot structure.
            let local = id.rsplit('#').next().unwrap_or_default().to_string();
            let new_id = match rng.below(4) {
                0 => format!("other.ns#{local}"),
                1 => format!("{NS}{}", local.to_lowercase()),
                2 => format!("{NS}{}_", local),
                _ => format!("{NS}{}", local.to_uppercase()),
            };
            let copy = shapes[&id].clone();
            shapes.insert(new_id.clone(), copy);
            let holder = rng.pick(&base.hot).clone();
            if let Some(ms) = shapes
                .get_mut(&holder)
                .and_then(|h| h.get_mut("members"))
                .and_then(Value::as_object_mut)
            {
                ms.insert("dupRef".into(), json!({"target": new_id}));
            }
            format!("duplicate {id} as {new_id}, referenced from {holder}$dupRef")
        }
        2 | 3 => {
            let target = random_target(rng, shapes);
            let shape = &mut shapes[&id];
            let slot = if let Some(ms) = shape.get_mut("members").and_then(Value::as_object_mut) {
                if ms.is_empty() {
                    return format!("no member to retarget in {id}");
                }
                let name = ms
                    .keys()
                    .nth(rng.below(ms.len()))
                    .cloned()
                    .unwrap_or_default();
                ms.get_mut(&name).map(|m| (m, name))
            } else {
                let k = *rng.pick(&["member", "key", "value", "input", "output"]);
                shape.get_mut(k).map(|m| (m, k.to_string()))
            };
            match slot {
                Some((m, name)) => {
                    m["target"] = json!(target);
                    format!("retarget {id}${name} to {target}")
                }
                None => format!("no member to retarget in {id}"),
            }
        }
        4 | 5 => {
            let t = *rng.pick(SHAPE_TYPES);
            shapes[&id]["type"] = json!(t);
            format!("retype {id} to {t:?}")
        }
        6 => match shapes[&id]
            .get_mut("members")
            .and_then(Value::as_object_mut)
        {
            Some(ms) if !ms.is_empty() => {
                let name = ms
                    .keys()
                    .nth(rng.below(ms.len()))
                    .cloned()
                    .unwrap_or_default();
                ms.shift_remove(&name);
                format!("delete member {id}${name}")
            }
            _ => format!("no member to delete in {id}"),
        },
        7 | 8 => match shapes[&id]
            .get_mut("members")
            .and_then(Value::as_object_mut)
        {
            Some(ms) if !ms.is_empty() => {
                let name = ms
                    .keys()
                    .nth(rng.below(ms.len()))
                    .cloned()
                    .unwrap_or_default();
                let new = match rng.below(4) {
                    0 => to_snake(&name),
                    1 => name.to_uppercase(),
                    2 => rng.pick(HOSTILE_NAMES).to_string(),
                    _ => format!("{name}_"),
                };
                let m = ms[&name].clone();
                if rng.chance(1, 2) {
                    ms.shift_remove(&name);
                    ms.insert(new.clone(), m);
                    format!("rename member {id}${name} to {new:?}")
                } else {
                    ms.insert(new.clone(), m);
                    format!("copy member {id}${name} as {new:?}")
                }
            }
            _ => format!("no member to rename in {id}"),
        },
        9 => match some_traits(rng, &mut shapes[&id]) {
            Some((traits, place)) if !traits.is_empty() => {
                let k = traits
                    .keys()
                    .nth(rng.below(traits.len()))
                    .cloned()
                    .unwrap_or_default();
                traits.shift_remove(&k);
                format!("delete trait {k} of {id}{place}")
            }
            _ => format!("no trait to delete in {id}"),
        },
        10..=12 => {
            let value = random_value(rng, 0);
            match some_traits(rng, &mut shapes[&id]) {
                Some((traits, place)) => {
                    let k = if !traits.is_empty() && rng.chance(1, 2) {
                        traits
                            .keys()
                            .nth(rng.below(traits.len()))
                            .cloned()
                            .unwrap_or_default()
                    } else {
                        rng.pick(TRAITS).to_string()
                    };
                    let shown = short(&value);
                    traits.insert(k.clone(), value);
                    format!("set trait {k} of {id}{place} to {shown}")
                }
                None => format!("no traits in {id}"),
            }
        }
        13 => {
            let v = random_value(rng, 0);
            let shown = short(&v);
            model["smithy"] = v;
            format!("set smithy version to {shown}")
        }
        14 => {
            let k = *rng.pick(&["members", "member", "key", "value"]);
            let t = random_target(rng, shapes);
            let v = if k == "members" {
                json!({"x": {"target": t}})
            } else {
                json!({"target": t})
            };
            shapes[&id][k] = v;
            format!("set {k} of {id} ({}) to target {t}", shapes[&id]["type"])
        }
        15 => {
            // Mixins: make a random shape a mixin and mix it in, sometimes into itself.
            let mixin = if rng.chance(1, 4) {
                id.clone()
            } else {
                random_key(rng, shapes)
            };
            if rng.chance(3, 4) {
                if let Some(t) = shapes[&mixin].as_object_mut() {
                    t.entry("traits")
                        .or_insert_with(|| json!({}))
                        .as_object_mut()
                        .map(|t| t.insert("smithy.api#mixin".into(), json!({})));
                }
            }
            let shape = &mut shapes[&id];
            if !shape["mixins"].is_array() {
                shape["mixins"] = json!([]);
            }
            shape["mixins"]
                .as_array_mut()
                .expect("array")
                .push(json!({"target": mixin}));
            format!("mix {mixin} into {id}")
        }
        16 => {
            let member = shapes[&id]["members"]
                .as_object()
                .filter(|m| !m.is_empty())
                .map(|m| {
                    m.keys()
                        .nth(rng.below(m.len()))
                        .cloned()
                        .unwrap_or_default()
                });
            let target = match (member, rng.below(3)) {
                (Some(m), 0 | 1) => format!("{id}${m}"),
                (_, 0) => format!("{id}$noSuchMember"),
                _ => id.clone(),
            };
            let k = rng.pick(TRAITS).to_string();
            let v = random_value(rng, 0);
            let shown = short(&v);
            shapes.insert(
                target.clone(),
                json!({"type": "apply", "traits": {k.clone(): v}}),
            );
            format!("apply {k} = {shown} to {target}")
        }
        17 => {
            let op = format!("{NS}{}", rng.pick(&base.supported));
            let t = random_target(rng, shapes);
            let Some(o) = shapes.get_mut(&op) else {
                return format!("{op} is gone");
            };
            match rng.below(4) {
                0 => {
                    o["input"] = json!({"target": t});
                    format!("input of {op} = {t}")
                }
                1 => {
                    o["output"] = json!({"target": t});
                    format!("output of {op} = {t}")
                }
                2 => {
                    if !o["errors"].is_array() {
                        o["errors"] = json!([]);
                    }
                    o["errors"]
                        .as_array_mut()
                        .expect("array")
                        .push(json!({"target": t}));
                    format!("error of {op} += {t}")
                }
                _ => {
                    o.as_object_mut().map(|o| o.shift_remove("input"));
                    format!("input of {op} removed")
                }
            }
        }
        18 => {
            // Rename a shape (and every reference) to a hostile local name; one time in four
            // the operation itself (the selection follows it, see `selection`).
            let id = if rng.chance(1, 4) {
                format!("{NS}{TARGET_OP}")
            } else {
                id
            };
            let new = format!("{NS}{}", rng.pick(HOSTILE_NAMES));
            rename_shape(model, &id, &new);
            format!("rename shape {id} to {new:?}")
        }
        19 => {
            let enum_id = base
                .hot
                .iter()
                .filter(|s| shapes.get(*s).is_some_and(|s| s["type"] == "enum"))
                .nth(rng.below(4))
                .cloned()
                .unwrap_or(id);
            let v = random_value(rng, 0);
            let shown = short(&v);
            let name = rng.pick(HOSTILE_NAMES).to_string();
            if let Some(ms) = shapes[&enum_id]["members"].as_object_mut() {
                ms.insert(
                    name.clone(),
                    json!({"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": v}}),
                );
            }
            format!("enum value {enum_id}${name} = {shown}")
        }
        20 => {
            // Very deep or very long trait values.
            let (v, what) = if rng.chance(1, 2) {
                let depth = rng.range(100, 400);
                let mut v = json!(1);
                for _ in 0..depth {
                    v = json!([v]);
                }
                (v, format!("an array nested {depth} deep"))
            } else {
                let n = rng.range(4_000, 16_000);
                (
                    json!("<p>x ".repeat(n / 5)),
                    format!("a {n}-byte documentation"),
                )
            };
            match some_traits(rng, &mut shapes[&id]) {
                Some((traits, place)) => {
                    let k = if rng.chance(1, 2) {
                        "smithy.api#documentation".to_string()
                    } else {
                        rng.pick(TRAITS).to_string()
                    };
                    traits.insert(k.clone(), v);
                    format!("set trait {k} of {id}{place} to {what}")
                }
                None => format!("no traits in {id}"),
            }
        }
        _ => {
            let service = format!("{NS}imagebuilder");
            let t = random_target(rng, shapes);
            let Some(s) = shapes.get_mut(&service) else {
                return "service is gone".into();
            };
            let k = *rng.pick(&["operations", "resources"]);
            if !s[k].is_array() {
                s[k] = json!([]);
            }
            s[k].as_array_mut()
                .expect("array")
                .push(json!({"target": t}));
            format!("service {k} += {t}")
        }
    }
}

/// Damages the text: truncation, garbage, a duplicate key, deep nesting.
fn mutate_text(rng: &mut Rng, text: &mut String) -> String {
    let boundary = |rng: &mut Rng, text: &str| {
        let mut at = rng.below(text.len() + 1);
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        at
    };
    match rng.below(5) {
        0 => {
            let at = boundary(rng, text);
            text.truncate(at);
            format!("truncate text at byte {at}")
        }
        1 => {
            let at = boundary(rng, text);
            let n = rng.range(1, 8);
            let garbage: String = (0..n)
                .map(|_| {
                    *rng.pick(&[
                        '{', '}', '[', ']', '"', '\\', ',', ':', '\0', '\u{7f}', 'é', '𝄞', '\n',
                        '1', 'e', '-',
                    ])
                })
                .collect();
            text.insert_str(at, &garbage);
            format!("insert {garbage:?} at byte {at}")
        }
        2 => {
            // A duplicate key in `shapes` or in a member map (JSON allows it, Smithy does not).
            let anchors: Vec<usize> = text
                .match_indices("\"members\":{")
                .map(|(i, m)| i + m.len())
                .collect();
            let (at, what) = if anchors.is_empty() || rng.chance(1, 3) {
                match text.find("\"shapes\":{") {
                    Some(i) => (i + "\"shapes\":{".len(), "shapes"),
                    None => return "no shapes to duplicate into".into(),
                }
            } else {
                (*rng.pick(&anchors), "members")
            };
            let rest = &text[at..];
            // Copy the first entry after the anchor, up to its closing brace at depth 0.
            let mut depth = 0i32;
            let mut in_str = false;
            let mut escaped = false;
            let mut end = None;
            for (i, c) in rest.char_indices() {
                match (in_str, escaped, c) {
                    (true, true, _) => escaped = false,
                    (true, false, '\\') => escaped = true,
                    (true, false, '"') => in_str = false,
                    (false, _, '"') => in_str = true,
                    (false, _, '{') => depth += 1,
                    (false, _, '}') => {
                        depth -= 1;
                        if depth == 0 {
                            end = Some(i + 1);
                            break;
                        }
                        if depth < 0 {
                            break;
                        }
                    }
                    _ => {}
                }
            }
            match end {
                Some(end) => {
                    let entry = rest[..end].to_string();
                    text.insert_str(at, &format!("{entry},"));
                    format!("duplicate the first key of a {what} object")
                }
                None => "nothing to duplicate".into(),
            }
        }
        3 => {
            let depth = rng.range(100, 20_000);
            *text = format!("{}{text}{}", "[".repeat(depth), "]".repeat(depth));
            format!("wrap in {depth} arrays")
        }
        _ => {
            let at = boundary(rng, text);
            let end = (at + rng.range(1, 64)).min(text.len());
            let mut end = end;
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.replace_range(at..end, "");
            format!("cut bytes {at}..{end}")
        }
    }
}

fn to_snake(s: &str) -> String {
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 60 {
        format!(
            "{}… ({} bytes)",
            &s[..s.char_indices().nth(50).map_or(s.len(), |(i, _)| i)],
            s.len()
        )
    } else {
        s
    }
}

// ---------------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------------

/// Names defined twice in one scope of a parsed file.
fn duplicate_definitions(file: &syn::File) -> Vec<String> {
    let mut dups = Vec::new();
    check_items(&file.items, "crate", &mut dups);
    dups
}

fn check_items(items: &[syn::Item], scope: &str, dups: &mut Vec<String>) {
    let mut types = BTreeSet::new();
    let mut values = BTreeSet::new();
    let mut methods: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let note = |set: &mut BTreeSet<String>, name: String, dups: &mut Vec<String>| {
        if !set.insert(name.clone()) {
            dups.push(format!("{scope}: `{name}` is defined twice"));
        }
    };
    for item in items {
        match item {
            syn::Item::Struct(s) => {
                note(&mut types, s.ident.to_string(), dups);
                let mut fields = BTreeSet::new();
                for f in s.fields.iter().filter_map(|f| f.ident.as_ref()) {
                    if !fields.insert(f.to_string()) {
                        dups.push(format!(
                            "{scope}::{}: field `{f}` is defined twice",
                            s.ident
                        ));
                    }
                }
            }
            syn::Item::Enum(e) => {
                note(&mut types, e.ident.to_string(), dups);
                let mut variants = BTreeSet::new();
                for v in &e.variants {
                    if !variants.insert(v.ident.to_string()) {
                        dups.push(format!(
                            "{scope}::{}: variant `{}` is defined twice",
                            e.ident, v.ident
                        ));
                    }
                }
            }
            syn::Item::Type(t) => note(&mut types, t.ident.to_string(), dups),
            syn::Item::Trait(t) => note(&mut types, t.ident.to_string(), dups),
            syn::Item::Mod(m) => {
                note(&mut types, m.ident.to_string(), dups);
                if let Some((_, inner)) = &m.content {
                    check_items(inner, &format!("{scope}::{}", m.ident), dups);
                }
            }
            syn::Item::Fn(f) => note(&mut values, f.sig.ident.to_string(), dups),
            syn::Item::Const(c) => note(&mut values, c.ident.to_string(), dups),
            syn::Item::Static(s) => note(&mut values, s.ident.to_string(), dups),
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let self_ty = quote_type(&i.self_ty);
                let set = methods.entry(self_ty.clone()).or_default();
                for it in &i.items {
                    if let syn::ImplItem::Fn(f) = it {
                        if !set.insert(f.sig.ident.to_string()) {
                            dups.push(format!(
                                "{scope}: method `{self_ty}::{}` is defined twice",
                                f.sig.ident
                            ));
                        }
                    }
                }
            }
            _ => {}
        }
    }
}

fn quote_type(ty: &syn::Type) -> String {
    match ty {
        syn::Type::Path(p) => p
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect::<Vec<_>>()
            .join("::"),
        _ => "?".into(),
    }
}

fn selection(rng: &mut Rng, base: &Base, model: &Value) -> OperationSelection {
    // The operation UpdateInfrastructureConfiguration, or what it was renamed to.
    let target = match model["shapes"].as_object() {
        Some(shapes) if !shapes.contains_key(&format!("{NS}{TARGET_OP}")) => shapes
            .iter()
            .filter(|(_, s)| s["type"] == "operation")
            .map(|(id, _)| id.trim_start_matches(NS))
            .find(|name| !base.operations.iter().any(|o| o == name))
            .unwrap_or(TARGET_OP),
        _ => TARGET_OP,
    };
    // All 75 operations take about 30 times as long as one: one case in 32.
    match rng.below(32) {
        0 => OperationSelection::All,
        1..=20 => OperationSelection::Named(vec![target.into()]),
        _ => {
            let n = rng.range(1, 4);
            OperationSelection::Named((0..n).map(|_| rng.pick(&base.supported).clone()).collect())
        }
    }
}

fn settings(base: &Base, operations: OperationSelection) -> Settings {
    Settings {
        operations,
        ..base.settings.clone()
    }
}

/// One case: mutate, generate, check.
fn run_case(base: &Base, case: &Case) -> Result<(), String> {
    let mut rng = Rng::new(case.seed);
    let mut model = base.model.clone();
    let mut steps = Vec::new();
    for _ in 0..rng.range(1, 4) {
        steps.push(mutate(&mut rng, base, &mut model));
    }
    let mut text = serde_json::to_string(&model).expect("a Value serialises");
    if rng.chance(1, 6) {
        steps.push(mutate_text(&mut rng, &mut text));
    }
    let sel = selection(&mut rng, base, &model);
    case.describe(format!("{} | operations {:?}", steps.join("; "), sel));
    match codegen::generate(&text, &settings(base, sel)) {
        Ok(output) => {
            for (path, contents) in &output.files {
                if !path.ends_with(".rs") {
                    continue;
                }
                let file = syn::parse_file(contents)
                    .map_err(|e| format!("accepted, but {path} does not parse: {e}"))?;
                let dups = duplicate_definitions(&file);
                if !dups.is_empty() {
                    return Err(format!("accepted, but {path}: {}", dups.join("; ")));
                }
            }
            Ok(())
        }
        Err(errors) => {
            if errors.0.is_empty() {
                return Err("rejected with an empty error list".into());
            }
            for e in &errors.0 {
                if let Error::Internal(_) = e {
                    return Err(format!("internal generator error: {e}"));
                }
                if e.to_string().trim().is_empty() {
                    return Err("an error with no text".into());
                }
            }
            Ok(())
        }
    }
}

#[test]
fn mutated_models_never_crash_hang_or_emit_broken_code() {
    let base = base();
    assert!(
        base.supported.iter().any(|o| o == TARGET_OP),
        "the unmutated model generates {TARGET_OP}"
    );
    let cases = fuzz::case_count(2_000, 200);
    let all = std::time::Instant::now();
    let text = serde_json::to_string(&base.model).expect("a Value serialises");
    codegen::generate(&text, &settings(base, OperationSelection::All))
        .expect("the unmutated model generates all operations");
    let limit = LIMIT.max(all.elapsed() * 8);
    fuzz::run("fuzz_generator", cases, limit, move |case| {
        run_case(base, case)
    })
    .assert_clean();
}

#[test]
fn the_unmutated_model_passes_the_checks() {
    let base = base();
    let output = codegen::generate(
        &serde_json::to_string(&base.model).unwrap(),
        &settings(base, OperationSelection::Named(base.supported.clone())),
    )
    .expect("every supported operation generates together");
    for (path, contents) in &output.files {
        if path.ends_with(".rs") {
            let file = syn::parse_file(contents).unwrap();
            assert_eq!(duplicate_definitions(&file), Vec::<String>::new(), "{path}");
        }
    }
}
