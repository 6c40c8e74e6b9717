//! `cargo xtask regenerate`: [`RegenerateArgs`] in, the generated crate's directory and files
//! out ([`generate`]), then written or checked against the disk ([`run`]).
//!
//! Without flags that change the output, the command writes (or `--check`s) every committed
//! golden crate of [`GOLDENS`] ([`generate_goldens`]); with them, the one crate they describe.
//! [`generate_goldens`] is also what the test suite calls to keep `generated/` honest, so the
//! command and the test agree on the models, the settings and the directories.
//!
//! The output depends on the inputs and the options, never on where the command runs: the
//! `@generated` header names the model (and partition table) by file name and SHA-256 and
//! records only the flags that change the output ([`command`]), and the runtime dependency is
//! a path relative to the output directory, a git repository or a registry version
//! ([`runtime`]).

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use codegen::{Files, Input, OperationSelection, RuntimeDependency, Settings};

use crate::cli::{RegenerateArgs, RuntimeArg};
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
        crate_name: "cloudwatchlogs",
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
        program: _,
        check: _,
        operations,
        model,
        out,
        models_dir: _,
        partitions,
        protocol,
        skip_unsupported,
        runtime,
    } = args;
    !skip_unsupported
        && runtime.is_none()
        && operations.is_none()
        && model.is_none()
        && out.is_none()
        && partitions.is_none()
        && protocol.is_none()
}

/// Generates one golden crate of [`GOLDENS`], its model and partition table provisioned with
/// `models_dir` as `--models-dir` would. Its `@generated` headers name [`COMMAND`] and the
/// model and partition table files.
pub fn generate_golden(golden: &Golden, models_dir: Option<&Path>) -> Result<Generated> {
    let root = workspace_root();
    let opts = models::Options::new(models_dir);
    let model = models::obtain(golden.model, &opts)?;
    let json = std::fs::read_to_string(&model)
        .with_context(|| format!("cannot read model {}", model.display()))?;
    let mut inputs = vec![input(golden.model, &json)];
    let partitions = if rules_need_partitions(&json) {
        let path = models::obtain(golden.partitions, &opts)?;
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("cannot read the partition table {}", path.display()))?;
        inputs.push(input(golden.partitions, &text));
        Some(text)
    } else {
        None
    };
    let dir = root.join("generated").join(golden.crate_name);
    let settings = Settings {
        operations: OperationSelection::Named(
            golden.operations.iter().map(|s| s.to_string()).collect(),
        ),
        runtime: RuntimeDependency::Path(paths::relative(&dir, &root.join("runtime"))),
        crate_name: None,
        command: COMMAND.to_string(),
        inputs,
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
    /// The command line that regenerates these files, for messages: [`COMMAND`] for a golden,
    /// else [`rerun_command`] (with the paths as given, unlike the headers).
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

/// `cargo xtask regenerate` plus the flags that change the output, for the `@generated`
/// header: the operations (as selected: `--operations all` for a `--model` without
/// `--operations`; left out only when they are the pinned model's default), `--protocol`,
/// `--skip-unsupported`, and `--runtime git=...` or `--runtime version=...`. Never a path of
/// this machine: `--model` and `--partitions` are named, with their SHA-256, by the header's
/// "from" part (see [`model_settings`]); a `--runtime path=` only changes the `Cargo.toml`
/// line that holds it (relative to the crate), and `--out`, `--check` and `--models-dir` do not
/// change the output.
pub fn command(args: &RegenerateArgs) -> String {
    let mut cmd = args.program.clone().unwrap_or_else(|| COMMAND.to_string());
    match selection(args) {
        sel if args.model.is_none() && sel == default_selection() => {}
        OperationSelection::All => cmd.push_str(" --operations all"),
        OperationSelection::Named(names) => {
            cmd.push_str(" --operations ");
            cmd.push_str(&names.join(","));
        }
    }
    if let Some(protocol) = &args.protocol {
        cmd.push_str(&format!(" --protocol {protocol}"));
    }
    if args.skip_unsupported {
        cmd.push_str(" --skip-unsupported");
    }
    match &args.runtime {
        None | Some(RuntimeArg::Path(_)) => {}
        Some(RuntimeArg::Git { url, rev: None }) => cmd.push_str(&format!(" --runtime git={url}")),
        Some(RuntimeArg::Git {
            url,
            rev: Some(rev),
        }) => cmd.push_str(&format!(" --runtime git={url},rev={rev}")),
        Some(RuntimeArg::Version(req)) => cmd.push_str(&format!(" --runtime version={req}")),
    }
    cmd
}

/// The runtime dependency of a crate generated into `crate_dir` (absolute): `--runtime` when
/// given, a path made relative to `crate_dir`; else the `runtime/` of the workspace at `root`,
/// relative to `crate_dir`. A `path=` directory must hold a `Cargo.toml`.
pub fn runtime(args: &RegenerateArgs, crate_dir: &Path, root: &Path) -> Result<RuntimeDependency> {
    Ok(match &args.runtime {
        None => RuntimeDependency::Path(paths::relative(crate_dir, &root.join("runtime"))),
        Some(RuntimeArg::Path(dir)) => {
            let abs = paths::absolute(dir)
                .with_context(|| format!("cannot resolve --runtime path={}", dir.display()))?;
            if !abs.join("Cargo.toml").is_file() {
                bail!(
                    "--runtime path={}: no Cargo.toml in {} (give the directory of the \
                     smithy-rt crate, the runtime/ of a smithy-native checkout)",
                    dir.display(),
                    abs.display()
                );
            }
            RuntimeDependency::Path(paths::relative(crate_dir, &abs))
        }
        Some(RuntimeArg::Git { url, rev }) => RuntimeDependency::Git {
            url: url.clone(),
            rev: rev.clone(),
        },
        Some(RuntimeArg::Version(req)) => RuntimeDependency::Version(req.clone()),
    })
}

/// An input of the `@generated` header: `file_name` and the SHA-256 of `text`.
pub fn input(file_name: &str, text: &str) -> Input {
    Input {
        file_name: file_name.to_string(),
        sha256: models::sha256_hex(text.as_bytes()),
    }
}

/// The file name (without its directory) of `path`, for the `@generated` header.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
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

/// The generator settings for `args`, relative to the workspace at `root`, without inputs
/// (see [`model_settings`]).
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
        runtime: runtime(args, &crate_dir, root)?,
        command: command(args),
        crate_name: None,
        inputs: Vec::new(),
        partitions: None,
        service: None,
        protocol: args.protocol.clone(),
        skip_unsupported: args.skip_unsupported,
        protocol_tests: false,
    })
}

/// [`settings`] with the partition table the model needs (see [`partitions`]), and the model
/// (`--model`, else the pinned one) and that table as the header's inputs.
pub fn model_settings(args: &RegenerateArgs, root: &Path, model_json: &str) -> Result<Settings> {
    let model_name = match &args.model {
        Some(path) => file_name(path),
        None => models::IMAGEBUILDER.to_string(),
    };
    let mut inputs = vec![input(&model_name, model_json)];
    let partitions = partitions(args, model_json)?;
    if let Some(text) = &partitions {
        let name = match &args.partitions {
            Some(path) => file_name(path),
            None => models::PARTITIONS.to_string(),
        };
        inputs.push(input(&name, text));
    }
    Ok(Settings {
        partitions,
        inputs,
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
        command: rerun_command(args),
    })
}

/// The command line that regenerates the files of `args` where they are, for messages such as
/// the `--check` report: [`command`] plus the paths as given (`--model`, `--partitions`,
/// `--runtime path=`, `--out`).
pub fn rerun_command(args: &RegenerateArgs) -> String {
    let mut cmd = command(args);
    if let Some(model) = &args.model {
        cmd.push_str(&format!(" --model {}", model.display()));
    }
    if let Some(partitions) = &args.partitions {
        cmd.push_str(&format!(" --partitions {}", partitions.display()));
    }
    if let Some(RuntimeArg::Path(dir)) = &args.runtime {
        cmd.push_str(&format!(" --runtime path={}", dir.display()));
    }
    if let Some(out) = &args.out {
        cmd.push_str(&format!(" --out {}", out.display()));
    }
    cmd
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
            RegenerateArgs {
                runtime: Some(RuntimeArg::Version("0.1".into())),
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
        assert_eq!(s.runtime, RuntimeDependency::Path("../../runtime".into()));
        assert_eq!(s.inputs, Vec::new());
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
        assert_eq!(cmd(&a), "cargo xtask regenerate");
    }

    fn cmd(args: &RegenerateArgs) -> String {
        settings(args, Path::new("/w")).unwrap().command
    }

    #[test]
    fn flags_that_change_output_are_recorded_without_paths() {
        let all = RegenerateArgs {
            operations: Some(OperationSelection::All),
            ..args()
        };
        assert_eq!(cmd(&all), "cargo xtask regenerate --operations all");
        let named = RegenerateArgs {
            operations: Some(OperationSelection::Named(vec!["A".into(), "B".into()])),
            model: Some("/home/me/models/m.json".into()),
            out: Some("/tmp/o".into()),
            partitions: Some("/home/me/p.json".into()),
            protocol: Some("awsJson1_0".into()),
            skip_unsupported: true,
            runtime: Some(RuntimeArg::Version("0.1".into())),
            ..args()
        };
        assert_eq!(
            cmd(&named),
            "cargo xtask regenerate --operations A,B --protocol awsJson1_0 --skip-unsupported \
             --runtime version=0.1"
        );
        // Messages name the paths as given, so the command can be run again.
        assert_eq!(
            rerun_command(&named),
            "cargo xtask regenerate --operations A,B --protocol awsJson1_0 --skip-unsupported \
             --runtime version=0.1 --model /home/me/models/m.json --partitions /home/me/p.json \
             --out /tmp/o"
        );
        // A model without --operations generates all of them, and says so.
        let model = RegenerateArgs {
            model: Some("m.json".into()),
            ..args()
        };
        assert_eq!(cmd(&model), "cargo xtask regenerate --operations all");
    }

    #[test]
    fn runtime_forms_become_settings_and_flags() {
        let root = workspace_root();
        let git = RegenerateArgs {
            runtime: Some(RuntimeArg::Git {
                url: "https://example.com/r.git".into(),
                rev: Some("abc".into()),
            }),
            ..args()
        };
        let s = settings(&git, &root).unwrap();
        assert_eq!(
            s.runtime,
            RuntimeDependency::Git {
                url: "https://example.com/r.git".into(),
                rev: Some("abc".into())
            }
        );
        assert!(s
            .command
            .ends_with(" --runtime git=https://example.com/r.git,rev=abc"));
        // A path is resolved against the working directory and written relative to --out.
        let path = RegenerateArgs {
            runtime: Some(RuntimeArg::Path(root.join("xtask/../runtime"))),
            out: Some(root.join("target/a/b")),
            ..args()
        };
        let s = settings(&path, &root).unwrap();
        assert_eq!(
            s.runtime,
            RuntimeDependency::Path("../../../runtime".into())
        );
        // Cargo.toml holds it; the headers do not depend on where the runtime is.
        assert_eq!(s.command, "cargo xtask regenerate");
        let missing = RegenerateArgs {
            runtime: Some(RuntimeArg::Path(root.join("no-such-runtime"))),
            ..args()
        };
        let e = format!("{:#}", settings(&missing, &root).unwrap_err());
        assert!(e.contains("no Cargo.toml in"), "{e}");
    }

    #[test]
    fn runtime_path_follows_out() {
        let root = Path::new("/w");
        let runtime_path = |a: &RegenerateArgs| match settings(a, root).unwrap().runtime {
            RuntimeDependency::Path(p) => p,
            other => panic!("{other:?}"),
        };
        let inside = RegenerateArgs {
            out: Some("/w/tests/fixtures/x".into()),
            ..args()
        };
        assert_eq!(runtime_path(&inside), "../../../runtime");
        // Outside the workspace too: relative, so no absolute path reaches Cargo.toml.
        let outside = RegenerateArgs {
            out: Some("/tmp/x".into()),
            ..args()
        };
        assert_eq!(runtime_path(&outside), "../../w/runtime");
        let relative = RegenerateArgs {
            out: Some("some/dir".into()),
            ..args()
        };
        let expected = paths::relative(
            &std::env::current_dir().unwrap().join("some/dir"),
            &root.join("runtime"),
        );
        assert_eq!(runtime_path(&relative), expected);
    }

    #[test]
    fn model_settings_name_the_inputs_by_file_name() {
        let dir = crate::TempDir::new("xtask-inputs-test");
        let p = dir.0.join("my-partitions.json");
        std::fs::write(&p, "{}").unwrap();
        let a = RegenerateArgs {
            model: Some(dir.0.join("my-model.json")),
            partitions: Some(p),
            ..args()
        };
        let json = r#"{"smithy": "2.0", "shapes": {}}"#;
        let s = model_settings(&a, Path::new("/w"), json).unwrap();
        assert_eq!(
            s.inputs,
            vec![
                input("my-model.json", json),
                input("my-partitions.json", "{}")
            ]
        );
        assert_eq!(
            s.inputs[1].sha256,
            "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"
        );
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
