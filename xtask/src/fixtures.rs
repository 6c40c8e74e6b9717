//! The project's own test models and their goldens: `models/fixtures/*.json` in, the expected
//! contents of `tests/fixtures/` out.
//!
//! A fixture `<stem>.json` must generate; its golden is the crate `fixture-<stem>` (all
//! operations) in `tests/fixtures/<stem>/`, a workspace member, so it is compiled and not only
//! compared. A fixture `bad-<name>.json` must be rejected; its golden is the generator's error
//! text in `tests/fixtures/bad-<name>.expected-error.txt`.
//!
//! [`expected`] returns the whole of `tests/fixtures/` as one [`Files`] map, so one comparison
//! also finds the goldens of deleted fixtures (orphans). Everything under `tests/fixtures/`
//! except dot-files and `target/` belongs to this generator.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{bail, Context, Result};
use codegen::{Files, OperationSelection, RuntimeDependency, Settings};

use crate::{golden, paths, workspace_root};

/// The command that regenerates the fixture goldens (recorded in their `@generated` headers).
pub const COMMAND: &str = "cargo xtask regenerate-fixtures";

/// Prefix of fixture models the generator must reject.
pub const BAD_PREFIX: &str = "bad-";

/// Suffix of the golden error text of a rejected fixture.
pub const ERROR_SUFFIX: &str = ".expected-error.txt";

/// `models/fixtures/`: the hand-written fixture models.
pub fn models_dir() -> PathBuf {
    workspace_root().join("models/fixtures")
}

/// `tests/fixtures/`: their goldens.
pub fn golden_dir() -> PathBuf {
    workspace_root().join("tests/fixtures")
}

/// One fixture model.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fixture {
    /// File name without `.json`.
    pub stem: String,
    pub model: PathBuf,
}

impl Fixture {
    /// Whether the generator must reject this model.
    pub fn is_bad(&self) -> bool {
        self.stem.starts_with(BAD_PREFIX)
    }
}

/// The fixture models in `dir`, sorted by name. A missing directory has none. Stems must be
/// plain names (`[A-Za-z0-9_-]`), as they become directory and crate names.
pub fn list(dir: &Path) -> Result<Vec<Fixture>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e).with_context(|| format!("cannot list {}", dir.display())),
    };
    let mut fixtures = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot list {}", dir.display()))?
            .path();
        let Some(stem) = path
            .file_name()
            .and_then(|n| n.to_str()?.strip_suffix(".json"))
        else {
            continue;
        };
        if stem.starts_with('.') {
            continue;
        }
        if stem.is_empty()
            || !stem
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            bail!(
                "{}: fixture names may only use A-Z a-z 0-9 - _",
                path.display()
            );
        }
        fixtures.push(Fixture {
            stem: stem.to_string(),
            model: path,
        });
    }
    fixtures.sort_by(|a, b| a.stem.cmp(&b.stem));
    Ok(fixtures)
}

/// The expected contents of `tests/fixtures/` (paths relative to it), from every model in
/// `models/fixtures/`. A fixture that fails to generate, or a `bad-` fixture that generates,
/// is an error; all such problems are reported together.
pub fn expected() -> Result<Files> {
    let root = workspace_root();
    let golden = golden_dir();
    let mut files = Files::new();
    let mut failures = Vec::new();
    for fixture in list(&models_dir())? {
        let json = fs::read_to_string(&fixture.model)
            .with_context(|| format!("cannot read {}", fixture.model.display()))?;
        let crate_dir = golden.join(&fixture.stem);
        let settings = Settings {
            operations: OperationSelection::All,
            runtime: RuntimeDependency::Path(paths::relative(&crate_dir, &root.join("runtime"))),
            crate_name: Some(format!("fixture-{}", fixture.stem)),
            command: COMMAND.to_string(),
            inputs: vec![crate::regenerate::input(
                &format!("{}.json", fixture.stem),
                &json,
            )],
            // The fixture models have no endpoint rule set.
            partitions: None,
            service: None,
            skip_unsupported: false,
            protocol: None,
            protocol_tests: false,
        };
        let shown = display(&fixture.model);
        match (fixture.is_bad(), codegen::generate(&json, &settings)) {
            (false, Ok(output)) => {
                for (path, contents) in output.files {
                    files.insert(format!("{}/{path}", fixture.stem), contents);
                }
            }
            (false, Err(errors)) => failures.push(format!(
                "{shown}: the generator rejected this fixture:\n{}",
                indent(&errors.to_string())
            )),
            (true, Err(errors)) => {
                files.insert(
                    format!("{}{ERROR_SUFFIX}", fixture.stem),
                    errors.to_string(),
                );
            }
            (true, Ok(output)) => failures.push(format!(
                "{shown}: the generator accepted this fixture ({} files), but its name starts \
                 with `{BAD_PREFIX}`, so it must be rejected",
                output.files.len()
            )),
        }
    }
    if !failures.is_empty() {
        bail!(
            "{} fixture(s) failed:\n{}",
            failures.len(),
            failures.join("\n")
        );
    }
    Ok(files)
}

/// `cargo xtask regenerate-fixtures [--check]`.
pub fn run(check: bool) -> Result<ExitCode> {
    let start = Instant::now();
    let files = expected()?;
    let dir = golden_dir();
    let fixtures = list(&models_dir())?.len();
    if check {
        let diffs = golden::compare(&files, &dir)?;
        if !diffs.is_empty() {
            eprint!("{}", golden::report(&diffs, COMMAND));
            return Ok(ExitCode::FAILURE);
        }
        println!(
            "up to date: {fixtures} fixtures, {} files in tests/fixtures ({} ms)",
            files.len(),
            start.elapsed().as_millis()
        );
    } else {
        let w = golden::write(&files, &dir)?;
        println!(
            "wrote {} files ({} changed, {} removed) for {fixtures} fixtures to tests/fixtures \
             in {} ms",
            w.files,
            w.changed,
            w.removed,
            start.elapsed().as_millis()
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn display(path: &Path) -> String {
    crate::regenerate::display_dir(path)
}

fn indent(text: &str) -> String {
    text.lines()
        .map(|l| format!("    {l}\n"))
        .collect::<String>()
        .trim_end()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_sorts_skips_and_classifies() {
        let dir = crate::models::unique_path(&std::env::temp_dir(), "xtask-fixtures-test");
        fs::create_dir_all(&dir).unwrap();
        for name in [
            "recursive.json",
            "bad-missing-target.json",
            "keywords.json",
            "notes.md",
        ] {
            fs::write(dir.join(name), "{}").unwrap();
        }
        fs::write(dir.join(".hidden.json"), "{}").unwrap();
        let got = list(&dir).unwrap();
        let stems: Vec<(&str, bool)> = got.iter().map(|f| (f.stem.as_str(), f.is_bad())).collect();
        assert_eq!(
            stems,
            vec![
                ("bad-missing-target", true),
                ("keywords", false),
                ("recursive", false)
            ]
        );
        assert_eq!(got[1].model, dir.join("keywords.json"));

        fs::write(dir.join("has space.json"), "{}").unwrap();
        assert!(list(&dir)
            .unwrap_err()
            .to_string()
            .contains("fixture names may only use"));
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_missing_fixture_directory_has_no_fixtures() {
        assert!(list(Path::new("/definitely/not/here")).unwrap().is_empty());
    }
}
