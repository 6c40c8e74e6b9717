//! `cargo xtask regenerate`: [`RegenerateArgs`] in, the generated crate's directory and files
//! out ([`generate`]), then written or checked against the disk ([`run`]).
//!
//! Without flags that change the output, the command writes (or `--check`s) every committed
//! golden crate of [`GOLDENS`] ([`generate_goldens`]); with them, the one crate they describe.
//! [`generate_goldens`] is also what the test suite calls to keep `generated/` honest, so the
//! command and the test agree on the models, the settings and the directories.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use codegen::{Files, OperationSelection, Settings};

use crate::cli::RegenerateArgs;
use crate::{golden, models, paths, workspace_root};

/// The operations generated when `--operations` is not given.
pub const DEFAULT_OPERATIONS: &[&str] = &["UpdateInfrastructureConfiguration"];

/// The command that regenerates with default flags (recorded in `@generated` headers).
pub const COMMAND: &str = "cargo xtask regenerate";

/// A committed golden crate: `generated/<crate_name>`, written by `cargo xtask regenerate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Golden {
    /// The package name the generator derives from the service's `sdkId`, which is also the
    /// directory under `generated/` (checked: a different name is an error).
    pub crate_name: &'static str,
    /// The model, by its file name in `models/manifest.json`.
    pub model: &'static str,
    /// The partition table for the endpoint rules' `aws.partition`, by its file name in the
    /// manifest: the table of the model's own time, with which its endpoint tests pass (read
    /// only when the rules call `aws.partition`).
    pub partitions: &'static str,
    /// The operations generated.
    pub operations: &'static [&'static str],
}

/// Every committed golden crate, in the order `cargo xtask regenerate` writes them. The first
/// is the pinned Image Builder model with [`DEFAULT_OPERATIONS`], what `--operations` alone
/// regenerates; the others are the clients the moto tests (`tests/tests/moto_*.rs`) call.
pub const GOLDENS: &[Golden] = &[
    Golden {
        crate_name: "imagebuilder",
        model: models::IMAGEBUILDER,
        partitions: models::PARTITIONS,
        operations: DEFAULT_OPERATIONS,
    },
    Golden {
        crate_name: "sqs",
        model: "sqs-2012-11-05.json",
        partitions: models::PARTITIONS_2026_08,
        operations: &[
            "CreateQueue",
            "GetQueueUrl",
            "GetQueueAttributes",
            "SendMessage",
            "ReceiveMessage",
            "DeleteMessage",
            "DeleteQueue",
            "ListQueues",
        ],
    },
    Golden {
        crate_name: "kms",
        model: "kms-2014-11-01.json",
        partitions: models::PARTITIONS_2026_08,
        operations: &["CreateKey", "Encrypt", "Decrypt", "ListKeys", "DescribeKey"],
    },
    Golden {
        crate_name: "cloudwatch-logs",
        model: "cloudwatch-logs-2014-03-28.json",
        partitions: models::PARTITIONS_2026_08,
        operations: &[
            "CreateLogGroup",
            "PutLogEvents",
            "DescribeLogGroups",
            "CreateLogStream",
            "GetLogEvents",
        ],
    },
    Golden {
        crate_name: "dynamodb",
        model: "dynamodb-2012-08-10.json",
        partitions: models::PARTITIONS_2026_08,
        operations: &[
            "CreateTable",
            "PutItem",
            "GetItem",
            "Query",
            "TransactWriteItems",
            "DescribeTable",
            "DeleteTable",
        ],
    },
];

/// Whether `args` asks for the goldens: no flag that changes the output (`--check` and
/// `--models-dir` do not).
pub fn is_goldens_run(args: &RegenerateArgs) -> bool {
    let RegenerateArgs {
        check: _,
        operations,
        model,
        out,
        models_dir: _,
        partitions,
        protocol,
        skip_unsupported,
    } = args;
    !skip_unsupported
        && operations.is_none()
        && model.is_none()
        && out.is_none()
        && partitions.is_none()
        && protocol.is_none()
}

/// Generates one golden crate of [`GOLDENS`], its model and partition table provisioned with
/// `models_dir` as `--models-dir` would. Its `@generated` headers name [`COMMAND`].
pub fn generate_golden(golden: &Golden, models_dir: Option<&Path>) -> Result<Generated> {
    let root = workspace_root();
    let opts = models::Options::new(models_dir);
    let model = models::obtain(golden.model, &opts)?;
    let json = std::fs::read_to_string(&model)
        .with_context(|| format!("cannot read model {}", model.display()))?;
    let partitions = if rules_need_partitions(&json) {
        let path = models::obtain(golden.partitions, &opts)?;
        Some(
            std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read the partition table {}", path.display()))?,
        )
    } else {
        None
    };
    let dir = root.join("generated").join(golden.crate_name);
    let settings = Settings {
        operations: OperationSelection::Named(
            golden.operations.iter().map(|s| s.to_string()).collect(),
        ),
        runtime_path: paths::relative(&dir, &root.join("runtime")),
        crate_name: None,
        command: COMMAND.to_string(),
        partitions,
        service: None,
        protocol: None,
        skip_unsupported: false,
        protocol_tests: false,
    };
    let output = codegen::generate(&json, &settings)
        .map_err(anyhow::Error::new)
        .with_context(|| {
            format!(
                "cannot generate the golden generated/{} from {}",
                golden.crate_name, golden.model
            )
        })?;
    if output.crate_name != golden.crate_name {
        bail!(
            "the generator names the crate of {} `{}`, but regenerate::GOLDENS puts it in \
             generated/{}; update the table",
            golden.model,
            output.crate_name,
            golden.crate_name
        );
    }
    Ok(Generated {
        crate_name: output.crate_name,
        dir,
        files: output.files,
        command: settings.command,
    })
}

/// Every golden of [`GOLDENS`], generated ([`generate_golden`] with `args.models_dir`).
pub fn generate_goldens(args: &RegenerateArgs) -> Result<Vec<Generated>> {
    GOLDENS
        .iter()
        .map(|g| generate_golden(g, args.models_dir.as_deref()))
        .collect()
}

/// One generator run resolved to a directory.
#[derive(Debug, Clone)]
pub struct Generated {
    pub crate_name: String,
    /// Absolute directory the files belong in.
    pub dir: PathBuf,
    pub files: Files,
    /// The command line that regenerates these files (`Settings::command`).
    pub command: String,
}

/// The operation selection of `args`. Without `--operations`: the default list for the pinned
/// model, every operation for a model given with `--model` (whose operations we cannot know).
pub fn selection(args: &RegenerateArgs) -> OperationSelection {
    match (&args.operations, &args.model) {
        (Some(sel), _) => sel.clone(),
        (None, Some(_)) => OperationSelection::All,
        (None, None) => default_selection(),
    }
}

fn default_selection() -> OperationSelection {
    OperationSelection::Named(DEFAULT_OPERATIONS.iter().map(|s| s.to_string()).collect())
}

/// `cargo xtask regenerate` plus the flags that change the output: `--operations` unless it is
/// the default, `--model`, `--out` and `--partitions` as given when given. `--check` and `--models-dir` do not
/// change the output and are left out.
pub fn command(args: &RegenerateArgs) -> String {
    let mut cmd = COMMAND.to_string();
    match &args.operations {
        None => {}
        Some(sel) if args.model.is_none() && *sel == default_selection() => {}
        Some(OperationSelection::All) => cmd.push_str(" --operations all"),
        Some(OperationSelection::Named(names)) => {
            cmd.push_str(" --operations ");
            cmd.push_str(&names.join(","));
        }
    }
    if let Some(model) = &args.model {
        cmd.push_str(&format!(" --model {}", model.display()));
    }
    if let Some(out) = &args.out {
        cmd.push_str(&format!(" --out {}", out.display()));
    }
    if let Some(partitions) = &args.partitions {
        cmd.push_str(&format!(" --partitions {}", partitions.display()));
    }
    if let Some(protocol) = &args.protocol {
        cmd.push_str(&format!(" --protocol {protocol}"));
    }
    if args.skip_unsupported {
        cmd.push_str(" --skip-unsupported");
    }
    cmd
}

/// The model file: `--model PATH`, else the pinned imagebuilder model (provisioned on demand).
pub fn model_path(args: &RegenerateArgs) -> Result<PathBuf> {
    match &args.model {
        Some(path) => Ok(path.clone()),
        None => models::obtain(
            models::IMAGEBUILDER,
            &models::Options::new(args.models_dir.as_deref()),
        ),
    }
}

/// The `--out` directory made absolute, if given.
fn out_dir(args: &RegenerateArgs) -> Result<Option<PathBuf>> {
    args.out
        .as_deref()
        .map(|out| {
            paths::absolute(out).with_context(|| format!("cannot resolve --out {}", out.display()))
        })
        .transpose()
}

/// The generator settings for `args`, relative to the workspace at `root`.
pub fn settings(args: &RegenerateArgs, root: &Path) -> Result<Settings> {
    // The crate name, and so the default directory, is known only after generating; but every
    // default directory is `generated/<name>`, one level below `generated/`, so the path to the
    // runtime is the same for any name.
    let crate_dir = match out_dir(args)? {
        Some(dir) => dir,
        None => root.join("generated").join("any-crate-name"),
    };
    Ok(Settings {
        operations: selection(args),
        runtime_path: paths::relative(&crate_dir, &root.join("runtime")),
        crate_name: None,
        command: command(args),
        partitions: None,
        service: None,
        protocol: args.protocol.clone(),
        skip_unsupported: args.skip_unsupported,
        protocol_tests: false,
    })
}

/// [`settings`] with the partition table the model needs (see [`partitions`]).
pub fn model_settings(args: &RegenerateArgs, root: &Path, model_json: &str) -> Result<Settings> {
    Ok(Settings {
        partitions: partitions(args, model_json)?,
        ..settings(args, root)?
    })
}

/// The text of the partition table for a model: `--partitions PATH` when given, else the
/// pinned `partitions.json` (provisioned on demand) when the model's endpoint rules call
/// `aws.partition`, else none.
pub fn partitions(args: &RegenerateArgs, model_json: &str) -> Result<Option<String>> {
    let path = match &args.partitions {
        Some(path) => path.clone(),
        None if rules_need_partitions(model_json) => models::obtain(
            models::PARTITIONS,
            &models::Options::new(args.models_dir.as_deref()),
        )?,
        None => return Ok(None),
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the partition table {}", path.display()))?;
    Ok(Some(text))
}

/// Whether a model's endpoint rules call `aws.partition` (and so need a partition table).
fn rules_need_partitions(model_json: &str) -> bool {
    model_json.contains("\"aws.partition\"")
}

/// Runs the generator for `args`: provisions and reads the model, generates, and resolves the
/// output directory (`--out`, else `generated/<crate name>`). Generator errors are returned
/// with their full text.
pub fn generate(args: &RegenerateArgs) -> Result<Generated> {
    let root = workspace_root();
    let model = model_path(args)?;
    let json = std::fs::read_to_string(&model)
        .with_context(|| format!("cannot read model {}", model.display()))?;
    let settings = model_settings(args, &root, &json)?;
    let output = codegen::generate(&json, &settings)
        .map_err(anyhow::Error::new)
        .with_context(|| format!("cannot generate from {}", model.display()))?;
    for skipped in &output.skipped {
        println!("left out {}: {}", skipped.operation, skipped.reason);
    }
    let dir = match out_dir(args)? {
        Some(dir) => dir,
        None => {
            let name = &output.crate_name;
            if name.is_empty() || name.starts_with('.') || name.contains(['/', '\\']) {
                bail!("the generator returned an unusable crate name `{name}`");
            }
            root.join("generated").join(name)
        }
    };
    Ok(Generated {
        crate_name: output.crate_name,
        dir,
        files: output.files,
        command: settings.command,
    })
}

/// `cargo xtask regenerate`: writes the files (or, with `--check`, compares them and exits 1
/// on any difference) and prints one line per crate: every golden of [`GOLDENS`] when no flag
/// changes the output ([`is_goldens_run`]), else the one crate `args` describes.
pub fn run(args: &RegenerateArgs) -> Result<ExitCode> {
    let timed = |f: &dyn Fn() -> Result<Generated>| -> Result<(Generated, Duration)> {
        let start = Instant::now();
        Ok((f()?, start.elapsed()))
    };
    // Everything is generated before anything is written: a golden that fails to generate
    // leaves every directory as it was.
    let runs = if is_goldens_run(args) {
        GOLDENS
            .iter()
            .map(|g| timed(&|| generate_golden(g, args.models_dir.as_deref())))
            .collect::<Result<Vec<_>>>()?
    } else {
        vec![timed(&|| generate(args))?]
    };
    let mut ok = true;
    for (g, took) in &runs {
        ok &= run_one(g, args.check, *took)?;
    }
    Ok(if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Writes or checks one generated crate and prints its line (or, on differences, the report);
/// false when `--check` found differences. The time shown is `generation` plus this step.
fn run_one(g: &Generated, check: bool, generation: Duration) -> Result<bool> {
    let start = Instant::now();
    let ms = || (generation + start.elapsed()).as_millis();
    let shown = display_dir(&g.dir);
    if check {
        let diffs = golden::compare(&g.files, &g.dir)?;
        if !diffs.is_empty() {
            eprint!("{shown}: {}", golden::report(&diffs, &g.command));
            return Ok(false);
        }
        println!(
            "up to date: {} files of crate `{}` in {shown} ({} ms)",
            g.files.len(),
            g.crate_name,
            ms()
        );
    } else {
        let w = golden::write(&g.files, &g.dir)?;
        println!(
            "wrote {} files ({} changed, {} removed) of crate `{}` to {shown} in {} ms",
            w.files,
            w.changed,
            w.removed,
            g.crate_name,
            ms()
        );
    }
    Ok(true)
}

/// A directory relative to the workspace root when it is inside it, for messages.
pub fn display_dir(dir: &Path) -> String {
    let root = workspace_root();
    match dir.strip_prefix(&root) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel.display().to_string(),
        _ => dir.display().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args() -> RegenerateArgs {
        RegenerateArgs::default()
    }

    #[test]
    fn goldens_run_only_without_output_flags() {
        assert!(is_goldens_run(&args()));
        assert!(is_goldens_run(&RegenerateArgs {
            check: true,
            models_dir: Some("../shared/models".into()),
            ..args()
        }));
        for a in [
            RegenerateArgs {
                operations: Some(OperationSelection::All),
                ..args()
            },
            RegenerateArgs {
                model: Some("m.json".into()),
                ..args()
            },
            RegenerateArgs {
                out: Some("o".into()),
                ..args()
            },
            RegenerateArgs {
                partitions: Some("p.json".into()),
                ..args()
            },
            RegenerateArgs {
                protocol: Some("awsJson1_0".into()),
                ..args()
            },
        ] {
            assert!(!is_goldens_run(&a), "{a:?}");
        }
    }

    #[test]
    fn golden_table_is_consistent() {
        let manifest =
            models::Manifest::load(&workspace_root().join("models/manifest.json")).unwrap();
        assert_eq!(GOLDENS[0].crate_name, "imagebuilder");
        assert_eq!(GOLDENS[0].operations, DEFAULT_OPERATIONS);
        let mut names: Vec<&str> = GOLDENS.iter().map(|g| g.crate_name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), GOLDENS.len(), "a crate is listed twice");
        for g in GOLDENS {
            manifest.entry(g.model).unwrap();
            manifest.entry(g.partitions).unwrap();
            assert!(!g.operations.is_empty(), "{}", g.crate_name);
        }
    }

    #[test]
    fn default_command_and_settings() {
        let root = Path::new("/w");
        let s = settings(&args(), root).unwrap();
        assert_eq!(s.command, "cargo xtask regenerate");
        assert_eq!(s.runtime_path, "../../runtime");
        assert_eq!(s.crate_name, None);
        assert_eq!(s.partitions, None);
        assert_eq!(
            s.operations,
            OperationSelection::Named(vec!["UpdateInfrastructureConfiguration".into()])
        );
    }

    #[test]
    fn explicit_default_operations_are_not_recorded() {
        let a = RegenerateArgs {
            operations: Some(default_selection()),
            check: true,
            models_dir: Some("../shared/models".into()),
            ..args()
        };
        assert_eq!(command(&a), "cargo xtask regenerate");
    }

    #[test]
    fn flags_that_change_output_are_recorded() {
        let all = RegenerateArgs {
            operations: Some(OperationSelection::All),
            ..args()
        };
        assert_eq!(command(&all), "cargo xtask regenerate --operations all");
        let named = RegenerateArgs {
            operations: Some(OperationSelection::Named(vec!["A".into(), "B".into()])),
            model: Some("m.json".into()),
            out: Some("/tmp/o".into()),
            partitions: Some("p.json".into()),
            ..args()
        };
        assert_eq!(
            command(&named),
            "cargo xtask regenerate --operations A,B --model m.json --out /tmp/o --partitions p.json"
        );
    }

    #[test]
    fn runtime_path_follows_out() {
        let root = Path::new("/w");
        let inside = RegenerateArgs {
            out: Some("/w/tests/fixtures/x".into()),
            ..args()
        };
        assert_eq!(
            settings(&inside, root).unwrap().runtime_path,
            "../../../runtime"
        );
        let outside = RegenerateArgs {
            out: Some("/tmp/x".into()),
            ..args()
        };
        assert_eq!(settings(&outside, root).unwrap().runtime_path, "/w/runtime");
        let relative = RegenerateArgs {
            out: Some("some/dir".into()),
            ..args()
        };
        let expected = paths::relative(
            &std::env::current_dir().unwrap().join("some/dir"),
            &root.join("runtime"),
        );
        assert_eq!(settings(&relative, root).unwrap().runtime_path, expected);
    }

    #[test]
    fn partitions_come_from_the_flag_or_only_when_the_rules_need_them() {
        let no_rules = r#"{"smithy": "2.0", "shapes": {}}"#;
        assert_eq!(partitions(&args(), no_rules).unwrap(), None);
        let dir = crate::models::unique_path(&std::env::temp_dir(), "xtask-partitions-test");
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("p.json");
        std::fs::write(&file, "{\"partitions\": []}").unwrap();
        let given = RegenerateArgs {
            partitions: Some(file.clone()),
            ..args()
        };
        assert_eq!(
            partitions(&given, no_rules).unwrap().as_deref(),
            Some("{\"partitions\": []}")
        );
        let missing = RegenerateArgs {
            partitions: Some(dir.join("missing.json")),
            ..args()
        };
        let e = format!("{:#}", partitions(&missing, no_rules).unwrap_err());
        assert!(e.contains("cannot read the partition table"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
