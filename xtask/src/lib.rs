//! Workspace automation behind `cargo xtask`: every piece of I/O the pure `codegen` library
//! leaves out.
//!
//! - [`models`]: obtain the pinned third-party models (cache, local directory, or network),
//!   always verified against `models/manifest.json`.
//! - [`golden`]: the one definition of "the checked-in output is up to date" (compare, report,
//!   write), shared by `cargo xtask regenerate --check` and the test suite.
//! - [`regenerate`] and [`fixtures`]: what each golden directory should contain.
//! - [`bench`](mod@bench): timings of the generator in process and of a whole `regenerate --check`.
//! - [`protocol_tests`]: the official protocol compliance suites, generated, run and checked
//!   against the committed skip list.
//! - [`api_diff`]: the public names of a generated crate compared with a reference SDK's.
//! - [`cli`]: the argument parser; `main.rs` only dispatches.
//!
//! The library functions return data or `anyhow` errors and print nothing, except the
//! `run` entry points of the subcommands, which print their one-line summaries.

pub mod api_diff;
pub mod bench;
pub mod cli;
pub mod fixtures;
pub mod golden;
pub mod models;
pub mod paths;
pub mod protocol_tests;
pub mod regenerate;

use std::path::{Path, PathBuf};

/// The workspace root: the parent of this crate's manifest directory (`<root>/xtask`).
///
/// Taken at compile time, so the spawned binary (see [`bench`](mod@bench)) and the test suite agree on it
/// whatever their working directory is.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask's manifest directory has a parent")
        .to_path_buf()
}

/// A fresh directory under the system temp dir, named after `prefix`, removed on drop.
#[cfg(test)]
pub(crate) struct TempDir(pub(crate) PathBuf);

#[cfg(test)]
impl TempDir {
    pub(crate) fn new(prefix: &str) -> TempDir {
        let p = models::unique_path(&std::env::temp_dir(), prefix);
        std::fs::create_dir_all(&p).unwrap();
        TempDir(p)
    }
}

#[cfg(test)]
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Installs a `tracing` subscriber that reads `RUST_LOG` and writes to stderr. Quiet (errors
/// only) when `RUST_LOG` is unset; `RUST_LOG=debug` shows the generator's phases, each span's
/// busy time when it closes.
///
/// `RUST_LOG` is read as a [`Targets`](tracing_subscriber::filter::Targets) list (`debug`,
/// `codegen=debug,warn`): the usual syntax without `EnvFilter`'s span-field matching, which would
/// pull a regex engine into the build for no use here. An unparsable value is reported and
/// ignored.
pub fn init_tracing() {
    use tracing_subscriber::filter::{LevelFilter, Targets};
    use tracing_subscriber::prelude::*;
    let quiet = Targets::new().with_default(LevelFilter::ERROR);
    let filter = match std::env::var("RUST_LOG") {
        Ok(spec) if !spec.trim().is_empty() => spec.parse::<Targets>().unwrap_or_else(|e| {
            eprintln!("warning: ignoring RUST_LOG={spec:?}: {e}");
            quiet
        }),
        _ => quiet,
    };
    // Span close events carry each phase's busy time (`without_time` would drop those too).
    let fmt = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE);
    // Ignore the error of a second initialisation (only possible when embedding).
    let _ = tracing_subscriber::registry()
        .with(fmt)
        .with(filter)
        .try_init();
}

/// Whether the `CI` environment variable marks a CI run (set and not `""`, `"0"`, `"false"`).
pub fn in_ci() -> bool {
    match std::env::var("CI") {
        Ok(v) => !matches!(v.trim(), "" | "0" | "false"),
        Err(std::env::VarError::NotPresent) => false,
        Err(std::env::VarError::NotUnicode(_)) => true,
    }
}
