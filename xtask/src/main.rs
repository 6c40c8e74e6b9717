//! `cargo xtask <command>`: parses the command line and dispatches to the library.
//!
//! Exit status: 0 on success, 1 on failure (an error, or differences under `--check`), 2 on a
//! usage error. Errors are printed as one `error:` message with their causes, never as a panic.

use std::process::ExitCode;

use xtask::cli::{self, Command};

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let command = match cli::parse(&args) {
        Ok(command) => command,
        Err(e) => {
            eprintln!("error: {e}\n\n{}", cli::USAGE);
            return ExitCode::from(2);
        }
    };
    xtask::init_tracing();
    let result = match &command {
        Command::Help => {
            print!("{}", cli::USAGE);
            Ok(ExitCode::SUCCESS)
        }
        Command::Regenerate(args) => xtask::regenerate::run(args),
        Command::RegenerateFixtures { check } => xtask::fixtures::run(*check),
        Command::FetchModels { models_dir } => fetch_models(models_dir.as_deref()),
        Command::Bench(args) => xtask::bench::run(args),
        Command::ProtocolTests { suite, protocol } => {
            xtask::protocol_tests::run(suite.as_deref(), protocol.as_deref())
        }
        Command::ApiDiff { ours, reference } => xtask::api_diff::run(ours, reference),
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {}", format!("{e:#}").trim_end());
        ExitCode::FAILURE
    })
}

fn fetch_models(models_dir: Option<&std::path::Path>) -> anyhow::Result<ExitCode> {
    let opts = xtask::models::Options::new(models_dir);
    for path in xtask::models::obtain_all(&opts)? {
        println!("ok: {}", xtask::regenerate::display_dir(&path));
    }
    Ok(ExitCode::SUCCESS)
}
