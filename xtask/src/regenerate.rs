//! `cargo xtask regenerate`: [`RegenerateArgs`] in, the generated crate's directory and files
//! out ([`generate`]), then written or checked against the disk ([`run`]).
//!
//! [`generate`] is also what the test suite calls to keep `generated/` honest, so the command
//! and the test agree on the model, the settings and the directory.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use codegen::{Files, OperationSelection, Settings};

use crate::cli::RegenerateArgs;
use crate::{golden, models, paths, workspace_root};

/// The operations generated when `--operations` is not given.
pub const DEFAULT_OPERATIONS: &[&str] = &["UpdateInfrastructureConfiguration"];

/// The command that regenerates with default flags (recorded in `@generated` headers).
pub const COMMAND: &str = "cargo xtask regenerate";

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
        skip_unsupported: false,
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
        None if model_json.contains("\"aws.partition\"") => models::obtain(
            models::PARTITIONS,
            &models::Options::new(args.models_dir.as_deref()),
        )?,
        None => return Ok(None),
    };
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read the partition table {}", path.display()))?;
    Ok(Some(text))
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
/// on any difference) and prints one line.
pub fn run(args: &RegenerateArgs) -> Result<ExitCode> {
    let start = Instant::now();
    let g = generate(args)?;
    let shown = display_dir(&g.dir);
    if args.check {
        let diffs = golden::compare(&g.files, &g.dir)?;
        if !diffs.is_empty() {
            eprint!("{}", golden::report(&diffs, &g.command));
            return Ok(ExitCode::FAILURE);
        }
        println!(
            "up to date: {} files of crate `{}` in {shown} ({} ms)",
            g.files.len(),
            g.crate_name,
            start.elapsed().as_millis()
        );
    } else {
        let w = golden::write(&g.files, &g.dir)?;
        println!(
            "wrote {} files ({} changed, {} removed) of crate `{}` to {shown} in {} ms",
            w.files,
            w.changed,
            w.removed,
            g.crate_name,
            start.elapsed().as_millis()
        );
    }
    Ok(ExitCode::SUCCESS)
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
