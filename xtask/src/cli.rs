//! The command line of `cargo xtask`: argument strings in, a [`Command`] or a [`UsageError`] out.
//!
//! Hand-written on purpose (no clap): a few subcommands with a handful of flags each. Flags take
//! their value as `--flag VALUE` or `--flag=VALUE`; a repeated flag, an unknown flag or a missing
//! value is a usage error, which `main` reports with [`USAGE`] and exit status 2.

use std::fmt;
use std::path::PathBuf;

use codegen::OperationSelection;

/// The usage text printed by `cargo xtask`, `cargo xtask help` and on usage errors.
pub const USAGE: &str = "\
Usage: cargo xtask <command> [options]

Commands:
  regenerate [--check] [--operations A,B|all] [--model PATH] [--out DIR] [--models-dir DIR]
             [--partitions PATH] [--protocol NAME] [--skip-unsupported]
             [--runtime path=DIR|git=URL[,rev=R]|version=V]
      Without flags that change the output: write every committed golden crate (generated/
      imagebuilder, sqs, kms, cloudwatchlogs, dynamodb; GOLDENS in xtask/src/regenerate.rs)
      from its pinned model and operation list. With --operations, --model, --out,
      --partitions, --protocol or --runtime: generate one crate from a Smithy JSON AST model
      (default: the pinned imagebuilder model) into generated/<crate> or --out DIR. The
      @generated headers name the model by file name and SHA-256 and hold no path.
      --check compares with the files on disk instead of writing; exits 1 on any difference.
      --protocol: generate this protocol of the service (e.g. awsJson1_0, rpcv2Cbor) instead of
      the first the service lists in the generator's order (rpcv2Cbor, awsJson1_0, awsJson1_1,
      restJson1).
      --runtime: where the generated Cargo.toml takes smithy-rt from: path=DIR (the runtime's
      directory, written relative to the output directory), git=URL with an optional ,rev=R,
      or version=V (a registry version requirement). Default: this checkout's runtime/,
      relative to the output directory.
      --partitions: the partition table for the endpoint rules' aws.partition (default: the
      pinned partitions.json, provisioned when the model's rules call aws.partition).
      --skip-unsupported: leave out the operations that use a feature the generator does not
      support yet (each is printed with the reason) instead of failing.
  regenerate-fixtures [--check]
      Regenerate tests/fixtures/ from models/fixtures/*.json; for bad-*.json the golden is the
      expected error text (tests/fixtures/<stem>.expected-error.txt).
  fetch-models [--models-dir DIR]
      Provision every model of models/manifest.json into models/cache/ (hash-verified).
  bench [--iterations N] [--models-dir DIR]
      Time codegen::generate in process (default N = 50) and `regenerate --check` as a process.
  protocol-tests [--suite DIR] [--protocol NAME]
      Generate the official protocol compliance tests of every suite in DIR (restJson1,
      awsJson1_0, awsJson1_1, rpcv2Cbor, rpcv2Cbor-aws; --protocol runs one) into crates under
      target/protocol-tests/, run them, and report passed, failed and not applicable cases per
      suite; exits 1 when the results differ from tests/protocol/skips.txt.
  api-diff --ours DIR --reference DIR
      Compare the public names (types, inherent methods, enum variants) of a generated crate's
      src/ with a reference SDK's src/ (e.g. aws-sdk-imagebuilder's, see compare/api-diff.sh);
      exits 1 when ours has a name the reference lacks.
  help
      Print this message.

Environment:
  SMITHY_MODELS_DIR  directory holding the pinned models, like --models-dir (a relative path
                     is taken from the workspace root)
  PROTOCOL_TESTS_DIR the protocol test suite directory, like --suite (default:
                     ../shared/conformance beside the workspace)
  CI                 when set, golden files are never written (--check still works)
  RUST_LOG           tracing filter for the generator's phases, e.g. debug (default: quiet)
";

/// A parsed command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Help,
    Regenerate(RegenerateArgs),
    RegenerateFixtures {
        check: bool,
    },
    FetchModels {
        models_dir: Option<PathBuf>,
    },
    Bench(BenchArgs),
    ProtocolTests {
        suite: Option<PathBuf>,
        protocol: Option<String>,
    },
    ApiDiff {
        ours: PathBuf,
        reference: PathBuf,
    },
}

/// Flags of `cargo xtask regenerate`. `None` means "the default".
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RegenerateArgs {
    /// The command the `@generated` headers and messages name; `None` means
    /// [`crate::regenerate::COMMAND`] (`cargo xtask regenerate`). The installed
    /// `cargo smithy-native` sets its own.
    pub program: Option<String>,
    pub check: bool,
    /// `--operations`; `None` means [`crate::regenerate::DEFAULT_OPERATIONS`].
    pub operations: Option<OperationSelection>,
    /// `--model PATH`; `None` means the pinned [`crate::models::IMAGEBUILDER`].
    pub model: Option<PathBuf>,
    /// `--out DIR`; `None` means `generated/<crate name>` under the workspace root.
    pub out: Option<PathBuf>,
    pub models_dir: Option<PathBuf>,
    /// `--partitions PATH`; `None` means the pinned [`crate::models::PARTITIONS`] when the
    /// model's endpoint rules call `aws.partition`.
    pub partitions: Option<PathBuf>,
    /// `--protocol NAME`; `None` means the service's own choice.
    pub protocol: Option<String>,
    /// `--skip-unsupported`: leave out (and list) the operations that use a feature the
    /// generator does not support, instead of failing.
    pub skip_unsupported: bool,
    /// `--runtime FORM`; `None` means this checkout's `runtime/` as a path dependency.
    pub runtime: Option<RuntimeArg>,
}

/// `--runtime`: where the generated crate takes `smithy-rt` from, as given on the command line
/// (a path is resolved against the output directory later, in [`crate::regenerate::settings`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuntimeArg {
    /// `path=DIR`: the runtime's directory (absolute or relative to the working directory).
    Path(PathBuf),
    /// `git=URL[,rev=R]`.
    Git { url: String, rev: Option<String> },
    /// `version=V`: a version requirement on the registry's `smithy-rt`.
    Version(String),
}

/// Flags of `cargo xtask bench`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BenchArgs {
    pub iterations: usize,
    pub models_dir: Option<PathBuf>,
}

/// Default number of timed iterations for `cargo xtask bench`.
pub const DEFAULT_BENCH_ITERATIONS: usize = 50;

/// A command line that does not parse. `main` prints it with [`USAGE`] and exits 2.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

fn usage(message: impl Into<String>) -> UsageError {
    UsageError(message.into())
}

/// Parses the arguments after `cargo xtask` (without the program name).
pub fn parse<S: AsRef<str>>(args: &[S]) -> Result<Command, UsageError> {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    let Some((&subcommand, rest)) = args.split_first() else {
        return Ok(Command::Help);
    };
    if rest.iter().any(|a| matches!(*a, "--help" | "-h")) {
        return Ok(Command::Help);
    }
    let mut flags = Flags::new(subcommand, rest);
    let command = match subcommand {
        "help" | "--help" | "-h" => Command::Help,
        "regenerate" => {
            let mut a = RegenerateArgs::default();
            while let Some(flag) = flags.next()? {
                match flag {
                    "--check" => set_switch(&mut a.check, flag)?,
                    "--operations" => {
                        let value = flags.value(flag)?;
                        set_once(&mut a.operations, flag, parse_operations(value)?)?
                    }
                    "--model" => set_once(&mut a.model, flag, flags.value(flag)?.into())?,
                    "--out" => set_once(&mut a.out, flag, flags.value(flag)?.into())?,
                    "--models-dir" => set_once(&mut a.models_dir, flag, flags.value(flag)?.into())?,
                    "--partitions" => set_once(&mut a.partitions, flag, flags.value(flag)?.into())?,
                    "--protocol" => set_once(&mut a.protocol, flag, flags.value(flag)?.into())?,
                    "--skip-unsupported" => set_switch(&mut a.skip_unsupported, flag)?,
                    "--runtime" => {
                        let value = flags.value(flag)?;
                        set_once(&mut a.runtime, flag, parse_runtime(value)?)?
                    }
                    _ => return Err(flags.unknown(flag)),
                }
            }
            Command::Regenerate(a)
        }
        "regenerate-fixtures" => {
            let mut check = false;
            while let Some(flag) = flags.next()? {
                match flag {
                    "--check" => set_switch(&mut check, flag)?,
                    _ => return Err(flags.unknown(flag)),
                }
            }
            Command::RegenerateFixtures { check }
        }
        "fetch-models" => {
            let mut models_dir = None;
            while let Some(flag) = flags.next()? {
                match flag {
                    "--models-dir" => set_once(&mut models_dir, flag, flags.value(flag)?.into())?,
                    _ => return Err(flags.unknown(flag)),
                }
            }
            Command::FetchModels { models_dir }
        }
        "bench" => {
            let mut iterations = None;
            let mut models_dir = None;
            while let Some(flag) = flags.next()? {
                match flag {
                    "--iterations" => {
                        let value = flags.value(flag)?;
                        let n =
                            value
                                .parse::<usize>()
                                .ok()
                                .filter(|n| *n > 0)
                                .ok_or_else(|| {
                                    usage(format!(
                                        "--iterations needs a positive integer, got `{value}`"
                                    ))
                                })?;
                        set_once(&mut iterations, flag, n)?
                    }
                    "--models-dir" => set_once(&mut models_dir, flag, flags.value(flag)?.into())?,
                    _ => return Err(flags.unknown(flag)),
                }
            }
            Command::Bench(BenchArgs {
                iterations: iterations.unwrap_or(DEFAULT_BENCH_ITERATIONS),
                models_dir,
            })
        }
        "protocol-tests" => {
            let (mut suite, mut protocol) = (None, None);
            while let Some(flag) = flags.next()? {
                match flag {
                    "--suite" => set_once(&mut suite, flag, flags.value(flag)?.into())?,
                    "--protocol" => set_once(&mut protocol, flag, flags.value(flag)?.into())?,
                    _ => return Err(flags.unknown(flag)),
                }
            }
            Command::ProtocolTests { suite, protocol }
        }
        "api-diff" => {
            let (mut ours, mut reference) = (None, None);
            while let Some(flag) = flags.next()? {
                match flag {
                    "--ours" => set_once(&mut ours, flag, flags.value(flag)?.into())?,
                    "--reference" => set_once(&mut reference, flag, flags.value(flag)?.into())?,
                    _ => return Err(flags.unknown(flag)),
                }
            }
            match (ours, reference) {
                (Some(ours), Some(reference)) => Command::ApiDiff { ours, reference },
                _ => return Err(usage("api-diff needs --ours DIR and --reference DIR")),
            }
        }
        other => return Err(usage(format!("unknown command `{other}`"))),
    };
    Ok(command)
}

/// `--operations all` or a comma-separated list of operation names.
fn parse_operations(value: &str) -> Result<OperationSelection, UsageError> {
    if value.trim() == "all" {
        return Ok(OperationSelection::All);
    }
    let names: Vec<String> = value
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(String::from)
        .collect();
    if names.is_empty() {
        return Err(usage(
            "--operations needs `all` or a comma-separated list of names",
        ));
    }
    if names.iter().any(|n| n == "all") {
        return Err(usage(
            "--operations: `all` cannot be combined with operation names",
        ));
    }
    Ok(OperationSelection::Named(names))
}

/// `--runtime path=DIR`, `git=URL[,rev=R]` or `version=V`. After a git URL, `,` starts an
/// option (only `rev`); a comma inside the URL must be written `%2C`.
fn parse_runtime(value: &str) -> Result<RuntimeArg, UsageError> {
    const FORMS: &str = "path=DIR, git=URL[,rev=R] or version=V";
    let nonempty = |what: &str, v: &str| {
        let v = v.trim();
        if v.is_empty() {
            Err(usage(format!("--runtime {what}= needs a value")))
        } else {
            Ok(v.to_string())
        }
    };
    let Some((form, rest)) = value.split_once('=') else {
        return Err(usage(format!("--runtime needs {FORMS}, got `{value}`")));
    };
    match form {
        "path" => Ok(RuntimeArg::Path(nonempty("path", rest)?.into())),
        "version" => Ok(RuntimeArg::Version(nonempty("version", rest)?)),
        "git" => {
            let mut parts = rest.split(',');
            let url = nonempty("git", parts.next().unwrap_or_default())?;
            let mut rev = None;
            for option in parts {
                match option.split_once('=') {
                    Some(("rev", r)) => {
                        if rev.replace(nonempty("rev", r)?).is_some() {
                            return Err(usage("--runtime git=URL: rev given twice"));
                        }
                    }
                    _ => {
                        return Err(usage(format!(
                            "--runtime git=URL: unknown option `{option}` (only rev=R)"
                        )))
                    }
                }
            }
            Ok(RuntimeArg::Git { url, rev })
        }
        other => Err(usage(format!(
            "--runtime: unknown form `{other}=`; use {FORMS}"
        ))),
    }
}

fn set_switch(slot: &mut bool, flag: &str) -> Result<(), UsageError> {
    if std::mem::replace(slot, true) {
        return Err(usage(format!("{flag} given twice")));
    }
    Ok(())
}

fn set_once<T>(slot: &mut Option<T>, flag: &str, value: T) -> Result<(), UsageError> {
    if slot.replace(value).is_some() {
        return Err(usage(format!("{flag} given twice")));
    }
    Ok(())
}

/// A cursor over one subcommand's flags that splits `--flag=value`.
struct Flags<'a> {
    subcommand: &'a str,
    args: std::slice::Iter<'a, &'a str>,
    /// The `=value` part of the flag returned last, if any.
    inline: Option<&'a str>,
}

impl<'a> Flags<'a> {
    fn new(subcommand: &'a str, args: &'a [&'a str]) -> Self {
        Flags {
            subcommand,
            args: args.iter(),
            inline: None,
        }
    }

    fn next(&mut self) -> Result<Option<&'a str>, UsageError> {
        if let Some(value) = self.inline.take() {
            return Err(usage(format!("unexpected value `{value}`")));
        }
        let Some(&arg) = self.args.next() else {
            return Ok(None);
        };
        if !arg.starts_with("--") {
            return Err(usage(format!(
                "unexpected argument `{arg}` for `{}`",
                self.subcommand
            )));
        }
        match arg.split_once('=') {
            Some((flag, value)) => {
                self.inline = Some(value);
                Ok(Some(flag))
            }
            None => Ok(Some(arg)),
        }
    }

    fn value(&mut self, flag: &str) -> Result<&'a str, UsageError> {
        let value = match self.inline.take() {
            Some(v) => Some(v),
            None => self.args.next().copied().filter(|v| !v.starts_with("--")),
        };
        value
            .filter(|v| !v.is_empty())
            .ok_or_else(|| usage(format!("{flag} needs a value")))
    }

    fn unknown(&self, flag: &str) -> UsageError {
        usage(format!("unknown option `{flag}` for `{}`", self.subcommand))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(args: &[&str]) -> Command {
        parse(args).unwrap_or_else(|e| panic!("{args:?}: {e}"))
    }

    fn err(args: &[&str]) -> String {
        match parse(args) {
            Ok(c) => panic!("{args:?} parsed as {c:?}"),
            Err(e) => e.0,
        }
    }

    #[test]
    fn no_arguments_and_help() {
        assert_eq!(ok(&[]), Command::Help);
        assert_eq!(ok(&["help"]), Command::Help);
        assert_eq!(ok(&["--help"]), Command::Help);
        assert_eq!(ok(&["regenerate", "--check", "-h"]), Command::Help);
    }

    #[test]
    fn regenerate_defaults() {
        assert_eq!(
            ok(&["regenerate"]),
            Command::Regenerate(RegenerateArgs::default())
        );
    }

    #[test]
    fn regenerate_all_flags() {
        let c = ok(&[
            "regenerate",
            "--check",
            "--operations",
            "A, B,",
            "--model=m.json",
            "--out",
            "o",
            "--models-dir",
            "../shared/models",
            "--partitions=p.json",
            "--protocol",
            "awsJson1_0",
            "--skip-unsupported",
        ]);
        assert_eq!(
            c,
            Command::Regenerate(RegenerateArgs {
                program: None,
                check: true,
                operations: Some(OperationSelection::Named(vec!["A".into(), "B".into()])),
                model: Some("m.json".into()),
                out: Some("o".into()),
                models_dir: Some("../shared/models".into()),
                partitions: Some("p.json".into()),
                protocol: Some("awsJson1_0".into()),
                skip_unsupported: true,
                runtime: None,
            })
        );
        assert!(err(&["regenerate", "--skip-unsupported", "--skip-unsupported"]).contains("twice"));
    }

    fn runtime(value: &str) -> Option<RuntimeArg> {
        let Command::Regenerate(a) = ok(&["regenerate", "--runtime", value]) else {
            panic!()
        };
        a.runtime
    }

    #[test]
    fn runtime_forms() {
        assert_eq!(
            runtime("path=../smithy-native/runtime"),
            Some(RuntimeArg::Path("../smithy-native/runtime".into()))
        );
        assert_eq!(
            runtime("git=https://example.com/r.git"),
            Some(RuntimeArg::Git {
                url: "https://example.com/r.git".into(),
                rev: None
            })
        );
        assert_eq!(
            runtime("git=https://example.com/r.git,rev=0123abc"),
            Some(RuntimeArg::Git {
                url: "https://example.com/r.git".into(),
                rev: Some("0123abc".into())
            })
        );
        assert_eq!(
            runtime("version=0.1"),
            Some(RuntimeArg::Version("0.1".into()))
        );
        // A requirement may hold commas and spaces; only git's value is split.
        assert_eq!(
            runtime("version=>=0.1, <0.3"),
            Some(RuntimeArg::Version(">=0.1, <0.3".into()))
        );
        let Command::Regenerate(a) = ok(&["regenerate", "--runtime=version=1.2.3"]) else {
            panic!()
        };
        assert_eq!(a.runtime, Some(RuntimeArg::Version("1.2.3".into())));
    }

    #[test]
    fn runtime_usage_errors() {
        let e = |v: &str| err(&["regenerate", "--runtime", v]);
        assert!(e("../runtime").contains("--runtime needs path=DIR, git=URL[,rev=R] or version=V"));
        assert!(e("crate=x").contains("unknown form `crate=`"));
        assert!(e("path=").contains("--runtime path= needs a value"));
        assert!(e("version= ").contains("--runtime version= needs a value"));
        assert!(e("git=,rev=1").contains("--runtime git= needs a value"));
        assert!(e("git=u,rev=").contains("--runtime rev= needs a value"));
        assert!(e("git=u,branch=main").contains("unknown option `branch=main`"));
        assert!(e("git=u,rev=a,rev=b").contains("rev given twice"));
        assert!(err(&["regenerate", "--runtime"]).contains("--runtime needs a value"));
        assert!(
            err(&["regenerate", "--runtime=version=1", "--runtime=version=2"])
                .contains("given twice")
        );
    }

    #[test]
    fn operations_all() {
        let Command::Regenerate(a) = ok(&["regenerate", "--operations=all"]) else {
            panic!()
        };
        assert_eq!(a.operations, Some(OperationSelection::All));
        assert!(err(&["regenerate", "--operations", "all,A"]).contains("cannot be combined"));
        assert!(err(&["regenerate", "--operations", ","]).contains("needs"));
    }

    #[test]
    fn usage_errors() {
        assert!(err(&["frobnicate"]).contains("unknown command `frobnicate`"));
        assert!(err(&["regenerate", "--bogus"]).contains("unknown option `--bogus`"));
        assert!(err(&["regenerate", "--out"]).contains("--out needs a value"));
        assert!(err(&["regenerate", "--out", "--check"]).contains("--out needs a value"));
        assert!(err(&["regenerate", "--check", "--check"]).contains("given twice"));
        assert!(err(&["regenerate", "--out=a", "--out=b"]).contains("given twice"));
        assert!(err(&["regenerate", "--check=yes"]).contains("unexpected value `yes`"));
        assert!(err(&["regenerate", "stray"]).contains("unexpected argument `stray`"));
        assert!(err(&["regenerate-fixtures", "--operations", "all"]).contains("unknown option"));
    }

    #[test]
    fn fixtures_fetch_and_bench() {
        assert_eq!(
            ok(&["regenerate-fixtures", "--check"]),
            Command::RegenerateFixtures { check: true }
        );
        assert_eq!(
            ok(&["fetch-models", "--models-dir", "d"]),
            Command::FetchModels {
                models_dir: Some("d".into())
            }
        );
        assert_eq!(
            ok(&["bench"]),
            Command::Bench(BenchArgs {
                iterations: DEFAULT_BENCH_ITERATIONS,
                models_dir: None
            })
        );
        assert_eq!(
            ok(&["bench", "--iterations", "7"]),
            Command::Bench(BenchArgs {
                iterations: 7,
                models_dir: None
            })
        );
        assert!(err(&["bench", "--iterations", "0"]).contains("positive integer"));
        assert!(err(&["bench", "--iterations", "x"]).contains("positive integer"));
    }

    #[test]
    fn protocol_tests() {
        assert_eq!(
            ok(&["protocol-tests"]),
            Command::ProtocolTests {
                suite: None,
                protocol: None
            }
        );
        assert_eq!(
            ok(&["protocol-tests", "--suite=../s", "--protocol", "awsJson1_0"]),
            Command::ProtocolTests {
                suite: Some("../s".into()),
                protocol: Some("awsJson1_0".into())
            }
        );
        assert!(err(&["protocol-tests", "--check"]).contains("unknown option"));
        assert_eq!(
            ok(&["api-diff", "--ours", "a", "--reference=b"]),
            Command::ApiDiff {
                ours: "a".into(),
                reference: "b".into()
            }
        );
        assert!(err(&["api-diff", "--ours", "a"]).contains("needs --ours DIR and --reference DIR"));
    }
}
