//! `cargo xtask protocol-tests`: the official restJson1 protocol compliance tests, generated
//! into Rust tests and run.
//!
//! In: the suite directory (`--suite DIR`, else `PROTOCOL_TESTS_DIR`, else
//! `<workspace>/../shared/conformance`) holding `restJson1-protocol-tests.json`, and the
//! committed list of known non-passing cases, [`SKIPS`]. Out: a report on stdout and the exit
//! status.
//!
//! For every service of the suite model that has client cases, the generator writes a crate
//! into `target/protocol-tests/<service>/` with every operation it supports
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
use codegen::emit::protocol_tests::{cases, Case, CaseKind};
use codegen::OperationSelection;

use crate::{golden, paths, workspace_root};

/// The suite file inside the suite directory.
pub const SUITE_FILE: &str = "restJson1-protocol-tests.json";
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

/// One case of the suite and its outcome.
#[derive(Debug, Clone)]
pub struct CaseResult {
    pub service: String,
    pub case: Case,
    pub outcome: Outcome,
}

/// The committed skip list: `(case id, kind)` → reason.
pub type Skips = BTreeMap<(String, CaseKind), String>;

/// Parses the skip list: one `<case id> <request|response|error> <reason>` per line; blank
/// lines and lines starting with `#` are ignored.
pub fn parse_skips(text: &str) -> Result<Skips> {
    let mut skips = Skips::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut parts = line.splitn(3, char::is_whitespace);
        let (Some(id), Some(kind), Some(reason)) = (parts.next(), parts.next(), parts.next())
        else {
            bail!(
                "{SKIPS}:{}: expected `<case id> <request|response|error> <reason>`",
                n + 1
            );
        };
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
        if skips
            .insert((id.to_string(), kind), reason.trim().to_string())
            .is_some()
        {
            bail!("{SKIPS}:{}: {id} {} is listed twice", n + 1, kind.as_str());
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

/// A service's crate (and directory) name: its shape name in kebab case (`rest-json`).
fn crate_name(service: &str) -> String {
    let name = service.rsplit('#').next().unwrap_or(service);
    let mut out = String::new();
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c.is_ascii_uppercase() && previous.is_some_and(|p| !p.is_ascii_uppercase()) {
            out.push('-');
        }
        out.push(c.to_ascii_lowercase());
        previous = Some(c);
    }
    out
}

/// A service of the suite, generated.
struct Generated {
    service: String,
    crate_name: String,
    /// Every client case of the service's operations.
    cases: Vec<Case>,
    /// Test names of the cases that were generated.
    emitted: BTreeSet<String>,
    /// Operations left out, with the reason.
    skipped: BTreeMap<String, String>,
}

/// Generates the crate of `service` into `out/<crate>` and lists its cases.
fn generate(json: &str, service: &str, out: &Path, root: &Path) -> Result<Option<Generated>> {
    let lower = |json: &str| -> Result<codegen::ir::Ir> {
        let model = codegen::parse::parse(json).map_err(|e| anyhow::anyhow!("{e}"))?;
        codegen::lower::lower_service(model, &OperationSelection::All, Some(service))
            .map_err(|e| anyhow::anyhow!("{e}"))
    };
    let full = lower(json).with_context(|| format!("cannot lower {service}"))?;
    let all_cases = cases(&full);
    if all_cases.is_empty() {
        return Ok(None);
    }
    let (kept, _) = codegen::lower::drop_unsupported(full).map_err(|e| anyhow::anyhow!("{e}"))?;
    let emitted = cases(&kept).into_iter().map(|c| c.test_name).collect();
    let crate_name = crate_name(service);
    let dir = out.join(&crate_name);
    let settings = codegen::Settings {
        operations: OperationSelection::All,
        runtime_path: paths::relative(&dir, &root.join("runtime")),
        crate_name: Some(crate_name.clone()),
        command: "cargo xtask protocol-tests".to_string(),
        partitions: None,
        service: Some(service.to_string()),
        skip_unsupported: true,
        protocol_tests: true,
    };
    let output = codegen::generate(json, &settings)
        .map_err(anyhow::Error::new)
        .with_context(|| format!("cannot generate {service}"))?;
    golden::write(&output.files, &dir)?;
    Ok(Some(Generated {
        service: service.to_string(),
        crate_name,
        cases: all_cases,
        emitted,
        skipped: output.skipped.into_iter().collect(),
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
    g.cases
        .iter()
        .map(|case| {
            let outcome = if g.emitted.contains(&case.test_name) {
                match results.get(&case.test_name) {
                    Some(true) => Outcome::Passed,
                    _ => Outcome::Failed,
                }
            } else {
                let op = case.operation.rsplit('#').next().unwrap_or(&case.operation);
                let reason = g
                    .skipped
                    .get(op)
                    .cloned()
                    .unwrap_or_else(|| format!("operation {op} was not generated"));
                Outcome::NotApplicable(reason)
            };
            CaseResult {
                service: g.service.clone(),
                case: case.clone(),
                outcome,
            }
        })
        .collect()
}

/// Problems of the skip list against the results: unlisted failures and not-applicable cases,
/// listed cases that pass, and listed cases the suite does not have.
pub fn check_skips(results: &[CaseResult], skips: &Skips) -> Vec<String> {
    let mut problems = Vec::new();
    let mut seen = BTreeSet::new();
    for r in results {
        let key = (r.case.id.clone(), r.case.kind);
        seen.insert(key.clone());
        let listed = skips.contains_key(&key);
        let what = format!("{} {}", r.case.id, r.case.kind.as_str());
        match (&r.outcome, listed) {
            (Outcome::Passed, true) => problems.push(format!(
                "unexpected pass: {what} is listed in {SKIPS} but passes; remove it from the list"
            )),
            (Outcome::Failed, false) => problems.push(format!(
                "unexpected failure: {what} (test {})",
                r.case.test_name
            )),
            (Outcome::NotApplicable(reason), false) => problems.push(format!(
                "not listed: {what} is not applicable ({reason}); list it in {SKIPS} with the reason"
            )),
            _ => {}
        }
    }
    for (id, kind) in skips.keys() {
        if !seen.contains(&(id.clone(), *kind)) {
            problems.push(format!(
                "stale entry: {id} {} is listed in {SKIPS} but the suite has no such client case",
                kind.as_str()
            ));
        }
    }
    problems
}

/// The report: per-kind counts, non-passing cases with their reasons, problems, and the
/// summary lines.
pub fn report(results: &[CaseResult], skips: &Skips, problems: &[String]) -> String {
    let mut out = String::new();
    let count = |kind: Option<CaseKind>, f: fn(&Outcome) -> bool| {
        results
            .iter()
            .filter(|r| kind.is_none_or(|k| r.case.kind == k) && f(&r.outcome))
            .count()
    };
    let passed = |o: &Outcome| *o == Outcome::Passed;
    let failed = |o: &Outcome| *o == Outcome::Failed;
    let na = |o: &Outcome| matches!(o, Outcome::NotApplicable(_));
    let _ = writeln!(
        out,
        "{:<10} {:>7} {:>7} {:>15}",
        "", "passed", "failed", "not applicable"
    );
    for kind in [CaseKind::Request, CaseKind::Response, CaseKind::Error] {
        let _ = writeln!(
            out,
            "{:<10} {:>7} {:>7} {:>15}",
            kind.as_str(),
            count(Some(kind), passed),
            count(Some(kind), failed),
            count(Some(kind), na)
        );
    }
    for r in results.iter().filter(|r| r.outcome == Outcome::Failed) {
        let why = skips
            .get(&(r.case.id.clone(), r.case.kind))
            .map_or("UNEXPECTED".to_string(), |reason| {
                format!("known, listed: {reason}")
            });
        let _ = writeln!(
            out,
            "failed: {} {} ({}, test {}): {why}",
            r.case.id,
            r.case.kind.as_str(),
            r.service,
            r.case.test_name
        );
    }
    for r in results {
        if let Outcome::NotApplicable(reason) = &r.outcome {
            let _ = writeln!(
                out,
                "not applicable: {} {} ({}): {reason}",
                r.case.id,
                r.case.kind.as_str(),
                r.service
            );
        }
    }
    for p in problems {
        let _ = writeln!(out, "error: {p}");
    }
    let (p, f, n) = (count(None, passed), count(None, failed), count(None, na));
    let _ = writeln!(
        out,
        "restJson1 protocol tests: {p} passed, {f} failed, {n} not applicable"
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

/// `cargo xtask protocol-tests [--suite DIR]`.
pub fn run(suite: Option<&Path>) -> Result<ExitCode> {
    let root = workspace_root();
    let dir = suite_dir(suite);
    let file = dir.join(SUITE_FILE);
    let json = std::fs::read_to_string(&file).with_context(|| {
        format!(
            "cannot read the protocol test suite {} (set --suite DIR or PROTOCOL_TESTS_DIR)",
            file.display()
        )
    })?;
    let skips_path = root.join(SKIPS);
    let skips = parse_skips(
        &std::fs::read_to_string(&skips_path)
            .with_context(|| format!("cannot read {}", skips_path.display()))?,
    )?;
    let out = root.join(OUT_DIR);
    let mut generated = Vec::new();
    for service in services(&json)? {
        if let Some(g) = generate(&json, &service, &out, &root)? {
            generated.push(g);
        }
    }
    // Only crates with something to run are built.
    let members: Vec<&str> = generated
        .iter()
        .filter(|g| !g.emitted.is_empty())
        .map(|g| g.crate_name.as_str())
        .collect();
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
    let problems = check_skips(&results, &skips);
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

    fn case(id: &str, kind: CaseKind) -> Case {
        Case {
            id: id.into(),
            kind,
            operation: "ns#Op".into(),
            error: None,
            test_name: codegen::emit::protocol_tests::test_name(id, kind),
        }
    }

    fn result(id: &str, kind: CaseKind, outcome: Outcome) -> CaseResult {
        CaseResult {
            service: "ns#Svc".into(),
            case: case(id, kind),
            outcome,
        }
    }

    #[test]
    fn skip_list_lines() {
        let skips =
            parse_skips("# comment\n\nA request needs Content-MD5\nB error   custom reason here\n")
                .unwrap();
        assert_eq!(
            skips[&("A".to_string(), CaseKind::Request)],
            "needs Content-MD5"
        );
        assert_eq!(
            skips[&("B".to_string(), CaseKind::Error)],
            "custom reason here"
        );
        assert!(parse_skips("A request").is_err());
        assert!(parse_skips("A sideways reason").is_err());
        assert!(parse_skips("A request r\nA request r").is_err());
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
            crate_name("aws.protocoltests.restjson#RestJson"),
            "rest-json"
        );
        assert_eq!(
            crate_name("com.amazonaws.apigateway#BackplaneControlService"),
            "backplane-control-service"
        );
        assert_eq!(crate_name("com.amazonaws.glacier#Glacier"), "glacier");
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
            "ListedPass request r\nListedFail response r\nListedNa error r\nGone request r\n",
        )
        .unwrap();
        let problems = check_skips(&results, &skips);
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
