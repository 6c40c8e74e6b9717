//! Very large and very deep models end in a result or a clean, located error: never a stack
//! overflow, never unbounded time or memory.
//!
//! - JSON nested 10 000 levels deep (the whole document, or inside a trait value) is refused by
//!   the parser's recursion limit with a line and column.
//! - Deep but valid shape graphs: a chain of 10 000 structures each holding the next generates
//!   (lowering, boxing and naming keep their own stacks); a cycle through 10 000 structures is
//!   broken by boxing one member; a chain of 10 000 mixins flattens; lists nested 10 000 deep are
//!   refused (the limit is [`MAX_COLLECTION_DEPTH`]), as is a list that contains itself.
//! - A 50 MB model (the pinned model plus some 30 000 generated structures with documentation) is
//!   read and generated for UpdateInfrastructureConfiguration.
//!
//! Each case runs on a thread with a 2 MiB stack, the size `cargo test` gives its own threads,
//! so that "no stack overflow" does not depend on the main thread's larger stack.

use std::time::{Duration, Instant};

use codegen::{Error, OperationSelection, Settings};
use serde_json::{json, Map, Value};

/// The documented depth limit for nested lists and maps (see `codegen::lower::validate`).
const MAX_COLLECTION_DEPTH: usize = 32;

fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("the case neither panics nor overflows its stack")
}

fn settings(operations: OperationSelection) -> Settings {
    let args = Default::default();
    let root = xtask::workspace_root();
    Settings {
        operations,
        ..xtask::regenerate::settings(&args, &root).expect("settings")
    }
}

/// A one-operation service whose input is `input_members`, plus `shapes`.
fn model(input_members: Value, shapes: Map<String, Value>) -> String {
    let mut all = Map::new();
    all.insert(
        "deep#Svc".into(),
        json!({"type": "service", "version": "1", "operations": [{"target": "deep#Op"}],
               "traits": {"aws.protocols#restJson1": {}}}),
    );
    all.insert(
        "deep#Op".into(),
        json!({"type": "operation", "input": {"target": "deep#OpInput"},
               "traits": {"smithy.api#http": {"method": "POST", "uri": "/op"}}}),
    );
    all.insert(
        "deep#OpInput".into(),
        json!({"type": "structure", "members": input_members}),
    );
    all.extend(shapes);
    json!({"smithy": "2.0", "shapes": all}).to_string()
}

fn errors_of(result: Result<codegen::Output, codegen::Errors>) -> Vec<String> {
    match result {
        Ok(out) => panic!("expected an error, got {} files", out.files.len()),
        Err(e) => e.0.iter().map(ToString::to_string).collect(),
    }
}

#[test]
fn json_nested_ten_thousand_levels_is_a_located_parse_error() {
    on_small_stack(|| {
        // As the whole document: the parser wants an object and stops at the first `[`.
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        let errs = errors_of(codegen::generate(&deep, &settings(OperationSelection::All)));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].starts_with("model is not a valid Smithy JSON AST: invalid type: sequence")
                && errs[0].ends_with("(line 1, column 1)"),
            "{errs:?}"
        );
        // Where any JSON value may go (metadata, trait values): the recursion limit.
        let in_metadata = format!(r#"{{"smithy":"2.0","metadata":{{"x":{deep}}}}}"#);
        let errs = errors_of(codegen::generate(
            &in_metadata,
            &settings(OperationSelection::All),
        ));
        assert_eq!(errs.len(), 1, "{errs:?}");
        assert!(
            errs[0].starts_with(
                "model is not a valid Smithy JSON AST: recursion limit exceeded (line 1, column "
            ),
            "{errs:?}"
        );

        let objects = format!("{}1{}", "{\"a\":".repeat(10_000), "}".repeat(10_000));
        let in_trait = format!(
            r#"{{"smithy":"2.0","shapes":{{"deep#S":{{"type":"string","traits":{{"x#y":{objects}}}}}}}}}"#
        );
        let errs = errors_of(codegen::generate(
            &in_trait,
            &settings(OperationSelection::All),
        ));
        assert!(
            errs[0].contains("recursion limit exceeded (line 1, column "),
            "{errs:?}"
        );
    });
}

/// A chain of `n` optional structures from the operation input.
fn chain(n: usize) -> String {
    let mut shapes = Map::new();
    for i in 0..n {
        let members = if i + 1 < n {
            json!({"next": {"target": format!("deep#S{}", i + 1)}, "label": {"target": "smithy.api#String"}})
        } else {
            json!({"label": {"target": "smithy.api#String"}})
        };
        shapes.insert(
            format!("deep#S{i}"),
            json!({"type": "structure", "members": members}),
        );
    }
    model(json!({"head": {"target": "deep#S0"}}), shapes)
}

#[test]
fn a_chain_of_ten_thousand_structures_lowers_and_generates() {
    // Lowering, boxing and naming: ten thousand links.
    let text = chain(10_000);
    let boxed = on_small_stack(move || {
        let (ir, names) = codegen::load(&text, &OperationSelection::All).expect("lowers and names");
        assert_eq!(names.type_name("deep#S9999"), "S9999");
        ir.shapes
            .values()
            .flat_map(|s| s.kind.members())
            .filter(|m| m.boxed)
            .count()
    });
    assert_eq!(boxed, 0, "a chain has no cycle to break");
    // The whole pipeline: ten thousand links take 25 s of emission in a debug build (9 MB of
    // types.rs), so a debug build generates a thousand; `--release` generates all of them.
    let n = if cfg!(debug_assertions) {
        1_000
    } else {
        10_000
    };
    let text = chain(n);
    let started = Instant::now();
    let files = on_small_stack(move || {
        codegen::generate(&text, &settings(OperationSelection::All))
            .expect("generates")
            .files
    });
    let types = &files["src/types.rs"];
    assert!(
        types.contains(&format!("pub struct S{} {{", n - 1)),
        "the last link is generated"
    );
    eprintln!(
        "{n}-structure chain: generated {} bytes of types.rs in {:.1} s",
        types.len(),
        started.elapsed().as_secs_f64()
    );
}

#[test]
fn a_cycle_through_ten_thousand_structures_is_broken_by_one_box() {
    const N: usize = 10_000;
    let mut shapes = Map::new();
    for i in 0..N {
        shapes.insert(
            format!("deep#C{i:05}"),
            json!({"type": "structure", "members": {"next": {"target": format!("deep#C{:05}", (i + 1) % N)}}}),
        );
    }
    let text = model(json!({"ring": {"target": "deep#C00000"}}), shapes);
    let boxed = on_small_stack(move || {
        let started = Instant::now();
        let (ir, _) = codegen::load(&text, &OperationSelection::All).expect("lowers and names");
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "boxing is not quadratic"
        );
        ir.shapes
            .values()
            .flat_map(|s| {
                s.kind
                    .members()
                    .into_iter()
                    .map(|m| (s.id.clone(), m.boxed))
            })
            .filter(|(_, boxed)| *boxed)
            .map(|(id, _)| id)
            .collect::<Vec<_>>()
    });
    assert_eq!(boxed, ["deep#C00000"]);
}

#[test]
fn a_chain_of_ten_thousand_mixins_flattens() {
    const N: usize = 10_000;
    let mut shapes = Map::new();
    for i in 0..N {
        let mixins = if i + 1 < N {
            json!([{"target": format!("deep#M{}", i + 1)}])
        } else {
            json!([])
        };
        let members = if i + 1 < N {
            json!({})
        } else {
            json!({"deepest": {"target": "smithy.api#String"}})
        };
        shapes.insert(
            format!("deep#M{i}"),
            json!({"type": "structure", "mixins": mixins, "members": members,
                   "traits": {"smithy.api#mixin": {}}}),
        );
    }
    shapes.insert(
        "deep#Holder".into(),
        json!({"type": "structure", "mixins": [{"target": "deep#M0"}], "members": {}}),
    );
    let text = model(json!({"holder": {"target": "deep#Holder"}}), shapes);
    let names = on_small_stack(move || {
        let (ir, _) = codegen::load(&text, &OperationSelection::All).expect("lowers and names");
        ir.shapes["deep#Holder"]
            .kind
            .members()
            .iter()
            .map(|m| m.name.clone())
            .collect::<Vec<_>>()
    });
    assert_eq!(names, ["deepest"]);
}

#[test]
fn mixins_that_expand_quadratically_stop_at_a_budget() {
    // Each of 2 000 mixins adds a member and mixes in the next: 2 million flattened members.
    const N: usize = 2_000;
    let mut shapes = Map::new();
    for i in 0..N {
        let mixins = if i + 1 < N {
            json!([{"target": format!("deep#M{}", i + 1)}])
        } else {
            json!([])
        };
        shapes.insert(
            format!("deep#M{i}"),
            json!({"type": "structure", "mixins": mixins,
                   "members": {format!("m{i}"): {"target": "smithy.api#String"}},
                   "traits": {"smithy.api#mixin": {}}}),
        );
    }
    let text = model(json!({}), shapes);
    let errs = on_small_stack(move || {
        errors_of(codegen::generate(&text, &settings(OperationSelection::All)))
    });
    assert!(
        errs.iter()
            .any(|e| e.contains("mixins expand the model to more than 1000000 members")),
        "{errs:?}"
    );
}

#[test]
fn lists_nested_ten_thousand_deep_are_refused_not_overflowed() {
    const N: usize = 10_000;
    let mut shapes = Map::new();
    for i in 0..N {
        let member = if i + 1 < N {
            format!("deep#L{}", i + 1)
        } else {
            "smithy.api#String".into()
        };
        shapes.insert(
            format!("deep#L{i}"),
            json!({"type": "list", "member": {"target": member}}),
        );
    }
    let text = model(json!({"lists": {"target": "deep#L0"}}), shapes);
    let errs = on_small_stack(move || {
        errors_of(codegen::generate(&text, &settings(OperationSelection::All)))
    });
    assert_eq!(
        errs,
        [format!(
            "deep#L0: unsupported: lists and maps nested more than {MAX_COLLECTION_DEPTH} deep \
             (put a structure between them)"
        )]
    );

    // At the limit it generates.
    let mut shapes = Map::new();
    for i in 0..MAX_COLLECTION_DEPTH {
        let member = if i + 1 < MAX_COLLECTION_DEPTH {
            format!("deep#L{}", i + 1)
        } else {
            "smithy.api#String".into()
        };
        shapes.insert(
            format!("deep#L{i}"),
            json!({"type": "list", "member": {"target": member}}),
        );
    }
    let text = model(json!({"lists": {"target": "deep#L0"}}), shapes);
    on_small_stack(move || {
        codegen::generate(&text, &settings(OperationSelection::All))
            .expect("32 nested lists generate");
    });
}

/// Peak resident memory of this process so far, from `/proc` (Linux); `None` elsewhere.
fn peak_rss_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

#[test]
fn a_fifty_megabyte_model_generates_in_bounded_time_and_memory() {
    let args = Default::default();
    let path = xtask::regenerate::model_path(&args).expect("the pinned model is provisioned");
    let text = std::fs::read_to_string(&path).expect("model is readable");
    let mut model: Value = serde_json::from_str(&text).expect("model is JSON");
    let shapes = model["shapes"].as_object_mut().expect("shapes");
    let doc = format!(
        "<p>Filler documentation with <code>code</code>, <a href=\"https://example.com\">a link</a> \
         and enough words to look like the real thing. {}</p>",
        "lorem ipsum ".repeat(40)
    );
    let mut i = 0;
    // 50 MB, with a margin for the estimate below.
    let target = 50_000_000;
    let mut size = text.len();
    while size < target + 2_000_000 {
        let shape = json!({
            "type": "structure",
            "members": {
                "name": {"target": "smithy.api#String", "traits": {"smithy.api#documentation": doc}},
                "count": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": 0}},
                "next": {"target": format!("com.amazonaws.imagebuilder#Filler{}", i + 1)},
                "tags": {"target": "com.amazonaws.imagebuilder#TagMap"}
            },
            "traits": {"smithy.api#documentation": doc}
        });
        size += shape.to_string().len() + 40;
        shapes.insert(format!("com.amazonaws.imagebuilder#Filler{i}"), shape);
        i += 1;
    }
    // The last filler's `next` would dangle: point it back at the first (a long cycle).
    shapes[&format!("com.amazonaws.imagebuilder#Filler{}", i - 1)]["members"]["next"]["target"] =
        json!("com.amazonaws.imagebuilder#Filler0");
    let big = serde_json::to_string(&model).expect("serialises");
    drop(model);
    assert!(big.len() >= target, "{} bytes", big.len());
    let mib = big.len() / (1024 * 1024);
    let before = peak_rss_mib();
    let started = Instant::now();
    let out = on_small_stack(move || {
        let root = xtask::workspace_root();
        let settings = Settings {
            operations: OperationSelection::Named(vec!["UpdateInfrastructureConfiguration".into()]),
            ..xtask::regenerate::model_settings(&Default::default(), &root, &big)
                .expect("settings and partition table")
        };
        codegen::generate(&big, &settings)
    })
    .expect("the large model generates");
    let took = started.elapsed();
    let after = peak_rss_mib();
    eprintln!(
        "{mib} MiB model ({i} filler structures): generated {} files in {:.1} s; peak RSS {:?} MiB \
         before, {:?} MiB after",
        out.files.len(),
        took.as_secs_f64(),
        before,
        after
    );
    assert!(out.files.contains_key("src/types.rs"));
    assert!(
        !out.files["src/types.rs"].contains("Filler"),
        "only the selected operation's closure is generated"
    );
    if let Some(peak) = after {
        // The text, its parse and the lowered shapes: a small multiple of the input.
        assert!(
            peak < 40 * mib as u64,
            "peak RSS {peak} MiB for a {mib} MiB model"
        );
    }
    let limit = if cfg!(debug_assertions) { 120 } else { 30 };
    assert!(
        took < Duration::from_secs(limit),
        "{:.1} s for a {mib} MiB model",
        took.as_secs_f64()
    );
}

#[test]
fn errors_in_deep_models_are_typed_not_internal() {
    // A list that contains itself through a map: refused with a located model error.
    let mut shapes = Map::new();
    shapes.insert(
        "deep#Rows".into(),
        json!({"type": "list", "member": {"target": "deep#Table"}}),
    );
    shapes.insert(
        "deep#Table".into(),
        json!({"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "deep#Rows"}}),
    );
    let text = model(json!({"rows": {"target": "deep#Rows"}}), shapes);
    let result = on_small_stack(move || {
        codegen::generate(&text, &settings(OperationSelection::All)).map(|_| ())
    });
    let errs = result.expect_err("refused").0;
    assert!(
        errs.iter().all(|e| matches!(e, Error::Model { .. })),
        "{errs:?}"
    );
}
