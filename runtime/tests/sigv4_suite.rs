//! The AWS Signature Version 4 test suite, header-signing half, against `smithy_rt::sigv4`.
//!
//! In: the suite's case folders, read at test time (never copied into this repository) from
//! `$SIGV4_SUITE_DIR`, else `<workspace root>/../shared/conformance/sigv4`, else the copy that
//! the `aws-sigv4` package on crates.io carries (fetched by cargo, hash-checked; see
//! [`suite_dir`]). A suite that cannot be had fails the test, saying how to provide it. Out: one line per failing or not-applicable case, then
//! `sigv4 suite: N passed, M failed, K not applicable`; the test fails if any applicable case
//! fails.
//!
//! Each case: `request.txt` is parsed (request line, headers with obs-fold continuation lines
//! unfolded to one space, blank line, body) and signed with the parameters of `context.json`
//! (`sign_body` maps to [`PayloadChecksum::SetHeader`], `normalize` to `normalize_uri_path`,
//! `omit_session_token` as is; double URI encoding stays on). Compared:
//! 1. our canonical request with `header-canonical-request.txt`;
//! 2. the string to sign of our canonical request with `header-string-to-sign.txt` (if present);
//! 3. our signature with `header-signature.txt` (if present);
//! 4. the request after `sign` with `header-signed-request.txt`: the `Authorization` header
//!    exactly, and the request line, the set of headers (lower-case name, trimmed value) and
//!    the body.
//!
//! The `query-*` files (presigned URLs) are out of scope.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use smithy_rt::http::HttpRequest;
use smithy_rt::sigv4::{self, PayloadChecksum, SigningParams, SigningSettings};

/// Cases that cannot pass as shipped, and why. Each is still run twice: as shipped it must
/// fail (otherwise the entry is stale and the test fails), and with the one defect undone it
/// must pass every check. It then counts as not applicable.
const NOT_APPLICABLE: &[(&str, &str)] = &[(
    "get-space-normalized",
    "the fixture contradicts itself: request.txt has the target `/example%20space/`, but the \
     case's own header-signed-request.txt records `/example space/`, and the expected \
     canonical URI `/example%20space/` (with the signature) is that literal-space path encoded \
     once. Signing never changes the target, and with double URI encoding on (which \
     double-url-encode and double-encode-path require, `%3A` -> `%253A`, under the same \
     settings) an already-encoded `%20` must sign as `%2520`. Checked instead with the target \
     from header-signed-request.txt, where all four comparisons must pass",
)];

/// Parameters for the cases that have no `context.json`: the two that smithy-rs added to the
/// suite when it migrated from the old format, whose parameters live in smithy-rs's own tests
/// (`aws-sigv4` `http_request::sign::tests::test_sign_url_escape` and
/// `canonical_request::tests::test_double_url_encode*`). The signatures in the expected files
/// only match these exact credentials, so a wrong entry cannot pass.
const CONTEXTS_WITHOUT_FILE: &[FallbackContext] = &[
    FallbackContext {
        case: "double-encode-path",
        // aws-credential-types' `Credentials::for_tests()`.
        access_key_id: "ANOTREAL",
        secret_access_key: "notrealrnrELgWzOk3IfjzDKtFBhDby",
        region: "us-east-1",
        service: "service",
        timestamp: "2015-08-30T12:36:00Z",
        // header-canonical-request.txt comes from a different smithy-rs test that signs at
        // this time (its `x-amz-date` line says so), while header-signed-request.txt was
        // signed at `timestamp`.
        canonical_request_timestamp: "2021-05-11T15:40:45Z",
    },
    FallbackContext {
        case: "double-url-encode",
        access_key_id: "AKIDEXAMPLE",
        secret_access_key: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        region: "us-east-2",
        service: "lambda",
        timestamp: "2021-05-11T15:40:45Z",
        canonical_request_timestamp: "2021-05-11T15:40:45Z",
    },
];

struct FallbackContext {
    case: &'static str,
    access_key_id: &'static str,
    secret_access_key: &'static str,
    region: &'static str,
    service: &'static str,
    timestamp: &'static str,
    canonical_request_timestamp: &'static str,
}

#[test]
fn sigv4_suite() {
    let dir = suite_dir();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list the SigV4 suite at {}: {e}", dir.display()))
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    assert!(
        !cases.is_empty(),
        "the SigV4 suite at {} has no case folders",
        dir.display()
    );

    let (mut passed, mut failed, mut not_applicable) = (0, 0, 0);
    let mut report = String::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        match run_case(case, &name) {
            Outcome::Passed => passed += 1,
            Outcome::Failed(problems) => {
                failed += 1;
                writeln!(report, "FAIL {name}:").unwrap();
                for problem in problems {
                    writeln!(report, "  - {}", problem.replace('\n', "\n    ")).unwrap();
                }
            }
            Outcome::NotApplicable(reason) => {
                not_applicable += 1;
                writeln!(report, "n/a  {name}: {reason}").unwrap();
            }
        }
    }
    for stale in stale_entries(&cases) {
        failed += 1;
        writeln!(report, "FAIL {stale}").unwrap();
    }
    writeln!(
        report,
        "sigv4 suite: {passed} passed, {failed} failed, {not_applicable} not applicable"
    )
    .unwrap();
    // Written to the process's stderr, past the test harness's capture, so the summary shows
    // on passing runs too.
    let _ = std::io::stderr().lock().write_all(report.as_bytes());
    assert_eq!(
        failed, 0,
        "{failed} SigV4 suite case(s) failed; the report is above"
    );
}

/// The crates.io release of `aws-sigv4` whose package carries the suite
/// (`aws-signing-test-suite/v4/`), and the SHA-256 of that folder's contents (see
/// [`tree_hash`]): the same 40 cases as `../shared/conformance/sigv4`.
const SUITE_CRATE: (&str, &str) = ("aws-sigv4", "1.6.6");
const SUITE_SHA256: &str = "5ed2ce3610362c622fe8f1e79c8bb982ab63a6579f882f435a902da0944e928e";

/// Where the suite is read from: `$SIGV4_SUITE_DIR`; else
/// `<workspace root>/../shared/conformance/sigv4`; else the `aws-sigv4` package from cargo's
/// registry (fetched into cargo's cache by a scratch manifest, never built), checked against
/// [`SUITE_SHA256`]. Panics saying where it looked when none of these works.
fn suite_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("SIGV4_SUITE_DIR") {
        let dir = PathBuf::from(dir);
        assert!(
            dir.is_dir(),
            "SIGV4_SUITE_DIR={} is not a folder; it must hold the case folders (get-vanilla/, ...)",
            dir.display()
        );
        return dir;
    }
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/sigv4");
    if shared.is_dir() {
        return shared;
    }
    match from_registry() {
        Ok(dir) => dir,
        Err(problem) => panic!(
            "the AWS SigV4 test suite was not found: not at {} (../shared beside the workspace), \
             SIGV4_SUITE_DIR is not set, and the copy in the {} {} package from crates.io could \
             not be had: {problem}. Set SIGV4_SUITE_DIR to a folder holding the case folders \
             (get-vanilla/, post-vanilla/, ...).",
            shared.display(),
            SUITE_CRATE.0,
            SUITE_CRATE.1
        ),
    }
}

/// The suite inside the pinned `aws-sigv4` package: `cargo fetch` of a scratch manifest in
/// this test's temporary directory, then `cargo metadata` for the package's path.
fn from_registry() -> Result<PathBuf, String> {
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("sigv4-suite-fetch");
    std::fs::create_dir_all(scratch.join("src")).map_err(|e| e.to_string())?;
    let (name, version) = SUITE_CRATE;
    let manifest = format!(
        "[package]\nname = \"sigv4-suite-fetch\"\nversion = \"0.0.0\"\nedition = \"2021\"\n\
         publish = false\n\n[dependencies]\n{name} = {{ version = \"={version}\", default-features = false }}\n\n[workspace]\n"
    );
    std::fs::write(scratch.join("Cargo.toml"), manifest).map_err(|e| e.to_string())?;
    std::fs::write(scratch.join("src/lib.rs"), "").map_err(|e| e.to_string())?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let run = |args: &[&str]| -> Result<String, String> {
        let out = std::process::Command::new(&cargo)
            .args(args)
            .current_dir(&scratch)
            .output()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "`cargo {}` failed: {}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr).trim()
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    };
    run(&["fetch", "--quiet"])?;
    let metadata = run(&["metadata", "--format-version", "1", "--quiet"])?;
    let needle = format!("/{name}-{version}/Cargo.toml");
    let manifest_path = metadata
        .split('"')
        .find(|s| s.ends_with(&needle))
        .ok_or_else(|| format!("{name} {version} is not in `cargo metadata`"))?;
    let dir = Path::new(manifest_path)
        .parent()
        .ok_or("no package folder")?
        .join("aws-signing-test-suite/v4");
    let hash = tree_hash(&dir)?;
    if hash != SUITE_SHA256 {
        return Err(format!(
            "{} has SHA-256 {hash}, not the pinned {SUITE_SHA256}",
            dir.display()
        ));
    }
    Ok(dir)
}

/// SHA-256 over every file below `dir`, in path order: each relative path, a NUL, the
/// contents, a NUL.
fn tree_hash(dir: &Path) -> Result<String, String> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) -> Result<(), String> {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| e.to_string())?.path();
            if path.is_dir() {
                walk(base, &path, out)?;
            } else {
                let rel = path.strip_prefix(base).map_err(|e| e.to_string())?;
                let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
                out.push((rel.to_string_lossy().into_owned(), bytes));
            }
        }
        Ok(())
    }
    let mut files = Vec::new();
    walk(dir, dir, &mut files)?;
    files.sort();
    let mut all = Vec::new();
    for (path, bytes) in files {
        all.extend_from_slice(path.as_bytes());
        all.push(0);
        all.extend_from_slice(&bytes);
        all.push(0);
    }
    Ok(smithy_rt::checksum::sha256_hex(&all))
}

#[test]
fn the_shared_suite_is_the_pinned_one() {
    // When both are at hand, `../shared` holds exactly the registry package's suite.
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/conformance/sigv4");
    if shared.is_dir() {
        assert_eq!(tree_hash(&shared).unwrap(), SUITE_SHA256);
    }
}

enum Outcome {
    Passed,
    Failed(Vec<String>),
    NotApplicable(String),
}

fn run_case(dir: &Path, name: &str) -> Outcome {
    let not_applicable = NOT_APPLICABLE.iter().find(|(case, _)| *case == name);
    let case = match Case::load(dir, name) {
        Ok(case) => case,
        Err(problem) => return Outcome::Failed(vec![problem]),
    };
    let problems = case.check(&case.request);
    let Some((_, reason)) = not_applicable else {
        return if problems.is_empty() {
            Outcome::Passed
        } else {
            Outcome::Failed(problems)
        };
    };
    if problems.is_empty() {
        return Outcome::Failed(vec![format!(
            "listed in NOT_APPLICABLE but passes as shipped: remove the entry ({reason})"
        )]);
    }
    // Undo the one defect: sign the target that the expected signed request records.
    let mut corrected = case.request.clone();
    corrected.target.clone_from(&case.expected_signed.target);
    let problems = case.check(&corrected);
    if problems.is_empty() {
        Outcome::NotApplicable(reason.to_string())
    } else {
        let mut all = vec![format!(
            "listed in NOT_APPLICABLE, but fails even with the target from \
             header-signed-request.txt ({reason})"
        )];
        all.extend(problems);
        Outcome::Failed(all)
    }
}

/// Entries in the two tables above that name no case folder, or a case that now has its own
/// `context.json`.
fn stale_entries(cases: &[PathBuf]) -> Vec<String> {
    let exists = |name: &str| cases.iter().any(|c| c.file_name().unwrap() == name);
    let mut stale = Vec::new();
    for (name, _) in NOT_APPLICABLE {
        if !exists(name) {
            stale.push(format!(
                "NOT_APPLICABLE names {name}, which is not in the suite"
            ));
        }
    }
    for fallback in CONTEXTS_WITHOUT_FILE {
        let name = fallback.case;
        let has_file = cases
            .iter()
            .any(|c| c.file_name().unwrap() == name && c.join("context.json").is_file());
        if !exists(name) || has_file {
            stale.push(format!(
                "CONTEXTS_WITHOUT_FILE names {name}, which is not in the suite or now has a \
                 context.json of its own"
            ));
        }
    }
    stale
}

/// One case folder, loaded.
struct Case {
    request: RawRequest,
    context: Context,
    canonical_request: String,
    string_to_sign: Option<String>,
    signature: Option<String>,
    expected_signed: RawRequest,
}

impl Case {
    fn load(dir: &Path, name: &str) -> Result<Self, String> {
        let context = match read_optional(dir, "context.json")? {
            Some(json) => Context::parse(&json)?,
            None => Context::fallback(name)?,
        };
        Ok(Self {
            request: RawRequest::parse(&read(dir, "request.txt")?)
                .map_err(|e| format!("request.txt: {e}"))?,
            context,
            canonical_request: read(dir, "header-canonical-request.txt")?,
            string_to_sign: read_optional(dir, "header-string-to-sign.txt")?,
            signature: read_optional(dir, "header-signature.txt")?,
            expected_signed: RawRequest::parse(&read(dir, "header-signed-request.txt")?)
                .map_err(|e| format!("header-signed-request.txt: {e}"))?,
        })
    }

    /// Runs the four comparisons on `raw` (the case's request, or a corrected copy) and
    /// returns what differed.
    fn check(&self, raw: &RawRequest) -> Vec<String> {
        let mut problems = Vec::new();
        let request = match raw.to_http_request() {
            Ok(request) => request,
            Err(problem) => return vec![problem],
        };
        let params = self.context.params(self.context.time);
        let creq_params = self.context.params(self.context.canonical_request_time);

        match sigv4::canonical_request(&request, &creq_params) {
            Ok(creq) => compare(
                &mut problems,
                "canonical request",
                &self.canonical_request,
                creq.as_str(),
            ),
            Err(e) => problems.push(format!("canonical_request failed: {e}")),
        }
        // The string to sign and the signature follow from our own canonical request at the
        // signing time (the same as above except for double-encode-path).
        let ours = sigv4::canonical_request(&request, &params)
            .and_then(|creq| sigv4::string_to_sign(creq.as_str(), &params))
            .and_then(|sts| Ok((sigv4::signature(&sts, &params)?, sts)));
        match ours {
            Ok((signature, sts)) => {
                if let Some(expected) = &self.string_to_sign {
                    compare(&mut problems, "string to sign", expected, &sts);
                }
                if let Some(expected) = &self.signature {
                    compare(&mut problems, "signature", expected, &signature);
                }
            }
            Err(e) => problems.push(format!("signing steps failed: {e}")),
        }

        let mut signed = request.clone();
        if let Err(e) = sigv4::sign(&mut signed, &params) {
            problems.push(format!("sign failed: {e}"));
            return problems;
        }
        let expected = &self.expected_signed;
        compare(
            &mut problems,
            "Authorization header",
            expected.header("authorization").unwrap_or("<none>"),
            signed.headers.get("authorization").unwrap_or("<none>"),
        );
        compare(
            &mut problems,
            "signed request line",
            &format!("{} {}", expected.method, expected.target),
            &format!("{} {}", signed.method, raw.target),
        );
        let expected_headers: BTreeSet<(String, String)> = expected
            .headers
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        let signed_headers: BTreeSet<(String, String)> = signed
            .headers
            .iter()
            .map(|(n, v)| (n.to_ascii_lowercase(), v.trim().to_owned()))
            .collect();
        if expected_headers.len() != expected.headers.len()
            || signed_headers.len() != signed.headers.len()
        {
            // Sets would hide a repeated identical header; compare the full lists instead.
            let mut e: Vec<_> = expected.headers.clone();
            let mut s: Vec<_> = signed
                .headers
                .iter()
                .map(|(n, v)| (n.to_owned(), v.to_owned()))
                .collect();
            for list in [&mut e, &mut s] {
                for (n, v) in list.iter_mut() {
                    *n = n.to_ascii_lowercase();
                    *v = v.trim().to_owned();
                }
                list.sort();
            }
            if e != s {
                problems.push(format!(
                    "signed headers differ:\nexpected {e:?}\n  actual {s:?}"
                ));
            }
        } else if expected_headers != signed_headers {
            problems.push(format!(
                "signed headers differ:\nmissing {:?}\n  extra {:?}",
                expected_headers
                    .difference(&signed_headers)
                    .collect::<Vec<_>>(),
                signed_headers
                    .difference(&expected_headers)
                    .collect::<Vec<_>>(),
            ));
        }
        if expected.body != signed.body {
            problems.push("signed request body differs".to_owned());
        }
        problems
    }
}

fn compare(problems: &mut Vec<String>, what: &str, expected: &str, actual: &str) {
    if expected != actual {
        problems.push(format!(
            "{what} differs:\n--- expected\n{expected}\n--- actual\n{actual}"
        ));
    }
}

/// A file of the case, CRLF turned into LF and trailing line breaks removed (the suite's
/// files differ in whether they end with one; none of the compared texts ends with one).
fn read(dir: &Path, file: &str) -> Result<String, String> {
    read_optional(dir, file)?.ok_or_else(|| format!("{file} is missing"))
}

fn read_optional(dir: &Path, file: &str) -> Result<Option<String>, String> {
    let path = dir.join(file);
    if !path.is_file() {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let text = text.replace("\r\n", "\n");
    Ok(Some(text.trim_end_matches('\n').to_owned()))
}

/// The signing parameters of one case.
struct Context {
    access_key_id: String,
    secret_access_key: String,
    session_token: Option<String>,
    region: String,
    service: String,
    time: SystemTime,
    /// The time the expected canonical request was made at; the same as `time` except for
    /// double-encode-path.
    canonical_request_time: SystemTime,
    normalize: bool,
    sign_body: bool,
    omit_session_token: bool,
}

impl Context {
    fn parse(json: &str) -> Result<Self, String> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| format!("context.json: {e}"))?;
        let object = value.as_object().ok_or("context.json is not an object")?;
        const KNOWN: [&str; 8] = [
            "credentials",
            "expiration_in_seconds",
            "normalize",
            "omit_session_token",
            "region",
            "service",
            "sign_body",
            "timestamp",
        ];
        if let Some(unknown) = object.keys().find(|k| !KNOWN.contains(&k.as_str())) {
            // A new switch (say, for double encoding) must not be silently ignored.
            return Err(format!("context.json has an unknown key {unknown:?}"));
        }
        let string = |v: Option<&serde_json::Value>, what: &str| {
            v.and_then(|v| v.as_str())
                .map(str::to_owned)
                .ok_or(format!("context.json: `{what}` is missing or not a string"))
        };
        let flag = |key: &str, default: bool| match object.get(key) {
            None => Ok(default),
            Some(v) => v
                .as_bool()
                .ok_or(format!("context.json: `{key}` is not a boolean")),
        };
        let credentials = object.get("credentials");
        let time = parse_timestamp(&string(object.get("timestamp"), "timestamp")?)?;
        Ok(Self {
            access_key_id: string(
                credentials.and_then(|c| c.get("access_key_id")),
                "credentials.access_key_id",
            )?,
            secret_access_key: string(
                credentials.and_then(|c| c.get("secret_access_key")),
                "credentials.secret_access_key",
            )?,
            session_token: match credentials.and_then(|c| c.get("token")) {
                None => None,
                token => Some(string(token, "credentials.token")?),
            },
            region: string(object.get("region"), "region")?,
            service: string(object.get("service"), "service")?,
            time,
            canonical_request_time: time,
            // smithy-rs's defaults for the optional switches.
            normalize: flag("normalize", true)?,
            sign_body: flag("sign_body", true)?,
            omit_session_token: flag("omit_session_token", false)?,
        })
    }

    fn fallback(name: &str) -> Result<Self, String> {
        let f = CONTEXTS_WITHOUT_FILE
            .iter()
            .find(|f| f.case == name)
            .ok_or("context.json is missing and CONTEXTS_WITHOUT_FILE has no entry for it")?;
        Ok(Self {
            access_key_id: f.access_key_id.to_owned(),
            secret_access_key: f.secret_access_key.to_owned(),
            session_token: None,
            region: f.region.to_owned(),
            service: f.service.to_owned(),
            time: parse_timestamp(f.timestamp)?,
            canonical_request_time: parse_timestamp(f.canonical_request_timestamp)?,
            normalize: true,
            sign_body: false,
            omit_session_token: false,
        })
    }

    fn params(&self, time: SystemTime) -> SigningParams<'_> {
        SigningParams {
            access_key_id: &self.access_key_id,
            secret_access_key: &self.secret_access_key,
            session_token: self.session_token.as_deref(),
            region: &self.region,
            service: &self.service,
            time,
            settings: SigningSettings {
                payload_checksum: if self.sign_body {
                    PayloadChecksum::SetHeader
                } else {
                    PayloadChecksum::NoHeader
                },
                normalize_uri_path: self.normalize,
                double_uri_encode: true,
                omit_session_token: self.omit_session_token,
            },
        }
    }
}

/// `YYYY-MM-DDTHH:MM:SSZ` as a [`SystemTime`] (the only form the suite uses).
fn parse_timestamp(text: &str) -> Result<SystemTime, String> {
    let bad = || format!("timestamp {text:?} is not YYYY-MM-DDTHH:MM:SSZ");
    let b = text.as_bytes();
    if b.len() != 20
        || [4, 7].iter().any(|&i| b[i] != b'-')
        || b[10] != b'T'
        || [13, 16].iter().any(|&i| b[i] != b':')
        || b[19] != b'Z'
    {
        return Err(bad());
    }
    let num = |range: std::ops::Range<usize>| -> Result<u64, String> {
        text[range].parse::<u64>().map_err(|_| bad())
    };
    let (year, month, day) = (num(0..4)?, num(5..7)?, num(8..10)?);
    let (hour, minute, second) = (num(11..13)?, num(14..16)?, num(17..19)?);
    if year < 1970 || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return Err(bad());
    }
    // Days since 1970-01-01 (Howard Hinnant's days_from_civil, years from 1970 on).
    let y = if month <= 2 { year - 1 } else { year };
    let era = y / 400;
    let year_of_era = y % 400;
    let shifted_month = (month + 9) % 12; // March = 0
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    let secs = days * 86_400 + hour * 3600 + minute * 60 + second;
    Ok(UNIX_EPOCH + Duration::from_secs(secs))
}

/// A request as written in the suite's `.txt` files.
#[derive(Clone)]
struct RawRequest {
    method: String,
    /// The request target exactly as written (it may contain a literal space).
    target: String,
    /// Names and values as written; a folded value has each line break replaced by one
    /// space, the continuation line's own leading whitespace kept.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl RawRequest {
    fn parse(text: &str) -> Result<Self, String> {
        let (head, body) = match text.split_once("\n\n") {
            Some((head, body)) => (head, body),
            None => (text, ""),
        };
        let mut lines = head.trim_end_matches('\n').split('\n');
        let request_line = lines.next().unwrap_or_default();
        let (method, rest) = request_line
            .split_once(' ')
            .ok_or_else(|| format!("bad request line {request_line:?}"))?;
        // The target may hold spaces; the version, when present, is the last word.
        let target = match rest.rsplit_once(' ') {
            Some((target, version)) if version.starts_with("HTTP/") => target,
            _ => rest,
        };
        let mut headers: Vec<(String, String)> = Vec::new();
        for line in lines {
            if line.starts_with([' ', '\t']) {
                let (_, value) = headers
                    .last_mut()
                    .ok_or_else(|| format!("continuation line {line:?} before any header"))?;
                value.push(' ');
                value.push_str(line);
            } else {
                let (name, value) = line
                    .split_once(':')
                    .filter(|(name, _)| !name.is_empty())
                    .ok_or_else(|| format!("bad header line {line:?}"))?;
                headers.push((name.to_owned(), value.to_owned()));
            }
        }
        Ok(Self {
            method: method.to_owned(),
            target: target.to_owned(),
            headers,
            body: body.as_bytes().to_vec(),
        })
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim())
    }

    /// The request as signing sees it: `https://<Host header><target>`, every header (Host
    /// included) in order, and the body.
    fn to_http_request(&self) -> Result<HttpRequest, String> {
        let host = self
            .header("host")
            .ok_or("request.txt has no Host header")?;
        let mut request = HttpRequest::new(&self.method, format!("https://{host}{}", self.target));
        request.headers.extend(self.headers.iter().cloned());
        request.body.clone_from(&self.body);
        Ok(request)
    }
}

#[test]
fn request_parser_handles_the_suite_forms() {
    let r = RawRequest::parse("GET /example space/ HTTP/1.1\nHost:h\nA: x\n  y\n\tz\n").unwrap();
    assert_eq!(r.method, "GET");
    assert_eq!(r.target, "/example space/");
    assert_eq!(
        r.headers,
        [
            ("Host".to_owned(), "h".to_owned()),
            ("A".to_owned(), " x   y \tz".to_owned())
        ]
    );
    assert!(r.body.is_empty());

    let r = RawRequest::parse("POST /p\nHost:h\nB:1\nB:2\n\nParam1=value1").unwrap();
    assert_eq!(r.target, "/p");
    assert_eq!(r.headers.len(), 3);
    assert_eq!(r.body, b"Param1=value1");

    assert!(RawRequest::parse("GET / HTTP/1.1\n  orphan\n").is_err());
    assert!(RawRequest::parse("GET / HTTP/1.1\nno-colon\n").is_err());
    assert!(RawRequest::parse("GET").is_err());
}

#[test]
fn timestamp_parser() {
    assert_eq!(parse_timestamp("1970-01-01T00:00:00Z").unwrap(), UNIX_EPOCH);
    assert_eq!(
        parse_timestamp("2015-08-30T12:36:00Z").unwrap(),
        UNIX_EPOCH + Duration::from_secs(1_440_938_160)
    );
    assert_eq!(
        parse_timestamp("2021-05-11T15:40:45Z").unwrap(),
        UNIX_EPOCH + Duration::from_secs(1_620_747_645)
    );
    assert_eq!(
        parse_timestamp("2000-03-01T00:00:00Z").unwrap(),
        UNIX_EPOCH + Duration::from_secs(951_868_800)
    );
    assert!(parse_timestamp("2015-08-30 12:36:00Z").is_err());
    assert!(parse_timestamp("2015-13-30T12:36:00Z").is_err());
}
