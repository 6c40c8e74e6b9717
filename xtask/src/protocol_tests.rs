//! `cargo xtask protocol-tests`: the official Smithy protocol compliance suites, generated into
//! Rust tests and run.
//!
//! In: the suite directory (`--suite DIR`, else `PROTOCOL_TESTS_DIR`, else
//! `<workspace>/../shared/conformance`) holding one JSON AST model per suite ([`SUITES`]),
//! optionally `--protocol NAME` to run one suite, and the committed list of known non-passing
//! cases, [`SKIPS`]. Out: a report on stdout and the exit status.
//!
//! For every service of a suite that has client cases, the generator writes a crate into
//! `target/protocol-tests/<suite>-<service>/` with every operation it supports
//! (`skip_unsupported`) and the cases as `#[test]`s (`protocol_tests`); the crates share one
//! small workspace there (the root workspace's lock file and profile, so dependencies built
//! for the workspace are reused) and `cargo test` runs them. Each case ends up passed, failed,
//! or not applicable (its operation uses a feature the generator rejects, with the reason).
//! Every case that does not pass must be listed in [`SKIPS`] with a reason: an unlisted failure,
//! a listed case that passes, an unlisted not-applicable case and a listed case the suite does
//! not have all fail the run.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{bail, Context, Result};
use codegen::ir::protocol_tests::CaseKind;
use codegen::OperationSelection;

use crate::{golden, paths, regenerate, workspace_root};

/// The suites: name (as in the report and the skip list) and the file in the suite directory.
pub const SUITES: &[(&str, &str)] = &[
    ("restJson1", "restJson1-protocol-tests.json"),
    ("awsJson1_0", "awsJson1_0-protocol-tests.json"),
    ("awsJson1_1", "awsJson1_1-protocol-tests.json"),
    ("rpcv2Cbor", "rpcv2Cbor-protocol-tests.json"),
    ("rpcv2Cbor-aws", "rpcv2Cbor-aws-protocol-tests.json"),
];
/// The committed list of cases that do not pass, relative to the workspace root.
pub const SKIPS: &str = "tests/protocol/skips.txt";
/// Where the generated crates go, relative to the workspace root.
pub const OUT_DIR: &str = "target/protocol-tests";

/// The suite directory: `suite`, else `PROTOCOL_TESTS_DIR`, else `../shared/conformance`
/// beside the workspace.
pub fn suite_dir(suite: Option<&Path>) -> PathBuf {
    match suite {
        Some(dir) => dir.to_path_buf(),
        None => match std::env::var_os("PROTOCOL_TESTS_DIR") {
            Some(dir) if !dir.is_empty() => PathBuf::from(dir),
            _ => workspace_root().join("../shared/conformance"),
        },
    }
}

/// How one case ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Passed,
    Failed,
    /// Not generated: the reason the generator gave for leaving its operation out.
    NotApplicable(String),
}

/// One case of a suite and its outcome.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub suite: String,
    pub service: String,
    pub id: String,
    pub kind: CaseKind,
    /// The `#[test]` it became, when it was generated.
    pub test_name: Option<String>,
    pub outcome: Outcome,
}

/// A case's key in the skip list.
pub type Key = (String, String, CaseKind);

/// The committed skip list: `(suite, case id, kind)` → reason.
pub type Skips = BTreeMap<Key, String>;

fn kind_name(kind: CaseKind) -> &'static str {
    kind.as_str()
}

/// Parses the skip list: one `<suite> <case id> <request|response|error> <reason>` per line;
/// blank lines and lines starting with `#` are ignored.
pub fn parse_skips(text: &str) -> Result<Skips> {
    let mut skips = Skips::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(4, char::is_whitespace);
        let (Some(suite), Some(id), Some(kind), Some(reason)) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            bail!(
                "{SKIPS}:{}: expected `<suite> <case id> <request|response|error> <reason>`",
                n + 1
            );
        };
        if !SUITES.iter().any(|(s, _)| *s == suite) {
            bail!("{SKIPS}:{}: `{suite}` is not a suite", n + 1);
        }
        let kind = match kind {
            "request" => CaseKind::Request,
            "response" => CaseKind::Response,
            "error" => CaseKind::Error,
            other => bail!(
                "{SKIPS}:{}: `{other}` is not request, response or error",
                n + 1
            ),
        };
        if reason.trim().is_empty() {
            bail!("{SKIPS}:{}: {id} {kind:?} needs a reason", n + 1);
        }
        let key = (suite.to_string(), id.to_string(), kind);
        if skips.insert(key, reason.trim().to_string()).is_some() {
            bail!(
                "{SKIPS}:{}: {suite} {id} {} is listed twice",
                n + 1,
                kind_name(kind)
            );
        }
    }
    Ok(skips)
}

/// The shape ids of the services in a Smithy JSON AST model, sorted.
fn services(model_json: &str) -> Result<Vec<String>> {
    let model: serde_json::Value =
        serde_json::from_str(model_json).context("the suite is not JSON")?;
    let mut ids: Vec<String> = model
        .get("shapes")
        .and_then(serde_json::Value::as_object)
        .into_iter()
        .flatten()
        .filter(|(_, s)| s.get("type").and_then(serde_json::Value::as_str) == Some("service"))
        .map(|(id, _)| id.clone())
        .collect();
    ids.sort();
    Ok(ids)
}

/// A name in kebab case (`RestJson` → `rest-json`, `rpcv2Cbor-aws` → `rpcv2-cbor-aws`).
fn kebab(name: &str) -> String {
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c.is_ascii_uppercase() && previous.is_some_and(|p| p.is_ascii_lowercase()) {
            out.push('-');
        }
        match c {
            '_' | '.' => out.push('-'),
            c => out.push(c.to_ascii_lowercase()),
        }
        previous = Some(c);
    }
    out
}

/// A service's crate (and directory) name: the suite and the service's shape name, in kebab
/// case (`aws-json1-0-json-rpc10`).
fn crate_name(suite: &str, service: &str) -> String {
    let name = service.rsplit('#').next().unwrap_or(service);
    format!("{}-{}", kebab(suite), kebab(name))
}

/// A service of a suite, generated.
struct Generated {
    suite: String,
    service: String,
    crate_name: String,
    /// The cases generated: id, kind, test name.
    emitted: Vec<(String, CaseKind, String)>,
    /// The cases not generated, with the reason.
    not_generated: Vec<(String, CaseKind, String)>,
}

/// Generates the crate of `service` (of the suite read from `file`, named in the headers) into
/// `out/<crate>`.
fn generate(
    suite: &str,
    file: &str,
    json: &str,
    service: &str,
    out: &Path,
    root: &Path,
) -> Result<Option<Generated>> {
    let crate_name = crate_name(suite, service);
    let dir = out.join(&crate_name);
    let settings = codegen::Settings {
        operations: OperationSelection::All,
        runtime: codegen::RuntimeDependency::Path(paths::relative(&dir, &root.join("runtime"))),
        crate_name: Some(crate_name.clone()),
        command: "cargo xtask protocol-tests".to_string(),
        inputs: vec![regenerate::input(file, json)],
        partitions: None,
        service: Some(service.to_string()),
        protocol: None,
        skip_unsupported: true,
        protocol_tests: true,
    };
    let output = codegen::generate(json, &settings)
        .map_err(anyhow::Error::new)
        .with_context(|| format!("cannot generate {service} of the {suite} suite"))?;
    let not_generated: Vec<(String, CaseKind, String)> = output
        .skipped
        .iter()
        .flat_map(|s| {
            s.cases
                .iter()
                .map(|(id, kind)| (id.clone(), *kind, format!("{}: {}", s.operation, s.reason)))
        })
        .collect();
    if output.protocol_tests.is_empty() && not_generated.is_empty() {
        return Ok(None);
    }
    golden::write(&output.files, &dir)?;
    Ok(Some(Generated {
        suite: suite.to_string(),
        service: service.to_string(),
        crate_name,
        emitted: output.protocol_tests,
        not_generated,
    }))
}

/// The workspace manifest of the generated crates: the root's profile, so that dependencies
/// built for the root workspace are reused from the shared target directory.
fn workspace_manifest(members: &[&str]) -> String {
    let members: Vec<String> = members.iter().map(|m| format!("{m:?}")).collect();
    format!(
        "# @generated by `cargo xtask protocol-tests`. DO NOT EDIT.\n\
         [workspace]\n\
         resolver = \"2\"\n\
         members = [{}]\n\
         \n\
         [profile.dev]\n\
         debug = \"line-tables-only\"\n\
         \n\
         [profile.dev.package.\"*\"]\n\
         debug = false\n",
        members.join(", ")
    )
}

/// Test name → passed, from libtest's `test <path>::<name> ... ok|FAILED` lines.
pub fn parse_libtest(stdout: &str) -> BTreeMap<String, bool> {
    let mut results = BTreeMap::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((path, status)) = rest.rsplit_once(" ... ") else {
            continue;
        };
        let name = path.rsplit("::").next().unwrap_or(path).to_string();
        match status.trim() {
            "ok" => {
                results.insert(name, true);
            }
            "FAILED" => {
                results.insert(name, false);
            }
            _ => {}
        }
    }
    results
}

/// Builds and runs the tests of one generated crate; test name → passed.
fn run_crate(manifest: &Path, crate_name: &str, target: &Path) -> Result<BTreeMap<String, bool>> {
    let output = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["test", "--lib", "--no-fail-fast", "--color", "never", "-p"])
        .arg(crate_name)
        .arg("--manifest-path")
        .arg(manifest)
        .args(["--", "--color", "never"])
        .env("CARGO_TARGET_DIR", target)
        .output()
        .context("cannot run cargo test")?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let results = parse_libtest(&stdout);
    if results.is_empty() && !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(60).collect();
        eprintln!("cargo test -p {crate_name} failed before running tests:");
        for line in tail.into_iter().rev() {
            eprintln!("  {line}");
        }
    }
    Ok(results)
}

/// The outcome of every case of `g`, from the test results.
fn outcomes(g: &Generated, results: &BTreeMap<String, bool>) -> Vec<CaseResult> {
    let result = |id: &str, kind, test_name: Option<String>, outcome| CaseResult {
        suite: g.suite.clone(),
        service: g.service.clone(),
        id: id.to_string(),
        kind,
        test_name,
        outcome,
    };
    let mut out: Vec<CaseResult> = g
        .emitted
        .iter()
        .map(|(id, kind, test)| {
            let outcome = match results.get(test) {
                Some(true) => Outcome::Passed,
                _ => Outcome::Failed,
            };
            result(id, *kind, Some(test.clone()), outcome)
        })
        .collect();
    out.extend(
        g.not_generated.iter().map(|(id, kind, reason)| {
            result(id, *kind, None, Outcome::NotApplicable(reason.clone()))
        }),
    );
    out
}

/// Problems of the skip list against the results: unlisted failures and not-applicable cases,
/// listed cases that pass, and listed cases the suites do not have. Only the suites in `ran`
/// are checked against the list.
pub fn check_skips(results: &[CaseResult], skips: &Skips, ran: &[&str]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for r in results {
        let key = (r.suite.clone(), r.id.clone(), r.kind);
        seen.insert(key.clone());
        let listed = skips.contains_key(&key);
        let what = format!("{} {} {}", r.suite, r.id, kind_name(r.kind));
        match (&r.outcome, listed) {
            (Outcome::Passed, true) => problems.push(format!(
                "unexpected pass: {what} is listed in {SKIPS} but passes; remove it from the list"
            )),
            (Outcome::Failed, false) => problems.push(format!(
                "unexpected failure: {what} (test {})",
                r.test_name.as_deref().unwrap_or("?")
            )),
            (Outcome::NotApplicable(reason), false) => problems.push(format!(
                "not listed: {what} is not applicable ({reason}); list it in {SKIPS} with the reason"
            )),
            _ => {}
        }
    }
    for key @ (suite, id, kind) in skips.keys() {
        if ran.contains(&suite.as_str()) && !seen.contains(key) {
            problems.push(format!(
                "stale entry: {suite} {id} {} is listed in {SKIPS} but the suite has no such client case",
                kind_name(*kind)
            ));
        }
    }
    problems
}

/// The report: per suite and kind the counts, non-passing cases with their reasons, problems,
/// and the summary lines.
pub fn report(results: &[CaseResult], skips: &Skips, problems: &[String]) -> String {
    let mut out = String::new();
    let count = |suite: Option<&str>, kind: Option<CaseKind>, f: fn(&Outcome) -> bool| {
        results
            .iter()
            .filter(|r| {
                suite.is_none_or(|s| r.suite == s)
                    && kind.is_none_or(|k| r.kind == k)
                    && f(&r.outcome)
            })
            .count()
    };
    let passed = |o: &Outcome| *o == Outcome::Passed;
    let failed = |o: &Outcome| *o == Outcome::Failed;
    let na = |o: &Outcome| matches!(o, Outcome::NotApplicable(_));
    let _ = writeln!(
        out,
        "{:<14} {:<10} {:>7} {:>7} {:>15}",
        "suite", "kind", "passed", "failed", "not applicable"
    );
    let suites: BTreeSet<&str> = results.iter().map(|r| r.suite.as_str()).collect();
    let ordered: Vec<&str> = SUITES
        .iter()
        .map(|(s, _)| *s)
        .filter(|s| suites.contains(s))
        .collect();
    for suite in &ordered {
        for kind in [CaseKind::Request, CaseKind::Response, CaseKind::Error] {
            let _ = writeln!(
                out,
                "{:<14} {:<10} {:>7} {:>7} {:>15}",
                suite,
                kind_name(kind),
                count(Some(suite), Some(kind), passed),
                count(Some(suite), Some(kind), failed),
                count(Some(suite), Some(kind), na)
            );
        }
    }
    for r in results.iter().filter(|r| r.outcome == Outcome::Failed) {
        let why = skips
            .get(&(r.suite.clone(), r.id.clone(), r.kind))
            .map_or("UNEXPECTED".to_string(), |reason| {
                format!("known, listed: {reason}")
            });
        let _ = writeln!(
            out,
            "failed: {} {} {} ({}, test {}): {why}",
            r.suite,
            r.id,
            kind_name(r.kind),
            r.service,
            r.test_name.as_deref().unwrap_or("?")
        );
    }
    for r in results {
        if let Outcome::NotApplicable(reason) = &r.outcome {
            let _ = writeln!(
                out,
                "not applicable: {} {} {} ({}): {reason}",
                r.suite,
                r.id,
                kind_name(r.kind),
                r.service
            );
        }
    }
    for p in problems {
        let _ = writeln!(out, "error: {p}");
    }
    for suite in &ordered {
        let _ = writeln!(
            out,
            "{suite} protocol tests: {} passed, {} failed, {} not applicable",
            count(Some(suite), None, passed),
            count(Some(suite), None, failed),
            count(Some(suite), None, na)
        );
    }
    let (p, f, n) = (
        count(None, None, passed),
        count(None, None, failed),
        count(None, None, na),
    );
    // The plain closing line is the verdict: listed failures and cases the generator cannot
    // run count as skipped; anything that fails the run (an unlisted failure, an unexpected
    // pass, a stale entry) counts as failed.
    let skipped = f + n
        - problems
            .iter()
            .filter(|p| p.starts_with("unexpected failure") || p.starts_with("not listed"))
            .count();
    let _ = writeln!(
        out,
        "{p} passed, {} failed, {skipped} skipped",
        problems.len()
    );
    out
}

/// `cargo xtask protocol-tests [--suite DIR] [--protocol NAME]`.
pub fn run(suite_dir_arg: Option<&Path>, only: Option<&str>) -> Result<ExitCode> {
    let root = workspace_root();
    let dir = suite_dir(suite_dir_arg);
    let suites: Vec<(&str, &str)> = match only {
        Some(name) => match SUITES.iter().find(|(s, _)| *s == name) {
            Some(found) => vec![*found],
            None => {
                let known: Vec<&str> = SUITES.iter().map(|(s, _)| *s).collect();
                bail!(
                    "unknown suite `{name}`; the suites are {}",
                    known.join(", ")
                )
            }
        },
        None => SUITES.to_vec(),
    };
    let skips_path = root.join(SKIPS);
    let skips = parse_skips(
        &std::fs::read_to_string(&skips_path)
            .with_context(|| format!("cannot read {}", skips_path.display()))?,
    )?;
    let out = root.join(OUT_DIR);
    let mut generated = Vec::new();
    for (suite, file) in &suites {
        let path = dir.join(file);
        let json = std::fs::read_to_string(&path).with_context(|| {
            format!(
                "cannot read the {suite} protocol test suite {} (set --suite DIR or PROTOCOL_TESTS_DIR)",
                path.display()
            )
        })?;
        for service in services(&json)? {
            if let Some(g) = generate(suite, file, &json, &service, &out, &root)? {
                generated.push(g);
            }
        }
    }
    // Only crates with something to run are built.
    let members: Vec<&str> = generated
        .iter()
        .filter(|g| !g.emitted.is_empty())
        .map(|g| g.crate_name.as_str())
        .collect();
    std::fs::create_dir_all(&out)?;
    std::fs::write(out.join("Cargo.toml"), workspace_manifest(&members))?;
    // The workspace's lock file, so the same dependency versions are used (cargo prunes the
    // entries these crates do not need).
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock"))
        .context("cannot copy Cargo.lock")?;
    let mut results = Vec::new();
    for g in &generated {
        let test_results = if g.emitted.is_empty() {
            BTreeMap::new()
        } else {
            eprintln!(
                "protocol tests: building and running {} ({} cases)",
                g.crate_name,
                g.emitted.len()
            );
            run_crate(&out.join("Cargo.toml"), &g.crate_name, &root.join("target"))?
        };
        results.extend(outcomes(g, &test_results));
    }
    let ran: Vec<&str> = suites.iter().map(|(s, _)| *s).collect();
    let problems = check_skips(&results, &skips, &ran);
    print!("{}", report(&results, &skips, &problems));
    Ok(if problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(id: &str, kind: CaseKind, outcome: Outcome) -> CaseResult {
        CaseResult {
            suite: "restJson1".into(),
            service: "ns#Svc".into(),
            id: id.into(),
            kind,
            test_name: Some(codegen::name::protocol_test_name(id, kind)),
            outcome,
        }
    }

    #[test]
    fn skip_list_lines() {
        let skips = parse_skips(
            "# comment\n\nrestJson1 A request needs Content-MD5\nawsJson1_0 B error   custom reason here\n",
        )
        .unwrap();
        assert_eq!(
            skips[&("restJson1".to_string(), "A".to_string(), CaseKind::Request)],
            "needs Content-MD5"
        );
        assert_eq!(
            skips[&("awsJson1_0".to_string(), "B".to_string(), CaseKind::Error)],
            "custom reason here"
        );
        assert!(parse_skips("restJson1 A request").is_err());
        assert!(parse_skips("restJson1 A sideways reason").is_err());
        assert!(parse_skips("nope A request reason").is_err());
        assert!(parse_skips("restJson1 A request r\nrestJson1 A request r").is_err());
    }

    #[test]
    fn libtest_lines() {
        let out = "running 3 tests\n\
                   test protocol_tests::a_request ... ok\n\
                   test protocol_tests::b_response ... FAILED\n\
                   test protocol_tests::c_error ... ignored\n\
                   test result: FAILED. 1 passed; 1 failed\n";
        let r = parse_libtest(out);
        assert_eq!(r.get("a_request"), Some(&true));
        assert_eq!(r.get("b_response"), Some(&false));
        assert_eq!(r.get("c_error"), None);
    }

    #[test]
    fn crate_names() {
        assert_eq!(
            crate_name("restJson1", "aws.protocoltests.restjson#RestJson"),
            "rest-json1-rest-json"
        );
        assert_eq!(
            crate_name("awsJson1_0", "aws.protocoltests.json10#JsonRpc10"),
            "aws-json1-0-json-rpc10"
        );
        assert_eq!(
            crate_name("rpcv2Cbor-aws", "com.amazonaws.glacier#Glacier"),
            "rpcv2cbor-aws-glacier"
        );
    }

    #[test]
    fn the_skip_list_must_match_the_results() {
        let results = [
            result("Pass", CaseKind::Request, Outcome::Passed),
            result("ListedPass", CaseKind::Request, Outcome::Passed),
            result("Fail", CaseKind::Response, Outcome::Failed),
            result("ListedFail", CaseKind::Response, Outcome::Failed),
            result(
                "Na",
                CaseKind::Error,
                Outcome::NotApplicable("streaming".into()),
            ),
            result(
                "ListedNa",
                CaseKind::Error,
                Outcome::NotApplicable("x".into()),
            ),
        ];
        let skips = parse_skips(
            "restJson1 ListedPass request r\nrestJson1 ListedFail response r\n\
             restJson1 ListedNa error r\nrestJson1 Gone request r\nawsJson1_0 Other request r\n",
        )
        .unwrap();
        let problems = check_skips(&results, &skips, &["restJson1"]);
        let starts: Vec<&str> = problems
            .iter()
            .map(|p| p.split(':').next().unwrap())
            .collect();
        assert_eq!(
            starts,
            [
                "unexpected pass",
                "unexpected failure",
                "not listed",
                "stale entry"
            ]
        );
        let text = report(&results, &skips, &problems);
        assert!(text.ends_with("2 passed, 4 failed, 2 skipped\n"), "{text}");
        assert!(text.contains("restJson1 protocol tests: 2 passed, 2 failed, 2 not applicable"));
    }
}
