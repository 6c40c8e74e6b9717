//! `cargo smithy-native`: what `cargo xtask regenerate --model M --out D` does, as a command
//! installed with `cargo install --path cargo-smithy-native`, for any model, outside this
//! repository.
//!
//! In: the command line (`cargo smithy-native [--model ..] ..`; cargo passes `smithy-native`
//! as the first argument, which is skipped, so `cargo-smithy-native --model ..` works too).
//! Out: the crate's files under `--out`, or with `--check` the differences; the same
//! messages and exit status as the xtask (0, 1 on failure or differences, 2 on a usage error).
//! The flags are the xtask's, parsed by [`xtask::cli`]; `--model` and `--out` are required and
//! every operation is generated unless `--operations` says otherwise. The generated headers
//! name `cargo smithy-native`.

use std::process::ExitCode;

use xtask::cli::{self, Command};

const USAGE: &str = "\
Usage: cargo smithy-native --model PATH --out DIR [options]

Generate a Rust client crate from a Smithy JSON AST model.

Options:
  --model PATH          the Smithy JSON AST model (required)
  --out DIR             where the crate is written (required)
  --operations A,B|all  the operations to generate (default: all)
  --protocol NAME       another protocol the service lists (awsJson1_0, rpcv2Cbor, ...)
  --partitions PATH     the partition table for the endpoint rules' aws.partition
  --runtime FORM        where Cargo.toml takes smithy-rt from: path=DIR, git=URL[,rev=R],
                        version=V (default: this generator's source checkout, as a path)
  --skip-unsupported    leave out (and list) operations that use unsupported features
  --check               compare with the files in --out instead of writing; exit 1 on differences
  -h, --help            print this message
";

fn main() -> ExitCode {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("smithy-native") {
        args.remove(0);
    }
    if args.is_empty()
        || args
            .iter()
            .any(|a| a == "-h" || a == "--help" || a == "help")
    {
        print!("{USAGE}");
        return if args.is_empty() {
            ExitCode::from(2)
        } else {
            ExitCode::SUCCESS
        };
    }
    let usage = |message: &str| {
        eprintln!("error: {message}\n\n{USAGE}");
        ExitCode::from(2)
    };
    if args
        .iter()
        .any(|a| a == "--models-dir" || a.starts_with("--models-dir="))
    {
        return usage("unknown option `--models-dir`");
    }
    let mut full = vec!["regenerate".to_string()];
    full.extend(args);
    let mut regenerate = match cli::parse(&full) {
        Ok(Command::Regenerate(a)) => a,
        Ok(_) => return usage("not a generator command"),
        Err(e) => return usage(&e.to_string()),
    };
    if regenerate.model.is_none() {
        return usage("--model PATH is required");
    }
    if regenerate.out.is_none() {
        return usage("--out DIR is required");
    }
    regenerate.program = Some("cargo smithy-native".to_string());
    xtask::init_tracing();
    xtask::regenerate::run(&regenerate).unwrap_or_else(|e| {
        eprintln!("error: {}", format!("{e:#}").trim_end());
        ExitCode::FAILURE
    })
}
